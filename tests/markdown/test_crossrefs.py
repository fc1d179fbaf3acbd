"""Links across chapters, built for real: the report is one document, as pandoc would read it.

The ``manual`` fixture is a manual cut into three chapters at its top
headings: reference links and implicit header references (``[options]``,
``[options below][General options]``, ``[fenced code blocks]``) whose
definition or heading is in another chapter, code blocks that show pipe and
grid tables and reference definitions, the same heading three times, headings
named like every part the editions make (Footnotes, Contents, Cover…), lists
three deep, and ``<br>``/``<hr>`` written the HTML way.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import pikepdf
import pytest
from conftest import REPORTS, builds_editions, copy_report, run_build
from lxml import etree, html

from folio import pandoc
from folio.markdown.render import render_markdown
from folio.run.cache import Cache
from folio.source.load import load_report

FIXTURE = REPORTS / "manual"
BRACKETED = re.compile(
    r"\[(options|Markdown|pandoc|General options|options below|Pipe tables|Grid tables|Reader options|Contents|"
    r"fenced code blocks|Fenced code blocks|the next chapter|highlighting styles|the options|the --to option, in short|"
    r"2\. Über Straße[^\]]*)\](?!:)",
    re.IGNORECASE,
)
"""Every reference link the fixture writes, as literal text (not the definition the code example shows)."""
AUTHOR_HEADINGS = ("Footnotes", "Contents", "Cover", "Colophon", "Refs", "Body", "Toc", "Landmarks", "Page list")


@pytest.fixture(scope="module")
@builds_editions
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("manual") / "out"
    run = run_build("pdf", "epub", "html", "-q", "--source", FIXTURE, "--out", out)
    assert run.code == 0, run.stderr
    return out


def prose(tree: etree._Element) -> str:
    """The text of an HTML tree outside code and styles: code examples and CSS selectors may show brackets."""
    for code in tree.xpath("//*[local-name()='pre' or local-name()='code' or local-name()='style' or local-name()='script']"):
        code.clear(keep_tail=True)
    return " ".join(tree.itertext())


def test_no_reference_link_prints_as_text(built: Path) -> None:
    text = subprocess.run(["pdftotext", "-layout", str(built / "manual.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    # the PDF has no notion of code: only the fixture's code examples may hold brackets
    found = [m.group(0) for m in BRACKETED.finditer(text)]
    assert found == [], found
    assert "[Markdown]: /somewhere/else" in text, "the reference definition inside a code block is printed as code"
    # outside code, the only bracket left in the web edition and the EPUB is the note label pandoc keeps as text
    text = prose(html.parse(str(built / "manual.html")).getroot())
    assert re.findall(r"\[[^\]]*\]", text) == ["[^my note]"]
    with zipfile.ZipFile(built / "manual.epub") as book:
        texts = [prose(etree.fromstring(book.read(name))) for name in book.namelist() if name.endswith(".xhtml")]
    assert [found for text in texts for found in re.findall(r"\[[^\]]*\]", text)] == ["[^my note]"]


def test_every_link_of_the_web_edition_lands_on_an_id(built: Path) -> None:
    tree = html.parse(str(built / "manual.html")).getroot()
    ids = [element.get("id") for element in tree.iter() if isinstance(element.tag, str) and element.get("id")]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    targets = [a.get("href")[1:] for a in tree.iter("a") if (a.get("href") or "").startswith("#")]
    assert len(targets) > 25
    assert sorted(set(targets) - set(ids)) == []


def test_every_link_of_the_epub_lands_on_an_id(built: Path) -> None:
    with zipfile.ZipFile(built / "manual.epub") as book:
        trees = {PurePosixPath(n): etree.fromstring(book.read(n)) for n in book.namelist() if n.endswith(".xhtml")}
    ids = {path: {e.get("id") for e in tree.iter() if isinstance(e.tag, str) and e.get("id")} for path, tree in trees.items()}
    checked = 0
    for path, tree in trees.items():
        for link in tree.iter("{http://www.w3.org/1999/xhtml}a"):
            href = link.get("href") or ""
            if href.startswith(("https:", "http:", "mailto:")) or not href:
                continue
            file, _, fragment = href.partition("#")
            target = PurePosixPath(*[p for p in (path.parent / file).parts]) if file else path
            target = PurePosixPath(re.sub(r"[^/]+/\.\./", "", str(target)))
            assert target in trees, (path, href)
            if fragment:
                assert unquote(fragment) in ids[target], (path, href)
            checked += 1
    assert checked > 25


def test_every_internal_link_of_the_pdf_has_a_named_destination(built: Path) -> None:
    pdf = pikepdf.open(built / "manual.pdf")
    names = set(map(str, pikepdf.NameTree(pdf.Root.Names.Dests).keys()))
    links = []
    for page in pdf.pages:
        for annotation in page.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            if action is not None and action.get("/S") == "/URI":
                continue
            destination = annotation.get("/Dest") if action is None else action.get("/D")
            links.append(str(destination))
    assert len(links) > 25
    assert sorted(set(links) - names) == []
    assert {"reader-options", "reader-options-1", "reader-options-2", "footnotes", "footnotes-1", "contents"} <= names


def test_headings_get_the_ids_pandoc_gives_them_in_one_document(built: Path) -> None:
    """The chapters joined, each under its title with its id, read by pandoc alone: the same ids, in the same order."""
    report = load_report(FIXTURE)
    joined = "\n\n".join(f"# {chapter.title} {{#{chapter.id}}}\n\n{chapter.body.text}" for chapter in report.chapters)
    document, _ = pandoc.to_json(joined, "markdown")
    wanted = [node["c"][1][0] for node in document["blocks"] if node["t"] == "Header" and node["c"][0] > 1]
    fragments = render_markdown(report, Cache(None))
    given = [heading.id for chapter in report.chapters for heading in fragments.parts[chapter.path].headings]
    assert given == wanted
    assert given.count("reader-options") == 1 and "reader-options-2" in given


def test_an_authors_heading_keeps_the_id_the_editions_once_took(built: Path) -> None:
    tree = html.parse(str(built / "manual.html")).getroot()
    for title in AUTHOR_HEADINGS:
        ident = title.lower().replace(" ", "-")
        (element,) = tree.xpath(f"//*[@id='{ident}']")
        assert " ".join(element.itertext()).strip().startswith(title), ident
    # the links to them land on the author's headings, not on the contents or notes of the edition
    links = {a.text_content(): a.get("href") for a in tree.iter("a")}
    assert links["the footnotes"] == "#footnotes" and links["this link"] == "#contents"
    assert not [e for e in tree.iter() if isinstance(e.tag, str) and (e.get("id") or "").startswith("cb")]


def test_in_the_epub_a_link_to_footnotes_lands_on_the_authors_heading(built: Path) -> None:
    with zipfile.ZipFile(built / "manual.epub") as book:
        trees = {n.split("/")[-1]: etree.fromstring(book.read(n)) for n in book.namelist() if n.endswith(".xhtml")}
    landed = {}
    for tree in trees.values():
        for link in tree.iter("{http://www.w3.org/1999/xhtml}a"):
            if "".join(link.itertext()) in ("the footnotes", "this link"):
                file, _, fragment = link.get("href").rpartition("#")
                target = trees[file.split("/")[-1]] if file else tree
                (element,) = target.xpath(f"//*[@id='{fragment}']")
                landed[fragment] = " ".join("".join(element.itertext()).split())
    assert landed["footnotes"].startswith("Footnotes A heading named like")
    assert landed["contents"].startswith("Contents This heading")


def test_the_same_heading_three_times_is_numbered_as_pandoc_numbers_it(built: Path) -> None:
    tree = html.parse(str(built / "manual.html")).getroot()
    order = [e.get("id") for e in tree.iter() if isinstance(e.tag, str) and (e.get("id") or "").startswith("reader-options")]
    assert order == ["reader-options", "reader-options-1", "reader-options-2"]


def test_epubcheck_accepts_the_epub(built: Path) -> None:
    from support.epub import SUCCESS, epubcheck

    assert epubcheck(built / "manual.epub") == SUCCESS


def test_a_reference_that_resolves_nowhere_and_an_empty_link_are_located_warnings(tmp_path: Path) -> None:
    """pandoc prints both as text; folio does too, and says where (``--strict`` makes them fail the build)."""
    source = copy_report("manual", tmp_path)
    chapter = source / "chapters" / "code.md"
    lines = chapter.read_text(encoding="utf-8").splitlines()
    lines[10:10] = ["", "A [link to nowhere][Missing section] and [sic] as text.", "", "An [empty link]() here.", ""]
    chapter.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_build("check", "--source", source)
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr
    warnings = [line for line in run.stderr.splitlines() if line.startswith("warning: chapters/")]
    assert warnings == [
        'warning: chapters/code.md:12: reference link "[link to nowhere][Missing section]": no chapter defines [Missing section] and no '
        "heading is titled \"Missing section\", so it prints as text; add a line '[Missing section]: https://…' or "
        "'[Missing section]: #ID', or write the link as [link to nowhere](#ID)",
        'warning: chapters/code.md:14: link "empty link" has no target, so its text prints without a link; '
        "write [empty link](#ID) or [empty link](https://…)",
    ]
    strict = run_build("check", "-q", "--strict", "--source", source)
    assert strict.code == 1
    assert strict.stderr.splitlines() == [*warnings, "2 warnings (--strict)"]


def test_a_definition_in_another_chapter_wins_over_a_heading_of_the_same_text(tmp_path: Path) -> None:
    source = copy_report("manual", tmp_path)
    general = source / "chapters" / "general.md"
    general.write_text(general.read_text(encoding="utf-8") + "[Grid tables]: https://example.com/grid\n", encoding="utf-8")
    fragments = render_markdown(load_report(source), Cache(None))
    assert 'href="https://example.com/grid"' in fragments.parts["chapters/code.md"].web_html
    assert 'href="#grid-tables"' not in fragments.parts["chapters/code.md"].web_html


def test_a_chapter_that_ends_inside_a_code_block_shows_nothing_folio_appended(tmp_path: Path) -> None:
    source = copy_report("manual", tmp_path)
    general = source / "chapters" / "general.md"
    general.write_text(general.read_text(encoding="utf-8") + "\n```\nan example left open, as pandoc allows\n", encoding="utf-8")
    fragments = render_markdown(load_report(source), Cache(None))
    for part in fragments.parts.values():
        assert "folio-probe" not in part.web_html and "[0]" not in part.web_html
        assert "]: <#" not in part.web_html, "no definition folio appended is printed"
    assert "an example left open" in fragments.parts["chapters/general.md"].web_html
    assert 'href="#grid-tables"' in fragments.parts["chapters/code.md"].web_html
