"""An imported book's pictures and bibliography, made a report folder's ``images/`` and ``references.yaml``.

Pictures are copied under names that follow the project's own folders
(``figures/ch1/plot.png`` becomes ``images/figures/ch1/plot.png``); GIF,
BMP, TIFF and WebP become PNG; each copy is checked as folio checks any
picture, and one folio would refuse is left out with the reason.  Nothing
outside the project is read and nothing is fetched: a picture on the web is
named, and its alt text stands in its place.

Bibliographies (BibTeX, BibLaTeX, CSL JSON, CSL YAML, RIS) are read by
pandoc's own readers and written as one CSL YAML file, as pandoc writes it.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path, PurePosixPath

import yaml

from folio import pandoc
from folio.importers.files import resolved
from folio.importers.model import Page, Project
from folio.importers.notes import Notes
from folio.source.pictures.images import check_image

IGNORED = {"Cc", "Cf", "Zs", "Zl", "Zp", "Mn"}
"""Characters that need no glyph of their own (as folio's glyph check counts them)."""
KEEP = {".png": ".png", ".jpg": ".jpg", ".jpeg": ".jpg", ".svg": ".svg"}
CONVERT = (".gif", ".bmp", ".tif", ".tiff", ".webp")
BIBLIOGRAPHY_READERS = {".bib": "biblatex", ".bibtex": "bibtex", ".json": "csljson", ".ris": "ris", ".yaml": "yaml", ".yml": "yaml"}
MAX_BIBLIOGRAPHY_BYTES = 5_000_000
KEY = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*$")
"""The citation keys references.yaml takes."""


class Pictures:
    """Each picture a page shows, copied once into ``images/``."""

    def __init__(self, root: Path, pages_root: Path, folder: Path, notes: Notes) -> None:
        self.root, self.pages_root, self.folder, self.notes = root.resolve(), pages_root, folder, notes
        self.done: dict[Path, str | None] = {}
        self.names: set[str] = set()
        self.copied = 0

    def place(self, page: Page, target: str, where: tuple[str, int]) -> str | None:
        """Where the picture ``target`` of ``page`` now is (``images/…``), or ``None`` with a note."""
        import urllib.parse

        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", target) or target.startswith("//"):
            shown = target if len(target) < 80 else target[:77] + "..."
            self.notes.add(*where, f"picture {shown}: folio fetches nothing from the web; its alt text stands in its place")
            return None
        path = urllib.parse.unquote(target.split("#", 1)[0].split("?", 1)[0])
        if not path:
            return target
        base = self.pages_root if path.startswith("/") else (self.pages_root / page.path).parent
        source = resolved(base / path.lstrip("/"))
        if source is None:
            self.notes.add(*where, f"picture {target}: no file can have that name; its alt text stands in its place")
            return None
        if source in self.done:
            return self.done[source]
        if not source.is_relative_to(self.root):
            self.notes.add(*where, f"picture {target}: outside the project, so not read; copy it into images/")
            return self.remember(source, None)
        if not source.is_file():
            self.notes.add(*where, f"picture {target}: no such file in the project; its alt text stands in its place")
            return self.remember(source, None)
        suffix = source.suffix.lower()
        if suffix not in KEEP and suffix not in CONVERT:
            kind = suffix.lstrip(".").upper() or "this kind of"
            self.notes.add(*where, f"picture {target}: a {kind} file, which no edition shows; save it as PNG or SVG in images/")
            return self.remember(source, None)
        pages = self.pages_root.resolve()
        name = self.name(source.relative_to(pages if source.is_relative_to(pages) else self.root), KEEP.get(suffix, ".png"))
        destination = self.folder / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        try:
            if suffix in KEEP:
                shutil.copyfile(source, destination)
            else:
                from PIL import Image

                with Image.open(source) as picture:
                    picture.save(destination, "PNG")
        except (OSError, ValueError) as error:
            destination.unlink(missing_ok=True)
            self.notes.add(*where, f"picture {target}: cannot be read ({error}); its alt text stands in its place")
            return self.remember(source, None)
        problems = check_image(destination, name)
        if problems:
            destination.unlink()
            self.notes.add(*where, f"picture {target}: folio cannot use it: {problems[0].message}")
            return self.remember(source, None)
        self.copied += 1
        return self.remember(source, name)

    def remember(self, source: Path, name: str | None) -> str | None:
        self.done[source] = name
        return name

    def name(self, relative: Path, suffix: str) -> str:
        parts = list(PurePosixPath(relative.as_posix()).with_suffix(suffix).parts)
        if len(parts) > 1 and parts[0].lower() in ("images", "image", "img", "imgs"):
            parts = parts[1:]
        clean = "/".join(re.sub(r"[^A-Za-z0-9_.-]+", "-", part).strip("-") or "picture" for part in parts)
        name, number = f"images/{clean}", 1
        while name in self.names:
            number += 1
            stem = PurePosixPath(clean)
            name = f"images/{stem.with_name(f'{stem.stem}-{number}{stem.suffix}').as_posix()}"
        self.names.add(name)
        return name


def write_references(project: Project, folder: Path, glyphs: Glyphs) -> list[dict]:
    """``references.yaml`` from every bibliography the project names; the entries written."""
    items: list[dict] = []
    seen: dict[str, str] = {}
    root = project.root.resolve()
    for named, named_in, line in project.bibliography:
        where = (named_in, line)
        path = resolved(named) or named
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else named.name
        reader = BIBLIOGRAPHY_READERS.get(path.suffix.lower())
        if not path.is_relative_to(root):
            project.notes.add(*where, f"bibliography {path.name}: outside the project, so not read; copy its entries into references.yaml")
            continue
        if not path.is_file():
            project.notes.add(*where, f"bibliography {shown}: no such file; its citations have no entries")
            continue
        if reader is None:
            project.notes.add(*where, f"bibliography {shown}: pandoc reads no {path.suffix} bibliography; convert it to BibTeX or CSL YAML")
            continue
        if path.stat().st_size > MAX_BIBLIOGRAPHY_BYTES:
            project.notes.add(*where, f"bibliography {shown}: larger than {MAX_BIBLIOGRAPHY_BYTES // 1_000_000} MB; not read")
            continue
        for item in read_bibliography(path, reader, shown, project.notes, where):
            key = str(item.get("id", ""))
            if key in seen:
                project.notes.add(shown, None, f"entry {key}: also in {seen[key]}; the first one is kept")
                continue
            if not KEY.match(key):
                project.notes.add(shown, None, f"entry {key!r}: not a citation key folio takes (letters, digits, _:.-…); left out")
                continue
            if not item.get("title"):
                item["title"] = item.get("container-title") or key
                project.notes.add(shown, None, f"entry {key}: has no title; its key stands in as the title in references.yaml")
            item.setdefault("type", "document")
            seen[key] = shown
            items.append(item)
    if items:
        text = yaml.safe_dump({"references": items}, allow_unicode=True, sort_keys=False, width=1000)
        text = glyphs.fix(text, lambda _: ("references.yaml", None))
        (folder / "references.yaml").write_text(text, encoding="utf-8")
    return items


def read_bibliography(path: Path, reader: str, shown: str, notes: Notes, where: tuple[str, int | None]) -> list[dict]:
    """The entries of one bibliography, as CSL items with Markdown in their text (pandoc's own conversion)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if reader == "yaml":
        text, reader = f"---\n{text}\n...\n", "markdown"
    try:
        result = pandoc.run(["--from", reader, "--to", "markdown", "--standalone"], text)
    except pandoc.PandocFailed as error:
        last = str(error).strip().splitlines()[-1]
        notes.add(*where, f"bibliography {shown}: pandoc cannot read it ({last}); fix it and import again")
        return []
    match = re.match(r"\A---\n(.*?\n)(?:---|\.\.\.)\n", result.output, re.DOTALL)
    try:
        data = yaml.safe_load(match.group(1)) if match else None
    except yaml.YAMLError:
        data = None
    entries = data.get("references") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        if text.strip():
            notes.add(*where, f"bibliography {shown}: no entries found in it")
        return []
    return [entry for entry in entries if isinstance(entry, dict)]


class Glyphs:
    """Characters no font folio ships can draw (emoji, symbols), written as their names, ``:sparkles:``, and named in the notes."""

    def __init__(self, notes: Notes) -> None:
        from folio.paths import FONTS
        from folio.source.fonts.faces import coverage, faces_in

        self.covered = coverage(faces_in(FONTS))
        self.notes = notes

    def missing(self, char: str) -> bool:
        """A symbol (an emoji, an arrow, ℹ) no shipped face has; letters of another script stay, for a font to be added."""
        import unicodedata

        category = unicodedata.category(char)
        symbol = category.startswith("S") or 0x2100 <= ord(char) <= 0x214F or ord(char) >= 0x1F000
        return symbol and ord(char) not in self.covered and category not in IGNORED

    def fix(self, text: str, where) -> str:
        """``text`` with every such character named; ``where(offset)`` gives its file and line."""
        import unicodedata

        missing = {char for char in set(text) if self.missing(char)}
        if not missing:
            return text
        out = []
        for offset, char in enumerate(text):
            if char in missing:
                name = unicodedata.name(char, f"U+{ord(char):04X}").lower().replace(" ", "_")
                out.append(f":{name}:")
                self.notes.count(
                    *where(offset),
                    f"character {char}",
                    f"U+{ord(char):04X} is in no font folio ships; written :{name}: (or add a font with it to styles/fonts/)",
                    f"times the character {char}",
                )
            else:
                out.append(char)
        return "".join(out)
