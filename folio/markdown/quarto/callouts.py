"""Callouts, as Quarto writes them (``::: {.callout-note}``) and as GitHub does (``> [!NOTE]``).

Five kinds: note, tip, important, warning, caution (and Quarto's plain
``.callout``, set as a note without its icon).  The title is the callout's
first heading, else ``title="…"``, else the kind's name in the report's
language; it is never a heading, so it stays out of the contents, the PDF
bookmarks and the EPUB's navigation.  ``icon=false`` drops the icon,
``appearance="simple"`` drops the tinted title bar and ``"minimal"`` the
tint and the icon (its title stays, plain, above a border); ``collapse="true"`` or ``"false"`` folds the callout in the web
edition (a ``<details>``), while print, PDF, EPUB and Word set it open.

The result is one div, ``.callout.callout-KIND`` with ``role="note"``, holding
a ``.callout-title`` div and a ``.callout-body`` div; each edition sets it
(:mod:`folio.markdown.quarto.editions`, ``styles/quarto.css``).
"""

from __future__ import annotations

from folio.ast import stringify, text_inlines
from folio.errors import quote
from folio.markdown.quarto import Notes, rewrite
from folio.source.strings import word

KINDS = ("note", "tip", "important", "warning", "caution")
APPEARANCES = ("default", "simple", "minimal")
COLLAPSE = "folio-collapse"
"""Marks a callout the web edition folds: ``true`` (closed) or ``false`` (open)."""
CALLOUT = "folio-callout"
"""Marks a div as a callout folio has shaped (an attribute, taken off by each edition)."""


def kind_of(classes: list[str]) -> str | None:
    for name in classes:
        if name.startswith("callout-") and name[len("callout-") :] in KINDS:
            return name[len("callout-") :]
    if "callout" in classes:
        return "callout"
    return None


def shape(blocks: list, notes: Notes, language: str, *, alerts: bool = False) -> list:
    def change(node: dict):
        if node["t"] != "Div":
            return None
        ident, classes, pairs = node["c"][0]
        if CALLOUT in dict(pairs):
            return None
        kind = kind_of(classes)
        if kind is not None:
            return callout(node, kind, notes, language)
        if alerts:
            return alert(node, language)
        return None

    return rewrite(blocks, change)


def alert(node: dict, language: str):
    """GitHub's ``> [!NOTE]``, as pandoc's ``alerts`` reads it: a div of the kind, its title a ``.title`` div."""
    ident, classes, pairs = node["c"][0]
    body = node["c"][1]
    if len(classes) != 1 or classes[0] not in KINDS or not body:
        return None
    first = body[0]
    if first["t"] != "Div" or first["c"][0][1] != ["title"]:
        return None
    return build(ident, classes[0], [], body[1:], language, {})


def callout(node: dict, kind: str, notes: Notes, language: str) -> dict:
    ident, classes, pairs = node["c"][0]
    options = dict(pairs)
    body = node["c"][1]
    title: list = []
    title_id = ""
    if body and body[0]["t"] == "Header":
        title, title_id = body[0]["c"][2], body[0]["c"][1][0]
        body = body[1:]
    elif options.get("title"):
        title = text_inlines(options["title"])
    extra = []
    icon = options.get("icon", "true").strip().lower()
    if icon in ("false", "no", "0") or kind == "callout":
        extra.append("callout-noicon")
    appearance = options.get("appearance", "default").strip().lower()
    if appearance not in APPEARANCES:
        notes.say(f"callout appearance={quote(appearance)}: Quarto's are default, simple and minimal; set as default", "appearance=")
        appearance = "default"
    if appearance != "default":
        extra.append(f"callout-{appearance}")
    marks = {}
    collapse = options.get("collapse", "").strip().lower()
    if collapse in ("true", "false"):
        marks[COLLAPSE] = collapse
    elif collapse:
        notes.say(f'callout collapse={quote(collapse)}: write collapse="true" or "false"; set open', "collapse=")
    kept = [c for c in classes if kind_of([c]) is None and c != "callout"]
    others = {k: v for k, v in options.items() if k not in ("title", "icon", "appearance", "collapse")}
    return build(ident, "note" if kind == "callout" else kind, kept + extra, body, language, marks, title, title_id, others)


def build(
    ident: str,
    kind: str,
    classes: list[str],
    body: list,
    language: str,
    marks: dict,
    title: list | None = None,
    title_id: str = "",
    others: dict | None = None,
) -> dict:
    """The callout as folio sets it."""
    if not title:
        title = text_inlines(word(language, f"callout.{kind}"))
    pairs = [["role", "note"], *([k, v] for k, v in (others or {}).items()), *([k, v] for k, v in marks.items()), [CALLOUT, kind]]
    head = {"t": "Div", "c": [[title_id, ["callout-title"], []], [{"t": "Para", "c": title}]]}
    content = [head]
    if body:
        content.append({"t": "Div", "c": [["", ["callout-body"], []], body]})
    return {"t": "Div", "c": [[ident, ["callout", f"callout-{kind}", *classes], pairs], content]}


def title_text(node: dict) -> str:
    """A folio callout's title, as plain text."""
    return stringify(node["c"][1][0]["c"][1])
