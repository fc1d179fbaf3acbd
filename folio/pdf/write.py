"""Stage 4: lay the assembled HTML out with WeasyPrint and write a tagged PDF.

WeasyPrint fetches nothing on its own here: every URL goes through
:class:`Fetcher`, which serves ``data:`` URLs and files inside the report
folder or the style folders, and refuses (and remembers) everything else.
After layout, :mod:`folio.pdf.checks` reads back what reached the pages
(footnotes, figures, tables, profiles) and holds it against what the sources
hold, so nothing is lost quietly; after writing, :mod:`folio.pdf.post` mends
what WeasyPrint's PDF/UA-1 output leaves open and adds the page labels.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from folio.errors import Problem, ReportError
from folio.folder import media_type
from folio.markdown.render import Fragments
from folio.model import Report
from folio.pdf.checks import Expected, check_placed, link_labels, survey
from folio.pdf.hyphens import keep_words, words_to_keep
from folio.pdf.post import Finish, finish_pdf
from folio.pdf.weasy import html_tree

PDF_VARIANT = "pdf/ua-1"
HYPHENATION_ROUNDS = 4
"""Layouts at most, to break up runs of more than two hyphenated lines (see :mod:`folio.pdf.hyphens`)."""


def make_fetcher(allowed: tuple[Path, ...]):
    """WeasyPrint's only way to the outside: ``data:`` URLs and files in allowed folders."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data", "file"))
            self.refused: list[str] = []

        def fetch(self, url: str, headers=None) -> URLFetcherResponse:
            parts = urlsplit(url)
            if parts.scheme == "data":
                return super().fetch(url, headers)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if any(path.is_relative_to(folder) for folder in allowed) and path.is_file():
                    return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers={"Content-Type": media_type(path)})
            self.refused.append(url)
            raise ValueError(f"folio fetches nothing outside the report folder: {url}")

    return Fetcher()


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


def xmp_properties(report: Report) -> dict[str, object]:
    """Metadata from report.yaml that WeasyPrint does not write itself."""
    found: dict[str, object] = {
        "dc:identifier": report.identifier,
        "dc:language": [report.language],
        "dc:publisher": [report.publisher],
        "dc:date": [report.date.isoformat()],
    }
    if report.keywords:
        found["dc:subject"] = set(report.keywords)
    if report.rights:
        found["dc:rights"] = report.rights
    return found


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
    seed: frozenset[str] | None = None
    """Start at the second hyphenation round with these words kept whole (a guess, see :mod:`folio.run.speculation`)."""
    jobs: int = 1
    """Processes to lay the parts out in at once; 1 lays the document out whole (:mod:`folio.pdf.bypart`)."""
    summarised: bool = False
    """Whether the layout is read into the EPUB's page map: laid out by parts, each part then records its own."""


def write_pdf(
    job: PdfJob,
    *,
    on_layout: Callable[[Any], None] | None = None,
    on_first_round: Callable[[frozenset[str]], None] | None = None,
) -> int:
    """Render ``job.html`` to ``job.path``; returns the page count. Raises ``ReportError``.

    ``on_layout`` is called with the laid-out WeasyPrint document before it is
    painted, so another edition can use the pages (the EPUB's page map) meanwhile.
    ``on_first_round`` is told which words the first hyphenation round keeps whole.
    """
    if job.jobs > 1:
        from folio.pdf.bypart import write_by_parts

        return write_by_parts(job, on_layout=on_layout, on_first_round=on_first_round)
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    html, report, path, seed = job.html, job.report, job.path, job.seed
    allowed = (report.root, *[d.resolve() for d in report.style_dirs])
    fetcher = make_fetcher(allowed)
    fonts = FontConfiguration()
    with capture_weasyprint_log() as messages:
        styles = [CSS(filename=str(sheet), url_fetcher=fetcher, font_config=fonts) for sheet in job.stylesheets]
        kept: set[str] = set(seed or ())
        for round in range(HYPHENATION_ROUNDS - (seed is not None)):
            source = HTML(string=html, base_url=str(report.root) + "/", url_fetcher=fetcher)
            keep_words(html_tree(source), kept)
            document = None  # let the last layout go before the next is made: it halves peak memory
            document = source.render(stylesheets=styles, font_config=fonts, pdf_variant=PDF_VARIANT)
            more = words_to_keep(document) - kept
            if round == 0 and seed is None and on_first_round is not None:
                on_first_round(frozenset(kept | more))
            if not more:
                break
            kept |= more
    problems = [
        Problem("report.yaml", None, f"a file outside the report folder was asked for: {url}; use files under images/")
        for url in fetcher.refused
    ]
    placed = survey(document, job.expected)
    problems += check_placed(placed, job.expected)
    if problems:
        raise ReportError(problems)
    if on_layout is not None:
        on_layout(document)
    if path is None:
        return len(document.pages)
    document.write_pdf(
        str(path),
        pdf_variant=PDF_VARIANT,
        pdf_identifier=report.identifier.encode("utf-8")[:32].ljust(32, b"-"),
        uncompressed_pdf=False,
    )
    del messages
    finish_pdf(path, Finish(front_pages=placed.front_pages, link_labels=link_labels(document), xmp=xmp_properties(report)))
    return len(document.pages)


class capture_weasyprint_log:
    """Collect WeasyPrint's warnings instead of letting them scroll past."""

    def __enter__(self) -> list[str]:
        self.messages: list[str] = []
        self.logger = logging.getLogger("weasyprint")
        self.handler = _ListHandler(self.messages)
        self.logger.addHandler(self.handler)
        self.propagate = self.logger.propagate
        self.logger.propagate = False
        return self.messages

    def __exit__(self, *exc) -> None:
        self.logger.removeHandler(self.handler)
        self.logger.propagate = self.propagate


class _ListHandler(logging.Handler):
    def __init__(self, messages: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
