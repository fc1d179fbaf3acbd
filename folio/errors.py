"""Report errors: the one exception type an author ever sees.

Every mistake in a report folder becomes a :class:`Problem` that names the
file, the line (or field) and what to write instead.  Stages collect problems
into a :class:`Problems` list and raise :class:`ReportError` once, so an author
with five typos reads five lines after one run.  Anything else that escapes a
stage is a bug in folio and keeps its traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One located mistake in a report folder."""

    path: str
    """The file, relative to the report folder (``profiles/jp-kumo.yaml``)."""
    line: int | None
    """1-based line number, or ``None`` when the file as a whole is at fault."""
    message: str
    """What is wrong and what to write instead."""

    def __str__(self) -> str:
        if self.line is None:
            return printable(f"{self.path}: {self.message}")
        return printable(f"{self.path}:{self.line}: {self.message}")


class ReportError(Exception):
    """The report folder has one or more mistakes; nothing was written."""

    def __init__(self, problems: list[Problem], partial: object = None, warnings: tuple[Problem, ...] = ()) -> None:
        self.problems = sorted(set(problems), key=_sort_key)
        self.partial = partial
        """The report as far as it could be read, so later stages can add their problems to the same run."""
        self.warnings = tuple(sorted(set(warnings), key=_sort_key))
        """What the same run found that builds but likely does not do what was meant: shown with the errors."""
        super().__init__("\n".join(str(p) for p in self.problems))


class InstallError(Exception):
    """folio is installed beside a library it was not made for (another WeasyPrint or pydyf); nothing was written.

    Not the author's mistake and not a bug in folio: the message says what is
    installed, what folio needs and the ``pip`` command that installs it, and
    the command line prints it without a traceback.
    """


def _sort_key(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line or 0, problem.message)


@dataclass(slots=True)
class Problems:
    """Collects problems during a stage; :meth:`raise_if_any` stops once."""

    root: Path | None = None
    items: list[Problem] = field(default_factory=list)
    sealed: set[tuple[str, int | None]] = field(default_factory=set)
    """Places whose one problem is already said: later ones there are its echoes."""
    warnings: list[Problem] = field(default_factory=list)
    """Things that build but likely do not do what the author meant; printed, never fatal."""

    def warn(self, path: str | Path, line: int | None, message: str) -> None:
        self.warnings.append(Problem(self.relative(path), line, message))

    def sorted_warnings(self) -> tuple[Problem, ...]:
        """The warnings by file and line, each once."""
        return tuple(sorted(set(self.warnings), key=_sort_key))

    def add(self, path: str | Path, line: int | None, message: str) -> None:
        shown = self.relative(path)
        if (shown, line) not in self.sealed:
            self.items.append(Problem(shown, line, message))

    def seal(self, path: str | Path, line: int | None) -> None:
        """Keep further problems at ``path:line`` out (a refused value's follow-on errors)."""
        self.sealed.add((self.relative(path), line))

    def extend(self, problems: list[Problem]) -> None:
        self.items.extend(problems)

    def relative(self, path: str | Path) -> str:
        """Show paths relative to the report folder, with forward slashes."""
        path = Path(path)
        if self.root is not None and path.is_absolute():
            try:
                path = path.relative_to(self.root)
            except ValueError:
                pass
        return path.as_posix()

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise ReportError(self.items, warnings=tuple(self.warnings))


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` safe for a terminal: one line, no control characters.

    A file name is the author's (or an attacker's) to choose: a newline in it
    would print a second, forged ``path:line:`` message, an escape sequence would
    recolour or rewrite the terminal, a bidirectional override would reorder what
    the reader sees.  Each such character is shown escaped (``\\n``, ``\\x1b``,
    ``\\u202e``); every other character, any script included, is kept.
    """
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match) -> str:
    char = match.group(0)
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def field_name(key: object) -> str:
    """A field name as written, quoted when it is not a plain word (so a message stays one line)."""
    text = str(key)
    return text if re.fullmatch(r"[\w.\[\]-]{1,60}", text) else quote(text)


def quote(value: object) -> str:
    """Quote a bad value for a message, shortened so a message stays one line.

    Lists and mappings are shown as YAML writes them (``[a, b]``,
    ``{x: 1}``), never as Python, since the author wrote YAML.
    """
    text = _as_yaml(value)
    text = text.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    if len(text) > 60:
        text = text[:57] + "..."
    return f'"{text}"'


def _as_yaml(value: object, depth: int = 0) -> str:
    if isinstance(value, str):
        return value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if depth > 3:
        return "…"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_as_yaml(k, depth + 1)}: {_as_yaml(v, depth + 1)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_as_yaml(v, depth + 1) for v in value) + "]"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
