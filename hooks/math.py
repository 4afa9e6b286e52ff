"""MkDocs hook: typeset every formula at build time with the site's own KaTeX copy.

pymdownx.arithmatex (generic mode) leaves ``\\(...\\)`` and ``\\[...\\]`` in
``.arithmatex`` elements; lab pages get the same from ``hooks/labs.py``. Instead of
sending KaTeX's script to every reader's browser to typeset them there, this hook runs
``katex.min.js`` in QuickJS (a small JavaScript engine installed with pip) and puts
KaTeX's HTML (with MathML for screen readers) into the page. Readers download only
KaTeX's stylesheet and the fonts a page uses.

A formula KaTeX cannot parse fails the build, naming the page and the formula. A
formula followed by Chinese punctuation is kept on one line with it, so that no line
starts with "，".
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

KATEX = Path(__file__).resolve().parent.parent / "tools/vendor/katex/katex.min.js"
FORMULA = re.compile(
    r'<(span|div) class="arithmatex">(?:\\\((.*?)\\\)|\\\[(.*?)\\\])</\1>'
    r"([，。、；：！？）]?)",  # Chinese punctuation right after an inline formula
    re.S,
)

_render = None


def renderer():
    global _render
    if _render is None:
        import quickjs

        context = quickjs.Context()
        context.eval(KATEX.read_text(encoding="utf-8"))
        _render = context.eval(
            "(tex, display) => katex.renderToString(tex, "
            "{displayMode: display, throwOnError: true, output: 'htmlAndMathml'})"
        )
    return _render


def on_page_content(content: str, page, config, files) -> str:
    if 'class="arithmatex"' not in content:
        return content
    render = renderer()

    def typeset(match: re.Match) -> str:
        tag, inline, display, punctuation = match.groups()
        tex = html.unescape(inline if inline is not None else display)
        try:
            out = render(tex, display is not None)
        except Exception as err:  # quickjs.JSException
            message = str(err).splitlines()[0]
            raise PluginError(
                f"{page.file.src_uri}: KaTeX cannot typeset {tex!r}: {message}"
            ) from None
        formula = f'<{tag} class="arithmatex">{out}</{tag}>'
        if punctuation:  # never start a line with the comma that follows a formula
            return f'<span class="nobr">{formula}{punctuation}</span>'
        return formula

    return FORMULA.sub(typeset, content)
