"""No more than two hyphenated lines in a row, decided while the lines are made.

WeasyPrint 70 has no ``hyphenate-limit-lines``.  :func:`limit_hyphenated_lines`
gives its line breaker one: as a paragraph's lines are made, one after the
other (``weasyprint.layout.inline.iter_line_boxes``), it counts the lines in a
row that end in a hyphen, and while the next line would be the third, that
line is broken with automatic hyphenation off (``hyphens: manual`` for the
one line, so a soft hyphen the author wrote still counts).  The line's words
go on whole to the next line, as a typesetter would set them; the same words
elsewhere keep their hyphenation.

A paragraph split over a page break resumes where its last line ended; the
count is kept for that point, so a run is broken across the break too.
:mod:`folio.pdf.layout.hyphens` reads the finished layout back and keeps words whole
document-wide for the rare run this leaves (a line that ends in a hyphen the
text itself holds).

Unnecessary when WeasyPrint has ``hyphenate-limit-lines`` (CSS Text 4): then
this module goes and the stylesheet says ``hyphenate-limit-lines: 2``.
"""

from __future__ import annotations

import functools

from folio.pdf.weasy import line_end
from folio.pdf.weasy.patches import expect

AUTO_HYPHEN = "\u2010"
"""What WeasyPrint sets at the end of a line it hyphenated (the default ``hyphenate-character``)."""
HYPHENATED = (AUTO_HYPHEN, "-", "\u00ad")
LONGEST_RUN = 2
CODE = ("pre", "code", "kbd", "samp", "tt")
"""Where a line's last text is in one of these, a hyphen ending it is the code's own."""

HOLD = "folio_hold_hyphens"
"""Set on WeasyPrint's layout context while a line must not end in an automatic hyphen."""
RUNS = "folio_hyphenated_runs"
"""On the layout context: for each point a paragraph may resume at, the hyphenated lines in a row that end there."""

SIGNATURES = {
    "weasyprint.layout.block:iter_line_boxes": (
        "(context, box, position_y, bottom_space, skip_stack, containing_block, absolute_boxes, fixed_boxes, "
        "first_letter_style, first_line_style)"
    ),
    "weasyprint.layout.inline:split_first_line": (
        "(text, style, context, max_width, justification_spacing, is_line_start=True, minimum=False)"
    ),
}
"""What this module wraps or calls in WeasyPrint, with the signature each had when it was written."""

_patched = False


def hyphenated(line) -> bool:
    """Whether a line box ends in an automatic hyphen, or in one the text holds outside code (reads its last text only)."""
    text, tag = line_end(line)
    return text.endswith(AUTO_HYPHEN) or (text.endswith(HYPHENATED) and tag.partition("::")[0] not in CODE)


def limit_hyphenated_lines() -> None:
    """Wrap WeasyPrint's line maker and line splitter (once): see the module's docstring."""
    global _patched
    if _patched:
        return
    from weasyprint.layout import block, inline

    expect(__name__, SIGNATURES)
    make_lines = block.iter_line_boxes
    split = inline.split_first_line

    @functools.wraps(make_lines)
    def iter_line_boxes(context, box, position_y, bottom_space, skip_stack, *rest):
        runs = context.__dict__.setdefault(RUNS, {})
        paragraph = (id(box.element), id(box.style))
        count = 0 if skip_stack is None else runs.get((paragraph, frozen(skip_stack)), 0)
        lines = make_lines(context, box, position_y, bottom_space, skip_stack, *rest)
        while True:
            held = getattr(context, HOLD, False)
            setattr(context, HOLD, count >= LONGEST_RUN)
            try:
                line, resume_at = next(lines)
            except StopIteration:
                return
            finally:
                setattr(context, HOLD, held)
            count = count + 1 if hyphenated(line) else 0
            if resume_at is not None:
                runs[(paragraph, frozen(resume_at))] = count
            yield line, resume_at

    @functools.wraps(split)
    def split_first_line(text, style, context, *rest, **named):
        if not getattr(context, HOLD, False) or style["hyphens"] != "auto":
            return split(text, style, context, *rest, **named)
        style["hyphens"] = "manual"
        try:
            return split(text, style, context, *rest, **named)
        finally:
            style["hyphens"] = "auto"

    block.iter_line_boxes = iter_line_boxes
    inline.split_first_line = split_first_line
    _patched = True


def frozen(skip_stack):
    """A skip stack (WeasyPrint's nested dicts of child indexes) as a key."""
    if not isinstance(skip_stack, dict):
        return skip_stack
    return tuple(sorted((index, frozen(inner)) for index, inner in skip_stack.items()))
