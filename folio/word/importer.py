"""``folio import draft.docx --into DIR``: a Word document becomes a report folder.

pandoc reads the document (text, headings, notes, tables, pictures with
their alt text) into its AST; folio then splits it at each Heading 1 into
``chapters/NN-slug.md``, gives every heading an id of its own, moves the
pictures into ``images/``, points links between headings at the new ids,
and writes ``report.yaml`` from the document's properties.  What a report
folder cannot hold (comments, tracked changes, text boxes, fonts, pictures in
formats no edition can show) is listed at the end, not dropped in silence.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
import subprocess
import tempfile
import uuid
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from folio import pandoc
from folio.ast import stringify, transform, walk
from folio.project import docs
from folio.word.archive import Unusable, clean_copy
from folio.word.ids import Ids, slug
from folio.word.package import NotWord, Properties, plural, read_package
from folio.word.pictures import Pictures

MARKDOWN = "markdown-simple_tables-multiline_tables-raw_html-raw_attribute-auto_identifiers+pipe_tables+grid_tables"
"""The Markdown written: tables as pipe or grid tables, every heading with its ``{#id}``."""
OPENING = "Opening"


class NotImportable(Exception):
    """The document cannot be imported as asked (not a .docx, or the folder is in use)."""


@dataclass
class Imported:
    folder: Path
    chapters: list[str] = field(default_factory=list)
    images: int = 0
    notes: int = 0
    tables: int = 0
    headings: int = 0
    links_dropped: int = 0
    left_out: list[str] = field(default_factory=list)
    guessed: list[str] = field(default_factory=list)
    """report.yaml fields the document's properties did not give."""

    def summary(self) -> str:
        counted = [
            (len(self.chapters), "chapter"),
            (self.headings, "heading"),
            (self.notes, "note"),
            (self.tables, "table"),
            (self.images, "image"),
        ]
        lines = [f"imported into {self.folder}: " + ", ".join(f"{count} {noun}{plural(count)}" for count, noun in counted)]
        left_out = list(self.left_out)
        if self.links_dropped:
            count = self.links_dropped
            left_out.append(f"{count} link{plural(count)} to bookmarks or files: kept as plain text")
        if left_out:
            lines.append("not carried over:")
            lines += [f"  {line}" for line in left_out]
        if self.guessed:
            said = "is a stand-in" if len(self.guessed) == 1 else "are stand-ins"
            real = "the real one" if len(self.guessed) == 1 else "the real ones"
            lines.append(f"report.yaml: {' and '.join(self.guessed)} {said} (the document's properties had none); write {real} there")
        return "\n".join(lines)


def import_word(docx: Path, folder: Path) -> Imported:
    """Write the report folder ``folder`` from the Word document ``docx``; on any failure, leave it as it was (new or empty).

    The document is first checked entry by entry and copied clean (:mod:`folio.word.archive`):
    a damaged, crafted or oversized one raises :class:`~folio.word.archive.Unusable`.
    """
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise NotImportable(f"{folder} is not empty; give a new or empty folder (folio import never overwrites files)")
    existed = folder.exists()
    with tempfile.TemporaryDirectory(prefix="folio-import-") as work:
        clean = Path(work) / "document.docx"
        try:
            dropped = clean_copy(docx, clean)
            properties, leftovers = read_package(clean, shown=docx)
        except (zipfile.BadZipFile, NotWord) as error:
            raise NotImportable(str(error) if isinstance(error, NotWord) else f"{docx} is not a Word document (.docx): {error}") from error
        imported = Imported(folder=folder, left_out=leftovers.lines() + dropped)
        try:
            document = read_docx(clean, Path(work), shown=docx)
            folder.mkdir(parents=True, exist_ok=True)
            write_folder(document, properties, Path(work), imported)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            if existed:
                folder.mkdir()
            raise
    return imported


def write_folder(document: dict, properties: Properties, work: Path, imported: Imported) -> None:
    """Chapters, pictures and report.yaml from pandoc's AST of the document."""
    pictures = Pictures(work, imported.folder, imported.left_out)
    blocks = transform(document["blocks"], pictures.change)
    imported.images = pictures.moved
    chapters = split(blocks, document["meta"], properties, imported)
    ids = Ids()
    for chapter in chapters:
        chapter.id = ids.claim(slug(chapter.title) or "chapter")
    for chapter in chapters:
        chapter.blocks = headings(chapter.blocks, ids, chapter.id, imported)
    for chapter in chapters:
        chapter.blocks = links(chapter.blocks, ids, imported)
    imported.chapters = write_chapters(chapters, document["pandoc-api-version"], imported.folder, imported)
    imported.guessed = write_report(imported.folder, properties, document["meta"], chapters, imported.chapters)


READING_HEAP_MB = 500
"""pandoc's heap when it reads a document: a 150-page one takes some 250 MB; past this it stops, and says so."""
MAX_AST_BYTES = 12_000_000
"""pandoc's reading of a document, as JSON: some 350,000 words; folio holds it in memory several times over."""


def read_docx(docx: Path, work: Path, shown: Path | None = None) -> dict:
    """pandoc's AST of ``docx``; its pictures extracted under ``work/media``."""
    shown = shown or docx
    limits = ["+RTS", f"-M{READING_HEAP_MB}m", "-RTS"]
    command = [pandoc.executable(), *limits, "--sandbox", "--from", "docx", "--to", "json", "--extract-media=media", str(docx.resolve())]
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": "/nonexistent"}
    try:
        done = subprocess.run(command, capture_output=True, cwd=work, env=env, timeout=pandoc.TIMEOUT)
    except subprocess.TimeoutExpired as error:
        raise Unusable(f"{shown}: pandoc took longer than {pandoc.TIMEOUT} s to read it; split it into smaller documents") from error
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode == pandoc.HEAP_EXHAUSTED and "Heap exhausted" in stderr:
        raise Unusable(f"{shown}: pandoc needs more than {READING_HEAP_MB} MB to read it; split it into smaller documents")
    if done.returncode != 0:
        message = stderr.strip().splitlines()
        raise Unusable(f"{shown}: pandoc cannot read it as a Word document ({message[-1] if message else done.returncode})")
    if len(done.stdout) > MAX_AST_BYTES:
        raise Unusable(f"{shown} holds more text than folio imports at once (some 350,000 words); split it into smaller documents")
    try:
        return json.loads(done.stdout)
    except RecursionError as error:
        raise Unusable(f"{shown}: its text nests too deep to read (tables in tables, hundreds of levels)") from error


@dataclass
class Chapter:
    title: str
    blocks: list
    id: str = ""


def split(blocks: list, meta: dict, properties: Properties, imported: Imported) -> list[Chapter]:
    """One chapter per Heading 1; text before the first one opens the report."""
    chapters: list[Chapter] = []
    opening: list = []
    for block in blocks:
        if block["t"] == "Header" and block["c"][0] == 1:
            chapters.append(Chapter(title=" ".join(stringify(block["c"][2]).split()) or "Untitled", blocks=[]))
            anchor = block["c"][1][0]
            if anchor:  # links to the chapter's heading go to the chapter
                chapters[-1].blocks.append({"t": "Div", "c": [[anchor, ["folio-chapter-anchor"], []], []]})
        elif chapters:
            chapters[-1].blocks.append(block)
        else:
            opening.append(block)
    if any(block["t"] != "Null" for block in opening) or not chapters:
        if chapters:
            imported.left_out.append(f"the text before the first Heading 1: now the chapter {OPENING!r}; give it its own title")
        chapters.insert(0, Chapter(title=OPENING if chapters else meta_text(meta, "title") or properties.title or OPENING, blocks=opening))
    return chapters


def headings(blocks: list, ids: Ids, chapter_id: str, imported: Imported) -> list:
    """Every heading an id of its own; levels from 2, none skipped; bookmarks become the ids they stand for."""
    previous, place = 1, chapter_id
    for node in walk(blocks):  # in reading order: a bookmark stands for the heading it is in, or the one before it
        kind = node["t"]
        if kind == "Header":
            level, (old, _, _), inlines = node["c"]
            previous = level = max(2, min(level, previous + 1))
            place = ids.claim(slug(stringify(inlines)) or "section")
            ids.alias(old, place)
            node["c"][0], node["c"][1] = level, [place, [], []]
            imported.headings += 1
        elif kind in ("Span", "Div") and node["c"][0][0]:
            ids.alias(node["c"][0][0], chapter_id if node["c"][0][1] == ["folio-chapter-anchor"] else place)
        elif kind == "Note":
            imported.notes += 1
        elif kind == "Table":
            imported.tables += 1
            # Word's column widths are page measurements: without them a table of plain cells is a pipe table
            node["c"][2] = [[align, {"t": "ColWidthDefault"}] for align, _ in node["c"][2]]

    def change(node: dict):
        if node["t"] == "Div" and node["c"][0][1] == ["folio-chapter-anchor"]:
            return []
        if node["t"] == "Span" and node["c"][0][0] and not node["c"][0][1]:
            return node["c"][1]  # a bookmark: its text stays, its id lives on as an alias
        return None

    return transform(blocks, change)


def links(blocks: list, ids: Ids, imported: Imported) -> list:
    """Links inside the document point at the new ids; links to files on the author's machine become text."""

    def change(node: dict):
        if node["t"] != "Link":
            return None
        target = node["c"][2][0]
        if target.startswith("#"):
            new = ids.find(target[1:])
            if new is not None:
                node["c"][2][0] = f"#{new}"
                return node
        elif target.startswith(("https://", "http://", "mailto:")):
            return node
        imported.links_dropped += 1
        return node["c"][1]

    return transform(blocks, change)


CITATION_LIKE = re.compile(r"(?<![\\\w])@(?=[\w])")


def literal_at_signs(node: dict):
    """An ``@name`` in Word's text is text, not a citation: written ``\\@name``."""
    if node["t"] != "Str" or not CITATION_LIKE.search(node["c"]):
        return None
    out: list = []
    for index, piece in enumerate(CITATION_LIKE.split(node["c"])):
        if index:
            out.append({"t": "RawInline", "c": ["markdown", "\\@"]})
        if piece:
            out.append({"t": "Str", "c": piece})
    return out


def write_chapters(chapters: list[Chapter], api_version: list, folder: Path, imported: Imported) -> list[str]:
    (folder / "chapters").mkdir(exist_ok=True)
    written = []
    for number, chapter in enumerate(chapters, start=1):
        body = pandoc.from_json(
            {"pandoc-api-version": api_version, "meta": {}, "blocks": transform(chapter.blocks, literal_at_signs)},
            ["--to", MARKDOWN, "--wrap=auto", "--columns=80"],
        ).output
        name = f"chapters/{number:02d}-{chapter.id}.md"
        if not body.strip():
            name = f"chapters/_{number:02d}-{chapter.id}.md"
            imported.left_out.append(
                f"{name}: the chapter {chapter.title!r} had no text; kept as a draft (the _ keeps it out of the report)"
            )
        header = yaml.safe_dump({"title": chapter.title, "id": chapter.id}, allow_unicode=True, sort_keys=False, width=1000)
        (folder / name).write_text(f"---\n{header}---\n\n{body}", encoding="utf-8")
        if not name.startswith("chapters/_"):
            written.append(name)
    return written


def meta_text(meta: dict, key: str) -> str | None:
    value = meta.get(key)
    text = " ".join(stringify(value).split()) if value else ""
    return text or None


def write_report(folder: Path, properties: Properties, meta: dict, chapters: list[Chapter], written: list[str]) -> list[str]:
    """Write report.yaml; return the fields it had to make up."""
    title = properties.title or meta_text(meta, "title") or (chapters[0].title if chapters else folder.name)
    fields = {
        "folio": ">=0.2",
        "title": title,
        "subtitle": meta_text(meta, "subtitle") or properties.subject,
        "slug": slug(title) or "report",
        "language": properties.language or "en",
        "publisher": properties.company or (properties.authors[0] if properties.authors else "Publisher"),
        "authors": properties.authors or None,
        "date": properties.modified or datetime.date.today(),
        "identifier": f"urn:uuid:{uuid.uuid4()}",
        "keywords": properties.keywords or None,
        "contents": [{"chapter": name} for name in written],
    }
    text = yaml.safe_dump({k: v for k, v in fields.items() if v is not None}, allow_unicode=True, sort_keys=False, width=1000)
    (folder / "report.yaml").write_text(
        f"# Imported from Word by folio; every field is described at {docs('reference/report-yaml/')}\n{text}", encoding="utf-8"
    )
    guessed = [] if properties.company or properties.authors else ["publisher"]
    return guessed + ([] if properties.modified else ["date"])
