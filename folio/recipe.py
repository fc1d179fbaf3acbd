"""The recipe: a report folder in, its editions out, stage after stage.

In order: skip the build when every requested edition is up to date; read
and check the whole report folder (stage 1, :mod:`folio.source`); run every
Markdown source through pandoc (stage 2, :mod:`folio.markdown`); then each
edition's writer (:mod:`folio.write`, named by the edition registry
:mod:`folio.editions`) fills the templates (stage 3, :mod:`folio.assemble`)
and writes its edition aside (stage 4: :mod:`folio.pdf` in a process of its
own while :mod:`folio.epub`, the HTML and the Word copy are written), the
editions moving into the output folder only when all of them succeeded
(:mod:`folio.run.output`).
"""

from __future__ import annotations

import pkgutil
import sys
from functools import partial
from pathlib import Path

from folio.assemble.pictures import downscaled
from folio.editions import EDITIONS, Edition, for_target
from folio.errors import InstallError, ReportError
from folio.markdown.later import later_problems
from folio.markdown.render import Fragments, render_markdown
from folio.markdown.smart import smart_report
from folio.model import Report
from folio.run.cache import Cache, cache_folder
from folio.run.output import Staging, file_names
from folio.run.request import Log, Request, say_up_to_date
from folio.run.state import STATE_FILE, edition_key, fingerprint, stale, state_text
from folio.source.load import load_report
from folio.source.translation import languages as translation_languages
from folio.source.translation import translate, with_languages
from folio.write.build import Build
from folio.write.writer import Writer


def build(request: Request, log: Log) -> None:
    """Every language asked for (``--lang``), each checked before any is written."""
    languages = languages_asked(request)
    if request.check_only:
        check_every(request, log, languages)
        return
    if len(languages) > 1:
        with log.stage("check every translation"):
            check_every(request, Log(0), languages)
    for lang in languages:
        build_language(request, log, lang)


def languages_asked(request: Request) -> tuple[str | None, ...]:
    """``None`` for the original; ``--lang all``, and ``check`` with no ``--lang``: the original, then each translation."""
    if request.lang is None and not request.check_only:
        return (None,)
    if request.lang in (None, "all"):
        return (None, *translation_languages(request.source.resolve()))
    return (request.lang,)


def build_language(request: Request, log: Log, lang: str | None) -> None:
    """One language's editions, each by its writer (:mod:`folio.write`): ``lang`` ``None`` is the original."""
    if lang:
        log.info(f"translation: {lang}")
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
    wanted = {for_target(target, request.edition) for target in targets}
    editions = tuple(edition for edition in EDITIONS if edition in wanted)
    writers = [writer_for(edition) for edition in editions]
    cache = Cache(cache_folder())
    with Build(request, log, cache, editions, lang) as build:
        for writer in writers:  # the PDF processes start: WeasyPrint loads while this one reads the report and runs pandoc
            writer.prepare(build)
        report, fragments = read_report(request, log, cache, lang)
        show_pictures(report, fragments, [edition.name for edition in editions], log)
        names = {key: name for key, name in file_names(report, request.edition).items() if keys.get(key) in targets}
        with Staging(request.out) as staging:
            build.read(report, fragments, staging, names)
            for writer in writers:  # the PDFs go to their processes before any edition is written
                writer.start(build)
            for writer in writers:
                writer.write(build)
            for writer in writers:  # the PDFs last: they took longest
                writer.finish(build)
            written = {key: (name, staging.folder / name) for key, name in names.items()}
            staging.path(STATE_FILE).write_text(state_text(request.out, written, inputs), encoding="utf-8")
    log.info(f"written to {request.out}")


def writer_for(edition: Edition) -> Writer:
    """The writer that ``edition`` names (``module:attribute``), imported now: a build imports only the writers it uses."""
    try:
        found = pkgutil.resolve_name(edition.writer)
    except (ImportError, AttributeError) as error:
        raise InstallError(
            f"the {edition.name} edition's writer {edition.writer} cannot be loaded ({type(error).__name__}: {error}); "
            "fix or reinstall the package that adds that edition"
        ) from None
    return found(edition)


def load_language(source: Path, lang: str | None) -> Report:
    """Stage 1 for one language: the original, or its translation read over it (:mod:`folio.source.translation`)."""
    report = with_languages(load_report(source))
    return smart_report(translate(report, lang) if lang else report, Cache(cache_folder()))


def read_report(request: Request, log: Log, cache: Cache, lang: str | None = None) -> tuple[Report, Fragments]:
    """Stages 1 and 2: the checked report and every Markdown source through pandoc."""
    with log.stage("check the report folder"):
        try:
            report = load_language(request.source, lang)
        except ReportError as error:
            problems, warnings = later_problems(error, cache)
            raise ReportError(error.problems + problems, warnings=error.warnings + warnings) from None
    if report.translation and report.translation.fallbacks:
        names = ", ".join(report.translation.fallbacks)
        log.info(f"{lang}: not yet translated, set in the original language ({report.translation.original_language}): {names}")
    with log.stage("Markdown through pandoc"):
        fragments = render_markdown(report, cache, check_only=request.check_only)
    warnings = (*report.warnings, *(report.translation.warnings if report.translation else ()), *fragments.warnings)
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
    """Every language checked, its Markdown too, before any is written: their mistakes in one list."""
    failures = [error for lang in languages if (error := failure(partial(check, request, log, lang))) is not None]
    if failures:
        raise ReportError([p for e in failures for p in e.problems], warnings=tuple(w for e in failures for w in e.warnings))


def failure(step) -> ReportError | None:
    try:
        step()
    except ReportError as error:
        return error
    return None


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
