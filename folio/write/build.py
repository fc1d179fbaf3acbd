"""One language's build as its writers share it: :class:`Build`.

The recipe opens a build around every writer's hooks.  Before the report is
read it holds what was asked (the request, the editions to write, the cache,
the log) and starts the PDF processes the writers ask for; once read, the
report, its Markdown through pandoc and the staging folder.  A PDF
edition's HTML and page map are made once and shared (:meth:`Build.layout`):
the PDF writer lays that edition out, and an edition whose page list follows
it (:attr:`~folio.editions.edition.Edition.pages_from`, the EPUB's) takes the
page map from there, never naming the other edition's writer.
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path
from types import TracebackType

from folio.editions.edition import Edition
from folio.markdown.render import Fragments
from folio.model import Report
from folio.pdf.layout.fontconfig import use_shipped_fonts
from folio.run.cache import Cache
from folio.run.output import Staging
from folio.run.parallel import PdfProcess
from folio.run.request import Log, Request
from folio.run.state import edition_key
from folio.write.layouts import Layout


class Build:
    """What a language's writers share; use as a context manager (it stops the processes on the way out)."""

    def __init__(self, request: Request, log: Log, cache: Cache, editions: tuple[Edition, ...], lang: str | None) -> None:
        self.request = request
        self.log = log
        self.cache = cache
        self.editions = editions
        """The editions this build writes."""
        self.lang = lang
        """The translation's language; ``None`` for the original."""
        self._processes = ExitStack()
        self._layouts: dict[str, Layout] = {}
        self._report: Report | None = None
        self._fragments: Fragments | None = None
        self._staging: Staging | None = None
        self._names: dict[str, str] = {}

    def __enter__(self) -> Build:
        use_shipped_fonts()  # before the PDF processes start: they inherit it
        self._processes.__enter__()
        return self

    def __exit__(self, kind: type | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self._processes.__exit__(kind, error, trace)

    def process(self) -> PdfProcess:
        """A new PDF process, started now (WeasyPrint loads in it) and stopped with the build."""
        return self._processes.enter_context(PdfProcess())

    def read(self, report: Report, fragments: Fragments, staging: Staging, names: dict[str, str]) -> None:
        """The report as read, its Markdown through pandoc, the staging folder and the output files by state key."""
        self._report, self._fragments, self._staging, self._names = report, fragments, staging, names

    @property
    def report(self) -> Report:
        assert self._report is not None, "the report is read after the prepare phase"
        return self._report

    @property
    def fragments(self) -> Fragments:
        assert self._fragments is not None, "the report is read after the prepare phase"
        return self._fragments

    def name(self, edition: Edition) -> str:
        """The file ``edition`` becomes in the output folder (``slug.pdf``, ``slug.ja.epub``)."""
        return self._names[edition_key(edition.target, self.request.edition, self.lang)]

    def path(self, edition: Edition) -> Path:
        """Where to write ``edition``: its file in the staging folder, moved into ``--out`` when every edition is written."""
        assert self._staging is not None, "the staging folder is there from the start phase on"
        return self._staging.path(self.name(edition))

    def lays_out(self, name: str) -> bool:
        """Whether this build lays out the PDF edition ``name`` (and so has its page map on the way)."""
        return any(edition.name == name and edition.laid_out for edition in self.editions)

    def wants_pages(self, name: str) -> bool:
        """Whether an edition of this build follows the pages of the edition ``name``."""
        return any(edition.pages_from == name for edition in self.editions)

    def layout(self, name: str) -> Layout:
        """The PDF edition ``name``'s HTML and page map, made once a build."""
        if name not in self._layouts:
            self._layouts[name] = Layout(self.report, self.fragments, name)
        return self._layouts[name]
