"""A .docx read as what it is: a zip archive from someone else, checked before pandoc opens it.

A Word document is a zip of XML parts and pictures, and a zip can lie: a
41 kB file may unpack to gigabytes, an entry may be damaged (a bad CRC, its
compressed data cut short), a name may lead out of the folder it is
unpacked into (``../../x``), a picture may be a few kilobytes that decode to
billions of pixels.  So before anything else reads it, every entry is read
here through Python's zip reader, which stops at the size each entry
declares and checks its CRC, within limits on what the whole unpacks to
and on the XML that holds the text; pictures are measured by their
headers.  What passes is written to a clean copy, which is all pandoc and
folio's own readers then see.  A damaged or oversized document is refused
with one clear line, and nothing is written.

The pictures Word links to instead of holding (a file on the author's
machine, a web address) or whose reference leads outside the document are
found here too, so the import can list each one it leaves out.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from lxml import etree

MAX_ENTRIES = 10_000
MAX_UNPACKED_BYTES = 256_000_000
"""What a document's parts and pictures may unpack to, all together."""
MAX_TEXT_BYTES = 8_000_000
"""The XML that holds the text (the body, notes, comments): some 800 pages of a Word document; pandoc
needs about 0.1 GB per MB of it."""
TEXT_PARTS = re.compile(r"word/(document|footnotes|endnotes|comments)\d*\.xml")
PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp")
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class Unusable(Exception):
    """The document is damaged, crafted or too large to import: said in one line, exit status 1."""


def clean_copy(docx: Path, target: Path) -> list[str]:
    """Check every entry of ``docx`` and write the ones it holds to ``target``; the pictures it leaves out, one line each.

    Raises :class:`Unusable`; ``zipfile.BadZipFile`` when it is not a zip at all.
    """
    with zipfile.ZipFile(docx) as archive:
        entries = archive.infolist()
        check_entries(docx, entries)
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as clean:
            for info in entries:
                if info.is_dir():
                    continue
                copy_entry(docx, archive, info, clean)
        return dropped_pictures(archive)


def check_entries(docx: Path, entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ENTRIES:
        raise Unusable(f"{docx} holds {len(entries):,} files, more than {MAX_ENTRIES:,}: it is no document Word saves")
    seen: set[str] = set()
    for info in entries:
        name = info.filename
        pure = PurePosixPath(name)
        if pure.is_absolute() or ".." in pure.parts or "\\" in name or "\0" in name or re.match(r"^[A-Za-z]:", name):
            raise Unusable(f"{docx} holds a file named {name!r}, which leads outside the document: it is crafted, not saved by Word")
        if name in seen:
            raise Unusable(f"{docx} holds {name!r} twice: it is damaged; open it in Word and save it again")
        seen.add(name)
        if info.flag_bits & 0x1:
            raise Unusable(f"{docx} is protected by a password; save a copy without one and import that")
    unpacked = sum(info.file_size for info in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise Unusable(
            f"{docx} unpacks to {unpacked / 1e6:,.0f} MB, more than {MAX_UNPACKED_BYTES / 1e6:,.0f} MB; "
            "compress its pictures in Word (Picture Format > Compress Pictures) or split it"
        )
    text = sum(info.file_size for info in entries if TEXT_PARTS.fullmatch(info.filename))
    if text > MAX_TEXT_BYTES:
        raise Unusable(
            f"{docx}: its text unpacks to {text / 1e6:,.1f} MB of XML, more than {MAX_TEXT_BYTES / 1e6:,.0f} MB "
            "(some 800 pages); split it into smaller documents and import each"
        )


def copy_entry(docx: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo, clean: zipfile.ZipFile) -> None:
    """Copy one entry, read to its declared size with its CRC checked; a picture is measured first."""
    try:
        with archive.open(info) as source:
            if info.filename.lower().endswith(PICTURE_SUFFIXES):
                head = source.read(1 << 16)
                picture_problem = too_many_pixels(head)
                if picture_problem:
                    raise Unusable(f"{docx}: the picture {info.filename} {picture_problem}")
            else:
                head = b""
            with clean.open(info.filename, "w") as target:
                target.write(head)
                shutil.copyfileobj(source, target, 1 << 20)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError, ValueError) as error:
        detail = " ".join(str(error).split()) or type(error).__name__
        raise Unusable(
            f"{docx}: {info.filename} is damaged inside the file ({detail}); open the document in Word and save it again"
        ) from error


def too_many_pixels(head: bytes) -> str | None:
    """What is wrong with a picture whose first bytes are ``head``, by its header alone; ``None`` when nothing is."""
    import io
    import warnings

    from PIL import Image, UnidentifiedImageError

    from folio.source.pictures.images import MAX_PIXELS

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(head)) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"has more than {MAX_PIXELS:,} pixels; reduce it in Word (Picture Format > Compress Pictures) and save again"
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        return None  # not a header Pillow knows in its first bytes: the picture is checked again once it is in images/
    if width * height > MAX_PIXELS:
        return (
            f"has {width} x {height} pixels, more than {MAX_PIXELS:,}; reduce it in Word (Picture Format > Compress Pictures) "
            "and save again"
        )
    return None


def dropped_pictures(archive: zipfile.ZipFile) -> list[str]:
    """A line for each picture the document links to instead of holding, or whose reference leads outside it.

    pandoc leaves such pictures out without a word; their caption or alt text stays.
    """
    names = set(archive.namelist())
    lines: list[str] = []
    for part in sorted(name for name in names if re.fullmatch(r"word/[^/]+\.xml", name)):
        rels_name = f"word/_rels/{PurePosixPath(part).name}.rels"
        if rels_name not in names:
            continue
        relations = relationships(archive.read(rels_name))
        for rel_id in picture_references(archive.read(part)):
            if rel_id not in relations:
                continue
            target, external = relations[rel_id]
            if external:
                lines.append(f"picture {target!r}: linked to, not held in the document; save it into the document or add it to images/")
                continue
            inside = posixpath.normpath(posixpath.join("word", target)) if not target.startswith("/") else target.lstrip("/")
            if inside.startswith("../") or inside == ".." or inside not in names:
                lines.append(f"picture {target!r}: points outside the document, or at nothing in it; left out")
    return list(dict.fromkeys(lines))


def relationships(data: bytes) -> dict[str, tuple[str, bool]]:
    """A part's relationships: id → (target, whether it is outside the document)."""
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError:
        return {}
    found = {}
    for rel in root:
        if str(rel.get("Type", "")).endswith("/image"):
            found[rel.get("Id", "")] = (rel.get("Target", ""), rel.get("TargetMode", "") == "External")
    return found


def picture_references(data: bytes) -> list[str]:
    """The relationship ids a part's pictures use (DrawingML ``r:embed``/``r:link``, VML ``r:id``)."""
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError:
        return []
    found = []
    for element in root.iter("{*}blip", "{*}imagedata"):
        for attribute in ("embed", "link", "id"):
            value = element.get(f"{{{R}}}{attribute}")
            if value:
                found.append(value)
    return found
