"""Languages, the scripts they are written in, and which way they run.

A face in ``styles/fonts/fonts.yaml`` names its script (``khmr``, ``arab``,
``ja``…); text tagged ``lang="km"`` is set in the faces of that script.  The
same tables say which languages run right to left, and name a script for an
author when a character is in no face.
"""

from __future__ import annotations

import unicodedata

SCRIPT_OF_LANGUAGE = {
    "ja": "ja",
    "ko": "ko",
    "zh": "zh",
    "th": "thai",
    "hi": "deva",
    "mr": "deva",
    "ne": "deva",
    "sa": "deva",
    "km": "khmr",
    "lo": "laoo",
    "my": "mymr",
    "bn": "beng",
    "as": "beng",
    "ta": "taml",
    "si": "sinh",
    "ar": "arab",
    "fa": "arab",
    "ur": "arab",
    "ps": "arab",
    "sd": "arab",
    "ug": "arab",
    "ckb": "arab",
    "he": "hebr",
    "yi": "hebr",
}
"""A language's primary subtag → the script of the shipped faces that set it."""

TRADITIONAL_CHINESE = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")
"""Tags (and their prefixes) written in Traditional Chinese, set in the TC faces."""

RTL_SCRIPTS = {"arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"}
RTL_LANGUAGES = {"ar", "fa", "ur", "ps", "sd", "ug", "ckb", "he", "yi", "dv", "syr", "arc", "ku-arab", "ms-arab", "pa-arab"}
"""Languages (and script subtags) that run right to left."""

SCRIPT_NAMES = {
    "latin": "Latin",
    "ja": "Japanese",
    "ko": "Korean",
    "zh": "Simplified Chinese",
    "zh-hant": "Traditional Chinese",
    "deva": "Devanagari",
    "thai": "Thai",
    "khmr": "Khmer",
    "laoo": "Lao",
    "mymr": "Myanmar",
    "beng": "Bengali",
    "taml": "Tamil",
    "sinh": "Sinhala",
    "arab": "Arabic",
    "hebr": "Hebrew",
    "math": "maths symbols",
    "symbols": "symbols",
    "emoji": "emoji",
}

LANGUAGES_OF_SCRIPT = {
    "TIBETAN": "bo, dz",
    "ETHIOPIC": "am, ti",
    "GEORGIAN": "ka",
    "ARMENIAN": "hy",
    "MONGOLIAN": "mn-Mong",
    "THAANA": "dv",
    "SYRIAC": "syr",
    "GUJARATI": "gu",
    "GURMUKHI": "pa",
    "ORIYA": "or",
    "TELUGU": "te",
    "KANNADA": "kn",
    "MALAYALAM": "ml",
    "JAVANESE": "jv",
    "BALINESE": "ban",
    "SUNDANESE": "su",
    "BUGINESE": "bug",
    "TAGALOG": "tl (Baybayin)",
    "CHEROKEE": "chr",
    "YI": "ii",
    "TAI": "khb, tdd, blt",
    "CANADIAN": "iu, cr",
}
"""For the message about a character no face has: who writes the script its name starts with."""


def script_of(lang: str | None) -> str:
    """The shipped faces' script for a BCP 47 tag (``latin`` for anything else)."""
    if not lang:
        return "latin"
    tag = lang.lower()
    if tag.startswith(TRADITIONAL_CHINESE):
        return "zh-hant"
    return SCRIPT_OF_LANGUAGE.get(tag.split("-")[0], "latin")


def direction(lang: str | None) -> str:
    """``rtl`` for a language written right to left (by its tag, or a script subtag such as ``-Arab``), else ``ltr``."""
    if not lang:
        return "ltr"
    parts = lang.lower().split("-")
    if any(part in RTL_SCRIPTS for part in parts[1:]):
        return "rtl"
    if any(len(part) == 4 and part.isalpha() for part in parts[1:]):
        return "ltr"  # another script subtag: az-Latn, pa-Guru
    return "rtl" if parts[0] in RTL_LANGUAGES else "ltr"


def script_word(char: str) -> str:
    """The script a character's Unicode name starts with (``TIBETAN`` for ཀ), for messages."""
    name = unicodedata.name(char, "")
    if name.startswith(("CJK", "HANGUL")):
        return name.split()[0]
    if name.startswith(("CANADIAN", "TAI ")):
        return " ".join(name.split()[:2])
    return name.split()[0] if name else "unnamed"


def who_writes(chars: str) -> str:
    """``Tibetan (bo, dz)``-style names of the scripts ``chars`` are in."""
    words = dict.fromkeys(script_word(char) for char in chars)
    out = []
    for word in words:
        key = word.split()[0]
        languages = LANGUAGES_OF_SCRIPT.get(key)
        name = word.title() if word not in ("CJK",) else word
        out.append(f"{name} ({languages})" if languages else name)
    return ", ".join(out)
