"""pytest plugin: every page is a test file; every Python block on it is a test.

The page is tested as it is rendered, not as it is written:

1. Each ``docs/**/*.md`` page is expanded with the ``pymdownx.snippets`` settings of
   ``mkdocs.yml`` (the same preprocessor the site uses), so the code executed is byte
   for byte the code a reader sees and copies.
2. The expanded Markdown goes to pytest-codeblocks' own block extraction, so its
   markers work: ``<!--pytest-codeblocks:expected-output-->``, ``...:cont``,
   ``...:importorskip(mod)``, ``<!--pytest.mark.skip(reason="...")-->``.
3. This plugin runs the blocks itself, each as a reader runs it: ``python file.py`` in a
   fresh interpreter state from an empty folder (a child of the fork server in
   tests/runner.py), several at once, one per core. pytest-codeblocks would exec them in
   the test process, with ``__MODULE__`` instead of ``__name__``, and report failures
   without the file or the line. Here a failure names the page, the snippet file and the
   line in that file. An example may declare ``# book: tolerance ±x``; its numbers are
   then compared within x (tests/outputs.py).

Rules for contributors (checked at collection, each with a message that says what to
do): a code fence on a page is an include of a file in ``snippets/``, never pasted code;
its info string is one the book knows (``python``, ``text`` or ``mermaid``, with
``title=`` at most), because pytest-codeblocks would silently skip anything else.

Blocks whose code (and expected output) is identical on several pages, as on the zh and
en versions of a chapter, run once.

A block whose code contains the comment ``# book: run in a fresh process`` is not forked
but started as a new interpreter, ``python file.py`` itself: for examples that start
worker processes (spawn re-imports the script).

Options: ``--update-outputs`` rewrites an example's ``.out`` file from what it printed;
``--reuse-passed`` skips blocks whose code, expected output and pins already passed
(``nox -s check`` uses it).
With ``BOOK_TIMES_JSON=path`` set, each executed block's time is written there as JSON
(``nox -s bench`` reads it).
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import io
import json
import os
import re
import shlex
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.outputs import Tolerance, compare_outputs, declared_tolerance  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent  # replaced by pytest's rootdir

INCLUDE = re.compile(r'^(?P<indent>[ \t]*)--8<--[ \t]+"(?P<path>[^"]+)"[ \t]*$')
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<ticks>`{3,}|~{3,})(?P<info>.*)$")
KNOWN_FENCES = {"python", "text", "mermaid"}
INLINE_ALLOWED = {"mermaid"}  # diagrams are not code a reader runs
KNOWN_ATTRIBUTES = {"title"}

# Filled while the page tests run: snippet path -> the global ``result`` it left.
# tests/test_parity.py reads it to compare TensorFlow and PyTorch results without
# running the examples a second time.
RESULTS: dict[str, object] = {}
DURATIONS: dict[str, float] = {}
# A block whose code holds this comment runs as its own script (see BlockItem).
FRESH_PROCESS = "# book: run in a fresh process"
REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements" / "book.txt"


class PassRecord:
    """Blocks that passed, by a hash of their code, expected output and the pins.

    Every run adds to it; only ``--reuse-passed`` (``nox -s check``) reads it, so a
    contributor who edited prose does not wait for examples that cannot have changed.
    CI starts without ``.cache/`` and runs everything.
    """

    def __init__(self, path: Path):
        self.path = path
        self._keys: set[str] | None = None

    @property
    def keys(self) -> set[str]:
        if self._keys is None:
            try:
                self._keys = set(json.loads(self.path.read_text()))
            except (OSError, ValueError):
                self._keys = set()
        return self._keys

    def add(self, key: str) -> None:
        self.keys.add(key)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(sorted(self.keys)))


PASSED = PassRecord(REQUIREMENTS.parent.parent / ".cache" / "blocks" / "passed.json")


class PageError(Exception):
    """A page breaks one of the book's rules; the message says which and where."""


# --------------------------------------------------------------------------- expansion


