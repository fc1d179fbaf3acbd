"""The parts' PDFs joined into one, as WeasyPrint would have written the whole document.

Each part is a complete tagged PDF of its own.  What a reader sees as one
document is rebuilt here, once: the pages in order (with a blank page where
the print edition's next part must open on a right-hand page), one structure
tree (WeasyPrint builds it page by page under one ``/Document`` element, so
the parts' elements follow one another) with its parent tree renumbered (a
page's key is its index, an annotation's key follows all pages), one name
tree of destinations (each id where its element really is; a part's
stand-ins for the other parts' ids are left out), one outline and one
program per font (:mod:`folio.pdf.byparts.fonts`).  The
document-wide finishing (:mod:`folio.pdf.finish.post`) runs on the result, as on a
single layout.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from folio.pdf.byparts.fonts import share_font_programs


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of pages for the joined PDF: a part's whole PDF, or one page of another (a blank verso)."""

    pdf: str
    anchors: frozenset[str] = frozenset()
    """The ids whose elements are in this part (its own named destinations)."""
    page: int | None = None
    """Only this page, with no structure (a blank page); ``None``: every page, with structure."""


def destinations(pdf: pikepdf.Pdf) -> dict[str, pikepdf.Object]:
    """The named destinations of a WeasyPrint PDF (a flat ``/Names`` array)."""
    names = pdf.Root.get("/Names")
    dests = names.get("/Dests") if isinstance(names, Dictionary) else None
    flat = dests.get("/Names", Array()) if isinstance(dests, Dictionary) else Array()
    return {str(flat[i]): flat[i + 1] for i in range(0, len(flat), 2)}


def join(pieces: list[Piece], outline: list, target: Path) -> int:
    """Write the pieces' pages to ``target`` as one document; ``outline`` is the bookmark tree with global page indexes."""
    sources = [pikepdf.open(piece.pdf) for piece in pieces]
    try:
        out = sources[0]
        root = out.Root.StructTreeRoot
        document = root.K[0] if isinstance(root.K, Array) else root.K
        kids: list = []
        page_keys: list = []
        annotations: list = []
        names: dict[str, pikepdf.Object] = {}
        for number, (piece, source) in enumerate(zip(pieces, sources, strict=True)):
            first = len(page_keys)
            if piece.page is not None:
                out.pages.append(source.pages[piece.page])
                page = out.pages[-1]
                for key in ("/Annots", "/StructParents"):
                    if key in page.obj:
                        del page.obj[key]
                page.obj.StructParents = len(page_keys)
                page_keys.append(Array())
                continue
            own = source.Root.StructTreeRoot
            nums = own.ParentTree.get("/Nums", Array())
            if number:
                with warnings.catch_warnings():  # the names are joined below, by hand
                    warnings.simplefilter("ignore", pikepdf.exceptions.PageCopyWarning)
                    out.pages.extend(source.pages)
                nums = bring(out, nums)
                found = bring(out, own.K[0] if isinstance(own.K, Array) else own.K).get("/K", Array())
                pages = out.pages[first:]
                dests = {name: bring(out, dest) for name, dest in destinations(source).items() if name in piece.anchors}
            else:
                found = document.get("/K", Array())
                pages = list(out.pages)
                dests = {name: dest for name, dest in destinations(source).items() if name in piece.anchors}
            for kid in found:
                if isinstance(kid, Dictionary):
                    kid.P = document
                kids.append(kid)
            by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
            for index, page in enumerate(pages):
                key = page.obj.get("/StructParents")
                page_keys.append(by_key.get(int(key), Array()) if key is not None else Array())
                page.obj.StructParents = first + index
            for page in pages:
                for annotation in page.obj.get("/Annots", Array()):
                    key = annotation.get("/StructParent")
                    if key is not None and int(key) in by_key:
                        annotations.append((int(key) + 10**9 * number, annotation, by_key[int(key)]))
            for name, dest in dests.items():
                names.setdefault(name, dest)
        document.K = Array(kids)
        numbers: list = []
        for key, array in enumerate(page_keys):
            numbers += [key, array]
        for key, (_, annotation, owner) in enumerate(sorted(annotations, key=lambda entry: entry[0]), start=len(page_keys)):
            annotation.StructParent = key
            numbers += [key, owner]
        root.ParentTree = out.make_indirect(Dictionary(Nums=Array(numbers)))
        if names:
            flat: list = []
            for name in sorted(names):
                flat += [pikepdf.String(name), names[name]]
            out.Root.Names = Dictionary(Dests=out.make_indirect(Dictionary(Names=Array(flat))))
        elif "/Names" in out.Root:
            del out.Root["/Names"]
        write_outline(out, outline)
        unify_to_unicode(out)
        share_font_programs(out)
        out.save(target, object_stream_mode=pikepdf.ObjectStreamMode.generate)  # the copied objects packed, as WeasyPrint packs its own
        return len(out.pages)
    finally:
        for source in sources:
            source.close()


