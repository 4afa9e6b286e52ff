"""What a page costs a reader on first load: bytes transferred, compressed.

``first_load(browser, url)`` opens the page in a fresh Chromium context (empty cache),
waits until the network is idle, and adds up the ``Content-Length`` of every response
from the page's own host, as served by :mod:`tools.static_host` (gzip for text, like a
static host). Requests to other hosts are returned too, so a caller can fail on them.

``site_pages(site)`` lists every HTML page of a built site as URL paths ("", "en/", …).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Load:
    path: str
    bytes: int = 0
    requests: int = 0
    by_url: dict[str, int] = field(default_factory=dict)
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def largest(self, n: int = 3) -> list[tuple[str, int]]:
        return sorted(self.by_url.items(), key=lambda kv: -kv[1])[:n]


def site_pages(site: Path) -> list[str]:
    pages = []
    for html in sorted(Path(site).rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages


def first_load(browser, base_url: str, path: str, timeout_ms: int = 30000) -> Load:
    load = Load(path)
    context = browser.new_context(viewport={"width": 412, "height": 823})
    page = context.new_page()

    def on_response(response) -> None:
        url = response.url
        if url.startswith("data:"):
            return
        if not url.startswith(base_url):
            load.outside.append(url)
            return
        if response.status >= 400:
            load.failed.append(f"{response.status} {url}")
        length = response.headers.get("content-length")
        size = int(length) if length else len(response.body())
        key = url[len(base_url) :]
        load.by_url[key] = load.by_url.get(key, 0) + size
        load.bytes += size
        load.requests += 1

    page.on("response", on_response)
    page.on(
        "requestfailed",
        lambda r: None if r.url.startswith("data:") else load.failed.append(r.url),
    )
    page.goto(base_url + path, wait_until="networkidle", timeout=timeout_ms)
    # Math is typeset after load, and only then does the browser ask for its fonts.
    page.evaluate("document.fonts.ready.then(() => true)")
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    context.close()
    return load
