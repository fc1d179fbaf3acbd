"""Where a raw HTML tag was written, found by what it is rather than by its text.

pandoc hands raw HTML back written its own way (``ontoggle=alert(1)``
comes back ``ontoggle="alert(1)"``), and the same ``<svg>`` may also stand
in a code span earlier in the file.  So a fragment's first tag is found in
the source by parsing each candidate ``<tag …>`` outside code and comparing
tag and attributes.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^[ \t]{0,3}\1[`~]*[ \t]*$|\Z)", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)


def without_code(text: str) -> str:
    """``text`` with code blocks and code spans blanked out, line breaks kept."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return INLINE_CODE.sub(blank, FENCE.sub(blank, text))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def first_tag(fragment: str) -> tuple[str, list[tuple[str, str | None]]] | None:
    parser = _Tags()
    parser.feed(fragment)
    parser.close()
    return parser.tags[0] if parser.tags else None


def tag_index(text: str, fragment: str, start: int = 0) -> int | None:
    """Where in ``text`` (code blanked out) from ``start`` the first tag of ``fragment`` is written, or ``None``."""
    wanted = first_tag(fragment)
    if wanted is None:
        return None
    for match in re.finditer(rf"<{re.escape(wanted[0])}(?=[\s/>])", text[start:], re.IGNORECASE):
        index = start + match.start()
        end = text.find(">", index)
        if end >= 0 and first_tag(text[index : end + 1]) == wanted:
            return index
    return None


def attribute_index(fragment: str, tag: str, attribute: str | None) -> int:
    """Where in ``fragment`` the tag ``<tag attribute=…>`` starts (the first ``<tag`` when there is no attribute)."""
    pattern = rf"<{re.escape(tag)}\b" + (rf"[^>]*?\s{re.escape(attribute)}\b" if attribute else "")
    match = re.search(pattern, fragment, re.IGNORECASE)
    return match.start() if match else max(fragment.lower().find(f"<{tag.lower()}"), 0)
