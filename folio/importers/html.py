"""Raw HTML an imported page may hold and no edition may: taken out, each named at its line.

A web book's pages carry styles, scripts, embedded players and icon fonts
that have no place in a PDF or EPUB (folio refuses them in a chapter, see
:mod:`folio.markdown.raw.rawhtml`).  They are removed here, outside code, so the
imported folder checks; an embedded page or player on the web leaves a link to
it.  Icons of an icon font (``<i class="fa fa-eye"></i>``) show nothing in an
edition, so they are named too.
"""

from __future__ import annotations

import re

from folio.importers import text as md
from folio.importers.notes import Notes

CONTAINERS = ("script", "style", "iframe", "object", "video", "audio", "form", "svg", "math", "template", "canvas", "select")
CONTAINERS += ("textarea", "button", "frameset", "applet", "noembed")
VOIDS = ("link", "meta", "base", "input", "source", "track", "embed", "frame")
REASON = {
    "style": "a style for the web page: folio's styles set every edition",
    "script": "no script reaches an edition",
    "svg": "an inline drawing: save it as a file in images/ and show it with ![alt](images/NAME.svg)",
    "math": "MathML: write the formula as TeX, $…$",
}
ELEMENT = re.compile(
    r"<(" + "|".join(CONTAINERS) + r")\b[^>]*>.*?</\1\s*>|<(" + "|".join(CONTAINERS + VOIDS) + r")\b[^>]*>", re.IGNORECASE | re.DOTALL
)
SOURCE = re.compile(r"""\bsrc\s*=\s*["'](https?://[^"']+)["']""", re.IGNORECASE)
EVENT = re.compile(r"""\s+on[a-z]+\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
JAVASCRIPT = re.compile(r"""\s+href\s*=\s*["']?\s*javascript:[^"'>]*["']?""", re.IGNORECASE)
TAG = re.compile(r"<[A-Za-z][^<>]*>")
ICON = re.compile(
    r"""<i\s+class\s*=\s*["'][^"']*\b(?:fa[bsrl]?|fa-[\w-]+|bi|bi-[\w-]+|material-icons|glyphicon)\b[^"']*["'][^>]*>\s*</i>"""
)


WRAPPERS = {"p", "div", "center", "a", "span", "br", "picture", "figure"}
ATTRIBUTE = r"""\b{}\s*=\s*(["'])(.*?)\1"""


def picture_blocks(lines: list[str]) -> None:
    """A block of HTML that only frames pictures (``<p align="center"><img …></p>``) becomes the pictures in Markdown.

    A CommonMark reader keeps such a block as one piece of raw HTML, which an
    edition cannot check picture by picture; the frame only centred them.
    """
    code = md.in_code(lines)
    index = 0
    while index < len(lines):
        if code[index] or not re.match(r"^ {0,3}<[A-Za-z]", lines[index]):
            index += 1
            continue
        end = index
        while end + 1 < len(lines) and lines[end + 1].strip() and not code[end + 1]:
            end += 1
        block = "\n".join(lines[index : end + 1])
        tags = TAG.findall(block) + re.findall(r"</[A-Za-z]+\s*>", block)
        names = {re.match(r"</?([A-Za-z]+)", tag).group(1).lower() for tag in tags}
        rest = re.sub(r"</?[A-Za-z][^<>]*>", "", block)
        if "img" in names and names <= WRAPPERS | {"img", "source"} and not rest.strip():
            pictures = []
            for tag in re.findall(r"<img\b[^>]*>", block, re.IGNORECASE):
                src = re.search(ATTRIBUTE.format("src"), tag)
                alt = re.search(ATTRIBUTE.format("alt"), tag)
                if src:
                    words = (alt.group(2) if alt else "").replace("[", "\\[").replace("]", "\\]")
                    pictures.append(f"![{words}]({src.group(2)})")
            lines[index : end + 1] = [" ".join(pictures)] + [""] * (end - index)
        index = end + 1


def clean(lines: list[str], where, notes: Notes) -> None:
    """``lines`` without what no edition may hold; ``where(index)`` gives a line's file and line."""
    picture_blocks(lines)
    text = "\n".join(lines)
    if "<" not in text:
        return
    skip = md.code_spans(text, md.in_code(lines))
    edits = []
    for match in ELEMENT.finditer(text):
        if md.inside(match.start(), skip):
            continue
        name = (match.group(1) or match.group(2)).lower()
        at = where(text.count("\n", 0, match.start()))
        source = SOURCE.search(match.group(0)) if name in ("iframe", "video", "audio", "object", "embed") else None
        if source:
            url = source.group(1)
            edits.append((match.start(), match.end(), f'<a href="{url}">{url}</a>' + "\n" * match.group(0).count("\n")))
            notes.add(*at, f"<{name}>: the editions embed nothing; a link to {url} stands in its place")
        else:
            edits.append((match.start(), match.end(), "\n" * match.group(0).count("\n")))  # the lines keep their numbers
            notes.add(*at, f"<{name}>: {REASON.get(name, 'no edition can hold it')}; left out")
    for match in TAG.finditer(text):
        if md.inside(match.start(), skip) or any(start <= match.start() < end for start, end, _ in edits):
            continue
        tag = match.group(0)
        cleaned = JAVASCRIPT.sub("", EVENT.sub("", tag))
        if cleaned != tag:
            edits.append((match.start(), match.end(), cleaned))
            notes.add(*where(text.count("\n", 0, match.start())), f"{tag[:40]}…: its script attributes are left out")
    for match in ICON.finditer(text):
        if not md.inside(match.start(), skip):
            notes.count(
                *where(text.count("\n", 0, match.start())),
                "icon",
                "an icon of the web book's icon font shows nothing in an edition; write a word instead",
            )
    if edits:
        lines[:] = md.apply(text, edits).split("\n")
