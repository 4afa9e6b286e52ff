"""MkDocs hook: lab notebooks written as jupytext scripts whose code comes from snippets/.

A lab is ``docs/<lang>/<chapter>/lab.py`` in jupytext's percent format. Its Markdown
cells are written in the page's language; each code cell holds ``--8<--`` include
lines, expanded with the same pymdownx.snippets settings the pages use, so the
notebook runs exactly the files the tests and the chapter show.

For every lab this hook

1. expands the includes and executes the notebook with nbclient, failing the build on
   any error. Execution is cached by the code cells (plus the pinned requirements),
   so the zh and en labs, which must share their code, execute once between them;
2. writes the executed ``lab.ipynb`` under ``.cache/labs/`` and turns the file into a
   documentation page whose source is that notebook, so mkdocs-jupyter renders it
   (and, with ``include_source``, copies it next to the page for download).

It also works around mkdocs-static-i18n dropping mkdocs-jupyter's own file objects
(ultrabug/mkdocs-static-i18n#198): it runs after i18n (priority -110) and marks the
file as a page itself.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import posixpath
import re
from html import escape
from pathlib import Path
from types import SimpleNamespace

import jupytext
import nbformat
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.hooks.labs")

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("BOOK_LABS_CACHE", ROOT / ".cache" / "labs"))
LAB_NAME = "lab.py"
REQUIREMENTS = ROOT / "requirements" / "book.txt"

ANSI = re.compile(r"\x1b\[[0-9;]*m")

_executed: dict[str, list[dict]] = {}


def is_lab(src_uri: str) -> bool:
    return posixpath.basename(src_uri) == LAB_NAME


def expand_includes(text: str, snippet_config: dict) -> str:
    """Expand ``--8<--`` lines exactly as the site does (pymdownx.snippets)."""
    import markdown

    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": snippet_config},
    )
    lines = md.preprocessors["snippet"].run(text.split("\n"))
    return "\n".join(lines)


def snippet_config(config) -> dict:
    options = dict(config.mdx_configs.get("pymdownx.snippets", {}))
    base = [str((ROOT / p).resolve()) for p in options.get("base_path", ["."])]
    options["base_path"] = base
    return options


def read_lab(path: Path, snippets: dict) -> nbformat.NotebookNode:
    nb = jupytext.read(path, fmt="py:percent")
    for cell in nb.cells:
        if cell.cell_type == "code":
            included = re.findall(r'--8<--\s+"([^"]+)"', cell.source)
            cell.metadata["included"] = included  # for error messages; dropped below
            cell.source = expand_includes(cell.source, snippets).strip("\n")
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata.pop("jupytext", None)
    return nb


def code_key(nb: nbformat.NotebookNode) -> str:
    digest = hashlib.sha256(REQUIREMENTS.read_bytes())
    for cell in nb.cells:
        if cell.cell_type == "code":
            digest.update(b"\0cell\0" + cell.source.encode())
    return digest.hexdigest()[:20]


def execute(nb: nbformat.NotebookNode, source: Path) -> list[dict]:
    """Run the notebook's code cells; return each code cell's outputs."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    key = code_key(nb)
    if key in _executed:
        return _executed[key]
    cached = CACHE / f"outputs-{key}.json"
    if cached.exists():
        _executed[key] = json.loads(cached.read_text(encoding="utf-8"))
        log.info("lab %s: outputs from cache", source.relative_to(ROOT))
        return _executed[key]

    log.info("lab %s: executing", source.relative_to(ROOT))
    code_only = nbformat.v4.new_notebook(metadata=copy.deepcopy(nb.metadata))
    code_only.cells = [copy.deepcopy(c) for c in nb.cells if c.cell_type == "code"]
    client = NotebookClient(
        code_only,
        timeout=300,
        kernel_name="python3",
        allow_errors=False,
        resources={"metadata": {"path": str(ROOT)}},
    )
    try:
        client.execute(env={"TF_CPP_MIN_LOG_LEVEL": "2", "MPLBACKEND": "inline"})
    except CellExecutionError as err:
        failed = [
            (number, cell)
            for number, cell in enumerate(code_only.cells, start=1)
            if any(o.get("output_type") == "error" for o in cell.get("outputs", []))
        ]
        where = ""
        if failed:
            number, cell = failed[0]
            where = (
                f", code cell {number} ({', '.join(cell.metadata.get('included', []))})"
            )
        message = ANSI.sub("", str(err))
        raise PluginError(
            f"lab {source.relative_to(ROOT)} failed{where}:\n{message}"
        ) from None
    outputs = [
        {"outputs": c.get("outputs", []), "execution_count": c.get("execution_count")}
        for c in code_only.cells
    ]
    CACHE.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(outputs), encoding="utf-8")
    _executed[key] = outputs
    return outputs


