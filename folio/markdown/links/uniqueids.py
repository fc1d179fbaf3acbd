"""Ids written twice: the second element gets an id of its own, as pandoc numbers a repeated heading.

An id must be unique in the report (a link goes to one place, and the EPUB's
XHTML refuses two), but a second ``id="bar"`` is a slip, not a reason to stop
the build: the first keeps the id (links go to it), the others are numbered
``bar-1``, ``bar-2`` with a located warning.  In raw HTML the id is rewritten
in the tag that writes it, found by the HTML parser (a tag inside a comment
is no tag).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

ID_ATTRIBUTE = re.compile(r"""(\sid\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`/]+)""", re.IGNORECASE)


class _IdTags(HTMLParser):
    """Where each start tag with an ``id`` begins, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[tuple[int, int], str, int]] = []
        """(line, column) of the tag, the tag as written, how many ids it has."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        count = sum(1 for name, value in attrs if name == "id" and value)
        written = self.get_starttag_text()
        if count and written:
            self.tags.append((self.getpos(), written, count))

    handle_startendtag = handle_starttag


def rename_raw_ids(fragment: str, ids: list[str]) -> str:
    """``fragment`` with its ids (in the order :func:`folio.markdown.raw.rawhtml.raw_html_ids` lists them) set to ``ids``."""
    parser = _IdTags()
    parser.feed(fragment)
    parser.close()
    starts = [0]
    for line in fragment.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    out: list[str] = []
    at = 0
    new = iter(ids)
    for (line, column), written, count in parser.tags:
        begin = starts[line - 1] + column
        if fragment.startswith(written, begin):
            names = [next(new, None) for _ in range(count)]
            values = iter(names)

            def change(match: re.Match[str], values=values) -> str:
                value = next(values, None)
                return match.group(0) if value is None else f'{match.group(1)}"{value}"'

            out.append(fragment[at:begin] + ID_ATTRIBUTE.sub(change, written, count=count))
            at = begin + len(written)
    out.append(fragment[at:])
    return "".join(out)
