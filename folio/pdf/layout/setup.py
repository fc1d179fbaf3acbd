"""WeasyPrint as folio runs it, for one layout of the whole book or of a part.

WeasyPrint fetches nothing on its own here: every URL goes through
:func:`make_fetcher`'s fetcher, which serves ``data:`` URLs and files inside
the report folder or the style folders, and refuses (and remembers)
everything else.  Its warnings are collected (:class:`capture_weasyprint_log`)
instead of scrolling past.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from folio.folder import media_type

PDF_VARIANT = "pdf/ua-1"
"""The reading editions' ``pdf_variant`` unless ``report.yaml`` asks for another (:mod:`folio.pdf.standards`)."""


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
