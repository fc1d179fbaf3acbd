"""A translation's parts: the original's structure, the translation's words.

Everything that makes the report's shape comes from the original, whatever a
translated file says: each part's place (front matter, numbered chapter,
lettered appendix, glossary), a front part's role, every id, and so every
chapter, figure, table and section number and every cross-reference target.
A translated chapter header gives only words: ``title``, ``short_title``,
``summary``, ``byline`` and ``lang`` (the language its text is in, where that
is not the translation's).  A header that tries to change the rest (a ``role``
or ``id`` of its own) is read as the original's, with a warning at its line.

The titles folio sets itself (the lists of figures and tables, the glossary,
the profiles, the references) are folio's words in the translation's language
(``folio/strings/LANG.yaml``); ``parts: {ID: title}`` in the translation's
``report.yaml`` overrides one, and is never required for a part that has
such a word.  A key-figures page and a glossary from ``data/`` are
translated as files of their own (``translations/LANG/data/NAME.yaml``).
"""

from __future__ import annotations

import dataclasses
import re

from folio.errors import Problems, quote
from folio.folder import resolve_inside
from folio.model import BibliographyPart, Chapter, GlossaryPart, KeyFiguresPart, ListPart, Part, ProfilesPart, Report
from folio.source import formats
from folio.source.keyfigures import load_key_figures
from folio.source.load import load_chapter
from folio.source.matter import load_glossary
from folio.source.strings import word


@dataclasses.dataclass
class Context:
    """What reading one translation carries from part to part (its profiles too): the original, the language, its folder, its problems."""

    original: Report
    language: str
    base: str
    problems: Problems
    fallbacks: list[str]
    titles: dict[str, str] = dataclasses.field(default_factory=dict)
    """``parts:`` of the translation's report.yaml, checked (:func:`given_titles`)."""

    @property
    def may_fall_back(self) -> bool:
        return self.original.fallback == "original"

    def missing(self, shown: str, original: str) -> None:
        self.problems.add(
            shown,
            None,
            f"missing: {original} has no {self.language} translation; write it here, "
            "or set 'fallback: original' in report.yaml to set it in the original language",
        )


WORDS = {ListPart: None, GlossaryPart: "glossary.title", BibliographyPart: "part.references", ProfilesPart: "part.profiles"}
"""The string that titles each kind of part when the translation gives none (a list's depends on its kind)."""


def title_word(part: Part) -> str | None:
    """The key of folio's word for ``part``'s title, ``None`` for a part whose title is the author's own."""
    if isinstance(part, ListPart):
        return f"{part.kind}.list"
    return WORDS.get(type(part))


def translate_chapter(chapter: Chapter, context: Context) -> Chapter:
    """``chapter`` with its translated words; its place, role, id and letter stay the original's."""
    shown = f"{context.base}/{chapter.path}"
    path = context.original.root / shown
    if not path.is_file():
        if context.may_fall_back:
            context.fallbacks.append(chapter.path)
            return dataclasses.replace(chapter, lang=chapter.lang or context.original.language)
        context.missing(shown, chapter.path)
        return chapter
    real = resolve_inside(context.original.root, shown, context.problems, shown, None, "file", None, formats.suffixes())
    translated = load_chapter(real, shown, context.problems) if real else None
    if translated is None:
        return chapter
    header = header_lines(path)
    if "id" in header and translated.id != chapter.id:
        context.problems.warn(
            shown,
            header["id"],
            f"id: {quote(translated.id)} is not the original's {quote(chapter.id)}; the part keeps {quote(chapter.id)}, "
            "since links and cross-references name it in every language: remove the id",
        )
    if translated.role is not None and translated.role != chapter.role:
        context.problems.warn(
            shown,
            header.get("role", 2),
            f"role: {quote(translated.role)} would change the part, which stays {place(chapter, context)} as in {chapter.path}: "
            "a part's role and place come from the original; remove the role",
        )
    return dataclasses.replace(
        chapter,
        path=translated.path,
        title=translated.title,
        title_spans=translated.title_spans,
        short_title=translated.short_title,
        summary=translated.summary,
        body=translated.body if translated.body.reader else dataclasses.replace(translated.body, reader=chapter.body.reader),
        byline=translated.byline or chapter.byline,
        lang=translated.lang,
    )


