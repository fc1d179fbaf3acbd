"""Profile photos are set whole, in every edition; only ``crop:`` cuts one, around its ``focus:``.

``tests/reports/noticed`` has an upright headshot as a camera writes it (the
pixels stored on their side, EXIF orientation 6) and a wide shop front cut to a
square around its sign.  Each is read off the finished files: the pictures the
PDF, the EPUB and the web edition carry, and the size the PDF and a browser
set them at.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import Built, build_once, chromium_context, copy_report, run_build

MM = 72 / 25.4
UPRIGHT = 1200 / 1600
"""The headshot's width over its height, once turned upright."""


@pytest.fixture(scope="module")
def noticed(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_once("noticed", tmp_path_factory)


def profile_page_images(pdf: Path, name: str) -> list[dict]:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            if name in (page.extract_text() or "") and page.images:
                return [dict(image) for image in page.images]
    raise AssertionError(f"no page has {name} and a picture")


def picture(data: bytes):
    from PIL import Image

    return Image.open(io.BytesIO(data))


@pytest.mark.slow
def test_the_upright_photo_is_set_whole_at_a_height_that_suits_the_page(noticed: Built) -> None:
    images = profile_page_images(noticed.pdf, "Lorosa’e Coffee")
    assert len(images) == 1
    image = images[0]
    width, height = image["x1"] - image["x0"], image["bottom"] - image["top"]
    source_width, source_height = image["srcsize"]
    assert source_width / source_height == pytest.approx(UPRIGHT, rel=0.01), "the PDF carries the whole upright picture"
    assert width / height == pytest.approx(UPRIGHT, rel=0.01), f"set at {width:.0f}×{height:.0f} pt: cut, not whole"
    assert height == pytest.approx(60 * MM, abs=1), "a portrait photo is as tall as the column allows, no taller"
    assert width <= 48 * MM + 0.5, "and no wider than the profile's side column"


@pytest.mark.slow
def test_crop_cuts_the_photo_to_its_shape_around_its_focus(noticed: Built) -> None:
    import pdfplumber
    import pikepdf

    images = profile_page_images(noticed.pdf, "Fiji’s Coconut Works")
    assert len(images) == 1
    image = images[0]
    assert image["srcsize"][0] == image["srcsize"][1], "crop: 1:1 carries a square"
    assert image["x1"] - image["x0"] == pytest.approx(image["bottom"] - image["top"], rel=0.01)
    with pdfplumber.open(noticed.pdf) as document:
        number = next(i for i, page in enumerate(document.pages) if "Fiji’s Coconut Works" in (page.extract_text() or "") and page.images)
    with pikepdf.open(noticed.pdf) as pdf:  # the picture drawn on the page (its resources may list others)
        xobjects = pdf.pages[number].obj.Resources.XObject
        square = pikepdf.PdfImage(xobjects["/" + image["name"]]).as_pil_image().convert("RGB")
    middle = square.getpixel((square.width // 2, square.height // 2))
    assert middle[1] > 90 and middle[0] < 80, f"focus: 35% 40% keeps the green sign in the middle, got {middle}"
    assert square.getpixel((square.width // 2, 4))[0] > 150, "the picture's top edge (its red frame) is kept"


@pytest.mark.slow
def test_the_epub_carries_the_photos_whole_or_as_cut(noticed: Built) -> None:
    with zipfile.ZipFile(noticed.epub) as epub:
        shapes = {}
        for name in epub.namelist():
            if name.lower().endswith((".jpg", ".jpeg", ".png")) and "cover" not in name.lower():
                with picture(epub.read(name)) as image:
                    shapes[name] = image.size
        styles = "".join(epub.read(name).decode("utf-8") for name in epub.namelist() if name.endswith(".css"))
    ratios = sorted(round(width / height, 2) for width, height in shapes.values())
    assert round(UPRIGHT, 2) in ratios and 1.0 in ratios, shapes
    assert "object-fit" not in styles


@pytest.mark.slow
def test_the_web_edition_sets_the_upright_photo_whole_at_a_screens_height(noticed: Built, tmp_path_factory: pytest.TempPathFactory) -> None:
    page_text = noticed.html.read_text("utf-8")
    assert "data-folio-src" not in page_text, "build paths stay out of published files"
    with chromium_context(tmp_path_factory) as context:
        context.set_offline(True)
        page = context.new_page()
        page.set_viewport_size({"width": 1200, "height": 900})
        page.goto(noticed.html.as_uri())
        page.wait_for_load_state("load")
        shown = page.evaluate(
            """[...document.querySelectorAll('.profile-photo img')].map(i => {
                const r = i.getBoundingClientRect();
                return [i.alt, r.width, r.height, i.naturalWidth, i.naturalHeight, getComputedStyle(i).objectFit,
                        i.parentElement.parentElement.getBoundingClientRect().width];
            })"""
        )
    headshot = next(item for item in shown if item[0].startswith("Maria"))
    _, width, height, natural_width, natural_height, fit, _ = headshot
    assert natural_width / natural_height == pytest.approx(UPRIGHT, rel=0.01)
    assert width / height == pytest.approx(UPRIGHT, rel=0.02) and fit in ("fill", "none"), "set whole"
    assert height <= 0.7 * 900 + 1, f"{height:.0f} px tall: taller than the screen suits"
    shop = next(item for item in shown if item[0].startswith("The shop"))
    assert shop[1] == pytest.approx(shop[2], rel=0.02), "the cut photo is square"


def test_a_wrong_crop_or_a_focus_without_crop_is_a_located_error(tmp_path: Path) -> None:
    folder = copy_report("noticed", tmp_path)
    profile = folder / "profiles" / "fj-coconut.yaml"
    profile.write_text(profile.read_text("utf-8").replace("crop: 1:1", "crop: wide"), encoding="utf-8")
    other = folder / "profiles" / "tl-lorosae.yaml"
    other.write_text(other.read_text("utf-8") + "  focus: top\n", encoding="utf-8")
    done = run_build("check", "--source", folder)
    assert done.code == 1
    lines = done.stderr.splitlines()
    assert any(re.match(r"profiles/fj-coconut\.yaml:\d+: photo\.crop: expected a shape as width:height", line) for line in lines), (
        done.stderr
    )
    assert any(re.match(r"profiles/tl-lorosae\.yaml:\d+: photo\.focus: says where to cut", line) for line in lines), done.stderr


def test_a_ratio_is_read_as_written_not_as_a_base_60_number(tmp_path: Path) -> None:
    from folio.errors import Problems
    from folio.yamlfile import parse_yaml

    problems = Problems(root=tmp_path)
    data = parse_yaml("crop: 4:3\nother: 16:9\ncount: 12\n", "x.yaml", problems)
    assert data == {"crop": "4:3", "other": "16:9", "count": 12}


def test_the_cut_keeps_the_focus_as_near_the_middle_as_the_edges_allow() -> None:
    from folio.assemble.pictures import crop_box

    assert crop_box((2000, 1200), ((1, 1), (0.35, 0.4))) == (100, 0, 1300, 1200)
    assert crop_box((2000, 1200), ((1, 1), (0.0, 0.5))) == (0, 0, 1200, 1200)
    assert crop_box((2000, 1200), ((1, 1), (1.0, 0.5))) == (800, 0, 2000, 1200)
    assert crop_box((1200, 1600), ((1, 1), (0.5, 0.0))) == (0, 0, 1200, 1200)
    assert crop_box((1200, 1600), None) is None
