"""Front matter and appendices: the fields a chapter header may add, and where each part may stand.

A report's front matter (foreword, executive summary, acknowledgements) is
set unnumbered on the roman-numbered pages before the body, and its
appendices are lettered after the last chapter; :mod:`folio.source.load`
reads the ``front:`` and ``appendix:`` items of ``contents`` and this module
checks that they stand where a reader expects them.
"""

from __future__ import annotations

import dataclasses
import string
from pathlib import Path

from folio.errors import Problems, quote
from folio.folder import resolve_inside
from folio.model import Chapter, GlossaryPart, Image, ListPart, Part
from folio.project import docs
from folio.source.fields import Fields
from folio.source.pictures.images import IMAGE_SUFFIXES, check_image
from folio.source.schema import CHAPTER, REPORT
from folio.source.strings import word
from folio.yamlfile import YamlList, YamlMap, line_of, load_mapping


def header_fields(fields: Fields) -> dict:
    """``role``, ``byline`` and ``lang`` of a chapter header, checked."""
    found: dict = {}
    role = CHAPTER["role"].read(fields)
    if role is not None:
        found["role"] = role
    byline = CHAPTER["byline"].name
    if fields.present(byline, False):
        value = fields.data[byline]
        found["byline"] = (fields.text(byline, max_len=300),) if isinstance(value, str) else fields.texts(byline, max_items=20)
        found["byline"] = tuple(name for name in found["byline"] if name)
    lang = CHAPTER["lang"].read(fields)
    if lang is not None:
        found["lang"] = lang
    return found


def crossref_page(fields: Fields) -> bool:
    """``crossref: {page: true}`` in report.yaml."""
    sub = REPORT["crossref"].read(fields)
    if sub is None:
        return False
    return sub.flag("page") if "page" in sub.data else False


LISTS = {"list_of_figures": "figure", "list_of_tables": "table"}


def list_part(fields: Fields, key: str, language: str) -> ListPart | None:
    """``list_of_figures:`` or ``list_of_tables:``, empty, a title, or ``{title: …}``."""
    kind = LISTS[key]
    title = word(language, f"{kind}.list")
    value = fields.data[key]
    if isinstance(value, str):
        title = value.strip() or title
    elif value is not None:
        sub = fields.sub(key)
        if sub is None:
            return None
        sub.only(("title",))
        title = sub.text("title", max_len=300) or title
    return ListPart(kind=kind, title=title, id=key.replace("_", "-"))


MATTER_KINDS = ("front", "appendix", "glossary", *LISTS)


def matter_part(kind: str, fields: Fields, root: Path, language: str, chapter_at, kinds: list[tuple[str, int | None]]) -> Part | None:
    """A ``front:``, ``appendix:``, ``glossary:`` or list item of ``contents``; ``chapter_at()`` loads the chapter it names."""
    if kind in LISTS:
        return list_part(fields, kind, language)
    if kind == "glossary" and str(fields.data["glossary"]).endswith((".yaml", ".yml")):
        path = fields.text("glossary", required=True)
        where = fields.line("glossary")
        real = path and resolve_inside(root, path, fields.problems, "report.yaml", where, "contents: glossary", None, (".yaml", ".yml"))
        return (real and load_glossary(real, path, fields.problems, word(language, "glossary.title"))) or None
    chapter = chapter_at()
    return placed(chapter, kind, sum(1 for k, _ in kinds[:-1] if k == "appendix")) if chapter else None


def placed(chapter: Chapter, kind: str, appendices: int) -> Chapter:
    """The chapter as a ``front`` part or the next lettered appendix."""
    if kind == "front":
        return dataclasses.replace(chapter, matter="front")
    if kind == "glossary":
        return dataclasses.replace(chapter, matter="back", role="glossary")
    return dataclasses.replace(chapter, matter="appendix", letter=letter(appendices))


def letter(index: int) -> str:
    """A, B, … Z, then AA, AB…"""
    letters = string.ascii_uppercase
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]


BODY_KINDS = ("chapter", "profiles")


def check_order(kinds: list[tuple[str, int | None]], problems: Problems) -> None:
    """``front:`` before everything else, ``appendix:`` after the last chapter and profiles part."""
    front = ("front", *LISTS)
    first_other = next((i for i, (kind, _) in enumerate(kinds) if kind not in front), len(kinds))
    last_body = max((i for i, (kind, _) in enumerate(kinds) if kind in BODY_KINDS), default=-1)
    for index, (kind, line) in enumerate(kinds):
        if kind in front and index > first_other:
            problems.add("report.yaml", line, f"contents: a {kind}: part comes before every chapter; move it to the top of contents")
        elif kind in ("appendix", "glossary") and index < last_body:
            problems.add("report.yaml", line, f"contents: {kind}: comes after the last chapter; move it below the chapters")


def is_numbered(part: Part) -> bool:
    return isinstance(part, Chapter) and part.matter == "body"


def load_glossary(path: Path, shown: str, problems: Problems, default_title: str) -> GlossaryPart | None:
    """``data/NAME.yaml``: ``title`` (optional) and ``terms``, a mapping of each term to its meaning."""
    before = len(problems.items)  # problems said from here on stop the part
    data = load_mapping(
        path, problems, shown, f"should be a mapping with terms: (each term: its meaning), see {docs('reference/report-yaml/#contents')}"
    )
    if data is None:
        return None
    fields = Fields(data, shown, problems)
    fields.only(("title", "terms"))
    title = fields.text("title", max_len=300) or default_title
    terms = data.get("terms")
    if not isinstance(terms, YamlMap) or not terms:
        fields.fail(
            "terms" if "terms" in data else None,
            "terms: expected a mapping of each term to its meaning, e.g. 'APEC: Asia-Pacific Economic Cooperation'",
        )
        return None
    found: list[tuple[str, str]] = []
    for term, meaning in terms.items():
        if not isinstance(meaning, str) or not meaning.strip():
            problems.add(
                shown, line_of(terms, term), f"terms: {quote(str(term))} should be followed by its meaning as text, got {quote(meaning)}"
            )
            continue
        found.append((str(term), meaning.strip()))
    if len(problems.items) > before:
        return None
    return GlossaryPart(path=shown, title=title, terms=tuple(found))


def load_logos(fields: Fields, root: Path) -> tuple[Image, ...]:
    """``logo: {src, alt}`` or a list of them: pictures for the typographic cover, each with its alt text."""
    if not fields.present(REPORT["logo"].name, False):
        return ()
    value = fields.data[REPORT["logo"].name]
    items = list(enumerate(value)) if isinstance(value, YamlList) else [(None, value)]
    found: list[Image] = []
    for index, item in items:
        where = "logo" if index is None else f"logo[{index + 1}]"
        line = line_of(value, index) if index is not None else fields.line("logo")
        if not isinstance(item, YamlMap):
            fields.problems.add(fields.path, line, f"{where}: expected {REPORT['logo'].expects}, got {quote(item)}")
            continue
        sub = Fields(item, fields.path, fields.problems, prefix=f"{where}.")
        sub.only(("src", "alt"))
        src = sub.text("src", required=True)
        alt = sub.text("alt", required=True, max_len=300)
        if src is None or alt is None:
            continue
        real = resolve_inside(root, src, fields.problems, fields.path, sub.line("src"), f"{where}.src", "images", IMAGE_SUFFIXES)
        if real is not None:
            found_problems = check_image(real, fields.problems.relative(real))
            fields.problems.extend(found_problems)
            if not found_problems:
                found.append(Image(src=src, alt=alt, line=sub.line("src")))
    return tuple(found)
