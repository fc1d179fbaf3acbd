"""TeX maths before the editions: what is read, numbered, drawn, said aloud, and refused at its line.

The editions themselves (PDF, EPUB, web, Word) are checked in
``tests/maths/test_maths_editions.py``; here run the stages up to the HTML
fragments, with the real pandoc, ziamath and fonts.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import REPORTS, run_build
from support.paths import PACKAGE

from folio import pandoc
from folio.maths.draw import Undrawable, draw
from folio.maths.spans import without_maths
from folio.maths.speech import speak
from folio.maths.tex import Formula, breaks_lines, read


def mathml(tex: str, display: bool = False) -> str:
    reading = read([Formula(tex, display)], pandoc_api(), None)[0]
    assert reading.mathml is not None, reading.reason
    return reading.mathml


def pandoc_api() -> list:
    from folio.markdown.render import pandoc_api_version

    return pandoc_api_version()


def report_with(tmp_path: Path, body: str, *, appendix: str | None = None, language: str = "en") -> Path:
    """The maths fixture's report.yaml with one chapter (and an appendix) of ``body``."""
    folder = tmp_path / "report"
    (folder / "chapters").mkdir(parents=True)
    text = (REPORTS / "maths" / "report.yaml").read_text("utf-8").replace("language: en", f"language: {language}")
    contents = "contents:\n  - chapter: chapters/one.md\n" + ("  - appendix: chapters/extra.md\n" if appendix else "")
    (folder / "report.yaml").write_text(text.split("contents:")[0] + contents, encoding="utf-8")
    (folder / "chapters" / "one.md").write_text(f"---\ntitle: One\n---\n\n{body}", encoding="utf-8")
    if appendix:
        (folder / "chapters" / "extra.md").write_text(f"---\ntitle: Extra\n---\n\n{appendix}", encoding="utf-8")
    return folder


def fragments_of(folder: Path):
    from folio.markdown.render import render_markdown
    from folio.source.load import load_report

    return render_markdown(load_report(folder))


# -- numbering ------------------------------------------------------------------------------------


def test_labelled_displays_are_numbered_through_the_report_and_cited_as_quarto_writes_them(tmp_path: Path) -> None:
    body = (
        "First\n\n$$\na = b\n$$ {#eq-first}\n\nand $$c = d$$ {#eq-second} inline, unlabelled $$e = f$$ too.\n\n"
        "See @eq-first, [-@eq-second] and [Equations @eq-first and @eq-second].\n"
    )
    appendix = "$$ g = h $$ {#eq-late}\n\nAs @eq-late says.\n"
    fragments = fragments_of(report_with(tmp_path, body, appendix=appendix))
    html = fragments.parts["chapters/one.md"].web_html
    assert re.findall(r'<span id="(eq-[a-z]+)" class="equation">', html) == ["eq-first", "eq-second"]
    assert re.findall(r'<span class="equation-number">([^<]*)</span>', html) == ["(1)", "(2)"]
    links = re.findall(r'<a href="#(eq-[a-z]+)"[^>]*>([^<]*)</a>', html)
    assert links == [("eq-first", "Equation 1"), ("eq-second", "2"), ("eq-first", "1"), ("eq-second", "2")]
    assert "Equations <a" in html
    extra = fragments.parts["chapters/extra.md"].web_html
    assert '<span class="equation-number">(A.1)</span>' in extra
    assert ">Equation A.1</a>" in extra
    assert "{#eq-" not in html + extra


def test_the_word_for_equation_comes_from_the_reports_language(tmp_path: Path) -> None:
    fragments = fragments_of(report_with(tmp_path, "$$x$$ {#eq-x}\n\n@eq-x を見よ。\n", language="ja"))
    html = fragments.parts["chapters/one.md"].web_html
    assert ">式(1)</a>" in html
    for catalog in sorted((PACKAGE / "strings").glob("*.yaml")):
        text = catalog.read_text("utf-8")
        assert re.search(r'^equation\.label: ".*\{number\}.*"$', text, re.M), catalog.name
        assert re.search(r'^equation\.number: "\(\{number\}\)"$', text, re.M), catalog.name


