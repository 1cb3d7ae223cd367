"""Every build ends: stopped, killed, side by side on a busy machine, or on a full
disk, it stops with one line, leaves no process of its own behind and the
previous site as it was; the next build succeeds."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hooks.pages import GENERATED_MARK
from hooks.staging import StagedSite

from .conftest import copy_project, run_build
from .test_build import snapshot

BUILD = [sys.executable, "-m", "mkdocs", "build", "--strict"]


def environment(**extra: str) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **extra)
    env.pop("SYN_SKIP_DOWNLOADS", None)
    return env


def children(pid: int) -> set[int]:
    """Every process descended from ``pid`` (read from /proc)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    """Those of ``pids`` still running (zombies count as ended)."""
    running = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


def start_build(project: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen(BUILD, cwd=project, env=environment(),
                            stdout=subprocess.DEVNULL, stderr=log.open("w", encoding="utf-8"))


def wait_for(log: Path, text: str, process: subprocess.Popen, seconds: float = 120) -> None:
    """Wait until the build's log says ``text`` (and record the build's processes
    meanwhile, in ``process.seen``)."""
    process.seen = set()
    deadline = time.monotonic() + seconds
    while text not in log.read_text(encoding="utf-8"):
        assert process.poll() is None, log.read_text(encoding="utf-8")
        assert time.monotonic() < deadline, f"no {text!r} in {seconds} s"
        process.seen |= children(process.pid)
        time.sleep(0.05)
    process.seen |= children(process.pid)


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site.building-"))


@pytest.fixture
def built(tmp_path) -> Path:
    """A copy of the project with a built site and no download cache."""
    project = copy_project(tmp_path)
    result = run_build(project)
    assert result.returncode == 0, result.stderr
    shutil.rmtree(project / ".cache")
    return project


def test_sigterm_while_the_downloads_are_made_stops_the_build_at_once(built, tmp_path):
    before = snapshot(built / "site")
    log = tmp_path / "build.log"
    build = start_build(built, log)
    wait_for(log, "Making 52 checklists and tables", build)
    build.send_signal(signal.SIGTERM)
    assert build.wait(timeout=20) != 0
    stderr = log.read_text(encoding="utf-8")
    assert "Aborted!" in stderr and "Traceback" not in stderr
    time.sleep(1)
    assert alive(build.seen) == set()
    assert snapshot(built / "site") == before and leftovers(built) == []
    assert run_build(built).returncode == 0


def test_a_build_killed_while_it_writes_the_site_leaves_the_previous_one(built, tmp_path):
    before = snapshot(built / "site")
    log = tmp_path / "build.log"
    build = start_build(built, log)
    wait_for(log, "Building documentation to directory", build)
    build.kill()
    build.wait(timeout=20)
    time.sleep(1)
    assert alive(build.seen) == set()
    assert snapshot(built / "site") == before
    assert len(leftovers(built)) == 1  # a kill leaves no time to tidy up...
    result = run_build(built)
    assert result.returncode == 0, result.stderr
    assert leftovers(built) == []  # ...the next build does


def test_builds_side_by_side_on_a_busy_machine_all_end(tmp_path):
    project = copy_project(tmp_path)
    burn = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        logs = [tmp_path / f"build-{number}.log" for number in range(3)]
        builds = [start_build(project, log) for log in logs]
        codes = [build.wait(timeout=600) for build in builds]
    finally:
        for process in burn:
            process.kill()
            process.wait()
    assert codes == [0, 0, 0], [log.read_text(encoding="utf-8")[-2000:] for log in logs]
    site = project / "site"
    manifest = (site / "downloads" / "manifest.json").read_text(encoding="utf-8")
    # 68 files made from the data, and the offline copy made from the site
    assert manifest.count('"path"') == 68 + 1
    assert (site / "en" / "annex-1" / "coordination" / "index.html").is_file()
    assert leftovers(project) == []
    # no temporary file left: only the marks of the generated folders
    assert not [p for p in (project / "docs").rglob(".*") if p.is_file()
                and p.read_text(encoding="utf-8", errors="replace") != GENERATED_MARK]


def test_a_full_disk_stops_the_build_with_one_line(built):
    before = snapshot(built / "site")

    def small_files_only():  # as a full disk does, a write beyond this fails
        resource.setrlimit(resource.RLIMIT_FSIZE, (150_000, 150_000))

    result = subprocess.run(BUILD, cwd=built, env=environment(), capture_output=True, text=True,
                            preexec_fn=small_files_only, timeout=600)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [line] = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert line.startswith("Error: cannot write ") and line.endswith(": File too large")
    assert snapshot(built / "site") == before and leftovers(built) == []


def test_a_build_that_fails_late_leaves_the_previous_site(built):
    # a warning in strict mode fails the build once every page is written
    before = snapshot(built / "site")
    (built / "docs" / "about.md").write_text(
        (built / "docs" / "about.md").read_text(encoding="utf-8")
        + "\n[a page that is not there](missing.md)\n", encoding="utf-8")
    result = run_build(built)
    assert result.returncode == 1
    assert "missing.md" in result.stderr and "Traceback" not in result.stderr
    assert snapshot(built / "site") == before and leftovers(built) == []


# staging.py ----------------------------------------------------------------------


def test_a_staged_site_takes_the_place_of_the_old_one_only_when_committed(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old", encoding="utf-8")
    staged = StagedSite(site)
    folder = staged.start()
    (folder / "new.html").write_text("new", encoding="utf-8")
    assert folder.parent == tmp_path and (site / "old.html").is_file()
    staged.commit()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [p.name for p in site.iterdir()] == ["new.html"]

    again = StagedSite(site)
    again.start()
    again.discard()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert [p.name for p in site.iterdir()] == ["new.html"]


def test_a_folder_left_by_a_killed_build_is_removed_once_its_process_is_gone(tmp_path):
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    abandoned = tmp_path / f".site.building-{ended.stdout.strip()}-x1"
    running = tmp_path / f".site.building-{os.getpid()}-x2"
    abandoned.mkdir()
    running.mkdir()
    StagedSite(tmp_path / "site").start()
    assert not abandoned.exists() and running.is_dir()
