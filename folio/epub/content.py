"""Finishing touches to pandoc's content documents and navigation document.

* Links that pandoc could not see (those inside raw HTML: a key figure's
  source, a challenge's recommendation, the at-a-glance table) point at a
  bare ``#id``; each is rewritten to the file that holds the id.
* Every footnote gets a back-link to its reference.
* Every document gets a title of its own (pandoc names them after the file).
* The navigation document gets its landmarks and the page list.

:func:`part_anchors` says where each part of the report begins in the EPUB,
the cover and the contents included, for the page list and the landmarks.

The markup added comes from ``templates/epub/markup.xhtml.j2``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from folio.assemble.pagestarts import BACK_MATTER, FRONT_MATTER
from folio.epub.package import EPUB_TYPE, NS, Book, local, q
from folio.epub.pages import Placed
from folio.model import BibliographyPart, Chapter, ListPart, Report
from folio.source.strings import word


@dataclass(frozen=True, slots=True)
class Landmark:
    type: str
    """An EPUB structural semantics term: ``cover``, ``toc``, ``bodymatter``…"""
    href: str
    title: str


def fragment(markup: str) -> etree._Element:
    """One element parsed from template output."""
    return etree.fromstring(markup.strip().encode("utf-8"), etree.XMLParser(resolve_entities=False, no_network=True))


def namespace_ids(book: Book) -> int:
    """pandoc's own ids (notes, the references, the contents) start ``folio-``, so an author's heading keeps its natural id.

    A heading "Footnotes" is ``#footnotes`` in every edition; pandoc's notes
    section, notes (``fn1``), calls (``fnref1``), references (``refs``) and
    contents (``toc``) are found by what they are, not by their id, and renamed.
    Returns how many ids changed.
    """
    changed = 0
    for path in book.documents():
        root = book.tree(path).getroot()
        renamed: dict[str, str] = {}
        for element in root.iter():
            if not isinstance(element.tag, str) or not element.get("id"):
                continue
            kinds = set((element.get(EPUB_TYPE) or "").split()) | set((element.get("class") or "").split())
            ident = element.get("id")
            ours = (
                kinds & {"footnotes", "footnote", "noteref", "toc"}
                or (ident == "refs" and "references" in kinds)
                or (ident.startswith("toc-") and path == book.nav_path)
            )
            if ours and not ident.startswith("folio-"):
                renamed[ident] = "folio-" + ident
                element.set("id", renamed[ident])
                changed += 1
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            for name in ("href", "aria-labelledby"):
                value = element.get(name) or ""
                if name == "href" and value.startswith("#") and unquote(value[1:]) in renamed:
                    element.set(name, "#" + renamed[unquote(value[1:])])
                elif name == "aria-labelledby" and value in renamed:
                    element.set(name, renamed[value])
    return changed


def fix_links(book: Book) -> int:
    """Point every same-document link whose id lives in another file at that file; returns how many."""
    ids = book.ids()
    changed = 0
    for path in book.documents():
        root = book.tree(path).getroot()
        # pandoc's note ids (fn1, …) repeat from file to file: an id of the document itself wins.
        own = {element.get("id") for element in root.iter() if isinstance(element.tag, str) and element.get("id")}
        for link in root.iter(q("a")):
            href = link.get("href") or ""
            if not href.startswith("#") or unquote(href[1:]) in own:
                continue
            target = ids.get(unquote(href[1:]))
            if target is not None and target != path:
                link.set("href", f"{book.relative(path, target)}{href}")
                changed += 1
    return changed


def add_backlinks(book: Book, markup) -> int:
    """A link from each footnote back to where it is called; returns how many notes."""
    count = 0
    for path in book.spine():
        root = book.tree(path).getroot()
        refs = {link.get("href", "")[1:]: link for link in root.iter(q("a")) if "noteref" in (link.get(EPUB_TYPE) or "").split()}
        for note in root.iter(q("aside")):
            if "footnote" not in (note.get(EPUB_TYPE) or "").split() or note.get("id") not in refs:
                continue
            ref = refs[note.get("id")]
            if not ref.get("id"):
                continue
            back = fragment(markup.backlink(f"#{ref.get('id')}", "".join(ref.itertext()).strip()))
            holder = note[0] if len(note) and local(note[0]) == "p" else note
            back.tail = " " + (holder.text or "").lstrip()
            holder.text = None
            holder.insert(0, back)
            count += 1
    return count


def set_titles(book: Book, book_title: str, names: dict[str, str]) -> None:
    """Each document's ``<title>``: its first heading, or ``names[path]``, or the book's title."""
    for path in book.documents():
        root = book.tree(path).getroot()
        title = root.find("h:head/h:title", NS)
        if title is None:
            continue
        text = names.get(path)
        if text is None:
            heading = next((h for h in root.iter(*(q(f"h{n}") for n in range(1, 7))) if "".join(h.itertext()).strip()), None)
            text = " ".join("".join(heading.itertext()).split()) if heading is not None else book_title
        title.text = text


def finish_nav(book: Book, markup, landmarks: list[Landmark], placed: list[Placed], toc_title: str) -> None:
    """Replace pandoc's landmarks, add the page list, and title the contents."""
    path = book.nav_path
    root = book.tree(path).getroot()
    body = root.find("h:body", NS)
    for nav in root.iter(q("nav")):
        if "toc" in (nav.get(EPUB_TYPE) or "").split():
            heading = nav.find("h:h1", NS)
            if heading is not None:
                heading.text = toc_title
    old = [nav for nav in body.iter(q("nav")) if (nav.get(EPUB_TYPE) or "") in ("landmarks", "page-list")]
    for nav in old:
        nav.getparent().remove(nav)
    items = [
        {
            "type": mark.type,
            "href": book.relative(path, mark.href.split("#")[0]) + ("#" + mark.href.split("#")[1] if "#" in mark.href else ""),
            "title": mark.title,
        }
        for mark in landmarks
    ]
    body.append(fragment(markup.landmarks(items)))
    if placed:
        pages = [{"label": page.label, "href": f"{book.relative(path, page.path)}#{page.anchor}"} for page in placed]
        body.append(fragment(markup.page_list(pages)))
    for element in body[-2:]:
        element.tail = "\n"


