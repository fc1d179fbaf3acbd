"""Markdown as text: the few places an import changes in a page, found and rewritten in place.

An imported page keeps its Markdown as its authors wrote it (callouts,
shortcodes, cells, attributes); only its headings (a level, an id), its link
and picture targets, and what folio cannot carry are edited.  pandoc's reader
says what the page holds (:mod:`folio.importers.pages`); this module finds
where it is written: fenced code (never edited, except by the caller),
headings, inline links and pictures, reference definitions, HTML attributes.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})(.*)$")
ATX = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)[ \t]*(.*?)[ \t]*$")
ATTRIBUTES = re.compile(r"[ \t]*\{([^{}]*)\}[ \t]*$")
CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
NOT_SETEXT_TEXT = re.compile(r"^\s*(?:[-+*>|]|\d+[.)]\s|#|<|:::|$)")
DEFINITION = re.compile(r"^( {0,3}\[((?:[^\[\]\\\n]|\\.)+)\]:[ \t]*)(\S*)(.*)$")
QUOTED = re.compile(r"""(["'])([^"'\n]+\.(?:png|jpe?g|svg|gif|webp|bmp|tiff?|pdf))\1""", re.IGNORECASE)
REFERENCE = re.compile(r"\[((?:[^\[\]\\]|\\.)+)\](?:\[((?:[^\[\]\\]|\\.)*)\])?(?![(:\[])")
HTML_URL = re.compile(r"""(\b(?:src|href)[ \t]*=[ \t]*)(["'])(.*?)\2""", re.IGNORECASE)


@dataclass
class Text:
    """A page's lines, each with the file and line it came from (includes resolved)."""

    lines: list[str]
    origins: list[tuple[str, int]]

    @classmethod
    def of(cls, text: str, path: str, first: int = 1) -> Text:
        lines = text.split("\n")
        return cls(lines, [(path, first + n) for n in range(len(lines))])

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def where(self, index: int) -> tuple[str, int]:
        return self.origins[min(index, len(self.origins) - 1)] if self.origins else ("", 1)


@dataclass(frozen=True)
class Fence:
    start: int
    end: int
    """The closing fence's line (the last line of the page when none closes it)."""
    indent: str
    marks: str
    info: str


def fences(lines: list[str]) -> list[Fence]:
    """Every fenced code block, in order."""
    found, index = [], 0
    while index < len(lines):
        match = FENCE.match(lines[index])
        if match is None or (match.group(2)[0] == "`" and "`" in match.group(3)):
            index += 1
            continue
        indent, marks, info = match.groups()
        closing = re.compile(r"^[ \t]*" + re.escape(marks[0]) + "{" + str(len(marks)) + r",}[ \t]*$")
        end = next((i for i in range(index + 1, len(lines)) if closing.match(lines[i])), len(lines) - 1)
        found.append(Fence(index, end, indent, marks, info.strip()))
        index = end + 1
    return found


def in_code(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a fenced code block (its fences included)."""
    mask = [False] * len(lines)
    for fence in fences(lines):
        for index in range(fence.start, fence.end + 1):
            mask[index] = True
    return mask


# -- headings ---------------------------------------------------------------------


@dataclass
class Heading:
    line: int
    """The line of its text (for a setext heading, the line above the underline)."""
    setext: bool
    level: int
    text: str
    """Its text as written, without the marks, closing hashes and attributes."""
    attributes: str | None
    """What its ``{…}`` holds, as written."""


def headings(lines: list[str], code: list[bool]) -> list[Heading]:
    """The lines that look like headings, outside code; the caller keeps those pandoc agrees are headings."""
    found = []
    for index, line in enumerate(lines):
        if code[index]:
            continue
        match = ATX.match(line)
        if match:
            found.append(Heading(index, False, len(match.group(2)), *split_attributes(match.group(3))))
            continue
        underline = SETEXT.match(line)
        if underline and index and not code[index - 1] and not NOT_SETEXT_TEXT.match(lines[index - 1]):
            if lines[index - 1].startswith((" " * 4, "\t")):
                continue
            level = 1 if underline.group(1)[0] == "=" else 2
            found.append(Heading(index - 1, True, level, *split_attributes(lines[index - 1].strip())))
    return found


def split_attributes(text: str) -> tuple[str, str | None]:
    match = ATTRIBUTES.search(text)
    attributes = None
    if match:
        text, attributes = text[: match.start()], match.group(1)
    text = CLOSING_HASHES.sub("", text).strip()
    return text, attributes


def heading_line(level: int, text: str, ident: str | None, attributes: str | None) -> str:
    """An ATX heading with ``ident`` as its id (any other attribute kept)."""
    tokens = [t for t in (attributes or "").split() if not t.startswith("#")]
    if ident:
        tokens.insert(0, f"#{ident}")
    written = f"{'#' * min(max(level, 1), 6)} {text}"
    return f"{written} {{{' '.join(tokens)}}}" if tokens else written


def explicit_id(attributes: str | None) -> str | None:
    for token in (attributes or "").split():
        if token.startswith("#") and len(token) > 1:
            return token[1:]
    return None


def classes(attributes: str | None) -> list[str]:
    return [t[1:] for t in (attributes or "").split() if t.startswith(".")] + (["unnumbered"] if "-" in (attributes or "").split() else [])


def words(text: str) -> str:
    """Text compared loosely: markup, link targets and case left out."""
    text = re.sub(r"\]\([^)]*\)", "", text)
    return re.sub(r"[\W_]+", "", text, flags=re.UNICODE).casefold()


# -- links and pictures -------------------------------------------------------------


@dataclass
class Link:
    start: int
    """Where ``[`` (or ``![``) starts, in the page's text."""
    end: int
    """Just after the closing ``)``."""
    image: bool
    label: str
    """What the brackets hold, as written."""
    target: str
    target_start: int
    target_end: int


def code_spans(text: str, code_lines: list[bool]) -> list[tuple[int, int]]:
    """The character ranges of fenced code and inline code spans."""
    spans, offset = [], 0
    lines = text.split("\n")
    block_start = None
    for index, line in enumerate(lines):
        if code_lines[index] and block_start is None:
            block_start = offset
        if not code_lines[index] and block_start is not None:
            spans.append((block_start, offset))
            block_start = None
        offset += len(line) + 1
    if block_start is not None:
        spans.append((block_start, len(text)))
    position = 0
    ticks = re.compile(r"(?<![`\\])`+")
    while True:
        match = ticks.search(text, position)
        if match is None:
            break
        if inside(match.start(), spans):
            position = match.end()
            continue
        run = match.group(0)
        close = re.compile(r"(?<!`)" + run + r"(?!`)")
        end = close.search(text, match.end())
        if end is None or "\n\n" in text[match.end() : end.start()]:
            position = match.end()
            continue
        spans.append((match.start(), end.end()))
        position = end.end()
    return sorted(spans)


def inside(position: int, spans: list[tuple[int, int]]) -> bool:
    """Whether ``position`` falls in one of ``spans`` (sorted by start, as :func:`code_spans` gives them)."""
    at = bisect.bisect_right(spans, (position, float("inf"))) - 1
    return any(start <= position < end for start, end in spans[max(at - 1, 0) : at + 1])


def links(text: str, skip: list[tuple[int, int]]) -> list[Link]:
    """Inline links and pictures, ``[label](target "title")`` and ``![alt](target)``, outside code."""
    found = []
    for match in re.finditer(r"\]\(", text):
        if inside(match.start(), skip) or escaped(text, match.start()):
            continue
        parsed = destination(text, match.end())
        if parsed is None:
            continue
        target_start, target_end, end = parsed
        start = opening(text, match.start(), skip)
        if start is None:
            continue
        image = start > 0 and text[start - 1] == "!" and not escaped(text, start - 1)
        found.append(
            Link(
                start - image,
                end,
                image,
                text[start + 1 : match.start()],
                text[target_start:target_end].strip("<>"),
                target_start,
                target_end,
            )
        )
    return found


def escaped(text: str, index: int) -> bool:
    slashes = 0
    while index - slashes - 1 >= 0 and text[index - slashes - 1] == "\\":
        slashes += 1
    return slashes % 2 == 1


def destination(text: str, at: int) -> tuple[int, int, int] | None:
    """The target's span after ``](`` at ``at``, and where the link ends; ``None`` if it is no link."""
    index = at
    while index < len(text) and text[index] in " \t":
        index += 1
    start = index
    if index < len(text) and text[index] == "<":
        close = text.find(">", index)
        if close < 0 or "\n" in text[index:close]:
            return None
        index = close + 1
    else:
        depth = 0
        while index < len(text) and not text[index].isspace():
            char = text[index]
            if char == "\\":
                index += 2
                continue
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            index += 1
    end_target = index
    title = re.compile(r"""\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\))?\s*\)""", re.DOTALL)
    closing = title.match(text, index)
    if closing is None:
        return None
    return start, end_target, closing.end()


def opening(text: str, close: int, skip: list[tuple[int, int]]) -> int | None:
    """The ``[`` that the ``]`` at ``close`` closes, within the paragraph."""
    depth, index = 0, close - 1
    while index >= 0:
        char = text[index]
        if text.startswith("\n\n", index):
            return None
        if char in "[]" and not escaped(text, index) and not inside(index, skip):
            if char == "]":
                depth += 1
            elif depth == 0:
                return index
            else:
                depth -= 1
        index -= 1
    return None


def definitions(lines: list[str], code: list[bool]) -> list[tuple[int, str, str]]:
    """Reference definitions ``[label]: target``: (line, label, target); a target on the next line counts."""
    found = []
    for index, line in enumerate(lines):
        if code[index]:
            continue
        match = DEFINITION.match(line)
        if not match or match.group(2).startswith("^"):
            continue
        target = match.group(3)
        if not target and index + 1 < len(lines) and lines[index + 1].strip():
            target = lines[index + 1].split()[0]
        if target:
            found.append((index, match.group(2), target.strip("<>")))
    return found


def replace_definition(lines: list[str], index: int, old: str, new: str) -> None:
    """The definition at ``index`` (or its next line) points at ``new``."""
    for at in (index, index + 1):
        if at < len(lines) and old in lines[at]:
            lines[at] = lines[at].replace(f"<{old}>", new, 1) if f"<{old}>" in lines[at] else lines[at].replace(old, new, 1)
            return


def apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, replacement) applied; edits must not overlap."""
    out, at = [], 0
    for start, end, replacement in sorted(edits):
        if start < at:
            continue
        out.append(text[at:start])
        out.append(replacement)
        at = end
    out.append(text[at:])
    return "".join(out)


def label_key(label: str) -> str:
    """A reference label as pandoc compares them: case and runs of white space do not count."""
    return " ".join(label.split()).casefold()


def references(text: str, skip: list[tuple[int, int]]) -> list[tuple[int, int, tuple[str, str]]]:
    """``[text][label]``, ``[label][]`` and ``[label]`` outside code: (start, end, (text, label))."""
    found = []
    for match in REFERENCE.finditer(text):
        if inside(match.start(), skip) or escaped(text, match.start()) or (match.start() and text[match.start() - 1] in "!^"):
            continue
        words, label = match.group(1), match.group(2)
        found.append((match.start(), match.end(), (words, label if label else words)))
    return found


def enclosing_tag(text: str, at: int) -> tuple[int, int] | None:
    """The span of the HTML tag that holds position ``at``."""
    start, end = text.rfind("<", 0, at), text.find(">", at)
    return (start, end + 1) if start >= 0 and end >= 0 and "\n\n" not in text[start:end] else None


def alt_of(tag: str) -> str:
    match = re.search(r"""\balt\s*=\s*(["'])(.*?)\1""", tag, re.DOTALL)
    return match.group(2) if match else ""
