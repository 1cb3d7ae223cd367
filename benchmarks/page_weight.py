"""What a first visit costs a reader: requests and bytes, per page and language.

Run from the project folder:

    python benchmarks/page_weight.py [--site DIR | --scale N]

Without ``--site`` it builds a copy of the project in a temporary folder (as
benchmarks/build.py does; with ``--scale``, the data multiplied as there).
It serves the site with http.server, opens each of ``/``, ``/en/``,
``/annex-1/coordination/`` and ``/en/annex-1/coordination/`` in a fresh
headless Chromium context (empty cache), and records every response until
the network is idle. Prints Markdown tables:

1. Per page: requests, bytes (sum of the response bodies, as served without
   compression; and gzipped, as most hosts would send them), split by type
   (HTML, CSS, JS, other) and by whose they are: ours (overrides/assets/*
   and the checklist index the build writes into assets/), Material's
   (assets/javascripts, assets/stylesheets, assets/images), the page itself.
2. The search index of each language, and whether a first visit loads it.

Benchmarks print figures; they assert nothing.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import build, copy_project, multiply_data  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PAGES = ("/", "/en/", "/annex-1/coordination/", "/en/annex-1/coordination/")
# Our scripts and styles, and the file the build writes beside them.
OURS = {path.name for path in (ROOT / "overrides" / "assets").iterdir() if path.is_file()}
OURS.add("checklist-index.json")
MATERIAL = ("/assets/javascripts/", "/assets/stylesheets/", "/assets/images/")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def kind_of(path: str, content_type: str) -> str:
    """html, css, js or other, from the path and the Content-Type."""
    if path.endswith("/") or path.endswith(".html") or "text/html" in content_type:
        return "html"
    if path.endswith(".css"):
        return "css"
    if path.endswith(".js") or "javascript" in content_type:
        return "js"
    return "other"


def owner_of(path: str, kind: str) -> str:
    """ours (overrides/assets), material (the theme's assets), page (the HTML) or other."""
    if path.startswith("/assets/") and path.rsplit("/", 1)[-1] in OURS and path.count("/") == 2:
        return "ours"
    if path.startswith(MATERIAL):
        return "material"
    return "page" if kind == "html" else "other"


def visit(browser, base: str, page_path: str) -> list[dict]:
    """Open ``page_path`` in a fresh context; return one record per response."""
    context = browser.new_context()
    responses = []
    context.on("response", lambda response: responses.append(response))
    page = context.new_page()
    page.goto(base + page_path, wait_until="networkidle")
    time.sleep(1.0)  # late fetches (search worker)
    records = []
    for response in responses:
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - a redirect or an aborted request has no body
            body = b""
        path = urlparse(response.url).path
        kind = kind_of(path, response.headers.get("content-type", ""))
        records.append({"path": path, "kind": kind, "owner": owner_of(path, kind),
                        "bytes": len(body), "gzip": len(gzip.compress(body, 9)) if body else 0,
                        "status": response.status})
    context.close()
    return records


def kib(value: int) -> str:
    return f"{value / 1024:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site folder (default: build a copy)")
    parser.add_argument("--scale", type=int, default=1,
                        help="build with the data multiplied by N (default 1)")
    parser.add_argument("--verbose", action="store_true", help="also list every response")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="syn-weight-") as folder:
        site = args.site
        if site is None:
            project = copy_project(Path(folder) / "project")
            multiply_data(project, args.scale)
            print(f"Building {project}...", file=sys.stderr, flush=True)
            build(project)
            site = project / "site"
        handler = functools.partial(_QuietHandler, directory=str(site))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{httpd.server_address[1]}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                results = {path: visit(browser, base, path) for path in PAGES}
                browser.close()
        finally:
            httpd.shutdown()

        print("\n| Page (first visit) | Requests | KiB | KiB gzipped | HTML | CSS | JS | Other"
              " | Ours (overrides/assets) | Material's assets |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for path, records in results.items():
            def total(key, value, field="bytes"):
                return sum(r[field] for r in records if r[key] == value)
            ours = [r for r in records if r["owner"] == "ours"]
            material = [r for r in records if r["owner"] == "material"]
            print(f"| `{path}` | {len(records)} | {kib(sum(r['bytes'] for r in records))} "
                  f"| {kib(sum(r['gzip'] for r in records))} "
                  + " ".join(f"| {kib(total('kind', kind))}" for kind in ("html", "css", "js", "other"))
                  + f" | {len(ours)} files, {kib(sum(r['bytes'] for r in ours))} "
                  f"({kib(sum(r['gzip'] for r in ours))} gz) "
                  f"| {len(material)} files, {kib(sum(r['bytes'] for r in material))} "
                  f"({kib(sum(r['gzip'] for r in material))} gz) |")
        print("\nSizes in KiB of response bodies as served (no compression); 'gz' is the same bodies"
              " gzipped at level 9.")

        print("\n| Search index | KiB | KiB gzipped | Loaded on first visit |")
        print("|---|---:|---:|---|")
        for index in ("search/search_index.json", "en/search/search_index.json"):
            data = (site / index).read_bytes() if (site / index).exists() else b""
            loaded = [path for path, records in results.items()
                      if any(r["path"] == "/" + index for r in records)]
            print(f"| `{index}` | {kib(len(data))} | {kib(len(gzip.compress(data, 9)))} "
                  f"| {', '.join(f'`{p}`' for p in loaded) or 'no'} |")

        if args.verbose:
            for path, records in results.items():
                print(f"\n{path}")
                for record in records:
                    print(f"  {record['status']} {record['kind']:5} {record['owner']:8} "
                          f"{record['bytes']:>9} {record['path']}")


if __name__ == "__main__":
    main()
