"""Stage 4: lay the assembled HTML out with WeasyPrint and write a tagged PDF.

WeasyPrint fetches nothing on its own here: every URL goes through the
fetcher of :mod:`folio.pdf.layout.setup`, which serves ``data:`` URLs and files
inside the report folder or the style folders, and refuses (and remembers)
everything else.  A long book may be laid out by parts (:mod:`folio.pdf.byparts`).
After layout, :mod:`folio.pdf.layout.checks` reads back what reached the pages
(footnotes, figures, tables, profiles) and holds it against what the sources
hold, so nothing is lost quietly; after writing, :mod:`folio.pdf.finish.post` mends
what WeasyPrint's PDF/UA-1 output leaves open and adds the page labels.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from folio.errors import ReportError
from folio.markdown.render import Fragments
from folio.model import Report
from folio.pdf.finish.post import Finish, finish_pdf
from folio.pdf.finish.press import low_resolution_images
from folio.pdf.finish.turn import Turn
from folio.pdf.finish.xmp import xmp_properties
from folio.pdf.layout import spreads
from folio.pdf.layout.checks import Expected, check_placed, link_labels, survey
from folio.pdf.layout.fontconfig import use_shipped_fonts
from folio.pdf.layout.hyphens import HYPHENATION_ROUNDS, keep_words, words_to_keep
from folio.pdf.layout.notes import late_notes
from folio.pdf.layout.refused import refused_problem
from folio.pdf.layout.setup import PDF_VARIANT, capture_weasyprint_log, make_fetcher
from folio.pdf.standards import is_press
from folio.pdf.weasy import html_tree, patches


def expected_counts(report: Report, fragments: Fragments) -> Expected:
    """How many notes, figures, tables and profiles the sources hold, and which file holds each part."""
    parts = fragments.parts.values()
    photos = sum(1 for profile in report.profiles if profile.photo)
    sources = {chapter.id: chapter.path for chapter in report.chapters}
    sources.update((profile.id, profile.path) for profile in report.profiles)
    texts = {chapter.path: (chapter.body.line, chapter.body.text) for chapter in report.chapters}
    texts.update((profile.path, (profile.story.line, profile.story.text)) for profile in report.profiles)
    return Expected(
        notes=sum(part.notes for part in parts),
        figures=sum(part.figures for part in parts) + photos,
        tables=sum(part.tables for part in parts),
        profiles=tuple(profile.id for profile in report.profiles),
        sources=sources,
        texts=texts,
    )


@dataclass(frozen=True, kw_only=True, slots=True)
class PdfJob:
    """One PDF to lay out and paint: plain data, so it can be sent to the PDF process."""

    html: str
    """The edition's assembled HTML."""
    report: Report
    path: Path | None
    """Where the PDF goes; ``None`` lays the document out only (an EPUB built without the PDF)."""
    stylesheets: tuple[Path, ...]
    expected: Expected
    """What the sources hold, to be found again on the pages."""
    variant: str = PDF_VARIANT
    """WeasyPrint's ``pdf_variant``: the reading editions' PDF/UA level, or PDF/X-4 for the press (:mod:`folio.pdf.standards`)."""
    parts: bool = False
    """Lay the document out part by part, each kept in folio's cache for the next build (:mod:`folio.pdf.byparts.pool`);
    ``False``: whole, in one layout (the reference the parts are held to)."""
    jobs: int = 1
    """Processes to lay the parts out in at once; 1: one part after the other, in this process."""
    summarised: bool = False
    """Whether the layout is read into the EPUB's page map: laid out by parts, each part then records its own."""
    turn: Turn | None = None
    """The print and press editions: the book's page, onto which landscape pages are turned (:mod:`folio.pdf.finish.turn`)."""


