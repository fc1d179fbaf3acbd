"""``folio build docx``: the whole report as one Word document, for reviewers to comment on.

It is a review copy, not an edition.  It holds what the EPUB holds, in the
same order, because it is made from the EPUB's own document
(:func:`folio.assemble.document.document`): front matter, the lists of figures and
tables, key figures with their charts, numbered chapters, the profiles with
their at-a-glance table, fact boxes and challenges, lettered appendices, the
glossary and the references, every word folio sets in the report's
language.  Only the colophon is left out: it describes an edition's fonts
and pages, which a Word file does not have.  The parts the EPUB draws from
templates (raw HTML) are read back into pandoc's AST here, so Word gets real
tables, lists and pictures; notes become Word footnotes, headings Word's
heading styles, and each picture carries its alt text as alt text only
(:mod:`folio.word.finish`).  The look comes from :mod:`folio.word.reference`;
the layout is Word's.  pandoc writes it from one AST, sandboxed, pictures
inlined as ``data:`` URLs; every entry of the file is dated the report's date
(:mod:`folio.word.finish`), so two builds give the same bytes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from folio import pandoc
from folio.assemble.document import document as epub_document
from folio.assemble.document import meta_string
from folio.assemble.editions import DEFAULT_ACCENT
from folio.ast import transform
from folio.markdown.reader.citations import csl_meta, nocite
from folio.markdown.render import Fragments
from folio.maths.equations import numbers_inside
from folio.model import Report
from folio.run.cache import Cache, cache_folder
from folio.word.finish import finish
from folio.word.reference import reference_docx

DOCX_ARGS = ["--to", "docx", "--citeproc"]
COLOPHON = "folio-colophon"


def write_docx(report: Report, fragments: Fragments, path: Path) -> None:
    """Write the review copy of ``report`` to ``path``."""
    with tempfile.TemporaryDirectory(prefix="folio-docx-") as folder:
        work = Path(folder)
        (work / "reference.docx").write_bytes(reference_docx(report.accent or DEFAULT_ACCENT))
        pandoc.from_json(document(report, fragments), [*DOCX_ARGS, "--reference-doc=reference.docx", "--output=review.docx"], cwd=work)
        path.write_bytes(finish((work / "review.docx").read_bytes(), report.date))


def document(report: Report, fragments: Fragments) -> dict:
    """The report as one pandoc AST, in the EPUB's reading order, up to the colophon."""
    blocks = epub_document(report, fragments, "docx")["blocks"]
    end = next((i for i, block in enumerate(blocks) if block["t"] == "Header" and block["c"][1][0] == COLOPHON), len(blocks))
    blocks = read_raw_html(numbers_inside(blocks[:end]))
    return {"pandoc-api-version": fragments.api_version, "meta": metadata(report, fragments), "blocks": blocks}


def read_raw_html(blocks: list) -> list:
    """Each raw HTML block as the blocks pandoc reads from it (one pandoc run for all): Word shows no raw HTML."""
    raw: list[str] = []

    def collect(node: dict):
        if node["t"] == "RawBlock" and node["c"][0] == "html":
            raw.append(node["c"][1])
        return None

    transform(blocks, collect)
    if not raw:
        return blocks
    wrapped = "".join(f'<div id="folio-raw-{index}">\n{text}\n</div>\n' for index, text in enumerate(raw))
    parsed, _ = pandoc.to_json(f"<html><body>\n{wrapped}</body></html>", "html")
    read = {block["c"][0][0]: block["c"][1] for block in parsed["blocks"] if block["t"] == "Div"}
    for index, text in enumerate(raw):  # HTML that did not close inside its wrapper: read alone
        if f"folio-raw-{index}" not in read:
            read[f"folio-raw-{index}"] = pandoc.to_json(text, "html")[0]["blocks"]
    counter = iter(range(len(raw)))

    def replace(node: dict):
        if node["t"] == "RawBlock" and node["c"][0] == "html":
            return transform(read.get(f"folio-raw-{next(counter)}", []), unwrap_figure)
        return None

    return transform(blocks, replace)


def unwrap_figure(node: dict):
    """A template's ``<figure>`` of text (a key figure) as its blocks and caption: Word would set it as a table."""
    if node["t"] != "Figure":
        return None
    body = node["c"][2]
    if len(body) == 1 and body[0]["t"] in ("Plain", "Para") and [n["t"] for n in body[0]["c"]] == ["Image"]:
        return None  # a picture: Word's own figure, with its caption
    caption = [{"t": "Para", "c": block["c"]} if block["t"] == "Plain" else block for block in node["c"][1][1]]
    return [*body, *caption]


def metadata(report: Report, fragments: Fragments) -> dict:
    meta = {
        "title": meta_string(report.title),
        "lang": meta_string(report.language),
        "date": meta_string(report.date.isoformat()),
        "author": {"t": "MetaList", "c": [meta_string(name) for name in report.authors or (report.publisher,)]},
        "references": csl_meta(report.references, Cache(cache_folder())),
        "link-citations": {"t": "MetaBool", "c": True},
    }
    if report.subtitle:
        meta["subtitle"] = meta_string(report.subtitle)
    if report.description:
        meta["abstract"] = meta_string(report.description)
    if report.keywords:
        # pandoc's Word writer reads keywords as inlines: a MetaString comes out empty.
        meta["keywords"] = {"t": "MetaList", "c": [{"t": "MetaInlines", "c": [{"t": "Str", "c": k}]} for k in report.keywords]}
    if fragments.cited:
        meta["nocite"] = nocite(fragments.cited)
    return meta
