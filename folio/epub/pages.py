"""Page-break markers in the EPUB where each page of the screen PDF begins.

The page map (:mod:`folio.assemble.pagestarts`, read by :mod:`folio.pdf.layout.pagemap`) says,
for every PDF page, in which part it begins, which elements begin with it, its first letters and how many letters of the part
came before.  Here each EPUB content document's text is read in the same
way (letters only, footnote bodies and note references left out) and every
page gets a marker, ``<span epub:type="pagebreak" role="doc-pagebreak"
id="folio-page-N" aria-label="N"/>``, placed:

1. before the first element that begins with the page and exists in the EPUB
   too (a part, a section, a profile), which puts the page of a part's
   opening at the start of the part's file;
2. otherwise at the page's first letters, found in the part's text at the
   occurrence nearest to the letter count the PDF gives, and moved back to
   the start of the word, so a word hyphenated across two pages is marked
   whole on the page it begins on;
3. a page with no text of its own (a blank verso) shares the next page's place.

Markers never go inside a heading (it would join the heading's name) or
where a ``span`` may not stand (directly in a list, table or ``dl``).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from folio.assemble.pagestarts import PageMap, PageStart
from folio.epub.package import EPUB_TYPE, Book, local, q

HOISTABLE = frozenset(
    {
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "span",
        "a",
        "em",
        "strong",
        "i",
        "b",
        "cite",
        "q",
        "small",
        "sub",
        "sup",
        "abbr",
        "code",
        "dfn",
        "mark",
        "s",
        "u",
        "time",
        "bdi",
        "bdo",
        "var",
        "kbd",
        "samp",
    }
)
"""Elements a marker at their very start is moved out of, to stand before them."""
NO_SPAN = frozenset({"ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "colgroup", "hgroup", "select", "optgroup", "menu"})
"""Elements that may not hold a ``span`` as a child."""
SKIPPED_TYPES = frozenset({"footnotes", "footnote", "endnotes", "noteref", "pagebreak"})
BREAKS = "-\u2010\u2011\u2013\u2014/"
"""Characters a line may break after inside a word."""


@dataclass(frozen=True, slots=True)
class Point:
    """A place in a document: in ``element``'s text or tail at ``index``, or just before ``element``."""

    kind: str
    """``text``, ``tail`` or ``before``."""
    element: etree._Element
    index: int = 0


@dataclass(frozen=True, slots=True)
class Placed:
    """Where one page's marker went."""

    label: str
    path: str
    """The zip path of the document holding the marker."""
    anchor: str
    how: str
    """``element``, ``text``, ``estimate`` (text not found: placed by letter count) or ``blank``."""


class Letters:
    """A document's main text as letters, each tied to where it stands."""

    def __init__(self, root: etree._Element) -> None:
        self.text: list[str] = []
        self.where: list[tuple[etree._Element, str, int]] = []
        self.start: dict[etree._Element, int] = {}
        """Letters before each element."""
        self.ids: dict[str, etree._Element] = {}
        body = root.find(q("body"))
        self._walk(body if body is not None else root)
        self.string = "".join(self.text)

    def _walk(self, element: etree._Element) -> None:
        self.start[element] = len(self.text)
        if element.get("id"):
            self.ids.setdefault(element.get("id"), element)
        self._add(element, "text", element.text)
        for child in element:
            if isinstance(child.tag, str) and not skipped(child):
                self._walk(child)
            self._add(child, "tail", child.tail)

    def _add(self, element: etree._Element, kind: str, text: str | None) -> None:
        for index, char in enumerate(text or ""):
            if char.isalnum():
                for folded in char.casefold():
                    self.text.append(folded)
                    self.where.append((element, kind, index))

    def find(self, needle: str, expected: int, after: int) -> int | None:
        """The occurrence of ``needle`` at or after ``after`` nearest to ``expected``."""
        best = None
        start = self.string.find(needle, after) if needle else -1
        while start != -1:
            if best is None or abs(start - expected) < abs(best - expected):
                best = start
            if start > expected:
                break
            start = self.string.find(needle, start + 1)
        return best

    def point(self, position: int) -> Point:
        """The place of the letter at ``position``, moved back to the start of its word."""
        if position >= len(self.where):
            element, kind, index = self.where[-1]
            return Point(kind, element, index + 1)
        element, kind, index = self.where[position]
        text = (element.text if kind == "text" else element.tail) or ""
        while index > 0 and not text[index - 1].isspace() and text[index - 1] not in BREAKS:
            index -= 1
        return Point(kind, element, index)


def skipped(element: etree._Element) -> bool:
    """Elements whose text is not main text: notes, note references, markers, maths, pictures."""
    if element.get("aria-hidden") == "true" or local(element) in ("math", "svg"):
        return True
    return bool(SKIPPED_TYPES.intersection((element.get(EPUB_TYPE) or "").split()))


