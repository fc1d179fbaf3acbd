"""``folio build docx``: a review copy in Word that holds every heading, note and figure of the report.

The expected numbers come from folio's own reading of the report (stage 1
and 2); the file is read back with python-docx and as the XML Word reads.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import REPORTS, ROOT, copy_report
from lxml import etree
from test_command import folio

from folio.markdown.render import render_markdown
from folio.model import BibliographyPart, Chapter, KeyFiguresPart, ProfilesPart
from folio.source.load import load_report

docx = pytest.importorskip("docx")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def expected(source: Path) -> dict[str, object]:
    """Headings (level, text), notes and figure alt texts as folio reads the report."""
    report = load_report(source)
    fragments = render_markdown(report)
    headings: list[tuple[int, str]] = []
    notes, alts = 0, []

    def chapter(part: Chapter, level: int = 1) -> None:
        nonlocal notes
        if level:
            headings.append((1, part.title))
        fragment = fragments.parts[part.path]
        headings.extend((heading.level, heading.text) for heading in fragment.headings)
        notes += fragment.notes
        alts.extend(re.findall(r'<img [^>]*alt="([^"]*)"', fragment.print_html))

    for part in report.parts:
        if isinstance(part, Chapter):
            chapter(part)
        elif isinstance(part, ProfilesPart):
            headings.append((1, part.title))
            if part.intro:
                chapter(part.intro, level=0)
            for profile in part.profiles:
                headings.append((2, profile.name))
                fragment = fragments.parts[profile.path]
                notes += fragment.notes
                alts.extend(re.findall(r'<img [^>]*alt="([^"]*)"', fragment.print_html))
                if profile.photo:
                    alts.append(profile.photo.alt)
        elif isinstance(part, KeyFiguresPart | BibliographyPart):
            headings.append((1, part.title))
    return {"headings": headings, "notes": notes, "alt": sorted(alts)}


def found(path: Path) -> dict[str, object]:
    document = docx.Document(str(path))
    headings = []
    for paragraph in document.paragraphs:
        match = re.fullmatch(r"Heading (\d)", paragraph.style.name)
        if match:
            headings.append((int(match.group(1)), " ".join(paragraph.text.split())))
    with zipfile.ZipFile(path) as archive:
        footnotes = etree.fromstring(archive.read("word/footnotes.xml"))
        body = etree.fromstring(archive.read("word/document.xml"))
    notes = [note for note in footnotes.iter(f"{W}footnote") if note.get(f"{W}type") is None]
    alts = [element.get("descr") for element in body.iter(DOC_PR)]
    return {"headings": headings, "notes": len(notes), "alt": sorted(alts)}


@pytest.mark.parametrize("name", ["letter-scripts", "main"])
def test_holds_every_heading_note_and_figure(name: str, tmp_path: Path) -> None:
    source = ROOT if name == "main" else REPORTS / name
    done = folio("build", "docx", "--source", source, "--out", tmp_path, "-q")
    assert (done.code, done.stderr) == (0, "")
    [path] = tmp_path.glob("*.docx")
    want, got = expected(source), found(path)
    # a profile's heading carries its name in its own script too, when that differs; a recommendation, its number
    got["headings"] = [(level, re.sub(r" \(.*\)$", "", text) if level == 2 else text) for level, text in got["headings"]]
    got["headings"] = [(level, re.sub(r"^\d+ ", "", text)) for level, text in got["headings"]]
    want["headings"] = [(level, " ".join(text.split())) for level, text in want["headings"]]
    assert got == want
    assert want["notes"] and want["alt"]


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
