"""Mermaid diagrams, drawn once on a contributor's machine instead of in every reader's.

A chapter keeps its diagram as a ```` ```mermaid ```` fence (the source a contributor
edits). Shipping Mermaid to readers costs about 770 KB compressed and seconds of phone
CPU per page, so the diagrams are drawn ahead of time: ``nox -s diagrams`` runs this
module, which draws every fence in ``docs/`` with the pinned Mermaid (``tools/vendor/``)
in headless Chromium and writes ``diagrams/<hash>.svg``, named by a hash of the fence's
source. ``hooks/diagrams.py`` puts that SVG into the page at build time, and fails the
build, naming the page and this command, when a fence has no drawing yet. A test fails
on drawings no fence uses any more.

    python -m tools.diagrams          draw what is missing, delete what is stale
    python -m tools.diagrams --all    redraw everything (after updating Mermaid)
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
OUT = ROOT / "diagrams"
MERMAID = ROOT / "tools" / "vendor" / "mermaid" / "mermaid.min.js"

FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```mermaid[ \t]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$",
    re.M | re.S,
)

# Drawn with SVG text (no HTML inside <foreignObject>), in a font stack that the
# site's own (system) fonts match, so labels fit when the reader's browser draws them.
CONFIG = {
    "startOnLoad": False,
    "theme": "neutral",
    "securityLevel": "strict",
    "fontFamily": (
        '-apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, Helvetica, Arial, '
        '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif'
    ),
    "flowchart": {"htmlLabels": False, "useMaxWidth": True, "padding": 12},
}


def normalize(source: str) -> str:
    lines = [line.rstrip() for line in source.strip("\n").splitlines()]
    indent = min((len(x) - len(x.lstrip()) for x in lines if x.strip()), default=0)
    return "\n".join(line[indent:] for line in lines).strip() + "\n"


def digest(source: str) -> str:
    return hashlib.sha256(normalize(source).encode()).hexdigest()[:16]


def svg_path(source: str) -> Path:
    return OUT / f"{digest(source)}.svg"


def fences(docs: Path = DOCS) -> dict[str, list[str]]:
    """Every mermaid fence under docs/: normalized source -> pages that show it."""
    found: dict[str, list[str]] = {}
    for page in sorted(docs.rglob("*.md")):
        for match in FENCE.finditer(page.read_text(encoding="utf-8")):
            source = normalize(match["body"])
            found.setdefault(source, []).append(page.relative_to(ROOT).as_posix())
    return found


def draw(sources: list[str], chromium: str = "/usr/bin/chromium") -> None:
    import json

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page()
        page.set_content("<!doctype html><html><body></body></html>")
        page.add_script_tag(path=str(MERMAID))
        page.evaluate(f"mermaid.initialize({json.dumps(CONFIG)})")
        for source in sources:
            name = digest(source)
            svg = page.evaluate(
                "async ([id, src]) => (await mermaid.render(id, src)).svg",
                [f"diagram-{name}", source],
            )
            OUT.mkdir(exist_ok=True)
            (OUT / f"{name}.svg").write_text(svg + "\n", encoding="utf-8")
            print(f"drew diagrams/{name}.svg")
        browser.close()


def main(argv: list[str]) -> int:
    import os

    wanted = fences()
    redraw_all = "--all" in argv
    missing = [s for s in wanted if redraw_all or not svg_path(s).exists()]
    if missing:
        draw(missing, os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    keep = {svg_path(s).name for s in wanted}
    for old in OUT.glob("*.svg") if OUT.exists() else []:
        if old.name not in keep:
            old.unlink()
            print(f"deleted diagrams/{old.name} (no fence uses it)")
    print(f"{len(wanted)} diagrams, {len(missing)} drawn")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
