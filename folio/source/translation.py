"""A translation: ``translations/LANG/`` read over the original report.

A translation folder mirrors the report folder: ``report.yaml`` holds only
what differs (title, subtitle, short_title, description, keywords, the
translation's date, its translators, the part titles), ``chapters/`` the
translated chapters under the original file names, ``profiles/`` the prose
of each profile (:mod:`folio.source.translated_profiles`).  Everything else
(the reading order, ids, pictures, references, every fact of a profile)
comes from the original, so the languages cannot drift apart: a fact written
in a translation is an error, not a second truth.

A part with no translation is an error, unless ``report.yaml`` says
``fallback: original``: then it is set in the original language, marked with
that language (``lang``), and the build lists it.
"""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

from folio.errors import Problems, ReportError, quote
from folio.model import Chapter, GlossaryPart, KeyFiguresPart, Language, Part, ProfilesPart, Report, Translation
from folio.source.fields import LANG_TAG, Fields, closest
from folio.source.glyphcheck import glyph_problems
from folio.source.schema import REPORT
from folio.source.strings import catalog_path
from folio.source.translated_parts import Context, part_title, translate_chapter, translate_glossary, translate_key_figures
from folio.source.translated_profiles import translate_profile
from folio.yamlfile import YamlMap, line_of, load_yaml

FOLDER = "translations"
TRANSLATION_FIELDS = (
    "title", "subtitle", "short_title", "description", "keywords", "date",
    "translators", "rights", "identifier", "accessibility_summary", "parts",
)  # fmt: skip
FACT_FIELDS = ("slug", "language", "publisher", "authors", "cover", "page_size", "accent", "contents", "fallback", "folio")
"""Fields of report.yaml that are the same in every language: a translation never sets them."""


def languages(root: Path) -> tuple[str, ...]:
    """The languages ``translations/`` holds, in order of their tags."""
    folder = root / FOLDER
    if not folder.is_dir():
        return ()
    return tuple(sorted(entry.name for entry in folder.iterdir() if entry.is_dir() and not entry.name.startswith((".", "_"))))


def with_languages(report: Report) -> Report:
    """The original report knowing its translations, for the links between its languages."""
    found = languages(report.root)
    if not found:
        return report
    listed = (Language(tag=report.language, file_stem=report.slug, original=True),)
    listed += tuple(Language(tag=lang, file_stem=f"{report.slug}.{lang}") for lang in found)
    return dataclasses.replace(report, languages=listed)


def translate(original: Report, language: str) -> Report:
    """The report in ``language``, its translation; raise ``ReportError`` with every problem of the translation."""
    original = with_languages(original)
    root = original.root
    problems = Problems(root=root)
    base = f"{FOLDER}/{language}"
    if not LANG_TAG.match(language) or not (root / base).is_dir():
        have = ", ".join(languages(root)) or "none"
        problems.add(FOLDER, None, f"--lang {language}: no folder {base}/ with a translation; translations here: {have}")
        problems.raise_if_any()
    if language.lower() == original.language.lower():
        problems.add(base, None, f"{quote(language)} is the original's language (report.yaml language); a translation needs another")
        problems.raise_if_any()
    if catalog_path(language) is None:
        problems.add(
            f"folio/strings/{language}.yaml",
            None,
            f"folio has no words in {language} for the editions it sets (contents, labels, colophon); add this file, "
            "a copy of folio/strings/en.yaml with each string translated",
        )
    fields = translation_fields(root, base, problems)
    fallbacks: list[str] = []
    context = Context(original, language, base, problems, fallbacks)
    context.titles = given_titles(fields, context)
    parts = tuple(translate_part(part, context) for part in original.parts)
    forgotten(root, base, original, problems)
    title = REPORT["title"].read(fields) if fields else None
    translation = Translation(
        original_language=original.language,
        original_title=original.title,
        original_identifier=original.identifier,
        translators=fields.texts("translators") if fields else (),
        date=fields.date("date") if fields else None,
        fallbacks=tuple(fallbacks),
        warnings=tuple(problems.warnings),
    )
    changes: dict[str, object] = {}
    if fields:
        changes = dict(
            subtitle=REPORT["subtitle"].read(fields),
            short_title=REPORT["short_title"].read(fields) or title,
            description=REPORT["description"].read(fields),
            keywords=REPORT["keywords"].read(fields),
            rights=REPORT["rights"].read(fields) or original.rights,
            identifier=fields.text("identifier") or derived_identifier(original.identifier, language),
            accessibility_summary=REPORT["accessibility_summary"].read(fields),
        )
    translated = dataclasses.replace(
        original, title=title or original.title, language=language, parts=parts, translation=translation, **changes
    )
    # the Markdown checks still run on what could be read (folio.markdown.later): one list of mistakes
    found = problems.items + glyph_problems(translated, partial=bool(problems))
    if found:
        raise ReportError(found, partial=translated)
    return translated


