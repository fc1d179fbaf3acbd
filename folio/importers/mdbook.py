"""An mdBook (a folder with ``book.toml`` and ``src/SUMMARY.md``), read as pages in reading order.

``SUMMARY.md`` (read by pandoc) gives the order: prefix chapters are front
matter, numbered chapters are chapters with their nested sub-chapters set
inside them as sections (3.1, 3.2 …, as mdBook numbers them), suffix
chapters are appendices; a draft (``[Draft]()``) has no page and is listed.
``{{#include}}``, ``{{#rustdoc_include}}`` (with their line ranges and
anchors) and ``{{#playground}}`` are resolved as mdBook resolves them, and
code blocks are shown as mdBook shows them (hidden lines out, the
playground's attributes off).  The pages are CommonMark, which ``from:`` in
report.yaml says.  Preprocessors, themes, scripts and the web book's
settings are listed.
"""

from __future__ import annotations

import re
import tomllib
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from folio import pandoc
from folio.ast import stringify
from folio.importers import text as md
from folio.importers.files import NotImportable, reach, read_page, within
from folio.importers.files import shown as relative
from folio.importers.model import Page, Project
from folio.importers.notes import Notes

READER = "commonmark+footnotes+pipe_tables+strikeout+task_lists+attributes+alerts"
"""mdBook's Markdown (pulldown-cmark with mdBook's extensions), as pandoc reads it."""
DIRECTIVE = re.compile(r"\\\{\{#.*\}\}|\{\{\s*#([a-zA-Z0-9_]+)\s+([^}]+)\}\}")
ANCHOR = re.compile(r"ANCHOR:\s*([\w_-]+)")
ANCHOR_END = re.compile(r"ANCHOR_END:\s*([\w_-]+)")
BUILT_IN = ("links", "index")
HTML_OPTIONS = {
    "additional-css": "the web book's own stylesheets: folio's styles set every edition; a report's own look goes in styles/",
    "additional-js": "the web book's scripts: no script reaches an edition",
    "theme": "the web book's theme: folio's styles set every edition",
    "default-theme": "the web book's colour theme",
    "preferred-dark-theme": "the web book's colour theme",
    "playground": "the Rust playground (runnable, editable code): the editions show the code",
    "redirect": "redirects of the web book",
}


@dataclass
class Entry:
    path: str
    title: str
    place: str
    depth: int
    line: int | None


def read_mdbook(folder: Path) -> Project:
    notes = Notes()
    toml = folder / "book.toml"
    try:
        text = toml.read_text(encoding="utf-8")
        config = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise NotImportable(f"{toml}: cannot be read ({error}); give the folder of an mdBook") from error
    except tomllib.TOMLDecodeError as error:
        raise NotImportable(f"{toml}: not valid TOML ({error}); fix it and import again") from error
    book = config.get("book") if isinstance(config.get("book"), dict) else {}
    src = folder / str(book.get("src") or "src")
    summary = src / "SUMMARY.md"
    if not summary.is_file():
        raise NotImportable(f"{summary}: no such file; an mdBook lists its chapters in SUMMARY.md in its src folder")
    root = reach(folder)
    shown = summary.relative_to(folder).as_posix()
    entries = read_summary(summary.read_text(encoding="utf-8", errors="replace"), shown, notes)
    html = output_html(config)
    pages = []
    seen: set[str] = set()
    for entry in entries:
        if entry.path in seen:
            notes.add(shown, entry.line, f"{entry.path}: listed twice; kept where it is first")
            continue
        seen.add(entry.path)
        page = load_page(src, root, entry, folder, notes, html, bool(set(preprocessors(config)) - set(BUILT_IN)))
        if page is not None:
            pages.append(page)
    if not pages:
        raise NotImportable(f"{summary}: lists no chapter folio can read; check the links in it")
    project = Project(root=root, pages_root=src.resolve(), kind="mdBook", pages=pages, notes=notes, reader=READER, source=folder)
    project.settings = ("book.toml", shown, "theme/")
    if html.get("smart-punctuation") or html.get("curly-quotes"):
        project.reader += "+smart"
    if html.get("mathjax-support") and any(MATH.search(page.text.text) for page in pages):
        project.reader += "+tex_math_dollars"
        for page in pages:
            maths(page)
    project.meta = {
        "title": book.get("title") if isinstance(book.get("title"), str) else None,
        "description": book.get("description") if isinstance(book.get("description"), str) else None,
        "authors": [a for a in book.get("authors") if isinstance(a, str)] if isinstance(book.get("authors"), list) else [],
        "language": book.get("language") if isinstance(book.get("language"), str) else None,
    }
    project.repository = repository(html.get("git-repository-url"), folder, root)
    leftovers(config, text, folder, notes)
    return project


