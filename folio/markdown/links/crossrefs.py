"""Reference links and heading ids across the whole report, as pandoc gives them in one document.

pandoc resolves ``[text][label]``, ``[label]`` and implicit header references
(``[Heading text]``) only within the text it is given, and numbers repeated
headings only within it.  A report is one document cut into files, so:

* each source is first parsed alone, with a probe appended that asks pandoc
  which reference definitions the source makes (a ``[x]: url`` line inside a
  code block is no definition, and pandoc knows that better than a pattern);
* heading ids are given in reading order over the whole report with pandoc's
  own rule (``reader-options``, then ``reader-options-1``), author ids first;
* each source is parsed again with the definitions of the others and one
  definition per heading (chapter titles included) appended, so every
  reference resolves as it would in one document: a definition written by
  the author wins over a heading of the same text, the last definition of
  a label wins, the first heading of a text wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from folio import pandoc
from folio.ast import text_inlines, walk
from folio.markdown.raw import comments
from folio.markdown.raw.rawhtml import raw_html_ids
from folio.markdown.reader.dialect import Dialect, default, github_identifier
from folio.model import ProfilesPart, Report, Source
from folio.run.cache import Cache

READER = "markdown-raw_tex-auto_identifiers-implicit_header_references"
"""Headings keep only the ids their author wrote; folio gives the others (see :func:`heading_ids`)."""
PROBE = "folio-probe"
DEFINITION = re.compile(r"^ {0,3}\[((?:[^\[\]\\\n]|\\.){1,999})\]:[ \t]*(?:\n[ \t]*)?\S", re.MULTILINE)
"""A reference definition ``[label]: URL``, the URL on the same line or the next."""
REFERENCE = re.compile(r"(?<![\w\]\\])\[([^\[\]]+)\]\[([^\[\]]*)\]")
"""A reference link ``[text][label]`` or ``[text][]`` that pandoc left as text."""


def key(label: str) -> str:
    """pandoc's reference key: case and runs of white space do not count."""
    return " ".join(label.split()).casefold()


