"""The kinds of field a schema declares, each knowing how it is read and what it accepts.

A declaration is data: the field's name, whether it is required, what it
means, an example, and (for a field of a general kind) how it is checked.
``read(fields)`` reads the field from a :class:`folio.source.fields.Fields`
with the getter of its kind, so the loader, the reference pages and ``folio
new``'s template all take a field's type, default and wording from one
place.  A field whose reading needs the folder (a path, the reading order)
is declared as a plain :class:`Field`: its loader reads it, and takes the
words of its type error from ``expects``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import KW_ONLY, dataclass
from typing import Any

ID = re.compile(r"^[A-Za-z][A-Za-z0-9_:.-]*$")
SLUG = re.compile(r"^[a-z0-9-]+$")
HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
EXPECTS = {
    "text": "text",
    "texts": "a list of text items (lines starting with '- ')",
    "language": "a BCP 47 language tag like en, ja, mi or zh-Hant",
    "date": "a date like 2022-06-30 (YYYY-MM-DD)",
    "flag": "true or false",
    "url": "an absolute URL starting https://…",
    "country": "an ISO 3166-1 alpha-2 country code like JP or NZ",
    "countries": "ISO 3166-1 alpha-2 country codes like JP or NZ",
    "mapping": "a mapping of fields (indented key: value lines)",
}
"""What a value of each kind of field must be, as a message for a wrong value says it (``expected …, got …``)."""

Fields = Any
"""A :class:`folio.source.fields.Fields`, which reads with these declarations (so it is not imported here)."""


@dataclass(frozen=True, slots=True)
class Field:
    """A field its loader reads by hand; the other kinds below read themselves."""

    name: str
    _: KW_ONLY
    meaning: str
    """What the field does, in the reference's words (Markdown)."""
    example: str
    """A value as written after ``name:`` in YAML; the starter shows an optional field so, commented out."""
    required: bool = False
    default: Any = None
    """The value an absent field takes (``None``: the field is simply absent)."""
    default_words: str | None = None
    """The default in words, where it is no value (``the title``)."""
    expects: str = EXPECTS["text"]
    """What a value must be: the words after ``expected`` in the message for a wrong one."""
    accepts_words: str | None = None
    """What the reference's accepts column says, where ``expects`` says less (a loader checks the value further)."""

    def accepts(self) -> str:
        """What the field accepts, as the reference page prints it."""
        return self.accepts_words or self.expected()

    def expected(self) -> str:
        """What the message for a wrong value says was expected."""
        return self.expects

    def shown_default(self) -> str:
        """The default as the reference page prints it."""
        if self.default_words:
            return self.default_words
        return f"`{self.default}`" if self.default is not None else ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Text(Field):
    max_len: int = 2000

    def read(self, fields: Fields) -> str | None:
        return fields.text(self.name, self.required, self.max_len)

    def accepts(self) -> str:
        return f"{self.expects}, up to {self.max_len:,} characters"


@dataclass(frozen=True, slots=True, kw_only=True)
class TextList(Field):
    expects: str = EXPECTS["texts"]
    max_items: int = 200

    def read(self, fields: Fields) -> tuple[str, ...]:
        return fields.texts(self.name, self.max_items)


@dataclass(frozen=True, slots=True, kw_only=True)
class Pattern(Field):
    pattern: re.Pattern[str]

    def read(self, fields: Fields) -> str | None:
        return fields.pattern(self.name, self.pattern, self.expects, self.required)


@dataclass(frozen=True, slots=True, kw_only=True)
class Language(Field):
    expects: str = EXPECTS["language"]

    def read(self, fields: Fields) -> str | None:
        return fields.language(self.name, self.required)


@dataclass(frozen=True, slots=True, kw_only=True)
class Date(Field):
    expects: str = EXPECTS["date"]

    def read(self, fields: Fields) -> datetime.date | None:
        return fields.date(self.name, self.required)


@dataclass(frozen=True, slots=True, kw_only=True)
class Flag(Field):
    expects: str = EXPECTS["flag"]
    default: Any = False

    def read(self, fields: Fields) -> bool:
        return fields.flag(self.name)


@dataclass(frozen=True, slots=True, kw_only=True)
class Whole(Field):
    """A whole number from ``low`` to ``high`` (``None``: no limit, ``"this year"``: the year folio runs in)."""

    low: int
    high: int | str | None = None

    def bounds(self) -> tuple[int, int | None]:
        high = datetime.date.today().year if self.high == "this year" else self.high
        return self.low, high  # type: ignore[return-value]

    def read(self, fields: Fields) -> int | None:
        low, high = self.bounds()
        return fields.whole(self.name, low, high, self.expected(), self.required)

    def expected(self) -> str:
        """``expects`` with its limits filled in: ``a year like 2015 (1800 to 2026)``."""
        low, high = self.bounds()
        return self.expects.format(low=low, high=high)


@dataclass(frozen=True, slots=True, kw_only=True)
class Url(Field):
    schemes: tuple[str, ...] = ("https://",)
    expects: str = EXPECTS["url"]

    def read(self, fields: Fields) -> str | None:
        return fields.url(self.name, self.schemes)


@dataclass(frozen=True, slots=True, kw_only=True)
class Country(Field):
    expects: str = EXPECTS["country"]

    def read(self, fields: Fields, names: dict[str, str]) -> str | None:
        return fields.country(self.name, names, self.required)


@dataclass(frozen=True, slots=True, kw_only=True)
class Countries(Field):
    expects: str = EXPECTS["countries"]

    def read(self, fields: Fields, names: dict[str, str]) -> tuple[str, ...]:
        return fields.countries(self.name, names)


@dataclass(frozen=True, slots=True, kw_only=True)
class Choice(Field):
    """One word of ``choices``; absent or wrong, the field is its ``default``."""

    choices: tuple[str, ...]
    fold_case: bool = False

    def read(self, fields: Fields) -> str | None:
        value = fields.text(self.name)
        if value is None:
            return self.default
        if (value.lower() if self.fold_case else value) in self.choices:
            return value.lower() if self.fold_case else value
        fields.bad(self.name, self.expects)
        return self.default


@dataclass(frozen=True, slots=True, kw_only=True)
class Mapping(Field):
    """Indented ``key: value`` lines, each key one of ``keys``; read by its loader."""

    keys: tuple[str, ...]
    expects: str = EXPECTS["mapping"]

    def read(self, fields: Fields) -> Fields | None:
        """Its own fields, any key not in ``keys`` said; ``None`` when it is absent or no mapping (said)."""
        if not fields.present(self.name, False):
            return None
        sub = fields.sub(self.name)
        if sub is not None:
            sub.only(self.keys)
        return sub

    def accepts(self) -> str:
        return "a mapping of " + ", ".join(self.keys)


@dataclass(frozen=True, slots=True)
class Item:
    """A kind of item in ``contents``."""

    name: str
    meaning: str
    example: str


@dataclass(frozen=True, slots=True)
class Schema:
    """The fields of one kind of file, in the order the reference and the starter list them."""

    title: str
    """The reference page's title."""
    intro: str
    fields: tuple[Field, ...]
    items: tuple[Item, ...] = ()
    """For report.yaml, the kinds of item ``contents`` takes."""
    items_intro: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(field.name for field in self.fields)

    @property
    def required(self) -> frozenset[str]:
        return frozenset(field.name for field in self.fields if field.required)

    @property
    def item_names(self) -> tuple[str, ...]:
        return tuple(item.name for item in self.items)

    def __getitem__(self, name: str) -> Any:
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(name)

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)
