"""The promise that no character of an edition falls outside the faces folio has.

Before anything is rendered, :func:`check_glyphs` reads every text file of the
report and makes sure each character is in at least one face an edition may
use (:mod:`folio.source.fonts.faces`), and so are the characters folio writes
itself around it (:mod:`folio.source.fonts.generated`) and folio's own words
in the edition's language (:mod:`folio.source.strings`).
"""

from __future__ import annotations

from folio.errors import Problems, ReportError
from folio.folder import text_of
from folio.maths.spans import without_maths
from folio.model import Report
from folio.source.fonts.faces import coverage, manifest
from folio.source.fonts.generated import check_generated, check_words
from folio.source.fonts.glyphs import missing_message, missing_runs, text_files
from folio.source.strings import catalog_path


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
    check_generated(report, faces, problems)
    check_words(catalog_path(report.language), covered, problems)
    problems.raise_if_any()


def glyph_problems(report: Report, *, partial: bool = False) -> list:
    """:func:`check_glyphs`'s problems as a list; ``partial``: the report has other mistakes, which may trip the check (then none)."""
    try:
        check_glyphs(report)
    except ReportError as error:
        return error.problems
    except Exception:
        if not partial:
            raise
    return []
