"""A book of Markdown pages in reading order, made a report folder.

A reader (:mod:`.quarto`, :mod:`.mdbook`) gives a :class:`Project`: its pages
in reading order, each with its place (front matter, chapter, sub-chapter,
appendix, the references) and its text with includes resolved, and what the
project says about itself.  This module does the rest, the same for every
kind of book: each page is read by pandoc to learn its headings and ids; every
heading gets an id unique in the whole report (the chapter's title becomes its
header); links between pages point at those ids; pictures move into
``images/`` (:mod:`.assets`); the chapters, ``report.yaml`` and
``references.yaml`` are written.  The page's Markdown is otherwise kept as
written.  What cannot be carried over is listed in :class:`Notes`, with
file and line.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from folio import pandoc
from folio.ast import attr, walk
from folio.importers import html
from folio.importers import text as md
from folio.importers.assets import Glyphs, Pictures, write_references
from folio.importers.notes import Notes
from folio.word.ids import Ids, slug

SCHEMES = ("https://", "http://", "mailto:")
"""Link targets folio keeps as they are."""
ROLES = {"foreword": "foreword", "preface": "preface", "introduction": "introduction", "acknowledgments": "acknowledgments"}
ROLES |= {"acknowledgements": "acknowledgments", "executive summary": "summary", "summary": "summary"}


@dataclass
class Page:
    path: str
    """Its file, relative to the project (``src/ch01.md`` for an mdBook is ``ch01.md`` under the pages' root)."""
    place: str
    """``front``, ``chapter``, ``appendix`` or ``references``."""
    text: md.Text
    title: str | None = None
    """The title the table of contents gives it."""
    depth: int = 0
    """0 for a part of its own; 1 or more for a sub-chapter set inside the chapter before it."""
    header: dict = field(default_factory=dict)
    """Fields of the chapter header the page's own front matter gave (summary, lang, byline)."""
    shown: str = ""
    """Its file as the notes name it, relative to the project's folder (default: ``path``)."""
    title_given: bool = False
    """The page's front matter names its title, so a first heading is a section."""

    def __post_init__(self) -> None:
        self.shown = self.shown or self.path

    # filled in here
    id: str = ""
    heading_id: str = ""
    """For a sub-chapter: the id of the heading its title becomes."""
    empty: bool = False
    ast: dict | None = None


@dataclass
class Project:
    root: Path
    """The folder every page, picture and included file must be in."""
    pages_root: Path
    """The folder page paths and links are relative to."""
    kind: str
    pages: list[Page]
    notes: Notes
    meta: dict = field(default_factory=dict)
    reader: str = "markdown"
    """How the pages are written: pandoc's reader (``from:`` in report.yaml when it is not ``markdown``)."""
    bibliography: list[tuple[Path, str, int | None]] = field(default_factory=list)
    """Bibliography files: the file, where it was named, the line."""
    repository: str | None = None
    """A web address for the project's own files (a link to one that is no page goes there)."""
    page_suffixes: tuple[str, ...] = (".md",)
    source: Path | None = None
    """The folder imported (its settings file is in it)."""
    settings: tuple[str, ...] = ()
    """The project's settings files, named first in the notes."""


@dataclass
class Imported:
    folder: Path
    source: Path
    kind: str
    notes: Notes
    chapters: int = 0
    front: int = 0
    appendices: int = 0
    headings: int = 0
    links: int = 0
    images: int = 0
    references: int = 0
    guessed: list[str] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    """The files as the notes are sorted: the project's settings, then its pages in reading order."""

    def summary(self) -> str:
        counts = [
            (self.front, "front part", "front parts"),
            (self.chapters, "chapter", "chapters"),
            (self.appendices, "appendix", "appendices"),
            (self.headings, "heading", "headings"),
            (self.links, "link between pages", "links between pages"),
            (self.images, "picture", "pictures"),
            (self.references, "reference", "references"),
        ]
        said = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)
        lines = [f"imported the {self.kind} {self.source} into {self.folder}: {said}"]
        left = self.notes.lines(self.order)
        if left:
            lines.append("not carried over (file:line: what, and what to do):")
            lines += [f"  {line}" for line in left]
        if self.guessed:
            one = len(self.guessed) == 1
            lines.append(
                f"report.yaml: {' and '.join(self.guessed)} {'is a stand-in' if one else 'are stand-ins'} (the project gives "
                f"{'none' if one else 'them not'}); write {'the real one' if one else 'the real ones'} there"
            )
        return "\n".join(lines)


