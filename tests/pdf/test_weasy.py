"""Each WeasyPrint internal that folio.pdf.weasy relies on, checked on a real layout.

A WeasyPrint upgrade that renames or reshapes one of them fails here, with a
message naming what changed, rather than deep inside a build.
"""

from __future__ import annotations

import io

import pikepdf
import pytest

from folio.pdf import weasy
from folio.pdf.layout.hyphens import AUTO_HYPHEN, keep_words

PNG = "iVBORw0KGgoAAAANSUhEUgAAACgAAAAUCAAAAADaLSBnAAAAF0lEQVR4nGNsYCAOMBGpblThqMJhrhAA3NMAqJyXKWoAAAAASUVORK5CYII="
"""A 40 × 20 pixel grey PNG."""
PROSE = " ".join(["Typesetting a report by hand takes patience, and a good eye for the rhythm of a line."] * 6)
HTML = f"""<!doctype html><html lang="en"><head><style>
@page {{ size: 120mm 90mm; margin: 10mm; @bottom-center {{ content: counter(page); }} }}
body {{ font: 10pt/1.3 serif; }}
.note {{ float: footnote; }}
h1::before {{ content: "Part "; }}
p.narrow {{ width: 22mm; hyphens: auto; }}
</style></head><body>
<div id="front"><h1>Cover</h1></div>
<main><h1 id="one">Opening</h1>
<p id="prose">{PROSE}<span class="note">A note at the foot.</span></p>
<p class="narrow">Internationalisation characteristically discombobulates extraordinarily unsophisticated
telecommunications administrations notwithstanding.</p>
<img alt="pixels" style="width: 20px" src="data:image/png;base64,{PNG}">
<div style="position: relative"><img alt="placed" style="position: absolute; width: 80px" src="data:image/png;base64,{PNG}"></div>
<img alt="dot" src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/%3E">
<table><thead><tr><th>Head</th></tr></thead><tbody>{"<tr><td>row</td></tr>" * 40}</tbody></table>
</main></body></html>"""


@pytest.fixture(scope="module")
def document():
    from weasyprint import HTML as Source

    return Source(string=HTML).render()


def main_boxes(document):
    return [box for page in document.pages for box in weasy.boxes(weasy.page_box(page))]


def test_pages_keep_their_box_tree_in_page_box(document) -> None:
    from weasyprint.formatting_structure.boxes import PageBox

    page = document.pages[0]
    assert hasattr(page, "_page_box"), "WeasyPrint's Page no longer has _page_box: find where a page keeps its root box"
    assert isinstance(weasy.page_box(page), PageBox), "Page._page_box is no longer a PageBox"


def test_boxes_hold_their_children(document) -> None:
    root = weasy.page_box(document.pages[0])
    assert isinstance(root.children, list | tuple) and root.children, "boxes no longer list what they contain in .children"
    walked = list(weasy.boxes(root))
    assert walked[0] is root and len(walked) > 10, "the walk over .children no longer reaches the page's boxes"


def test_boxes_know_their_element_and_tag(document) -> None:
    tagged = [box for box in main_boxes(document) if weasy.element_tag(box) == "p"]
    assert tagged, "boxes no longer carry element_tag (the tag of the element they were made for)"
    assert all(weasy.element_of(box) is not None and weasy.element_of(box).tag == "p" for box in tagged), (
        "boxes no longer carry .element, the ElementTree element they were made for"
    )


def test_generated_content_has_a_pseudo_element_tag(document) -> None:
    tags = {weasy.element_tag(box) for box in main_boxes(document)}
    assert "h1::before" in tags, f"a ::before box's element_tag is no longer 'h1::before': {sorted(t for t in tags if '::' in t)}"
    assert any(weasy.is_pseudo(box) for box in main_boxes(document))


def test_a_footnote_call_is_tagged_footnote_call(document) -> None:
    calls = [box for box in main_boxes(document) if weasy.is_footnote_call(box)]
    assert calls, "the call of a float: footnote element no longer has an element_tag ending in ::footnote-call"
    assert all("note" in weasy.element_of(box).get("class") for box in calls), "a footnote call's .element is no longer the note's element"


def test_the_main_flow_is_the_html_box_among_margin_boxes(document) -> None:
    for page in document.pages:
        roots = weasy.html_boxes(page)
        assert len(roots) == 1, "a page's children no longer hold exactly one box tagged 'html' beside its margin boxes"
    assert weasy.root_element(document).tag == "html", "the first child of the first page's box no longer belongs to <html>"


def test_lines_are_line_boxes_of_text_boxes(document) -> None:
    paragraph = next(box for box in main_boxes(document) if weasy.element_tag(box) == "p")
    lines = weasy.line_boxes(paragraph)
    assert len(lines) > 3, "a paragraph's lines are no longer LineBox children of its block box"
    text = " ".join(weasy.text_of(line).strip() for line in lines)
    assert text.startswith("Typesetting a report by hand"), f"a line's text is no longer in TextBox.text: {text[:60]!r}"


