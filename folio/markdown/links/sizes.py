"""Pictures at the size their authors give, and a picture in a line at the line's height.

* ``{width=300}`` or ``300px`` (pixels to pandoc) reaches HTML as a
  ``width`` attribute, which WeasyPrint does not size by (it reads no
  presentational attributes): the picture came out at its own size instead,
  large or small by its pixels.  A size in pixels is written in points
  (a CSS pixel is 0.75 pt), so pandoc writes it as CSS, as it does ``50%``
  and ``8cm``, and every edition sets the picture at that width.
* A picture inside a line of text with no size of its own (an icon,
  ``Press the ![settings](gear.svg) button``) is set at the height of the
  text, 1 em, its width following: an SVG with only a ``viewBox`` would
  otherwise fill the whole text width, and a photo its pixels.  It is marked
  ``folio-icon`` for the stylesheets to sit it on the line.
"""

from __future__ import annotations

import re
from typing import Any

ICON = "folio-icon"
PIXELS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$")
SIZES = ("width", "height")
LINES = ("Para", "Plain", "Header")
"""Blocks whose inlines make lines of text."""


def css_units(node: dict) -> Any:
    """An image's ``width``/``height`` in pixels, in points (a :func:`folio.ast.transform` change)."""
    if node["t"] != "Image":
        return None
    ident, classes, pairs = node["c"][0]
    node["c"][0] = [ident, classes, [[k, points(v) if k in SIZES else v] for k, v in pairs]]
    return node


def points(value: str) -> str:
    """``300`` or ``300px`` as ``225pt``; any other size as written."""
    match = PIXELS.match(value)
    return f"{float(match.group(1)) * 0.75:g}pt" if match else value


def icons(node: dict) -> None:
    """In a line of text (a paragraph, a heading), each picture with no size given set at the line's height."""
    if node["t"] not in LINES:
        return
    inlines = node["c"][2] if node["t"] == "Header" else node["c"]
    images: list[dict] = []
    if not has_text(inlines, images):
        return  # a picture alone in its paragraph is a block of its own
    for image in images:
        ident, classes, pairs = image["c"][0]
        if not any(key in SIZES for key, _ in pairs):
            image["c"][0] = [ident, [*classes, ICON], [*pairs, ["height", "1em"]]]


def has_text(inlines: list, images: list[dict]) -> bool:
    """Whether ``inlines`` show text beside their pictures (collected into ``images``); a note's text is not in the line."""
    found = False
    for node in inlines:
        kind = node.get("t")
        if kind == "Image":
            images.append(node)
        elif kind in ("Str", "Code", "Math"):
            found = True
        elif kind in ("Note", "Space", "SoftBreak", "LineBreak", "RawInline"):
            continue
        else:  # Emph, Strong, … hold inlines; Span, Link, Quoted and Cite hold them second
            content = node.get("c")
            children = content[1] if kind in ("Span", "Link", "Quoted", "Cite") else content
            if isinstance(children, list) and has_text([c for c in children if isinstance(c, dict)], images):
                found = True
    return found
