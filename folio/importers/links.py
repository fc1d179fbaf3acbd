"""Links and pictures of an imported page, pointed at the report folder.

A link to another page (``other.qmd#sec``, ``../ch02.md#anchor``, mdBook's
``ch01-02.html``) becomes ``#id``, the id that page's heading now has; a link to
a file of the project that is no page goes to the project's repository on the
web when it names one, else becomes its text; a web address stays.  Pictures
move into ``images/`` (:class:`folio.importers.assets.Pictures`).
"""

from __future__ import annotations

import re
import urllib.parse
from pathlib import Path, PurePosixPath

from folio.importers import text as md
from folio.importers.assets import Glyphs, Pictures
from folio.importers.files import resolved
from folio.importers.model import Imported, Page, Project

SCHEMES = ("https://", "http://", "mailto:")
"""Link targets folio keeps as they are."""


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
        full = resolved(base / path.lstrip("/"))
        if full is None:
            self.project.notes.add(*where, f"link to {target}: no file can have that name; kept as text")
            return None
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
        base, folder = self.project.repository or ("", self.project.root)
        if base and full.is_relative_to(folder.resolve()) and full.exists():
            url = f"{base.rstrip('/')}/{urllib.parse.quote(full.relative_to(folder.resolve()).as_posix())}"
            self.project.notes.add(*where, f"link to {target}: not a page of the book; it now points at {url}")
            return url
        self.project.notes.add(
            *where, f"link to {target}: not a page of the book, and folio links only to the report and the web; kept as text"
        )
        return None
