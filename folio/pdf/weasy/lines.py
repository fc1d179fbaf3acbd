"""No word stranded on a line of its own because of the space after the last word of a line.

When a run of text ends with a space just before an inline element (a
``<span class="keep-word">``, a link, a citation) and that run, without its
final space, exactly fills a line, WeasyPrint 70 counts the space, finds the
line too wide, and breaks after the run's first word instead: a justified
paragraph gets a line holding one word (often the tail of a hyphenated word,
``Mar‐`` / ``ket``) and a gap to the right margin.  A space at the end of a line
is collapsed and takes no room (CSS Text 3, white space processing), so
:func:`fit_lines_without_final_space` lays such a run out whole when it fits
without its final spaces; the inline element after it goes to the next line,
as it would have anyway.

Unnecessary when WeasyPrint leaves a collapsible space at the end of a line
out of the line's width (CSS Text 3, white space processing) before it
chooses where the line breaks; not proposed upstream yet.
"""

from __future__ import annotations

import functools
from math import inf

from folio.pdf.weasy.longwords import longest_line
from folio.pdf.weasy.patches import expect

SIGNATURES = {
    "weasyprint.layout.inline:split_first_line": (
        "(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False)"
    ),
    "weasyprint.text.line_break:create_layout": "(text, style, context, max_width, justification_spacing)",
    "weasyprint.text.line_break:line_size": "(line, style)",
}
"""What this module wraps or calls in WeasyPrint, with the signature each had when it was written."""

_patched = False


def fit_lines_without_final_space() -> None:
    """Wrap WeasyPrint's line splitter used for the text of paragraphs (once)."""
    global _patched
    if _patched:
        return
    from weasyprint.layout import inline
    from weasyprint.text.line_break import create_layout, line_size

    expect(__name__, SIGNATURES)
    split = inline.split_first_line

    @functools.wraps(split)
    def split_first_line(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
        found = split(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        collapses = style["white_space"] in ("normal", "nowrap", "pre-line")
        if found[2] is None or not collapses or max_width in (None, inf) or not text.endswith(" "):
            return found
        if len(text) > longest_line(style["font_size"], max_width):
            return found  # more than a line can hold: laying it all out for each line would cost its length squared
        words = text.rstrip(" ")
        layout = create_layout(words, style, context, max_width, justification_spacing)
        line, resume = layout.get_first_line()
        if resume is not None or line_size(line, style)[0] > max_width:
            return found
        return split(text, style, context, inf, justification_spacing, is_line_start, minimum)

    inline.split_first_line = split_first_line
    _patched = True