def test_leaves_are_text_or_replaced_boxes(document) -> None:
    leaves = [weasy.leaf_text(box) for box in main_boxes(document)]
    assert "" in leaves, "an <img> is no longer laid out as a ReplacedBox"
    assert any(text and "patience" in text for text in leaves), "text is no longer laid out in TextBox with .text"


def test_a_table_head_is_a_header_row_group_repeated_on_each_page(document) -> None:
    heads = [(number, box) for number, page in enumerate(document.pages) for box in weasy.boxes(weasy.page_box(page))]
    pages = {number for number, box in heads if weasy.is_header_or_footer_rows(box)}
    assert len(pages) >= 2, "a <thead> is no longer a TableRowGroupBox with is_header, repeated on every page the table spans"


def test_the_parsed_tree_can_be_changed_before_layout() -> None:
    from weasyprint import HTML as Source

    source = Source(string=HTML)
    tree = weasy.html_tree(source)
    assert tree.tag == "html", "weasyprint.HTML no longer keeps its parsed tree in .etree_element"
    keep_words(tree, {"Internationalisation"})
    spans = [box for page in source.render().pages for box in weasy.boxes(weasy.page_box(page)) if weasy.element_tag(box) == "span"]
    assert any("keep-word" in (weasy.element_of(box).get("class") or "") for box in spans), (
        "a change to HTML.etree_element no longer reaches the layout"
    )


def test_automatic_hyphenation_ends_a_line_with_u2010(document) -> None:
    narrow = next(
        box for box in main_boxes(document) if weasy.element_tag(box) == "p" and "narrow" in weasy.element_of(box).get("class", "")
    )
    ends = [weasy.text_of(line).rstrip()[-1:] for line in weasy.line_boxes(narrow)]
    assert AUTO_HYPHEN in ends, f"WeasyPrint no longer ends an automatically hyphenated line with U+2010: line ends {ends}"


def test_a_raster_image_knows_its_pixels_and_its_printed_width(document) -> None:
    rasters = [(weasy.raster_size(box), weasy.content_size(box)) for box in main_boxes(document) if weasy.raster_size(box)]
    assert rasters == [((40, 20), (20, 10)), ((40, 20), (80, 40))], (
        "ReplacedBox.replacement (RasterImage .width/.height), box.width/.height or AbsolutePlaceholder._box changed"
    )
    vectors = [box for box in main_boxes(document) if weasy.leaf_text(box) == "" and weasy.raster_size(box) is None]
    assert vectors, "an SVG image is a replaced box without pixels"


def test_a_box_keeps_its_computed_break_before() -> None:
    from weasyprint import HTML as Source

    document = Source(string='<html><body><section id="s" style="break-before: right"><p>text</p></section></body></html>').render()
    section = document.pages[0]._page_box.children[0].element.find(".//section")
    assert weasy.break_before(document, section) == "right", "boxes no longer keep their computed style in .style['break_before']"


def test_bookmarks_read_apart_make_the_outline_of_the_whole(document) -> None:
    pages = weasy.page_bookmarks(document)
    assert any(marks for marks, _ in pages), "pages no longer list their bookmarks in .bookmarks"
    tree = weasy.bookmark_tree(pages)
    assert tree == document.make_bookmark_tree(0.75, transform_pages=True), (
        "Document.make_bookmark_tree no longer works from the pages' bookmarks and heights alone"
    )


def test_the_page_references_kept_are_the_ones_pydyf_makes(document) -> None:
    import pydyf

    from folio.pdf.weasy import patches

    pdf = pydyf.PDF()
    made = [pdf.page_references]
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
        made.append(pdf.page_references)
    assert made[-1] == tuple(f"{page} 0 R".encode() for page in pdf.pages["Kids"][::3]), (
        "pydyf's PDF.page_references is no longer the tuple of b'N 0 R' made from pages['Kids'] (three items a page)"
    )
    patches.apply()  # folio.pdf.weasy.references among the others
    kept = pydyf.PDF()
    for count in range(4):
        assert kept.page_references == made[count], "the kept page references differ from pydyf's own"
        assert kept.page_references is kept.page_references, "the page references are made again for every read"
        kept.add_page(pydyf.Dictionary({"Type": "/Page"}))
    with pikepdf.open(io.BytesIO(document.write_pdf(pdf_variant="pdf/ua-1"))) as written:
        pages = {page.obj.objgen for page in written.pages}
        elements = [o for o in written.objects if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == pikepdf.Name.StructElem]
        on = {element.Pg.objgen for element in elements if "/Pg" in element}
        assert len(elements) > 50 and len(on) == len(pages) and on <= pages, "structure elements no longer point at their own pages"
