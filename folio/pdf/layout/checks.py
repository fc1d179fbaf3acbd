"""What reached the pages: the PDF's layout read back and held against the sources.

WeasyPrint can lose a footnote body during layout without a word, and a float
or a note can land on a later page than the text that calls it.  After layout
and before painting, :func:`survey` walks the laid-out pages once and records,
for every footnote, figure, table and profile of the document, the pages where
it was placed; :func:`check_placed` compares that with what the Markdown
sources hold and names each item that went missing, so the build stops with a
message an author can act on.  The same survey gives the length of the front
matter (for the page labels) and typographic measures the tests read (notes
set on a later page than their call, characters per line).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from folio.errors import Problem
from folio.pdf.layout.labels import front_pages
from folio.pdf.weasy import element_of, element_tag, is_footnote_call, line_boxes, page_boxes, root_element, text_of


@dataclass(frozen=True, kw_only=True, slots=True)
class Expected:
    """What the sources hold, to be found again on the pages."""

    notes: int
    figures: int
    tables: int
    profiles: tuple[str, ...]
    sources: dict[str, str] = field(default_factory=dict)
    """Element id of each part, profile or intro → the file its text comes from."""
    texts: dict[str, tuple[int, str]] = field(default_factory=dict)
    """File → (line of its first text line, its Markdown), to find a lost item's line."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Item:
    """One footnote, figure, table or profile of the document and where it was placed."""

    kind: str
    source: str
    """The file it comes from (``report.yaml`` when no part claims it)."""
    number: int
    """Its position among the items of its kind in that file, from 1."""
    text: str
    """A few words that identify it: a note's opening, an image's alt text, a table's first header."""
    pages: tuple[int, ...]
    """Indexes (from 0) of the pages it was placed on; empty when it was lost."""
    call_page: int | None = None
    """For a footnote: the page of its call in the text."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Survey:
    """The laid-out document, read back."""

    items: tuple[Item, ...]
    front_pages: int
    """How many pages come before the body (``<main>``): they get roman page labels."""
    page_count: int

    def of_kind(self, kind: str) -> list[Item]:
        return [item for item in self.items if item.kind == kind]


# -- walking the layout -----------------------------------------------------------------------


def classes(element) -> list[str]:
    return (element.get("class") or "").split()


def kind_of(element) -> str | None:
    """Which kind of counted item an HTML element is (key figures and the glance table are furniture)."""
    tag = element.tag
    names = classes(element)
    if tag == "span" and "footnote" in names:
        return "note"
    if tag == "figure" and "key-figure" not in names:
        return "figure"
    if tag == "table" and "glance-table" not in names:
        return "table"
    if tag == "article" and "profile" in names:
        return "profile"
    return None


def survey(document, expected: Expected) -> Survey:
    """Where every footnote, figure, table and profile of ``document`` was placed."""
    pages: dict[int, set[int]] = {}
    calls: dict[int, int] = {}
    for number, page in enumerate(document.pages):
        for box in page_boxes(page):
            held = element_of(box)
            if held is None:
                continue
            if is_footnote_call(box):
                calls.setdefault(id(held), number)
            elif kind_of(held) is not None:
                pages.setdefault(id(held), set()).add(number)
    root = root_element(document)
    items = []
    for element, owner, index in counted_elements(root, expected.sources):
        kind = kind_of(element)
        items.append(
            Item(
                kind=kind,
                source=owner,
                number=index,
                text=identify(element),
                pages=tuple(sorted(pages.get(id(element), ()))),
                call_page=calls.get(id(element)) if kind == "note" else None,
            )
        )
    return Survey(items=tuple(items), front_pages=front_pages(document), page_count=len(document.pages))


def counted_elements(root, sources: dict[str, str]) -> Iterator[tuple[object, str, int]]:
    """Each counted element of the HTML tree with the file it comes from and its number there."""
    if root is None:
        return
    numbers: dict[tuple[str, str], int] = {}

    def walk(element, owner: str) -> Iterator[tuple[object, str, int]]:
        owner = sources.get(element.get("id") or "", owner)
        kind = kind_of(element)
        if kind is not None:
            key = (owner, kind)
            numbers[key] = numbers.get(key, 0) + 1
            yield element, owner, numbers[key]
            if kind == "note":
                return
        for child in element:
            if isinstance(child.tag, str):
                yield from walk(child, owner)

    yield from walk(root, "report.yaml")


def identify(element) -> str:
    """A few words that let an author find the item in the source."""
    if element.tag == "figure":
        for image in element.iter("img"):
            if image.get("alt"):
                return shorten(image.get("alt"))
    if element.tag == "table":
        for cell in element.iter("th"):
            return shorten(" ".join(cell.itertext()))
    if element.tag == "article":
        return element.get("id") or ""
    return shorten(" ".join(element.itertext()))


def shorten(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


# -- checks -------------------------------------------------------------------------------------


def check_placed(found: Survey, expected: Expected) -> list[Problem]:
    """Every counted item must be in the layout, as many as the sources hold; name each one lost."""
    problems: list[Problem] = []
    names = {"note": "footnote", "figure": "figure", "table": "table", "profile": "profile"}
    for item in found.items:
        if not item.pages:
            what = names[item.kind]
            problems.append(
                Problem(
                    item.source,
                    line_of(item, expected),
                    f"{what} {item.number} ({quote_words(item.text)}) is missing from the PDF: WeasyPrint dropped it during layout; "
                    "the build stopped rather than publish without it (a change of page layout in styles/ usually brings it back)",
                )
            )
    wanted = {"note": expected.notes, "figure": expected.figures, "table": expected.tables, "profile": len(expected.profiles)}
    for kind, count in wanted.items():
        in_document = len(found.of_kind(kind))
        if in_document != count:
            problems.append(
                Problem(
                    "report.yaml",
                    None,
                    f"the sources hold {count} {names[kind]}s but the PDF's document has {in_document}; the templates lost or added some",
                )
            )
    return problems


def quote_words(text: str) -> str:
    return f"“{text}”" if text else "no text"


def line_of(item: Item, expected: Expected) -> int | None:
    """The line of the source where the item's opening words are, when they can be found."""
    start, text = expected.texts.get(item.source, (0, ""))
    words = re.findall(r"\w+", item.text)[:3]
    if not text or not words:
        return None
    match = re.search(r"\W+".join(map(re.escape, words)), text)
    return start + text.count("\n", 0, match.start()) if match else None


