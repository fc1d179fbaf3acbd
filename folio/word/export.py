"""``folio build docx``: the whole report as one Word document, for reviewers to comment on.

It is a review copy, not an edition: the text in reading order (chapters,
profiles with their facts, key figures, references), every figure with its
caption and alt text, notes as Word footnotes and headings in Word's heading
styles, so a reviewer's comments land on the same words the editions print.
The look comes from :mod:`folio.word.reference`; the layout is Word's.
pandoc writes it from one AST, sandboxed, pictures inlined as ``data:`` URLs.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from folio import pandoc
from folio.assemble.editions import DEFAULT_ACCENT
from folio.ast import make_attr, text_inlines
from folio.epub.write import embed_images, header, meta_string
from folio.markdown.citations import csl_meta, nocite
from folio.markdown.quarto.editions import select
from folio.markdown.render import Fragments
from folio.model import BibliographyPart, Chapter, KeyFiguresPart, Profile, ProfilesPart, Report
from folio.run.cache import Cache, cache_folder
from folio.word.reference import reference_docx

DOCX_ARGS = ["--to", "docx", "--citeproc"]
ILLUSTRATIVE = "Illustrative profile: a composite, not a real business."


def write_docx(report: Report, fragments: Fragments, path: Path) -> None:
    """Write the review copy of ``report`` to ``path``."""
    with tempfile.TemporaryDirectory(prefix="folio-docx-") as folder:
        work = Path(folder)
        (work / "reference.docx").write_bytes(reference_docx(report.accent or DEFAULT_ACCENT))
        pandoc.from_json(document(report, fragments), [*DOCX_ARGS, "--reference-doc=reference.docx", "--output=review.docx"], cwd=work)
        path.write_bytes((work / "review.docx").read_bytes())


def document(report: Report, fragments: Fragments) -> dict:
    """The report as one pandoc AST, in reading order."""
    blocks: list = []

    def body(source: str) -> list:
        return embed_images(select(fragments.parts[source].blocks, "docx"), report)

    for part in report.parts:
        if isinstance(part, Chapter):
            blocks += chapter_blocks(part, body)
        elif isinstance(part, ProfilesPart):
            blocks.append(header(1, part.id, part.title))
            if part.intro:
                blocks.append({"t": "Div", "c": [make_attr(part.intro.id), summary(part.intro.summary) + body(part.intro.path)]})
            for profile in part.profiles:
                blocks += profile_blocks(profile, body(profile.path), report)
        elif isinstance(part, KeyFiguresPart):
            blocks.append(header(1, part.id, part.title))
            if part.intro:
                blocks.append(para(part.intro))
            items = [[para(f"{figure.display}: {figure.label}")] for figure in part.figures]
            blocks.append({"t": "BulletList", "c": items})
        elif isinstance(part, BibliographyPart):
            blocks.append(header(1, part.id, part.title))
            blocks.append({"t": "Div", "c": [make_attr("refs"), []]})
    return {"pandoc-api-version": fragments.api_version, "meta": metadata(report, fragments), "blocks": blocks}


def metadata(report: Report, fragments: Fragments) -> dict:
    meta = {
        "title": meta_string(report.title),
        "lang": meta_string(report.language),
        "date": meta_string(report.date.isoformat()),
        "author": {"t": "MetaList", "c": [meta_string(name) for name in report.authors or (report.publisher,)]},
        "references": csl_meta(report.references, Cache(cache_folder())),
        "link-citations": {"t": "MetaBool", "c": True},
        "toc-title": meta_string("Contents"),
    }
    if report.subtitle:
        meta["subtitle"] = meta_string(report.subtitle)
    if report.description:
        meta["abstract"] = meta_string(report.description)
    if report.keywords:
        meta["keywords"] = {"t": "MetaList", "c": [meta_string(k) for k in report.keywords]}
    if fragments.cited:
        meta["nocite"] = nocite(fragments.cited)
    return meta


def para(text: str) -> dict:
    return {"t": "Para", "c": text_inlines(text)}


def summary(text: str | None) -> list:
    return [{"t": "Para", "c": [{"t": "Emph", "c": text_inlines(text)}]}] if text else []


def chapter_blocks(chapter: Chapter, body) -> list:
    return [header(1, chapter.id, chapter.title), *summary(chapter.summary), *body(chapter.path)]


def profile_blocks(profile: Profile, story: list, report: Report) -> list:
    """A profile as text: the facts the editions set in a box, as a list a reviewer can comment on."""
    local = profile.name_local.text if profile.name_local and profile.name_local.text != profile.name else None
    name = profile.name + (f" ({local})" if local else "")
    blocks = [header(2, profile.id, name), para(f"{profile.economy} · {profile.city} · {profile.sector}")]
    if profile.illustrative:
        blocks.append({"t": "Para", "c": [{"t": "Strong", "c": text_inlines(ILLUSTRATIVE)}]})
    blocks.append({"t": "Para", "c": [{"t": "Strong", "c": text_inlines(profile.summary)}]})
    if profile.photo:
        image = {"t": "Image", "c": [make_attr(), text_inlines(profile.photo.alt), [profile.photo.src, ""]]}
        blocks += embed_images(
            [{"t": "Figure", "c": [make_attr(), [None, [para(profile.photo.alt)]], [{"t": "Plain", "c": [image]}]]}], report
        )
    blocks += story
    facts = [("Founded", str(profile.founded))]
    if profile.employees:
        facts.append(("Employees", str(profile.employees)))
    if profile.founder:
        facts.append(("Founder", ", ".join(filter(None, (profile.founder.name, profile.founder.role)))))
    if profile.website:
        facts.append(("Website", profile.website))
    if profile.market_names:
        facts.append(("Markets", ", ".join(profile.market_names)))
    if profile.tools:
        facts.append(("Digital tools", ", ".join(profile.tools)))
    blocks.append({"t": "DefinitionList", "c": [[text_inlines(term), [[para(value)]]] for term, value in facts]})
    if profile.challenges:
        blocks.append({"t": "Para", "c": [{"t": "Strong", "c": text_inlines("The challenge")}]})
        blocks.append({"t": "BulletList", "c": [[para(challenge.text)] for challenge in profile.challenges]})
    if profile.quote:
        quote = [para(profile.quote.text)] + ([para(f"— {profile.quote.by}")] if profile.quote.by else [])
        blocks.append({"t": "BlockQuote", "c": quote})
    return blocks
