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
from folio.folder import text_of
from folio.maths.spans import without_maths
from folio.model import GlossaryPart, KeyFiguresPart, Report
from folio.paths import FONTS
from folio.project import docs
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
    from folio.source.fonts.team import read_team_fonts

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


def text_files(report: Report) -> list[tuple[str, Path]]:
    """Every file whose text reaches the editions."""
    files = [("report.yaml", report.root / "report.yaml")]
    if report.translation:  # a translation's own title, description and part titles
        files.append((f"translations/{report.language}/report.yaml", report.root / "translations" / report.language / "report.yaml"))
    files += [(chapter.path, report.root / chapter.path) for chapter in report.chapters]
    files += [(profile.path, report.root / profile.path) for profile in report.profiles]
    files += [(part.path, report.root / part.path) for part in report.parts if isinstance(part, (KeyFiguresPart, GlossaryPart))]
    if report.references:
        files.append(("references.yaml", report.root / "references.yaml"))
    return files


def check_glyphs(report: Report) -> None:
    """Raise ``ReportError`` for each run of characters no face has (one per run, naming them).

    Also for every generated character a text face lacks.
    """
    problems = Problems(root=report.root)
    faces = manifest(report)  # a report's own fonts.yaml is checked with its styles (folio.source.overrides)
    if not faces:
        problems.raise_if_any()
        return
    covered = coverage(faces)
    for shown, path in text_files(report):
        read = text_of(path)
        if read is None:
            continue  # not a file: said where it is named
        text = without_maths(read)  # a formula's characters are drawn from the maths font
        for line, span, chars in missing_runs(text, covered):
            problems.add(shown, line, missing_message(span, chars))
    from folio.source.fonts.generated import check_generated, check_words

    check_generated(report, faces, problems)
    check_words(report.language, covered, problems)
    problems.raise_if_any()


def needs_glyph(char: str) -> bool:
    return unicodedata.category(char) not in IGNORED_CATEGORIES


def missing_runs(text: str, covered: frozenset[int]) -> list[tuple[int, str, str]]:
    """``(line, span, characters)`` for each run of text no face sets: the run as written, and the characters missing in it.

    A run goes on over what needs no glyph of its own (marks, spaces, joiners) and over
    punctuation, and ends at a letter or figure some face has: a word, a phrase or a span
    of a script folio lacks is one entry.
    """
    out: list[tuple[int, str, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        start = end = None
        missing: list[str] = []
        for index, char in enumerate(line + "a"):  # a covered letter closes the last run
            if index < len(line) and needs_glyph(char) and ord(char) not in covered:
                start = index if start is None else start
                end = index + 1
                missing.append(char)
            elif start is not None and (index == len(line) or unicodedata.category(char)[0] in "LN"):
                while end < index and unicodedata.category(line[end]) in ("Mn", "Mc", "Cf"):
                    end += 1  # the run's last letter keeps its marks
                out.append((number, line[start:end], "".join(dict.fromkeys(missing))))
                start, missing = None, []
    return out


def missing_message(span: str, chars: str) -> str:
    """What to say of ``span``, whose ``chars`` no face has: which script, who writes it, what to add."""
    from folio.source.fonts.scripts import LANGUAGES_OF_SCRIPT, script_word, who_writes

    shown = " ".join(f"U+{ord(char):04X}" for char in chars[:6]) + (f" and {len(chars) - 6} more" if len(chars) > 6 else "")
    word = script_word(chars[0])
    tag = (LANGUAGES_OF_SCRIPT.get(word.split()[0]) or "<language>").split(",")[0].split()[0]
    family = f"Noto Sans {word.title()}" if word not in ("unnamed", "CJK") else "the font's family"
    return (
        f"no font folio has sets {quote(span[:40])} ({shown}): {who_writes(chars)}; add a font that has them: its files in "
        f"styles/fonts/ and a styles/fonts/fonts.yaml with family: {family} and languages: [{tag}], "
        f"then mark the text with its language, [...]{{lang={tag}}} (see {docs('guides/scripts-and-fonts/#a-teams-own-fonts')})"
    )


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
