"""Footnotes waiting for their page, looked up in a set: layout time in proportion to the pages, not the notes squared.

WeasyPrint 70 keeps every footnote not yet placed in one list,
``LayoutContext.footnotes``, and for each line it sets asks of every box on
the line whether its footnote is in that list
(``weasyprint/layout/block.py``, ``_linebox_layout``:
``descendant.footnote in context.footnotes``), most boxes asking about
``None``.  A list answers by comparing with each of its items, so every line
costs as much as the notes still to come: 10,000 notes gave no PDF in
600 s.  :func:`look_up_waiting_notes` gives the layout context a list that
also keeps the identities of its items in a set and answers ``in`` from it;
items, order and every other answer stay the list's own, so the pages are the
same.

Unnecessary when WeasyPrint keeps its waiting footnotes where ``in`` is
answered without a walk through them; not proposed upstream yet: a speed-up
only.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable

from folio.pdf.weasy.patches import differs, expect

SIGNATURES = {
    "weasyprint.layout:LayoutContext.__init__": "(self, style_for, get_image_from_uri, font_config, counter_style, target_collector)",
}
"""What this module wraps in WeasyPrint, with the signature it had when it was written."""

_patched = False


class Waitlist(list):
    """A list whose ``in`` is answered from the identities of its items (a box is equal only to itself)."""

    def __init__(self, items: Iterable = ()) -> None:
        super().__init__(items)
        self._held = Counter(id(item) for item in self)

    def __contains__(self, item) -> bool:
        return id(item) in self._held

    def _add(self, items: Iterable) -> None:
        for item in items:
            self._held[id(item)] += 1

    def _drop(self, item) -> None:
        left = self._held[id(item)] - 1
        if left > 0:
            self._held[id(item)] = left
        else:
            del self._held[id(item)]

    def append(self, item) -> None:
        super().append(item)
        self._add((item,))

    def extend(self, items: Iterable) -> None:
        items = list(items)
        super().extend(items)
        self._add(items)

    def __iadd__(self, items: Iterable):
        self.extend(items)
        return self

    def insert(self, index, item) -> None:
        super().insert(index, item)
        self._add((item,))

    def remove(self, item) -> None:
        super().remove(item)
        self._drop(item)

    def pop(self, index=-1):
        item = super().pop(index)
        self._drop(item)
        return item

    def clear(self) -> None:
        super().clear()
        self._held.clear()

    def copy(self) -> Waitlist:
        return Waitlist(self)

    def __setitem__(self, index, value) -> None:
        super().__setitem__(index, value)
        self._held = Counter(id(item) for item in self)

    def __delitem__(self, index) -> None:
        super().__delitem__(index)
        self._held = Counter(id(item) for item in self)


def look_up_waiting_notes() -> None:
    """Give each WeasyPrint layout context a :class:`Waitlist` of footnotes (once)."""
    global _patched
    if _patched:
        return
    from weasyprint.layout import LayoutContext

    expect(__name__, SIGNATURES)
    made = LayoutContext.__init__

    @functools.wraps(made)
    def __init__(self, *args, **kwargs) -> None:
        made(self, *args, **kwargs)
        if type(self.footnotes) is not list or self.footnotes:
            differs(__name__, "LayoutContext.footnotes as an empty list", "here it is not one")
        self.footnotes = Waitlist()

    LayoutContext.__init__ = __init__
    _patched = True
