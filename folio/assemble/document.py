"""The whole report as one pandoc AST, in reading order: the EPUB's source, and the Word copy's.

The chapters' ASTs (from stage 2) are joined in reading order; the parts that
are not prose (key figures, profile fact boxes, the profiles-at-a-glance
table, the colophon) come from Jinja templates and enter the AST as raw HTML.
Images travel as ``data:`` URLs of pictures sized for a screen, so pandoc
reads no file of the report itself.  Headings carry the structural semantics
(``epub:type``) and ARIA roles of the parts they open.  :mod:`folio.epub.write`
has pandoc write the EPUB from it; :mod:`folio.word.export` the review copy.
"""

from __future__ import annotations

import html
import re

from markupsafe import Markup

from folio.assemble.editions import environment, render_template
from folio.assemble.pictures import image_url
from folio.ast import make_attr, text_inlines, transform
from folio.markdown.quarto.editions import select
from folio.markdown.reader.citations import csl_meta, nocite
from folio.markdown.render import Fragments
from folio.model import BibliographyPart, Chapter, GlossaryPart, KeyFiguresPart, ListPart, Profile, ProfilesPart, Report
from folio.run.cache import Cache, cache_folder
from folio.source.strings import word


def meta_string(text: str) -> dict:
    return {"t": "MetaString", "c": text}


def metadata(report: Report, fragments: Fragments) -> dict:
    meta: dict = {
        "title": meta_string(report.title),
        "lang": meta_string(report.language),
        "publisher": meta_string(report.publisher),
        "date": meta_string(report.date.isoformat()),
        "identifier": meta_string(report.identifier),
        "references": csl_meta(report.references, Cache(cache_folder())),
        "link-citations": {"t": "MetaBool", "c": True},
        "toc-title": meta_string(word(report.language, "contents.title")),
        "folio-date": meta_string(environment(report).filters["longdate"](report.date)),
        # an attribute value: pandoc escapes < > & in metadata but not quotes
        "folio-cover-alt": meta_attribute(template_text(report, fragments, "epub/cover-alt.txt.j2")),
        "folio-cover-label": meta_attribute(word(report.language, "cover.label")),
    }
    if report.subtitle:
        meta["subtitle"] = meta_string(report.subtitle)
    if report.translation:  # dc:source: the original this translation was made from
        meta["source"] = meta_string(report.translation.original_identifier)
    related = [f"{other.file_stem}.epub ({other.tag})" for other in report.languages if other.tag != report.language]
    if related:  # dc:relation: the report in its other languages
        meta["relation"] = meta_string("; ".join(related))
    if report.translation and report.translation.translators:
        meta["contributor"] = {
            "t": "MetaList",
            "c": [
                {"t": "MetaMap", "c": {"role": meta_string("trl"), "text": meta_string(name)}} for name in report.translation.translators
            ],
        }
    creators = report.authors or (report.publisher,)
    meta["creator"] = {
        "t": "MetaList",
        "c": [{"t": "MetaMap", "c": {"role": meta_string("aut"), "text": meta_string(a)}} for a in creators],
    }
    if report.authors:
        meta["folio-authors"] = {"t": "MetaList", "c": [meta_string(a) for a in report.authors]}
    if report.rights:
        meta["rights"] = meta_string(report.rights)
    if report.description:
        meta["description"] = meta_string(report.description)
    if report.keywords:
        meta["subject"] = {"t": "MetaList", "c": [meta_string(k) for k in report.keywords]}
    return meta


ROLES = {
    "chapter": "doc-chapter",
    "bibliography": "doc-bibliography",
    "colophon": "doc-colophon",
    "foreword": "doc-foreword",
    "preface": "doc-preface",
    "acknowledgments": "doc-acknowledgments",
    "introduction": "doc-introduction",
    "abstract": "doc-abstract",
    "appendix": "doc-appendix",
    "glossary": "doc-glossary",
}
"""The ARIA role that goes with each structural semantic a part's section carries."""


