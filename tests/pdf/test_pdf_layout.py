"""The PDF's layout read back from WeasyPrint: nothing lost, notes where they are called, good breaks."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPORTS, ROOT, builds_editions, copy_report_with_print_rule, run_build
from support.typesetting import measure

from folio.assemble.editions import assemble, stylesheets
from folio.markdown.render import render_markdown
from folio.paths import STYLES
from folio.pdf.layout.checks import Expected, Survey, line_lengths, notes_set_late, survey
from folio.pdf.layout.hyphens import lines_of_blocks, runs
from folio.pdf.weasy import boxes, page_box, root_element
from folio.pdf.write import PdfJob, expected_counts, write_pdf
from folio.source.load import load_report

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True)
class Laid:
    document: object
    expected: Expected
    found: Survey
    pdf: Path
    layouts: int
    """How many times WeasyPrint laid the whole document out."""


def lay_out(folder: Path, out: Path) -> Laid:
    """The screen edition laid out by the build's own write_pdf, keeping WeasyPrint's document."""
    report = load_report(folder)
    fragments = render_markdown(report, None)
    expected = expected_counts(report, fragments)
    kept: list = []
    rendered: list = []
    job = PdfJob(
        html=assemble(report, fragments, "screen"),
        report=report,
        path=out / "laid.pdf",
        stylesheets=tuple(stylesheets(report, "screen")),
        expected=expected,
    )
    from weasyprint import HTML

    render = HTML.render

    def counted(self, *args, **kwargs):
        rendered.append(1)
        return render(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(HTML, "render", counted)
        write_pdf(job, on_layout=kept.append)
    return Laid(kept[0], expected, survey(kept[0], expected), out / "laid.pdf", len(rendered))


@pytest.fixture(scope="module", params=["main", "letter-scripts"])
@builds_editions
def laid(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Laid:
    folder = ROOT if request.param == "main" else REPORTS / request.param
    return lay_out(folder, tmp_path_factory.mktemp(f"laid-{request.param}"))


def test_every_note_figure_table_and_profile_reaches_the_pages(laid: Laid) -> None:
    counts = {kind: len(laid.found.of_kind(kind)) for kind in ("note", "figure", "table", "profile")}
    assert counts == {
        "note": laid.expected.notes,
        "figure": laid.expected.figures,
        "table": laid.expected.tables,
        "profile": len(laid.expected.profiles),
    }
    assert counts["note"] >= 3 and counts["table"] >= 1
    assert all(item.pages for item in laid.found.items)


def test_every_note_is_set_at_the_foot_of_the_page_that_calls_it(laid: Laid) -> None:
    notes = laid.found.of_kind("note")
    assert all(item.call_page is not None for item in notes)
    assert notes_set_late(laid.found) == []


def test_figures_stay_whole_with_their_captions(laid: Laid) -> None:
    for item in laid.found.of_kind("figure"):
        assert len(item.pages) == 1, item


def test_no_more_than_two_hyphenated_lines_in_a_row(laid: Laid) -> None:
    found = [lines[run[-1]] for lines in lines_of_blocks(laid.document) for run in runs(lines)]
    assert found == []


def test_the_hyphenation_rule_holds_in_one_layout(laid: Laid) -> None:
    """The line breaker itself stops the third hyphen (folio.pdf.weasy.hyphens): no second layout to keep words whole."""
    assert laid.layouts == 1


def test_no_heading_ends_a_page_and_no_paragraph_leaves_a_single_line_behind(laid: Laid) -> None:
    from weasyprint.formatting_structure.boxes import BlockBox, LineBox

    fragments: dict[int, list[int]] = {}
    for number, page in enumerate(laid.document.pages):
        flow = page_box(page).children[0]
        last = None
        for box in boxes(flow):
            element = getattr(box, "element", None)
            if (
                isinstance(box, BlockBox)
                and element is not None
                and box.element_tag in (*HEADINGS, "p", "li", "table", "figure", "dl", "blockquote", "div")
            ):
                last = box if box.element_tag != "div" or box.children and isinstance(box.children[0], LineBox) else last
            if isinstance(box, BlockBox) and element is not None and box.element_tag == "p":
                lines = sum(1 for child in box.children if isinstance(child, LineBox))
                fragments.setdefault(id(element), []).append(lines)
        # A part's own title may stand alone on its opening page (a part-title page); no other heading may.
        part_title = last is not None and "chapter-title" in (last.element.get("class") or "")
        assert last is None or last.element_tag not in HEADINGS or part_title, f"page {number + 1} ends with a heading"
    for lines in fragments.values():
        if len(lines) > 1:
            assert min(lines) >= 2, f"a paragraph split {lines} leaves a widow or an orphan"


def test_body_text_keeps_a_reading_measure(laid: Laid) -> None:
    """The design brief's 60 to 75 characters a line, measured on the full lines of the chapters' paragraphs."""
    if laid.expected.notes < 8:
        pytest.skip("too little body text to measure")
    root = root_element(laid.document)
    body = {id(p) for div in root.iter("div") if "chapter-body" in (div.get("class") or "").split() for p in div.iter("p")}
    lengths = line_lengths(laid.document, lambda element: id(element) in body)
    assert len(lengths) > 40
    assert 60 <= statistics.median(lengths) <= 75, statistics.median(lengths)


def test_each_profile_fills_exactly_one_page_of_its_own(laid: Laid) -> None:
    pages = [item.pages for item in laid.found.of_kind("profile")]
    assert all(len(p) == 1 for p in pages), pages
    assert len({p[0] for p in pages}) == len(pages)


def test_a_lost_footnote_stops_the_build_and_is_named(tmp_path: Path) -> None:
    # The report's own print.css takes precedence over folio's: the same sheet, with one note never laid out.
    folder = copy_report_with_print_rule("letter-scripts", tmp_path, "#vietnamese .footnote { display: none; }")
    out = tmp_path / "out"
    run = run_build("pdf", "--source", folder, "--out", out)
    assert run.code == 1
    line = next(n for n, text in enumerate((folder / "chapters/scripts.md").read_text().splitlines(), start=1) if text.startswith("[^vi]:"))
    assert f"chapters/scripts.md:{line}: footnote 1 (“Tiếng Việt dùng nhiều dấu: ắ, ẵ, ề,…”) is missing from the PDF" in run.stderr, (
        run.stderr
    )
    assert not out.exists() or not any(out.glob("*.pdf"))


def test_a_note_set_away_from_its_call_stops_the_build_at_the_call(tmp_path: Path) -> None:
    # A note taller than a page cannot sit under its call: WeasyPrint carries it to the next page.
    folder = copy_report_with_print_rule("letter-scripts", tmp_path, "#vietnamese .footnote { padding-top: 300mm; }")
    out = tmp_path / "out"
    run = run_build("pdf", "--source", folder, "--out", out)
    assert run.code == 1
    line = next(n for n, text in enumerate((folder / "chapters/scripts.md").read_text().splitlines(), start=1) if "[^vi]" in text)
    assert f"chapters/scripts.md:{line}: footnote 1 (“Tiếng Việt dùng nhiều dấu: ắ, ẵ, ề,…”) would be printed on page" in run.stderr, (
        run.stderr
    )
    assert "away from its call" in run.stderr
    assert not out.exists() or not any(out.glob("*.pdf"))


def test_justified_lines_stay_tight_and_split_boxes_leave_no_empty_tint(laid: Laid) -> None:
    """Read off the PDF: word gaps, lines of a justified paragraph left short, empty tint at a page foot."""
    found = measure(laid.pdf)
    assert [round(gap, 1) for gap, _ in found.gaps if gap > 7] == []
    assert [(round(mm, 1), line.text) for mm, line in found.short if mm > 2] == []
    assert [(round(mm, 1), page) for mm, page in found.tails if mm > 6] == []


def test_no_word_or_url_runs_out_of_the_text_block(laid: Laid) -> None:
    from weasyprint.formatting_structure.boxes import TextBox

    for number, page in enumerate(laid.document.pages[1:], start=2):
        box = page_box(page)
        left, right = box.content_box_x(), box.content_box_x() + box.width
        for text in boxes(box.children[0]):
            if isinstance(text, TextBox) and text.text.strip():
                assert left - 0.5 <= text.position_x and text.position_x + text.width <= right + 0.5, (number, text.text)


def test_a_run_that_fills_a_line_but_for_its_final_space_is_not_broken_after_its_first_word() -> None:
    """Before a span, WeasyPrint 70 counted the run's last space and set ``ket`` (of ``Mar‐ket``) alone on a line."""
    from weasyprint import CSS, HTML
    from weasyprint.formatting_structure.boxes import LineBox, TextBox
    from weasyprint.text.fonts import FontConfiguration

    from folio.pdf.weasy import patches

    patches.apply()  # folio.pdf.weasy.lines among the others, in the order a build makes them
    text = (
        "Parcel parcel warehouse invoice invoice harbour. Tariff courier port platform broadband broadband tariff signal payment "
        "invoice parcel network payment trade signal market. Signal harbour tariff network tariff harbour market warehouse "
        "broadband. Supplier invoice data cloud market market counterintuitively harbour cloud warehouse tariff signal signal "
        "ledger. Market invoice supplier customs mitteilungsverordnungen market. Cloud cloud network warehouse harbour invoice "
        "port payment payment supplier trade courier broadband."
    ).replace("network", "<span>network</span>")
    fonts = FontConfiguration()
    sheets = [
        CSS(filename=str(STYLES / "fonts" / "fonts.css"), font_config=fonts),
        CSS(
            string="@page { size: 351.5pt 400pt; margin: 0 } body { margin: 0; font: 10pt/1.42 'Folio Serif'; hyphens: auto; "
            "text-align: justify; hyphenate-limit-chars: 6 3 3 } span { hyphens: manual }",
            font_config=fonts,
        ),
    ]
    document = HTML(string=f"<html lang='en'><body><p>{text}</p></body></html>").render(stylesheets=sheets, font_config=fonts)
    lines = [
        "".join(b.text for b in boxes(line) if isinstance(b, TextBox)).strip()
        for line in boxes(document.pages[0]._page_box)
        if isinstance(line, LineBox)
    ]
    assert "ket" not in lines, lines
    assert any(line.startswith("ket invoice") and line.endswith("Cloud cloud") for line in lines), lines
