"""Fonts and code in every edition: only shipped faces, code in the monospace, highlighted and inside the text block.

tests/reports/technical has code blocks (highlighted, a grid table, a line
longer than the measure), inline code, lists three deep, smart punctuation and
an SVG whose labels ask for sans-serif, Helvetica, Arial, Times, Times New
Roman, Courier New, Calibri (through a <style> class) and no family at all.
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pdfplumber
import pytest
import yaml
from conftest import Built, build_once, builds_editions, copy_report, run_build
from fontTools.ttLib import TTFont

from folio.paths import FONTS, STYLES
from folio.pdf.layout.fontconfig import use_shipped_fonts
from folio.source.pictures.images import svg_problems

MM = 72 / 25.4
LONG_LINE = "markdown+pipe_tables+grid_tables"


@pytest.fixture(scope="module")
@builds_editions
def technical(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_once("technical", tmp_path_factory)


def shipped_families() -> set[str]:
    return {entry["family"].replace(" ", "-") for entry in yaml.safe_load((FONTS / "fonts.yaml").read_text())["fonts"]}


def pdffonts(path: Path) -> list[str]:
    """Every font the PDF uses, as pdffonts names it (subset prefix removed): page content, SVG forms and all."""
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return [line.split()[0].split("+", 1)[-1] for line in lines if line.strip()]


def test_pdffonts_lists_only_shipped_faces(technical: Built) -> None:
    names = pdffonts(technical.pdf)
    strangers = [name for name in names if not any(name.startswith(family) for family in shipped_families())]
    assert not strangers, f"machine fonts in the PDF: {strangers}"
    assert not [name for name in names if re.search("DejaVu|Liberation|Nimbus|Noto", name)]
    assert any(name.startswith("Folio-Mono") for name in names)


def test_fontconfig_knows_only_shipped_faces(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the configuration folio writes, fontconfig lists only folio's files and sets every common name in them."""
    monkeypatch.setenv("FOLIO_CACHE", str(tmp_path))
    conf = use_shipped_fonts()
    env = {"FONTCONFIG_FILE": str(conf), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    files = subprocess.run(["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, env=env, check=True).stdout.split()
    assert files and all(Path(file).resolve().is_relative_to(FONTS.resolve()) for file in files), files
    expected = {
        "sans-serif": "Folio Sans", "Helvetica": "Folio Sans", "Arial": "Folio Sans", "Calibri": "Folio Sans",
        "serif": "Folio Serif", "Times": "Folio Serif", "Times New Roman": "Folio Serif",
        "monospace": "Folio Mono", "Courier": "Folio Mono", "Courier New": "Folio Mono",
    }  # fmt: skip
    for asked, family in expected.items():
        # in fc-match's pattern syntax a "-" starts the size: escaped, as Pango passes the name whole
        pattern = asked.replace("-", "\\-")
        found = subprocess.run(["fc-match", "--format", "%{family}", pattern], capture_output=True, text=True, env=env, check=True).stdout
        assert found == family, f"{asked} -> {found}"


def test_code_is_monospaced_and_stays_in_the_text_block(technical: Built) -> None:
    with pdfplumber.open(technical.pdf) as pdf:
        page = next(page for page in pdf.pages if LONG_LINE in "".join(char["text"] for char in page.chars))
        text = "".join(char["text"] for char in page.chars)
        top = page.chars[text.index(LONG_LINE)]["top"]
        block = [char for char in page.chars if top - 1 <= char["top"] < top + 40 and char["text"].strip()]
        block = block[: next((i for i, char in enumerate(block) if "Folio-Mono" not in char["fontname"]), len(block))]
        assert all("Folio-Mono" in char["fontname"] for char in block)
        # the block's tinted background spans the text block, 124 mm
        box = next(rect for rect in page.rects if rect["width"] > 100 * MM and rect["top"] <= top <= rect["bottom"])
        assert box["width"] == pytest.approx(124 * MM, abs=0.5 * MM)
        left, right = box["x0"], box["x1"]
        assert max(char["x1"] for char in block) <= right + 0.5, "a code line runs past the text block"
        assert min(char["x0"] for char in block) >= left - 0.5
        lines = sorted({round(char["top"]) for char in block})
        assert len(lines) >= 2, "the long line did not wrap"
        first_x = min(char["x0"] for char in block if round(char["top"]) == lines[0])
        continued_x = min(char["x0"] for char in block if round(char["top"]) == lines[1])
        assert continued_x > first_x + 5, "the continuation of a wrapped code line does not hang"
        # highlighted: the keyword is in colour, the name in ink
        at = text.index("def pipe_table")
        keyword = page.chars[at]
        name = page.chars[at + 4]
        assert keyword["non_stroking_color"] != name["non_stroking_color"]
        # a grid table keeps its columns: every "|" of a row sits where the ones of the others do
        rows = [page.chars[text.index(word)]["top"] for word in ("Fruit", "Bananas")]
        bars = [{round(char["x0"], 1) for char in page.chars if char["text"] == "|" and char["top"] == row} for row in rows]
        assert len(bars[0]) == 4 and bars[0] == bars[1], bars


def test_nested_list_markers_are_in_the_text_face(technical: Built) -> None:
    with pdfplumber.open(technical.pdf) as pdf:
        for page in pdf.pages:
            text = "".join(char["text"] for char in page.chars)
            if "Cox" in text:
                markers = {char["text"]: char["fontname"] for char in page.chars if char["text"] in "•–·◦▪"}
                assert set(markers) >= {"•", "–", "·"} and "◦" not in markers
                assert all("Folio-Serif" in font for font in markers.values()), markers
                return
    raise AssertionError("the nested list is not in the PDF")


def contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_highlighting_colours_meet_wcag_aa() -> None:
    css = (STYLES / "code.css").read_text()
    background = re.search(r"pre \{[^}]*background: (#[0-9a-f]{6})", css).group(1)
    colours = re.findall(r"code span\.[a-z]{2}[^{]*\{[^}]*color: (#[0-9a-f]{6})", css)
    assert len(colours) >= 8
    for colour in colours:
        assert contrast(colour, background) >= 4.5, f"{colour} on {background}: {contrast(colour, background):.2f}"
        assert contrast(colour, "#ffffff") >= 4.5


def test_code_in_the_web_edition_and_the_epub(technical: Built) -> None:
    web = technical.html.read_text()
    assert '<span class="kw">def</span>' in web
    assert re.search(r'code, kbd, samp, pre \{ font-family: "Folio Mono"', web)
    with zipfile.ZipFile(technical.epub) as epub:
        names = epub.namelist()
        chapter = next(epub.read(name).decode() for name in names if name.endswith(".xhtml") and "pipe_table" in epub.read(name).decode())
        css = next(epub.read(name).decode() for name in names if name.endswith(".css"))
        mono = TTFont(io.BytesIO(epub.read(next(name for name in names if name.endswith("FolioMono-Regular.otf"))))).getBestCmap()
    assert '<span class="kw">def</span>' in chapter
    assert "code span.kw" in css and 'font-family: "Folio Mono"' in css
    # the monospace carries the characters of code only: "Q" is only in the body text
    assert ord("|") in mono and ord("Q") not in mono


def test_an_svg_family_no_shipped_face_stands_for_is_refused(tmp_path: Path) -> None:
    """Mapped names pass; a list of unknown ones is a located error, in the check as in a build."""
    ok = b'<svg xmlns="http://www.w3.org/2000/svg"><text font-family="Wingdings, Arial">a</text></svg>'
    assert svg_problems(ok) == []
    source = copy_report("technical", tmp_path)
    svg = source / "images" / "fonts.svg"
    text = svg.read_text().replace('font-family="Times"', 'font-family="Comic Sans MS, Papyrus"')
    text = text.replace("font-family: 'Times New Roman'", "font-family: Wingdings")
    svg.write_text(text)
    run = run_build("check", "--source", source)
    assert run.code != 0
    assert 'images/fonts.svg:7: font-family "Comic Sans MS, Papyrus": folio ships none of these fonts' in run.stderr, run.stderr
    assert 'images/fonts.svg:8: font-family "Wingdings"' in run.stderr
    assert "Traceback" not in run.stderr


def test_a_generated_marker_or_a_family_no_face_has_is_refused(tmp_path: Path) -> None:
    source = copy_report("technical", tmp_path)
    (source / "styles").mkdir()
    added = "\nul ul { list-style-type: circle; }\n.x::after { content: '\\21A9'; }\n.y { font-family: 'Comic Sans MS'; }\n"
    css = (STYLES / "report.css").read_text() + added
    (source / "styles" / "report.css").write_text(css)
    run = run_build("check", "--source", source)
    assert run.code != 0
    lines = len(css.splitlines())
    assert f'styles/report.css:{lines - 2}: the generated character "◦" (U+25E6 WHITE BULLET) is not in Folio Serif' in run.stderr, (
        run.stderr
    )
    assert f'styles/report.css:{lines - 1}: the generated character "↩" (U+21A9' in run.stderr
    assert f"styles/report.css:{lines}: font-family \"'Comic Sans MS'\": folio ships none of these fonts" in run.stderr


@pytest.mark.slow
def test_the_technical_epub_passes_epubcheck(technical: Built) -> None:
    from support.epub import SUCCESS, epubcheck

    assert epubcheck(technical.epub) == SUCCESS
