"""What a run of folio was asked for, and the log it keeps: shared by every command line that runs the recipe.

:class:`Request` is the command line, checked (:func:`folio.cli.parse_request`
makes it); :class:`Log` prints one line per stage with its time.  The recipe,
the live preview and the proofs take both, so they sit here, below all of
them, and not in :mod:`folio.cli`, which runs the recipe.

Exit status: 0 built; 1 the report has an error (printed as ``path:line:
message``, nothing in ``--out`` changed); 2 the command line is wrong; 130
interrupted; any other status is a bug in folio, shown with its traceback.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from folio.editions import BUILD_TARGETS
from folio.errors import printable
from folio.run.progress import Advance, live_bar

TARGETS = (*BUILD_TARGETS, "check", "serve", "proof")
"""Every target of the command line: the editions' (:mod:`folio.editions`), then check, serve and proof."""
DEFAULT_PORT = 8000
EXIT_OK, EXIT_REPORT, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 70, 130


@dataclass(frozen=True, kw_only=True, slots=True)
class Request:
    """What the user asked for, checked."""

    targets: tuple[str, ...]
    source: Path
    out: Path
    edition: str
    verbosity: int
    """0 quiet, 1 normal, 2 verbose."""
    proof: bool = False
    """Also render the PDF's pages to a contact sheet (``proof``; implies ``pdf``)."""
    port: int = DEFAULT_PORT
    """``serve``: the port on 127.0.0.1."""
    serve_pdf: bool = False
    """``serve --pdf``: rebuild the PDF in the background after each change."""
    lang: str | None = None
    """``--lang``: a translation's language (``translations/LANG/``), or ``all`` for the original and every translation."""
    jobs: int = 1
    """Processes that lay the PDF's parts out at once; 1: one part after the other."""
    whole: bool = False
    """``--whole``: lay the PDF out in one layout, the reference the parts are held to (no parts kept)."""
    inputs: str | None = None
    """The inputs' fingerprint (:func:`folio.run.state.fingerprint`), when the command line took it to find nothing to build."""
    strict: bool = False
    """``--strict``: a warning fails the build (exit 1), as an error does."""
    prog: str = "folio"
    """The command as the user typed it (``folio serve``, ``python -m folio serve``, ``build.py serve``): messages name it."""

    def says(self, target: str) -> str:
        """How a message names the command that runs ``target``: ``folio serve``, ``python -m folio serve``, ``build.py serve``."""
        words = self.prog.split()
        if words and words[-1] in (*TARGETS, "build"):
            words = words[:-1]
        return " ".join([*words, target])

    @property
    def check_only(self) -> bool:
        return self.targets == ("check",)

    @property
    def serve(self) -> bool:
        return self.targets == ("serve",)


class Log:
    """One line per stage with its time; ``-q`` hides them, ``-v`` adds detail."""

    def __init__(self, verbosity: int) -> None:
        self.verbosity = verbosity
        self.started = time.perf_counter()

    def info(self, message: str) -> None:
        if self.verbosity >= 1:
            print(printable(message), file=sys.stderr, flush=True)

    def detail(self, message: str) -> None:
        if self.verbosity >= 2:
            print(f"  {printable(message)}", file=sys.stderr, flush=True)

    @contextmanager
    def stage(self, name: str, total: int | None = None) -> Iterator[Advance]:
        """Time the block; on a terminal, a live bar runs meanwhile (``total`` steps, if known)."""
        start = time.perf_counter()
        with self.live(name, total) as advance:
            yield advance
        self.timed(name, time.perf_counter() - start)

    def live(self, name: str, total: int | None = None) -> AbstractContextManager[Advance]:
        """Only the live bar (on a terminal, unless ``-q``), for a wait timed elsewhere."""
        return live_bar(name, total) if self.verbosity >= 1 else nullcontext(lambda steps=1: None)

    def timed(self, name: str, seconds: float) -> None:
        """A stage timed elsewhere (in the PDF process)."""
        self.info(f"{name:<28} {seconds:6.2f} s")


def say_up_to_date(request: Request, log: Log) -> None:
    log.info(f"up to date: nothing changed since {', '.join(request.targets)} was last built into {request.out}")
