"""Pictures of an imported Word document: into ``images/`` under plain names, in formats the editions show.

pandoc extracts each picture under the name Word gave it inside the file
(``media/image3.emf``).  PNG, JPEG and SVG are copied as they are; GIF, BMP,
TIFF and WebP become PNG; EMF and WMF (Word's own drawing formats) cannot be
shown in a PDF or EPUB, so the picture's alt text stands in its place and the
author is told.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from folio.ast import stringify

IMAGES = {".png": ".png", ".jpg": ".jpg", ".jpeg": ".jpg", ".svg": ".svg"}
CONVERTIBLE = (".gif", ".bmp", ".tif", ".tiff", ".webp")
"""Raster formats turned into PNG."""


class Pictures:
    """Each picture moved into ``images/`` under a plain name, in a format the editions show."""

    def __init__(self, work: Path, folder: Path, left_out: list[str]) -> None:
        self.work, self.folder, self.left_out = work, folder, left_out
        self.done: dict[str, str] = {}
        self.moved = 0

    def change(self, node: dict):
        if node["t"] != "Image":
            return None
        (_, classes, _), alt, (src, title) = node["c"]
        path = self.move(src)
        if path is None:
            return {"t": "Emph", "c": alt or [{"t": "Str", "c": "[picture]"}]}
        if not stringify(alt).strip():
            alt = [{"t": "Str", "c": f"Picture {path.removeprefix('images/picture-').split('.')[0]}"}]
            self.left_out.append(f"{path}: had no alt text in Word; describe it in the chapter (the text in ![…])")
        return {"t": "Image", "c": [["", [], []], alt, [path, title]]}

    def move(self, src: str) -> str | None:
        if src in self.done:
            return self.done[src]
        source = (self.work / src).resolve()
        if not source.is_relative_to(self.work.resolve()) or not source.is_file():
            self.left_out.append(f"picture {src}: linked, not embedded in the document; add it to images/ by hand")
            return None
        suffix = source.suffix.lower()
        number = len([v for v in self.done.values() if v]) + 1
        (self.folder / "images").mkdir(exist_ok=True)
        if suffix in IMAGES:
            name = f"images/picture-{number}{IMAGES[suffix]}"
            shutil.copyfile(source, self.folder / name)
        elif suffix in CONVERTIBLE:
            name = f"images/picture-{number}.png"
            damaged = convert(source, self.folder / name)
            if damaged:
                self.left_out.append(f"picture {source.name}: {damaged}; save it as PNG into images/ by hand")
                self.done[src] = ""
                return None
        else:
            self.left_out.append(
                f"picture {source.name}: {suffix or 'this'} format cannot be shown in a PDF or EPUB; save it as PNG or SVG into images/"
            )
            self.done[src] = ""
            return None
        self.moved += 1
        self.done[src] = name
        return name


def convert(source: Path, target: Path) -> str | None:
    """``source`` (GIF, BMP, TIFF, WebP) as a PNG at ``target``; what is wrong with it when it cannot be converted."""
    import warnings

    from PIL import Image

    from folio.source.pictures.images import MAX_PIXELS

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(source) as picture:
                if picture.size[0] * picture.size[1] > MAX_PIXELS:
                    return f"has {picture.size[0]} x {picture.size[1]} pixels, more than {MAX_PIXELS:,}"
                picture.save(target, "PNG")
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        target.unlink(missing_ok=True)
        return f"is damaged ({' '.join(str(error).split())[:80] or type(error).__name__})"
    return None
