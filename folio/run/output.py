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

The move itself is checked before it starts and done in two steps (see
:meth:`Staging.commit`): a folder in an edition's place, a full disk or one
made read-only meanwhile stops it with the previous editions and their
``SHA256SUMS`` as they were.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from types import TracebackType

from folio.editions import BUILD_TARGETS, CHECKSUM_SUFFIXES, for_target
from folio.errors import Problem, ReportError
from folio.folder import not_a_file
from folio.model import Report
from folio.run.files import PARTIAL, file_digest
from folio.run.signals import signals_held
from folio.run.state import edition_key

PREFIX = "folio-stage-"
RUN_PREFIX = "folio-run-"


def file_names(report: Report, edition: str) -> dict[str, str]:
    """Each edition's file in the output folder, by its key in the state file (``edition``: the PDF's, ``--edition``).

    A translation's files carry its language: ``slug.ja.pdf`` beside the original's ``slug.pdf``.
    """
    lang = report.language if report.translation else None
    stem = f"{report.slug}.{lang}" if lang else report.slug
    return {edition_key(target, edition, lang): for_target(target, edition).file(stem) for target in BUILD_TARGETS}


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
        """Move the staged files into ``out`` as one set, with the ``SHA256SUMS`` that lists them.

        Every name is checked free first (a folder in an edition's place stops
        the build before anything moves); every file is then copied beside its
        target whole, the new ``SHA256SUMS`` included, which is where a full or
        read-only disk shows; only then are they renamed into place, which needs
        no space.  Should a rename fail all the same, the previous files are put
        back.  Either way ``out`` holds one build's set, never a mix.
        """
        try:
            self.out.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise OSError(error.errno, error.strerror, str(self.out)) from error
        ready = [name for name in self.files if (self.folder / name).exists()]
        in_the_way = [name for name in [*ready, CHECKSUMS] if not free(self.out / name)]
        if in_the_way:
            raise ReportError(
                [Problem(str(self.out / name), None, f"is {not_a_file(self.out / name)}, where folio writes {name}; "
                         "move it away, or choose another --out") for name in in_the_way]
            )  # fmt: skip
        staged = {name: self.folder / name for name in ready}
        (self.folder / CHECKSUMS).write_text(checksums(self.out, staged), encoding="utf-8")
        staged[CHECKSUMS] = self.folder / CHECKSUMS
        partial: dict[str, Path] = {}
        kept: dict[str, Path] = {}
        try:
            self._move(staged, partial, kept)
        except OSError as error:  # said of the output folder, not of a hidden partial file in it
            raise OSError(error.errno, error.strerror, str(self.out)) from error
        finally:
            for path in [*partial.values(), *kept.values()]:
                try:
                    path.unlink(missing_ok=True)
                except OSError:
                    pass  # a disk made read-only meanwhile: the next build removes it

    def _move(self, staged: dict[str, Path], partial: dict[str, Path], kept: dict[str, Path]) -> None:
        """Copy each staged file whole beside its target, keep the previous files, then rename: see :meth:`commit`."""
        for name, source in staged.items():
            partial[name] = self.out / f".{name}{PARTIAL}"
            shutil.copyfile(source, partial[name])
        for name in staged:
            if (self.out / name).is_file():
                kept[name] = self.out / f".{name}{PREVIOUS}"
                keep(self.out / name, kept[name])
        moved: list[str] = []
        try:
            for name in staged:
                os.replace(partial[name], self.out / name)
                moved.append(name)
        except BaseException:
            put_back(self.out, moved, kept)
            raise


CHECKSUMS = "SHA256SUMS"
PREVIOUS = ".folio-previous"


def free(path: Path) -> bool:
    """Whether an edition may take ``path``: nothing there, a file, or a link (replaced itself, never followed)."""
    return path.is_symlink() or not path.exists() or path.is_file()


def keep(path: Path, backup: Path) -> None:
    """Keep the file at ``path`` under ``backup`` too, for :func:`put_back`: a hard link, else a copy."""
    backup.unlink(missing_ok=True)
    try:
        os.link(path, backup, follow_symlinks=False)
    except OSError:
        shutil.copyfile(path, backup, follow_symlinks=False)


def put_back(out: Path, moved: list[str], kept: dict[str, Path]) -> None:
    """Undo the renames of a commit that failed halfway: each moved name gets its previous file again, or goes."""
    for name in moved:
        try:
            if name in kept:
                os.replace(kept[name], out / name)
            else:
                (out / name).unlink(missing_ok=True)
        except OSError:
            pass  # the error that stopped the commit is the one to report


def checksums(out: Path, staged: dict[str, Path]) -> str:
    """``SHA256SUMS`` for ``out`` as it will be: the editions staged, and those already there that stay."""
    files = {path.name: path for path in out.iterdir() if is_edition(path.name) and path.is_file() and not path.is_symlink()}
    files.update((name, path) for name, path in staged.items() if is_edition(name))
    return "".join(f"{file_digest(files[name])}  {name}\n" for name in sorted(files))


def is_edition(name: str) -> bool:
    return Path(name).suffix in CHECKSUM_SUFFIXES and not name.startswith(".")


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
        for pattern in (f".*{PARTIAL}", f".*{PREVIOUS}"):
            for entry in out.glob(pattern):
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
