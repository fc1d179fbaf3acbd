"""``folio import``: Word documents from two Word-compatible writers become report folders that check and build.

Every heading, note, table, picture and alt text of the document is counted
before and after: the import may change how they are written, never how many
there are.
"""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from conftest import REPORTS
from support.run import folio

from folio import pandoc
from folio.ast import stringify, walk

FIXTURE = REPORTS / "letter-scripts"
HEADER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)


def counts(markdown: str) -> dict[str, object]:
    """Headings by level, notes, tables, and each picture's alt text, as pandoc reads the Markdown."""
    document, _ = pandoc.to_json(markdown, "markdown")
    nodes = list(walk(document["blocks"]))
    levels = [node["c"][0] for node in nodes if node["t"] == "Header"]
    return {
        "chapters": levels.count(1),
        "headings": len([level for level in levels if level > 1]),
        "notes": len([node for node in nodes if node["t"] == "Note"]),
        "tables": len([node for node in nodes if node["t"] == "Table"]),
        "alt": [" ".join(stringify(node["c"][1]).split()) for node in nodes if node["t"] == "Image"],
    }


def imported_counts(folder: Path) -> dict[str, object]:
    """The same counts over the imported chapters, each chapter's title as its Heading 1."""
    text = ""
    for path in sorted((folder / "chapters").glob("[0-9]*.md")):
        source = path.read_text("utf-8")
        title = re.search(r"^title: (.*)$", HEADER.match(source).group(1), re.MULTILINE).group(1)
        text += f"# {title}\n\n{source[HEADER.match(source).end() :]}\n\n"
    return counts(text)


def fixture_markdown() -> str:
    """The fixtures' chapters as one document, each chapter's title a Heading 1."""
    text = ""
    for path in (REPORTS / "minimal" / "chapters" / "one.md", FIXTURE / "chapters" / "scripts.md", FIXTURE / "chapters" / "tables.md"):
        source = path.read_text("utf-8")
        title = re.search(r"^title: (.*)$", HEADER.match(source).group(1), re.MULTILINE).group(1)
        text += f"# {title}\n\n{source[HEADER.match(source).end() :]}\n\n"
    return text


def pandoc_docx(markdown: str, target: Path, cwd: Path) -> Path:
    """A .docx written by pandoc's DOCX writer."""
    subprocess.run(
        [pandoc.executable(), "--from", "markdown", "--to", "docx", "--metadata", "title=Scripts of the Region", "-o", str(target)],
        input=markdown.encode(),
        cwd=cwd,
        check=True,
        capture_output=True,
    )
    return target


def check_and_build(folder: Path, out: Path) -> None:
    done = folio("check", "--source", folder)
    assert done.code == 0, done.stderr
    done = folio("build", "pdf", "html", "--source", folder, "--out", out, "-q")
    assert (done.code, done.stderr) == (0, "")


@pytest.mark.slow
def test_a_pandoc_docx_round_trip_keeps_every_heading_note_table_and_picture(tmp_path: Path) -> None:
    source = fixture_markdown()
    docx = pandoc_docx(source, tmp_path / "draft.docx", FIXTURE)
    done = folio("import", docx, "--into", tmp_path / "report")
    assert done.code == 0, done.stderr
    folder = tmp_path / "report"
    expected = counts(source)
    assert expected == {
        "chapters": 3,
        "headings": 3,
        "notes": 3,
        "tables": 1,
        "alt": ["A bar chart with three bars of growing height"],
    }
    assert imported_counts(folder) == expected
    assert sorted(p.name for p in (folder / "chapters").iterdir()) == ["01-the-only-chapter.md", "02-many-scripts.md", "03-tables.md"]
    assert [p.suffix for p in (folder / "images").iterdir()] == [".svg"]
    tables = (folder / "chapters" / "03-tables.md").read_text("utf-8")
    assert re.search(r"^\| *80 *\| Item number 80 with a longer description that wraps *\| *31 *\|$", tables, re.MULTILINE), tables
    assert "Eighty rows of numbers" in tables
    scripts = (folder / "chapters" / "02-many-scripts.md").read_text("utf-8")
    assert "## Vietnamese {#vietnamese}" in scripts and "\\@fixture-book" in scripts  # Word's "@key" stays text
    report = (folder / "report.yaml").read_text("utf-8")
    assert "title: Scripts of the Region" in report and "slug: scripts-of-the-region" in report
    assert done.stderr.startswith("imported into ") and done.stderr.endswith(f"next: folio build --source {folder}\n")
    assert "See [the tables](#tables) and the profile." in scripts.replace("\n", " ")  # the profile is not in the document
    assert "1 link to bookmarks or files: kept as plain text" in done.stderr
    assert "report.yaml: publisher is a stand-in (the document's properties had none); write the real one there" in done.stderr
    check_and_build(folder, tmp_path / "out")
    html = (tmp_path / "out" / "scripts-of-the-region.html").read_text("utf-8")
    assert 'alt="A bar chart with three bars of growing height"' in html


TEXT_BOX = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml">'
    '<w:pict><v:shape style="width:100pt;height:50pt"><v:textbox><w:txbxContent><w:p><w:r><w:t>Boxed aside</w:t></w:r></w:p>'
    "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
)
"""A text box as Word writes it for older readers (VML)."""
TRACKED = (
    '<w:ins xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:id="90" w:author="Reviewer" '
    'w:date="2026-01-05T10:00:00Z"><w:r><w:t xml:space="preserve"> Added in review.</w:t></w:r></w:ins>'
)
"""An insertion with track changes on."""


