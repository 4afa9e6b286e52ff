"""Serve a built site the way a static host (GitHub Pages) does: gzip for text files.

Used by the browser checks, the page-weight check and ``nox -s bench``, so that the
bytes a page "transfers" are the compressed bytes a reader's phone would download.

    with serve(Path("site")) as base_url:   # "http://127.0.0.1:PORT/"
        ...

A folder URL serves its ``index.html``; a missing file gets the site's ``404.html``
with status 404, as GitHub Pages does. Every response carries an exact
``Content-Length`` (the compressed length when gzip was used).
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import mimetypes
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

COMPRESSED_TYPES = {
    ".html",
    ".css",
    ".js",
    ".mjs",
    ".json",
    ".svg",
    ".xml",
    ".txt",
    ".map",
    ".ipynb",
}
mimetypes.add_type("application/javascript", ".mjs")
mimetypes.add_type("application/x-ipynb+json", ".ipynb")
mimetypes.add_type("font/woff2", ".woff2")


def gzipped(data: bytes) -> bytes:
    """Level 6, what most static hosts and CDNs use; mtime 0 so it is reproducible."""
    return gzip.compress(data, compresslevel=6, mtime=0)


def transfer_size(path: Path) -> int:
    """Bytes a static host sends for this file: gzip for text, the file otherwise."""
    data = path.read_bytes()
    return len(gzipped(data)) if path.suffix in COMPRESSED_TYPES else len(data)


class StaticHost(http.server.BaseHTTPRequestHandler):
    root: Path
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def resolve(self) -> tuple[Path | None, int]:
        path = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path)
        target = (self.root / path.lstrip("/")).resolve()
        if self.root not in (target, *target.parents):
            return None, 404
        if target.is_dir():
            if not path.endswith("/"):
                return target, 301
            target = target / "index.html"
        return (target, 200) if target.is_file() else (None, 404)

    def do_HEAD(self) -> None:
        self.respond(body=False)

    def do_GET(self) -> None:
        self.respond(body=True)

    def respond(self, body: bool) -> None:
        target, status = self.resolve()
        if status == 301:
            self.send_response(301)
            self.send_header("Location", urllib.parse.urlsplit(self.path).path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if target is None:
            target = self.root / "404.html"
            if not target.is_file():
                self.send_error(404)
                return
        data = target.read_bytes()
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind.endswith(("javascript", "json", "+xml")):
            kind += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Cache-Control", "max-age=600")
        if target.suffix in COMPRESSED_TYPES and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        ):
            data = gzipped(data)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)


@contextlib.contextmanager
def serve(site: Path, port: int = 0) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 in a background thread; yield its base URL."""
    handler = type("Handler", (StaticHost,), {"root": Path(site).resolve()})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    import argparse
    import time

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    with serve(Path(args.site), args.port) as url:
        print(f"serving {args.site} at {url} (gzip, like a static host); Ctrl-C stops")
        with contextlib.suppress(KeyboardInterrupt):
            while True:
                time.sleep(3600)
