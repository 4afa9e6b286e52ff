"""MkDocs hook: last touches to every page's HTML that the theme has no setting for.

* Highlighted code: Pygments wraps every name, punctuation mark, operator (``.`` and
  ``=`` included) and run of spaces in its own ``<span>``; the theme draws names in the
  plain code colour anyway, and book.css makes punctuation and operators plain too. A
  chapter page had 21,000 elements, half of them such spans, and a phone spent seconds
  on style and layout; on a section page operators alone were 600 of 2,700 elements.
  They are unwrapped here.
* The search index leaves out code blocks (half its size): ``data-search-exclude``.
  (Formulas stay in it, as the text of their MathML.)
* Material's search overlay is a ``role="dialog"`` without a name; screen readers
  (and Lighthouse's accessibility audit) need one, so it gets ``aria-label``.
* The per-page ``<link rel=alternate hreflang>`` tags go. Material fetches
  ``sitemap.xml`` next to every such link; mkdocs-static-i18n makes them point at the
  page itself in each language, so every page asked for /<page>/sitemap.xml and
  /en/<page>/sitemap.xml and got 404s. The language switcher does not need them, and
  the sitemap mkdocs-static-i18n writes lists every page's alternates for search
  engines.
"""

from __future__ import annotations

import re

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
LABEL = {"zh": "搜索", "en": "Search"}
PLAIN_TOKEN = re.compile(r'<span class="(?:n|p|w|o)">([^<]*)</span>')


CODE_BLOCK = re.compile(r'<div class="language-(\w+) highlight">')
BUNDLE = re.compile(
    r'<script src="([^"]*assets/javascripts/bundle\.[0-9a-f]+\.min\.js)"></script>'
)
ALTERNATE_LINK = re.compile(r'\s*<link rel="alternate" href="[^"]*" hreflang="[^"]*">')


def on_page_content(content: str, page, config, files) -> str:
    content = PLAIN_TOKEN.sub(r"\1", content)
    return CODE_BLOCK.sub(
        r'<div class="language-\1 highlight" data-search-exclude>', content
    )


def on_post_page(output: str, page, config) -> str:
    label = LABEL.get(config["theme"]["language"], "Search")
    output = ALTERNATE_LINK.sub("", output)
    output = BUNDLE.sub(r'<script src="\1" defer></script>', output, count=1)
    return output.replace(
        SEARCH_DIALOG, SEARCH_DIALOG[:-1] + f' aria-label="{label}">', 1
    )
