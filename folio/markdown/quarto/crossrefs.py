"""Cross-references a reader did not make, and those no edition can resolve.

The commonmark readers have no citations, so ``@fig-name`` stays a word
there; when it has the form of one of folio's cross-references it becomes
one (:func:`shape`), and a figure, table or section of a ``commonmark_x``
chapter can be referred to as in any other.  A word such as ``@octocat``
stays as written.

A cross-reference to a cell folio did not run, or to a block Quarto would
number and folio does not (``@thm-…``), has nothing to point at: it is
printed as Quarto prints an unresolved one, ``?@name``, with a warning
(:func:`unresolvable`), instead of failing the build.
"""

from __future__ import annotations

import re

from folio.markdown.quarto import Notes, rewrite

KINDS = {"fig": "figure", "tbl": "table", "sec": "section", "eq": "equation"}
"""Key prefix → the kind of target, as in Quarto."""

MAX_WORD = 300
"""A word longer than this is no citation or cross-reference (and no pattern runs on it)."""
CITATION = re.compile(r"^\[-?@([A-Za-z0-9_][\w:.#$%&+?<>~/-]*)")
"""A citation as pandoc's Markdown writes it, ``[@key`` (a word in a reader without citations)."""
WORD = re.compile(r"^([(\[]?)(-?)@([A-Za-z][\w:.-]*?)([.,;:!?)\]]*)$")


def is_crossref(key: str) -> bool:
    """Whether ``key`` has the form of a cross-reference (``fig-name``, ``tbl-…``, ``sec-…``, ``eq-…``)."""
    return key.split("-", 1)[0] in KINDS and "-" in key


def citation(key: str, suppress: bool = False) -> dict:
    return {
        "citationId": key,
        "citationPrefix": [],
        "citationSuffix": [],
        "citationMode": {"t": "SuppressAuthor" if suppress else "AuthorInText"},
        "citationNoteNum": 0,
        "citationHash": 0,
    }


def shape(blocks: list, notes: Notes, reader: str) -> list:
    """``@fig-name`` written in a reader without citations: the cross-reference it means; ``[@key]``: a warning, it stays text."""
    said: list[str] = []

    def change(node: dict):
        if node["t"] != "Str" or "@" not in node["c"] or len(node["c"]) > MAX_WORD:
            return None
        citation_text = CITATION.match(node["c"])
        if citation_text and not is_crossref(citation_text.group(1)) and not said:
            said.append(citation_text.group(0))
            notes.say(
                f"[@{citation_text.group(1)}] is text in {reader}, which has no citations; write the chapter with from: markdown",
                citation_text.group(0),
            )
        match = WORD.match(node["c"])
        if match is None or not is_crossref(match.group(3)):
            return None
        before, minus, key, after = match.groups()
        out = [{"t": "Str", "c": before}] if before else []
        out.append({"t": "Cite", "c": [[citation(key, bool(minus))], [{"t": "Str", "c": f"{minus}@{key}"}]]})
        if after:
            out.append({"t": "Str", "c": after})
        return out

    return rewrite(blocks, change)


def unresolvable(blocks: list, targets: dict[str, str], notes: Notes) -> list:
    """Cross-references to ``targets`` (id → why it has no number) printed ``?@id``, each with a warning (``blocks``: a copy)."""

    def change(node: dict):
        if node["t"] != "Cite":
            return None
        citations = node["c"][0]
        lost = [c for c in citations if c["citationId"] in targets]
        if not lost:
            return None
        for item in lost:
            key = item["citationId"]
            notes.say(f"cross-reference @{key} is printed as ?@{key}: {targets[key]}", "@" + key)
        kept = [c for c in citations if c["citationId"] not in targets]
        shown = [{"t": "Str", "c": "?@" + c["citationId"]} for c in lost]
        spaced = [n for index, item in enumerate(shown) for n in ([{"t": "Str", "c": ","}, {"t": "Space"}] if index else []) + [item]]
        if not kept:
            return spaced
        node["c"][0] = kept
        return [node, {"t": "Str", "c": ","}, {"t": "Space"}, *spaced]

    return rewrite(blocks, change)
