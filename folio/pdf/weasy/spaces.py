"""Justified lines stretch the spaces between words, never the spaces inside code.

WeasyPrint 70 justifies a line by widening every space of it, those of an
inline ``<code>`` too, so ``git add dist/report.pdf`` in a justified line
reads ``git   add   dist/report.pdf``, and a reader copying it cannot tell
how many spaces there are.  Text whose style sets the custom property
``--folio-justify: none`` (``styles/code.css`` sets it on code, and it is
inherited by what code holds) is left out of the justification: its spaces
keep their width and the line's other spaces take up the difference.

Unnecessary when CSS has a property to exempt an element's spaces from
justification and WeasyPrint reads it; not proposed upstream yet.
"""

from __future__ import annotations

import functools

from folio.pdf.weasy.patches import expect, expect_source

SIGNATURES = {
    "weasyprint.layout.inline:count_expandable_spaces": "(box)",
    "weasyprint.layout.inline:add_word_spacing": "(context, box, justification_spacing, x_advance)",
}
"""What this module wraps or calls in WeasyPrint, with the signature each had when it was written."""
RECURSIONS = {
    "weasyprint.layout.inline:count_expandable_spaces": "count_expandable_spaces(child)",
    "weasyprint.layout.inline:add_word_spacing": "x_advance = add_word_spacing(",
}
"""Where each calls itself through its module's name: the wraps here see a line's children only through those calls."""

_patched = False


def keeps_its_spaces(box) -> bool:
    """Whether a text box's spaces keep their width in a justified line (``--folio-justify: none``)."""
    value = box.style["__folio_justify"]
    return bool(value) and any(getattr(token, "value", None) == "none" for token in value)


def check() -> None:
    """Stop unless both functions still call themselves by their module's name (:data:`RECURSIONS`)."""
    for name, recursion in RECURSIONS.items():
        expect_source(__name__, name, recursion)


def keep_code_spaces() -> None:
    """Wrap WeasyPrint's counting and widening of a justified line's spaces (once)."""
    global _patched
    if _patched:
        return
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline

    expect(__name__, SIGNATURES)
    check()
    count = inline.count_expandable_spaces
    widen = inline.add_word_spacing

    # both recurse through the module's own names, so their children come back here
    @functools.wraps(count)
    def count_expandable_spaces(box):
        if isinstance(box, boxes.TextBox) and keeps_its_spaces(box):
            return 0
        return count(box)

    @functools.wraps(widen)
    def add_word_spacing(context, box, justification_spacing, x_advance):
        if isinstance(box, boxes.TextBox) and keeps_its_spaces(box):
            box.position_x += x_advance
            return x_advance
        return widen(context, box, justification_spacing, x_advance)

    inline.count_expandable_spaces = count_expandable_spaces
    inline.add_word_spacing = add_word_spacing
    _patched = True
