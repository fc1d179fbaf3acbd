"""Landscape pages of the print and press editions turned onto the book's trim.

``::: {.landscape}`` sets its content on pages of their own (``@page wide``),
turned sideways.  The screen edition keeps them landscape: on a screen a wide
table reads without turning one's head.  A print shop wants one trim size
for the whole book, so in the print and press editions such a page is laid
out with the book's type area turned a quarter (``print-edition.css``, ``@page
wide``), and :func:`turn_wide_pages` then sets it on the book's own trim: the
content turned a quarter anticlockwise, its top at the page's left edge, as a
broadside table is set; the media, trim and bleed boxes, the crop marks, the
links and the destinations that lead to the page turned with it.  The running
head and the folio are not turned: they are moved to where every other page
of that side has them, upright.

What is furniture is read off the page: a group of the page's drawing whose
text all stands in the top or the bottom margin of the laid-out page.  Where
the page side's running head and folio go is the book's geometry
(:class:`Turn`, from :mod:`folio.source.pagesize`): a right-hand page's are
set flush right at its outer margin, a left-hand page's flush left, as
``print-edition.css`` sets them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name

from folio.source import pagesize

MM = 72 / 25.4
"""Points in a millimetre."""

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


@dataclass(frozen=True, kw_only=True, slots=True)
class Turn:
    """The book's page, in millimetres: its trim and its margins (``--margin-*`` of ``variables.css.j2``)."""

    width: float
    height: float
    top: float
    bottom: float
    inner: float
    outer: float

    def margins(self, recto: bool) -> tuple[float, float, float, float]:
        """Top, right, bottom and left margin of the book's page on this side."""
        return (self.top, self.outer, self.bottom, self.inner) if recto else (self.top, self.inner, self.bottom, self.outer)

    def turned_margins(self, recto: bool) -> tuple[float, float, float, float]:
        """The same margins on the page laid out sideways: its top is the book page's left edge, its right the top."""
        top, right, bottom, left = self.margins(recto)
        return (left, top, right, bottom)


def book_turn(page_size: str) -> Turn:
    """The book's page geometry for ``report.yaml``'s ``page_size`` (rounded as the CSS writes it)."""
    width, height = pagesize.dimensions(page_size)
    margins = {name: round(value, 2) for name, value in pagesize.margins(page_size).items()}
    return Turn(width=width, height=height, top=margins["top"], bottom=margins["bottom"], inner=margins["inner"], outer=margins["outer"])


def mul(first: Matrix, then: Matrix) -> Matrix:
    """The matrix that applies ``first``, then ``then`` (PDF's order: ``first × then``)."""
    a, b, c, d, e, f = first
    A, B, C, D, E, F = then
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def inverse(m: Matrix) -> Matrix:
    a, b, c, d, e, f = m
    det = a * d - b * c
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return (ia, ib, ic, id_, -(e * ia + f * ic), -(e * ib + f * id_))


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def translation(dx: float, dy: float) -> Matrix:
    return (1.0, 0.0, 0.0, 1.0, dx, dy)


def box(page: Dictionary, name: str) -> list[float] | None:
    value = page.get(name)
    return [float(v) for v in value] if isinstance(value, Array) and len(value) == 4 else None


def is_turned(trim: list[float], book: Turn) -> bool:
    """Whether a page's trim lies the other way from the book's."""
    return ((trim[2] - trim[0]) > (trim[3] - trim[1])) != (book.width > book.height)


