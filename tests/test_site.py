"""Checks on the built site (run by `nox -s docs` after `mkdocs build --strict`).

- every internal link and anchor resolves to a file and an element id;
- no page loads anything (script, style, font, image, frame) from another host;
- Chinese search is segmented: words inside Chinese text are separate search terms;
- every lab is rendered as a page and its executed notebook is there to download.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

RESOURCE_ATTRS = {
    ("script", "src"),
    ("img", "src"),
    ("source", "src"),
    ("iframe", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
}

# <link rel=...> kinds that make the browser fetch something (canonical and alternate don't)
LOADED_LINKS = {
    "stylesheet",
    "icon",
    "preload",
    "modulepreload",
    "manifest",
    "prefetch",
    "apple-touch-icon",
    "preconnect",
    "dns-prefetch",
}


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.resources: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key):
                self.ids.add(attrs[key])
        if tag == "a" and attrs.get("href") is not None:
            self.links.append((tag, attrs["href"]))
        if tag == "link" and attrs.get("href"):
            rels = set((attrs.get("rel") or "").lower().split())
            if rels & LOADED_LINKS:
                self.resources.append((tag, attrs["href"]))
                self.links.append((tag, attrs["href"]))
        for element, attribute in RESOURCE_ATTRS:
            if tag == element and attrs.get(attribute) is not None:
                self.resources.append((tag, attrs[attribute]))
                self.links.append((tag, attrs[attribute]))
        if attrs.get("style") and "url(" in attrs["style"]:
            for url in re.findall(r"url\(['\"]?([^'\")]+)", attrs["style"]):
                self.resources.append((tag, url))


@cache
def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    return page


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def target_of(site: Path, page: Path, url: str) -> Path:
    parts = urlsplit(url)
    path = unquote(parts.path)
    base = site if path.startswith("/") else page.parent
    target = (base / path.lstrip("/")).resolve() if path else page
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target


def is_outside(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.netloc) or parts.scheme in {"http", "https"}


def test_internal_links_and_anchors_resolve(site_dir: Path):
    broken = []
    for page in html_files(site_dir):
        for tag, url in parse(page).links:
            parts = urlsplit(url)
            if parts.scheme in {"mailto", "javascript", "data", "tel"} or is_outside(
                url
            ):
                continue
            if not parts.path and not parts.fragment:
                continue
            target = target_of(site_dir, page, url)
            where = f"{page.relative_to(site_dir)}: <{tag}> {url}"
            if not target.exists():
                broken.append(
                    f"{where} -> missing {target.relative_to(site_dir) if target.is_relative_to(site_dir) else target}"
                )
                continue
            if parts.fragment and target.suffix == ".html":
                if unquote(parts.fragment) not in parse(target).ids:
                    broken.append(f"{where} -> no element with id {parts.fragment!r}")
    assert not broken, "dead links or anchors in the built site:\n" + "\n".join(broken)


def test_pages_load_nothing_from_other_hosts(site_dir: Path):
    outside = []
    for page in html_files(site_dir):
        for tag, url in parse(page).resources:
            if is_outside(url):
                outside.append(f"{page.relative_to(site_dir)}: <{tag}> {url}")
    for sheet in site_dir.rglob("*.css"):
        for url in re.findall(
            r"url\(['\"]?(https?://[^'\")]+)", sheet.read_text(errors="replace")
        ):
            outside.append(f"{sheet.relative_to(site_dir)}: url({url})")
    assert not outside, "resources from other hosts:\n" + "\n".join(outside)


def test_chinese_search_is_segmented(site_dir: Path):
    index = json.loads((site_dir / "search" / "search_index.json").read_text())
    separator = index["config"]["separator"]
    assert "\\u200b" in separator or "\u200b" in separator, separator
    assert {"zh", "en"} <= set(index["config"]["lang"]), index["config"]["lang"]
    text = " ".join(doc["title"] + " " + doc["text"] for doc in index["docs"])
    for word in ("注意力", "位置\u200b编码", "多头"):
        assert word in text, f"search index lacks the segmented word {word!r}"


@pytest.mark.parametrize("language_prefix", ["", "en/"])
def test_labs_are_pages_with_a_notebook_to_download(
    site_dir: Path, language_prefix: str
):
    docs = Path(__file__).resolve().parent.parent / "docs"
    language = "en" if language_prefix else "zh"
    labs = sorted((docs / language).rglob("lab.py"))
    assert labs, f"no lab in docs/{language}"
    for lab in labs:
        folder = (
            site_dir / language_prefix / lab.parent.relative_to(docs / language) / "lab"
        )
        html = (folder / "index.html").read_text(encoding="utf-8")
        assert "jp-Notebook" in html or "jupyter-wrapper" in html, (
            f"{folder} is not a notebook page"
        )
        assert 'href="lab.ipynb"' in html, f"{folder} has no download button"
        notebook = json.loads((folder / "lab.ipynb").read_text(encoding="utf-8"))
        outputs = [
            o
            for c in notebook["cells"]
            if c["cell_type"] == "code"
            for o in c["outputs"]
        ]
        assert outputs, f"{folder}/lab.ipynb was not executed"
        assert not any(o.get("output_type") == "error" for o in outputs)
        assert any("image/png" in o.get("data", {}) for o in outputs), (
            "the lab draws no figure"
        )


# What a page may weigh is checked in Chromium (tests/browser); these are the static
# rules that keep pages light and readable without a browser.
SCRIPT_SRC = re.compile(r'<script[^>]+src="([^"]+)"')
IMG = re.compile(r"<img\b[^>]*>")


def test_math_and_diagrams_ship_no_script_and_every_image_is_described(
    site_dir: Path,
):
    problems = []
    for page in html_files(site_dir):
        html = page.read_text(encoding="utf-8")
        where = page.relative_to(site_dir)
        for src in SCRIPT_SRC.findall(html):
            if any(
                name in src
                for name in ("katex", "temml", "mermaid", "mathjax", "require")
            ):
                problems.append(
                    f"{where}: loads {src} (math and diagrams are prebuilt)"
                )
        if "tml-error" in html or 'class="katex' in html:
            problems.append(f"{where}: a formula was not typeset as MathML")
        if 'class="mermaid"' in html:
            problems.append(f"{where}: a Mermaid diagram was left for the browser")
        body = re.sub(r"<svg\b.*?</svg>", "", html.split("</head>", 1)[-1], flags=re.S)
        if "<style" in body:
            problems.append(f"{where}: inline <style> in the page body")
        for img in IMG.findall(html):
            if not re.search(r'\balt="[^"]+"', img) or "No description has" in img:
                problems.append(f"{where}: image without a description: {img[:80]}")
        if 'class="arithmatex"' in html and (
            "Temml-Local.css" not in html or "stix-two-math.woff2" not in html
        ):
            problems.append(f"{where}: has math but not its stylesheet and font")
    assert not problems, "\n".join(problems)


MATH = re.compile(r"<math\b.*?</math>", re.S)


def test_the_math_font_has_every_character_a_formula_draws(site_dir: Path):
    """hooks/math.py cuts STIX Two Math to the formulas' characters at build time; a
    formula that reached a page some other way would be drawn in a fallback font."""
    from fontTools.ttLib import TTFont

    font = site_dir / "assets" / "math" / "stix-two-math.woff2"
    assert font.exists(), "the build wrote no math font (hooks/math.py)"
    covered = set(TTFont(font).getBestCmap())
    missing = {}
    for page in html_files(site_dir):
        for formula in MATH.findall(page.read_text(encoding="utf-8")):
            text = html_lib.unescape(re.sub(r"<[^>]+>", "", formula))
            for char in text:
                cjk = "\u2e80" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef"
                if not cjk and not char.isspace() and ord(char) not in covered:
                    missing.setdefault(char, str(page.relative_to(site_dir)))
    assert not missing, "characters missing from the math font: " + ", ".join(
        f"{char!r} (U+{ord(char):04X}) on {where}" for char, where in missing.items()
    )


def test_the_palette_stylesheet_lost_its_switching_rule(site_dir: Path):
    """hooks/finish.py removes the rule that made every page restyle itself twice at
    start-up; a Material upgrade that renames the file or the rule must not undo it."""
    sheets = sorted((site_dir / "assets" / "stylesheets").glob("palette.*.min.css"))
    assert sheets, "no palette stylesheet in the built site"
    for sheet in sheets:
        css = sheet.read_text(encoding="utf-8")
        assert "[data-md-color-switching]" not in css, sheet.name


def test_pages_with_examples_say_which_versions_checked_them(site_dir: Path):
    """hooks/stamps.py: the stamp carries the pinned versions, on every page with examples."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from hooks.stamps import versions

    pinned = versions()
    root = Path(__file__).resolve().parent.parent
    expected = []
    for language in ("zh", "en"):
        base = root / "docs" / language
        for source in sorted(base.rglob("*.md")) + sorted(base.rglob("lab.py")):
            text = source.read_text(encoding="utf-8")
            if source.name != "lab.py" and '--8<-- "snippets/' not in text:
                continue
            page = source.relative_to(base).with_suffix("")
            if page.name == "index":
                page = page.parent
            prefix = "" if language == "zh" else "en/"
            expected.append(site_dir / prefix / page / "index.html")
    assert len(expected) > 100, len(expected)
    problems = []
    for html_file in expected:
        found = re.findall(
            r'<p class="book-stamp">(.*?)</p>', html_file.read_text("utf-8")
        )
        if len(found) != 1 or not all(v in found[0] for v in pinned.values()):
            problems.append(f"{html_file.relative_to(site_dir)}: {found}")
    assert not problems, "pages without their verified-with stamp:\n" + "\n".join(
        problems
    )
