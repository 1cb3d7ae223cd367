"""What the offline copy of the site costs the build, step by step.

Run from the project folder:

    python benchmarks/offline_copy.py [--runs 7] [--site site]

Builds the project once into a temporary folder (or reads the built site
given with ``--site``), then times, in this process, each step of making the
offline copy from that site (``hooks/exports/offline_copy.py``): reading the
site's files and hashing them for the cache key, rewriting the pages for the
disk, writing the offline search's scripts, zipping; then the whole step
without a cache (a cold build, or a build whose site changed) and from a
warm cache (a build whose site did not change), and putting the size in the
pages. Prints a Markdown table of medians and minimums, and the archive's
size and what it holds.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hooks import search_index  # noqa: E402
from hooks.exports import offline_copy  # noqa: E402
from hooks.exports.cache import DownloadCache  # noqa: E402
from hooks.exports.offline_pages import offline_page, search_scripts  # noqa: E402
from hooks.exports.stamp import make_stamp  # noqa: E402
from hooks.languages import project_languages  # noqa: E402

from downloads import timed  # noqa: E402 (benchmarks/downloads.py)


def build_site(target: Path) -> Path:
    """Build the project into ``target`` (its own download cache is used as it is)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "--site-dir", str(target)],
                   cwd=ROOT, env=env, check=True)
    return target


def measure(site: Path, runs: int) -> None:
    """Time each step on the built ``site``; print the table."""
    plan = offline_copy.plan_offline_copy(project_languages(ROOT).default)
    stamp = make_stamp(ROOT, "benchmark")
    rows = []
    times, files = timed(lambda: offline_copy.source_files(site, {plan.path}), runs)
    rows.append(("read the site's files", times))
    times, _ = timed(lambda: [hashlib.sha256(content).digest() for _, content in files], runs)
    rows.append(("hash them (the cache key)", times))
    pages = [(path, content.decode("utf-8")) for path, content in files if path.endswith(".html")]
    times, _ = timed(lambda: [offline_page(html, path) for path, html in pages], runs)
    rows.append((f"rewrite the {len(pages)} pages", times))
    times, scripts = timed(lambda: search_scripts(search_index.read_fragments(site)), runs)
    rows.append(("write the offline search's scripts", times))
    copied = offline_copy.copy_files(files, search_index.read_fragments(site))
    times, archive = timed(lambda: offline_copy.zip_files(copied, "offline-site", stamp), runs)
    rows.append(("zip", times))
    with tempfile.TemporaryDirectory() as folder:
        cold, _ = timed(lambda: offline_copy.make_offline_copy(site, plan, stamp,
                                                               DownloadCache(None)), runs)
        rows.append(("the whole step, no cache", cold))
        cache = Path(folder) / "cache"
        offline_copy.make_offline_copy(site, plan, stamp, DownloadCache(cache))
        warm, made = timed(lambda: offline_copy.make_offline_copy(site, plan, stamp,
                                                                  DownloadCache(cache)), runs)
        rows.append(("the whole step, from the cache", warm))
    times, _ = timed(lambda: offline_copy.fill_sizes(site, [made]), runs)
    rows.append(("put its size in the pages", times))

    print(f"\n| Step ({runs} runs) | Median, s | Min, s |")
    print("|---|---:|---:|")
    for name, values in rows:
        print(f"| {name} | {statistics.median(values):.3f} | {min(values):.3f} |")
    held = Counter()
    for path, content in copied:
        held[path.split("/")[0] if "/" in path else "(root)"] += len(content)
    print(f"\nArchive: {len(archive):,} bytes, {len(copied)} files, {len(pages)} pages, "
          f"{sum(held.values()):,} bytes unzipped; search scripts: "
          + ", ".join(f"{name} {len(content):,} bytes" for name, content in sorted(scripts.items())))
    print("Unzipped, by top folder: " + ", ".join(f"{name} {size:,}" for name, size
                                                  in held.most_common()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per step (default 7)")
    parser.add_argument("--site", type=Path, help="a built site to read instead of building one")
    args = parser.parse_args()
    if args.site:
        measure(args.site.resolve(), args.runs)
        return
    with tempfile.TemporaryDirectory(prefix="syn-offline-") as folder:
        measure(build_site(Path(folder) / "site"), args.runs)


if __name__ == "__main__":
    main()