def turn_wide_pages(pdf: pikepdf.Pdf, book: Turn) -> list[int]:
    """Turn every page that lies the other way onto the book's trim; returns their indexes."""
    turned = []
    for index, page in enumerate(pdf.pages):
        trim = box(page.obj, "/TrimBox") or box(page.obj, "/MediaBox")
        if trim is None or not is_turned(trim, book):
            continue
        x0, y0, _, y1 = trim
        quarter: Matrix = (0.0, 1.0, -1.0, 0.0, x0 + y1, y0 - x0)  # the laid-out top to the left: (x, y) → (y1 - y + x0, x - x0 + y0)
        recto = index % 2 == 0
        turn_content(pdf, page, quarter, furniture_moves(trim, book, recto))
        for name in ("/MediaBox", "/CropBox", "/BleedBox", "/TrimBox", "/ArtBox"):
            rect = box(page.obj, name)
            if rect is not None:
                page.obj[name] = Array(turned_rect(quarter, rect))
        for annotation in page.obj.get("/Annots", Array()):
            rect = box(annotation, "/Rect")
            if rect is not None:
                annotation.Rect = Array(turned_rect(quarter, rect))
        turn_destinations(pdf, page.obj, quarter)
        turned.append(index)
    return turned


def turned_rect(m: Matrix, rect: list[float]) -> list[float]:
    corners = [apply(m, x, y) for x in (rect[0], rect[2]) for y in (rect[1], rect[3])]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return [round(min(xs), 6), round(min(ys), 6), round(max(xs), 6), round(max(ys), 6)]


@dataclass(frozen=True, slots=True)
class Moves:
    """Where a turned page's furniture goes: the zones it stands in on the laid-out page, and its moves (points, PDF space)."""

    top_zone: float
    """Text above this height (from the laid-out page's trim bottom) is in the top margin."""
    bottom_zone: float
    """Text below this height is in the bottom margin."""
    top: Matrix
    bottom: Matrix


def furniture_moves(trim: list[float], book: Turn, recto: bool) -> Moves:
    """The running head's and the folio's moves from the laid-out page to the book page of that side.

    A right-hand page's are flush right at the outer margin, a left-hand
    page's flush left (``print-edition.css``); the running head stands on the
    top margin, the folio hangs from the bottom margin.
    """
    x0, y0, x1, y1 = trim
    width, height = (x1 - x0) / MM, (y1 - y0) / MM  # the laid-out page, in mm
    top, right, bottom, left = book.margins(recto)
    t_top, t_right, t_bottom, t_left = book.turned_margins(recto)
    dx = (book.width - right) - (width - t_right) if recto else left - t_left
    top_dy = top - t_top  # downwards, mm
    bottom_dy = (book.height - bottom) - (height - t_bottom)
    # on the book page, the laid-out page's top-left corner is the trim's top-left corner
    rise = (book.height - height) * MM
    return Moves(
        top_zone=y0 + (height - t_top) * MM,
        bottom_zone=y0 + t_bottom * MM,
        top=translation(dx * MM, rise - top_dy * MM),
        bottom=translation(dx * MM, rise - bottom_dy * MM),
    )


def operator_matrix(operands) -> Matrix:
    return tuple(float(v) for v in operands)  # type: ignore[return-value]


def turn_content(pdf: pikepdf.Pdf, page: pikepdf.Page, quarter: Matrix, moves: Moves) -> None:
    """The page's drawing turned by ``quarter``, each group of furniture moved upright instead."""
    instructions = list(pikepdf.parse_content_stream(page))
    groups = furniture_groups(instructions, moves)
    out = [pikepdf.ContentStreamInstruction([], pikepdf.Operator("q")), cm(quarter)]
    starts = {start: (end, matrix) for start, end, matrix in groups}
    ends: dict[int, int] = {}
    for index, instruction in enumerate(instructions):
        if index in starts:
            end, at = starts[index]
            move = moves.top if at[0] == "top" else moves.bottom
            context = at[1]
            upright = mul(mul(mul(context, move), inverse(quarter)), inverse(context))  # undoes the quarter turn, then moves
            out += [pikepdf.ContentStreamInstruction([], pikepdf.Operator("q")), cm(upright)]
            ends[end] = ends.get(end, 0) + 1
        out.append(instruction)
        for _ in range(ends.get(index, 0)):
            out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("Q")))
    out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("Q")))
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(out))


def cm(m: Matrix) -> pikepdf.ContentStreamInstruction:
    return pikepdf.ContentStreamInstruction([round(v, 6) for v in m], pikepdf.Operator("cm"))


