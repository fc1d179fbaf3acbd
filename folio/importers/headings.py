"""An imported page's headings: which pandoc finds, where each is written, and its id in the whole report.

pandoc reads the page (its code blanked, so a ``#`` comment in a cell is no
heading) and says which headings it holds and the id each had in the original
book; the text says where each is written (:mod:`.text`).  The chapter's
title is its opening level-1 heading (unless its front matter names one), the
other headings keep their id where no other page took it, and each is written
with its ``{#id}``, a sub-chapter's one level deeper per level of nesting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from folio import pandoc
from folio.ast import attr, walk
from folio.importers import html
from folio.importers import text as md
from folio.importers.links import Targets, page_key
from folio.importers.model import Page, Project
from folio.word.ids import Ids, slug

CHAPTER_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_:.-]*$")
"""The ids a chapter's header takes (as folio's header check)."""


def read(page: Page, reader: str) -> None:
    """pandoc's AST of the page, its code blocks blanked (a ``#`` comment in a cell is no heading)."""
    lines = list(page.text.lines)
    for index, inside in enumerate(md.in_code(lines)):
        if inside:
            lines[index] = ""
    spec = reader.replace("+gfm_auto_identifiers", "") + ("+gfm_auto_identifiers" if reader.startswith("commonmark") else "")
    page.ast, _ = pandoc.to_json("\n".join(lines), spec)


def ast_headers(page: Page) -> list[tuple[dict, bool]]:
    """Every heading pandoc found, and whether it is a callout's title (left as written)."""
    found: list[tuple[dict, bool]] = []

    def visit(blocks: list, callout: bool) -> None:
        for block in blocks:
            kind = block["t"]
            if kind == "Header":
                found.append((block, callout))
            elif kind == "Div":
                inner = callout or any(c.startswith("callout") for c in block["c"][0][1])
                visit(block["c"][1], inner)
            elif kind == "BlockQuote":
                visit(block["c"], callout)
            elif kind in ("BulletList", "OrderedList"):
                for item in block["c"] if kind == "BulletList" else block["c"][1]:
                    visit(item, callout)

    visit(page.ast["blocks"], False)
    return found


def plain(inlines: list) -> str:
    parts = []
    for node in walk([n for n in inlines if n["t"] != "Note"]):
        if node["t"] == "Note":
            continue
        if node["t"] == "Str":
            parts.append(node["c"])
        elif node["t"] in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif node["t"] in ("Code", "Math"):
            parts.append(node["c"][1])
    return " ".join("".join(parts).split())


@dataclass
class Head:
    """A heading pandoc found, and where it is written (``None``: not found in the text, left as it is)."""

    node: dict
    callout: bool
    written: md.Heading | None
    id: str = ""


def locate(page: Page) -> list[Head]:
    lines = page.text.lines
    candidates = md.headings(lines, md.in_code(lines))
    heads, at = [], 0
    for node, callout in ast_headers(page):
        wanted = md.words(plain(node["c"][2]))
        match = next(
            (i for i in range(at, len(candidates)) if candidates[i].level == node["c"][0] and md.words(candidates[i].text) == wanted), None
        )
        if match is None:
            heads.append(Head(node, callout, None))
            continue
        heads.append(Head(node, callout, candidates[match]))
        at = match + 1
    return heads


def reserve_ids(project: Project, ids: Ids, local: dict[tuple[str, str], str]) -> None:
    """Ids on anything but headings (figures, tables, divs) stay as written, so cross-references keep working."""
    for page in project.pages:
        key = page_key(page.path)
        for node in walk(page.ast["blocks"]):
            if node["t"] in ("Div", "Span", "Code", "CodeBlock", "Image", "Link", "Table", "Figure"):
                ident = attr(node)[0]
                if ident:
                    ids.taken.add(ident)
                    local.setdefault((key, ident), ident)


