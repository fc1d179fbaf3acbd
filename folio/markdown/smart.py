"""Smart punctuation everywhere, in the quotation marks of the text's language.

pandoc's ``smart`` extension makes a chapter's ``'`` an apostrophe, ``"…"``
quotation marks, ``--`` and ``---`` dashes and ``...`` an ellipsis.  The
fields of the YAML files (a profile's name and summary, the report's title,
a glossary's terms, key figures' labels …) are prose too, and get the very
same treatment: :func:`smart_report` hands every prose field to pandoc's
Markdown reader at once, each escaped so that nothing in it but quotes,
dashes and dots has a meaning (``*``, ``#``, ``[`` … stay as written), and
reads the result back.

pandoc writes every quotation in English marks.  :func:`localize_quotes`
turns each quotation of a chapter into the marks of its language (the
report's, a chapter's ``lang:``, a ``[…]{lang=…}`` span's): 「…」 in
Japanese and Traditional Chinese, „…“ in German, « … » in French; the
fields get the same.
"""

from __future__ import annotations

import copy
import dataclasses
import re
from typing import Any

from folio import pandoc
from folio.model import Chapter, GlossaryPart, Image, KeyFiguresPart, ListPart, ProfilesPart, Report
from folio.run.cache import Cache

QUOTES = {
    "en": ("“", "”", "‘", "’"),
    "ja": ("「", "」", "『", "』"),
    "zh-Hant": ("「", "」", "『", "』"),
    "zh-TW": ("「", "」", "『", "』"),
    "zh-HK": ("「", "」", "『", "』"),
    "de": ("„", "“", "‚", "‘"),
    "fr": ("«\u202f", "\u202f»", "«\u202f", "\u202f»"),
    "es": ("«", "»", "“", "”"),
    "it": ("«", "»", "“", "”"),
    "ru": ("«", "»", "„", "“"),
    "pl": ("„", "”", "«", "»"),
    "nl": ("‘", "’", "“", "”"),
    "sv": ("”", "”", "’", "’"),
    "fi": ("”", "”", "’", "’"),
    "nb": ("«", "»", "‘", "’"),
    "no": ("«", "»", "‘", "’"),
    "da": ("“", "”", "‘", "’"),
    "cs": ("„", "“", "‚", "‘"),
    "uk": ("«", "»", "„", "“"),
}
"""The quotation marks of a language (CLDR's delimiters): double open and close, then single.
Every language not named here (Korean, Vietnamese, Indonesian, Malay, Thai, Māori, Simplified Chinese …) takes English's."""

ESCAPED = re.compile(r"([\\`*_{}\[\]()#+!<>|~^$@%&:;=/])")
"""ASCII punctuation with a meaning in pandoc's Markdown: written with a backslash, it stays as it is."""
LIST_START = re.compile(r"^([0-9A-Za-z]{1,9})([.)])(\s)")


def marks(language: str | None) -> tuple[str, str, str, str]:
    """The quotation marks of ``language`` (a BCP 47 tag): double open and close, single open and close."""
    tag = language or "en"
    parts = tag.split("-")
    for length in range(len(parts), 0, -1):
        found = QUOTES.get("-".join(parts[:length]))
        if found:
            return found
    return QUOTES["en"]


# -- chapters: pandoc's quotations in the language's marks ------------------------------------------


def localize_quotes(blocks: list, language: str | None) -> list:
    """``blocks`` with every ``Quoted`` node written out in the marks of its language (in place; also returned)."""
    _localize(blocks, language, 0)
    return blocks


def _localize(node: Any, language: str | None, depth: int) -> None:
    if isinstance(node, list):
        index = 0
        while index < len(node):
            item = node[index]
            if isinstance(item, dict) and item.get("t") == "Quoted":
                kind, inner = item["c"]
                _localize(inner, language, depth + 1)
                double = kind.get("t") == "DoubleQuote"
                open_, close = marks(language)[0:2] if double else marks(language)[2:4]
                node[index : index + 1] = [{"t": "Str", "c": open_}, *inner, {"t": "Str", "c": close}]
                index += len(inner) + 2
                continue
            _localize(item, language, depth)
            index += 1
    elif isinstance(node, dict):
        kind, content = node.get("t"), node.get("c")
        if kind in ("Span", "Div") and isinstance(content, list) and content:
            attributes = dict(content[0][2]) if isinstance(content[0], list) and len(content[0]) == 3 else {}
            _localize(content[1:], attributes.get("lang") or language, depth)
        elif content is not None:
            _localize(content, language, depth)


def part_language(report: Report, path: str) -> str:
    """The language a source file's text is in: its chapter's or profile's own, else the report's."""
    for chapter in report.chapters:
        if chapter.path == path:
            return chapter.lang or report.language
    for profile in report.profiles:
        if profile.path == path:
            return profile.lang or report.language
    return report.language


# -- the YAML fields ----------------------------------------------------------------------------------


def escaped(text: str) -> str:
    """``text`` as Markdown in which only quotes, dashes and dots mean anything: one paragraph, never a list."""
    flat = " ".join(text.split())
    if set(flat) <= {"-", " "}:
        return flat.replace("-", "\\-")
    flat = ESCAPED.sub(r"\\\1", flat)
    flat = LIST_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}{m.group(3)}", flat)
    if flat.startswith("- "):
        flat = "\\" + flat
    return flat


