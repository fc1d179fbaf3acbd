"""WeasyPrint 70 defers a page's last note to fit one more line: turn that one decision off.

When the second line of a paragraph (the line that would satisfy ``orphans``)
no longer fits, WeasyPrint defers the page's last footnote to the next page to
make room for it, although the note's call stays where it was
(``weasyprint/layout/block.py``, ``_linebox_layout``: "first try to report
footnotes").  :func:`keep_notes_with_calls` turns that decision off, so the
paragraph moves to the next page whole and the note keeps its page.  The
change is made on WeasyPrint's own source text, once, and refuses to run if
that text is not the one it knows (:mod:`folio.pdf.notes` checks the result).
"""

from __future__ import annotations

import inspect
import textwrap

DEFERRING = "report = not context.in_column and can_break_now and not could_break_before"
"""WeasyPrint's condition for deferring the page's notes to fit one more line."""

_patched = False


def keep_notes_with_calls() -> None:
    """Never defer a note whose call stays on the page just to fit one more line there."""
    global _patched
    if _patched:
        return
    from weasyprint.layout import block

    lines, first = inspect.getsourcelines(block._linebox_layout)
    source = "\n" * (first - 1) + textwrap.dedent("".join(lines))
    if source.count(DEFERRING) != 1:
        raise RuntimeError("folio.pdf.weasy.notes knows WeasyPrint 70's _linebox_layout; this WeasyPrint lays out notes differently")
    code = compile(source.replace(DEFERRING, "report = False"), inspect.getsourcefile(block), "exec")
    namespace: dict = {}
    exec(code, block.__dict__, namespace)
    block._linebox_layout = namespace["_linebox_layout"]
    _patched = True
