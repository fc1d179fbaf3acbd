"""Footnotes in each edition: numbered from 1 in each part, placed per edition.

The PDF keeps a note's text where it is called (CSS floats it to the foot of
the page); the web edition turns notes into numbered references with a list
at the end of the part; the EPUB leaves them to pandoc, which numbers them the
same way, one part per file.
"""

from __future__ import annotations

import copy
from typing import Any

from folio.ast import make_attr, stringify, transform
from folio.model import Chapter, ProfilesPart, Report


class NoteCounter:
    """Footnotes are numbered from 1 in each top-level part, as in the EPUB."""

    def __init__(self, report: Report) -> None:
        self.starts: dict[str, tuple[str, int]] = {}
        for part in report.parts:
            sources = []
            if isinstance(part, Chapter):
                sources = [part.body]
            elif isinstance(part, ProfilesPart):
                sources = ([part.intro.body] if part.intro else []) + [p.story for p in part.profiles]
            self.starts.update((s.path, (part.id, 0)) for s in sources)
        self.totals: dict[str, int] = {}

    def add(self, path: str, notes: int) -> None:
        part, _ = self.starts[path]
        first = self.totals.get(part, 0) + 1
        self.starts[path] = (part, first)
        self.totals[part] = first - 1 + notes

    def first(self, path: str) -> tuple[str, int]:
        """The part's id (for unique note ids) and the number of the first note."""
        return self.starts[path]


def note_inlines(blocks: list) -> list:
    """A note's blocks flattened to inlines, paragraphs kept apart by line breaks."""
    out: list = []
    for block in blocks:
        if out:
            out.append({"t": "LineBreak"})
        if block["t"] in ("Para", "Plain"):
            out.extend(block["c"])
        else:
            text = stringify(block)
            out.append({"t": "Str", "c": text})
    return out


def inline_footnote(node: dict) -> Any:
    """PDF: the note's text stays where it is called; CSS floats it to the page foot."""
    if node["t"] != "Note":
        return None
    return {"t": "Span", "c": [make_attr("", ["footnote"]), note_inlines(node["c"])]}


def endnotes(blocks: list, first: tuple[str, int]) -> tuple[list, list]:
    """Web: notes become numbered references and a list for the end of the part."""
    collected: list = []
    part, start = first

    def replace(node: dict) -> Any:
        if node["t"] != "Note":
            return None
        number = start + len(collected)
        anchor = f"{part}-{number}"
        # ↑, not ↩: the shipped faces have no ↩, and the web edition draws nothing in a machine font
        back = {
            "t": "Link",
            "c": [make_attr("", ["footnote-back"], {"role": "doc-backlink"}), [{"t": "Str", "c": "↑"}], [f"#folio-fnref-{anchor}", ""]],
        }
        body = copy.deepcopy(node["c"])
        if body and body[-1]["t"] in ("Para", "Plain"):
            body[-1]["c"] = body[-1]["c"] + [{"t": "Space"}, back]
        else:
            body.append({"t": "Plain", "c": [back]})
        collected.append(
            {
                "t": "Div",
                "c": [make_attr(f"folio-fn-{anchor}", ["footnote-item"], {"role": "doc-footnote", "data-number": str(number)}), body],
            }
        )
        sup = {"t": "Superscript", "c": [{"t": "Str", "c": str(number)}]}
        return {
            "t": "Link",
            "c": [make_attr(f"folio-fnref-{anchor}", ["footnote-ref"], {"role": "doc-noteref"}), [sup], [f"#folio-fn-{anchor}", ""]],
        }

    return transform(blocks, replace), collected
