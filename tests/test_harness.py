"""The page tests fail loudly, and point at the page, the snippet file and the line.

Each case writes a tiny book into a temporary folder (its own mkdocs.yml, a page, a
snippet), runs pytest on it with this repository's page plugin, and reads the report.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.book import ROOT

MKDOCS_YML = """\
site_name: harness
docs_dir: docs
markdown_extensions:
  - pymdownx.superfences
  - pymdownx.tabbed:
      alternate_style: true
  - pymdownx.snippets:
      base_path: ["."]
      check_paths: true
"""

BROKEN_SNIPPET = """\
import numpy as np


def normalise(x):
    return x / x.sum()


print(normalise(np.array([1.0, 3.0])))
print(normalise("not an array"))
"""

TABBED_PAGE = """\
# A page

Some prose.

=== "PyTorch"

    ```python title="snippets/broken.py"
    --8<-- "snippets/broken.py"
    ```
"""


# The mini books need only NumPy in the fork server (the book's preloads the frameworks).
ENV = dict(os.environ, PYTHONPATH=str(ROOT), BOOK_PRELOAD="numpy")


def run_book(tmp_path: Path, files: dict[str, str]) -> subprocess.CompletedProcess:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    (tmp_path / "pytest.ini").write_text(
        "[pytest]\ntestpaths = docs\n"
        "addopts = -p tests.pages -p no:codeblocks -p no:cacheprovider\n"
    )
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--rootdir", str(tmp_path), "-q"],
        cwd=tmp_path,
        env=ENV,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_broken_snippet_names_its_page_file_and_line(tmp_path):
    run = run_book(
        tmp_path,
        {"docs/zh/broken.md": TABBED_PAGE, "snippets/broken.py": BROKEN_SNIPPET},
    )
    report = run.stdout
    assert run.returncode == 1, report
    assert "docs/zh/broken.md:7: python block (code from snippets/broken.py)" in report
    assert 'File "snippets/broken.py", line 9' in report
    assert 'File "snippets/broken.py", line 5' in report
    assert "AttributeError: 'str' object has no attribute 'sum'" in report
    assert "1 failed" in report


def test_wrong_output_shows_a_diff_and_the_out_file(tmp_path):
    page = TABBED_PAGE + textwrap.indent(
        '\n<!--pytest-codeblocks:expected-output-->\n\n```text\n--8<-- "snippets/ok.out"\n```\n',
        "    ",
    )
    run = run_book(
        tmp_path,
        {
            "docs/en/page.md": page.replace("broken.py", "ok.py"),
            "snippets/ok.py": "print(sum([1, 2, 3]))\n",
            "snippets/ok.out": "7\n",
        },
    )
    assert run.returncode == 1, run.stdout
    assert "output differs from the expected-output block" in run.stdout
    assert "-7" in run.stdout and "+6" in run.stdout
    assert "--update-outputs to rewrite snippets/ok.out" in run.stdout


def test_a_failing_assert_points_at_its_line(tmp_path):
    run = run_book(
        tmp_path,
        {
            "docs/zh/page.md": TABBED_PAGE.replace("broken.py", "claim.py"),
            "snippets/claim.py": "weights = [0.2, 0.3]\nassert sum(weights) == 1, 'weights sum to 1'\n",
        },
    )
    assert run.returncode == 1, run.stdout
    assert 'File "snippets/claim.py", line 2' in run.stdout
    assert "AssertionError: weights sum to 1" in run.stdout


@pytest.mark.parametrize(
    "fence, complaint",
    [
        (
            "```python\nprint('pasted')\n```",
            ":3: a ```python block must hold exactly one",
        ),
        ('```py\n--8<-- "snippets/ok.py"\n```', ":3: fence language 'py' is not one"),
        (
            '```python hl_lines="1"\n--8<-- "snippets/ok.py"\n```',
            ":3: fence attribute 'hl_lines'",
        ),
        ('```{.python}\n--8<-- "snippets/ok.py"\n```', ":3: fence info '{.python}'"),
        (
            '```python\n--8<-- "snippets/missing.py"\n```',
            ":4: the include 'snippets/missing.py' points nowhere",
        ),
    ],
    ids=[
        "pasted code",
        "unknown language",
        "unknown attribute",
        "braces",
        "missing include",
    ],
)
def test_fences_pytest_codeblocks_would_skip_fail_instead(tmp_path, fence, complaint):
    run = run_book(
        tmp_path,
        {"docs/zh/page.md": f"# Page\n\n{fence}\n", "snippets/ok.py": "print(1)\n"},
    )
    assert run.returncode != 0, run.stdout
    assert "docs/zh/page.md" + complaint in run.stdout, run.stdout


def test_identical_blocks_on_two_languages_run_once(tmp_path):
    page = TABBED_PAGE.replace("broken.py", "ok.py")
    run = run_book(
        tmp_path,
        {
            "docs/zh/page.md": page,
            "docs/en/page.md": page,
            "snippets/ok.py": "print(1)\n",
        },
    )
    assert run.returncode == 0, run.stdout
    assert "1 passed" in run.stdout, run.stdout
    assert (
        "1 blocks executed (1 identical blocks on other pages ran once)" in run.stdout
    )


def test_update_outputs_rewrites_the_out_file(tmp_path):
    page = TABBED_PAGE.replace("broken.py", "ok.py") + textwrap.indent(
        '\n<!--pytest-codeblocks:expected-output-->\n\n```text\n--8<-- "snippets/ok.out"\n```\n',
        "    ",
    )
    files = {
        "docs/en/page.md": page,
        "snippets/ok.py": "print(6)\n",
        "snippets/ok.out": "",
    }
    first = run_book(tmp_path, files)
    assert first.returncode == 1
    subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--update-outputs"],
        cwd=tmp_path,
        env=ENV,
        capture_output=True,
        check=True,
    )
    assert (tmp_path / "snippets/ok.out").read_text() == "6\n"


def test_touching_runs_only_the_blocks_that_show_a_file(tmp_path):
    page = TABBED_PAGE.replace("broken.py", "ok.py") + (
        '\n=== "TensorFlow"\n\n    ```python\n    --8<-- "snippets/other.py"\n    ```\n'
    )
    files = {
        "docs/zh/page.md": page,
        "snippets/ok.py": "print(1)\n",
        "snippets/other.py": "raise SystemExit('must not run')\n",
    }
    run_book(tmp_path, files)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--touching", "snippets/ok.py"],
        cwd=tmp_path,
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout
    assert "1 passed, 1 deselected" in run.stdout, run.stdout


FRESH_SNIPPET = """\
# book: run in a fresh process
import multiprocessing as mp
import sys


