"""What a reader leaves that would read otherwise than its author meant.

* **Maths across code.**  With ``tex_math_dollars`` pandoc takes everything
  from a ``$`` to the next closing ``$`` as TeX, code spans included:
  ``*$HOME/.cargo/bin* … `export PATH=$PATH` `` becomes one formula and the
  code is gone.  A code span binds tighter than maths (CommonMark's rule, and
  what a writer of shell paths means), so a block whose maths holds a
  backtick is read again without dollar maths (:func:`code_over_maths`).
* **Emoji.**  ``gfm`` and ``commonmark_x`` read ``:rocket:`` as the emoji;
  folio ships no emoji font, so it stays the text its author wrote, with a
  warning (:func:`emoji_text`), never a box in the PDF.
* **Task lists.**  ``- [x] done`` is a list item led by ☒ in pandoc's AST,
  which its HTML writer turns into a form's checkbox; folio keeps the mark
  as a character (☑, ☐) in the code face, which has both
  (:func:`task_marks`): no form reaches an edition.
* **Footnotes a reader does not have.**  In ``commonmark`` or
  ``markdown_strict`` ``[^1]`` is text; folio says which reader would make
  it a note instead of calling it a note never defined (:func:`footnote_text`).
"""

from __future__ import annotations

from folio.ast import walk
from folio.markdown.quarto import Notes, rewrite

HOLDERS = ("Para", "Plain", "Header")


def swallowed_code(document: dict) -> bool:
    """Whether pandoc read some code span as part of a formula."""
    return any(node["t"] == "Math" and "`" in node["c"][1] for node in walk(document["blocks"]))


def inlines_of(node: dict) -> list:
    return node["c"][2] if node["t"] == "Header" else node["c"]


def code_over_maths(document: dict, without_maths: dict) -> dict:
    """``document`` with each block whose maths swallowed code taken from ``without_maths`` (the same text read without it)."""
    mine = [node for node in walk(document["blocks"]) if node["t"] in HOLDERS]
    theirs = [node for node in walk(without_maths["blocks"]) if node["t"] in HOLDERS]
    if len(mine) != len(theirs):
        return document
    for block, other in zip(mine, theirs, strict=True):
        if block["t"] == other["t"] and any(n["t"] == "Math" and "`" in n["c"][1] for n in walk(inlines_of(block))):
            if block["t"] == "Header":
                block["c"][2] = other["c"][2]
            else:
                block["c"] = other["c"]
    return document


def footnote_text(blocks: list, reader: str, notes: Notes) -> list:
    """``[^label]`` in a reader without footnotes: text, as the reader reads it, and a warning that says so once."""
    said = []

    def change(node: dict):
        if node["t"] != "Str" or "[^" not in node["c"]:
            return None
        if not said:
            said.append(node["c"])
            label = node["c"][node["c"].index("[^") :].split("]")[0] + "]"
            notes.say(f"{label} is text in {reader}, which has no footnotes; to make it a footnote, write from: {reader}+footnotes", label)
        parts = node["c"].split("[^")
        out = [{"t": "Str", "c": parts[0] + "["}] if parts[0] or len(parts) > 1 else []
        for index, part in enumerate(parts[1:], start=1):
            out.append({"t": "Str", "c": "^" + part + ("[" if index < len(parts) - 1 else "")})
        return [n for n in out if n["c"]]

    return rewrite(blocks, change)


def emoji_text(blocks: list, notes: Notes) -> list:
    """The ``emoji`` extension's emoji as their ``:name:``: no font folio ships has them."""

    def change(node: dict):
        if node["t"] != "Span" or "emoji" not in node["c"][0][1]:
            return None
        name = dict(node["c"][0][2]).get("data-emoji", "")
        notes.say(f":{name}: is set as written: folio ships no emoji font (write the word, or put in a picture)", f":{name}:")
        return {"t": "Str", "c": f":{name}:"}

    return rewrite(blocks, change)


TASKS = {"\u2612": "\u2611", "\u2610": "\u2610"}
"""pandoc's task marks (☒ done, ☐ to do) → the ones folio sets (☑, ☐: the code face has both)."""


def task_marks(blocks: list) -> list:
    """A task list item's mark as a character in a ``.task`` span (never a checkbox); a list of tasks only has no bullets."""

    def change(node: dict):
        if node["t"] not in ("BulletList", "OrderedList"):
            return None
        items = node["c"] if node["t"] == "BulletList" else node["c"][1]
        tasks = 0
        for item in items:
            first = item[0] if item else None
            if first and first["t"] in ("Plain", "Para") and first["c"] and first["c"][0]["t"] == "Str" and first["c"][0]["c"] in TASKS:
                mark = TASKS[first["c"][0]["c"]]
                first["c"][0] = {"t": "Span", "c": [["", ["task"], []], [{"t": "Str", "c": mark}]]}
                tasks += 1
        if tasks and tasks == len(items) and node["t"] == "BulletList":
            return {"t": "Div", "c": [["", ["task-list"], []], [node]]}
        return node

    return rewrite(blocks, change)
