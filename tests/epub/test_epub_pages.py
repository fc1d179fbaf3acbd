"""The EPUB's page list follows the screen PDF page for page.

For every page of the PDF (labels read back from its ``/PageLabels``) the
EPUB has a page-list entry with the same label, pointing at a page-break
marker; the text between one marker and the next is the text of that PDF page
(read with ``pdftotext``): its first and last words are on the page, and
nearly all of its words.  The cover and contents pages map to the EPUB's
cover and contents.

A small layout made here with WeasyPrint (hyphenated text across pages, a
table whose header repeats, a blank page) checks the placement rules on a
case that does not move when the report's design changes.
"""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import Built, builds_editions
from lxml import etree
from pypdf import PdfReader
from support.epub import NS, TYPE, Epub, X, conforming_build

from folio.assemble.pagestarts import PageMap, letters
from folio.epub.package import Book
from folio.epub.pages import place_page_breaks
from folio.pdf.layout.pagemap import page_map

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) reads the PDF's pages")


def pdf_pages(pdf: Path) -> list[str]:
    count = len(PdfReader(pdf).pages)
    return [
        subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        for n in range(1, count + 1)
    ]


def segments(epub: Epub) -> dict[str, list[str]]:
    """The main text after each page-break marker, up to the next, in reading order (notes left out).

    The colophon's text is left out too: each edition has its own (the EPUB's
    names its fonts and its page list, the PDF's its renderer).
    """
    found: dict[str, list[str]] = {}
    current: list[str] | None = None

    def walk(element) -> None:
        nonlocal current
        kinds = set((element.get(TYPE) or "").split())
        if kinds & {"footnotes", "footnote", "noteref", "landmarks", "page-list"}:
            return
        if "colophon" in kinds:
            found.setdefault("colophon", [])
            for marker in element.iter(f"{{{X}}}span"):
                if marker.get(TYPE) == "pagebreak":
                    found[marker.get("aria-label")] = ["colophon"]
            current = None
            return
        if "pagebreak" in kinds:
            current = found.setdefault(element.get("aria-label"), [])
        if element.text and current is not None:
            current.append(element.text)
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail and current is not None:
                current.append(child.tail)

    for path in epub.spine:
        walk(epub.tree(path).find("h:body", NS))
    return found


def words(text: str) -> list[str]:
    return [w for w in (letters(word) for word in text.split()) if len(w) >= 4]


@pytest.fixture(scope="module", params=["main", "letter-scripts", "minimal"])
@builds_editions
def built(request: pytest.FixtureRequest) -> Built:
    return conforming_build(request.param, request)


def test_page_list_has_every_pdf_page_label_in_order(built: Built) -> None:
    epub = Epub(built.epub)
    labels = [a.text for a in epub.nav("page-list").iter(f"{{{X}}}a")]
    assert labels == list(PdfReader(built.pdf).page_labels)


def test_page_list_points_at_page_break_markers_in_reading_order(built: Built) -> None:
    epub = Epub(built.epub)
    links = list(epub.nav("page-list").iter(f"{{{X}}}a"))
    order = [m.get("aria-label") for path in epub.spine for m in epub.tree(path).iter() if "pagebreak" in (m.get(TYPE) or "")]
    assert order == [a.text for a in links], "markers appear in the text in page order"
    ids = set()
    for link in links:
        marker = epub.resolve(link.get("href"), epub.nav_path)
        assert marker is not None, link.get("href")
        assert marker.get(TYPE) == "pagebreak" and marker.get("role") == "doc-pagebreak"
        assert marker.get("aria-label") == link.text and marker.get("id") not in ids
        ids.add(marker.get("id"))
        assert not any(a.tag in {f"{{{X}}}h{n}" for n in range(1, 7)} for a in marker.iterancestors()), "never inside a heading"


