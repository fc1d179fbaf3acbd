"""A Quarto book or website (a folder with ``_quarto.yml``), read as pages in reading order.

The order is the project's own: a book's ``book.chapters`` (with its
``part:`` groups) and ``book.appendices``; a website's sidebar, else its
navbar, else the listing of its home page, else its pages by name.  The
leading unnumbered chapters (``index.qmd``'s welcome, a preface) are front
matter, and a page that holds only ``::: {#refs}`` is where the references
go.  ``{{< include >}}`` is resolved; executable code cells, inline code,
other shortcodes, filters, extensions and the output formats' options are
listed for the author, and the chapters keep Quarto's Markdown as written
(folio reads callouts, ``fig-alt``, figure divs and page breaks itself).
"""

from __future__ import annotations

import datetime
import fnmatch
import re
from pathlib import Path

from folio.importers.files import NotImportable, front_matter, load_config, reach, read_page, within
from folio.importers.model import Project
from folio.importers.notes import Notes
from folio.importers.quarto_pages import SUFFIXES, Entry, load_page, names, places, texts
from folio.yamlfile import YamlList, YamlMap, line_of

CONFIG = ("_quarto.yml", "_quarto.yaml")
WEB = "a feature of the web site, which the editions do not have"
REASONS = {
    "format": "the output formats' options (theme, css, fonts…): folio's styles set every edition; a report's own look goes in styles/",
    "execute": "folio runs no code",
    "engine": "folio runs no code",
    "jupyter": "folio runs no code",
    "knitr": "folio runs no code",
    "filters": "Quarto's filters are not run",
    "shortcodes": "an extension's shortcodes are not run",
    "crossref": "cross-reference options: folio numbers figures, tables and sections itself",
    "csl": "the citation style: folio sets references in its own",
    "metadata-files": "not read; put what matters in report.yaml",
    "toc": "folio makes the contents itself",
    "number-sections": "folio numbers chapters itself",
    "number-depth": "folio numbers chapters itself",
    "pre-render": "a script Quarto runs; folio runs none",
    "post-render": "a script Quarto runs; folio runs none",
    "cover-image": "a picture for the site; to use it as the cover, copy it into images/ and write cover: in report.yaml",
    "resources": "files the site publishes besides its pages: the editions carry only the pictures the pages show",
}
QUIET = {"type", "output-dir", "render", "preview", "execute-dir", "lib-dir", "title", "subtitle", "author", "date", "lang", "bibliography"}
QUIET |= {"description", "abstract", "license", "copyright", "keywords", "isbn", "publisher", "chapters", "appendices", "sidebar"}
QUIET |= {"navbar", "site-url", "repo-url", "repo-branch", "repo-subdir", "editor"}


def config_path(folder: Path) -> Path | None:
    return next((folder / name for name in CONFIG if (folder / name).is_file()), None)


def read_quarto(folder: Path) -> Project:
    notes = Notes()
    path = config_path(folder)
    if path is None:
        raise NotImportable(f"{folder}: no _quarto.yml; give the folder of a Quarto project")
    shown = path.name
    config = load_config(path, shown, notes)
    project = mapping(config, "project")
    kind = project.get("type") if isinstance(project.get("type"), str) else "default"
    root = reach(folder)
    if kind == "book":
        entries = book_order(mapping(config, "book"), shown, notes)
    else:
        entries = site_order(folder, root, mapping(config, "website"), shown, notes)
    pages = []
    for entry in entries:
        page = load_page(folder, root, entry, shown, notes)
        if page is not None:
            pages.append(page)
    if not pages:
        raise NotImportable(f"{folder}: the Quarto project lists no page folio can read; check {shown}")
    places(pages, notes)
    result = Project(
        root=root, pages_root=folder.resolve(), kind=f"Quarto {'book' if kind == 'book' else 'website'}", pages=pages, notes=notes
    )
    result.page_suffixes = SUFFIXES
    result.source, result.settings = folder, (shown,)
    result.meta = metadata(config)
    result.repository = repository(config, folder)
    for value, line in texts(config.get("bibliography"), line_of(config, "bibliography")):
        result.bibliography.append((folder / value, shown, line))
    for page in pages:
        for value in page.header.pop("bibliography", []):
            result.bibliography.append(((folder / page.path).parent / value, page.path, None))
    leftovers(config, folder, shown, notes)
    return result


def mapping(data: YamlMap, key: str) -> YamlMap:
    value = data.get(key)
    if isinstance(value, YamlMap):
        return value
    empty = YamlMap()
    empty.line, empty.lines = line_of(data, key), {}
    return empty


# -- reading order -------------------------------------------------------------------------------


