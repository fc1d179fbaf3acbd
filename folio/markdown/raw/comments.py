"""HTML comments in Markdown: every form the HTML standard allows is a comment, and no comment is published.

pandoc's Markdown reader takes ``<!-- … -->`` as raw HTML, ``--`` inside
and the R Markdown idiom ``<!--- … --->`` included.  The HTML standard also
ends a comment at ``<!-->``, ``<!--->`` and ``--!>``, forms pandoc would print
as text ("<!–>"), so before pandoc reads a source they are written the common
way (:func:`prepare`), with a private mark that :func:`restore` turns back
into what the author wrote wherever pandoc kept it verbatim (code spans and
blocks).  The editions then leave every comment out: a
comment is a note to the other authors, and XHTML would refuse some of them.
"""

from __future__ import annotations

import re
from typing import Any

VERSION = 1
"""Part of the parse cache's key: a change here reads every source again."""

EMPTY, EMPTY_DASH, BANG = "\U000f0f01", "\U000f0f02", "\U000f0f03"
"""Marks for ``<!-->``, ``<!--->`` and ``--!>`` (Supplementary Private Use Area-A: no author's text holds them)."""
WRITTEN = {f"<!--{EMPTY}-->": "<!-->", f"<!--{EMPTY_DASH}-->": "<!--->", f"{BANG}-->": "--!>"}
LEFT = {EMPTY: "", EMPTY_DASH: "-", BANG: "--!"}
OPEN, CLOSE, BANG_CLOSE = "<!--", "-->", "--!>"


def prepare(text: str) -> str:
    """``text`` with each comment ending as pandoc expects (``-->``): ``<!-->``, ``<!--->`` and ``--!>`` rewritten."""
    if OPEN not in text:
        return text
    out: list[str] = []
    at = 0
    while (start := text.find(OPEN, at)) >= 0:
        inside = start + len(OPEN)
        if text.startswith(">", inside):  # <!-->: an empty comment
            out.append(text[at:start] + f"<!--{EMPTY}-->")
            at = inside + 1
            continue
        if text.startswith("->", inside):  # <!--->: an empty comment too
            out.append(text[at:start] + f"<!--{EMPTY_DASH}-->")
            at = inside + 2
            continue
        close, bang = text.find(CLOSE, inside), text.find(BANG_CLOSE, inside)
        if bang >= 0 and (close < 0 or bang < close):  # <!-- … --!>: closed, though incorrectly
            out.append(text[at:bang] + f"{BANG}-->")
            at = bang + len(BANG_CLOSE)
            continue
        if close < 0:  # never closed: pandoc keeps it as text, and so it is published
            break
        out.append(text[at : close + len(CLOSE)])
        at = close + len(CLOSE)
    out.append(text[at:])
    return "".join(out)


MARKS = re.compile("|".join(map(re.escape, [*WRITTEN, *LEFT])))


STANDARD = {f"<!--{EMPTY}-->": "<!---->", f"<!--{EMPTY_DASH}-->": "<!---->", f"{BANG}-->": "-->"}


def restore(tree: Any) -> Any:
    """pandoc's result with the author's own text back where it is shown (a comment in code stays as written).

    In raw HTML a comment stays a comment, in its common form (``<!---->``).
    """
    if isinstance(tree, str):
        return _replace(tree, WRITTEN)
    if isinstance(tree, list):
        return [restore(item) for item in tree]
    if isinstance(tree, tuple):
        return tuple(restore(item) for item in tree)
    if isinstance(tree, dict):
        if tree.get("t") in ("RawBlock", "RawInline"):
            fmt, text = tree["c"]
            return {**tree, "c": [fmt, _replace(text, STANDARD)]}
        return {key: restore(value) for key, value in tree.items()}
    return tree


def _replace(text: str, forms: dict[str, str]) -> str:
    if not MARKS.search(text):
        return text
    return MARKS.sub(lambda m: forms.get(m.group(0), LEFT.get(m.group(0), "")), text)


ONLY_COMMENTS = re.compile(r"\s*(?:<!--.*?-->\s*)*", re.DOTALL)


def only_comments(html: str) -> bool:
    """Whether a raw HTML fragment holds nothing but comments (or nothing at all, once what no edition holds is left out)."""
    return ONLY_COMMENTS.fullmatch(html) is not None
