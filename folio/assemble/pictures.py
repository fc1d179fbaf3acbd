"""Raster pictures at the size where they are set, not as they came from the camera.

A 12-megapixel photo is four times what a full text width needs at 300 ppi,
and ten times what a screen shows.  Each use of a JPEG or PNG gets its own
copy: for the PDFs, 300 ppi at the widest it can be set (the text block, a
profile photo's box, the cover page with its bleed); for the EPUB and the web
edition, at most :data:`SCREEN_LONG_EDGE` pixels on the long edge.  A copy is
turned upright by its EXIF orientation, carries no metadata (a camera's
includes where the photo was taken) but keeps its colour profile, and is
JPEG (quality :data:`JPEG_QUALITY`) unless it has transparency or few
colours (line art), which stay PNG.  A picture already small enough, upright
and without metadata is used as it is.  Copies are kept in folio's cache,
keyed by the picture's content, so a rebuild does not make them again.

A picture is never cut: a profile photo is set whole (a portrait photo at a
height that suits the page).  Only a profile photo's ``crop:`` cuts it, to the
shape asked for around its ``focus:``, in every copy, so every edition shows
the same cut.

SVG is drawn at any size and passes through untouched.
"""

from __future__ import annotations

import base64
import hashlib
import io
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from folio.ast import walk
from folio.editions import BY_NAME
from folio.editions.edition import PicturePurpose
from folio.folder import media_type
from folio.model import Report
from folio.run.cache import remembered_bytes
from folio.run.files import file_digest
from folio.source import pagesize

Role = Literal["body", "photo", "cover"]
Purpose = PicturePurpose
Cut = tuple[tuple[float, float], tuple[float, float]] | None
"""A photo's ``crop:`` shape (width, height) and ``focus:`` (across, down, 0 to 1); ``None``: the whole picture."""

PRINT_PPI = 300
JPEG_QUALITY = 85
SCREEN_LONG_EDGE = 1600
"""Pixels on the long edge for the EPUB and the web edition: sharp on a high-density tablet screen."""
TEXT_WIDTH_MM = 124.0
"""The text block of both papers (``templates/variables.css.j2``)."""
PHOTO_WIDTH_MM = 48.0
"""A profile photo's side column (``styles/print.css``, ``.profile-aside``)."""
BLEED_MM = 8.0
"""The print edition's bleed on each side (``styles/print-edition.css``)."""
RASTER = {".jpg", ".jpeg", ".png"}


@dataclass(frozen=True, slots=True)
class Picture:
    """One picture as an edition uses it."""

    data: bytes
    media_type: str
    size: tuple[int, int]
    """Pixels of this copy."""
    original_size: tuple[int, int]
    """Pixels of the file, turned upright."""
    original_bytes: int
    changed: bool
    """Whether this copy differs from the file (smaller, turned upright or stripped)."""

    @property
    def downscaled(self) -> bool:
        return self.size[0] * self.size[1] < self.original_size[0] * self.original_size[1]

    def data_uri(self) -> str:
        return f"data:{self.media_type};base64," + base64.b64encode(self.data).decode("ascii")


def image_url(report: Report, src: str, role: Role, edition: str, cut: Cut = None) -> str:
    """Where an edition finds the picture ``src`` (checked in stage 1): the file itself, or a ``data:`` URL of its copy.

    The EPUB and the web edition always carry the picture (pandoc reads no file;
    the web edition is one file); the PDFs read an unchanged file from the folder.
    """
    path = (report.root / src).resolve()
    if not path.is_relative_to(report.root):
        raise ValueError(f"image outside the report folder: {src}")
    purpose: Purpose = "print" if edition in BY_NAME and BY_NAME[edition].pictures == "print" else "screen"
    copy = picture(path, role, purpose, report.page_size, cut)
    if purpose == "print" and not copy.changed:
        return src
    return copy.data_uri()


def cut_of(image) -> Cut:
    """The cut a profile photo asks for (:class:`folio.model.Image`), ``None`` when it is set whole."""
    return (image.crop, image.focus) if image is not None and image.crop is not None else None


def uses(report: Report, fragments) -> list[tuple[str, Role, Cut]]:
    """Every picture of the report, the role it is set in and its cut, each once."""
    found: list[tuple[str, Role, Cut]] = []
    for part in fragments.parts.values():
        found += [(node["c"][2][0], "body", None) for node in walk(part.blocks) if node["t"] == "Image"]
    found += [(profile.photo.src, "photo", cut_of(profile.photo)) for profile in report.profiles if profile.photo]
    if report.cover:
        found.append((report.cover.src, "cover", None))
    return list(dict.fromkeys(found))


