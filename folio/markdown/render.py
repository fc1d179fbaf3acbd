"""Stage 2: every Markdown source through pandoc, checked, in three flavours.

Each chapter body and profile story is parsed into pandoc's AST (cached by
content) as one document cut into files: reference links, links by a heading's
text and heading ids resolve across the report (:mod:`folio.markdown.links.crossrefs`).
Each is checked against the contract (links, images, citations, raw HTML,
languages, footnotes), and written out as:

* ``print_html``: for the PDF, footnotes inline so WeasyPrint floats them to
  the foot of the page where they are called;
* ``web_html``: for the single-file HTML edition, footnotes as numbered
  endnotes at the end of each part;
* ``blocks``: the AST itself, for the EPUB, where pandoc writes the notes.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from folio import pandoc, paths
from folio.ast import transform, walk
from folio.errors import Problems
from folio.markdown import nesting
from folio.markdown.checks import Inspector
from folio.markdown.footnotes import NoteCounter, endnotes, inline_footnote
from folio.markdown.links import crossrefs, numbers
from folio.markdown.links.ids import Heading, IdRegistry, check_challenges
from folio.markdown.links.references import check_reference_markup
from folio.markdown.quarto.editions import counts, differs, select
from folio.markdown.reader.citations import READER, csl_meta, figure_cites, nocite
from folio.markdown.reading import Reading
from folio.markdown.smart import localize_quotes, part_language
from folio.maths.check import check_maths
from folio.maths.equations import prepare as prepare_maths
from folio.maths.html import drawn, with_alttext
from folio.maths.macros import Macros
from folio.model import Report, Source
from folio.run.cache import Cache

BIBLIOGRAPHY_WRITER = ["--to", "html5", "--wrap=none", "--citeproc"]
DROP_REFS = str(paths.DROP_REFS)
HTML_WRITER = ["--to", "html5", "--mathml", "--section-divs", "--wrap=none", "--citeproc", "--lua-filter", DROP_REFS]

record = dataclass(frozen=True, kw_only=True, slots=True)


@record
class Fragment:
    """One Markdown source, checked and rendered."""

    print_html: str
    web_html: str
    web_notes: str
    """The endnotes of ``web_html`` as an ordered list (empty when none)."""
    blocks: list
    headings: tuple[Heading, ...]
    notes: int
    figures: int
    tables: int


@record
class Fragments:
    """Every source of the report, keyed by its file (``chapters/intro.md``)."""

    parts: dict[str, Fragment]
    bibliography_html: str
    cited: tuple[str, ...]
    recommendations: dict[str, tuple[int, str]] = field(default_factory=dict)
    """Recommendation heading id → (number, title)."""
    numbered: dict = field(default_factory=dict)
    """Every numbered figure, table and section by id (:class:`folio.markdown.links.numbers.Target`), in reading order."""
    api_version: list = field(default_factory=list)
    warnings: tuple = ()
    """Problems that do not stop the build (a class nothing styles), to print."""


def sources_of(report: Report) -> list[Source]:
    """Every Markdown source in reading order."""
    found = [chapter.body for chapter in report.chapters]
    found += [profile.story for profile in report.profiles]
    return found


def render_markdown(report: Report, cache: Cache | None = None, *, check_only: bool = False) -> Fragments:
    """Parse, check and render every Markdown source; raise ``ReportError``.

    With ``check_only`` the sources are parsed and checked but not rendered
    (the returned fragments are empty): what ``build.py check`` needs.
    """
    problems = Problems(root=report.root)
    sources = sources_of(report)
    nesting.check_text(sources, problems)  # before pandoc: some nestings cost its reader exponential time
    ids = IdRegistry(report)
    reading = Reading(report, sources)
    with ThreadPoolExecutor(max_workers=4) as pool:
        alone = list(pool.map(nesting.within_budget(lambda s: reading.parse_alone(s, cache), problems), sources))
        nesting.check_trees(sources, [one and one.document["blocks"] for one in alone], problems)  # before any pass walks them
        api_version = alone[0].document["pandoc-api-version"] if alone else []
        shaped = reading.shaped(sources, alone)
        given = crossrefs.heading_ids(sources, shaped, ids.taken, reading.github)
        ids.reserved.update(ident for one in shaped for ident in crossrefs.explicit_ids(one.document["blocks"]))
        ids.reserved.update(ident for idents in given.values() for ident in idents)
        resolve = references_across(report, sources, alone, given, api_version, cache, reading, shaped)
        parsed = list(pool.map(nesting.within_budget(resolve, problems), sources, alone))
        problems.raise_if_any()
    finals = reading.finals(sources, [document for document, _ in parsed])
    known_refs = {ref["id"] for ref in report.references}
    inspected = []
    counter = NoteCounter(report)
    macros = Macros()  # maths macros hold from where they are defined on, through the report
    for source, (document, warnings), final in zip(sources, parsed, finals, strict=False):
        inspector = Inspector(source, problems, known_refs, ids, report, given[source.path])
        inspector.pandoc_warnings(warnings)
        blocks = inspector.check(prepare_maths(final.blocks, macros))
        reading.say(source, final.notes, inspector, problems)
        inspected.append((source, document, blocks, inspector))
    targets = numbers.collect(report, {item[0].path: item[2] for item in inspected})
    numbering = numbers.Numbering(report, targets, problems)
    inspected = [(source, document, numbering.apply(blocks, inspector), inspector) for source, document, blocks, inspector in inspected]
    drawings = check_maths(inspected, api_version, cache)
    ids.check_links(problems)
    check_challenges(report, ids, problems)
    check_reference_markup(report, problems, cache)
    problems.raise_if_any()
    if check_only:
        return Fragments(parts={}, bibliography_html="", cited=(), recommendations=ids.recommendations, warnings=problems.sorted_warnings())

    try:
        references = csl_meta(report.references, cache)
    except pandoc.PandocOverBudget as error:
        problems.add("references.yaml", None, f"pandoc could not read the references: it {error.what}; simplify the Markdown in them")
        problems.raise_if_any()
    cited = tuple(dict.fromkeys([key for *_, inspector in inspected for key in inspector.cites] + figure_cites(report)))

    def write(item: tuple) -> tuple[str, Fragment]:
        source, document, blocks, inspector = item
        return source.path, render(document, blocks, inspector, references, cache, counter.first(source.path), drawings)

    for source, _document, _blocks, inspector in inspected:
        counter.add(source.path, inspector.notes)
    with ThreadPoolExecutor(max_workers=4) as pool:
        parts = dict(pool.map(write, inspected))
    return Fragments(
        parts=parts,
        bibliography_html=bibliography(references, cited, cache),
        cited=cited,
        recommendations=ids.recommendations,
        api_version=api_version,
        warnings=problems.sorted_warnings(),
        numbered=targets,
    )


# -- parsing --------------------------------------------------------------------


def references_across(
    report: Report, sources: list[Source], alone: list, given: dict, api_version: list, cache: Cache | None, reading: Reading, shaped: list
):
    """A function that parses one source again with the report's definitions and headings appended.

    A source that pandoc read alone with no bracket left in its text needs
    nothing from the others and keeps its first parse.  The headings are
    those of the shaped sources (``shaped``: a callout's title is none).
    """
    names = [crossrefs.written_labels(source) for source in sources]
    written = crossrefs.report_definitions(alone, names)
    headings = crossrefs.part_headings(report)
    for source, one in zip(sources, shaped, strict=True):
        auto = iter(given[source.path])
        headings += [(node["c"][2], node["c"][1][0] or next(auto)) for node in walk(one.document["blocks"]) if node["t"] == "Header"]
    needs = {source.path for source, one in zip(sources, alone, strict=True) if crossrefs.brackets_left(one.document["blocks"])}
    labels = crossrefs.heading_labels(headings, api_version, cache) if needs else []

    def resolve(source: Source, one: crossrefs.Parsed) -> tuple[dict, tuple[str, ...]]:
        if source.path not in needs:
            return one.document, one.warnings
        extra = crossrefs.appendix(one.definitions, written, labels)
        resolved = reading.parse_with(source, extra, cache) if extra else None
        return resolved or (one.document, one.warnings)

    return resolve


# -- rendering ----------------------------------------------------------------------


def render(
    document: dict,
    blocks: list,
    inspector: Inspector,
    references: dict,
    cache: Cache | None,
    first_note: tuple[str, int],
    drawings: dict | None = None,
) -> Fragment:
    meta = {
        "references": references,
        "link-citations": {"t": "MetaBool", "c": True},
        "lang": {"t": "MetaString", "c": inspector.report.language},
    }
    base = {"pandoc-api-version": document["pandoc-api-version"], "meta": meta}
    blocks = localize_quotes(blocks, part_language(inspector.report, inspector.source.path))
    print_blocks = transform(select(blocks, "pdf"), inline_footnote)
    web_blocks, notes = endnotes(select(blocks, "html"), first_note)
    figures, tables = (inspector.figures, inspector.tables) if not differs(blocks, "pdf") else counts(select(blocks, "pdf"))[:2]
    print_html = drawn(write_html({**base, "blocks": print_blocks}, cache), drawings or {})
    web_html = with_alttext(write_html({**base, "blocks": web_blocks}, cache))
    web_notes = with_alttext(write_html({**base, "blocks": notes}, cache)) if notes else ""
    return Fragment(
        print_html=print_html,
        web_html=web_html,
        web_notes=web_notes,
        blocks=blocks,
        headings=tuple(inspector.headings),
        notes=inspector.notes,
        figures=figures,
        tables=tables,
    )


def write_html(document: dict, cache: Cache | None, writer: list[str] = HTML_WRITER) -> str:
    import json

    key = ("html", pandoc.version(), writer, json.dumps(document, sort_keys=True))
    if cache is not None and (hit := cache.get(key)) is not None:
        return hit
    html = pandoc.from_json(document, writer).output
    if cache is not None:
        cache.put(key, html)
    return html


def bibliography(references: dict, cited: tuple[str, ...], cache: Cache | None) -> str:
    if not cited:
        return ""
    meta = {
        "references": references,
        "nocite": nocite(cited),
    }
    api = list(pandoc_api_version(cache))
    html = write_html({"pandoc-api-version": api, "meta": meta, "blocks": []}, cache, BIBLIOGRAPHY_WRITER)
    return html.replace('<div id="refs"', '<div id="folio-refs"', 1)  # an author's heading "Refs" keeps its id


def pandoc_api_version(cache: Cache | None = None) -> list:
    # Cached by pandoc's version, so a rebuild runs pandoc only for what changed.
    key = ("api-version", pandoc.version())
    if cache is not None and (hit := cache.get(key)) is not None:
        return hit
    document, _ = pandoc.to_json("", READER)
    if cache is not None:
        cache.put(key, document["pandoc-api-version"])
    return document["pandoc-api-version"]
