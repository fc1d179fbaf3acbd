"""Editions are written aside and moved into ``--out`` only when all succeeded.

A failed or interrupted build must leave the previous editions exactly as
they were.  :class:`Staging` gives each edition a path in a private temporary
folder; :meth:`Staging.commit` moves them into the output folder with
``os.replace`` (each file appears whole or not at all) only when the build
reached its end.  On any error, Ctrl-C or SIGTERM the temporary folder is
removed and the output folder is not touched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import tempfile
from pathlib import Path
from types import TracebackType


class Staging:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.folder = Path(tempfile.mkdtemp(prefix="folio-"))
        self.files: list[str] = []
        self._previous_handler = None

    def path(self, name: str) -> Path:
        """Where to write the edition that will become ``out/name``."""
        self.files.append(name)
        return self.folder / name

    def __enter__(self) -> Staging:
        # SIGTERM (a killed build) unwinds like Ctrl-C, so cleanup runs.
        try:
            self._previous_handler = signal.signal(signal.SIGTERM, _raise_interrupt)
        except ValueError:  # not the main thread
            self._previous_handler = None
        return self

    def __exit__(self, kind: type | None, error: BaseException | None, trace: TracebackType | None) -> None:
        try:
            if kind is None:
                self.commit()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
            if self._previous_handler is not None:
                signal.signal(signal.SIGTERM, self._previous_handler)

    def commit(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        ready = [name for name in self.files if (self.folder / name).exists()]
        partial: list[Path] = []
        try:
            for name in ready:
                target = self.out / f".{name}.partial"
                partial.append(target)
                shutil.copyfile(self.folder / name, target)
            for name, target in zip(ready, partial):
                os.replace(target, self.out / name)
        finally:
            for target in partial:
                target.unlink(missing_ok=True)
        write_checksums(self.out)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


EDITION_SUFFIXES = (".pdf", ".epub", ".html")


def write_checksums(out: Path) -> None:
    """``SHA256SUMS`` for the editions in ``out``, in the format sha256sum reads."""
    lines = []
    for path in sorted(out.iterdir()):
        if path.is_file() and path.suffix in EDITION_SUFFIXES and not path.name.startswith("."):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            lines.append(f"{digest}  {path.name}\n")
    target = out / "SHA256SUMS"
    temporary = out / ".SHA256SUMS.partial"
    temporary.write_text("".join(lines), encoding="utf-8")
    os.replace(temporary, target)
