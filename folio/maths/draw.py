"""A formula's MathML drawn as vector outlines, for the PDF: ziamath, in STIX Two Math.

WeasyPrint sets no MathML, so the PDF carries each formula as an inline SVG
of glyph outlines: no font of the machine, and none of folio's text faces,
is involved, and the page shows exactly what was drawn here.  ziamath (pure
Python, MIT) lays MathML out by the OpenType MATH table of its font, STIX
Two Math (SIL Open Font License), the face the EPUB and the web edition use
too (:mod:`folio.assemble.mathsfont`).

Before drawing, the MathML is made to say what pandoc meant: the
``<semantics>`` wrapper goes (the TeX stays in the editions' ``alttext``),
lengths in ``em``, ``ex`` and ``mu`` are given in ziamath's own measure (it
reads 1em as 4/3 of the font size), a table's columns are spaced as MathML
Core spaces them (0.4em each side of a cell, none where pandoc's ``aligned``
asks for none), and an integral sign is large in a display but never
stretched to its row, as a browser sets them.

Sizes come out in ``em`` of the surrounding text: the drawing is scaled so
that its x-height matches the body face's, and ``depth`` is how far it
reaches below the baseline, for ``vertical-align``.
"""

from __future__ import annotations

import importlib.util
import logging
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

from folio.run.cache import Cache
from folio.run.files import file_digest

MATHML = "http://www.w3.org/1998/Math/MathML"
SIZE = 20.0
"""ziamath's drawing units per em."""
MATCH = 486 / 473
"""STIX Two Math's x-height (473/1000) brought to the body face's, Source Serif 4 (486/1000)."""
INK = "#1d1d1f"
"""The text colour of folio's styles: an inline SVG takes no colour from the page around it."""
ZIAMATH_EM = 10.00002 * 1.333 / 10
"""What ziamath makes of 1em, in em (its table converts through points at 1.333 px each)."""
X_HEIGHT = 0.473
LENGTHS = ("width", "height", "depth", "lspace", "rspace", "voffset", "columnspacing", "rowspacing", "framespacing", "minsize", "maxsize")
LENGTH = re.compile(r"(-?(?:\d+\.?\d*|\.\d+))(em|ex|mu)\b")
INTEGRALS = frozenset("∫∬∭⨌∮∯∰∱∲∳")
"""ziamath's operator dictionary makes integrals stretchy: an inline integral grew to the height of its row."""
BINARY = frozenset("∪∩∧∨∗⋅⊎⊓⊔⊖⊘⊙⊚⊛⊝⋄⋆⋉⋊⋋⋌⋏⋎≀⨿∔∸")
"""Binary operators ziamath's dictionary lacks: a medium space (4/18em) each side, as in TeX."""
UNSPACED = frozenset("\u2061\u2062\u2063\u2064′″‴⁗⋯…⋮⋱¬!'")
"""Operators that take no space of their own (invisible ones, primes, dots, a prefix not)."""
CELL_PADDING = 0.4
"""MathML Core's padding on each side of a table cell, in em."""


class Undrawable(Exception):
    """MathML the renderer cannot draw; the message says why, for the author."""


@dataclass(frozen=True, slots=True)
class Drawing:
    """One formula as SVG, and where it sits on the line."""

    view_box: str
    paths: str
    """The outlines, ``<path d="…"/>`` elements, in the view box's units."""
    width: float
    """In em of the surrounding text, as are ``height`` and ``depth``."""
    height: float
    depth: float
    """How far the drawing reaches below the baseline (positive: below)."""
    alt: str = ""
    """What a screen reader says for it (:mod:`folio.maths.speech`)."""


@cache
def font_path() -> Path:
    """STIX Two Math, as ziamath ships it (found without importing ziamath, which takes half a second)."""
    spec = importlib.util.find_spec("ziamath")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("ziamath is not installed; reinstall folio (pip install -e .)")
    return Path(spec.origin).parent / "fonts" / "STIXTwoMath-Regular.ttf"


@cache
def font_characters() -> frozenset[int]:
    """Every code point the maths font draws (kept in folio's cache: reading the font takes a while)."""
    from folio.run.cache import cache_folder

    store = Cache(cache_folder())
    key = ["maths font characters", file_digest(font_path())]
    saved = store.get(key)
    if saved is None:
        from fontTools.ttLib import TTFont

        with TTFont(font_path(), lazy=True) as font:
            saved = sorted(font.getBestCmap() or {})
        store.put(key, saved)
    return frozenset(saved)


def draw(mathml: str, cache_store: Cache | None = None) -> Drawing:
    """Draw pandoc's ``<math>`` element; raise :class:`Undrawable` for what cannot be drawn."""
    key = ("maths-svg", version("ziamath"), file_digest(Path(__file__)), mathml)
    if cache_store is not None and (hit := cache_store.get(key)) is not None:
        if isinstance(hit, str):
            raise Undrawable(hit)
        return Drawing(*hit)  # the alternative text is not kept: it comes from speech.py, whatever this file says
    try:
        drawing = make(mathml)
    except Undrawable as error:
        if cache_store is not None:
            cache_store.put(key, str(error))
        raise
    if cache_store is not None:
        cache_store.put(key, [drawing.view_box, drawing.paths, drawing.width, drawing.height, drawing.depth])
    return drawing


