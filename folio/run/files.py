"""Files as folio writes and tells them apart: whole or not at all, and by content.

Every file folio keeps (a cache entry, the contact sheet) is written to a
temporary file beside its target and moved into place with ``os.replace``,
so a reader never sees half of one; a build killed meanwhile leaves only a
hidden ``.NAME.….partial`` file.  Files are compared by the SHA-256 of their
content, never by name or date.
"""

from __future__ import annotations

import datetime
import errno
import hashlib
import os
import stat
import tempfile
from pathlib import Path

PARTIAL = ".partial"
ZIP_EPOCH = datetime.date(1980, 1, 1)
"""The earliest date a zip entry can carry."""
FULL = "free some space, or write somewhere else (--out, TMPDIR, FOLIO_CACHE)"
LOCKED = "make it writable, or write somewhere else (--out, TMPDIR, FOLIO_CACHE)"
DISK_ERRORS = {
    errno.ENOSPC: ("the disk is full", FULL),
    errno.EDQUOT: ("the disk quota is used up", FULL),
    errno.EFBIG: ("the file is larger than this system allows", FULL),
    errno.EROFS: ("the disk is read-only", LOCKED),
    errno.EACCES: ("permission denied", LOCKED),
    errno.EPERM: ("not permitted", LOCKED),
}
"""Errors of the machine, not of folio or of the report: each is said in one line, exit status 1."""


def disk_trouble(error: BaseException) -> str | None:
    """One line saying what a full, read-only or forbidden disk stopped, or ``None`` for any other error."""
    if not isinstance(error, OSError) or error.errno not in DISK_ERRORS:
        return None
    target = error.filename2 or error.filename  # a copy names its source first, the file it could not write second
    where = f"{target}: " if target else "a file "
    what, advice = DISK_ERRORS[error.errno]
    return f"{where}cannot be written: {what} ({error.strerror}); {advice}"


def file_digest(path: Path) -> str:
    """SHA-256 of a file's content, in hex."""
    digest = hashlib.sha256()
    # non-blocking: a FIFO put in the file's place meanwhile is refused, never waited on
    with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY), "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def write_whole(target: Path, data: bytes, *, mode: int | None = None) -> None:
    """Write ``data`` to ``target`` so that it appears whole or not at all (``mode``: else private to the user)."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=PARTIAL)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def zip_stamp(date: datetime.date) -> tuple[int, int, int, int, int, int]:
    """A zip entry's ``date_time`` for a file dated ``date`` (an EPUB's or Word copy's entries, the report's date):
    midnight, and 1980-01-01 for an earlier date, which a zip cannot carry."""
    day = max(date, ZIP_EPOCH)
    return (day.year, day.month, day.day, 0, 0, 0)
