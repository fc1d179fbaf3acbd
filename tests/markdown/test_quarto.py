"""Quarto's syntax in every edition: callouts, figure and table divs, page breaks, shortcodes, code cells.

The fixture tests/reports/quarto-constructs is written as Quarto documents
write these things; each test reads the finished files (the PDF's text,
outline, structure tree and drawing, the EPUB's XHTML and navigation, the
web edition, the Word document) for what a reader of that edition gets.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import REPORTS, builds_editions, copy_report, run_build
from lxml import etree, html
from support.epub import Epub

FIXTURE = "quarto-constructs"
SLUG = "quarto-constructs"
CALLOUT_TITLES = [
    "Note",
    "Tip with a title",
    "Import duties change in July",
    "No icon",
    "Expand to learn about collapse",
    "Pay attention to the simple form",
]
X = "{http://www.w3.org/1999/xhtml}"


class Editions:
    def __init__(self, out: Path, stderr: str) -> None:
        self.out = out
        self.stderr = stderr
        self.pdf = out / f"{SLUG}.pdf"
        self.epub = Epub(out / f"{SLUG}.epub")
        self.web = html.fromstring((out / f"{SLUG}.html").read_bytes())
        self.docx = out / f"{SLUG}.docx"
        self.pages = [
            re.sub(r"\s+", " ", page)
            for page in subprocess.run(["pdftotext", str(self.pdf), "-"], capture_output=True, text=True).stdout.split("\f")
        ]

    def epub_text(self) -> str:
        return " ".join(" ".join(self.epub.tree(path).itertext()) for path in self.epub.spine)

    def docx_xml(self) -> str:
        with zipfile.ZipFile(self.docx) as archive:
            return archive.read("word/document.xml").decode("utf-8")


@pytest.fixture(scope="module")
@builds_editions
def built(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    out = tmp_path_factory.mktemp("quarto")
    run = run_build("pdf", "epub", "html", "docx", "--source", REPORTS / FIXTURE, "--out", out)
    assert run.code == 0, run.stderr
    return Editions(out, run.stderr)


def page_of(pages: list[str], text: str) -> int:
    found = [index for index, page in enumerate(pages) if text in page]
    assert found, f"{text!r} is on no page"
    return found[0]


# -- callouts ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_callout_titles_are_in_no_bookmark_and_no_epub_navigation(built: Editions) -> None:
    with pikepdf.open(built.pdf) as pdf, pdf.open_outline() as outline:
        titles = []

        def walk(items):
            for item in items:
                titles.append(item.title)
                walk(item.children)

        walk(outline.root)
    assert {"Five kinds", "After the callouts"} <= set(titles)
    assert not set(CALLOUT_TITLES) & set(titles)
    nav = " ".join(built.epub.nav("toc").itertext())
    assert "After the callouts" in nav
    assert not any(title in nav for title in CALLOUT_TITLES[1:])


def structure_types_of(pdf_path: Path, page_number: int, words: list[str]) -> dict[str, list[str]]:
    """For each word on a page, the structure types from its marked content up to the document."""
    import pdfplumber

    found: dict[str, list[str]] = {}
    with pikepdf.open(pdf_path) as pdf, pdfplumber.open(pdf_path) as plumbed:
        page = pdf.pages[page_number]
        parents = pikepdf.NumberTree(pdf.Root.StructTreeRoot.ParentTree)[int(page.obj.StructParents)]
        chars = plumbed.pages[page_number].chars
        text = "".join(char["text"] for char in chars)
        for word in words:
            at = text.find(word)
            assert at >= 0, f"{word!r} is not on page {page_number + 1}"
            element = parents[chars[at]["mcid"]]
            chain = []
            while element is not None and "/S" in element:
                chain.append(str(element.S)[1:])
                element = element.get("/P")
            found[word] = chain
    return found


@pytest.mark.slow
def test_a_callout_is_a_div_whose_title_is_a_paragraph_in_the_pdf_tags(built: Editions) -> None:
    page = page_of(built.pages, "Tip with a title")
    chains = structure_types_of(built.pdf, page, ["Tip with a title", "Five kinds", "This is an example of a callout"])
    assert [kind for kind in chains["Five kinds"] if kind != "Span"][0] == "H2"
    title = [kind for kind in chains["Tip with a title"] if kind != "Span"]
    assert title[0] == "P" and "Div" in title[1:3], chains["Tip with a title"]
    assert not any(kind.startswith("H") for kind in title), "a callout's title is never a heading"
    assert "Div" in chains["This is an example of a callout"]


@pytest.mark.slow
def test_callouts_are_drawn_as_tinted_boxes_with_an_icon(built: Editions) -> None:
    import pdfplumber

    page_number = page_of(built.pages, "Tip with a title")
    kinds = {  # the title as printed: the tint behind it, the colour of its rule and icon
        "Note": ((0.918, 0.941, 0.988), (0.027, 0.345, 0.898)),
        "Tip": ((0.902, 0.953, 0.925), (0.0, 0.529, 0.239)),
        "Import": ((0.976, 0.914, 0.910), (0.8, 0.098, 0.078)),
    }
    with pdfplumber.open(built.pdf) as pdf:
        page = pdf.pages[page_number]
        words = page.extract_words()
        for word, (tint, colour) in kinds.items():
            title = next(w for w in words if w["text"] == word)

            def near(found, wanted):
                return found is not None and len(found) == 3 and all(abs(a - b) < 0.01 for a, b in zip(found, wanted, strict=True))

            behind = [
                r
                for r in page.rects
                if near(r.get("non_stroking_color"), tint) and r["top"] <= title["top"] and r["bottom"] >= title["bottom"]
            ]
            assert behind, f"no tint behind the callout title {word!r}"
            rule = [r for r in page.rects if near(r.get("non_stroking_color"), colour) and r["x0"] < title["x0"] - 10]
            assert rule, f"no rule in the callout's colour beside {word!r}"
            icon = [
                c
                for c in page.curves
                if near(c.get("non_stroking_color"), colour) and c["x1"] <= title["x0"] and c["top"] < title["bottom"]
            ]
            assert icon, f"no icon before the callout title {word!r}"
        icon_free = next(w for w in words if w["text"] == "No")
        assert not [c for c in page.curves if abs(c["top"] - icon_free["top"]) < 6 and c["x1"] <= icon_free["x0"]], (
            "icon=false draws no icon"
        )


@pytest.mark.slow
def test_callouts_in_the_epub_web_edition_and_word(built: Editions) -> None:
    root = built.epub.tree(next(p for p in built.epub.spine if "Tip with a title" in built.epub.files[p].decode("utf-8")))
    asides = [a for a in root.iter(f"{X}aside") if "callout" in (a.get("class") or "").split()]
    assert len(asides) == 8 and all(a.get("role") == "note" for a in asides)
    for aside in asides:
        assert not [e for e in aside.iter() if isinstance(e.tag, str) and re.fullmatch(rf"{re.escape(X)}h\d", e.tag)], (
            "no heading in a callout"
        )
    titles = ["".join(a.find(f"{X}div").itertext()).strip() for a in asides]
    assert titles[:6] == [
        "Note",
        "Tip with a title",
        "Import duties change in July",
        "No icon",
        "Expand to learn about collapse",
        "Pay attention to the simple form",
    ]
    assert titles[6:] == ["Tip", "Important"], "untitled callouts take their kind's name"

    folded = built.web.xpath('//aside[contains(@class, "callout-caution")]/details')
    assert len(folded) == 1 and folded[0].get("open") is None, 'collapse="true": folded in the web edition'
    assert folded[0].find("summary").text_content().strip() == "Expand to learn about collapse"
    assert not built.web.xpath('//aside[contains(@class, "callout-note")]/details'), "no collapse: open, no <details>"

    with zipfile.ZipFile(built.docx) as archive:
        document = etree.fromstring(archive.read("word/document.xml"))
        styles = archive.read("word/styles.xml").decode("utf-8")
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    styled = [
        (p.find(f"{w}pPr/{w}pStyle").get(f"{w}val"), "".join(p.itertext()))
        for p in document.iter(f"{w}p")
        if p.find(f"{w}pPr/{w}pStyle") is not None
    ]
    assert ("CalloutTitle", "Tip with a title") in styled
    assert ("Callout", "This is an example of a callout with a title.") in styled
    assert 'w:styleId="Callout"' in styles and "w:shd" in styles.split('w:styleId="Callout"')[1].split("</w:style>")[0]


# -- figures, tables, fig-alt --------------------------------------------------------------------


@pytest.mark.slow
def test_figure_and_table_divs_are_numbered_with_lettered_subfigures(built: Editions) -> None:
    text = " ".join(built.pages)
    for caption in (
        "Figure 1: Exports by year",
        "(a) Surus",
        "(b) Hanno",
        "Figure 2: Two elephants, side by side",
        "Figure 3: A figure written as a div, its caption the last paragraph",
        "Table 1: Firms by economy, a raw HTML table",
        "Table 2: Values by year, a Markdown table in a div",
        "Figure 4: Shapes in nested figure divs",
        "(a) A circle",
        "(b) A square",
        "Figure 5: Two pictures on one line",
        "(a) A circle on grey",
        "(b) A square on grey",
        "Figure 6: Bars drawn once and shown by a cell.",
    ):
        assert caption in text, caption
    assert "See Figure 1, Figure 2 (in particular Figure 2 (b)) and Figure 3;" in text
    assert "Table 1 and Table 2 are tables." in text
    assert "Figure 4 (b) is a subfigure of Figure 4, and Figure 5 has two." in text
    assert "Figure 7" not in text, "subfigures are not counted as figures"
    assert built.web.xpath('//figure[@id="fig-nested"]/figure[@id="fig-nested-b"]//img[@alt="A square"]'), "a nested figure div"
    assert len(built.web.xpath('//figure[@id="fig-row"]/div[@class="layout-row layout-ncol-2"]/figure//img')) == 2, (
        "pictures written on one line are subfigures, set in one row"
    )
    assert built.web.xpath('//figure[@id="fig-pair"]/figure[@id="fig-pair-right"]'), "a subfigure keeps its id, inside its figure"
    assert built.web.xpath('//a[@href="#fig-pair-right"]')
    table = built.web.xpath('//figure[@id="tbl-raw"]')[0]
    assert table.find("table") is not None and table.find("figcaption").text_content().startswith("Table 1")


@pytest.mark.slow
def test_fig_alt_is_the_alt_text_in_every_edition(built: Editions) -> None:
    assert built.web.xpath('//img[@alt="Three bars of rising height."]'), "![](x.svg){fig-alt=…} has alt text"
    assert built.web.xpath('//figure[@id="fig-exports"]//img[@alt="A bar chart of exports rising each year."]')
    assert built.web.xpath('//figure[@id="fig-single"]//img[@alt="A figure written as a div, its caption the last paragraph"]'), (
        "a picture with no alt of its own in a figure div is described by the caption"
    )
    epub = " ".join(built.epub.files[p].decode("utf-8") for p in built.epub.spine)
    assert 'alt="Three bars of rising height."' in epub
    with pikepdf.open(built.pdf) as pdf:
        alts = {str(e.Alt) for e in walk_structure(pdf.Root.StructTreeRoot) if e.get("/S") == "/Figure" and "/Alt" in e}
    assert {"Three bars of rising height.", "A bar chart of exports rising each year.", "Surus", "Hanno"} <= alts


def walk_structure(node):
    if isinstance(node, pikepdf.Array):
        for kid in node:
            yield from walk_structure(kid)
    elif isinstance(node, pikepdf.Dictionary):
        if "/S" in node:
            yield node
        if "/K" in node:
            yield from walk_structure(node.K)


# -- page breaks, shortcodes, conditional content --------------------------------------------------


@pytest.mark.slow
def test_page_breaks_and_shortcodes(built: Editions) -> None:
    pages = built.pages
    ends = page_of(pages, "This paragraph ends its page.")
    starts = page_of(pages, "This one starts a new page.")
    tex = page_of(pages, "own page break starts another")
    assert ends < starts < tex, "{{< pagebreak >}} and \\newpage start new pages in the PDF"
    assert "Press Ctrl-C to copy" in pages[starts]
    assert "write {{< pagebreak >}} for a page break" in pages[starts], "an escaped shortcode is its text"
    assert "{{<" not in pages[tex] and "video" not in pages[tex], "a shortcode folio does not run is left out"
    assert "\\noindent" not in " ".join(pages)
    assert len(re.findall(r'<w:br w:type="page"/>', built.docx_xml())) == 2, "page breaks in Word"
    assert built.web.xpath('//code[@class="kbd"][text()="Ctrl-C"]')
    assert "PressShift-Ctrl-P,Shift-Command-P(macOS)forthepalette." in "".join("".join(pages).split())
    assert "Keys in a heading: Ctrl-S" in " ".join(pages) and "Press Ctrl-Z to undo." in " ".join(pages), "in a heading, in emphasis"
    assert "{{< pagebreak >}}" in built.web.text_content()


@pytest.mark.slow
def test_content_for_some_editions_only(built: Editions) -> None:
    pdf = " ".join(built.pages)
    web = built.web.text_content()
    epub = built.epub_text()
    word = built.docx_xml()
    assert "Only in the PDF." in pdf and "Only in the PDF." not in web + epub + word
    assert "In the web edition and the EPUB." in web and "In the web edition and the EPUB." in epub
    assert "In the web edition and the EPUB." not in pdf + word
    assert "Only in the Word copy." in word and "Only in the Word copy." not in pdf + web + epub
    assert "Only in a draft." not in pdf + web + epub + word, "when-meta: no Quarto metadata, so false"
    assert "Light text." in pdf + web + epub + word and "Dark text." not in pdf + web + epub + word, "the editions are light"


@pytest.mark.slow
def test_layouts_set_pictures_side_by_side(built: Editions) -> None:
    panel = built.web.xpath('//div[contains(@class, "layout-panel")]')[0]
    rows = panel.xpath('div[contains(@class, "layout-row")]')
    assert [row.get("class") for row in rows] == ["layout-row layout-ncol-2", "layout-row layout-ncol-1"]
    assert [len(row.xpath(".//img")) for row in rows] == [2, 1]
    assert built.web.xpath('//figure[@id="fig-pair"][contains(@class, "layout-ncol-2")]')
    import pdfplumber

    with pdfplumber.open(built.pdf) as pdf:
        page = pdf.pages[page_of(built.pages, "(a) Surus")]
        backgrounds = [r for r in page.rects if r.get("non_stroking_color") == (0.913725, 0.933333, 0.94902)]  # both SVGs' #e9eef2
        pair = sorted(backgrounds, key=lambda r: r["x0"])
        assert len(pair) == 2 and abs(pair[0]["top"] - pair[1]["top"]) < 1 and pair[1]["x0"] > pair[0]["x1"], "the subfigures side by side"


# -- code cells ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_code_cells_folio_does_not_run(built: Editions) -> None:
    pdf = " ".join(built.pages)
    assert 'install.packages("tidyverse")' in pdf, "eval: false: code to read, shown"
    assert "#|" not in pdf and "summary(cars)" not in pdf, "cell options are not shown, nor an echo: false cell"
    assert "import matplotlib.pyplot as plt" in pdf
    assert "?@fig-plot would be the plot" in pdf, "a reference to an unrun cell's figure prints as Quarto prints it"
    assert "Figure 6 is numbered like any figure" in pdf
    assert "hello.py" in pdf and pdf.index("hello.py") < pdf.index('print("hello")'), "a code block's filename above it"
    assert "Straight lines" in pdf and "?@thm-line is a theorem Quarto would number." in pdf
    with pikepdf.open(built.pdf) as pdf_file, pdf_file.open_outline() as outline:
        assert "Straight lines" not in [item.title for chapter in outline.root for item in chapter.children]
    assert "{{< pagebreak >}}" in pdf, "an escaped shortcode in code is shown unescaped"
    assert "flowchart LR A --> B" in pdf, "a diagram cell is shown as its code"
    assert "setup.py from setuptools import setup" in pdf, "#| filename: shown above the cell's code"


def warning_lines(stderr: str) -> list[str]:
    return [line.removeprefix("warning: ") for line in stderr.splitlines() if line.startswith("warning: ")]


@pytest.mark.slow
def test_what_folio_does_not_support_is_a_warning_at_its_line(built: Editions) -> None:
    warnings = warning_lines(built.stderr)
    expected = [
        'chapters/breaks.md:14: raw TeX "\\noindent" is left out of every edition',
        "chapters/breaks.md:16: Quarto shortcode {{< video >}} is left out",
        "chapters/breaks.md:30: class .column-margin is Quarto's: set in the text column",
        'chapters/breaks.md:36: when-meta="draft": a report folder has no Quarto metadata, so the condition is false; the content is in no',
        "chapters/cells.md:26: 2 code cells (python, r) are not run",
        "chapters/cells.md:38: cross-reference @fig-plot is printed as ?@fig-plot",
        "chapters/cells.md:38: inline code `r nrow(cars)` is not run",
        "chapters/cells.md:44: #thm-line: Quarto numbers a theorem; folio does not",
        "chapters/cells.md:52: mermaid diagrams are shown as their code",
        "chapters/cells.md:60: cell option code-fold: code is never folded in print",
        "chapters/cells.md:64: cross-reference @thm-line is printed as ?@thm-line: folio does not number what it refers to",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in warnings), (start, warnings)
    assert len(warnings) == len(expected), warnings


# -- errors ----------------------------------------------------------------------------------------


def test_a_callout_title_is_no_heading_for_ids_or_links(tmp_path: Path) -> None:
    folder = copy_report(FIXTURE, tmp_path)
    chapter = folder / "chapters" / "callouts.md"
    chapter.write_text(chapter.read_text().replace("This heading follows", "See [the tip](#tip-with-a-title); this heading follows"))
    run = run_build("check", "--source", folder)
    assert run.code == 1
    assert "chapters/callouts.md:49: link to #tip-with-a-title: no chapter, heading or profile has this id" in run.stderr


def test_hostile_quarto_text_neither_hangs_nor_fails(tmp_path: Path) -> None:
    folder = copy_report(FIXTURE, tmp_path)
    chapter = folder / "chapters" / "breaks.md"
    many = "\n\n".join(f"![Shape {n}](images/left.svg)" for n in range(800))
    cell = "```{r}\n" + "".join(f"#| a{n}: &a{n} [*a{n - 1}, *a{n - 1}, *a{n - 1}]\n" for n in range(1, 30)).replace("*a0", "x") + "x\n```"
    escaped = "`" + "{{{<" * 20000 + "`"
    fence = "```{r " + "}" * 100000 + "\nx\n```"
    chapter.write_text(
        chapter.read_text() + f"\n\n{escaped}\n\n{fence}\n\n::: {{#fig-many}}\n{many}\n\nEight hundred shapes\n:::\n\n{cell}\n"
    )
    run = run_build("check", "--source", folder, timeout=300)
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr


def test_an_unclosed_shortcode_is_read_once() -> None:
    from folio.markdown.quarto import Notes
    from folio.markdown.quarto.shortcodes import shape

    words = [node for _ in range(50000) for node in ({"t": "Str", "c": "{{<"}, {"t": "Space"})]
    closed = [{"t": "Str", "c": "{{<"}, {"t": "Space"}, {"t": "Str", "c": "pagebreak"}, {"t": "Space"}, {"t": "Str", "c": ">}}"}]
    blocks = shape([{"t": "Para", "c": closed + [{"t": "Space"}] + words}], Notes())
    assert blocks[0]["t"] == "Div" and len(blocks[1]["c"]) == len(words)


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("tex", "\\newpage"),
        ("latex", "\\pagebreak"),
        ("tex", "\\pagebreak[4]"),
        ("tex", "\\clearpage"),
        ("tex", "\\cleardoublepage"),
        ("openxml", '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'),
        ("typst", "#pagebreak()"),
        ("typst", "#pagebreak(weak: true)"),
        ("context", "\\page"),
        ("ms", ".bp"),
    ],
)
def test_every_raw_page_break_is_a_page_break(fmt: str, text: str) -> None:
    from folio.markdown.quarto import Notes
    from folio.markdown.quarto.rawtex import is_page_break, shape

    notes = Notes()
    (block,) = shape([{"t": "RawBlock", "c": [fmt, text]}], notes)
    assert is_page_break(block) and not notes.notices


def test_escaped_shortcodes_in_both_forms() -> None:
    from folio.markdown.quarto import Notes
    from folio.markdown.quarto.shortcodes import shape

    code = {"t": "CodeBlock", "c": [["", [], []], "{{{< var x >}}} and {{</* meta title */>}}"]}
    words = [{"t": "Str", "c": "{{</*"}, {"t": "Space"}, {"t": "Str", "c": "pagebreak"}, {"t": "Space"}, {"t": "Str", "c": "*/>}}."}]
    notes = Notes()
    code_block, para = shape([code, {"t": "Para", "c": words}], notes)
    assert code_block["c"][1] == "{{< var x >}} and {{< meta title >}}"
    assert para["c"] == [{"t": "Str", "c": "{{< pagebreak >}}"}, {"t": "Str", "c": "."}] and not notes.notices
