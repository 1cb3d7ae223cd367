"""The pipeline: the data prepared in a forked process, as it is in this one."""

from __future__ import annotations

import logging
import os

import pytest

from hooks import pages, processes
from hooks.errors import DataErrors
from hooks.loader import load_dataset
from hooks.pipeline import Pipeline

from .conftest import copy_project

EPOCH = "1600000000"


@pytest.fixture
def prepared_here(tmp_path_factory, monkeypatch):
    """A pipeline of a copy of the project, prepared in this process."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("SYN_SKIP_DOWNLOADS", raising=False)
    monkeypatch.setattr(processes, "can_fork", lambda: False)
    pipeline = Pipeline(copy_project(tmp_path_factory.mktemp("here")))
    pipeline.prepare()
    monkeypatch.undo()
    return pipeline


def test_the_data_prepared_apart_is_the_data_prepared_here(prepared_here, tmp_path, monkeypatch):
    # The build forks only while it runs one thread; this test session may run
    # more (the browser tests' web server), which does not matter to this child.
    monkeypatch.setattr(processes, "can_fork", lambda: True)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("SYN_SKIP_DOWNLOADS", raising=False)
    rendered_by = tmp_path / "rendered-by"
    real_render = pages.render_pages

    def render(*args, **kwargs):
        rendered_by.write_text(str(os.getpid()), encoding="utf-8")
        return real_render(*args, **kwargs)

    monkeypatch.setattr(pages, "render_pages", render)
    called_in = []
    (tmp_path / "apart").mkdir()
    pipeline = Pipeline(copy_project(tmp_path / "apart"))
    pipeline.prepare(meanwhile=lambda: called_in.append(os.getpid()))

    assert called_in == [os.getpid()]  # the build's own work, meanwhile, here
    assert int(rendered_by.read_text(encoding="utf-8")) != os.getpid()
    assert pipeline.rendered == prepared_here.rendered
    assert pipeline.sources == prepared_here.sources
    assert pipeline.checklist_index == prepared_here.checklist_index
    assert pipeline.dataset == prepared_here.dataset
    # the files come from the same process once made, in the same order, byte for byte
    assert [(d.path, d.content) for d in pipeline.downloads] \
        == [(d.path, d.content) for d in prepared_here.downloads]
    assert pipeline.download_cache.made == 52
    assert pipeline.sizes() == prepared_here.sizes()


def test_what_the_data_process_logs_is_logged_by_the_build(tmp_path, monkeypatch, caplog):
    # MkDocs counts warnings (for --strict) through the build's own handlers
    monkeypatch.setattr(processes, "can_fork", lambda: True)
    monkeypatch.setenv("SYN_SKIP_DOWNLOADS", "1")
    caplog.set_level(logging.INFO, logger="mkdocs.hooks")
    pipeline = Pipeline(copy_project(tmp_path))
    pipeline.prepare()
    skipped = [record for record in caplog.records
               if record.getMessage() == "SYN_SKIP_DOWNLOADS is set: no downloads"]
    assert len(skipped) == 1
    assert skipped[0].process != os.getpid()  # logged there, handled here
    assert pipeline.downloads == []


def test_bad_data_found_apart_raises_every_error_here(tmp_path, monkeypatch):
    project = copy_project(tmp_path)
    area = project / "data" / "annex-1" / "coordination.yaml"
    area.write_text(area.read_text(encoding="utf-8").replace('part: "1"', 'part: "7"', 1)
                    .replace("id: a1-11\n", "id: a1-12\n", 1), encoding="utf-8")
    with pytest.raises(DataErrors) as here:
        load_dataset(project)
    monkeypatch.setattr(processes, "can_fork", lambda: True)
    pipeline = Pipeline(project)
    with pytest.raises(DataErrors) as apart:
        pipeline.prepare(meanwhile=lambda: None)
    assert apart.value.errors == here.value.errors
    assert len(apart.value.errors) == 2
    assert pipeline.dataset is None and pipeline.rendered == {}
