"""The written PDF, finished with pikepdf: what WeasyPrint's PDF/UA-1 output leaves open.

WeasyPrint tags the document, but in PDF 1.7 it leaves running heads and
folios as marked content that belongs to no structure element (PDF/UA wants
them marked as pagination artifacts), writes table header cells without a
``/Scope``, gives link annotations the target's id as their description and
no print flag, and knows nothing of page labels.  :func:`finish_pdf` mends all
of that in one pass and writes the file back, deterministically.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from folio.maths.tags import tag_formulas
from folio.pdf.finish.outline_text import clean_outline_titles
from folio.pdf.finish.press import finish_press
from folio.pdf.finish.turn import Turn, turn_wide_pages
from folio.pdf.layout.labels import label_ranges


@dataclass(frozen=True, kw_only=True, slots=True)
class Finish:
    """What the finished PDF needs to know about the report."""

    front_pages: int
    """Pages before the body, labelled i, ii, …; the body is labelled from 1."""
    link_labels: dict[str, str] = field(default_factory=dict)
    """Target id → what a link to it leads to, for the links' descriptions."""
    xmp: dict[str, object] = field(default_factory=dict)
    """Extra XMP properties (``dc:rights``, ``dc:subject`` …) to add to the metadata."""
    press: bool = False
    """The press edition (PDF/X-4): finished for a preflight by :mod:`folio.pdf.finish.press`."""
    identifier: bytes | None = None
    """The first word of the file's ``/ID``, set here rather than by WeasyPrint (``None``: the written file's own).

    Given an identifier, WeasyPrint serialises and compresses the whole file a
    second time to hash it into the ``/ID``'s second word, which the save
    below replaces with its own: a sixth of the painting's time, for nothing.
    """
    turn: Turn | None = None
    """The print and press editions: the book's page, onto which landscape pages are turned (:mod:`folio.pdf.finish.turn`)."""


def finish_pdf(path: Path, finish: Finish) -> None:
    """Mend the PDF at ``path`` in place."""
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        if finish.identifier is not None:  # as WeasyPrint would write it; the save keeps the first word, writes its own second
            pdf.trailer.ID = Array([pikepdf.String(finish.identifier), pikepdf.String(finish.identifier)])
        if "/StructTreeRoot" in pdf.Root:
            elements = list(structure_elements(pdf.Root.StructTreeRoot))
            mark_pagination_artifacts(pdf, elements)
            scope_header_cells(elements)
            tag_formulas(pdf, elements)
            move_annotations_into_links(pdf)
        inert_links(pdf)
        describe_links(pdf, finish.link_labels)
        clean_outline_titles(pdf)
        add_page_labels(pdf, finish.front_pages)
        set_bleed_boxes(pdf)
        if finish.turn is not None:
            turn_wide_pages(pdf, finish.turn)
        add_metadata(pdf, finish.xmp)
        if finish.press:
            finish_press(pdf)
        pdf.save(path, deterministic_id=False, static_id=True)


# -- running heads and folios ------------------------------------------------------------------


def structure_elements(root: Dictionary) -> Iterator[Dictionary]:
    """Every structure element reachable from the structure tree root, each once."""
    stack = [root]
    seen: set = set()
    while stack:
        node = stack.pop()
        if not isinstance(node, Dictionary):
            continue
        key = node.objgen
        if key in seen and key != (0, 0):
            continue
        seen.add(key)
        yield node
        kids = node.get("/K")
        if isinstance(kids, Array):
            stack.extend(kids)
        elif isinstance(kids, Dictionary):
            stack.append(kids)


def parent_tree_arrays(pdf: pikepdf.Pdf) -> dict[int, Array]:
    """The structure parent tree's flat ``/Nums``: StructParents key → array of structure elements by MCID."""
    nums = pdf.Root.StructTreeRoot.ParentTree.get("/Nums", Array())
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2) if isinstance(nums[i + 1], Array)}


