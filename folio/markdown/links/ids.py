"""Every id of the report: who owns it, which links point to it.

Chapter and profile ids come from the report, heading ids from the author's
``{#id}`` or from pandoc's rule applied to the whole report
(:mod:`folio.markdown.links.crossrefs`); ids of folio's own parts start ``folio-``.
"""

from __future__ import annotations

from dataclasses import dataclass

from folio.errors import Problems, quote
from folio.model import Chapter, Report
from folio.source.fields import closest

FOLIO_IDS = "folio-"
"""The editions' own parts (cover, contents, notes, references…) have ids that start so; an author's never do."""

record = dataclass(frozen=True, kw_only=True, slots=True)


@record
class Heading:
    level: int
    id: str
    text: str


class IdRegistry:
    """Every id a link may point to, and every link that points somewhere."""

    def __init__(self, report: Report) -> None:
        self.ids: dict[str, str] = {}
        for chapter in report.chapters:
            self.ids[chapter.id] = chapter.path
        for profile in report.profiles:
            self.ids[profile.id] = profile.path
        for part in report.parts:
            if not isinstance(part, Chapter):
                self.ids.setdefault(part.id, "report.yaml")
        self.citeproc = {f"ref-{ref['id']}" for ref in report.references}
        """citeproc gives each entry of the references the id ref-KEY: no heading may take one."""
        self.reserved: set[str] = set()
        """Every id written anywhere in the report or given to a heading: a second copy's new id is none of these."""
        self.links: list[tuple[str, str, int]] = []
        self.recommendations: dict[str, tuple[int, str]] = {}
        self.code_blocks = 0

    def taken(self, ident: str) -> bool:
        return ident in self.ids or ident in self.citeproc or ident.startswith(FOLIO_IDS)

    def claim(self, ident: str, where: str) -> bool:
        if ident.startswith(FOLIO_IDS):
            self.ids.setdefault(ident, f"folio's editions (ids starting {FOLIO_IDS} are their own)")
            return False
        if ident in self.citeproc:
            self.ids.setdefault(ident, "the references (citeproc gives each entry the id ref-KEY)")
            return False
        if ident in self.ids:
            return False
        self.ids[ident] = where
        return True

    def own(self, ident: str) -> bool:
        """Whether ``ident`` is folio's or citeproc's, which an author's element may not have even once."""
        return ident.startswith(FOLIO_IDS) or ident in self.citeproc

    def unique(self, ident: str, where: str) -> str:
        """A new id for a second element written with ``ident``: ``ident-1``, ``ident-2``…, as pandoc numbers repeated headings."""
        number = 1
        while f"{ident}-{number}" in self.ids or f"{ident}-{number}" in self.reserved or self.taken(f"{ident}-{number}"):
            number += 1
        self.ids[f"{ident}-{number}"] = where
        return f"{ident}-{number}"

    def check_links(self, problems: Problems) -> None:
        for target, path, line in self.links:
            if target not in self.ids:
                close = closest(target, list(self.ids), cutoff=0.7)
                hint = f"did you mean #{close}?" if close else "link to a chapter id, a heading id or profile-STEM"
                problems.add(path, line, f"link to #{target}: no chapter, heading or profile has this id; {hint}")


def check_challenges(report: Report, ids: IdRegistry, problems: Problems) -> None:
    for profile in report.profiles:
        for challenge in profile.challenges:
            if challenge.recommendation and challenge.recommendation not in ids.ids:
                problems.add(
                    profile.path,
                    challenge.line,
                    f"challenges: recommendation {quote(challenge.recommendation)} is not the id of any heading; "
                    "use the {#id} of a recommendation heading",
                )
