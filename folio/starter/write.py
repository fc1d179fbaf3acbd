"""Write the starter report (``folio/starter/files``) into a new or empty folder.

The starter is package data, so an installed folio carries it.  Its slug and
title come from the folder's name, its identifier is a fresh UUID and its date
is today's, so two teams' reports never share an identifier.  Files whose
names start with a dot cannot travel reliably as package data, so they are
stored without it (``gitignore``, ``github/``) and renamed here.
"""

from __future__ import annotations

import datetime
import re
import uuid
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

from folio.starter.report import commented

STARTER = files("folio.starter") / "files"
FILLED_IN = frozenset({"report.yaml", "README.md", "references.yaml"})
"""Files with ``${slug}``-style fields to fill in; the others are copied as they are."""
RENAMED = {"gitignore": ".gitignore", "github": ".github"}


class FolderNotEmpty(Exception):
    """The target folder holds files already: ``folio new`` never overwrites."""


def write_starter(folder: Path, today: datetime.date | None = None) -> list[Path]:
    """Write the starter report into ``folder``; return the files written."""
    if folder.exists() and not folder.is_dir():
        raise FolderNotEmpty(f"{folder} is a file; give a new or empty folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise FolderNotEmpty(f"{folder} is not empty; give a new or empty folder (folio new never overwrites files)")
    today = today or datetime.date.today()
    slug = slug_of(folder)
    fields = {
        "slug": slug,
        "title": slug.replace("-", " ").capitalize(),
        "date": today.isoformat(),
        "year": str(today.year),
        "uuid": str(uuid.uuid4()),
    }
    folder.mkdir(parents=True, exist_ok=True)
    return list(copy_tree(STARTER, folder, fields))


def slug_of(folder: Path) -> str:
    """The folder's name as a slug (``Annual Report 2025`` → ``annual-report-2025``)."""
    slug = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-")
    return slug or "report"


def copy_tree(source: Traversable, target: Path, fields: dict[str, str]):
    for entry in sorted(source.iterdir(), key=lambda e: e.name):
        if entry.name == "__pycache__":
            continue
        path = target / RENAMED.get(entry.name, entry.name)
        if entry.is_dir():
            path.mkdir()
            yield from copy_tree(entry, path, fields)
        elif entry.name in FILLED_IN:
            text = entry.read_text("utf-8")
            text = commented(text) if entry.name == "report.yaml" else text  # each field under its meaning, from the schema
            path.write_text(Template(text).substitute(fields), encoding="utf-8")
            yield path
        else:
            path.write_bytes(entry.read_bytes())
            yield path
