"""A small pool of forked processes: each task runs in a fresh fork of the PDF process.

The PDF process has WeasyPrint imported and the edition's HTML parsed; a fork
starts with both, at no cost, and gives its memory back when the task ends.
``multiprocessing`` pools cannot be used here: the PDF process is a daemon,
and daemons may not start ``multiprocessing`` children.  Where ``fork`` is
missing (not on Linux or macOS) the tasks run one after the other in this
process.
"""

from __future__ import annotations

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


class Forks:
    """Run ``function(*args)`` tasks, at most ``jobs`` at once; use as a context manager."""

    def __init__(self, jobs: int) -> None:
        self.jobs = max(1, jobs)
        self.forked = hasattr(os, "fork") and self.jobs > 1
        self.running: dict[Connection, tuple[int, Any]] = {}
        self.done: list[tuple[Any, Any]] = []

    def __enter__(self) -> Forks:
        return self

    def __exit__(self, *exc: object) -> None:
        for connection, (pid, _) in list(self.running.items()):
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
            connection.close()
        self.running.clear()

    @property
    def free(self) -> bool:
        return len(self.running) < self.jobs

    @property
    def busy(self) -> bool:
        return bool(self.running) or bool(self.done)

    def start(self, key: Any, function: Callable[..., Any], *args: Any) -> None:
        """Start a task; its result comes back from :meth:`next` with ``key``."""
        if not self.forked:
            self.done.append((key, function(*args)))
            return
        reader, writer = Pipe(duplex=False)
        pid = os.fork()
        if pid == 0:  # the task
            reader.close()
            _run(writer, function, args)
        writer.close()
        self.running[reader] = (pid, key)

    def next(self) -> tuple[Any, Any]:
        """Wait for a task to end: its key and result.  Raises its report error, or ``TaskFailed``."""
        if self.done:
            return self.done.pop(0)
        connection = wait(list(self.running))[0]
        pid, key = self.running.pop(connection)
        try:
            kind, value = connection.recv()
        except EOFError:
            kind, value = "bug", "the task stopped without an answer"
        connection.close()
        _, status = os.waitpid(pid, 0)
        if kind == "report-error":
            raise ReportError(value)
        if kind == "bug":
            raise TaskFailed(f"a part of the PDF failed (status {status}):\n{value}")
        return key, value


def _run(writer: Connection, function: Callable[..., Any], args: tuple) -> None:
    """In the fork: run, send the answer, and leave without running the parent's exit handlers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    status = 0
    try:
        writer.send(("ok", function(*args)))
    except ReportError as error:
        writer.send(("report-error", error.problems))
    except BaseException:
        status = 1
        try:
            writer.send(("bug", traceback.format_exc()))
        except (OSError, pickle.PicklingError):
            pass
    finally:
        writer.close()
        os._exit(status)
