"""Editions are written aside and moved into ``--out`` only when all succeeded.

A failed or interrupted build must leave the previous editions exactly as
they were.  :class:`Staging` gives each edition a path in a private temporary
folder; :meth:`Staging.commit` moves them into the output folder with
``os.replace`` (each file appears whole or not at all) only when the build
reached its end.  On any error, Ctrl-C or SIGTERM the temporary folder is
removed and the output folder is not touched.

A build killed outright (SIGKILL, a power cut) runs no cleanup at all.  So a
build keeps every temporary file of its own and of its helpers (WeasyPrint's
font folders, the EPUB's work folder, the staging folder) inside one private
folder, :class:`RunFolder`, whose name carries the process id
(``folio-run-PID-…``); the next build removes the folders of processes that
no longer run, and any ``.NAME.partial`` file a commit left in the output
folder.  While the
files are moved in, SIGINT and SIGTERM are held back, so an interruption
cannot leave a mix of old and new editions.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from folio.model import Report
from folio.run.files import PARTIAL, file_digest
from folio.run.signals import signals_held
from folio.run.state import edition_key

PREFIX = "folio-stage-"
RUN_PREFIX = "folio-run-"


def file_names(report: Report, edition: str) -> dict[str, str]:
    """Each edition's file in the output folder, by its key in the state file.

    A translation's files carry its language: ``slug.ja.pdf`` beside the original's ``slug.pdf``.
    """
    lang = report.language if report.translation else None
    stem = f"{report.slug}.{lang}" if lang else report.slug
    pdf = f"{stem}-{edition}.pdf" if edition in ("print", "press") else f"{stem}.pdf"
    return {
        edition_key("pdf", edition, lang): pdf,
        edition_key("epub", edition, lang): f"{stem}.epub",
        edition_key("html", edition, lang): f"{stem}.html",
        edition_key("docx", edition, lang): f"{stem}.docx",
    }


class RunFolder:
    """The build's private temporary folder: every ``tempfile`` user of this process (and of
    processes forked from it) writes inside it, and it is removed whole at the end."""

    def __enter__(self) -> Path:
        self.previous = tempfile.tempdir
        remove_stale(Path(tempfile.gettempdir()), None)
        self.folder = Path(tempfile.mkdtemp(prefix=f"{RUN_PREFIX}{os.getpid()}-"))
        tempfile.tempdir = str(self.folder)
        return self.folder

    def __exit__(self, *exc: object) -> None:
        tempfile.tempdir = self.previous
        shutil.rmtree(self.folder, ignore_errors=True)


class Staging:
    def __init__(self, out: Path) -> None:
        self.out = out
        remove_stale(Path(tempfile.gettempdir()), out)
        self.folder = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
        self.files: list[str] = []

    def path(self, name: str) -> Path:
        """Where to write the edition that will become ``out/name``."""
        self.files.append(name)
        return self.folder / name

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type | None, error: BaseException | None, trace: TracebackType | None) -> None:
        try:
            if kind is None:
                with signals_held():
                    self.commit()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def commit(self) -> None:
        self.out.mkdir(parents=True, exist_ok=True)
        ready = [name for name in self.files if (self.folder / name).exists()]
        partial: list[Path] = []
        try:
            for name in ready:
                target = self.out / f".{name}{PARTIAL}"
                partial.append(target)
                shutil.copyfile(self.folder / name, target)
            for name, target in zip(ready, partial, strict=False):
                os.replace(target, self.out / name)
        finally:
            for target in partial:
                target.unlink(missing_ok=True)
        write_checksums(self.out)


def remove_stale(temporary: Path, out: Path | None) -> None:
    """Remove what builds killed outright left behind: their temporary folders and partial files."""
    for prefix in (RUN_PREFIX, PREFIX):
        try:
            entries = list(temporary.glob(f"{prefix}*"))
        except OSError:
            entries = []
        for entry in entries:
            pid = entry.name.removeprefix(prefix).split("-", 1)[0]
            if pid.isdigit() and not _running(int(pid)) and entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
    if out is not None and out.is_dir():
        for entry in out.glob(f".*{PARTIAL}"):
            if entry.is_file():
                entry.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


EDITION_SUFFIXES = (".pdf", ".epub", ".html")


def write_checksums(out: Path) -> None:
    """``SHA256SUMS`` for the editions in ``out``, in the format sha256sum reads."""
    lines = []
    for path in sorted(out.iterdir()):
        if path.is_file() and path.suffix in EDITION_SUFFIXES and not path.name.startswith("."):
            lines.append(f"{file_digest(path)}  {path.name}\n")
    target = out / "SHA256SUMS"
    temporary = out / f".SHA256SUMS{PARTIAL}"
    temporary.write_text("".join(lines), encoding="utf-8")
    os.replace(temporary, target)
