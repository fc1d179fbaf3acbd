"""Raw HTML inside a paragraph opens and closes inside it.

pandoc writes a paragraph as ``<p>…</p>``, so a tag opened in a line of text
(``Text <span>``) and closed after a blank line (``more</span>``) is set as
``<p>Text <span></p><p>more</span></p>``: a browser repairs it, XHTML (the
EPUB) cannot.  The tags written inside each paragraph, heading or table cell
are therefore balanced within it, and a tag that is not is a located error,
while tags written as blocks of their own (``<div>`` on its line, Markdown,
``</div>``) are balanced across the whole source.
"""

from __future__ import annotations

import re

from folio.markdown.raw.rawhtml import unbalanced

CONTAINERS = ("Para", "Plain", "Header", "LineBlock")
"""Blocks whose inlines pandoc writes inside one element."""


def inline_owners(blocks: list) -> dict[int, int]:
    """``id()`` of each raw inline node → ``id()`` of the block whose element it is written in."""
    owners: dict[int, int] = {}
    stack = [blocks]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict) and "t" in item:
            if item["t"] in CONTAINERS:
                inlines = item["c"][2] if item["t"] == "Header" else item["c"]
                collect(inlines, id(item), owners, stack)
            else:
                stack.append(item.get("c"))
    return owners


def collect(tree, owner: int, owners: dict[int, int], later: list) -> None:
    """Every raw inline under ``tree`` belongs to ``owner``; a note's blocks are paragraphs of their own (into ``later``)."""
    if isinstance(tree, list):
        for item in tree:
            collect(item, owner, owners, later)
    elif isinstance(tree, dict) and "t" in tree:
        if tree["t"] == "RawInline":
            owners[id(tree)] = owner
        elif tree["t"] == "Note":
            later.append(tree["c"])
        else:
            collect(tree.get("c"), owner, owners, later)


def unbalanced_in_paragraphs(chunks: dict[int, list[tuple[str, int]]]) -> list[tuple[int, str]]:
    """The tags of each paragraph's raw HTML that it opens and does not close, or closes and did not open."""
    found = []
    for owned in chunks.values():
        for line, message in unbalanced(owned):
            tag = re.search(r"<(/?[\w:-]+)>", message)
            name = tag.group(1).lstrip("/") if tag else "…"
            if " is never closed" in message:
                message = (
                    f"raw HTML <{name}> is not closed in the paragraph that opens it; the EPUB is XHTML, "
                    f"so write </{name}> before the paragraph ends"
                )
            found.append((line, message))
    return found