def place(chapter: Chapter, context: Context) -> str:
    """Where the original sets ``chapter``, in words: "a front part (summary)", "numbered chapter 2", "appendix A"."""
    if chapter.matter == "front":
        return f"a front part ({chapter.role})" if chapter.role else "a front part with no role"
    if chapter.matter == "appendix":
        return f"appendix {chapter.letter}"
    if chapter.matter == "back":
        return "the glossary"
    numbered = [part for part in context.original.parts if isinstance(part, Chapter) and part.matter == "body"]
    return f"numbered chapter {numbered.index(chapter) + 1}" if chapter in numbered else "an introduction to the profiles"


HEADER_KEY = re.compile(r"^([A-Za-z_]+)\s*:")


def header_lines(path) -> dict[str, int]:
    """The line of each top-level field of a chapter's YAML header (the file was read and checked already).

    A header its format's pre-pass made (a ``.qmd`` chapter with none, from its first heading) has its fields
    at the line the pre-pass gives: the heading's."""
    text = path.read_text("utf-8")
    written = formats.of(path.name)
    made = text.split("\n", 1)[0].rstrip() != "---" and written is not None and written.prepare is not None
    prepared = written.prepare(text, path.name, Problems()) if made else None  # its warnings were said as it was read
    lines: dict[str, int] = {}
    for number, line in enumerate((prepared.text if prepared else text).splitlines()[1:], 2):
        if line.strip() in ("---", "..."):
            break
        if match := HEADER_KEY.match(line):
            lines.setdefault(match.group(1), prepared.header_line if prepared else number)
    return lines


def part_title(part: Part, given: str | None, context: Context, shown: str) -> str:
    """The title of a part folio titles: ``parts:``, else folio's word in the translation's language.

    When the original's author wrote a title of their own and the translation
    gives none, folio's word stands in for it, with a warning naming the
    ``parts:`` entry that would translate it.
    """
    if given:
        return given
    key = title_word(part)
    assert key is not None
    own = word(context.language, key)
    if part.title != word(context.original.language, key):
        context.problems.warn(
            shown,
            None,
            f"parts.{part.id}: not given, so the part is titled {quote(own)}, folio's word, for the original's {quote(part.title)}; "
            f"write parts: {{{part.id}: …}} to translate that title",
        )
    return own


def translate_key_figures(part: KeyFiguresPart, context: Context, title: str | None) -> KeyFiguresPart:
    shown = f"{context.base}/{part.path}"
    if not (context.original.root / shown).is_file():
        if context.may_fall_back:  # the whole page in the original's language, title included
            context.fallbacks.append(part.path)
            return dataclasses.replace(part, lang=context.original.language)
        context.missing(shown, part.path)
        return part
    translated = load_key_figures(context.original.root / shown, shown, context.problems, context.original.reference_lines)
    if translated is None:
        return part
    return dataclasses.replace(translated, title=title or translated.title, id=part.id)


def translate_glossary(part: GlossaryPart, context: Context, title: str | None, shown_report: str) -> GlossaryPart:
    """The glossary's terms and meanings from ``translations/LANG/data/NAME.yaml`` (its terms may be the translation's abbreviations)."""
    shown = f"{context.base}/{part.path}"
    if not (context.original.root / shown).is_file():
        if context.may_fall_back:  # the whole glossary in the original's language, title included
            context.fallbacks.append(part.path)
            return dataclasses.replace(part, lang=context.original.language)
        context.missing(shown, part.path)
        return part
    real = resolve_inside(context.original.root, shown, context.problems, shown, None, "file", None, (".yaml", ".yml"))
    translated = load_glossary(real, shown, context.problems, "") if real else None
    if translated is None:
        return part
    return dataclasses.replace(translated, title=title or translated.title or part_title(part, None, context, shown_report), id=part.id)
