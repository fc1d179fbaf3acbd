"""The PDF editions' writer: screen, print and press, each laid out and painted in a process of its own.

The process starts before the report is read, so WeasyPrint loads while pandoc
runs; it gets its job before any other edition is written, and the build
waits for it last.  When another edition's page list follows this one's pages
(the EPUB's, the screen PDF's), the process answers with the page map as soon
as layout is done (:class:`folio.write.layouts.Layout`).
"""

from __future__ import annotations

from dataclasses import replace

from folio.run.parallel import PdfProcess
from folio.write.build import Build
from folio.write.layouts import pdf_job
from folio.write.writer import Writer


class PdfWriter(Writer):
    process: PdfProcess

    def prepare(self, build: Build) -> None:
        self.process = build.process()

    def start(self, build: Build) -> None:
        name = self.edition.name
        layout = build.layout(name)
        summarise = layout.summarise if build.wants_pages(name) else None
        job = pdf_job(build.report, build.fragments, name, build.path(self.edition), html=layout.html, summarise=summarise)
        request = build.request
        work = replace(job.work, jobs=request.jobs, parts=not request.whole, summarised=summarise is not None)
        self.process.submit(replace(job, work=work))
        if summarise is not None:
            layout.process = self.process

    def finish(self, build: Build) -> None:
        """Wait for the PDF process and show where its time went."""
        log, name = build.log, self.edition.name
        with log.live(f"PDF ({name})"):
            pages = self.process.result()
        timings = self.process.timings()
        log.detail(f"WeasyPrint loaded in {timings.preload:.2f} s, alongside pandoc")
        log.timed(f"PDF ({name}) layout", timings.layout)
        log.timed(f"PDF ({name}) painting", timings.paint)
        log.detail(f"{pages} pages")
