"""Source formats: the registry (folio/source/formats/), which files of chapters/ are chapters, and .qmd chapters.

The registry's answers are checked directly; what a format means for a
report is checked through ``load_report`` on folders as an author leaves
them, and on the finished editions of tests/reports/quarto-chapter (a
``.md`` chapter read as GitHub Markdown beside a ``.qmd`` one read as Quarto
reads it).
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from pathlib import Path

import pytest
from conftest import REPORTS, builds_editions, copy_report, run_build
from support.epub import Epub

from folio.errors import Problems, ReportError
from folio.model import Chapter
from folio.source import formats
from folio.source.formats import Prepared, markdown, quarto
from folio.source.load import load_report
from folio.source.translation import translate, with_languages

SLUG = "quarto-chapter"


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ReportError) as caught:
        load_report(folder)
    return [str(p) for p in caught.value.problems]


def add_chapter(folder: Path, name: str, text: str = "---\ntitle: Another\n---\n\nMore text.\n", listed: bool = True) -> Path:
    path = folder / "chapters" / name
    path.write_text(text)
    if listed:
        report = folder / "report.yaml"
        report.write_text(report.read_text() + f"  - chapter: chapters/{name}\n")
    return path


# -- the registry ------------------------------------------------------------------------------


def test_markdown_comes_first_and_each_suffix_has_one_format() -> None:
    assert formats.FORMATS[0] is markdown.FORMAT
    assert formats.suffixes() == (".md", ".qmd")
    claimed = [suffix for fmt in formats.FORMATS for suffix in fmt.suffixes]
    assert len(claimed) == len(set(claimed))
    assert all(suffix.startswith(".") and suffix == suffix.lower() for suffix in claimed)
    assert all(fmt.unlisted in ("error", "warning") for fmt in formats.FORMATS)


def test_markdown_is_read_as_the_report_says_and_quarto_as_quarto_reads_it() -> None:
    assert markdown.FORMAT.reader is None and markdown.FORMAT.prepare is None and markdown.FORMAT.unlisted == "error"
    assert quarto.FORMAT.reader == "markdown" and quarto.FORMAT.unlisted == "warning"


def test_a_file_s_format_by_its_suffix_in_any_case() -> None:
    assert formats.of("chapters/intro.md") is markdown.FORMAT
    assert formats.of("chapters/intro.QMD") is quarto.FORMAT
    assert formats.of("translations/ja/chapters/intro.qmd") is quarto.FORMAT
    assert formats.of("chapters/intro.txt") is None
    assert formats.of("chapters/qmd") is None


def test_sources_of_a_folder_are_the_files_a_format_claims_in_name_order(tmp_path: Path) -> None:
    for name in ("b.qmd", "a.md", "_draft.md", "notes.txt", "c.Rmd", "upper.MD", "a.md.bak"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in formats.sources(tmp_path)] == ["_draft.md", "a.md", "b.qmd"]
    assert [p.name for p in formats.sources(tmp_path, unlisted="error")] == ["_draft.md", "a.md"]
    assert formats.sources(tmp_path / "missing") == []


def test_quarto_pre_pass_keeps_the_lines_and_names_each_rendering_option() -> None:
    text = "---\ntitle: Findings\nformat:\n  html:\n    toc: true\n\nexecute: {echo: false}\nlang: en\n---\n\nformat: is text here.\n"
    problems = Problems()
    prepared = quarto.prepare(text, "chapters/findings.qmd", problems)
    assert prepared == Prepared(prepared.text)
    assert prepared.text.split("\n") == [
        "---",
        "title: Findings",
        "#format:",
        "#  html:",
        "#    toc: true",
        "",
        "#execute: {echo: false}",
        "lang: en",
        "---",
        "",
        "format: is text here.",
        "",
    ]
    assert [(w.path, w.line, w.message.split(":")[0]) for w in problems.warnings] == [
        ("chapters/findings.qmd", 3, "format"),
        ("chapters/findings.qmd", 7, "execute"),
    ]
    assert not problems.items


def test_quarto_pre_pass_leaves_a_file_without_a_closed_header_as_written() -> None:
    problems = Problems()
    for text in ("No header.\n", "---\ntitle: Open\nformat: html\n", ""):
        assert quarto.prepare(text, "chapters/x.qmd", problems) == Prepared(text)
    assert not problems.warnings


# -- a report with a .qmd chapter --------------------------------------------------------------


def test_a_qmd_chapter_is_read_with_pandoc_markdown_whatever_the_report_s_from(tmp_path: Path) -> None:
    report = load_report(REPORTS / SLUG)
    assert report.reader == "gfm"
    intro, findings, method = (part for part in report.parts if isinstance(part, Chapter))
    assert (intro.path, intro.body.reader) == ("chapters/intro.md", None)
    assert (findings.path, findings.id, findings.title, findings.body.reader) == (
        "chapters/findings.qmd",
        "findings",
        "What the survey found",
        "markdown",
    )
    assert [(w.path, w.line) for w in report.warnings] == [("chapters/findings.qmd", 3), ("chapters/findings.qmd", 6)]
    assert (method.title, method.id, method.matter, method.letter, method.body.reader) == (
        "How the survey was run",
        "sec-method",
        "appendix",
        "A",
        "markdown",
    )


def test_a_qmd_chapter_s_own_from_comes_first(tmp_path: Path) -> None:
    folder = copy_report(SLUG, tmp_path)
    path = folder / "chapters" / "findings.qmd"
    path.write_text(path.read_text().replace("title: What the survey found\n", "title: What the survey found\nfrom: commonmark_x\n"))
    findings = load_report(folder).parts[1]
    assert findings.body.reader == "commonmark_x"


def test_a_qmd_header_field_folio_does_not_know_is_still_an_error(tmp_path: Path) -> None:
    folder = copy_report(SLUG, tmp_path)
    path = folder / "chapters" / "findings.qmd"
    path.write_text(path.read_text().replace("execute:\n", "author: Ana Lima\nexecute:\n"))
    found = problems_of(folder)
    assert len(found) == 1 and found[0].startswith("chapters/findings.qmd:6: author: unknown field")


def test_contents_may_name_a_qmd_file_but_not_another_suffix(tmp_path: Path) -> None:
    folder = copy_report("minimal", tmp_path)
    add_chapter(folder, "two.qmd")
    assert [part.path for part in load_report(folder).parts] == ["chapters/one.md", "chapters/two.qmd"]
    add_chapter(folder, "three.txt")
    assert problems_of(folder) == ['report.yaml:10: contents: chapter: "chapters/three.txt" should end in .md or .qmd']


def test_an_empty_qmd_chapter_says_its_own_suffix(tmp_path: Path) -> None:
    folder = copy_report("minimal", tmp_path)
    add_chapter(folder, "two.qmd", "---\ntitle: Two\n---\n")
    assert problems_of(folder) == [
        "chapters/two.qmd:3: has a header but no text below it; write the chapter, or rename the file _NAME.qmd to keep it as a draft"
    ]


def test_a_qmd_without_a_header_takes_its_title_and_id_from_its_first_heading() -> None:
    prepared = quarto.prepare("\n# Trade *today* {#sec-trade .unnumbered}\n\nText.\n", "chapters/x.qmd", Problems())
    assert prepared.text.split("\n") == ["---", 'title: "Trade *today*"', 'id: "sec-trade"', "---", "", "", "", "Text.", ""]
    assert (prepared.added, prepared.header_line) == (4, 2)
    plain = quarto.prepare("# 日本の貿易 #\nText.\n", "chapters/x.qmd", Problems())
    assert plain.text.startswith('---\ntitle: "日本の貿易"\n---\n') and (plain.added, plain.header_line) == (3, 1)
    kept = quarto.prepare("# Why {dplyr} {.unnumbered}\n", "chapters/x.qmd", Problems())
    assert kept.text.startswith('---\ntitle: "Why {dplyr}"\n---\n')  # only attributes are attributes
    for text in ("Text first.\n\n# Later heading\n", "## A section\n", "#hashtag\n", "#  {#only-an-id}\n"):
        assert quarto.prepare(text, "chapters/x.qmd", Problems()) == Prepared(text)


def test_a_qmd_header_without_a_title_takes_it_from_its_first_heading_and_keeps_its_lines(tmp_path: Path) -> None:
    text = "---\nformat: html\nsummary: Why it matters.\n---\n\n# Trade today {#sec-trade}\n\nText.\n"
    prepared = quarto.prepare(text, "chapters/x.qmd", Problems())
    assert prepared.text.split("\n")[:7] == [
        "---",
        "#format: html",
        "summary: Why it matters.",
        'title: "Trade today"',
        'id: "sec-trade"',
        "---",
        "",
    ]
    assert (prepared.added, prepared.header_line) == (2, 2)
    titled = "---\ntitle: Kept\n---\n# A heading\n"
    assert quarto.prepare(titled, "chapters/x.qmd", Problems()) == Prepared(titled)
    folder = copy_report(SLUG, tmp_path)
    path = folder / "chapters" / "method.qmd"
    path.write_text("---\nexecute:\n  echo: false\n---\n\n" + path.read_text() + "\n![A form.](images/missing-form.png)\n")
    line = path.read_text().split("\n").index("![A form.](images/missing-form.png)") + 1
    run = run_build("check", "--source", folder)
    assert run.code == 1, run.stderr
    assert f'chapters/method.qmd:{line}: image: "images/missing-form.png" does not exist' in run.stderr
    assert "title: missing" not in run.stderr


def test_a_headerless_qmd_s_messages_point_at_the_file_s_own_lines(tmp_path: Path) -> None:
    folder = copy_report(SLUG, tmp_path)
    path = folder / "chapters" / "method.qmd"
    path.write_text("\n" + path.read_text() + "\n![A form.](images/missing-form.png)\n")
    line = path.read_text().split("\n").index("![A form.](images/missing-form.png)") + 1
    run = run_build("check", "--source", folder)
    assert run.code == 1
    assert f'chapters/method.qmd:{line}: image: "images/missing-form.png" does not exist' in run.stderr
    assert load_report(folder).parts[2].body.line == 1
    path.write_text("# " + "Long " * 70 + "{#sec-method}\n\nText.\n")
    assert problems_of(folder) == ["chapters/method.qmd:1: title: longer than 300 characters; shorten it"]


def test_a_headerless_md_is_still_refused(tmp_path: Path) -> None:
    folder = copy_report("minimal", tmp_path)
    (folder / "chapters" / "one.md").write_text("# The only chapter\n\nText.\n")
    assert problems_of(folder) == [
        "chapters/one.md:1: has no YAML header, got \"# The only chapter\"; start the file with '---', a line 'title: …', and '---'"
    ]


# -- files contents does not name -------------------------------------------------------------


def test_an_unlisted_qmd_is_a_warning_and_an_unlisted_md_still_an_error(tmp_path: Path) -> None:
    folder = copy_report("minimal", tmp_path)
    add_chapter(folder, "index.qmd", "---\ntitle: Welcome\n---\n\nQuarto's home page.\n", listed=False)
    add_chapter(folder, "_draft.qmd", "not even a header", listed=False)
    report = load_report(folder)
    assert [str(w) for w in report.warnings] == [
        "chapters/index.qmd: is not in report.yaml contents, so no edition has it; add '- chapter: chapters/index.qmd' there, "
        "or rename it _index.qmd to keep it as a draft"
    ]
    add_chapter(folder, "lost.md", listed=False)
    assert problems_of(folder) == [
        "chapters/lost.md: is not in report.yaml contents; add '- chapter: chapters/lost.md' there, "
        "or rename it _lost.md to keep it as a draft"
    ]


def test_an_unlisted_qmd_is_not_read_when_report_yaml_cannot_be(tmp_path: Path) -> None:
    folder = copy_report("minimal", tmp_path)
    add_chapter(folder, "index.qmd", "---\ntitle: [unclosed\n---\n\nText.\n", listed=False)
    (folder / "chapters" / "one.md").write_text("---\ntitle: [unclosed\n---\n\nText.\n")
    (folder / "report.yaml").write_text("- not a mapping\n")
    found = problems_of(folder)
    assert any(p.startswith("chapters/one.md:3: YAML syntax") for p in found)
    assert not any("index.qmd" in p for p in found)


def test_two_listed_chapters_of_one_name_are_an_error_naming_both(tmp_path: Path) -> None:
    folder = copy_report("minimal", tmp_path)
    add_chapter(folder, "one.qmd", "---\ntitle: Again\nid: again\n---\n\nThe same name.\n")
    assert problems_of(folder) == [
        "chapters/one.qmd: has the same name as chapters/one.md, and contents lists both: a link to one.md or one.qmd "
        "would name either; keep one of the two files (rename the other _NAME to keep it as a draft)"
    ]


def test_an_unlisted_twin_is_named_beside_the_listed_one(tmp_path: Path) -> None:
    folder = copy_report("minimal", tmp_path)
    add_chapter(folder, "one.qmd", listed=False)
    assert [str(w) for w in load_report(folder).warnings] == [
        "chapters/one.qmd: is not in report.yaml contents, so no edition has it; chapters/one.md of the same name is; "
        "remove it, or rename it _one.qmd to keep it as a draft"
    ]
    add_chapter(folder, "two.qmd")
    add_chapter(folder, "two.md", listed=False)
    assert problems_of(folder) == [
        "chapters/two.md: is not in report.yaml contents; chapters/two.qmd of the same name is; "
        "remove it, or rename it _two.md to keep it as a draft"
    ]


# -- the finished editions ---------------------------------------------------------------------


@pytest.fixture(scope="module")
@builds_editions
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("quarto-chapter")
    run = run_build("pdf", "epub", "--source", REPORTS / SLUG, "--out", out)
    assert run.code == 0, run.stderr
    return out, run.stderr


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [re.sub(r"\s+", " ", page) for page in text.split("\f")]


def test_the_qmd_chapter_s_text_is_in_the_pdf_read_as_quarto_reads_it(built: tuple[Path, str]) -> None:
    out, stderr = built
    pages = pdf_pages(out / f"{SLUG}.pdf")
    intro = next(page for page in pages if "This chapter is GitHub Markdown" in page)
    findings = next(page for page in pages if "Small exporters sold into" in page)
    assert "::: gfm-keeps-this-line" in intro  # gfm has no fenced divs: the .md chapter is read as the report says
    assert "H2O-grade markets" in findings  # a subscript: pandoc's Markdown
    assert "Section 2.2 explains" in findings  # @sec-importers, a Quarto cross-reference
    assert "Read with pandoc’s Markdown" in findings  # the callout's title, not a heading
    assert ":::" not in findings and "{.callout-note}" not in findings
    assert "The rules of the second year" in " ".join(pages)
    assert "chapters/findings.qmd:3: format: tells Quarto how to render or run this file" in stderr


def test_the_qmd_chapter_is_in_the_epub_and_a_link_to_its_file_reaches_it(built: tuple[Path, str]) -> None:
    out, _ = built
    epub = Epub(out / f"{SLUG}.epub")
    texts = {path: " ".join(epub.tree(path).itertext()) for path in epub.spine}
    findings = next(path for path, text in texts.items() if "Small exporters sold into" in text)
    intro = next(path for path, text in texts.items() if "This chapter is GitHub Markdown" in text)
    links = [a.get("href") for a in epub.tree(intro).iter("{http://www.w3.org/1999/xhtml}a") if "survey" in "".join(a.itertext())]
    assert links and all(epub.href(href, intro) == findings for href in links)


@pytest.mark.slow
def test_a_stray_qmd_leaves_a_folder_s_pdf_byte_for_byte_as_it_was(tmp_path: Path) -> None:
    def pdf_of(folder: Path) -> str:
        out = tmp_path / f"out-{folder.name}"
        run = run_build("pdf", "--source", folder, "--out", out)
        assert run.code == 0, run.stderr
        return hashlib.sha256((out / "minimal.pdf").read_bytes()).hexdigest()

    plain = copy_report("minimal", tmp_path / "plain")
    stray = copy_report("minimal", tmp_path / "stray")
    add_chapter(stray, "index.qmd", "---\ntitle: Home\nformat: html\n---\n\nQuarto's home page.\n", listed=False)
    assert pdf_of(plain) == pdf_of(stray)


def test_a_translated_headerless_qmd_s_id_is_said_at_its_heading_and_never_at_its_prose(tmp_path: Path) -> None:
    folder = copy_report(SLUG, tmp_path)
    translated = folder / "translations" / "ja"
    (translated / "chapters").mkdir(parents=True)
    (translated / "report.yaml").write_text("title: クォート章のある報告書\n")
    for name in ("intro.md", "findings.qmd"):
        (translated / "chapters" / name).write_bytes((folder / "chapters" / name).read_bytes())
    method = translated / "chapters" / "method.qmd"
    method.write_text("\n# 方法 {#sec-other}\n\nid: 5 と書かれた行は本文です。\n")
    warnings = [str(warning) for warning in translate(with_languages(load_report(folder)), "ja").translation.warnings]
    said = [warning for warning in warnings if "is not the original's" in warning]
    assert said and all(warning.startswith("translations/ja/chapters/method.qmd:2: id:") for warning in said), warnings
    method.write_text("\n# 方法\n\nid: 5 と書かれた行は本文です。\n")
    warnings = [str(warning) for warning in translate(with_languages(load_report(folder)), "ja").translation.warnings]
    assert not [warning for warning in warnings if "is not the original's" in warning], warnings