def derived_identifier(identifier: str, language: str) -> str:
    """A translation's own identifier, the same on every build: a name-based UUID of the original's and the language."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{identifier}#{language}')}"


def translation_fields(root: Path, base: str, problems: Problems) -> Fields | None:
    shown = f"{base}/report.yaml"
    if not (root / shown).is_file():
        problems.add(shown, None, "not found; a translation needs a report.yaml with at least its title (title: …)")
        return None
    data = load_yaml(root / shown, problems, shown)
    if not isinstance(data, YamlMap):
        problems.add(shown, line_of(data, default=1) if data is not None else None, "should be a mapping of fields (title: …)")
        return None
    fields = Fields(data, shown, problems)
    for key in list(data):
        if key in FACT_FIELDS:
            fields.fail(key, f"{key}: is the same in every language and comes from report.yaml; remove it from the translation")
    fields.only((*TRANSLATION_FIELDS, *FACT_FIELDS))
    if "parts" in data and not isinstance(data["parts"], YamlMap):
        fields.bad("parts", "a mapping of part ids to translated titles, e.g. 'profiles: …'")
    return fields


def translate_part(part: Part, context: Context) -> Part:
    if isinstance(part, Chapter):
        return translate_chapter(part, context)
    shown = f"{context.base}/report.yaml"
    title = context.titles.get(part.id)
    if isinstance(part, KeyFiguresPart):
        return translate_key_figures(part, context, title)
    if isinstance(part, GlossaryPart):
        return translate_glossary(part, context, title, shown)
    title = part_title(part, title, context, shown)
    if isinstance(part, ProfilesPart):
        intro = translate_chapter(part.intro, context) if part.intro else None
        names = territories_for(context.language)
        profiles = tuple(translate_profile(profile, context, names) for profile in part.profiles)
        return dataclasses.replace(part, title=title, intro=intro, profiles=tuple(p for p in profiles if p))
    return dataclasses.replace(part, title=title)


def given_titles(fields: Fields | None, context: Context) -> dict[str, str]:
    """``parts: {ID: title}`` of the translation's report.yaml, checked: each a part folio titles, each title text."""
    found: dict[str, str] = {}
    titles = fields.data.get("parts") if fields else None
    if not isinstance(titles, YamlMap):
        return found
    shown = f"{context.base}/report.yaml"
    titled = {part.id: part for part in context.original.parts if not isinstance(part, Chapter)}
    for key, value in titles.items():
        where = line_of(titles, key)
        if key not in titled:
            chapter = next((c for c in context.original.chapters if c.id == key), None)
            if chapter is not None:
                message = f"parts.{key}: a chapter's title comes from its translated file, {context.base}/{chapter.path}; remove it here"
            else:
                close = closest(str(key), list(titled))
                hint = f"did you mean {close}?" if close else f"the parts folio titles here: {', '.join(titled) or 'none'}"
                message = f"parts.{key}: the report has no such part; {hint}"
            context.problems.add(shown, where, message)
        elif not isinstance(value, str) or not value.strip():
            context.problems.add(shown, where, f"parts.{key}: expected the part's translated title, got {quote(value)}")
        else:
            found[str(key)] = value.strip()
    return found


def territories_for(language: str) -> dict[str, str]:
    from folio.source.fields import territories

    return territories(language)


def forgotten(root: Path, base: str, original: Report, problems: Problems) -> None:
    """A translated file with no original is a part that would never be set: name it."""
    known = {chapter.path for chapter in original.chapters} | {profile.path for profile in original.profiles}
    known |= {part.path for part in original.parts if isinstance(part, KeyFiguresPart | GlossaryPart)}
    for folder in ("chapters", "profiles", "data"):
        for path in sorted((root / base / folder).glob("*")) if (root / base / folder).is_dir() else ():
            relative = f"{folder}/{path.name}"
            if path.is_file() and not path.name.startswith((".", "_")) and relative not in known:
                problems.add(f"{base}/{relative}", None, f"translates {relative}, which the report does not have; rename or remove it")
