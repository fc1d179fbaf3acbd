"""Page labels: lower-case roman for the front matter, arabic from 1 for the body.

The body begins on the first page that holds ``<main>``.  This is the one
place that says so: the PDF's ``/PageLabels`` (:mod:`folio.pdf.finish.post`), the
labels of the EPUB's page list (:mod:`folio.pdf.layout.pagemap`) and the count of
front pages read off the layout all come from here, so they cannot disagree.
"""

from __future__ import annotations

from folio.pdf.weasy import element_tag, page_boxes

BODY_TAG = "main"

LABEL_RANGES = (("r", None), ("D", 1))
"""The front matter's style and the body's, in the PDF's names (``r`` lower-case roman, ``D`` decimal)
with the number their first page gets when it is stated (``None``: 1, left to the reader)."""


def front_pages(document) -> int:
    """How many pages of a laid-out WeasyPrint ``document`` come before the body."""
    for number, page in enumerate(document.pages):
        if any(element_tag(box) == BODY_TAG for box in page_boxes(page)):
            return number
    return 0


def label_ranges(front: int) -> list[tuple[int, str, int | None]]:
    """``(first page index, style, first number)`` of each run of labels; no front run when there are no front pages."""
    (front_style, front_start), (body_style, body_start) = LABEL_RANGES
    return ([(0, front_style, front_start)] if front else []) + [(front, body_style, body_start)]


def page_labels(count: int, front: int) -> list[str]:
    """Each page's label: ``i``, ``ii`` … for the ``front`` pages, ``1``, ``2`` … after."""
    labels = []
    ranges = label_ranges(front)
    for number in range(count):
        first, style, start = next(r for r in reversed(ranges) if r[0] <= number)
        value = number - first + (start or 1)
        labels.append(roman(value) if style == "r" else str(value))
    return labels


def roman(number: int) -> str:
    out = []
    for value, numeral in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while number >= value:
            out.append(numeral)
            number -= value
    return "".join(out)
