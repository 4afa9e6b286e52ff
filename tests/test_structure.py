"""The book's structure: includes, orphans, and zh/en parallel pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.book import (
    LANGUAGES,
    ROOT,
    TAB_LABELS,
    includes,
    outline,
    pages,
    relative,
    snippet_files,
)

ALL_PAGES = [p for language in LANGUAGES for p in pages(language)]
PAIRS = sorted({relative(p) for p in ALL_PAGES})


def test_the_book_has_pages():
    assert ALL_PAGES, "no pages found under docs/zh and docs/en"


@pytest.mark.parametrize(
    "page", ALL_PAGES, ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_every_include_resolves(page: Path):
    missing = [name for name in includes(page) if not (ROOT / name).is_file()]
    assert not missing, (
        f"{page.relative_to(ROOT)} includes files that do not exist: {missing}"
    )


def test_every_snippet_is_included():
    used = {name for page in ALL_PAGES for name in includes(page)}
    orphans = [name for name in snippet_files() if name not in used]
    assert not orphans, (
        "these files in snippets/ are included by no page; include them or delete "
        f"them: {orphans}"
    )


def test_both_languages_have_the_same_pages():
    zh = {relative(p) for p in pages("zh")}
    en = {relative(p) for p in pages("en")}
    assert zh - en == set(), f"pages in docs/zh with no English twin: {sorted(zh - en)}"
    assert en - zh == set(), f"pages in docs/en with no Chinese twin: {sorted(en - zh)}"


@pytest.mark.parametrize("name", PAIRS)
def test_pages_are_parallel(name: str):
    zh, en = outline(ROOT / "docs/zh" / name), outline(ROOT / "docs/en" / name)
    for found in (zh, en):
        assert not found["headings without { #anchor }"], (
            "every ## heading needs an explicit anchor shared by both languages, "
            "e.g. '## 位置编码 { #positional-encoding }':\n"
            + "\n".join(found["headings without { #anchor }"])
        )
    for key in ("anchors", "includes", "tab labels", "folded questions"):
        assert zh[key] == en[key], (
            f"docs/zh/{name} and docs/en/{name} differ in their {key}:\n"
            f"  zh: {zh[key]}\n  en: {en[key]}"
        )


@pytest.mark.parametrize(
    "page", ALL_PAGES, ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_tabs_are_the_framework_tabs(page: Path):
    labels = outline(page)["tab labels"]
    unknown = [label for label in labels if label not in TAB_LABELS]
    assert not unknown, (
        f"{page.relative_to(ROOT)}: tab labels must be exactly {TAB_LABELS} in both "
        f"languages (linked tabs match by label); found {unknown}"
    )


def test_every_example_has_its_twin():
    files = set(snippet_files())
    lonely = []
    for name in files:
        for mine, other in (("_tf.py", "_torch.py"), ("_torch.py", "_tf.py")):
            if name.endswith(mine) and name[: -len(mine)] + other not in files:
                lonely.append(name)
    assert not lonely, f"examples without their other-framework twin: {sorted(lonely)}"


@pytest.mark.parametrize(
    "lab", [p for p in ALL_PAGES if p.name == "lab.py"], ids=lambda p: str(p)
)
def test_lab_code_comes_from_snippets(lab: Path):
    import jupytext

    notebook = jupytext.read(lab, fmt="py:percent")
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        lines = [line for line in cell.source.splitlines() if line.strip()]
        assert lines and all(line.startswith("--8<--") for line in lines), (
            f"{lab.relative_to(ROOT)}: a lab's code cells only include files from "
            f"snippets/ (so the notebook runs the tested code); found:\n{cell.source}"
        )


CJK = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]"


@pytest.mark.parametrize(
    "page", pages("zh"), ids=lambda p: p.relative_to(ROOT).as_posix()
)
def test_chinese_paragraphs_are_not_hard_wrapped(page: Path):
    """A line break inside a Chinese sentence renders as a stray space."""
    import re

    prefix = "# " if page.suffix == ".py" else ""
    block_start = re.compile(r"\s*([-*+|>]|\d+\.|#|===|\?\?\?|!!!|<!--|\$\$|```)")
    wrapped, fenced = [], False
    lines = page.read_text(encoding="utf-8").splitlines()
    for number, (prev, line) in enumerate(zip(lines, lines[1:], strict=False), start=2):
        if prev.lstrip().startswith("```"):
            fenced = not fenced
        if fenced or not prev.startswith(prefix) or not line.startswith(prefix):
            continue
        prev, line = prev[len(prefix) :].rstrip(), line[len(prefix) :]
        if (
            prev
            and line.strip()
            and re.search(CJK + "$", prev)
            and re.match(CJK, line.strip())
            and not block_start.match(line)
        ):
            wrapped.append(f"{page.relative_to(ROOT)}:{number}: {line.strip()[:30]}")
    assert not wrapped, (
        "join these lines to the line before: in Chinese a line break inside a "
        "paragraph shows as a space\n" + "\n".join(wrapped)
    )


def test_every_diagram_is_drawn_and_no_drawing_is_stale():
    """Each ```mermaid fence has its SVG in diagrams/; no SVG outlives its fence."""
    from tools.diagrams import OUT, fences, svg_path

    wanted = fences()
    missing = [
        f"{', '.join(pages)}: diagrams/{svg_path(source).name}"
        for source, pages in wanted.items()
        if not svg_path(source).exists()
    ]
    assert not missing, (
        "these Mermaid diagrams have no drawing yet; run `nox -s diagrams` and "
        "commit the SVG files:\n  " + "\n  ".join(missing)
    )
    keep = {svg_path(source).name for source in wanted}
    stale = sorted(p.name for p in OUT.glob("*.svg") if p.name not in keep)
    assert not stale, f"no page uses these drawings any more (delete them): {stale}"


@pytest.mark.parametrize(
    "page",
    [p for p in ALL_PAGES if p.suffix == ".md"],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_every_declared_tolerance_is_shown_under_its_output(page: Path):
    """An example with ``# book: tolerance ±x`` shows its output, and the note under it."""
    from hooks.tolerance import add_notes, tolerance_of

    language = page.relative_to(ROOT / "docs").parts[0]
    text = page.read_text(encoding="utf-8")
    declared = [name for name in includes(page) if tolerance_of(name) is not None]
    shown = add_notes(text, language).count('class="book-tolerance"')
    assert shown == len(declared), (
        f"{page.relative_to(ROOT)}: {len(declared)} included example(s) declare a "
        f"tolerance ({declared}) but {shown} output block(s) show it; put the "
        "example's expected-output block right after it"
    )


def test_the_tolerance_note_sits_under_the_output_in_the_page_language():
    from hooks.tolerance import add_notes

    page = (
        '=== "PyTorch"\n\n    ```python\n    --8<-- "snippets/x.py"\n    ```\n\n'
        "    <!--pytest-codeblocks:expected-output-->\n\n"
        '    ```text\n    --8<-- "snippets/x.out"\n    ```\n\nNext paragraph.\n'
    )
    import hooks.tolerance as hook

    original = hook.tolerance_of
    hook.tolerance_of = lambda path: "±0.02" if path.endswith(".py") else None
    try:
        zh, en = add_notes(page, "zh"), add_notes(page, "en")
    finally:
        hook.tolerance_of = original
    lines = en.split("\n")
    note = next(i for i, line in enumerate(lines) if "book-tolerance" in line)
    assert lines[note - 2].strip() == "```" and lines[note].startswith("    <p ")
    assert "±0.02" in lines[note] and "differ by up to ±0.02" in lines[note]
    assert "相差 ±0.02" in zh