def downscaled(report: Report, fragments, editions: list[str]) -> list[str]:
    """One line per picture an edition carries smaller than its file (the copies are made here if need be)."""
    wanted = {BY_NAME[name].pictures for name in editions if name in BY_NAME}
    purposes: list[Purpose] = [purpose for purpose in ("print", "screen") if purpose in wanted]
    lines = []
    for purpose in purposes:
        for src, role, cut in uses(report, fragments):
            path = (report.root / src).resolve()
            if path.suffix.lower() in RASTER and path.is_relative_to(report.root) and path.is_file():
                copy = picture(path, role, purpose, report.page_size, cut)
                if copy.downscaled:
                    lines.append(report_line(src, copy, purpose))
    return list(dict.fromkeys(lines))


def pixels(mm: float) -> int:
    return math.ceil(mm / 25.4 * PRINT_PPI)


def scale(size: tuple[int, int], role: Role, purpose: Purpose, page_size: str) -> float:
    """How much an upright picture of ``size`` pixels is shrunk for ``role`` in ``purpose`` (1: not at all)."""
    width, height = size
    if purpose == "screen":
        return min(1.0, SCREEN_LONG_EDGE / max(width, height))
    if role == "cover":
        # the cover fills the page and its bleed (object-fit: cover): the shorter fit decides
        page_width, page_height = pagesize.dimensions(page_size)
        return min(1.0, max(pixels(page_width + 2 * BLEED_MM) / width, pixels(page_height + 2 * BLEED_MM) / height))
    # a body figure and a profile photo are set at their column's width (height follows, or is cropped)
    return min(1.0, pixels(TEXT_WIDTH_MM if role == "body" else PHOTO_WIDTH_MM) / width)


def picture(path: Path, role: Role, purpose: Purpose, page_size: str, cut: Cut = None) -> Picture:
    """The copy of the image file ``path`` for ``role`` in ``purpose``, cut as ``cut`` asks."""
    return _picture(path, file_digest(path), role, purpose, page_size, cut)


def crop_box(size: tuple[int, int], cut: Cut) -> tuple[int, int, int, int] | None:
    """The part of an upright picture of ``size`` pixels that ``cut`` keeps: its shape, as near its focus as the edges allow."""
    if cut is None:
        return None
    (shape_w, shape_h), (across, down) = cut
    width, height = size
    if width / height > shape_w / shape_h:
        kept_w, kept_h = max(1, round(height * shape_w / shape_h)), height
    else:
        kept_w, kept_h = width, max(1, round(width * shape_h / shape_w))
    left = min(max(0, round(across * width - kept_w / 2)), width - kept_w)
    top = min(max(0, round(down * height - kept_h / 2)), height - kept_h)
    return (left, top, left + kept_w, top + kept_h)


@lru_cache(maxsize=64)
def _picture(path: Path, _digest: str, role: Role, purpose: Purpose, page_size: str, cut: Cut = None) -> Picture:
    """Keyed on the file's content, never its date: an edited picture is a new copy."""
    original = path.read_bytes()
    size = len(original)
    if path.suffix.lower() not in RASTER:
        plain = without_doctype(original) if path.suffix.lower() == ".svg" else original
        return Picture(plain, media_type(path), (0, 0), (0, 0), size, plain != original)
    from PIL import Image

    with Image.open(io.BytesIO(original)) as image:
        upright = upright_size(image)
        box = crop_box(upright, cut)
        kept = upright if box is None else (box[2] - box[0], box[3] - box[1])
        factor = scale(kept, role, purpose, page_size)
        needs_work = factor < 1.0 or orientation(image) != 1 or has_metadata(image) or kept != upright
    if not needs_work:
        return Picture(original, media_type(path), upright, upright, size, False)
    target = (max(1, round(kept[0] * factor)), max(1, round(kept[1] * factor)))
    key = ("picture", hashlib.sha256(original).hexdigest(), target, box, file_digest(Path(__file__)), Image.__version__)
    data = remembered_bytes(key, lambda: recompress(original, target, box))
    with Image.open(io.BytesIO(data)) as made:
        kind = "image/png" if made.format == "PNG" else "image/jpeg"
        return Picture(data, kind, made.size, upright, size, True)


