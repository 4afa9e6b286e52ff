"""MkDocs hook: put the pre-drawn SVG of each Mermaid fence into the page.

Readers get a plain inline SVG (searchable, no script, nothing to download); the
drawing is made by ``nox -s diagrams`` (see ``tools/diagrams.py``) and committed under
``diagrams/``, named by a hash of the fence's source. A fence without its drawing
fails the build and says which command draws it.
"""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tools.diagrams import svg_path  # noqa: E402

RENDERED = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)


def on_page_content(content: str, page, config, files) -> str:
    def inline(match: re.Match) -> str:
        source = html.unescape(match[1])
        svg = svg_path(source)
        if not svg.exists():
            raise PluginError(
                f"{page.file.src_uri}: this Mermaid diagram has no drawing yet "
                f"(diagrams/{svg.name}); run `nox -s diagrams`, then commit the SVG:\n"
                + source
            )
        return f'<figure class="diagram">{svg.read_text(encoding="utf-8")}</figure>'

    return RENDERED.sub(inline, content)