def hoist(point: Point) -> Point:
    """Move a point that stands at the very start of a heading or inline element to before it."""
    if point.kind == "tail":
        return point
    if point.kind == "text":
        if (point.element.text or "")[: point.index].strip() or not can_leave(point.element):
            return point
        point = Point("before", point.element)
    while True:
        element = point.element
        parent = element.getparent()
        if parent is None or parent.index(element) != 0 or (parent.text or "").strip() or not can_leave(parent):
            return point
        point = Point("before", parent)


def can_leave(element: etree._Element) -> bool:
    parent = element.getparent()
    return local(element) in HOISTABLE and parent is not None and local(parent) not in NO_SPAN


def element_point(element: etree._Element) -> Point:
    """The place at the start of ``element``: before it where a span may not go in.

    A navigation document's ``nav`` holds only a heading and a list.
    """
    if local(element) in NO_SPAN or local(element) == "nav":
        return hoist(Point("before", element))
    return hoist(Point("text", element, 0))


def place_page_breaks(book: Book, pages: PageMap, anchors: dict[str, tuple[str, etree._Element]], marker) -> list[Placed]:
    """Insert a marker for every page; ``marker(page)`` makes the marker element.

    ``anchors`` maps a part id to its document and the element the part begins
    with (``cover`` and ``contents`` included: the cover page and the nav).
    """
    letters_of: dict[str, Letters] = {}
    last: dict[str, int] = {}
    resolved: list[tuple[PageStart, str, Point, str] | None] = []
    for page in pages.pages:
        if page.part is None or page.part not in anchors:
            resolved.append(None)
            continue
        path, part_element = anchors[page.part]
        if path not in letters_of:
            letters_of[path] = Letters(book.tree(path).getroot())
        text = letters_of[path]
        floor = last.get(path, 0)
        found = locate(page, part_element, text, floor)
        if found is None:
            resolved.append(None)
            continue
        position, point, how = found
        last[path] = max(floor, position)
        resolved.append((page, path, point, how))
    # A page with nothing of its own shares the place of the next page that has one.
    placed: list[Placed] = []
    runs: dict[tuple[str, Point], list[PageStart]] = {}
    order: list[tuple[str, Point]] = []
    waiting: list[PageStart] = []
    for page, entry in zip(pages.pages, resolved, strict=False):
        if entry is None:
            waiting.append(page)
            continue
        _, path, point, how = entry
        key = (path, point)
        if key not in runs:
            runs[key] = []
            order.append(key)
        for blank in waiting:
            runs[key].append(blank)
            placed.append(Placed(blank.label, path, blank.anchor, "blank"))
        waiting = []
        runs[key].append(page)
        placed.append(Placed(page.label, path, page.anchor, how))
    if waiting and order:
        key = order[-1]
        runs[key].extend(waiting)
        placed += [Placed(blank.label, key[0], blank.anchor, "blank") for blank in waiting]
    for key in reversed(order):
        insert(key[1], [marker(page) for page in runs[key]])
    return placed


def locate(page: PageStart, part_element: etree._Element, text: Letters, floor: int) -> tuple[int, Point, str] | None:
    """``(letter position, point, how)`` for one page, or ``None``."""
    for ident in page.starts:
        element = text.ids.get(ident)
        if element is not None and text.start.get(element, 0) >= floor:
            return text.start.get(element, 0), element_point(element), "element"
    # A page of the contents maps to the EPUB's contents as a whole: a marker may
    # not stand inside the navigation document's list.
    if page.part in page.starts or local(part_element) == "nav":
        position = text.start.get(part_element, 0)
        if position >= floor:
            return position, element_point(part_element), "element"
    expected = text.start.get(part_element, 0) + page.offset
    for size in (len(page.text), 24, 12):
        position = text.find(page.text[:size], expected, floor)
        if position is not None:
            return position, hoist(text.point(position)), "text"
    if not text.where:
        return None
    position = min(max(expected, floor), len(text.where) - 1)
    return position, hoist(text.point(position)), "estimate"


def insert(point: Point, markers: list[etree._Element]) -> None:
    """Insert ``markers`` (in order) at ``point``."""
    element = point.element
    if point.kind == "before":
        parent = element.getparent()
        at = parent.index(element)
        for offset, marker in enumerate(markers):
            parent.insert(at + offset, marker)
        return
    if point.kind == "text":
        rest = (element.text or "")[point.index :]
        element.text = (element.text or "")[: point.index] or None
        for offset, marker in enumerate(markers):
            element.insert(offset, marker)
    else:
        rest = (element.tail or "")[point.index :]
        element.tail = (element.tail or "")[: point.index] or None
        parent = element.getparent()
        at = parent.index(element) + 1
        for offset, marker in enumerate(markers):
            parent.insert(at + offset, marker)
    markers[-1].tail = rest or None
