"""Search compared: our Pagefind search against stock Material's lunr search.

Run from the project folder:

    python benchmarks/search.py [--scales 1,10,100]

For each scale, builds our site and stock Material's site of the same pages
(benchmarks/sites.py; with the data multiplied as benchmarks/build.py does,
and without the downloads, which search does not see), serves both and, in
headless Chromium:

1. At the first scale only (copies of the data would repeat the same
   passages): types each official term of ``TERMS`` in the search box of the
   language's home page, the way a reader does (stock Material's box reads
   on key release: a key is pressed after the text), waits for the answer,
   and counts the first three results whose shown text holds the phrase, and
   the results of the other language.
2. What a query costs: for every term, in a fresh browser context, the bytes
   fetched from the first keystroke to the answer. Ours: Pagefind's program
   (fetched once, whatever the site's size) and, per query, the index chunks
   and page texts; stock: the whole index and its worker, which every first
   visit fetches whether the reader searches or not.

Bytes are the response bodies as served (Pagefind's index files are gzipped
already); "gz" is the bodies gzipped at level 9. Benchmarks print figures;
they assert nothing.
"""

from __future__ import annotations

import argparse
import gzip
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sites import CHROMIUM, CHROMIUM_ARGS, build_sites, serve  # noqa: E402

TERMS = [
    ("zh", "信息交换所"), ("zh", "信息交换所机制"), ("zh", "国家联络点"), ("zh", "爱知生物多样性目标"),
    ("zh", "国家生物多样性战略和行动计划"), ("zh", "资源调动"), ("zh", "国家报告"),
    ("zh", "多边环境协定"), ("zh", "可持续发展目标"), ("zh", "能力建设"), ("zh", "科学咨询机构"),
    ("zh", "国家协调机制"),
    ("en", "clearing-house mechanism"), ("en", "national focal points"),
    ("en", "Aichi Biodiversity Targets"), ("en", "national biodiversity strategies and action plans"),
    ("en", "resource mobilization"), ("en", "national reports"),
    ("en", "multilateral environmental agreements"), ("en", "Sustainable Development Goals"),
    ("en", "capacity-building"), ("en", "scientific advisory bodies"),
    ("en", "coordination mechanisms"), ("en", "InforMEA"),
]
HOME = {"zh": "/", "en": "/en/"}
TOP = 3
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
PROGRAM = re.compile(r"^/pagefind/(pagefind[^/]*\.js|pagefind-entry\.json|wasm\.[^/]+|[^/]+\.pf_meta)$")


def holds(text: str, phrase: str) -> bool:
    """Whether ``text`` holds ``phrase``, case, punctuation and spacing aside."""
    def letters(value: str) -> str:
        return "".join(char.lower() for char in ZERO_WIDTH.sub("", value) if char.isalnum())
    return letters(phrase) in letters(text)


