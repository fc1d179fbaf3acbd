"""The starter's ``report.yaml``, commented from the schema of its fields.

``files/report.yaml`` holds only what the starter sets (its title, slug,
identifier… and its reading order).  :func:`commented` writes every field of
:data:`folio.source.schema.REPORT` in the schema's order, each under its
meaning: a field the starter sets with its value, any other commented out
with the schema's example, so a team sees every field it may write, in the
words of the reference, and uncomments what it needs.  ``contents``, a block,
comes last.
"""

from __future__ import annotations

import re
import textwrap

from folio.project import DOCS
from folio.source.schema import REPORT
from folio.source.schema.types import Field

WIDTH = 78
LAST = ("contents",)
"""Fields written after the others: blocks of several lines."""


def commented(values: str) -> str:
    """``values`` (leading comment lines, then top-level ``field: value`` entries) as the whole commented ``report.yaml``."""
    lines = values.splitlines()
    heading = []
    while lines and lines[0].startswith("#"):
        heading.append(lines.pop(0))
    entries = entries_of(lines)
    unknown = [name for name in entries if name not in REPORT.names]
    missing = [field.name for field in REPORT if field.required and field.name not in entries]
    if unknown or missing:
        raise ValueError(f"the starter's report.yaml: {unknown} are no fields of the schema; {missing} are required and not set")
    ordered = [field for field in REPORT if field.name not in LAST] + [REPORT[name] for name in LAST]
    blocks = ["\n".join(heading)] if heading else []
    for field in ordered:
        written = entries.get(field.name) or [f"# {field.name}: {field.example}"]
        blocks.append("\n".join([*comment(field), *written]))
    return "\n\n".join(blocks) + "\n"


def entries_of(lines: list[str]) -> dict[str, list[str]]:
    """Each top-level field with its lines (the first ``name: …``, then any indented ones)."""
    entries: dict[str, list[str]] = {}
    name = None
    for line in lines:
        if not line.strip():
            continue
        match = re.match(r"([A-Za-z_]+):", line)
        if match:
            name = match.group(1)
            entries[name] = [line]
        elif name is not None and line.startswith((" ", "-")):
            entries[name].append(line)
        else:
            raise ValueError(f"the starter's report.yaml: cannot place the line {line!r}")
    return entries


def comment(field: Field) -> list[str]:
    """The field's meaning (and its default, where the meaning does not say it) as comment lines."""
    text = plain(field.meaning)
    default = plain(field.shown_default())
    if default and "default" not in text.lower() and default.lower() not in text.lower():
        text += f" Default: {default}."
    if field.name == "contents":
        text += " The kinds: " + ", ".join(REPORT.item_names) + "."
    return textwrap.wrap(text, WIDTH, initial_indent="# ", subsequent_indent="# ", break_on_hyphens=False)


def plain(markdown: str) -> str:
    """The reference's Markdown as a comment says it: code without its backticks, a link to a page with its address."""
    return LINK.sub(address, markdown).replace("`", "")


LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")


def address(link: re.Match[str]) -> str:
    """``[Translations](../guides/translations.md)`` as ``Translations, DOCS/guides/translations/``; an anchor as its words."""
    words, target = link.groups()
    if target.startswith("../") and target.endswith(".md"):
        return f"{words}, {DOCS}{target.removeprefix('../').removesuffix('.md')}/"
    return words
