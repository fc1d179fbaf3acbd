"""The EPUB edition as a distributor receives it: EPUBCheck, metadata, navigation, semantics, fonts, zip.

Every report that builds (this repository's and each fixture under
``tests/reports``) must pass EPUBCheck 5 with nothing but its success line.
EPUBCheck needs Java: on a machine without it these tests are skipped with
the reason, but under CI (``CI=true``) a missing Java is a failure.
"""

from __future__ import annotations

import io
import re
import unicodedata
from pathlib import Path

import pytest
from conftest import Built, copy_report, run_build
from fontTools.ttLib import TTFont
from PIL import Image, ImageChops, ImageStat
from support.epub import NS, REPORT_NAMES, SUCCESS, TYPE, Epub, X, conforming_build, epubcheck, local

from folio.epub.cover import cover_png
from folio.source.load import load_report


@pytest.mark.slow
@pytest.mark.parametrize("name", REPORT_NAMES)
def test_epubcheck_prints_only_its_success_line(name: str, request: pytest.FixtureRequest) -> None:
    built = conforming_build(name, request)
    assert epubcheck(built.epub) == SUCCESS


@pytest.mark.slow
def test_mathml_is_declared_where_used(tmp_path: Path) -> None:
    """A formula makes MathML an accessibility feature and a manifest property, and EPUBCheck agrees."""
    source = copy_report("minimal", tmp_path)
    chapter = source / "chapters" / "one.md"
    chapter.write_text(chapter.read_text() + "\nThe area is $\\pi r^2$.\n")
    run = run_build("epub", "--source", source, "--out", tmp_path / "out")
    assert run.code == 0, run.stderr
    epub = Epub(tmp_path / "out" / "minimal.epub")
    assert "MathML" in epub.meta("schema:accessibilityFeature")
    with_math = [epub.item_path(i) for i in epub.items if "mathml" in (i.get("properties") or "").split()]
    assert with_math and all(epub.tree(path).find(".//{http://www.w3.org/1998/Math/MathML}math") is not None for path in with_math)
    assert epubcheck(tmp_path / "out" / "minimal.epub") == SUCCESS


@pytest.fixture(scope="module")
def main_epub(main_build: Built) -> Epub:
    return Epub(main_build.epub)


@pytest.fixture(scope="module")
def scripts_epub(scripts_build: Built) -> Epub:
    return Epub(scripts_build.epub)


# -- the package: accessibility metadata ----------------------------------------------------


def test_accessibility_metadata_is_complete(main_epub: Epub, main_build: Built) -> None:
    report = load_report(main_build.source)
    assert main_epub.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.1 Level AA"]
    assert main_epub.meta("schema:accessMode") == ["textual", "visual"]
    assert main_epub.meta("schema:accessModeSufficient") == ["textual", "textual,visual"]
    assert set(main_epub.meta("schema:accessibilityFeature")) == {
        "tableOfContents",
        "readingOrder",
        "structuralNavigation",
        "alternativeText",
        "pageNavigation",
        "printPageNumbers",
    }
    assert main_epub.meta("schema:accessibilityHazard") == ["none"]
    assert main_epub.meta("a11y:certifiedBy") == [report.publisher]
    assert main_epub.meta("pageBreakSource") == [report.identifier]
    assert main_epub.meta("dcterms:modified") == [f"{report.date.isoformat()}T00:00:00Z"]
    [summary] = main_epub.meta("schema:accessibilitySummary")
    pages = len(main_epub.nav("page-list").findall(".//h:a", NS))
    assert report.title in summary and f"the {pages} pages of the PDF edition" in summary
    assert "Japanese" in summary and "Korean" in summary


def test_accessibility_claims_are_true_of_the_file(main_epub: Epub) -> None:
    documents = [main_epub.tree(path) for path in main_epub.spine]
    images = [img for root in documents for img in root.iter(f"{{{X}}}img")]
    assert images and all(img.get("alt", "").strip() for img in images), "alternativeText: every image has a text alternative"
    breaks = [e for root in documents for e in root.iter() if "pagebreak" in (e.get(TYPE) or "")]
    assert breaks, "printPageNumbers: the text carries page-break markers"
    assert main_epub.nav("page-list").findall(".//h:a", NS), "pageNavigation: a page list"
    assert len(main_epub.nav("toc").findall(".//h:a", NS)) > 10, "tableOfContents"
    assert not any(root.find(".//{http://www.w3.org/1998/Math/MathML}math") is not None for root in documents), (
        "no MathML claimed, none used"
    )
    assert not any(root.find(f".//h:{tag}", NS) is not None for root in documents for tag in ("audio", "video")), "hazard none: no media"


