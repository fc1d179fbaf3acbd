"""The edition cut into parts that WeasyPrint can lay out apart, and one part laid out.

Every part of the book opens on a new page (print.css), so the pages of one
part do not depend on the others: only these things cross a part's edge, and
each is handed to the part as plain data (:class:`Spec`): the number of its
first page (``counter-reset: page N`` on its first page), the page numbers
the contents shows (each ``.toc-entry`` gets them as ``data-page``; see
:data:`PART_CSS`), with ``crossref: {page: true}`` the pages of the
cross-references to other parts and which cross-references share a spread
with their target (:mod:`folio.pdf.layout.spreads`), and the words the hyphenation rule keeps whole
(:mod:`folio.pdf.layout.hyphens`), of which only those the part's text holds count.

The parts: the front matter (everything before ``<main>``: cover and
contents), then each ``main > section``; what follows ``<main>`` (the
colophon) goes with the last section, whose page it may share a spread with.
A part is laid out as a document of its own, made from the whole document's
parsed tree: its head, and the part's elements only; a body part after the
first keeps an empty, hidden first section, so ``main > section:first-child``
(the page counter's reset at the body's start) still means the body's first
section only.
"""

from __future__ import annotations

import gc
import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from folio.pdf.layout import spreads
from folio.pdf.layout.spreads import PAGED

PAGE_TO = "data-target-page"
"""A paged cross-reference's page when its target is in another part (:attr:`Spec.pages`)."""
PART_CSS = (
    ".toc-entry[data-page]::after { content: leader(dotted) ' ' attr(data-page); }"
    f"a[data-page-before][{PAGE_TO}]::after {{ content: attr(data-page-before) attr({PAGE_TO}) attr(data-page-after); }}"
)
"""The contents' page numbers, and the pages of cross-references to other parts, known before the part is laid out.

print.css has ``target-counter``, which finds only targets in the part's own layout; a
cross-reference on its target's spread (``a.xref.same-spread``) still prints no page.
"""
FRONT = "front"


@dataclass(frozen=True, slots=True)
class Part:
    """One part: its key (``front`` or the section's id) and where its elements are in ``<body>``."""

    key: str
    index: int
    """0 for the front matter, then 1, 2 … for the sections in order."""
    text: str
    """The part's text (to see which kept words it holds, and to estimate its length)."""
    digest: str
    """The part's HTML, hashed: a part unchanged since the last build is laid out the same."""
    links: tuple[str, ...] = ()
    """The targets of the part's cross-references that print a page, in order."""
    ids: frozenset[str] = frozenset()
    """The ids of the part's elements."""


@dataclass(frozen=True, slots=True)
class Spec:
    """What a part's layout depends on beyond its own HTML."""

    kept: frozenset[str] = frozenset()
    start: int | None = None
    """The page counter on the part's first page; ``None``: as the stylesheets have it."""
    toc: tuple[tuple[str, str], ...] | None = None
    """For the front matter: target id → the page number its contents entry shows."""
    near: frozenset[int] = frozenset()
    """The part's paged cross-references (by order in the part) on their target's spread: they print no page."""
    pages: tuple[tuple[str, str], ...] = ()
    """Target id in another part → the page its paged cross-references print."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Laid:
    """One part laid out and painted (to ``pdf``), read back as plain data."""

    pages: int
    words: frozenset[str]
    """Words the hyphenation rule would keep whole after this layout."""
    anchors: dict[str, int]
    """Element id → index of its page in the part."""
    bookmarks: list[tuple[list, float]]
    """Each page's bookmarks and height, for the one outline of the joined PDF."""
    opens: str
    """The part's ``break-before``: ``right`` when it opens on a right-hand page."""
    items: tuple = ()
    """The survey's items (:class:`folio.pdf.layout.checks.Item`), pages counted in the part."""
    refused: tuple[str, ...] = ()
    page_map: Any = None
    """The part's :class:`folio.assemble.pagestarts.PageMap` (labels left to the join)."""
    paged: tuple[tuple[str, int | None], ...] = ()
    """Each paged cross-reference's target and page in the part (:func:`folio.pdf.layout.spreads.placed_links`)."""
    places: dict[str, int] = field(default_factory=dict)
    """The page in the part each id is first on."""
    pdf: str = ""
    extra: dict = field(default_factory=dict)


def body_of(root):
    body = root.find("body")
    if body is None:
        raise ValueError("the edition's HTML has no <body>")
    return body


def split(root) -> list[Part] | None:
    """The parts of a parsed edition, in order; ``None`` when it has no ``<main>`` with sections."""
    body = body_of(root)
    children = [child for child in body if isinstance(child.tag, str)]
    mains = [index for index, child in enumerate(children) if child.tag == "main"]
    if len(mains) != 1:
        return None
    main = children[mains[0]]
    sections = [child for child in main if child.tag == "section"]
    if not sections or len(sections) != len([c for c in main if isinstance(c.tag, str)]):
        return None
    head = ElementTree.tostring(root.find("head"), encoding="unicode") + repr(sorted(root.attrib.items()))
    groups = [children[: mains[0]]] + [[section] for section in sections]
    groups[-1] = groups[-1] + children[mains[0] + 1 :]
    parts = []
    for index, group in enumerate(groups):
        text = " ".join(" ".join(element.itertext()) for element in group)
        html = head + "".join(ElementTree.tostring(element, encoding="unicode") for element in group)
        key = FRONT if index == 0 else group[0].get("id") or f"part-{index}"
        inside = [node for element in group for node in element.iter() if isinstance(node.tag, str)]
        links = tuple((a.get("href") or "").removeprefix("#") for a in inside if a.tag == "a" and a.get(PAGED) is not None)
        ids = frozenset(node.get("id") for node in inside if node.get("id"))
        parts.append(Part(key, index, text, hashlib.sha256(f"{index}\0{html}".encode()).hexdigest(), links, ids))
    return parts


