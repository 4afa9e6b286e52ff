"""Does every example print its page's output on other readers' machines?

    python -m tools.portability [PATH ...] [--env NAME ...] [--jobs N] [--plain]

Runs every Python block of the book (as the pages render it) and every lab, each in a
fresh interpreter from an empty folder with the network cut, under numeric
environments that stand in for other CPUs:

    default        the reader's ``python file.py``: a new interpreter per example
    mkl-compatible MKL_CBWR=COMPATIBLE: MKL's conditional-numerical-reproducibility
                   code path, the one MKL takes on a CPU it does not tune for
    avx2           MKL_CBWR=AVX2 ONEDNN_MAX_CPU_ISA=AVX2: MKL and oneDNN kernels of a
                   CPU without AVX-512 (most laptops, older servers)
                   (TensorFlow code in half precision also gets
                   TF_ENABLE_ONEDNN_OPTS=0 there, as on a real AVX2 CPU: see below)
    one-thread     one thread everywhere (OpenMP, MKL, OpenBLAS, TensorFlow, taskset):
                   another reduction order, as on a machine with another core count

``default`` starts a new interpreter for each example, exactly what a reader does;
the others start one fork server per environment (tests/runner.py) with that
environment set before anything is imported, so every library reads it as a fresh
interpreter would, then fork one child per example. ``--plain`` uses a new
interpreter everywhere (slower, the same results).

An example passes when its asserts hold and its output is the page's: the same text,
every number equal, or within the tolerance the example declares
(``# book: tolerance ±0.02``). A lab passes when it runs to the end (its cells assert
what its text claims). PATH limits the run to blocks showing those snippet files, or
to those pages or folders (as ``nox -s check`` does).

Writes .cache/portability/report.md and report.json; exits 1 if anything broke.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import pages  # noqa: E402
from tests.runner import ForkServer, run_script  # noqa: E402

OUT = ROOT / ".cache" / "portability"
ONE_THREAD = {
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "OPENBLAS_NUM_THREADS": "1",
    "TF_NUM_INTRAOP_THREADS": "1",
    "TF_NUM_INTEROP_THREADS": "1",
}
ENVIRONMENTS = {
    "default": {},
    "mkl-compatible": {"MKL_CBWR": "COMPATIBLE"},
    "avx2": {"MKL_CBWR": "AVX2", "ONEDNN_MAX_CPU_ISA": "AVX2"},
    "one-thread": ONE_THREAD,
}
# TensorFlow sends bfloat16 kernels to oneDNN only where its CPU check passes (AVX-512F or
# AVX-NE-CONVERT); on a plain AVX2 CPU it runs them with its own Eigen kernels. Capping
# oneDNN at AVX2 on an AVX-512 host makes a CPU that cannot exist: TensorFlow still routes
# half precision to oneDNN, which then has no kernel for it and crashes. For TensorFlow code
# in half precision the avx2 run therefore does what an AVX2 reader's TensorFlow does: no
# oneDNN kernels.
TF_ONEDNN_BF16_FLAGS = ("avx512f", "avx_ne_convert")  # TensorFlow's own CPU check
AVX2_HALF_PRECISION = {"TF_ENABLE_ONEDNN_OPTS": "0"}


def host_has_half_precision() -> bool:
    try:
        flags = Path("/proc/cpuinfo").read_text().split()
    except OSError:
        return False
    return any(flag in flags for flag in TF_ONEDNN_BF16_FLAGS)


def tf_half_precision(code: str) -> bool:
    uses_tf = "import keras" in code or "import tensorflow" in code
    return uses_tf and "float16" in code  # bfloat16 too


# What the nox sessions set that a reader would not: not passed on.
NOT_A_READERS = ("PYTHONHASHSEED", "PYTHONPATH", "BOOK_PRELOAD", "BOOK_TIMES_JSON")


@dataclass
class Example:
    name: str  # the snippet file, or the page and line
    code: str
    expected: str | None
    tolerance: pages.Tolerance | None
    fresh_process: bool
    lab: bool = False


@dataclass
class Run:
    example: str
    env: str
    verdict: str  # exact | within | broken
    moved: float = 0.0
    seconds: float = 0.0
    why: str = ""


@dataclass
class Report:
    environments: list[str]
    runs: list[Run] = field(default_factory=list)
    seconds: float = 0.0


# ----------------------------------------------------------------- what to run


def collect(paths: list[str]) -> list[Example]:
    expander = pages.Expander(ROOT / "mkdocs.yml")
    pages.ROOT = ROOT
    wanted_files = {pages.rel(p) for p in paths if (ROOT / p).is_file()}
    wanted_folders = [(ROOT / p).resolve() for p in paths if (ROOT / p).is_dir()]

    def wanted(files: list[str], page: str) -> bool:
        if not paths:
            return True
        if wanted_files & (set(files) | {page}):
            return True
        return any(
            (ROOT / path).resolve().is_relative_to(folder)
            for path in [page, *files]
            for folder in wanted_folders
        )

    examples: dict[str, Example] = {}
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for found in pages.page_blocks(page, expander):
            block = found.block
            if not wanted(found.snippet_files, found.page_origin.path):
                continue
            name = ", ".join(found.snippet_files) or str(found.page_origin)
            if block.code in {e.code for e in examples.values()}:
                continue
            examples[name] = Example(
                name=name,
                code=block.code,
                expected=block.expected_output,
                tolerance=pages.declared_tolerance(block.code),
                fresh_process=pages.FRESH_PROCESS in block.code,
            )
    for lab in sorted((ROOT / "docs").rglob("lab.py")):
        code = lab_script(lab, expander)
        if code in {e.code for e in examples.values()}:
            continue  # the other language's lab runs the same code
        included = [p for p in pages.INCLUDE.findall(lab.read_text())]
        name = pages.rel(lab)
        if not wanted(included, name):
            continue
        examples[name] = Example(name, code, None, None, False, lab=True)
    return list(examples.values())


def lab_script(lab: Path, expander: pages.Expander) -> str:
    """A lab's code cells, includes expanded, as one script (as its .ipynb runs)."""
    import jupytext

    notebook = jupytext.read(lab, fmt="py:percent")
    cells = []
    for cell in notebook.cells:
        if cell.cell_type == "code":
            lines = cell.source.split("\n")
            expanded = expander._preprocessor().run(lines)
            cells.append("\n".join(expanded).strip("\n"))
    return "\n\n".join(cells) + "\n"


