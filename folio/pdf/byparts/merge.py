"""What was read off each part's layout, as one document: the survey and the EPUB's page map."""

from __future__ import annotations

from dataclasses import replace

from folio.assemble.pagestarts import PageMap, PageStart
from folio.pdf.byparts.parts import Laid
from folio.pdf.layout.checks import Survey


def merged_survey(final: list[Laid], layout: list[tuple[int, bool]]) -> Survey:
    """The parts' surveys as one: pages counted in the joined PDF, items numbered through the book."""
    items = []
    numbers: dict[tuple[str, str], int] = {}
    for laid, offset in zip(final, offsets(final, layout), strict=True):
        for item in laid.items:
            key = (item.source, item.kind)
            numbers[key] = numbers.get(key, 0) + 1
            call = None if item.call_page is None else item.call_page + offset
            items.append(replace(item, number=numbers[key], pages=tuple(page + offset for page in item.pages), call_page=call))
    starts = offsets(final, layout)
    return Survey(items=tuple(items), front_pages=starts[1], page_count=starts[-1] + final[-1].pages)


def offsets(final: list[Laid], layout: list[tuple[int, bool]]) -> list[int]:
    """Each part's first page's index in the joined PDF."""
    found, at = [], 0
    for laid, (_, gap) in zip(final, layout, strict=True):
        at += gap
        found.append(at)
        at += laid.pages
    return found


def merged_page_map(final: list[Laid], layout: list[tuple[int, bool]]) -> PageMap | None:
    """The EPUB's page map of the joined PDF, from the parts' maps, labelled as one document."""
    from folio.pdf.layout.labels import page_labels

    if any(laid.page_map is None for laid in final):
        return None
    pages: list[PageStart] = []
    for laid, (_, gap) in zip(final, layout, strict=True):
        if gap:
            pages.append(PageStart(label="", part=None))
        pages += list(laid.page_map.pages)
    labels = page_labels(len(pages), offsets(final, layout)[1])
    return PageMap(
        pages=tuple(replace(page, label=label) for page, label in zip(pages, labels, strict=True)), cover_pdf=final[0].page_map.cover_pdf
    )
