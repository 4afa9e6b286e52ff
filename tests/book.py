"""What the structural tests know about the book's files (no framework imports)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.pages import INCLUDE

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"
LANGUAGES = ("zh", "en")
HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*$")
ANCHOR = re.compile(r"\{\s*#([\w-]+)\s*\}\s*$")
TAB = re.compile(r'^\s*===\+?\s+"([^"]+)"')
QUESTION = re.compile(r"^\s*\?\?\?\+?\s+question\b")
TAB_LABELS = ("TensorFlow", "PyTorch")


def pages(language: str) -> list[Path]:
    """Chapter pages (Markdown) and labs (jupytext scripts) of one language."""
    base = DOCS / language
    found = list(base.rglob("*.md")) + list(base.rglob("lab.py"))
    return sorted(found)


def relative(page: Path) -> str:
    """A page's path inside its language tree: the key that pairs zh with en."""
    for language in LANGUAGES:
        try:
            return page.relative_to(DOCS / language).as_posix()
        except ValueError:
            continue
    raise ValueError(page)


def includes(page: Path) -> list[str]:
    """Snippet paths a page includes, in order (section suffixes dropped)."""
    found = []
    for line in page.read_text(encoding="utf-8").splitlines():
        match = INCLUDE.match(line)
        if match:
            found.append(match["path"].split(":")[0])
    return found


def outline(page: Path) -> dict[str, list]:
    """What must be the same in both languages: anchors, tabs, questions, includes."""
    anchors, missing, tabs, questions = [], [], [], 0
    fenced = False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            continue
        heading = HEADING.match(line)
        if heading:
            anchor = ANCHOR.search(heading[2])
            if anchor:
                anchors.append(anchor[1])
            else:
                missing.append(f"{page.relative_to(ROOT)}:{number}: {line.strip()}")
        tab = TAB.match(line)
        if tab:
            tabs.append(tab[1])
        if QUESTION.match(line):
            questions += 1
    return {
        "anchors": anchors,
        "headings without { #anchor }": missing,
        "tab labels": tabs,
        "folded questions": questions,
        "includes": includes(page),
    }


def snippet_files() -> list[str]:
    return sorted(
        p.relative_to(ROOT).as_posix()
        for p in SNIPPETS.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
