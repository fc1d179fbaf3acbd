"""Long words laid out in time proportional to their length.

WeasyPrint 70 makes each line of a paragraph from the text still to be set,
and where that text starts with a word too long for the line (a pasted hash,
a URL, a run of letters with no space) it lays the whole rest of the word out
again for every line: once to find that it does not fit, once per place the
hyphenation dictionary offers to cut it, once more to break it at any
character.  A word of n characters set on n/80 lines costs n²/80 and more:
a 2,000-letter word took 27 s, a 50,000-letter one hours.

:func:`bounded_line_breaking` hands WeasyPrint's line splitter a window of
the text instead of all of it, wherever a long unbroken run starts within the
line: enough characters to fill the line several times over (at a quarter of
the font size each, the narrowest a text face sets), so the line it makes,
its hyphenation and its break are the same as with the whole text.  Should
the line reach the end of the window after all (a run of zero-width
characters), the whole text is laid out as before.  A line that starts with
such a run (:data:`RUN` characters or more: no word of any language) breaks it
where the line ends, as ``overflow-wrap`` says, without trying each place
the hyphenation dictionary offers.  Text with no long run is left to
WeasyPrint untouched.

Unnecessary when WeasyPrint's line breaking lays out only as much of a long
word as a line can hold; not proposed upstream yet: a speed-up only.
"""

from __future__ import annotations

import functools
import re
from math import inf

from folio.pdf.weasy.patches import differs, expect

RUN = 64
"""Characters without white space from which a run is long enough to be windowed."""
LONG_RUN = re.compile(rf"\S{{{RUN},}}")
NARROWEST = 0.25
"""A character's width, in ems, below which text faces do not go (a thin space is 0.2, an "i" 0.25 to 0.3)."""
LINES_PER_WINDOW = 3
MINIMUM_WINDOW = 4 * RUN

SIGNATURES = {
    "weasyprint.text.line_break:split_first_line": (
        "(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False)"
    ),
}
"""What this module wraps in WeasyPrint, with the signature it had when it was written."""

_patched = False


def longest_line(font_size: float, max_width: float) -> int:
    """More characters than a line ``max_width`` wide can hold at ``font_size``, however narrow they are."""
    return int(max(max_width, 0) / ((font_size or 1) * NARROWEST)) + 1


def window(text: str, font_size: float, max_width: float, breaks_anywhere: bool) -> str | None:
    """The part of ``text`` to lay the first line out from, or ``None`` to lay out the whole text."""
    if max_width is None or max_width == inf or not font_size or len(text) <= MINIMUM_WINDOW:
        return None
    if max_width <= 0 and not breaks_anywhere:
        return None  # the narrowest line holds the first word whole, however long: one pass over it
    size = max(MINIMUM_WINDOW, LINES_PER_WINDOW * longest_line(font_size, max_width))
    if len(text) <= size or not LONG_RUN.search(text, 0, size + RUN):
        return None
    return text[:size]


def check() -> None:
    """Stop unless the layout and the preferred widths call the line splitter by its own name (where the wrap is put)."""
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    for caller in (inline, preferred):
        if caller.__dict__.get("split_first_line") is not line_break.split_first_line:
            differs(__name__, f"{caller.__name__} calling line_break.split_first_line by its own name", "here it does not")


def bounded_line_breaking() -> None:
    """Wrap WeasyPrint's line splitter where the layout, the preferred widths and SVG text find it (once)."""
    global _patched
    if _patched:
        return
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    expect(__name__, SIGNATURES)
    check()
    split = line_break.split_first_line

    @functools.wraps(split)
    def split_first_line(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False):
        breaks_anywhere = style["word_break"] == "break-all" or style["overflow_wrap"] == "anywhere"
        part = window(text, style["font_size"], max_width, breaks_anywhere)
        if part is None:
            return split(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        hyphens = style["hyphens"]
        if hyphens == "auto" and LONG_RUN.match(part.lstrip()):
            style["hyphens"] = "manual"  # a run this long is no word of a language: it breaks where the line ends
        try:
            found = split(part, style, context, max_width, justification_spacing, is_line_start, minimum)
            if found[2] is None or found[2] >= len(part.encode()) * 2 // 3:
                found = split(text, style, context, max_width, justification_spacing, is_line_start, minimum)
        finally:
            style["hyphens"] = hyphens
        return found

    line_break.split_first_line = split_first_line
    inline.split_first_line = split_first_line
    preferred.split_first_line = split_first_line
    _patched = True