def collector_paused(function):
    """Run ``function`` with Python's automatic cycle collection off (collected by :func:`release` instead).

    A layout is millions of objects that live until the document is done with,
    and every automatic full collection walks all of them: the collector's
    share of the stage grew with the document's length (a quarter of its CPU
    at 8× this report).  Layout and painting leave almost no cyclic garbage
    but whole documents, which :func:`release` frees as each one is let go.
    """

    @functools.wraps(function)
    def paused(*args, **kwargs):
        enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


@collector_paused
def write_pdf(
    job: PdfJob,
    *,
    on_layout: Callable[[Any], None] | None = None,
) -> int:
    """Render ``job.html`` to ``job.path``; returns the page count. Raises ``ReportError``
    (``InstallError`` on a WeasyPrint or pydyf other than the one folio's changes were written for).

    ``on_layout`` is called with the laid-out WeasyPrint document before it is
    painted, so another edition can use the pages (the EPUB's page map) meanwhile.
    """
    patches.apply()  # before any layout, whole or by parts (the parts' forks inherit the changes)
    if job.parts and job.variant == PDF_VARIANT:
        # by parts: the reading editions at PDF/UA-1; the press and UA-2 files are laid out whole
        from folio.pdf.byparts.pool import write_by_parts  # here, in the PDF process: a build of other editions never loads it

        pages = write_by_parts(job, on_layout=on_layout)
        if pages is not None:
            return pages
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html, report, path = job.html, job.report, job.path
    allowed = (report.root, *[d.resolve() for d in report.style_dirs])
    fetcher = make_fetcher(allowed)
    use_shipped_fonts(report.style_dirs)  # read by fontconfig as the font configuration is made
    fonts = FontConfiguration()
    with capture_weasyprint_log() as messages:
        profiles: dict = {}  # the press edition's CMYK profile (``@color-profile`` in press.css)
        styles = [CSS(filename=str(sheet), url_fetcher=fetcher, font_config=fonts, color_profiles=profiles) for sheet in job.stylesheets]
        kept: set[str] = set()
        near: frozenset[int] = frozenset()
        for _ in range(HYPHENATION_ROUNDS):
            source = HTML(string=html, base_url=str(report.root) + "/", url_fetcher=fetcher)
            keep_words(html_tree(source), kept)
            spreads.mark(html_tree(source), near)
            document = None  # the last layout goes before the next is made: it halves peak memory
            release()
            document = source.render(stylesheets=styles, font_config=fonts, color_profiles=profiles, pdf_variant=job.variant)
            more = words_to_keep(document, kept) - kept
            now_near = spreads.same_spread(document) if report.crossref_page else near
            if not more and now_near == near:
                break
            kept |= more
            near = now_near
    problems = [refused_problem(report, url) for url in dict.fromkeys(fetcher.refused)]
    if is_press(job.variant):
        problems += low_resolution_images(document)
    placed = survey(document, job.expected)
    problems += check_placed(placed, job.expected)
    problems += late_notes(placed, job.expected)
    if problems:
        raise ReportError(problems)
    if on_layout is not None:
        on_layout(document)
    pages = len(document.pages)
    if path is None:
        return pages
    labels = link_labels(document)
    # No /ID yet (finish_pdf sets it): given one, or for PDF/X, WeasyPrint writes the whole file twice to hash it.
    document.write_pdf(str(path), pdf_variant=job.variant, pdf_identifier=False, uncompressed_pdf=False)
    del messages
    document = None  # the layout goes before pikepdf reads the PDF back, so the two never add up
    release()
    finish = Finish(
        front_pages=placed.front_pages,
        link_labels=labels,
        xmp=xmp_properties(report),
        press=is_press(job.variant),
        identifier=report.identifier.encode("utf-8")[:32].ljust(32, b"-"),
        turn=job.turn,
    )
    finish_pdf(path, finish)
    return pages


def release() -> None:
    """Free the laid-out document the caller just let go.

    WeasyPrint's boxes hold reference cycles: dropping the last reference
    frees nothing until the cycle collector runs, and left to itself it would
    run only once the next layout (or pikepdf) had grown memory by a quarter.
    """
    gc.collect()
