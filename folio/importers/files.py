"""Reading an imported project's files: inside the project only, as UTF-8 text, with their front matter apart."""

from __future__ import annotations

import os
import re
from pathlib import Path

from folio.errors import Problems
from folio.importers.notes import Notes
from folio.yamlfile import YamlMap, parse_yaml, read_text

MAX_PAGE_BYTES = 2_000_000
"""As a chapter of a report folder."""
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


class NotImportable(Exception):
    """The project cannot be imported as asked; the message names the file and what to do."""


def reach(folder: Path) -> Path:
    """The folder a project's includes and pictures may come from: its git repository's, else its own.

    A book is often one folder of a repository whose examples it includes
    (``{{#include ../../examples/x.rs}}``); nothing outside that repository is read.
    """
    folder = folder.resolve()
    for parent in (folder, *folder.parents):
        if (parent / ".git").exists():
            return parent
    return folder


def resolved(path: Path) -> Path | None:
    """``path`` with its links followed; ``None`` for a name no file can have (a NUL, a loop, one too long)."""
    try:
        real = path.resolve()
        real.exists()
    except (OSError, RuntimeError, ValueError):
        return None
    return real


def within(path: Path, root: Path) -> Path | None:
    """``path`` resolved (links followed), if it is a file inside ``root``."""
    real = resolved(path)
    return real if real is not None and real.is_relative_to(root) and real.is_file() else None


def shown(path: Path, folder: Path) -> str:
    """``path`` as the notes name it: relative to the project's folder (``../examples/x.rs`` for a file beside it)."""
    return Path(os.path.relpath(path, folder.resolve())).as_posix()


def read_page(path: Path, shown: str, notes: Notes, where: tuple[str, int | None]) -> str | None:
    problems = Problems()
    text = read_text(path, problems, MAX_PAGE_BYTES, shown)
    if text is None:
        problem = problems.items[0] if problems.items else None
        notes.add(*where, f"{shown}: {problem.message if problem else 'cannot be read'}; left out")
    return text


def front_matter(text: str, shown: str, notes: Notes) -> tuple[YamlMap | None, str, int]:
    """The page's YAML front matter (``None`` when it has none or it cannot be read), its body, the body's first line."""
    match = FRONT_MATTER.match(text)
    if match is None:
        return None, text, 1
    first = text[: match.end()].count("\n") + 1
    problems = Problems()
    data = parse_yaml(match.group(1) or "", shown, problems, first_line=2)
    for problem in problems.items:
        notes.add(shown, problem.line, f"front matter: {problem.message}")
    return (data if isinstance(data, YamlMap) else None), text[match.end() :], first


def load_config(path: Path, shown: str, notes: Notes) -> YamlMap:
    """A project's YAML configuration; :class:`NotImportable` when it cannot be read at all."""
    problems = Problems()
    text = read_text(path, problems, 1_000_000, shown)
    data = parse_yaml(text, shown, problems) if text is not None else None
    if not isinstance(data, YamlMap):
        said = str(problems.items[0]) if problems.items else f"{shown}: expected settings like 'project: {{type: book}}'"
        raise NotImportable(f"{said}; fix it and import again")
    for problem in problems.items:
        notes.add(shown, problem.line, problem.message)
    return data
