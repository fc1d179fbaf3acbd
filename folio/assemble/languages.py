"""Languages as babel knows them: the locale an edition's dates, numbers and lists are written in, and a language's name."""

from __future__ import annotations


def babel_locale(language: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(language.replace("-", "_")))
    except (UnknownLocaleError, ValueError):
        return "en"


def language_name(language: str, tag: str) -> str:
    """The name of the language ``tag`` in ``language``, e.g. ``英語`` for ``en`` in a Japanese edition."""
    from babel import Locale

    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name(babel_locale(language)) or tag
    except (ValueError, LookupError):
        return tag
    # babel gives Vietnamese names as they head a list ("Tiếng Anh"); the editions set them mid-sentence
    return name[0].lower() + name[1:] if language.split("-")[0] == "vi" and name.startswith("Tiếng ") else name
