"""The faces an edition may use: folio's own (``styles/fonts/fonts.yaml``), then a report's, and the characters they set."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from folio.model import Report
from folio.paths import FONTS
from folio.run.cache import Cache, cache_folder
from folio.run.files import file_digest
from folio.source.fonts.team import read_team_fonts

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
    languages: tuple[str, ...] = ()
    """A report's own face: the languages it sets (primary subtags or whole tags), besides its script."""
    team: bool = False
    source: str = ""
    """Where a shipped face comes from (``fonts.yaml``'s ``source``): the colophon names the upstream family."""


def manifest(report: Report) -> list[Face]:
    """Every face an edition may use: folio's own, then those a report adds in ``styles/fonts/`` (:mod:`folio.source.fonts.team`)."""
    faces = faces_in(FONTS)
    for folder in report.style_dirs:
        if (folder / "fonts").resolve() != FONTS.resolve():
            faces += faces_in(folder / "fonts")
    return faces


def faces_in(folder: Path) -> list[Face]:
    """The faces a fonts folder's ``fonts.yaml`` lists (none without one): folio's manifest, or a report's own fonts."""
    path = folder / "fonts.yaml"
    if folder.resolve() == FONTS.resolve():
        return _read_manifest(path) if path.is_file() else []
    return [Face(**entry, team=True) for entry in read_team_fonts(folder)]


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
            source=entry.get("source", ""),
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
