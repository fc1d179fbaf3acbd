"""The shipped faces cut down to the characters an edition draws, for the EPUB and the web edition.

Each face of ``styles/fonts/fonts.yaml`` an edition can use is subset with
fontTools to the characters it has to draw:

* the Latin faces (``script: latin``): every character of the text;
* the monospace (Folio Mono): the characters of code (``code``, ``pre``, ``kbd``, ``samp``);
* a face of another script: the characters of text tagged with a language of
  that script (``lang="ja"`` → the JP faces), plus any character of untagged
  text that no Latin face has and this face does, so nothing falls through;

and a face left with nothing to draw is not embedded.  The Latin faces are
renamed after their CSS family (the upstream family carries a Reserved Font
Name, which a modified copy may not use); every copy keeps its copyright and
licence records.  Subsets are kept in folio's cache: the same text gives the
same bytes without running fontTools again.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from folio.model import Report
from folio.run.cache import remembered_bytes
from folio.run.files import file_digest
from folio.source.fonts.faces import Face, manifest
from folio.source.fonts.scripts import script_of

MONO = "Folio Mono"
"""The monospace: embedded only for the characters of code (``CODE_TAGS``)."""
CODE_TAGS = ("code", "pre", "kbd", "samp")
FALLBACKS = ("math", "symbols", "emoji")
"""Faces at the end of every stack: each gets whatever character of the text the Latin faces lack."""


@dataclass(frozen=True, kw_only=True, slots=True)
class EmbeddedFont:
    """One subset face, ready for the package."""

    name: str
    """File name, for the EPUB's ``fonts/`` folder."""
    data: bytes
    family: str
    weight: int
    style: str
    script: str
    characters: int
    """How many characters the subset maps."""


def book_text(element, lang: str, out: list[tuple[str, str | None]]) -> None:
    """Every piece of text under ``element``, with the language it is in; MathML left out."""
    if element is None:
        return
    lang = element.get("lang") or element.get("{http://www.w3.org/XML/1998/namespace}lang") or lang
    if element.text:
        out.append((element.text, lang))
    for child in element:
        if isinstance(child.tag, str) and child.tag.rsplit("}", 1)[-1] != "math":  # maths is set in its own face (folio.assemble.mathsfont)
            book_text(child, lang, out)
        if child.tail:
            out.append((child.tail, lang))


def code_text(root) -> set[str]:
    """The characters of code under ``root`` (XHTML or HTML elements alike)."""
    found: set[str] = set()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.rsplit("}", 1)[-1] in CODE_TAGS:
            found.update("".join(element.itertext()))
    return found


def serves(face: Face, lang: str | None) -> bool:
    """Whether a report's own face is named for ``lang`` (its whole tag or primary subtag) in its ``fonts.yaml``."""
    if not lang or not face.languages:
        return False
    tag = lang.lower()
    return tag in face.languages or tag.split("-")[0] in face.languages


def embedded_fonts(
    report: Report,
    text: Iterable[tuple[str, str | None]],
    *,
    weights: tuple[int, ...],
    flavor: str | None = None,
    code: Iterable[str] = (),
) -> list[EmbeddedFont]:
    """Subset the shipped faces of ``weights`` to ``text``, given as ``(string, language)`` pairs; the monospace to ``code``.

    ``flavor`` ``"woff2"`` compresses each subset for the web; ``None`` keeps the face's own format.
    """
    out = []
    for face, wanted in faces_used(report, text, weights=weights, code=code):
        # Subsetting takes seconds; the result depends only on the font, the characters and this code.
        key = (
            "font-subset",
            file_digest(face.file),
            sorted(wanted),
            face.family,
            face.weight,
            face.style,
            file_digest(Path(__file__)),
            fonttools_version(),
            flavor,
        )
        data = remembered_bytes(key, lambda face=face, wanted=wanted: subset(face, wanted, flavor))
        out.append(
            EmbeddedFont(
                name=file_name(face, flavor),
                data=data,
                family=face.family,
                weight=face.weight,
                style=face.style,
                script=face.script,
                characters=len(wanted),
            )
        )
    return out