@dataclass
class Origin:
    path: str  # relative to the repository root
    line: int  # 1-based

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class ExpandedPage:
    path: Path
    lines: list[str]
    origins: list[Origin]

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def rel(path: Path | str) -> str:
    path = Path(path).resolve()
    try:
        return path.relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


class Expander:
    """Expands ``--8<--`` lines with the site's own pymdownx.snippets settings."""

    def __init__(self, mkdocs_yml: Path):
        from mkdocs.config import load_config

        with contextlib.redirect_stderr(io.StringIO()):
            config = load_config(str(mkdocs_yml))
        self.root = mkdocs_yml.resolve().parent
        self.docs_dir = Path(config.docs_dir)
        options = dict(config.mdx_configs.get("pymdownx.snippets", {}))
        options["base_path"] = [
            str((self.root / p).resolve()) for p in options.get("base_path", ["."])
        ]
        options["check_paths"] = True
        self.options = options

    def _preprocessor(self):
        import markdown

        md = markdown.Markdown(
            extensions=["pymdownx.snippets"],
            extension_configs={"pymdownx.snippets": self.options},
        )
        return md.preprocessors["snippet"]

    def resolve(self, name: str) -> Path | None:
        for base in self.options["base_path"]:
            candidate = Path(base) / name.split(":")[0]
            if candidate.is_file():
                return candidate
        return None

    def expand(self, page: Path) -> ExpandedPage:
        raw = page.read_text(encoding="utf-8").split("\n")
        if raw and raw[-1] == "":
            raw.pop()
        lines: list[str] = []
        origins: list[Origin] = []
        page_rel = rel(page)
        for number, line in enumerate(raw, start=1):
            match = INCLUDE.match(line)
            if not match:
                lines.append(line)
                origins.append(Origin(page_rel, number))
                continue
            name = match["path"]
            target = self.resolve(name)
            if target is None:
                raise PageError(
                    f"{page_rel}:{number}: the include {name!r} points nowhere.\n"
                    f"  Create the file, or fix the path (paths are relative to the "
                    f'repository root, e.g. "snippets/ch07/sdpa_tf.py").'
                )
            try:
                expanded = self._preprocessor().run([line])
            except Exception as exc:  # SnippetMissingError and friends
                raise PageError(f"{page_rel}:{number}: {exc}") from None
            lines.extend(expanded)
            origins.extend(_map_lines(expanded, target, match["indent"]))
        return ExpandedPage(page, lines, origins)


def _map_lines(expanded: list[str], target: Path, indent: str) -> list[Origin]:
    """Find the file line each expanded line came from (marker lines are dropped)."""
    source = target.read_text(encoding="utf-8").split("\n")
    target_rel = rel(target)
    origins = []
    pointer = 0
    for line in expanded:
        text = line[len(indent) :] if line.startswith(indent) else line
        found = None
        for index in range(pointer, len(source)):
            if source[index].rstrip() == text.rstrip():
                found = index
                break
        if found is None:
            origins.append(Origin(target_rel, pointer + 1))
        else:
            origins.append(Origin(target_rel, found + 1))
            pointer = found + 1
    return origins


# ------------------------------------------------------------------------- page rules


