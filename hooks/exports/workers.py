"""Making the checklist and table files, on several processors when there are several.

Each file is a pure function of its sheet (a PDF takes from its font only the
glyphs of the sheet's characters), so the files can be made in any order, in any
process, and come out byte for byte the same: they are collected by position,
never by when they were done. Worker processes make most of a build's files,
at a lower priority, while the build's own process goes on with the pages; a
rebuild under ``mkdocs serve`` that makes only a few makes them here.

``SYN_DOWNLOAD_WORKERS`` sets the number of worker processes (``0``: none,
everything in this process); by default, one per ``FILES_PER_WORKER`` files,
at most one per processor this process may use and ``MAX_WORKERS``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import tempfile
import threading
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path

from ..processes import HERE, HereExecutor, can_fork
from .csv_files import export_csv
from .rows import Sheet

log = logging.getLogger("mkdocs.hooks.exports")

MAX_WORKERS = 4
# A worker costs about half a second of processor time to start (it imports
# fpdf2, openpyxl and fontTools): one per this many files, up to one per
# processor, so that a small build's files are made by one worker while
# MkDocs builds the pages on another processor.
FILES_PER_WORKER = 60
# Workers run beside the build's own process (MkDocs builds the pages while they
# make the files): at a lower priority, they take the processor time it leaves,
# and every processor once it waits for them.
WORKER_NICENESS = 10
# Fewer files than this are made here: starting workers would cost more than it saves.
MIN_FILES_FOR_WORKERS = 8


def export(sheet: Sheet, file_format: str, font: Path | None = None) -> bytes:
    """Return the sheet in ``file_format`` ("xlsx", "csv" or "pdf"; a PDF needs
    the ``font`` that ``prepare_font`` made for its characters, and maybe others)."""
    if file_format == "xlsx":
        from .xlsx import export_xlsx
        return export_xlsx(sheet)
    if file_format == "csv":
        return export_csv(sheet)
    if file_format == "pdf":
        if font is None:
            raise ValueError("a PDF needs a font: see font.prepare_font")
        from .pdf import export_pdf
        return export_pdf(sheet, font)
    raise ValueError(f"unknown download format {file_format!r}")


def load_writers() -> None:
    """Import the PDF and XLSX writers (fpdf2, openpyxl, fontTools: most of a
    second). Imported when first needed, so that a build without downloads
    never loads them and worker processes load them while this one prepares
    the font."""
    from . import font, pdf, xlsx  # noqa: F401


def start_worker() -> None:
    """Set up a worker process: a lower priority than the build's, and the writers."""
    try:
        os.nice(WORKER_NICENESS)
    except (AttributeError, OSError):  # not on this system, or not allowed: run as is
        pass
    load_writers()


def download_workers(files: int | None = None) -> int:
    """Worker processes to use for ``files`` files: ``SYN_DOWNLOAD_WORKERS``,
    else one per ``FILES_PER_WORKER`` files (any number of files, if None),
    at most one per processor available and ``MAX_WORKERS``."""
    value = os.environ.get("SYN_DOWNLOAD_WORKERS", "").strip()
    if value:
        try:
            return max(0, int(value))
        except ValueError:
            log.warning("SYN_DOWNLOAD_WORKERS=%r is not a number; ignored", value)
    try:
        available = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        available = os.cpu_count() or 1
    wanted = MAX_WORKERS if files is None else -(-files // FILES_PER_WORKER)
    return max(1, min(available, MAX_WORKERS, wanted))


def _executor(workers: int, files: int) -> Executor:
    if workers < 1 or files < MIN_FILES_FOR_WORKERS:
        return HereExecutor()
    # forked workers start at once with everything imported; when forking is
    # not safe (mkdocs serve), they come from a clean server process instead,
    # which imports the writers once for all
    methods = multiprocessing.get_all_start_methods()
    if can_fork():
        context = multiprocessing.get_context("fork")
    elif "forkserver" in methods:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__] + [f"{__package__}.{name}"
                                                     for name in ("font", "pdf", "xlsx")])
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=min(workers, files), mp_context=context,
                               initializer=start_worker)


