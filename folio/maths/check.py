"""Stage 2 for maths: every formula of the report read and drawn once, each problem at its line.

A formula pandoc's TeX reader cannot read, or the renderer cannot draw, is a
located error that says what to change; it never reaches an edition as TeX
source, nor is it dropped.  What could be drawn is kept, keyed by the formula,
for the PDF (:mod:`folio.maths.html`).
"""

from __future__ import annotations

from dataclasses import replace

from folio.errors import quote
from folio.maths.draw import Drawing, Undrawable, draw
from folio.maths.html import spoken
from folio.maths.speech import speak
from folio.maths.tex import Formula, as_written, formulas, read, unbalanced
from folio.run.cache import Cache

Key = tuple[bool, str]
"""A formula as the editions meet it: (display, its TeX on one line)."""


def check_maths(inspected: list, api_version: list, cache: Cache | None) -> dict[Key, Drawing]:
    """Read and draw the formulas of every ``(source, document, blocks, inspector)``; report problems through each inspector."""
    found: dict[Formula, list] = {}
    for _source, _document, blocks, inspector in inspected:
        for formula in formulas(blocks):
            found.setdefault(formula, []).append(inspector)
    items = list(found)
    drawings: dict[Key, Drawing] = {}
    for formula, reading in zip(items, read(items, api_version, cache), strict=True):
        for inspector in found[formula]:
            if reading.mathml is None:
                reason, offset = unbalanced(formula.tex) or (reading.reason, reading.offset)
                message = f"TeX maths {shown(formula, offset)} cannot be set: {reason}"
                inspector.problems.add(inspector.source.path, where(inspector, formula, offset), message)
                continue
            line = where(inspector, formula, None)
            try:
                drawing = draw(reading.mathml, cache)
                drawings[(formula.display, spoken(formula.tex))] = replace(drawing, alt=speak(reading.mathml))
            except Undrawable as error:
                inspector.problems.add(inspector.source.path, line, f"TeX maths {shown(formula, None)} cannot be set: {error}")
    return drawings


def where(inspector, formula: Formula, offset: int | None) -> int:
    """The line of the formula in its source, or of the place in it where the reader stopped."""
    first = as_written(formula.tex).split("\n")[0].strip()
    start = inspector.line(first or ("$$" if formula.display else "$"))
    anchor = formula.tex.find(first) if first else -1
    if offset is None or anchor < 0 or offset <= anchor:
        return start
    return start + formula.tex.count("\n", anchor, offset)


def shown(formula: Formula, offset: int | None) -> str:
    """The TeX to quote, as written: the line where the reader stopped, else the formula (shortened by ``quote``)."""
    tex = formula.tex
    written = as_written(tex)
    if offset is not None:
        begin = tex.rfind("\n", 0, offset) + 1
        end = tex.find("\n", offset)
        line = as_written(tex[begin : end if end >= 0 else len(tex)])
        if line and line != written:
            return quote(line)
    return quote(" ".join(written.split()))
