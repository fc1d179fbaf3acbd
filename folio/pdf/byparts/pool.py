"""The PDF laid out part by part in a pool of processes (``--jobs N``), then joined.

The single layout (:func:`folio.pdf.write.write_pdf` with one job) is the
reference; this gives the same pages.  The parts (:mod:`folio.pdf.byparts.parts`)
are laid out in forks of the PDF process (:mod:`folio.pdf.byparts.forks`), each with
what it depends on (:class:`~folio.pdf.byparts.parts.Spec`) taken from the best
knowledge at hand: the page counts of parts already laid out, the last
build's counts (kept in folio's cache), or an estimate from the text's
length.  When a part's start, contents numbers, cross-reference pages or
kept words turn out other than it was given, it is laid out again, and only
it (:mod:`folio.pdf.byparts.plan`).  The rounds of one layout run over the
whole book: the hyphenation rule's (:mod:`folio.pdf.layout.hyphens`; the words found
in any part are kept whole in every part that holds them) and, with
``crossref: {page: true}``, the cross-references found on their target's
spread in the joined pages (:mod:`folio.pdf.layout.spreads`); a round ends when
every part is laid out with them.  The joined pages pass the checks one
layout passes (:mod:`folio.pdf.layout.checks`, :mod:`folio.pdf.layout.notes`).

Each part's layout is also kept, by its HTML and spec, in folio's cache: a
rebuild after one chapter was edited lays out that chapter only, and the
chapters after it as well only when its page count changed; the parts a
build did not use are then deleted (:meth:`Store.keep_only`).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from folio.assemble.pagestarts import part_ids
from folio.errors import ReportError
from folio.pdf.byparts.forks import Workers
from folio.pdf.byparts.join import Piece, join
from folio.pdf.byparts.merge import merged_page_map, merged_survey
from folio.pdf.byparts.parts import Laid, Part, Spec, lay_out, split
from folio.pdf.byparts.plan import Plan
from folio.pdf.byparts.store import Store
from folio.pdf.finish.post import Finish, finish_pdf
from folio.pdf.layout.checks import check_placed, labels_of_tree
from folio.pdf.layout.notes import late_notes
from folio.pdf.layout.refused import refused_problem
from folio.run.cache import Cache, cache_folder

BLANK_HTML = '<html><body><div></div><div style="break-before: right"></div></body></html>'
"""A document whose second page is a blank left-hand page, with the edition's page size and marks."""


def write_by_parts(job, *, on_layout: Callable[[Any], None] | None = None) -> int | None:
    """Lay ``job`` (a :class:`folio.pdf.write.PdfJob` with ``jobs`` > 1) out by parts and write the joined PDF.

    ``None`` when there is nothing to split (one part, or no PDF to write): the caller lays the book out whole.
    """
    from weasyprint import HTML

    from folio.pdf.finish.xmp import xmp_properties
    from folio.pdf.layout.fontconfig import use_shipped_fonts
    from folio.pdf.layout.setup import make_fetcher
    from folio.pdf.weasy import bookmark_tree, html_tree

    report = job.report
    allowed = (report.root, *[d.resolve() for d in report.style_dirs])
    fetcher = make_fetcher(allowed)
    source = HTML(string=job.html, base_url=str(report.root) + "/", url_fetcher=fetcher)
    root = html_tree(source)
    parts = split(root)
    if parts is None or len(parts) < 2 or job.path is None:
        return None
    targets = toc_targets(root)
    labels = labels_of_tree(root)
    setup = {
        "allowed": allowed,
        "fetcher": fetcher,
        "base_url": source.base_url,
        "stylesheets": job.stylesheets,
        "identifier": report.identifier.encode("utf-8")[:32].ljust(32, b"-"),
        "expected": job.expected,
        "part_ids": part_ids(report) if job.summarised else None,
    }
    store = Store(job, setup)
    memory = Cache(cache_folder())
    guess_key = ("part pages", str(report.root), [sheet.name for sheet in job.stylesheets])
    last = memory.get(guess_key) or {}
    use_shipped_fonts(report.style_dirs)  # the report's own faces: read by fontconfig as the shared configuration is made
    setup["styles"] = shared_styles(job.stylesheets, fetcher)
    with tempfile.TemporaryDirectory(prefix=".folio-parts-", dir=job.path.parent) as folder:
        task = partial(lay_part, root, setup, Path(folder))
        with Workers(job.jobs, task) as forks:
            plan = Plan(parts, targets, last)
            final, layout, placed = plan_parts(plan, parts, forks, store, report)
        problems = [refused_problem(report, url) for url in dict.fromkeys(url for laid in final for url in laid.refused)]
        problems += check_placed(placed, job.expected)
        problems += late_notes(placed, job.expected)  # pages and note numbers counted through the book, as in one layout
        if problems:
            raise ReportError(problems)
        if on_layout is not None:
            on_layout(merged_page_map(final, layout))
        pieces = []
        blank: Path | None = None
        for laid, (_, gap) in zip(final, layout, strict=True):
            if gap:
                blank = blank or blank_page(root, job, setup, Path(folder))
                pieces.append(Piece(str(blank), page=1))
            pieces.append(Piece(laid.pdf, anchors=frozenset(laid.anchors)))
        outline = bookmark_tree([page for laid, part in zip(final, parts, strict=True) for page in with_gaps(laid, part, layout)])
        count = join(pieces, outline, job.path)
        memory.put(
            guess_key,
            {
                "counts": {part.key: laid.pages for part, laid in zip(parts, final, strict=True)},
                "toc": plan.toc(final),
                "pages": {target: page for spec in plan.specs.values() for target, page in spec.pages},
            },
        )
    finish = Finish(
        front_pages=placed.front_pages, link_labels=labels, xmp=xmp_properties(report), identifier=setup["identifier"], turn=job.turn
    )
    finish_pdf(job.path, finish)
    store.keep_only(final)
    return count