def write_folder(project: Project, folder: Path) -> Imported:
    imported = Imported(folder=folder, source=project.source, kind=project.kind, notes=project.notes)
    imported.order = [*project.settings, *(page.shown for page in project.pages)]
    ids = Ids()
    local: dict[tuple[str, str], str] = {}
    for page in project.pages:
        read(page, project.reader)
    reserve_ids(project, ids, local)
    heads = {id(page): locate(page) for page in project.pages}
    for page in project.pages:
        name_page(page, heads[id(page)], ids)
    mark_empty(project.pages, heads)
    for page in project.pages:
        imported.headings += give_ids(page, heads[id(page)], ids, local)
    pictures = Pictures(project.root, project.pages_root, folder, project.notes)
    mapper = Targets(project, {page_key(page.path): page for page in project.pages}, local, pictures, imported)
    bodies = [(page, body(page, heads[id(page)], mapper)) for page in project.pages]
    references = write_references(project, folder, mapper.glyphs)
    imported.references = len(references)
    contents = write_chapters(bodies, folder, project, imported)
    imported.images = pictures.copied
    imported.guessed = write_report(folder, project, contents, bool(references))
    return imported


# -- reading ----------------------------------------------------------------------------


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


# -- writing a page -----------------------------------------------------------------------


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


def page_key(path: str) -> str:
    """A page as a link names it: no suffix, ``README`` and ``index`` alike."""
    pure = PurePosixPath(path)
    stem = "index" if pure.stem.lower() in ("readme", "index") else pure.stem
    return (pure.parent / stem).as_posix().removeprefix("./")


