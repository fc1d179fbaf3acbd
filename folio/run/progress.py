"""Progress on a terminal: a live bar while a stage runs, erased when its timed line is printed.

:class:`folio.run.request.Log` prints one line per stage with its time, wherever the
output goes.  When that output is an interactive terminal, :func:`live_bar`
also shows, while the stage runs, a spinner, the stage's name, a bar and the
time so far (rich); the bar counts when the stage says how much there is to
do, and pulses when it cannot know.  In a pipe, a log file or CI (``CI`` set,
or ``TERM=dumb``) nothing but the plain lines is written, so logs stay
readable.  ``-q`` shows neither.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

DELAY = 0.4
"""Seconds a stage runs before its bar appears."""
Advance = Callable[[int], None]
"""Called by a stage with how many more of its steps are done."""


def interactive(stream: TextIO) -> bool:
    """Whether ``stream`` is a terminal a person watches (not a pipe, a file, CI or a dumb terminal)."""
    try:
        tty = stream.isatty()
    except (AttributeError, ValueError):
        return False
    return tty and os.environ.get("TERM", "") != "dumb" and not os.environ.get("CI")


def _ignore(steps: int = 1) -> None:
    pass


@contextmanager
def live_bar(name: str, total: int | None = None, stream: TextIO | None = None) -> Iterator[Advance]:
    """Show a bar for ``name`` while the block runs; yields ``advance(steps)``.

    Nothing is shown (and ``advance`` does nothing) unless ``stream`` (default
    stderr) is an interactive terminal.
    """
    stream = stream or sys.stderr
    if not interactive(stream):
        yield _ignore
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = [SpinnerColumn(), TextColumn("{task.description:<28}"), BarColumn(bar_width=30), TimeElapsedColumn()]
    if total is not None:
        columns.insert(3, MofNCompleteColumn())
    # transient: the bar disappears at the end, and the stage's timed line takes its place.
    progress = Progress(*columns, console=Console(file=stream), transient=True)
    task = progress.add_task(name, total=total)
    shown = _Delayed(progress.start, progress.stop)
    try:
        yield lambda steps=1: progress.advance(task, steps)
    finally:
        shown.end()


class _Delayed:
    """Starts the bar only once a stage has run for :data:`DELAY`: a quick stage just prints its line."""

    def __init__(self, start: Callable[[], None], stop: Callable[[], None]) -> None:
        self._start, self._stop = start, stop
        self._lock = threading.Lock()
        self._started = self._ended = False
        self._timer = threading.Timer(DELAY, self._show)
        self._timer.daemon = True
        self._timer.start()

    def _show(self) -> None:
        with self._lock:
            if not self._ended:
                self._start()
                self._started = True

    def end(self) -> None:
        self._timer.cancel()
        with self._lock:
            self._ended = True
            if self._started:
                self._stop()
