"""The PDF laid out part by part in a pool of processes (``--jobs N``), then joined.

The single layout (:func:`folio.pdf.write.write_pdf` with one job) is the
reference; this gives the same pages.  The parts (:mod:`folio.pdf.byparts.parts`)
are laid out in forks of the PDF process (:mod:`folio.pdf.byparts.forks`), each with
what it depends on (:class:`~folio.pdf.byparts.parts.Spec`) taken from the best
knowledge at hand: the page counts of parts already laid out, the last
build's counts (kept in folio's cache), or an estimate from the text's
length.  When a part's start, contents numbers or kept words turn out other
than it was given, it is laid out again, and only it.  The hyphenation rule's
rounds (:mod:`folio.pdf.hyphens`) run over the whole book as in one layout:
a round ends when every part is laid out with its words; the words found in
any part are kept whole in every part that holds them.

Each part's layout is also kept, by its HTML and spec, in folio's cache: a
rebuild after one chapter was edited lays out that chapter only, and the
chapters after it as well only when its page count changed.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from folio.errors import Problem, ReportError
from folio.pdf.byparts.forks import Forks
from folio.pdf.byparts.join import Piece, join
from folio.pdf.byparts.merge import merged_page_map, merged_survey, offsets
from folio.pdf.byparts.parts import Laid, Part, Spec, lay_out, relevant, split
from folio.pdf.byparts.store import Store
from folio.pdf.checks import check_placed, labels_of_tree
from folio.pdf.notes import late_notes
from folio.pdf.pagemap import part_ids
from folio.pdf.post import Finish, finish_pdf
from folio.pdf.spreads import sharing_spreads
from folio.run.cache import Cache, cache_folder

CHARACTERS_PER_PAGE = 2500
"""A first guess at a part's length, before any part of the book was laid out (then: the parts laid out so far)."""
BLANK_HTML = '<html><body><div></div><div style="break-before: right"></div></body></html>'
"""A document whose second page is a blank left-hand page, with the edition's page size and marks."""


def write_by_parts(job, *, on_layout: Callable[[Any], None] | None = None, on_first_round=None) -> int:
    """Lay ``job`` (a :class:`folio.pdf.write.PdfJob` with ``jobs`` > 1) out by parts and write the joined PDF."""
    from weasyprint import HTML

    from folio.pdf.weasy import bookmark_tree, html_tree
    from folio.pdf.write import HYPHENATION_ROUNDS, make_fetcher, write_pdf, xmp_properties

    report = job.report
    allowed = (report.root, *[d.resolve() for d in report.style_dirs])
    fetcher = make_fetcher(allowed)
    source = HTML(string=job.html, base_url=str(report.root) + "/", url_fetcher=fetcher)
    root = html_tree(source)
    parts = split(root)
    if parts is None or len(parts) < 2 or job.path is None:
        return write_pdf(replace(job, jobs=1), on_layout=on_layout, on_first_round=on_first_round)
    targets = toc_targets(root)
    labels = labels_of_tree(root)
    setup = {
        "allowed": allowed,
        "fetcher": fetcher,
        "stylesheets": job.stylesheets,
        "identifier": report.identifier.encode("utf-8")[:32].ljust(32, b"-"),
        "expected": job.expected,
        "part_ids": part_ids(report) if job.summarised else None,
    }
    store = Store(job, setup)
    memory = Cache(cache_folder())
    guess_key = ("part pages", str(report.root), [sheet.name for sheet in job.stylesheets])
    last = memory.get(guess_key) or {}
    with tempfile.TemporaryDirectory(prefix=".folio-parts-", dir=job.path.parent) as folder, Forks(job.jobs) as forks:
        plan = Plan(parts, targets, last)
        if forks.forked:
            setup["styles"] = shared_styles(job.stylesheets, fetcher)
        kept: frozenset[str] = frozenset()
        near: frozenset[int] = frozenset()
        for round in range(HYPHENATION_ROUNDS):  # the rounds of one layout (write.py): kept words and references on their spread
            plan.run(kept, near, forks, store, partial(lay_part, source if forks.forked else None, job, setup, Path(folder)))
            more = frozenset().union(*(laid.words for laid in plan.final.values())) - kept
            if round == 0 and on_first_round is not None:
                on_first_round(kept | more)
            in_order = [plan.final[part.index] for part in parts]
            now_near = plan.sharing(in_order, plan.layout(in_order)) if report.crossref_page else near
            if (not more and now_near == near) or round == HYPHENATION_ROUNDS - 1:
                break
            kept |= more
            near = now_near
        final = [plan.final[part.index] for part in parts]
        layout = plan.layout(final)
        problems = [
            Problem("report.yaml", None, f"a file outside the report folder was asked for: {url}; use files under images/")
            for url in dict.fromkeys(url for laid in final for url in laid.refused)
        ]
        placed = merged_survey(final, layout)
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
    finish_pdf(job.path, Finish(front_pages=placed.front_pages, link_labels=labels, xmp=xmp_properties(report)))
    store.keep_only(final)
    return count