class Targets:
    """Where each link and picture of a page points in the report folder."""

    def __init__(self, project: Project, pages: dict[str, Page], local: dict, pictures: Pictures, imported: Imported) -> None:
        self.project, self.pages, self.local, self.pictures, self.imported = project, pages, local, pictures, imported
        self.glyphs = Glyphs(project.notes)

    def rewrite(self, page: Page, lines: list[str]) -> None:
        code = md.in_code(lines)
        dead: set[str] = set()
        for index, label, target in md.definitions(lines, code):
            new = self.link(page, target, page.text.where(index))
            if new is None:
                dead.add(md.label_key(label))
                lines[index] = ""
            elif new != target:
                md.replace_definition(lines, index, target, new)
        self.cell_pictures(page, lines)
        text = "\n".join(lines)
        skip = md.code_spans(text, code)
        edits = [(start, end, words) for start, end, words in md.references(text, skip) if md.label_key(words[1]) in dead]
        edits = [(start, end, words[0]) for start, end, words in edits]
        for link in md.links(text, skip):
            where = page.text.where(text.count("\n", 0, link.start))
            if link.image:
                edits += self.picture(page, link, text, where)
                continue
            new = self.link(page, link.target, where)
            if new is None:
                edits.append((link.start, link.end, link.label))
            elif new != link.target:
                edits.append((link.target_start, link.target_end, new))
        for match in md.HTML_URL.finditer(text):
            if md.inside(match.start(), skip):
                continue
            where = page.text.where(text.count("\n", 0, match.start()))
            value = match.group(3)
            if match.group(1).lower().startswith("src"):
                new = self.pictures.place(page, value, where)
                if new is None:
                    tag = md.enclosing_tag(text, match.start())
                    if tag is not None:
                        edits.append((*tag, md.alt_of(text[tag[0] : tag[1]])))
                    continue
            else:
                new = self.link(page, value, where)
                if new is None:
                    edits.append((match.start(), match.end(), ""))
                    continue
            if new != value:
                edits.append((match.start(3), match.end(3), new))
        lines[:] = md.apply(text, edits).split("\n")

    def picture(self, page: Page, link: md.Link, text: str, where: tuple[str, int]) -> list[tuple[int, int, str]]:
        new = self.pictures.place(page, link.target, where)
        if new is None:
            return [(link.start, link.end, link.label.strip())]
        edits = [(link.target_start, link.target_end, new)] if new != link.target else []
        if not link.label.strip() and not self.alt_elsewhere(text, link.end):
            edits.append((link.start + 2, link.start + 2, f"Picture: {PurePosixPath(new).name}"))
            self.project.notes.add(*where, f"{new}: the picture has no alt text; describe it between the brackets ![…]")
        return edits

    def cell_pictures(self, page: Page, lines: list[str]) -> None:
        """``knitr::include_graphics("path")`` in a code cell shows a picture: it moves into images/ too."""
        for fence in md.fences(lines):
            if not fence.info.startswith("{r"):
                continue
            for index in range(fence.start + 1, fence.end):
                if "include_graphics" not in lines[index]:
                    continue
                where = page.text.where(index)

                def moved(match: re.Match, where=where) -> str:
                    new = self.pictures.place(page, match.group(2), where)
                    return f"{match.group(1)}{new}{match.group(1)}" if new else match.group(0)

                lines[index] = md.QUOTED.sub(moved, lines[index])

    @staticmethod
    def alt_elsewhere(text: str, end: int) -> bool:
        """Quarto's ``{fig-alt="…"}`` after the picture describes it."""
        return bool(re.match(r"\{[^}]*\bfig-alt=", text[end : end + 400]))

    def link(self, page: Page, target: str, where: tuple[str, int]) -> str | None:
        """The new target: as it was (a web address), ``#id``, a repository address, or ``None`` (the link becomes its text)."""
        if target.startswith(SCHEMES) or not target:
            return target
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target):
            self.project.notes.add(*where, f"link to {target}: only https, http and mailto links reach an edition; kept as text")
            return None
        path, _, fragment = target.partition("#")
        path = urllib.parse.unquote(path.split("?", 1)[0])
        fragment = urllib.parse.unquote(fragment)
        if not path:
            return self.anchor(page, page_key(page.path), fragment, target, where)
        base = self.project.pages_root if path.startswith("/") else (self.project.pages_root / page.path).parent
        full = (base / path.lstrip("/")).resolve()
        try:
            relative = full.relative_to(self.project.pages_root.resolve()).as_posix()
        except ValueError:
            relative = None
        if relative is not None:
            key = page_key(relative) if PurePosixPath(relative).suffix.lower() in (*self.project.page_suffixes, ".html", ".htm") else None
            if path.endswith("/") or full.is_dir():
                key = page_key(f"{relative}/index.md")
            if key is not None and key in self.pages:
                self.imported.links += 1
                return self.anchor(page, key, fragment, target, where)
        return self.outside(full, target, where)

    def anchor(self, page: Page, key: str, fragment: str, target: str, where: tuple[str, int]) -> str | None:
        other = self.pages.get(key)
        if other is not None and other.empty:
            self.project.notes.add(*where, f"link to {target}: that page has no text and is left out; kept as text")
            return None
        new = self.local.get((key, fragment))
        if new is None:
            new = self.local.get((key, ""))
            self.project.notes.add(
                *where, f"link to {target}: no heading or figure there has the id {fragment!r}; it now points at the chapter"
            )
        return f"#{new}"

    def outside(self, full: Path, target: str, where: tuple[str, int]) -> str | None:
        """A file of the project that is no page: its address in the repository, when the project names one."""
        root = self.project.root.resolve()
        if self.project.repository and full.is_relative_to(root) and full.exists():
            url = f"{self.project.repository.rstrip('/')}/{full.relative_to(root).as_posix()}"
            self.project.notes.add(*where, f"link to {target}: not a page of the book; it now points at {url}")
            return url
        self.project.notes.add(
            *where, f"link to {target}: not a page of the book, and folio links only to the report and the web; kept as text"
        )
        return None


