"""Footnotes in WeasyPrint 70: kept with their calls, and a long one split across pages rather than leave a page short.

Two decisions of WeasyPrint's ``_linebox_layout`` (``weasyprint/layout/block.py``) are changed:

- When the second line of a paragraph (the line that would satisfy
  ``orphans``) no longer fits, WeasyPrint defers the page's last footnote to
  the next page to make room for it, although the note's call stays where it
  was ("first try to report footnotes").  :func:`keep_notes_with_calls` turns
  that decision off, so the paragraph moves to the next page whole and the
  note keeps its page.
- When a line calls a note too tall for what is left of the page,
  ``footnote-policy: line`` moves the line to the next page, and the page
  ends short by the note's height: a quarter of a page for a long note.
  :func:`split_note` sets the note's first lines (two at least) at the foot
  of the call's page instead, as many as fit, and its other lines (two at
  least) first at the foot of the next page, as a typesetter splits a long
  note.  A note is split only where both parts keep two lines; otherwise
  the line moves on, as before.

Both are made on WeasyPrint's own source text, once, and refuse to run if
that text is not the one they know (:func:`folio.pdf.weasy.patches.expect_source`;
:mod:`folio.pdf.layout.notes` checks the result).  The parts of a split note are
copies of its box: the first laid out to a number of lines (``max_lines``),
the second from where the first stopped (a skip stack), through
:func:`lay_out_part`.

Unnecessary when WeasyPrint no longer defers a page's last footnote to fit
one more line (it has since its fix for Kozea/WeasyPrint#2432, pull request
#2437) and splits a note too long for its call's page itself.
"""

from __future__ import annotations

import functools
import inspect

from folio.pdf.weasy.patches import expect, expect_source

DEFERRING = "report = not context.in_column and can_break_now and not could_break_before"
"""WeasyPrint's condition for deferring the page's notes to fit one more line."""
MOVING = "                if overflow:\n                    context.report_footnote(footnote)"
"""Where WeasyPrint moves a note that does not fit (and, with ``footnote-policy: line``, its line) to the next page."""
SPLITTING = (
    "                if overflow and not _folio_split_note(context, footnote, bottom_space, new_position_y + offset_y):\n"
    "                    context.report_footnote(footnote)"
)
LINES_EACH = 2
"""Lines a split note keeps on each page, at the least."""
SPLITS = "folio_split_notes"
"""On the layout context: each split note's id → (its first part, its second part)."""
SIGNATURES = {
    "weasyprint.layout.block:_linebox_layout": (
        "(context, box, index, child, new_children, page_is_empty, absolute_boxes, fixed_boxes, adjoining_margins, "
        "bottom_space, position_y, skip_stack, first_letter_style, first_line_style, draw_bottom_decoration, max_lines)"
    ),
    "weasyprint.layout.block:block_container_layout": (
        "(context, box, bottom_space, skip_stack, page_is_empty, absolute_boxes, fixed_boxes, adjoining_margins, "
        "first_letter_style, first_line_style, discard, max_lines)"
    ),
    "weasyprint.layout.block:block_level_layout": (
        "(context, box, bottom_space, skip_stack, containing_block, page_is_empty=True, absolute_boxes=None, fixed_boxes=None, "
        "adjoining_margins=None, first_letter_style=None, first_line_style=None, discard=False, max_lines=None)"
    ),
    "weasyprint.layout:LayoutContext.unlayout_footnote": "(self, footnote)",
    "weasyprint.layout:LayoutContext._update_footnote_area": "(self)",
    "weasyprint.layout:LayoutContext.overflows_page": "(self, bottom_space, position_y)",
    "weasyprint.formatting_structure.build:create_anonymous_boxes": "(box)",
}
"""What this module rewrites, wraps or calls in WeasyPrint, with the signature each had when it was written."""

_patched = False


def check() -> str:
    """Stop unless ``_linebox_layout`` holds :data:`DEFERRING` and :data:`MOVING` once each; its source, to rewrite."""
    return expect_source(__name__, "weasyprint.layout.block:_linebox_layout", DEFERRING, MOVING)


