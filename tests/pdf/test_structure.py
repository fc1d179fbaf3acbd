"""The parts a real report has, built for real from ``tests/reports/structure``.

Front matter (a signed foreword, an executive summary, acknowledgments) on
roman pages, two chapters, two lettered appendices, numbered figures and
tables, and cross-references with ``crossref: {page: true}``.  Every number
and page a cross-reference prints is read back from the PDF's text and held
against the page where its target really landed.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import REPORTS, Built, build_once, builds_editions, copy_main_report, copy_report, run_build
from lxml import etree

from folio.pdf.layout.labels import page_labels
from folio.pdf.layout.spreads import spread

FIXTURE = REPORTS / "structure"
SECTIONS = {"Section 1.1": "Why size matters", "Section 2.1": "Obstacles", "Section 2.2": "Recommendations", "Appendix A": "Methodology"}
"""Every section the fixture refers to, and its heading."""
REFERENCE = re.compile(r"\b(Figure|Table|Section|Appendix) ((?:[A-Z]\.)?\d+(?:\.\d+)*|[A-Z]\b)(?!:|\.\d)(?:, page ([ivxlc]+|\d+))?")


@pytest.fixture(scope="module")
@builds_editions
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_once("structure", tmp_path_factory)


@pytest.fixture(scope="module")
def pages(built: Built) -> list[str]:
    """Each page's text, lines joined and words hyphenated at a line end made whole."""
    count = len(pikepdf.open(built.pdf).pages)
    texts = []
    for number in range(1, count + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(built.pdf), "-"], capture_output=True, text=True
        ).stdout
        texts.append(re.sub(r"\s+", " ", re.sub(r"[\u2010-]\n", "", text)))
    return texts


@pytest.fixture(scope="module")
def labels(built: Built) -> list[str]:
    pdf = pikepdf.open(built.pdf)
    nums = list(pdf.Root.PageLabels.Nums)
    starts = {int(nums[i]): str(nums[i + 1].S) for i in range(0, len(nums), 2)}
    assert starts == {0: "/r", 7: "/D"}, "front matter (cover, contents, three parts, two lists) in roman, the body from 1"
    return page_labels(len(pdf.pages), 7)


def page_of(pages: list[str], text: str, start: int = 2) -> int:
    """The first page from ``start`` (past the cover and contents) that holds ``text``."""
    found = [index for index, page in enumerate(pages) if index >= start and text in page]
    assert found, f"{text!r} is on no page"
    return found[0]


def test_outline_lists_front_matter_chapters_and_lettered_appendices(built: Built) -> None:
    with pikepdf.open(built.pdf).open_outline() as outline:
        top = [item.title for item in outline.root]
        sections = {item.title: [child.title for child in item.children] for item in outline.root}
    assert top == [
        "Foreword",
        "Executive summary",
        "Ucapan terima kasih",
        "Figures",
        "Tables",
        "The context",
        "Findings",
        "Appendix A: Methodology",
        "Appendix B: Data tables",
        "Abbreviations",
        "References",
    ]
    assert sections["Findings"] == ["Obstacles", "Recommendations"]
    assert sections["Appendix A: Methodology"] == ["Limits"]


def test_contents_numbers_are_the_pages_where_parts_begin(pages: list[str], labels: list[str]) -> None:
    contents = pages[1].removeprefix("Contents ")
    entries = re.findall(r"(?:(\d) )?([A-Z][A-Za-z :]+?) ?\.{3,} ?([ivx]+|\d+)", contents)
    assert [title.strip() for _, title, _ in entries][:3] == ["Foreword", "Executive summary", "Ucapan terima kasih"]
    assert [number for number, _, _ in entries if number] == ["1", "2"], "only the body's chapters are numbered"
    for _, title, page in entries:
        heading = title.strip().split(": ", 1)[-1]
        assert labels[page_of(pages, heading)] == page, title
    assert [page for _, _, page in entries[:5]] == ["iii", "iv", "v", "vi", "vii"]


