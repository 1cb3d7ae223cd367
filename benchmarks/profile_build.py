"""Where a build's time goes: one build under cProfile, summed by stage.

Run from the project folder:

    python benchmarks/profile_build.py [--scale N] [--skip-downloads] [--top N]

Builds a copy of the project in a temporary folder (with the data multiplied
by ``--scale``, as benchmarks/build.py does) once without the profiler, to
print the build's own timing log (data, downloads, pages), and once under
cProfile in the same process as MkDocs, both without a download cache.
Prints a Markdown table of the cumulative time of each stage of the build
(our hooks: the data checked, the downloads made, the pages rendered and
written, the post-build; MkDocs: Markdown, theme templates, search index, the
second language's build), then the functions with the most time of their
own. The profiler slows Python code two to three times: read the shares, not
the seconds. Benchmarks print figures; they assert nothing.
"""

from __future__ import annotations

import argparse
import io
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build import copy_project, multiply_data  # noqa: E402

# (stage, the stage it is part of, file pattern, function name): the stage's
# time is the cumulative time of that function.
STAGES = [
    ("MkDocs build, both languages", "", r"mkdocs/commands/build\.py", "build"),
    ("our on_config: data, downloads, pages", "build", r"hooks/pipeline\.py", "prepare"),
    ("check the data", "on_config", r"hooks/loader\.py", "load_dataset"),
    ("the PDF font's characters (the check)", "check", r"hooks/loader\.py", "check_printable"),
    ("make the downloads", "on_config", r"hooks/pipeline\.py", "make_downloads"),
    ("render the pages", "on_config", r"hooks/pipeline\.py", "render"),
    ("write the generated pages", "build", r"hooks/pages\.py", "write_pages"),
    ("Markdown to HTML", "build", r"mkdocs/commands/build\.py", "_populate_page"),
    ("theme templates", "build", r"mkdocs/commands/build\.py",
     "_build_page"),
    ("the second language's build", "build", r"mkdocs_static_i18n/plugin\.py", "on_post_build"),
    ("our post-build: search index, minifying, files written, site put in place", "build",
     r"hooks/mkdocs_hooks\.py", "on_post_build"),
    ("the search index (Pagefind, a child process)", "post-build", r"hooks/search_index\.py",
     "index_site"),
]



def cumulative(stats: pstats.Stats, path_pattern: str, name: str) -> float | None:
    """Cumulative seconds of the function ``name`` in a file matching ``path_pattern``."""
    best = None
    for (filename, _, function), (_, _, _, cumtime, _) in stats.stats.items():
        if function == name and re.search(path_pattern, filename.replace(os.sep, "/")):
            best = max(best or 0.0, cumtime)
    return best


def templates(stats: pstats.Stats, top: int) -> list[tuple[str, float]]:
    """The page templates (overrides/pages/*.md) with the most cumulative time."""
    found: dict[str, float] = {}
    for (filename, _, function), (_, _, _, cumtime, _) in stats.stats.items():
        match = re.search(r"overrides/pages/([\w-]+\.md)$", filename.replace(os.sep, "/"))
        if match and function == "root":
            found[match.group(1)] = max(found.get(match.group(1), 0.0), cumtime)
    return sorted(found.items(), key=lambda item: -item[1])[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=1, help="data multiplier (default 1)")
    parser.add_argument("--skip-downloads", action="store_true",
                        help="build with SYN_SKIP_DOWNLOADS=1")
    parser.add_argument("--top", type=int, default=15, help="functions to list (default 15)")
    args = parser.parse_args()

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("SYN_SKIP_DOWNLOADS", None)
    if args.skip_downloads:
        env["SYN_SKIP_DOWNLOADS"] = "1"
    with tempfile.TemporaryDirectory(prefix="syn-profile-") as folder:
        project = copy_project(Path(folder) / "project")
        multiply_data(project, args.scale)
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env,
                                capture_output=True, text=True, encoding="utf-8")
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(result.stderr[-3000:])
        print(f"Build without the profiler: {seconds:.2f} s. Its timing log:\n")
        for line in result.stderr.splitlines():
            if re.search(r"Data [0-9a-f]+:|Making \d+ checklists|Documentation built", line):
                print("    " + line.strip())

        profile = Path(folder) / "build.prof"
        shutil.rmtree(project / ".cache", ignore_errors=True)  # cold again
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(profile), "-m", "mkdocs",
                        "build", "-q"], cwd=project, env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stats = pstats.Stats(str(profile))
        total = cumulative(stats, r"mkdocs/commands/build\.py", "build") or stats.total_tt

        print(f"\n| Stage (x{args.scale}{', no downloads' if args.skip_downloads else ''}) "
              "| Part of | Seconds under the profiler | Share of the build |")
        print("|---|---|---:|---:|")
        for stage, parent, path_pattern, name in STAGES:
            value = cumulative(stats, path_pattern, name)
            if value is not None:
                print(f"| {stage} | {parent} | {value:.2f} | {value / total:.0%} |")
        for name, value in templates(stats, 6):
            print(f"| page template {name} | render | {value:.2f} | {value / total:.0%} |")

        print(f"\nThe {args.top} functions with the most time of their own:\n")
        out = io.StringIO()
        pstats.Stats(str(profile), stream=out).sort_stats("tottime").print_stats(args.top)
        lines = out.getvalue().splitlines()
        start_line = next(i for i, line in enumerate(lines) if line.strip().startswith("ncalls"))
        print("\n".join("    " + line for line in lines[start_line:] if line.strip()))


if __name__ == "__main__":
    main()
