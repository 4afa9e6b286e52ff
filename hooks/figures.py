"""MkDocs hook: figures drawn by the book's own code, at build time.

A page shows a figure with ``![alt text](figure:snippets/ch07/posenc_figure.py)``.
The snippet is an ordinary example (the page includes it too, usually in a folded
block, so the page tests run it and a reader can copy it); it draws with Matplotlib
and ends with ``plt.show()``. At build time this hook runs the snippet in a fresh
interpreter with the Agg backend, saves every figure it left open as a PNG under
``assets/figures/`` (named by a hash of the code and the Matplotlib version) and
points the image at it (128 colours, a quarter of the bytes), with its pixel size so the page does not shift as it loads.
The PNGs are cached in ``.cache/figures``; a figure whose code fails breaks the
build with the snippet's own traceback.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "figures"
FIGURE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(figure:(?P<path>snippets/[\w/.-]+\.py)\)")
DRAW = r"""
import runpy, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
plt.show = lambda *a, **k: None
runpy.run_path(sys.argv[1], run_name="__main__")
numbers = plt.get_fignums()
assert len(numbers) == 1, f"a figure snippet draws exactly one figure; found {len(numbers)}"
import io
from PIL import Image
buffer = io.BytesIO()
plt.figure(numbers[0]).savefig(buffer, format="png", dpi=int(sys.argv[3]))
# 128 colours, no dithering: a quarter of the bytes, no visible change for plots
image = Image.open(buffer).convert("RGB")
image = image.quantize(colors=128, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
image.save(sys.argv[2], format="png", optimize=True)
"""
DPI = 80
_drawn: dict[str, str] = {}


def _name(path: str) -> str:
    import matplotlib

    code = (ROOT / path).read_bytes()
    key = hashlib.sha256(
        code + matplotlib.__version__.encode() + (DRAW + str(DPI)).encode()
    )
    return f"{Path(path).stem}-{key.hexdigest()[:12]}.png"


def _draw(path: str) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / _name(path)
    if not out.exists():
        env = dict(os.environ, MPLBACKEND="Agg", PYTHONHASHSEED="0")
        work = CACHE / "work"
        work.mkdir(exist_ok=True)
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                DRAW,
                str(ROOT / path),
                str(out.with_suffix(".tmp")),
                str(DPI),
            ],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode:
            raise PluginError(
                f"{path} failed to draw its figure:\n{done.stderr[-3000:]}"
            )
        out.with_suffix(".tmp").rename(out)
    return out


def _size(png: Path) -> tuple[int, int]:
    with png.open("rb") as handle:
        header = handle.read(24)
    return struct.unpack(">II", header[16:24])


def on_files(files, config):
    docs = Path(config["docs_dir"])
    wanted = sorted(
        {
            match["path"]
            for page in docs.rglob("*.md")
            for match in FIGURE.finditer(page.read_text(encoding="utf-8"))
        }
    )
    for path in wanted:
        if not (ROOT / path).is_file():
            raise PluginError(f"a page shows figure:{path}, but there is no such file")
        png = _draw(path)
        uri = f"assets/figures/{png.name}"
        _drawn[path] = uri
        if files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(png)))
    return files


def on_page_markdown(markdown: str, page, config, files) -> str:
    def image(match: re.Match) -> str:
        uri = _drawn[match["path"]]
        width, height = _size(CACHE / Path(uri).name)
        src = get_relative_url(uri, page.file.src_uri)
        return (
            f'![{match["alt"]}]({src}){{ width="{width}" height="{height}" '
            'loading="lazy" .book-figure }'
        )

    return FIGURE.sub(image, markdown)