# -- navigation -----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("which", ["main", "letter-scripts"])
def test_nav_lists_every_chapter_section_and_profile(which: str, request: pytest.FixtureRequest) -> None:
    built = conforming_build(which, request)
    epub = Epub(built.epub)
    report = load_report(built.source)
    toc = {href.split("#")[-1] for href in (a.get("href") for a in epub.nav("toc").iter(f"{{{X}}}a"))}
    wanted = {part.id for part in report.parts} | {profile.id for profile in report.profiles} | {"folio-colophon"}
    for path in epub.spine:
        for section in epub.tree(path).iter(f"{{{X}}}section"):
            if re.search(r"\blevel[12]\b", section.get("class") or ""):
                wanted.add(section.get("id"))
    assert wanted - toc == set()
    for a in epub.nav("toc").iter(f"{{{X}}}a"):
        assert epub.resolve(a.get("href"), epub.nav_path) is not None, a.get("href")


def test_landmarks_point_at_cover_contents_and_body(main_epub: Epub, main_build: Built) -> None:
    marks = {a.get(TYPE): a.get("href") for a in main_epub.nav("landmarks").iter(f"{{{X}}}a")}
    assert {"cover", "toc", "bodymatter"} <= set(marks)
    cover = main_epub.resolve(marks["cover"], main_epub.nav_path)
    assert cover is not None and cover.find(".//h:img", NS) is not None
    assert main_epub.resolve(marks["toc"], main_epub.nav_path).get(TYPE) == "toc"
    parts = load_report(main_build.source).parts
    first = next(part.id for part in parts if getattr(part, "matter", "body") != "front")
    assert main_epub.resolve(marks["bodymatter"], main_epub.nav_path).get("id") == first, "the body starts after the front matter"
    summary = next(part.id for part in parts if getattr(part, "role", None) == "summary")
    assert main_epub.resolve(marks["abstract"], main_epub.nav_path).get("id") == summary, "the executive summary is a landmark"


def test_every_internal_link_resolves(main_epub: Epub) -> None:
    for path in main_epub.documents():
        for a in main_epub.tree(path).iter(f"{{{X}}}a"):
            href = a.get("href") or ""
            if href and not re.match(r"^[a-z]+:", href):
                assert main_epub.resolve(href, path) is not None, f"{path}: {href}"


def test_spine_reads_cover_title_page_contents_then_parts(main_epub: Epub) -> None:
    spine = main_epub.spine
    assert main_epub.tree(spine[0]).find(".//h:section", NS).get(TYPE) == "cover"
    assert main_epub.tree(spine[1]).find(".//h:section", NS).get(TYPE) == "titlepage"
    assert spine[2] == main_epub.nav_path


# -- semantics ------------------------------------------------------------------------------


def test_footnotes_are_epub_notes_with_back_links(main_epub: Epub) -> None:
    seen = 0
    for path in main_epub.spine:
        root = main_epub.tree(path)
        refs = [a for a in root.iter(f"{{{X}}}a") if a.get(TYPE) == "noteref"]
        # Numbered from 1 in each part, as in the PDF.
        assert ["".join(a.itertext()) for a in refs] == [str(n) for n in range(1, len(refs) + 1)]
        for ref in refs:
            assert ref.get("role") == "doc-noteref"
            note = main_epub.resolve(ref.get("href"), path)
            assert note is not None and note.get("role") == "doc-footnote" and note.get(TYPE) == "footnote"
            back = note.find(".//h:a[@role='doc-backlink']", NS)
            assert back is not None and back.get("href") == f"#{ref.get('id')}"
            seen += 1
    assert seen >= 5


@pytest.mark.slow
@pytest.mark.parametrize("which", ["main", "letter-scripts"])
def test_text_in_other_scripts_is_tagged_with_its_language(which: str, request: pytest.FixtureRequest) -> None:
    epub = Epub(conforming_build(which, request).epub)
    scripts = {
        "CJK": ("ja", "zh"),
        "HIRAGANA": ("ja",),
        "KATAKANA": ("ja",),
        "HANGUL": ("ko",),
        "DEVANAGARI": ("hi", "mr", "ne", "sa"),
        "THAI": ("th",),
    }
    checked = 0
    for path in epub.spine:
        for element in epub.tree(path).iter():
            if not isinstance(element.tag, str):
                continue
            for text, holder in ((element.text, element), (element.tail, element.getparent())):
                for char in text or "":
                    script = next((s for s in scripts if unicodedata.name(char, "").startswith(s)), None)
                    if script is None:
                        continue
                    lang = next((e.get("lang") for e in [holder, *holder.iterancestors()] if e.get("lang")), "")
                    assert lang.split("-")[0] in scripts[script], f"{path}: {char!r} in {text!r} is tagged {lang!r}"
                    checked += 1
    assert checked


