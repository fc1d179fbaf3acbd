"""The source formats a report's chapters may be written in, one module each, in one registry.

A format says which files are its own (their suffixes), how pandoc reads
them (a reader and its extensions, or the report's ``from:``), and, where
its files need it, a pre-pass that makes their text into folio Markdown and
says, at their lines, what it changed.  Stage 1 asks the registry which files
of ``chapters/`` (and of a translation's ``chapters/``) are sources; no other
module names a suffix.  A new format is one module here and one line in
:data:`FORMATS`.

* :mod:`.markdown`: ``.md``, the contract's chapters, read with the report's
  ``from:`` (pandoc's Markdown when it has none);
* :mod:`.quarto`: ``.qmd``, Quarto's Markdown, read as Quarto reads it.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from folio.source.formats import markdown, quarto
from folio.source.formats.format import Format, Prepared

FORMATS: tuple[Format, ...] = (markdown.FORMAT, quarto.FORMAT)
"""Every source format, the contract's Markdown first."""

__all__ = ["FORMATS", "Format", "Prepared", "of", "sources", "suffixes"]


def suffixes() -> tuple[str, ...]:
    """Every suffix a chapter file may have (``.md`` first): what ``chapter:`` in ``contents`` may name."""
    return tuple(suffix for fmt in FORMATS for suffix in fmt.suffixes)


def of(path: str | Path) -> Format | None:
    """The format of the file ``path`` by its suffix (in any case, as ``contents`` names it), or ``None``."""
    suffix = PurePosixPath(str(path)).suffix.lower()
    return next((fmt for fmt in FORMATS if suffix in fmt.suffixes), None)


def sources(folder: Path, unlisted: str | None = None) -> list[Path]:
    """The files of ``folder`` that some format claims, in name order (none when it is not a folder).

    Matched as written (``NAME.md``, not ``NAME.MD``), drafts (``_NAME.md``)
    included: the caller decides about them.  ``unlisted`` keeps only the
    formats whose unlisted files are that (``"error"``: the ones a folder has
    always had to list).
    """
    if not folder.is_dir():
        return []
    chosen = [fmt for fmt in FORMATS if unlisted is None or fmt.unlisted == unlisted]
    return sorted({path for fmt in chosen for suffix in fmt.suffixes for path in folder.glob(f"*{suffix}")})
