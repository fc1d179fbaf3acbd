"""Quarto's figures and tables written as divs, their subfigures, panels and ``fig-alt``.

``::: {#fig-name}`` and ``::: {#tbl-name}`` hold the content, then the caption
as their last paragraph (Quarto's form for a composite figure or a raw HTML
table).  Each becomes a pandoc ``Figure`` (a table div with one Markdown table
becomes that table), numbered and cross-referenced like any other figure or
table (:mod:`folio.markdown.links.numbers`).  Two or more pictures in a figure div
(implicit figures, images side by side, nested ``::: {#fig-name-a}`` divs)
are its subfigures, lettered (a), (b) in their captions and referred to as
``@fig-name-a``; two or more tables in a table div, its subtables.

``layout-ncol``, ``layout-nrow`` and ``layout="[[1,1],[1]]"`` set the pieces
side by side, on a float or on a div with no id (a panel of figures).
``fig-alt`` is a picture's alt text, on the image or on the float.  A
picture in a float with no alt text of its own is described by its caption,
as a numbered figure's picture is.
"""

from __future__ import annotations

import json
import math
import string

from folio.ast import stringify, text_inlines
from folio.errors import quote
from folio.markdown.quarto import Notes, rewrite

SUB = "folio-subfloat"
"""The letter of a subfigure or subtable (``a``), on its Figure or Table, for the numbering."""
LAYOUT = ("layout-ncol", "layout-nrow", "layout")
MAX_COLUMNS = 6


def shape(blocks: list, notes: Notes) -> list:
    blocks = rewrite(blocks, alt_text)
    return rewrite(blocks, lambda node: floats(node, notes))


def alt_text(node: dict):
    """``![…](x.png){fig-alt="…"}``: the alt text, in place of the caption the picture would otherwise be read by."""
    if node["t"] != "Image":
        return None
    ident, classes, pairs = node["c"][0]
    alt = next((value for key, value in pairs if key == "fig-alt"), None)
    if alt is None:
        return None
    node["c"][0] = [ident, classes, [[k, v] for k, v in pairs if k != "fig-alt"]]
    if alt.strip():
        node["c"][1] = text_inlines(" ".join(alt.split()))
    return node


def floats(node: dict, notes: Notes):
    if node["t"] != "Div":
        return None
    ident, classes, pairs = node["c"][0]
    prefix = ident.split("-", 1)[0] if "-" in ident else ""
    if prefix in ("fig", "tbl"):
        return float_div(node, prefix, notes)
    if any(key in LAYOUT for key, _ in pairs):
        return panel(node, notes)
    return None


def pictures_only(block: dict) -> bool:
    """A paragraph of nothing but pictures (and the spaces between them)."""
    inlines = block["c"] if block["t"] in ("Para", "Plain") else []
    images = [n for n in inlines if n["t"] == "Image"]
    return bool(images) and all(n["t"] in ("Image", "Space", "SoftBreak", "LineBreak") for n in inlines)


def written_rows(content: list) -> list[int] | None:
    """The rows the pictures are written in, when a paragraph holds several (Quarto sets each paragraph as a row)."""
    rows = [
        sum(1 for n in block["c"] if n["t"] == "Image") if pictures_only(block) else 1
        for block in content
        if block["t"] != "Para" or pictures_only(block)
    ]
    return [min(row, MAX_COLUMNS) for row in rows] if any(row > 1 for row in rows) else None


def pieces_of(content: list, kind: str) -> tuple[list, int]:
    """The float's content with every picture (or table) made a piece of its own; how many there are."""
    out: list = []
    count = 0
    for block in content:
        if kind == "fig" and pictures_only(block):
            for image in (n for n in block["c"] if n["t"] == "Image"):
                out.append(picture(image))
                count += 1
        elif kind == "fig" and block["t"] == "Figure":
            out.append(block)
            count += 1
        elif kind == "tbl" and block["t"] == "Table":
            out.append(block)
            count += 1
        else:
            out.append(block)
    return out, count


def picture(image: dict) -> dict:
    """An image standing alone in a float: a figure whose caption is its alt text (the id moves to the figure)."""
    ident, classes, pairs = image["c"][0]
    image["c"][0] = ["", classes, pairs]
    caption = [{"t": "Plain", "c": list(image["c"][1])}] if image["c"][1] else []
    return {"t": "Figure", "c": [[ident, [], []], [None, caption], [{"t": "Plain", "c": [image]}]]}


def float_div(node: dict, prefix: str, notes: Notes):
    ident, classes, pairs = node["c"][0]
    options = dict(pairs)
    content = list(node["c"][1])
    caption: list = []
    if content and content[-1]["t"] == "Para" and not pictures_only(content[-1]) and len(content) > 1:
        caption = content.pop()["c"]
    pieces, count = pieces_of(content, prefix)
    alt = options.get("fig-alt", "").strip()
    kept_pairs = [[k, v] for k, v in pairs if k not in (*LAYOUT, "fig-alt")]
    layout = layout_of(options, count, notes, ident) if any(key in LAYOUT for key in options) else written_rows(content) or 1
    if prefix == "tbl" and count == 1 and len(pieces) == 1:
        table = pieces[0]
        t_ident, t_classes, t_pairs = table["c"][0]
        table["c"][0] = [ident, t_classes + classes, t_pairs + kept_pairs]
        if caption:
            table["c"][1] = [None, [{"t": "Plain", "c": caption}]]
        return table
    if count >= 2:
        pieces = letter(pieces, prefix)
        pieces = rows(pieces, layout)
    elif prefix == "fig" and count == 1:
        pieces = [alone(piece) if piece["t"] == "Figure" and not piece["c"][0][0] else piece for piece in pieces]
        pieces = [b for piece in pieces for b in (piece if isinstance(piece, list) else [piece])]
    described = alt or stringify(caption).strip()
    if described:
        pieces = rewrite(pieces, lambda n: describe(n, described) if n["t"] == "Image" else None)
    extra = ["table-float"] if prefix == "tbl" else []
    if count >= 2 and not isinstance(layout, list):
        extra.append(f"layout-ncol-{layout}")
    figure_caption = [{"t": "Plain", "c": caption}] if caption else []
    return {"t": "Figure", "c": [[ident, classes + extra, kept_pairs], [None, figure_caption], pieces]}


