"""The EPUB 3: pandoc's, finished; its page list follows the screen PDF's pages."""

from folio.editions.edition import Edition

EDITION = Edition(
    name="epub",
    target="epub",
    file_name="{stem}.epub",
    stylesheets=("epub.css", "code.css", "scripts.css", "maths.css", "quarto.css"),
    checksummed=True,
    writer="folio.write.epub:EpubWriter",
    default=True,
    pictures="screen",
    pages_from="screen",
    quarto_formats=frozenset({"epub", "epub2", "epub3", "html"}),
)