def ask(page, base: str, lang: str, phrase: str, site: str) -> list[dict]:
    """Type ``phrase`` in the search box of the language's home page; return the
    results shown: their paths and text."""
    page.goto(base + HOME[lang], wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    page.keyboard.insert_text(phrase)
    page.keyboard.press("End")  # stock Material reads the box on key release
    if site == "ours":
        page.wait_for_function(
            "() => document.querySelector('.md-search-result').getAttribute('aria-busy') === 'false'",
            timeout=30_000)
    else:
        page.wait_for_function(
            "() => document.querySelectorAll('.md-search-result__item').length > 0"
            " || /\\d|No matching|没有/.test(document.querySelector('.md-search-result__meta')"
            ".textContent)", timeout=60_000)
        time.sleep(0.5)
    return page.eval_on_selector_all(".md-search-result__item", """items => items.map(item => ({
        paths: [...item.querySelectorAll('a')].map(a => new URL(a.href).pathname),
        text: item.querySelector('a').innerText }))""")


def quality(browser, bases: dict[str, str]) -> dict[str, list]:
    """Per site: for each term, (first results holding the phrase, results shown,
    results of the other language)."""
    found = {}
    for site, base in bases.items():
        context = browser.new_context()
        page = context.new_page()
        rows = []
        for lang, phrase in TERMS:
            shown = ask(page, base, lang, phrase, site)
            good = sum(1 for result in shown[:TOP] if holds(result["text"], phrase))
            other = sum(1 for result in shown
                        if any(p.startswith("/en/") != (lang == "en") for p in result["paths"]))
            rows.append((good, min(TOP, len(shown)), other))
        context.close()
        found[site] = rows
    return found


def query_bytes(browser, base: str, lang: str, phrase: str, site: str) -> dict:
    """Bytes fetched for one query in a fresh context: Pagefind's program, the
    index chunks and page texts (ours); the index and worker (stock)."""
    context = browser.new_context()
    responses = []
    page = context.new_page()
    page.goto(base + HOME[lang], wait_until="networkidle")
    context.on("response", lambda response: responses.append(response))
    ask(page, base, lang, phrase, site)
    page.wait_for_load_state("networkidle")
    if site == "stock":  # the index came with the page, before the first keystroke
        context.close()
        return {}
    figures = {"program": 0, "program_gz": 0, "chunks": 0, "texts": 0, "chunk_files": 0,
               "text_files": 0}
    for response in responses:
        path = urlparse(response.url).path
        if not path.startswith("/pagefind/"):
            continue
        try:
            body = response.body()
        except Exception:  # noqa: BLE001 - an aborted request has no body
            continue
        if PROGRAM.match(path):
            figures["program"] += len(body)
            figures["program_gz"] += len(gzip.compress(body, 9))
        elif "/index/" in path:
            figures["chunks"] += len(body)
            figures["chunk_files"] += 1
        elif "/fragment/" in path:
            figures["texts"] += len(body)
            figures["text_files"] += 1
    context.close()
    return figures


def stock_index(browser, base: str) -> tuple[int, int]:
    """Bytes (and gzipped) of what stock Material's first visit fetches for search."""
    context = browser.new_context()
    responses = []
    context.on("response", lambda response: responses.append(response))
    page = context.new_page()
    page.goto(base + "/", wait_until="networkidle")
    time.sleep(1.0)
    size = size_gz = 0
    for response in responses:
        path = urlparse(response.url).path
        if "search_index" in path or "/workers/search" in path:
            body = response.body()
            size += len(body)
            size_gz += len(gzip.compress(body, 9))
    context.close()
    return size, size_gz


def kib(value: float) -> str:
    return f"{value / 1024:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,10", help="data multipliers (default 1,10)")
    args = parser.parse_args()
    scales = [int(value) for value in args.scales.split(",")]
    from playwright.sync_api import sync_playwright

    rows = []
    ranking = None
    with tempfile.TemporaryDirectory(prefix="syn-search-") as folder, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scale in scales:
            print(f"Building x{scale}...", file=sys.stderr, flush=True)
            ours, stock = build_sites(Path(folder) / f"x{scale}", scale, skip_downloads=True)
            pages = sum(1 for _ in ours.rglob("index.html"))
            index_files = [p for p in (ours / "pagefind").rglob("*") if p.is_file()
                           and ("/index/" in p.as_posix() or "/fragment/" in p.as_posix())]
            with serve(ours) as ours_url, serve(stock) as stock_url:
                if ranking is None:
                    ranking = quality(browser, {"ours": ours_url, "stock": stock_url})
                costs = [query_bytes(browser, ours_url, lang, phrase, "ours")
                         for lang, phrase in TERMS]
                stock_size, stock_gz = stock_index(browser, stock_url)
            per_query = [c["chunks"] + c["texts"] for c in costs]
            rows.append((scale, pages, costs, per_query, sum(p.stat().st_size for p in index_files),
                         stock_size, stock_gz))
        browser.close()

    print(f"\n| Term | Ours: first {TOP} holding the phrase | Stock: first {TOP} holding the phrase "
          "| Ours: results of the other language | Stock: results of the other language |")
    print("|---|---:|---:|---:|---:|")
    for (lang, phrase), mine, theirs in zip(TERMS, ranking["ours"], ranking["stock"]):
        print(f"| {phrase} ({lang}) | {mine[0]}/{mine[1]} | {theirs[0]}/{theirs[1]} | {mine[2]} "
              f"| {theirs[2]} |")
    for site in ("ours", "stock"):
        whole = sum(1 for good, shown, _ in ranking[site] if shown and good == shown)
        print(f"\n{site}: {whole} of {len(TERMS)} terms show the phrase in each of their first "
              f"{TOP} results (or all, when fewer).")

    print("\n| Data | Pages | Ours: Pagefind's program, once (KiB, gz) | Ours: index and texts "
          "per query, median (max), KiB | Chunks, texts per query (median) "
          "| Ours: whole index on disk, KiB | Stock: index and worker on every first visit, "
          "KiB (gz) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for scale, pages, costs, per_query, whole, stock_size, stock_gz in rows:
        program = statistics.median(c["program"] for c in costs if c["program"])
        program_gz = statistics.median(c["program_gz"] for c in costs if c["program_gz"])
        print(f"| x{scale} | {pages} | {kib(program)} ({kib(program_gz)}) "
              f"| {kib(statistics.median(per_query))} ({kib(max(per_query))}) "
              f"| {statistics.median(c['chunk_files'] for c in costs):.0f}, "
              f"{statistics.median(c['text_files'] for c in costs):.0f} "
              f"| {kib(whole)} | {kib(stock_size)} ({kib(stock_gz)}) |")


if __name__ == "__main__":
    main()