def check_fences(page: Path) -> None:
    """Fail on fences the book does not allow, with the page line and what to do."""
    raw = page.read_text(encoding="utf-8").split("\n")
    page_rel = rel(page)
    problems = []
    index = 0
    while index < len(raw):
        match = FENCE.match(raw[index])
        if not match:
            index += 1
            continue
        info = match["info"].strip()
        start = index
        content, closing = _fence_span(raw, start)
        body = [raw[i] for i in content]
        index = closing + 1
        where = f"{page_rel}:{start + 1}"
        try:
            words = shlex.split(info)
        except ValueError:
            words = info.split()
        language = words[0] if words else ""
        if language.startswith("{") or language.startswith("."):
            problems.append(
                f"{where}: fence info {info!r}: write the language as a plain word "
                f"(```python), not in braces."
            )
            continue
        if language not in KNOWN_FENCES:
            problems.append(
                f"{where}: fence language {language or '(none)'!r} is not one the book "
                f"tests; use one of {sorted(KNOWN_FENCES)} (pytest-codeblocks would "
                f"skip this block without a word)."
            )
            continue
        for word in words[1:]:
            key = word.split("=", 1)[0]
            if key not in KNOWN_ATTRIBUTES:
                problems.append(
                    f"{where}: fence attribute {key!r} is not one the book tests; "
                    f"allowed: {sorted(KNOWN_ATTRIBUTES)}."
                )
        if language in INLINE_ALLOWED:
            continue
        content = [line for line in body if line.strip()]
        if len(content) != 1 or not INCLUDE.match(content[0]):
            problems.append(
                f"{where}: a ```{language} block must hold exactly one include line, "
                f'like  --8<-- "snippets/ch07/example_tf.py". Move the code into a '
                f"file under snippets/ and include it; code pasted into a page is "
                f"never tested."
            )
    if problems:
        raise PageError("\n".join(problems))


# ----------------------------------------------------------------------- block spans


def _fence_span(lines: list[str], start: int) -> tuple[list[int], int]:
    """Content line indices of the fence opening at ``start``, and the closing index."""
    match = FENCE.match(lines[start])
    ticks = match["ticks"] if match else "```"
    content = []
    index = start + 1
    while index < len(lines):
        if lines[index].strip().startswith(ticks) and not lines[index].strip().strip(
            ticks[0]
        ):
            break
        content.append(index)
        index += 1
    return content, index


def _marker(line: str) -> str | None:
    match = re.match(r"<!--[-\s]*pytest-codeblocks:(.*)-->", line.strip())
    return match.group(1).strip("- ") if match else None


def block_spans(lines: list[str], opening: int) -> tuple[list[int], list[int]]:
    """Code lines (with continuations) and expected-output lines of one block."""
    code, index = _fence_span(lines, opening)
    expected: list[int] = []
    index += 1
    while index < len(lines):
        marker = _marker(lines[index])
        if not lines[index].strip() or (marker and marker.startswith("importorskip")):
            index += 1
            continue
        if marker == "cont" or (marker or "").startswith("expected-output"):
            index += 1
            while index < len(lines) and not FENCE.match(lines[index]):
                index += 1
            if index >= len(lines):
                break
            span, index = _fence_span(lines, index)
            if marker == "cont":
                code.extend(span)
            else:
                expected = span
            index += 1
            continue
        break
    return code, expected


# ------------------------------------------------------------------------ collection


def pytest_addoption(parser):
    group = parser.getgroup("pages", "book pages")
    group.addoption(
        "--update-outputs",
        action="store_true",
        help="rewrite each example's included .out file with what it really printed",
    )
    group.addoption(
        "--touching",
        action="append",
        default=[],
        metavar="PATH",
        help="run only the blocks that show this snippet file or sit on this page "
        "(repeatable); `nox -s check -- PATH` uses it",
    )
    group.addoption(
        "--reuse-passed",
        action="store_true",
        help="skip blocks whose exact code and expected output already passed with the "
        "same pinned requirements (remembered in .cache/blocks/); `nox -s check` uses it",
    )
    group.addoption(
        "--jobs",
        type=int,
        default=0,
        metavar="N",
        help="run N blocks at once, each in its own process (default: one per core)",
    )
    group.addoption(
        "--shard",
        default=None,
        metavar="K/N",
        help="run only the K-th of N parts of the book's blocks (1-based), balanced by "
        "the times in tests/block_times.json; the other tests run in part 1",
    )
    group.addoption(
        "--record-times",
        action="store_true",
        help="write each block's measured time to tests/block_times.json (for --shard)",
    )
    group.addoption(
        "--site",
        default=None,
        help="folder of the built site, for the link and browser checks",
    )


def pytest_configure(config):
    global ROOT
    ROOT = Path(config.rootpath).resolve()
    config._book_expander = None
    config._book_seen = {}