def book_order(book: YamlMap, shown: str, notes: Notes) -> list[Entry]:
    entries: list[Entry] = []
    for key, place in (("chapters", "chapter"), ("appendices", "appendix")):
        items = book.get(key)
        if not isinstance(items, YamlList):
            continue
        for index, item in enumerate(items):
            line = line_of(items, index)
            if isinstance(item, str):
                entries.append(Entry(item, place, line))
            elif isinstance(item, YamlMap) and "part" in item:
                part = item["part"]
                if isinstance(part, str) and part.lower().endswith(SUFFIXES):
                    entries.append(Entry(part, place, line))
                    notes.add(
                        shown, line, f"part {part}: folio has no parts; its page is set as a chapter (one with only a title is left out)"
                    )
                else:
                    notes.add(shown, line, f"part {part!r}: folio has no parts, so its title is left out; its chapters follow the others")
                for sub, value in enumerate(item.get("chapters") or []):
                    if isinstance(value, str):
                        entries.append(Entry(value, place, line_of(item["chapters"], sub)))
            elif isinstance(item, YamlMap) and isinstance(item.get("href"), str):
                entries.append(Entry(item["href"], place, line, item.get("text")))
    if not entries:
        raise NotImportable(f"{shown}: book: has no chapters; list them under book: chapters:")
    return entries


def site_order(folder: Path, root: Path, website: YamlMap, shown: str, notes: Notes) -> list[Entry]:
    """A website's pages: its sidebar's, else its navbar's, else its home page's listing, then every other page."""
    every = all_pages(folder)
    entries: list[Entry] = []
    sidebar = website.get("sidebar")
    for bar in [sidebar] if isinstance(sidebar, YamlMap) else sidebar if isinstance(sidebar, YamlList) else []:
        if isinstance(bar, YamlMap):
            walk_items(bar.get("contents"), line_of(bar, "contents"), every, entries, shown, notes)
    if not entries:
        navbar = mapping(website, "navbar")
        for side in ("left", "right"):
            walk_items(navbar.get(side), line_of(navbar, side), every, entries, shown, notes)
    entries += listing(folder, root, every, shown, notes)
    listed = {entry.path for entry in entries}
    rest = [Entry(page, "chapter", None) for page in every if page not in listed and page.split("/")[-1].split(".")[0] != "404"]
    if entries and rest:
        names = ", ".join(entry.path for entry in rest[:6]) + (" …" if len(rest) > 6 else "")
        notes.add(
            shown, None, f"{len(rest)} {'page' if len(rest) == 1 else 'pages'} not in the site's navigation ({names}): set after the others"
        )
    entries += rest
    home = next((entry for entry in entries if entry.path.rsplit(".", 1)[0] == "index"), None)
    if home is not None:
        entries.remove(home)
        entries.insert(0, Entry(home.path, "front", home.line))
    seen, unique = set(), []
    for entry in entries:
        if entry.path not in seen:
            seen.add(entry.path)
            unique.append(entry)
    return unique


def all_pages(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(("_", ".")) for part in relative.parts) or path.suffix.lower() not in SUFFIXES:
            continue
        if relative.parts[0] in ("node_modules", "renv", "venv", "site_libs", "docs") or relative.name.lower() in (
            "readme.md",
            "license.md",
        ):
            continue
        found.append(relative.as_posix())
    return sorted(found, key=lambda p: (p.count("/"), p != "index.qmd", p))


def walk_items(items, line: int | None, every: list[str], entries: list[Entry], shown: str, notes: Notes) -> None:
    if isinstance(items, str):
        items = [items]
    if not isinstance(items, list):
        return
    for index, item in enumerate(items):
        at = line_of(items, index, line)
        if isinstance(item, str):
            entries += [Entry(page, "chapter", at) for page in matching(item, every)]
        elif isinstance(item, YamlMap):
            if isinstance(item.get("href"), str) and not re.match(r"^[a-z]+:", item["href"]):
                entries += [Entry(page, "chapter", at, item.get("text")) for page in matching(item["href"], every)]
            if isinstance(item.get("auto"), str):
                entries += [Entry(page, "chapter", at) for page in matching(item["auto"], every)]
            if "section" in item:
                notes.add(
                    shown, at, f"section {item['section']!r}: folio has no parts, so its title is left out; its pages follow the others"
                )
            for key in ("contents", "menu"):
                if key in item:
                    walk_items(item[key], at, every, entries, shown, notes)


def matching(pattern: str, every: list[str]) -> list[str]:
    pattern = pattern.lstrip("/").removeprefix("./")
    if pattern == "auto":
        return list(every)
    if any(char in pattern for char in "*?["):
        return [page for page in every if fnmatch.fnmatch(page, pattern)]
    if pattern in every:
        return [pattern]
    folder = pattern.rstrip("/") + "/"
    inside = [page for page in every if page.startswith(folder)]
    if inside:
        return inside
    stem = pattern.rsplit(".", 1)[0]
    return [page for page in every if page.rsplit(".", 1)[0] == stem][:1]


