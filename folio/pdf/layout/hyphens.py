"""No more than two hyphenated lines in a row: the check on the finished layout, and its fallback.

The line breaker itself stops a third automatic hyphen in a row
(:mod:`folio.pdf.weasy.hyphens`), so a layout almost always passes this check
at once.  A run it cannot stop (its third line ends in a hyphen the text holds,
``Indo-`` or a soft hyphen) is found here: the word broken on the run's second
or third line is added to a set of words that must not be hyphenated, and the
document is laid out again with every occurrence of those words wrapped in
``<span class="keep-word">`` (``hyphens: manual`` in print.css).

A line counts as hyphenated when it ends in an automatic hyphen, or in a
hyphen the text holds outside code: a break after ``--number-`` in
``--number-sections`` is where the code itself may break, not a word
hyphenated, and no word there can be kept whole.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from folio.pdf.weasy import line_boxes, page_boxes, text_of
from folio.pdf.weasy.hyphens import AUTO_HYPHEN, HYPHENATED, LONGEST_RUN, hyphenated

HYPHENATION_ROUNDS = 4
"""Layouts at most: the line breaker keeps runs of hyphenated lines short in the first (:mod:`folio.pdf.weasy.hyphens`);
a run it cannot break (a hyphen the text itself holds) costs another, with a word kept whole (this module)."""
SKIPPED = ("head", "style", "script", "svg", "math", "pre", "code")


class Line(NamedTuple):
    """A line as the rule reads it."""

    text: str
    """The line's text, trailing spaces stripped."""
    hyphenated: bool


def lines_of_blocks(document) -> Iterator[list[Line]]:
    """The lines of each block that holds more than ``LONGEST_RUN`` hyphenated lines in a row, page by page."""
    for page in document.pages:
        for box in page_boxes(page):
            lines = line_boxes(box)
            if len(lines) > LONGEST_RUN:
                ends = [hyphenated(line) for line in lines]
                if any(all(ends[at : at + LONGEST_RUN + 1]) for at in range(len(ends) - LONGEST_RUN)):
                    yield [Line(text_of(line).rstrip(), end) for line, end in zip(lines, ends, strict=True)]


def ends_hyphenated(line: Line | str) -> bool:
    return line.hyphenated if isinstance(line, Line) else line.endswith(HYPHENATED)


def runs(lines: list[Line] | list[str]) -> Iterator[list[int]]:
    """Runs of more than ``LONGEST_RUN`` consecutive lines that end in a hyphen, as line indexes."""
    run: list[int] = []
    for index, line in enumerate([*lines, ""]):
        if ends_hyphenated(line):
            run.append(index)
            continue
        if len(run) > LONGEST_RUN:
            yield run
        run = []


def words_to_keep(document, kept: frozenset[str] | set[str] = frozenset()) -> set[str]:
    """For each over-long run, a word whose hyphen ends the run: of the words broken on its second and third lines, the shorter.

    A long word kept whole stretches the spaces of every line it falls at the end of
    (it is kept whole wherever it occurs), so the shorter of the two is the cheaper.
    A word already in ``kept`` that still breaks (where its occurrence cannot be
    wrapped) is passed over for the other, so the rounds go on until the run is gone.
    """
    found = set()
    for lines in lines_of_blocks(document):
        for run in runs(lines):
            for index in run[LONGEST_RUN:]:
                choices = [word for word in (broken_word(lines, index - 1), broken_word(lines, index)) if word and word not in kept]
                if choices:  # the third line's word may go on over a page break: then the second's is kept
                    found.add(min(choices, key=len))
                    break
    return found


def broken_word(lines: list[Line], index: int) -> str | None:
    """The word WeasyPrint hyphenated at the end of ``lines[index]``, joined again."""
    if not lines[index].text.endswith(AUTO_HYPHEN) or index + 1 >= len(lines):
        return None
    head = re.search(r"(\w+)" + AUTO_HYPHEN + "$", lines[index].text)
    tail = re.match(r"\s*(\w+)", lines[index + 1].text)
    return head.group(1) + tail.group(1) if head and tail else None


def keep_words(root, words: set[str]) -> None:
    """Wrap every occurrence of ``words`` in the body's text in ``<span class="keep-word">``."""
    if not words:
        return
    pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + r")\b")
    body = root.find("body")
    if body is None:
        return
    for element in list(body.iter()):
        if not isinstance(element.tag, str) or element.tag in SKIPPED or "keep-word" in (element.get("class") or ""):
            continue
        if element.text and pattern.search(element.text):
            pieces = split(element.text, pattern, element)
            element.text = pieces[0]
            for position, span in enumerate(pieces[1], start=0):
                element.insert(position, span)
        for child in list(element):
            if child.tail and pattern.search(child.tail):
                pieces = split(child.tail, pattern, element)
                child.tail = pieces[0]
                at = list(element).index(child) + 1
                for offset, span in enumerate(pieces[1]):
                    element.insert(at + offset, span)


def split(text: str, pattern: re.Pattern, parent) -> tuple[str, list]:
    """``text`` as its first stretch and a list of keep-word spans, each carrying the text after it as tail."""
    make = parent.makeelement
    parts = pattern.split(text)
    spans = []
    for index in range(1, len(parts), 2):
        span = make("span", {"class": "keep-word"})
        span.text = parts[index]
        span.tail = parts[index + 1]
        spans.append(span)
    return parts[0], spans
