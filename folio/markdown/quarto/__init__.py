"""Quarto's Markdown, and the other dialects' own blocks, made into what folio's editions set.

pandoc reads a chapter (:mod:`folio.markdown.reader.dialect`); what it leaves as
plain divs, text or raw TeX is given its meaning here, on the AST, before
any check or number sees it:

* callouts (``::: {.callout-note}``, GitHub's ``> [!NOTE]``), whose title is
  never a heading (:mod:`.callouts`);
* ``::: {#fig-…}`` and ``::: {#tbl-…}`` floats and their subfigures, and
  ``fig-alt`` (:mod:`.floats`);
* ``{{< pagebreak >}}`` and the other shortcodes (:mod:`.shortcodes`), raw TeX
  page commands (:mod:`.rawtex`);
* code cells that Quarto would run (:mod:`.cells`);
* content for some formats only (:mod:`.conditional`);
* every other Quarto construct, named in a warning at its line (:mod:`.unsupported`).

:func:`.shape.shape` runs those passes; here are what they share: the
:class:`Notes` they return and :func:`rewrite`, their walk of the AST.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Notice:
    """A warning about one construct: the texts that find its line (the first that is found; the last is the fallback), and what to say."""

    needles: tuple[str, ...]
    message: str


@dataclass(slots=True)
class Notes:
    """What shaping a source has to say, and what later stages need to know."""

    notices: list[Notice] = field(default_factory=list)
    unrun: dict[str, str] = field(default_factory=dict)
    """Labels of code cells folio did not run (``fig-plot``) → their engine (``r``): a cross-reference to one is a warning."""
    unnumbered: set[str] = field(default_factory=set)
    """Ids Quarto would number that folio does not (``thm-…``, ``lst-…``): a cross-reference to one is a warning."""

    def say(self, message: str, *needles: str) -> None:
        self.notices.append(Notice(tuple(needles), message))


def clone(tree):
    """A deep copy of JSON-shaped data (pandoc's AST), several times faster than :func:`copy.deepcopy`."""
    return json.loads(json.dumps(tree))


def rewrite(tree, change):
    """:func:`folio.ast.transform` done in place: the caller owns ``tree`` (a copy), so no node is built again.

    Bottom-up, as ``transform``: ``change`` sees a node whose children are
    done and returns a node, a list to splice in its place, or ``None`` to keep it.
    """
    if isinstance(tree, list):
        index = 0
        while index < len(tree):
            item = tree[index]
            if isinstance(item, dict):
                new = rewrite(item, change)
                if "t" in item and isinstance(new, list):
                    tree[index : index + 1] = new
                    index += len(new)
                    continue
                tree[index] = new
            elif isinstance(item, list):
                rewrite(item, change)
            index += 1
        return tree
    if isinstance(tree, dict):
        for key in ("c", "blocks"):
            value = tree.get(key)
            if isinstance(value, list):
                rewrite(value, change)
            elif isinstance(value, dict):
                new = rewrite(value, change)
                tree[key] = new
        if "t" in tree:
            replaced = change(tree)
            return tree if replaced is None else replaced
    return tree
