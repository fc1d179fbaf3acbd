"""Each edition's own form of the shaped blocks (:mod:`folio.markdown.quarto`).

``pdf`` (the screen, print and press PDFs), ``html`` (the web edition),
``epub`` and ``docx`` (the Word review copy):

* content marked for some editions only is kept or left out;
* a callout is a ``<div role="note">`` in the PDF (a ``Div`` in its tags, its
  title a paragraph), an ``<aside role="note">`` in the EPUB and the web
  edition, folded in a ``<details>`` there when Quarto's ``collapse`` asks
  for it, and paragraphs in the styles *Callout* and *Callout Title* in Word;
* a page break is a page break in Word (the PDF's comes from its stylesheet);
* folio's own marks are taken off.
"""

from __future__ import annotations

import html

from folio.ast import walk
from folio.markdown.quarto import clone, rewrite
from folio.markdown.quarto.callouts import CALLOUT, COLLAPSE
from folio.markdown.quarto.conditional import MARK
from folio.markdown.quarto.floats import SUB
from folio.markdown.quarto.rawtex import is_page_break
from folio.markdown.raw.rawhtml import raw_html_tags

MARKS = (MARK, COLLAPSE, SUB, CALLOUT)
WORD_PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def select(blocks: list, edition: str) -> list:
    """A copy of ``blocks`` as ``edition`` sets them."""

    def change(node: dict):
        kind = node["t"]
        if kind == "Div" and is_page_break(node) and edition == "docx":
            return {"t": "RawBlock", "c": ["openxml", WORD_PAGE_BREAK]}
        if kind not in ("Div", "Span", "CodeBlock", "Figure", "Table"):
            return None
        ident, classes, pairs = node["c"][0]
        marks = {key: value for key, value in pairs if key in MARKS}
        if not marks:
            return None
        if MARK in marks and edition not in marks[MARK].split():
            return []
        node["c"][0] = [ident, classes, [[k, v] for k, v in pairs if k not in MARKS]]
        if CALLOUT in marks:
            return callout(node, edition, marks.get(COLLAPSE))
        if kind in ("Div", "Span") and node["c"][0] == ["", [], []]:
            return node["c"][1]
        return node

    copied = clone(blocks)
    if not any(marked(node, edition) for node in walk(blocks)):
        return copied
    return rewrite(copied, change)


def marked(node: dict, edition: str) -> bool:
    """Whether ``node`` is set otherwise in ``edition`` than pandoc would set it."""
    if node["t"] == "Div" and edition == "docx" and is_page_break(node):
        return True
    return node["t"] in ("Div", "Span", "CodeBlock", "Figure", "Table") and any(key in MARKS for key, _ in node["c"][0][2])


def callout(node: dict, edition: str, collapse: str | None):
    ident, classes, pairs = node["c"][0]
    title, *body = node["c"][1]
    if edition == "docx":
        title["c"][0] = [title["c"][0][0], [], [["custom-style", "Callout Title"]]]
        node["c"][0] = [ident, classes, [["custom-style", "Callout"]]]
        return node
    if edition == "pdf":
        return node
    attributes = "".join(f' {name}="{html.escape(value, quote=True)}"' for name, value in ([["id", ident]] if ident else []) + pairs)
    opening = f'<aside class="{html.escape(" ".join(classes), quote=True)}"{attributes}>'
    if edition == "html" and collapse is not None:
        inlines = title["c"][1][0]["c"] if title["c"][1] else []
        title_id = title["c"][0][0]
        summary = '<summary class="callout-title"' + (f' id="{html.escape(title_id, quote=True)}"' if title_id else "") + ">"
        return [
            raw(opening),
            raw("<details open>" if collapse == "false" else "<details>"),
            raw(summary),
            {"t": "Plain", "c": inlines},
            raw("</summary>"),
            *body,
            raw("</details>"),
            raw("</aside>"),
        ]
    return [raw(opening), title, *body, raw("</aside>")]


def raw(text: str) -> dict:
    return {"t": "RawBlock", "c": ["html", text]}


def counts(blocks: list) -> tuple[int, int, int]:
    """The figures, tables and notes of ``blocks``, as :class:`folio.markdown.checks.Inspector` counts them."""
    figures = tables = notes = 0
    for node in walk(blocks):
        kind = node["t"]
        if kind == "Figure":
            figures += 1
        elif kind == "Table":
            tables += 1
        elif kind == "Note":
            notes += 1
        elif kind in ("RawBlock", "RawInline") and node["c"][0].lower() in ("html", "html5"):
            tags = raw_html_tags(node["c"][1])
            figures += tags.count("figure")
            tables += tags.count("table")
    return figures, tables, notes


def differs(blocks: list, edition: str) -> bool:
    """Whether some content of ``blocks`` is not in ``edition``."""
    for node in walk(blocks):
        if node["t"] in ("Div", "Span", "CodeBlock", "Figure", "Table"):
            editions = dict(node["c"][0][2]).get(MARK)
            if editions is not None and edition not in editions.split():
                return True
    return False