def test_lists_of_figures_and_tables_give_the_page_of_each(pages: list[str], labels: list[str]) -> None:
    for title, kind in (("Figures", "Figure"), ("Tables", "Table")):
        listed = re.findall(rf"({kind} (?:[A-Z]\.)?\d+) ([^.]+?) ?\.{{3,}} ?(\d+)", pages[page_of(pages, f"{title} {kind} 1 ")])
        assert len(listed) == {"Figure": 3, "Table": 4}[kind]
        for name, caption, page in listed:
            assert labels[page_of(pages, f"{name}: {caption}")] == page, name


def test_figures_and_tables_are_numbered_in_reading_order(pages: list[str]) -> None:
    text = " ".join(pages[7:])
    captions = re.findall(r"\b((?:Figure|Table) (?:[A-Z]\.)?\d+): ", text)
    assert captions == ["Figure 1", "Figure 2", "Table 1", "Table 2", "Table 3", "Table A.1", "Figure B.1"]


def test_every_cross_reference_gives_the_number_and_page_of_its_target(pages: list[str], labels: list[str]) -> None:
    landed = {
        f"{kind} {number}": index
        for index, page in enumerate(pages)
        for kind, number in re.findall(r"\b(Figure|Table) ((?:[A-Z]\.)?\d+): ", page)
    }
    landed.update({name: page_of(pages, heading, start=7) for name, heading in SECTIONS.items()})
    seen = 0
    for index, page in enumerate(pages[2:], start=2):
        if page.startswith(("Figures Figure", "Tables Table")):
            continue  # the lists of figures and tables
        for match in REFERENCE.finditer(page):
            name, printed = f"{match.group(1)} {match.group(2)}", match.group(3)
            assert name in landed, f"page {labels[index]}: {name} refers to nothing"
            target = landed[name]
            if spread(index) == spread(target):
                assert printed is None, f"page {labels[index]}: {name} is on this spread, yet the page is given"
            else:
                assert printed == labels[target], f"page {labels[index]}: {name} printed page {printed}, the target is on {labels[target]}"
            seen += 1
    assert seen >= 15
    assert "(Figures 1 and 2)" in pages[page_of(pages, "this chapter weighs")], "a prefix takes the numbers alone"
    assert "Table 1, page 1" in pages[page_of(pages, "Executive summary")], "a reference from the roman pages to the body"


def test_glossary_sets_each_term_beside_its_meaning(pages: list[str]) -> None:
    assert "Abbreviations MSME micro, small and medium‐sized enterprise SME small" in pages[page_of(pages, "Abbreviations MSME")]


def test_landscape_content_is_on_a_page_turned_sideways_with_its_running_head(built: Built, pages: list[str], labels: list[str]) -> None:
    wide = page_of(pages, "Table 3: The firms interviewed")
    sizes = [(round(float(p.mediabox[2])), round(float(p.mediabox[3]))) for p in pikepdf.open(built.pdf).pages]
    assert sizes[wide] == (842, 595) and sizes[wide - 1] == sizes[wide + 1] == (595, 842)
    assert pages[wide].startswith("Open Roads for Small Exporters Findings") and pages[wide].rstrip().endswith(labels[wide])
    assert pages[wide + 1].startswith("Open Roads for Small Exporters Findings"), "the chapter's pages go on as before"


def test_byline_closes_the_foreword_and_opens_the_summary(pages: list[str]) -> None:
    assert pages[page_of(pages, "Executive summary Ana")].startswith("Executive summary Ana Reyes Lead author Three findings")
    foreword = pages[page_of(pages, "Foreword")]
    assert foreword.rstrip().endswith("Maria Santos Chair of the Board Kenji Tanaka Executive Director")


