"""Field checks shared by report.yaml, chapter headers and profiles.

A :class:`Fields` wraps one YAML mapping and its file.  Each getter checks one
field, reports a located problem that quotes the bad value and the expected
form, and returns a clean value (or ``None`` when the field is missing or
wrong), so a loader can check every field in one pass.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable

from babel import Locale, UnknownLocaleError

from folio.errors import Problems, field_name, quote
from folio.source.schema.types import EXPECTS
from folio.yamlfile import YamlList, YamlMap, line_of

LANG_TAG = re.compile(
    r"^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4,8})"  # language
    r"(?:-[a-z]{4})?"  # script
    r"(?:-(?:[a-z]{2}|[0-9]{3}))?"  # region
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*"  # variants
    r"(?:-[a-wyz0-9](?:-[a-z0-9]{2,8})+)*"  # extensions
    r"(?:-x(?:-[a-z0-9]{1,8})+)?$",
    re.IGNORECASE,
)


def territories(language: str) -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes and their names in ``language`` (English fallback)."""
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        locale = Locale.parse("en")
    english = Locale.parse("en").territories
    return {
        code: locale.territories.get(code, name)
        for code, name in english.items()
        if len(code) == 2 and code.isalpha() and code not in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"}
    }


def country_hint(value: str, names: dict[str, str]) -> str:
    """``" (did you mean WS?)"`` for a country written by name, in the report's language or English."""
    if value.upper() in names:
        return f" (upper case: {value.upper()})"
    wanted = value.strip().casefold()
    english = Locale.parse("en").territories
    for code, name in names.items():
        if wanted in (name.casefold(), english.get(code, "").casefold()):
            return f" (did you mean {code} for {name}?)"
    by_name = {name.casefold(): code for code, name in names.items()} | {english[c].casefold(): c for c in names if c in english}
    guess = closest(wanted, list(by_name), cutoff=0.8)
    return f" (did you mean {by_name[guess]}?)" if guess else ""


class Fields:
    """Checked access to one YAML mapping."""

    def __init__(self, data: YamlMap, path: str, problems: Problems, prefix: str = "") -> None:
        self.data = data
        self.path = path
        self.problems = problems
        self.prefix = prefix

    # -- plumbing ---------------------------------------------------------

    def line(self, key: str | None = None) -> int | None:
        return line_of(self.data, key)

    def name(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def fail(self, key: str | None, message: str) -> None:
        self.problems.add(self.path, self.line(key), message)

    def bad(self, key: str, expected: str) -> None:
        self.fail(key, f"{self.name(key)}: expected {expected}, got {quote(self.data[key])}")

    def present(self, key: str, required: bool) -> bool:
        if key in self.data and self.data[key] is not None:
            return True
        if required:
            where = self.name(key)
            self.fail(None, f"{where}: missing; this field is required")
        return False

    def only(self, allowed: Iterable[str]) -> None:
        """Report unknown keys: a typo must not vanish silently."""
        allowed = list(allowed)
        for key in self.data:
            if key not in allowed:
                close = closest(key, allowed)
                hint = f"did you mean {close}?" if close else "allowed fields: " + ", ".join(allowed)
                self.fail(key, f"{self.prefix}{field_name(key)}: unknown field; {hint}")

    def sub(self, key: str) -> Fields | None:
        """The nested mapping at ``key`` as its own :class:`Fields`."""
        value = self.data.get(key)
        if not isinstance(value, YamlMap):
            self.bad(key, EXPECTS["mapping"])
            return None
        return Fields(value, self.path, self.problems, prefix=f"{self.name(key)}.")

    # -- typed getters ------------------------------------------------------

    def text(self, key: str, required: bool = False, max_len: int = 2000) -> str | None:
        if not self.present(key, required):
            return None
        value = self.data[key]
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.bad(key, EXPECTS["text"])
            return None
        value = value.strip()
        if not value:
            if required:
                self.fail(key, f"{self.name(key)}: is empty; write a value")
            return None
        if len(value) > max_len:
            self.fail(key, f"{self.name(key)}: longer than {max_len} characters; shorten it")
            return None
        return value

    def texts(self, key: str, max_items: int = 200) -> tuple[str, ...]:
        if not self.present(key, False):
            return ()
        value = self.data[key]
        if not isinstance(value, YamlList):
            self.bad(key, EXPECTS["texts"])
            return ()
        clean: list[str] = []
        for index, item in enumerate(value[:max_items]):
            if isinstance(item, (int, float)) and not isinstance(item, bool):
                item = str(item)
            if not isinstance(item, str) or not item.strip():
                self.problems.add(self.path, line_of(value, index), f"{self.name(key)}: item {index + 1} should be text, got {quote(item)}")
                continue
            clean.append(item.strip())
        if len(value) > max_items:
            self.fail(key, f"{self.name(key)}: more than {max_items} items; shorten the list")
        return tuple(clean)

    def pattern(self, key: str, regex: re.Pattern[str], expected: str, required: bool = False) -> str | None:
        value = self.text(key, required)
        if value is not None and not regex.match(value):
            self.bad(key, expected)
            return None
        return value

    def language(self, key: str, required: bool = False) -> str | None:
        return self.pattern(key, LANG_TAG, EXPECTS["language"], required)

    def flag(self, key: str) -> bool:
        if not self.present(key, False):
            return False
        value = self.data[key]
        if not isinstance(value, bool):
            self.bad(key, EXPECTS["flag"])
            return False
        return value

    def whole(self, key: str, low: int, high: int | None, expected: str, required: bool = False) -> int | None:
        if not self.present(key, required):
            return None
        value = self.data[key]
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if not isinstance(value, int) or isinstance(value, bool) or value < low or (high is not None and value > high):
            self.bad(key, expected)
            return None
        return value

    def number(self, key: str, required: bool = False) -> float | None:
        if not self.present(key, required):
            return None
        value = self.data[key]
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value != value:
            self.bad(key, "a number like 60 or 12.5")
            return None
        return float(value)

    def date(self, key: str, required: bool = False) -> datetime.date | None:
        if not self.present(key, required):
            return None
        value = self.data[key]
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value.strip()):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.bad(key, EXPECTS["date"])
        return None

    def url(self, key: str, schemes: tuple[str, ...] = ("https://",)) -> str | None:
        value = self.text(key)
        if value is None:
            return None
        if not value.startswith(schemes) or len(value) <= len(schemes[0]) or any(c.isspace() for c in value):
            forms = " or ".join(s + "…" for s in schemes)
            self.bad(key, f"an absolute URL starting {forms}")
            return None
        return value

    def country(self, key: str, names: dict[str, str], required: bool = False) -> str | None:
        value = self.text(key, required)
        if value is None:
            return None
        if value not in names:
            self.bad(key, EXPECTS["country"] + country_hint(value, names))
            return None
        return value

    def countries(self, key: str, names: dict[str, str]) -> tuple[str, ...]:
        codes = self.texts(key)
        value = self.data.get(key)
        clean = []
        for index, code in enumerate(codes):
            if code in names:
                clean.append(code)
            else:
                self.problems.add(
                    self.path,
                    line_of(value, index),
                    f"{self.name(key)}: expected {EXPECTS['countries']}{country_hint(str(code), names)}, got {quote(code)}",
                )
        return tuple(clean)


def closest(word: str, choices: list[str], cutoff: float = 0.6) -> str | None:
    """The choice ``word`` was most likely meant to be, for a "did you mean"."""
    import difflib

    match = difflib.get_close_matches(str(word), choices, n=1, cutoff=cutoff)
    return match[0] if match else None
