"""The Word copy: a review copy for editors who comment in Word, styled by its reference document, not by CSS; not published."""

from folio.editions.edition import Edition

EDITION = Edition(
    name="docx",
    target="docx",
    file_name="{stem}.docx",
    stylesheets=(),
    checksummed=False,
    writer="folio.write.word:WordWriter",
    help="a review copy in Word",
    quarto_formats=frozenset({"docx"}),
)
