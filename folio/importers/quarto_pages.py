"""One page of a Quarto project: its front matter, its includes, and the code Quarto would run.

The page's front matter gives the chapter header (title, subtitle as the
standfirst, author as the byline, lang); ``{{< include >}}`` is replaced by the
file's text, as Quarto does before it reads a page; executable cells, inline
code and shortcodes folio does not run are listed.  The leading unnumbered
chapters become front matter, and a page of ``::: {#refs}`` alone is where the
references go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from folio.importers import text as md
from folio.importers.files import front_matter, read_page, resolved, shown, within
from folio.importers.model import Page
from folio.importers.notes import Notes
from folio.yamlfile import YamlList, YamlMap, line_of

SUFFIXES = (".qmd", ".md", ".rmd", ".rmarkdown", ".ipynb")
INCLUDE = re.compile(r"\{\{<\s*include\s+[\"']?([^\"'\s>]+)[\"']?\s*>\}\}")
SHORTCODE = re.compile(r"(?<!\{)\{\{<\s*([\w-]+)(?![^>]*\*/>)")
ENGINE = re.compile(r"^\{([A-Za-z][\w.+-]*)(?:[ ,}]|$)")
INLINE_CODE = re.compile(r"`(?:\{(?:r|python|julia|ojs)\}|r) [^`\n]+`")
PICTURE = re.compile(r"^\s*(?:knitr::)?include_graphics\(")
OWN_SHORTCODES = ("include", "pagebreak", "kbd")
"""Shortcodes folio reads (include is resolved here)."""
PAGE_FIELDS = {"title", "subtitle", "description", "abstract", "author", "lang", "bibliography", "draft"}


@dataclass
class Entry:
    path: str
    place: str
    line: int | None
    title: str | None = None


def texts(value, line: int | None) -> list[tuple[str, int | None]]:
    if isinstance(value, str):
        return [(value, line)]
    if isinstance(value, YamlList):
        return [(v, line_of(value, i)) for i, v in enumerate(value) if isinstance(v, str)]
    return []


def names(value) -> list[str]:
    if isinstance(value, str):
        return [name.strip() for name in re.split(r"\s*(?:;|\band\b)\s*", value) if name.strip()]
    found = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, dict):
                name = " ".join(str(name[k]) for k in ("given", "family") if name.get(k)) or name.get("literal")
            if isinstance(name, str) and name.strip():
                found.append(name.strip())
    return found


def load_page(folder: Path, root: Path, entry: Entry, shown: str, notes: Notes) -> Page | None:
    path = resolved(folder / entry.path.lstrip("/"))
    if path is None or within(path, root) is None:
        notes.add(shown, entry.line, f"{entry.path}: no such page in the project; left out")
        return None
    if path.suffix.lower() == ".ipynb":
        notes.add(shown, entry.line, f"{entry.path}: a Jupyter notebook; convert it to .qmd (quarto convert) and import again")
        return None
    relative = path.relative_to(folder.resolve()).as_posix() if path.is_relative_to(folder.resolve()) else entry.path
    text = read_page(path, relative, notes, (shown, entry.line))
    if text is None:
        return None
    data, body, first = front_matter(text, relative, notes)
    data = data or YamlMap()
    if data.get("draft") is True:
        notes.add(relative, line_of(data, "draft"), "draft: true; left out, as Quarto leaves it out")
        return None
    source = includes(md.Text.of(body, relative, first), path.parent, folder, root, notes, 0)
    page = Page(path=relative, place=entry.place, text=source, title=entry.title)
    header(page, data, notes)
    code(page, notes)
    return page


def header(page: Page, data: YamlMap, notes: Notes) -> None:
    """The chapter header from the page's front matter; what it cannot hold, named."""
    if isinstance(data.get("title"), str):
        page.title, page.title_given = " ".join(data["title"].split()), True
    summary = next((data[k] for k in ("subtitle", "description", "abstract") if isinstance(data.get(k), str)), None)
    if summary:
        page.header["summary"] = " ".join(summary.split())
    authors = names(data.get("author"))
    if authors:
        page.header["byline"] = authors[0] if len(authors) == 1 else authors
    if isinstance(data.get("lang"), str):
        page.header["lang"] = data["lang"]
    bibliography = [value for value, _ in texts(data.get("bibliography"), None)]
    if bibliography:
        page.header["bibliography"] = bibliography
    other = [key for key in data if key not in PAGE_FIELDS]
    if other:
        notes.add(
            page.path,
            line_of(data, other[0]),
            f"front matter {', '.join(other)}: Quarto's options for this page; a chapter header has no place for them",
        )