def test_epub_sets_front_matter_and_appendices_apart(built: Built) -> None:
    with zipfile.ZipFile(built.epub) as book:
        sections = {}
        bodies = {}
        languages = {}
        for name in book.namelist():
            if not name.endswith(".xhtml") or "/text/" not in name:
                continue
            tree = etree.fromstring(book.read(name))
            body = tree.find("{http://www.w3.org/1999/xhtml}body")
            for section in tree.iter("{http://www.w3.org/1999/xhtml}section"):
                if "level1" in (section.get("class") or ""):
                    key = section.get("id")
                    sections[key] = (section.get("{http://www.idpf.org/2007/ops}type"), section.get("role"))
                    languages[key] = section.get("lang")
                    bodies[key] = body.get("{http://www.idpf.org/2007/ops}type")
        nav = etree.fromstring(book.read("EPUB/nav.xhtml"))
    assert sections["foreword"] == ("foreword", "doc-foreword")
    assert sections["summary"] == ("abstract", "doc-abstract")
    assert sections["thanks"] == ("acknowledgments", "doc-acknowledgments")
    assert sections["sec-method"] == ("appendix", "doc-appendix")
    assert sections["glossary"] == ("glossary", "doc-glossary")
    assert languages["thanks"] == "id" and languages["foreword"] is None, "a chapter in another language says so"
    assert [bodies[key] for key in ("foreword", "summary", "thanks", "context", "sec-method")] == [
        "frontmatter",
        "frontmatter",
        "frontmatter",
        "bodymatter",
        "backmatter",
    ]
    landmarks = next(n for n in nav.iter("{http://www.w3.org/1999/xhtml}nav") if n.get("{http://www.idpf.org/2007/ops}type") == "landmarks")
    kinds = {a.get("{http://www.idpf.org/2007/ops}type"): a.get("href") for a in landmarks.iter("{http://www.w3.org/1999/xhtml}a")}
    assert kinds["foreword"].endswith("#foreword") and kinds["abstract"].endswith("#summary")
    assert kinds["bodymatter"].endswith("#context"), "the body starts at the first chapter, not the foreword"


def test_web_and_epub_captions_carry_numbers_and_references_link(built: Built) -> None:
    web = built.html.read_text("utf-8")
    assert re.search(r'<span class="caption-label">Figure 1</span>: Routes to market', web)
    assert re.search(r'<a href="#tbl-costs" class="xref"[^>]*>Table 1</a>', web)
    with zipfile.ZipFile(built.epub) as book:
        text = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert re.search(r'<span class="caption-label">Table A\.1</span>', text)
    assert re.search(r'<a href="ch\d+\.xhtml#fig-routes" class="xref"', text), "a reference across chapters points into the right file"


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            ("chapters/context.md", "The costs in @tbl-costs", "The costs in @tbl-cost"),
            'chapters/context.md:12: cross-reference @tbl-cost: no table has the id "tbl-cost"; did you mean @tbl-costs?',
        ),
        (
            ("chapters/findings.md", "## Obstacles {#sec-obstacles}", "## Obstacles"),
            'chapters/foreword.md:14: cross-reference @sec-obstacles: no section has the id "sec-obstacles"',
        ),
        (
            (
                "report.yaml",
                "  - list_of_tables: {title: Tables}\n  - chapter: chapters/context.md",
                "  - chapter: chapters/context.md\n  - list_of_tables: {title: Tables}",
            ),
            "report.yaml:17: contents: a list_of_tables: part comes before every chapter",
        ),
        (
            ("report.yaml", "  - appendix: chapters/method.md\n  - chapter: chapters/findings.md", None),
            "report.yaml:18: contents: appendix: comes after the last chapter",
        ),
        (
            ("chapters/thanks.md", "role: acknowledgments", "role: thanks"),
            "chapters/thanks.md:3: role: expected foreword, preface, summary",
        ),
    ],
)
def test_mistakes_are_located(tmp_path: Path, edit: tuple, expected: str) -> None:
    folder = copy_report("structure", tmp_path)
    name, old, new = edit
    path = folder / name
    text = path.read_text("utf-8")
    if new is None:  # move the appendix before the second chapter
        text = text.replace("  - chapter: chapters/findings.md\n  - appendix: chapters/method.md", old)
    else:
        assert old in text
        text = text.replace(old, new)
    path.write_text(text, "utf-8")
    run = run_build("check", "--source", folder)
    assert run.code == 1
    assert expected in run.stderr, run.stderr
    assert "not in references.yaml" not in run.stderr, "a cross-reference is never taken for a citation"


