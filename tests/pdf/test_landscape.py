"""Landscape pages: one trim size for the print shop, the content turned, the furniture where it always is.

``tests/reports/noticed`` sets a wide table in ``::: {.landscape}``.  The
print and press PDFs keep the book's trim on every page (media, trim and
bleed boxes alike) and carry the table turned a quarter, its top at the
page's left edge, with the running head and folio upright where the pages
of that side have them.  The screen edition keeps a landscape page: on a
screen it reads without turning one's head.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_once, builds_editions, run_build

pytestmark = pytest.mark.slow

TABLE = "Prices by market"


@pytest.fixture(scope="module")
@builds_editions
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    screen = build_once("noticed", tmp_path_factory)
    out = tmp_path_factory.mktemp("noticed-press")
    found = {"screen": screen.pdf}
    for edition in ("print", "press"):
        done = run_build("pdf", "--edition", edition, "--source", screen.source, "--out", out)
        assert done.code == 0, done.stderr
        found[edition] = out / f"{screen.slug}-{edition}.pdf"
    return found


def boxes(pdf: Path) -> list[dict[str, tuple[float, ...]]]:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return [
            {name: tuple(round(float(v), 2) for v in page.obj[name]) for name in ("/MediaBox", "/TrimBox", "/BleedBox") if name in page.obj}
            for page in document.pages
        ]


def words_by_page(pdf: Path) -> list[list[dict]]:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return [page.extract_words(extra_attrs=["upright"]) for page in document.pages]


def table_page(pages: list[list[dict]]) -> int:
    """The page that holds the wide table (its caption's words, upright or turned)."""
    for number, words in enumerate(pages):
        letters = " ".join(word["text"] for word in words)
        letters += " " + letters[::-1]  # turned text may be read from its end
        if "Prices" in letters and "Lautoka" in letters:
            return number
    raise AssertionError("no page holds the wide table")


@pytest.mark.parametrize("edition", ["print", "press"])
def test_every_page_has_the_books_trim(editions: dict[str, Path], edition: str) -> None:
    found = boxes(editions[edition])
    assert all("/TrimBox" in page and "/BleedBox" in page for page in found)
    assert len({tuple(sorted(page.items())) for page in found}) == 1, f"pages of more than one size: {set(map(str, found))}"
    x0, y0, x1, y1 = found[0]["/TrimBox"]
    assert (x1 - x0) < (y1 - y0), "the book is upright"


@pytest.mark.parametrize("edition", ["print", "press"])
def test_the_wide_table_is_turned_and_the_furniture_is_not(editions: dict[str, Path], edition: str) -> None:
    pages = words_by_page(editions[edition])
    wide = table_page(pages)
    table_words = [
        word for word in pages[wide] if word["text"] in ("Lautoka", "Baucau", "Apia", "Suva", "akotuaL", "uacuaB", "aipA", "avuS")
    ]
    assert table_words and not any(word["upright"] for word in table_words), "the table's text is turned"
    bleed = -boxes(editions[edition])[wide]["/MediaBox"][0]
    mm = 72 / 25.4

    def furniture_of(words: list[dict]) -> tuple[list[dict], list[dict]]:
        """Upright words in the top margin (A4: 24 mm) and the bottom margin (28 mm)."""
        upright = [w for w in words if w["upright"]]
        return [w for w in upright if w["top"] < bleed + 24 * mm + 5], [w for w in upright if w["top"] > bleed + (297 - 28) * mm]

    head, folio = furniture_of(pages[wide])
    assert head and folio, f"the turned page has an upright running head and folio: {pages[wide]}"

    # the same side's other pages set them at the same place: a page with the same running head and a folio
    same_side = []
    for n in range(wide % 2, len(pages), 2):
        other_head, other_folio = furniture_of(pages[n])
        if (
            n != wide
            and [w["text"] for w in other_head] == [w["text"] for w in head]
            and [w["text"].isdigit() for w in other_folio] == [True]
        ):
            same_side.append(n)
    assert same_side, "another page of that side has the running head and a folio"
    other_head, other_folio = furniture_of(pages[same_side[0]])
    assert folio[0]["top"] == pytest.approx(other_folio[0]["top"], abs=0.5)
    assert head[0]["top"] == pytest.approx(other_head[0]["top"], abs=0.5)
    if wide % 2 == 0:  # a right-hand page: flush right at the outer margin
        assert folio[-1]["x1"] == pytest.approx(other_folio[-1]["x1"], abs=0.5)
        assert head[-1]["x1"] == pytest.approx(other_head[-1]["x1"], abs=0.5)
    else:
        assert folio[0]["x0"] == pytest.approx(other_folio[0]["x0"], abs=0.5)
        assert head[0]["x0"] == pytest.approx(other_head[0]["x0"], abs=0.5)


def test_the_turned_table_lies_on_the_page_with_its_top_at_the_left(editions: dict[str, Path]) -> None:
    import pdfplumber

    with pdfplumber.open(editions["print"]) as document:
        wide = table_page([page.extract_words(extra_attrs=["upright"]) for page in document.pages])
        page = document.pages[wide]
        chars = [char for char in page.chars if not char["upright"]]
        caption = [char for char in chars if char["text"] == "P"]
        body = [char for char in chars if char["text"] not in (" ",)]
    media = boxes(editions["print"])[wide]["/MediaBox"]
    bleed, mm = -media[0], 72 / 25.4
    left = min(char["x0"] for char in body) - bleed
    right = max(char["x1"] for char in body) - bleed
    top = min(char["top"] for char in body) - bleed
    bottom = max(char["bottom"] for char in body) - bleed
    # within the book's page, clear of its edges (pdfplumber's boxes of turned glyphs are rough: a few mm)
    assert 15 * mm <= left and right <= (210 - 15) * mm, (left / mm, right / mm)
    assert 15 * mm <= top and bottom <= (297 - 15) * mm, (top / mm, bottom / mm)
    assert min(char["x0"] for char in caption) - bleed < left + 12 * mm, "the table's caption, its top, is at the page's left"


def test_the_screen_edition_keeps_a_landscape_page(editions: dict[str, Path]) -> None:
    found = boxes(editions["screen"])
    wide = table_page(words_by_page(editions["screen"]))
    x0, y0, x1, y1 = found[wide]["/MediaBox"]
    assert (x1 - x0) > (y1 - y0), "on a screen the wide table reads without turning the page"
    assert all((p["/MediaBox"][2] - p["/MediaBox"][0]) < (p["/MediaBox"][3] - p["/MediaBox"][1]) for n, p in enumerate(found) if n != wide)


def test_a_link_to_the_turned_table_leads_onto_its_page(editions: dict[str, Path]) -> None:
    import pikepdf

    with pikepdf.open(editions["print"]) as pdf:
        wide = table_page(words_by_page(editions["print"]))
        page = pdf.pages[wide].obj
        x0, y0, x1, y1 = (float(v) for v in page.MediaBox)
        names = pdf.Root.Names.Dests
        targets = []
        stack = [names]
        while stack:
            node = stack.pop()
            stack += list(node.get("/Kids", []))
            values = node.get("/Names", [])
            targets += [values[i + 1] for i in range(0, len(values), 2)]
        on_page = [t for t in targets if isinstance(t, pikepdf.Array) and t[0].objgen == page.objgen]
        assert on_page, "the table's destination is on its page"
        for target in on_page:
            assert x0 <= float(target[2]) <= x1 and y0 <= float(target[3]) <= y1, "turned with the page"
