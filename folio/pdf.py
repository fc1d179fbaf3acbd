"""Stage 4: lay the assembled HTML out with WeasyPrint and write a tagged PDF.

WeasyPrint fetches nothing on its own here: every URL goes through
:class:`Fetcher`, which serves ``data:`` URLs and files inside the report
folder or the style folders, and refuses (and remembers) everything else.
After layout the build counts what reached the pages (footnotes, figures,
tables, profiles) against what the sources hold, so nothing is lost quietly.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .errors import Problem, ReportError
from .markdown import Fragments
from .model import Report

PDF_VARIANT = "pdf/ua-1"


@dataclass(frozen=True, kw_only=True, slots=True)
class Expected:
    """What the sources hold, to be found again on the pages."""

    notes: int
    figures: int
    tables: int
    profiles: tuple[str, ...]
    front_matter: tuple[str, ...] = ("cover", "contents")
    """Ids of the parts numbered apart (roman page labels)."""


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
                    return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type(path)})
            self.refused.append(url)
            raise ValueError(f"folio fetches nothing outside the report folder: {url}")

    return Fetcher()


def content_type(path: Path) -> str:
    import mimetypes

    return {".css": "text/css", ".svg": "image/svg+xml"}.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def expected_counts(report: Report, fragments: Fragments) -> Expected:
    parts = fragments.parts.values()
    photos = sum(1 for profile in report.profiles if profile.photo)
    return Expected(
        notes=sum(part.notes for part in parts),
        figures=sum(part.figures for part in parts) + photos,
        tables=sum(part.tables for part in parts),
        profiles=tuple(profile.id for profile in report.profiles),
    )


def write_pdf(html: str, report: Report, path: Path, stylesheets: list[Path], expected: Expected) -> int:
    """Render ``html`` to ``path``; returns the page count. Raises ``ReportError``."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    allowed = (report.root, *[d.resolve() for d in report.style_dirs])
    fetcher = make_fetcher(allowed)
    fonts = FontConfiguration()
    with capture_weasyprint_log() as messages:
        styles = [CSS(filename=str(sheet), url_fetcher=fetcher, font_config=fonts) for sheet in stylesheets]
        document = HTML(string=html, base_url=str(report.root) + "/", url_fetcher=fetcher).render(
            stylesheets=styles, font_config=fonts, pdf_variant=PDF_VARIANT
        )
    problems = [Problem("report.yaml", None, f"a file outside the report folder was asked for: {url}; use files under images/") for url in fetcher.refused]
    problems += check_placed(document, expected)
    if problems:
        raise ReportError(problems)
    document.write_pdf(
        str(path),
        pdf_variant=PDF_VARIANT,
        pdf_identifier=report.identifier.encode("utf-8")[:32].ljust(32, b"-"),
        uncompressed_pdf=False,
    )
    del messages
    add_page_labels(path, front_pages(document, expected.front_matter))
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


def boxes(box):
    """Every box under ``box``, depth first."""
    stack = [box]
    while stack:
        current = stack.pop()
        yield current
        children = getattr(current, "children", None)
        if children:
            stack.extend(reversed(children))


def check_placed(document, expected: Expected) -> list[Problem]:
    """Count what WeasyPrint placed against what the sources hold."""
    notes: set[int] = set()
    figures: set[int] = set()
    tables: set[int] = set()
    profiles: set[str] = set()
    for page in document.pages:
        page_box = page._page_box
        for area in page_box.children:
            if type(area).__name__ != "FootnoteAreaBox":
                continue
            for box in boxes(area):
                element = getattr(box, "element", None)
                if element is not None and "footnote" in (element.get("class") or "").split():
                    notes.add(id(element))
        for box in boxes(page_box):
            element = getattr(box, "element", None)
            if element is None:
                continue
            tag = getattr(box, "element_tag", "")
            classes = (element.get("class") or "").split()
            if tag == "figure" and "key-figure" not in classes:
                figures.add(id(element))
            elif tag == "table" and "glance-table" not in classes:
                tables.add(id(element))
            elif tag == "article" and "profile" in classes:
                profiles.add(element.get("id"))
    problems = []
    for what, found, wanted in (("footnotes", len(notes), expected.notes), ("figures", len(figures), expected.figures), ("tables", len(tables), expected.tables)):
        if found != wanted:
            problems.append(Problem("report.yaml", None, f"the PDF shows {found} of the {wanted} {what} in the sources; WeasyPrint lost some, so the build stopped (try a different page layout in styles/)"))
    for missing in sorted(set(expected.profiles) - profiles):
        problems.append(Problem("report.yaml", None, f"the profile #{missing} is missing from the PDF layout"))
    return problems


def front_pages(document, front_ids: tuple[str, ...]) -> int:
    """How many pages the front matter takes (they get roman page labels)."""
    last = -1
    for number, page in enumerate(document.pages):
        for box in boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is not None and element.get("id") in front_ids:
                last = number
                break
    return last + 1


def add_page_labels(path: Path, front: int) -> None:
    """Roman page labels for the front matter, arabic from 1 for the body."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        nums: list = []
        if front:
            nums += [0, pikepdf.Dictionary(S=pikepdf.Name.r)]
        nums += [front, pikepdf.Dictionary(S=pikepdf.Name.D, St=1)]
        pdf.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array(nums))
        pdf.save(path, deterministic_id=False, static_id=True)
