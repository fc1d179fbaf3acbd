"""Which layout each part of the book needs, given what the other parts' layouts say.

A part's layout depends on the others only through its :class:`~folio.pdf.byparts.parts.Spec`:
its first page number (the page counts of the parts before it), the contents'
page numbers (the front matter), the pages of its cross-references to other
parts and which of them share a spread with their target, and the kept words.
Each is read off the other parts' latest layouts, else the last build's, else
an estimate; a part is laid out again whenever what it was given turns out
other, until every part's layout is the one the others call for.
"""

from __future__ import annotations

from folio.pdf.byparts.forks import Workers
from folio.pdf.byparts.merge import offsets
from folio.pdf.byparts.parts import Laid, Part, Spec, relevant
from folio.pdf.byparts.store import Store
from folio.pdf.layout.spreads import sharing_spreads

CHARACTERS_PER_PAGE = 2500
"""A first guess at a part's length, before any part of the book was laid out (then: the parts laid out so far)."""


class Plan:
    """Which layout each part needs, given what is known; runs the pool until every part has the one it needs."""

    def __init__(self, parts: list[Part], targets: list[str], last: dict) -> None:
        self.parts = parts
        self.targets = targets
        self.last = last
        self.done: dict[tuple[int, Spec], Laid] = {}
        self.final: dict[int, Laid] = {}
        self.specs: dict[int, Spec] = {}
        self.kept: frozenset[str] = frozenset()
        self.near: frozenset[int] = frozenset()
        self.relevant: dict[tuple[int, frozenset[str]], frozenset[str]] = {}
        self.current: dict[tuple[int, frozenset[str]], Laid] = {}
        """Each part's latest layout with the kept words it holds: what the other parts' specs are read from."""
        self.home = {ident: part.index for part in reversed(parts) for ident in part.ids}
        self.first_link = [sum(len(earlier.links) for earlier in parts[: part.index]) for part in parts]

    def kept_in(self, part: Part) -> frozenset[str]:
        key = (part.index, self.kept)
        if key not in self.relevant:
            self.relevant[key] = relevant(self.kept, part.text)
        return self.relevant[key]

    def known(self, part: Part) -> Laid | None:
        """The latest layout of ``part`` with the current kept words: the others' specs are read off its pages and anchors."""
        return self.current.get((part.index, self.kept_in(part)))

    def record(self, index: int, spec: Spec, laid: Laid) -> None:
        self.done[(index, spec)] = laid
        self.current[(index, spec.kept)] = laid

    def place(self, target: str, layout: list[tuple[int, bool]]) -> str | None:
        """The page a cross-reference to ``target`` prints: front matter in roman, the body from its part's start."""
        from folio.pdf.layout.labels import roman

        home = self.home.get(target)
        if home is None:
            return None
        laid = self.known(self.parts[home]) or next((laid for (index, _), laid in reversed(self.done.items()) if index == home), None)
        if laid is not None and target in laid.places:
            local = laid.places[target]
        elif isinstance(self.last.get("pages"), dict) and target in self.last["pages"]:
            return self.last["pages"][target]
        else:
            local = 0  # not laid out yet: its part's first page, a guess
        return roman(local + 1) if home == 0 else str(layout[home][0] + local)

    def paged(self, part: Part, layout: list[tuple[int, bool]]) -> tuple[frozenset[int], tuple[tuple[str, str], ...]]:
        """The part's cross-references on their target's spread (by order in the part), and the pages of those to other parts."""
        first = self.first_link[part.index]
        near = frozenset(order - first for order in self.near if first <= order < first + len(part.links))
        pages: dict[str, str] = {}
        for order, target in enumerate(part.links):
            if order in near or self.home.get(target, part.index) == part.index or target in pages:
                continue
            text = self.place(target, layout)
            if text is not None:
                pages[target] = text
        return near, tuple(sorted(pages.items()))

    def sharing(self, final: list[Laid], layout: list[tuple[int, bool]]) -> frozenset[int]:
        """Which paged cross-references (by order in the book) sit on their target's spread in the joined PDF."""
        links: list[tuple[str, int | None]] = []
        targets: dict[str, int] = {}
        for laid, at in zip(final, offsets(final, layout), strict=True):
            links += [(target, None if page is None else at + page) for target, page in laid.paged]
            for ident, page in laid.places.items():
                targets.setdefault(ident, at + page)
        return sharing_spreads(links, targets)

    def pages(self, part: Part) -> tuple[int, bool]:
        """The part's page count and whether it is known (not a guess)."""
        laid = self.known(part)
        if laid is not None:
            return laid.pages, True
        earlier = [laid for (index, _), laid in self.done.items() if index == part.index]
        if earlier:  # with other kept words: they seldom change a part's length
            return earlier[-1].pages, False
        counts = self.last.get("counts", {})
        if part.key in counts:
            return counts[part.key], False
        laid_out = {index: laid.pages for (index, _), laid in self.done.items() if index > 0}
        letters = sum(len(self.parts[index].text) for index in laid_out)
        per_page = letters / sum(laid_out.values()) if laid_out else CHARACTERS_PER_PAGE
        return max(1, round(len(part.text) / per_page)), False

    def opens(self) -> str:
        sides = [laid.opens for (index, _), laid in self.done.items() if index > 0]
        return sides[0] if sides else "auto"

    def starts(self) -> tuple[list[tuple[int, bool]], bool]:
        """Each part's first page number in the body (front: its global index) and whether a blank page goes before it."""
        opens = self.opens()
        front, _ = self.pages(self.parts[0])
        layout = [(0, False)]
        number, certain = 1, True
        gap = opens in ("right", "recto") and front % 2 == 1
        for part in self.parts[1:]:
            if len(layout) > 1:
                gap = (opens in ("right", "recto") and number % 2 == 0) or (opens in ("left", "verso") and number % 2 == 1)
                number += gap
            layout.append((number, gap))
            count, known = self.pages(part)
            certain = certain and known
            number += count
        return layout, certain

    def toc(self, final: list[Laid] | None = None) -> dict[str, str] | None:
        """The contents' page numbers: from the laid-out parts, else the last build's, else ``None`` (wait)."""
        layout, certain = self.starts()
        where: dict[str, str] = {}
        for part, (start, _) in zip(self.parts[1:], layout[1:], strict=True):
            laid = self.known(part)
            if laid is None:
                break
            for target in self.targets:
                if target in laid.anchors:
                    where[target] = str(start + laid.anchors[target])
        else:
            if certain:
                # a target in the front matter itself is left to target-counter: it is in the front part's own layout
                return {target: where[target] for target in self.targets if target in where}
        last = self.last.get("toc")
        return dict(last) if isinstance(last, dict) else None

    def spec(self, part: Part, layout: list[tuple[int, bool]]) -> Spec | None:
        kept = self.kept_in(part)
        near, pages = self.paged(part, layout)
        if part.index == 0:
            toc = self.toc()
            return None if toc is None else Spec(kept, None, tuple(sorted(toc.items())), near, pages)
        return Spec(kept, None if part.index == 1 else layout[part.index][0], None, near, pages)

    def run(self, kept: frozenset[str], near: frozenset[int], forks: Workers, store: Store) -> None:
        """Lay out until every part has a layout with the spec the others' layouts call for.

        In this process (one job) the parts are laid out one at a time, each with what the
        layouts before it say: in reading order, every start is known, none is a guess.
        """
        self.kept, self.near = kept, near
        running: set[tuple[int, Spec]] = set()
        switches = 0
        while True:
            layout, _ = self.starts()
            wanted = {part.index: self.spec(part, layout) for part in self.parts}
            pending = [
                (part, wanted[part.index])
                for part in self.parts[1:] + self.parts[:1]
                if wanted[part.index] is not None
                and (part.index, wanted[part.index]) not in self.done
                and (part.index, wanted[part.index]) not in running
            ]
            stored = False
            for part, spec in pending:
                if (laid := store.get(part, spec)) is not None:
                    self.record(part.index, spec, laid)
                    stored = True
                    break  # what is known changed: look again
                if not forks.free:
                    break
                running.add((part.index, spec))
                forks.start((part, spec), part.index, spec)
                if not forks.forked:
                    break  # laid out already: what is known changed
            if stored:
                continue
            if not running:
                if all(spec is not None and (index, spec) in self.done for index, spec in wanted.items()):
                    # Each part's specs were read off the others' latest layouts; where a part's wanted
                    # layout is an earlier one (it came back to a spec laid out before), read them off it.
                    stale = [index for index, spec in wanted.items() if self.current[(index, spec.kept)] is not self.done[(index, spec)]]
                    if stale and switches < 2 * len(self.parts):
                        switches += 1
                        for index in stale:
                            self.current[(index, wanted[index].kept)] = self.done[(index, wanted[index])]
                        continue
                    self.final = {index: self.done[(index, spec)] for index, spec in wanted.items()}
                    self.specs = dict(wanted)
                    return
                raise RuntimeError("the parts' layouts do not settle")  # every wanted spec is laid out or waits on one running
            (part, spec), laid = forks.next()
            running.discard((part.index, spec))
            self.record(part.index, spec, store.put(part, spec, laid))

    def layout(self, final: list[Laid]) -> list[tuple[int, bool]]:
        return self.starts()[0]