SVG_DOCTYPE = re.compile(rb"<!DOCTYPE\s[^>\[]*>\s*")


def without_doctype(svg: bytes) -> bytes:
    """An SVG without its ``<!DOCTYPE svg PUBLIC …>`` (checked to declare nothing): the EPUB allows no external DTD."""
    root = svg.find(b"<svg")
    match = SVG_DOCTYPE.search(svg, 0, root if root >= 0 else len(svg))
    return svg[: match.start()] + svg[match.end() :] if match else svg


def orientation(image) -> int:
    return image.getexif().get(0x0112, 1)


def upright_size(image) -> tuple[int, int]:
    """The picture's size once turned by its EXIF orientation (5 to 8 swap width and height)."""
    width, height = image.size
    return (height, width) if orientation(image) in (5, 6, 7, 8) else (width, height)


def has_metadata(image) -> bool:
    """EXIF, XMP or comments: what a camera or editor wrote about the picture, none of it needed to show it."""
    info = image.info
    return bool(len(image.getexif()) or info.get("xmp") or info.get("XML:com.adobe.xmp") or info.get("comment"))


TRANSPOSE = {2: "FLIP_LEFT_RIGHT", 3: "ROTATE_180", 4: "FLIP_TOP_BOTTOM", 5: "TRANSPOSE", 6: "ROTATE_270", 7: "TRANSVERSE", 8: "ROTATE_90"}
"""How a picture is turned upright for each EXIF orientation (as Pillow's ``exif_transpose``)."""


def recompress(original: bytes, target: tuple[int, int], box: tuple[int, int, int, int] | None = None) -> bytes:
    """The picture upright, cut to ``box`` (upright pixels), at ``target`` pixels, without metadata; the same input gives the same bytes.

    Memory stays within two decoded copies of the file: a picture is converted
    only when its mode needs it, one without transparency is first reduced by
    a whole factor (a box filter that makes no second full-size copy), and it
    is turned upright at its small size.  A picture cut to ``box`` is turned
    upright and cut at its full size first.
    """
    from PIL import Image, ImageOps

    with Image.open(io.BytesIO(original)) as image:
        turn = TRANSPOSE.get(orientation(image))
        stored = (target[1], target[0]) if turn in ("TRANSPOSE", "ROTATE_270", "TRANSVERSE", "ROTATE_90") else target
        if image.format == "JPEG" and box is None:
            # decode at a half, a quarter or an eighth of the size when that is still enough
            image.draft(image.mode, stored)
        icc = image.info.get("icc_profile")
        transparent = image.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in image.info
        source_format = image.format
        work = image
        if box is not None:
            work = ImageOps.exif_transpose(image).crop(box)
            turn, stored = None, target
        if work.size != stored:
            if work.mode not in ("L", "LA", "RGB", "RGBA", "CMYK"):
                work = work.convert("RGBA" if transparent else "RGB")
            factor = min(work.size[0] // stored[0], work.size[1] // stored[1]) // 3
            if factor >= 2 and work.mode in ("L", "RGB", "CMYK"):  # with alpha, reducing would premultiply a full-size copy
                work = work.reduce(factor)
            work = work.resize(stored, Image.Resampling.LANCZOS, reducing_gap=3.0)
        if turn is not None:
            work = work.transpose(getattr(Image.Transpose, turn))
        out = io.BytesIO()
        if transparent or (source_format == "PNG" and few_colours(work)):
            work.save(out, "PNG", optimize=True, icc_profile=icc)
        else:
            if work.mode not in ("L", "RGB", "CMYK"):
                work = work.convert("RGB")
            work.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, icc_profile=icc)
    return out.getvalue()


def few_colours(image) -> bool:
    """Line art, a diagram or a screenshot: at most 256 colours, which PNG keeps exactly."""
    return image.mode in ("1", "P") or image.getcolors(maxcolors=256) is not None


def megabytes(count: int) -> str:
    return f"{count / 1_000_000:.1f} MB"


def report_line(src: str, copy: Picture, purpose: Purpose) -> str:
    """``images/photo.jpg: 4000×3000 → 1465×1099 for print (13.2 MB → 0.6 MB)``."""
    (w0, h0), (w1, h1) = copy.original_size, copy.size
    shown = "print" if purpose == "print" else "screen (EPUB, web)"
    return f"{src}: {w0}×{h0} → {w1}×{h1} for {shown} ({megabytes(copy.original_bytes)} → {megabytes(len(copy.data))})"
