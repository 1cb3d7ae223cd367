"""Work done in another process, on another processor, while the build goes on.

The build hands out two kinds of work. The data loads, the pages render and
the downloads start in a forked process (``start_apart``) while the build's
own process loads what MkDocs needs next; that process then stays to hand
over the files once made. The downloads are made by worker processes while
MkDocs builds the pages (``exports.workers``). A process forked from the
build's starts at once, with everything imported; forking is safe only while
the build runs a single thread (under ``mkdocs serve`` other threads run, and
a fork could copy a lock that one of them holds), so the work is done here
otherwise.

What a process apart logs is handed to the build's process with its next
message and logged there, through MkDocs' handlers (which count warnings for
``--strict``).
"""

from __future__ import annotations

import copy
import logging
import multiprocessing
import pickle
import threading
import traceback
from collections.abc import Callable
from concurrent.futures import Executor, Future


def can_fork() -> bool:
    """Whether this process may fork now: the system can, and one thread runs."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class HereExecutor(Executor):
    """Runs each job at once, in this process."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to whoever asks for the result
            future.set_exception(exc)
        return future


HERE = HereExecutor()


class _Collector(logging.Handler):
    """Keeps the log records of a process apart, to be sent with its next message."""

    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        # as logging.handlers.QueueHandler.prepare: the message formatted, so
        # that nothing unpicklable travels
        record = copy.copy(record)
        record.msg = record.getMessage()
        record.args = None
        if record.exc_info:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
        self.records.append(record)

    def take(self) -> list[logging.LogRecord]:
        records, self.records = self.records, []
        return records


def _collect_logs() -> _Collector:
    """In a process apart: keep every log record for the build's process, which
    logs it through its own handlers (MkDocs counts warnings there, for
    ``--strict``), instead of printing it here."""
    collector = _Collector()
    loggers = [logging.getLogger()] + [
        logger for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger)]
    for logger in loggers:
        logger.handlers = []
        logger.propagate = True
    logging.getLogger().addHandler(collector)
    return collector


def _serve(sender, function: Callable, args: tuple) -> None:
    # daemonic: ended if the build ends first; yet it may start its own workers
    multiprocessing.current_process().daemon = False
    collector = _collect_logs()

    def send(value) -> None:
        sender.send((True, value, collector.take()))

    try:
        function(send, *args)
    except BaseException as exc:  # sent back, raised where the next message is asked for
        try:
            pickle.dumps(exc)
        except Exception:  # noqa: BLE001 - an exception that cannot travel travels as text
            exc = RuntimeError("".join(traceback.format_exception(exc)))
        sender.send((False, exc, collector.take()))
    sender.close()


class Apart:
    """A forked process that sends messages back (see ``start_apart``)."""

    def __init__(self, function: Callable, args: tuple):
        context = multiprocessing.get_context("fork")
        self._name = getattr(function, "__qualname__", repr(function))
        self._receiver, sender = context.Pipe(duplex=False)
        self._process = context.Process(target=_serve, args=(sender, function, args),
                                        daemon=True)
        self._process.start()
        sender.close()
        self._ended = False

    def ready(self) -> bool:
        """Whether ``receive`` would return (or raise) without waiting."""
        return self._ended or self._receiver.poll()

    def receive(self):
        """The next message (waits for it). Raises the exception the process
        ended with, or RuntimeError if it ended without sending one. The log
        records of the process are logged here first."""
        if self._ended:
            raise RuntimeError(f"{self._name} has ended: no more messages")
        try:
            sent, value, records = self._receiver.recv()
        except EOFError:
            self._end()
            raise RuntimeError(f"{self._name} ended without a result "
                               f"(exit code {self._process.exitcode})") from None
        for record in records:
            logging.getLogger(record.name).handle(record)
        if not sent:
            self._end()
            raise value
        return value

    def next(self, last: bool = False) -> Awaited:
        """The next message, as a future (``done``, ``result``); ``last``: the
        process ends after sending it (and is waited for once it has)."""
        return Awaited(self, last)

    def close(self) -> None:
        """Wait for the process to end (after its last message)."""
        if not self._ended:
            self._end()

    def _end(self) -> None:
        self._ended = True
        self._receiver.close()
        self._process.join()


class Awaited:
    """The next message of an ``Apart`` process, asked for as of a future:
    ``done`` looks without waiting, ``result`` waits (and gives the same
    answer when asked again)."""

    def __init__(self, apart: Apart, last: bool = False):
        self._apart = apart
        self._last = last
        self._outcome: tuple[bool, object] | None = None

    def done(self) -> bool:
        """Whether ``result`` would not wait."""
        return self._outcome is not None or self._apart.ready()

    def result(self):
        """The message (or the exception of the process)."""
        if self._outcome is None:
            try:
                self._outcome = (True, self._apart.receive())
            except BaseException as exc:  # kept, raised again if asked again
                self._outcome = (False, exc)
            if self._last:
                self._apart.close()
        succeeded, value = self._outcome
        if succeeded:
            return value
        raise value


def start_apart(function: Callable, *args) -> Apart | None:
    """Start ``function(send, *args)`` in a forked process, if this one may fork
    now (else return None: the caller does the work here). ``send(value)``
    hands ``value`` to this process, which takes each in turn with
    ``Apart.receive``. The process ends with the function: no thread is left
    behind, so the build may fork again afterwards."""
    if not can_fork():
        return None
    return Apart(function, args)
