"""The Word review copy is the whole report: every heading and table of the EPUB, in the EPUB's order.

Each report is built by the real CLI as an EPUB and a Word copy; the EPUB's
XHTML is read in spine order (cover, title page, contents and colophon set
aside: they describe an edition) and the .docx is read back with
python-docx, headings by their Word heading style and tables by their first
row.  Pictures carry their alt text, and only it, in both of the places
Word keeps a description.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import REPORTS, ROOT
from lxml import etree
from support.epub import NS, TYPE, Epub, X
from support.run import folio

docx = pytest.importorskip("docx")
DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
C_NV_PR = "{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr"
SET_ASIDE = ("cover", "titlepage", "toc", "landmarks", "page-list", "colophon", "footnotes")
"""Parts of the EPUB that describe the edition itself, or pandoc's collected notes (Word's are footnotes)."""


def words(text: str) -> str:
    return " ".join(text.split())


def epub_order(path: Path) -> list[tuple]:
    """Every heading (level, text) and table (its first row) of the EPUB, in reading order."""
    book = Epub(path)
    found: list[tuple] = []
    for document in book.spine:
        body = book.tree(document).find("h:body", NS)
        skipped = {e for part in body.iter() if part.get(TYPE) in SET_ASIDE for e in part.iter()}
        for element in body.iter(f"{{{X}}}h1", f"{{{X}}}h2", f"{{{X}}}h3", f"{{{X}}}h4", f"{{{X}}}h5", f"{{{X}}}h6", f"{{{X}}}table"):
            if element in skipped:
                continue
            if element.tag.endswith("table"):
                row = element.find(f".//{{{X}}}tr")
                found.append(("table", " | ".join(words("".join(cell.itertext())) for cell in row)))
            else:
                found.append((int(element.tag[-1]), words("".join(element.itertext()))))
    return found


def word_order(path: Path) -> list[tuple]:
    """Every heading (level, text) and table (its first row) of the Word document, in order."""
    document = docx.Document(str(path))
    found: list[tuple] = []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            found.append(("table", " | ".join(words(cell.text) for cell in block.rows[0].cells)))
        elif match := re.fullmatch(r"Heading (\d)", block.style.name):
            found.append((int(match.group(1)), words(block.text)))
    return found


def epub_alt_texts(path: Path) -> list[str]:
    book = Epub(path)
    alts = []
    for document in book.spine:
        body = book.tree(document).find("h:body", NS)
        if not any(e.get(TYPE) in ("cover", "colophon") for e in body.iter()):
            alts += [img.get("alt") for img in body.iter(f"{{{X}}}img")]
    return sorted(alts)


def word_descriptions(path: Path) -> tuple[list[str], bytes]:
    """Each picture's alt text (checked to be its only description) and the document part."""
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml")
    alts = []
    for drawing in etree.fromstring(xml).iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}drawing"):
        frame = next(drawing.iter(DOC_PR))
        assert [p.get("descr") for p in drawing.iter(C_NV_PR)] == [frame.get("descr")]
        alts.append(frame.get("descr"))
    return sorted(alts), xml


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest):
    """Build each report's EPUB and Word copy once; ``main`` reuses the session's build of this repository's report."""
    made: dict[str, tuple[Path, Path]] = {}

    def build(name: str) -> tuple[Path, Path]:
        if name in made:
            return made[name]
        out = tmp_path_factory.mktemp("word-whole")
        report, _, lang = name.partition(":")
        source = ROOT if report == "main" else REPORTS / report
        if report == "main":
            epub = request.getfixturevalue("main_build").epub
            targets = ["docx"]
        else:
            targets = ["epub", "docx"]
        done = folio("build", *targets, "--source", source, "--out", out, "-q", *(["--lang", lang] if lang else []))
        assert (done.code, done.stderr) == (0, "")
        [word] = out.glob("*.docx")
        if report != "main":
            [epub] = out.glob("*.epub")
        made[name] = (epub, word)
        return made[name]

    return build


REPORT_NAMES = ["main", "structure", "translated-structure", "translated-structure:id", "letter-scripts"]


