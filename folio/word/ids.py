"""Ids for imported headings: readable, unique across the report, and what old bookmarks now mean."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str) -> str:
    """``Über die Märkte 2024`` → ``uber-die-markte-2024``; empty when no Latin letter or digit is left."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    words = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    words = "-".join(words.split("-")[:8])
    if words and not words[0].isalpha():
        words = f"s-{words}"
    return words


class Ids:
    """Every id given out, and the Word bookmark or heading id each old id now stands for."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.aliases: dict[str, str] = {}

    def claim(self, wanted: str) -> str:
        new, number = wanted, 1
        while new in self.taken:
            number += 1
            new = f"{wanted}-{number}"
        self.taken.add(new)
        return new

    def alias(self, old: str, new: str) -> None:
        if old and old not in self.aliases:
            self.aliases[old] = new

    def find(self, old: str) -> str | None:
        return self.aliases.get(old) or (old if old in self.taken else None)
