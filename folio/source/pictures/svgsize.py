"""How much drawing an SVG picture asks for, once its references are followed.

An SVG file can be tiny and still ask for a billion shapes: a ``<use>``
draws another element again, so ten nested levels of ten ``<use>`` each
draw 10¹⁰ rectangles, and painting them would take hours and gigabytes.  A
pattern, clip path, mask, marker or filter named by ``url(#id)`` is drawn
again wherever it is named too, and a marker at every vertex of its path.  So
the elements are counted as they will be drawn, every reference followed,
and a picture is refused past :data:`MAX_SVG_ELEMENTS`, or when a reference
leads back to itself, or when elements nest deeper than :data:`MAX_SVG_DEPTH`.
A number that is not a number (``NaN``, ``inf``, ``1e999``) or beyond
:data:`MAX_SVG_NUMBER` is refused where it is written, for WeasyPrint would
lay the page out with it.  A picture embedded in the drawing (a ``data:``
URL) is checked as if it were a file of ``images/``: a PNG or JPEG within
the pixel limit and whole, an SVG by these same rules, one level deep.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

MAX_SVG_ELEMENTS = 100_000
"""Elements an SVG draws, every ``<use>`` and ``url(#id)`` followed: a detailed map or chart has a few
thousand; painting this many takes WeasyPrint some 40 s and 0.5 GB."""
MAX_SVG_DEPTH = 64
"""Elements nested in one another: a drawing program's groups go a dozen deep."""
MAX_SVG_NUMBER = 1e9
"""The largest coordinate, length or factor an SVG may write: a billion user units."""

REFERENCE = re.compile(r"url\(\s*['\"]?#([^'\")\s]+)['\"]?\s*\)")
NUMBER = re.compile(
    r"(?<![\w.#-])[-+]?(?>(?:nan|inf(?:inity)?)(?=(?:px|pt|pc|mm|cm|in|em|ex|%)?(?![\w(]))"
    r"|(?:\d++\.?+\d*+|\.\d++)(?:e[-+]?\d++)?+)",
    re.IGNORECASE,
)
"""A number as SVG writes it, or NaN or infinity; possessive, so a long run of digits costs its length, not its square."""
TEXT_ATTRIBUTES = frozenset({"id", "class", "href", "lang", "space", "font-family", "role", "title", "style", "type", "media", "base"})
"""Attributes whose value is a name or text, never a number to lay out."""
MARKERS = ("marker-start", "marker-mid", "marker-end", "marker")


NOT_DRAWN = frozenset(
    {"defs", "symbol", "pattern", "marker", "clipPath", "mask", "filter", "linearGradient", "radialGradient", "title", "desc"}
)
"""Elements whose content is drawn only where a ``<use>`` or ``url(#id)`` names them, never where they stand."""


@dataclass(slots=True)
class _Element:
    line: int
    drawn: bool = True
    """Whether it is drawn where it stands (its parent's count includes it)."""
    references: list[tuple[str, int]] = field(default_factory=list)
    """Ids this element draws again, each with how many times (a marker: once per vertex)."""
    children: list[int] = field(default_factory=list)


class SvgSize:
    """Fed the elements of an SVG as expat reads them; then :meth:`problems`."""

    def __init__(self) -> None:
        self.elements: list[_Element] = []
        self.ids: dict[str, int] = {}
        self.open: list[int] = []
        self.found: list[tuple[int | None, str]] = []
        self.too_deep = False

    def start(self, local: str, attrs: dict[str, str], line: int) -> None:
        index = len(self.elements)
        element = _Element(line, drawn=local not in NOT_DRAWN)
        self.elements.append(element)
        if self.open:
            self.elements[self.open[-1]].children.append(index)
        self.open.append(index)
        if len(self.open) > MAX_SVG_DEPTH and not self.too_deep:
            self.too_deep = True
            self.found.append((line, f"elements nest more than {MAX_SVG_DEPTH} deep here; flatten the groups of the drawing"))
        vertices = 1
        for key, value in attrs.items():
            name = key.rpartition(" ")[2]
            if name == "id":
                self.ids.setdefault(value.strip(), index)
            elif name == "href" and value.strip().startswith("#") and local != "a":
                element.references.append((value.strip()[1:], 1))
            elif name in ("d", "points"):
                vertices = max(1, len(NUMBER.findall(value)) // 2)
        for key, value in attrs.items():
            name = key.rpartition(" ")[2]
            declarations = _declarations(value) if name == "style" else [(name, value)]
            for prop, text in declarations:
                for target in REFERENCE.findall(text):
                    element.references.append((target, vertices if prop in MARKERS else 1))
                if prop not in TEXT_ATTRIBUTES and not prop.startswith(("aria-", "data-")):
                    self.number(prop, text, line)

    def end(self) -> None:
        self.open.pop()

    def number(self, name: str, value: str, line: int) -> None:
        for match in NUMBER.finditer(value):
            token = match.group(0)
            number = float(token)
            if not math.isfinite(number) or abs(number) > MAX_SVG_NUMBER:
                shown = value.strip()[:40]
                self.found.append((line, f'{name}="{shown}": {token} is not a number a drawing can use; write one within ±1,000,000,000'))
                return

    def style_sheet(self, text: str) -> None:
        """A ``<style>`` element's rules may name patterns and markers too: each counts as drawn once more."""
        if self.open:
            self.elements[self.open[-1]].references += [(target, 1) for target in REFERENCE.findall(text)]

    def problems(self) -> list[tuple[int | None, str]]:
        """The located reasons this drawing is too much to paint (empty when it is not)."""
        if self.found or not self.elements:
            return self.found
        drawn = self._drawn()
        if isinstance(drawn, tuple):
            return [drawn]
        if drawn > MAX_SVG_ELEMENTS:
            return [
                (
                    None,
                    f"draws more than {MAX_SVG_ELEMENTS:,} elements once every <use> and url(#…) is followed; "
                    "simplify the drawing, or export it as a PNG",
                )
            ]
        return []

    def _drawn(self) -> int | tuple[int, str]:
        """How many elements the root draws, or the located loop of references that makes it endless."""
        cost: dict[int, int] = {}
        state: dict[int, int] = {}  # 1: being counted, 2: counted
        stack: list[tuple[int, bool]] = [(0, False)]
        while stack:
            index, done = stack.pop()
            element = self.elements[index]
            if done:
                total = 1 + sum(cost[child] for child in element.children if self.elements[child].drawn)
                for target, times in element.references:
                    if target in self.ids:
                        total += times * cost[self.ids[target]]
                cost[index] = min(total, MAX_SVG_ELEMENTS + 1)  # past the limit the count need not grow
                state[index] = 2
                continue
            if state.get(index) == 2:
                continue
            state[index] = 1
            stack.append((index, True))
            for target in [*element.children, *(self.ids[t] for t, _ in element.references if t in self.ids)]:
                if state.get(target) == 1:
                    return (element.line, "an element here refers to itself, or to one that contains it; remove the reference")
                if state.get(target) is None:
                    stack.append((target, False))
        return cost[0]


def _declarations(style: str) -> list[tuple[str, str]]:
    found = []
    for declaration in style.split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            found.append((name.strip().lower(), value))
    return found
