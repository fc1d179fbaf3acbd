"""A profile's prose in another language: ``translations/LANG/profiles/STEM.yaml``.

Only prose is translated: ``summary``, ``story``, ``challenges``, ``quote``,
``tools`` and ``tags``, and the profile's ``sector`` and ``city`` as the
reader of the translation would name them.  The facts (name, country, founded,
employees, website, markets, founder, photo, illustrative) are the
original's: written in a translation they are an error, so a figure is never
corrected in one language and left wrong in another.  Country and market
names are the translation's language's own (babel), not a translator's.

``summary`` and ``story`` are required; the challenges and the quote, when
the original has them, must be translated too (the same number of
challenges: each keeps the recommendation its original ties to).  Tools and
tags absent from the translation keep the original's (they are often brand
names).
"""

from __future__ import annotations

import dataclasses

from folio.errors import quote
from folio.model import Challenge, Profile
from folio.source.fields import Fields
from folio.source.profiles import PROFILE_FIELDS, challenges, quote_of, story
from folio.source.translated_parts import Context
from folio.yamlfile import load_mapping

PROSE_FIELDS = ("summary", "story", "challenges", "quote", "tools", "tags", "sector", "city")


def translate_profile(profile: Profile, context: Context, names: dict[str, str]) -> Profile | None:
    """``profile`` in the translation's language; the original, marked with its language, when it falls back."""
    shown = f"{context.base}/{profile.path}"
    root = context.original.root
    located = dataclasses.replace(
        profile, economy=names.get(profile.country, profile.economy), market_names=tuple(names.get(c, c) for c in profile.markets)
    )
    if not (root / shown).is_file():
        if context.may_fall_back:
            context.fallbacks.append(profile.path)
            return dataclasses.replace(located, lang=context.original.language)
        context.missing(shown, profile.path)
        return profile
    problems = context.problems
    before = len(problems.items)  # problems said from here on stop the part
    data = load_mapping(root / shown, problems, shown, "should be a mapping of the translated fields (summary: …, story: …)")
    if data is None:
        return None
    fields = Fields(data, shown, problems)
    for key in list(data):
        if key in PROFILE_FIELDS and key not in PROSE_FIELDS:
            fields.fail(key, f"{key}: is a fact and comes from {profile.path}; remove it from the translation (only prose is translated)")
    fields.only((*PROSE_FIELDS, *PROFILE_FIELDS))
    changes: dict[str, object] = dict(
        path=shown,
        summary=fields.text("summary", required=True, max_len=600),
        story=story(fields),
        sector=fields.text("sector", max_len=200) or profile.sector,
        city=fields.text("city", max_len=200) or profile.city,
        tools=fields.texts("tools") if "tools" in data else profile.tools,
        tags=fields.texts("tags") if "tags" in data else profile.tags,
    )
    changes["challenges"] = translated_challenges(profile, fields)
    if profile.quote is not None:
        translated = quote_of(fields)
        if translated is None and "quote" not in data:
            fields.fail(None, "quote: missing; the original has a quote, translate it (quote: {text: …, by: …})")
        changes["quote"] = translated or profile.quote
    elif "quote" in data:
        fields.fail("quote", f"quote: the original {profile.path} has none; remove it")
    if len(problems.items) > before:
        return None
    return dataclasses.replace(located, **changes)


def translated_challenges(profile: Profile, fields: Fields) -> tuple[Challenge, ...]:
    """The translated challenges, each tied to the recommendation of the original at its place."""
    if "challenges" not in fields.data:
        if profile.challenges:
            fields.fail(None, f"challenges: missing; the original has {len(profile.challenges)}, translate each in order")
        return ()
    found = challenges(fields)
    if len(found) != len(profile.challenges):
        fields.fail(
            "challenges",
            f"challenges: the original {profile.path} has {len(profile.challenges)}, this has {len(found)}; "
            "translate each, in the same order",
        )
        return profile.challenges
    tied = []
    for mine, theirs in zip(found, profile.challenges, strict=True):
        if mine.recommendation and mine.recommendation != theirs.recommendation:
            fields.fail(None, f"challenges: recommendation {quote(mine.recommendation)} differs from the original's; remove it")
        tied.append(dataclasses.replace(mine, recommendation=theirs.recommendation))
    return tuple(tied)
