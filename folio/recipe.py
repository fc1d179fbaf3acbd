"""The recipe: a report folder in, its editions out, stage after stage.

In order: skip the build when every requested edition is up to date; read
and check the whole report folder (stage 1, :mod:`folio.source`); run every
Markdown source through pandoc (stage 2, :mod:`folio.markdown`); then, per
edition, fill the templates (stage 3, :mod:`folio.assemble`) and write the
editions aside (stage 4, :mod:`folio.pdf` in a process of its own while
:mod:`folio.epub` and the HTML are written), moving them into the output
folder only when all of them succeeded (:mod:`folio.run.output`).
"""

from __future__ import annotations

import sys
from contextlib import nullcontext
from dataclasses import replace
from functools import partial
from pathlib import Path

from folio.assemble.editions import assemble, stylesheets
from folio.assemble.pagestarts import PageMap, part_ids
from folio.assemble.pictures import downscaled
from folio.editions import DEFAULT_CHOICE, for_target
from folio.editions import named as edition_named
from folio.epub.write import write_epub
from folio.errors import ReportError
from folio.markdown.later import later_problems
from folio.markdown.render import Fragments, render_markdown
from folio.markdown.smart import smart_report
from folio.model import Report
from folio.pdf.finish.turn import book_turn
from folio.pdf.fontconfig import use_shipped_fonts
from folio.pdf.layout_cache import cached_page_map, layout_key, store_page_map
from folio.pdf.pagemap import page_map
from folio.pdf.standards import pdf_variant
from folio.pdf.write import PdfJob, expected_counts, write_pdf
from folio.run.cache import Cache, cache_folder
from folio.run.output import Staging, file_names
from folio.run.parallel import Job, PdfProcess
from folio.run.request import Log, Request, say_up_to_date
from folio.run.state import STATE_FILE, edition_key, fingerprint, stale, state_text
from folio.sanitise.editions import clean_page
from folio.source.load import load_report
from folio.source.translation import languages as translation_languages
from folio.source.translation import translate, with_languages
from folio.word.export import write_docx


def build(request: Request, log: Log) -> None:
    """Every language edition asked for (``--lang``), each checked before any is written."""
    languages = edition_languages(request)
    if request.check_only:
        check_every(request, log, languages)
        return
    if len(languages) > 1:
        with log.stage("check every translation"):
            check_every(request, Log(0), languages)
    for lang in languages:
        build_edition(request, log, lang)


def edition_languages(request: Request) -> tuple[str | None, ...]:
    """``None`` for the original; ``--lang all``, and ``check`` with no ``--lang``: the original, then each translation."""
    if request.lang is None and not request.check_only:
        return (None,)
    if request.lang in (None, "all"):
        return (None, *translation_languages(request.source.resolve()))
    return (request.lang,)


def build_edition(request: Request, log: Log, lang: str | None) -> None:
    """One language's editions: ``lang`` ``None`` is the original."""
    if lang:
        log.info(f"edition in {lang}")
    with log.stage("up-to-date check"):
        plain = lang is None and request.inputs is not None  # taken by the command line already
        inputs = (
            request.inputs
            if plain
            else fingerprint(request.source, request.out, request.edition if lang is None else f"{request.edition}.{lang}")
        )
        keys = {edition_key(target, request.edition, lang): target for target in request.targets}
        targets = [keys[key] for key in stale(request.out, keys, inputs)]
    if not targets:
        say_up_to_date(request, log)
        return
    log.detail(f"to build: {', '.join(targets)}")
    # WeasyPrint loads in the PDF process while this one reads the report and runs pandoc.
    # The EPUB's page list follows the screen PDF's pages: from the PDF being built, else
    # from the cache, else from a second process that lays the screen edition out only.
    screen_pdf = "pdf" in targets and request.edition == PAGES_FROM
    cache = Cache(cache_folder())
    use_shipped_fonts()  # before the PDF processes start: they inherit it
    with (
        PdfProcess() if "pdf" in targets else nullcontext() as pdf_process,
        PdfProcess() if "epub" in targets and not screen_pdf else nullcontext() as layout_process,
    ):
        report, fragments = read_report(request, log, cache, lang)
        show_pictures(report, fragments, [for_target(target, request.edition).name for target in targets], log)
        names = {key: name for key, name in file_names(report, request.edition).items() if keys.get(key) in targets}
        screen = Screen(report, fragments) if screen_pdf or "epub" in targets else None
        with Staging(request.out) as staging:
            if "pdf" in targets:
                summarise = screen.summarise if screen_pdf and "epub" in targets else None
                html = screen.html if screen_pdf else None
                path = staging.path(names[edition_key("pdf", request.edition, lang)])
                job = pdf_job(report, fragments, request.edition, path, html=html, summarise=summarise)
                work = replace(job.work, jobs=request.jobs, parts=not request.whole, summarised=summarise is not None)
                pdf_process.submit(replace(job, work=work))
            if "epub" in targets:
                with log.stage("EPUB page map"):
                    pages = screen.pages(cache, pdf_process if screen_pdf else layout_process, log)
                with log.stage("EPUB"):
                    epub_path = staging.path(names[edition_key("epub", request.edition, lang)])
                    write_epub(report, fragments, epub_path, pages, warn=lambda message: log.info(f"warning: {message}"))
            if "html" in targets:
                with log.stage("HTML"):
                    name = names[edition_key("html", request.edition, lang)]
                    page, removed = clean_page(assemble(report, fragments, "html"))
                    if removed:
                        log.info(f"warning: {name}: removed {removed.summary()}")
                    staging.path(name).write_text(page, encoding="utf-8")
            if "docx" in targets:
                with log.stage("Word review copy"):
                    write_docx(report, fragments, staging.path(names[edition_key("docx", request.edition, lang)]))
            if "pdf" in targets:
                finish_pdf(pdf_process, request, log)
            written = {key: (name, staging.folder / name) for key, name in names.items()}
            staging.path(STATE_FILE).write_text(state_text(request.out, written, inputs), encoding="utf-8")
    log.info(f"written to {request.out}")


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


