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

from pathlib import Path

import yaml

from folio.importers.assets import Pictures, write_references
from folio.importers.headings import body, give_ids, locate, mark_empty, name_page, read, reserve_ids
from folio.importers.links import Targets, page_key
from folio.importers.model import Imported, Page, Project
from folio.project import docs
from folio.word.ids import Ids, slug

ROLES = {"foreword": "foreword", "preface": "preface", "introduction": "introduction", "acknowledgments": "acknowledgments"}
ROLES |= {"acknowledgements": "acknowledgments", "executive summary": "summary", "summary": "summary"}


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
        f"# Imported from the {project.kind} {name}/ by folio; every field is described at {docs('reference/report-yaml/')}\n{text}",
        encoding="utf-8",
    )
    return guessed
