"""The package metadata: accessibility claims read off the finished files.

EPUB Accessibility 1.1 asks for ``schema:accessMode``,
``schema:accessModeSufficient``, ``schema:accessibilityFeature``,
``schema:accessibilityHazard``, ``schema:accessibilitySummary`` and the
conformance claim ``dcterms:conformsTo``.  Every claim here is derived from
what the files hold (an image makes the book visual, a ``<math>`` element adds
MathML, page-break markers add print page numbers), so it stays true when the
content changes.  The summary comes from ``templates/epub/accessibility-summary.txt.j2``
unless ``report.yaml`` has ``accessibility_summary``.

The modification date is the report's date, so the same sources give the same
package document.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from babel import Locale
from babel.lists import format_list
from lxml import etree

from folio.assemble.document import template_text
from folio.assemble.languages import babel_locale
from folio.epub.package import EPUB_TYPE, NS, OPF, Book, local, q
from folio.markdown.render import Fragments
from folio.model import Report

CONFORMS_TO = "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"
SCRIPT_NAMES = {"ja": "ja", "ko": "ko", "zh": "zh", "zh-hant": "zh", "deva": "hi", "thai": "th", "khmr": "km", "laoo": "lo", "mymr": "my"}
SCRIPT_NAMES |= {"beng": "bn", "taml": "ta", "sinh": "si", "arab": "ar", "hebr": "he"}
"""A language whose name stands for each non-Latin font script."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Facts:
    """What the finished EPUB holds, counted."""

    images: int
    images_without_alt: int
    charts: int
    tables: int
    tables_without_headers: int
    notes: int
    math: bool
    pages: int
    """Page-break markers."""
    page_list: bool
    toc_entries: int
    headings: int
    languages: tuple[str, ...]
    """Language tags used besides the book's own, in first-use order."""
    media: bool
    """Audio or video present."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Accessibility:
    modes: tuple[str, ...]
    sufficient: tuple[str, ...]
    features: tuple[str, ...]
    hazards: tuple[str, ...]
    summary: str
    conforms_to: str = CONFORMS_TO


def facts(book: Book, language: str) -> Facts:
    images = without_alt = charts = tables = bare_tables = notes = pages = headings = 0
    math = media = False
    languages: dict[str, None] = {}
    for path in book.spine():
        root = book.tree(path).getroot()
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            name = local(element)
            kinds = (element.get(EPUB_TYPE) or "").split()
            lang = element.get("lang") or element.get("{http://www.w3.org/XML/1998/namespace}lang")
            if lang and lang.lower() != language.lower() and name != "html":
                languages.setdefault(lang, None)
            if name == "img":
                images += 1
                without_alt += element.get("alt") is None
                charts += "chart" in (element.get("class") or "").split()
            elif name == "table":
                tables += 1
                bare_tables += element.find(".//h:th", NS) is None
            elif name == "math":
                math = True
            elif name in ("audio", "video"):
                media = True
            elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
                headings += 1
            notes += "footnote" in kinds and name == "aside"
            pages += "pagebreak" in kinds
    nav = book.tree(book.nav_path).getroot()
    toc = [n for n in nav.iter(q("nav")) if (n.get(EPUB_TYPE) or "") == "toc"]
    page_list = [n for n in nav.iter(q("nav")) if (n.get(EPUB_TYPE) or "") == "page-list"]
    return Facts(
        images=images,
        images_without_alt=without_alt,
        charts=charts,
        tables=tables,
        tables_without_headers=bare_tables,
        notes=notes,
        math=math,
        pages=pages,
        page_list=bool(page_list and page_list[0].find(".//h:a", NS) is not None),
        toc_entries=len(toc[0].findall(".//h:a", NS)) if toc else 0,
        headings=headings,
        languages=tuple(languages),
        media=media,
    )


def accessibility(found: Facts, summary: str) -> Accessibility:
    """The claims ``found`` supports."""
    visual = found.images > 0
    features = ["readingOrder"]
    if found.toc_entries:
        features.append("tableOfContents")
    if found.headings:
        features.append("structuralNavigation")
    if visual and not found.images_without_alt:
        features.append("alternativeText")
    if found.page_list:
        features.append("pageNavigation")
    if found.pages:
        features.append("printPageNumbers")
    if found.math:
        features.append("MathML")
    sufficient = ["textual"] if not visual or not found.images_without_alt else []
    if visual:
        sufficient.append("textual,visual")
    return Accessibility(
        modes=("textual", "visual") if visual else ("textual",),
        sufficient=tuple(sufficient),
        features=tuple(features),
        # Text, still images and no media: nothing flashes, moves or sounds.
        hazards=("none",) if not found.media else ("unknown",),
        summary=summary,
    )


def summary_text(report: Report, fragments: Fragments, found: Facts, font_scripts: list[str]) -> str:
    """The accessibility summary, from ``templates/epub/accessibility-summary.txt.j2``.

    ``font_scripts`` are the non-Latin scripts whose fonts the book carries (``ja``, ``ko``…).
    """
    locale = babel_locale(report.language)

    def name(tag: str) -> str:
        try:
            return Locale.parse(tag.split("-")[0]).get_display_name(locale) or tag
        except (ValueError, LookupError):
            return tag

    languages = list(dict.fromkeys(name(tag) for tag in found.languages))
    font_languages = list(dict.fromkeys(name(SCRIPT_NAMES[script]) for script in font_scripts if script in SCRIPT_NAMES))
    return template_text(
        report,
        fragments,
        "epub/accessibility-summary.txt.j2",
        facts=found,
        languages=format_list(languages, locale=locale) if languages else "",
        font_languages=format_list(font_languages, locale=locale) if font_languages else "",
    )


def write_metadata(book: Book, claims: Accessibility, date: datetime.date, *, certified_by: str, page_source: str | None) -> None:
    """Replace pandoc's accessibility metadata and modification date with ours.

    ``certified_by`` is the party that makes the conformance claim (the
    publisher, who publishes the file with it); ``page_source`` identifies the
    edition the page list follows (``pageBreakSource``).
    """
    metadata = book.opf.find("opf:metadata", NS)
    for meta in list(metadata):
        prop = meta.get("property") or ""
        if local(meta) == "meta" and (
            prop.startswith("schema:") or prop in ("dcterms:modified", "dcterms:conformsTo", "a11y:certifiedBy", "pageBreakSource")
        ):
            metadata.remove(meta)

    def add(prop: str, value: str) -> None:
        meta = etree.SubElement(metadata, q("meta", OPF), property=prop)
        meta.text = value
        meta.tail = "\n    "

    add("dcterms:modified", f"{date.isoformat()}T00:00:00Z")
    for mode in claims.modes:
        add("schema:accessMode", mode)
    for sufficient in claims.sufficient:
        add("schema:accessModeSufficient", sufficient)
    for feature in claims.features:
        add("schema:accessibilityFeature", feature)
    for hazard in claims.hazards:
        add("schema:accessibilityHazard", hazard)
    add("schema:accessibilitySummary", claims.summary)
    add("dcterms:conformsTo", claims.conforms_to)
    add("a11y:certifiedBy", certified_by)
    if page_source:
        add("pageBreakSource", page_source)
    metadata[-1].tail = "\n  "


def put_nav_in_spine(book: Book, after: str) -> None:
    """The contents become a page of the reading order, after the document ``after``."""
    spine = book.opf.find("opf:spine", NS)
    nav_id = book.item(properties="nav").id
    refs = [ref for ref in spine if local(ref) == "itemref"]
    if any(ref.get("idref") == nav_id for ref in refs):
        return
    after_id = book.item(href=after).id
    position = next(i for i, ref in enumerate(spine) if local(ref) == "itemref" and ref.get("idref") == after_id)
    ref = etree.Element(q("itemref", OPF), idref=nav_id)
    ref.tail = spine[position].tail
    spine.insert(position + 1, ref)