def furniture_groups(instructions: list, moves: Moves) -> list[tuple[int, int, tuple[str, Matrix]]]:
    """``(first, last, (where, matrix at the start))`` of each outermost ``q`` … ``Q`` group whose text all stands in one margin.

    WeasyPrint draws each margin box in a group of its own, beside the group
    of the page's content; a group that also draws a picture is never furniture.
    """
    ctm: Matrix = IDENTITY
    frames: list[dict] = []
    found = []
    for index, instruction in enumerate(instructions):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            if frames:
                frames[-1]["other"] = True
            continue
        operator, operands = str(instruction.operator), instruction.operands
        if operator == "q":
            frames.append({"start": index, "ctm": ctm, "texts": [], "other": False})
        elif operator == "Q" and frames:
            frame = frames.pop()
            ctm = frame["ctm"]
            where = zone(frame["texts"], moves)
            if where is not None and not frame["other"]:
                found.append((frame["start"], index, (where, frame["ctm"])))
            if frames:
                frames[-1]["texts"] += frame["texts"]
                frames[-1]["other"] |= frame["other"]
        elif operator == "cm":
            ctm = mul(operator_matrix(operands), ctm)
        elif operator == "Tm" and frames:
            matrix = operator_matrix(operands)
            frames[-1]["texts"].append(apply(ctm, matrix[4], matrix[5])[1])
        elif operator == "Do" and frames:
            frames[-1]["other"] = True
    outermost = [group for group in found if not any(o[0] < group[0] and group[1] < o[1] for o in found)]
    return sorted(outermost)


def zone(heights: list[float], moves: Moves) -> str | None:
    """``top`` or ``bottom`` when every text position is in that margin; ``None`` otherwise."""
    if not heights:
        return None
    if all(h >= moves.top_zone for h in heights):
        return "top"
    if all(h <= moves.bottom_zone for h in heights):
        return "bottom"
    return None


def turn_destinations(pdf: pikepdf.Pdf, page: Dictionary, quarter: Matrix) -> None:
    """Every ``[page /XYZ left top zoom]`` that leads to ``page``: its point turned with the page."""
    for destination in destinations(pdf):
        if len(destination) >= 4 and destination[0].objgen == page.objgen and destination[1] == Name.XYZ:
            left, top = destination[2], destination[3]
            if isinstance(left, (int, float, pikepdf.Object)) and isinstance(top, (int, float, pikepdf.Object)):
                try:
                    x, y = apply(quarter, float(left), float(top))
                except (TypeError, ValueError):
                    continue
                destination[2], destination[3] = round(x, 6), round(y, 6)


def destinations(pdf: pikepdf.Pdf):
    """The explicit destinations of the named-destination tree, the outline and the links."""
    names = pdf.Root.get("/Names")
    if isinstance(names, Dictionary) and isinstance(names.get("/Dests"), Dictionary):
        stack = [names.Dests]
        while stack:
            node = stack.pop()
            stack += list(node.get("/Kids", Array()))
            values = node.get("/Names", Array())
            for i in range(1, len(values), 2):
                target = values[i]
                target = target.get("/D") if isinstance(target, Dictionary) else target
                if isinstance(target, Array):
                    yield target
    outlines = pdf.Root.get("/Outlines")
    stack = [outlines.get("/First")] if isinstance(outlines, Dictionary) else []
    while stack:
        item = stack.pop()
        if not isinstance(item, Dictionary):
            continue
        stack += [item.get("/First"), item.get("/Next")]
        target = item.get("/Dest")
        if target is None and isinstance(item.get("/A"), Dictionary):
            target = item.A.get("/D")
        if isinstance(target, Array):
            yield target
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", Array()):
            target = annotation.get("/Dest")
            if target is None and isinstance(annotation.get("/A"), Dictionary):
                target = annotation.A.get("/D")
            if isinstance(target, Array):
                yield target