@dataclass(slots=True)
class Parsed:
    """One source as pandoc reads it alone."""

    document: dict
    warnings: tuple[str, ...]
    definitions: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Reference key → (target, title), in the order written."""


def parse(text: str, cache: Cache | None, reader: str = READER) -> tuple[dict, tuple[str, ...]]:
    cache_key = ("parse", reader, pandoc.version(), comments.VERSION, text)
    if cache is not None and (hit := cache.get(cache_key)) is not None:
        return hit
    prepared = comments.prepare(text)  # every comment form HTML allows, written as pandoc reads comments
    document, warnings = pandoc.to_json(prepared, reader, pandoc.reading_budget(prepared))
    result = (comments.restore(document) if prepared != text else document), warnings
    if cache is not None:
        result = cache.put(cache_key, result)  # the cache's copy, in place of a second one
    return result


def parse_alone(source: Source, cache: Cache | None, dialect: Dialect | None = None) -> Parsed:
    """The source parsed on its own, with the reference definitions it makes."""
    dialect = dialect or default()
    labels = list(dict.fromkeys(m.group(1) for m in DEFINITION.finditer(source.text) if not m.group(1).startswith("^")))
    if labels:
        probe = " ".join(f"[{n}][{label}]" for n, label in enumerate(labels))
        document, warnings = parse(source.text + probe_text(probe, dialect), cache, dialect.pandoc)
        probes = take_probe(document)
        if probes is not None:
            definitions = {}
            for node in walk(probes):
                if node["t"] == "Link":
                    label = labels[int("".join(n["c"] for n in node["c"][1] if n["t"] == "Str"))]
                    definitions[key(label)] = tuple(node["c"][2])
            return Parsed(document, warnings, definitions)
    # no definition, or the text ends inside a block (an open code fence) that took the probe in
    document, warnings = parse(source.text, cache, dialect.pandoc)
    return Parsed(document, warnings)


def parse_with(source: Source, appendix: str, cache: Cache | None, dialect: Dialect | None = None) -> tuple[dict, tuple[str, ...]] | None:
    """The source parsed with ``appendix`` (definitions) after it; ``None`` if the text ends inside a block that took them in."""
    dialect = dialect or default()
    document, warnings = parse(f"{source.text}{appendix}" + probe_text("", dialect), cache, dialect.pandoc)
    if take_probe(document) is None:
        return None
    return document, tuple(w for w in warnings if not w.startswith("Duplicate link reference"))


def probe_text(probe: str, dialect: Dialect) -> str:
    """The probe as a last block: a fenced div, or a paragraph led by its name where the reader has no divs."""
    if dialect.divs:
        return f"\n\n::: {PROBE}\n{probe}\n:::\n"
    return f"\n\n{PROBE} {probe}\n"


def take_probe(document: dict) -> list | None:
    """Remove the probe, the last block; its content, or ``None`` when it is not where it was put."""
    blocks = document["blocks"]
    if blocks and blocks[-1]["t"] == "Div" and PROBE in blocks[-1]["c"][0][1]:
        return blocks.pop()["c"][1]
    if blocks and blocks[-1]["t"] == "Para" and blocks[-1]["c"][:1] == [{"t": "Str", "c": PROBE}]:
        return [{"t": "Para", "c": blocks.pop()["c"][1:]}]
    return None


# -- heading ids ----------------------------------------------------------------------------


def plain_text(inlines: list) -> str:
    """pandoc's ``stringify`` as used for identifiers: notes and raw markup say nothing."""
    out: list[str] = []

    def visit(items: list) -> None:
        for node in items:
            kind = node["t"]
            if kind == "Str":
                out.append(node["c"])
            elif kind in ("Space", "SoftBreak", "LineBreak"):
                out.append(" ")
            elif kind in ("Code", "Math"):
                out.append(node["c"][1])
            elif kind in ("Emph", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps", "Underline"):
                visit(node["c"])
            elif kind == "Quoted":
                visit(node["c"][1])
            elif kind in ("Link", "Image", "Span"):
                visit(node["c"][1])
            elif kind == "Cite":
                visit(node["c"][1])

    visit(inlines)
    return "".join(out)


def pandoc_identifier(inlines: list, github: bool = False) -> str:
    """The id pandoc's ``auto_identifiers`` (or, ``github``, its ``gfm_auto_identifiers``) gives a heading before numbering repeats."""
    if github:
        return github_identifier(plain_text(unemoji(inlines))) or "section"
    text = "".join(c for c in plain_text(inlines).lower() if c.isspace() or c.isalnum() or c in "_-.")
    text = "-".join(text.split())
    while text and not text[0].isalpha():
        text = text[1:]
    return text or "section"


def explicit_ids(blocks: list) -> list[str]:
    """Every id the author wrote in a source: ``{#id}`` on anything, ``id="…"`` in raw HTML."""
    found = []
    for node in walk(blocks):
        kind = node["t"]
        if kind == "Header" and node["c"][1][0]:
            found.append(node["c"][1][0])
        elif kind in ("Div", "Span", "Link", "Image", "Code", "CodeBlock", "Figure", "Table") and node["c"][0][0]:
            found.append(node["c"][0][0])
        elif kind in ("RawBlock", "RawInline") and node["c"][0].lower() in ("html", "html5"):
            found += raw_html_ids(node["c"][1])
    return found


def unemoji(inlines: list) -> list:
    """GitHub names an emoji in an id by its name (``:smile:`` is ``smile``)."""
    out = []
    for node in inlines:
        if node["t"] == "Span" and "emoji" in node["c"][0][1]:
            name = dict(node["c"][0][2]).get("data-emoji", "")
            out.append({"t": "Str", "c": name})
        else:
            out.append(node)
    return out


def heading_ids(sources: list[Source], parsed: list[Parsed], taken, github: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """Each source's headings without an id of their own → the id pandoc would give them in one document.

    ``taken(ident)`` says whether an id is already used (by the report or by
    any id an author wrote anywhere): an author's id always wins, so the
    heading is numbered past it, as pandoc numbers a repeated heading.
    """
    used: set[str] = set()
    for one in parsed:
        used.update(explicit_ids(one.document["blocks"]))
    given: dict[str, list[str]] = {}
    for source, one in zip(sources, parsed, strict=True):
        ids = given.setdefault(source.path, [])
        for node in walk(one.document["blocks"]):
            if node["t"] != "Header" or node["c"][1][0]:
                continue
            base = ident = pandoc_identifier(node["c"][2], source.path in github)
            number = 0
            while ident in used or taken(ident):
                number += 1
                ident = f"{base}-{number}"
            used.add(ident)
            ids.append(ident)
    return given


# -- references across sources ----------------------------------------------------------------


def heading_labels(headings: list[tuple[list, str]], api_version: list, cache: Cache | None) -> list[tuple[str, str]]:
    """(label, id) for every heading: its text as written in Markdown, and as plain text."""
    if not headings:
        return []
    clean = [[n for n in inlines if n["t"] != "Note"] for inlines, _ in headings]
    document = {"pandoc-api-version": api_version, "meta": {}, "blocks": [{"t": "Plain", "c": inlines} for inlines in clean]}
    cache_key = ("heading-labels", pandoc.version(), repr(document))
    written = cache.get(cache_key) if cache is not None else None
    if written is None:
        written = pandoc.from_json(document, ["--to", "markdown-smart", "--wrap=none"]).output.strip().split("\n\n")
        if cache is not None:
            cache.put(cache_key, written)
    if len(written) != len(headings):
        written = [""] * len(headings)
    labels = []
    for (inlines, ident), markdown in zip(headings, written, strict=True):
        for label in dict.fromkeys((markdown.strip(), plain_text(inlines).strip())):
            if label and "[" not in label and "]" not in label and not label.startswith("^") and "\n" not in label:
                labels.append((label, ident))
    return labels


def appendix(own: dict[str, tuple[str, str]], written: dict[str, tuple[str, str, str]], headings: list[tuple[str, str]]) -> str:
    """Definitions to append to one source so that it resolves references as the whole report does.

    ``written`` holds the report's definitions (key → label, target, title),
    the last of each label in reading order; ``headings`` (label, id) in
    reading order.
    """
    lines = []
    for ref_key, (label, target, title) in written.items():
        if own.get(ref_key) != (target, title):
            lines.append(definition(label, target, title))
    seen: set[str] = set()
    for label, ident in headings:
        ref_key = key(label)
        if ref_key in written or ref_key in own or ref_key in seen:
            continue
        seen.add(ref_key)
        lines.append(definition(label, "#" + ident, ""))
    return "\n\n" + "\n".join(lines) + "\n" if lines else ""


def definition(label: str, target: str, title: str) -> str:
    """One ``[label]: <target> "title"`` line (angle brackets keep any target whole)."""
    if title:
        return f'[{label}]: <{target}> "{title.replace(chr(34), chr(92) + chr(34))}"'
    return f"[{label}]: <{target}>"


def report_definitions(parsed: list[Parsed], labels: list[dict[str, str]]) -> dict[str, tuple[str, str, str]]:
    """Every reference definition of the report, key → (label, target, title); the last one written wins, as in pandoc."""
    found: dict[str, tuple[str, str, str]] = {}
    for one, names in zip(parsed, labels, strict=True):
        for ref_key, (target, title) in one.definitions.items():
            found.pop(ref_key, None)
            found[ref_key] = (names[ref_key], target, title)
    return found


def written_labels(source: Source) -> dict[str, str]:
    """Reference key → the label as its definition writes it."""
    return {key(m.group(1)): m.group(1) for m in DEFINITION.finditer(source.text)}


def part_headings(report: Report) -> list[tuple[list, str]]:
    """Part titles, chapter titles and profile names are headings of the one document too."""
    found = []
    for part in report.parts:
        if getattr(part, "title", None):
            found.append((text_inlines(part.title), part.id))
        if isinstance(part, ProfilesPart) and part.intro is not None:
            found.append((text_inlines(part.intro.title), part.intro.id))
    found += [(text_inlines(profile.name), profile.id) for profile in report.profiles]
    return found


def brackets_left(tree) -> bool:
    """Whether pandoc left a ``[`` or ``]`` in the text (a citation's own text aside): a reference it could not resolve alone."""
    if isinstance(tree, list):
        return any(brackets_left(item) for item in tree)
    if not isinstance(tree, dict):
        return False
    kind = tree.get("t")
    if kind == "Str":
        return "[" in tree["c"] or "]" in tree["c"]
    if kind in ("Cite", "Code", "CodeBlock", "RawBlock", "RawInline", "Math"):
        return False
    return brackets_left(tree.get("c"))


def unresolved(inlines: list) -> list[str]:
    """Reference links ``[text][label]`` in a run of inlines that pandoc left as text."""
    text = "".join(n["c"] if n["t"] == "Str" else " " if n["t"] in ("Space", "SoftBreak") else "\0" for n in inlines)
    return [m.group(0) for m in REFERENCE.finditer(text)]
