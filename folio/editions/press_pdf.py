"""The press PDF: the print edition as PDF/X-4 with a CMYK output intent, for the print shop (not tagged)."""

from folio.editions.edition import Edition
from folio.editions.print_pdf import EDITION as PRINT
from folio.editions.screen_pdf import QUARTO_PDF

EDITION = Edition(
    name="press",
    target="pdf",
    file_name="{stem}-press.pdf",
    stylesheets=(*PRINT.stylesheets, "press.css"),
    checksummed=True,
    writer="folio.write.pdf:PdfWriter",
    help="the print edition as PDF/X-4",
    laid_out=True,
    pdf_variant="pdf/x-4",
    book_turn=True,
    pictures="print",
    quarto_formats=QUARTO_PDF,
)
