"""The EPUB as a set of files: read what pandoc wrote, finish the package, zip it.

pandoc writes the content documents, the notes and the navigation; the rest
of :mod:`folio.epub.write` edits its output as XML (never as text) and this module
holds what those edits share: the parsed documents (:class:`Book`), the
package document's metadata and manifest, and the zip.

The zip is reproducible: ``mimetype`` first and stored, then every other file
in a fixed order, all stamped with the report's date.
"""

from __future__ import annotations

import datetime
import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from folio.run.files import zip_stamp

XHTML = "http://www.w3.org/1999/xhtml"
EPUB = "http://www.idpf.org/2007/ops"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
SVG = "http://www.w3.org/2000/svg"
MATHML = "http://www.w3.org/1998/Math/MathML"
NS = {"h": XHTML, "epub": EPUB, "opf": OPF, "dc": DC, "svg": SVG, "m": MATHML}
EPUB_TYPE = f"{{{EPUB}}}type"
CONTAINER = "META-INF/container.xml"

MEDIA_TYPES = {
    ".otf": "font/otf",
    ".ttf": "font/ttf",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
    ".css": "text/css",
    ".xhtml": "application/xhtml+xml",
}


def q(tag: str, ns: str = XHTML) -> str:
    """A namespaced tag name for lxml: ``q("p")`` → ``{http://www.w3.org/1999/xhtml}p``."""
    return f"{{{ns}}}{tag}"


def local(element) -> str:
    """The tag of ``element`` without its namespace (``""`` for comments)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


@dataclass(frozen=True, slots=True)
class Item:
    """One manifest entry of the package document."""

    id: str
    href: str
    """Path inside the zip, e.g. ``EPUB/text/ch001.xhtml``."""
    media_type: str
    properties: frozenset[str]


class Book:
    """An EPUB opened for editing: raw files, and parsed XML for the documents we change.

    Paths are zip paths (``EPUB/text/ch001.xhtml``).  :meth:`save` writes
    every parsed document back before zipping.
    """

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = dict(files)
        self.trees: dict[str, etree._ElementTree] = {}
        container = etree.fromstring(self.files[CONTAINER])
        self.opf_path = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}rootfile").get("full-path")
        self.base = posixpath.dirname(self.opf_path)

    @classmethod
    def open(cls, path: Path) -> Book:
        with zipfile.ZipFile(path) as archive:
            return cls({info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()})

    # -- documents ----------------------------------------------------------------

    def tree(self, path: str) -> etree._ElementTree:
        if path not in self.trees:
            parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
            root = etree.fromstring(self.files[path], parser)
            if path == self.opf_path:
                # pandoc declares an unused ``opf:`` prefix, which would otherwise name our additions.
                etree.cleanup_namespaces(root)
            self.trees[path] = root.getroottree()
        return self.trees[path]

    @property
    def opf(self) -> etree._Element:
        return self.tree(self.opf_path).getroot()

    def items(self) -> list[Item]:
        out = []
        for element in self.opf.find("opf:manifest", NS):
            if local(element) != "item":
                continue
            href = posixpath.normpath(posixpath.join(self.base, unquote(element.get("href"))))
            out.append(Item(element.get("id"), href, element.get("media-type"), frozenset((element.get("properties") or "").split())))
        return out

    def item(self, *, properties: str | None = None, href: str | None = None) -> Item | None:
        for item in self.items():
            if (properties is None or properties in item.properties) and (href is None or item.href == href):
                return item
        return None

    def spine(self) -> list[str]:
        """Zip paths of the spine's documents, in reading order."""
        by_id = {item.id: item.href for item in self.items()}
        return [by_id[ref.get("idref")] for ref in self.opf.find("opf:spine", NS) if local(ref) == "itemref"]

    @property
    def nav_path(self) -> str:
        return self.item(properties="nav").href

    def documents(self) -> list[str]:
        """Every XHTML content document: the spine's, then the rest (the nav)."""
        spine = self.spine()
        rest = [item.href for item in self.items() if item.media_type == "application/xhtml+xml" and item.href not in spine]
        return spine + rest

    def relative(self, source: str, target: str) -> str:
        """``target`` as an href from the document ``source``."""
        return posixpath.relpath(target, posixpath.dirname(source))

    def ids(self) -> dict[str, str]:
        """Every id of every content document → the document holding it (first wins)."""
        found: dict[str, str] = {}
        for path in self.documents():
            for element in self.tree(path).iter():
                ident = element.get("id") if isinstance(element.tag, str) else None
                if ident:
                    found.setdefault(ident, path)
        return found

    # -- manifest -----------------------------------------------------------------

    def add_file(self, href: str, data: bytes, *, item_id: str, properties: str = "") -> None:
        """Add a file to the zip and to the manifest (``href`` relative to the package document)."""
        self.files[posixpath.join(self.base, href)] = data
        element = etree.SubElement(self.opf.find("opf:manifest", NS), q("item", OPF), id=item_id, href=href)
        element.set("media-type", MEDIA_TYPES[posixpath.splitext(href)[1].lower()])
        if properties:
            element.set("properties", properties)

    def set_properties(self, path: str, properties: set[str]) -> None:
        for element in self.opf.find("opf:manifest", NS):
            if local(element) == "item" and posixpath.normpath(posixpath.join(self.base, unquote(element.get("href")))) == path:
                if properties:
                    element.set("properties", " ".join(sorted(properties)))
                elif "properties" in element.attrib:
                    del element.attrib["properties"]

    # -- writing ------------------------------------------------------------------

    def save(self, path: Path, date: datetime.date) -> None:
        """Write the EPUB: ``mimetype`` first and stored, a fixed order, the report's date on every entry."""
        etree.indent(self.tree(self.opf_path), space="  ")
        for name, tree in self.trees.items():
            self.files[name] = serialize(tree)
        stamp = zip_stamp(date)
        first = ["mimetype", CONTAINER, self.opf_path]
        names = first + sorted(name for name in self.files if name not in first)
        with zipfile.ZipFile(path, "w") as archive:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=stamp)
                info.create_system = 3
                info.external_attr = 0o100644 << 16
                stored = name == "mimetype"
                info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
                archive.writestr(info, self.files[name], compresslevel=None if stored else 9)


def serialize(tree: etree._ElementTree) -> bytes:
    """An XML document with the declaration and DOCTYPE it was read with."""
    return etree.tostring(tree, encoding="UTF-8", xml_declaration=True) + b"\n"


def content_properties(tree: etree._ElementTree) -> set[str]:
    """The manifest properties a content document needs for what it holds."""
    root = tree.getroot()
    found = set()
    if root.find(".//svg:svg", NS) is not None:
        found.add("svg")
    if root.find(".//m:math", NS) is not None:
        found.add("mathml")
    return found