def _expander(config) -> Expander:
    if config._book_expander is None:
        config._book_expander = Expander(ROOT / "mkdocs.yml")
    return config._book_expander


def pytest_collect_file(file_path: Path, parent):
    if file_path.suffix != ".md":
        return None
    try:
        file_path.resolve().relative_to(ROOT / "docs")
    except ValueError:
        return None
    return PageFile.from_parent(parent, path=file_path)


class PageFile(pytest.File):
    def collect(self):
        try:
            yield from self._collect()
        except PageError as exc:
            raise self.CollectError(str(exc)) from None

    def _collect(self):
        config = self.config
        for found in page_blocks(self.path, _expander(config)):
            key = (found.block.code, found.block.expected_output)
            seen = config._book_seen
            if key in seen:
                seen[key].also_on.append(str(found.page_origin))
                continue
            item = BlockItem.from_parent(
                self,
                name=found.label,
                block=found.block,
                code_origins=found.code_origins,
                expected_origins=found.expected_origins,
                page_origin=found.page_origin,
                snippet_files=found.snippet_files,
            )
            for mark in found.block.marks:
                item.add_marker(eval(mark, {"pytest": pytest, "sys": sys}))
            seen[key] = item
            yield item


@dataclass
class PageBlock:
    """One Python block of a page as rendered, with where each of its lines came from."""

    block: object  # pytest_codeblocks.CodeBlock
    label: str
    code_origins: list[Origin]
    expected_origins: list[Origin]
    page_origin: Origin
    snippet_files: list[str]


def page_blocks(path: Path, expander: Expander) -> list[PageBlock]:
    """The page's Python blocks after includes are expanded (PageError if it breaks a rule)."""
    from pytest_codeblocks import extract_from_buffer

    check_fences(path)
    page = expander.expand(path)
    try:
        blocks = extract_from_buffer(io.StringIO(page.text))
    except RuntimeError as exc:
        raise PageError(f"{rel(path)}: {exc}") from None
    python_blocks = [b for b in blocks if b.syntax and b.syntax.split()[0] == "python"]
    found = []
    for number, block in enumerate(python_blocks, start=1):
        opening = block.lineno - 1
        code_lines, expected_lines = block_spans(page.lines, opening)
        code_origins = [page.origins[i] for i in code_lines]
        page_origin = page.origins[opening]
        files = sorted({o.path for o in code_origins if not o.path.startswith("docs/")})
        label = f"block {number} line {page_origin.line}"
        if files:
            label += f" ({', '.join(files)})"
        found.append(
            PageBlock(
                block=block,
                label=label,
                code_origins=code_origins,
                expected_origins=[page.origins[i] for i in expected_lines],
                page_origin=page_origin,
                snippet_files=files,
            )
        )
    return found


# -------------------------------------------------------------------------- running


class BlockFailure(Exception):
    pass


def _usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


class Scheduler:
    """Runs every selected block in its own fresh process, several at once.

    Blocks are independent once isolated, so they are all handed to a pool of
    ``--jobs`` workers (default: one per core) when the run starts; each test then
    waits for its own block. Blocks run in a child of one fork server (tests/runner.py)
    or, when marked ``# book: run in a fresh process``, in a new interpreter.
    """

    def __init__(self, config):
        from concurrent.futures import ThreadPoolExecutor

        self.jobs = config.getoption("--jobs") or _usable_cores()
        self.pool = ThreadPoolExecutor(max_workers=self.jobs)
        self.futures: dict[str, object] = {}
        self._server = None
        self._server_lock = threading.Lock()

    def server(self):
        from tests.runner import PRELOAD, ForkServer

        with self._server_lock:
            if self._server is None:
                preload = os.environ.get("BOOK_PRELOAD")
                modules = preload.split(",") if preload is not None else PRELOAD
                self._server = ForkServer(preload=modules)
            return self._server

    def submit(self, item: BlockItem) -> None:
        self.futures[item.nodeid] = self.pool.submit(item.execute)

    def outcome(self, item: BlockItem):
        future = self.futures.get(item.nodeid)
        return future.result() if future is not None else item.execute()

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)
        if self._server is not None:
            self._server.close()


