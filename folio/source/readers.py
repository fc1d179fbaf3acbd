"""``from:``: the Markdown reader of a report (``report.yaml``) or of one chapter (its header).

The value is written as pandoc and Quarto write it: a reader and extensions
turned on or off, ``markdown-tex_math_dollars``, ``commonmark_x``,
``gfm``, ``markdown_strict+footnotes``.  Only pandoc's Markdown readers are
taken (a chapter is Markdown); each extension must be one that reader knows,
as pandoc itself lists them.  The checked text is kept as written;
:mod:`folio.markdown.reader.dialect` turns it into what pandoc is run with.
"""

from __future__ import annotations

import re
import subprocess
from functools import cache

from folio import pandoc
from folio.errors import quote
from folio.source.fields import Fields, closest
from folio.source.schema import REPORT

DEFAULT: str = REPORT["from"].default
"""pandoc's Markdown, as a report without ``from:`` is read (the schema's default)."""

READERS = ("markdown", "commonmark", "commonmark_x", "gfm", "markdown_strict", "markdown_phpextra", "markdown_mmd")
"""pandoc's Markdown readers: the ones a chapter may be read with."""

OTHER_READERS = {
    "markdown_github": "gfm",
    "md": "markdown",
    "pandoc": "markdown",
    "quarto": "markdown",
    "qmd": "markdown",
    "github": "gfm",
    "mdbook": "commonmark",
    "commonmarkx": "commonmark_x",
}
"""Names an author may reach for, and the reader meant."""

SPEC = re.compile(r"^([a-z_]+)((?:[+-][a-z_0-9]+)*)$")


@cache
def extensions(reader: str) -> dict[str, bool]:
    """Every extension pandoc knows for ``reader``, and whether it is on by default."""
    done = subprocess.run([pandoc.executable(), f"--list-extensions={reader}"], capture_output=True, text=True, check=True, timeout=60)
    found = {}
    for line in done.stdout.split():
        if line[:1] in "+-" and len(line) > 1:
            found[line[1:]] = line[0] == "+"
    return found


def parse(spec: str) -> tuple[str, list[tuple[str, str]]] | None:
    """``gfm-tex_math_dollars`` as ``("gfm", [("-", "tex_math_dollars")])``; ``None`` when it is not of that form."""
    match = SPEC.match(spec)
    if match is None:
        return None
    changes = re.findall(r"([+-])([a-z_0-9]+)", match.group(2))
    return match.group(1), changes


def problem(spec: str) -> str | None:
    """What is wrong with a ``from:`` value (without the field's name), or ``None``."""
    parsed = parse(spec.strip())
    if parsed is None:
        return f"{quote(spec)} is not a reader; write a Markdown reader and its extensions, like gfm or markdown-tex_math_dollars"
    reader, changes = parsed
    if reader not in READERS:
        meant = OTHER_READERS.get(reader) or closest(reader, list(READERS), cutoff=0.6)
        hint = f"did you mean {meant}?" if meant else f"folio reads chapters in Markdown: {', '.join(READERS)}"
        return f"{quote(reader)} is not one of pandoc's Markdown readers; {hint}"
    known = extensions(reader)
    for sign, name in changes:
        if name not in known:
            meant = closest(name, list(known), cutoff=0.6)
            hint = f"did you mean {sign}{meant}?" if meant else f"pandoc --list-extensions={reader} lists those it has"
            return f"{reader} has no extension {quote(name)}; {hint}"
    return None


def reader_field(fields: Fields, key: str = "from") -> str | None:
    """The checked ``from:`` of a mapping, or ``None`` when it is absent or wrong (the problem is said)."""
    value = fields.text(key, max_len=300)
    if value is None:
        return None
    wrong = problem(value)
    if wrong:
        fields.fail(key, f"{fields.name(key)}: {wrong}")
        return None
    return value.strip()