def shared_styles(sheets, fetcher) -> tuple:
    """The stylesheets and their fonts, loaded once in this process: every fork starts with them."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    from folio.pdf.write import capture_weasyprint_log

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


class Plan:
    """Which layout each part needs, given what is known; runs the pool until every part has the one it needs."""

    def __init__(self, parts: list[Part], targets: list[str], last: dict) -> None:
        self.parts = parts
        self.targets = targets
        self.last = last
        self.done: dict[tuple[int, Spec], Laid] = {}
        self.final: dict[int, Laid] = {}
        self.specs: dict[int, Spec] = {}
        self.kept: frozenset[str] = frozenset()
        self.near: frozenset[int] = frozenset()
        self.relevant: dict[tuple[int, frozenset[str]], frozenset[str]] = {}
        self.current: dict[tuple[int, frozenset[str]], Laid] = {}
        """Each part's latest layout with the kept words it holds: what the other parts' specs are read from."""
        self.home = {ident: part.index for part in reversed(parts) for ident in part.ids}
        self.first_link = [sum(len(earlier.links) for earlier in parts[: part.index]) for part in parts]

    def kept_in(self, part: Part) -> frozenset[str]:
        key = (part.index, self.kept)
        if key not in self.relevant:
            self.relevant[key] = relevant(self.kept, part.text)
        return self.relevant[key]

    def known(self, part: Part) -> Laid | None:
        """The latest layout of ``part`` with the current kept words: the others' specs are read off its pages and anchors."""
        return self.current.get((part.index, self.kept_in(part)))

    def record(self, index: int, spec: Spec, laid: Laid) -> None:
        self.done[(index, spec)] = laid
        self.current[(index, spec.kept)] = laid

    def place(self, target: str, layout: list[tuple[int, bool]]) -> str | None:
        """The page a cross-reference to ``target`` prints: front matter in roman, the body from its part's start."""
        from folio.pdf.labels import roman

        home = self.home.get(target)
        if home is None:
            return None
        laid = self.known(self.parts[home]) or next((laid for (index, _), laid in reversed(self.done.items()) if index == home), None)
        if laid is not None and target in laid.places:
            local = laid.places[target]
        elif isinstance(self.last.get("pages"), dict) and target in self.last["pages"]:
            return self.last["pages"][target]
        else:
            local = 0  # not laid out yet: its part's first page, a guess
        return roman(local + 1) if home == 0 else str(layout[home][0] + local)

    def paged(self, part: Part, layout: list[tuple[int, bool]]) -> tuple[frozenset[int], tuple[tuple[str, str], ...]]:
        """The part's cross-references on their target's spread (by order in the part), and the pages of those to other parts."""
        first = self.first_link[part.index]
        near = frozenset(order - first for order in self.near if first <= order < first + len(part.links))
        pages: dict[str, str] = {}
        for order, target in enumerate(part.links):
            if order in near or self.home.get(target, part.index) == part.index or target in pages:
                continue
            text = self.place(target, layout)
            if text is not None:
                pages[target] = text
        return near, tuple(sorted(pages.items()))

    def sharing(self, final: list[Laid], layout: list[tuple[int, bool]]) -> frozenset[int]:
        """Which paged cross-references (by order in the book) sit on their target's spread in the joined PDF."""
        links: list[tuple[str, int | None]] = []
        targets: dict[str, int] = {}
        for laid, at in zip(final, offsets(final, layout), strict=True):
            links += [(target, None if page is None else at + page) for target, page in laid.paged]
            for ident, page in laid.places.items():
                targets.setdefault(ident, at + page)
        return sharing_spreads(links, targets)

    def pages(self, part: Part) -> tuple[int, bool]:
        """The part's page count and whether it is known (not a guess)."""
        laid = self.known(part)
        if laid is not None:
            return laid.pages, True
        earlier = [laid for (index, _), laid in self.done.items() if index == part.index]
        if earlier:  # with other kept words: they seldom change a part's length
            return earlier[-1].pages, False
        counts = self.last.get("counts", {})
        if part.key in counts:
            return counts[part.key], False
        laid_out = {index: laid.pages for (index, _), laid in self.done.items() if index > 0}
        letters = sum(len(self.parts[index].text) for index in laid_out)
        per_page = letters / sum(laid_out.values()) if laid_out else CHARACTERS_PER_PAGE
        return max(1, round(len(part.text) / per_page)), False

    def opens(self) -> str:
        sides = [laid.opens for (index, _), laid in self.done.items() if index > 0]
        return sides[0] if sides else "auto"

    def starts(self) -> tuple[list[tuple[int, bool]], bool]:
        """Each part's first page number in the body (front: its global index) and whether a blank page goes before it."""
        opens = self.opens()
        front, _ = self.pages(self.parts[0])
        layout = [(0, False)]
        number, certain = 1, True
        gap = opens in ("right", "recto") and front % 2 == 1
        for part in self.parts[1:]:
            if len(layout) > 1:
                gap = (opens in ("right", "recto") and number % 2 == 0) or (opens in ("left", "verso") and number % 2 == 1)
                number += gap
            layout.append((number, gap))
            count, known = self.pages(part)
            certain = certain and known
            number += count
        return layout, certain

    def toc(self, final: list[Laid] | None = None) -> dict[str, str] | None:
        """The contents' page numbers: from the laid-out parts, else the last build's, else ``None`` (wait)."""
        layout, certain = self.starts()
        where: dict[str, str] = {}
        for part, (start, _) in zip(self.parts[1:], layout[1:], strict=True):
            laid = self.known(part)
            if laid is None:
                break
            for target in self.targets:
                if target in laid.anchors:
                    where[target] = str(start + laid.anchors[target])
        else:
            if certain:
                # a target in the front matter itself is left to target-counter: it is in the front part's own layout
                return {target: where[target] for target in self.targets if target in where}
        last = self.last.get("toc")
        return dict(last) if isinstance(last, dict) else None

    def spec(self, part: Part, layout: list[tuple[int, bool]]) -> Spec | None:
        kept = self.kept_in(part)
        near, pages = self.paged(part, layout)
        if part.index == 0:
            toc = self.toc()
            return None if toc is None else Spec(kept, None, tuple(sorted(toc.items())), near, pages)
        return Spec(kept, None if part.index == 1 else layout[part.index][0], None, near, pages)

    def run(self, kept: frozenset[str], near: frozenset[int], forks: Forks, store: Store, task: Callable[[int, Spec], Laid]) -> None:
        """Lay out until every part has a layout with the spec the others' layouts call for."""
        self.kept, self.near = kept, near
        running: set[tuple[int, Spec]] = set()
        switches = 0
        while True:
            layout, _ = self.starts()
            wanted = {part.index: self.spec(part, layout) for part in self.parts}
            pending = [
                (part, wanted[part.index])
                for part in self.parts[1:] + self.parts[:1]
                if wanted[part.index] is not None
                and (part.index, wanted[part.index]) not in self.done
                and (part.index, wanted[part.index]) not in running
            ]
            stored = False
            for part, spec in pending:
                if (laid := store.get(part, spec)) is not None:
                    self.record(part.index, spec, laid)
                    stored = True
                    break  # what is known changed: look again
                if not forks.free:
                    break
                running.add((part.index, spec))
                forks.start((part, spec), task, part.index, spec)
            if stored:
                continue
            if not running:
                if all(spec is not None and (index, spec) in self.done for index, spec in wanted.items()):
                    # Each part's specs were read off the others' latest layouts; where a part's wanted
                    # layout is an earlier one (it came back to a spec laid out before), read them off it.
                    stale = [index for index, spec in wanted.items() if self.current[(index, spec.kept)] is not self.done[(index, spec)]]
                    if stale and switches < 2 * len(self.parts):
                        switches += 1
                        for index in stale:
                            self.current[(index, wanted[index].kept)] = self.done[(index, wanted[index])]
                        continue
                    self.final = {index: self.done[(index, spec)] for index, spec in wanted.items()}
                    self.specs = dict(wanted)
                    return
                raise RuntimeError("the parts' layouts do not settle")  # every wanted spec is laid out or waits on one running
            (part, spec), laid = forks.next()
            running.discard((part.index, spec))
            self.record(part.index, spec, store.put(part, spec, laid))

    def layout(self, final: list[Laid]) -> list[tuple[int, bool]]:
        return self.starts()[0]


def lay_part(source, job, setup: dict, folder: Path, index: int, spec: Spec) -> Laid:
    """Lay a part out, from the parsed edition this fork holds (or, without forks, parsed again: pruning changes it)."""
    from weasyprint import HTML

    if source is None:
        source = HTML(string=job.html, base_url=str(job.report.root) + "/", url_fetcher=setup["fetcher"])
    # Named by part and spec (a pair is laid out once a build): each fork writes a file of its own.
    name = hashlib.sha256(repr(spec).encode("utf-8")).hexdigest()[:16]
    return lay_out(source, index, spec, setup, folder / f"{index}-{name}.pdf")


def blank_page(root, job, setup: dict, folder: Path) -> Path:
    """A PDF whose page 1 is blank, in the edition's page size and marks, for the blank versos between parts."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from folio.pdf.write import PDF_VARIANT, capture_weasyprint_log, make_fetcher

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