def alone(figure: dict) -> list:
    """The one picture of a figure div, without the implicit figure pandoc made of it: the div's caption is the caption."""
    blocks = figure["c"][2]
    caption = stringify(figure["c"][1][1]).strip()
    if caption:
        blocks = rewrite(blocks, lambda n: describe(n, caption) if n["t"] == "Image" else None)
    return blocks


def describe(image: dict, text: str) -> dict:
    """Give a picture with no alt text of its own the text that describes it."""
    if not stringify(image["c"][1]).strip() and "decorative" not in image["c"][0][1]:
        image["c"][1] = text_inlines(" ".join(text.split()))
    return image


def letter(pieces: list, prefix: str) -> list:
    """Subfigures (a), (b)…: each piece's caption starts with its letter."""
    wanted = "Figure" if prefix == "fig" else "Table"
    index = 0
    out = []
    for piece in pieces:
        if piece["t"] == wanted:
            mark = label(index)
            index += 1
            ident, classes, pairs = piece["c"][0]
            piece["c"][0] = [ident, classes, [*pairs, [SUB, mark]]]
            caption = piece["c"][1][1]
            if caption and stringify(caption).strip():
                tag = {"t": "Span", "c": [["", ["subcaption-label"], []], [{"t": "Str", "c": f"({mark})"}]]}
                first = caption[0]
                if first["t"] in ("Plain", "Para"):
                    first["c"] = [tag, {"t": "Space"}, *first["c"]]
                if piece["t"] == "Figure":
                    image_text = stringify(caption).strip()
                    piece["c"][2] = rewrite(piece["c"][2], lambda n, t=image_text: describe(n, t) if n["t"] == "Image" else None)
        out.append(piece)
    return out


def label(index: int) -> str:
    """a, b … z, aa, ab …: the letter of the subfigure at ``index``."""
    letters = string.ascii_lowercase
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = letters[rest] + out
    return out


def layout_of(options: dict, count: int, notes: Notes, ident: str = ""):
    """Columns for ``layout-ncol``/``layout-nrow`` (a number), or rows for ``layout`` (a list of column counts)."""
    if "layout" in options:
        try:
            rows_of = json.loads(options["layout"])
        except ValueError:
            rows_of = None
        if isinstance(rows_of, list) and rows_of and all(isinstance(x, (int, float)) for x in rows_of):
            rows_of = [rows_of]
        if not (isinstance(rows_of, list) and rows_of and all(isinstance(r, list) and r for r in rows_of)):
            notes.say(f"layout={quote(options['layout'])}: expected rows like [[1,1],[1]]; set in one column", "layout=")
            return 1
        widths = [[w for w in row if isinstance(w, (int, float)) and w > 0] for row in rows_of]
        if any(len(set(row)) > 1 for row in widths):
            notes.say(f"layout={quote(options['layout'])}: the columns of a row are set at equal widths", "layout=")
        return [min(len(row), MAX_COLUMNS) or 1 for row in widths]
    try:
        if "layout-ncol" in options:
            return max(1, min(int(options["layout-ncol"]), MAX_COLUMNS))
        if "layout-nrow" in options:
            return max(1, min(math.ceil(count / max(1, int(options["layout-nrow"]))), MAX_COLUMNS))
    except ValueError:
        key = "layout-ncol" if "layout-ncol" in options else "layout-nrow"
        notes.say(f"{key}={quote(options[key])}: expected a number; set in one column", f"{key}=")
    return 1


def rows(pieces: list, layout) -> list:
    """Pieces grouped into rows, for ``layout="[[…],[…]]"``; as they are for a column count."""
    if not isinstance(layout, list):
        return pieces
    out, rest = [], list(pieces)
    for columns in layout:
        row, rest = rest[:columns], rest[columns:]
        if row:
            out.append({"t": "Div", "c": [["", ["layout-row", f"layout-ncol-{columns}"], []], row]})
    if rest:
        out.append({"t": "Div", "c": [["", ["layout-row", f"layout-ncol-{layout[-1]}"], []], rest]})
    return out


def panel(node: dict, notes: Notes) -> dict:
    """A div of pictures side by side, with no number (Quarto's figure panel)."""
    ident, classes, pairs = node["c"][0]
    options = dict(pairs)
    pieces, count = pieces_of(node["c"][1], "fig")
    layout = layout_of(options, max(count, len(pieces)), notes)
    kept = [[k, v] for k, v in pairs if k not in LAYOUT]
    if isinstance(layout, list):
        return {"t": "Div", "c": [[ident, classes + ["layout-panel"], kept], rows(pieces, layout)]}
    return {"t": "Div", "c": [[ident, classes + ["layout-panel", f"layout-ncol-{layout}"], kept], pieces]}
