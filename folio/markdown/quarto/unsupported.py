"""Every other Quarto construct: named in a warning at its line, and set as plainly as it can be.

The lists below come from Quarto's documentation (article layout, panels,
Reveal.js, figures, tables, code blocks, cross-references).  A class or
attribute folio gives no meaning to is taken off once it is warned about, so
the class check does not say it a second time; the content stays.  A div
whose id Quarto would number as a theorem, listing or callout (``#thm-``,
``#lst-``, ``#tip-``…) is set unnumbered, its heading made a bold line so
it stays out of the contents; a cross-reference to it is a warning
(:func:`folio.markdown.quarto.crossrefs.unresolvable`).

One attribute is cheap and has a clear meaning, so it is set:
``filename="…"`` on a code block, shown above the code.
"""

from __future__ import annotations

from folio.errors import quote
from folio.markdown.quarto import Notes, rewrite

ONE_COLUMN = "set in the text column: folio's pages have one column and no margin column"
SLIDES = "a Reveal.js slide class, with no meaning in a report"
CLASSES = {
    **{
        name: ONE_COLUMN
        for name in (
            "column-body",
            "column-body-outset",
            "column-body-outset-left",
            "column-body-outset-right",
            "column-page",
            "column-page-left",
            "column-page-right",
            "column-page-inset",
            "column-page-inset-left",
            "column-page-inset-right",
            "column-screen",
            "column-screen-left",
            "column-screen-right",
            "column-screen-inset",
            "column-screen-inset-left",
            "column-screen-inset-right",
            "column-screen-inset-shaded",
            "column-margin",
            "page-columns",
            "page-full",
            "panel-sidebar",
            "panel-fill",
            "panel-center",
            "panel-input",
        )
    },  # fmt: skip
    "aside": "set in the text where it is written: folio's pages have no margin column",
    "panel-tabset": "its tabs are set one after another, each under its heading",
    "lightbox": "pictures do not open larger in the editions; it is set as any picture",
    "preview-image": "folio has no link previews",
    "border": "pictures are set with folio's own frame",
    "proof": "Quarto's proof block is set as plain text",
    "remark": "Quarto's remark block is set as plain text",
    "solution": "Quarto's solution block is set as plain text",
    "cell": "notebook output is set as it is",
    "cell-output": "notebook output is set as it is",
    "cell-output-display": "notebook output is set as it is",
    "cell-output-stdout": "notebook output is set as it is",
    "code-fold": "code is never folded in print",
    **{
        name: SLIDES
        for name in (
            "incremental",
            "nonincremental",
            "fragment",
            "notes",
            "r-stack",
            "r-fit-text",
            "r-stretch",
            "smaller",
            "scrollable",
            "absolute",
            "r-frame",
            "r-hstack",
            "r-vstack",
        )
    },  # fmt: skip
}
"""Quarto's classes folio gives no meaning to, and what happens instead (after "is Quarto's: …")."""

LAYOUT_OPTIONS = "captions and pictures are set as folio's house style sets them"
LATEX_ONLY = "an option for Quarto's LaTeX output, with no meaning in folio"
ATTRIBUTES = {
    "fig-align": LAYOUT_OPTIONS,
    "fig-cap-location": LAYOUT_OPTIONS,
    "tbl-cap-location": LAYOUT_OPTIONS,
    "cap-location": LAYOUT_OPTIONS,
    "layout-valign": LAYOUT_OPTIONS,
    "layout-align": LAYOUT_OPTIONS,
    "tbl-colwidths": "a table's columns take the widths its content needs",
    "fig-env": LATEX_ONLY,
    "fig-pos": LATEX_ONLY,
    "fig-scap": LATEX_ONLY,
    "tbl-env": LATEX_ONLY,
    "code-fold": "code is never folded in print",
    "code-summary": "code is never folded in print",
    "code-line-numbers": "code is set without line numbers",
    "code-overflow": "long code lines wrap in folio's editions",
    "lst-cap": "folio numbers no code listings; put the caption in a paragraph",
    "lst-label": "folio numbers no code listings",
}
"""Quarto's attributes folio gives no meaning to, and what happens instead."""
QUIET = ("html-table-processing", "tbl-cap")
"""Attributes that only steer how Quarto itself reads the content: taken off quietly."""

NUMBERED = {
    "lst": "listing", "thm": "theorem", "lem": "lemma", "cor": "corollary", "prp": "proposition", "cnj": "conjecture",
    "def": "definition", "exm": "example", "exr": "exercise", "sol": "solution", "rem": "remark", "alg": "algorithm",
    "nte": "note callout", "tip": "tip callout", "wrn": "warning callout", "imp": "important callout", "cau": "caution callout",
}  # fmt: skip
"""Quarto's cross-reference kinds folio does not number (figures, tables, sections and equations it does)."""


def numbered_kind(ident: str) -> str | None:
    prefix = ident.split("-", 1)[0] if "-" in ident else ""
    return NUMBERED.get(prefix)


def shape(blocks: list, notes: Notes) -> list:
    said: set[str] = set()

    def once(key: str, message: str, *needles: str) -> None:
        if key not in said:
            said.add(key)
            notes.say(message, *needles)

    def change(node: dict):
        kind = node["t"]
        if kind not in ("Div", "Span", "CodeBlock", "Code", "Image", "Figure", "Table", "Header", "Link"):
            return None
        ident, classes, pairs = node["c"][1] if kind == "Header" else node["c"][0]
        kept_classes = []
        for name in classes:
            if name in CLASSES:
                once("." + name, f"class .{name} is Quarto's: {CLASSES[name]}", "." + name, name)
            else:
                kept_classes.append(name)
        kept_pairs = []
        for key, value in pairs:
            if key in ATTRIBUTES:
                once(key, f"{key}={quote(value)} is Quarto's: {ATTRIBUTES[key]}", f"{key}=")
            elif key not in QUIET:
                kept_pairs.append([key, value])
        new_attr = [ident, kept_classes, kept_pairs]
        if kind == "Header":
            node["c"][1] = new_attr
        else:
            node["c"][0] = new_attr
        if kind == "Div" and ident and numbered_kind(ident):
            what = numbered_kind(ident)
            notes.unnumbered.add(ident)
            once(
                ident,
                f"#{ident}: Quarto numbers a {what}; folio does not, so it is set unnumbered and @{ident} cannot refer to it",
                "#" + ident,
            )
            node["c"][1] = [demote(b) if i == 0 else b for i, b in enumerate(node["c"][1])]
        if kind == "CodeBlock" and ident and numbered_kind(ident):
            notes.unnumbered.add(ident)
            once(ident, f"#{ident}: folio numbers no code listings; @{ident} cannot refer to it", "#" + ident)
        if kind == "CodeBlock":
            return filename(node)
        return node

    return rewrite(blocks, change)


def demote(block: dict) -> dict:
    """A heading that titles a block: a bold line, so it is not a section of the contents."""
    if block["t"] != "Header":
        return block
    return {"t": "Para", "c": [{"t": "Strong", "c": block["c"][2]}]}


def filename(node: dict):
    """``filename="app.py"`` on a code block: the name, shown above the code."""
    ident, classes, pairs = node["c"][0]
    name = next((value for key, value in pairs if key == "filename"), None)
    if name is None:
        return node
    node["c"][0] = [ident, classes, [[k, v] for k, v in pairs if k != "filename"]]
    label = {"t": "Div", "c": [["", ["code-filename"], []], [{"t": "Plain", "c": [{"t": "Code", "c": [["", [], []], name]}]}]]}
    return {"t": "Div", "c": [["", ["code-with-filename"], []], [label, node]]}
