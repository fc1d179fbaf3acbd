"""The Markdown checks on a report that failed to load, so that a folder's mistakes come in one list.

Stage 1 keeps what it could read of a folder with mistakes (a chapter whose
header is wrong, a profile with a bad field: :attr:`ReportError.partial`),
and the Markdown stage checks that too.  Only a problem that may merely echo
a file that could not be read at all waits for the next run, since it would
look broken though it is not: a link to an id that the unread file may hold,
a citation of a key written in a ``references.yaml`` that has mistakes.
"""

from __future__ import annotations

import re
from pathlib import Path

from folio.errors import Problem, ReportError
from folio.folder import text_of
from folio.markdown.render import render_markdown
from folio.model import GlossaryPart, KeyFiguresPart, Report
from folio.run.cache import Cache
from folio.source.load import default_id

TARGET = re.compile(r'^(?:link to #(?P<link>[^:\s]+):|challenges: recommendation "(?P<challenge>[^"]*)")')
CITATION = re.compile(r"^citation @(?P<key>\S+) ")


def later_problems(error: ReportError, cache: Cache) -> tuple[list[Problem], tuple[Problem, ...]]:
    """The Markdown stage's problems and warnings on what stage 1 could read, less the echoes of what it could not."""
    report = error.partial
    if not isinstance(report, Report):
        return [], ()
    try:
        fragments = render_markdown(report, cache, check_only=True)
    except ReportError as later:
        echo = Echoes(report, error.problems)
        return [p for p in later.problems if not echo(p)], later.warnings
    except Exception:  # what could not be read may trip the later checks: the folder's own problems come first
        return [], ()
    return [], fragments.warnings


class Echoes:
    """Which later problems may only echo a file stage 1 could not read."""

    def __init__(self, report: Report, problems: list[Problem]) -> None:
        read = {chapter.path for chapter in report.chapters} | {profile.path for profile in report.profiles}
        read |= {part.path for part in report.parts if isinstance(part, (KeyFiguresPart, GlossaryPart))}
        wrong = sorted({p.path for p in problems if p.path.startswith(("chapters/", "profiles/", "data/"))})
        # the id a file with a mistake will have once mended (a profile named "vn ca phe.yaml" is to be #profile-vn-ca-phe)
        self.ids = {ident for path in wrong for ident in (default_id(slug(Path(path).stem)), f"profile-{slug(Path(path).stem)}")}
        # and every id an unread file may hold: its text as ids are made of it ("## Market access" gives #market-access)
        texts = {path: readable(report.root / path) for path in wrong if path not in read}
        self.texts = [slug(text) for text in texts.values() if text is not None]
        # a file named in contents that could not be found, or read, may hold any id
        named = any(p.path == "report.yaml" and p.message.startswith("contents") for p in problems)
        self.any_id = named or None in texts.values()
        references = report.root / "references.yaml"
        self.references = (readable(references) or "") if any(p.path == "references.yaml" for p in problems) else ""

    def __call__(self, problem: Problem) -> bool:
        if match := TARGET.match(problem.message):
            target = match.group("link") or match.group("challenge")
            return self.any_id or target in self.ids or any(target in text for text in self.texts)
        if match := CITATION.match(problem.message):
            return match.group("key") in self.references
        return False


def slug(text: str) -> str:
    """Text as ids are made of it: lower case, anything but letters, digits, ``_`` and ``.`` a hyphen."""
    return re.sub(r"[^\w.]+", "-", text.lower())


def readable(path: Path) -> str | None:
    return text_of(path, errors="replace")