def template_text(report: Report, fragments: Fragments, name: str, **extra) -> str:
    """A plain-text template (alternative text, a summary) as one line of text."""
    rendered = Markup(render_template(report, fragments, name, "epub", **extra)).unescape()
    return re.sub(r"\s+", " ", rendered).strip()


def meta_attribute(text: str) -> dict:
    """Text for an attribute of pandoc's XHTML template, quotes escaped."""
    return {"t": "MetaInlines", "c": [{"t": "RawInline", "c": ["html", html.escape(text, quote=True)]}]}


def header(
    level: int,
    ident: str,
    text: str,
    classes: list[str] | None = None,
    inlines: list | None = None,
    epub_type: str | None = None,
    lang: str | None = None,
) -> dict:
    # pandoc puts a heading's attributes on the section it opens (a part left in the original language: its lang too).
    pairs = {"epub:type": epub_type, "role": ROLES[epub_type]} if epub_type else None
    if lang:
        pairs = {**(pairs or {}), "lang": lang}
    return {"t": "Header", "c": [level, make_attr(ident, classes or [], pairs), inlines or text_inlines(text)]}


def raw(html: str) -> dict:
    return {"t": "RawBlock", "c": ["html", html]}


def embed_images(blocks: list, report: Report) -> list:
    """Image paths become data: URLs of pictures sized for a screen, read here from inside the report folder."""

    def change(node: dict):
        if node["t"] != "Image":
            return None
        node["c"][2][0] = image_url(report, node["c"][2][0], "body", "epub")
        return node

    return transform(blocks, change)


def document(report: Report, fragments: Fragments, edition: str = "epub") -> dict:
    """The whole report as one pandoc AST; ``edition`` ``docx`` sets the chapters' blocks as Word sets them
    (:func:`folio.markdown.quarto.editions.select`)."""
    blocks: list = []

    def template(name: str, **extra) -> dict:
        return raw(render_template(report, fragments, name, "epub", **extra))

    def body(path: str) -> list:
        return embed_images(select(fragments.parts[path].blocks, edition), report)

    for part in report.parts:
        if isinstance(part, Chapter):
            blocks += chapter_blocks(report, part, body)
        elif isinstance(part, ProfilesPart):
            blocks.append(header(1, part.id, part.title, ["profiles"], epub_type="chapter"))
            if part.intro:
                # The intro's own headings stay sections of the part (and entries of
                # the contents); an empty anchor keeps links to the intro's id working.
                blocks.append({"t": "Div", "c": [make_attr(part.intro.id, ["profiles-intro"]), []]})
                if part.intro.summary:
                    blocks.append(
                        {"t": "Div", "c": [make_attr("", ["standfirst"]), [{"t": "Para", "c": text_inlines(part.intro.summary)}]]}
                    )
                blocks += body(part.intro.path)
            if part.glance and len(part.profiles) > 1:
                blocks.append(header(2, f"folio-{part.id}-at-a-glance", word(report.language, "glance.title"), ["glance"]))
                blocks.append(template("epub/glance.html.j2", part=part))
            for profile in part.profiles:
                blocks += profile_blocks(profile, template, body)
        elif isinstance(part, KeyFiguresPart):
            blocks.append(header(1, part.id, part.title, ["key-figures"], lang=part.lang))
            blocks.append(template("epub/key-figures.html.j2", part=part))
        elif isinstance(part, ListPart):
            blocks.append(header(1, part.id, part.title, ["list-of", f"list-of-{part.kind}s"]))
            blocks.append(list_block(report, part, fragments))
        elif isinstance(part, GlossaryPart):
            blocks.append(header(1, part.id, part.title, ["glossary"], epub_type="glossary", lang=part.lang))
            blocks.append(glossary_block(part))
        elif isinstance(part, BibliographyPart):
            blocks.append(header(1, part.id, part.title, ["bibliography"], epub_type="bibliography"))
            blocks.append({"t": "Div", "c": [make_attr("refs"), []]})
    blocks.append(header(1, "folio-colophon", word(report.language, "colophon.title"), ["colophon"], epub_type="colophon"))
    blocks.append(template("epub/colophon.html.j2"))
    meta = metadata(report, fragments)
    if fragments.cited:
        meta["nocite"] = nocite(fragments.cited)
    return {"pandoc-api-version": fragments.api_version, "meta": meta, "blocks": blocks}


