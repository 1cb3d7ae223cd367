"""Work apart: the build's helper processes, and the page templates compiled in one."""

from __future__ import annotations

import logging
import os
import shutil
import threading

import pytest

from hooks import pages, processes

from .conftest import ROOT


def child_pid() -> int:
    return os.getpid()


def fail(message: str) -> None:
    raise ValueError(message)


def test_work_apart_runs_in_another_process_and_leaves_no_thread(monkeypatch):
    # the build forks only while it runs one thread; this test session may run
    # more (the browser tests' web server), which does not matter to this child
    monkeypatch.setattr(processes, "can_fork", lambda: True)
    threads = threading.active_count()
    result = processes.run_apart(child_pid)
    assert result() != os.getpid()
    assert result() == result()  # asked again: the same answer
    assert threading.active_count() == threads  # the build may fork its download workers next
    failing = processes.run_apart(fail, "no such template")
    with pytest.raises(ValueError, match="no such template"):
        failing()


def test_work_apart_runs_here_when_forking_is_not_safe(monkeypatch):
    monkeypatch.setattr(processes, "can_fork", lambda: False)
    assert processes.run_apart(child_pid)() == os.getpid()


def test_templates_compiled_apart_render_the_pages_byte_for_byte(dataset, tmp_path):
    templates = tmp_path / "pages"
    shutil.copytree(ROOT / "overrides" / "pages", templates)
    compiled = pages.start_compiling(templates)()
    assert len(compiled) == len(list(templates.glob("*.md")))
    here = pages.render_pages(dataset, templates)
    assert pages.render_pages(dataset, templates, compiled=compiled) == here
    # a template changed since it was compiled is compiled again, not taken stale
    home = templates / "home.md"
    home.write_text(home.read_text(encoding="utf-8") + "\nchanged-after-compiling\n",
                    encoding="utf-8")
    again = pages.render_pages(dataset, templates, compiled=compiled)
    assert again["index.md"].endswith("changed-after-compiling\n")
    assert again["annex-1/coordination.md"] == here["annex-1/coordination.md"]


def two_messages(send, first: str) -> None:
    logging.getLogger("mkdocs.hooks.test").warning("sending %s", first)
    send(first)
    send(os.getpid())


def message_then_failure(send) -> None:
    send("made")
    raise ValueError("then this went wrong")


def test_a_process_apart_sends_its_messages_in_turn_with_its_log(monkeypatch, caplog):
    monkeypatch.setattr(processes, "can_fork", lambda: True)
    caplog.set_level(logging.INFO, logger="mkdocs.hooks")
    apart = processes.start_apart(two_messages, "the data")
    assert apart.receive() == "the data"
    # its log record is logged here, through this process's handlers
    [record] = [r for r in caplog.records if r.name == "mkdocs.hooks.test"]
    assert record.getMessage() == "sending the data" and record.process != os.getpid()
    files = apart.next()
    assert files.result() != os.getpid() and files.done()
    assert files.result() == files.result()  # asked again: the same answer
    with pytest.raises(RuntimeError, match="ended without a result"):
        apart.receive()


def test_a_process_apart_that_fails_raises_where_its_next_message_is_asked_for(monkeypatch):
    monkeypatch.setattr(processes, "can_fork", lambda: True)
    apart = processes.start_apart(message_then_failure)
    assert apart.receive() == "made"
    failed = apart.next()
    with pytest.raises(ValueError, match="then this went wrong"):
        failed.result()
    with pytest.raises(ValueError, match="then this went wrong"):
        failed.result()


def test_no_process_apart_when_forking_is_not_safe(monkeypatch):
    monkeypatch.setattr(processes, "can_fork", lambda: False)
    assert processes.start_apart(two_messages, "x") is None
