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
    if text.split("\n", 1)[0].rstrip() != "---":
        return titled(text)
    lines = text.split("\n")
    dropped: list[tuple[int, str]] = []
    dropping = False
    for index in range(1, len(lines)):
        line = lines[index]
        if line.rstrip() in ("---", "..."):
            break
        if line[:1] not in (" ", "\t", ""):
            key = KEY.match(line)
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
    return title_from_heading(lines, index)


def title_from_heading(lines: list[str], end: int) -> Prepared:
    """A header (closed at line ``end``) with no ``title:`` takes its title, and its id unless it has one, from a
    level-1 heading that opens the text, as Quarto does: the fields are added at the header's end, so the header's
    own lines keep their numbers, and the heading becomes a blank line."""
    keys = {key.group(1) for line in lines[1:end] if (key := KEY.match(line))}
    first = next((index for index in range(end + 1, len(lines)) if lines[index].strip()), None)
    heading = HEADING.match(lines[first]) if first is not None and "title" not in keys else None
    if heading is None or not heading.group("title").strip():
        return Prepared("\n".join(lines))
    fields = [f"title: {json.dumps(heading.group('title').strip(), ensure_ascii=False)}"]
    identifier = IDENTIFIER.search(heading.group("attributes") or "")
    if identifier and "id" not in keys:
        fields.append(f"id: {json.dumps(identifier.group(1))}")
    lines[first] = ""
    return Prepared("\n".join([*lines[:end], *fields, *lines[end:]]), added=len(fields))


def titled(text: str) -> Prepared:
    """A file with no YAML header whose first line of text is a level-1 heading (``# Introduction {#sec-intro}``), as
    Quarto's books write a chapter: a header made from it (its text the title, its id the id), the heading itself
    a blank line.  Any other file is left as written, for load_chapter to say what it lacks."""
    lines = text.split("\n")
    first = next((index for index, line in enumerate(lines) if line.strip()), None)
    heading = HEADING.match(lines[first]) if first is not None else None
    if heading is None or not heading.group("title").strip():
        return Prepared(text)
    header = ["---", f"title: {json.dumps(heading.group('title').strip(), ensure_ascii=False)}"]
    identifier = IDENTIFIER.search(heading.group("attributes") or "")
    if identifier:
        header.append(f"id: {json.dumps(identifier.group(1))}")
    header.append("---")
    lines[first] = ""
    return Prepared("\n".join([*header, *lines]), added=len(header), header_line=first + 1)


FORMAT = Format(name="Quarto Markdown", suffixes=(".qmd",), reader="markdown", unlisted="warning", prepare=prepare)
