"""The whole build: strict and clean with good data; with bad data it stops
before writing anything, says what is wrong, and leaves the last site alone."""

from __future__ import annotations

import hashlib
from pathlib import Path

from .conftest import copy_project, run_build


def snapshot(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def test_strict_build_has_no_warnings(build_log):
    assert "WARNING" not in build_log
    assert "ERROR" not in build_log


def test_bad_data_stops_the_build_and_keeps_the_previous_site(tmp_path):
    project = copy_project(tmp_path)
    assert run_build(project).returncode == 0
    before = snapshot(project / "site")

    area = project / "data" / "annex-1" / "coordination.yaml"
    text = area.read_text(encoding="utf-8")
    area.write_text(text.replace('part: "1"', 'part: "7"', 1)
                    .replace("id: a1-11\n", "id: a1-12\n", 1), encoding="utf-8")
    result = run_build(project)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "data/annex-1/coordination.yaml:6:1: part: expected one of '1', '2', got '7'" \
        in result.stderr
    assert "data/annex-1/coordination.yaml:" in result.stderr and "duplicate id 'a1-12'" \
        in result.stderr
    assert "2 errors in the data" in result.stderr
    assert snapshot(project / "site") == before


def test_data_file_that_is_not_yaml_gives_a_located_message(tmp_path):
    project = copy_project(tmp_path)
    (project / "data" / "decision.yaml").write_text("id: decision\ntitle: {zh: \"x\"\n",
                                                     encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "data/decision.yaml:2:8: YAML syntax error: the mapping opened here with '{' is " \
           "not closed with '}'" in result.stderr
    assert not (project / "site").exists()


def test_a_broken_page_template_stops_the_build_with_its_file_and_line(tmp_path):
    project = copy_project(tmp_path)
    assert run_build(project).returncode == 0
    before = snapshot(project / "site")
    template = project / "overrides" / "pages" / "calendar.md"
    template.write_text(template.read_text(encoding="utf-8") + "{{ portal.no_such_list() }}\n",
                        encoding="utf-8")
    result = run_build(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "overrides/pages/calendar.md:" in result.stderr and "no_such_list" in result.stderr
    assert snapshot(project / "site") == before
