"""A report's own fonts in styles/fonts/: added to folio's, used for the languages and scripts its fonts.yaml names.

tests/reports/team-fonts carries a Tibetan face (a subset of Noto Serif
Tibetan, OFL) for a Dzongkha passage; the slow tests build it, with a second
family for a script folio has (Khmer) added, and read pdffonts, pdftotext
and the EPUB.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import REPORTS, builds_editions, copy_report, run_build

from folio.paths import FONTS

TIBETAN = "འབྲུག་ཡུལ"


def check(report: Path) -> tuple[int, str]:
    run = run_build("check", "--source", report)
    return run.code, run.stderr


def test_a_team_font_is_added_to_folios_not_in_their_place(tmp_path: Path) -> None:
    report = copy_report("team-fonts", tmp_path / "r")
    code, stderr = check(report)
    assert code == 0, stderr  # Latin, Khmer and Tibetan all have a face: folio's faces are still there


def test_without_the_team_font_the_tibetan_is_one_located_error(tmp_path: Path) -> None:
    report = copy_report("team-fonts", tmp_path / "r")
    shutil.rmtree(report / "styles" / "fonts")
    code, stderr = check(report)
    assert code == 1
    errors = [line for line in stderr.splitlines() if "no font folio has" in line]
    assert len(errors) == 2, stderr  # one per span, not one per character
    assert all(line.startswith("chapters/bhutan.md:5:") and "Tibetan (bo, dz)" in line for line in errors)


def test_a_font_no_family_names_and_a_family_with_no_language_are_errors(tmp_path: Path) -> None:
    report = copy_report("team-fonts", tmp_path / "r")
    fonts = report / "styles" / "fonts"
    shutil.copyfile(fonts / "NotoSerifTibetan-Regular.ttf", fonts / "Stray.ttf")
    (fonts / "fonts.yaml").write_text("family: Noto Serif Tibetan\nfiles: [NotoSerifTibetan-Regular.ttf, Missing.ttf]\n", "utf-8")
    code, stderr = check(report)
    assert code == 1
    assert "styles/fonts/Stray.ttf: this font is in no family of styles/fonts/fonts.yaml" in stderr
    assert "styles/fonts/fonts.yaml:1: Noto Serif Tibetan: name the languages it sets" in stderr
    assert 'styles/fonts/fonts.yaml:2: "Missing.ttf" is not a font file in styles/fonts/' in stderr


@pytest.fixture(scope="module")
@builds_editions
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with a second family: a team's own Khmer face, for a script folio already sets."""
    root = tmp_path_factory.mktemp("team")
    report = root / "r"
    shutil.copytree(REPORTS / "team-fonts", report)
    fonts = report / "styles" / "fonts"
    shutil.copyfile(FONTS / "noto-khmer" / "FolioSansKhmer-Regular.ttf", fonts / "TeamKhmer-Regular.ttf")
    (fonts / "fonts.yaml").write_text(
        "fonts:\n"
        "  - family: Noto Serif Tibetan\n    languages: [dz, bo]\n    files: [NotoSerifTibetan-Regular.ttf]\n"
        "  - family: Team Khmer\n    scripts: [khmr]\n    files: [TeamKhmer-Regular.ttf]\n",
        "utf-8",
    )
    run = run_build("pdf", "epub", "html", "--source", report, "--out", root / "out")
    assert run.code == 0, run.stderr
    return root / "out"


@pytest.mark.slow
def test_the_pdf_uses_the_team_faces_and_folios(built: Path) -> None:
    listing = subprocess.run(["pdffonts", str(built / "team-fonts.pdf")], capture_output=True, text=True, check=True).stdout
    names = {line.split()[0].split("+", 1)[-1] for line in listing.splitlines()[2:]}
    assert "Noto-Serif-Tibetan" in names and "Team-Khmer" in names, names
    assert "Folio-Serif" in names and "Folio-Serif-Khmer" not in names, names
    text = subprocess.run(["pdftotext", str(built / "team-fonts.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert TIBETAN in text and "ភ្នំពេញ" in text
    assert "Noto Serif Tibetan" in " ".join(text.split())  # the colophon names the team's face


@pytest.mark.slow
def test_the_epub_and_web_edition_carry_the_team_faces(built: Path) -> None:
    with zipfile.ZipFile(built / "team-fonts.epub") as epub:
        names = epub.namelist()
        css = next(epub.read(name).decode("utf-8") for name in names if name.endswith(".css"))
    assert any(name.endswith("NotoSerifTibetan-Regular.ttf") for name in names), names
    assert '[lang|="dz"]' in css and '"Noto Serif Tibetan"' in css
    html = (built / "team-fonts.html").read_text("utf-8")
    assert 'font-family: "Noto Serif Tibetan"; src: url("data:font/woff2' in html
    assert '[lang|="km"]' in html and '"Team Khmer"' in html
