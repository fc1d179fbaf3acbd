"""Load one ``profiles/STEM.yaml`` into a checked :class:`Profile`."""

from __future__ import annotations

import re
from pathlib import Path

from folio.errors import Problems, quote
from folio.model import Challenge, Image, LocalName, Person, Profile, Quote, Source
from folio.source.fields import Fields
from folio.source.schema import PROFILE
from folio.source.schema.types import ID
from folio.yamlfile import YamlList, YamlMap, line_of, load_yaml

PROFILE_FIELDS = PROFILE.names
STEM = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def load_profile(path: Path, shown: str, problems: Problems, names: dict[str, str]) -> Profile | None:
    """Read and check one profile; ``None`` (with problems) when it is no mapping of fields.

    A profile with a wrong field is returned with what could be read, so that its story is checked in the same run.
    """
    before = len(problems.items)
    stem = path.stem
    if not STEM.match(stem):
        problems.add(
            shown, None, f"the file name {quote(stem)} cannot be an id; use letters, digits and hyphens, e.g. jp-kumo-ceramics.yaml"
        )
    data = load_yaml(path, problems, shown)
    if data is None and len(problems.items) == before:
        problems.add(shown, None, "is empty; a profile needs name, country, city, sector, founded, summary and story")
    if not isinstance(data, YamlMap):
        if data is not None:
            problems.add(shown, line_of(data), "should be a mapping of fields (name: …, country: …)")
        return None
    fields = Fields(data, shown, problems)
    fields.only(PROFILE.names)
    profile = dict(
        stem=stem,
        path=shown,
        name=PROFILE["name"].read(fields),
        name_local=local_name(fields),
        country=PROFILE["country"].read(fields, names),
        city=PROFILE["city"].read(fields),
        sector=PROFILE["sector"].read(fields),
        founded=PROFILE["founded"].read(fields),
        employees=PROFILE["employees"].read(fields),
        website=PROFILE["website"].read(fields),
        founder=founder(fields),
        summary=PROFILE["summary"].read(fields),
        story=story(fields),
        tools=PROFILE["tools"].read(fields),
        markets=PROFILE["markets"].read(fields, names),
        challenges=challenges(fields),
        quote=quote_of(fields),
        tags=PROFILE["tags"].read(fields),
        photo=photo(fields),
        illustrative=PROFILE["illustrative"].read(fields),
    )
    if len(problems.items) > before:
        return unchecked(profile, names)
    profile["economy"] = names[profile["country"]]
    profile["market_names"] = tuple(names[code] for code in profile["markets"])
    return Profile(**profile)


def unchecked(profile: dict, names: dict[str, str]) -> Profile:
    """A profile with a mistake, kept so that its story is checked in the same run; never built."""
    for key in ("name", "country", "city", "sector", "summary"):
        profile[key] = profile[key] or (profile["stem"] if key == "name" else "")
    profile["founded"] = profile["founded"] or 0
    profile["story"] = profile["story"] or Source(path=profile["path"], line=1, text="")
    profile["economy"] = names.get(profile["country"], "")
    profile["market_names"] = tuple(names.get(code, code) for code in profile["markets"])
    return Profile(**profile)


def local_name(fields: Fields) -> LocalName | None:
    sub = PROFILE["name_local"].read(fields)
    if sub is None:
        return None
    text = sub.text("text", required=True, max_len=200)
    lang = sub.language("lang", required=True)
    return LocalName(text=text, lang=lang) if text and lang else None


def founder(fields: Fields) -> Person | None:
    sub = PROFILE["founder"].read(fields)
    if sub is None:
        return None
    name = sub.text("name", required=True, max_len=200)
    person = Person(name=name or "", role=sub.text("role", max_len=200), name_local=local_name(sub))
    return person if name else None


def story(fields: Fields) -> Source | None:
    field = PROFILE["story"]
    text = field.read(fields)
    if text is None:
        return None
    raw = fields.data[field.name]
    return Source(path=fields.path, line=fields.line("story") or 1, text=raw if isinstance(raw, str) else text)


