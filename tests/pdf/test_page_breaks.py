"""Page breaks a reader would notice, read off the finished PDF of reports nobody wrote by hand.

``tests/support/generate.py`` writes the reports: notes called anywhere, headed lists
of terms (``H`` heads, ``T`` terms, ``D`` definitions, each a token in the
text), a wide table, a chart with its caption.  On the screen PDF, page by
page: a term is never left alone at a page's foot (its definition starts on
its page), a heading never ends a page (its first term is on its page), a
table's caption and header row are never left without a row of the table, a
figure keeps its caption.  ``make test`` builds a few seeds; a longer run::

    FOLIO_SEEDS=1-60 .venv/bin/python -m pytest tests/pdf/test_page_breaks.py -q
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import builds_editions, run_build
from support.generate import Generated, generated_report, seeds

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils reads the PDFs")]


@pytest.fixture(scope="module", params=seeds([4, 11, 23]), ids=lambda seed: f"seed-{seed}")
@builds_editions
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Generated, list[str]]:
    from support.pdf import page_texts

    folder = tmp_path_factory.mktemp(f"breaks-{request.param}")
    made = generated_report(folder / "report", request.param, photo=False)
    out = folder / "out"
    done = run_build("pdf", "--source", made.folder, "--out", out)
    assert done.code == 0, done.stderr
    return made, page_texts(out / f"{made.slug}.pdf")


def first_pages(pages: list[str], pattern: str) -> dict[str, int]:
    """Each token the pattern captures → the first page (from 1) it is on."""
    found: dict[str, int] = {}
    for number, text in enumerate(pages, start=1):
        for token in re.findall(pattern, text):
            found.setdefault(token, number)
    return found


def test_no_term_is_left_alone_at_the_foot_of_a_page(built: tuple[Generated, list[str]]) -> None:
    made, pages = built
    terms = first_pages(pages, r"(?<![A-Za-z])T(\d{4})")
    meanings = first_pages(pages, r"(?<![A-Za-z])D(\d{4})")
    assert sorted(terms) == sorted(made.terms) == sorted(meanings), "every term and definition is in the PDF"
    alone = {token: (terms[token], meanings[token]) for token in made.terms if terms[token] != meanings[token]}
    assert not alone, f"terms whose definition starts on the next page (term page, definition page): {alone}"


def test_no_heading_ends_a_page(built: tuple[Generated, list[str]]) -> None:
    made, pages = built
    headings = first_pages(pages, r"(?<![A-Za-z])H(\d{4})")
    terms = first_pages(pages, r"(?<![A-Za-z])T(\d{4})")
    alone = {head: (headings[head], terms[term]) for head, term in made.term_headings if headings[head] != terms[term]}
    assert not alone, f"headings whose text starts on the next page (heading page, text page): {alone}"


def test_a_table_starts_with_a_row_under_its_caption_and_header(built: tuple[Generated, list[str]]) -> None:
    _, pages = built
    page = next(number for number, text in enumerate(pages) if "A wide table of values by column" in text)
    after = pages[page].split("A wide table of values by column", 1)[1]
    rows = [line for line in after.splitlines() if len(re.findall(r"\b\d{1,2},\d{3}\b", line)) >= 3]
    assert rows, f"the table's caption and header row end page {page + 1}, its rows start on the next"


def test_a_figure_keeps_its_caption(built: tuple[Generated, list[str]]) -> None:
    _, pages = built
    caption = next(number for number, text in enumerate(pages) if "A chart of four values" in text)
    assert "Values by quarter" in pages[caption], f"the chart and its caption are on different pages (caption on page {caption + 1})"


def test_a_generated_report_has_terms_where_pages_break(tmp_path: Path) -> None:
    """The generator writes what these tests read: a heading over terms, each term over its definition."""
    made = generated_report(tmp_path / "report", 4, photo=False)
    text = "\n".join(path.read_text("utf-8") for path in sorted((made.folder / "chapters").glob("*.md")))
    for head, term in made.term_headings:
        assert re.search(rf"### Terms H{head}\n\nT{term} ", text)
    for term in made.terms:
        assert re.search(rf"T{term} [^\n]*\n\n:   D{term} ", text)