def square(x):
    return x * x


if __name__ == "__main__":
    # spawn re-imports this file in the workers: it only works when run as a script
    with mp.get_context("spawn").Pool(2) as pool:
        print(pool.map(square, [1, 2, 3]))
    assert "pytest" not in sys.modules, "ran inside the test process"
"""


def test_a_fresh_process_block_runs_as_its_own_script(tmp_path):
    page = TABBED_PAGE + textwrap.indent(
        '\n<!--pytest-codeblocks:expected-output-->\n\n```text\n--8<-- "snippets/fresh.out"\n```\n',
        "    ",
    )
    files = {
        "docs/en/page.md": page.replace("broken.py", "fresh.py"),
        "snippets/fresh.py": FRESH_SNIPPET,
        "snippets/fresh.out": "[1, 4, 9]\n",
    }
    run = run_book(tmp_path, files)
    assert run.returncode == 0, run.stdout + run.stderr
    files["snippets/fresh.py"] = FRESH_SNIPPET.replace("[1, 2, 3]", "[1, 2, 'a']")
    run = run_book(tmp_path, files)
    assert run.returncode == 1, run.stdout
    assert "ran in its own process" in run.stdout
    assert 'File "snippets/fresh.py"' in run.stdout, run.stdout
    assert "TypeError" in run.stdout


LEAKY = """\
import json
import os