def preprocessors(config: dict) -> dict:
    return config.get("preprocessor") if isinstance(config.get("preprocessor"), dict) else {}


def output_html(config: dict) -> dict:
    output = config.get("output") if isinstance(config.get("output"), dict) else {}
    return output.get("html") if isinstance(output.get("html"), dict) else {}


# -- SUMMARY.md ------------------------------------------------------------------------------------


def read_summary(text: str, shown: str, notes: Notes) -> list[Entry]:
    """SUMMARY.md's chapters in order, as pandoc reads its CommonMark."""
    document, _ = pandoc.to_json(text, "commonmark")
    entries: list[Entry] = []
    cursor = [0]

    def line_of(target: str) -> int | None:
        needle = f"]({target})" if target else "]()"
        at = text.find(needle, cursor[0])
        if at < 0:
            return None
        cursor[0] = at + len(needle)
        return text.count("\n", 0, at) + 1

    def link_of(blocks: list) -> tuple[str, str] | None:
        for block in blocks:
            if block["t"] in ("Plain", "Para"):
                for inline in block["c"]:
                    if inline["t"] == "Link":
                        return inline["c"][2][0], " ".join(stringify(inline["c"][1]).split())
        return None

    def items(block: dict, depth: int) -> None:
        listed = block["c"] if block["t"] == "BulletList" else block["c"][1]
        for item in listed:
            link = link_of(item)
            nested = [b for b in item if b["t"] in ("BulletList", "OrderedList")]
            child_depth = depth + 1
            if link is not None:
                target, title = link
                line = line_of(target)
                if target:
                    entries.append(Entry(urllib.parse.unquote(target), title, "chapter", depth, line))
                else:
                    notes.add(shown, line, f"[{title}](): a draft chapter, with no page yet; left out")
                    child_depth = depth
            for sub in nested:
                items(sub, child_depth)

    numbered = False
    for index, block in enumerate(document["blocks"]):
        kind = block["t"]
        if kind in ("BulletList", "OrderedList"):
            numbered = True
            items(block, 0)
        elif kind in ("Para", "Plain") and any(inline["t"] == "Link" for inline in block["c"]):
            for inline in block["c"]:
                if inline["t"] != "Link":
                    continue
                target, title = inline["c"][2][0], " ".join(stringify(inline["c"][1]).split())
                line = line_of(target)
                if not target:
                    notes.add(shown, line, f"[{title}](): a draft chapter, with no page yet; left out")
                    continue
                entries.append(Entry(urllib.parse.unquote(target), title, "appendix" if numbered else "front", 0, line))
        elif kind == "Header" and (index > 0 or numbered):
            title = stringify(block["c"][2])
            at = text.find(title)
            notes.add(
                shown, text.count("\n", 0, at) + 1 if at >= 0 else None, f"part {title!r}: folio has no parts, so its title is left out"
            )
    return entries


# -- a page ---------------------------------------------------------------------------------------


def load_page(src: Path, root: Path, entry: Entry, folder: Path, notes: Notes, html: dict, preprocessed: bool) -> Page | None:
    path = src / entry.path
    summary = ("SUMMARY.md" if src == folder else f"{src.relative_to(folder).as_posix()}/SUMMARY.md", entry.line)
    real = within(path, root)
    if real is None:
        notes.add(*summary, f"{entry.path}: no such page; left out (mdBook would create it empty)")
        return None
    text = read_page(real, entry.path, notes, summary)
    if text is None:
        return None
    source = expand(md.Text.of(text, relative(real, folder)), real.parent, root, folder, notes, 0)
    source = code_blocks(source, html, notes)
    if preprocessed:
        placeholders(source, notes)
    return Page(path=entry.path, place=entry.place, text=source, title=entry.title, depth=entry.depth, shown=relative(real, folder))


