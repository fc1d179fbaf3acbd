"""What a source format declares (:class:`Format`); the registry is :data:`folio.source.formats.FORMATS`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from folio.errors import Problems


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    """What the format is called in messages and documentation (``Quarto Markdown``)."""
    suffixes: tuple[str, ...]
    """The file suffixes it claims, lower case, the usual one first (``.md``)."""
    reader: str | None = None
    """pandoc's reader and extensions for its files (``markdown``); ``None``: the report's ``from:``.
    A chapter's own ``from:`` comes before either."""
    unlisted: str = "error"
    """What a file of ``chapters/`` that ``contents`` does not name is: ``error`` (a lost chapter, as the contract
    says of ``.md``) or ``warning`` (said, never fatal: folders from before folio read the format kept such files
    beside their chapters and built)."""
    prepare: Callable[[str, str, Problems], Prepared] | None = None
    """The pre-pass: the file's text (``shown`` is its name in messages) made into folio Markdown, each change
    said at its line in ``problems``; what it returns says how its lines map to the file's, so every later
    message points into the file as written."""


@dataclass(frozen=True, slots=True)
class Prepared:
    """A pre-pass's result: folio Markdown (a YAML header, then the body), and where its lines are in the file."""

    text: str
    added: int = 0
    """Lines put before the file's own (a header made from the file's first heading): the text's line N is the
    file's line N - added, from the body on."""
    header_line: int = 2
    """The file's line of the header's first field (a made header's problems are said at the heading it came from)."""
