"""How long a full build takes, how much memory it needs, and how it scales.

Run from the project folder:

    python benchmarks/build.py [--scales 1,10,100] [--runs N] [--scaling-skip-downloads]

Every build runs ``python -m mkdocs build -q`` as a child process in a copy of
the project in a temporary folder (data, schemas, hooks, overrides,
hand-written docs and mkdocs.yml; not site/ nor the generated pages), and
measures its wall time, its processor time (user + system of the build and
every process it started: ``os.wait4``) and its peak resident memory (RSS).
Prints three Markdown tables:

1. Our build cold (no download cache: every checklist and table is made, and
   the offline copy of the site), warm (the caches of the build before, data
   unchanged) and with
   ``SYN_SKIP_DOWNLOADS=1``, against a stock Material build of the same pages:
   the Markdown the hooks generated, built with theme material, the same
   Markdown extensions and the search and i18n plugins, but no hooks, no
   overrides, no extra CSS or JavaScript.
2. The ratios ours / stock, of the medians, held against the aims
   (``AIMS``), and the median of the ratios of each round (every kind of
   build runs once per round, one after the other, so a round's builds share
   the machine's load of those seconds).
3. Scaling: the data multiplied by each scale (synthetic copies of the option
   areas and the stories with fresh ids), cold builds, with the size of
   data/, the page count, the build time and the time per 100 kB of data
   (with the downloads, or without them given ``--scaling-skip-downloads``),
   and whether the time grew no faster than the data. Only the option areas
   and stories are copied, so data/ grows less than the scale.

Benchmarks print figures and whether the aims are met; they assert nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "data", "schemas", "hooks", "overrides", "docs")
# Top-level keys of mkdocs.yml that only our build has.
OURS_ONLY = ("hooks", "extra_css", "extra_javascript", "watch")
# The aims, as ratios to a stock Material build of the same pages: (kind of
# build, "seconds" or "cpu_seconds", at most). Build time must also grow no
# faster than the data.
AIMS = (("cold", "seconds", 1.3), ("cold", "cpu_seconds", 1.8), ("warm", "seconds", 1.1))
# What a cold build does without: the files made by earlier builds (the
# downloads, the offline copy of the site).
CACHES = (Path(".cache") / "downloads", Path(".cache") / "offline-copy")


@dataclass
class Run:
    """One build: wall and processor seconds, peak RSS (MiB), pages built."""

    seconds: float
    peak_mib: float
    pages: int
    cpu_seconds: float = 0.0


def generated_docs(root: Path) -> list[str]:
    """Return the docs/ paths that .gitignore lists as generated (``docs/annex-1``, ``docs/index.*.md``)."""
    patterns = []
    for line in (root / ".gitignore").read_text(encoding="utf-8").splitlines():
        line = line.strip().rstrip("/")
        if line.startswith("/docs/"):
            patterns.append(line[len("/docs/"):])
    return patterns


def copy_project(target: Path) -> Path:
    """Copy the project's sources (no built site, no generated pages) to ``target``."""
    generated = generated_docs(ROOT)

    def ignore_docs(folder: str, names: list[str]) -> set[str]:
        relative = Path(folder).relative_to(ROOT / "docs").as_posix()
        skipped = {"__pycache__"}
        for name in names:
            path = name if relative == "." else f"{relative}/{name}"
            if any(Path(path).match(pattern) and path.count("/") == pattern.count("/")
                   for pattern in generated):
                skipped.add(name)
        return skipped

    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part,
                            ignore=ignore_docs if part == "docs"
                            else shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


def build(project: Path, skip_downloads: bool = False, cold: bool = False) -> Run:
    """Run ``mkdocs build -q`` in ``project`` into a fresh site/; return its figures.

    ``cold``: without the caches of the downloads and the offline copy of the
    build before.
    """
    site = project / "site"
    shutil.rmtree(site, ignore_errors=True)
    if cold:
        for cache in CACHES:
            shutil.rmtree(project / cache, ignore_errors=True)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # the hooks' bytecode is written by the warm-up and read by every build after
    # it, as on any machine after its first build (even where the environment
    # says not to write it: Material's own modules have theirs from installing)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("SYN_SKIP_DOWNLOADS", None)
    if skip_downloads:
        env["SYN_SKIP_DOWNLOADS"] = "1"
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=project,
                                 env=env, stdout=subprocess.DEVNULL, stderr=errors)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"build failed in {project}:\n{errors.read().decode()[-3000:]}")
    pages = sum(1 for _ in site.rglob("index.html"))
    return Run(seconds, usage.ru_maxrss / 1024, pages, usage.ru_utime + usage.ru_stime)