class BlockItem(pytest.Item):
    def __init__(
        self,
        *,
        block,
        code_origins,
        expected_origins,
        page_origin,
        snippet_files,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.block = block
        self.code_origins = code_origins
        self.expected_origins = expected_origins
        self.page_origin = page_origin
        self.snippet_files = snippet_files
        self.also_on: list[str] = []
        self.tolerance = declared_tolerance(block.code)

    def reportinfo(self):
        return self.path, self.page_origin.line - 1, self.name

    @property
    def script_name(self) -> str:
        return Path(self.snippet_files[0]).name if self.snippet_files else "block.py"

    @property
    def fresh_process(self) -> bool:
        return FRESH_PROCESS in self.block.code

    def pass_key(self) -> str:
        digest = hashlib.sha256(REQUIREMENTS.read_bytes())
        digest.update(sys.version.encode())
        digest.update(b"\0code\0" + self.block.code.encode())
        digest.update(b"\0out\0" + (self.block.expected_output or "").encode())
        return digest.hexdigest()

    def will_run(self) -> bool:
        """False when runtest will skip this block without running it."""
        if self.block.importorskip and not _importable(self.block.importorskip):
            return False
        reuse = self.config.getoption("--reuse-passed")
        return not (reuse and self.pass_key() in PASSED.keys)

    def execute(self):
        """Run the block as a reader would; called on a scheduler thread."""
        from tests.runner import run_script

        if self.fresh_process:
            return run_script(self.block.code, self.script_name)
        return _scheduler(self.config).server().run(self.block.code, self.script_name)

    def runtest(self):
        if self.block.importorskip:
            pytest.importorskip(self.block.importorskip)
        key = self.pass_key()
        if self.config.getoption("--reuse-passed") and key in PASSED.keys:
            pytest.skip(
                "unchanged since it last passed (same code, output and pins); "
                "`nox -s snippets` runs every block"
            )
        outcome = _scheduler(self.config).outcome(self)
        DURATIONS[self.nodeid] = outcome.seconds
        if not outcome.ok:
            raise BlockFailure(self._describe(outcome))
        for path in self.snippet_files:
            RESULTS[path] = outcome.result
        if self.block.expected_output is not None:
            self._compare(outcome.stdout)
        PASSED.add(key)

    # -- output

    def _compare(self, actual: str) -> None:
        expected = self.block.expected_output
        if self.block.expected_output_ignore_whitespace:
            same = " ".join(actual.split()) == " ".join(expected.split())
        else:
            same, _ = compare_outputs(expected, actual, self.tolerance)
        if same:
            return
        target = self._output_file()
        if self.config.getoption("--update-outputs") and target is not None:
            (ROOT / target).write_text(actual, encoding="utf-8")
            return
        diff = "\n".join(
            difflib.unified_diff(
                expected.rstrip("\n").split("\n"),
                actual.rstrip("\n").split("\n"),
                fromfile=f"expected ({target or self.page_origin})",
                tofile="printed",
                lineterm="",
            )
        )
        within = (
            f" (numbers may move by {self.tolerance}, as the example declares)"
            if self.tolerance
            else ""
        )
        hint = (
            f"\n\nIf the new output is right, run the check again with "
            f"--update-outputs to rewrite {target}."
            if target
            else ""
        )
        raise BlockFailure(
            f"{self._headline()}\noutput differs from the expected-output block"
            f"{within}:\n{diff}{hint}"
        )

    def _output_file(self) -> str | None:
        files = {
            o.path for o in self.expected_origins if not o.path.startswith("docs/")
        }
        if len(files) == 1:
            return files.pop()
        # An empty .out file expands to no lines: find the include on the page.
        page = ROOT / self.page_origin.path
        lines = page.read_text(encoding="utf-8").split("\n")
        seen_marker = False
        for line in lines[self.page_origin.line :]:
            marker = _marker(line)
            if marker and marker.startswith("expected-output"):
                seen_marker = True
            match = INCLUDE.match(line)
            if match and seen_marker:
                return match["path"]
        return None

    # -- errors

    def _headline(self) -> str:
        where = f"{self.page_origin}: python block"
        if self.snippet_files:
            where += f" (code from {', '.join(self.snippet_files)})"
        if self.also_on:
            where += f"; the same block is on {', '.join(self.also_on)}"
        return where

    def _describe(self, outcome) -> str:
        from tests.runner import EXAMPLE

        lines = [self._headline()]
        if self.fresh_process:
            lines.append(f"ran in its own process ({FRESH_PROCESS}):")
        if outcome.frames:
            lines.append("Traceback (most recent call last):")
        for frame in outcome.frames:
            if frame.filename == EXAMPLE:
                index = frame.lineno - 1
                origin = (
                    self.code_origins[index] if index < len(self.code_origins) else None
                )
                code_line = self.block.code.split("\n")[index].strip()
                lines.append(
                    f'  File "{origin.path}", line {origin.line}'
                    f"   [{self.page_origin}, block line {frame.lineno}]"
                    if origin
                    else f"  block line {frame.lineno}"
                )
                lines.append(f"    {code_line}")
            else:
                lines.append(
                    f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}'
                )
                if frame.line:
                    lines.append(f"    {frame.line}")
        message = outcome.error
        if self.fresh_process and self.snippet_files:
            message = message.replace(self.script_name, self.snippet_files[0])
        if message.startswith("AssertionError") and message == "AssertionError":
            message += " (an assert without a message; the line above is the one)"
        lines.append(message)
        if outcome.stdout.strip():
            tail = outcome.stdout.rstrip("\n").split("\n")[-10:]
            lines.append("\nlast lines it printed:")
            lines.extend(f"  {line}" for line in tail)
        return "\n".join(lines)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, (BlockFailure, PageError)):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)