def bring(out: pikepdf.Pdf, thing):
    """``thing`` of another PDF, in ``out``: indirect objects copied once (pages already copied are found again)."""
    if isinstance(thing, pikepdf.Object) and thing.is_indirect:
        return out.copy_foreign(thing)
    if isinstance(thing, Array):
        return Array([bring(out, item) for item in thing])
    if isinstance(thing, Dictionary):
        return Dictionary({key: bring(out, value) for key, value in thing.items()})
    return thing


BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
CMAP_HEAD = b"""/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo
<< /Registry (Adobe)
/Ordering (UCS)
/Supplement 0
>> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<0000> <ffff>
endcodespacerange
"""
CMAP_TAIL = b"endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"


def fonts_of(resources, found: dict) -> None:
    """Every font dictionary under ``resources`` (forms' own resources included), in order, by object."""
    if not isinstance(resources, Dictionary):
        return
    for font in (resources.get("/Font") or Dictionary()).values():
        found.setdefault(font.objgen, font)
    for xobject in (resources.get("/XObject") or Dictionary()).values():
        fonts_of(xobject.get("/Resources"), found)


def unify_to_unicode(pdf: pikepdf.Pdf) -> None:
    """One text per glyph through the book, as in one layout: the text of the glyph's first use.

    Each part embeds its own subset of a font (same name, same glyph ids) with
    its own ``/ToUnicode``; a glyph that stands for two characters (a hyphen
    for ``-`` and ``‐``) maps to whichever came first in that part, so a copy
    of the text could differ from a single layout's.  Every subset of a font
    gets the one map, each glyph's text taken from the first part that used it.
    """
    fonts: dict = {}
    for page in pdf.pages:
        fonts_of(page.obj.get("/Resources"), fonts)
    merged: dict[str, dict[int, bytes]] = {}
    users: dict[str, list] = {}
    for font in fonts.values():
        if "/ToUnicode" not in font:
            continue
        name = str(font.get("/BaseFont"))
        users.setdefault(name, []).append(font)
        table = merged.setdefault(name, {})
        for glyph, text in BFCHAR.findall(font.ToUnicode.read_bytes().split(b"endcodespacerange", 1)[-1]):
            table.setdefault(int(glyph, 16), text)
    for name, table in merged.items():
        if len(users[name]) < 2:
            continue
        items = sorted(table.items())
        body = b""
        for start in range(0, len(items), 100):
            batch = items[start : start + 100]
            body += f"{len(batch)} beginbfchar\n".encode()
            body += b"".join(b"<%04x> <%s>\n" % (glyph, text) for glyph, text in batch)
            body += b"endbfchar\n"
        stream = pdf.make_stream(CMAP_HEAD + body + CMAP_TAIL)
        for font in users[name]:
            font.ToUnicode = stream


def write_outline(pdf: pikepdf.Pdf, tree: list) -> None:
    """The outline of ``tree`` (``(title, (page, x, y), children, state)``), as WeasyPrint writes it."""
    if "/Outlines" in pdf.Root:
        del pdf.Root["/Outlines"]
    if not tree:
        return
    top = pdf.make_indirect(Dictionary())
    items, count = outline_items(pdf, tree, top)
    top.Count, top.First, top.Last = count, items[0], items[-1]
    pdf.Root.Outlines = top


def outline_items(pdf: pikepdf.Pdf, tree: list, parent) -> tuple[list, int]:
    count = len(tree)
    items: list = []
    for title, (page, x, y), children, state in tree:
        item = pdf.make_indirect(Dictionary(Title=pikepdf.String(title), Dest=Array([pdf.pages[page].obj, Name.XYZ, x, y, 0])))
        inner, inner_count = outline_items(pdf, children, item)
        item.Count = -inner_count if state == "closed" else inner_count
        if state != "closed":
            count += inner_count
        if items:
            item.Prev = items[-1]
            items[-1].Next = item
        if inner:
            item.First, item.Last = inner[0], inner[-1]
        item.Parent = parent
        items.append(item)
    return items, count
