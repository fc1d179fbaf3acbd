"""Where each page of the screen PDF begins, read from WeasyPrint's layout.

The EPUB carries a page list so that a citation by page number works in both
editions.  This module reads the laid-out PDF (never the source) and, for
every page, records where its main-flow text begins: in which top-level part,
which elements begin with the page, the first letters of the page and how
many letters of the part came before it.  :mod:`folio.epub.pages` finds the
same place in the EPUB's text.

"Letters" are the alphanumeric characters (``str.isalnum``), casefolded:
counting only them makes the two editions comparable although they differ in
punctuation, hyphenation, ``text-transform`` and whitespace.  Text that only
the page shows is left out: running heads and folios (margin boxes), footnote
bodies (the page foot), generated content (list markers, footnote calls,
``::before``/``::after``), table header rows repeated on a later page, and
anything marked ``aria-hidden``.

The result is plain data (:class:`folio.assemble.pagestarts.PageMap`): it can
be cached, or sent to the process that writes the EPUB.
"""

from __future__ import annotations

from folio.assemble.pagestarts import NEEDLE, PageMap, PageStart, letters
from folio.pdf.layout.labels import front_pages, page_labels
from folio.pdf.weasy import children, element_of, html_boxes, is_header_or_footer_rows, is_pseudo, leaf_text, page_boxes


def page_map(document, *, parts: tuple[str, ...], cover: bool = True) -> PageMap:
    """Read where each page of a laid-out WeasyPrint ``document`` begins.

    ``parts`` are the ids of the top-level parts (:func:`part_ids`); ``cover``:
    also paint the first page on its own, for the EPUB's cover.  Plain
    data comes back, so this can run in the PDF process as its layout summary.
    """
    if isinstance(document, PageMap):  # a document laid out by parts comes already mapped (folio.pdf.byparts.pool)
        return document
    labels = page_labels(len(document.pages), front_pages(document))
    known = frozenset(parts)
    seen: set[int] = set()
    """Elements (by ``id()``) already laid out on an earlier page."""
    counts: dict[str, int] = {}
    pages = []
    for label, page in zip(labels, document.pages, strict=False):
        leaves = list(main_flow(page, seen))
        pages.append(page_start(label, leaves, known, seen, counts))
        for chain, text in leaves:
            part = part_of(chain, known)
            if part is not None:
                counts[part] = counts.get(part, 0) + len(letters(text))
        for box in page_boxes(page):
            if (held := element_of(box)) is not None:
                seen.add(id(held))
    cover_pdf = document.copy(document.pages[:1]).write_pdf() if document.pages and cover else b""
    return PageMap(pages=tuple(pages), cover_pdf=cover_pdf)


def page_start(label: str, leaves: list, known: frozenset[str], seen: set[int], counts: dict[str, int]) -> PageStart:
    if not leaves:
        return PageStart(label=label, part=None)
    chain, _ = leaves[0]
    part = part_of(chain, known)
    if part is None:
        return PageStart(label=label, part=None)
    starts = tuple(dict.fromkeys(e.get("id") for e in chain if e.get("id") and id(e) not in seen))
    text = ""
    for other_chain, other_text in leaves:
        if part_of(other_chain, known) != part:
            break
        text += letters(other_text)
        if len(text) >= NEEDLE:
            break
    return PageStart(label=label, part=part, starts=starts, text=text[:NEEDLE], offset=counts.get(part, 0))


def part_of(chain: tuple, known: frozenset[str]) -> str | None:
    """The outermost element of ``chain`` that is a top-level part."""
    for element in chain:
        if element.get("id") in known:
            return element.get("id")
    return None


def main_flow(page, seen: set[int]):
    """``(element chain, text)`` of each leaf of a page's main flow, in reading order.

    The chain lists the leaf's elements from the root down.  A leaf is a text
    box or a replaced box (an image, text ``""``).
    """
    stack: list[tuple[object, tuple]] = [(root, ()) for root in reversed(html_boxes(page))]
    while stack:
        box, chain = stack.pop()
        if is_pseudo(box):
            continue
        held = element_of(box)
        if held is not None and (not chain or chain[-1] is not held):
            if held.get("aria-hidden") == "true" or "footnote" in (held.get("class") or "").split():
                continue
            chain = (*chain, held)
        if is_header_or_footer_rows(box) and id(held) in seen:
            continue
        text = leaf_text(box)
        if text is not None:
            yield chain, text
        else:
            stack.extend((child, chain) for child in reversed(children(box)))
