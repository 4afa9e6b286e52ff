"""MkDocs hook: under an example's output, say how far its numbers may move.

An example whose training result differs slightly from CPU to CPU declares it once,
in its snippet file: ``# book: tolerance ±0.01``. The page tests compare its output
within that tolerance (tests/outputs.py); this hook tells the reader the same thing,
in the page's language, right under the output block the page shows.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.outputs import declared_tolerance  # noqa: E402

INCLUDE = re.compile(r'^(?P<indent>[ \t]*)--8<--[ \t]+"(?P<path>[^"]+)"[ \t]*$')
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
EXPECTED = "pytest-codeblocks:expected-output"
NOTE = {
    "zh": (
        "在其他 CPU 上（不同的指令集或线程数），训练的舍入误差会略有不同："
        "上面的数字可能相差 {tolerance}，测试即按这一容差比对。"
    ),
    "en": (
        "On another CPU (other instruction sets or thread counts) training rounds "
        "differently: the numbers above may differ by up to {tolerance}, the "
        "tolerance the tests compare them with."
    ),
}


def tolerance_of(path: str):
    file = ROOT / path.split(":")[0]
    if file.suffix != ".py" or not file.is_file():
        return None
    return declared_tolerance(file.read_text(encoding="utf-8"))


def add_notes(markdown: str, language: str) -> str:
    lines = markdown.split("\n")
    out: list[str] = []
    tolerance = None  # of the last example included
    in_output = False  # inside the expected-output fence that follows it
    waiting = False  # saw the expected-output marker, fence not yet open
    for line in lines:
        out.append(line)
        include = INCLUDE.match(line)
        if include and not in_output:
            tolerance = tolerance_of(include["path"])
            continue
        if EXPECTED in line:
            waiting = True
            continue
        if FENCE.match(line):
            if waiting:
                waiting, in_output = False, True
            elif in_output:
                in_output = False
                if tolerance is not None:
                    indent = line[: len(line) - len(line.lstrip())]
                    text = NOTE.get(language, NOTE["en"]).format(tolerance=tolerance)
                    out.append("")
                    out.append(f'{indent}<p class="book-tolerance">{text}</p>')
                tolerance = None
    return "\n".join(out)


def on_page_markdown(markdown: str, page, config, files) -> str:
    return add_notes(markdown, config["theme"]["language"])
