"""The report folder as a boundary: paths that stay inside it, files that are files.

A report folder may come from someone else.  Every path it names (chapters,
images, data files) is resolved here, symbolic links included, and refused
when it would lead outside the folder, so no stage ever reads a file the
author did not put in the report.  Only regular files are ever opened: a
FIFO would make a read wait for ever, and a device may do anything on open,
so their kind is read with ``stat`` (which opens nothing) and they are refused.
"""

from __future__ import annotations

import mimetypes
import os
import stat
from pathlib import Path, PurePosixPath

from folio.errors import Problems, quote


def resolve_inside(
    root: Path,
    relative: str,
    problems: Problems,
    where: str,
    line: int | None,
    field: str,
    under: str | None = None,
    suffixes: tuple[str, ...] = (),
) -> Path | None:
    """The file ``relative`` names inside ``root``, or ``None`` with a problem.

    ``under`` restricts the path to one sub-folder (``chapters``); ``suffixes``
    to some file types.  The file must exist.
    """
    shown = quote(relative)
    pure = PurePosixPath(relative)
    if "\\" in relative or pure.is_absolute() or ".." in pure.parts or relative.startswith("~"):
        problems.add(where, line, f"{field}: {shown} leaves the report folder; write a path inside it like {under or 'images'}/NAME")
        return None
    if under is not None and (len(pure.parts) < 2 or pure.parts[0] != under):
        problems.add(where, line, f"{field}: {shown} is not in {under}/; write {under}/NAME{suffixes[0] if suffixes else ''}")
        return None
    if suffixes and pure.suffix.lower() not in suffixes:
        problems.add(where, line, f"{field}: {shown} should end in {' or '.join(suffixes)}")
        return None
    candidate = root / pure
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        if candidate.is_symlink():
            problems.add(
                where, line, f"{field}: {shown} is a link that leads nowhere (a loop, or a missing file); copy the file in instead"
            )
        else:
            problems.add(where, line, f"{field}: {shown} does not exist; check the file name")
        return None
    if not real.is_relative_to(root):
        problems.add(where, line, f"{field}: {shown} is a link that leads outside the report folder; copy the file in instead")
        return None
    kind = not_a_file(real)
    if kind is not None:
        problems.add(
            where,
            line,
            f"{field}: {shown} is {kind}, not a file; name a file like {under or 'images'}/NAME{suffixes[0] if suffixes else ''}",
        )
        return None
    return real


def real(path: Path) -> Path:
    """``path`` with every link followed, as far as they lead: a loop of links is left as it is, never an exception."""
    return Path(os.path.realpath(path))


def not_a_file(path: Path) -> str | None:
    """What ``path`` (after links) is when it is not a regular file (``"a folder"``, ``"a FIFO"``…); ``None`` for a file.

    Only the file's kind is read (``stat``); nothing is opened.
    """
    try:
        mode = path.stat().st_mode
    except OSError as error:
        return f"unreadable ({error.strerror})"
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (a named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


class NotAFile(OSError):
    """The path is a folder, FIFO, device or socket: never opened."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"is {kind}, not a file")
        self.strerror = f"it is {kind}, not a file"
        self.kind = kind


def read_file(path: Path, limit: int | None = None) -> bytes | None:
    """The bytes of the regular file ``path``, or ``None`` when it holds more than ``limit``; raises ``OSError``.

    A FIFO, device or socket raises :class:`NotAFile` before it is opened, and
    the file opened is checked again (``fstat``), so one swapped in meanwhile
    is not read either.
    """
    kind = not_a_file(path)
    if kind is not None:
        raise NotAFile(kind)
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise NotAFile("a special file")
        if limit is not None and info.st_size > limit:
            return None
        data = stream.read() if limit is None else stream.read(limit + 1)
    return None if limit is not None and len(data) > limit else data


def text_of(path: Path, errors: str = "strict") -> str | None:
    """The UTF-8 text of the regular file ``path``; ``None`` for anything else, and for text not in UTF-8 unless ``errors="replace"``.

    For the passes that read a file again after it was checked: a FIFO, socket,
    missing file or file in another encoding has its problem said already, and
    a FIFO or socket is never opened here.
    """
    try:
        data = read_file(path)
        return data.decode("utf-8", errors) if data is not None else None
    except (OSError, UnicodeDecodeError):
        return None


def media_type(path: Path) -> str:
    """The media type of a file, by its name (SVG and CSS named whatever the platform says)."""
    fixed = {".css": "text/css", ".svg": "image/svg+xml"}.get(path.suffix.lower())
    return fixed or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
