"""The words folio itself prints in an edition, in the report's language.

Every word an edition carries that the author did not write ("Contents",
"Figure 2", a fact box's labels, the colophon, the EPUB's accessibility
summary) comes from ``folio/strings/<lang>.yaml``: a flat mapping of dotted
keys to strings with ``{name}`` placeholders.  A language tag falls back to
its shorter forms (``zh-Hant-TW`` → ``zh-Hant`` → ``zh``); a key that the
report's language lacks is a located error naming the key and the file to
add it to, never a word silently left in English.  A report written in a
language folio has no file for at all keeps the English words, as it always
did; a translation into such a language is an error
(:mod:`folio.source.translation`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from markupsafe import Markup, escape

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


def languages() -> tuple[str, ...]:
    """The languages folio ships words for."""
    return tuple(sorted(path.stem for path in STRINGS.glob("*.yaml")))


def word(language: str, key: str, /, **values: object) -> str:
    """The string ``key`` in ``language`` with its ``{name}`` placeholders filled."""
    path = catalog_path(language) or STRINGS / "en.yaml"
    shown = f"folio/strings/{path.stem}.yaml"
    text = catalog(path).get(key)
    if text is None:
        raise ReportError([Problem(shown, None, f"{key}: no {language} text for this word; add '{key}: …' to {shown}")])
    return text.format(**values) if values else text


def markup_word(language: str, key: str, /, **values: object) -> Markup:
    """:func:`word` for a template: the catalog's text escaped, each value escaped unless it is markup already."""
    word(language, key)  # the located error for a missing key
    text = catalog(catalog_path(language) or STRINGS / "en.yaml")[key]
    return Markup(escape(text)).format(**values) if values else Markup(escape(text))
