"""A footnote is set at the foot of the page that calls it, or the build says where it could not be.

WeasyPrint 70 has one way of filling a page that moves a note away from its
call: when the second line of a paragraph (the line that would satisfy
``orphans``) no longer fits, it defers the page's last footnote to the next
page to make room for that line, although the note's call stays where it was
(``weasyprint/layout/block.py``, ``_linebox_layout``: "first try to report
footnotes").  :func:`keep_notes_with_calls` turns that one decision off, so
the paragraph moves to the next page whole, as it would on a page without
notes; the note keeps its page (:mod:`folio.pdf.weasy.notes`).

What is left (a note too tall for the rest of its page) is found by
:func:`late_notes` on the layout that is painted and reported at the line of
the note's call.
"""

from __future__ import annotations

import re

from folio.errors import Problem
from folio.pdf.layout.checks import Expected, Item, Survey, notes_set_late, quote_words

CALL = re.compile(r"\^\[|\[\^[^\]\s]+\](?!:)")
"""A note call in Markdown: an inline note ``^[…]`` or a reference ``[^label]`` that is not a definition."""


def call_line(item: Item, expected: Expected) -> int | None:
    """The line of the ``item.number``-th note call in the item's source file."""
    start, text = expected.texts.get(item.source, (0, ""))
    calls = list(CALL.finditer(text))
    if not 0 < item.number <= len(calls):
        return None
    return start + text.count("\n", 0, calls[item.number - 1].start())


def late_notes(found: Survey, expected: Expected) -> list[Problem]:
    """Each note set on another page than its call, at the line of the call."""
    return [
        Problem(
            item.source,
            call_line(item, expected),
            f"footnote {item.number} ({quote_words(item.text)}) would be printed on page {min(item.pages) + 1} of the PDF, "
            f"away from its call on page {item.call_page + 1}; the build stopped rather than publish it there "
            "(shorten the note, or move its call earlier in the paragraph)",
        )
        for item in notes_set_late(found)
    ]
