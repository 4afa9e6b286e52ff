"""The built site in headless Chromium (Debian's, driven by Playwright).

Run by `nox -s site`. Each test opens pages served from a local folder and checks what a
reader does: switch language and land on the same page, switch the framework tabs once
for the whole site, search in Chinese and in English, read math and diagrams; and that no
page asks any host but its own for anything. Screenshots of the pages, light and dark,
go to .cache/screenshots/ for a person to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")

from tools.pageweight import first_load, site_pages  # noqa: E402
from tools.static_host import serve  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / ".cache" / "screenshots"
CHAPTER = "attention/"  # a chapter's opening page
SECTION = "attention/positional-encoding/"  # a section page: tabs, math, a figure
DIAGRAM = "attention/transformer/"  # a section page with a prebuilt diagram
NEXT = "attention/transformer/"  # the section after SECTION
LAB = "attention/lab/"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# What a page may transfer on first load, compressed (README: budgets).
PAGE_BUDGET = 300_000  # bytes; the bench reports KB of 1,000 bytes too


@pytest.fixture(scope="session")
def base_url(site_dir: Path):
    """The site served like a static host serves it: gzip for text."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    executable = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=FLAGS)
        yield browser
        browser.close()


class Watch:
    """Everything a page asked for and every error it logged."""

    def __init__(self, page, base_url: str):
        self.base_url = base_url
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        page.on(
            "response",
            lambda r: (
                self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None
            ),
        )
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type == "error" else None,
        )

    def outside(self) -> list[str]:
        return [
            url
            for url in self.requests
            if not url.startswith(self.base_url) and not url.startswith("data:")
        ]


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.watch = Watch(page, base_url)
    yield page
    context.close()


def open_page(page, base_url: str, path: str):
    # the load event first (the whole document parsed), then a quiet network
    page.goto(base_url + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    page.wait_for_selector(".md-footer", state="attached")
    return page


@pytest.mark.parametrize(
    "path",
    ["", "en/", CHAPTER, "en/" + CHAPTER, SECTION, "en/" + SECTION, LAB, "en/" + LAB],
)
def test_pages_load_cleanly_and_only_from_this_site(page, base_url, path):
    open_page(page, base_url, path)
    watch = page.watch
    assert not watch.outside(), f"/{path} asked other hosts for: {watch.outside()}"
    assert not watch.failed, f"/{path}: failed requests: {watch.failed}"
    assert not watch.errors, f"/{path}: errors in the console: {watch.errors}"


@pytest.mark.parametrize(
    "start, language, landing",
    [
        (CHAPTER, "English", "en/" + CHAPTER),
        ("en/" + CHAPTER, "简体中文", CHAPTER),
        (SECTION, "English", "en/" + SECTION),
        ("en/" + SECTION, "简体中文", SECTION),
        (LAB, "English", "en/" + LAB),
        ("en/" + LAB, "简体中文", LAB),
    ],
)
def test_language_switcher_keeps_the_page(page, base_url, start, language, landing):
    open_page(page, base_url, start)
    page.hover(".md-header__option .md-select")
    page.get_by_role("link", name=language).first.click()
    page.wait_for_load_state("networkidle")
    assert page.url == base_url + landing


def selected_tabs(page) -> list[str]:
    return page.eval_on_selector_all(
        ".tabbed-set",
        """sets => sets.map(set => {
            const checked = set.querySelector(':scope > input:checked');
            const labels = set.querySelectorAll(':scope > .tabbed-labels > label');
            const inputs = [...set.querySelectorAll(':scope > input')];
            return labels[inputs.indexOf(checked)].textContent.trim();
        })""",
    )


def test_framework_tabs_switch_together_and_persist_across_pages(page, base_url):
    open_page(page, base_url, "attention/scaled-dot-product-attention/")
    first = selected_tabs(page)
    assert len(first) >= 2, f"expected a tab set per example, found {len(first)}"
    assert set(first) == {"TensorFlow"}, first
    page.locator(".tabbed-labels label", has_text="PyTorch").first.click()
    assert set(selected_tabs(page)) == {"PyTorch"}, (
        "one click should switch every tab set"
    )
    open_page(page, base_url, "en/" + SECTION)
    assert set(selected_tabs(page)) == {"PyTorch"}, (
        "the choice should follow to other pages and to /en/"
    )


@pytest.mark.parametrize("path", ["", "en/"])
def test_a_section_page_leads_to_the_next_and_back_to_its_chapter(page, base_url, path):
    open_page(page, base_url, path + SECTION)
    title = page.locator("h1").first.inner_text()
    assert title.startswith("7.4 "), title
    following = page.locator("a.md-footer__link--next")
    assert following.get_attribute("href").rstrip("/").endswith("transformer"), (
        "the footer should lead to the next section"
    )
    following.click()
    page.wait_for_load_state("networkidle")
    assert page.url == base_url + path + NEXT
    assert page.locator("h1").first.inner_text().startswith("7.5 ")


@pytest.mark.parametrize("path", ["", "en/"])
def test_an_old_link_into_a_chapter_lands_on_its_section(page, base_url, path):
    """Before the split, /attention/#masks pointed into one long chapter page."""
    page.goto(base_url + path + CHAPTER + "#masks")
    page.wait_for_url("**/scaled-dot-product-attention/#masks")
    page.goto(base_url + path + CHAPTER + "#positional-encoding")
    page.wait_for_url("**/" + SECTION)
    page.goto(base_url + path + CHAPTER + "#sections")  # its own anchor: stays
    page.wait_for_load_state("load")
    assert page.url == base_url + path + CHAPTER + "#sections"


@pytest.mark.parametrize("path", ["", "en/"])
def test_a_figure_drawn_by_the_book_shows_on_its_section_page(page, base_url, path):
    open_page(page, base_url, path + SECTION)
    figure = page.locator("img.book-figure").first
    figure.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=figure.element_handle()
    )
    assert len(figure.get_attribute("alt") or "") > 40, "the figure needs a description"
    assert figure.get_attribute("width") and figure.get_attribute("height")


