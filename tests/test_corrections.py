"""Appendix C keeps its promise: every correction points at a section that covers it.

Each entry of ``docs/<lang>/appendix/corrections.md`` is a ``### Title { #cN-name }``
heading followed by the post's words, what is right, and an "In the book" paragraph
(``**In the book**:`` / ``**本书**：``) of links to the sections that explain it. Every
one of those links names, with attr_list, the term its section must contain::

    [Complexity](../attention/efficiency.md#complexity){ data-covers="n^2" }

Several terms are separated by ``;`` and must all occur (a term cannot hold ``"``,
``{`` or ``}``). The test resolves the link in
the same language tree, takes the section the anchor opens (from its heading to the
next heading of the same or a higher level; the whole page when the link has no
anchor), and looks for each term in that section's own Markdown, case-insensitively,
with snippet includes, link targets and attribute blocks removed (so a term that only
occurs in a file name or an included example does not count). When a section is
rewritten and no longer mentions what the correction relies on, the entry fails here,
by name, instead of silently sending readers to a page that does not explain it.

It also checks that the two languages list the same entries in the same order with the
same link targets, and that appendix C and the chapters' "What the original posts got
wrong" lists (``{ #what-the-posts-got-wrong }`` on each ``questions.md``) name the same
corrections, chapter by chapter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.book import ANCHOR, DOCS, HEADING, INCLUDE, LANGUAGES, ROOT

PAGE = "appendix/corrections.md"
IN_THE_BOOK = {"en": "**In the book**:", "zh": "**本书**："}
CHAPTER = re.compile(r"^## .*\{ #ch(\d+) \}\s*$")
ENTRY = re.compile(r"^### (?P<title>.*?)\s*\{ #(?P<id>c(?P<chapter>\d+)-[\w-]+) \}\s*$")
# [text](target){ attrs }; the text may hold `code` and one level of brackets.
LINK = re.compile(
    r"\[(?P<text>(?:[^\[\]]|\[[^\]]*\])*)\]\((?P<target>[^)\s]+)\)"
    r"(?:\{(?P<attrs>[^}]*)\})?"
)
COVERS = re.compile(r'data-covers="(?P<terms>[^"]*)"')
QUESTIONS_SECTION = "what-the-posts-got-wrong"
TO_APPENDIX = re.compile(r"\(\.\./appendix/corrections\.md#(?P<id>[\w-]+)\)")


@dataclass
class Link:
    text: str
    target: str
    terms: list[str]


@dataclass
class Entry:
    id: str
    title: str
    chapter: int
    section: str  # the `## … { #chNN }` it sits under
    links: list[Link] = field(default_factory=list)
    in_the_book: int = 0  # how many "In the book" paragraphs it has


def _lines_outside_fences(text: str) -> list[tuple[str, bool]]:
    """Each line with whether it is Markdown (True) or inside a code fence (False)."""
    out, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            out.append((line, False))
            continue
        out.append((line, not fenced))
    return out


def entries(language: str) -> list[Entry]:
    """Appendix C's entries, in page order, with their "In the book" links."""
    found: list[Entry] = []
    section = ""
    marker = IN_THE_BOOK[language]
    for line, markdown in _lines_outside_fences(
        (DOCS / language / PAGE).read_text(encoding="utf-8")
    ):
        if not markdown:
            continue
        chapter = CHAPTER.match(line)
        if chapter:
            section = f"ch{chapter[1]}"
            continue
        entry = ENTRY.match(line)
        if entry:
            found.append(
                Entry(entry["id"], entry["title"], int(entry["chapter"]), section)
            )
            continue
        if line.startswith(marker) and found:
            found[-1].in_the_book += 1
            for link in LINK.finditer(line):
                covers = COVERS.search(link["attrs"] or "")
                terms = (
                    [t.strip() for t in covers["terms"].split(";") if t.strip()]
                    if covers
                    else []
                )
                found[-1].links.append(Link(link["text"], link["target"], terms))
    return found


