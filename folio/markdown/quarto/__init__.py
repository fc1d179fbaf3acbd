"""Quarto's Markdown, and the other dialects' own blocks, made into what folio's editions set.

pandoc reads a chapter (:mod:`folio.markdown.dialect`); what it leaves as
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

:func:`shape` is pure: the same blocks give the same result, and what it
would say is returned as :class:`Notice` s, for the caller to place in the
file (the same source is shaped twice, once to read its headings and once to
render it, and says things once).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from folio.markdown.dialect import Dialect


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


@dataclass(frozen=True, slots=True)
class Shaped:
    blocks: list
    notes: Notes
    passes: frozenset[str] = frozenset()
    """What the source holds that later steps may need to see to (:func:`folio.markdown.quarto.survey.survey`)."""


def shape(blocks: list, dialect: Dialect, language: str) -> Shaped:
    """The source's blocks with every Quarto and dialect construct given its meaning (see the module's docstring).

    ``blocks`` are changed in place where a pass has something to do: give a copy.
    """
    from folio.markdown.quarto import callouts, cells, conditional, crossrefs, floats, rawtex, shortcodes, unsupported
    from folio.markdown.quarto.survey import survey

    notes = Notes()
    passes = survey(blocks)
    if "cells" in passes:
        blocks = cells.shape(blocks, notes, inline_code=dialect.reader == "markdown")
    if "rawtex" in passes:
        blocks = rawtex.shape(blocks, notes)
    if "shortcodes" in passes:
        blocks = shortcodes.shape(blocks, notes)
    if "conditional" in passes:
        blocks = conditional.shape(blocks, notes)
    if "callouts" in passes:
        blocks = callouts.shape(blocks, notes, language, alerts=dialect.alerts)
    if "floats" in passes:
        blocks = floats.shape(blocks, notes)
    if "unsupported" in passes:
        blocks = unsupported.shape(blocks, notes)
    if "crossrefs" in passes and not dialect.citations:
        blocks = crossrefs.shape(blocks, notes, dialect.spec)
    return Shaped(blocks, notes, passes)


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