def test_a_display_with_its_own_tag_shows_that_tag(tmp_path: Path) -> None:
    fragments = fragments_of(report_with(tmp_path, "$$ E = mc^2 \\tag{3.2} $$\n\n$$ F = ma \\tag{*} $$ {#eq-force}\n\nBy @eq-force.\n"))
    html = fragments.parts["chapters/one.md"].web_html
    assert re.findall(r'<span class="equation-number">([^<]*)</span>', html) == ["(3.2)", "(*)"]
    assert ">Equation *</a>" in html


# -- mistakes, each at its line ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        (
            "Text.\n\nA formula $\\ce{H2O}$ here.\n",
            7,
            'TeX maths "\\ce{H2O}" cannot be set: pandoc\'s TeX maths reader does not know \\ce: write it with the commands it knows, '
            "or define it first, $$\\newcommand{\\ce}{…}$$",
        ),
        (
            "Text.\n\n$$\n\\begin{aligned}\na &= b \\\\\nc &= \\frac{1}{2\n\\end{aligned}\n$$\n",
            10,
            'TeX maths "c &= \\frac{1}{2" cannot be set: a { is never closed: add its } (or write \\{ for a brace that prints)',
        ),
        (
            "Inline $x^$ at the end.\n",
            5,
            'TeX maths "x^" cannot be set: the formula ends too soon: a { without its }, a \\begin without its \\end, '
            "or a ^ or _ with nothing after it",
        ),
        (
            "Words $\\text{東京}$ in maths.\n",
            5,
            'TeX maths "\\text{東京}" cannot be set: the maths font, STIX Two Math, has no 東 (U+6771), 京 (U+4EAC); '
            "write these words outside the maths, or use other characters",
        ),
        (
            "$$a = b$$ {#eq-one}\n\nSee @eq-onne.\n",
            7,
            'cross-reference @eq-onne: no equation has the id "eq-onne"; did you mean @eq-one?',
        ),
        (
            "See @eq-nowhere.\n",
            5,
            'cross-reference @eq-nowhere: no equation has the id "eq-nowhere"; give an equation the id {#eq-nowhere}',
        ),
        (
            "$$a$$ {#eq-twice}\n\n$$b$$ {#eq-twice}\n",
            7,
            'id "eq-twice" is already used in chapters/one.md; give each element its own id',
        ),
    ],
)
def test_maths_that_cannot_be_set_is_a_located_error(tmp_path: Path, body: str, line: int, message: str) -> None:
    folder = report_with(tmp_path, body)
    out = tmp_path / "out"
    run = run_build("pdf", "--source", folder, "--out", out)
    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stderr
    errors = [text for text in run.stderr.splitlines() if text.startswith("chapters/")]
    assert len(errors) == 1, run.stderr
    assert errors[0].startswith(f"chapters/one.md:{line}: {message}"), errors[0]
    assert not out.exists() or not any(out.iterdir())


def test_a_display_that_breaks_lines_bare_is_set_as_gathered_lines() -> None:
    assert breaks_lines("a = 1\\\\\nb = 2")
    assert not breaks_lines("\\begin{aligned} a &= 1 \\\\ b &= 2 \\end{aligned}")
    assert not breaks_lines("\\substack{a \\\\ b}")


def test_check_finds_the_same_mistakes_as_a_build(tmp_path: Path) -> None:
    folder = report_with(tmp_path, "Fine $a$, broken $\\frac{a$.\n")
    run = run_build("check", "--source", folder)
    assert run.code == 1
    assert 'chapters/one.md:5: TeX maths "\\frac{a" cannot be set: a { is never closed' in run.stderr


# -- the glyph check --------------------------------------------------------------------------------


def test_maths_characters_are_drawn_from_the_maths_font_and_not_refused(tmp_path: Path) -> None:
    folder = report_with(tmp_path, "Typed as printed: $n ∈ ℤ$ and $$∑_{k} ε_k → ∞$$\n")
    assert run_build("check", "--source", folder).code == 0
    # outside maths the text faces must have it: ℤ is in folio's symbol face, a Tibetan letter in none
    (folder / "chapters" / "one.md").write_text("---\ntitle: One\n---\n\nOutside maths ℤ is set, ཀ is refused.\n", encoding="utf-8")
    run = run_build("check", "--source", folder)
    assert run.code == 1
    assert 'chapters/one.md:5: no font folio has sets "ཀ" (U+0F40)' in run.stderr
    assert "ℤ" not in run.stderr


