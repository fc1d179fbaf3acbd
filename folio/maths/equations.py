"""Numbered equations, as Quarto writes them: ``$$ … $$ {#eq-name}``.

pandoc reads the label as text after the display (``Math``, ``Space``,
``Str "{#eq-name}"``).  :func:`label_equations` makes the pair one element,
a span with the id and the class ``equation`` holding the display, so that
the id is claimed like any other and :mod:`folio.markdown.links.numbers` can count
it with the figures and tables; :func:`numbered` then adds the number every
edition shows at the right of the display, in parentheses.

A display that writes its own ``\\tag{…}`` keeps that tag as its number, as
TeX would set it: the command leaves the TeX (pandoc's reader drops it, and
with it the number, or refuses it) and the tag is set like any number.
"""

from __future__ import annotations

import re

from folio.ast import attr, transform
from folio.maths.macros import Macros
from folio.maths.tex import font_switches, lines_gathered

CLASS = "equation"
NUMBER_CLASS = "equation-number"
LABEL = re.compile(r"^\{#(eq-[^\s{}]+)\}(.*)$", re.S)
TAG = re.compile(r"\\tag\*?\{([^{}]*)\}")


def prepare(blocks: list, macros: Macros | None = None) -> list:
    """A source's maths as every edition sets it: macros defined in maths applied (``macros``, shared by the
    report's sources in reading order), font switches written as commands, lines of a display gathered,
    labelled displays made equations."""
    macros = Macros() if macros is None else macros

    def change(node: dict):
        if node["t"] != "Math":
            return None
        tex = macros.read(node["c"][1])
        if tex is None:
            return []  # it only defines macros: it prints nothing
        node = {"t": "Math", "c": [node["c"][0], font_switches(tex)]}
        return lines_gathered(node) or node

    return label_equations(transform(blocks, change))


def is_equation(node: dict) -> bool:
    return node["t"] == "Span" and CLASS in attr(node)[1]


def label_equations(blocks: list) -> list:
    """Each display followed by ``{#eq-…}`` as one labelled span; a display with ``\\tag{…}`` as an unlabelled one."""

    def change(node: dict):
        kind = node["t"]
        if kind in ("Para", "Plain"):
            node["c"] = labelled(node["c"])
            return node
        return None

    return transform(blocks, change)


def labelled(inlines: list) -> list:
    out: list = []
    index = 0
    while index < len(inlines):
        node = inlines[index]
        index += 1
        if node["t"] != "Math" or node["c"][0]["t"] != "DisplayMath":
            out.append(node)
            continue
        after = index
        while after < len(inlines) and inlines[after]["t"] in ("Space", "SoftBreak"):
            after += 1
        match = LABEL.match(inlines[after]["c"]) if after < len(inlines) and inlines[after]["t"] == "Str" else None
        tag = TAG.search(node["c"][1])
        if tag:  # the number is set by folio, in every edition alike
            node = {"t": "Math", "c": [node["c"][0], TAG.sub("", node["c"][1])]}
        if match:
            pairs = [["data-tag", tag.group(1)]] if tag else []
            out.append({"t": "Span", "c": [[match.group(1), [CLASS], pairs], [node]]})
            if match.group(2):
                out.append({"t": "Str", "c": match.group(2)})
            index = after + 1
        elif tag:
            out.append({"t": "Span", "c": [["", [CLASS], [["data-tag", tag.group(1)]]], [node]]})
        else:
            out.append(node)
    return out


def tag_of(node: dict) -> str | None:
    """The ``\\tag{…}`` a labelled display writes for itself, if any."""
    return next((value for key, value in attr(node)[2] if key == "data-tag"), None)


def numbered(node: dict, shown: str) -> dict:
    """The equation span with its number (``(2)``) after the display."""
    ident, classes, pairs = attr(node)
    number = {"t": "Span", "c": [["", [NUMBER_CLASS], []], [{"t": "Str", "c": shown}]]}
    return {"t": "Span", "c": [[ident, classes, [pair for pair in pairs if pair[0] != "data-tag"]], [*node["c"][1], number]]}


def numbers_inside(blocks: list) -> list:
    """For Word: each numbered display with its number inside the equation, at its right (``\\qquad(1)``).

    Word sets a display equation on a paragraph of its own, so a number
    written after it would fall to the next line; inside, it stays beside it.
    """

    def change(node: dict):
        if not is_equation(node):
            return None
        inlines = node["c"][1]
        maths = next((item for item in inlines if item["t"] == "Math"), None)
        number = next((item for item in inlines if item["t"] == "Span" and NUMBER_CLASS in attr(item)[1]), None)
        if maths is None or number is None:
            return None
        shown = "".join(item["c"] for item in number["c"][1] if item["t"] == "Str")
        inside = {"t": "Math", "c": [maths["c"][0], f"{maths['c'][1]}\\qquad\\text{{{shown}}}"]}
        return {"t": "Span", "c": [node["c"][0], [inside]]}

    return transform(blocks, change)