EPUB_TYPES = {"foreword": "foreword", "preface": "preface", "acknowledgments": "acknowledgments", "introduction": "introduction"}
"""A front part's role → its structural semantic; an executive summary is the report's abstract."""
EPUB_TYPES["summary"] = "abstract"


def chapter_blocks(report: Report, part: Chapter, body) -> list:
    """A chapter, a front part by its role (``frontmatter`` in pandoc's package), or a lettered appendix."""
    title = part.title
    classes = ["chapter"]
    epub_type = "chapter"
    if part.matter == "front":
        classes = ["front-part", *([f"role-{part.role}"] if part.role else [])]
        epub_type = EPUB_TYPES.get(part.role or "", None)
    elif part.matter == "back":
        classes, epub_type = ["glossary"], "glossary"
    elif part.matter == "appendix":
        title = word(report.language, "appendix.label", letter=part.letter) + word(report.language, "caption.separator") + part.title
        classes, epub_type = ["appendix"], "appendix"
    head = header(1, part.id, title, classes, epub_type=epub_type)
    if part.lang:
        head["c"][1][2].append(["lang", part.lang])
    blocks = [head]
    if part.summary:
        blocks.append({"t": "Div", "c": [make_attr("", ["standfirst"]), [{"t": "Para", "c": text_inlines(part.summary)}]]})
    byline = [byline_block(part)] if part.byline else []
    if part.role != "foreword":
        blocks += byline
    blocks += body(part.path)
    if part.role == "foreword":
        blocks += byline
    return blocks


def list_block(report: Report, part: ListPart, fragments: Fragments) -> dict:
    """Each numbered figure or table, linked, with its caption."""
    items = []
    for ident, target in fragments.numbered.items():
        if target.kind == part.kind:
            label = word(report.language, f"{part.kind}.label", number=target.number) + word(report.language, "caption.separator")
            items.append([{"t": "Plain", "c": [{"t": "Link", "c": [make_attr(), text_inlines(label + target.title), ["#" + ident, ""]]}]}])
    return {"t": "BulletList", "c": items} if items else {"t": "Para", "c": []}


def glossary_block(part: GlossaryPart) -> dict:
    """The terms as a definition list, each term a ``<dfn>``."""
    items = [
        [
            [{"t": "RawInline", "c": ["html", "<dfn>"]}, *text_inlines(term), {"t": "RawInline", "c": ["html", "</dfn>"]}],
            [[{"t": "Plain", "c": text_inlines(meaning)}]],
        ]
        for term, meaning in part.terms
    ]
    return {"t": "Div", "c": [make_attr("", ["glossary-terms"]), [{"t": "DefinitionList", "c": items}]]}


def byline_block(part: Chapter) -> dict:
    people = []
    for person in part.byline:
        name, _, title = person.partition(",")
        inlines = [{"t": "Span", "c": [make_attr("", ["byline-name"]), text_inlines(name.strip())]}]
        if title.strip():
            inlines += [{"t": "LineBreak"}, {"t": "Span", "c": [make_attr("", ["byline-title"]), text_inlines(title.strip())]}]
        people.append({"t": "Para", "c": inlines})
    return {"t": "Div", "c": [make_attr("", ["byline"]), people]}


def profile_blocks(profile: Profile, template, body) -> list:
    name = text_inlines(profile.name)
    if profile.name_local:
        name += [
            {"t": "Space"},
            {"t": "Span", "c": [make_attr("", ["name-local"], {"lang": profile.name_local.lang}), text_inlines(profile.name_local.text)]},
        ]
    return [
        header(2, profile.id, profile.name, ["profile"], name),
        template("epub/profile-head.html.j2", profile=profile),
        {"t": "Div", "c": [make_attr("", ["profile-story"], {"lang": profile.lang} if profile.lang else None), body(profile.path)]},
        template("epub/profile-tail.html.j2", profile=profile),
    ]
