"""Helpers for the tests of ``folio import`` on Quarto projects and mdBooks: import a fixture, read what it wrote, build it."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml
from conftest import REPORTS, Run

from support.epub import NS, Epub
from support.run import folio


@dataclass
class Imported:
    folder: Path
    run: Run

    @property
    def report(self) -> dict:
        return yaml.safe_load((self.folder / "report.yaml").read_text("utf-8"))

    @property
    def contents(self) -> list[tuple[str, str]]:
        return [next(iter(item.items())) for item in self.report["contents"]]

    def chapter(self, name: str) -> tuple[dict, str]:
        """The header and the body of ``chapters/NAME``."""
        text = (self.folder / "chapters" / name).read_text("utf-8")
        match = re.match(r"\A---\n(.*?\n)---\n", text, re.DOTALL)
        assert match, text[:200]
        return yaml.safe_load(match.group(1)), text[match.end() :].lstrip("\n")

    @property
    def notes(self) -> list[str]:
        """The lines ``folio import`` listed under "not carried over"."""
        lines = self.run.stderr.splitlines()
        start = next((i for i, line in enumerate(lines) if line.startswith("not carried over")), None)
        if start is None:
            return []
        return [line.strip() for line in lines[start + 1 :] if line.startswith("  ")]

    def noted(self, start: str) -> str:
        """The one note that starts with ``start`` (a file and line)."""
        found = [note for note in self.notes if note.startswith(start)]
        assert len(found) == 1, (start, self.notes)
        return found[0]


def import_fixture(name: str, tmp_path: Path, prepare=None) -> Imported:
    """``folio import`` of a copy of ``tests/reports/NAME`` (outside this repository, as a user's project is)."""
    project = tmp_path / name
    shutil.copytree(REPORTS / name, project)
    if prepare is not None:
        prepare(project)
    return import_project(project, tmp_path / "report")


def import_project(project: Path, folder: Path) -> Imported:
    done = folio("import", project, "--into", folder)
    assert done.code == 0, done.stderr
    assert "next: folio build" in done.stderr, done.stderr  # the import checked the folder: no error
    return Imported(folder, done)


def build(imported: Imported, out: Path) -> Epub:
    """The PDF and the EPUB of an imported folder; the EPUB opened."""
    done = folio("build", "pdf", "epub", "--source", imported.folder, "--out", out, "--jobs", "1", "-q")
    assert done.code == 0, done.stderr
    assert "error" not in done.stderr.lower(), done.stderr
    slug = imported.report["slug"]
    assert (out / f"{slug}.pdf").is_file()
    return Epub(out / f"{slug}.epub")


def toc_titles(epub: Epub) -> list[str]:
    """The titles of the EPUB's table of contents, top level, in order."""
    toc = epub.nav("toc")
    items = toc.findall("h:ol/h:li", NS)
    return [" ".join("".join(item.find("h:a", NS).itertext()).split()) for item in items]


def broken_links(epub: Epub) -> list[str]:
    """Every link inside the EPUB whose target element does not exist."""
    broken = []
    for path in epub.documents():
        for anchor in epub.tree(path).iter(f"{{{NS['h']}}}a"):
            href = anchor.get("href") or ""
            if not href or re.match(r"^[a-z]+:", href):
                continue
            if epub.resolve(href, path) is None:
                broken.append(f"{path}: {href}")
    return broken


def element_with_id(epub: Epub, ident: str):
    for path in epub.documents():
        for element in epub.tree(path).iter():
            if isinstance(element.tag, str) and element.get("id") == ident:
                return path, element
    return None


def links_to(epub: Epub, text: str) -> list[str]:
    """The hrefs of the links whose text is ``text``, each resolved to the id it reaches."""
    found = []
    for path in epub.documents():
        for anchor in epub.tree(path).iter(f"{{{NS['h']}}}a"):
            if " ".join("".join(anchor.itertext()).split()) == text:
                target = epub.resolve(anchor.get("href") or "", path)
                found.append(target.get("id") if target is not None else None)
    return found