def python_docx(tmp_path: Path) -> Path:
    """A document as python-docx writes it: a table, a picture with alt text, a comment, a text box, a tracked change, a font.

    python-docx cannot write footnotes, so the document starts as pandoc's, with its note.
    """
    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml
    from docx.shared import Inches
    from PIL import Image

    start = pandoc_docx(
        "# Overview\n\nTrade grew in every quarter.[^1]\n\n[^1]: As the survey counted it.\n", tmp_path / "start.docx", tmp_path
    )
    document = docx.Document(str(start))
    document.core_properties.title = "Quarterly Trade Notes"
    document.core_properties.author = "Ana Lima"
    document.core_properties.language = "en-GB"
    document.add_heading("Results", level=1)
    paragraph = document.add_paragraph("The table counts firms by market; ")
    paragraph.add_run("this sentence is set in Arial.").font.name = "Arial"
    document.add_comment(paragraph.runs, text="Check these numbers", author="Reviewer")
    paragraph._p.append(parse_xml(TEXT_BOX))
    paragraph._p.append(parse_xml(TRACKED))
    table = document.add_table(rows=3, cols=2)
    for row, cells in enumerate([("Market", "Firms"), ("Japan", "12"), ("Korea", "9")]):
        for column, text in enumerate(cells):
            table.cell(row, column).text = text
    document.add_heading("A picture", level=2)
    png = io.BytesIO()
    Image.new("RGB", (60, 30), (11, 85, 99)).save(png, "PNG")
    png.seek(0)
    document.add_picture(png, width=Inches(1))
    picture = document.inline_shapes[-1]._inline
    picture.docPr.set("descr", "A solid teal rectangle standing for the chart")
    document.add_heading("Closing", level=1)
    document.add_paragraph("Nothing more to add.")
    gif = io.BytesIO()
    Image.new("P", (20, 20)).save(gif, "GIF")
    gif.seek(0)
    document.add_picture(gif)  # a GIF, and no alt text
    path = tmp_path / "python-docx.docx"
    document.save(str(path))
    return path


@pytest.mark.slow
def test_a_python_docx_document_round_trip(tmp_path: Path) -> None:
    docx = python_docx(tmp_path)
    folder = tmp_path / "report"
    done = folio("import", docx, "--into", folder)
    assert done.code == 0, done.stderr
    assert imported_counts(folder) == {
        "chapters": 3,
        "headings": 1,
        "notes": 1,
        "tables": 1,
        "alt": ["A solid teal rectangle standing for the chart", "Picture 2"],
    }
    assert sorted(p.name for p in (folder / "images").iterdir()) == ["picture-1.png", "picture-2.png"]
    assert "images/picture-2.png: had no alt text in Word; describe it in the chapter" in done.stderr
    results = (folder / "chapters" / "02-results.md").read_text("utf-8")
    assert re.search(r"^\| Market +\| Firms +\|$", results, re.MULTILINE), results
    assert "## A picture {#a-picture}" in results
    assert "![A solid teal rectangle standing for the chart](images/picture-1.png)" in results
    report = (folder / "report.yaml").read_text("utf-8")
    assert "title: Quarterly Trade Notes" in report and "- Ana Lima" in report and "language: en-GB" in report
    assert "1 comment: left out" in done.stderr
    assert "stand-ins" not in done.stderr  # python-docx records the author and the date
    assert "fonts chosen by hand (Arial): left out" in done.stderr
    assert "1 text box: left out" in done.stderr
    assert "1 tracked change: taken as accepted" in done.stderr
    assert "set in Arial. Added in review." in " ".join(results.split())
    check_and_build(folder, tmp_path / "out")


def test_refuses_what_it_cannot_import(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not Word")
    done = folio("import", tmp_path / "notes.txt", "--into", tmp_path / "new")
    assert done.code == 2 and "is not a Word document (.docx)" in done.stderr
    assert not (tmp_path / "new").exists()
    done = folio("import", tmp_path / "missing.docx", "--into", tmp_path / "new")
    assert done.code == 2 and "missing.docx: no such file" in done.stderr
    docx = pandoc_docx("# One\n\nText.\n", tmp_path / "one.docx", tmp_path)
    done = folio("import", docx, "--into", tmp_path)
    assert done.code == 2 and "is not empty" in done.stderr
    assert folio("import", docx).code == 2  # --into is required


def test_odd_structure_is_made_to_fit_and_what_is_left_to_fix_is_said(tmp_path: Path) -> None:
    markdown = (
        "Text before any heading.\n\n"
        "# Empty chapter\n\n"
        "# Findings\n\nSee [the detail](#detail).\n\n"
        "### Detail {#detail}\n\nA level was skipped in Word. A letter no face covers: ཀ.\n"
    )
    docx = pandoc_docx(markdown, tmp_path / "odd.docx", tmp_path)
    folder = tmp_path / "report"
    done = folio("import", docx, "--into", folder)
    assert {p.name for p in (folder / "chapters").iterdir()} == {"01-opening.md", "_02-empty-chapter.md", "03-findings.md"}
    findings = (folder / "chapters" / "03-findings.md").read_text("utf-8")
    assert "## Detail {#detail}" in findings and "[the detail](#detail)" in findings
    assert "chapters/_02-empty-chapter.md: the chapter 'Empty chapter' had no text; kept as a draft" in done.stderr
    assert "the text before the first Heading 1: now the chapter 'Opening'; give it its own title" in done.stderr
    # the one thing folio cannot decide for the author is a located error, straight after the import
    assert done.code == 1
    lines = done.stderr.splitlines()
    assert lines[-1] == f"1 error to fix in {folder} before it builds"
    assert lines[-2].startswith("chapters/03-findings.md:") and "U+0F40" in lines[-2]