# --- Chapters are folders of numbered section pages -------------------------------


def _chapters() -> list[tuple[int, str, list[str], list[str]]]:
    """(number, folder, section pages in nav order, other nav entries) per chapter.

    Read from mkdocs.yml's nav: a chapter is a group labelled "第 N 章 · ..." whose
    first entry is ``<folder>/index.md``.
    """
    import contextlib
    import io
    import re

    from mkdocs.config import load_config

    with contextlib.redirect_stderr(io.StringIO()):  # as tests/pages.py reads it
        config = load_config(str(ROOT / "mkdocs.yml"))
    found = []
    for entry in config["nav"]:
        ((label, items),) = entry.items()
        number = re.match(r"第 (\d+) 章", label)
        if not number or not isinstance(items, list):
            continue
        paths = [
            item if isinstance(item, str) else next(iter(item.values()))
            for item in items
        ]
        folder = paths[0].split("/")[0]
        assert paths[0] == f"{folder}/index.md", (
            f"mkdocs.yml: chapter {label!r} must open with {folder}/index.md"
        )
        sections = [p for p in paths[1:] if p.endswith(".md")]
        others = [p for p in paths[1:] if not p.endswith(".md")]
        found.append((int(number[1]), folder, sections, others))
    return found


CHAPTERS = _chapters()