def plan_parts(plan: Plan, parts: list[Part], forks: Workers, store: Store, report) -> tuple[list[Laid], list, Any]:
    """Every part laid out (or taken from the store) with the spec the others call for, over the rounds of one layout."""
    from folio.pdf.layout.hyphens import HYPHENATION_ROUNDS

    kept: frozenset[str] = frozenset()
    near: frozenset[int] = frozenset()
    for round in range(HYPHENATION_ROUNDS):  # the rounds of one layout (write.py): kept words and references on their spread
        plan.run(kept, near, forks, store)
        more = frozenset().union(*(laid.words for laid in plan.final.values())) - kept
        in_order = [plan.final[part.index] for part in parts]
        now_near = plan.sharing(in_order, plan.layout(in_order)) if report.crossref_page else near
        if (not more and now_near == near) or round == HYPHENATION_ROUNDS - 1:
            break
        kept |= more
        near = now_near
    final = [plan.final[part.index] for part in parts]
    layout = plan.layout(final)
    return final, layout, merged_survey(final, layout)


def shared_styles(sheets, fetcher) -> tuple:
    """The stylesheets and their fonts, loaded once in this process: every fork starts with them."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from folio.pdf.layout.setup import capture_weasyprint_log

    fonts = FontConfiguration()
    with capture_weasyprint_log():
        return fonts, [CSS(filename=str(sheet), url_fetcher=fetcher, font_config=fonts) for sheet in sheets]


def with_gaps(laid: Laid, part: Part, layout: list[tuple[int, bool]]) -> list:
    """The part's pages' bookmarks, after an empty page where a blank page goes before it."""
    return ([([], laid.bookmarks[0][1])] if layout[part.index][1] else []) + laid.bookmarks


def toc_targets(root) -> list[str]:
    """The ids the contents gives page numbers for."""
    found = []
    for element in root.iter():
        if isinstance(element.tag, str) and "toc-entry" in (element.get("class") or "").split() and element.get("data-target"):
            found.append(element.get("data-target").removeprefix("#"))
    return found


def lay_part(root, setup: dict, folder: Path, index: int, spec: Spec) -> Laid:
    """Lay a part out from the parsed edition (``root``, which this process or worker holds)."""
    # Named by part and spec (a pair is laid out once a build): each worker writes a file of its own.
    name = hashlib.sha256(repr(spec).encode("utf-8")).hexdigest()[:16]
    return lay_out(root, index, spec, setup, folder / f"{index}-{name}.pdf")


def blank_page(root, job, setup: dict, folder: Path) -> Path:
    """A PDF whose page 1 is blank, in the edition's page size and marks, for the blank versos between parts."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from folio.pdf.layout.setup import PDF_VARIANT, capture_weasyprint_log, make_fetcher

    fonts = FontConfiguration()
    fetcher = make_fetcher(setup["allowed"])
    path = folder / "blank.pdf"
    with capture_weasyprint_log():
        styles = [CSS(filename=str(sheet), url_fetcher=fetcher, font_config=fonts) for sheet in job.stylesheets]
        head = "".join(f"<style>{style.text or ''}</style>" for style in root.iter("style"))
        html = BLANK_HTML.replace("<body>", f"<head>{head}</head><body>")
        document = HTML(string=html, base_url=str(job.report.root) + "/").render(
            stylesheets=styles, font_config=fonts, pdf_variant=PDF_VARIANT
        )
        document.write_pdf(str(path), pdf_variant=PDF_VARIANT, pdf_identifier=setup["identifier"])
    return path