# ------------------------------------------------------------------- running


def reader_env(extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NOT_A_READERS}
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("MPLBACKEND", "Agg")
    env.update(extra)
    return env


def network_cut() -> list[str]:
    """``unshare -n`` (a network namespace with only loopback), where allowed."""
    if shutil.which("unshare"):
        # loopback starts down in a new namespace: bring it up (gloo needs it)
        up = ["sh", "-c", 'ip link set lo up 2>/dev/null; exec "$@"', "sh"]
        for flags in (["-n"], ["-rn"]):
            probe = subprocess.run(["unshare", *flags, "true"], capture_output=True)
            if probe.returncode == 0:
                return ["unshare", *flags, *up]
    return []


def cpu_prefix(env_name: str) -> list[str]:
    if env_name == "one-thread" and shutil.which("taskset"):
        return ["taskset", "-c", "0"]
    return []


def judge(example: Example, env: str, outcome) -> Run:
    run = Run(example.name, env, "exact", seconds=round(outcome.seconds, 2))
    if not outcome.ok:
        run.verdict = "broken"
        run.why = (outcome.error or "").strip().split("\n")[-1][:300]
        return run
    if example.expected is None:
        return run
    same, moved = pages.compare_outputs(
        example.expected, outcome.stdout, example.tolerance
    )
    run.moved = moved if moved != float("inf") else -1.0
    if not same:
        run.verdict = "broken"
        run.why = first_difference(example.expected, outcome.stdout, example.tolerance)
    elif moved > 0:
        run.verdict = "within"
    return run


def first_difference(expected: str, actual: str, tolerance) -> str:
    for want, got in zip(
        expected.rstrip("\n").split("\n"), actual.split("\n"), strict=False
    ):
        if not pages.compare_outputs(want, got, tolerance)[0]:
            limit = f" (tolerance {tolerance})" if tolerance else " (no tolerance)"
            return f"page: {want.strip()!r}  printed: {got.strip()!r}{limit}"
    return "a different number of lines"