@pytest.mark.parametrize(
    "path, query, expected",
    [
        ("", "注意力", "注意力"),
        ("", "位置编码", "位置编码"),
        ("", "多头", "多头"),
        ("en/", "positional", "ositional"),
        ("en/", "attention", "ttention"),
        ("en/", "transformer", "ransformer"),
    ],
)
def test_search_finds_words_in_both_languages(page, base_url, path, query, expected):
    open_page(page, base_url, path)
    field = page.locator("input[data-md-component='search-query']")
    field.click()
    field.fill(query)
    field.press("End")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    assert results.count() > 0
    # Chinese text in the index is segmented with zero-width spaces (U+200B)
    shown = page.locator(".md-search-result").inner_text().replace("\u200b", "")
    assert expected in shown


@pytest.mark.parametrize(
    "path, query",
    [("", "长短期记忆网络 注意力机制 区别"), ("en/", "LSTM differ from attention")],
)
def test_search_finds_the_interview_quick_reference(page, base_url, path, query):
    """Appendix A's entries are search results of their own, linked by their ids."""
    open_page(page, base_url, path)
    field = page.locator("input[data-md-component='search-query']")
    field.click()
    field.fill(query)
    field.press("End")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    links = page.locator(".md-search-result__link").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    # a result links the entry itself: .../appendix/interview/?h=<query>#a-lstm-vs-attention
    hits = [
        link
        for link in links
        if "/appendix/interview/" in link and link.endswith("#a-lstm-vs-attention")
    ]
    assert hits, f"searching {query!r} did not find its appendix A entry: {links[:12]}"


