"""The PDF's second hyphenation round, laid out on the second core ahead of time.

The PDF stage lays the document out, keeps whole the words that ended a run
of more than two hyphenated lines, and lays it out again (:mod:`folio.pdf.write`):
two layouts one after the other.  The words the first round finds rarely
change from one build to the next, so while one process lays the document out
from scratch, a second one starts straight at the second round with the
words the last build's first round found.  When the first process's first
round finds exactly those words, the second process is doing the very
layouts the first would do next: it is kept and the first stopped.
Otherwise the second is stopped and the first goes on.  Either way the PDF
is the one the rounds one after the other give; only the time differs.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from folio.run.cache import Cache
from folio.run.files import file_digest
from folio.run.parallel import Job, PdfProcess


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def seed_key(source: Path, edition: str) -> tuple:
    """Where the words the last build's first round found are kept (a guess, not a result).

    The key is the content of the report's ``report.yaml``, not where its folder
    is: the guess follows the report when it moves, and an edited chapter (the
    usual case for a rebuild) keeps it.  A wrong guess costs time, never bytes.
    """
    try:
        report = file_digest(source / "report.yaml")
    except OSError:
        report = "no report.yaml"  # the build stops on it while loading
    return ("first-round words", report, edition)


class Speculation:
    """The PDF job, run from scratch and, with a guess, from the second round at once."""

    def __init__(self, cache: Cache, key: tuple, guess: bool = True) -> None:
        self.cache = cache
        self.key = key
        found = cache.get(key)
        self.seed = frozenset(found) if found is not None else None
        self.main = PdfProcess()
        # No words last time: the first round is likely the only one, nothing to run ahead;
        # and on a single core the guess would only slow the first round down.
        # With the parts laid out in a pool (--jobs), the cores are the pool's.
        self.guess = PdfProcess() if guess and self.seed and cores() >= 2 else None
        self.verdict = ""

    def __enter__(self) -> Speculation:
        return self

    def __exit__(self, *exc: object) -> None:
        self.main.close()
        if self.guess is not None:
            self.guess.close()

    def submit(self, job: Job, path: Path) -> None:
        """Start the job; the guess writes beside ``path`` and is moved there if it is kept."""
        self.path = path
        self.main.submit(dataclasses.replace(job, first_round=True))
        if self.guess is not None:
            guessed = dataclasses.replace(job.work, path=self.guessed_path, seed=self.seed)
            self.guess.submit(dataclasses.replace(job, work=guessed))

    @property
    def guessed_path(self) -> Path:
        return self.path.with_name(f".guess-{self.path.name}")

    def winner(self) -> PdfProcess:
        """Wait for the first round, keep the process whose work counts, stop the other."""
        words = self.main.first_round()
        if words is not None:
            self.cache.put(self.key, sorted(words))
        if self.guess is not None and words == self.seed:
            self.verdict = f"hyphenation: the second round ran ahead on a guess of {len(words)} words, and the guess was right"
            self.main.close()
            return self.guess
        if self.guess is not None:
            self.verdict = "hyphenation: the guess for the second round was wrong; the rounds ran one after the other"
            self.guess.close()
            self.guess = None
        elif self.seed is None:
            self.verdict = "hyphenation: no guess for the second round yet (the next build will have one)"
        else:
            self.verdict = f"hyphenation: {'one round, as guessed' if not words else 'rounds one after the other (none ran ahead)'}"
        return self.main

    def finish(self, process: PdfProcess) -> None:
        """Once ``process`` is done: the guessed PDF, if it was kept, takes its place."""
        if process is self.guess:
            os.replace(self.guessed_path, self.path)