@pytest.mark.slow
@pytest.mark.parametrize(("size", "mm"), [("A5", (148, 210)), ("6x9in", (152.4, 228.6)), ('"170mm 240mm"', (170, 240))])
def test_other_page_sizes_scale_the_design(tmp_path: Path, size: str, mm: tuple[float, float]) -> None:
    import pymupdf

    folder = copy_report("structure", tmp_path)
    report = folder / "report.yaml"
    report.write_text(report.read_text("utf-8").replace("slug: structure\n", f"slug: structure\npage_size: {size}\n"), "utf-8")
    run = run_build("pdf", "--source", folder, "--out", tmp_path / "out")
    assert run.code == 0, run.stderr
    points = (mm[0] / 25.4 * 72, mm[1] / 25.4 * 72)
    with pymupdf.open(tmp_path / "out" / "structure.pdf") as document:
        for page in document:
            width, height = page.rect.width, page.rect.height
            assert (round(width), round(height)) in ((round(points[0]), round(points[1])), (round(points[1]), round(points[0])))
            for word in page.get_text("words"):
                assert 5 < word[0] and word[2] < width - 5, f"{word[4]!r} runs off page {page.number + 1}"
        titles = [page.number for page in document if "Open Roads for" in page.get_text()]
        assert titles[0] == 0, "the cover keeps its title"


def test_a_page_size_folio_does_not_know_is_located(tmp_path: Path) -> None:
    folder = copy_report("structure", tmp_path)
    report = folder / "report.yaml"
    report.write_text(report.read_text("utf-8").replace("slug: structure\n", "slug: structure\npage_size: A7\n"), "utf-8")
    run = run_build("check", "--source", folder)
    assert run.code == 1 and "report.yaml:4: page_size: expected A4, letter, A5, B5, 6x9in" in run.stderr, run.stderr


@pytest.mark.slow
def test_a_glossary_may_be_a_chapter_of_definitions(tmp_path: Path) -> None:
    folder = copy_report("structure", tmp_path)
    (folder / "chapters" / "terms.md").write_text("---\ntitle: Terms\n---\n\nMSME\n: micro, small and medium-sized enterprise\n", "utf-8")
    report = folder / "report.yaml"
    report.write_text(report.read_text("utf-8").replace("glossary: data/abbreviations.yaml", "glossary: chapters/terms.md"), "utf-8")
    run = run_build("pdf", "epub", "--source", folder, "--out", tmp_path / "out")
    assert run.code == 0, run.stderr
    with pikepdf.open(tmp_path / "out" / "structure.pdf").open_outline() as outline:
        assert [item.title for item in outline.root][-2:] == ["Terms", "References"]
    with zipfile.ZipFile(tmp_path / "out" / "structure.epub") as book:
        text = "".join(book.read(n).decode() for n in book.namelist() if n.endswith(".xhtml"))
    assert re.search(r'<section id="terms" class="level1 glossary" epub:type="glossary" role="doc-glossary"', text)


@pytest.mark.slow
def test_the_glance_table_is_numbered_when_the_report_asks(tmp_path: Path) -> None:
    folder = copy_main_report(tmp_path)
    report = folder / "report.yaml"
    text = report.read_text("utf-8").replace(
        "      title: Small business stories\n", "      title: Small business stories\n      glance: numbered\n"
    )
    report.write_text(text, "utf-8")
    intro = folder / "chapters" / "04-stories-intro.md"
    intro.write_text(intro.read_text("utf-8") + "\n@tbl-profiles-at-a-glance lists them.\n", "utf-8")
    run = run_build("pdf", "--source", folder, "--out", tmp_path / "out")
    assert run.code == 0, run.stderr
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "out" / "new-faces-indo-pacific-digital-trade.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert re.findall(r"^Table \d+: [^\n]+", text, re.MULTILINE)[-1] == "Table 3: Profiles at a glance", "after the body's two tables"
    assert "Table 3 lists them." in text
