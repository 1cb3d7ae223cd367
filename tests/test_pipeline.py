"""The pipeline: everything is checked, made and rendered before a file is
written, and a problem at any step is reported in one line per problem."""

from __future__ import annotations

import pytest

from hooks.errors import DataErrors
from hooks.loader import load_dataset
from hooks.pipeline import BuildError, Pipeline

from .conftest import copy_project


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project, built without downloads (they are tested apart)."""
    monkeypatch.setenv("SYN_SKIP_DOWNLOADS", "1")
    return copy_project(tmp_path)


def test_bad_data_raises_every_error_and_keeps_the_last_good_result(project):
    pipeline = Pipeline(project)
    assert pipeline.prepare() is True
    good = pipeline.rendered
    area = project / "data" / "annex-1" / "coordination.yaml"
    area.write_text(area.read_text(encoding="utf-8").replace('part: "1"', 'part: "7"', 1)
                    .replace("id: a1-11\n", "id: a1-12\n", 1), encoding="utf-8")
    with pytest.raises(DataErrors) as here:
        load_dataset(project)
    with pytest.raises(DataErrors) as prepared:
        pipeline.prepare()
    assert prepared.value.errors == here.value.errors and len(here.value.errors) == 2
    assert pipeline.rendered is good


def test_a_page_template_that_fails_names_its_file_and_line(project):
    template = project / "overrides" / "pages" / "glossary.md"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(3, "{{ data.no_such_thing.title }}\n")
    template.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(BuildError) as failed:
        Pipeline(project).prepare()
    assert str(failed.value).startswith("overrides/pages/glossary.md:4: UndefinedError: ")
    assert "no_such_thing" in str(failed.value)

    template.write_text("{% for x in %}\n", encoding="utf-8")
    with pytest.raises(BuildError) as failed:
        Pipeline(project).prepare()
    assert str(failed.value).startswith("overrides/pages/glossary.md:1: TemplateSyntaxError: ")


def test_a_folder_that_cannot_be_written_is_named_in_one_line(project, tmp_path):
    pipeline = Pipeline(project)
    pipeline.prepare()
    blocked = tmp_path / "site"
    blocked.mkdir()
    (blocked / "schemas").write_text("a file where a folder goes", encoding="utf-8")
    with pytest.raises(BuildError) as failed:
        pipeline.write_site_files(blocked)
    assert str(failed.value).startswith(f"cannot write {blocked / 'schemas'}")
    assert "\n" not in str(failed.value)
