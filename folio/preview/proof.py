"""Proofs: ``python build.py proof`` draws the PDF's pages on one contact sheet.

A reviewer of a pull request sees the whole edition at a glance: every page
as a thumbnail, laid out in spreads as the printed book opens (the first page
alone on the right, then left and right pages side by side), each labelled
with its page label (``i``, ``ii``, ``1`` …).  Pages are rendered with PDFium
(pypdfium2), so no poppler is needed; the sheet is a PNG written next to the
PDF as ``SLUG-proof.png`` (``SLUG-print-proof.png`` for the print edition).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

from folio.run.files import write_whole
from folio.run.output import file_names
from folio.run.request import Log, Request
from folio.run.state import edition_key
from folio.source.load import load_report

THUMB_WIDTH = 180
"""Pixels across one page thumbnail: small enough for a whole report, big enough to see a layout."""
SPREADS_PER_ROW = 4
GAP = 28
"""Between spreads and rows, and around the sheet."""
LABEL_HEIGHT = 22
BACKGROUND = (236, 236, 232)
EDGE = (160, 160, 155)
INK = (40, 40, 40)


@dataclass(frozen=True, kw_only=True, slots=True)
class Sheet:
    """What was drawn."""

    path: Path
    pages: int
    size: tuple[int, int]


def write_proof(request: Request, log: Log) -> Sheet:
    """The contact sheet of the PDF that the build just wrote (or found up to date) in ``--out``."""
    report = load_report(request.source)
    pdf = request.out / file_names(report, request.edition)[edition_key("pdf", request.edition)]
    with log.stage("contact sheet"):
        sheet = contact_sheet(pdf, request.out / f"{pdf.stem}-proof.png")
    log.detail(f"{sheet.path.name}: {sheet.pages} pages, {sheet.size[0]}×{sheet.size[1]} px")
    return sheet


def slots(pages: int) -> list[int | None]:
    """Page indexes in reading order as spreads: an empty left slot before the first (right-hand) page."""
    return [None, *range(pages)]


def contact_sheet(pdf: Path, target: Path) -> Sheet:
    """Render every page of ``pdf`` as a thumbnail on one PNG at ``target`` (written whole or not at all)."""
    import pypdfium2
    from PIL import Image, ImageDraw, ImageFont

    document = pypdfium2.PdfDocument(pdf)
    try:
        width, height = document[0].get_size()
        thumb = (THUMB_WIDTH, round(THUMB_WIDTH * height / width))
        cells = slots(len(document))
        per_row = SPREADS_PER_ROW * 2
        rows = math.ceil(len(cells) / per_row)
        row_height = thumb[1] + LABEL_HEIGHT + GAP
        size = (GAP + SPREADS_PER_ROW * (2 * thumb[0] + GAP), GAP + rows * row_height)
        sheet = Image.new("RGB", size, BACKGROUND)
        draw = ImageDraw.Draw(sheet)
        font = ImageFont.load_default(size=13)
        for position, index in enumerate(cells):
            if index is None:
                continue
            row, column = divmod(position, per_row)
            spread, side = divmod(column, 2)
            x = GAP + spread * (2 * thumb[0] + GAP) + side * thumb[0]
            y = GAP + row * row_height
            page = document[index]
            # Each page at its own scale: a page of another size still fills its cell's width.
            image = page.render(scale=thumb[0] / page.get_size()[0]).to_pil().convert("RGB")
            image.thumbnail(thumb)
            sheet.paste(image, (x, y))
            draw.rectangle((x, y, x + image.width - 1, y + image.height - 1), outline=EDGE)
            label = document.get_page_label(index) or str(index + 1)
            draw.text((x + thumb[0] / 2, y + thumb[1] + 4), label, fill=INK, font=font, anchor="mt")
        pages = len(document)
    finally:
        document.close()
    target.parent.mkdir(parents=True, exist_ok=True)
    png = io.BytesIO()
    sheet.save(png, format="PNG", optimize=True)
    write_whole(target, png.getvalue(), mode=0o644)  # the sheet is for sharing
    return Sheet(path=target, pages=pages, size=size)
