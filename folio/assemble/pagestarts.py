"""The page map as data: where each page of the screen PDF begins, shared by the writers.

:mod:`folio.pdf.layout.pagemap` reads it from WeasyPrint's layout; :mod:`folio.epub.pages`
finds the same places in the EPUB's text and marks them as its page list.
Both count "letters" the same way (:func:`letters`) and know the top-level
parts by the ids the templates give them (:func:`part_ids`), so these sit
below both writers, with the edition's HTML they describe.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from folio.model import Report

FRONT_MATTER = ("folio-cover", "folio-contents")
"""Ids of the parts before the body (``templates/parts/cover.html.j2``, ``contents.html.j2``)."""
BACK_MATTER = ("folio-colophon",)
NEEDLE = 48
"""How many letters of a page's opening text are kept to find it again."""

PAGE_ID_PREFIX = "folio-page-"


@dataclass(frozen=True, kw_only=True, slots=True)
class PageStart:
    """Where one PDF page begins."""

    label: str
    """The page's label in the PDF: ``i``, ``ii`` for the front matter, ``1``, ``2`` after."""
    part: str | None
    """Id of the top-level part the page begins in (``folio-cover``, ``folio-contents``, a chapter id…); ``None`` for a blank page."""
    starts: tuple[str, ...] = ()
    """Ids of the elements that begin at the top of this page, outermost first."""
    text: str = ""
    """The first letters of the page's main-flow text within ``part`` (at most ``NEEDLE``)."""
    offset: int = 0
    """How many letters of ``part`` the earlier pages hold."""

    @property
    def anchor(self) -> str:
        """The id of the page's marker in the EPUB."""
        return PAGE_ID_PREFIX + self.label


@dataclass(frozen=True, kw_only=True, slots=True)
class PageMap:
    """Every page of the screen PDF, in order, and its first page on its own."""

    pages: tuple[PageStart, ...]
    cover_pdf: bytes = b""
    """The first page as a one-page PDF: the EPUB's cover image is drawn from it."""

    def as_data(self) -> dict:
        """Plain data (JSON-ready but for ``cover_pdf``, which stays bytes)."""
        return {"pages": [dataclasses.asdict(page) for page in self.pages], "cover_pdf": self.cover_pdf}

    @classmethod
    def from_data(cls, data: dict) -> PageMap:
        pages = tuple(PageStart(**{**page, "starts": tuple(page["starts"])}) for page in data["pages"])
        return cls(pages=pages, cover_pdf=data.get("cover_pdf", b""))


def letters(text: str) -> str:
    """The alphanumeric characters of ``text``, casefolded."""
    return "".join(char.casefold() for char in text if char.isalnum())


def part_ids(report: Report) -> tuple[str, ...]:
    """The ids of the PDF's top-level parts, in reading order, cover to colophon."""
    return (*FRONT_MATTER, *(part.id for part in report.parts), *BACK_MATTER)