def test_only_what_pandoc_reads_as_maths_is_left_to_the_maths_font() -> None:
    assert without_maths("a $x ∈ ℤ$ b") == "a " + " " * 7 + " b"
    assert without_maths("costs $5 and $10 ℤ") == "costs $5 and $10 ℤ"  # a digit after the closing dollar: no maths
    assert without_maths("\\$ℤ$") == "\\$ℤ$"  # an escaped dollar opens nothing
    assert without_maths("$ ℤ$ and $ℤ $") == "$ ℤ$ and $ℤ $"  # a space inside the dollars: no maths
    assert without_maths("$$\n∑ ℤ\n$$ ℤ") == "  \n   \n   ℤ"  # lines kept, the text after the display checked
    assert without_maths("$x\n\ny ℤ$") == "$x\n\ny ℤ$"  # inline maths never spans a paragraph


# -- drawing ------------------------------------------------------------------------------------------


def test_a_drawing_sits_on_the_baseline_and_is_sized_in_em_of_the_text() -> None:
    x = draw(mathml("x"))
    assert 0.4 < x.height < 0.6 and 0 <= x.depth < 0.05
    subscript = draw(mathml("X_{i}"))
    assert 0.15 < subscript.depth < 0.35, "a subscript reaches below the baseline"
    inline = draw(mathml("\\int_0^1 f"))
    display = draw(mathml("\\int_0^1 f", display=True))
    assert display.height > 1.6 * inline.height, "an integral is large in a display, text size inline"
    spaced = draw(mathml("a \\qquad b"))
    assert 2.0 < spaced.width - draw(mathml("ab")).width < 2.2, "\\qquad is 2em, not ziamath's 8/3em"


def test_a_drawing_uses_outlines_in_the_text_colour() -> None:
    drawing = draw(mathml("\\frac{a}{b}"))
    assert drawing.paths.startswith("<path ") and "<text" not in drawing.paths
    assert 'fill="#1d1d1f"' in drawing.paths and "black" not in drawing.paths


def test_mathml_the_renderer_does_not_know_is_refused() -> None:
    with pytest.raises(Undrawable, match="cannot draw MathML <mglyph>"):
        draw('<math xmlns="http://www.w3.org/1998/Math/MathML"><mglyph alt="x"/></math>')


# -- read aloud -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tex", "display", "said"),
    [
        ("x^2 + y_i", False, "x squared plus y sub i"),
        ("\\frac{a+b}{2}", False, "the fraction with numerator a plus b and denominator 2, end fraction"),
        ("\\frac{1}{n}", False, "1 over n"),
        ("\\sqrt{x}", False, "the square root of x"),
        ("\\sum_{k=1}^{n} k", True, "the sum from k equals 1 to n of k"),
        (
            "\\int_{-\\infty}^{\\infty} p(x)\\,dx = 1",
            True,
            "the integral from minus infinity to infinity of p open paren x close paren d x equals 1",
        ),
        ("\\lim_{n \\to \\infty} a_n", True, "the limit as n approaches infinity of a sub n"),
        ("A^{-1} \\ne A^T", False, "A inverse is not equal to A transpose"),
        ("\\mathbb{Z} \\subset \\mathbb{R}", False, "the integers is a subset of the real numbers"),
        ("\\begin{bmatrix} 1 & 0 \\\\ 0 & 1 \\end{bmatrix}", True, "the 2 by 2 matrix; row 1: 1, 0; row 2: 0, 1; end matrix"),
        ("|x| = \\begin{cases} x & x \\ge 0 \\\\ -x & x < 0 \\end{cases}", True, "2 cases; case 1: x, x is greater than or equal to 0"),
        ("\\alpha \\le \\Omega", False, "alpha is less than or equal to capital omega"),
        ("\\hat{\\theta}", False, "theta hat"),
    ],
)
def test_a_formula_is_read_aloud_not_spelled_as_tex(tex: str, display: bool, said: str) -> None:
    spoken = speak(mathml(tex, display))
    assert spoken.startswith(said) or said in spoken, spoken
    assert "\\" not in spoken and "{" not in spoken


