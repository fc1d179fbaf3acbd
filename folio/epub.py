"""Stage 5: the EPUB 3, written by pandoc from one AST of the whole report.

The chapters' ASTs (from stage 2) are joined in reading order; the parts that
are not prose (key figures, profile fact boxes, the profiles-at-a-glance
table, the colophon) come from the same Jinja templates as the PDF and enter
the AST as raw HTML.  pandoc then writes the package, the notes and the
navigation; images travel as ``data:`` URLs so pandoc, sandboxed, reads no
file itself.
"""

from __future__ import annotations

import base64
import copy
import mimetypes
import shutil
import tempfile
from pathlib import Path

from . import pandoc
from .assemble import find_style, render_template
from .ast import make_attr, text_inlines, transform
from .markdown import Fragments, csl_meta
from .model import BibliographyPart, Chapter, KeyFiguresPart, Profile, ProfilesPart, Report

EPUB_ARGS = ["--to", "epub3", "--split-level=1", "--mathml", "--citeproc", "--wrap=none"]


def meta_string(text: str) -> dict:
    return {"t": "MetaString", "c": text}


def metadata(report: Report) -> dict:
    meta: dict = {
        "title": meta_string(report.title),
        "lang": meta_string(report.language),
        "publisher": meta_string(report.publisher),
        "date": meta_string(report.date.isoformat()),
        "identifier": meta_string(report.identifier),
        "references": csl_meta(report.references),
        "link-citations": {"t": "MetaBool", "c": True},
    }
    if report.subtitle:
        meta["subtitle"] = meta_string(report.subtitle)
    creators = report.authors or (report.publisher,)
    meta["creator"] = {"t": "MetaList", "c": [{"t": "MetaMap", "c": {"role": meta_string("aut"), "text": meta_string(a)}} for a in creators]}
    if report.rights:
        meta["rights"] = meta_string(report.rights)
    if report.description:
        meta["description"] = meta_string(report.description)
    if report.keywords:
        meta["subject"] = {"t": "MetaList", "c": [meta_string(k) for k in report.keywords]}
    return meta


def header(level: int, ident: str, text: str, classes: list[str] | None = None, inlines: list | None = None) -> dict:
    return {"t": "Header", "c": [level, make_attr(ident, classes or []), inlines or text_inlines(text)]}


def raw(html: str) -> dict:
    return {"t": "RawBlock", "c": ["html", html]}


def embed_images(blocks: list, root: Path) -> list:
    """Image paths become data: URLs, read here from inside the report folder."""

    def change(node: dict):
        if node["t"] != "Image":
            return None
        src = node["c"][2][0]
        path = (root / src).resolve()
        if not path.is_relative_to(root):
            raise ValueError(f"image outside the report folder: {src}")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        node["c"][2][0] = f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii")
        return node

    return transform(blocks, change)


def document(report: Report, fragments: Fragments) -> dict:
    """The whole report as one pandoc AST."""
    blocks: list = []

    def template(name: str, **extra) -> dict:
        return raw(render_template(report, fragments, name, "epub", **extra))

    def body(path: str) -> list:
        return embed_images(copy.deepcopy(fragments.parts[path].blocks), report.root)

    for part in report.parts:
        if isinstance(part, Chapter):
            blocks.append(header(1, part.id, part.title, ["chapter"]))
            if part.summary:
                blocks.append({"t": "Div", "c": [make_attr("", ["standfirst"]), [{"t": "Para", "c": text_inlines(part.summary)}]]})
            blocks += body(part.path)
        elif isinstance(part, ProfilesPart):
            blocks.append(header(1, part.id, part.title, ["profiles"]))
            if part.intro:
                blocks.append({"t": "Div", "c": [make_attr(part.intro.id, ["profiles-intro"]), body(part.intro.path)]})
            if part.glance and len(part.profiles) > 1:
                blocks.append(template("parts/glance.html.j2", part=part))
            for profile in part.profiles:
                blocks += profile_blocks(profile, template, body)
        elif isinstance(part, KeyFiguresPart):
            blocks.append(header(1, part.id, part.title, ["key-figures"]))
            blocks.append(template("epub/key-figures.html.j2", part=part))
        elif isinstance(part, BibliographyPart):
            blocks.append(header(1, part.id, part.title, ["bibliography"]))
            blocks.append({"t": "Div", "c": [make_attr("refs"), []]})
    blocks.append(header(1, "colophon", "Colophon", ["colophon"]))
    blocks.append(template("epub/colophon.html.j2"))
    nocite = [{"citationId": key, "citationPrefix": [], "citationSuffix": [], "citationMode": {"t": "NormalCitation"}, "citationNoteNum": 0, "citationHash": 0} for key in fragments.cited]
    meta = metadata(report)
    if nocite:
        meta["nocite"] = {"t": "MetaInlines", "c": [{"t": "Cite", "c": [nocite, []]}]}
    return {"pandoc-api-version": fragments.api_version, "meta": meta, "blocks": blocks}


def profile_blocks(profile: Profile, template, body) -> list:
    name = text_inlines(profile.name)
    if profile.name_local:
        name += [{"t": "Space"}, {"t": "Span", "c": [make_attr("", ["name-local"], {"lang": profile.name_local.lang}), text_inlines(profile.name_local.text)]}]
    return [
        header(2, profile.id, profile.name, ["profile"], name),
        template("epub/profile-head.html.j2", profile=profile),
        {"t": "Div", "c": [make_attr("", ["profile-story"]), body(profile.path)]},
        template("epub/profile-tail.html.j2", profile=profile),
    ]


def write_epub(report: Report, fragments: Fragments, path: Path) -> None:
    """Write the EPUB 3 of ``report`` to ``path``."""
    with tempfile.TemporaryDirectory(prefix="folio-epub-") as folder:
        work = Path(folder)
        shutil.copyfile(find_style(report, "epub.css"), work / "epub.css")
        args = [*EPUB_ARGS, "--resource-path=.", "--output", str(path.resolve()), "--css", "epub.css"]
        pandoc.from_json(document(report, fragments), args, cwd=work, sandbox=False)
