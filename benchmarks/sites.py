"""Built sites to measure, served locally: ours and stock Material's of the same pages.

Shared by benchmarks/page_weight.py, search.py and lighthouse.py. A stock
site is the Markdown our hooks generated, built with theme material, the
same Markdown extensions, Material's search and the i18n plugin, and none of
our hooks, templates, CSS or scripts (see build.stock_project).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from pathlib import Path

from build import build, copy_project, multiply_data, stock_project

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """Serve ``folder`` on a free local port; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def build_sites(folder: Path, scale: int = 1, stock: bool = True,
                skip_downloads: bool = False) -> tuple[Path, Path | None]:
    """Build our site (data multiplied by ``scale``) and, with ``stock``, stock
    Material's site of the same pages, in ``folder``; return both site folders."""
    project = copy_project(Path(folder) / f"ours-x{scale}")
    multiply_data(project, scale)
    build(project, skip_downloads=skip_downloads)
    if not stock:
        return project / "site", None
    plain = stock_project(project, Path(folder) / f"stock-x{scale}")
    build(plain)
    return project / "site", plain / "site"
