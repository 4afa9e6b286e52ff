"""MkDocs hook: every page with examples says which versions they were checked with.

The versions are read from the pins, never typed by hand: TensorFlow, Keras and PyTorch
from ``requirements/book.txt`` (the environment every check runs in) and Python from the
workflow's ``setup-python`` steps. When a pin moves, every stamp moves with it, and the
checks that run on that change are what the stamp then vouches for.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PINS = ROOT / "requirements" / "book.txt"
WORKFLOW = ROOT / ".github" / "workflows" / "book.yml"
INCLUDE = re.compile(r'--8<--[ \t]+"snippets/')
STAMP = {
    "zh": "本页示例最近一次验证所用的版本：TensorFlow {tensorflow}、Keras {keras}、"
    "PyTorch {torch}、Python {python}（即本书锁定的版本）。",
    "en": "The examples on this page were last checked with TensorFlow {tensorflow}, "
    "Keras {keras}, PyTorch {torch} and Python {python} (the versions the book pins).",
}


@cache  # read once per build, not once per page
def versions() -> dict[str, str]:
    pins = {}
    for line in PINS.read_text(encoding="utf-8").splitlines():
        name, _, version = line.split("#")[0].strip().partition("==")
        if version:
            pins[name.lower()] = version.strip()
    pythons = set(
        re.findall(
            r'python-version:\s*"?([\d.]+)"?', WORKFLOW.read_text(encoding="utf-8")
        )
    )
    assert len(pythons) == 1, f"{WORKFLOW.name}: one Python version expected, {pythons}"
    found = {
        "tensorflow": pins.get("tensorflow-cpu") or pins.get("tensorflow"),
        "keras": pins.get("keras"),
        "torch": pins.get("torch"),
        "python": pythons.pop(),
    }
    missing = [name for name, version in found.items() if not version]
    assert not missing, f"{PINS.relative_to(ROOT)}: no pin for {missing}"
    return found


def stamp(language: str) -> str:
    text = STAMP.get(language, STAMP["en"]).format(**versions())
    return f'<p class="book-stamp">{text}</p>'


def has_examples(page) -> bool:
    if page.file.src_uri.endswith("/lab.py"):  # a lab: its code cells are examples
        return True
    source = Path(page.file.abs_src_path or "")
    return source.is_file() and bool(INCLUDE.search(source.read_text(encoding="utf-8")))


def on_page_content(html: str, page, config, files) -> str:
    if not has_examples(page):
        return html
    return html + "\n" + stamp(config["theme"]["language"])


def on_post_page(output: str, page, config) -> str:
    """Labs are rendered by mkdocs-jupyter, past on_page_content: stamp the HTML."""
    if 'class="book-stamp"' in output or not has_examples(page):
        return output
    return output.replace(
        "</article>", stamp(config["theme"]["language"]) + "</article>", 1
    )