def resolve(language: str, target: str) -> tuple[Path, str | None]:
    """The page a link of appendix C points at, and its anchor (None: whole page)."""
    path, _, anchor = target.partition("#")
    here = DOCS / language / PAGE
    page = here if not path else (here.parent / path).resolve()
    return page, anchor or None


def section_text(page: Path, anchor: str | None, raw: bool = False) -> str | None:
    """The Markdown of the section an anchor opens; None if no heading has it.

    From the heading with ``{ #anchor }`` to the next heading of the same or a higher
    level, with include lines, link targets and attribute blocks removed: what a reader
    of that section reads, not what an included example or a URL happens to contain.
    """
    lines = _lines_outside_fences(page.read_text(encoding="utf-8"))
    start, level = (0, 0) if anchor is None else (None, 0)
    if anchor is not None:
        for number, (line, markdown) in enumerate(lines):
            heading = HEADING.match(line) if markdown else None
            found = ANCHOR.search(heading[2]) if heading else None
            if found and found[1] == anchor:
                start, level = number, len(heading[1])
                break
        if start is None:
            return None
    kept = []
    for number, (line, markdown) in enumerate(lines[start:], start):
        heading = HEADING.match(line) if markdown else None
        if heading and number > start and len(heading[1]) <= level:
            break
        if INCLUDE.match(line):
            continue
        kept.append(line)
    text = "\n".join(kept)
    if raw:
        return text
    text = re.sub(r"\]\([^)\s]*\)", "]", text)  # [text](target) -> [text]
    text = re.sub(r"\{[:\s][^{}]*\}", " ", text)  # { #anchor } and { attrs }
    return text


def _normalize(text: str) -> str:
    return re.sub(r"\s+", " ", text).casefold()


ENTRIES = {language: entries(language) for language in LANGUAGES}
LINKS = [
    pytest.param(language, entry, link, id=f"{language}:{entry.id}:{n}")
    for language in LANGUAGES
    for entry in ENTRIES[language]
    for n, link in enumerate(entry.links, 1)
]


def test_appendix_c_has_entries():
    for language in LANGUAGES:
        assert ENTRIES[language], (
            f"no '### … {{ #cN-… }}' entries in docs/{language}/{PAGE}"
        )


@pytest.mark.parametrize(
    "language, entry",
    [(lang, e) for lang in LANGUAGES for e in ENTRIES[lang]],
    ids=lambda x: x if isinstance(x, str) else x.id,
)
def test_every_entry_says_where_the_book_covers_it(language, entry: Entry):
    marker = IN_THE_BOOK[language]
    assert entry.in_the_book == 1, (
        f"docs/{language}/{PAGE}#{entry.id} ({entry.title}): needs exactly one "
        f"paragraph starting with {marker!r}; found {entry.in_the_book}"
    )
    assert entry.section == f"ch{entry.chapter:02d}", (
        f"docs/{language}/{PAGE}#{entry.id}: sits under '## … {{ #{entry.section} }}', "
        f"but its id says chapter {entry.chapter} (ch{entry.chapter:02d})"
    )


@pytest.mark.parametrize("language, entry, link", LINKS)
def test_each_link_points_at_a_section_that_covers_the_claim(language, entry, link):
    where = f"docs/{language}/{PAGE}#{entry.id} ({entry.title}), link [{link.text}]"
    assert not re.match(r"[a-z]+:", link.target), (
        f"{where}: 'In the book' links go to the book's own pages, not to "
        f"{link.target}; put external references in the text"
    )
    assert link.terms, (
        f"{where}: give the term the corrected claim relies on, e.g. [{link.text}]"
        f'({link.target}){{ data-covers="…" }}; the test checks that the section '
        "still contains it"
    )
    page, anchor = resolve(language, link.target)
    tree = DOCS / language
    assert page.is_relative_to(tree) and page.is_file(), (
        f"{where}: {link.target} is not a page of docs/{language}/"
    )
    text = section_text(page, anchor)
    name = page.relative_to(ROOT).as_posix()
    assert text is not None, f"{where}: {name} has no heading with {{ #{anchor} }}"
    body = _normalize(text)
    missing = [term for term in link.terms if _normalize(term) not in body]
    assert not missing, (
        f"{where}: the section {name}{'#' + anchor if anchor else ''} no longer "
        f"mentions {missing}; point the link at the section that explains the "
        "correction, or change data-covers if the section says it in other words"
    )


