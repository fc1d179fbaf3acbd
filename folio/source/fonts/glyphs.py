"""The report's text against the faces: which files reach the editions, and what to say of a run no face sets.

:func:`folio.source.glyphcheck.check_glyphs` reads every text file of the
report with these and makes sure each character is in at least one shipped
font; a character that is not would otherwise come out as a box, or in a font
of whatever machine built it.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from folio.errors import quote
from folio.model import GlossaryPart, KeyFiguresPart, Report
from folio.project import docs
from folio.source.fonts.faces import IGNORED_CATEGORIES
from folio.source.fonts.scripts import LANGUAGES_OF_SCRIPT, script_word, who_writes


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
    shown = " ".join(f"U+{ord(char):04X}" for char in chars[:6]) + (f" and {len(chars) - 6} more" if len(chars) > 6 else "")
    word = script_word(chars[0])
    tag = (LANGUAGES_OF_SCRIPT.get(word.split()[0]) or "<language>").split(",")[0].split()[0]
    family = f"Noto Sans {word.title()}" if word not in ("unnamed", "CJK") else "the font's family"
    return (
        f"no font folio has sets {quote(span[:40])} ({shown}): {who_writes(chars)}; add a font that has them: its files in "
        f"styles/fonts/ and a styles/fonts/fonts.yaml with family: {family} and languages: [{tag}], "
        f"then mark the text with its language, [...]{{lang={tag}}} (see {docs('guides/scripts-and-fonts/#a-teams-own-fonts')})"
    )
