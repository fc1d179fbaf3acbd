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
other field is read as in a ``.md`` chapter's header.

A ``.qmd`` in ``chapters/`` that ``contents`` does not name is a warning,
not an error: before folio read ``.qmd`` files, a folder could keep one
beside its chapters (Quarto's ``index.qmd``, a page not yet converted), and
such a folder still builds, the same as before.
"""

from __future__ import annotations

import re

from folio.errors import Problems
from folio.source.formats.format import Format

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


def prepare(text: str, shown: str, problems: Problems) -> str:
    """``text`` with Quarto's rendering options in its YAML header made into comments, each named at its line."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return text
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
        return text  # a header never closed is load_chapter's to say, about the file as written
    for line, key in dropped:
        problems.warn(
            shown,
            line,
            f"{key}: tells Quarto how to render or run this file; folio's editions have settings of their own, so it is left out",
        )
    return "\n".join(lines)


FORMAT = Format(name="Quarto Markdown", suffixes=(".qmd",), reader="markdown", unlisted="warning", prepare=prepare)