def builds(project: Path, runs: int, skip_downloads: bool = False, cold: bool = False) -> list[Run]:
    """Build ``runs`` times."""
    return [build(project, skip_downloads, cold) for _ in range(runs)]


def stock_project(ours: Path, target: Path) -> Path:
    """A project with the Markdown our hooks generated in ``ours/docs``, for stock Material.

    mkdocs.yml loses the hooks, the overrides folder, our CSS and
    JavaScript and the folders ``mkdocs serve`` watches (data/ and schemas/
    are not copied), and gains Material's search plugin (our site searches
    with Pagefind instead); the i18n plugin configures it per language.
    Links to files only our build makes (downloads) would fail strict mode,
    so the stock build is not strict.
    """
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ours / "docs", target / "docs")
    lines, skipping = [], False
    for line in (ours / "mkdocs.yml").read_text(encoding="utf-8").splitlines():
        top = re.match(r"^([a-z_]+):", line)
        if top:
            skipping = top.group(1) in OURS_ONLY
        if skipping or line.strip().startswith("custom_dir:"):
            continue
        if line.startswith("strict:"):
            line = "strict: false"
        line = line.replace("reconfigure_search: false", "reconfigure_search: true")
        lines.append(line)
        if line == "plugins:":
            lines.append("  - search")  # Material's own search, as a stock site has it
    (target / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def suffix_ids(value, suffix: str):
    """Return ``value`` with every ``id`` value suffixed."""
    if isinstance(value, dict):
        return {key: (item + suffix if key == "id" and isinstance(item, str)
                      else suffix_ids(item, suffix))
                for key, item in value.items()}
    if isinstance(value, list):
        return [suffix_ids(item, suffix) for item in value]
    return value


def dump(path: Path, data) -> None:
    """Write ``data`` as plain YAML (no anchors, no tags: what the loader accepts)."""
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")


def multiply_data(project: Path, scale: int) -> None:
    """Add ``scale - 1`` copies of every option area and story, with fresh ids.

    Option area ``coordination`` gets copies ``coordination-x2`` ...; every id
    in a copy is suffixed the same way, footnote markers stay, and the new
    areas are listed after the originals in the same section of
    data/annex-1/introduction.yaml. The other files (decision, annex II,
    glossary...) stay single: they are one document each.
    """
    if scale <= 1:
        return
    data = project / "data"
    intro_path = data / "annex-1" / "introduction.yaml"
    intro = yaml.safe_load(intro_path.read_text(encoding="utf-8"))
    areas = sorted(path for path in (data / "annex-1").glob("*.yaml")
                   if path.name != "introduction.yaml")
    stories = sorted((data / "stories").glob("*.yaml"))
    added: dict[str, list[str]] = {}
    for copy in range(2, scale + 1):
        suffix = f"-x{copy}"
        for path in areas + stories:
            original = yaml.safe_load(path.read_text(encoding="utf-8"))
            fresh = suffix_ids(original, suffix)
            dump(path.with_name(f"{path.stem}{suffix}.yaml"), fresh)
            if path in areas:
                added.setdefault(original["id"], []).append(fresh["id"])

    def visit(sections):
        for section in sections:
            if "areas" in section:
                section["areas"] = section["areas"] + [
                    new for area in section["areas"] for new in added.get(area, [])]
            visit(section.get("sections", []))

    visit(intro.get("sections", []))
    dump(intro_path, intro)


def data_bytes(project: Path) -> int:
    """Bytes of the files under data/."""
    return sum(path.stat().st_size for path in (project / "data").rglob("*") if path.is_file())


def median(runs: list[Run], field: str) -> float:
    """The median of ``field`` over ``runs``."""
    return statistics.median(getattr(run, field) for run in runs)


def spread(runs: list[Run], field: str = "seconds") -> str:
    """Median of ``field``, with min-max when there are several runs."""
    values = [getattr(run, field) for run in runs]
    text = f"{statistics.median(values):.2f}"
    if len(values) > 1:
        text += f" ({min(values):.2f}-{max(values):.2f})"
    return text


def verdict(ratio: float, aim: float) -> str:
    """"met" or "missed", for a ratio that must stay at most ``aim``."""
    return "met" if ratio <= aim else "missed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,10,100",
                        help="comma-separated data multipliers for the scaling table (default 1,10,100)")
    parser.add_argument("--runs", type=int, default=3, help="builds per measurement (default 3)")
    parser.add_argument("--scaling-runs", type=int, default=1,
                        help="builds per scale above 1 (default 1)")
    parser.add_argument("--scaling-skip-downloads", action="store_true",
                        help="build the scaled copies with SYN_SKIP_DOWNLOADS=1")
    args = parser.parse_args()
    scales = [int(scale) for scale in args.scales.split(",") if scale.strip()]

    with tempfile.TemporaryDirectory(prefix="syn-bench-") as folder:
        base = copy_project(Path(folder) / "ours")
        print(f"Building {base} ({args.runs} runs each)...", file=sys.stderr, flush=True)
        build(base)  # warm-up: caches, .pyc files; also generates docs/ for the stock project
        # interleaved, so that a change in the machine's load touches every kind alike
        kinds = {"cold": [], "warm": [], "skip": [], "stock": []}
        stock = stock_project(base, Path(folder) / "stock")
        build(stock)
        for _ in range(args.runs):
            kinds["cold"].append(build(base, cold=True))
            kinds["warm"].append(build(base))  # the cold build's cache, data unchanged
            kinds["skip"].append(build(base, skip_downloads=True))
            kinds["stock"].append(build(stock))
        stock_runs = kinds["stock"]

        print("\n| Build | Pages | Time, s (median, min-max) | CPU, s (median, min-max) "
              "| Peak RSS, MiB |")
        print("|---|---:|---:|---:|---:|")
        names = (("cold", "Ours, cold (no download cache)"),
                 ("warm", "Ours, warm (cache, data unchanged)"),
                 ("skip", "Ours, SYN_SKIP_DOWNLOADS=1"),
                 ("stock", "Stock Material, same pages"))
        for kind, name in names:
            runs = kinds[kind]
            print(f"| {name} | {runs[0].pages} | {spread(runs)} | {spread(runs, 'cpu_seconds')} "
                  f"| {median(runs, 'peak_mib'):.0f} |")
        print("\n| Ratio ours / stock | Time | Time, by round (median, min-max) | CPU "
              "| CPU, by round | Peak RSS | Aims |")
        print("|---|---:|---:|---:|---:|---:|---|")
        for kind, name in names[:3]:
            runs = kinds[kind]
            ratios = {field: median(runs, field) / median(stock_runs, field)
                      for field in ("seconds", "cpu_seconds", "peak_mib")}
            rounds = {field: [getattr(run, field) / getattr(stock_run, field)
                              for run, stock_run in zip(runs, stock_runs)]
                      for field in ("seconds", "cpu_seconds")}
            aims = "; ".join(
                f"{'time' if field == 'seconds' else 'CPU'} at most {aim}x: "
                f"{verdict(ratios[field], aim)}"
                for aim_kind, field, aim in AIMS if aim_kind == kind) or "-"
            time_rounds, cpu_rounds = rounds["seconds"], rounds["cpu_seconds"]
            print(f"| {name.removeprefix('Ours, ')} | {ratios['seconds']:.2f}x "
                  f"| {statistics.median(time_rounds):.2f}x "
                  f"({min(time_rounds):.2f}-{max(time_rounds):.2f}) "
                  f"| {ratios['cpu_seconds']:.2f}x | {statistics.median(cpu_rounds):.2f}x "
                  f"| {ratios['peak_mib']:.2f}x | {aims} |")
        sys.stdout.flush()

        print("\n| Data | data/ bytes | Pages | Time, s | CPU, s | Peak RSS, MiB "
              "| s per 100 kB of data | Time vs first | Data vs first "
              "| Time grew no faster than data |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|", flush=True)
        first = None
        for scale in scales:
            if scale == 1:
                project = base
                runs = kinds["skip"] if args.scaling_skip_downloads else kinds["cold"]
            else:
                project = copy_project(Path(folder) / f"scale-{scale}")
                multiply_data(project, scale)
                print(f"Building data x{scale}...", file=sys.stderr, flush=True)
                runs = builds(project, args.scaling_runs, args.scaling_skip_downloads, cold=True)
            size, seconds = data_bytes(project), median(runs, "seconds")
            first = first or (size, seconds)
            time_growth, data_growth = seconds / first[1], size / first[0]
            # one row as soon as it is measured: a long x100 build keeps what came before
            print(f"| x{scale} | {size:,} | {runs[0].pages} | {spread(runs)} "
                  f"| {spread(runs, 'cpu_seconds')} | {median(runs, 'peak_mib'):.0f} "
                  f"| {seconds / (size / 100_000):.2f} | {time_growth:.1f}x | {data_growth:.1f}x "
                  f"| {'yes' if time_growth <= data_growth else 'no'} |", flush=True)
            if project is not base:
                shutil.rmtree(project, ignore_errors=True)


if __name__ == "__main__":
    main()
