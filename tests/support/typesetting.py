"""Typesetting measured on a finished PDF: how loose justified lines get, and how much empty tint a split box leaves.

Read with pdfplumber from the characters and rectangles the PDF paints, so the
numbers are what a reader sees, whatever the layout engine believed:

* ``word_gaps``: every gap between two words of a full line of body text (a
  line of the body face and size that reaches the right edge of the text
  block), in units of the face's own space;
* ``short_lines``: lines of a justified paragraph that are not its last and
  stop short of the right edge (a word stranded on its own line), in mm;
* ``tint_tails``: for every tinted rectangle that runs to the foot of the
  text area (a box split across pages), the empty tint below its last line, in mm.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4


@dataclass(frozen=True)
class Line:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    words: int
    gaps: tuple[float, ...]
    """Gaps between words, in units of the natural space."""
    text: str


@dataclass(frozen=True)
class Measures:
    gaps: list[tuple[float, Line]]
    """The widest word gap of each full line of a justified paragraph (its gaps all alike) and the line."""
    short: list[tuple[float, Line]]
    """Each non-final line of a justified paragraph that stops short of the right edge: the shortfall in mm and the line."""
    tails: list[tuple[float, int]]
    """Each tinted box that runs to the text area's foot: its empty tail in mm and the page (from 1)."""


def measure(pdf_path: Path) -> Measures:
    import pdfplumber

    with pdfplumber.open(pdf_path) as pdf:
        pages = [(page.chars, page.rects, page.height) for page in pdf.pages]
    body = Counter(
        (char["fontname"].split("+")[-1], round(char["size"], 1)) for chars, _, _ in pages for char in chars if char["text"].strip()
    )
    face, size = body.most_common(1)[0][0]
    space = natural_space(pages, face, size)
    gaps: list[tuple[float, Line]] = []
    short: list[tuple[float, Line]] = []
    tails: list[tuple[float, int]] = []
    for number, (chars, rects, height) in enumerate(pages, start=1):
        lines = body_lines(number, chars, face, size, space)
        if not lines:
            continue
        rights: dict[int, float] = {}
        for line in lines:
            rights[round(line.x0)] = max(rights.get(round(line.x0), 0.0), line.x1)
        pitch = size * 1.6
        for index, line in enumerate(lines):
            right = rights[round(line.x0)]
            full = line.x1 >= right - 1
            if full and line.gaps and max(line.gaps) - min(line.gaps) < 0.25:
                gaps.append((max(line.gaps), line))
            following = lines[index + 1] if index + 1 < len(lines) else None
            same_paragraph = following is not None and 0 < following.top - line.top < pitch and abs(following.x0 - line.x0) < 1
            if not full and same_paragraph and justified(lines, index, pitch):
                short.append(((right - line.x1) / MM, line))
        text_bottom = max(char["bottom"] for char in chars if char["size"] >= size - 0.05 and char["text"].strip())
        tails += [(tail, number) for tail in tinted_tails(rects, chars, height, text_bottom)]
    return Measures(gaps=gaps, short=short, tails=tails)


def justified(lines: list[Line], index: int, pitch: float) -> bool:
    """Whether the paragraph around ``lines[index]`` is justified: one of its lines has stretched spaces."""
    start = index
    while start > 0 and 0 < lines[start].top - lines[start - 1].top < pitch and abs(lines[start].x0 - lines[start - 1].x0) < 1:
        start -= 1
    end = index
    while end + 1 < len(lines) and 0 < lines[end + 1].top - lines[end].top < pitch and abs(lines[end + 1].x0 - lines[end].x0) < 1:
        end += 1
    return any(gap > 1.05 for line in lines[start : end + 1] for gap in line.gaps)


def natural_space(pages, face: str, size: float) -> float:
    """The width of the body face's space, from its space characters (the narrowest common one: unjustified lines)."""
    widths = sorted(
        char["x1"] - char["x0"]
        for chars, _, _ in pages
        for char in chars
        if char["text"] == " " and char["fontname"].endswith(face) and round(char["size"], 1) == size
    )
    return widths[len(widths) // 10] if widths else size / 4


def body_lines(page: int, chars: list[dict], face: str, size: float, space: float) -> list[Line]:
    """The lines of the page set in the body face and size, top to bottom."""
    rows: dict[int, list[dict]] = {}
    for char in chars:
        if char["fontname"].endswith(face) and round(char["size"], 1) == size:
            rows.setdefault(round(char["bottom"]), []).append(char)
    lines = []
    for key in sorted(rows):
        row = sorted(rows[key], key=lambda char: char["x0"])
        ink = [char for char in row if char["text"].strip()]
        if not ink or "...." in "".join(char["text"] for char in ink):
            continue  # a contents line: its leader is no word spacing
        top, bottom = min(char["top"] for char in ink), max(char["bottom"] for char in ink)
        others = [c for c in chars if c["text"].strip() and c["bottom"] > top and c["top"] < bottom and c not in ink]
        gaps = []
        for before, after in zip(ink, ink[1:], strict=False):
            if any(before["x1"] - 0.5 <= c["x0"] and c["x1"] <= after["x0"] + 0.5 for c in others):
                continue  # a word in another face or size between them
            spaced = any(before["x1"] <= char["x0"] < after["x0"] and char["text"] == " " for char in row)
            if spaced or after["x0"] - before["x1"] > 0.6 * space:
                gaps.append((after["x0"] - before["x1"]) / space)
        lines.append(
            Line(
                page=page,
                top=row[0]["top"],
                bottom=row[0]["bottom"],
                x0=ink[0]["x0"],
                x1=ink[-1]["x1"],
                words=len(gaps) + 1,
                gaps=tuple(gaps),
                text="".join(char["text"] for char in row),
            )
        )
    return lines


def tinted_tails(rects: list[dict], chars: list[dict], height: float, text_bottom: float) -> list[float]:
    """The empty tint at the foot of every filled, light, box-sized rectangle that reaches the text area's foot."""
    tails = []
    for rect in rects:
        colour = rect.get("non_stroking_color")
        if not rect.get("fill") or not is_tint(colour) or rect["height"] < 5 * MM or rect["width"] < 40 * MM:
            continue
        if rect["top"] < 2 or rect["bottom"] > height - 2:
            continue  # a full-page background (the cover), not a box
        if rect["bottom"] < text_bottom - 1:
            continue  # the box ends on this page: its foot is its own padding
        inside = [
            c for c in chars if c["text"].strip() and rect["x0"] <= c["x0"] <= rect["x1"] and rect["top"] <= c["top"] <= rect["bottom"]
        ]
        last = max((c["bottom"] for c in inside), default=rect["top"])
        tails.append((rect["bottom"] - last) / MM)
    return tails


def is_tint(colour) -> bool:
    """A light fill: every RGB component (or the grey) above 0.8."""
    if isinstance(colour, int | float):
        colour = (colour,)
    return isinstance(colour, tuple) and len(colour) in (1, 3) and all(isinstance(v, int | float) and v > 0.8 for v in colour)
