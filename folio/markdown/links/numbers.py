"""Numbered figures, tables and sections, and the cross-references to them, as in Quarto.

``![Caption](images/x.svg){#fig-name}`` is Figure 1, 2, … and a table whose
caption ends ``{#tbl-name}`` is Table 1, 2, … across the whole report, in
reading order; an appendix counts its own, A.1, A.2, so that adding or
dropping an appendix late in editing never renumbers the body.  A heading
``{#sec-name}`` is Section 2.1 in chapter 2 (B.1 in appendix B, its own title
where the part is unnumbered).  ``@fig-name``, ``[-@fig-name]`` and
``[Figures @fig-a and @fig-b]`` are read by pandoc as citations; here they
become links carrying the number, before any citation check or citeproc
sees them, so a cross-reference never passes for a citation.
"""

from __future__ import annotations

from dataclasses import dataclass

from folio.ast import attr, stringify, text_inlines, transform, walk
from folio.errors import Problems, quote
from folio.markdown.quarto.crossrefs import KINDS, is_crossref
from folio.markdown.quarto.floats import SUB
from folio.maths.equations import is_equation, numbered, tag_of
from folio.model import Chapter, ProfilesPart, Report
from folio.source.fields import closest
from folio.source.strings import word

GLANCE = "#glance:"


def glance_id(part_id: str) -> str:
    """The id of a profiles part's numbered at-a-glance table."""
    return f"tbl-{part_id}-at-a-glance"


@dataclass(frozen=True, slots=True)
class Target:
    kind: str
    """``figure``, ``table``, ``section``, ``chapter`` or ``appendix``; ``subfigure``, ``subtable`` for (a), (b) of a float."""
    number: str | None
    """``2``, ``A.1``, ``2.1``; ``None`` for a section of an unnumbered part (referred to by its title)."""
    title: str
    front: bool = False
    """In the front matter, whose pages are numbered in roman."""


def reading_order(report: Report) -> list[tuple[str, Chapter | None]]:
    """Every Markdown source's path in reading order, with the chapter it belongs to."""
    order: list[tuple[str, Chapter | None]] = []
    for part in report.parts:
        if isinstance(part, Chapter):
            order.append((part.body.path, part))
        elif isinstance(part, ProfilesPart):
            if part.intro is not None:
                order.append((part.intro.body.path, None))
            if part.glance_numbered and len(part.profiles) > 1:
                order.append((GLANCE + part.id, None))
            order += [(profile.story.path, None) for profile in part.profiles]
    return order


def chapter_prefix(report: Report, chapter: Chapter | None) -> str | None:
    """``2`` for the second numbered chapter, ``A`` for appendix A, ``None`` for any other part."""
    if chapter is None:
        return None
    if chapter.matter == "appendix":
        return chapter.letter
    if chapter.matter == "body":
        numbered = [p for p in report.parts if isinstance(p, Chapter) and p.matter == "body"]
        return str(numbered.index(chapter) + 1)
    return None


def collect(report: Report, blocks_by_path: dict[str, list]) -> dict[str, Target]:
    """Every numbered target of the report by id."""
    targets: dict[str, Target] = {}
    counts = {"figure": 0, "table": 0, "equation": 0}
    for path, chapter in reading_order(report):
        if path.startswith(GLANCE):  # the profiles-at-a-glance table, set by a template
            counts["table"] += 1
            targets[glance_id(path.removeprefix(GLANCE))] = Target("table", str(counts["table"]), word(report.language, "glance.title"))
            continue
        blocks = blocks_by_path.get(path)
        if blocks is None:
            continue
        prefix = chapter_prefix(report, chapter)
        appendix = chapter is not None and chapter.matter == "appendix"
        front = chapter is not None and chapter.matter == "front"
        local = {"figure": 0, "table": 0, "equation": 0}
        last = {"figure": "", "table": ""}
        levels: list[int] = []
        for node in walk(blocks):
            kind = node["t"]
            ident = attr(node)[0]
            if kind in ("Figure", "Table") and SUB in dict(attr(node)[2]):  # a subfigure (a), (b) of the float before it
                name = "figure" if ident.startswith("fig-") else "table"
                if ident.startswith(("fig-", "tbl-")):
                    targets[ident] = Target(f"sub{name}", f"{last[name]} ({dict(attr(node)[2])[SUB]})", stringify(node["c"][1][1]), front)
            elif kind in ("Figure", "Table") and ident.startswith(("fig-", "tbl-")):
                name = "figure" if ident.startswith("fig-") else "table"
                if appendix:
                    local[name] += 1
                    number = f"{prefix}.{local[name]}"
                else:
                    counts[name] += 1
                    number = str(counts[name])
                targets[ident] = Target(name, number, stringify(node["c"][1][1]), front)
                last[name] = number
            elif is_equation(node) and ident.startswith("eq-"):
                number = tag_of(node)
                if number is None:
                    local["equation"] += 1
                    counts["equation"] += 1
                    number = f"{prefix}.{local['equation']}" if appendix else str(counts["equation"])
                targets[ident] = Target("equation", number, stringify(node["c"][1]), front)
            elif kind == "Header":
                level = node["c"][0]
                depth = max(1, level - 1)  # body headings start at level 2
                levels = levels[:depth] + [0] * (depth - len(levels))
                levels[depth - 1] += 1
                if ident.startswith("sec-"):
                    number = ".".join([prefix, *map(str, levels)]) if prefix else None
                    targets[ident] = Target("section", number, stringify(node["c"][2]), front)
        if chapter is not None and chapter.id.startswith("sec-"):
            targets[chapter.id] = Target("appendix" if appendix else "chapter", prefix, chapter.title, front)
    return targets


