"""The maths face of the EPUB and the web edition: STIX Two Math, cut down to the book's formulas.

A reading system or browser sets MathML in a maths font (one with an
OpenType MATH table: stretchy brackets, radicals, script sizes); left to
itself it takes whatever the machine has, or none.  So the editions that
carry MathML carry their own, "Folio STIX Math": the font the PDF's drawings are
made from (:mod:`folio.maths.draw`), subset to the characters of the book's
``<math>`` elements.  A browser draws a single-letter ``<mi>`` in its
mathematical italic form (𝑥 for x, MathML Core's ``math-auto``), so those
forms of every Latin and Greek letter come along; every OpenType feature and
the MATH table's variants and constructions are kept.
"""

from __future__ import annotations

import io
from pathlib import Path

from folio.assemble.subsets import EmbeddedFont, fonttools_version, rename
from folio.maths.draw import font_characters, font_path
from folio.run.cache import remembered_bytes
from folio.run.files import file_digest
from folio.source.fonts.faces import Face

FAMILY = "Folio STIX Math"
RULE = '\nmath { font-family: "Folio STIX Math", math; }\n'
"""MathML set in the maths face; written with its ``@font-face``, so an edition without maths names no face it lacks."""
MATHML = "{http://www.w3.org/1998/Math/MathML}math"
ITALIC = {
    **{chr(ord("A") + n): chr(0x1D434 + n) for n in range(26)},
    **{chr(ord("a") + n): chr(0x1D44E + n) for n in range(26)},
    **{chr(0x391 + n): chr(0x1D6E2 + n) for n in range(25) if n != 17},
    **{chr(0x3B1 + n): chr(0x1D6FC + n) for n in range(25)},
    "h": "\u210e",
    "ı": "\U0001d6a4",
    "ȷ": "\U0001d6a5",
}
"""Letters and their mathematical italic forms (``h`` is Planck's constant, U+210E)."""


def face() -> Face:
    return Face(file=font_path(), family=FAMILY, weight=400, style="normal", script="math")


def maths_text(root) -> str:
    """The text of every ``<math>`` element under ``root`` (HTML or XHTML)."""
    return "".join(
        "".join(element.itertext()) for element in root.iter() if isinstance(element.tag, str) and element.tag in ("math", MATHML)
    )


def maths_font(text: str, flavor: str | None = None) -> EmbeddedFont | None:
    """Folio STIX Math subset to ``text`` and its italic letters; ``None`` when there is no maths."""
    if not text.strip():
        return None
    wanted = {ord(char) for char in text if not char.isspace()}
    wanted |= {ord(italic) for letter, italic in ITALIC.items() if ord(letter) in wanted}
    wanted |= {ord(char) for char in "0123456789()[]{}+−=,.√"}  # a radical draws √ though the text has none
    wanted &= font_characters()
    key = ("maths-font", file_digest(font_path()), sorted(wanted), file_digest(Path(__file__)), fonttools_version(), flavor)
    data = remembered_bytes(key, lambda: subset(wanted, flavor))
    extension = flavor or "ttf"
    return EmbeddedFont(
        name=f"FolioSTIXMath-Regular.{extension}",
        data=data,
        family=FAMILY,
        weight=400,
        style="normal",
        script="math",
        characters=len(wanted),
    )


def subset(unicodes: set[int], flavor: str | None) -> bytes:
    from fontTools import subset as fontsubset
    from fontTools.ttLib import TTFont

    options = fontsubset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    options.notdef_outline = True
    options.flavor = flavor
    with TTFont(font_path(), recalcTimestamp=False, recalcBBoxes=True) as font:
        subsetter = fontsubset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        rename(font, face())
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()
