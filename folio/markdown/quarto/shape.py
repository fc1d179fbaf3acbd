"""The passes of :mod:`folio.markdown.quarto` a source needs, run in order on its blocks.

:func:`shape` is pure: the same blocks give the same result, and what it
would say is returned as :class:`~folio.markdown.quarto.Notice` s, for the
caller to place in the file (the same source is shaped twice, once to read
its headings and once to render it, and says things once).
"""

from __future__ import annotations

from dataclasses import dataclass

from folio.markdown.quarto import Notes, callouts, cells, conditional, crossrefs, floats, rawtex, shortcodes, unsupported
from folio.markdown.quarto.survey import survey
from folio.markdown.reader.dialect import Dialect


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