def make(mathml: str) -> Drawing:
    root = prepared(mathml)
    missing = list(dict.fromkeys(char for char in text_of(root) if ord(char) not in font_characters() and not char.isspace()))
    if missing:
        shown = ", ".join(f"{char} (U+{ord(char):04X})" for char in missing[:5])
        raise Undrawable(f"the maths font, STIX Two Math, has no {shown}; write these words outside the maths, or use other characters")
    import ziamath
    from ziamath.config import config

    config.svg2 = False  # plain paths: no <symbol> ids that two formulas on one page would share
    with unknown_elements() as unknown:
        formula = ziamath.Math(root, size=SIZE, margin=0)
        svg = formula.svgxml()
    if unknown:
        raise Undrawable(f"the maths renderer cannot draw MathML <{unknown[0]}>; write the formula another way")
    box = formula.node.bbox
    left, right = min(box.xmin, 0.0), box.xmax
    top, bottom = box.ymax, box.ymin
    paths = "".join(outline(element) for element in svg if element.tag != "title")
    scale = MATCH / SIZE
    return Drawing(
        view_box=f"{number(left)} {number(-top)} {number(right - left)} {number(top - bottom)}",
        paths=paths,
        width=round((right - left) * scale, 4),
        height=round((top - bottom) * scale, 4),
        depth=round(-bottom * scale, 4),
    )


def outline(element: ET.Element) -> str:
    """One drawn element, in the text's colour where ziamath draws in black."""
    for name in ("fill", "stroke"):
        if element.get(name) == "black":
            element.set(name, INK)
    if element.tag == "path" and "d" in element.attrib:
        element.set("d", " ".join(element.get("d", "").split()))
    if element.tag in ("path", "rect") and "fill" not in element.attrib:
        element.set("fill", INK)
    return ET.tostring(element, encoding="unicode", short_empty_elements=True)


def number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


class unknown_elements(logging.Handler):
    """The elements ziamath says it does not know while it draws (it logs each, and draws its content as a row)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.names: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.msg == "Undefined element %s" and record.args:
            self.names.append(str(getattr(record.args[0], "tag", "?")))

    def __enter__(self) -> list[str]:
        root = logging.getLogger()
        self.others = [(handler, handler.level) for handler in root.handlers]
        for handler, _ in self.others:  # the note is answered here, as a located error, not printed
            handler.setLevel(logging.ERROR)
        root.addHandler(self)
        return self.names

    def __exit__(self, *exc) -> None:
        logging.getLogger().removeHandler(self)
        for handler, level in self.others:
            handler.setLevel(level)


def text_of(root: ET.Element) -> str:
    return "".join(root.itertext())


def prepared(mathml: str) -> ET.Element:
    """pandoc's ``<math>`` without its namespace and annotation, its lengths in ziamath's measure, its tables spaced."""
    root = ET.fromstring(mathml)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = element.tag.split("}", 1)[1]
    for semantics in [child for child in root if child.tag == "semantics"]:
        index = list(root).index(semantics)
        root.remove(semantics)
        for offset, child in enumerate(kept for kept in semantics if kept.tag not in ("annotation", "annotation-xml")):
            root.insert(index + offset, child)
    for element in root.iter():
        if element.tag == "mo" and (element.text or "").strip() in INTEGRALS and "stretchy" not in element.attrib:
            element.set("stretchy", "false")  # large in a display, never stretched to the row (MathML Core's dictionary)
        for index, child in enumerate(element):
            if child.tag == "mo" and 0 < index < len(element) - 1:
                space_operator(child)
        if element.tag == "mtable" and "columnspacing" not in element.attrib:
            element.set("columnspacing", column_spacing(element))
        for name in LENGTHS:
            if name in element.attrib:
                element.set(name, LENGTH.sub(ziamath_length, element.get(name, "")))
    return root


def space_operator(operator: ET.Element) -> None:
    """Space an operator between two others the way MathML Core does when ziamath's dictionary does not know it.

    A browser gives an operator its dictionary has no entry for 5/18em each
    side (a relation's thick space); ziamath gives it none, so ⊂, ∪ or ∧
    touched their neighbours in the PDF but not on the web.
    """
    from ziamath.operators import operators

    char = (operator.text or "").strip()
    if len(char) != 1 or char.isalnum() or char in UNSPACED or "lspace" in operator.attrib or "rspace" in operator.attrib:
        return
    if any((char, form) in operators for form in ("infix", "prefix", "postfix")):
        return
    space = "0.2222em" if char in BINARY else "0.2778em"
    operator.set("lspace", space)
    operator.set("rspace", space)


def column_spacing(table: ET.Element) -> str:
    """The gaps between a table's columns, as MathML Core pads its cells (``padding-left: 0`` and the like from pandoc's styles)."""
    rows = [row for row in table if row.tag in ("mtr", "mlabeledtr")]
    widest = max(rows, key=len, default=None)
    if widest is None or len(widest) < 2:
        return f"{2 * CELL_PADDING}em"
    gaps = []
    for left, right in zip(widest, widest[1:], strict=False):
        gaps.append(padding(left, "right") + padding(right, "left"))
    return " ".join(f"{gap:g}em" for gap in gaps)


def padding(cell: ET.Element, side: str) -> float:
    style = cell.get("style", "").replace(" ", "")
    return 0.0 if f"padding-{side}:0" in style else CELL_PADDING


def ziamath_length(match: re.Match) -> str:
    value, unit = float(match.group(1)), match.group(2)
    em = {"em": value, "ex": value * X_HEIGHT, "mu": value / 18}[unit]
    return f"{em / ZIAMATH_EM:.4f}em"