import numpy as np

np.set_printoptions(precision=1)
np.book_marker = "left by the first block"
json.book_marker = "left by the first block"
os.environ["BOOK_MARKER"] = "left by the first block"
open("left-behind.txt", "w").write("x")
print("changed")
"""

PRINTS_STATE = """\
import json
import os
import sys

import numpy as np

print(np.array([0.123456]), getattr(np, "book_marker", None))
print(getattr(json, "book_marker", None), os.environ.get("BOOK_MARKER"))
print(sorted(os.listdir(".")), __name__, os.path.basename(__file__))
print("pytest" in sys.modules)
"""


def test_each_block_starts_from_a_fresh_interpreter_state(tmp_path):
    """Nothing the first block sets reaches the second; it runs like ``python file``."""
    alone = tmp_path / "alone"  # what a reader sees: the file alone, run by python
    alone.mkdir()
    (alone / "second.py").write_text(PRINTS_STATE)
    expected = subprocess.run(
        [sys.executable, "second.py"], cwd=alone, capture_output=True, text=True
    )
    assert expected.returncode == 0, expected.stderr
    assert "None None" in expected.stdout
    page = "# Page\n\n" + "".join(
        f'```python\n--8<-- "snippets/{name}.py"\n```\n\n'
        "<!--pytest-codeblocks:expected-output-->\n\n"
        f'```text\n--8<-- "snippets/{name}.out"\n```\n\n'
        for name in ("first", "second")
    )
    run = run_book(
        tmp_path / "book",
        {
            "docs/zh/page.md": page,
            "snippets/first.py": LEAKY,
            "snippets/first.out": "changed\n",
            "snippets/second.py": PRINTS_STATE,
            "snippets/second.out": expected.stdout,
        },
    )
    assert run.returncode == 0, run.stdout
    assert "2 passed" in run.stdout, run.stdout
    assert not (tmp_path / "book" / "left-behind.txt").exists()


def test_a_declared_tolerance_allows_numbers_to_move_and_no_more(tmp_path):
    page = TABBED_PAGE.replace("broken.py", "noisy.py") + textwrap.indent(
        '\n<!--pytest-codeblocks:expected-output-->\n\n```text\n--8<-- "snippets/noisy.out"\n```\n',
        "    ",
    )
    snippet = "# book: tolerance ±0.01\nprint('loss 0.503, accuracy 0.91')\n"
    files = {
        "docs/en/page.md": page,
        "snippets/noisy.py": snippet,
        "snippets/noisy.out": "loss 0.498, accuracy 0.91\n",
    }
    run = run_book(tmp_path, files)
    assert run.returncode == 0, run.stdout
    files["snippets/noisy.out"] = "loss 0.480, accuracy 0.91\n"
    run = run_book(tmp_path, files)
    assert run.returncode == 1, run.stdout
    assert "numbers may move by ±0.01, as the example declares" in run.stdout
    files["snippets/noisy.out"] = "loss 0.503, accurate 0.91\n"
    run = run_book(tmp_path, files)
    assert run.returncode == 1, run.stdout  # the words must match exactly


def test_shards_split_the_blocks_and_cover_them_all(tmp_path):
    names = [f"b{i}" for i in range(5)]
    page = "# Page\n\n" + "".join(
        f'```python\n--8<-- "snippets/{name}.py"\n```\n\n' for name in names
    )
    files = {"docs/zh/page.md": page}
    files.update({f"snippets/{name}.py": f"print('{name}')\n" for name in names})
    run_book(tmp_path, files)
    seen = []
    for part in ("1/2", "2/2"):
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "--shard", part, "-rA"],
            cwd=tmp_path,
            env=ENV,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stdout
        seen += [n for n in names if f"snippets/{n}.py" in run.stdout]
        assert "deselected" in run.stdout, run.stdout
    assert sorted(seen) == names