def test_the_maths_font_ships_with_the_renderer_under_the_open_font_license() -> None:
    from fontTools.ttLib import TTFont

    from folio.maths.draw import font_path

    with TTFont(font_path(), lazy=True) as font:
        assert "MATH" in font
        assert "Open Font License" in font["name"].getDebugName(13)
    assert shutil.which(pandoc.executable())


# -- as authors write for MathJax -----------------------------------------------------------------------


def test_macros_defined_in_maths_hold_for_the_formulas_after_them() -> None:
    from folio.maths.macros import Macros, without_definitions

    macros = Macros()
    assert macros.read("\\def\\RR{{\\bf R}}\n\\newcommand{\\norm}[1]{\\lVert #1 \\rVert}") is None, "only definitions: nothing to print"
    assert macros.read("x \\in \\RR") == "\\newcommand{\\RR}{{\\bf R}} x \\in \\RR"
    assert macros.read("\\norm{x}") == "\\newcommand{\\norm}[1]{\\lVert #1 \\rVert} \\norm{x}"
    assert macros.read("\\def\\pair#1#2{(#1, #2)} \\pair{a}{b}") == "\\newcommand{\\pair}[2]{(#1, #2)} \\pair{a}{b}"
    assert macros.read("y^2") == "y^2", "a formula that uses none is left as written"
    assert without_definitions("\\newcommand{\\RR}{{\\bf R}} x \\in \\RR") == "x \\in \\RR"
    assert speak(mathml(macros.read("\\norm{v}") or "")) == "double vertical bar v double vertical bar"


def test_plain_tex_font_switches_read_as_the_commands_pandoc_knows() -> None:
    from folio.maths.tex import font_switches

    assert font_switches("{\\bf R}^n") == "{\\mathbf{R}}^n"
    assert font_switches("\\rm d x") == "\\mathrm{d x}"
    assert font_switches("a {\\it b} {\\cal L}") == "a {\\mathit{b}} {\\mathcal{L}}"
    assert font_switches("\\bfseries \\mathbf{x}") == "\\bfseries \\mathbf{x}"


def test_a_report_defines_macros_once_for_all_its_chapters(tmp_path: Path) -> None:
    folder = report_with(tmp_path, "$$\\def\\RR{{\\bf R}}$$\n\nIn $\\RR^n$.\n", appendix="Also $x \\in \\RR$.\n")
    fragments = fragments_of(folder)
    one, extra = fragments.parts["chapters/one.md"].web_html, fragments.parts["chapters/extra.md"].web_html
    assert one.count("<math ") == 1, "the display that only defines prints nothing"
    assert 'alttext="\\RR^n"' in one and 'alttext="x \\in \\RR"' in extra, "alternative text as the author wrote it"
    assert 'mathvariant="bold' in extra, "{\\bf R} is set bold"


def test_a_formula_in_a_report_in_another_language_says_its_words_are_english() -> None:
    import pikepdf

    from folio.maths.html import FORMULA_MARK
    from folio.maths.tags import tag_formulas

    for language, expected in (("ja", "en"), ("en-GB", None)):
        pdf = pikepdf.new()
        pdf.Root.Lang = pikepdf.String(language)
        formula = pikepdf.Dictionary(S=pikepdf.Name.Figure, Alt=pikepdf.String(FORMULA_MARK + "x squared"))
        picture = pikepdf.Dictionary(S=pikepdf.Name.Figure, Alt=pikepdf.String("A harbour at dawn"))
        assert tag_formulas(pdf, [formula, picture]) == 1
        assert formula.S == pikepdf.Name.Formula and str(formula.Alt) == "x squared"
        assert picture.S == pikepdf.Name.Figure, "a picture stays a figure"
        assert (str(formula.Lang) if "/Lang" in formula else None) == expected