def faces_used(
    report: Report, text: Iterable[tuple[str, str | None]], *, weights: tuple[int, ...], code: Iterable[str] = ()
) -> list[tuple[Face, set[int]]]:
    """Each face of ``weights`` that has something of ``text`` or ``code`` to draw, with the code points it draws."""
    by_script: dict[str, set[str]] = {}
    by_lang: dict[str, set[str]] = {}
    for string, lang in text:
        # Line breaks and tabs are layout, not characters to draw; the styles set some text in capitals
        # (text-transform: uppercase), which draws characters the text itself may not have.
        chars = {char for char in string + string.upper() if unicodedata.category(char) != "Cc"}
        by_script.setdefault(script_of(lang), set()).update(chars)
        by_lang.setdefault((lang or "").lower(), set()).update(chars)
    everything = set().union(*by_script.values()) if by_script else set()
    faces = [face for face in manifest(report) if face.weight in weights]
    latin = set().union(*(cmap(face) for face in faces if face.script == "latin" and face.family != MONO)) if faces else set()
    mono = set().union(*(cmap(face) for face in faces if face.family == MONO)) if faces else set()
    code_points = {ord(char) for char in code if unicodedata.category(char) != "Cc"}
    # what no Latin face draws, untagged or in code: it falls through the stack to a script, symbol or emoji face
    untagged_rest = {ord(char) for char in by_script.get("latin", set()) if ord(char) not in latin} | (code_points - mono - latin)
    out = []
    for face in faces:
        if face.family == MONO:
            wanted = set(code_points)
        elif face.script == "latin" and not face.team:
            wanted = {ord(char) for char in everything}
        elif face.script in FALLBACKS:
            wanted = {ord(char) for char in everything} - latin | (code_points - mono)
        else:
            own = {ord(char) for char in by_script.get(face.script, set())} | untagged_rest
            own |= {ord(char) for lang, chars in by_lang.items() if serves(face, lang) for char in chars}
            wanted = own - latin
        wanted = with_parts(wanted) & cmap(face)
        if (face.script != "latin" or face.family == MONO) and not wanted:
            continue
        out.append((face, wanted))
    return out


SHAPED_APART = {0x0E33: (0x0E4D, 0x0E32), 0x0EB3: (0x0ECD, 0x0EB2)}
"""Thai and Lao SARA AM: a browser's shaper draws it as its two parts, NIKHAHIT and SARA AA."""


def with_parts(points: set[int]) -> set[int]:
    """``points`` and the characters a shaper may draw them as: canonical decompositions, SARA AM's parts."""
    out = set(points)
    for point in points:
        if point in SHAPED_APART:
            out.update(SHAPED_APART[point])
        parts = unicodedata.normalize("NFD", chr(point))
        if len(parts) > 1:
            out.update(ord(part) for part in parts)
    return out


def fonttools_version() -> str:
    from fontTools import version

    return version


def file_name(face: Face, flavor: str | None = None) -> str:
    style = "Italic" if face.style == "italic" else ""
    weight = {400: "Regular" if not style else "", 700: "Bold"}.get(face.weight, str(face.weight))
    return f"{face.family.replace(' ', '')}-{weight}{style}{'.' + flavor if flavor else face.file.suffix.lower()}"


_CMAPS: dict[str, frozenset[int]] = {}


def cmap(face: Face) -> frozenset[int]:
    key = str(face.file)
    if key not in _CMAPS:
        from fontTools.ttLib import TTFont

        with TTFont(face.file, lazy=True) as font:
            _CMAPS[key] = frozenset(font.getBestCmap() or {})
    return _CMAPS[key]


def subset(face: Face, unicodes: set[int], flavor: str | None = None) -> bytes:
    """``face`` cut down to ``unicodes``; the same input gives the same bytes."""
    from fontTools import subset as fontsubset
    from fontTools.ttLib import TTFont

    options = fontsubset.Options()
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.hinting = False
    options.desubroutinize = True
    options.notdef_outline = True
    options.flavor = flavor
    with TTFont(face.file, recalcTimestamp=False, recalcBBoxes=True) as font:
        subsetter = fontsubset.Subsetter(options)
        subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        rename(font, face)
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


def rename(font, face: Face) -> None:
    """Name the subset after its CSS family, keeping every other record (copyright, licence)."""
    style = ("Bold " if face.weight == 700 else "") + ("Italic" if face.style == "italic" else "")
    subfamily = style.strip() or "Regular"
    postscript = f"{face.family.replace(' ', '')}-{subfamily.replace(' ', '')}"
    values = {
        1: face.family if subfamily in ("Regular", "Bold", "Italic", "Bold Italic") else f"{face.family} {subfamily}",
        3: f"folio:{postscript}",
        4: f"{face.family} {subfamily}",
        6: postscript,
        16: face.family,
        17: subfamily,
    }
    table = font["name"]
    for record in list(table.names):
        if record.nameID in (21, 22):
            table.removeNames(nameID=record.nameID)
    for record in table.names:
        if record.nameID in values:
            record.string = values[record.nameID]
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        for key, value in (("FullName", values[4]), ("FamilyName", face.family)):
            if hasattr(top, key):
                setattr(top, key, value)
