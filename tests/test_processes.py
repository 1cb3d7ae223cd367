"""Work apart: a forked process that sends its results and its log back to the build."""

from __future__ import annotations

import logging
import os
import threading

import pytest

from hooks import processes


def two_messages(send, first: str) -> None:
    logging.getLogger("mkdocs.hooks.test").warning("sending %s", first)
    send(first)
    send(os.getpid())


def no_message(send) -> None:
    pass


def message_then_failure(send) -> None:
    send("made")
    raise ValueError("then this went wrong")


def test_a_process_apart_sends_its_messages_in_turn_with_its_log(monkeypatch, caplog):
    # the build forks only while it runs one thread; this test session may run
    # more (the browser tests' web server), which does not matter to this child
    monkeypatch.setattr(processes, "can_fork", lambda: True)
    caplog.set_level(logging.INFO, logger="mkdocs.hooks")
    threads = threading.active_count()
    apart = processes.start_apart(two_messages, "the data")
    assert apart.receive() == "the data"
    # its log record is logged here, through this process's handlers
    [record] = [r for r in caplog.records if r.name == "mkdocs.hooks.test"]
    assert record.getMessage() == "sending the data" and record.process != os.getpid()
    files = apart.next(last=True)
    assert files.result() != os.getpid() and files.done()
    assert files.result() == files.result()  # asked again: the same answer
    with pytest.raises(RuntimeError, match="has ended"):  # and was waited for
        apart.receive()
    # no thread left behind: the build may fork its download workers next
    assert threading.active_count() == threads


def test_a_process_apart_that_fails_raises_where_its_next_message_is_asked_for(monkeypatch):
    monkeypatch.setattr(processes, "can_fork", lambda: True)
    apart = processes.start_apart(message_then_failure)
    assert apart.receive() == "made"
    failed = apart.next()
    with pytest.raises(ValueError, match="then this went wrong"):
        failed.result()
    with pytest.raises(ValueError, match="then this went wrong"):
        failed.result()


def test_a_process_apart_that_ends_early_says_so(monkeypatch):
    monkeypatch.setattr(processes, "can_fork", lambda: True)
    apart = processes.start_apart(no_message)
    with pytest.raises(RuntimeError, match="no_message ended without a result"):
        apart.receive()


def test_no_process_apart_when_forking_is_not_safe(monkeypatch):
    monkeypatch.setattr(processes, "can_fork", lambda: False)
    assert processes.start_apart(two_messages, "x") is None
