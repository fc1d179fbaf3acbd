"""Characters folio writes itself, checked against the faces that set them.

The report's own text is checked by :func:`folio.source.glyphcheck.check_glyphs`;
this checks what the editions add around it: the stylesheets' generated
content (``content:`` strings, list markers, ``quotes``, leaders), the
templates' own words and signs, the punctuation pandoc's smart typography
makes of ``"``, ``'``, ``--``, ``---`` and ``...``, and the notes' back-links;
and each ``font-family`` of the stylesheets must name a font folio has.
Any of them lands in text set in Folio Serif or Folio Sans, so each must be in
both: otherwise fontconfig would take it from another face, or draw a box.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache
from pathlib import Path

from folio.errors import Problems, quote
from folio.folder import text_of as _text
from folio.model import Report
from folio.source.fonts.faces import IGNORED_CATEGORIES, Face
from folio.source.fonts.fontnames import stylesheet_family_problems

TEXT_FAMILIES = ("Folio Serif", "Folio Sans")
"""Where generated characters land: body and display text."""

KEYWORD_MARKERS = {"disc": "•", "circle": "◦", "square": "▪", "disclosure-open": "▾", "disclosure-closed": "▸"}
"""The glyph WeasyPrint draws for each list-style keyword."""
LEADERS = {"dotted": ".", "solid": "_", "space": " "}

WRITTEN = {
    "“”‘’": "pandoc's smart quotes",
    "…": "pandoc's ellipsis (...)",
    "–—": "pandoc's dashes (-- and ---)",
    "↑": "the web edition's note back-links",
}
"""Characters written into the text by the Markdown stage, and by what."""

STRING = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'", re.DOTALL)
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
DECLARATION = re.compile(r"(?<![-\w])(content|list-style-type|list-style|quotes)\s*:\s*([^;}]*)", re.IGNORECASE)
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
TAG = re.compile(r"<[^>]*>")


def css_unescape(text: str) -> str:
    """A CSS string's value: ``\\2013`` and ``\\"`` as the characters they stand for."""
    return re.sub(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", lambda m: chr(int(m.group(1), 16)) if m.group(1) else m.group(2), text, flags=re.DOTALL)


def stylesheet_characters(text: str) -> list[tuple[int, str]]:
    """``(line, character)`` for every character a stylesheet generates."""
    clean = COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    found = []
    for match in DECLARATION.finditer(clean):
        line = clean.count("\n", 0, match.start()) + 1
        value = match.group(2)
        chars = "".join(css_unescape(m.group(1) if m.group(1) is not None else m.group(2)) for m in STRING.finditer(value))
        bare = STRING.sub(" ", value)
        if match.group(1).lower().startswith("list-style"):
            chars += "".join(mark for word, mark in KEYWORD_MARKERS.items() if re.search(rf"(?<![-\w]){word}(?![-\w])", bare))
        for style in re.findall(r"leader\(\s*(\w+)\s*\)", bare):
            chars += LEADERS.get(style, "")
        found += [(line, char) for char in chars]
    return found


def template_characters(text: str) -> list[tuple[int, str]]:
    """``(line, character)`` for every character of a template's own text (outside Jinja and tags)."""
    masked = JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    found = []
    for number, line in enumerate(masked.splitlines(), 1):
        found += [(number, char) for char in html.unescape(TAG.sub(" ", line)) if ord(char) > 0x7E]
    return found


@cache
def _cmap(file: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(file, lazy=True, fontNumber=0) as font:
        return frozenset(font.getBestCmap() or {})


def lacking(char: str, faces: list[Face]) -> list[str]:
    """The text families whose regular face lacks ``char``."""
    if char == " " or unicodedata.category(char) in IGNORED_CATEGORIES - {"Zs"}:
        return []  # a space of another width is a glyph of its own
    regular = {face.family: face for face in faces if face.weight == 400 and face.style == "normal" and face.family in TEXT_FAMILIES}
    return [family for family, face in regular.items() if ord(char) not in _cmap(face.file)]


def check_generated(report: Report, faces: list[Face], problems: Problems) -> None:
    """Add a problem for each character folio generates that a text family lacks."""
    sources: list[tuple[Path, list[tuple[int, str]]]] = []
    sheets = [(path, css) for path in _first_of_each(report.style_dirs, "*.css").values() if (css := _text(path)) is not None]
    for path, css in sheets:
        sources.append((path, stylesheet_characters(css)))
    for shown, line, message in stylesheet_family_problems([(str(path), css) for path, css in sheets]):
        problems.add(shown, line, message)
    for name, path in _first_of_each(report.template_dirs, "*.j2").items():
        if name.endswith((".html.j2", ".xhtml.j2")) and (text := _text(path)) is not None:
            sources.append((path, template_characters(text)))
    for path, found in sources:
        seen: set[str] = set()
        for line, char in found:
            missing = lacking(char, faces) if char not in seen else []
            seen.add(char)
            if missing:
                problems.add(path, line, _message(char, missing))
    fonts = next((folder / "fonts" / "fonts.yaml" for folder in report.style_dirs if (folder / "fonts" / "fonts.yaml").is_file()), None)
    for chars, by_what in WRITTEN.items():
        for char in chars:
            if missing := lacking(char, faces):
                problems.add(fonts or "styles/fonts/fonts.yaml", None, f"{_message(char, missing)} ({by_what})")


def check_words(path: Path | None, covered: frozenset[int], problems: Problems) -> None:
    """Every character of folio's words in the report's language must be in a shipped face.

    ``path`` is the language's ``folio/strings/LANG.yaml``; ``None`` (no catalogue) checks nothing.
    """
    if path is None:
        return
    text = path.read_text("utf-8")
    seen: set[str] = set()
    for char in text:
        if char in seen or ord(char) in covered or unicodedata.category(char) in IGNORED_CATEGORIES:
            continue
        seen.add(char)
        line = text.count("\n", 0, text.index(char)) + 1
        name = unicodedata.name(char, "unnamed character")
        problems.add(
            f"folio/strings/{path.name}", line, f"the character {quote(char)} (U+{ord(char):04X} {name}) is in none of the shipped fonts"
        )


def _message(char: str, missing: list[str]) -> str:
    name = unicodedata.name(char, "unnamed character")
    return (
        f"the generated character {quote(char)} (U+{ord(char):04X} {name}) is not in {' or '.join(missing)}, "
        "so a machine font would draw it; pick a character the shipped faces have (for list markers: • – ·)"
    )


def _first_of_each(folders: tuple[Path, ...], pattern: str) -> dict[str, Path]:
    """Each file name under ``folders`` (relative), from the first folder that has it: the one the editions use."""
    found: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(folder.rglob(pattern)):
            found.setdefault(path.relative_to(folder).as_posix(), path)
    return found
