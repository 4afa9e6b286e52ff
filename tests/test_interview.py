"""Appendix A keeps its promise: every question the original posts ask has an answer.

``tests/seed_questions.yml`` lists every question of the five seed posts (their interview
lists, the attention list, the tuning list and the coding questions), in order, with the
id of the appendix A entry that answers it. This test

- extracts the questions from the posts again (``../shared/seeds``, or the folder named by
  ``BOOK_SEEDS``) and checks that the map holds exactly those, with the posts' wording;
- checks that every entry the map names is a ``### Question { #a-… }`` heading of
  ``docs/<lang>/appendix/interview.md`` in both languages, and that the pages hold no
  entry the map does not use;
- checks that both languages have the same chapter groups (``## … { #chN }``), the same
  entries in the same order and the same links;
- resolves every link of every entry: the page must exist in the same language tree and
  the anchor must be a heading id (or an example/attribute id) on it; an entry's first
  link goes into the chapter it is grouped under.

The seed posts are not part of this repository. When the folder is missing the extraction
check is skipped locally, and fails when ``BOOK_SEEDS`` names a folder that does not exist
(CI sets it, so CI always runs it).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from tests.book import DOCS, LANGUAGES, ROOT

MAP = ROOT / "tests" / "seed_questions.yml"
PAGE = "appendix/interview.md"

# How each post marks a question (002 is a book outline and asks none).
QUESTION_LINES = {
    "000": [
        re.compile(
            r"^\*\*\d+\. (?P<q>.+)\*\*\s*$"
        ),  # interview list and coding questions
        re.compile(r"^(?:<\|assistant\|>)?### \d+\. (?P<q>.+?)\s*$"),  # §6-§20
    ],
    "001": [re.compile(r"^\*\*面试题：\*\*\s*(?P<q>.+?)\s*$")],
    "002": [],
    "003": [re.compile(r"^\*\*题目：\*\*\s*(?P<q>.+?)\s*$")],
    "004": [re.compile(r"^#### \d+\. (?P<q>.+?)\s*$")],
}
GROUP = re.compile(r"^## .*\{ #ch(?P<chapter>\d+) \}\s*$")
ENTRY = re.compile(r"^### (?P<title>.+?)\s*\{ #(?P<id>a-[\w-]+) \}\s*$")
LINK = re.compile(r"\[(?:[^\[\]]|\[[^\]]*\])*\]\((?P<target>[^)\s]+)\)")
IDS = re.compile(r"\{[^}]*#(?P<id>[\w-]+)[^}]*\}")


def seeds_folder() -> Path | None:
    named = os.environ.get("BOOK_SEEDS")
    folder = Path(named) if named else ROOT.parent / "shared" / "seeds"
    if not folder.is_absolute():
        folder = (ROOT / folder).resolve()
    if folder.is_dir():
        return folder
    if named:
        pytest.fail(
            f"BOOK_SEEDS={named}: no such folder (the five seed posts go there)"
        )
    return None


def the_map() -> list[dict]:
    items = yaml.safe_load(MAP.read_text(encoding="utf-8"))
    assert isinstance(items, list) and items, (
        f"{MAP.relative_to(ROOT)} holds no questions"
    )
    for number, item in enumerate(items, 1):
        assert set(item) == {"seed", "line", "asks", "entry"}, (
            f"{MAP.relative_to(ROOT)}: question {number} needs exactly seed, line, asks, "
            f"entry; it has {sorted(item)}"
        )
        assert item["entry"], (
            f"{MAP.relative_to(ROOT)}: seed {item['seed']} line {item['line']} "
            f"({item['asks']}) names no appendix A entry"
        )
    return items


def entries(language: str) -> tuple[list[tuple[int, str]], dict[str, list[str]]]:
    """[(chapter, entry id)] in page order, and each entry's link targets."""
    page = DOCS / language / PAGE
    order, links, chapter, current = [], {}, None, None
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        group = GROUP.match(line)
        if group:
            chapter, current = int(group["chapter"]), None
            continue
        if line.startswith("## "):
            chapter, current = None, None
            continue
        entry = ENTRY.match(line)
        if entry:
            assert chapter is not None, (
                f"docs/{language}/{PAGE}:{number}: entry #{entry['id']} sits outside a "
                "'## … { #chN }' chapter group"
            )
            current = entry["id"]
            order.append((chapter, current))
            links[current] = []
            continue
        if line.startswith("#"):
            current = None
        if current:
            links[current] += [m["target"] for m in LINK.finditer(line)]
    return order, links


