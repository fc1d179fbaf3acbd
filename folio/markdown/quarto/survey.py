"""Which shaping passes a source needs, found in one walk of its AST.

Each pass goes through the whole tree (:func:`folio.markdown.quarto.rewrite`); most
chapters have nothing for most passes (a chapter in plain Markdown, for
none), so :func:`survey` looks once and :func:`folio.markdown.quarto.shape.shape`
runs only the passes that have something to do.
"""

from __future__ import annotations

from folio.ast import walk
from folio.markdown.quarto import callouts, cells, conditional, floats, unsupported

ATTRIBUTED = ("Div", "Span", "CodeBlock", "Code", "Image", "Figure", "Table", "Header", "Link")
QUARTO_CLASSES = frozenset(unsupported.CLASSES) | {"dark-content", "light-content", *conditional.CLASSES}
QUARTO_KEYS = frozenset(unsupported.ATTRIBUTES) | set(unsupported.QUIET) | {"filename", *conditional.CONDITIONS}
TASK_MARKS = ("\u2610", "\u2612")


def survey(blocks: list) -> frozenset[str]:
    """The names of the passes ``blocks`` need (``cells``, ``rawtex``, ``shortcodes``…)."""
    found: set[str] = set()
    for node in walk(blocks):
        kind = node["t"]
        if kind == "Str":
            text = node["c"]
            if "{{" in text:
                found.add("shortcodes")
            if "@" in text:
                found.add("crossrefs")
            if "[^" in text:
                found.add("footnotes")
            if text in TASK_MARKS:
                found.add("tasks")
            continue
        if kind in ("RawBlock", "RawInline"):
            if node["c"][0].lower() not in ("html", "html5"):
                found.add("rawtex")
            continue
        if kind == "Cite":
            found.add("cites")
            continue
        if kind not in ATTRIBUTED:
            continue
        ident, classes, pairs = node["c"][1] if kind == "Header" else node["c"][0]
        if kind in ("Code", "CodeBlock"):
            text = node["c"][1]
            if "{{" in text:
                found.add("shortcodes")
            if kind == "Code" and cells.INLINE.match(text):
                found.add("cells")
            if kind == "CodeBlock" and (any(key == cells.CELL for key, _ in pairs) or (classes and cells.INFO_ENGINE.match(classes[0]))):
                found.add("cells")
        if kind == "Span" and "emoji" in classes:
            found.add("emoji")
        if kind == "Div":
            if callouts.kind_of(classes) is not None or (len(classes) == 1 and classes[0] in callouts.KINDS):
                found.add("callouts")
            if ident.startswith(("fig-", "tbl-")):
                found.add("floats")
        if any(key in floats.LAYOUT or key == "fig-alt" for key, _ in pairs):
            found.add("floats")
        if QUARTO_CLASSES.intersection(classes) or any(key in QUARTO_KEYS for key, _ in pairs) or unsupported.numbered_kind(ident):
            found.update(("conditional", "unsupported"))
    return frozenset(found)