def pytest_collection_modifyitems(session, config, items):
    shard = config.getoption("--shard")
    if shard:
        _keep_shard(config, items, shard)
    touched = {Path(p).resolve() for p in config.getoption("--touching")}
    if not touched:
        return
    files = {rel(p) for p in touched if p.is_file()}
    folders = [p for p in touched if p.is_dir()]

    def wanted(item) -> bool:
        if not isinstance(item, BlockItem):
            return True  # the other tests named on the command line still run
        pages = [item.page_origin.path] + [o.rsplit(":", 1)[0] for o in item.also_on]
        if files & (set(item.snippet_files) | set(pages)):
            return True
        return any(
            (ROOT / path).resolve().is_relative_to(folder)
            for path in [*pages, *item.snippet_files]
            for folder in folders
        )

    keep = [item for item in items if wanted(item)]
    config.hook.pytest_deselected(items=[i for i in items if i not in keep])
    items[:] = keep


TIMES = "tests/block_times.json"  # under the book's root (pytest's rootdir)
OTHER_TESTS = "(every test that is not a block)"
NEW_BLOCK_SECONDS = 3.0  # a block not yet in block_times.json


def block_time_key(item: BlockItem) -> str:
    return ", ".join(item.snippet_files) or str(item.page_origin)


def shard_of(weights: dict[str, float], count: int) -> dict[str, int]:
    """Assign keys to ``count`` parts: heaviest first, each to the lightest part.

    Stable: the same weights give the same parts, whatever order they came in. The
    part that runs the other tests starts with their weight (OTHER_TESTS).
    """
    loads = [0.0] * count
    loads[0] = weights.get(OTHER_TESTS, 0.0)
    parts = {}
    for key in sorted(weights, key=lambda k: (-weights[k], k)):
        if key == OTHER_TESTS:
            continue
        lightest = min(range(count), key=lambda i: (loads[i], i))
        parts[key] = lightest
        loads[lightest] += weights[key]
    return parts