def run_all(examples: list[Example], envs: list[str], jobs: int, plain: bool):
    cut = network_cut()
    report = Report(environments=envs)
    started = time.perf_counter()
    servers: dict[str, ForkServer] = {}
    tasks = []
    for env_name in envs:
        env = reader_env(ENVIRONMENTS[env_name])
        use_server = not plain and env_name != "default"
        if use_server and any(not e.fresh_process for e in examples):
            servers[env_name] = ForkServer(env=env, prefix=cut + cpu_prefix(env_name))
        for example in examples:
            tasks.append((example, env_name, env, use_server))

    half_precision_host = host_has_half_precision()

    def one(task):
        example, env_name, env, use_server = task
        name = Path(example.name.split(",")[0]).name
        if not name.endswith(".py"):
            name = "example.py"
        fresh = example.fresh_process or not use_server
        if env_name == "avx2" and half_precision_host:
            if tf_half_precision(example.code):  # the fork server has oneDNN on
                env, fresh = {**env, **AVX2_HALF_PRECISION}, True
        if not fresh:
            outcome = servers[env_name].run(example.code, name)
        else:
            prefix = cut + cpu_prefix(env_name)
            outcome = run_script(example.code, name, env=env, prefix=prefix)
        run = judge(example, env_name, outcome)
        mark = {"exact": "=", "within": "~", "broken": "X"}[run.verdict]
        print(
            f"  {mark} {env_name:15} {run.seconds:6.1f} s  {example.name}", flush=True
        )
        if run.why:
            print(f"      {run.why}", flush=True)
        return run

    try:
        with ThreadPoolExecutor(max_workers=jobs) as pool:
            report.runs = list(pool.map(one, tasks))
    finally:
        for server in servers.values():
            server.close()
    report.seconds = time.perf_counter() - started
    return report, bool(cut)


# -------------------------------------------------------------------- report


def summarize(report: Report, examples: list[Example], network: bool) -> str:
    from jinja2 import Environment, FileSystemLoader

    by_example: dict[str, dict[str, Run]] = {}
    for run in report.runs:
        by_example.setdefault(run.example, {})[run.env] = run
    counts = {
        verdict: sum(r.verdict == verdict for r in report.runs)
        for verdict in ("exact", "within", "broken")
    }
    within = [r for r in report.runs if r.verdict == "within"]
    largest = max(within, key=lambda r: r.moved, default=None)
    rows = []
    for example in examples:
        runs = by_example.get(example.name, {})
        rows.append(
            {
                "name": example.name,
                "lab": example.lab,
                "tolerance": str(example.tolerance) if example.tolerance else "exact",
                "cells": [runs.get(env) for env in report.environments],
                "moved": max((r.moved for r in runs.values()), default=0.0),
            }
        )
    templates = Environment(
        loader=FileSystemLoader(ROOT / "tools" / "templates"),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return templates.get_template("portability.md.j2").render(
        report=report,
        environments={name: ENVIRONMENTS[name] for name in report.environments},
        rows=rows,
        counts=counts,
        total=len(report.runs),
        largest=largest,
        examples=len([e for e in examples if not e.lab]),
        labs=len([e for e in examples if e.lab]),
        network=network,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="snippet files, pages or folders")
    parser.add_argument(
        "--env", action="append", choices=list(ENVIRONMENTS), help="repeatable"
    )
    parser.add_argument("--jobs", type=int, default=pages._usable_cores())
    parser.add_argument(
        "--plain", action="store_true", help="a new interpreter for every run"
    )
    args = parser.parse_args(argv)
    envs = args.env or list(ENVIRONMENTS)
    examples = collect(args.paths)
    if not examples:
        print("no example matches", " ".join(args.paths))
        return 2
    print(
        f"{len(examples)} examples and labs x {len(envs)} environments "
        f"({', '.join(envs)}), {args.jobs} at a time"
    )
    report, network = run_all(examples, envs, args.jobs, args.plain)
    OUT.mkdir(parents=True, exist_ok=True)
    text = summarize(report, examples, network)
    (OUT / "report.md").write_text(text, encoding="utf-8")
    data = asdict(report)
    (OUT / "report.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    print()
    print(text.split("\n## ")[0].strip())
    print(f"\nreport: {(OUT / 'report.md').relative_to(ROOT)}")
    broken = sum(r.verdict == "broken" for r in report.runs)
    print(f"portability: {len(report.runs) - broken} passed, {broken} failed")
    return 1 if any(r.verdict == "broken" for r in report.runs) else 0


if __name__ == "__main__":
    sys.exit(main())
