"""What every output of a build declares about itself, as data: :class:`Edition`.

One module of this folder per output (the screen, print and press PDFs, the
EPUB, the web edition, the Word copy) holds one :class:`Edition`; the
registry (:mod:`folio.editions`) lists them.  The command line's targets and
``--edition`` choices, the output file names, ``SHA256SUMS``, each edition's
stylesheets and the PDF standards are read from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

PicturePurpose = Literal["print", "screen"]


@dataclass(frozen=True, kw_only=True, slots=True)
class Edition:
    """One output of a build."""

    name: str
    """The edition's own name: a template's ``edition``, an ``--edition`` value when several editions share a target."""
    target: str
    """The command line's target word that builds it (``pdf`` for the three PDFs)."""
    file_name: str
    """The output file, ``{stem}`` being the report's slug (with ``.LANG`` for a translation): ``{stem}-print.pdf``."""
    stylesheets: tuple[str, ...]
    """Its CSS files, in cascade order, each looked up in the report's style folders, then folio's."""
    checksummed: bool
    """Listed in ``SHA256SUMS``: a published file (the Word copy is a review copy, not published)."""
    writer: str
    """What writes it, as ``module:attribute`` (``folio.write.pdf:PdfWriter``): a :class:`folio.write.writer.Writer`
    class, imported only when a build writes the edition."""
    help: str = ""
    """A few words for the command line's help: the target's in the list of targets, or the ``--edition`` value's."""
    default: bool = False
    """Built when no target is given (and, among a target's editions, the one built without ``--edition``)."""
    laid_out: bool = False
    """WeasyPrint lays it out (a PDF): its HTML (never published) names each picture's file for messages."""
    pdf_variant: str | None = None
    """The PDF standard it claims as WeasyPrint's ``pdf_variant``; ``None``: the reading standard ``report.yaml`` asks for."""
    book_turn: bool = False
    """Set for a book printed on both sides: the gutter and the turn of a spread (:mod:`folio.pdf.finish.turn`)."""
    pictures: PicturePurpose | None = None
    """The copies of pictures it carries: sized for print, or for the screen; ``None``: it makes none of its own."""
    template: str = "book.html.j2"
    """The template its HTML starts from (the PDFs' and the EPUB's pages share one)."""
    self_contained: bool = False
    """One file that carries its stylesheets and faces inside its HTML (the web edition)."""
    pages_from: str | None = None
    """The PDF edition whose pages its page list follows (the EPUB's, the screen PDF's)."""
    quarto_formats: frozenset[str] = frozenset()
    """The Quarto format names (and aliases) its target answers to in ``when-format`` and ``unless-format``."""

    @property
    def suffix(self) -> str:
        """The output file's suffix, ``.pdf``."""
        return "." + self.file_name.rsplit(".", 1)[-1]

    def file(self, stem: str) -> str:
        """Its output file for the report ``stem`` (``slug`` or ``slug.LANG``)."""
        return self.file_name.format(stem=stem)
