"""The validated report: frozen records that the later stages read.

Nothing here parses or checks anything; :mod:`folio.source.load` builds these records
only from input that passed every check, so a stage holding a :class:`Report`
can trust every field.

The records are frozen and their collections are tuples, with two honest
exceptions on :class:`Report`: ``references`` (CSL items) and
``reference_lines`` are plain dicts.  The CSL items are JSON-shaped data that
go to pandoc's citeproc as they are (through ``yaml.safe_dump``), and a report
travels to the PDF process by pickling, which a ``MappingProxyType`` does not
survive; no stage changes them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

record = dataclass(frozen=True, kw_only=True, slots=True)


@record
class LocalName:
    """A name in its own script, e.g. ``雲窯`` tagged ``ja``."""

    text: str
    lang: str


@record
class Person:
    name: str
    role: str | None = None
    name_local: LocalName | None = None


@record
class Quote:
    text: str
    by: str | None = None


@record
class Image:
    """A picture inside the report folder."""

    src: str
    """Path relative to the report folder, e.g. ``images/kiln.svg``."""
    alt: str
    line: int | None = None
    crop: tuple[float, float] | None = None
    """A profile photo's ``crop:``: the shape it is cut to, width and height (``(1, 1)`` square); ``None``: set whole."""
    focus: tuple[float, float] = (0.5, 0.5)
    """Where a cropped photo's subject is, across and down, from 0 to 1: the cut keeps it as near the middle as it can."""


@record
class Challenge:
    text: str
    recommendation: str | None = None
    """The id of the recommendation heading this challenge ties to."""
    line: int | None = None


@record
class Source:
    """A stretch of Markdown and where it starts, for located errors."""

    path: str
    """File relative to the report folder."""
    line: int
    """File line of the text's first line."""
    text: str
    reader: str | None = None
    """The chapter's own ``from:`` (``gfm``, ``markdown-tex_math_dollars``…); ``None``: the report's."""


@record
class Chapter:
    path: str
    id: str
    title: str
    short_title: str | None
    summary: str | None
    body: Source
    draft: bool = False
    title_spans: tuple[tuple[str, str | None], ...] = ()
    """The title as runs of text and their language, where it has ``[text]{lang=xx}`` spans (``title`` is the plain text)."""
    matter: str = "body"
    """``front`` (unnumbered, roman pages), ``body`` (numbered chapters) or ``appendix`` (lettered)."""
    role: str | None = None
    """How a front-matter part is set and its EPUB role: foreword, preface, summary, acknowledgments, introduction."""
    byline: tuple[str, ...] = ()
    """Who signs the part, each "Name, Title"."""
    lang: str | None = None
    """The chapter's language when it is not the report's (``lang:``, or an untranslated part set in the original)."""
    letter: str | None = None
    """An appendix's letter: A, B, C…"""


@record
class Profile:
    stem: str
    path: str
    name: str
    name_local: LocalName | None
    country: str
    """ISO 3166-1 alpha-2 code."""
    economy: str
    """The country code's name in the report's language."""
    city: str
    sector: str
    founded: int
    employees: int | None
    website: str | None
    founder: Person | None
    summary: str
    story: Source
    tools: tuple[str, ...]
    markets: tuple[str, ...]
    market_names: tuple[str, ...]
    challenges: tuple[Challenge, ...]
    quote: Quote | None
    tags: tuple[str, ...]
    photo: Image | None
    illustrative: bool
    lang: str | None = None
    """Set when the profile's prose is not in the report's language: an untranslated profile set in the original."""

    @property
    def id(self) -> str:
        return f"profile-{self.stem}"


@record
class ProfilesPart:
    title: str
    intro: Chapter | None
    profiles: tuple[Profile, ...]
    glance: bool = True
    """Show the "profiles at a glance" table before the profiles."""
    glance_numbered: bool = False
    """``glance: numbered``: the table is numbered and captioned like any other (``@tbl-ID-at-a-glance``)."""
    id: str = "profiles"


@record
class Chart:
    kind: str
    """``share`` (value out of total) or ``bars`` (labelled values)."""
    text: str
    """Text alternative that carries the same numbers."""
    value: float | None = None
    total: float | None = None
    bars: tuple[tuple[str, float], ...] = ()
    unit: str | None = None


