"""``folio import`` on damaged, crafted and oversized Word documents.

Each document starts as a real .docx (pandoc's DOCX writer, with a picture)
and is then damaged the way files are: a bad CRC, compressed data cut short,
a file cut in half, a picture that decodes to a billion pixels, an entry
that unpacks to a gigabyte, an entry named ``../../x``, text XML past the
limit, text dense enough to exhaust pandoc's heap.  Each is refused with one
line and exit status 1, with nothing written and the peak memory of the
whole import (pandoc included) under 1 GB.  Pictures the document only links
to, or whose reference leads outside it, are listed in the import's
summary, one line each.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from support.bounded import MEMORY_CEILING_MB, measured

from folio import pandoc

Change = Callable[[str, bytes], "bytes | list[tuple[str, bytes]] | None"]


def base_docx(folder: Path) -> Path:
    """A two-chapter document with one picture, as pandoc's DOCX writer makes it."""
    from PIL import Image

    Image.effect_noise((64, 64), 50).convert("RGB").save(folder / "pic.png")
    target = folder / "base.docx"
    markdown = b"# One\n\nText with a picture.\n\n![A picture](pic.png)\n\n# Two\n\nMore text.\n"
    subprocess.run([pandoc.executable(), "-f", "markdown", "-t", "docx", "-o", str(target)], input=markdown, cwd=folder, check=True)
    return target


def rewritten(base: Path, target: Path, change: Change) -> Path:
    """``base`` with each entry passed through ``change`` (new bytes, a list of entries to write instead, or ``None``: as it is)."""
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as written:
        for info in source.infolist():
            data = source.read(info.filename)
            new = change(info.filename, data)
            for name, content in new if isinstance(new, list) else [(info.filename, data if new is None else new)]:
                written.writestr(name, content)
    return target


def media_name(base: Path) -> str:
    with zipfile.ZipFile(base) as archive:
        return next(name for name in archive.namelist() if name.startswith("word/media/"))


def flipped_crc(base: Path, target: Path) -> Path:
    """``base`` with the CRC of word/document.xml wrong in both its headers."""
    data = bytearray(base.read_bytes())
    with zipfile.ZipFile(base) as archive:
        info = archive.getinfo("word/document.xml")
    data[info.header_offset + 14] ^= 0xFF
    central = 0
    while (central := data.find(b"PK\x01\x02", central)) >= 0:
        length = int.from_bytes(data[central + 28 : central + 30], "little")
        if data[central + 46 : central + 46 + length] == b"word/document.xml":
            data[central + 16] ^= 0xFF
        central += 4
    target.write_bytes(bytes(data))
    return target


