"""MkDocs hook: typeset every formula at build time as MathML, with a font cut to fit.

pymdownx.arithmatex (generic mode) leaves ``\\(...\\)`` and ``\\[...\\]`` in
``.arithmatex`` elements; lab pages get the same from ``hooks/labs.py``. This hook runs
Temml (``tools/vendor/temml/temml.min.js``, a KaTeX fork that writes MathML Core) in
QuickJS, a small JavaScript engine installed with pip, and puts the MathML into the
page. Browsers draw MathML themselves (Chromium 109+, Firefox, Safari), and screen
readers read it, so pages carry no math script and no second, visual copy of every
formula: KaTeX's HTML+MathML made a formula 2-3 times as many elements, and on phones
the layout of those elements was most of a math page's blocking time.

MathML needs a font with an OpenType MATH table (stretchy brackets, radicals, big
operators); phones often have none. The site ships STIX Two Math (SIL Open Font
License), cut at the end of the build to the characters the book's formulas use,
about 30 KB instead of 400 KB: ``assets/math/stix-two-math.woff2``. A new symbol in a
formula is in the next build's font; nothing to regenerate by hand.

A formula Temml cannot parse fails the build, naming the page and the formula. A
formula followed by Chinese punctuation is kept on one line with it, so that no line
starts with "，".
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

VENDOR = Path(__file__).resolve().parent.parent / "tools" / "vendor"
TEMML = VENDOR / "temml" / "temml.min.js"
FONT_SOURCE = VENDOR / "stix-two-math" / "stix-two-math-latin-400-normal.woff"
FONT = "assets/math/stix-two-math.woff2"  # under the site root; book.css names it
FORMULA = re.compile(
    r'<(span|div) class="arithmatex">(?:\\\((.*?)\\\)|\\\[(.*?)\\\])</\1>'
    r"([，。、；：！？）]?)",  # Chinese punctuation right after an inline formula
    re.S,
)
MATH_TEXT = re.compile(r">([^<]+)<")
# Always in the font, whatever this build's formulas use: ASCII, Greek, and the
# operators and arrows a contributor is most likely to reach for next.
ALWAYS = {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0x391, 0x3CA)}
ALWAYS |= set("−×÷·±∓∑∏∫√∞∂∇∈∉⊂⊆∪∩∀∃≈≠≡≤≥≪≫→←↔⇒⇔↦⊤⊙⊗⊕…⋯⋮⋱′″‖∥⟨⟩⌊⌋⌈⌉∣")

_render = None
_used: set[str] = set(ALWAYS)


def renderer():
    global _render
    if _render is None:
        import quickjs

        context = quickjs.Context()
        context.eval(TEMML.read_text(encoding="utf-8"))
        _render = context.eval(
            "(tex, display) => temml.renderToString(tex, "
            "{displayMode: display, throwOnError: true, annotate: false})"
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
                f"{page.file.src_uri}: Temml cannot typeset {tex!r}: {message}"
            ) from None
        for text in MATH_TEXT.findall(out):
            _used.update(html.unescape(text))
        formula = f'<{tag} class="arithmatex">{out}</{tag}>'
        if punctuation:  # never start a line with the comma that follows a formula
            return f'<span class="nobr">{formula}{punctuation}</span>'
        return formula

    return FORMULA.sub(typeset, content)


def site_root(site_dir: str) -> Path:
    """The folder holding ``assets/book.css``: the site root, also when
    mkdocs-static-i18n builds a language into a subfolder of it."""
    folder = Path(site_dir).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "assets" / "book.css").exists():
            return candidate
    return folder


def on_post_build(config) -> None:
    """Cut STIX Two Math to the characters of every formula built so far.

    Each language's build ends here; the set only grows, so the last write covers
    both languages. The glyphs the MATH table reaches from those characters (larger
    and stretched variants, the pieces of tall brackets and radicals) come along.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(FONT_SOURCE, recalcTimestamp=False)
    cut = subset.Subsetter(options)
    cut.populate(unicodes={ord(c) for c in _used})
    cut.subset(font)
    target = site_root(config["site_dir"]) / FONT
    target.parent.mkdir(parents=True, exist_ok=True)
    font.flavor = "woff2"
    font.save(target, reorderTables=False)
