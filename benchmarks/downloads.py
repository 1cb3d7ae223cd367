"""How long the downloads take, and what they cost the build.

Run from the project folder:

    python benchmarks/downloads.py [--runs 3]

Prints a table: the time to make the downloads in memory (font preparation,
each format; then all downloads without a cache and from a warm cache), the
time of a full ``mkdocs build`` with and without them
(``SYN_SKIP_DOWNLOADS=1``), and the files and bytes per format. The builds
write to a temporary folder, not to site/, and use the project's download
cache as it is.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hooks.exports import build  # noqa: E402
from hooks.exports.font import prepare_font  # noqa: E402
from hooks.exports.cache import DownloadCache  # noqa: E402
from hooks.exports.stamp import make_stamp  # noqa: E402
from hooks.loader import load_dataset  # noqa: E402

log = logging.getLogger("benchmarks.downloads")


def timed(function, runs: int) -> tuple[list[float], object]:
    """Run ``function`` ``runs`` times; return the times in seconds and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return times, result


def generation(runs: int) -> tuple[list[tuple[str, list[float]]], dict[str, tuple[int, int]]]:
    """Time each step of making the downloads; return the times and {format: (files, bytes)}."""
    dataset = load_dataset(ROOT)
    stamp = make_stamp(ROOT, dataset.version)
    sheets = build.plan_sheets(dataset, stamp)
    rows: list[tuple[str, list[float]]] = []
    with tempfile.TemporaryDirectory() as folder:
        texts = [text for sheet in sheets if sheet.kind == "checklist" for text in sheet.texts()]
        times, font = timed(lambda: prepare_font(texts, Path(folder)), runs)
        rows.append(("prepare the PDF font", times))
        for file_format in ("xlsx", "csv", "pdf"):
            chosen = [sheet for sheet in sheets if file_format in build.FORMATS[sheet.kind]]
            times, _ = timed(lambda: [build.export(s, file_format, font) for s in chosen], runs)
            rows.append((f"{file_format.upper()} ({len(chosen)} files)", times))
    times, downloads = timed(lambda: build.make_downloads(dataset, ROOT), runs)
    rows.append(("all downloads, no cache", times))
    with tempfile.TemporaryDirectory() as folder:
        build.make_downloads(dataset, ROOT, cache=DownloadCache(Path(folder)))
        times, _ = timed(lambda: build.make_downloads(dataset, ROOT,
                                                      cache=DownloadCache(Path(folder))), runs)
    rows.append(("all downloads, from a warm cache", times))
    sizes: dict[str, tuple[int, int]] = {}
    for download in downloads:
        count, total = sizes.get(download.format, (0, 0))
        sizes[download.format] = (count + 1, total + download.size)
    return rows, sizes


def mkdocs_build(skip: bool, runs: int) -> list[float]:
    """Time ``mkdocs build --strict`` into a temporary folder."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("SYN_SKIP_DOWNLOADS", None)
    if skip:
        env["SYN_SKIP_DOWNLOADS"] = "1"
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as site:
            start = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site],
                cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8",
            )
            times.append(time.perf_counter() - start)
            if result.returncode != 0:
                sys.exit(f"mkdocs build failed:\n{result.stderr}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)

    steps, sizes = generation(args.runs)
    steps.append(("mkdocs build --strict, with downloads", mkdocs_build(False, args.runs)))
    steps.append(("mkdocs build --strict, SYN_SKIP_DOWNLOADS=1", mkdocs_build(True, args.runs)))

    width = max(len(name) for name, _ in steps)
    print(f"{'step':<{width}}  {'median s':>9}  {'min s':>7}  (runs: {args.runs})")
    for name, times in steps:
        print(f"{name:<{width}}  {statistics.median(times):>9.2f}  {min(times):>7.2f}")
    print()
    print(f"{'format':<6}  {'files':>5}  {'bytes':>9}")
    for file_format in ("xlsx", "csv", "pdf"):
        count, total = sizes.get(file_format, (0, 0))
        print(f"{file_format:<6}  {count:>5}  {total:>9}")
    print(f"{'total':<6}  {sum(c for c, _ in sizes.values()):>5}  "
          f"{sum(t for _, t in sizes.values()):>9}")


if __name__ == "__main__":
    main()
