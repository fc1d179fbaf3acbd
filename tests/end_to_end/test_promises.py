"""The README's promises, checked on the finished files of reports nobody wrote by hand.

``tests/support/generate.py`` writes the reports.  ``make test`` builds a few fixed
seeds; a longer run takes any range::

    FOLIO_SEEDS=1-200 .venv/bin/python -m pytest tests/end_to_end/test_promises.py -q

Each promise is read off the finished files: a note's body on the page of its
call (the PDF's text, page by page), no font outside the shipped set
(``pdffonts``), a web edition that names no other file, every mistake of a
broken folder reported in one run, and typesetting within bounds (word gaps,
stranded words, empty tint at the foot of a split box: ``tests/support/typesetting.py``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_build
from lxml import html as lxml_html
from support.generate import Generated, generated_report, seeds
from support.pdf import page_texts
from support.typesetting import measure

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdffonts") is None, reason="poppler-utils reads the PDFs"),
]


@pytest.fixture(scope="module", params=seeds([3, 17, 42]), ids=lambda seed: f"seed-{seed}")
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Generated, Path]:
    folder = tmp_path_factory.mktemp(f"generated-{request.param}")
    made = generated_report(folder / "report", request.param)
    out = folder / "out"
    built = run_build("pdf", "epub", "html", "--source", made.folder, "--out", out)
    assert built.code == 0, built.stderr
    return made, out


def test_every_note_is_on_the_page_of_its_call(generated: tuple[Generated, Path]) -> None:
    made, out = generated
    pages = page_texts(out / f"{made.slug}.pdf")
    calls: dict[str, int] = {}
    bodies: dict[str, int] = {}
    for number, text in enumerate(pages, start=1):
        for token in re.findall(r"\bC(\d{4})", text):
            calls.setdefault(token, number)
        for token in re.findall(r"(?<![A-Za-z])N(\d{4})", text):
            bodies.setdefault(token, number)
    assert sorted(calls) == sorted(made.notes), "every call is in the PDF"
    assert sorted(bodies) == sorted(made.notes), "every note body is in the PDF"
    late = {token: (calls[token], bodies[token]) for token in made.notes if calls[token] != bodies[token]}
    assert not late, f"notes set on another page than their call (call page, note page): {late}"


def test_no_font_outside_the_shipped_set(generated: tuple[Generated, Path]) -> None:
    made, out = generated
    listing = subprocess.run(["pdffonts", str(out / f"{made.slug}.pdf")], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]
    names = [row.split()[0].split("+", 1)[-1] for row in rows if row.strip()]
    assert names
    foreign = [name for name in names if not name.startswith(("Folio-", "Noto"))]
    assert not foreign, f"machine fonts in the PDF: {foreign}"
    assert all(" yes " in f" {row} " for row in rows if row.strip()), "every font embedded"


def test_the_web_edition_names_no_other_file(generated: tuple[Generated, Path]) -> None:
    made, out = generated
    page = (out / f"{made.slug}.html").read_text("utf-8")
    tree = lxml_html.fromstring(page)
    outside = []
    for element in tree.iter():
        for attribute in ("src", "href", "srcset", "poster", "data"):
            value = element.get(attribute)
            if value and not value.startswith(("data:", "#", "https://", "http://", "mailto:")):
                outside.append(f"<{element.tag} {attribute}={value!r}>")
    for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", page):
        if not url.startswith(("data:", "#")):
            outside.append(f"url({url})")
    assert not outside, outside


def test_every_mistake_is_reported_in_one_run(tmp_path: Path) -> None:
    made = generated_report(tmp_path / "report", seed=5, photo=False)
    report = made.folder / "report.yaml"
    report.write_text(report.read_text("utf-8").replace("date: 2021-01-02", "date: 2021-13-45"), encoding="utf-8")
    profile = next((made.folder / "profiles").glob("*.yaml"))
    text = profile.read_text("utf-8")
    profile.write_text(re.sub(r"founded: \d+", "founded: soon", text), encoding="utf-8")
    chapter = made.folder / "chapters" / "part-2.md"
    chapter.write_text(chapter.read_text("utf-8") + "\n![](images/chart.svg)\n", encoding="utf-8")
    built = run_build("check", "--source", made.folder)
    assert built.code == 1
    lines = built.stderr.splitlines()
    assert any(line.startswith("report.yaml:") and "date" in line for line in lines), built.stderr
    assert any(line.startswith(f"profiles/{profile.name}:") and "founded" in line for line in lines), built.stderr
    assert any(line.startswith("chapters/part-2.md:") and "alt" in line.lower() for line in lines), built.stderr


WIDEST_GAP = 7.0
"""Spaces of a full justified line: at most this many natural spaces wide.

Widest over seeds 1-40: 6.6, a line before a word kept whole against hyphen runs
(:mod:`folio.pdf.layout.hyphens` keeps every occurrence of such a word whole)."""
SHORTEST_SHORTFALL_MM = 2.0
"""A line of a justified paragraph that is not its last ends within this of the right edge."""
EMPTY_TINT_MM = 6.0
"""Below the last line of a tinted box at a page foot: its own padding, no more."""


def test_typesetting_stays_within_bounds(generated: tuple[Generated, Path]) -> None:
    made, out = generated
    found = measure(out / f"{made.slug}.pdf")
    assert found.gaps, "justified lines were found"
    loose = [(round(gap, 1), line.page, line.text) for gap, line in found.gaps if gap > WIDEST_GAP]
    assert not loose, f"word gaps wider than {WIDEST_GAP} spaces: {loose}"
    stranded = [(round(mm, 1), line.page, line.text) for mm, line in found.short if mm > SHORTEST_SHORTFALL_MM]
    assert not stranded, f"lines of a justified paragraph ending short of the margin: {stranded}"
    tails = [(round(mm, 1), page) for mm, page in found.tails if mm > EMPTY_TINT_MM]
    assert not tails, f"empty tint at the foot of a split box (mm, page): {tails}"
