"""A book being imported: its pages in reading order, the project they belong to, and what was carried over.

A reader (:mod:`.quarto`, :mod:`.mdbook`) makes the :class:`Project`;
:mod:`.book` writes it as a report folder and says what it did in an :class:`Imported`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from folio.importers import text as md
from folio.importers.notes import Notes


@dataclass
class Page:
    path: str
    """Its file, relative to the project (``src/ch01.md`` for an mdBook is ``ch01.md`` under the pages' root)."""
    place: str
    """``front``, ``chapter``, ``appendix`` or ``references``."""
    text: md.Text
    title: str | None = None
    """The title the table of contents gives it."""
    depth: int = 0
    """0 for a part of its own; 1 or more for a sub-chapter set inside the chapter before it."""
    header: dict = field(default_factory=dict)
    """Fields of the chapter header the page's own front matter gave (summary, lang, byline)."""
    shown: str = ""
    """Its file as the notes name it, relative to the project's folder (default: ``path``)."""
    title_given: bool = False
    """The page's front matter names its title, so a first heading is a section."""

    def __post_init__(self) -> None:
        self.shown = self.shown or self.path

    # filled in here
    id: str = ""
    heading_id: str = ""
    """For a sub-chapter: the id of the heading its title becomes."""
    empty: bool = False
    ast: dict | None = None


@dataclass
class Project:
    root: Path
    """The folder every page, picture and included file must be in."""
    pages_root: Path
    """The folder page paths and links are relative to."""
    kind: str
    pages: list[Page]
    notes: Notes
    meta: dict = field(default_factory=dict)
    reader: str = "markdown"
    """How the pages are written: pandoc's reader (``from:`` in report.yaml when it is not ``markdown``)."""
    bibliography: list[tuple[Path, str, int | None]] = field(default_factory=list)
    """Bibliography files: the file, where it was named, the line."""
    repository: tuple[str, Path] | None = None
    """A web address and the folder it stands for: a link to a file in that folder that is no page goes there."""
    page_suffixes: tuple[str, ...] = (".md",)
    source: Path | None = None
    """The folder imported (its settings file is in it)."""
    settings: tuple[str, ...] = ()
    """The project's settings files, named first in the notes."""


@dataclass
class Imported:
    folder: Path
    source: Path
    kind: str
    notes: Notes
    chapters: int = 0
    front: int = 0
    appendices: int = 0
    headings: int = 0
    links: int = 0
    images: int = 0
    references: int = 0
    guessed: list[str] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    """The files as the notes are sorted: the project's settings, then its pages in reading order."""

    def summary(self) -> str:
        counts = [
            (self.front, "front part", "front parts"),
            (self.chapters, "chapter", "chapters"),
            (self.appendices, "appendix", "appendices"),
            (self.headings, "heading", "headings"),
            (self.links, "link between pages", "links between pages"),
            (self.images, "picture", "pictures"),
            (self.references, "reference", "references"),
        ]
        said = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)
        lines = [f"imported the {self.kind} {self.source} into {self.folder}: {said}"]
        left = self.notes.lines(self.order)
        if left:
            lines.append("not carried over (file:line: what, and what to do):")
            lines += [f"  {line}" for line in left]
        if self.guessed:
            one = len(self.guessed) == 1
            lines.append(
                f"report.yaml: {' and '.join(self.guessed)} {'is a stand-in' if one else 'are stand-ins'} (the project names "
                f"none); write {'the real one' if one else 'the real ones'} there"
            )
        return "\n".join(lines)