def test_both_languages_list_the_same_corrections():
    zh, en = ENTRIES["zh"], ENTRIES["en"]
    assert [e.id for e in zh] == [e.id for e in en], (
        f"docs/zh/{PAGE} and docs/en/{PAGE} list different entries or orders:\n"
        f"  zh: {[e.id for e in zh]}\n  en: {[e.id for e in en]}"
    )
    different = [
        f"  #{a.id}: zh {[x.target for x in a.links]}\n"
        f"  {' ' * len(a.id)}  en {[x.target for x in b.links]}"
        for a, b in zip(zh, en, strict=True)
        if [x.target for x in a.links] != [x.target for x in b.links]
    ]
    assert not different, (
        "the zh and en entries must send readers to the same sections, in the same "
        "order:\n" + "\n".join(different)
    )


def _chapter_lists(language: str) -> dict[int, list[tuple[str, list[str], set]]]:
    """Per chapter: its 'what the posts got wrong' bullets, their C links, their targets.

    A target is (page, anchor) of a link to one of the book's own sections.
    """
    found: dict[int, list[tuple[str, list[str], set]]] = {}
    for page in sorted((DOCS / language).glob("*/questions.md")):
        text = page.read_text(encoding="utf-8")
        number = re.match(r"# (\d+)\.\d+ ", text)
        assert number, f"{page.relative_to(ROOT)}: title must start '# N.k '"
        raw = section_text(page, QUESTIONS_SECTION, raw=True)
        assert raw is not None, (
            f"{page.relative_to(ROOT)}: no '## … {{ #{QUESTIONS_SECTION} }}' section"
        )
        bullets = []
        for line in raw.splitlines():
            if not line.startswith("- "):
                continue
            ids = [m["id"] for m in TO_APPENDIX.finditer(line)]
            targets = set()
            for link in LINK.finditer(line):
                path, _, anchor = link["target"].partition("#")
                if re.match(r"[a-z]+:", path) or "appendix/" in path:
                    continue
                resolved = page if not path else (page.parent / path).resolve()
                targets.add((resolved, anchor or None))
            bullets.append((line, ids, targets))
        found[int(number[1])] = bullets
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_chapters_and_appendix_c_list_the_same_corrections(language):
    """Each chapter's list and appendix C name the same corrections.

    A bullet names its entry by linking it; a bullet that links only the section that
    corrects the claim counts as naming an entry of its chapter whose "In the book"
    links include that section.
    """
    listed = _chapter_lists(language)
    by_chapter: dict[int, list[Entry]] = {}
    for entry in ENTRIES[language]:
        by_chapter.setdefault(entry.chapter, []).append(entry)
    problems = []
    for chapter, bullets in sorted(listed.items()):
        mine = by_chapter.get(chapter, [])
        named: list[str] = []
        for line, ids, targets in bullets:
            if not ids:
                ids = [
                    e.id
                    for e in mine
                    if targets & {resolve(language, x.target) for x in e.links}
                ]
            if not ids:
                problems.append(
                    f"chapter {chapter}: this correction has no entry in appendix C "
                    f"(add one to docs/{language}/{PAGE} and link it): {line[:90]}"
                )
            named += ids
        for missing in [i for i in named if i not in [e.id for e in mine]]:
            problems.append(
                f"chapter {chapter} links {PAGE}#{missing}, which is not an entry "
                f"of its chapter in appendix C"
            )
        for unlisted in [e.id for e in mine if e.id not in named]:
            problems.append(
                f"appendix C #{unlisted} is not in chapter {chapter}'s "
                f"'{QUESTIONS_SECTION}' list"
            )
    for chapter in sorted(set(by_chapter) - set(listed)):
        problems.append(
            f"appendix C has entries for chapter {chapter}, which has no questions.md"
        )
    assert not problems, f"docs/{language}:\n  " + "\n  ".join(problems)
