"""Quarto Markdown (``.qmd``): a chapter written for Quarto, read as Quarto reads it.

Quarto reads a ``.qmd`` file with pandoc's Markdown, whatever ``from:`` the
report gives its ``.md`` chapters, so that is this format's reader (the
chapter's own ``from:`` still comes first).  What Quarto's Markdown adds on
top (callouts, ``{#fig-…}`` floats, shortcodes, code cells, ``@fig-x``
cross-references) is given its meaning in stage 2, for every chapter alike
(:mod:`folio.markdown.quarto`).

The pre-pass, :func:`prepare`, leaves out the header fields that tell Quarto
how to render or run the file (``format:``, ``execute:``, ``jupyter:``…),
each named in a warning at its line: folio's editions have settings of their
own, and its chapter header would refuse them as unknown.  The lines stay
(as YAML comments), so every message points into the file as written.  Any
other field is read as in a ``.md`` chapter's header.  A file with no YAML
header whose first line is a level-1 heading (``# Introduction {#sec-intro}``,
as Quarto's books write a chapter) gets a header made from it: the heading's
text is the title and its id the id; a header with no ``title:`` takes them
from such a heading the same way.

A ``.qmd`` in ``chapters/`` that ``contents`` does not name is a warning,
not an error: before folio read ``.qmd`` files, a folder could keep one
beside its chapters (Quarto's ``index.qmd``, a page not yet converted), and
such a folder still builds, the same as before.
"""

from __future__ import annotations

import json
import re

from folio.errors import Problems
from folio.source.formats.format import Format, Prepared

RENDERING = frozenset(
    {
        "format", "execute", "engine", "jupyter", "knitr", "freeze", "cache", "editor", "editor_options", "filters",
        "shortcodes", "echo", "eval", "output", "warning", "error", "include", "keep-md", "keep-ipynb", "keep-tex",
        "code-fold", "code-tools", "code-summary", "code-overflow", "code-line-numbers", "df-print", "fig-width",
        "fig-height", "fig-format", "fig-dpi", "fig-responsive", "fig-cap-location", "tbl-cap-location", "cap-location",
        "toc", "toc-depth", "toc-title", "toc-location", "toc-expand", "number-sections", "number-depth", "number-offset",
        "highlight-style", "theme", "css", "page-layout", "title-block-banner", "title-block-style", "reference-location",
        "citation-location", "self-contained", "embed-resources", "html-math-method", "resources",
    }
)  # fmt: skip
"""Quarto's options for rendering and running one file: about Quarto's output, not about the chapter."""

KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]|$)")
ATTRIBUTE = r"""(?:[#.][^\s{}]+|[\w-]+=(?:"[^"\n]*"|'[^'\n]*'|[^\s{}]+)|-)"""
HEADING = re.compile(
    rf"^#[ \t]+(?P<title>.*?)(?:[ \t]*\{{(?P<attributes>[ \t]*{ATTRIBUTE}(?:[ \t]+{ATTRIBUTE})*[ \t]*)\}})?(?:[ \t]+#+)?[ \t]*$"
)
IDENTIFIER = re.compile(r"(?:^|\s)#([A-Za-z][A-Za-z0-9_:.-]*)")


def prepare(text: str, shown: str, problems: Problems) -> Prepared:
    """``text`` as folio Markdown: Quarto's rendering options left out of its header, or a header made from its first heading."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return titled(lines, text)
    dropped: list[tuple[int, str]] = []
    keys: set[str] = set()
    dropping = False
    for index in range(1, len(lines)):
        line = lines[index]
        if line.rstrip() in ("---", "..."):
            break
        if line[:1] not in (" ", "\t", ""):
            key = KEY.match(line)
            if key:
                keys.add(key.group(1))
            dropping = bool(key) and key.group(1) in RENDERING
            if dropping:
                dropped.append((index + 1, key.group(1)))
        if dropping and line.strip():
            lines[index] = f"#{line}"
    else:
        return Prepared(text)  # a header never closed is load_chapter's to say, about the file as written
    for line, key in dropped:
        problems.warn(
            shown,
            line,
            f"{key}: tells Quarto how to render or run this file; folio's editions have settings of their own, so it is left out",
        )
    # A header with no title: takes its title (and its id unless it has one) from a level-1 heading that opens the
    # text, as Quarto does; the fields go at the header's end, so the header's own lines keep their numbers.
    fields = heading_fields(lines, index + 1, keys) if "title" not in keys else None
    if fields is None:
        return Prepared("\n".join(lines))
    return Prepared("\n".join([*lines[:index], *fields, *lines[index:]]), added=len(fields))


def titled(lines: list[str], text: str) -> Prepared:
    """A file with no YAML header whose first line of text is a level-1 heading (``# Introduction {#sec-intro}``), as
    Quarto's books write a chapter: a header made from it (its text the title, its id the id).  Any other file is
    left as written, for load_chapter to say what it lacks."""
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    fields = heading_fields(lines, 0, set())
    if fields is None or first is None:
        return Prepared(text)
    header = ["---", *fields, "---"]
    return Prepared("\n".join([*header, *lines]), added=len(header), header_line=first + 1)


def heading_fields(lines: list[str], start: int, keys: set[str]) -> list[str] | None:
    """``title:`` (and ``id:``, unless ``keys`` has one) from a level-1 heading that is the first line of text from
    ``start`` on, which becomes a blank line; ``None`` when that line is no such heading."""
    first = next((index for index in range(start, len(lines)) if lines[index].strip()), None)
    heading = HEADING.match(lines[first]) if first is not None else None
    if heading is None or not heading.group("title").strip():
        return None
    fields = [f"title: {json.dumps(heading.group('title').strip(), ensure_ascii=False)}"]
    identifier = IDENTIFIER.search(heading.group("attributes") or "")
    if identifier and "id" not in keys:
        fields.append(f"id: {json.dumps(identifier.group(1))}")
    lines[first] = ""
    return fields


FORMAT = Format(name="Quarto Markdown", suffixes=(".qmd",), reader="markdown", unlisted="warning", prepare=prepare)
