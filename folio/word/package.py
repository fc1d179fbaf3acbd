"""What a .docx holds beyond what pandoc reads: its properties, and what cannot come across.

pandoc reads the text, headings, notes, tables and pictures.  Comments,
tracked changes, text boxes, page headers and fonts have no place in a
report folder; they are found here in the document's own XML, so the author
is told about each one instead of finding it gone.
"""

from __future__ import annotations

import datetime
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from lxml import etree

from folio.word.archive import Unusable

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {
    "w": W,
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
}
MAX_PART_BYTES = 50_000_000
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class NotWord(Exception):
    """The file is not a Word document (.docx) folio can read."""


@dataclass
class Properties:
    """The document's own properties (File > Info in Word)."""

    title: str | None = None
    subject: str | None = None
    authors: list[str] = field(default_factory=list)
    company: str | None = None
    language: str | None = None
    modified: datetime.date | None = None
    keywords: list[str] = field(default_factory=list)


@dataclass
class Leftovers:
    """What the document has that a report folder cannot carry, counted."""

    comments: int = 0
    changes: int = 0
    text_boxes: int = 0
    headers_footers: int = 0
    fonts: set[str] = field(default_factory=set)

    def lines(self) -> list[str]:
        said = []
        if self.comments:
            said.append(
                f"{self.comments} comment{plural(self.comments)}: left out; answer them in Word before importing, or copy them by hand"
            )
        if self.changes:
            said.append(f"{self.changes} tracked change{plural(self.changes)}: taken as accepted; check the text where they were")
        if self.text_boxes:
            said.append(f"{self.text_boxes} text box{'es' if self.text_boxes != 1 else ''}: left out; move their text into the chapters")
        if self.headers_footers:
            said.append("page headers and footers: left out; folio sets running heads and page numbers itself")
        if self.fonts:
            said.append(f"fonts chosen by hand ({', '.join(sorted(self.fonts))}): left out; every edition uses folio's fonts")
        return said


def plural(count: int) -> str:
    return "" if count == 1 else "s"


def read_package(path, shown=None) -> tuple[Properties, Leftovers]:
    """The properties and the leftovers of the .docx at ``path`` (named ``shown`` in messages); raise :class:`NotWord`."""
    path_shown = shown or path
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise NotWord(f"{path_shown} is not a Word document (.docx): {error}") from error
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise NotWord(f"{path_shown} has no word/document.xml; save it from Word as a .docx (Word Document), not .doc or .odt")

        def xml(name: str):
            if name not in names:
                return None
            info = archive.getinfo(name)
            if info.file_size > MAX_PART_BYTES:
                raise Unusable(f"{path_shown}: {name} is larger than {MAX_PART_BYTES // 1_000_000} MB")
            try:
                return etree.fromstring(archive.read(name), PARSER)
            except etree.XMLSyntaxError as error:
                raise Unusable(f"{path_shown}: {name} is not well-formed XML ({error}); open it in Word and save it again") from error

        return properties(xml("docProps/core.xml"), xml("docProps/app.xml"), xml("word/styles.xml")), leftovers(names, xml)


def text_of(root, xpath: str) -> str | None:
    if root is None:
        return None
    found = root.find(xpath, NS)
    value = " ".join((found.text or "").split()) if found is not None else ""
    return value or None


def properties(core, app, styles) -> Properties:
    found = Properties(title=text_of(core, "dc:title"), subject=text_of(core, "dc:subject"), company=text_of(app, "ep:Company"))
    creator = text_of(core, "dc:creator")
    found.authors = [name.strip() for name in re.split(r";|\band\b", creator or "") if name.strip()]
    found.language = text_of(core, "dc:language")
    if found.language is None and styles is not None:
        lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
        found.language = lang.get(f"{{{W}}}val") if lang is not None else None
    modified = text_of(core, "dcterms:modified")
    if modified and re.match(r"\d{4}-\d\d-\d\d", modified):
        try:
            found.modified = datetime.date.fromisoformat(modified[:10])
        except ValueError:
            found.modified = None
    keywords = text_of(core, "cp:keywords")
    found.keywords = [word.strip() for word in re.split(r"[;,]", keywords or "") if word.strip()]
    return found


def leftovers(names: set[str], xml) -> Leftovers:
    found = Leftovers()
    comments = xml("word/comments.xml")
    if comments is not None:
        found.comments = len(comments.findall("w:comment", NS))
    stories = [xml(name) for name in ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")]
    for story in stories:
        if story is None:
            continue
        found.changes += len(story.xpath(".//w:ins | .//w:del | .//w:moveFrom | .//w:moveTo", namespaces=NS))
        # a text box is written twice (DrawingML and a VML fallback): count the DrawingML one where both are
        boxes = story.xpath(".//w:txbxContent[not(ancestor::*[local-name()='Fallback'])]", namespaces=NS)
        found.text_boxes += len(boxes)
        for fonts in story.iter(f"{{{W}}}rFonts"):
            for side in ("ascii", "hAnsi", "eastAsia", "cs"):
                name = fonts.get(f"{{{W}}}{side}")
                if name:
                    found.fonts.add(name)
    for name in names:
        part = PurePosixPath(name)
        if part.parent.as_posix() == "word" and re.match(r"(header|footer)\d*\.xml$", part.name):
            root = xml(name)
            if root is not None and "".join(root.itertext()).strip():
                found.headers_footers += 1
    return found