# -- the folder -------------------------------------------------------------------------------


def write_chapters(bodies: list[tuple[Page, str]], folder: Path, project: Project, imported: Imported) -> list[dict]:
    """chapters/NN-id.md for each part (a sub-chapter inside the chapter before it); the contents of report.yaml."""
    (folder / "chapters").mkdir(parents=True, exist_ok=True)
    parts: list[tuple[Page, list[str]]] = []
    for page, text in bodies:
        if page.depth and parts:
            parts[-1][1].append(text)
        else:
            parts.append((page, [text]))
    contents: list[dict] = []
    number = 0
    for page, texts in parts:
        if page.place == "references":
            contents.append({"bibliography": page.title or "References"})
            continue
        number += 1
        text = "\n\n".join(t for t in texts if t.strip())
        header = {"title": page.title, "id": page.id}
        role = ROLES.get((page.title or "").strip().casefold()) if page.place == "front" else None
        if role:
            header["role"] = role
        header |= page.header
        name = f"chapters/{number:02d}-{page.id}.md"
        if not text.strip():
            name = f"chapters/_{number:02d}-{page.id}.md"
            project.notes.add(page.shown, None, f"has no text but its title; written as the draft {name}, left out of the report")
        head = yaml.safe_dump(header, allow_unicode=True, sort_keys=False, width=1000)
        (folder / name).write_text(f"---\n{head}---\n\n{text}\n", encoding="utf-8")
        if name.startswith("chapters/_"):
            continue
        contents.append({page.place: name})
        imported.front += page.place == "front"
        imported.chapters += page.place == "chapter"
        imported.appendices += page.place == "appendix"
    return contents


def write_report(folder: Path, project: Project, contents: list[dict], references: bool) -> list[str]:
    """report.yaml from what the project says of itself; the fields it had to make up."""
    import datetime
    import uuid

    meta = project.meta
    guessed = []
    title = meta.get("title") or (project.source or project.root).resolve().name
    if not meta.get("title"):
        guessed.append("title")
    authors = meta.get("authors") or []
    publisher = meta.get("publisher") or (authors[0] if authors else None)
    if publisher is None:
        guessed.append("publisher")
    date = meta.get("date")
    if date is None:
        guessed.append("date")
    if references and not any("bibliography" in item for item in contents):
        contents.append({"bibliography": "References"})
    fields = {
        "folio": ">=0.2",
        "title": title,
        "subtitle": meta.get("subtitle"),
        "slug": slug(title)[:60].strip("-") or "report",
        "language": meta.get("language") or "en",
        "publisher": publisher or "Publisher",
        "authors": authors or None,
        "date": date or datetime.date.today(),
        "identifier": meta.get("identifier") or f"urn:uuid:{uuid.uuid4()}",
        "rights": meta.get("rights"),
        "description": meta.get("description"),
        "keywords": meta.get("keywords") or None,
        "from": project.reader if project.reader != "markdown" else None,
        "contents": contents,
    }
    text = yaml.safe_dump({k: v for k, v in fields.items() if v is not None}, allow_unicode=True, sort_keys=False, width=1000)
    name = (project.source or project.root).resolve().name
    (folder / "report.yaml").write_text(
        f"# Imported from the {project.kind} {name}/ by folio; every field is described in folio's README.\n{text}",
        encoding="utf-8",
    )
    return guessed