@pytest.mark.slow
@pytest.mark.parametrize("name", REPORT_NAMES)
def test_every_heading_and_table_of_the_epub_in_its_order(copies, name: str) -> None:
    epub, word = copies(name)
    want = epub_order(epub)
    assert word_order(word) == want
    assert any(kind == "table" for kind, _ in want) and any(kind == 1 for kind, _ in want)


@pytest.mark.slow
@pytest.mark.parametrize("name", REPORT_NAMES)
def test_pictures_carry_their_alt_text_and_only_it(copies, name: str) -> None:
    epub, word = copies(name)
    alts, xml = word_descriptions(word)
    assert alts == epub_alt_texts(epub) and alts
    assert b"data:" not in xml and b"base64" not in xml


@pytest.mark.slow
def test_the_parts_folio_sets_are_in_the_word_copy(copies) -> None:
    _, word = copies("translated-structure")
    document = docx.Document(str(word))
    paragraphs = [(p.style.name, words(p.text)) for p in document.paragraphs]
    texts = [text for _, text in paragraphs]
    headings = [text for style, text in paragraphs if style == "Heading 1"]
    assert headings == [
        "Executive summary",
        "Foreword",
        "Figures",
        "Tables",
        "The study in numbers",
        "Getting parcels out",
        "Getting paid",
        "Business profiles",
        "Appendix A: How we asked",
        "Abbreviations",
        "References",
    ]
    assert texts.index("Figure 1: Parcels shipped abroad by port") < texts.index("Tables")  # the list of figures, in the front
    assert {"Table 3: Profiles at a glance", "Table A.1: Sellers by economy"} <= set(texts)  # the list of tables
    assert ("Table Caption", "Table 3: Profiles at a glance") in paragraphs  # the glance table, numbered
    glance = next(t for t in document.tables if t.rows[0].cells[0].text == "Business")
    assert [words(c.text) for c in glance.rows[1].cells] == ["Batik Sari", "Indonesia", "Textiles", "2014", "Malaysia, Singapore, Japan"]
    key = texts.index("The study in numbers")
    assert texts[key + 1 : key + 4] == ["Two numbers from the interviews.", "40", "sellers interviewed in four economies"]
    assert "Source: Harbour Institute (2024)" in texts
    assert texts.index("MSME") + 1 == texts.index("micro, small and medium-sized enterprise")  # the glossary, term then meaning
    assert "Dewi Hartono Director" in texts  # the foreword's byline
    assert "Illustrative profile: a composite, not a real business" in texts
    assert [c.text for c in document.tables[0].rows[0].cells] == ["Step", "Small seller", "Large shipper"]


@pytest.mark.slow
def test_a_translations_word_copy_is_in_its_language(copies) -> None:
    _, word = copies("translated-structure:id")
    texts = [words(p.text) for p in docx.Document(str(word)).paragraphs]
    assert {"Lampiran A: Cara kami bertanya", "Daftar gambar", "Singkatan", "Sekilas profil", "Tabel 3: Sekilas profil"} <= set(texts)
    assert "Profil ilustratif: gabungan beberapa kasus, bukan usaha yang nyata" in texts
    assert not {"Founded", "Illustrative profile: a composite, not a real business", "Figures", "Abbreviations"} & set(texts)


def test_raw_html_becomes_word_structures_where_it_stands() -> None:
    from folio.word.export import read_raw_html

    blocks = [
        {"t": "Para", "c": [{"t": "Str", "c": "before"}]},
        {"t": "RawBlock", "c": ["html", "<dl><dt>MSME</dt><dd>micro, small and medium-sized enterprise</dd></dl>"]},
        {"t": "Div", "c": [["", [], []], [{"t": "RawBlock", "c": ["html", "<table><tr><th>A</th></tr><tr><td>1</td></tr></table>"]}]]},
        {"t": "RawBlock", "c": ["html", "<figure><p>40</p><figcaption>Source: X</figcaption></figure>"]},
    ]
    read = read_raw_html(blocks)
    assert [block["t"] for block in read] == ["Para", "DefinitionList", "Div", "Para", "Para"]
    assert read[2]["c"][1][0]["t"] == "Table"