def cut_deflate(base: Path, target: Path) -> Path:
    """``base`` with the second half of word/document.xml's compressed data zeroed."""
    data = bytearray(base.read_bytes())
    with zipfile.ZipFile(base) as archive:
        info = archive.getinfo("word/document.xml")
    offset = info.header_offset
    start = (
        offset + 30 + int.from_bytes(data[offset + 26 : offset + 28], "little") + int.from_bytes(data[offset + 28 : offset + 30], "little")
    )
    data[start + info.compress_size // 2 : start + info.compress_size] = bytes(info.compress_size - info.compress_size // 2)
    target.write_bytes(bytes(data))
    return target


def png(width: int, height: int, mode: str = "RGB", kind: str = "PNG") -> bytes:
    from PIL import Image

    data = io.BytesIO()
    Image.new(mode, (width, height)).save(data, kind)
    return data.getvalue()


def dense_text(paragraphs: int) -> Change:
    paragraph = b"<w:p><w:r><w:t>" + b"x " * 50 + b"</w:t></w:r></w:p>"
    return lambda name, data: data.replace(b"<w:body>", b"<w:body>" + paragraph * paragraphs) if name == "word/document.xml" else None


def import_refused(docx: Path, into: Path) -> str:
    run = measured("import", docx, "--into", into, module="folio", timeout=300)
    assert run.code == 1, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    assert run.peak_mb < MEMORY_CEILING_MB, f"peak memory {run.peak_mb:.0f} MB"
    assert not into.exists()
    assert run.lines[1:] == [f"nothing was written to {into}"], run.stderr
    return run.lines[0]


CASES = {
    "bad-crc": lambda base, target: flipped_crc(base, target),
    "cut-deflate": lambda base, target: cut_deflate(base, target),
    "picture-bomb": lambda base, target: rewritten(base, target, lambda n, d: png(20000, 20000) if n == media_name(base) else None),
    "gif-bomb": lambda base, target: rewritten(
        base, target, lambda n, d: [(n.replace(".png", ".gif"), png(30000, 30000, "P", "GIF"))] if n == media_name(base) else None
    ),
    "zip-bomb": lambda base, target: rewritten(
        base, target, lambda n, d: [(n, d), ("word/media/filler.bin", bytes(300_000_000))] if n == media_name(base) else None
    ),
    "zip-slip": lambda base, target: rewritten(
        base, target, lambda n, d: [(n, d), ("../../evil.png", d)] if n == media_name(base) else None
    ),
    "text-past-the-limit": lambda base, target: rewritten(base, target, dense_text(70_000)),
    "heap-of-pandoc": lambda base, target: rewritten(base, target, dense_text(59_000)),
    "too-much-text": lambda base, target: rewritten(base, target, dense_text(12_000)),
}
EXPECTED = {
    "bad-crc": "word/document.xml is damaged inside the file (Bad CRC-32 for file 'word/document.xml'); "
    "open the document in Word and save it again",
    "cut-deflate": "word/document.xml is damaged inside the file (",
    "picture-bomb": "the picture word/media/",
    "gif-bomb": "the picture word/media/",
    "zip-bomb": "unpacks to 300 MB, more than 256 MB; compress its pictures in Word (Picture Format > Compress Pictures) or split it",
    "zip-slip": "holds a file named '../../evil.png', which leads outside the document: it is crafted, not saved by Word",
    "text-past-the-limit": "MB of XML, more than 8 MB (some 800 pages); split it into smaller documents and import each",
    "heap-of-pandoc": "pandoc needs more than 500 MB to read it; split it into smaller documents",
    "too-much-text": "holds more text than folio imports at once (some 350,000 words); split it into smaller documents",
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_damaged_crafted_or_oversized_document_is_refused(tmp_path: Path, case: str) -> None:
    base = base_docx(tmp_path)
    docx = CASES[case](base, tmp_path / f"{case}.docx")

    line = import_refused(docx, tmp_path / "report")

    assert line.startswith(f"folio import: {docx}")
    assert EXPECTED[case] in line, line
    if case in ("picture-bomb", "gif-bomb"):
        assert "pixels; reduce it in Word (Picture Format > Compress Pictures) and save again" in line


def test_pictures_left_out_are_each_listed(tmp_path: Path) -> None:
    base = base_docx(tmp_path)
    relations = "word/_rels/document.xml.rels"

    def two_pictures(name: str, data: bytes):
        if name == "word/document.xml":  # the picture twice, then each use pointed elsewhere
            drawing = re.search(rb"<w:drawing>.*?</w:drawing>", data, re.DOTALL).group(0)
            second = drawing.replace(b'r:embed="', b'r:embed="x')
            return data.replace(drawing, drawing + second, 1)
        if name == relations:
            image = re.search(
                rb'<Relationship [^>]*Id="([^"]+)"[^>]*/image"[^>]*/>|<Relationship [^>]*/image"[^>]*Id="([^"]+)"[^>]*/>', data
            )
            ident = image.group(1) or image.group(2)
            outside = (
                f'<Relationship Id="x{ident.decode()}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" '
            )
            outside += 'Target="../../../../etc/hostname"/>'
            linked = re.sub(rb'Target="media/[^"]+"', b'Target="http://example.com/chart.png" TargetMode="External"', image.group(0))
            return data.replace(image.group(0), linked + outside.encode())
        return None

    docx = rewritten(base, tmp_path / "linked.docx", two_pictures)
    run = measured("import", docx, "--into", tmp_path / "report", module="folio", timeout=300)

    assert run.code == 0, run.stderr
    assert (
        "  picture 'http://example.com/chart.png': linked to, not held in the document; save it into the document or add it to images/"
        in (run.lines)
    )
    assert "  picture '../../../../etc/hostname': points outside the document, or at nothing in it; left out" in run.lines
    assert not (tmp_path / "report" / "images").exists()


def test_a_damaged_picture_to_convert_is_listed_not_a_traceback(tmp_path: Path) -> None:
    base = base_docx(tmp_path)
    gif = png(40, 40, "P", "GIF")

    def damaged_gif(name: str, data: bytes):
        if name == media_name(base):
            return [(name.replace(".png", ".gif"), gif[: len(gif) // 2])]
        if name.endswith(".rels"):
            return data.replace(Path(media_name(base)).name.encode(), Path(media_name(base)).with_suffix(".gif").name.encode())
        if name == "[Content_Types].xml":
            return data.replace(b'Extension="png" ContentType="image/png"', b'Extension="gif" ContentType="image/gif"')
        return None

    docx = rewritten(base, tmp_path / "gif.docx", damaged_gif)
    run = measured("import", docx, "--into", tmp_path / "report", module="folio", timeout=300)

    assert "Traceback" not in run.stderr
    assert run.code in (0, 1), run.stderr
    assert [line for line in run.lines if line.startswith("  picture ") and ".gif: is damaged (" in line], run.stderr
