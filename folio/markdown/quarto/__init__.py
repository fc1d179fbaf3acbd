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


def shape(blocks: list, dialect: Dialect, language: str) -> Shaped:
    """The source's blocks with every Quarto and dialect construct given its meaning (see the module's docstring)."""
    from folio.markdown.quarto import callouts, cells, conditional, crossrefs, floats, rawtex, shortcodes, unsupported

    notes = Notes()
    blocks = cells.shape(blocks, notes, inline_code=dialect.reader == "markdown")
    blocks = rawtex.shape(blocks, notes)
    blocks = shortcodes.shape(blocks, notes)
    blocks = conditional.shape(blocks, notes)
    blocks = callouts.shape(blocks, notes, language, alerts=dialect.alerts)
    blocks = floats.shape(blocks, notes)
    blocks = unsupported.shape(blocks, notes)
    if not dialect.citations:
        blocks = crossrefs.shape(blocks)
    return Shaped(blocks, notes)