def name_page(page: Page, heads: list[Head], ids: Ids) -> None:
    """The chapter's title and id: its first heading when the page opens with one at level 1, else what the contents say."""
    blocks = page.ast["blocks"]
    opens = heads and blocks and blocks[0] is heads[0].node and heads[0].written and heads[0].node["c"][0] == 1
    first = heads[0] if opens and not page.title_given else None
    written_id = md.explicit_id(first.written.attributes) if first else None
    if first is not None:
        page.title = plain(first.node["c"][2]) or page.title
        first.id = "title"
    if not page.title:
        page.title = humane(PurePosixPath(page.path).stem)
    stem = PurePosixPath(page.path).stem
    if written_id and not CHAPTER_ID.match(written_id):
        written_id = None  # folio's chapter ids are ASCII: the file's name gives one
    wanted = written_id or (slug(page.title) if stem.lower() in ("index", "readme", "_index") else slug(stem)) or "chapter"
    if not wanted[0].isalpha():
        wanted = f"ch-{wanted}"
    page.id = ids.claim(wanted)
    if page.depth:
        page.heading_id = page.id


def mark_empty(pages: list[Page], heads: dict[int, list[Head]]) -> None:
    """A part with nothing but its title (no text, no sub-chapter with text) is left out as a draft."""
    blank = {}
    for page in pages:
        title = next((h.written for h in heads[id(page)] if h.id == "title"), None)
        skip = {title.line, title.line + 1 if title.setext else title.line} if title else set()
        blank[id(page)] = all(not line.strip() for n, line in enumerate(page.text.lines) if n not in skip)
    for index, page in enumerate(pages):
        if page.depth:
            continue
        group = [page]
        for later in pages[index + 1 :]:
            if not later.depth:
                break
            group.append(later)
        page.empty = page.place != "references" and all(blank[id(p)] for p in group)


def humane(stem: str) -> str:
    words = re.sub(r"^[\d_.-]+", "", stem).replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:] if words else stem


def give_ids(page: Page, heads: list[Head], ids: Ids, local: dict[tuple[str, str], str]) -> int:
    """Every heading's new id (its own where it is free); ``local`` maps the page's old ids to the new ones."""
    key = page_key(page.path)
    local[(key, "")] = page.id
    count = 0
    for head in heads:
        old = head.node["c"][1][0]
        if head.id == "title":
            if old:
                local.setdefault((key, old), page.id)
            continue
        if head.callout or head.written is None:
            if old:
                ids.taken.add(old)
                local.setdefault((key, old), old)
            continue
        wanted = old or slug(plain(head.node["c"][2])) or "section"
        head.id = wanted if wanted.startswith("sec-") and wanted not in ids.taken else ids.claim(wanted)
        ids.taken.add(head.id)
        if old:
            local.setdefault((key, old), head.id)
        count += 1
    return count


def body(page: Page, heads: list[Head], mapper: Targets) -> str:
    """The page's Markdown for its chapter: headings with their ids, the title taken off, links and pictures pointed anew."""
    lines = list(page.text.lines)
    for head in heads:
        written = head.written
        if written is None:
            continue
        if head.id == "title":
            lines[written.line] = ""
            if written.setext:
                lines[written.line + 1] = ""
            continue
        if head.callout:
            continue
        level = min(head.node["c"][0] + page.depth, 6)
        lines[written.line] = md.heading_line(level, written.text, head.id, written.attributes)
        if written.setext:
            lines[written.line + 1] = ""
    html.clean(lines, page.text.where, mapper.project.notes)
    mapper.rewrite(page, lines)
    text = "\n".join(lines)
    text = mapper.glyphs.fix(text, lambda offset: page.text.where(text.count("\n", 0, offset))).strip("\n")
    page.title = mapper.glyphs.fix(page.title or "", lambda _: (page.shown, 1))
    if page.depth:
        title = md.heading_line(page.depth + 1, escape_title(page.title or ""), page.heading_id, None)
        text = f"{title}\n\n{text}"
    return text


def escape_title(title: str) -> str:
    return re.sub(r"([\\`*_\[\]#<>])", r"\\\1", title)
