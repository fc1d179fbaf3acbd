"""A box split across pages ends, on the first page, with its last line.

WeasyPrint 70 stretches every block that breaks across pages down to the
foot of the page (``block_container_layout``: "make the box fill the blank
space at the bottom of the page").  Where the break came early (a heading
kept with two lines of its text, a figure that did not fit) a tinted panel
such as the recommendations then shows centimetres of empty tint at the page
foot, and a ruled box a rule running on past its text.
:func:`end_split_boxes_at_their_content` sets such a box's height back to what
its content takes, so what is left at the page foot is white page, as after
any other break.  Table cells keep WeasyPrint's behaviour: a row split across
pages keeps its cells level.

Unnecessary when WeasyPrint ends a block split across pages with its content
rather than filling the page foot with it on purpose ("make the box fill the
blank space at the bottom of the page"); not proposed upstream yet.
"""

from __future__ import annotations

import functools
from math import inf

from folio.pdf.weasy.patches import expect

SIGNATURES = {
    "weasyprint.layout.block:block_container_layout": (
        "(context, box, bottom_space, skip_stack, page_is_empty, absolute_boxes, fixed_boxes, adjoining_margins, "
        "first_letter_style, first_line_style, discard, max_lines)"
    ),
}
"""What this module wraps or calls in WeasyPrint, with the signature each had when it was written."""

_patched = False


def end_split_boxes_at_their_content() -> None:
    """Wrap WeasyPrint's layout of block containers in the normal flow (once)."""
    global _patched
    if _patched:
        return
    from weasyprint.layout import block

    expect(__name__, SIGNATURES)
    layout = block.block_container_layout

    @functools.wraps(layout)
    def block_container_layout(context, box, bottom_space, skip_stack, page_is_empty, *args, **kwargs):
        auto = box.height == "auto"
        result = layout(context, box, bottom_space, skip_stack, page_is_empty, *args, **kwargs)
        new_box, resume_at = result[0], result[1]
        if new_box is not None and resume_at is not None and auto and bottom_space > -inf and not new_box.is_column:
            top = new_box.content_box_y()
            bottom = max((child.position_y + child.margin_height() for child in new_box.children if child.is_in_normal_flow()), default=top)
            new_box.height = min(new_box.height, max(0, bottom - top))
        return result

    block.block_container_layout = block_container_layout
    _patched = True