def expand(source: md.Text, here: Path, root: Path, folder: Path, notes: Notes, depth: int) -> md.Text:
    """mdBook's ``{{#include}}``, ``{{#rustdoc_include}}``, ``{{#playground}}`` and ``{{#title}}``, as mdBook expands them.

    The included lines after the first are each given what stood before the
    directive on its line (an indent, ``> ``), as mdBook does.
    """
    lines: list[str] = []
    origins: list[tuple[str, int]] = []
    for index, line in enumerate(source.lines):
        where = source.where(index)
        current, origin, at = "", where, 0
        for match in DIRECTIVE.finditer(line) if "{{" in line else ():
            current += line[at : match.start()]
            at = match.end()
            if match.group(1) is None:
                current += match.group(0)[1:]  # an escaped directive is written without its backslash
                continue
            taken = directive(match.group(1), match.group(2).split(), (here, root, folder), notes, where, depth)
            if taken is None:
                current += match.group(0)
                continue
            prefix = current
            for number, (came_from, text) in enumerate(taken):
                if number == 0:
                    current += text
                    continue
                lines.append(current)
                origins.append(origin)
                current, origin = prefix + text, came_from
        lines.append(current + line[at:])
        origins.append(origin)
    return md.Text(lines, origins)


def directive(kind: str, arguments: list[str], places: tuple[Path, Path, Path], notes: Notes, where, depth: int):
    """The lines a directive stands for, each ``(origin, text)``; ``None`` leaves it as written.

    ``places``: the including file's folder, the folder nothing is read outside of, the book's folder.
    """
    here, root, folder = places
    if kind == "title":
        notes.add(*where, "{{#title}}: sets the web page's title only; left out")
        return []
    if kind not in ("include", "rustdoc_include", "playground", "playpen") or not arguments:
        return None
    spec = arguments[0]
    name, _, selection = spec.partition(":") if kind != "playground" and kind != "playpen" else (spec, "", "")
    real = within(here / name, root)
    if real is None or depth >= 10:
        why = "no such file in the project" if real is None else "includes nested more than 10 deep"
        notes.add(*where, f"{{{{#{kind} {spec}}}}}: {why}; left as written")
        return None
    text = read_page(real, name, notes, where)
    if text is None:
        return None
    numbered = [((relative(real, folder), n + 1), line) for n, line in enumerate(text.split("\n"))]
    if text.endswith("\n"):
        numbered.pop()
    if kind in ("playground", "playpen"):
        notes.count(*where, "playground", "runnable Rust in the web book: the editions show its code")
        return [(where, "```rust")] + numbered + [(where, "```")]
    chosen = select(numbered, selection)
    if kind == "rustdoc_include":
        notes.count(*where, "rustdoc_include", "the lines it shows are included; the rest of the file (hidden in the web book) is left out")
    inner = md.Text([t for _, t in chosen], [o for o, _ in chosen])
    inner = expand(inner, real.parent, root, folder, notes, depth + 1)
    return list(zip(inner.origins, inner.lines, strict=True))


def select(numbered: list, selection: str) -> list:
    """mdBook's ``:N``, ``:N:M``, ``:N:``, ``::M`` (lines, from 1) and ``:anchor`` (between ``ANCHOR:`` and ``ANCHOR_END:``)."""
    if not selection:
        return numbered
    first, _, last = selection.partition(":")
    if first and not first.isdigit():
        taken, inside = [], False
        for origin, line in numbered:
            if inside:
                end = ANCHOR_END.search(line)
                if end and end.group(1) == first:
                    break
                if not ANCHOR.search(line) and not end:
                    taken.append((origin, line))
            elif (start := ANCHOR.search(line)) and start.group(1) == first:
                inside = True
        return taken
    start = max(int(first) - 1, 0) if first else 0
    if ":" not in selection:
        return numbered[start : start + 1]
    end = int(last) if last.isdigit() else None
    return numbered[start:end]


PLACEHOLDER = re.compile(r"\{\{\s*[^#\s{}][^{}]*\}\}")


def placeholders(source: md.Text, notes: Notes) -> None:
    """``{{ name }}`` outside code: a value a preprocessor or the theme fills in, which stays as written."""
    text = source.text
    skip = md.code_spans(text, md.in_code(source.lines))
    skip = sorted(skip + [m.span() for m in re.finditer(r"<code\b.*?</code>", text, re.DOTALL)])
    for match in PLACEHOLDER.finditer(text):
        if not md.inside(match.start(), skip):
            where = source.where(text.count("\n", 0, match.start()))
            notes.add(*where, f"{match.group(0)}: a value the web book's preprocessors fill in; write the value")