def test_front_matter_pages_map_to_the_cover_and_the_contents(built: Built) -> None:
    epub = Epub(built.epub)
    front = [(a.text, a.get("href")) for a in epub.nav("page-list").iter(f"{{{X}}}a") if not a.text.isdigit()]
    assert [label for label, _ in front[:2]] == ["i", "ii"]
    assert epub.href(front[0][1], epub.nav_path) == epub.spine[0], "the cover page is the EPUB's cover"
    in_nav = [epub.href(href, epub.nav_path) == epub.nav_path for _, href in front[1:]]
    assert in_nav and in_nav[0], "page ii, the contents, is the EPUB's contents"
    assert in_nav == sorted(in_nav, reverse=True), "the contents' pages come first, then the front parts' (a foreword, a summary)"
    for (label, href), contents in zip(front[1:], in_nav, strict=True):
        if contents:
            following = epub.resolve(href, epub.nav_path).itersiblings()
            assert next(e for e in following if e.get(TYPE) != "pagebreak").get(TYPE) == "toc"
        else:
            assert epub.href(href, epub.nav_path) not in (epub.spine[0], epub.nav_path), f"page {label} is in a front part's document"


def test_each_page_of_the_pdf_begins_at_its_marker(built: Built) -> None:
    epub = Epub(built.epub)
    texts = segments(epub)
    labels = list(PdfReader(built.pdf).page_labels)
    for label, page in zip(labels, pdf_pages(built.pdf), strict=False):
        if not label.isdigit():
            continue  # the cover and contents: see above
        on_page = letters(page)
        found = words(" ".join(texts[label]))
        if not words(page) or texts[label] == ["colophon"]:
            continue
        assert found, f"page {label}: no text after its marker"
        first, last = found[0], found[-1]
        # The first word may have begun on the previous page (hyphenated), the last may end on the next.
        assert first in on_page or any(first[k:] in on_page for k in range(1, len(first) - 1)), f"page {label} begins with {first!r}"
        assert last in on_page or any(last[:k] in on_page for k in range(len(last) - 1, 1, -1)), f"page {label} ends with {last!r}"
        assert all(word in on_page for word in found[1:6]), f"page {label}: {found[:6]} vs {page[:200]!r}"
        assert all(word in on_page for word in found[-6:-1]), f"page {label}: {found[-6:]} vs {page[-300:]!r}"
        share = sum(word in on_page for word in found) / len(found)
        assert share > 0.9, f"page {label}: only {share:.0%} of the words after its marker are on the PDF page"


# -- the placement rules on a layout made for them ----------------------------------------------

LAYOUT = """<!DOCTYPE html><html lang="en"><head><style>
@page { size: 90mm 70mm; margin: 8mm; @top-center { content: "Running head" } }
body { font: 10pt/1.3 serif; hyphens: auto; text-align: justify; }
.blank { break-before: page; break-after: page; height: 1em; }
thead { display: table-header-group; }
</style></head><body><main>
<section class="part" id="first"><h1>First part</h1>
<p>{prose}</p>
</section>
<div class="blank"></div>
<section class="part" id="second"><h1>Second part</h1>
<table><thead><tr><th>Item</th><th>Description</th></tr></thead><tbody>{rows}</tbody></table>
</section>
</main></body></html>"""
PROSE = " ".join(
    f"Sentence {n} considers extraordinarily uncharacteristic internationalisation of telecommunications." for n in range(1, 16)
)
ROWS = "".join(f"<tr><td>{n}</td><td>Row {n} of a table long enough to cross pages</td></tr>" for n in range(1, 24))
XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="en"><head><title>t</title></head><body>
<section id="first" class="level1"><h1>First part</h1>
<p>{prose}</p>
</section>
<section id="second" class="level1"><h1>Second part</h1>
<table><thead><tr><th>Item</th><th>Description</th></tr></thead><tbody>{rows}</tbody></table>
</section>
</body></html>"""
NAV = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>t</title></head><body>
<nav epub:type="toc" id="toc"><h1>Contents</h1><ol><li><a href="t.xhtml">t</a></li></ol></nav></body></html>"""
OPF_TEXT = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata/><manifest>
<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
<item id="t" href="t.xhtml" media-type="application/xhtml+xml"/></manifest><spine><itemref idref="t"/></spine></package>"""
CONTAINER = """<?xml version="1.0"?><container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
<rootfiles><rootfile full-path="EPUB/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>"""


