"""Measure the book and write a Markdown report to .cache/bench/report.md.

    nox -s bench                          everything (ten minutes and more on two cores)
    nox -s bench -- --skip-check          without the whole-check run (quick iterations)
    nox -s bench -- --skip-portability    without the portability run
    nox -s bench -- --skip-lighthouse     without the Lighthouse audits
    .nox/book/bin/python -m tools.bench   the same, outside nox (from the repo root)

What it measures:

1. the whole check, ``python3 -m nox -s lint snippets docs site``, as a contributor
   runs it: wall time, and the time of every executed example (tests/pages.py writes
   them to the file named by ``BOOK_TIMES_JSON``);
2. every example and lab under the numeric environments of ``python -m
   tools.portability`` (other MKL/oneDNN code paths, one thread): how many print their
   page's output exactly, how many within a declared tolerance (and the largest
   movement), how many break, and the wall time; its own report stays in
   .cache/portability/ (report.md, report.json);
3. ``mkdocs build --strict`` of each language alone, once with an empty lab cache (the
   lab notebooks execute) and once with the outputs cached; mkdocs-static-i18n's
   ``build_only_locale`` picks the language. mkdocs.yml is not touched: the build reads
   a copy with that one option added from stdin (``mkdocs build -f -``);
4. the bytes every page of the two-language site transfers on first load, compressed
   as a static host sends them (tools.static_host, tools.pageweight);
5. Lighthouse (mobile preset) on the two home pages, every page of chapter 7 and the
   heaviest section page (most elements) of every other chapter, in both languages;
6. the same figures for a baseline, a plain Material for MkDocs page with MathJax
   (tools/bench_plain/), so that every number can be read as a ratio (book/plain),
   which drifts less than absolute times on a shared machine.

Budgets are marked ✅/❌ in the report and never fail the run; it fails (after writing
the report) only when something is broken: the check fails, an example breaks under
another numeric environment, a build fails, a page does not load or loads from another
host, Lighthouse does not run. Everything it builds goes under .cache/bench/, never
into site/ or .cache/labs/ (the whole check, which is the check exactly as CI runs it,
still builds site/ itself; tools.portability writes its own report to
.cache/portability/). The report's words are in tools/templates/bench.md.j2.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from tools.pageweight import Load, first_load, site_pages
from tools.static_host import serve, transfer_size

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / ".cache" / "bench"
REPORT = OUT / "report.md"
PLAIN_SOURCE = ROOT / "tools" / "bench_plain"
TEMPLATES = ROOT / "tools" / "templates"  # bench.md.j2, the report's words
PORTABILITY = ROOT / ".cache" / "portability"  # where tools.portability writes
BIN = Path(sys.executable).parent  # the book environment (.nox/book/bin); not resolved

CHECK_SESSIONS = ["lint", "snippets", "docs", "site"]
LANGUAGES = ["zh", "en"]
MATHJAX = "mathjax@3.2.2"
LIGHTHOUSE = "lighthouse@12.8.2"
LIGHTHOUSE_DIR = ROOT / ".cache" / "lighthouse"
FULLY_AUDITED_CHAPTER = "attention"  # every page of it; the heaviest section elsewhere
CATEGORIES = {
    "performance": "Performance",
    "accessibility": "Accessibility",
    "best-practices": "Best practices",
    "seo": "SEO",
}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Budgets: checked and marked in the report, never a reason to fail.
CHECK_BUDGET_S = 5 * 60
MEDIAN_EXAMPLE_BUDGET_S = 5.0
SLOWEST_EXAMPLE_BUDGET_S = 10.0
PAGE_BUDGET_BYTES = 300_000  # KB in this report is 1,000 bytes
LIGHTHOUSE_BUDGET = 95

PLAIN_BUILD_RUNS = 3  # the plain build is the yardstick: take the median of a few


class Broken(Exception):
    """Something does not work (as opposed to: is slow). The run fails at the end."""


# ------------------------------------------------------------------------ results


@dataclass
class Check:
    seconds: float
    status: int
    labs_executed: int  # lab notebooks the check had to execute (0 when warm)
    envs_created: int  # nox environments it had to create (0 when warm)
    tail: str  # the end of its output, shown when it failed


@dataclass
class Build:
    seconds: float
    labs_executed: int
    labs_cached: int


@dataclass
class Audit:
    """One Lighthouse run: category scores (0-100) and the metrics we report."""

    scores: dict[str, int]
    fcp_ms: float
    lcp_ms: float
    tbt_ms: float
    total_bytes: float
    losses: dict[str, list[str]]  # category -> audits that cost it points
    cpu_index: float  # Lighthouse's benchmarkIndex of this machine during the run
    warnings: list[str]
    elements: int | None = None  # DOM elements after load (Lighthouse's dom-size)


@dataclass
class Portability:
    """One ``python -m tools.portability`` run, from its report.json."""

    seconds: float  # wall time of the whole run, as timed here
    environments: list[str]
    runs: list[dict]  # example, env, verdict (exact|within|broken), moved, seconds, why


@dataclass
class Results:
    check: Check | None = None
    examples: list[dict] | None = None
    portability: Portability | None = None
    builds: dict[tuple[str, bool], Build] = field(default_factory=dict)
    both: Build | None = None  # both languages, lab outputs cached, as served below
    plain_builds: list[float] = field(default_factory=list)
    loads: list[Load] = field(default_factory=list)
    plain_load: Load | None = None
    audits: dict[str, Audit] = field(default_factory=dict)
    lighthouse_pages: list[str] = field(default_factory=list)
    plain_audit: Audit | None = None
    search_index: int | None = None  # the book's search index, compressed bytes
    chromium: str = ""
    lighthouse: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def plain_build(self) -> float | None:
        return statistics.median(self.plain_builds) if self.plain_builds else None


# ----------------------------------------------------------------------- commands


def run_logged(
    cmd: list[str],
    log: Path,
    *,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    echo=None,
) -> tuple[float, int, str]:
    """Run ``cmd`` from the repo root with its output going to ``log``.

    Returns (wall seconds, exit status, output). ``echo(line)`` decides which lines
    also go to the console, as progress.
    """
    started = time.perf_counter()
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        if stdin is not None:
            proc.stdin.write(stdin)
            proc.stdin.close()
        for line in proc.stdout:
            out.write(line)
            if echo is not None and echo(line):
                print("    " + line.rstrip(), flush=True)
        status = proc.wait()
    return time.perf_counter() - started, status, log.read_text(encoding="utf-8")


def tail(text: str, lines: int = 30) -> str:
    return "\n".join(text.rstrip("\n").split("\n")[-lines:])


# ---------------------------------------------------------------------- the check


def run_check(results: Results) -> None:
    """The default nox sessions, as a contributor runs them, timed end to end."""
    times = OUT / "times.json"
    times.unlink(missing_ok=True)
    env = dict(os.environ, BOOK_TIMES_JSON=str(times))
    # `nox -s bench` names the interpreter that runs nox (the book's has no nox).
    nox_python = os.environ.get("BENCH_NOX_PYTHON", "python3")
    cmd = [nox_python, "-m", "nox", "-s", *CHECK_SESSIONS]
    print(
        f"whole check: nox -s {' '.join(CHECK_SESSIONS)} (log: {rel(OUT / 'check.log')})"
    )
    seconds, status, output = run_logged(
        cmd,
        OUT / "check.log",
        env=env,
        echo=lambda line: (
            line.startswith("nox > Running session") or line.startswith("nox > Session")
        ),
    )
    results.check = Check(
        seconds=seconds,
        status=status,
        labs_executed=len(re.findall(r"lab \S+: executing", output)),
        envs_created=output.count("nox > Creating virtual environment")
        + output.count("(first run: a few minutes)"),
        tail=tail(output),
    )
    if times.exists():
        results.examples = json.loads(times.read_text(encoding="utf-8"))
    if status != 0:
        raise Broken(f"the check failed (exit {status}); see {rel(OUT / 'check.log')}")
    if results.examples is None:
        raise Broken(
            f"the check ran no examples, or tests/pages.py did not write {rel(times)}"
        )


# ------------------------------------------------------------------- portability


def run_portability(results: Results) -> None:
    """Every example and lab under tools.portability's numeric environments."""
    data = PORTABILITY / "report.json"
    data.unlink(missing_ok=True)  # so that a run that writes none is not read stale
    log = OUT / "portability.log"
    print(f"portability: python -m tools.portability (log: {rel(log)})")
    seconds, status, output = run_logged(
        [str(BIN / "python"), "-m", "tools.portability"],
        log,
        echo=lambda line: line.startswith("portability:"),
    )
    if data.exists():
        report = json.loads(data.read_text(encoding="utf-8"))
        results.portability = Portability(
            seconds=seconds,
            environments=report["environments"],
            runs=report["runs"],
        )
    if status != 0:
        # its last line: "portability: N passed, N failed"
        last = [line for line in output.split("\n") if line.startswith("portability:")]
        what = last[-1].removeprefix("portability:").strip() if last else "failed"
        see = PORTABILITY / "report.md" if results.portability else log
        raise Broken(f"{what} (exit {status}); see {rel(see)}")
    if results.portability is None:
        raise Broken(f"tools.portability did not write {rel(data)}")


