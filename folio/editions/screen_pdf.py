"""The screen PDF: for reading on a screen, with links and no printer's marks; tagged PDF/UA."""

from folio.editions.edition import Edition

READING_STYLES = ("fonts/fonts.css", "report.css", "code.css", "scripts.css", "maths.css", "quarto.css", "print.css")
"""The CSS every PDF edition starts from."""
QUARTO_PDF = frozenset({"pdf", "latex", "beamer"})
"""Quarto's formats every PDF edition answers to."""

EDITION = Edition(
    name="screen",
    target="pdf",
    file_name="{stem}.pdf",
    stylesheets=READING_STYLES,
    checksummed=True,
    writer="folio.write.pdf:PdfWriter",
    help="links, no marks",
    default=True,
    laid_out=True,
    pictures="print",
    quarto_formats=QUARTO_PDF,
)
