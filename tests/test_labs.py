"""A lab runs its snippets when the site is built, and an error fails the build.

Builds a two-language mini site with this repository's hook and plugins, once with a
lab whose snippet works and once with one that raises.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.book import ROOT

MKDOCS_YML = """\
site_name: lab test
theme:
  name: material
  custom_dir: overrides
hooks:
  - hooks/labs.py
plugins:
  - i18n:
      docs_structure: folder
      languages:
        - {locale: zh, name: 简体中文, default: true, build: true}
        - {locale: en, name: English, build: true}
  - mkdocs-jupyter:
      include: ["*.ipynb"]
      execute: false
      include_source: true
      cache: false
markdown_extensions:
  - pymdownx.snippets:
      base_path: ["."]
      check_paths: true
"""

LAB = """\
# %% [markdown]
# # {title}

# %%
--8<-- "snippets/step.py"
"""


def build(tmp_path: Path, step: str) -> subprocess.CompletedProcess:
    (tmp_path / "mkdocs.yml").write_text(MKDOCS_YML)
    for folder in ("hooks", "overrides", "requirements"):
        shutil.copytree(ROOT / folder, tmp_path / folder, dirs_exist_ok=True)
    (tmp_path / "snippets").mkdir(exist_ok=True)
    (tmp_path / "snippets" / "step.py").write_text(step)
    for language, title in (("zh", "实验"), ("en", "Lab")):
        folder = tmp_path / "docs" / language
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "index.md").write_text(f"# {title}\n\n[lab](lab.py)\n")
        (folder / "lab.py").write_text(LAB.format(title=title))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_lab_is_executed_once_and_offered_in_both_languages(tmp_path):
    run = build(tmp_path, "print(6 * 7)\n")
    assert run.returncode == 0, run.stderr
    assert run.stderr.count(": executing") == 1, "zh and en share one execution"
    for prefix in ("", "en/"):
        notebook = json.loads(
            (tmp_path / "site" / prefix / "lab" / "lab.ipynb").read_text()
        )
        code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
        assert "".join(code[0]["source"]) == "print(6 * 7)", "the snippet is the cell"
        assert "".join(code[0]["outputs"][0]["text"]) == "42\n"


def test_an_error_in_a_lab_fails_the_build_and_names_the_snippet(tmp_path):
    run = build(tmp_path, "raise ValueError('broken on purpose')\n")
    assert run.returncode != 0
    assert "lab docs/zh/lab.py failed, code cell 1 (snippets/step.py)" in run.stderr
    assert "ValueError: broken on purpose" in run.stderr