@record
class KeyFigure:
    display: str
    label: str
    cite: str | None
    chart: Chart | None
    line: int | None = None


@record
class KeyFiguresPart:
    path: str
    title: str
    intro: str | None
    figures: tuple[KeyFigure, ...]
    id: str = "key-figures"
    lang: str | None = None
    """Set when the page is not in the report's language: an untranslated page set in the original."""


@record
class BibliographyPart:
    title: str
    id: str = "references"


@record
class GlossaryPart:
    """Abbreviations and terms from ``data/NAME.yaml``, set as a glossary."""

    path: str
    title: str
    terms: tuple[tuple[str, str], ...]
    """(term, definition) in the author's order."""
    id: str = "glossary"
    lang: str | None = None
    """Set when the glossary is not in the report's language: an untranslated glossary set in the original."""


@record
class ListPart:
    """A list of the report's numbered figures or tables, in the front matter."""

    kind: str
    """``figure`` or ``table``."""
    title: str
    id: str


Part = Chapter | ProfilesPart | KeyFiguresPart | BibliographyPart | GlossaryPart | ListPart


@record
class Translation:
    """What a translation knows of its original (``translations/LANG/``)."""

    original_language: str
    original_title: str
    original_identifier: str
    translators: tuple[str, ...] = ()
    date: datetime.date | None = None
    """When the translation was made; the report's own ``date`` stays the publication date."""
    fallbacks: tuple[str, ...] = ()
    """The files set in the original language because their translation is missing (``fallback: original``)."""
    warnings: tuple = ()
    """What the translation's files say that folio does not follow (a header's own role or id), located, to print."""


@record
class Language:
    """One language the report is published in, for the links between its languages (``hreflang``, metadata)."""

    tag: str
    """Its BCP 47 tag: the report's ``language``, or the folder's name under ``translations/``."""
    file_stem: str
    """``slug`` for the original, ``slug.LANG`` for a translation."""
    original: bool = False


@record
class Report:
    root: Path
    """The report folder, resolved."""
    title: str
    subtitle: str | None
    short_title: str
    slug: str
    language: str
    publisher: str
    authors: tuple[str, ...]
    date: datetime.date
    identifier: str
    rights: str | None
    description: str | None
    keywords: tuple[str, ...]
    cover: Image | None
    page_size: str
    accent: str | None
    accessibility_summary: str | None
    parts: tuple[Part, ...]
    references: tuple[dict, ...]
    """CSL items as plain data, ready for citeproc (plain dicts: read them, never change them)."""
    reference_lines: dict[str, int] = field(default_factory=dict)
    """Each reference id → its line in ``references.yaml`` (a plain dict, read only)."""
    style_dirs: tuple[Path, ...] = ()
    """Where CSS and fonts are looked up, first match wins."""
    template_dirs: tuple[Path, ...] = ()
    pdf_standard: str = "ua-1"
    """The PDF/UA level the reading PDFs claim: ``ua-1`` or ``ua-2``."""
    translation: Translation | None = None
    """Set on a translation; ``None`` on the original."""
    languages: tuple[Language, ...] = ()
    """Every language the report is published in, the original first (empty when there are no translations)."""
    fallback: str | None = None
    """``original``: an untranslated part is set in the original language instead of being an error."""
    crossref_page: bool = False
    """``crossref: {page: true}``: a cross-reference in the PDF also gives the page of its target."""
    logos: tuple[Image, ...] = ()
    """Pictures set on the typographic cover (``logo:``), each with its alt text."""
    reader: str = "markdown"
    """``from:``: how the chapters and stories are read, unless a chapter's header says otherwise."""
    warnings: tuple = ()
    """What the folder holds that builds but is likely not what the author meant (a ``.qmd`` chapter's Quarto
    rendering options, a ``.qmd`` file ``contents`` does not name), located, to print."""

    @property
    def chapters(self) -> tuple[Chapter, ...]:
        """Every chapter in reading order, profile intros included."""
        found: list[Chapter] = []
        for part in self.parts:
            if isinstance(part, Chapter):
                found.append(part)
            elif isinstance(part, ProfilesPart) and part.intro is not None:
                found.append(part.intro)
        return tuple(found)

    @property
    def profiles(self) -> tuple[Profile, ...]:
        return tuple(p for part in self.parts if isinstance(part, ProfilesPart) for p in part.profiles)
