"""MkDocs hook: last touches to the theme's output that it has no setting for.

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
* Material's palette stylesheet has a rule for ``[data-md-color-switching] *`` (no
  transitions while the colour scheme changes). Material's script sets and removes that
  attribute on ``<body>`` once as every page starts, and because a rule depends on it,
  Chromium restyled every element of the page twice (traced on a 4x throttled CPU:
  about 100-250 ms of blocking time on a section page; Lighthouse mobile 84-90 with
  the rule, 96-99 without). The rule is taken out of the built stylesheet; all it did
  was stop colours from fading for a moment when a reader toggles dark mode.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.exceptions import PluginError

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


SWITCHING_RULE = re.compile(
    r"\[data-md-color-switching\] \*,\[data-md-color-switching\] :after,"
    r"\[data-md-color-switching\] :before\{[^}]*\}"
)
SWITCHING_GONE = "/* book: the colour-switching rule was removed by hooks/finish.py */"


def on_post_build(config) -> None:
    folder = Path(config["site_dir"]).resolve()
    for root in (folder, *folder.parents):  # mkdocs-static-i18n builds en into site/en
        sheets = sorted((root / "assets" / "stylesheets").glob("palette.*.min.css"))
        if sheets:
            break
    else:
        return  # no palette stylesheet: nothing to do
    for sheet in sheets:
        css = sheet.read_text(encoding="utf-8")
        if SWITCHING_GONE in css:
            continue
        css, found = SWITCHING_RULE.subn("", css)
        if not found:
            raise PluginError(
                f"{sheet.name}: Material's [data-md-color-switching] rule has changed; "
                "update SWITCHING_RULE in hooks/finish.py (or drop it if the rule is gone)"
            )
        sheet.write_text(SWITCHING_GONE + "\n" + css, encoding="utf-8")
