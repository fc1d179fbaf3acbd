"""WeasyPrint's layout as folio reads it: the one module that touches WeasyPrint's internals.

folio reads the laid-out document back (what reached which page, where each
page begins, which lines end in a hyphen), and WeasyPrint has no public API
for its box tree: pages keep it in ``_page_box``, boxes carry ``element``,
``element_tag`` and ``children``, lines and text are classes of
``weasyprint.formatting_structure.boxes``.  All of that is used here and
nowhere else, so a WeasyPrint upgrade that moves any of it breaks this file
only; ``tests/pdf/test_weasy.py`` holds one test per internal used here, run on a
real layout, each saying what changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

Box = Any
"""A box of WeasyPrint's layout (``weasyprint.formatting_structure.boxes.Box``)."""


def page_box(page) -> Box:
    """The root box of a laid-out page (``Page._page_box``)."""
    return page._page_box


def children(box: Box) -> tuple | list:
    """The boxes inside ``box``; none for a text box."""
    return getattr(box, "children", None) or ()


def boxes(box: Box) -> Iterator[Box]:
    """Every box under ``box`` (itself first), depth first, in document order."""
    stack = [box]
    while stack:
        current = stack.pop()
        yield current
        inside = children(current)
        if inside:
            stack.extend(reversed(inside))


def page_boxes(page) -> Iterator[Box]:
    """Every box of a laid-out page, margin boxes included, in document order."""
    return boxes(page_box(page))


def element_of(box: Box):
    """The HTML element (an ElementTree element) a box was made for; ``None`` for anonymous boxes."""
    return getattr(box, "element", None)


def element_tag(box: Box) -> str:
    """The box's tag: the element's (``p``), or with a pseudo-element (``span::footnote-call``); ``""`` when none."""
    return getattr(box, "element_tag", None) or ""


def is_pseudo(box: Box) -> bool:
    """Whether the box is generated content (``::before``, ``::marker``, a footnote call or area …)."""
    return "::" in element_tag(box)


def is_footnote_call(box: Box) -> bool:
    """Whether the box is the call (the superscript number) of a ``float: footnote`` element."""
    return element_tag(box).endswith("::footnote-call")


def html_boxes(page) -> list[Box]:
    """The page's boxes of the ``<html>`` element: its main flow (margin boxes left out)."""
    return [child for child in children(page_box(page)) if element_tag(child) == "html"]


def root_element(document):
    """The laid-out document's ``<html>`` element, or ``None`` when it has no pages."""
    if not document.pages:
        return None
    return children(page_box(document.pages[0]))[0].element


def line_boxes(box: Box) -> list[Box]:
    """The line boxes directly inside ``box`` (a paragraph's lines on this page), in order."""
    from weasyprint.formatting_structure.boxes import LineBox

    return [line for line in children(box) if isinstance(line, LineBox)]


def text_of(box: Box) -> str:
    """All the text set in ``box``'s text boxes."""
    from weasyprint.formatting_structure.boxes import TextBox

    return "".join(inner.text for inner in boxes(box) if isinstance(inner, TextBox))


def line_end(line: Box) -> tuple[str, str]:
    """The last text a line sets (its trailing spaces stripped) and the tag of its text box (``code``, ``p`` …); ``("", "")`` for none.

    Walks the line from its end: the last leaf is all the hyphenation rule reads, once per line made.
    """
    from weasyprint.formatting_structure.boxes import TextBox

    stack = [line]
    while stack:
        box = stack.pop()
        if isinstance(box, TextBox):
            text = box.text.rstrip()
            if text:
                return text, element_tag(box)
            continue
        stack.extend(children(box))
    return "", ""


def leaf_text(box: Box) -> str | None:
    """A leaf's text: a text box's text, ``""`` for a replaced box (an image); ``None`` for any other box."""
    from weasyprint.formatting_structure.boxes import ReplacedBox, TextBox

    if isinstance(box, TextBox):
        return box.text
    if isinstance(box, ReplacedBox):
        return ""
    return None


def placed(box: Box) -> Box:
    """The box itself, or for an absolutely positioned one the box its ``AbsolutePlaceholder`` holds (``_box``)."""
    from weasyprint.layout.absolute import AbsolutePlaceholder

    return box._box if isinstance(box, AbsolutePlaceholder) else box


def raster_size(box: Box) -> tuple[int, int] | None:
    """An image's pixels (``box.replacement``, a ``RasterImage``); ``None`` for a vector image or any other box."""
    from weasyprint.formatting_structure.boxes import ReplacedBox
    from weasyprint.images import RasterImage

    box = placed(box)
    if isinstance(box, ReplacedBox) and isinstance(box.replacement, RasterImage):
        return box.replacement.width, box.replacement.height
    return None


def content_size(box: Box) -> tuple[float, float]:
    """The width and height a box is set at, in CSS pixels (1/96 in): for an image, its printed size."""
    box = placed(box)
    return box.width, box.height


def is_header_or_footer_rows(box: Box) -> bool:
    """Whether the box is a table's ``<thead>`` or ``<tfoot>`` row group (repeated on each page the table spans)."""
    from weasyprint.formatting_structure.boxes import TableRowGroupBox

    return isinstance(box, TableRowGroupBox) and bool(box.is_header or box.is_footer)


def html_tree(source):
    """The parsed tree of a ``weasyprint.HTML`` before layout, to be changed in place (``HTML.etree_element``)."""
    return source.etree_element


def html_from_tree(root, base_url: str, url_fetcher):
    """A ``weasyprint.HTML`` for an already parsed tree (``HTML`` itself only parses text): its wrapper, base URL and fetcher."""
    import cssselect2
    from weasyprint import HTML

    source = HTML.__new__(HTML)
    source.base_url = base_url
    source.url_fetcher = url_fetcher
    source.media_type = "print"
    source.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
    source.etree_element = source.wrapper_element.etree_element
    return source


def break_before(document, element) -> str:
    """The computed ``break-before`` of ``element``'s first box (``right`` for a part that opens on a right-hand page)."""
    for page in document.pages[:1]:
        for box in page_boxes(page):
            if element_of(box) is element and getattr(box, "style", None) is not None:
                return str(box.style["break_before"])
    return "auto"


def page_bookmarks(document) -> list[tuple[list, float]]:
    """Each page's bookmarks (``Page.bookmarks``) and height, as plain data for :func:`bookmark_tree`."""
    return [([tuple(mark) for mark in page.bookmarks], page.height) for page in document.pages]


def bookmark_tree(pages: list[tuple[list, float]], scale: float = 0.75) -> list:
    """The outline WeasyPrint would make of these pages laid out as one document (``Document.make_bookmark_tree``).

    ``scale`` is WeasyPrint's CSS pixels to PDF points at zoom 1; positions come out in PDF space.
    """
    from types import SimpleNamespace

    from weasyprint.document import Document

    document = SimpleNamespace(pages=[SimpleNamespace(bookmarks=marks, height=height) for marks, height in pages])
    return Document.make_bookmark_tree(document, scale, transform_pages=True)
