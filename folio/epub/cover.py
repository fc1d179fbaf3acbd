"""The EPUB's cover image: the PDF's first page, rendered to PNG.

The EPUB's cover image and a release page's thumbnail are both this picture,
so they look exactly like the first page of the PDF.  pypdfium2 renders the
page (no external program); the same PDF gives the same PNG bytes.
"""

from __future__ import annotations

import io
from pathlib import Path

COVER_WIDTH = 1400
"""Width in pixels of the EPUB's cover image (about 1,980 pixels tall on A4)."""


def cover_png(pdf: bytes | Path, *, width: int = COVER_WIDTH) -> bytes:
    """The first page of ``pdf`` (a file or its bytes) as a PNG ``width`` pixels wide.

    ``cover_png(Path("dist/report.pdf"), width=200)`` makes a thumbnail.
    """
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        page = document[0]
        scale = width / page.get_width()
        image = page.render(scale=scale).to_pil().convert("RGB")
        # pdfium rounds the bitmap up; the extra column is a sliver of the page's edge.
        image = image.crop((0, 0, min(width, image.width), image.height))
        page.close()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
