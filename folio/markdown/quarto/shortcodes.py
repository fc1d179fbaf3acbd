"""Quarto's shortcodes, ``{{< name arguments >}}``.

``{{< pagebreak >}}`` is a page break (:func:`folio.markdown.quarto.rawtex.page_break`)
and ``{{< kbd Ctrl-C >}}`` a key to press; an escaped shortcode,
``{{{< name >}}}`` or ``{{</* name */>}}``, is the text ``{{< name >}}``, in
code as in prose.  Every other shortcode (``var``, ``meta``, ``include``,
``video``…) is left out and named in a warning at its line.

pandoc reads a shortcode as words (``{{<``, ``pagebreak``, ``>}}``), its
quoted arguments as quotations; :func:`find` reads it back from them.
"""

from __future__ import annotations

import re
import shlex

from folio.ast import stringify
from folio.markdown.quarto import Notes, rewrite
from folio.markdown.quarto.rawtex import page_break

OPEN, CLOSE = "{{<", ">}}"
ESCAPED = re.compile(r"\{\{\{<(.{0,500}?)>\}\}\}|\{\{</\*(.{0,500}?)\*/>\}\}", re.DOTALL)
MAX_WORDS = 200
"""A shortcode is a few words: one not closed within this many is no shortcode."""
KNOWN = {
    "var": "it prints a value of _variables.yml, which a report folder does not have; write the value",
    "meta": "it prints a value of Quarto's metadata; write the value",
    "env": "it prints an environment variable, which folio never reads; write the value",
    "include": "folio does not include other files; paste the file's text into the chapter",
    "embed": "folio does not run notebooks; put the output in as an image or a table",
    "video": "the editions carry no video; link to it, [title](https://…), or put in a still image",
    "lipsum": "it fills in placeholder text; write the text",
    "placeholder": "it draws a placeholder picture; put the picture in images/",
    "version": "it prints Quarto's version",
    "contents": "it moves content elsewhere in the page",
    "brand": "it prints a value of Quarto's _brand.yml",
}
"""Quarto's built-in shortcodes folio does not run, and why (after "is left out:")."""


def shape(blocks: list, notes: Notes) -> list:
    def change(node: dict):
        kind = node["t"]
        if kind in ("Para", "Plain"):
            return paragraph(node, notes)
        if kind in ("Code", "CodeBlock"):
            text = node["c"][1]
            if OPEN in text or "{{{<" in text:
                node["c"][1] = ESCAPED.sub(lambda m: "{{<" + (m.group(1) if m.group(1) is not None else m.group(2)) + ">}}", text)
            return node
        return None

    return rewrite(blocks, change)


def paragraph(node: dict, notes: Notes):
    inlines = node["c"]
    if not any(n["t"] == "Str" and ("{{" in n["c"]) for n in inlines):
        return None
    out: list = []
    blocks: list = []
    index = 0
    while index < len(inlines):
        found = find(inlines, index)
        if found is None:
            out.extend(inlines[index:])
            break
        start, end, before, after, text = found
        out.extend(inlines[index:start])
        if before:
            out.append({"t": "Str", "c": before})
        replacement = expand(text, notes)
        if replacement == "break":
            if any(n["t"] not in ("Space", "SoftBreak") for n in out):
                blocks.append({"t": node["t"], "c": out})
            blocks.append(page_break())
            out = []
        else:
            out.extend(replacement)
        if after:
            out.append({"t": "Str", "c": after})
        index = end
    if not blocks:
        node["c"] = out
        return node
    while out and out[0]["t"] in ("Space", "SoftBreak"):
        out = out[1:]
    if out:
        blocks.append({"t": node["t"], "c": out})
    return blocks


def find(inlines: list, start: int):
    """The next shortcode from ``start``: (first index, index past it, text before it, text after it, its source)."""
    for first in range(start, len(inlines)):
        node = inlines[first]
        if node["t"] != "Str" or "{{" not in node["c"]:
            continue
        at = node["c"].find("{{")
        before, text = node["c"][:at], node["c"][at:]
        if not (text.startswith(OPEN) or text.startswith("{{{<")):
            continue
        for last in range(first, min(len(inlines), first + MAX_WORDS)):
            if last > first:
                text += source(inlines[last])
            closing = closing_at(text)
            if closing is not None:
                return first, last + 1, before, text[closing:], text[:closing]
        return None
    return None


def closing_at(text: str) -> int | None:
    """Where the shortcode that opens ``text`` ends (``>}}`` or, escaped, ``>}}}``)."""
    if text.startswith("{{{<"):
        at = text.find(">}}}")
        return at + 4 if at >= 0 else None
    if text.startswith("{{</*"):
        at = text.find("*/>}}")
        return at + 5 if at >= 0 else None
    at = text.find(CLOSE)
    return at + 3 if at >= 0 else None


def source(node: dict) -> str:
    """A word of a shortcode, as written."""
    kind = node["t"]
    if kind == "Str":
        return node["c"]
    if kind in ("Space", "SoftBreak", "LineBreak"):
        return " "
    if kind == "Quoted":
        mark = '"' if node["c"][0]["t"] == "DoubleQuote" else "'"
        return mark + "".join(source(n) for n in node["c"][1]) + mark
    if kind == "Code":
        return node["c"][1]
    if kind == "Link":
        return "".join(source(n) for n in node["c"][1])
    return stringify([node])


def expand(text: str, notes: Notes):
    """A shortcode's replacement: inlines, or ``"break"`` for a page break."""
    escaped = ESCAPED.fullmatch(text)
    if escaped:
        inner = escaped.group(1) if escaped.group(1) is not None else escaped.group(2)
        return [{"t": "Str", "c": "{{<" + inner + ">}}"}]
    inner = text[len(OPEN) : -len(CLOSE)].strip()
    try:
        words = shlex.split(inner)
    except ValueError:
        words = inner.split()
    name = words[0][:40] if words else ""
    if name == "pagebreak":
        return "break"
    if name == "kbd":
        return [keys(words[1:])]
    why = KNOWN.get(name, "folio does not know it; write what it would print")
    notes.say(f"Quarto shortcode {{{{< {name} >}}}} is left out: {why}", f"{{{{< {name}", text)
    return []


def keys(arguments: list[str]) -> dict:
    """``{{< kbd Shift-Ctrl-P mac=Shift-Command-P >}}``: the keys to press, each system's after the first."""
    plain = [word for word in arguments if "=" not in word]
    systems = [word.split("=", 1) for word in arguments if "=" in word]
    names = {"mac": "macOS", "win": "Windows", "linux": "Linux"}
    shown = [(key, None) for key in plain[:1]] + [(value, names.get(system, system)) for system, value in systems]
    inlines: list = []
    for index, (key, system) in enumerate(shown):
        if index:
            inlines += [{"t": "Str", "c": ","}, {"t": "Space"}]
        inlines.append({"t": "Code", "c": [["", ["kbd"], []], key]})
        if system:
            inlines += [{"t": "Space"}, {"t": "Str", "c": f"({system})"}]
    return {"t": "Span", "c": [["", ["kbd-group"], []], inlines]}
