"""Proofs: ``build.py proof`` draws every page of the PDF on one contact sheet."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from conftest import ROOT, Built, copy_report, run_build
from PIL import Image, ImageStat
from pypdf import PdfReader

from folio.preview.proof import BACKGROUND, GAP, LABEL_HEIGHT, SPREADS_PER_ROW, THUMB_WIDTH, contact_sheet, slots


def cell_box(position: int, thumb: tuple[int, int]) -> tuple[int, int, int, int]:
    row, column = divmod(position, SPREADS_PER_ROW * 2)
    spread, side = divmod(column, 2)
    x = GAP + spread * (2 * thumb[0] + GAP) + side * thumb[0]
    y = GAP + row * (thumb[1] + LABEL_HEIGHT + GAP)
    return (x, y, x + thumb[0], y + thumb[1])


def test_the_sheet_shows_every_page_of_the_report_in_spreads(main_build: Built, tmp_path: Path) -> None:
    pages = len(PdfReader(main_build.pdf).pages)
    sheet = contact_sheet(main_build.pdf, tmp_path / "proof.png")
    assert sheet.pages == pages
    image = Image.open(sheet.path).convert("RGB")
    assert image.size == sheet.size
    width, height = PdfReader(main_build.pdf).pages[0].mediabox.width, PdfReader(main_build.pdf).pages[0].mediabox.height
    thumb = (THUMB_WIDTH, round(THUMB_WIDTH * float(height) / float(width)))
    rows = math.ceil((pages + 1) / (SPREADS_PER_ROW * 2))
    assert image.size == (GAP + SPREADS_PER_ROW * (2 * thumb[0] + GAP), GAP + rows * (thumb[1] + LABEL_HEIGHT + GAP))

    cells = slots(pages)
    assert cells[0] is None  # the cover stands alone on the right, as a book opens
    empty = ImageStat.Stat(image.crop(cell_box(0, thumb)))
    assert empty.extrema == [(value, value) for value in BACKGROUND]
    for position, index in enumerate(cells[1:], start=1):
        region = ImageStat.Stat(image.crop(cell_box(position, thumb)))
        assert region.mean != list(map(float, BACKGROUND)), f"page {index + 1} was not drawn"
        assert max(high - low for low, high in region.extrema) > 100, f"page {index + 1} is a flat colour"
    cover = ImageStat.Stat(image.crop(cell_box(1, thumb))).mean
    assert sum(cover) / 3 < 160  # the typographic cover is set on the dark accent colour


@pytest.mark.slow
def test_proof_builds_the_pdf_and_writes_the_sheet_beside_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    built = run_build("proof", "--source", copy_report("minimal", tmp_path), "--out", out)
    assert built.code == 0, built.stderr
    assert (out / "minimal.pdf").is_file()
    sheet = Image.open(out / "minimal-proof.png")
    assert sheet.format == "PNG" and sheet.height < sheet.width  # four pages: one row of spreads
    assert "contact sheet" in built.stderr
    assert "minimal-proof.png" not in (out / "SHA256SUMS").read_text()  # a review aid, not an edition
    assert (out / "minimal-proof.png").stat().st_mode & 0o644 == 0o644


@pytest.mark.slow
def test_the_print_editions_sheet_has_the_name_the_manual_gives(tmp_path: Path) -> None:
    out = tmp_path / "out"
    built = run_build("proof", "--edition", "print", "--source", copy_report("minimal", tmp_path), "--out", out)
    assert built.code == 0, built.stderr
    assert (out / "minimal-print.pdf").is_file() and (out / "minimal-print-proof.png").is_file()
    assert "`dist/<slug>-print-proof.png`" in (ROOT / "docs" / "guides" / "preview.md").read_text("utf-8")


def test_a_report_error_writes_no_sheet(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    (source / "chapters" / "one.md").write_text("---\ntitle: One\n---\n\n[broken](#nowhere)\n", encoding="utf-8")
    built = run_build("proof", "--source", source, "--out", tmp_path / "out")
    assert built.code == 1
    assert "chapters/one.md:5: link to #nowhere" in built.stderr
    assert not list((tmp_path / "out").glob("*.png"))