def part_tree(root, index: int):
    """Part ``index`` as a document of its own, the book's tree left as it is: a new root, and the part's own elements.

    The root holds a copy of ``<head>``, ``<body>`` with only the part's elements (copied) and, for a
    body part, ``<main>`` around them, after an empty hidden first section for a part after the first
    (see the module's docstring).  Returns the root and the part's own top-level elements.
    """
    from copy import deepcopy

    body = body_of(root)
    children = [child for child in body if isinstance(child.tag, str)]
    at = next(i for i, child in enumerate(children) if child.tag == "main")
    main = children[at]
    sections = [child for child in main if child.tag == "section"]
    tree = root.makeelement(root.tag, dict(root.attrib))
    tree.text = root.text
    for child in root:
        if child is not body:
            tree.append(deepcopy(child))
    own_body = body.makeelement(body.tag, dict(body.attrib))
    own_body.text, own_body.tail = body.text, body.tail
    tree.append(own_body)
    if index == 0:
        own = [deepcopy(child) for child in children[:at]]
        own_body.extend(own)
        return tree, own
    own_main = main.makeelement(main.tag, dict(main.attrib))
    own_main.text, own_main.tail = main.text, main.tail
    own_body.append(own_main)
    if index > 1:  # main's first child, empty and hidden
        first = main.makeelement("section", {"hidden": ""})
        first.tail = "\n"
        own_main.append(first)
    own = [deepcopy(sections[index - 1])]
    own_main.extend(own)
    if index == len(sections):
        after = [deepcopy(child) for child in children[at + 1 :]]
        own_body.extend(after)
        own += after
    return tree, own


def number_contents(root, toc: dict[str, str]) -> None:
    """Give each contents entry the page number its target is on (``data-page``)."""
    for entry in root.iter():
        target = (entry.get("data-target") or "").removeprefix("#")
        if "toc-entry" in (entry.get("class") or "").split() and target in toc:
            entry.set("data-page", toc[target])


def relevant(words: frozenset[str], text: str) -> frozenset[str]:
    """The kept words that occur in ``text``: the only ones that change its layout."""
    return frozenset(word for word in words if re.search(r"\b" + re.escape(word) + r"\b", text))


def lay_out(book, index: int, spec: Spec, setup: dict, pdf: Path) -> Laid:
    """Lay part ``index`` of the parsed edition ``book`` (its root element, left unchanged) out and paint it to ``pdf``.

    ``setup`` holds the base URL and URL fetcher, the stylesheets loaded with their
    fonts, what the sources hold and the PDF's identifier.
    """
    from weasyprint import CSS

    from folio.pdf.layout.checks import survey
    from folio.pdf.layout.hyphens import keep_words, words_to_keep
    from folio.pdf.layout.pagemap import page_map
    from folio.pdf.layout.setup import PDF_VARIANT, capture_weasyprint_log
    from folio.pdf.weasy import break_before, html_from_tree, page_bookmarks

    started = time.process_time()
    fetcher = setup["fetcher"]
    refused_before = len(fetcher.refused)  # one fetcher serves every part this process lays out
    root, own = part_tree(book, index)
    if index == 0 and spec.toc is not None:
        number_contents(root, dict(spec.toc))
    keep_words(root, set(spec.kept))
    spreads.mark(root, spec.near)
    pages = dict(spec.pages)
    for link in spreads.paged_links(root):
        if spreads.target_of(link) in pages:
            link.set(PAGE_TO, pages[spreads.target_of(link)])
    source = html_from_tree(root, setup["base_url"], fetcher)
    with capture_weasyprint_log():
        fonts, styles = setup["styles"]  # loaded once: fonts and rules come ready
        styles = list(styles)
        part_css = PART_CSS + ("" if spec.start is None else f"@page :first {{ counter-reset: page {spec.start}; }}")
        styles.append(CSS(string=part_css, font_config=fonts))
        document = source.render(stylesheets=styles, font_config=fonts, pdf_variant=PDF_VARIANT)
        anchors: dict[str, int] = {}
        for number, page in enumerate(document.pages):
            for name in page.anchors:
                anchors.setdefault(name, number)
        # Links to other parts: WeasyPrint drops a link whose target it cannot find, so every
        # target gets a stand-in here; the joined PDF's names lead to the real pages.
        for page in document.pages:
            for link in page.links:
                if link[0] == "internal" and link[1] not in anchors and document.pages:
                    document.pages[0].anchors[link[1]] = (0, 0, 0, 0)
        placed = survey(document, setup["expected"])
        paged, places = spreads.placed_links(document)
        # Only the front matter's first page is painted for the EPUB's cover: a page painted
        # twice gets its crop marks twice.
        pages_map = page_map(document, parts=setup["part_ids"], cover=index == 0) if setup["part_ids"] else None
        # No pdf_identifier: WeasyPrint would write the file twice to hash it; the joined file gets the report's (pool.py)
        document.write_pdf(str(pdf), pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
    laid = Laid(
        pages=len(document.pages),
        words=frozenset(words_to_keep(document)),
        anchors=anchors,
        bookmarks=page_bookmarks(document),
        opens=break_before(document, own[0]) if own else "auto",
        items=placed.items,
        refused=tuple(fetcher.refused[refused_before:]),
        page_map=pages_map,
        paged=tuple(paged),
        places=places,
        pdf=str(pdf),
        extra={"cpu seconds": time.process_time() - started},
    )
    document = None
    gc.collect()  # the layout's cycles (collection is paused while the PDF is made: folio.pdf.write)
    return laid
