"""The print PDF: the screen edition with bleed and crop marks, for a printer of any kind; tagged PDF/UA."""

from folio.editions.edition import Edition
from folio.editions.screen_pdf import QUARTO_PDF, READING_STYLES

EDITION = Edition(
    name="print",
    target="pdf",
    file_name="{stem}-print.pdf",
    stylesheets=(*READING_STYLES, "print-edition.css"),
    checksummed=True,
    writer="folio.write.pdf:PdfWriter",
    help="bleed, crop marks",
    laid_out=True,
    book_turn=True,
    pictures="print",
    quarto_formats=QUARTO_PDF,
)