class Numbering:
    """Puts the numbers into one source's captions and turns its cross-references into links."""

    def __init__(self, report: Report, targets: dict[str, Target], problems: Problems) -> None:
        self.language = report.language
        self.page = report.crossref_page
        self.targets = targets
        self.problems = problems

    def label(self, target: Target) -> str:
        if target.kind == "appendix":
            return word(self.language, "appendix.label", letter=target.number)
        if target.number is None:
            return target.title
        return word(self.language, f"{target.kind.removeprefix('sub')}.label", number=target.number)

    def page_pairs(self) -> list[list[str]]:
        """The words around the page number the PDF adds after a cross-reference (print.css, ``target-counter``)."""
        if not self.page:
            return []
        before, _, after = word(self.language, "crossref.page", page="\0").partition("\0")
        return [["data-page-before", word(self.language, "crossref.page_separator") + before], ["data-page-after", after]]

    def apply(self, blocks: list, inspector, *, bare: bool = False) -> list:
        """``bare``: cross-references inside ``[Figures @fig-a and @fig-b]`` give the number alone, as the first does."""

        def change(node: dict):
            kind = node["t"]
            if kind in ("Figure", "Table"):
                return self.caption(node)
            if is_equation(node):
                target = self.targets.get(attr(node)[0])
                shown = target.number if target is not None else tag_of(node)
                return numbered(node, word(self.language, "equation.number", number=shown)) if shown else None
            if kind == "Cite" and any(is_crossref(c["citationId"]) for c in node["c"][0]):
                return self.reference(node, inspector, bare)
            return None

        return transform(blocks, change)

    def caption(self, node: dict) -> dict | None:
        ident, classes, pairs = attr(node)
        target = self.targets.get(ident)
        if target is None or target.kind not in ("figure", "table"):
            return None
        alt = next((value for key, value in pairs if key == "fig-alt"), None)
        if alt is not None:
            node["c"][0] = [ident, classes, [pair for pair in pairs if pair[0] != "fig-alt"]]
            for image in walk(node["c"][2]):
                if image["t"] == "Image":
                    image["c"][1] = text_inlines(alt)
        label = {"t": "Span", "c": [["", ["caption-label"], []], text_inlines(self.label(target))]}
        separator = text_inlines(word(self.language, "caption.separator")) or [{"t": "Space"}]
        caption = node["c"][1][1]
        if caption and caption[0]["t"] in ("Plain", "Para"):
            caption[0]["c"] = [label, *separator, *caption[0]["c"]]
        else:
            caption.insert(0, {"t": "Plain", "c": [label]})
        return node

    def reference(self, node: dict, inspector, bare: bool) -> list:
        out: list = []
        for index, citation in enumerate(node["c"][0]):
            key = citation["citationId"]
            target = self.targets.get(key)
            if not is_crossref(key):
                inspector.fail("@" + key, f"@{key} is a citation beside cross-references; write it in brackets of its own, [@{key}]")
                continue
            if target is None:
                close = closest(key, [k for k in self.targets if k.split("-", 1)[0] == key.split("-", 1)[0]], cutoff=0.6)
                kind = KINDS[key.split("-", 1)[0]]
                hint = f"did you mean @{close}?" if close else f"give {'an' if kind[0] in 'aeiou' else 'a'} {kind} the id {{#{key}}}"
                inspector.fail("@" + key, f"cross-reference @{key}: no {kind} has the id {quote(key)}; {hint}")
                continue
            prefix = citation["citationPrefix"]
            if index and not prefix:
                out += [{"t": "Str", "c": ","}, {"t": "Space"}]
            elif index:
                out.append({"t": "Space"})
            if prefix:
                text = target.number or target.title
                out += [*self.apply(prefix, inspector), {"t": "Space"}]
            elif bare or citation["citationMode"]["t"] == "SuppressAuthor":
                text = target.number or target.title
            else:
                text = self.label(target)
            classes = ["xref", *(["xref-front"] if target.front else [])]
            link_attr = ["", classes, [["data-xref", target.kind], *self.page_pairs()]]
            out.append({"t": "Link", "c": [link_attr, text_inlines(text), ["#" + key, ""]]})
            out += self.apply(citation["citationSuffix"], inspector, bare=bare or bool(prefix))
        return out or [{"t": "Str", "c": ""}]
