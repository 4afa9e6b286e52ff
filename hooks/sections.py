"""MkDocs hook: old links into a chapter still land on the right section.

Until the book split its chapters into section pages, a link such as
``/attention/#multi-head-attention`` pointed into one long chapter page. That address
now opens the chapter's opening page, which has no such anchor. This hook gives every
chapter opening a few lines of inline script: when the address names an anchor the
opening does not have but one of its section pages does (or the anchor is a section
page's own name), the browser goes there. Nothing is fetched; pages without such a
hash are untouched.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

ANCHOR = re.compile(r"\{\s*#([\w-]+)\s*\}")
SCRIPT = (
    "<script>(function(){{var m={table},h=decodeURIComponent(location.hash.slice(1));"
    "if(h&&m[h]&&!document.getElementById(h))location.replace(m[h]);}})();</script>"
)


def anchors_by_section(folder: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    for page in sorted(folder.glob("*.md")):
        if page.name == "index.md":
            continue
        slug = page.stem
        table.setdefault(slug, f"{slug}/")
        for anchor in ANCHOR.findall(page.read_text(encoding="utf-8")):
            table.setdefault(anchor, f"{slug}/#{anchor}")
    return table


def on_post_page(output: str, page, config) -> str:
    source = Path(page.file.abs_src_path or "")
    if source.name != "index.md" or not (source.parent / "questions.md").exists():
        return output
    table = anchors_by_section(source.parent)
    script = SCRIPT.format(table=json.dumps(table, separators=(",", ":")))
    return output.replace("</body>", script + "</body>", 1)
