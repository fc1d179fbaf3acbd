"""The processes that lay the parts out: long-lived workers, or this process alone.

With more than one job, :class:`Workers` forks that many workers once, when
the PDF process has WeasyPrint imported, the edition's HTML parsed and the
stylesheets and fonts loaded: each starts with all of it, at no cost, and
lays out part after part, told only which part and its spec; a layout's
memory is freed when its part is sent back.  With one job (or where ``fork``
is missing: not Linux or macOS), each part is laid out in this process, one
after the other.  ``multiprocessing`` pools cannot be used here: the PDF
process is a daemon, and daemons may not start ``multiprocessing`` children.
"""

from __future__ import annotations

import gc
import os
import pickle
import signal
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, Pipe, wait
from typing import Any

from folio.errors import ReportError


class TaskFailed(RuntimeError):
    """A task failed with something other than a report error: a bug."""


class Workers:
    """Run ``task(*args)``, at most ``jobs`` at once; use as a context manager."""

    def __init__(self, jobs: int, task: Callable[..., Any]) -> None:
        self.jobs = max(1, jobs)
        self.task = task
        self.forked = hasattr(os, "fork") and self.jobs > 1
        self.idle: list[tuple[int, Connection]] = []
        self.running: dict[Connection, tuple[int, Any]] = {}
        self.done: list[tuple[Any, Any]] = []
        if self.forked:
            gc.freeze()  # what the workers inherit is never walked by their collections (nor copied by them)
            for _ in range(self.jobs):
                mine, theirs = Pipe(duplex=True)
                pid = os.fork()
                if pid == 0:
                    mine.close()
                    for _, earlier in self.idle:  # the earlier workers' ends: held here, they would never see their input end
                        earlier.close()
                    _serve(theirs, task)
                theirs.close()
                self.idle.append((pid, mine))

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        for pid, connection in [*self.idle, *((pid, connection) for connection, (pid, _) in self.running.items())]:
            if connection in self.running:
                os.kill(pid, signal.SIGTERM)
            connection.close()  # an idle worker sees the end of its input and leaves
            os.waitpid(pid, 0)
        self.idle.clear()
        self.running.clear()

    @property
    def free(self) -> bool:
        return not self.forked or bool(self.idle)

    def start(self, key: Any, *args: Any) -> None:
        """Start a task; its result comes back from :meth:`next` with ``key``."""
        if not self.forked:
            self.done.append((key, self.task(*args)))
            return
        pid, connection = self.idle.pop()
        connection.send(args)
        self.running[connection] = (pid, key)

    def next(self) -> tuple[Any, Any]:
        """Wait for a task to end: its key and result.  Raises its report error, or ``TaskFailed``."""
        if self.done:
            return self.done.pop(0)
        connection = wait(list(self.running))[0]
        pid, key = self.running.pop(connection)
        try:
            kind, value = connection.recv()
        except EOFError:
            _, status = os.waitpid(pid, 0)
            connection.close()
            raise TaskFailed(f"a part of the PDF failed: its process stopped (status {status})") from None
        self.idle.append((pid, connection))
        if kind == "report-error":
            raise ReportError(value)
        if kind == "bug":
            raise TaskFailed(f"a part of the PDF failed:\n{value}")
        return key, value


def _serve(connection: Connection, task: Callable[..., Any]) -> None:
    """In a worker: run each task sent, answer, and leave without running the parent's exit handlers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    status = 0
    try:
        while True:
            try:
                args = connection.recv()
            except (EOFError, OSError):
                break
            try:
                connection.send(("ok", task(*args)))
            except ReportError as error:
                connection.send(("report-error", error.problems))
            except BaseException:
                try:
                    connection.send(("bug", traceback.format_exc()))
                except (OSError, pickle.PicklingError):
                    status = 1
                    break
    finally:
        connection.close()
        os._exit(status)
