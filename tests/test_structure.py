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