def keep_notes_with_calls() -> None:
    """Never defer a note whose call stays on its page to fit one more line there; split a long note rather than leave a page short."""
    global _patched
    if _patched:
        return
    from weasyprint.layout import LayoutContext, block

    expect(__name__, SIGNATURES)
    source = check()
    code = compile(source.replace(DEFERRING, "report = False").replace(MOVING, SPLITTING), inspect.getsourcefile(block), "exec")
    namespace: dict = {}
    block.__dict__["_folio_split_note"] = split_note
    exec(code, block.__dict__, namespace)
    block._linebox_layout = namespace["_linebox_layout"]

    layout = block.block_container_layout

    @functools.wraps(layout)
    def lay_out_part(context, box, bottom_space, skip_stack, page_is_empty, *args, **kwargs):
        """A part of a split note: the first to its lines, the second from where the first stopped."""
        if skip_stack is None and getattr(box, "folio_skip", None) is not None:
            skip_stack = box.folio_skip
        if getattr(box, "folio_lines", None) is not None:
            if len(args) == 7:  # absolute_boxes … discard, max_lines
                args = (*args[:6], box.folio_lines)
            else:
                kwargs["max_lines"] = box.folio_lines
        return layout(context, box, bottom_space, skip_stack, page_is_empty, *args, **kwargs)

    block.block_container_layout = lay_out_part

    unlayout = LayoutContext.unlayout_footnote

    @functools.wraps(unlayout)
    def unlayout_footnote(context, footnote) -> None:
        """A note taken back (its line went to the next page after all): its parts go, the note waits whole."""
        parts = context.__dict__.get(SPLITS, {}).pop(id(footnote), None)
        if parts is not None:
            first, second = parts
            if first in context.current_page_footnotes:
                context.current_page_footnotes.remove(first)
            if second in context.reported_footnotes:
                context.reported_footnotes.remove(second)
            context.current_page_footnotes.append(footnote)  # where WeasyPrint looks for it
        unlayout(context, footnote)

    LayoutContext.unlayout_footnote = unlayout_footnote
    _patched = True


def split_note(context, footnote, bottom_space: float, line_bottom: float) -> bool:
    """Set ``footnote``'s first lines on this page and the rest first on the next; ``False`` when it cannot be split.

    Called where the note was just added to the page's note area and did not fit.
    """
    from weasyprint.formatting_structure import build
    from weasyprint.formatting_structure.boxes import LineBox
    from weasyprint.layout.block import block_level_layout

    if context.in_column or context.reported_footnotes or footnote.style["footnote_policy"] != "line":
        return False
    if footnote not in context.current_page_footnotes:
        return False
    holder = context.current_footnote_area
    shown = holder.children
    holder.children = [footnote]  # the note alone in the page's note area, as WeasyPrint lays the area out
    try:
        alone = build.create_anonymous_boxes(holder.deepcopy())
    finally:
        holder.children = shown
    area = block_level_layout(context, alone, -float("inf"), None, holder.page)[0]
    if area is None or len(area.children) != 1:
        return False
    lines = area.children[0].children
    if len(lines) < 2 * LINES_EACH or not all(isinstance(line, LineBox) for line in lines):
        return False  # a note of several blocks, or too short to leave two lines on each page
    index = context.current_page_footnotes.index(footnote)
    for kept in range(len(lines) - LINES_EACH, LINES_EACH - 1, -1):
        first = footnote.copy()
        first.folio_lines = kept
        context.current_page_footnotes[index] = first
        overflow = context._update_footnote_area()
        if not overflow and not context.overflows_page(bottom_space, line_bottom):
            second = footnote.copy()
            second.folio_skip = {0: lines[kept - 1].resume_at}
            context.reported_footnotes.append(second)
            context.__dict__.setdefault(SPLITS, {})[id(footnote)] = (first, second)
            return True
    context.current_page_footnotes[index] = footnote
    context._update_footnote_area()
    return False