Anchors = dict[str, tuple[str, etree._Element]]
"""A part id → the document it is in and the element it begins with."""


def part_anchors(book: Book, report: Report, cover: str) -> Anchors:
    """Where each part begins: the cover page, the contents (the nav's ``toc``) and every part with its id."""
    ids = book.ids()
    anchors: Anchors = {}
    for ident in (*(part.id for part in report.parts), *BACK_MATTER):
        if ident in ids:
            path = ids[ident]
            anchors[ident] = (path, next(e for e in book.tree(path).getroot().iter() if isinstance(e.tag, str) and e.get("id") == ident))
    anchors[FRONT_MATTER[0]] = (cover, book.tree(cover).getroot().find("h:body", NS))
    nav = book.tree(book.nav_path).getroot()
    anchors[FRONT_MATTER[1]] = (book.nav_path, next(n for n in nav.iter(q("nav")) if "toc" in (n.get(EPUB_TYPE) or "").split()))
    return anchors


def landmarks(book: Book, report: Report, anchors: Anchors, contents_title: str) -> list[Landmark]:
    """Cover, contents, start of the body (the first part) and the references."""
    cover, _ = anchors[FRONT_MATTER[0]]
    nav, toc = anchors[FRONT_MATTER[1]]
    found = [Landmark("cover", cover, word(report.language, "cover.label")), Landmark("toc", f"{nav}#{toc.get('id')}", contents_title)]
    for part in report.parts:  # a front part by its role (an executive summary is the abstract)
        if isinstance(part, Chapter) and part.matter == "front" and part.role and part.id in anchors:
            kind = "abstract" if part.role == "summary" else part.role
            found.append(Landmark(kind, f"{anchors[part.id][0]}#{part.id}", part.title))
    body = next(
        (part for part in report.parts if not (isinstance(part, Chapter) and part.matter == "front" or isinstance(part, ListPart))), None
    )
    if body is not None and body.id in anchors:
        found.append(Landmark("bodymatter", f"{anchors[body.id][0]}#{body.id}", word(report.language, "epub.landmark_start")))
    for part in report.parts:
        if isinstance(part, BibliographyPart) and part.id in anchors:
            found.append(Landmark("bibliography", f"{anchors[part.id][0]}#{part.id}", part.title))
    return found