def mark_pagination_artifacts(pdf: pikepdf.Pdf, elements: list[Dictionary]) -> None:
    """Turn marked content that no reachable structure element owns into ``/Artifact /Pagination``.

    WeasyPrint tags the text of page-margin boxes (running heads, folios) with
    structure elements it never links into the tree.  Such content is page
    furniture: a screen reader must skip it, and PDF/UA says so by marking it
    as an artifact in the content stream.  ``elements`` are the reachable ones.
    """
    reachable = {element.objgen for element in elements}
    arrays = parent_tree_arrays(pdf)
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        if key is None or int(key) not in arrays:
            continue
        owners = arrays[int(key)]
        orphans = {mcid for mcid, owner in enumerate(owners) if isinstance(owner, Dictionary) and owner.objgen not in reachable}
        if not orphans:
            continue
        contents = page.obj.get("/Contents")
        marked = artifact_marks(contents.read_bytes(), orphans) if isinstance(contents, pikepdf.Stream) else None
        page.Contents = pdf.make_stream(marked if marked is not None else parsed_artifact_marks(page, orphans))
        for mcid in orphans:
            owners[mcid] = pikepdf.Object.parse(b"null")


MARKED = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC(?![^\s/<\[(])")
"""A marked-content sequence as WeasyPrint begins it: ``/Span <</MCID 7>> BDC``."""
NEEDS_PARSER = (b"(", b"%", b"BI")
"""What a pattern cannot read past safely: strings, comments and inline images (or bytes that look like one)."""
PAGINATION = b"/Artifact\n<</Type /Pagination>>\nBDC"


def artifact_marks(data: bytes, orphans: set[int]) -> bytes | None:
    """``data`` with the orphans' marks turned into pagination artifacts, byte for byte elsewhere.

    Parsing a page into operators and writing it back costs a second per
    hundred pages; WeasyPrint's streams hold no strings, comments or inline
    images, so each mark is found by a pattern.  ``None`` when the stream is
    not of that kind, or when not every orphan's mark is found once: the
    parser decides then.
    """
    if any(token in data for token in NEEDS_PARSER):
        return None
    found: list[int] = []

    def swap(match: re.Match) -> bytes:
        mcid = int(match[1])
        if mcid not in orphans:
            return match[0]
        found.append(mcid)
        return PAGINATION

    marked = MARKED.sub(swap, data)
    return marked if len(found) == len(orphans) and set(found) == orphans else None


def parsed_artifact_marks(page: pikepdf.Page, orphans: set[int]) -> bytes:
    """The page's content parsed into operators, the orphans' marks turned into pagination artifacts."""
    changed = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if (
            str(operator) == "BDC"
            and len(operands) == 2
            and isinstance(operands[1], Dictionary)
            and int(operands[1].get("/MCID", -1)) in orphans
        ):
            operands = [Name.Artifact, Dictionary(Type=Name.Pagination)]
        changed.append(pikepdf.ContentStreamInstruction(operands, operator))
    return pikepdf.unparse_content_stream(changed)


# -- links inside links -------------------------------------------------------------------------


def move_annotations_into_links(pdf: pikepdf.Pdf) -> None:
    """Hang each link annotation on its ``/Link`` element, not on a span or emphasis inside it.

    WeasyPrint gives every inline box inside an ``<a>`` (an ``<em>``, a ``<span>``)
    an annotation of its own, referenced from that inner element; PDF/UA wants
    every link annotation's object reference in a ``/Link`` structure element.
    """
    nums = pdf.Root.StructTreeRoot.ParentTree.get("/Nums", Array())
    index = {int(nums[i]): i + 1 for i in range(0, len(nums), 2)}
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            key = annotation.get("/StructParent")
            if annotation.get("/Subtype") != Name.Link or key is None or int(key) not in index:
                continue
            owner = nums[index[int(key)]]
            if not isinstance(owner, Dictionary) or owner.get("/S") == Name.Link:
                continue
            link = owner.get("/P")
            while isinstance(link, Dictionary) and link.get("/S") not in (Name.Link, Name.Document):
                link = link.get("/P")
            if not isinstance(link, Dictionary) or link.get("/S") != Name.Link:
                continue
            kids = owner.get("/K")
            if isinstance(kids, Array):
                for position, kid in enumerate(kids):
                    if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR and kid.get("/Obj") == annotation:
                        del kids[position]
                        link.K.append(kid)
                        break
            nums[index[int(key)]] = link


# -- tables ------------------------------------------------------------------------------------


def scope_header_cells(elements: list[Dictionary]) -> None:
    """Give every ``/TH`` among ``elements`` a ``/Scope``: column headers in a table head, row headers elsewhere."""
    header = Name.TH
    for element in elements:
        if element.get("/S") != header:
            continue
        row = element.get("/P")
        group = row.get("/P") if isinstance(row, Dictionary) else None
        scope = Name.Column if isinstance(group, Dictionary) and group.get("/S") == Name.THead else Name.Row
        attributes = element.get("/A")
        if not isinstance(attributes, Dictionary):
            attributes = Dictionary(O=Name.Table)
            element.A = attributes
        attributes.Scope = scope


# -- links ---------------------------------------------------------------------------------------


LINK_SCHEMES = ("https:", "http:", "mailto:")


def inert_links(pdf: pikepdf.Pdf) -> None:
    """A link out of the PDF leads to an ``https:``, ``http:`` or ``mailto:`` address; any other action is taken off.

    WeasyPrint makes a link of whatever ``href`` it is given (``javascript:`` included);
    the checks refuse such links where they are written, and this keeps what a
    template computed from reaching a reader's PDF viewer.
    """
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            action = annotation.get("/A")
            if action is None or action.get("/S") == Name.GoTo:
                continue
            if action.get("/S") == Name.URI and "".join(str(action.get("/URI", "")).split()).lower().startswith(LINK_SCHEMES):
                continue
            del annotation["/A"]


def describe_links(pdf: pikepdf.Pdf, labels: dict[str, str]) -> None:
    """Links say where they lead (not the target's id), and print like the page they are on."""
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            if annotation.get("/Subtype") != Name.Link:
                continue
            annotation.F = 4  # Print: on paper the link's text is all there is, and it is there.
            destination = annotation.get("/Dest")
            if isinstance(destination, pikepdf.String):
                target = str(destination)
                annotation.Contents = pikepdf.String(labels.get(target) or f"Link to {target}")
            elif "/A" in annotation and "/URI" in annotation.A:
                annotation.Contents = pikepdf.String(f"Link to {annotation.A.URI}")


# -- page labels and metadata ------------------------------------------------------------------


def add_page_labels(pdf: pikepdf.Pdf, front: int) -> None:
    """Roman page labels for the front matter, arabic from 1 for the body (:mod:`folio.pdf.layout.labels`)."""
    nums: list = []
    for first, style, start in label_ranges(front):
        nums += [first, Dictionary(S=Name("/" + style)) if start is None else Dictionary(S=Name("/" + style), St=start)]
    pdf.Root.PageLabels = Dictionary(Nums=Array(nums))


BLEED = 3 * 72 / 25.4
"""The bleed a printer asks for, 3 mm in points: the BleedBox of the print edition."""


def set_bleed_boxes(pdf: pikepdf.Pdf) -> None:
    """Where the media is larger than the trim (the print edition), the bleed box is the trim plus 3 mm."""
    for page in pdf.pages:
        trim = page.obj.get("/TrimBox")
        media = page.obj.get("/MediaBox")
        if trim is None or [float(v) for v in trim] == [float(v) for v in media]:
            continue
        x0, y0, x1, y1 = (float(v) for v in trim)
        m0, n0, m1, n1 = (float(v) for v in media)
        page.obj.BleedBox = Array([max(m0, x0 - BLEED), max(n0, y0 - BLEED), min(m1, x1 + BLEED), min(n1, y1 + BLEED)])


def add_metadata(pdf: pikepdf.Pdf, xmp: dict[str, object]) -> None:
    """Add XMP properties WeasyPrint does not write; never stamps a date or tool of its own."""
    if not xmp:
        return
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        for key, value in xmp.items():
            meta[key] = value
