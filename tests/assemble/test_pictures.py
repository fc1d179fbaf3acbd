"""Pictures as they come from a camera go into the editions at the size where they are set."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import builds_editions, camera_photo, copy_report, run_build, shared_cache
from PIL import Image

from folio.assemble import pictures

PHOTO_ALT = "A field of grey noise, as a camera might take it."
PRINT_WIDTH = pictures.pixels(pictures.TEXT_WIDTH_MM)


@pytest.fixture(scope="module")
@builds_editions
def built(tmp_path_factory: pytest.TempPathFactory):
    """tests/reports/minimal with a 12-megapixel photo, taken with the camera on its side, and a small PNG with transparency."""
    source = copy_report("minimal", tmp_path_factory.mktemp("pictures"))
    photo = camera_photo(source / "images" / "photo.jpg", orientation=6)
    Image.new("RGBA", (300, 200), (11, 85, 99, 128)).save(source / "images" / "mark.png")
    chapter = source / "chapters" / "one.md"
    chapter.write_text(
        chapter.read_text("utf-8") + f"\n![{PHOTO_ALT}](images/photo.jpg)\n\n![A tinted square.](images/mark.png)\n", "utf-8"
    )
    out = tmp_path_factory.mktemp("pictures-out")
    run = run_build("pdf", "epub", "html", "--source", source, "--out", out, env={"FOLIO_CACHE": str(shared_cache(tmp_path_factory))})
    assert run.code == 0, run.stderr
    return source, out, run, photo.stat().st_size


def test_the_pdf_carries_the_photo_at_300_ppi_of_the_text_width(built) -> None:
    _, out, _, original = built
    with pikepdf.open(out / "minimal.pdf") as pdf:
        sizes = [(int(image.Width), int(image.Height)) for page in pdf.pages for image in page.get_images().values()]
    assert (PRINT_WIDTH, round(4000 * PRINT_WIDTH / 3000)) in sizes  # upright: the camera was on its side
    assert (300, 200) in sizes  # small enough already: as it is
    assert max(width for width, _ in sizes) <= PRINT_WIDTH
    assert (out / "minimal.pdf").stat().st_size < original / 4


def test_the_epub_carries_the_photo_at_most_1600_pixels_without_metadata(built) -> None:
    _, out, _, _ = built
    found = {}
    with zipfile.ZipFile(out / "minimal.epub") as book:
        for name in book.namelist():
            if name.endswith((".jpg", ".jpeg", ".png")) and "cover" not in name:
                with Image.open(io.BytesIO(book.read(name))) as image:
                    found[image.size] = (image.format, dict(image.getexif()), image.info.get("icc_profile"))
    assert (1200, 1600) in found
    assert found[(1200, 1600)][0] == "JPEG" and found[(1200, 1600)][1] == {}  # no maker, no orientation left
    assert found[(300, 200)][0] == "PNG"  # transparency stays PNG


def test_the_build_says_what_it_made_smaller(built) -> None:
    _, _, run, _ = built
    lines = [line for line in run.stderr.splitlines() if line.startswith("images/")]
    assert lines[0].startswith(f"images/photo.jpg: 3000×4000 → {PRINT_WIDTH}×{round(4000 * PRINT_WIDTH / 3000)} for print (11.")
    assert lines[1].startswith("images/photo.jpg: 3000×4000 → 1200×1600 for screen (EPUB, web) (")
    assert len(lines) == 2  # the PNG was not made smaller


def test_a_rebuild_reuses_the_copies(built, monkeypatch: pytest.MonkeyPatch) -> None:
    source, _, _, _ = built
    pictures._picture.cache_clear()

    def refuse(*_args):
        raise AssertionError("the picture was made again")

    monkeypatch.setattr(pictures, "recompress", refuse)
    copy = pictures.picture(source / "images" / "photo.jpg", "body", "print", "A4")
    assert copy.size == (PRINT_WIDTH, round(4000 * PRINT_WIDTH / 3000)) and copy.changed


@pytest.mark.parametrize(
    ("size", "role", "purpose", "expected"),
    [
        ((4000, 3000), "body", "print", (1465, 1099)),  # 124 mm at 300 ppi
        ((4000, 3000), "photo", "print", (567, 425)),  # the profile's 48 mm column
        ((8000, 6000), "cover", "print", (4929, 3697)),  # the A4 page and its bleed filled: the height decides
        ((800, 600), "body", "print", (800, 600)),  # never enlarged
        ((3000, 4000), "body", "screen", (1200, 1600)),
    ],
)
def test_the_size_each_use_needs(size, role, purpose, expected) -> None:
    factor = pictures.scale(size, role, purpose, "A4")
    assert (round(size[0] * factor), round(size[1] * factor)) == expected


def test_a_png_photo_becomes_jpeg_and_line_art_stays_png(tmp_path: Path) -> None:
    photo = tmp_path / "photo.png"
    Image.merge("RGB", [Image.effect_noise((2000, 1500), 40 + 10 * band) for band in range(3)]).save(photo)
    drawing = tmp_path / "drawing.png"
    Image.new("RGB", (4000, 100), "white").save(drawing)
    assert pictures.picture(photo, "body", "screen", "A4").media_type == "image/jpeg"
    assert pictures.picture(drawing, "body", "screen", "A4").media_type == "image/png"
