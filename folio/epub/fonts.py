"""The EPUB's fonts: the shipped faces, cut down to the characters the book uses.

A reading system may have no Japanese or Korean font at all, so the EPUB
carries its own, subset as :mod:`folio.assemble.subsets` says.  The EPUB uses
regular and bold, roman and italic; the semibold cuts are for the PDF and the
web edition only.

:func:`embed_fonts` reads the finished book's text, adds the subsets to the
package and writes their ``@font-face`` rules (``templates/epub/fonts.css.j2``)
in front of the stylesheet.
"""

from __future__ import annotations

from folio.assemble.colophon import FACES, fill
from folio.assemble.editions import environment
from folio.assemble.mathsfont import FAMILY as MATHS_FAMILY
from folio.assemble.mathsfont import RULE as MATHS_RULE
from folio.assemble.mathsfont import maths_font, maths_text
from folio.assemble.subsets import EmbeddedFont, book_text, code_text, embedded_fonts
from folio.epub.package import NS, Book
from folio.model import Report
from folio.source.fonts.faces import manifest

WEIGHTS = (400, 700)
"""The weights the EPUB's stylesheet uses."""


def embed_fonts(book: Book, report: Report) -> list[EmbeddedFont]:
    """Subset the shipped fonts to the book's text, add them to the package and declare them in its stylesheet."""
    text: list[tuple[str, str | None]] = []
    code: set[str] = set()
    maths: list[str] = []
    for path in book.documents():
        root = book.tree(path).getroot()
        code.update(code_text(root))
        maths.append(maths_text(root))
        title = root.find("h:head/h:title", NS)
        book_text(root.find("h:body", NS), root.get("lang") or report.language, text)
        if title is not None and title.text:
            text.append((title.text, report.language))
    fonts = embedded_fonts(report, text, weights=WEIGHTS, code=code)
    fonts += [font for font in [maths_font("".join(maths))] if font]
    name_faces(book, report, fonts)
    for number, font in enumerate(fonts, 1):
        book.add_file(f"fonts/{font.name}", font.data, item_id=f"font-{number}")
    stylesheet = next(item for item in book.items() if item.media_type == "text/css")
    rules = (
        environment(report).get_template("epub/fonts.css.j2").render(fonts=fonts, href=book.relative(stylesheet.href, f"{book.base}/fonts"))
    )
    if any(font.family == MATHS_FAMILY for font in fonts):
        rules += MATHS_RULE
    book.files[stylesheet.href] = rules.encode("utf-8") + book.files[stylesheet.href]
    return fonts


def name_faces(book: Book, report: Report, fonts: list[EmbeddedFont]) -> None:
    """The colophon names the faces the book carries (:mod:`folio.assemble.colophon`)."""
    carried = {font.family for font in fonts}
    faces = [face for face in manifest(report) if face.family in carried]
    for path in book.documents():
        for element in book.tree(path).getroot().iter():
            if not isinstance(element.tag, str):
                continue
            if element.text and FACES in element.text:
                element.text = fill(element.text, report.language, faces)
            if element.tail and FACES in element.tail:
                element.tail = fill(element.tail, report.language, faces)