# -- typographic measures ----------------------------------------------------------------------


def notes_set_late(found: Survey) -> list[Item]:
    """Footnotes whose body is on a later page than their call."""
    return [item for item in found.of_kind("note") if item.pages and item.call_page is not None and min(item.pages) != item.call_page]


def line_lengths(document, selector=lambda element: element.tag == "p") -> list[int]:
    """Characters per full line of the paragraphs ``selector`` accepts (last lines left out)."""
    lengths = []
    for page in document.pages:
        for box in page_boxes(page):
            held = element_of(box)
            if held is None or not selector(held) or element_tag(box) != held.tag:
                continue
            lengths += [len(text_of(line)) for line in line_boxes(box)[:-1]]
    return lengths


# -- link descriptions ---------------------------------------------------------------------------


def link_labels(document) -> dict[str, str]:
    """Each link target's id → what a link to it leads to: its heading, or its first words."""
    root = root_element(document)
    return {} if root is None else labels_of_tree(root)


def labels_of_tree(root) -> dict[str, str]:
    """:func:`link_labels` of a parsed HTML tree (the whole document, before it is cut into parts)."""
    targets = {link.get("href")[1:] for link in root.iter("a") if (link.get("href") or "").startswith("#")}
    labels = {}
    for element in root.iter():
        ident = element.get("id") if isinstance(element.tag, str) else None
        if ident not in targets:
            continue
        heading = element if element.tag in HEADINGS else next((e for e in element.iter() if e.tag in HEADINGS), None)
        text = " ".join((heading if heading is not None else element).itertext())
        labels[ident] = shorten(text, 14)
    return labels


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
