"""What a first visit costs a reader, against stock Material showing the same article.

Run from the project folder:

    python benchmarks/page_weight.py [--scale N] [--verbose]

Builds a copy of the project in a temporary folder (with ``--scale``, the data
multiplied as benchmarks/build.py does) and stock Material's site of the
same pages (benchmarks/sites.py), serves both with http.server, opens each
of ``/``, ``/en/``, ``/annex-1/coordination/`` and
``/en/annex-1/coordination/`` in a fresh headless Chromium context (empty
cache) and records every response until the network is idle. Prints
Markdown tables:

1. Per page and site: requests, bytes (sum of the response bodies as served,
   without compression; and gzipped at level 9, as most hosts would send
   them), split by type (HTML, CSS, JS, other) and by whose they are: ours
   (overrides/assets, the checklist index the build writes into assets/,
   the search index under pagefind/), Material's (assets/javascripts,
   assets/stylesheets, assets/images), the page itself.
2. Ours / stock, per page, compressed and not, against the aim (at most
   ``AIM``).
3. The search index: what a first visit fetches of it, on either site.

Benchmarks print figures and whether the aims are met; they assert nothing.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from sites import CHROMIUM, CHROMIUM_ARGS, build_sites, serve  # noqa: E402

PAGES = ("/", "/en/", "/annex-1/coordination/", "/en/annex-1/coordination/")
AIM = 1.15
# Our scripts and styles, and the file the build writes beside them.
OURS = {path.name for path in (ROOT / "overrides" / "assets").iterdir() if path.is_file()}
OURS.add("checklist-annex-1-index.json")
MATERIAL = ("/assets/javascripts/", "/assets/stylesheets/", "/assets/images/")


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
    """ours (overrides/assets, pagefind/), material (the theme's assets), page (the HTML) or other."""
    if path.startswith("/assets/") and path.rsplit("/", 1)[-1] in OURS and path.count("/") == 2:
        return "ours"
    if path.startswith("/pagefind/"):
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
    time.sleep(1.0)  # late fetches (a search worker, an index)
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


def total(records: list[dict], field: str = "bytes", **where) -> int:
    return sum(r[field] for r in records if all(r[key] == value for key, value in where.items()))


def is_search(record: dict) -> bool:
    """Whether a response is part of search: an index, its program or worker."""
    path = record["path"]
    return path.startswith("/pagefind/") or "search_index" in path or "/workers/search" in path


def verdict(ratios: list[float]) -> str:
    return "met" if max(ratios) <= AIM else "missed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1,
                        help="build with the data multiplied by N (default 1)")
    parser.add_argument("--verbose", action="store_true", help="also list every response")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="syn-weight-") as folder:
        print("Building our site and stock Material's...", file=sys.stderr, flush=True)
        ours, stock = build_sites(Path(folder), args.scale)
        results = {}
        with serve(ours) as ours_url, serve(stock) as stock_url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name, base in (("ours", ours_url), ("stock", stock_url)):
                results[name] = {path: visit(browser, base, path) for path in PAGES}
            browser.close()

        print("\n| Page (first visit) | Site | Requests | KiB | KiB gzipped | HTML | CSS | JS | Other"
              " | Ours (overrides/assets, pagefind/) | Material's assets |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for path in PAGES:
            for name in ("ours", "stock"):
                records = results[name][path]
                ours_files = [r for r in records if r["owner"] == "ours"]
                material = [r for r in records if r["owner"] == "material"]
                print(f"| `{path}` | {name} | {len(records)} | {kib(total(records))} "
                      f"| {kib(total(records, 'gzip'))} "
                      + " ".join(f"| {kib(total(records, kind=kind))}"
                                 for kind in ("html", "css", "js", "other"))
                      + f" | {len(ours_files)} files, {kib(total(ours_files))} "
                      f"({kib(total(ours_files, 'gzip'))} gz) "
                      f"| {len(material)} files, {kib(total(material))} "
                      f"({kib(total(material, 'gzip'))} gz) |")
        print("\nSizes in KiB of response bodies as served (no compression); 'gz' is the same bodies"
              " gzipped at level 9.")

        print(f"\n| Page | Ours / stock, bytes | Ours / stock, gzipped | Aim: at most {AIM}x "
              "| Ours / stock without its search index and worker, bytes | The same, gzipped "
              "| Aim |")
        print("|---|---:|---:|---|---:|---:|---|")
        for path in PAGES:
            ours_records, stock_records = results["ours"][path], results["stock"][path]
            bare = [r for r in stock_records if not is_search(r)]
            ratios = [total(ours_records, field) / total(stock_records, field)
                      for field in ("bytes", "gzip")]
            strict = [total(ours_records, field) / total(bare, field) for field in ("bytes", "gzip")]
            print(f"| `{path}` | {ratios[0]:.2f}x | {ratios[1]:.2f}x | {verdict(ratios)} "
                  f"| {strict[0]:.2f}x | {strict[1]:.2f}x | {verdict(strict)} |")

        print("\n| Search index on a first visit | Site | Requests | KiB | KiB gzipped |")
        print("|---|---|---:|---:|---:|")
        for name in ("ours", "stock"):
            for path in PAGES:
                index = [r for r in results[name][path] if is_search(r)]
                print(f"| `{path}` | {name} | {len(index)} | {kib(total(index))} "
                      f"| {kib(total(index, 'gzip'))} |")

        if args.verbose:
            for name in ("ours", "stock"):
                for path, records in results[name].items():
                    print(f"\n{name} {path}")
                    for record in records:
                        print(f"  {record['status']} {record['kind']:5} {record['owner']:8} "
                              f"{record['bytes']:>9} {record['path']}")


if __name__ == "__main__":
    main()