def load_edition(source: Path, lang: str | None) -> Report:
    """Stage 1 for one language: the original, or its translation read over it (:mod:`folio.source.translation`)."""
    report = with_languages(load_report(source))
    return smart_report(translate(report, lang) if lang else report, Cache(cache_folder()))


def read_report(request: Request, log: Log, cache: Cache, lang: str | None = None) -> tuple[Report, Fragments]:
    """Stages 1 and 2: the checked report and every Markdown source through pandoc."""
    with log.stage("check the report folder"):
        try:
            report = load_edition(request.source, lang)
        except ReportError as error:
            problems, warnings = later_problems(error, cache)
            raise ReportError(error.problems + problems, warnings=error.warnings + warnings) from None
    if report.translation and report.translation.fallbacks:
        names = ", ".join(report.translation.fallbacks)
        log.info(f"{lang}: not yet translated, set in the original language ({report.translation.original_language}): {names}")
    with log.stage("Markdown through pandoc"):
        fragments = render_markdown(report, cache, check_only=request.check_only)
    warnings = (*(report.translation.warnings if report.translation else ()), *fragments.warnings)
    if request.strict and warnings:
        raise ReportError([], warnings=warnings)
    for warning in warnings:
        log.info(f"warning: {warning}")
    log.detail(f"pandoc: {cache.misses} runs, {cache.hits} results reused from the cache")
    return report, fragments


PICTURE_LINES = 6
"""Past this many downscaled pictures, one line says how many and ``-v`` lists them."""


def show_pictures(report: Report, fragments: Fragments, editions: list[str], log: Log) -> None:
    """Make the pictures' smaller copies now (the editions reuse them) and say which were made smaller."""
    with log.stage("pictures"):
        lines = downscaled(report, fragments, editions)
    for line in lines if len(lines) <= PICTURE_LINES else ():
        log.info(line)
    if len(lines) > PICTURE_LINES:
        log.info(f"{len(lines)} pictures made smaller for where they are set (-v lists them)")
        for line in lines:
            log.detail(line)


def check(request: Request, log: Log, lang: str | None = None) -> None:
    report, _ = read_report(request, log, Cache(cache_folder()), lang)
    log.info(f"{report.slug}{f' ({lang})' if lang else ''}: no errors")


def check_every(request: Request, log: Log, languages: tuple[str | None, ...]) -> None:
    """Every language edition checked, its Markdown too, before any is written: their mistakes in one list."""
    failures = [error for lang in languages if (error := failure(partial(check, request, log, lang))) is not None]
    if failures:
        raise ReportError([p for e in failures for p in e.problems], warnings=tuple(w for e in failures for w in e.warnings))


def failure(step) -> ReportError | None:
    try:
        step()
    except ReportError as error:
        return error
    return None


PAGES_FROM = for_target("epub").pages_from or DEFAULT_CHOICE
"""The PDF edition whose layout the EPUB's page list follows (:mod:`folio.editions.epub`)."""


class Screen:
    """The screen edition's HTML, and the page map the EPUB's page list follows."""

    def __init__(self, report: Report, fragments: Fragments) -> None:
        self.report = report
        self.fragments = fragments
        self.html = assemble(report, fragments, PAGES_FROM)
        self.summarise = partial(page_map, parts=part_ids(report))

    def pages(self, cache: Cache, process: PdfProcess, log: Log) -> PageMap:
        """From the screen PDF being built, else from the cache, else from a layout-only run."""
        key = layout_key(self.report, self.html, stylesheets(self.report, PAGES_FROM))
        if process.submitted:
            pages = process.layout()
        elif (pages := cached_page_map(cache, key)) is not None:
            process.close()
            log.detail("the screen layout's page map came from the cache")
            return pages
        else:
            process.submit(pdf_job(self.report, self.fragments, PAGES_FROM, None, html=self.html, summarise=self.summarise))
            pages = process.layout()
            process.result()
        store_page_map(cache, key, pages)
        return pages


def finish_pdf(pdf_process: PdfProcess, request: Request, log: Log) -> None:
    """Wait for the PDF process and show where its time went."""
    with log.live(f"PDF ({request.edition})"):
        pages = pdf_process.result()
    timings = pdf_process.timings()
    log.detail(f"WeasyPrint loaded in {timings.preload:.2f} s, alongside pandoc")
    log.timed(f"PDF ({request.edition}) layout", timings.layout)
    log.timed(f"PDF ({request.edition}) painting", timings.paint)
    log.detail(f"{pages} pages")


def run(request: Request, log: Log) -> None:
    """The targets around the editions: the live preview, and the contact sheet after a build."""
    if request.serve:
        from folio.preview.serve import serve

        serve(request, log, pdf_command=[sys.executable, "-m", "folio"])
        return
    build(request, log)
    if request.proof:
        from folio.preview.proof import write_proof

        write_proof(request, log)
