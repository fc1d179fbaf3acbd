"""The maths of an edition's HTML, as that edition carries it.

pandoc writes every formula as a MathML ``<math>`` element with the TeX as
its annotation.  For the EPUB and the web edition, :func:`with_alttext` gives
each the TeX as ``alttext`` too, what assistive technology reads when it does
not read MathML.  For the PDF, :func:`drawn` puts the formula's vector
drawing (:mod:`folio.maths.draw`) in its place: an inline ``<svg>`` sized in
``em`` of the text around it and set on its baseline, with the formula read
aloud (:mod:`folio.maths.speech`) as its ``<title>``, which WeasyPrint makes
the ``/Alt`` of the element it tags and :mod:`folio.maths.tags` turns from a
``Figure`` into a ``Formula``.
"""

from __future__ import annotations

import html
import re

from folio.maths.draw import Drawing
from folio.maths.tex import as_written

MATH = re.compile(r"<math\b([^>]*)>(.*?)</math>", re.S)
"""A ``<math>`` element as pandoc writes it (MathML has no nested ``<math>``)."""
TEX = re.compile(r'<annotation encoding="application/x-tex">(.*?)</annotation>', re.S)
FORMULA_MARK = "\u2063"
"""Starts the ``<title>`` of a drawn formula, so the PDF's finish knows a formula from a picture (an invisible separator)."""
SVG = "http://www.w3.org/2000/svg"


def tex_of(element: str) -> str | None:
    """The TeX a ``<math>`` element was written in (unescaped), from its annotation."""
    match = TEX.search(element)
    return html.unescape(match.group(1)) if match else None


def spoken(tex: str) -> str:
    """The TeX as alternative text: one line, as written."""
    return " ".join(tex.split())


def with_alttext(page: str) -> str:
    """Each ``<math>`` element of ``page`` with its TeX as ``alttext``."""

    def add(match: re.Match) -> str:
        attributes, element = match.group(1), match.group(0)
        tex = tex_of(element)
        if tex is None or re.search(r"\salttext=", attributes):
            return element
        return f'<math alttext="{html.escape(spoken(as_written(tex)), quote=True)}"{attributes}>{match.group(2)}</math>'

    return MATH.sub(add, page)


def drawn(page: str, drawings: dict[tuple[bool, str], Drawing]) -> str:
    """``page`` with each formula as its drawing, found by (display, TeX as :func:`spoken` writes it).

    A formula with no drawing keeps its MathML: never the case once the checks passed.
    """

    def replace(match: re.Match) -> str:
        display = 'display="block"' in match.group(1)
        tex = tex_of(match.group(0))
        drawing = drawings.get((display, spoken(tex))) if tex is not None else None
        if drawing is None:
            return match.group(0)
        svg = svg_element(drawing, tex or "")
        return f'<span class="maths-display">{svg}</span>' if display else svg

    return MATH.sub(replace, page)


def svg_element(drawing: Drawing, tex: str) -> str:
    style = f"width: {drawing.width:g}em; height: {drawing.height:g}em; vertical-align: {-drawing.depth:g}em"
    title = html.escape(FORMULA_MARK + (drawing.alt or spoken(tex)), quote=False)
    return f'<svg xmlns="{SVG}" class="maths" viewBox="{drawing.view_box}" style="{style}"><title>{title}</title>{drawing.paths}</svg>'


def tree_with_alttext(root) -> None:
    """Each MathML ``<math>`` element of an XHTML tree (lxml) with its TeX as ``alttext``, as :func:`with_alttext` does for text."""
    namespace = "{http://www.w3.org/1998/Math/MathML}"
    for element in root.iter(f"{namespace}math"):
        annotation = next((a for a in element.iter(f"{namespace}annotation") if a.get("encoding") == "application/x-tex"), None)
        if annotation is not None and annotation.text and "alttext" not in element.attrib:
            element.set("alttext", spoken(as_written(annotation.text)))