def test_cover_is_the_pdf_first_page_with_alt_text(main_epub: Epub, main_build: Built) -> None:
    [item] = [i for i in main_epub.items if "cover-image" in (i.get("properties") or "").split()]
    cover = Image.open(io.BytesIO(main_epub.files[main_epub.item_path(item)])).convert("RGB")
    page = Image.open(io.BytesIO(cover_png(main_build.pdf, width=cover.width))).convert("RGB")
    assert cover.size == page.size
    difference = ImageStat.Stat(ImageChops.difference(cover, page)).mean
    assert max(difference) < 2, "the EPUB's cover is the PDF's first page"
    img = main_epub.tree(main_epub.spine[0]).find(".//h:img", NS)
    report = load_report(main_build.source)
    assert report.title in img.get("alt") and report.publisher in img.get("alt")


def test_tables_have_header_cells(scripts_epub: Epub, main_epub: Epub) -> None:
    tables = [t for epub in (main_epub, scripts_epub) for path in epub.spine for t in epub.tree(path).iter(f"{{{X}}}table")]
    assert len(tables) >= 2
    for table in tables:
        assert table.find(".//h:th", NS) is not None


@pytest.mark.slow
@pytest.mark.parametrize("which", ["main", "letter-scripts"])
def test_headings_skip_no_level(which: str, request: pytest.FixtureRequest) -> None:
    epub = Epub(conforming_build(which, request).epub)
    for path in epub.documents():
        levels = [int(local(h)[1]) for h in epub.tree(path).iter() if re.fullmatch(r"h[1-6]", local(h))]
        previous = 0
        for level in levels:
            assert level <= previous + 1, f"{path}: h{level} after h{previous}"
            previous = level


def test_every_document_has_a_title_of_its_own(main_epub: Epub) -> None:
    for path in main_epub.documents():
        title = main_epub.tree(path).find("h:head/h:title", NS).text or ""
        assert title.strip() and not title.endswith(".xhtml"), path


# -- fonts and size ------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("which", ["main", "letter-scripts"])
def test_fonts_are_embedded_subset_and_cover_the_text(which: str, request: pytest.FixtureRequest) -> None:
    epub = Epub(conforming_build(which, request).epub)
    fonts = {epub.item_path(i): i.get("media-type") for i in epub.items if i.get("href").startswith("fonts/")}
    assert fonts and set(fonts.values()) <= {"font/otf", "font/ttf"}
    css = "".join(epub.files[epub.item_path(i)].decode() for i in epub.items if i.get("media-type") == "text/css")
    faces = re.findall(r'font-family: "([^"]+)";\s*src: url\("\.\./(fonts/[^"]+)"\)', css)
    assert {f"{epub.base}/{url}" for _, url in faces} == set(fonts)
    cmaps: dict[str, set[int]] = {}
    for family, url in faces:
        cmap = set(TTFont(io.BytesIO(epub.files[f"{epub.base}/{url}"])).getBestCmap())
        assert len(cmap) < 400, f"{url} is not subset"
        cmaps.setdefault(family, set()).update(cmap)
    latin = cmaps["Folio Serif"] | cmaps["Folio Sans"]
    by_lang = {"ja": "JP", "ko": "KR", "zh": "SC", "hi": "Deva", "th": "Thai"}
    for path in epub.spine:
        for element in epub.tree(path).find("h:body", NS).iter():
            if not isinstance(element.tag, str):
                continue
            lang = next((e.get("lang") for e in [element, *element.iterancestors()] if e.get("lang")), "").split("-")[0]
            for char in element.text or "":
                if unicodedata.category(char) in ("Cc", "Zs", "Mn", "Mc", "Cf") or ord(char) in latin:
                    continue
                suffix = by_lang.get(lang)
                assert suffix and all(ord(char) in cmaps.get(f"Folio {kind} {suffix}", set()) for kind in ("Serif", "Sans")), (
                    f"{char!r} ({lang}) has no embedded font"
                )


def test_the_file_stays_small(main_build: Built, scripts_build: Built) -> None:
    for built in (main_build, scripts_build):
        assert built.epub.stat().st_size < 1_000_000, f"{built.epub.name}: {built.epub.stat().st_size} bytes"


def test_zip_has_mimetype_first_and_stored(main_epub: Epub) -> None:
    first = main_epub.infos[0]
    assert first.filename == "mimetype" and first.compress_type == 0 and not first.extra
    assert main_epub.files["mimetype"] == b"application/epub+zip"
    names = [info.filename for info in main_epub.infos]
    assert names[1:3] == ["META-INF/container.xml", main_epub.opf_path]
    assert names[3:] == sorted(names[3:])
