"""Pages as their authors size them, measured on the finished PDF (tests/reports/pages).

* In a justified line the spaces between words stretch, those inside code
  keep the width of one monospace character.
* A picture in a line of text with no size of its own (two SVG icons with
  only a viewBox, a 64-pixel PNG) is set at the height of the text.
* Figures follow their ``width``: half the text width, 8 cm, 300 pixels
  (225 pt) or 40 %, whether the picture is a 2400-pixel photo at 300 dpi, a
  400-pixel screenshot at 72 dpi or an SVG with no size at all.
"""

from __future__ import annotations

import re
import statistics
import zipfile
from pathlib import Path

import pytest
from conftest import REPORTS, builds_editions, run_build

pdfplumber = pytest.importorskip("pdfplumber")

pytestmark = pytest.mark.slow

TEXT_WIDTH = 124 / 25.4 * 72
"""The text block of an A4 page, in points (folio/templates/variables.css.j2)."""


@pytest.fixture(scope="module")
@builds_editions
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pages") / "out"
    run = run_build("pdf", "epub", "--source", REPORTS / "pages", "--out", out)
    assert run.code == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def pdf(built: Path):
    with pdfplumber.open(built / "pages.pdf") as document:
        yield document


def lines_of(page) -> list[list[dict]]:
    """The page's lines of text, each its characters from left to right."""
    found: dict[float, list[dict]] = {}
    for char in page.chars:
        if char["text"] == " ":
            continue  # a space is measured as the gap it leaves
        found.setdefault(round(char["matrix"][5]), []).append(char)  # by baseline: faces of one line differ in height
    return [sorted(found[key], key=lambda c: c["x0"]) for key in sorted(found, reverse=True)]


def text(line: list[dict]) -> str:
    """The line's text without its spaces."""
    return "".join(c["text"] for c in line)


def page_with(pdf, text: str):
    return next(page for page in pdf.pages if text in (page.extract_text() or ""))


def gaps(chars: list[dict], mono: bool) -> list[float]:
    """The spaces between consecutive characters of one face (monospace or not) on a line: gaps wider than a hair."""
    found = []
    for left, right in zip(chars, chars[1:], strict=False):
        if ("Mono" in left["fontname"]) == mono == ("Mono" in right["fontname"]):
            gap = right["x0"] - left["x1"]
            if gap > 0.2 * left["size"]:
                found.append(gap)
    return found


def test_spaces_inside_code_keep_their_width_in_justified_lines(pdf) -> None:
    page = page_with(pdf, "Code in justified lines")
    lines = [text(line) for line in lines_of(page)]
    paragraph = lines_of(page)[lines.index("Codeinjustifiedlines") + 1 : lines.index("Iconsinaline")]
    last = paragraph[-1]
    natural = statistics.median(gaps(last, mono=False))  # the paragraph's last line is not justified
    checked = 0
    for line in paragraph[:-1]:
        mono = [c for c in line if "Mono" in c["fontname"]]
        if not mono or not gaps(line, mono=True):
            continue
        advance = statistics.median(c["x1"] - c["x0"] for c in mono)
        prose = gaps(line, mono=False)
        assert min(prose) > natural + 0.4, "the line is justified: its spaces between words are stretched"
        for gap in gaps(line, mono=True):
            assert abs(gap - advance) < 0.15 * advance, (gap, advance, text(line))
        checked += 1
    assert checked >= 3


def test_a_picture_in_a_line_is_as_tall_as_the_text(pdf) -> None:
    page = page_with(pdf, "Icons in a line")
    line = next(line for line in lines_of(page) if text(line).startswith("Pressthe"))
    em = line[0]["size"]
    baseline = page.height - line[0]["matrix"][5]
    # on the line: from one em above its baseline to its descenders
    in_line = [o for o in page.images + page.curves if o["top"] >= baseline - 1.05 * em and o["bottom"] <= baseline + 0.3 * em]
    photo = [o for o in in_line if o in page.images]
    assert len(photo) == 1 and abs(photo[0]["height"] - em) < 0.05 * em and abs(photo[0]["width"] - em) < 0.05 * em
    heights = sorted(round(o["bottom"] - o["top"], 1) for o in in_line if o in page.curves)
    # the gear: a ring 18 of 24 units tall, its hub 6; nothing else on the page is drawn so small
    assert heights[-1] == pytest.approx(18 / 24 * em, abs=0.3)
    # and nothing between the section's heading and the next is drawn taller: the folder icon on the next line too
    lines = lines_of(page)
    texts = [text(line) for line in lines]
    start = page.height - lines[texts.index("Iconsinaline")][0]["matrix"][5]
    end = page.height - lines[texts.index("Figuresatthewidththeirauthorsgive")][0]["matrix"][5]
    drawn = [o for o in page.images + page.curves + page.rects if start < o["top"] and o["bottom"] < end]
    assert len(drawn) == 4 and all(o["bottom"] - o["top"] <= 1.01 * em for o in drawn)


def test_figures_follow_their_width_whatever_their_pixels(pdf) -> None:
    pictures = [image for page in pdf.pages for image in page.images if image["width"] > 20]
    widths = [round(image["width"], 1) for image in pictures]
    half, eight_cm, three_hundred_px, forty = TEXT_WIDTH / 2, 8 / 2.54 * 72, 300 * 0.75, TEXT_WIDTH * 0.4
    expected = [half, half, eight_cm, eight_cm, three_hundred_px, three_hundred_px, forty]
    assert widths == pytest.approx(expected, abs=0.5), widths
    for image in pictures:  # the height follows the picture's proportions (2:1)
        assert image["height"] == pytest.approx(image["width"] / 2, abs=0.5)
    chart = page_with(pdf, "Figure 3")
    bars = [rect for rect in chart.rects if rect["height"] > 20]
    assert len(bars) == 3
    # the bars span 180 of the drawing's 200 units: 90 % of half the text width
    assert max(r["x1"] for r in bars) - min(r["x0"] for r in bars) == pytest.approx(0.9 * half, abs=0.5)


def test_the_epub_sizes_them_the_same_way(built: Path) -> None:
    with zipfile.ZipFile(built / "pages.epub") as epub:
        xhtml = "".join(epub.read(name).decode("utf-8") for name in epub.namelist() if name.endswith(".xhtml"))
    images = [re.sub(r'\ssrc="[^"]*"', "", tag) for tag in re.findall(r"<img\b[^>]*>", xhtml)]
    icons = [tag for tag in images if 'class="folio-icon"' in tag]
    assert len(icons) == 3 and all('style="height:1em"' in tag for tag in icons)
    styles = re.findall(r'style="(width:[^"]*)"', " ".join(images))
    assert styles == ["width:50.0%", "width:50.0%", "width:50.0%", "width:8cm", "width:8cm", "width:225pt", "width:225pt", "width:40.0%"]
