"""How deep a Markdown source nests, bounded before and after pandoc reads it.

Every stage after pandoc walks a chapter as a tree: folio's own passes,
pandoc's writers and, above all, WeasyPrint, whose layout recurses once per
box or more.  A tree some hundred levels deep (``> > > …`` on one line,
lists in lists) ran them out of stack.  And pandoc's Markdown reader is slow
on nesting itself: square brackets within brackets cost it twice the time
per level (ten levels take seconds, twenty minutes), and thousands of quote
or list levels make it crawl.

So a source is measured twice.  Before pandoc, its text: on each line the
block quotes, list items and fenced divs it opens, and in each paragraph the
square brackets left open, outside code.  After pandoc, its tree: every
element inside another counts a level (a quote, a list, a div, emphasis, a
span, a link, a note).  Past :data:`MAX_NESTING` levels, or
:data:`MAX_BRACKETS` brackets within brackets, the source is refused at the
line, with the limit named.  The report's sources together are bounded too
(:data:`MAX_REPORT_TEXT_BYTES`): their trees are held at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from folio import pandoc
from folio.errors import Problems
from folio.model import Source
from folio.source.brackets import MAX_BRACKETS, brackets_open, without_code

MAX_NESTING = 32
"""Levels of elements inside elements in a chapter: a note in a list item in a quote is five or six."""

FENCE = re.compile(r"^(`{3,}|~{3,})")
QUOTES = re.compile(r"^(?:[ \t]{0,3}>)+")
LIST_MARKER = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)]|#[.)]|\(?[A-Za-z][.)]|\([A-Za-z0-9]+\))([ \t]+|$)")
DIV_FENCE = re.compile(r"^[ \t]{0,3}(:{3,})[ \t]*(\S.*)?$")


def text_problem(source: Source) -> tuple[int, str] | None:
    """The first line of ``source`` that nests past a limit, with what to change; ``None`` when none does."""
    for offset, message in _text_problems(source.text):
        return source.line + offset, message
    return None


def _text_problems(text: str) -> Iterator[tuple[int, str]]:
    fence: str | None = None
    lists: list[int] = []  # content columns of the list items open
    divs = 0
    brackets = 0
    for number, raw in enumerate(text.split("\n")):
        quoted = QUOTES.match(raw)
        quotes = quoted.group(0).count(">") if quoted else 0
        line = raw[quoted.end() :] if quoted else raw
        stripped = line.strip()
        if fence is not None:
            if stripped.startswith(fence[0] * len(fence)) and not stripped.strip(fence[0]):
                fence = None
            continue
        if opened := FENCE.match(stripped):
            fence, brackets = opened.group(1), 0
            continue
        if not stripped:
            brackets = 0
            if quotes > MAX_NESTING:  # quote marks alone still open a quote each
                yield number, _deep(quotes, "block quotes, lists and divs open on this line")
                return
            continue
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        marker = LIST_MARKER.match(expanded)
        while lists and lists[-1] > indent:
            lists.pop()
        if marker and (not lists or indent < lists[-1] + 4):  # deeper still, it is indented code
            lists.append(marker.end())
        div = DIV_FENCE.match(line)
        if div:
            divs = divs + 1 if div.group(2) else max(0, divs - 1)
        depth = quotes + len(lists) + divs
        if depth > MAX_NESTING:
            yield number, _deep(depth, "block quotes, lists and divs open on this line")
            return
        brackets, deepest = brackets_open(without_code(line), brackets)
        if deepest > MAX_BRACKETS:
            yield (
                number,
                (
                    f"{deepest} square brackets open inside one another, more than {MAX_BRACKETS}: pandoc takes "
                    "time that doubles with each level to read them; close the brackets, or write \\[ for a bracket "
                    "that is only text"
                ),
            )
            return


def _deep(depth: int | str, what: str) -> str:
    return (
        f"nested {depth} levels deep ({what}), more than the {MAX_NESTING} folio sets; "
        "take the innermost parts out of their quotes, lists or divs"
    )


RAW_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*?)?(/?)>")
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


def tree_depth(blocks: list) -> tuple[int, dict | None]:
    """How deep the elements of a pandoc AST nest, and the first element at that depth.

    Raw HTML counts too: an element a raw tag opens holds what follows it up to its
    closing tag, as the browser and WeasyPrint will read it.
    """
    deepest, found, raw = 0, None, 0
    stack: list[tuple[object, int]] = [(blocks, 0)]
    while stack:  # in document order, so raw tags open and close as they are written
        item, depth = stack.pop()
        if isinstance(item, list):
            stack.extend((child, depth) for child in reversed(item) if isinstance(child, (list, dict)))
            continue
        if not isinstance(item, dict):
            continue
        if "t" in item:
            depth += 1
            if item["t"] in ("RawInline", "RawBlock") and str(item["c"][0]).lower() in ("html", "html5"):
                for closing, name, empty in RAW_TAG.findall(item["c"][1]):
                    if closing:
                        raw = max(0, raw - 1)
                    elif not empty and name.lower() not in VOID:
                        raw += 1
                        if depth + raw > deepest:
                            deepest, found = depth + raw, item
            if depth + raw > deepest:
                deepest, found = depth + raw, item
        children = item.get("c")
        if isinstance(children, (list, dict)):
            stack.append((children, depth))
    return deepest, found


def tree_problem(source: Source, blocks: list) -> tuple[int, str] | None:
    """``source``'s line and message when its AST nests past :data:`MAX_NESTING`; ``None`` when it does not."""
    depth, deepest = tree_depth(blocks)
    if depth <= MAX_NESTING:
        return None
    return _line_of(source, deepest), _deep(depth, "quotes, lists, divs, emphasis, spans, links and notes inside one another")