def test_the_map_holds_every_question_the_posts_ask():
    folder = seeds_folder()
    if folder is None:
        pytest.skip("the seed posts are not here (../shared/seeds); set BOOK_SEEDS")
    asked = []
    for post in sorted(folder.glob("*.txt")):
        seed = post.name[:3]
        assert seed in QUESTION_LINES, f"{post.name}: a post this test does not know"
        for line_number, line in enumerate(
            post.read_text(encoding="utf-8").splitlines(), 1
        ):
            for pattern in QUESTION_LINES[seed]:
                found = pattern.match(line)
                if found:
                    asked.append((seed, line_number, found["q"]))
                    break
    assert len({seed for seed, _, _ in asked}) == 4, "expected questions in four posts"
    mapped = [(item["seed"], item["line"], item["asks"]) for item in the_map()]
    missing = [f"{s} line {n}: {q}" for s, n, q in asked if (s, n, q) not in mapped]
    extra = [f"{s} line {n}: {q}" for s, n, q in mapped if (s, n, q) not in asked]
    assert not missing and not extra, (
        f"{MAP.relative_to(ROOT)} must list exactly the posts' questions;\n"
        "missing:\n  "
        + "\n  ".join(missing)
        + "\nnot in the posts:\n  "
        + "\n  ".join(extra)
    )
    assert mapped == sorted(mapped, key=lambda item: (item[0], item[1])), (
        f"{MAP.relative_to(ROOT)}: keep the questions in the posts' order"
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_question_has_an_entry_and_every_entry_a_question(language):
    order, _ = entries(language)
    ids = [entry for _, entry in order]
    duplicated = sorted({entry for entry in ids if ids.count(entry) > 1})
    assert not duplicated, f"docs/{language}/{PAGE}: ids used twice: {duplicated}"
    used = {item["entry"] for item in the_map()}
    unknown = sorted(used - set(ids))
    unused = sorted(set(ids) - used)
    assert not unknown, (
        f"{MAP.relative_to(ROOT)} names entries that docs/{language}/{PAGE} lacks: {unknown}"
    )
    assert not unused, (
        f"docs/{language}/{PAGE} has entries no question of the posts maps to: {unused}"
    )


def test_both_languages_have_the_same_entries_and_links():
    (zh_order, zh_links), (en_order, en_links) = (
        entries(lang) for lang in ("zh", "en")
    )
    assert zh_order == en_order, (
        f"docs/zh/{PAGE} and docs/en/{PAGE} must group the same entries in the same order"
    )
    differ = [entry for _, entry in zh_order if zh_links[entry] != en_links[entry]]
    assert not differ, f"entries whose links differ between zh and en: {differ}"
    chapters = [chapter for chapter, _ in zh_order]
    assert chapters == sorted(chapters), f"docs/*/{PAGE}: chapter groups out of order"


def anchors_of(page: Path) -> set[str]:
    found = set()
    for line in page.read_text(encoding="utf-8").splitlines():
        found.update(match["id"] for match in IDS.finditer(line))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_links_to_the_section_that_covers_it(language):
    order, links = entries(language)
    chapter_folders = chapter_folder_by_number()
    base = (DOCS / language / PAGE).parent
    problems = []
    for chapter, entry in order:
        targets = [t for t in links[entry] if not t.startswith(("http://", "https://"))]
        if not targets:
            problems.append(f"#{entry}: no link to a section")
            continue
        first = targets[0].split("#")[0]
        folder = chapter_folders.get(chapter)
        if folder and not first.startswith(f"../{folder}/"):
            problems.append(
                f"#{entry}: grouped under chapter {chapter}, so its first link must go "
                f"into ../{folder}/, not {targets[0]}"
            )
        for target in targets:
            path, _, anchor = target.partition("#")
            page = (base / path).resolve() if path else DOCS / language / PAGE
            if not page.is_file():
                problems.append(f"#{entry}: {target}: no such page")
            elif anchor and anchor not in anchors_of(page):
                problems.append(f"#{entry}: {target}: no #{anchor} on that page")
    assert not problems, f"docs/{language}/{PAGE}:\n  " + "\n  ".join(problems)


def chapter_folder_by_number() -> dict[int, str]:
    from tests.test_structure import CHAPTERS

    return {number: folder for number, folder, _, _ in CHAPTERS}