def build_notebook(source: Path, config) -> Path:
    nb = read_lab(source, snippet_config(config))
    outputs = iter(execute(nb, source))
    for cell in nb.cells:
        if cell.cell_type == "code":
            result = next(outputs)
            cell.outputs = [nbformat.from_dict(o) for o in result["outputs"]]
            cell.execution_count = result["execution_count"]
            cell.metadata.pop("execution", None)
            cell.metadata.pop("included", None)
    rel = source.relative_to(Path(config.docs_dir)).with_suffix("")
    target = CACHE / rel / "lab.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.validate(nb)
    nbformat.write(nb, target)
    return target


def _as_page(file: File, notebook: Path | None, site_dir: str) -> None:
    """Turn a ``.../lab.py`` file (and its language alternates) into a page."""
    stem = posixpath.splitext(file.dest_uri)[0]
    file.dest_uri = f"{stem}/index.html"
    file.abs_dest_path = str(Path(site_dir) / file.dest_uri)
    file.url = f"{stem}/"
    file.is_documentation_page = lambda: True  # type: ignore[method-assign]
    file.is_media_file = lambda: False  # type: ignore[method-assign]
    if notebook is not None:
        file.abs_src_path = str(notebook)


@event_priority(-110)  # after mkdocs-static-i18n (-100) has rebuilt the file list
def on_files(files: Files, config) -> Files:
    for file in list(files):
        if not is_lab(file.src_uri) or file.abs_src_path is None:
            continue
        if getattr(file, "_lab_done", False):
            continue
        notebook = build_notebook(Path(file.abs_src_path), config)
        _as_page(file, notebook, config.site_dir)
        file._lab_done = True
        _add_alternates(file, config)
    return files


def _add_alternates(file: File, config) -> None:
    """Give the language switcher the other languages' lab pages.

    mkdocs-static-i18n records alternates only for Markdown pages, and a lab source is
    not one when it runs; every lab exists in every language (a test checks it).
    """
    i18n = config.plugins.get("i18n")
    if i18n is None or not hasattr(file, "alternates"):
        return
    norm = posixpath.splitext(file.norm_src_uri)[0]
    for lang in i18n.all_languages:
        if lang in file.alternates and file.alternates[lang] is file:
            continue
        prefix = "" if lang == i18n.default_language else f"{lang}/"
        file.alternates[lang] = SimpleNamespace(url=f"{prefix}{norm}/", locale=lang)


HEADING = re.compile(r'<h([1-6])([^>]*?)\sid="[^"]*"([^>]*)>(.*?)</h\1>', re.S)
TAGS = re.compile(r"<[^>]+>")


def on_page_content(html: str, page, config, files) -> str:
    """Give notebook headings ids that work in any language, and a matching TOC.

    nbconvert leaves ``id=""`` on headings that have no ASCII letters (every Chinese
    heading), and mkdocs-jupyter builds the TOC with a different slugify, so the
    table of contents of a Chinese lab pointed nowhere.
    """
    if not is_lab(page.file.src_uri):
        return html
    from mkdocs.structure.toc import get_toc
    from pymdownx.slugs import slugify

    slug = slugify(case="lower")
    used: dict[str, int] = {}
    tokens: list[dict] = []
    stack: list[dict] = []

    def replace(match: re.Match) -> str:
        level, before, after, inner = match.groups()
        name = TAGS.sub("", inner).replace("¶", "").strip()
        base = slug(name, "-") or "section"
        count = used.get(base, 0)
        used[base] = count + 1
        anchor = base if count == 0 else f"{base}_{count}"
        token = {"level": int(level), "id": anchor, "name": name, "children": []}
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
        inner = re.sub(r'href="#[^"]*"', f'href="#{anchor}"', inner)
        return f'<h{level}{before} id="{anchor}"{after}>{inner}</h{level}>'

    html = HEADING.sub(replace, html)
    page.toc = get_toc(tokens)
    html = material_markup(html, Path(page.file.abs_src_path), page.file.src_uri)
    return figures_as_files(html, Path(page.file.abs_dest_path).parent)


EMBEDDED_PNG = re.compile(
    r'<img (alt="[^"]*") class="[^"]*" src="data:image/png;base64,([^"]+)"'
)