def includes(source: md.Text, here: Path, folder: Path, root: Path, notes: Notes, depth: int) -> md.Text:
    """``{{< include FILE >}}`` replaced by the file's text (outside code), as Quarto does."""
    lines, origins = [], []
    code = md.in_code(source.lines)
    for index, line in enumerate(source.lines):
        match = None if code[index] else INCLUDE.search(line)
        if match is None:
            lines.append(line)
            origins.append(source.where(index))
            continue
        where = source.where(index)
        name = match.group(1)
        path = (folder / name.lstrip("/")) if name.startswith("/") else here / name
        real = within(path, root)
        text = read_page(real, name, notes, where) if real is not None and depth < 10 else None
        if text is None:
            notes.add(
                *where,
                f"{{{{< include {name} >}}}}: {'no such file in the project' if real is None else 'cannot be read'}; write its text here",
            )
            lines.append(line)
            origins.append(where)
            continue
        notes.count(where[0], where[1], "include", "the included file's text is now written in the chapter (edit it there)")
        _, body, first = front_matter(text, name, Notes())
        inner = includes(md.Text.of(body, shown(real, folder), first), real.parent, folder, root, notes, depth + 1)
        before, after = line[: match.start()], line[match.end() :]
        lines.append(before + (inner.lines[0] if inner.lines else ""))
        origins.append(where)
        lines += inner.lines[1:]
        origins += inner.origins[1:]
        if after.strip():
            lines.append(after)
            origins.append(where)
    return md.Text(lines, origins)


def code(page: Page, notes: Notes) -> None:
    """Executable cells, inline code and shortcodes folio does not run: one line each kind in the page."""
    lines = page.text.lines
    cells, options = [], []
    for fence in md.fences(lines):
        engine = ENGINE.match(fence.info) if not fence.info.startswith(("{.", "{#", "{=")) else None
        if engine is None:
            continue
        body = [line for line in lines[fence.start + 1 : fence.end] if line.strip()]
        if body and all(line.lstrip().startswith("#|") or PICTURE.match(line) for line in body) and any(PICTURE.match(b) for b in body):
            continue  # a cell that only shows a picture is that picture in every edition
        cells.append((engine.group(1), page.text.where(fence.start)))
        for line in body:
            option = re.match(r"^\s*#\|\s*([\w.-]+)\s*:", line)
            if option and option.group(1) not in options:
                options.append(option.group(1))
        knitr = fence.info[len(engine.group(0)) :].rstrip("}")
        options += [o.split("=")[0].strip() for o in knitr.split(",") if "=" in o and o.split("=")[0].strip() not in options]
    said = (
        f"; its options ({', '.join(options[:6])}{'…' if len(options) > 6 else ''}) count only for echo, eval and include"
        if options
        else ""
    )
    for engine, (path, line) in cells:
        if engine in ("mermaid", "dot"):
            notes.count(path, line, "diagram cell", "Quarto draws it, folio shows its source; put the drawing in images/")
        else:
            notes.count(path, line, "code cell", f"folio runs no code: the code is shown, its output (printout, plot, table) is not{said}")
    in_code = md.in_code(lines)
    for index, line in enumerate(lines):
        if in_code[index]:
            continue
        for _ in INLINE_CODE.finditer(line):
            notes.count(*page.text.where(index), "inline code", "Quarto computes its value, folio shows the code: write the value")
        for match in SHORTCODE.finditer(line):
            if match.group(1) not in OWN_SHORTCODES:
                notes.add(
                    *page.text.where(index),
                    f"{{{{< {match.group(1)} >}}}}: a Quarto shortcode folio does not run; write what it stands for",
                )


def places(pages: list[Page], notes: Notes) -> None:
    """Leading unnumbered chapters are front matter; a page of references alone is where the references go."""
    leading = True
    for page in pages:
        first = first_heading(page)
        unnumbered = first is not None and "unnumbered" in md.classes(first.attributes)
        if references_only(page):
            page.place = "references"
            page.title = page.title or (first.text if first else None)
            leading = False
            continue
        if page.place == "chapter" and leading and unnumbered:
            page.place = "front"
            continue
        if page.place == "front":
            continue
        leading = False
        if unnumbered and page.place == "chapter":
            notes.add(
                page.path,
                page.text.where(first.line)[1],
                "unnumbered in Quarto; a numbered chapter in the report, since only front matter is unnumbered",
            )


def first_heading(page: Page) -> md.Heading | None:
    lines = page.text.lines
    found = md.headings(lines, md.in_code(lines))
    if not found or found[0].level != 1 or any(line.strip() for line in lines[: found[0].line]):
        return None
    return found[0]


def references_only(page: Page) -> bool:
    rest = [line for line in page.text.lines if line.strip() and not line.lstrip().startswith("#")]
    return (
        bool(rest)
        and re.match(r"^:{3,}\s*\{\s*#refs\b", rest[0].strip()) is not None
        and all(re.match(r"^:{3,}\s*$", r.strip()) for r in rest[1:])
    )
