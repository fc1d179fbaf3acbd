"""Valid content is accepted, and a folder's mistakes come in one list.

tests/reports/accepted is written as pandoc, Quarto, R Markdown and mdBook
authors write: a Graphviz SVG with its DOCTYPE, comments in every form HTML
allows, a reference definition with its URL on the next line used from
another chapter, links to other chapters' files, a picture beside its
chapter, a ``[not][]``, a second ``id="box"``, a ``<script>`` and an
``<iframe>``.  It builds in every edition, with located warnings only, and the
editions show what the warnings say.  tests/reports/one-pass has a mistake
of every stage (report.yaml, a chapter's header, a chapter with no header, a
profile's field, a reference, the text of each of them): ``check`` lists
them all in one run, and mending the first ones reveals none that was hidden.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import REPORTS, copy_report, run_build

from folio import recipe
from folio.cli import main
from folio.markdown.raw import comments
from folio.source.pictures.images import svg_problems

GRAPHVIZ_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
    '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
)
SVG_BODY = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>\n'
ENTITY_HEAD = '<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "svg11.dtd" [\n<!ENTITY ns "x">\n]>\n'


# -- SVG: a DOCTYPE that declares nothing is harmless ----------------------------------------------


def test_a_doctype_without_entities_is_accepted_as_graphviz_and_illustrator_write_it() -> None:
    assert svg_problems((GRAPHVIZ_HEAD + SVG_BODY).encode()) == []
    illustrator = '<?xml version="1.0" encoding="utf-8"?>\n<!-- Generator: Adobe Illustrator 24.0.0 -->\n'
    illustrator += '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    assert svg_problems((illustrator + SVG_BODY).encode()) == []


def test_entities_internal_subsets_and_undeclared_entities_stay_refused() -> None:
    assert svg_problems((ENTITY_HEAD + SVG_BODY).encode()) == [
        (2, "an SVG whose <!DOCTYPE> declares entities ([ … ]) is not allowed; export it again as plain SVG")
    ]
    external = '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>\n'
    assert svg_problems(external.encode())[0][1].startswith("an SVG whose <!DOCTYPE> declares entities")
    nbsp = GRAPHVIZ_HEAD + '<svg xmlns="http://www.w3.org/2000/svg"><text>a&nbsp;b</text></svg>\n'
    assert svg_problems(nbsp.encode()) == [
        (4, "the entity &nbsp; is not defined (an SVG knows only &amp; &lt; &gt; &quot; &apos;); write the character itself")
    ]


def test_the_editions_carry_the_svg_without_its_doctype(tmp_path: Path) -> None:
    from folio.assemble.pictures import picture

    path = tmp_path / "graph.svg"
    path.write_text(GRAPHVIZ_HEAD + SVG_BODY, encoding="utf-8")
    copy = picture(path, "body", "screen", "A4")
    assert b"<!DOCTYPE" not in copy.data and copy.data.endswith(SVG_BODY.encode()) and copy.changed


# -- comments: every form HTML allows is a comment ---------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("<!--->", "<!--\U000f0f02-->"),
        ("<!-->", "<!--\U000f0f01-->"),
        ("<!-- a --!> b", "<!-- a \U000f0f03--> b"),
        ("<!-- a -- b -->", "<!-- a -- b -->"),
        ("<!--- x --->", "<!--- x --->"),
        ("<!-- never closed", "<!-- never closed"),
    ],
)
def test_each_comment_form_ends_where_html_ends_it(written: str, read: str) -> None:
    assert comments.prepare(written) == read
    assert comments.restore({"t": "Code", "c": [["", [], []], read]})["c"][1] == written


# -- one run, every mistake ---------------------------------------------------------------------------

ONE_PASS = [
    "chapters/01-header.md:2: titel: unknown field; did you mean title?",
    "chapters/01-header.md:2: title: missing; this field is required",
    "chapters/01-header.md:6: link to #nowhere: no chapter, heading or profile has this id; "
    "link to a chapter id, a heading id or profile-STEM",
    "chapters/01-header.md:7: citation @missing-key is not in references.yaml; add it to references.yaml",
    'chapters/01-header.md:7: no font folio has sets "ཀ" (U+0F40): Tibetan (bo, dz); add a font that has them: its files in '
    "styles/fonts/ and a styles/fonts/fonts.yaml with family: Noto Sans Tibetan and languages: [bo], "
    "then mark the text with its language, [...]{lang=bo} (see https://folio-report.github.io/folio/guides/scripts-and-fonts/#a-teams-own-fonts)",
    'chapters/02-no-header.md:1: has no YAML header, got "This chapter has no header at all."; '
    "start the file with '---', a line 'title: …', and '---'",
    "chapters/02-no-header.md:3: link to #also-nowhere: no chapter, heading or profile has this id; "
    "link to a chapter id, a heading id or profile-STEM",
    'chapters/03-body.md:5: image: "images/none.png" does not exist; check the file name '
    "(folio looked for images/none.png and chapters/images/none.png)",
    "chapters/03-body.md:7: footnote [^a] is called but never defined; add a line '[^a]: the note' below the paragraph",
    f"profiles/pg-bilum-weaving.yaml:5: founded: expected a year like 2015 (1800 to {__import__('datetime').date.today().year}), "
    'got "last year"',
    "profiles/pg-bilum-weaving.yaml:8: link to #shop: no chapter, heading or profile has this id; "
    "link to a chapter id, a heading id or profile-STEM",
    "references.yaml:2: half-done: title: missing; every reference needs a title",
]


def errors_of(folder: Path, capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(["check", "-q", *args, "--source", str(folder)], build=recipe.build) == 1
    return [line for line in capsys.readouterr().err.splitlines() if ": " in line]


def test_check_lists_the_mistakes_of_every_stage_in_one_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    found = errors_of(REPORTS / "one-pass", capsys)
    assert found[:-1] == ONE_PASS
    assert found[-1].startswith("report.yaml:7: colour: unknown field")


def test_mending_the_first_mistakes_reveals_none_that_was_hidden(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = {line.split(":", 2)[0] + ":" + line.split(":", 2)[2] for line in errors_of(REPORTS / "one-pass", capsys)}
    folder = copy_report("one-pass", tmp_path)
    mend = {
        "report.yaml": ("colour: teal\n", ""),
        "chapters/01-header.md": ("titel:", "title:"),
        "chapters/02-no-header.md": ("This chapter", "---\ntitle: Headed at last\n---\n\nThis chapter"),
        "profiles/pg-bilum-weaving.yaml": ("founded: last year", "founded: 2016"),
        "references.yaml": ("    type: report\n", "    type: report\n    title: Done at last\n"),
    }
    for name, (old, new) in mend.items():
        path = folder / name
        path.write_text(path.read_text("utf-8").replace(old, new), encoding="utf-8")
    second = errors_of(folder, capsys)
    assert len(second) == 7
    assert {line.split(":", 2)[0] + ":" + line.split(":", 2)[2] for line in second} <= first


def test_a_report_yaml_that_cannot_be_read_does_not_hide_the_chapters_mistakes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_report("one-pass", tmp_path)
    report = folder / "report.yaml"
    report.write_text(report.read_text("utf-8").replace("title: Every Mistake in One Run", "title: [unclosed"), encoding="utf-8")
    found = errors_of(folder, capsys)
    assert found[-1] == "report.yaml:2: YAML syntax: expected ',' or ']', but got ':'; check the indentation and quoting here"
    assert found[:-1] == ONE_PASS  # every chapter of chapters/ and every profile, read in name order


def test_every_language_is_checked_text_and_all_before_anything_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_report("translated", tmp_path)
    for name, ident in (("chapters", "nowhere-en"), ("translations/ja/chapters", "nowhere-ja"), ("translations/ko/chapters", "nowhere-ko")):
        path = folder / name / "opening.md"
        path.write_text(path.read_text("utf-8") + f"\nSee [this](#{ident}).\n", encoding="utf-8")
    vi = folder / "translations" / "vi" / "chapters" / "outlook.md"
    vi.write_text(vi.read_text("utf-8").replace("title:", "titel:", 1) + "\nSee [this](#nowhere-vi).\n", encoding="utf-8")

    found = errors_of(folder, capsys, "--lang", "all")
    linked = sorted(re.findall(r"link to #(nowhere-\w+)", "\n".join(found)))
    assert linked == ["nowhere-en", "nowhere-ja", "nowhere-ko", "nowhere-vi"]
    assert any(line.startswith("translations/vi/chapters/outlook.md:2: titel: unknown field") for line in found)

    assert main(["pdf", "epub", "-q", "--lang", "all", "--source", str(folder)], build=recipe.build) == 1
    assert sorted(re.findall(r"link to #(nowhere-\w+)", capsys.readouterr().err)) == linked
    assert not (folder / "dist").exists()


def test_raw_html_opened_in_a_paragraph_closes_in_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """pandoc writes each paragraph as <p>…</p>: a <span> closed after a blank line would be XHTML no reader opens."""
    folder = copy_report("minimal", tmp_path)
    chapter = folder / "chapters" / "one.md"
    chapter.write_text('---\ntitle: One\n---\n\nText <span lang="fr">\n\nmore</span> here.\n\n<div>\n\nA <b>whole</b> div.\n\n</div>\n')
    assert errors_of(folder, capsys) == [
        "chapters/one.md:5: raw HTML <span> is not closed in the paragraph that opens it; the EPUB is XHTML, "
        "so write </span> before the paragraph ends",
        "chapters/one.md:7: raw HTML </span> closes no open <span>; the EPUB is XHTML, so open it first or remove it",
    ]


# -- the accepted fixture: warnings only, and the editions as the warnings say --------------------------

WARNINGS = [
    'chapters/01-sources.md:21: reference link "[not][]": no chapter defines [not] and no heading is titled "not", '
    "so it prints as text; add a line '[not]: https://…' or '[not]: #ID', or write the link as [not](#ID)",
    "chapters/01-sources.md:29: class .box has no meaning in folio or in the report's styles; it changes nothing (remove it, or style it)",
    'chapters/01-sources.md:34: id "box" is already used in chapters/01-sources.md, so this one is "box-1"; give each element its own id',
    "chapters/01-sources.md:36: raw HTML <script> is left out of every edition (scripts never run in the editions)",
    "chapters/01-sources.md:38: raw HTML <iframe> is left out of every edition (an embedded page cannot be shown in a PDF or EPUB)",
    "chapters/01-sources.md:40: raw HTML <video> is left out of every edition (video cannot be printed)",
    "chapters/01-sources.md:44: raw HTML <style> is left out of every edition (styles belong in styles/, not in a chapter)",
    'chapters/02-methods.md:13: link to "../wiki/notes.md" is not a part of the report, so "notes" prints without a link; '
    "link to #ID, to a chapter's file (NAME.md), or to an absolute https:// URL",
    "chapters/02-methods.md:17: raw HTML <listing> is left out of every edition (not an element of HTML; what it holds is kept)",
]


def test_check_accepts_it_with_located_warnings_and_strict_refuses_it(capsys: pytest.CaptureFixture[str]) -> None:
    source = REPORTS / "accepted"
    assert main(["check", "--source", str(source)], build=recipe.build) == 0
    err = capsys.readouterr().err.splitlines()
    assert [line for line in err if line.startswith("warning: ")] == [f"warning: {w}" for w in WARNINGS]
    assert err[-1] == "accepted: no errors"

    assert main(["check", "-q", "--strict", "--source", str(source)], build=recipe.build) == 1
    assert capsys.readouterr().err.splitlines() == [*(f"warning: {w}" for w in WARNINGS), f"{len(WARNINGS)} warnings (--strict)"]


def test_a_definition_with_its_url_on_the_next_line_serves_every_chapter() -> None:
    from folio.markdown.render import render_markdown
    from folio.run.cache import Cache
    from folio.source.load import load_report

    fragments = render_markdown(load_report(REPORTS / "accepted"), Cache(None))
    for path in ("chapters/01-sources.md", "chapters/02-methods.md"):
        assert '<a href="https://www.oecd.org/digital/guidance">OECD guidance</a>' in fragments.parts[path].web_html
    methods = fragments.parts["chapters/02-methods.md"].web_html
    assert 'href="#ch-01-sources">the sources</a>' in methods and 'href="#ch-01-sources">the R version</a>' in methods
    assert "notes" in methods and "../wiki" not in methods


@pytest.fixture(scope="module")
def accepted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("accepted") / "out"
    run = run_build("pdf", "epub", "html", "docx", "--source", REPORTS / "accepted", "--out", out)
    assert run.code == 0, run.stderr
    assert [line for line in run.stderr.splitlines() if line.startswith("warning: ")] == [f"warning: {w}" for w in WARNINGS]
    return out


def epub_text(out: Path) -> dict[str, str]:
    with zipfile.ZipFile(out / "accepted.epub") as epub:
        return {name: epub.read(name).decode("utf-8", "replace") for name in epub.namelist() if name.endswith((".xhtml", ".svg"))}


@pytest.mark.slow
def test_epubcheck_accepts_it(accepted: Path) -> None:
    from support.epub import SUCCESS, epubcheck

    assert epubcheck(accepted / "accepted.epub") == SUCCESS


@pytest.mark.slow
def test_no_comment_script_or_frame_reaches_an_edition_and_code_keeps_what_it_shows(accepted: Path) -> None:
    pdf = subprocess.run(["pdftotext", str(accepted / "accepted.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    with zipfile.ZipFile(accepted / "accepted.docx") as docx:
        word = docx.read("word/document.xml").decode("utf-8")
    xhtml = "".join(epub_text(accepted).values())
    html = (accepted / "accepted.html").read_text("utf-8")
    for edition in (pdf, word, xhtml, html):
        assert "NOTE-" not in edition
        assert "FALLBACK-KEPT" in edition  # what a <video> holds for a reader that cannot play it
        assert "Some text" in edition and "after an incorrectly closed comment" in edition
    for edition in (xhtml, html):
        assert "<!--" not in edition.split("<body", 1)[-1].replace("&lt;!--", "")
        body = edition.split("<body", 1)[-1]
        assert "<script" not in body and "<iframe" not in body and "<video" not in body and "color: red" not in body
        assert "&lt;!--&gt;</code>" in edition and "--!&gt;</code>" in edition
    assert "<!--- kept in code --->" in pdf and "<!-->, --!> and" in pdf


@pytest.mark.slow
def test_links_to_chapter_files_go_to_their_parts_and_ids_are_unique(accepted: Path) -> None:
    texts = epub_text(accepted)
    xhtml = "".join(texts.values())
    assert re.search(r'href="ch\d+\.xhtml#ch-02-methods">the methods chapter</a>', xhtml)
    assert re.search(r'href="ch\d+\.xhtml#sampling-frame">there too</a>', xhtml)
    assert re.search(r'href="ch\d+\.xhtml#ch-01-sources">the sources</a>', xhtml)
    assert xhtml.count('id="box"') == 1 and xhtml.count('id="box-1"') == 1
    assert "notes.md" not in xhtml and "notes" in xhtml
    # a site's "/" is its chapters folder; a second "#" (a text fragment) is escaped, as a browser does
    assert re.search(r'href="ch\d+\.xhtml#sampling">the sources</a>', xhtml)
    assert 'href="https://www.example.org/guide#rules%23:~:text=small%20firms"' in xhtml
    # a tool's own element loses its tags, not what it holds
    assert "<listing" not in xhtml.lower() and "firm.employees" in xhtml


@pytest.mark.slow
def test_the_graphviz_figure_and_the_picture_beside_its_chapter_are_in_every_edition(accepted: Path) -> None:
    svgs = [text for name, text in epub_text(accepted).items() if name.endswith(".svg")]
    assert len(svgs) == 1 and "<!DOCTYPE" not in svgs[0] and "answer" in svgs[0]
    with zipfile.ZipFile(accepted / "accepted.epub") as epub:
        assert len([name for name in epub.namelist() if name.endswith(".png") and "media" in name]) == 2  # the stall, the cover
    pdf = subprocess.run(["pdftotext", str(accepted / "accepted.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "answer" in pdf and "check" in pdf and "Figure 1" in pdf
    images = subprocess.run(["pdfimages", "-list", str(accepted / "accepted.pdf")], capture_output=True, text=True, check=True).stdout
    assert len(images.splitlines()) - 2 >= 1  # the stall, drawn from chapters/stall.png
    html = (accepted / "accepted.html").read_text("utf-8")
    assert html.count("data:image/png;base64,") >= 1 and html.count("data:image/svg+xml") >= 1
