"""The report folder as a boundary: paths that stay inside it.

A report folder may come from someone else.  Every path it names (chapters,
images, data files) is resolved here, symbolic links included, and refused
when it would lead outside the folder, so no stage ever reads a file the
author did not put in the report.
"""

from __future__ import annotations

import mimetypes
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
        problems.add(where, line, f"{field}: {shown} does not exist; check the file name")
        return None
    if not real.is_relative_to(root):
        problems.add(where, line, f"{field}: {shown} is a link that leads outside the report folder; copy the file in instead")
        return None
    if not real.is_file():
        problems.add(
            where,
            line,
            f"{field}: {shown} is a folder, not a file; name a file like {under or 'images'}/NAME{suffixes[0] if suffixes else ''}",
        )
        return None
    return real


def media_type(path: Path) -> str:
    """The media type of a file, by its name (SVG and CSS named whatever the platform says)."""
    fixed = {".css": "text/css", ".svg": "image/svg+xml"}.get(path.suffix.lower())
    return fixed or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
