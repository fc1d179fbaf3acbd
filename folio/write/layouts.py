"""A PDF edition's layout, as the writers share it: its HTML and its page map.

The PDF process lays an edition out and answers with its page map as soon as
layout is done (:mod:`folio.run.parallel`).  The EPUB's page list follows the
screen PDF's pages: from the PDF being built, else from the cache, else from a
process that lays the screen edition out and paints nothing.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from folio.assemble.editions import assemble, stylesheets
from folio.assemble.pagestarts import PageMap, part_ids
from folio.editions import named as edition_named
from folio.markdown.render import Fragments
from folio.model import Report
from folio.pdf.finish.turn import book_turn
from folio.pdf.layout.cache import cached_page_map, layout_key, store_page_map
from folio.pdf.layout.pagemap import page_map
from folio.pdf.standards import pdf_variant
from folio.pdf.write import PdfJob, expected_counts, write_pdf
from folio.run.cache import Cache
from folio.run.parallel import Job, PdfProcess
from folio.run.request import Log


def pdf_job(report: Report, fragments: Fragments, edition: str, path: Path | None, html: str | None = None, summarise=None) -> Job:
    """The PDF process's work: lay out the edition's HTML, report the pages, paint (unless ``path`` is ``None``)."""
    work = PdfJob(
        html=assemble(report, fragments, edition) if html is None else html,
        report=report,
        path=path,
        stylesheets=tuple(stylesheets(report, edition)),
        expected=expected_counts(report, fragments),
        variant=pdf_variant(edition, report.pdf_standard),
        turn=book_turn(report.page_size) if edition_named(edition).book_turn else None,
    )
    return Job(write_pdf, work, summarise=summarise)


class Layout:
    """One PDF edition's HTML, and the page map another edition's page list follows."""

    def __init__(self, report: Report, fragments: Fragments, name: str) -> None:
        self.report = report
        self.fragments = fragments
        self.name = name
        self.html = assemble(report, fragments, name)
        self.summarise = partial(page_map, parts=part_ids(report))
        self.process: PdfProcess | None = None
        """The process laying this edition out that answers with its page map (the PDF being built), once it has the job."""

    def pages(self, cache: Cache, log: Log, own: PdfProcess | None) -> PageMap:
        """The page map: from the PDF being built, else from the cache, else from a layout-only run in ``own``."""
        assert self.process is not None or own is not None, "no process lays the edition out"
        key = layout_key(self.report, self.html, stylesheets(self.report, self.name))
        if self.process is not None:
            pages = self.process.layout()
        elif (pages := cached_page_map(cache, key)) is not None:
            own.close()  # type: ignore[union-attr]
            log.detail(f"the {self.name} layout's page map came from the cache")
            return pages
        else:
            assert own is not None
            own.submit(pdf_job(self.report, self.fragments, self.name, None, html=self.html, summarise=self.summarise))
            pages = own.layout()
            own.result()
        store_page_map(cache, key, pages)
        return pages