# ------------------------------------------------------------------------- builds


I18N_ENTRY = re.compile(r"^[ \t]*- i18n:[ \t]*\n(?P<indent>[ \t]+)(?=\S)", re.M)


def one_language_config(locale: str) -> str:
    """mkdocs.yml with ``build_only_locale: <locale>`` added to the i18n plugin."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = I18N_ENTRY.search(text)
    if match is None:
        raise Broken("mkdocs.yml has no `- i18n:` plugin entry with options")
    at = match.start("indent")
    return f"{text[:at]}{match['indent']}build_only_locale: {locale}\n{text[at:]}"


def mkdocs_build(
    name: str,
    dest: Path,
    *,
    config: Path | None = None,
    config_text: str | None = None,
    env: dict[str, str] | None = None,
) -> tuple[float, str]:
    """``mkdocs build --strict`` into ``dest``; returns (seconds, its output)."""
    cmd = [str(BIN / "mkdocs"), "build", "--strict", "-d", str(dest)]
    cmd += [
        "-f",
        "-" if config_text is not None else str(config or ROOT / "mkdocs.yml"),
    ]
    log = OUT / f"build-{name}.log"
    seconds, status, output = run_logged(
        cmd, log, env=dict(os.environ, **(env or {})), stdin=config_text
    )
    if status != 0:
        raise Broken(f"mkdocs build failed (exit {status}); see {rel(log)}")
    print(f"build {name}: {seconds:.1f} s")
    return seconds, output


def book_build(
    name: str,
    dest: Path,
    labs: Path,
    *,
    locale: str | None = None,
    cold: bool = False,
    site_url: str | None = None,
) -> Build:
    """Build the book (one language, or both) with its own lab cache ``labs``."""
    if cold:  # an empty cache: hooks/labs.py executes the lab notebooks
        shutil.rmtree(labs, ignore_errors=True)
    labs.mkdir(parents=True, exist_ok=True)
    env = {"BOOK_LABS_CACHE": str(labs)}
    if site_url:
        env["SITE_URL"] = site_url
    seconds, output = mkdocs_build(
        name,
        dest,
        config_text=one_language_config(locale) if locale else None,
        env=env,
    )
    return Build(
        seconds=seconds,
        labs_executed=len(re.findall(r"lab \S+: executing", output)),
        labs_cached=len(re.findall(r"lab \S+: outputs from cache", output)),
    )


def fetch_mathjax() -> Path:
    """The MathJax npm package, fetched once into .cache/bench/ with ``npm pack``."""
    name, version = MATHJAX.split("@")
    tarball = OUT / f"{name}-{version}.tgz"
    if not tarball.exists():
        done = subprocess.run(
            ["npm", "pack", "--silent", MATHJAX],
            cwd=OUT,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0 or not tarball.exists():
            raise Broken(f"npm pack {MATHJAX} failed:\n{done.stderr.strip()}")
    return tarball


def plain_site_source() -> Path:
    """A copy of tools/bench_plain/ with MathJax in docs/javascripts/mathjax/.

    MathJax finds its fonts next to its own script: <script dir>/output/chtml/fonts/.
    """
    source = OUT / "plain-src"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(PLAIN_SOURCE, source)
    target = source / "docs" / "javascripts" / "mathjax"
    fonts = "package/es5/output/chtml/fonts/woff-v2/"
    with tarfile.open(fetch_mathjax()) as tar:
        for member in tar.getmembers():
            wanted = member.name == "package/es5/tex-mml-chtml.js" or (
                member.name.startswith(fonts) and member.isfile()
            )
            if wanted:
                path = target / member.name.removeprefix("package/es5/")
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(tar.extractfile(member).read())
    return source


def plain_build(results: Results, dest: Path, site_url: str) -> None:
    config = plain_site_source() / "mkdocs.yml"
    for run in range(1, PLAIN_BUILD_RUNS + 1):
        seconds, _ = mkdocs_build(
            f"plain-{run}", dest, config=config, env={"SITE_URL": site_url}
        )
        results.plain_builds.append(seconds)


# -------------------------------------------------------------------- page weight


def page_weights(
    results: Results, site: Path, book_url: str, plain_url: str | None
) -> None:
    """Every page's first load in a fresh Chromium context, compressed bytes.

    ``first_load`` waits until the fonts are ready and the network is quiet again, so
    the fonts a page asks for after typesetting are counted.
    """
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    def once(base_url: str, path: str) -> Load:
        try:
            result = first_load(browser, base_url, path)
        except PlaywrightError as exc:
            raise Broken(f"/{path} did not load: {exc}") from None
        if result.failed or result.outside:
            raise Broken(
                f"/{path}: failed requests {result.failed}, "
                f"requests to other hosts {result.outside}"
            )
        return result

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROME_FLAGS)
        try:
            results.chromium = browser.version
            for path in site_pages(site):
                results.loads.append(once(book_url, path))
            print(f"page weight: {len(results.loads)} pages")
            if plain_url:
                results.plain_load = once(plain_url, "")
        finally:
            browser.close()
    # The book defers its search index until a reader opens the search: say what
    # that costs, since no first load includes it.
    index = site / "search" / "search_index.json"
    fetched = {url for load in results.loads for url in load.by_url}
    if index.exists() and "search/search_index.json" not in fetched:
        results.search_index = transfer_size(index)


# --------------------------------------------------------------------- lighthouse


def lighthouse_bin() -> Path:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print(f"installing {LIGHTHOUSE} into {rel(LIGHTHOUSE_DIR)}")
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(LIGHTHOUSE_DIR),
                "--no-audit",
                "--no-fund",
                LIGHTHOUSE,
            ],
            check=True,
        )
    return binary


def lighthouse(results: Results, url: str, name: str) -> Audit:
    """One Lighthouse run (mobile preset, its default); one retry if it does not run."""
    report = OUT / "lighthouse" / f"{name}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        str(lighthouse_bin()),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=" + " ".join(["--headless=new", *CHROME_FLAGS]),
    ]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    problem = ""
    for _attempt in range(2):
        report.unlink(missing_ok=True)
        done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode == 0 and report.exists():
            data = json.loads(report.read_text(encoding="utf-8"))
            error = data.get("runtimeError")
            scores = {k: data["categories"][k]["score"] for k in CATEGORIES}
            if not error and None not in scores.values():
                break
            problem = f"{error or 'a category has no score'}"
        else:
            problem = f"exit {done.returncode}: {tail(done.stderr, 10)}"
    else:
        raise Broken(f"Lighthouse on {url}: {problem}")
    results.lighthouse = data.get("lighthouseVersion", "")
    audits = data["audits"]
    losses = {}
    for key in CATEGORIES:
        refs = data["categories"][key]["auditRefs"]
        # Audits that count towards the score and did not get full marks, heaviest
        # first: what a reader of the report would fix.
        lost = [
            ref
            for ref in refs
            if ref["weight"] > 0 and (audits[ref["id"]].get("score") or 0) < 1
        ]
        lost.sort(key=lambda ref: -ref["weight"])
        losses[key] = [ref["id"] for ref in lost]
    audit = Audit(
        scores={k: round(v * 100) for k, v in scores.items()},
        fcp_ms=audits["first-contentful-paint"]["numericValue"],
        lcp_ms=audits["largest-contentful-paint"]["numericValue"],
        tbt_ms=audits["total-blocking-time"]["numericValue"],
        total_bytes=audits["total-byte-weight"]["numericValue"],
        losses=losses,
        cpu_index=data.get("environment", {}).get("benchmarkIndex", 0),
        warnings=data.get("runWarnings", []),
        elements=dom_elements(audits),
    )
    print(
        f"lighthouse {name}: " + ", ".join(f"{k} {v}" for k, v in audit.scores.items())
    )
    return audit


def dom_elements(audits: dict) -> int | None:
    """Element count of the loaded page, from whichever DOM-size audit this version has."""
    for key in ("dom-size", "dom-size-insight"):
        value = audits.get(key, {}).get("numericValue")
        if value:
            return int(value)
    return None


def static_elements(page: Path) -> int:
    """Start tags in a built page (before any script runs): a cheap weight ranking."""
    return len(re.findall(r"<[a-zA-Z]", page.read_text(encoding="utf-8")))


def lighthouse_pages(site: Path) -> list[str]:
    """The pages to audit: the homes, all of chapter 7, the heaviest section elsewhere.

    A chapter is a folder of the built site with a ``questions/`` page (its last
    section); its labs are notebooks, audited for chapter 7 only.
    """
    chosen = []
    for prefix in ("", "en/"):
        base = site / prefix
        chosen.append(prefix)
        chapters = sorted(
            d.name for d in base.iterdir() if (d / "questions" / "index.html").exists()
        )
        for chapter in chapters:
            pages = sorted(
                p.parent.relative_to(site).as_posix() + "/"
                for p in (base / chapter).glob("*/index.html")
            )
            if chapter == FULLY_AUDITED_CHAPTER:
                chosen += [f"{prefix}{chapter}/", *pages]
                continue
            sections = [p for p in pages if not p.endswith(("/lab/", "/questions/"))]
            chosen.append(
                max(sections, key=lambda p: static_elements(site / p / "index.html"))
            )
    return chosen


def audit_titles() -> dict[str, str]:
    """Audit id -> title, from the Lighthouse reports written in this run."""
    titles = {}
    for report in (OUT / "lighthouse").glob("*.json"):
        with contextlib.suppress(ValueError, KeyError):
            data = json.loads(report.read_text(encoding="utf-8"))
            titles.update({k: v["title"] for k, v in data["audits"].items()})
    return titles


# ------------------------------------------------------------------------- report


def rel(path: Path) -> str:
    with contextlib.suppress(ValueError):
        return path.relative_to(ROOT).as_posix()
    return str(path)


def secs(seconds: float | None) -> str:
    if seconds is None:
        return "not measured"
    if seconds < 60:
        return f"{seconds:.1f} s" if seconds >= 1 else f"{seconds:.2f} s"
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest:02d} s"


def kb(size: float | None) -> str:
    return "—" if size is None else f"{size / 1000:,.1f} KB"


def ratio(book: float | None, plain: float | None) -> str:
    """book/plain, or how many plain builds a time is; "—" when there is no plain."""
    if book is None or not plain:
        return "—"
    value = book / plain
    return (
        f"{value:.2f}"
        if value < 10
        else f"{value:.1f}"
        if value < 100
        else f"{value:.0f}"
    )


def mark(ok: bool | None) -> str:
    return "not measured" if ok is None else "✅" if ok else "❌"


def page_url(path: str) -> str:
    return "/" + path


def versions() -> str:
    parts = []
    for dist in ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "mkdocs-jupyter"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            parts.append(f"{dist} {importlib.metadata.version(dist)}")
    return ", ".join(parts)


def render(results: Results, args: argparse.Namespace, started: str) -> str:
    """The report: the figures worked out here, the words in templates/bench.md.j2."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    r = results
    times = sorted(e["seconds"] for e in r.examples or [])
    median = statistics.median(times) if times else None
    slowest = times[-1] if times else None
    over = [load for load in r.loads if load.bytes > PAGE_BUDGET_BYTES]
    below = [
        (path, CATEGORIES[key], score)
        for path, audit in r.audits.items()
        for key, score in audit.scores.items()
        if score < LIGHTHOUSE_BUDGET
    ]
    portability = portability_figures(r.portability)
    # None: not measured (the report says so instead of ✅/❌).
    ok = {
        "check": None if r.check is None else r.check.seconds <= CHECK_BUDGET_S,
        "examples": None if not times else median <= MEDIAN_EXAMPLE_BUDGET_S,
        "slowest": None if not times else slowest <= SLOWEST_EXAMPLE_BUDGET_S,
        "portability": None if portability is None else portability["broken"] == 0,
        "pages": None if not r.loads else not over,
        "lighthouse": None
        if not r.audits
        else not below and r.audits and len(r.audits) == len(r.lighthouse_pages),
    }
    # Lighthouse: what costs points where a category is below budget, the plain page
    # (path None) included, to tell the book's own losses from Material's.
    audited = list(r.audits.items())
    if r.plain_audit is not None:
        audited.append((None, r.plain_audit))
    losing: dict[tuple[str, str], list[str | None]] = {}
    for path, audit in audited:
        for key, score in audit.scores.items():
            if score < LIGHTHOUSE_BUDGET:
                for audit_id in audit.losses[key]:
                    losing.setdefault((key, audit_id), []).append(path)
    titles = audit_titles() if losing else {}

    templates = Environment(
        loader=FileSystemLoader(TEMPLATES),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    templates.filters.update(
        secs=secs, kb=kb, ratio=ratio, mark=mark, page_url=page_url
    )
    return templates.get_template("bench.md.j2").render(
        r=r,
        started=started,
        cpus=os.cpu_count(),
        load=os.getloadavg()[0],
        python=platform.python_version(),
        versions=versions(),
        plain=r.plain_build,
        plain_bytes=r.plain_load.bytes if r.plain_load else None,
        plain_source=rel(PLAIN_SOURCE),
        mathjax=MATHJAX,
        plain_build_runs=PLAIN_BUILD_RUNS,
        check_budget_s=CHECK_BUDGET_S,
        median_example_budget_s=MEDIAN_EXAMPLE_BUDGET_S,
        slowest_example_budget_s=SLOWEST_EXAMPLE_BUDGET_S,
        page_budget_bytes=PAGE_BUDGET_BYTES,
        lighthouse_budget=LIGHTHOUSE_BUDGET,
        lighthouse_pages=r.lighthouse_pages,
        check_sessions=CHECK_SESSIONS,
        languages=LANGUAGES,
        categories=CATEGORIES,
        ok=ok,
        times=times,
        median=median,
        slowest=slowest,
        slowest_examples=sorted(r.examples or [], key=lambda e: -e["seconds"])[:10],
        check_log=rel(OUT / "check.log"),
        portability=portability,
        portability_report=rel(PORTABILITY / "report.md"),
        skip_portability=args.skip_portability,
        loads=sorted(r.loads, key=lambda load: -load.bytes),
        heaviest=max(r.loads, key=lambda load: load.bytes, default=None),
        over=over,
        skip_lighthouse=args.skip_lighthouse,
        below=below,
        missing=[path for path in r.lighthouse_pages if path not in r.audits],
        warned=sorted(
            {" ".join(w.split()) for _, audit in audited for w in audit.warnings}
        ),
        losing=[
            {
                "category": key,
                "audit": audit_id,
                "title": titles.get(audit_id, audit_id),
                "pages": paths,
            }
            for (key, audit_id), paths in losing.items()
        ],
        lighthouse_reports=rel(OUT / "lighthouse"),
    )


def portability_figures(portability: Portability | None) -> dict | None:
    """Counts from tools.portability's report.json, for the report."""
    if portability is None:
        return None
    runs = portability.runs
    verdicts = {
        verdict: [run for run in runs if run["verdict"] == verdict]
        for verdict in ("exact", "within", "broken")
    }
    return {
        "environments": portability.environments,
        "examples": len({run["example"] for run in runs}),
        "runs": len(runs),
        "exact": len(verdicts["exact"]),
        "within": len(verdicts["within"]),
        "broken": len(verdicts["broken"]),
        "largest": max(verdicts["within"], key=lambda run: run["moved"], default=None),
        # example -> the environments it broke under
        "broken_examples": {
            example: [
                run["env"] for run in verdicts["broken"] if run["example"] == example
            ]
            for example in dict.fromkeys(run["example"] for run in verdicts["broken"])
        },
        "seconds": portability.seconds,
    }


# --------------------------------------------------------------------------- main


def attempt(results: Results, what: str, step, *args, **kwargs):
    """Run one step; a Broken step is recorded and the run goes on without it."""
    try:
        return step(*args, **kwargs)
    except Broken as exc:
        print(f"BROKEN: {what}: {exc}", flush=True)
        results.problems.append(f"{what}: {exc}")
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--skip-check",
        action="store_true",
        help="do not run (and time) the whole check",
    )
    parser.add_argument(
        "--skip-portability",
        action="store_true",
        help="do not run the examples under other numeric environments "
        "(python -m tools.portability)",
    )
    parser.add_argument(
        "--skip-lighthouse", action="store_true", help="do not run Lighthouse"
    )
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    OUT.mkdir(parents=True, exist_ok=True)
    # What `nox -s bench` sets anyway; for runs outside nox.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    started = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    results = Results()

    if not args.skip_check:
        attempt(results, "whole check", run_check, results)
    if not args.skip_portability:
        attempt(results, "portability", run_portability, results)

    labs = OUT / "labs-cold"  # emptied before each cold build, then warm
    site = OUT / "site-both"
    plain_site = OUT / "site-plain"
    # Serve first, so that both sites are built with SITE_URL set to the address
    # they are served from (canonical links and the sitemap then match the host).
    with serve(site) as book_url, serve(plain_site) as plain_url:
        attempt(
            results, "plain page build", plain_build, results, plain_site, plain_url
        )
        for locale in LANGUAGES:
            for cold in (True, False):
                name = f"{locale}-{'cold' if cold else 'warm'}"
                build = attempt(
                    results,
                    f"build {name}",
                    book_build,
                    name,
                    OUT / f"site-{name}",
                    labs,
                    locale=locale,
                    cold=cold,
                )
                if build is not None:
                    results.builds[(locale, cold)] = build
        results.both = attempt(
            results,
            "build zh + en",
            book_build,
            "both",
            site,
            labs,
            site_url=book_url,
        )
        plain_ok = bool(results.plain_builds)
        if results.both is not None:
            attempt(
                results,
                "page weight",
                page_weights,
                results,
                site,
                book_url,
                plain_url if plain_ok else None,
            )
            if not args.skip_lighthouse:
                results.lighthouse_pages = lighthouse_pages(site)
                for path in results.lighthouse_pages:
                    name = "book-" + (path.strip("/").replace("/", "-") or "home")
                    audit = attempt(
                        results,
                        f"Lighthouse /{path}",
                        lighthouse,
                        results,
                        book_url + path,
                        name,
                    )
                    if audit is not None:
                        results.audits[path] = audit
        if plain_ok and not args.skip_lighthouse:
            results.plain_audit = attempt(
                results,
                "Lighthouse plain page",
                lighthouse,
                results,
                plain_url,
                "plain",
            )

    report = render(results, args, started)
    REPORT.write_text(report, encoding="utf-8")
    print("\n" + report.rstrip("\n"))
    print(f"\nreport: {rel(REPORT)}")
    return 1 if results.problems else 0


if __name__ == "__main__":
    sys.exit(main())