def _line_of(source: Source, node: dict | None) -> int:
    """The line of the first word of ``node`` in the source's text (its first line when the word is not found)."""
    from folio.ast import stringify

    if node is not None and node["t"] in ("RawInline", "RawBlock"):
        words = [node["c"][1][:40]]
    else:
        words = stringify([node]).split() if node is not None else []
    index = source.text.find(words[0]) if words and words[0] else -1
    return source.line + (source.text.count("\n", 0, index) if index >= 0 else 0)


def too_deep(source: Source) -> tuple[int, str]:
    """Where a source nests so deep that its AST cannot even be read: the line with the most markup on it."""
    lines = source.text.split("\n")
    busiest = max(range(len(lines)), key=lambda n: sum(lines[n].count(c) for c in "*_[]<>^~:"))
    return source.line + busiest, _deep("hundreds of", "emphasis, spans, quotes or lists inside one another")


def over_budget(source: Source, what: str) -> tuple[int, str]:
    """Where and why pandoc gave up on ``source`` (it ``what``): the paragraph with the most square brackets is the likely cause."""
    best, line, count, first = -1, 0, 0, None
    for number, text in enumerate([*source.text.split("\n"), ""]):
        if text.strip():
            first = number if first is None else first
            count += text.count("[")
        elif first is not None:  # a paragraph ends
            if count > best:
                best, line = count, first
            count, first = 0, None
    where = f"; the paragraph here, with {best} square brackets, is the likely cause" if best > 0 else ""
    return source.line + line, (
        f"pandoc could not read this file: it {what}{where} (its Markdown reader slows down exponentially on brackets "
        "inside brackets and on many bracketed words with __ in one paragraph); write \\[ and \\] for brackets that are "
        "only text, and put code in backticks"
    )


MAX_REPORT_TEXT_BYTES = 3_000_000
"""The Markdown of a whole report, every chapter and story: some 1,500 pages.  Reading it takes folio about
0.25 GB a megabyte, every source's tree held at once for the cross-references."""


def check_text(sources: list[Source], problems: Problems) -> None:
    """Refuse, before pandoc reads them, the sources whose text nests past a limit, or a report too large to hold."""
    total = sum(len(source.text.encode("utf-8")) for source in sources)
    if total > MAX_REPORT_TEXT_BYTES:
        largest = max(sources, key=lambda source: len(source.text))
        problems.add(
            largest.path,
            None,
            f"the report's chapters and stories hold {total / 1e6:.1f} MB of Markdown together, more than "
            f"{MAX_REPORT_TEXT_BYTES / 1e6:.0f} MB (some 1,500 pages); this is the largest: publish the report in volumes",
        )
        problems.raise_if_any()
    for source in sources:
        found = text_problem(source)
        if found:
            problems.add(source.path, *found)
    problems.raise_if_any()


def check_trees(sources: list[Source], trees: list[list | None], problems: Problems) -> None:
    """Refuse the sources whose pandoc AST nests past :data:`MAX_NESTING`, before any pass walks it.

    ``None`` stands for a source pandoc could not read (its problem is said already).
    """
    for source, blocks in zip(sources, trees, strict=True):
        found = tree_problem(source, blocks) if blocks is not None else None
        if found:
            problems.add(source.path, *found)
    problems.raise_if_any()


def within_budget(parse: Callable, problems: Problems) -> Callable:
    """``parse(source, …)``, with pandoc running out of its budget said at the source instead of raised."""

    def guarded(source: Source, *rest):
        try:
            return parse(source, *rest)
        except pandoc.PandocOverBudget as error:
            problems.add(source.path, *(too_deep(source) if error.too_deep else over_budget(source, error.what)))
            return None

    return guarded
