"""The fonts folio ships, and the promise that no character falls outside them.

``styles/fonts/fonts.yaml`` lists every shipped face.  Before anything is
rendered, :func:`check_glyphs` reads every text file of the report and makes
sure each character is in at least one shipped font; a character that is not
would otherwise come out as a box, or in a font of whatever machine built it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from folio.errors import Problems, quote
from folio.model import GlossaryPart, KeyFiguresPart, Report
from folio.run.cache import Cache, cache_folder
from folio.run.files import file_digest

IGNORED_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn"}
"""Controls, format characters, spaces and combining marks need no glyph of their own
(combining marks are shaped with their base; the base is checked)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Face:
    file: Path
    family: str
    weight: int
    style: str
    script: str


def manifest(report: Report) -> list[Face]:
    """The shipped faces, from the first ``styles/fonts/fonts.yaml`` found."""
    for folder in report.style_dirs:
        path = folder / "fonts" / "fonts.yaml"
        if path.is_file():
            return _read_manifest(path)
    return []


def faces_in(folder: Path) -> list[Face]:
    """The faces a fonts folder's ``fonts.yaml`` lists (none without one)."""
    path = folder / "fonts.yaml"
    return _read_manifest(path) if path.is_file() else []


def _read_manifest(path: Path) -> list[Face]:
    data = yaml.safe_load(path.read_text("utf-8"))
    entries = data.get("fonts", data) if isinstance(data, dict) else data
    return [
        Face(
            file=(path.parent / entry["file"]).resolve(),
            family=entry["family"],
            weight=int(entry.get("weight", 400)),
            style=entry.get("style", "normal"),
            script=entry.get("script", "latin"),
        )
        for entry in entries
    ]


def coverage(faces: list[Face]) -> frozenset[int]:
    """Every code point some shipped face maps to a glyph.

    Reading every font's character map takes a while, so the result is kept in
    folio's cache under the fonts' contents: a changed font is a new key.
    """
    files = sorted({str(face.file) for face in faces})
    key = ["glyph coverage", sorted(file_digest(Path(file)) for file in files)]
    store = Cache(cache_folder())
    saved = store.get(key)
    if saved is not None:
        return frozenset(_expand(saved))
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for file in files:
        with TTFont(file, lazy=True, fontNumber=0) as font:
            points.update(font.getBestCmap() or {})
    store.put(key, _ranges(points))
    return frozenset(points)


def _ranges(points: set[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for point in sorted(points):
        if out and point == out[-1][1] + 1:
            out[-1][1] = point
        else:
            out.append([point, point])
    return out


def _expand(ranges: list[list[int]]):
    for low, high in ranges:
        yield from range(low, high + 1)


def text_files(report: Report) -> list[tuple[str, Path]]:
    """Every file whose text reaches the editions."""
    files = [("report.yaml", report.root / "report.yaml")]
    if report.translation:  # a translated edition's own title, description and part titles
        files.append((f"translations/{report.language}/report.yaml", report.root / "translations" / report.language / "report.yaml"))
    files += [(chapter.path, report.root / chapter.path) for chapter in report.chapters]
    files += [(profile.path, report.root / profile.path) for profile in report.profiles]
    files += [(part.path, report.root / part.path) for part in report.parts if isinstance(part, (KeyFiguresPart, GlossaryPart))]
    if report.references:
        files.append(("references.yaml", report.root / "references.yaml"))
    return files


def check_glyphs(report: Report) -> None:
    """Raise ``ReportError`` for every character no shipped font has, and every generated one a text face lacks."""
    faces = manifest(report)
    if not faces:
        return
    covered = coverage(faces)
    problems = Problems(root=report.root)
    for shown, path in text_files(report):
        text = path.read_text("utf-8")
        seen: set[str] = set()
        for char in set(text):
            if ord(char) in covered or char in seen or unicodedata.category(char) in IGNORED_CATEGORIES:
                continue
            seen.add(char)
            index = text.index(char)
            line = text.count("\n", 0, index) + 1
            name = unicodedata.name(char, "unnamed character")
            problems.add(
                shown,
                line,
                f"the character {quote(char)} (U+{ord(char):04X} {name}) is in none of the fonts folio ships; "
                "replace it, or add a font that has it to styles/fonts/",
            )
    from folio.source.generated import check_generated, check_words

    check_generated(report, faces, problems)
    check_words(report.language, covered, problems)
    problems.raise_if_any()


def glyph_problems(report: Report, *, partial: bool = False) -> list:
    """:func:`check_glyphs`'s problems as a list; ``partial``: the report has other mistakes, which may trip the check (then none)."""
    from folio.errors import ReportError

    try:
        check_glyphs(report)
    except ReportError as error:
        return error.problems
    except Exception:
        if not partial:
            raise
    return []