def test_the_nav_has_chapters():
    assert len(CHAPTERS) >= 6


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c[1])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_a_chapter_is_in_its_nav(chapter, language):
    _, folder, sections, others = chapter
    on_disk = {
        f"{folder}/{p.name}"
        for p in (ROOT / "docs" / language / folder).iterdir()
        if p.suffix == ".md" and p.name != "index.md"
    }
    assert on_disk == set(sections), (
        f"docs/{language}/{folder}/: pages not in mkdocs.yml's nav: "
        f"{sorted(on_disk - set(sections))}; in the nav but missing: "
        f"{sorted(set(sections) - on_disk)}"
    )
    labs = [p for p in others if p.endswith("lab.py")]
    assert all(p.startswith(f"{folder}/") for p in labs), (
        f"chapter {folder}: its lab must sit in its own folder: {labs}"
    )


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c[1])
@pytest.mark.parametrize("language", LANGUAGES)
def test_section_pages_are_numbered_in_nav_order(chapter, language):
    number, folder, sections, _ = chapter
    wrong = []
    for k, section in enumerate(sections, 1):
        first = (ROOT / "docs" / language / section).read_text(encoding="utf-8")
        title = first.splitlines()[0]
        if not title.startswith(f"# {number}.{k} "):
            wrong.append(
                f"docs/{language}/{section}: {title!r} (expected '# {number}.{k} …')"
            )
    assert not wrong, (
        "section titles must carry their number in nav order:\n" + "\n".join(wrong)
    )


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c[1])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_chapter_opening_lists_exactly_its_sections(chapter, language):
    """index.md has a `{ #sections }` list linking every section, in nav order, by title."""
    import re

    _, folder, sections, _ = chapter
    text = (ROOT / "docs" / language / folder / "index.md").read_text(encoding="utf-8")
    part = re.search(r"^## .*\{ #sections \}\s*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert part, f"docs/{language}/{folder}/index.md has no '## … {{ #sections }}' list"
    items = re.findall(r"^\d+\.\s+\[([^\]]+)\]\(([\w-]+\.md)\)", part[1], re.M)
    listed = [f"{folder}/{target}" for _, target in items]
    assert listed == sections, (
        f"docs/{language}/{folder}/index.md lists {listed}; the nav has {sections}"
    )
    for (label, target), section in zip(items, sections, strict=True):
        title = (ROOT / "docs" / language / section).read_text(encoding="utf-8")
        title = title.splitlines()[0].removeprefix("# ").strip()
        assert label == title, (
            f"docs/{language}/{folder}/index.md links {target} as {label!r}; "
            f"its title is {title!r}"
        )
    for heading in ("prerequisites",):
        assert re.search(rf"^## .*\{{ #{heading} \}}", text, re.M), (
            f"docs/{language}/{folder}/index.md needs a '## … {{ #{heading} }}' section"
        )


MAX_WORDS, MAX_PAIRS = 3000, 4


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda c: c[1])
def test_a_section_page_is_one_lesson(chapter):
    """At most about 3,000 English words (prose, formulas; not code) and 4 example pairs."""
    _, folder, sections, _ = chapter
    too_long = []
    for section in sections:
        page = ROOT / "docs/en" / section
        words, fenced = 0, False
        for line in page.read_text(encoding="utf-8").splitlines():
            if line.lstrip().startswith("```"):
                fenced = not fenced
                continue
            if not fenced:
                words += len(line.split())
        pairs = sum(1 for name in includes(page) if name.endswith("_torch.py"))
        if words > MAX_WORDS * 1.05 or pairs > MAX_PAIRS:
            too_long.append(f"docs/en/{section}: {words} words, {pairs} example pairs")
    assert not too_long, (
        f"a section page is one lesson (≤ about {MAX_WORDS} words, ≤ {MAX_PAIRS} "
        "example pairs); split these:\n" + "\n".join(too_long)
    )
