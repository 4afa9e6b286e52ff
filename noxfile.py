"""Every command a contributor or CI needs.

    nox              run every check (lint, snippets, docs, site), as CI does
    nox -s serve     serve the site at http://127.0.0.1:8000 (zh at /, en at /en/)
    nox -s check -- snippets/ch07/sdpa_tf.py   only the blocks a change touches
    nox -s snippets  run the examples on every page, each in its own fresh process
    nox -s snippets -- --shard 2/4   the second of four balanced parts (CI's matrix)
    nox -s portability   every example and lab under four numeric environments
    nox -s portability -- snippets/ch03/imbalance_torch.py   one example
    nox -s docs      strict build of both languages, then link and search checks
    nox -s site      build, then check pages in headless Chromium (switcher, tabs, search)
    nox -s lint      ruff check and ruff format --check
    nox -s bench     measure the book against a plain page (.cache/bench/report.md)
    nox -s diagrams  draw the Mermaid diagrams into diagrams/*.svg (after editing one)

The heavy sessions (snippets, docs, site, serve) share ONE environment, .nox/book
(TensorFlow + PyTorch + the docs stack, about 3 GB), created on first use and reinstalled
only when requirements/book.txt changes. Pass `-- --update-outputs` to `snippets` to
rewrite .out files from what the examples really print.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sys
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"  # pip reads this machine's config (CPU torch)
nox.options.reuse_venv = "yes"
nox.options.sessions = ["lint", "snippets", "docs", "site"]

ROOT = Path(__file__).resolve().parent
BOOK_ENV = ROOT / ".nox" / "book"
REQUIREMENTS = ROOT / "requirements" / "book.txt"
STAMP = BOOK_ENV / ".requirements.sha256"
ENV = {
    "TF_CPP_MIN_LOG_LEVEL": "2",  # no TensorFlow start-up notices in the output
    "NO_MKDOCS_2_WARNING": "1",  # Material 9.8's end-of-life banner
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "Agg",
    "PYDEVD_DISABLE_FILE_VALIDATION": "1",
}


def book_env(session: nox.Session) -> Path:
    """Create or update the shared environment; return its bin folder."""
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    python = BOOK_ENV / "bin" / "python"
    if not python.exists():
        session.log(f"creating {BOOK_ENV.relative_to(ROOT)} (first run: a few minutes)")
        session.run(sys.executable, "-m", "venv", str(BOOK_ENV), external=True)
    if not STAMP.exists() or STAMP.read_text().strip() != wanted:
        session.run(
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            str(REQUIREMENTS),
            external=True,
        )
        STAMP.write_text(wanted + "\n")
    else:
        session.log(
            f"{BOOK_ENV.relative_to(ROOT)} is up to date with {REQUIREMENTS.name}"
        )
    return BOOK_ENV / "bin"


def run(session: nox.Session, bin_dir: Path, tool: str, *args: str) -> None:
    session.run(str(bin_dir / tool), *args, external=True, env=ENV)


def build(session: nox.Session, bin_dir: Path) -> None:
    run(session, bin_dir, "mkdocs", "build", "--strict")


@nox.session(venv_backend="none")
def snippets(session: nox.Session) -> None:
    """Run every example on every page, as rendered; plus the structural tests.

    Each block runs in a fresh process, one per core at a time. Options go to pytest:
    ``--shard K/N`` runs one of N parts balanced by tests/block_times.json,
    ``--update-outputs`` rewrites .out files, ``--record-times`` refreshes the times.
    """
    bin_dir = book_env(session)
    paths = [arg for arg in session.posargs if not arg.startswith("-")]
    args = session.posargs if paths else ["docs", "tests", *session.posargs]
    run(
        session,
        bin_dir,
        "pytest",
        *args,
        "--ignore=tests/browser",
        "--ignore=tests/test_site.py",
        "--timeout=300",
        "--durations=10",
    )


@nox.session(venv_backend="none")
def portability(session: nox.Session) -> None:
    """Every example and lab, fresh, offline, under four numeric environments.

    The default ``python file.py``, MKL's compatible and AVX2 code paths (with oneDNN
    capped at AVX2), and one thread: stand-ins for other readers' CPUs. Fails if an
    assert breaks or a number moves beyond what its example declares; writes
    .cache/portability/report.md. ``nox -s portability -- snippets/ch03/x_torch.py``
    checks one example (or pass pages and folders).
    """
    bin_dir = book_env(session)
    env = dict(ENV, PYTHONPATH=str(ROOT))
    env.pop("PYTHONHASHSEED")  # a reader's interpreter hashes at random
    session.run(
        str(bin_dir / "python"),
        "-m",
        "tools.portability",
        *session.posargs,
        external=True,
        env=env,
    )


@nox.session(venv_backend="none")
def check(session: nox.Session) -> None:
    """Check what a change touches: `nox -s check -- snippets/ch07/sdpa_tf.py`.

    Runs the blocks that show the given snippet files, or every block of the given
    pages or folders, on both language versions, plus the structure tests. A block
    whose code, expected output and pinned requirements are exactly those of an
    earlier pass is skipped and said so (`nox -s snippets` runs everything).
    """
    if not session.posargs:
        session.error("name the files you changed: nox -s check -- snippets/ch07/x.py")
    bin_dir = book_env(session)
    touching = [arg for path in session.posargs for arg in ("--touching", path)]
    run(
        session,
        bin_dir,
        "pytest",
        "docs",
        "tests/test_structure.py",
        *touching,
        "--reuse-passed",
        "-q",
    )


@nox.session(venv_backend="none")
def docs(session: nox.Session) -> None:
    """Strict build of both languages; then links, anchors, outside requests, search."""
    bin_dir = book_env(session)
    build(session, bin_dir)
    run(
        session,
        bin_dir,
        "pytest",
        "tests/test_site.py",
        "--site",
        "site",
        *session.posargs,
    )


@nox.session(venv_backend="none")
def site(session: nox.Session) -> None:
    """Build, then open pages of both languages in headless Chromium."""
    bin_dir = book_env(session)
    chromium = find_chromium(session)
    build(session, bin_dir)
    env = dict(ENV, CHROMIUM=chromium)
    session.run(
        str(bin_dir / "pytest"),
        "tests/browser",
        "--site",
        "site",
        *session.posargs,
        external=True,
        env=env,
    )


@nox.session(venv_backend="none")
def serve(session: nox.Session) -> None:
    """Serve the site with live reload at http://127.0.0.1:8000."""
    bin_dir = book_env(session)
    run(
        session,
        bin_dir,
        "mkdocs",
        "serve",
        "--dev-addr",
        "127.0.0.1:8000",
        *session.posargs,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """ruff: lint rules and formatting of the snippets, tests, hooks and noxfile;
    zizmor: the GitHub workflow and Dependabot configuration (offline audits only)."""
    session.install("-r", "requirements/lint.txt")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("zizmor", "--offline", ".github")


@nox.session(venv_backend="none")
def vendor(session: nox.Session) -> None:
    """Refresh the pinned Temml, STIX Two Math and Mermaid (needs npm); not a check.

    Temml's stylesheet (docs/assets/vendor/temml) is all readers get of it; its script
    and Mermaid's stay in tools/vendor/ and run at build time (hooks/math.py) or when a
    contributor draws diagrams (nox -s diagrams). The math font is kept whole in
    tools/vendor/stix-two-math/; each build cuts it to the formulas' characters.
    """
    temml, stix, mermaid = (
        "temml@0.13.5",
        "@fontsource/stix-two-math@5.3.0",
        "mermaid@11.12.0",
    )
    tmp = Path(session.create_tmp()).resolve()
    with session.chdir(tmp):
        session.run("npm", "pack", "--silent", temml, stix, mermaid, external=True)
        for tarball in tmp.glob("*.tgz"):
            folder = tmp / tarball.name.rsplit("-", 1)[0]
            folder.mkdir(exist_ok=True)
            session.run("tar", "xzf", str(tarball), "-C", str(folder), external=True)
    site = ROOT / "docs" / "assets" / "vendor" / "temml"
    tools = ROOT / "tools" / "vendor"
    folders = (site, tools / "temml", tools / "stix-two-math", tools / "mermaid")
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    package = tmp / "temml" / "package"
    for name in ("Temml-Local.css", "Temml.woff2"):
        shutil.copy(package / "dist" / name, site)
    shutil.copy(package / "dist" / "temml.min.js", tools / "temml")
    for folder in (site, tools / "temml"):
        shutil.copy(package / "LICENSE", folder)
    package = tmp / "fontsource-stix-two-math" / "package"
    shutil.copy(package / "files" / "stix-two-math-latin-400-normal.woff", folders[2])
    shutil.copy(package / "LICENSE", folders[2])
    package = tmp / "mermaid" / "package"
    shutil.copy(package / "dist" / "mermaid.min.js", tools / "mermaid")
    shutil.copy(package / "LICENSE", tools / "mermaid")


@nox.session(venv_backend="none")
def diagrams(session: nox.Session) -> None:
    """Draw the Mermaid diagrams of every page into diagrams/*.svg (needs Chromium).

    Run it after adding or editing a ```mermaid fence, then commit the SVG files.
    """
    bin_dir = book_env(session)
    env = dict(ENV, CHROMIUM=find_chromium(session), PYTHONPATH=str(ROOT))
    session.run(
        str(bin_dir / "python"),
        "-m",
        "tools.diagrams",
        *session.posargs,
        external=True,
        env=env,
    )


def find_chromium(session: nox.Session) -> str:
    """Debian's Chromium (never a browser download); installed with apt when root."""
    for candidate in (
        os.environ.get("CHROMIUM"),
        "/usr/bin/chromium",
        shutil.which("chromium"),
    ):
        if candidate and Path(candidate).exists():
            return candidate
    if os.geteuid() == 0 and shutil.which("apt-get"):
        session.log("installing Debian's chromium and fonts-noto-cjk (CJK glyphs)")
        session.run("apt-get", "update", "-qq", external=True)
        session.run(
            "apt-get",
            "install",
            "-y",
            "-qq",
            "--no-install-recommends",
            "chromium",
            "fonts-noto-cjk",
            external=True,
            env={"DEBIAN_FRONTEND": "noninteractive"},
        )
        return "/usr/bin/chromium"
    session.error(
        "the browser checks need Chromium and CJK fonts. On Debian/Ubuntu: "
        "sudo apt-get install chromium fonts-noto-cjk  (or set CHROMIUM=/path/to/chromium)"
    )


@nox.session(venv_backend="none")
def bench(session: nox.Session) -> None:
    """Measure the book against a plain Material page; report in .cache/bench/report.md.

    `nox -s bench -- --skip-check --skip-portability --skip-lighthouse` leaves out
    the slow parts. Budgets
    are marked in the report; the session fails only when something is broken.
    """
    bin_dir = book_env(session)
    chromium = find_chromium(session)
    # BENCH_NOX_PYTHON: the interpreter running nox, to time the whole check with.
    env = dict(ENV, CHROMIUM=chromium, BENCH_NOX_PYTHON=sys.executable)
    session.run(
        str(bin_dir / "python"),
        "-m",
        "tools.bench",
        *session.posargs,
        external=True,
        env=env,
    )
