"""MkDocs hook: last touches to every page's HTML that the theme has no setting for.

* Highlighted code: Pygments wraps every name, punctuation mark and run of spaces in
  its own ``<span>``; the theme draws those in the plain code colour anyway (book.css
  makes punctuation plain too). A chapter page had 21,000 elements, half of them such
  spans, and a phone spent seconds on style and layout. They are unwrapped here.
* The search index leaves out code blocks (half its size) and KaTeX's visual markup
  (the formula's text is indexed once, from its MathML): ``data-search-exclude``.
* Material's search overlay is a ``role="dialog"`` without a name; screen readers
  (and Lighthouse's accessibility audit) need one, so it gets ``aria-label``.
"""

from __future__ import annotations

import re

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
LABEL = {"zh": "搜索", "en": "Search"}
PLAIN_TOKEN = re.compile(r'<span class="(?:n|p|w)">([^<]*)</span>')


CODE_BLOCK = re.compile(r'<div class="language-(\w+) highlight">')
KATEX_HTML = '<span class="katex-html" aria-hidden="true">'


def on_page_content(content: str, page, config, files) -> str:
    content = PLAIN_TOKEN.sub(r"\1", content)
    content = CODE_BLOCK.sub(
        r'<div class="language-\1 highlight" data-search-exclude>', content
    )
    return content.replace(KATEX_HTML, KATEX_HTML[:-1] + " data-search-exclude>")


def on_post_page(output: str, page, config) -> str:
    label = LABEL.get(config["theme"]["language"], "Search")
    return output.replace(
        SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1
    )
