"""A cross-reference's page, printed only where the reader has to turn to it.

With ``crossref: {page: true}`` a cross-reference in the PDF reads "Figure 2,
page 7" (print.css, ``target-counter``).  Where the figure is on the same
spread as the reference, the page is noise: after a layout, every such
reference is found and marked ``same-spread`` (print.css then prints no
page), and the document is laid out again, as for hyphenation
(:mod:`folio.pdf.write`).
"""

from __future__ import annotations

from folio.pdf.weasy import element_of, page_boxes

PAGED = "data-page-before"
"""The attribute of a cross-reference that prints its page (:mod:`folio.markdown.links.numbers`)."""
SAME = "same-spread"


def spread(index: int) -> int:
    """The spread of the page at ``index``: the cover stands alone, then left and right pages pair up."""
    return (index + 1) // 2


def paged_links(root) -> list:
    """The cross-references that print a page, in document order."""
    body = root.find("body")
    return [] if body is None else [a for a in body.iter("a") if a.get(PAGED) is not None]


def same_spread(document) -> frozenset[int]:
    """Which paged cross-references (by their order) sit on the spread of their target."""
    return sharing_spreads(*placed_links(document))


def placed_links(document) -> tuple[list[tuple[str, int | None]], dict[str, int]]:
    """Each paged cross-reference's target and page (in order), and the page each id is first on.

    A document laid out by parts reads these off each part, counts the pages
    through the book and asks :func:`sharing_spreads` (:mod:`folio.pdf.byparts.pool`).
    """
    first_page: dict[int, int] = {}
    target_page: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for box in page_boxes(page):
            element = element_of(box)
            if element is None:
                continue
            first_page.setdefault(id(element), index)
            if element.get("id"):
                target_page.setdefault(element.get("id"), index)
    links = [element for element in iter_elements(document) if element.tag == "a" and element.get(PAGED) is not None]
    return [(target_of(link), first_page.get(id(link))) for link in links], target_page


def target_of(link) -> str:
    return (link.get("href") or "").removeprefix("#")


def sharing_spreads(links: list[tuple[str, int | None]], targets: dict[str, int]) -> frozenset[int]:
    """Which of ``links`` (target, page) sit on the spread of their target's page."""
    found: set[int] = set()
    for order, (target, where) in enumerate(links):
        page = targets.get(target)
        if where is not None and page is not None and spread(where) == spread(page):
            found.add(order)
    return frozenset(found)


def iter_elements(document):
    from folio.pdf.weasy import root_element

    root = root_element(document)
    return [] if root is None else root.iter()


def mark(root, near: frozenset[int]) -> None:
    """Mark the cross-references ``near`` (by order) as on their target's spread."""
    for order, link in enumerate(paged_links(root)):
        classes = [name for name in (link.get("class") or "").split() if name != SAME]
        link.set("class", " ".join([*classes, SAME] if order in near else classes))
