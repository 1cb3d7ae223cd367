"""How a build stops when it is asked to, or when the disk fails it.

SIGTERM (a CI timeout, ``kill``) stops the build as Ctrl-C does: Python
raises ``KeyboardInterrupt``, every ``finally`` runs (the site being built is
removed, the previous one stays), and MkDocs' command line prints
"Aborted!". An ``OSError`` that reaches the top (MkDocs writing a page on a
full or read-only disk) is printed as one line instead of a traceback.
"""

from __future__ import annotations

import signal
import sys
import threading


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def stop_on_terminate():
    """Make SIGTERM stop this process as Ctrl-C does; return what undoes it.

    Only from the main thread (where Python runs signal handlers) and only
    if nobody else handles SIGTERM already.
    """
    if threading.current_thread() is not threading.main_thread() \
            or signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return lambda: None
    signal.signal(signal.SIGTERM, _interrupt)
    return lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL)


def describe_os_error(exc: OSError, target=None) -> str:
    """``cannot write site/x.pdf: No space left on device`` (a copy's error names
    its source first, then the file it was writing)."""
    name = exc.filename2 or exc.filename or target or "a file"
    return f"cannot write {name}: {exc.strerror or exc}"


def report_os_errors_in_one_line() -> None:
    """Print an ``OSError`` that ends the process as one line, not a traceback.

    Left in place until the process ends: the error reaches the top after
    MkDocs' last event has run.
    """
    previous = sys.excepthook

    def excepthook(kind, value, tb):
        if issubclass(kind, OSError):
            sys.stderr.write(f"Error: {describe_os_error(value)}\n")
        else:
            previous(kind, value, tb)

    if getattr(sys.excepthook, "__qualname__", "") != excepthook.__qualname__:
        sys.excepthook = excepthook
