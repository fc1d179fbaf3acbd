"""Square brackets within brackets, counted outside code and maths.

pandoc's Markdown reader takes time that doubles with each level of square
brackets open inside one another, so folio bounds them wherever text reaches
that reader: the chapters (stage 2 measures each line) and the reference
list's fields (stage 1 checks references.yaml).
"""

from __future__ import annotations

import re

MAX_BRACKETS = 6
"""Square brackets open inside one another in a paragraph: ``[see [@a, p. 2]]`` is two."""

BACKTICKS = re.compile(r"`+")
MATH = re.compile(r"\$\$[^$]*\$\$|\$(?=[^\s$])[^$\n]*(?<=[^\s\\])\$(?!\d)")


def bracket_depth(text: str) -> int:
    """The most square brackets open at once in ``text`` (code spans and escaped brackets aside)."""
    return brackets_open(without_code(text), 0)[1]


def without_code(text: str) -> str:
    """``text`` without its code spans (a run of backticks to the next run as long) and its TeX maths, in linear time."""
    runs = [(match.start(), match.end()) for match in BACKTICKS.finditer(text)]
    following: dict[int, list[int]] = {}
    for index in range(len(runs) - 1, -1, -1):  # for each run, the next run of the same length (a stack per length)
        following.setdefault(runs[index][1] - runs[index][0], []).append(index)
    kept, at, index = [], 0, 0
    while index < len(runs):
        start, end = runs[index]
        same = following[end - start]
        while same and same[-1] <= index:
            same.pop()
        if same:
            closing = same.pop()
            kept.append(text[at:start])
            at, index = runs[closing][1], closing + 1
        else:
            index += 1
    kept.append(text[at:])
    return MATH.sub("", "".join(kept))


def brackets_open(line: str, depth: int) -> tuple[int, int]:
    """The brackets still open after ``line`` (``depth`` open before it), and the most open at once."""
    deepest = depth
    escaped = False
    for char in line:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "]":
            depth = max(0, depth - 1)
    return depth, deepest
