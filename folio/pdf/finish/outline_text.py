"""Bookmarks without the marks that only guide line breaking.

The PDF's text of Khmer, Lao, Myanmar, Thai and Korean carries zero-width
spaces and word joiners (:mod:`folio.assemble.wordbreaks`); they draw
nothing, but a bookmark's title is text a reader shows and searches, so
they are taken out of every outline item's ``/Title``.
"""

from __future__ import annotations

import pikepdf

from folio.assemble.wordbreaks import WORD_JOINER, ZWSP


def clean_outline_titles(pdf: pikepdf.Pdf) -> None:
    """Take the line-breaking marks out of every bookmark title."""
    outlines = pdf.Root.get("/Outlines")
    if outlines is None:
        return
    stack = [outlines.get("/First")]
    seen: set[tuple[int, int]] = set()
    while stack:
        item = stack.pop()
        if item is None or item.objgen in seen:
            continue
        seen.add(item.objgen)
        title = str(item.get("/Title", ""))
        if ZWSP in title or WORD_JOINER in title:
            item.Title = pikepdf.String(title.replace(ZWSP, "").replace(WORD_JOINER, ""))
        stack += [item.get("/Next"), item.get("/First")]