def listing(folder: Path, root: Path, every: list[str], shown: str, notes: Notes) -> list[Entry]:
    """The pages the home page lists (``listing: contents: posts``), newest first as Quarto sorts them by default."""
    home = next((page for page in every if page.rsplit(".", 1)[0] == "index"), None)
    if home is None or within(folder / home, root) is None:
        return []
    text = read_page(folder / home, home, notes, (home, None)) or ""
    data, _, _ = front_matter(text, home, Notes())
    spec = data.get("listing") if data else None
    specs = spec if isinstance(spec, list) else [spec] if spec else []
    found: list[Entry] = []
    for one in specs:
        contents = one.get("contents") if isinstance(one, YamlMap) else None
        patterns = [contents] if isinstance(contents, str) else [c for c in contents or [] if isinstance(c, str)]
        pages = [page for pattern in patterns or ["*"] for page in matching(pattern, every) if page != home]
        dated = []
        for page in pages:
            page_text = read_page(folder / page, page, Notes(), (page, None)) if within(folder / page, root) else None
            fields, _, _ = front_matter(page_text or "", page, Notes())
            dated.append((str((fields or {}).get("date") or ""), page))
        sort = str(one.get("sort", "date desc")) if isinstance(one, YamlMap) else "date desc"
        dated.sort(key=lambda item: item[0], reverse="desc" in sort)
        found += [Entry(page, "chapter", None) for _, page in dated]
    return found


# -- the project ------------------------------------------------------------------------------------


def metadata(config: YamlMap) -> dict:
    book, website = mapping(config, "book"), mapping(config, "website")

    def first(*keys: str):
        for source in (book, website, config):
            for key in keys:
                if source.get(key) not in (None, ""):
                    return source[key]
        return None

    meta = {}
    for field, keys in (("title", ("title",)), ("subtitle", ("subtitle",)), ("description", ("description", "abstract"))):
        value = first(*keys)
        if isinstance(value, str):
            meta[field] = " ".join(value.split())
    meta["authors"] = names(first("author"))
    publisher = first("publisher")
    meta["publisher"] = publisher if isinstance(publisher, str) else None
    date = first("date")
    if isinstance(date, datetime.date):
        meta["date"] = date
    elif isinstance(date, str) and re.match(r"^\d{4}-\d\d-\d\d$", date):
        meta["date"] = datetime.date.fromisoformat(date)
    lang = first("lang")
    meta["language"] = lang if isinstance(lang, str) else None
    rights = first("license", "copyright")
    if isinstance(rights, dict):
        rights = rights.get("text") or rights.get("holder")
    meta["rights"] = str(rights) if rights else None
    isbn = first("isbn")
    if isbn:
        from folio.source.load import valid_isbn

        digits = re.sub(r"[^0-9Xx]", "", str(isbn))
        meta["identifier"] = f"urn:isbn:{digits}" if valid_isbn(digits) else None
    keywords = first("keywords")
    meta["keywords"] = [str(k) for k in keywords] if isinstance(keywords, list) else None
    return meta


def repository(config: YamlMap, folder: Path) -> tuple[str, Path] | None:
    """Where the project's files are on the web (``repo-url``, ``repo-branch``, ``repo-subdir``), for links to a file that is no page."""
    for source in (mapping(config, "book"), mapping(config, "website")):
        url = source.get("repo-url")
        if isinstance(url, str) and url.startswith("https://"):
            branch = source.get("repo-branch") if isinstance(source.get("repo-branch"), str) else "HEAD"
            subdir = str(source.get("repo-subdir") or "").strip("/")
            return f"{url.rstrip('/')}/blob/{branch}" + (f"/{subdir}" if subdir else ""), folder
    return None


def leftovers(config: YamlMap, folder: Path, shown: str, notes: Notes) -> None:
    """Every setting of _quarto.yml a report folder has no place for, at its line."""
    for scope, data in (
        ("", config),
        ("project.", mapping(config, "project")),
        ("book.", mapping(config, "book")),
        ("website.", mapping(config, "website")),
    ):
        for key in data:
            if key in QUIET or (not scope and key in ("project", "book", "website")):
                continue
            reason = REASONS.get(key) or (WEB if scope in ("book.", "website.") else "a Quarto setting with no place in a report folder")
            notes.add(shown, line_of(data, key), f"{scope}{key}: {reason}")
    extensions = folder / "_extensions"
    if extensions.is_dir():
        for manifest in sorted(extensions.rglob("_extension.y*ml")):
            name = manifest.parent.relative_to(extensions).as_posix()
            notes.add(
                manifest.relative_to(folder).as_posix(),
                None,
                f"the Quarto extension {name} is not run: its filters, shortcodes and formats are left out",
            )