def smart_texts(texts: list[str], cache: Cache | None) -> list[list]:
    """Each text as pandoc's Markdown reader reads it with smart punctuation: its inlines (``Quoted`` kept)."""
    if not texts:
        return []
    document = "\n\n".join(f"::: {{#t{index}}}\n{escaped(text)}\n:::" for index, text in enumerate(texts))
    key = ("smart fields", pandoc.version(), document)
    found = cache.get(key) if cache is not None else None
    if found is None:
        parsed, _ = pandoc.to_json(document, "markdown+smart")
        found = {}
        for block in parsed["blocks"]:
            if block["t"] == "Div" and block["c"][0][0].startswith("t"):
                inner = block["c"][1]
                found[block["c"][0][0][1:]] = inner[0]["c"] if len(inner) == 1 and inner[0]["t"] in ("Para", "Plain") else None
        if cache is not None:
            cache.put(key, found)
    return [found.get(str(index)) for index in range(len(texts))]


def plain(inlines: list, language: str | None) -> str:
    """Inlines back to text, quotations in the language's marks."""
    out = []
    for node in localize_quotes(inlines, language):
        kind = node["t"]
        if kind == "Str":
            out.append(node["c"])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            out.append(" ")
        elif isinstance(node.get("c"), list):
            out.append(plain(node["c"][-1] if kind in ("Span", "Link") else node["c"], language))
    return "".join(out)


class Fields:
    """Every prose field of a report, gathered, then smartened in one run of pandoc."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.languages: list[str | None] = []
        self.done: list[str] = []

    def want(self, text: str | None, language: str | None) -> int | None:
        if not text or not any(c in text for c in "'\"-."):
            return None
        self.texts.append(text)
        self.languages.append(language)
        return len(self.texts) - 1

    def run(self, cache: Cache | None) -> None:
        results = smart_texts(self.texts, cache)
        answers = zip(self.texts, results, self.languages, strict=True)
        self.done = [text if inlines is None else plain(copy.deepcopy(inlines), lang) for text, inlines, lang in answers]


def smart_report(report: Report, cache: Cache | None = None) -> Report:
    """``report`` with every prose field in smart punctuation and its language's quotation marks."""
    fields = Fields()
    # two passes over the same walk: the first asks for every text, the second puts the answers in
    plan = _walk(report, fields, None)
    if not fields.texts:
        return report
    fields.run(cache)
    return _walk(report, fields, plan)


def _walk(report: Report, fields: Fields, plan: list | None) -> Any:
    """Ask for (``plan`` is ``None``; returns the plan) or fill in (returns the new report) every prose field."""
    asking = plan is None
    steps: list = [] if asking else list(reversed(plan))

    def text(value: str | None, language: str | None) -> str | None:
        if asking:
            steps.append(fields.want(value, language))
            return value
        index = steps.pop()
        return value if index is None else fields.done[index]

    def texts(values: tuple[str, ...], language: str | None) -> tuple[str, ...]:
        return tuple(text(value, language) for value in values)

    def image(picture: Image | None, language: str | None) -> Image | None:
        return None if picture is None else dataclasses.replace(picture, alt=text(picture.alt, language))

    language = report.language

    def chapter(part: Chapter) -> Chapter:
        lang = part.lang or language
        return dataclasses.replace(
            part,
            title=text(part.title, lang),
            short_title=text(part.short_title, lang),
            summary=text(part.summary, lang),
            byline=texts(part.byline, lang),
            title_spans=tuple((text(run, run_lang or lang), run_lang) for run, run_lang in part.title_spans),
        )

    def profile(one):
        lang = one.lang or language
        return dataclasses.replace(
            one,
            name=text(one.name, lang),
            city=text(one.city, lang),
            sector=text(one.sector, lang),
            summary=text(one.summary, lang),
            tools=texts(one.tools, lang),
            tags=texts(one.tags, lang),
            challenges=tuple(dataclasses.replace(c, text=text(c.text, lang)) for c in one.challenges),
            quote=None
            if one.quote is None
            else dataclasses.replace(one.quote, text=text(one.quote.text, lang), by=text(one.quote.by, lang)),
            founder=None
            if one.founder is None
            else dataclasses.replace(one.founder, name=text(one.founder.name, lang), role=text(one.founder.role, lang)),
            photo=image(one.photo, lang),
        )

    def part_of(part):
        if isinstance(part, Chapter):
            return chapter(part)
        if isinstance(part, ProfilesPart):
            return dataclasses.replace(
                part,
                title=text(part.title, language),
                intro=None if part.intro is None else chapter(part.intro),
                profiles=tuple(profile(one) for one in part.profiles),
            )
        if isinstance(part, KeyFiguresPart):
            return dataclasses.replace(
                part,
                title=text(part.title, language),
                intro=text(part.intro, language),
                figures=tuple(
                    dataclasses.replace(
                        figure,
                        label=text(figure.label, language),
                        chart=None
                        if figure.chart is None
                        else dataclasses.replace(
                            figure.chart,
                            text=text(figure.chart.text, language),
                            bars=tuple((text(name, language), value) for name, value in figure.chart.bars),
                        ),
                    )
                    for figure in part.figures
                ),
            )
        if isinstance(part, GlossaryPart):
            return dataclasses.replace(
                part,
                title=text(part.title, language),
                terms=tuple((text(term, language), text(meaning, language)) for term, meaning in part.terms),
            )
        if isinstance(part, ListPart) or hasattr(part, "title"):
            return dataclasses.replace(part, title=text(part.title, language))
        return part

    made = dataclasses.replace(
        report,
        title=text(report.title, language),
        subtitle=text(report.subtitle, language),
        short_title=text(report.short_title, language),
        publisher=text(report.publisher, language),
        authors=texts(report.authors, language),
        rights=text(report.rights, language),
        description=text(report.description, language),
        keywords=texts(report.keywords, language),
        accessibility_summary=text(report.accessibility_summary, language),
        cover=image(report.cover, language),
        logos=tuple(image(logo, language) for logo in report.logos),
        parts=tuple(part_of(part) for part in report.parts),
    )
    return steps if asking else made