def code_blocks(source: md.Text, html: dict, notes: Notes) -> md.Text:
    """Code as the web book shows it: a hidden line (``# `` in Rust) left out, the playground's attributes (``rust,ignore``) off."""
    code = html.get("code") if isinstance(html.get("code"), dict) else {}
    lines_hidden = code.get("hidelines") if isinstance(code.get("hidelines"), dict) else {}
    hidden = {"rust": "#"} | {k: v for k, v in lines_hidden.items() if isinstance(v, str) and v}
    lines, origins = list(source.lines), list(source.origins)
    drop: set[int] = set()
    for fence in md.fences(lines):
        words = [w for w in re.split(r"[,\s]+", fence.info) if w]
        if not words or fence.info.startswith("{"):
            continue
        language = words[0]
        if len(words) > 1:
            lines[fence.start] = f"{fence.indent}{fence.marks}{language}"
            notes.count(
                *source.where(fence.start),
                "code block attribute",
                "ignore, editable, should_panic … steer mdBook's playground and tests; left out",
            )
        prefix = hidden.get(language)
        if prefix is None:
            continue
        for index in range(fence.start + 1, fence.end):
            stripped = lines[index].lstrip()
            if language == "rust":
                if stripped.startswith("##"):
                    lines[index] = lines[index].replace("##", "#", 1)
                elif stripped.startswith("# ") or stripped == "#":
                    drop.add(index)
            elif stripped.startswith(prefix):
                drop.add(index)
    for index in sorted(drop):
        notes.count(*source.where(index), "hidden code line", "hidden in the web book until asked for; left out, as the book shows them")
    return md.Text([line for i, line in enumerate(lines) if i not in drop], [o for i, o in enumerate(origins) if i not in drop])


SPACE = " \t"
MATH = re.compile(r"\\\\\((.+?)\\\\\)|\\\\\[(.+?)\\\\\]", re.DOTALL)


def maths(page: Page) -> None:
    """MathJax's ``\\\\( … \\\\)`` and ``\\\\[ … \\\\]`` written as pandoc's ``$…$`` and ``$$…$$``, every other ``$`` escaped."""
    text = page.text.text
    skip = md.code_spans(text, md.in_code(page.text.lines))
    found = [m for m in MATH.finditer(text) if not md.inside(m.start(), skip)]
    edits = [(m.start(), m.end(), f"${m.group(1).strip()}$" if m.group(1) is not None else f"$${m.group(2).strip(SPACE)}$$") for m in found]
    for dollar in re.finditer(r"(?<!\\)\$", text):
        if not md.inside(dollar.start(), skip) and not any(m.start() <= dollar.start() < m.end() for m in found):
            edits.append((dollar.start(), dollar.end(), "\\$"))
    page.text.lines = md.apply(text, edits).split("\n")


def repository(url, folder: Path, root: Path) -> tuple[str, Path] | None:
    """``git-repository-url`` and the folder it stands for: the book's (``…/tree/main/guide``), else the repository's."""
    if not isinstance(url, str) or not url.startswith("https://"):
        return None
    if re.search(r"/(?:tree|blob)/", url):
        return url, folder
    if "github.com/" in url or "gitlab" in url:
        return f"{url.rstrip('/')}/blob/HEAD", root
    return None


# -- book.toml --------------------------------------------------------------------------------------


def leftovers(config: dict, text: str, folder: Path, notes: Notes) -> None:
    def line(pattern: str) -> int | None:
        match = re.search(pattern, text, re.MULTILINE)
        return text.count("\n", 0, match.start()) + 1 if match else None

    for name in preprocessors(config):
        if name not in BUILT_IN:
            notes.add(
                "book.toml",
                line(rf"^\s*\[preprocessor\.{re.escape(name)}\b"),
                f"preprocessor {name}: not run; what it adds to the pages is left out",
            )
    output = config.get("output") if isinstance(config.get("output"), dict) else {}
    for name in output:
        if name != "html":
            notes.add("book.toml", line(rf"^\s*\[output\.{re.escape(name)}\b"), f"output.{name}: settings of another mdBook renderer")
    for key, reason in HTML_OPTIONS.items():
        if key in output_html(config):
            notes.add("book.toml", line(rf"^\s*(\[output\.html\.{re.escape(key)}\]|{re.escape(key)}\s*=)"), f"output.html.{key}: {reason}")
    if (folder / "theme").is_dir():
        notes.add("theme/", None, "the web book's own theme (templates, styles, scripts): folio's styles set every edition")