@pytest.fixture(scope="module")
def small_layout(tmp_path_factory: pytest.TempPathFactory) -> tuple[PageMap, Path]:
    from weasyprint import HTML

    document = HTML(string=LAYOUT.replace("{prose}", PROSE).replace("{rows}", ROWS)).render()
    pdf = tmp_path_factory.mktemp("small") / "small.pdf"
    document.write_pdf(pdf)
    return page_map(document, parts=("first", "second")), pdf


def test_small_layout_covers_the_hard_cases(small_layout: tuple[PageMap, Path]) -> None:
    pages, pdf = small_layout
    texts = pdf_pages(pdf)
    assert [page.part for page in pages.pages].count(None) >= 1, "a page without text before the second part"
    starts, count = set(), 0
    for word in PROSE.split():
        starts.add(count)
        count += len(letters(word))
    prose = letters(PROSE)
    assert any(prose.find(page.text[:20]) not in starts for page in pages.pages[1:] if page.part == "first"), (
        "a page begins inside a hyphenated word"
    )
    assert sum("Item" in t for t in texts) >= 2, "the table's header repeats on a later page"
    assert all(page.label.isdigit() for page in pages.pages), "no <main> before the first page: arabic labels throughout"


def test_markers_go_where_each_page_begins(small_layout: tuple[PageMap, Path], tmp_path: Path) -> None:
    pages, pdf = small_layout
    files = {
        "mimetype": b"application/epub+zip",
        "META-INF/container.xml": CONTAINER.encode(),
        "EPUB/content.opf": OPF_TEXT.encode(),
        "EPUB/nav.xhtml": NAV.encode(),
        "EPUB/t.xhtml": XHTML.replace("{prose}", PROSE).replace("{rows}", ROWS).encode(),
    }
    book = Book(files)
    root = book.tree("EPUB/t.xhtml").getroot()
    anchors = {ident: ("EPUB/t.xhtml", root.find(f".//*[@id='{ident}']")) for ident in ("first", "second")}

    def marker(page):
        element = etree.Element(f"{{{X}}}span", id=page.anchor)
        element.set(TYPE, "pagebreak")
        element.set("aria-label", page.label)
        return element

    placed = place_page_breaks(book, pages, anchors, marker)
    assert [p.label for p in placed] == [p.label for p in pages.pages]
    assert {p.how for p in placed} <= {"element", "text", "blank"}, "no page placed by estimate"
    epub = tmp_path / "t.epub"
    book.save(epub, __import__("datetime").date(2024, 1, 1))
    with zipfile.ZipFile(epub) as archive:
        assert archive.namelist()[0] == "mimetype"
    text_after = {}
    body = root.find("h:body", NS)
    stream = [(e.get("aria-label") if e.get(TYPE) == "pagebreak" else None, t) for e, t in _texts(body)]
    current = None
    for label, text in stream:
        if label:
            current = label
            text_after.setdefault(current, "")
        if current:
            text_after[current] += text
    for page, printed in zip(pages.pages, pdf_pages(pdf), strict=False):
        if page.part is None:
            continue
        found = words(text_after[page.label])
        on_page = letters(printed)
        first = found[0]
        assert first in on_page or any(first[k:] in on_page for k in range(1, len(first) - 1)), (page.label, first)
        assert all(word in on_page for word in found[1:6]), (page.label, found[:6])


def _texts(element):
    yield element, element.text or ""
    for child in element:
        if isinstance(child.tag, str):
            yield from _texts(child)
        yield element, child.tail or ""