def challenges(fields: Fields) -> tuple[Challenge, ...]:
    field = PROFILE["challenges"]
    if not fields.present(field.name, False):
        return ()
    items = fields.data[field.name]
    if not isinstance(items, YamlList):
        fields.bad(field.name, field.expects)
        return ()
    found = []
    for index, item in enumerate(items):
        line = line_of(items, index)
        if isinstance(item, str) and item.strip():
            found.append(Challenge(text=item.strip(), line=line))
        elif isinstance(item, YamlMap):
            sub = Fields(item, fields.path, fields.problems, prefix=f"challenges[{index + 1}].")
            sub.only(("text", "recommendation"))
            text = sub.text("text", required=True, max_len=1000)
            rec = sub.pattern("recommendation", ID, "the id of a recommendation heading, like rec-data-flows")
            if text:
                found.append(Challenge(text=text, recommendation=rec, line=sub.line("recommendation") or line))
        else:
            fields.problems.add(
                fields.path, line,
                f"challenges: item {index + 1} should be text or {{text, recommendation}}, got {quote(item)}",
            )  # fmt: skip
    return tuple(found)


def quote_of(fields: Fields) -> Quote | None:
    sub = PROFILE["quote"].read(fields)
    if sub is None:
        return None
    text = sub.text("text", required=True, max_len=1000)
    return Quote(text=text, by=sub.text("by", max_len=200)) if text else None


def photo(fields: Fields) -> Image | None:
    sub = PROFILE["photo"].read(fields)
    if sub is None:
        return None
    src = sub.text("src", required=True, max_len=500)
    alt = sub.text("alt", required=True, max_len=1000)
    crop = crop_of(sub)
    focus = focus_of(sub, crop is not None)
    if src is None or alt is None:
        return None
    return Image(src=src, alt=alt, line=sub.line("src"), crop=crop, focus=focus)


RATIO = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[:x×/]\s*(\d+(?:\.\d+)?)\s*$")
SHAPES = {"square": (1.0, 1.0), "portrait": (3.0, 4.0), "landscape": (4.0, 3.0)}
PLACES = {"left": 0.0, "top": 0.0, "center": 0.5, "centre": 0.5, "middle": 0.5, "right": 1.0, "bottom": 1.0}


def crop_of(sub: Fields) -> tuple[float, float] | None:
    """``crop: 1:1`` (also ``3:4``, ``16:9``, ``square``, ``portrait``, ``landscape``): the shape the photo is cut to."""
    text = sub.text("crop", max_len=40)
    if text is None:
        return None
    text = text.lower()
    if text in SHAPES:
        return SHAPES[text]
    match = RATIO.match(text)
    if match is None or not float(match.group(1)) or not float(match.group(2)):
        sub.bad("crop", "a shape as width:height, like 1:1, 3:4 or 16:9 (or square, portrait, landscape)")
        return None
    width, height = float(match.group(1)), float(match.group(2))
    if not 0.2 <= width / height <= 5:
        sub.bad("crop", "a shape no more than five times as wide as tall or as tall as wide, like 1:1, 3:4 or 16:9")
        return None
    return width, height


def focus_of(sub: Fields, cropped: bool) -> tuple[float, float]:
    """``focus: 50% 30%`` (across, down; or ``top``, ``center``…): where the subject is, kept in a cropped photo."""
    text = sub.text("focus", max_len=40)
    if text is None:
        return (0.5, 0.5)
    if not cropped:
        sub.fail("focus", f"{sub.name('focus')}: says where to cut, and the photo is not cut; add crop: (like crop: 1:1) or remove focus")
        return (0.5, 0.5)
    words = text.lower().replace(",", " ").split()
    values: list[float] = []
    for word in words:
        if word in PLACES:
            values.append(PLACES[word])
        elif re.fullmatch(r"\d+(?:\.\d+)?%", word) and float(word[:-1]) <= 100:
            values.append(float(word[:-1]) / 100)
        else:
            values = []
            break
    if len(values) == 1:
        vertical = words[0] in ("top", "bottom")
        values = [0.5, values[0]] if vertical else [values[0], 0.5]
    if len(values) != 2:
        sub.bad("focus", "where the subject is, across then down, like 50% 30% (or top, center, bottom, left, right)")
        return (0.5, 0.5)
    return values[0], values[1]
