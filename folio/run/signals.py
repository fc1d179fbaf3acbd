"""SIGTERM, in one place: a killed build unwinds like Ctrl-C, so every cleanup runs.

:func:`sigterm_unwinds` turns SIGTERM into ``KeyboardInterrupt`` in the
build's own process for as long as the build runs, and makes sure the
processes it forks (the PDF processes) start with the default action
instead, so their parent's ``terminate()`` stops them.  :class:`signals_held`
holds SIGINT and SIGTERM back while the editions move into the output folder.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager

_MAIN_PID = os.getpid()


@contextmanager
def sigterm_unwinds() -> Iterator[None]:
    """While inside, SIGTERM raises ``KeyboardInterrupt`` in this process (not in its forked children)."""
    global _MAIN_PID
    _MAIN_PID = os.getpid()
    _guard_forks()
    previous = _on_sigterm(_interrupt)
    try:
        yield
    finally:
        _on_sigterm(previous)


def _interrupt(signum: int, frame: object) -> None:
    if os.getpid() != _MAIN_PID:
        # a forked process that has not set its own handler yet: die as asked
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    raise KeyboardInterrupt(f"signal {signum}")


def _guard_forks() -> None:
    """A forked process must not inherit the SIGTERM handler above.

    Python runs a signal handler only between bytecodes, and a child that
    replaces the inherited handler first would silently drop a SIGTERM that
    arrived in between (its parent's ``terminate()`` would then wait forever).
    So SIGTERM is blocked across ``fork()`` and the child starts with the
    default action, the signal still pending if one came.
    """
    if getattr(_guard_forks, "done", False):
        return
    _guard_forks.done = True  # type: ignore[attr-defined]
    term = {signal.SIGTERM}

    def child() -> None:
        if signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, signal.SIG_IGN, None):
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, term)

    os.register_at_fork(
        before=lambda: signal.pthread_sigmask(signal.SIG_BLOCK, term),
        after_in_parent=lambda: signal.pthread_sigmask(signal.SIG_UNBLOCK, term),
        after_in_child=child,
    )


def _on_sigterm(handler: object) -> object:
    """Install ``handler`` for SIGTERM; returns the previous one (``None`` off the main thread)."""
    if handler is None:
        return None
    try:
        return signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread: signals cannot be handled here
        return None


class signals_held:
    """Hold SIGINT and SIGTERM back while the editions move in; deliver them after."""

    SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})

    def __enter__(self) -> None:
        try:
            signal.pthread_sigmask(signal.SIG_BLOCK, self.SIGNALS)
            self.blocked = True
        except (ValueError, OSError, AttributeError):
            self.blocked = False

    def __exit__(self, *exc: object) -> None:
        if not self.blocked:
            return
        pending = signal.sigpending() & self.SIGNALS
        for signum in pending:
            # the build is complete and written: a late Ctrl-C or SIGTERM has nothing left to stop
            previous = signal.signal(signum, signal.SIG_IGN)
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signum})
            signal.signal(signum, previous)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, self.SIGNALS)