def _cost(job: tuple[Sheet, str]) -> int:
    """A rough size of a job, to start the longest first (PDFs, then by rows)."""
    sheet, file_format = job
    return (file_format == "pdf") * 1_000_000 + len(sheet.rows)


def make_files(jobs: list[tuple[Sheet, str]], workers: int | None = None) -> list[bytes]:
    """Make the file of every ``(sheet, format)`` job; return their bytes, in order."""
    return start_files(jobs, workers).result()


def start_files(jobs: list[tuple[Sheet, str]], workers: int | None = None) -> Future:
    """Start making the file of every ``(sheet, format)`` job; return a future of
    their bytes, in order.

    With worker processes, this returns as soon as they are started (here:
    forking is safe only from the calling thread) and a helper thread hands
    them the PDFs once their font is ready, so the caller goes on (MkDocs
    builds the pages meanwhile). With no worker process (``workers`` 0), or
    a handful of files, every file is made here before it returns.

    The PDFs share one font prepared for all their characters; each embeds
    the part of it that it uses (see ``font.fit_metrics``), so a PDF made
    alone is the PDF a full build makes.
    """
    workers = download_workers(len(jobs)) if workers is None else workers
    executor = _executor(workers, len(jobs))
    try:
        plan = _FilePlan(jobs, executor)
        plan.start()
    except BaseException:
        executor.shutdown(wait=False, cancel_futures=True)
        raise
    if isinstance(executor, HereExecutor):
        plan.finish()
    else:
        threading.Thread(target=plan.finish, name="syn-downloads").start()
    return plan.files


class _FilePlan:
    """The files of one ``start_files`` call: which job runs where, and when."""

    def __init__(self, jobs: list[tuple[Sheet, str]], executor: Executor):
        self.jobs = jobs
        self.executor = executor
        self.results: list[Future | None] = [None] * len(jobs)
        self.order = sorted(range(len(jobs)), key=lambda number: -_cost(jobs[number]))
        self.printed = [number for number in self.order if jobs[number][1] == "pdf"]
        self.folder = tempfile.TemporaryDirectory(prefix="syn-font-")
        self.font: Future | None = None
        self.texts: list[str] = []  # every text the PDFs print
        self.files: Future = Future()  # every file's bytes, in the order of the jobs
        self.files.set_running_or_notify_cancel()

    def start(self) -> None:
        """Hand out the font and the spreadsheets (in the calling thread: the
        first job starts the worker processes)."""
        from .font import prepare_font

        if self.printed:
            self.texts = [text for number in self.printed for text in self.jobs[number][0].texts()]
            self.font = self.executor.submit(prepare_font, self.texts, Path(self.folder.name))
        # the spreadsheets need no font: they run while it is prepared;
        # a CSV takes less time to make than to send to a worker
        for number in self.order:
            sheet, file_format = self.jobs[number]
            if file_format != "pdf":
                runner = HERE if file_format == "csv" else self.executor
                self.results[number] = runner.submit(export, sheet, file_format)

    def finish(self) -> None:
        """Make the PDFs once their font is ready, and collect every file into ``files``."""
        from .font import missing_characters

        try:
            if self.printed:
                font = self.font.result()
                # logged here, not in a worker: the build's process logs what
                # this one does (see hooks.processes), not what its workers do
                missing = missing_characters(font, self.texts)
                if missing:
                    log.warning("The PDF font has no glyph for %s", " ".join(missing))
                for number in self.printed:
                    self.results[number] = self.executor.submit(
                        export, self.jobs[number][0], "pdf", font)
            made = [future.result() for future in self.results]
        except BaseException as exc:  # handed to whoever waits for the files
            for future in self.results:
                if future is not None:
                    future.cancel()
            self._close()
            self.files.set_exception(exc)
        else:
            self._close()
            self.files.set_result(made)

    def _close(self) -> None:
        """Stop the worker processes before anyone learns that the files are made:
        a process that exits as soon as it has them (the forked process of
        ``hooks.processes``) waits for its children, and workers never told to
        stop would keep it, and the build, waiting for ever."""
        self.executor.shutdown(wait=True, cancel_futures=True)
        self.folder.cleanup()