def test_math_and_diagrams_are_drawn_without_scripts(page, base_url):
    open_page(page, base_url, SECTION)
    formulas = page.locator(".arithmatex math")
    assert formulas.count() > 5, "no typeset math"
    # the browser lays MathML out: a display formula with a fraction is taller than a
    # line of text, and it is drawn in the book's math font, which has arrived
    display = page.locator("div.arithmatex math:has(mfrac)").first
    display.scroll_into_view_if_needed()
    box = display.bounding_box()
    assert box and box["height"] > 30, (
        f"a display formula is {box} (MathML not laid out)"
    )
    family = display.locator("mi").first.evaluate(
        "el => getComputedStyle(el).fontFamily"
    )
    assert "Book Math" in family, family
    assert page.evaluate("document.fonts.check('16px \"Book Math\"')")
    open_page(page, base_url, DIAGRAM)
    diagram = page.locator("figure.diagram svg").first
    diagram.scroll_into_view_if_needed()
    box = diagram.bounding_box()
    assert box and box["height"] > 100, "the diagram has no size"
    scripts = [u for u in page.watch.requests if u.endswith(".js")]
    heavy = [u for u in scripts if any(n in u for n in ("katex", "temml", "mermaid"))]
    assert not heavy, f"math and diagrams are prebuilt, yet the page loaded {heavy}"


def test_every_page_is_light(browser, base_url, site_dir):
    """Every page of both languages transfers at most 300 KB on first load."""
    loads = [first_load(browser, base_url, path) for path in site_pages(site_dir)]
    assert len(loads) >= 10, [load.path for load in loads]
    heavy = [
        f"/{load.path}: {load.bytes / 1024:.0f} KB in {load.requests} requests; "
        f"largest: {', '.join(f'{u} {s / 1024:.0f} KB' for u, s in load.largest())}"
        for load in loads
        if load.bytes > PAGE_BUDGET
    ]
    assert not heavy, "pages over the 300 KB budget (gzip):\n" + "\n".join(heavy)
    broken = [f"/{load.path}: {load.failed}" for load in loads if load.failed]
    assert not broken, "\n".join(broken)
    outside = [f"/{load.path}: {load.outside}" for load in loads if load.outside]
    assert not outside, "\n".join(outside)
    index = [load.path for load in loads if "search/search_index.json" in load.by_url]
    assert not index, f"the search index should wait for the reader: {index}"


def test_search_index_arrives_when_the_reader_searches(page, base_url):
    open_page(page, base_url, "en/")
    assert not [u for u in page.watch.requests if "search_index.json" in u]
    page.locator("input[data-md-component='search-query']").click()
    page.wait_for_load_state("networkidle")
    assert [u for u in page.watch.requests if "search_index.json" in u]


@pytest.mark.parametrize("path", ["", "en/"])
def test_lab_shows_outputs_and_offers_the_notebook(page, base_url, path):
    open_page(page, base_url, path + LAB)
    figure = page.locator(".jp-OutputArea-output img")
    assert figure.count() >= 1, "no figure in the lab"
    alt = figure.first.get_attribute("alt") or ""
    assert len(alt) > 20 and "No description" not in alt, f"figure undescribed: {alt}"
    code = page.locator(".jupyter-wrapper .highlight pre > code")
    assert code.count() >= 2, "lab code is not in Material's code blocks"
    assert page.locator(".jupyter-wrapper button[data-md-type=copy]").count() >= 2, (
        "no copy button on the lab's code"
    )
    link = page.locator("a[href='lab.ipynb']")
    assert link.count() == 1
    response = page.request.get(base_url + path + LAB + "lab.ipynb")
    assert response.ok and b'"cells"' in response.body()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "path", ["", CHAPTER, "en/" + CHAPTER, SECTION, "en/" + SECTION, LAB, "en/" + LAB]
)
def test_screenshots(browser, base_url, path, scheme):
    """Not a check: pictures of the pages for a person to look at."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, color_scheme=scheme
    )
    page = context.new_page()
    page.goto(base_url + path, wait_until="networkidle")
    SHOTS.mkdir(parents=True, exist_ok=True)
    name = (path.strip("/").replace("/", "_") or "home") + f"_{scheme}.png"
    page.screenshot(path=str(SHOTS / name), full_page=False)
    context.close()