def figures_as_files(html: str, folder: Path) -> str:
    """Serve each figure as its own PNG file, loaded when the reader scrolls to it.

    nbconvert embeds figures in the page as base64, which makes them a third larger,
    uncacheable, and part of the first load even far below the fold. The downloadable
    ``.ipynb`` keeps them embedded.
    """
    import base64

    def to_file(match: re.Match) -> str:
        data = base64.b64decode(match[2])
        name = f"figure-{hashlib.sha256(data).hexdigest()[:12]}.png"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        width, height = (
            int.from_bytes(data[16:20], "big"),
            int.from_bytes(data[20:24], "big"),
        )
        return (
            f'<img {match[1]} src="{name}" width="{width}" height="{height}" '
            'loading="lazy" decoding="async"'
        )

    return EMBEDDED_PNG.sub(to_file, html)


STYLE_OR_SCRIPT = re.compile(r"<(style|script)\b[^>]*>.*?</\1>\s*", re.S)
CLIPBOARD = re.compile(
    r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*'
    r'|<div class="clipboard-copy-txt"[^>]*>.*?</div>\s*',
    re.S,
)
INPUT_CODE = re.compile(
    r'<div class="highlight-ipynb hl-(\w+)"><pre><span></span>(.*?)</pre></div>', re.S
)
TEXT_OUTPUT = re.compile(
    r'(<div class="jp-RenderedText jp-OutputArea-output[^"]*"[^>]*>\s*<pre>)(.*?)(</pre>)',
    re.S,
)
PROMPT = re.compile(r'(<div class="jp-(?:In|Out)putPrompt[^"]*">)[^<]*(</div>)')
CELL_START = re.compile(r'<div class="(jp-Cell [^"]*)" id="cell-id=([^"]+)">')
# nbconvert writes a placeholder alt text on every output image
IMG = re.compile(r'<img(?: alt="No description has been provided for this image")?')
MARKDOWN_CELL = re.compile(
    r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^>]*>)(.*?)(</div>)', re.S
)
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE_MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$<>]+?)(?<!\s)\$")


def material_markup(html: str, notebook: Path, src_uri: str) -> str:
    """Turn nbconvert's JupyterLab markup into the markup the rest of the site uses.

    mkdocs-jupyter inlines about 600 KB of JupyterLab CSS plus scripts for MathJax 2,
    Mermaid (from a CDN) and its own copy buttons into every notebook page. Here they
    go, and the cells get Material's own markup instead: code cells become Material
    code blocks (same highlighting, same copy button), text outputs look like the
    chapters' output blocks, Markdown math is typeset like the chapters' (hooks/math.py), and every figure
    gets the description written in the lab (``# %% alt="..."`` on its cell).
    """
    html = STYLE_OR_SCRIPT.sub("", html)
    html = CLIPBOARD.sub("", html)
    html = INPUT_CODE.sub(
        r'<div class="language-\1 highlight"><pre><span></span><code>\2</code></pre></div>',
        html,
    )
    html = TEXT_OUTPUT.sub(r'\1<code class="lab-output">\2</code>\3', html)
    html = PROMPT.sub(r"\1\2", html)
    html = html.replace(' tabindex="0"', "").replace(
        'class="anchor-link"', 'class="headerlink"'
    )

    def math(match: re.Match) -> str:
        body = DISPLAY_MATH.sub(r'<div class="arithmatex">\\[\1\\]</div>', match[2])
        body = INLINE_MATH.sub(r'<span class="arithmatex">\\(\1\\)</span>', body)
        return match[1] + body + match[3]

    html = MARKDOWN_CELL.sub(math, html)

    cells = nbformat.read(notebook, as_version=4).cells
    alts = {cell.get("id"): cell.metadata.get("alt") for cell in cells}
    pieces = CELL_START.split(html)
    out = [pieces[0]]
    for classes, cell_id, body in zip(
        pieces[1::3], pieces[2::3], pieces[3::3], strict=True
    ):
        if "<img" in body:
            alt = alts.get(cell_id)
            if not alt:
                raise PluginError(
                    f"{src_uri}: a code cell draws a figure but has no description; "
                    'write it in the cell header: # %% alt="what the figure shows"'
                )
            body = IMG.sub(f'<img alt="{escape(alt, quote=True)}"', body)
        out.append(f'<div class="{classes}" id="cell-id={cell_id}">{body}')
    return "".join(out)
