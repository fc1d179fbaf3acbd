"""Reading each source with its own reader, and shaping what it says (stage 2's first step).

:class:`Reading` knows each source's :class:`~folio.markdown.reader.dialect.Dialect`
(its ``from:``), prepares its text for that reader
(:func:`folio.markdown.quarto.cells.prepare`), parses it, and shapes the
AST (:func:`folio.markdown.quarto.shape.shape`).  A source is parsed alone first
(for the report's heading ids and reference definitions) and again with the
others' definitions; both are shaped alike, so a callout's title is no
heading in either, and only the second one's notices are said.
"""

from __future__ import annotations

import dataclasses

from folio.ast import walk
from folio.markdown.links import crossrefs
from folio.markdown.quarto import Notes, cells, clone
from folio.markdown.quarto.crossrefs import unresolvable
from folio.markdown.quarto.shape import Shaped, shape
from folio.markdown.quarto.survey import survey
from folio.markdown.reader.dialect import Dialect
from folio.markdown.repairs import code_over_maths, emoji_text, footnote_text, swallowed_code, task_marks
from folio.model import Report, Source
from folio.run.cache import Cache


def needed(passes: frozenset[str], dialect: Dialect) -> bool:
    """Whether shaping would change anything (a reference to what no edition numbers is seen to across the report)."""
    wanted = set(passes) - {"cites"}
    if dialect.citations:
        wanted.discard("crossrefs")
    if "emoji" not in dialect.enabled:
        wanted.discard("emoji")
    if "footnotes" in dialect.enabled:
        wanted.discard("footnotes")
    if "task_lists" not in dialect.enabled:
        wanted.discard("tasks")
    return bool(wanted)


def refers(shaped: Shaped, targets: dict[str, str]) -> bool:
    """Whether a source cites one of ``targets``."""
    return bool({"cites", "crossrefs"} & shaped.passes) and any(
        node["t"] == "Cite" and any(c["citationId"] in targets for c in node["c"][0]) for node in walk(shaped.blocks)
    )


class Reading:
    def __init__(self, report: Report, sources: list[Source]) -> None:
        languages = {chapter.body.path: chapter.lang for chapter in report.chapters}
        languages.update((profile.story.path, profile.lang) for profile in report.profiles)
        self.dialects = {source.path: Dialect.of(source.reader or report.reader) for source in sources}
        self.languages = {source.path: languages.get(source.path) or report.language for source in sources}
        self.readable = {
            source.path: dataclasses.replace(source, text=cells.prepare(source.text)) if self.dialects[source.path].cell_fences else source
            for source in sources
        }

    @property
    def github(self) -> frozenset[str]:
        """The sources whose headings get GitHub's ids."""
        return frozenset(path for path, dialect in self.dialects.items() if dialect.github_ids)

    def parse_alone(self, source: Source, cache: Cache | None) -> crossrefs.Parsed:
        dialect = self.dialects[source.path]
        one = crossrefs.parse_alone(self.readable[source.path], cache, dialect)
        if "tex_math_dollars" in dialect.enabled and swallowed_code(one.document):
            other = crossrefs.parse_alone(self.readable[source.path], cache, dialect.without("tex_math_dollars"))
            one.document = code_over_maths(one.document, other.document)
        return one

    def parse_with(self, source: Source, appendix: str, cache: Cache | None) -> tuple[dict, tuple[str, ...]] | None:
        dialect = self.dialects[source.path]
        found = crossrefs.parse_with(self.readable[source.path], appendix, cache, dialect)
        if found is not None and "tex_math_dollars" in dialect.enabled and swallowed_code(found[0]):
            other = crossrefs.parse_with(self.readable[source.path], appendix, cache, dialect.without("tex_math_dollars"))
            if other is not None:
                found = (code_over_maths(found[0], other[0]), found[1])
        return found

    def shape(self, source: Source, document: dict) -> Shaped:
        dialect = self.dialects[source.path]
        passes = survey(document["blocks"])
        if not needed(passes, dialect):
            return Shaped(document["blocks"], Notes(), passes)
        shaped = shape(clone(document["blocks"]), dialect, self.languages[source.path])
        blocks = shaped.blocks
        if "emoji" in passes and "emoji" in dialect.enabled:
            blocks = emoji_text(blocks, shaped.notes)
        if "footnotes" in passes and "footnotes" not in dialect.enabled:
            blocks = footnote_text(blocks, dialect.spec, shaped.notes)
        if "tasks" in passes and "task_lists" in dialect.enabled:
            blocks = task_marks(blocks)
        return Shaped(blocks, shaped.notes, passes)

    def shaped(self, sources: list[Source], alone: list[crossrefs.Parsed]) -> list[crossrefs.Parsed]:
        """The sources read alone, shaped: what their headings and ids are."""
        return [
            dataclasses.replace(one, document={**one.document, "blocks": self.shape(source, one.document).blocks})
            for source, one in zip(sources, alone, strict=True)
        ]

    def finals(self, sources: list[Source], documents: list[dict]) -> list[Shaped]:
        """Each source's final blocks; a cross-reference to what no edition numbers, across the report, is said once."""
        shaped = [self.shape(source, document) for source, document in zip(sources, documents, strict=True)]
        targets: dict[str, str] = {}
        for one in shaped:
            for label, engine in one.notes.unrun.items():
                targets[label] = f"it refers to the output of a code cell ({engine}), which folio does not run"
            for ident in one.notes.unnumbered:
                targets[ident] = "folio does not number what it refers to"
        if not targets:
            return shaped
        return [
            Shaped(unresolvable(clone(one.blocks), targets, one.notes), one.notes, one.passes) if refers(one, targets) else one
            for one in shaped
        ]

    @staticmethod
    def say(source: Source, notes: Notes, inspector, problems) -> None:
        """Each notice of a source as a warning at its line."""
        for notice in notes.notices:
            # the needles in the order a notice prefers them: the last is the fallback
            line = inspector.line(notice.needles[-1], *notice.needles[:-1]) if notice.needles else source.line
            problems.warn(source.path, line, notice.message)
