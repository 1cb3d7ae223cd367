"""Lighthouse on a phone: our pages against stock Material showing the same articles.

Run from the project folder:

    python benchmarks/lighthouse.py [--runs 3]

Installs Lighthouse from benchmarks/package-lock.json (``npm ci`` into
benchmarks/node_modules, once; the build and the tests never need it), builds
our site and stock Material's (benchmarks/sites.py), serves both locally and
runs Lighthouse's mobile audit (its default: a mid-range phone, simulated
slow 4G) ``--runs`` times on the home page and an option-area page in both
languages, in Debian's Chromium (``CHROME_PATH=/usr/bin/chromium``). Prints
the median performance score, cumulative layout shift, largest contentful
paint, total blocking time and bytes transferred of each page, and the
scores of every run.

Benchmarks print figures; they assert nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sites import CHROMIUM, build_sites, serve  # noqa: E402

PAGES = ("/", "/en/", "/annex-1/coordination/", "/en/annex-1/coordination/")
CLI = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-sync"


def install() -> None:
    """Install the pinned Lighthouse into benchmarks/node_modules, unless it is there."""
    if not CLI.is_file():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=HERE, check=True)


def audit(url: str) -> dict:
    """One Lighthouse mobile run of ``url``: its figures."""
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    result = subprocess.run(
        ["node", str(CLI), url, "--only-categories=performance", "--output=json",
         "--output-path=stdout", "--quiet", f"--chrome-flags={CHROME_FLAGS}"],
        env=env, capture_output=True, text=True, timeout=300, check=True)
    report = json.loads(result.stdout)
    audits = report["audits"]
    return {
        "score": round(report["categories"]["performance"]["score"] * 100),
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"] / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per page (default 3)")
    args = parser.parse_args()
    install()
    with tempfile.TemporaryDirectory(prefix="syn-lighthouse-") as folder:
        print("Building our site and stock Material's...", file=sys.stderr, flush=True)
        ours, stock = build_sites(Path(folder))
        runs: dict[tuple[str, str], list[dict]] = {}
        with serve(ours) as ours_url, serve(stock) as stock_url:
            # interleaved: every page of both sites once per round
            for round_ in range(args.runs):
                for path in PAGES:
                    for name, base in (("ours", ours_url), ("stock", stock_url)):
                        print(f"round {round_ + 1}: {name} {path}", file=sys.stderr, flush=True)
                        runs.setdefault((path, name), []).append(audit(base + path))
    print(f"\n| Page | Site | Performance (median of {args.runs}) | Scores | CLS | LCP, s "
          "| TBT, ms | Transferred, KiB |")
    print("|---|---|---:|---|---:|---:|---:|---:|")
    for path in PAGES:
        for name in ("ours", "stock"):
            found = runs[(path, name)]

            def med(key):
                return statistics.median(run[key] for run in found)
            print(f"| `{path}` | {name} | {med('score'):.0f} "
                  f"| {', '.join(str(run['score']) for run in found)} | {med('cls'):.3f} "
                  f"| {med('lcp'):.1f} | {med('tbt'):.0f} | {med('bytes'):.0f} |")


if __name__ == "__main__":
    main()
