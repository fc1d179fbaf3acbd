"""Formulas in the PDF's structure tree: ``Formula``, with the TeX as ``/Alt``.

WeasyPrint tags every inline SVG as a ``Figure`` whose ``/Alt`` is the SVG's
``<title>``.  The drawing of a formula starts its title with
:data:`folio.maths.html.FORMULA_MARK`; here each such element becomes a
``Formula`` (PDF/UA: a formula is tagged as one and carries its alternate
description), and the mark leaves the ``/Alt``, which holds the formula read
aloud (:mod:`folio.maths.speech`).
"""

from __future__ import annotations

from collections.abc import Iterable

import pikepdf
from pikepdf import Dictionary, Name

from folio.maths.html import FORMULA_MARK


def tag_formulas(pdf: pikepdf.Pdf, elements: Iterable[Dictionary]) -> int:
    """Turn the drawn formulas among ``elements`` into ``Formula`` elements; how many there were.

    The spoken form is English: in a document of another language, each says so (``/Lang (en)``).
    """
    language = str(pdf.Root.get("/Lang", ""))
    count = 0
    for element in elements:
        if element.get("/S") != Name.Figure:
            continue
        alt = element.get("/Alt")
        text = str(alt) if isinstance(alt, pikepdf.String) else ""
        if not text.startswith(FORMULA_MARK):
            continue
        element.S = Name.Formula
        element.Alt = pikepdf.String(text.removeprefix(FORMULA_MARK))
        if language and not language.lower().startswith("en"):
            element.Lang = pikepdf.String("en")
        count += 1
    return count
