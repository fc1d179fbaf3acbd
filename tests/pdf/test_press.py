"""The press edition: the print edition's pages as a PDF/X-4 a printer's preflight accepts.

Built from the letter-size fixture (several scripts, tables, SVG) with
``--edition press`` and read back with pikepdf and poppler: the output
intent and its CMYK profile, the PDF/X version keys, trim and bleed boxes on
every page, no device RGB left untagged, every font embedded, and the same
pages as the print edition.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from conftest import REPORTS, builds_editions, run_build

MM = 72 / 25.4
SLUG = "letter-scripts"


def build(edition: str, out: Path, factory: pytest.TempPathFactory) -> Path:
    run = run_build(
        "pdf",
        "--edition",
        edition,
        "--source",
        REPORTS / SLUG,
        "--out",
        out,
        env={"FOLIO_CACHE": str(factory.getbasetemp() / "folio-cache")},
    )
    assert run.code == 0, run.stderr
    return out / f"{SLUG}-{edition}.pdf"


@pytest.fixture(scope="module")
@builds_editions
def press(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build("press", tmp_path_factory.mktemp("press"), tmp_path_factory)


@pytest.fixture(scope="module")
@builds_editions
def print_edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build("print", tmp_path_factory.mktemp("print"), tmp_path_factory)


def test_output_intent_is_the_cmyk_coated_offset_profile(press: Path) -> None:
    with pikepdf.open(press) as pdf:
        intents = list(pdf.Root.OutputIntents)
        assert len(intents) == 1
        intent = intents[0]
        assert intent.S == pikepdf.Name.GTS_PDFX
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert str(intent.RegistryName) == "http://www.color.org"
        profile = intent.DestOutputProfile
        assert profile.N == 4
        data = profile.read_bytes()
        assert data[16:20] == b"CMYK" and data[12:16] == b"prtr"  # an output (printer) profile in CMYK
        assert pdf.pdf_version == "1.6"


def test_pdfx_version_keys_are_where_a_preflight_looks(press: Path) -> None:
    with pikepdf.open(press) as pdf:
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"
        assert pdf.docinfo.Trapped == pikepdf.Name("/False")
        assert str(pdf.docinfo.Title)
        meta = pdf.open_metadata()
        assert meta["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert meta["xmpMM:DocumentID"].startswith("uuid:")
        assert "/StructTreeRoot" not in pdf.Root  # PDF/X and PDF/UA do not go together in one file
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(press)], capture_output=True, text=True, check=True).stdout
        assert "PDF subtype:    PDF/X-4" in info and "Standard:      ISO 15930-7" in info


def test_every_page_has_trim_and_a_3_mm_bleed_box(press: Path) -> None:
    with pikepdf.open(press) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            media = [float(v) for v in page.obj.MediaBox]
            assert [round(b - t, 2) for b, t in zip(bleed, trim, strict=True)] == [
                round(-3 * MM, 2),
                round(-3 * MM, 2),
                round(3 * MM, 2),
                round(3 * MM, 2),
            ], number
            assert media[0] < bleed[0] and media[2] > bleed[2], f"page {number}: the crop marks need room outside the bleed"
            assert "/Annots" not in page.obj, f"page {number}: a link annotation on paper"


def test_no_device_rgb_is_left_untagged(press: Path) -> None:
    with pikepdf.open(press) as pdf:
        srgb_spaces = 0
        for obj in pdf.objects:
            if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                continue
            space = obj.get("/ColorSpace")
            assert space != pikepdf.Name.DeviceRGB, "an image or shading in device RGB"
            if isinstance(space, pikepdf.Dictionary):
                default = space.DefaultRGB
                assert default[0] == pikepdf.Name.ICCBased and default[1].N == 3
                srgb_spaces += 1
            if isinstance(obj.get("/Resources"), pikepdf.Dictionary):
                assert "/DefaultRGB" in obj.Resources.ColorSpace
            group = obj.get("/Group")
            if isinstance(group, pikepdf.Dictionary):
                assert group.get("/CS") != pikepdf.Name.DeviceRGB
        assert srgb_spaces > 0


def test_every_font_is_embedded(press: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts is missing: apt-get install poppler-utils")
    lines = subprocess.run(["pdffonts", str(press)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert lines, "no fonts listed"
    for line in lines:
        # name type encoding emb sub uni object id: the type may hold spaces, the last five columns do not
        emb = line.split()[-5]
        assert emb == "yes", line


def test_pages_follow_the_print_edition(press: Path, print_edition: Path) -> None:
    with pikepdf.open(press) as pdf, pikepdf.open(print_edition) as printed:
        assert len(pdf.pages) == len(printed.pages)
        assert len(pdf.pages) % 2 == 0
        for ours, theirs in zip(pdf.pages, printed.pages, strict=True):
            assert list(ours.obj.TrimBox) == list(theirs.obj.TrimBox)
    text = subprocess.run(["pdftotext", "-layout", str(press), "-"], capture_output=True, text=True, check=True).stdout
    printed_text = subprocess.run(["pdftotext", "-layout", str(print_edition), "-"], capture_output=True, text=True, check=True).stdout
    assert text == printed_text


def test_press_edition_is_reproducible(press: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    again = build("press", tmp_path, tmp_path_factory)
    assert hashlib.sha256(again.read_bytes()).hexdigest() == hashlib.sha256(press.read_bytes()).hexdigest()


def with_cover(tmp_path: Path, pixels: tuple[int, int]) -> Path:
    from PIL import Image

    source = tmp_path / "report"
    shutil.copytree(REPORTS / SLUG, source)
    Image.new("RGB", pixels, (40, 160, 90)).save(source / "images" / "cover.jpg", quality=85)
    with (source / "report.yaml").open("a", encoding="utf-8") as report:
        report.write("cover: images/cover.jpg\n")
    return source


@pytest.mark.slow
def test_a_photograph_under_300_ppi_stops_the_press_edition_naming_it(tmp_path: Path) -> None:
    source = with_cover(tmp_path, (1600, 1000))
    run = run_build("pdf", "--edition", "press", "--source", source, "--out", tmp_path / "out")
    assert run.code == 1
    assert "images/cover.jpg: 1600×1000 pixels print at" in run.stderr and "a press needs 300: give it at least" in run.stderr, run.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_photograph_is_embedded_whole_and_tagged_srgb(tmp_path: Path) -> None:
    # letter with bleed (8 mm) is about 9.1 × 11.6 in: 300 ppi of it
    source = with_cover(tmp_path, (2800, 3500))
    run = run_build("pdf", "--edition", "press", "--source", source, "--out", tmp_path / "out")
    assert run.code == 0, run.stderr
    with pikepdf.open(tmp_path / "out" / f"{SLUG}-press.pdf") as pdf:
        images = list(pdf.pages[0].get_images().values())
        # at most down to what 300 ppi needs for the page and its bleed (letter: 8.5 in + 6 mm wide)
        ((width, height),) = [(int(image.Width), int(image.Height)) for image in images]
        assert 2700 <= width <= 2800 and round(width * 3500 / 2800) in range(height - 2, height + 3)
        assert images[0].ColorSpace[0] == pikepdf.Name.ICCBased and images[0].ColorSpace[1].N == 3


def test_both_profiles_are_icc_version_2_for_a_pdf_1_6_reader(press: Path) -> None:
    with pikepdf.open(press) as pdf:
        profiles = {obj.objgen: obj for obj in pdf.objects if isinstance(obj, pikepdf.Stream) and obj.get("/N") in (3, 4)}
        assert {int(p.N) for p in profiles.values()} == {3, 4}
        for profile in profiles.values():
            assert profile.read_bytes()[8] == 2, "ICC major version"
