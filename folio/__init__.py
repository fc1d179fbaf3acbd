"""folio: a report folder (Markdown chapters, YAML profiles) to a print PDF and an EPUB 3.

The stages, in the order ``build.py`` runs them:

1. :func:`folio.source.load.load_report` reads and checks the folder into a ``Report``;
2. :func:`folio.markdown.render.render_markdown` runs pandoc on every Markdown source;
3. :func:`folio.assemble.editions.assemble` fills the Jinja templates for one edition;
4. :func:`folio.pdf.write.write_pdf` lays the HTML out with WeasyPrint;
5. :func:`folio.epub.write.write_epub` writes the EPUB 3 with pandoc.
"""

__version__ = "0.2.0"
