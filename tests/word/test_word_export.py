"""``folio build docx``: a review copy in Word that holds every note and figure of the report.

The expected numbers come from folio's own reading of the report (stage 1
and 2); the file is read back with python-docx and as the XML Word reads.
Its headings and tables, in order, are held to the EPUB's in
``test_word_whole.py``.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

import pytest
from conftest import REPORTS, ROOT, copy_report
from lxml import etree
from support.run import folio

from folio.markdown.render import render_markdown
from folio.model import Chapter, KeyFiguresPart, ProfilesPart
from folio.source.load import load_report

docx = pytest.importorskip("docx")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def expected(source: Path) -> dict[str, object]:
    """Notes and picture alt texts (figures, profile photos, key-figure charts) as folio reads the report."""
    report = load_report(source)
    fragments = render_markdown(report)
    notes, alts = 0, []

    def source_of(path: str) -> None:
        nonlocal notes
        fragment = fragments.parts[path]
        notes += fragment.notes
        alts.extend(html.unescape(alt) for alt in re.findall(r'<img [^>]*alt="([^"]*)"', fragment.print_html))

    for part in report.parts:
        if isinstance(part, Chapter):
            source_of(part.path)
        elif isinstance(part, ProfilesPart):
            if part.intro:
                source_of(part.intro.path)
            for profile in part.profiles:
                source_of(profile.path)
                if profile.photo:
                    alts.append(profile.photo.alt)
        elif isinstance(part, KeyFiguresPart):
            alts.extend(figure.chart.text for figure in part.figures if figure.chart)
    return {"notes": notes, "alt": sorted(alts)}


def found(path: Path) -> dict[str, object]:
    with zipfile.ZipFile(path) as archive:
        footnotes = etree.fromstring(archive.read("word/footnotes.xml"))
        body = etree.fromstring(archive.read("word/document.xml"))
    notes = [note for note in footnotes.iter(f"{W}footnote") if note.get(f"{W}type") is None]
    alts = [element.get("descr") for element in body.iter(DOC_PR)]
    return {"notes": len(notes), "alt": sorted(alts)}


@pytest.mark.slow
@pytest.mark.parametrize("name", ["letter-scripts", "main"])
def test_holds_every_note_and_figure(name: str, tmp_path: Path) -> None:
    source = ROOT if name == "main" else REPORTS / name
    done = folio("build", "docx", "--source", source, "--out", tmp_path, "-q")
    assert (done.code, done.stderr) == (0, "")
    [path] = tmp_path.glob("*.docx")
    want, got = expected(source), found(path)
    assert got == want
    assert want["notes"] and want["alt"]
    keywords = load_report(source).keywords
    assert docx.Document(str(path)).core_properties.keywords == ", ".join(keywords)


@pytest.mark.slow
def test_figures_have_captions_the_look_is_the_reports_and_it_is_no_edition(tmp_path: Path) -> None:
    source = copy_report("letter-scripts", tmp_path)
    text = (source / "report.yaml").read_text("utf-8")
    (source / "report.yaml").write_text(text + 'accent: "#aa3300"\n', encoding="utf-8")
    out = tmp_path / "out"
    done = folio("build", "docx", "html", "--source", source, "--out", out, "-q")
    assert (done.code, done.stderr) == (0, "")
    document = docx.Document(str(out / "letter-scripts.docx"))
    captions = [p.text for p in document.paragraphs if p.style.name == "Image Caption"]
    assert captions == ["A bar chart with three bars of growing height"]
    heading = document.styles["Heading 1"]
    assert (str(heading.font.color.rgb), heading.font.name) == ("AA3300", "Source Sans 3")
    assert document.styles["Normal"].font.name in (None, "Source Serif 4")  # Normal inherits the document default
    assert document.core_properties.title == "Scripts of the Region"
    sums = (out / "SHA256SUMS").read_text()
    assert "letter-scripts.html" in sums and ".docx" not in sums