def _keep_shard(config, items, shard: str) -> None:
    try:
        number, count = (int(x) for x in shard.split("/"))
        assert 1 <= number <= count
    except (ValueError, AssertionError):
        raise pytest.UsageError(
            f"--shard {shard}: write K/N with 1 <= K <= N"
        ) from None
    try:
        known = json.loads((ROOT / TIMES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    weights = {OTHER_TESTS: known.get(OTHER_TESTS, 0.0)}
    for item in items:
        if isinstance(item, BlockItem):
            key = block_time_key(item)
            weights[key] = known.get(key, NEW_BLOCK_SECONDS)
    parts = shard_of(weights, count)

    def mine(item) -> bool:
        if isinstance(item, BlockItem):
            return parts[block_time_key(item)] == number - 1
        return number == 1

    keep = [item for item in items if mine(item)]
    config.hook.pytest_deselected(items=[i for i in items if i not in keep])
    items[:] = keep


def _importable(module: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def _scheduler(config) -> Scheduler:
    if getattr(config, "_book_scheduler", None) is None:
        config._book_scheduler = Scheduler(config)
    return config._book_scheduler


@pytest.hookimpl(hookwrapper=True)
def pytest_runtestloop(session):
    """Hand every block to the scheduler before the first test waits for one."""
    blocks = [i for i in session.items if isinstance(i, BlockItem) and i.will_run()]
    if blocks and not session.config.option.collectonly:
        scheduler = _scheduler(session.config)
        for item in blocks:
            scheduler.submit(item)
    try:
        yield
    finally:
        if getattr(session.config, "_book_scheduler", None) is not None:
            session.config._book_scheduler.close()
            session.config._book_scheduler = None


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not DURATIONS:
        return
    if os.environ.get("BOOK_TIMES_JSON"):
        _write_times(Path(os.environ["BOOK_TIMES_JSON"]), config)
    if config.getoption("--record-times"):
        _record_times(config, terminalreporter)
    ran = sorted(DURATIONS.values())
    median = ran[len(ran) // 2]
    slowest = max(DURATIONS, key=DURATIONS.get)
    shared = sum(len(item.also_on) for item in config._book_seen.values())
    terminalreporter.write_sep("-", "book examples")
    terminalreporter.write_line(
        f"{len(ran)} blocks executed ({shared} identical blocks on other pages ran once); "
        f"median {median:.2f} s, slowest {DURATIONS[slowest]:.2f} s: {slowest}"
    )


def _write_times(path: Path, config) -> None:
    """Each executed block's time, for ``nox -s bench`` (set ``BOOK_TIMES_JSON``).

    A JSON list of ``{"nodeid", "seconds", "page", "snippets"}``, where ``page`` is
    the page and line of the block ("docs/zh/attention/index.md:57") and
    ``snippets`` the files its code comes from.
    """
    items = {item.nodeid: item for item in config._book_seen.values()}
    records = [
        {
            "nodeid": nodeid,
            "seconds": seconds,
            "page": str(items[nodeid].page_origin) if nodeid in items else None,
            "snippets": items[nodeid].snippet_files if nodeid in items else [],
        }
        for nodeid, seconds in DURATIONS.items()
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records, indent=1, ensure_ascii=False), encoding="utf-8")


def _record_times(config, terminalreporter) -> None:
    """Merge the measured block times into tests/block_times.json (for --shard)."""
    try:
        known = json.loads((ROOT / TIMES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    items = {item.nodeid: item for item in config._book_seen.values()}
    for nodeid, seconds in DURATIONS.items():
        if nodeid in items:
            known[block_time_key(items[nodeid])] = round(seconds, 2)
    others = [
        r.duration
        for rs in terminalreporter.stats.values()
        for r in rs
        if getattr(r, "when", None) == "call"
        and "::" in getattr(r, "nodeid", "")
        and not r.nodeid.startswith("docs/")
    ]
    if others:
        known[OTHER_TESTS] = round(sum(others), 1)
    (ROOT / TIMES).write_text(json.dumps(dict(sorted(known.items())), indent=1) + "\n")
    terminalreporter.write_line(f"block times written to {TIMES}")
