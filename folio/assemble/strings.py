"""The words folio itself prints in an edition, in the edition's language.

Every word an edition carries that the author did not write ("Figure 2",
"Appendix A", "page 7") comes from ``folio/strings/<lang>.yaml``: a flat
mapping of dotted keys to strings with ``{name}`` placeholders.  A language
tag falls back to its shorter forms (``zh-Hant-TW`` → ``zh-Hant`` → ``zh``);
a key that the edition's language lacks is an error naming the key and the
file to add it to, never a word silently left in English.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from folio.errors import Problem, ReportError
from folio.paths import PACKAGE

STRINGS = PACKAGE / "strings"
"""One YAML file of words per language folio ships."""


def catalog_path(language: str) -> Path | None:
    """The catalog for ``language`` or its nearest shorter tag; ``None`` when folio ships none."""
    parts = language.split("-")
    while parts:
        path = STRINGS / f"{'-'.join(parts)}.yaml"
        if path.is_file():
            return path
        parts.pop()
    return None


@lru_cache(maxsize=16)
def catalog(path: Path) -> dict[str, str]:
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return {str(key): str(value) for key, value in data.items()}


def word(language: str, key: str, **values: object) -> str:
    """The string ``key`` in ``language`` with its ``{name}`` placeholders filled."""
    path = catalog_path(language)
    shown = f"folio/strings/{(path.stem if path else language)}.yaml"
    text = catalog(path).get(key) if path else None
    if text is None:
        raise ReportError([Problem(shown, None, f"{key}: no {language} text for this word; add '{key}: …' to {shown}")])
    return text.format(**values) if values else text
