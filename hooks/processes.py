"""Work done in another process, on another processor, while the build goes on.

The build hands out two kinds of work: the page templates compile while the
data loads (``pages.start_compiling``), and the downloads are made while
MkDocs builds the pages (``exports.workers``). A process forked from the
build's starts at once, with everything imported; forking is safe only while
the build runs a single thread (under ``mkdocs serve`` other threads run, and
a fork could copy a lock that one of them holds).
"""

from __future__ import annotations

import multiprocessing
import threading
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


def _run(sender, function: Callable, args: tuple) -> None:
    try:
        outcome = (True, function(*args))
    except BaseException as exc:  # sent back, raised where the result is asked for
        outcome = (False, exc)
    sender.send(outcome)
    sender.close()


def run_apart(function: Callable, *args) -> Callable[[], object]:
    """Start ``function(*args)`` in a forked process, if this one may fork (else
    run it here, now); return a function that waits for its result and returns
    it (or raises its exception). The process ends with the work: no thread is
    left behind, so the build may fork again afterwards."""
    if not can_fork():
        future = HERE.submit(function, *args)
        return future.result
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_run, args=(sender, function, args), daemon=True)
    process.start()
    sender.close()

    outcome: list[tuple[bool, object]] = []

    def result():
        if not outcome:
            try:
                outcome.append(receiver.recv())
            except EOFError:
                outcome.append((False, None))
            finally:
                receiver.close()
                process.join()
        succeeded, value = outcome[0]
        if succeeded:
            return value
        if value is None:
            raise RuntimeError(f"{function.__qualname__} ended without a result "
                               f"(exit code {process.exitcode})")
        raise value

    return result
