"""The EPUB's writer: pandoc's EPUB 3, finished, its page list after another edition's pages.

The edition it follows is :attr:`~folio.editions.edition.Edition.pages_from`
(the screen PDF).  When this build lays that edition out, its page map comes
from there; otherwise a process of the EPUB's own, started before the report
is read, lays it out without painting (unless the cache has the page map).
"""

from __future__ import annotations

from folio.epub.write import write_epub
from folio.run.parallel import PdfProcess
from folio.write.build import Build
from folio.write.writer import Writer


class EpubWriter(Writer):
    process: PdfProcess | None = None
    """The process that lays out the edition whose pages the EPUB follows, when this build does not lay it out itself."""

    def prepare(self, build: Build) -> None:
        source = self.edition.pages_from
        if source is not None and not build.lays_out(source):
            self.process = build.process()

    def write(self, build: Build) -> None:
        source, log = self.edition.pages_from, build.log
        assert source is not None, "the EPUB's page list follows a PDF edition's pages"
        with log.stage("EPUB page map"):
            layout = build.layout(source)
            own = self.process if self.process is not None or layout.process is not None else build.process()
            pages = layout.pages(build.cache, log, own)
        with log.stage("EPUB"):
            write_epub(build.report, build.fragments, build.path(self.edition), pages, warn=lambda message: log.info(f"warning: {message}"))
