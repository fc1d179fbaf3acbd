"""The PDF edition in a process of its own, so the other editions are written meanwhile.

WeasyPrint is single-threaded and takes most of a build, so it gets a process
(and a core) to itself.  :class:`PdfProcess` starts before the report is read
and imports WeasyPrint while the main process runs pandoc; it is then sent
one :class:`Job` (a module-level function and its one picklable input record),
runs it, and answers twice: as soon as layout is done, with what the job's
``summarise`` made of the laid-out document (the page map the EPUB needs),
and when the PDF is written.  The EPUB waits only for the first answer.
When the EPUB is built without the screen PDF, a second such process lays
the screen edition out and paints nothing (``write_pdf`` with no path).

A report error raised in the process comes back as the same
:class:`~folio.errors.ReportError`, and a WeasyPrint folio was not made for
as the same :class:`~folio.errors.InstallError`; anything else is a bug and
comes back with its traceback.  Ctrl-C and SIGTERM are the main process's business: it
stops the PDF process on its way out.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from types import TracebackType
from typing import Any

from folio.errors import InstallError, ReportError
from folio.run.files import DISK_ERRORS


@dataclass(frozen=True, slots=True)
class Job:
    """``function(work, on_layout=callback)``, run in the PDF process (``write_pdf`` and its ``PdfJob``)."""

    function: Callable[..., Any]
    work: Any
    """The function's one input: a frozen record of named fields, picklable."""
    summarise: Callable[[Any], Any] | None = None
    """Turns the laid-out document into plain data for the main process (``None``: nothing to send)."""


@dataclass(frozen=True, slots=True)
class Timings:
    """Where the PDF process spent its time, in seconds."""

    preload: float = 0.0
    """Importing WeasyPrint, alongside the main process's pandoc runs."""
    layout: float = 0.0
    paint: float = 0.0
    """Everything after layout: drawing, fonts, writing, page labels."""


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


class PdfProcessFailed(RuntimeError):
    """The PDF process failed with something other than a report error: a bug."""


_PENDING = object()


@dataclass(slots=True)
class _Answers:
    ready: float | object = _PENDING
    layout: Any = _PENDING
    layout_seconds: float = 0.0
    result: Any = _PENDING
    paint_seconds: float = 0.0


class PdfProcess:
    """A worker process for one PDF, started early; use as a context manager."""

    def __init__(self, preload: tuple[str, ...] = ("weasyprint", "folio.pdf.write")) -> None:
        methods = multiprocessing.get_all_start_methods()
        forked = "fork" in methods
        context = multiprocessing.get_context("fork" if forked else "spawn")
        self._connection, child = context.Pipe()
        # A forked child holds a copy of the parent's end too; it closes it, so
        # it sees end-of-file when the build goes away.
        inherited = self._connection if forked else None
        self._process = context.Process(target=_serve, args=(child, preload, inherited), name="folio-pdf", daemon=True)
        self._process.start()
        child.close()
        self._answers = _Answers()
        self._submitted = False

    def __enter__(self) -> PdfProcess:
        return self

    def __exit__(self, kind: type | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    @property
    def submitted(self) -> bool:
        """Whether the process was given its job."""
        return self._submitted

    def submit(self, job: Job) -> None:
        """Hand the process its one job."""
        if self._submitted:
            raise RuntimeError("a PdfProcess runs one job")
        self._submitted = True
        self._connection.send(job)

    def layout(self) -> Any:
        """Wait until layout is done; what ``job.summarise`` returned."""
        while self._answers.layout is _PENDING:
            self._receive()
        return self._answers.layout

    def result(self) -> Any:
        """Wait until the job is done; what ``job.function`` returned."""
        while self._answers.result is _PENDING:
            self._receive()
        return self._answers.result

    def timings(self) -> Timings:
        """Valid once :meth:`result` returned."""
        ready = self._answers.ready
        return Timings(
            preload=ready if isinstance(ready, float) else 0.0,
            layout=self._answers.layout_seconds,
            paint=self._answers.paint_seconds,
        )

    def close(self) -> None:
        """Stop the process if it still runs (a failed or interrupted build) and reap it."""
        self._connection.close()
        if self._process.is_alive() and self._answers.result is _PENDING:
            self._process.terminate()
        self._process.join()

    def _receive(self) -> None:
        try:
            kind, value, seconds = self._connection.recv()
        except EOFError:
            self._process.join(timeout=10)
            raise PdfProcessFailed(f"the PDF process stopped without an answer (exit status {self._process.exitcode})") from None
        if kind == "ready":
            self._answers.ready = seconds
        elif kind == "laid-out":
            self._answers.layout, self._answers.layout_seconds = value, seconds
        elif kind == "done":
            if self._answers.layout is _PENDING:
                self._answers.layout = None
            self._answers.result, self._answers.paint_seconds = value, seconds
        elif kind == "report-error":
            raise ReportError(value)
        elif kind == "install-error":
            raise InstallError(value)
        elif kind == "os-error":
            raise OSError(*value)
        else:
            raise PdfProcessFailed(f"the PDF process failed:\n{value}")


def _die_with_parent() -> None:
    """On Linux, have the kernel stop this process when the build dies, even by SIGKILL."""
    try:
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGTERM))
    except (OSError, AttributeError):
        pass  # elsewhere the closed pipe still ends the wait for a job


def _serve(connection: Connection, preload: tuple[str, ...], inherited: Connection | None = None) -> None:
    """The PDF process: preload, take one job, answer after layout and at the end."""
    if inherited is not None:
        inherited.close()
    # The main process handles Ctrl-C and stops this one itself; SIGTERM keeps its
    # default action here (folio.run.signals), so terminate() stops it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    start = time.perf_counter()
    for module in preload:
        try:
            importlib.import_module(module)
        except ImportError:
            pass  # the job itself will fail with the real error
    connection.send(("ready", None, time.perf_counter() - start))
    try:
        job: Job = connection.recv()
    except (EOFError, ConnectionResetError):
        return  # the build stopped before this process had work
    start = time.perf_counter()
    laid_out = [start]

    def on_layout(document: Any) -> None:
        summary = job.summarise(document) if job.summarise is not None else None
        laid_out[0] = time.perf_counter()
        connection.send(("laid-out", summary, laid_out[0] - start))

    try:
        result = job.function(job.work, on_layout=on_layout)
        connection.send(("done", result, time.perf_counter() - laid_out[0]))
    except ReportError as error:
        connection.send(("report-error", error.problems, 0.0))
    except InstallError as error:
        connection.send(("install-error", str(error), 0.0))
    except OSError as error:
        if error.errno in DISK_ERRORS:  # a full or read-only disk: said as the main process says it
            connection.send(("os-error", (error.errno, error.strerror, error.filename), 0.0))
        else:
            connection.send(("bug", traceback.format_exc(), 0.0))
    except BaseException:
        connection.send(("bug", traceback.format_exc(), 0.0))
    finally:
        connection.close()
