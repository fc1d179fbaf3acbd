"""Each chapter read with its own Markdown reader: ``from:`` in report.yaml or a chapter's header.

tests/reports/readers-mdbook is written as an mdBook (``commonmark`` with
footnotes and tables, the report's reader), with a chapter for GitHub
(``gfm``), one in pandoc's Markdown with raw TeX and one in
``markdown_strict``; the tests read the finished editions for what each
reader's authors meant, and the command line for every ``from:`` mistake.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import REPORTS, builds_editions, copy_report, run_build
from lxml import html
from support.epub import Epub

from folio import pandoc
from folio.markdown.links import crossrefs
from folio.markdown.quarto.cells import prepare
from folio.markdown.reader.dialect import Dialect
from folio.model import Source

FIXTURE = "readers-mdbook"
SLUG = "readers-mdbook"


# -- from: -------------------------------------------------------------------------------------


def with_line(path: Path, after: str, line: str) -> None:
    text = path.read_text()
    path.write_text(text.replace(after, after + line, 1))


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        ("report", "gfmm", 'report.yaml:7: from: "gfmm" is not one of pandoc\'s Markdown readers; did you mean gfm?'),
        (
            "report",
            "rst",
            'report.yaml:7: from: "rst" is not one of pandoc\'s Markdown readers; folio reads chapters in Markdown',
        ),
        ("report", "github", 'report.yaml:7: from: "github" is not one of pandoc\'s Markdown readers; did you mean gfm?'),
        ("chapter", "commonmark+footnote", 'chapters/one.md:2: from: commonmark has no extension "footnote"; did you mean +footnotes?'),
        ("chapter", "gfm+zzz", 'chapters/one.md:2: from: gfm has no extension "zzz"; pandoc --list-extensions=gfm lists those it has'),
        ("chapter", "markdown tex", 'chapters/one.md:2: from: "markdown tex" is not a reader; write a Markdown reader'),
    ],
)
def test_a_wrong_reader_is_an_error_at_its_field(tmp_path: Path, where: str, value: str, message: str) -> None:
    folder = copy_report("minimal", tmp_path)
    if where == "report":
        with_line(folder / "report.yaml", "identifier: urn:uuid:6f1c1f4e-4a8e-4d1a-9d64-0b8f5b1c2a10\n", f"from: {value}\n")
    else:
        with_line(folder / "chapters" / "one.md", "---\n", f"from: {value}\n")
    run = run_build("check", "--source", folder)
    assert run.code == 1, run.stderr
    assert any(line.startswith(message) for line in run.stderr.splitlines()), run.stderr


def test_the_reader_pandoc_runs() -> None:
    assert Dialect.of("markdown").pandoc == "markdown-auto_identifiers-implicit_header_references"
    assert Dialect.of("gfm-tex_math_dollars").pandoc == "gfm-tex_math_dollars-gfm_auto_identifiers"
    assert Dialect.of("commonmark").pandoc == "commonmark"
    assert Dialect.of("commonmark_x").github_ids and not Dialect.of("commonmark_x").citations
    assert not Dialect.of("markdown_strict").divs and Dialect.of("markdown_strict+fenced_divs").divs
    assert Dialect.of("markdown+sourcepos").pandoc.endswith("-sourcepos")


HEADINGS = ["1. Intro `code`! Ünï  x", "Héllo, wörld: a_b.c (d) — e–f", "x*y & z/w", "東京 タワー", "Ça va?", "Ça va?", "A -- b"]


def test_gfm_headings_get_the_ids_pandoc_gives_them() -> None:
    text = "\n\n".join(f"# {heading}" for heading in HEADINGS)
    written = pandoc.run(["--from", "gfm", "--to", "html"], text).output
    expected = re.findall(r'<h1 id="([^"]*)"', written)
    source = Source(path="chapters/x.md", line=1, text=text, reader="gfm")
    alone = crossrefs.parse_alone(source, None, Dialect.of("gfm"))
    given = crossrefs.heading_ids([source], [alone], lambda ident: False, frozenset({source.path}))
    assert given[source.path] == expected


def test_cells_are_rewritten_line_for_line_and_only_outside_other_code() -> None:
    text = "Text.\n\n```{r}\n#| eval: false\nx <- 1\n```\n\n````markdown\n```{r}\ny\n```\n````\n\n  ```{python}\n  1\n  ```\n"
    prepared = prepare(text)
    assert prepared.count("\n") == text.count("\n")
    lines = prepared.split("\n")
    assert lines[2].startswith("```{.r folio-cell=r")
    assert lines[8] == "```{r}", "a cell shown inside a Markdown example stays as written"
    assert lines[13].startswith("  ```{.python folio-cell=python")


def test_a_translation_is_read_with_its_originals_reader(tmp_path: Path) -> None:
    from folio.recipe import load_language

    folder = copy_report("translated", tmp_path)
    with_line(folder / "chapters" / "opening.md", "---\n", "from: commonmark_x\n")
    with_line(folder / "translations" / "ko" / "chapters" / "outlook.md", "---\n", "from: gfm\n")
    report = load_language(folder, "ja")
    assert {chapter.path: chapter.body.reader for chapter in report.chapters} == {
        "translations/ja/chapters/opening.md": "commonmark_x",
        "translations/ja/chapters/outlook.md": None,
    }
    assert report.reader == "markdown"
    report = load_language(folder, "ko")
    assert [chapter.body.reader for chapter in report.chapters] == ["commonmark_x", "gfm"]


# -- the editions --------------------------------------------------------------------------------


class Editions:
    def __init__(self, out: Path, stderr: str) -> None:
        self.stderr = stderr
        self.pdf = out / f"{SLUG}.pdf"
        self.epub = Epub(out / f"{SLUG}.epub")
        self.web_source = (out / f"{SLUG}.html").read_text("utf-8")
        self.web = html.fromstring(self.web_source.encode("utf-8"))
        self.docx = out / f"{SLUG}.docx"
        text = subprocess.run(["pdftotext", "-raw", str(self.pdf), "-"], capture_output=True, text=True).stdout
        self.pages = [re.sub(r"\s+", " ", page) for page in text.split("\f")]
        self.epub_source = " ".join(self.epub.files[path].decode("utf-8") for path in self.epub.spine)

    def page_of(self, text: str) -> int:
        found = [index for index, page in enumerate(self.pages) if text in page]
        assert found, f"{text!r} is on no page"
        return found[0]


@pytest.fixture(scope="module")
@builds_editions
def built(tmp_path_factory: pytest.TempPathFactory) -> Editions:
    out = tmp_path_factory.mktemp("readers")
    run = run_build("pdf", "epub", "html", "docx", "--source", REPORTS / FIXTURE, "--out", out)
    assert run.code == 0, run.stderr
    return Editions(out, run.stderr)


SHELL = "Add $HOME/.cargo/bin to your PATH, as in export PATH=$PATH:$HOME/.cargo/bin."


@pytest.mark.slow
def test_dollar_signs_in_shell_text_stay_text_and_code_stays_code(built: Editions) -> None:
    pdf = " ".join(built.pages)
    assert "".join(pdf.split()).count("".join(SHELL.split())) == 2, "in the commonmark chapter and in the gfm one"
    assert "a price of $5 or $10 stays a price" in pdf
    epub_codes = [
        "".join(c.itertext()) for path in built.epub.spine for c in built.epub.tree(path).iter("{http://www.w3.org/1999/xhtml}code")
    ]
    for codes in ([code.text_content() for code in built.web.iter("code")], epub_codes):
        assert codes.count("export PATH=$PATH:$HOME/.cargo/bin") == 2
        assert codes.count("PATH") == 3, "two sentences and a footnote"
    assert 'class="math' not in built.web_source and "<math" not in built.epub_source


@pytest.mark.slow
def test_github_alerts_are_callouts_and_headings_get_githubs_ids(built: Editions) -> None:
    asides = built.web.xpath('//aside[contains(@class, "callout")]')
    assert [a.get("class") for a in asides][:2] == ["callout callout-note", "callout callout-warning"]
    assert asides[0].xpath('string(div[@class="callout-title"])').strip() == "Note"
    assert "GitHub writes its callouts as alerts." in asides[0].text_content()
    assert built.web.xpath('//section[@id="1-getting-started"]/h2') and built.web.xpath('//a[@href="#1-getting-started"]')
    nav = " ".join(built.epub.nav("toc").itertext())
    assert "1. Getting started" in nav and "Warning" not in nav


@pytest.mark.slow
def test_task_lists_keep_their_marks_and_no_form_reaches_an_edition(built: Editions) -> None:
    pdf = " ".join(built.pages)
    assert "☑ install rustup" in pdf and "☐ add a target" in pdf
    assert "<input" not in built.web_source and "<input" not in built.epub_source


@pytest.mark.slow
def test_raw_tex_page_commands_break_pages_and_other_tex_is_left_out_with_a_warning(built: Editions) -> None:
    first = built.page_of("This paragraph ends a page.")
    second = built.page_of("This one starts the next")
    third = built.page_of("After a Word page break.")
    fourth = built.page_of("After a page break written for Typst.")
    assert first < second < third < fourth
    assert "This paragraph ends with TeX's own command." in built.pages[third].replace("’", "'")
    assert fourth == third + 2, "\\clearpage ends a paragraph's page; a Typst page break starts another"
    pdf = " ".join(built.pages)
    assert "\\noindent" not in pdf and "\\vspace" not in pdf
    with zipfile.ZipFile(built.docx) as archive:
        assert len(re.findall(r'<w:br w:type="page"/>', archive.read("word/document.xml").decode("utf-8"))) == 4
    warnings = [line for line in built.stderr.splitlines() if line.startswith("warning: ")]
    assert (
        'warning: chapters/pandoc.md:10: raw TeX "\\noindent" is left out of every edition; write it in Markdown (folio sets no TeX)'
        in warnings
    )
    assert any(line.startswith('warning: chapters/pandoc.md:13: raw TeX "\\vspace{2em}" is left out') for line in warnings)
    assert "A callout in pandoc’s Markdown." in pdf, "a chapter in pandoc's Markdown in a commonmark report has fenced divs"


@pytest.mark.slow
def test_each_reader_keeps_its_own_footnotes_references_and_emoji(built: Editions) -> None:
    pdf = " ".join(built.pages)
    install = built.pages[built.page_of("Where the tools go")]
    assert re.search(r"nothing else\.1 .*1 It may edit your shell", install), "mdBook's footnote, at the foot of its page"
    assert "A [^1] is text in this reader." in pdf
    assert built.web.xpath('//a[@href="https://rust-lang.github.io/rustup/"][text()="rustup"]'), (
        "markdown_strict: a reference defined in another chapter resolves"
    )
    assert len(built.web.xpath('//a[@href="https://rust-lang.github.io/rustup/"]')) == 2
    assert "A bare https://www.rust-lang.org link" in pdf and built.web.xpath('//a[@href="https://www.rust-lang.org"]')
    assert "a :rocket: launch" in pdf, "no emoji font: the emoji stays as written"
    warnings = [line for line in built.stderr.splitlines() if line.startswith("warning: ")]
    strict = "chapters/strict.md:8: [^1] is text in markdown_strict, which has no footnotes; to make it a footnote, write from: "
    assert f"warning: {strict}markdown_strict+footnotes" in warnings
    assert any(line.startswith("warning: chapters/github.md:20: :rocket: is set as written") for line in warnings)
    citation = "chapters/install.md:24: [@survey-2023] is text in commonmark+footnotes+pipe_tables+strikeout, which has no citations"
    assert any(line.startswith(f"warning: {citation}") for line in warnings)
    assert "As the survey found [@survey-2023], most users" in pdf
    assert len(warnings) == 5, warnings
