"""The PDF editions read back as structure: outline, page labels, contents, PDF/UA, metadata, fonts, bleed."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
import yaml
from conftest import ROOT, Built, builds_editions, run_build
from fontTools.ttLib import TTFont
from pypdf import PdfReader
from support.pdf import outloud, pagination_artifacts, structure

from folio.paths import FONTS

MM = 72 / 25.4


@pytest.fixture(scope="session")
@builds_editions
def main_print(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The print edition of the report this repository publishes, built once."""
    out = tmp_path_factory.mktemp("built-main-print")
    run = run_build("pdf", "--edition", "print", "--out", out, env={"FOLIO_CACHE": str(tmp_path_factory.getbasetemp() / "folio-cache")})
    assert run.code == 0, run.stderr
    return out / f"{report_yaml(ROOT)['slug']}-print.pdf"


def report_yaml(folder: Path) -> dict:
    return yaml.safe_load((folder / "report.yaml").read_text(encoding="utf-8"))


def outline(path: Path) -> list[tuple[int, str, int]]:
    """(depth, title, page index) for every bookmark, in order."""
    reader = PdfReader(path)
    found: list[tuple[int, str, int]] = []

    def walk(items, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                found.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return found


def destination_pages(path: Path) -> dict[str, int]:
    """Named destination (an element id) → page index."""
    reader = PdfReader(path)
    return {name: reader.get_destination_page_number(dest) for name, dest in reader.named_destinations.items()}


def contents_entries(path: Path) -> list[tuple[str, str]]:
    """(title, printed page number) for every line of the contents page(s)."""
    reader = PdfReader(path)
    entries = []
    for page in reader.pages[:6]:
        text = page.extract_text()
        if not text.lstrip().startswith("Contents") and not entries:
            continue
        for line in text.splitlines():
            match = re.match(r"^(.*?)[\s.]*?\.{3,}\s*(\w+)$|^(.*\S)\s+(\d+)$", line.strip())
            if match:
                title, number = (match.group(1), match.group(2)) if match.group(1) is not None else (match.group(3), match.group(4))
                entries.append((title.strip(" ."), number))
        if entries:
            break
    return entries


def parts_of(folder: Path) -> list[tuple[str, str]]:
    """(id, title) of every part of a report, in reading order, as the contents lists them."""
    data = report_yaml(folder)
    found = []
    letters = iter("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    for item in data["contents"]:
        kind = next(iter(item))
        if kind in ("chapter", "front", "appendix"):
            text = (folder / item[kind]).read_text(encoding="utf-8")
            header = yaml.safe_load(text.split("---")[1])
            title = f"Appendix {next(letters)}: {header['title']}" if kind == "appendix" else header["title"]
            found.append((header.get("id") or Path(item[kind]).stem, title))
        elif "profiles" in item:
            found.append(("profiles", item["profiles"]["title"]))
        elif "key_figures" in item:
            found.append(("key-figures", yaml.safe_load((folder / item["key_figures"]).read_text(encoding="utf-8"))["title"]))
        elif "bibliography" in item:
            title = item["bibliography"]["title"] if isinstance(item["bibliography"], dict) else item["bibliography"]
            found.append(("references", title))
    return found


# -- outline ------------------------------------------------------------------------------------


def test_outline_has_every_part_its_sections_and_every_profile_under_the_profiles_part(main_build: Built) -> None:
    marks = outline(main_build.pdf)
    top = [title for depth, title, _ in marks if depth == 0]
    assert top == [title for _, title in parts_of(ROOT)]
    assert "Contents" not in [title for _, title, _ in marks]
    assert not any("Indo-Pacific Digital Trade" == title for _, title, _ in marks), "the cover is not a bookmark"
    # Every profile is a child of the profiles part, in the order of report.yaml.
    profiles_title = next(item for item in report_yaml(ROOT)["contents"] if "profiles" in item)["profiles"]["title"]
    start = [title for _, title, _ in marks].index(profiles_title)
    children = []
    for depth, title, _ in marks[start + 1 :]:
        if depth == 0:
            break
        children.append(title)
    names = [
        yaml.safe_load((ROOT / "profiles" / f"{stem}.yaml").read_text(encoding="utf-8"))["name"]
        for stem in next(item for item in report_yaml(ROOT)["contents"] if "profiles" in item)["profiles"]["include"]
    ]
    assert [c for c in children if any(c.startswith(name) for name in names)] == [
        next(c for c in children if c.startswith(n)) for n in names
    ]
    # Each chapter's level-2 sections are bookmarks under it.
    introduction = [title for _, title, _ in marks].index("Introduction: the opportunity")
    assert marks[introduction + 1][0] == 1 and marks[introduction + 1][1] == "A region that moved online"


def test_every_bookmark_points_at_the_page_of_its_heading(main_build: Built) -> None:
    reader = PdfReader(main_build.pdf)
    for _, title, page in outline(main_build.pdf):
        text = " ".join(reader.pages[page].extract_text().split())
        heading = re.sub(r"^(Appendix [A-Z]):", r"\1", title)  # the label is set above the title, without the colon
        assert " ".join(heading.split()[:3]).casefold() in text.casefold(), (title, page)


# -- page labels and the contents ----------------------------------------------------------------


@pytest.mark.parametrize("edition", ["screen", "print"])
def test_front_matter_is_roman_and_the_body_counts_from_one(edition: str, main_build: Built, main_print: Path) -> None:
    path = main_build.pdf if edition == "screen" else main_print
    labels = PdfReader(path).page_labels
    front = 3 if edition == "screen" else 6  # cover, contents, executive summary (and their blank versos in print)
    assert labels[:front] == ["i", "ii", "iii", "iv", "v", "vi"][:front]
    assert labels[front : front + 3] == ["1", "2", "3"]
    assert destination_pages(path)["folio-body"] == front


@pytest.mark.parametrize("which", ["main-screen", "main-print", "scripts"])
def test_contents_numbers_are_the_pages_where_the_parts_begin(
    which: str, main_build: Built, main_print: Path, scripts_build: Built
) -> None:
    path, folder = {
        "main-screen": (main_build.pdf, ROOT),
        "main-print": (main_print, ROOT),
        "scripts": (scripts_build.pdf, scripts_build.source),
    }[which]
    labels = PdfReader(path).page_labels
    pages = destination_pages(path)
    entries = contents_entries(path)
    parts = parts_of(folder)
    expected = []
    for ident, title in parts:
        expected.append((title, labels[pages[ident]]))
    chapters = [(title, number) for title, number in entries if any(title.endswith(t) for t, _ in expected)]
    assert len(chapters) == len(expected), entries
    for (title, number), (wanted_title, wanted_number) in zip(chapters, expected, strict=False):
        assert title.endswith(wanted_title) and number == wanted_number, (title, number, wanted_number)
    # Profiles: the name, the economy, the page where the profile begins.
    profile_ids = [name for name in pages if name.startswith("profile-") and not name.endswith("-title")]
    for ident in profile_ids:
        name = yaml.safe_load((folder / "profiles" / f"{ident[len('profile-') :]}.yaml").read_text(encoding="utf-8"))["name"]
        printed = [number for title, number in entries if title.startswith(name)]
        assert printed == [labels[pages[ident]]], (name, printed, labels[pages[ident]])


def folios(path: Path) -> list[str | None]:
    """The words set in each page's bottom margin (below the text block), or None."""
    import pymupdf

    found = []
    with pymupdf.open(path) as document:
        for page in document:
            trim = page.trimbox
            words = [w[4] for w in page.get_text("words") if w[1] > trim.y1 - 26 * MM and w[3] < trim.y1]
            found.append(" ".join(words) or None)
    return found


@pytest.mark.parametrize("edition", ["screen", "print"])
def test_printed_folios_agree_with_the_page_labels(edition: str, main_build: Built, main_print: Path) -> None:
    path = main_build.pdf if edition == "screen" else main_print
    labels = PdfReader(path).page_labels
    printed = folios(path)
    openers = {page for name, page in destination_pages(path).items() if name in dict(parts_of(ROOT)) or name == "folio-contents"}
    assert not re.fullmatch(r"[ivx]+|\d+", printed[0] or ""), "no folio on the cover"
    for index in openers:
        assert printed[index] is None, f"a folio on the opener page {index + 1}"
    checked = [index for index, folio in enumerate(printed[1:], start=1) if folio is not None]
    assert len(checked) >= 10
    for index in checked:
        assert printed[index] == labels[index], index


# -- PDF/UA ----------------------------------------------------------------------------------------


def test_pdf_ua_markers_language_and_window_title(main_build: Built, scripts_build: Built) -> None:
    for built in (main_build, scripts_build):
        data = report_yaml(built.source)
        with pikepdf.open(built.pdf) as pdf:
            assert pdf.pdf_version == "1.7"
            assert pdf.Root.MarkInfo.Marked is True
            assert str(pdf.Root.Lang) == data["language"]
            assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
            assert "/StructTreeRoot" in pdf.Root
            meta = pdf.open_metadata()
            assert meta["pdfuaid:part"] == "1"
            assert meta["dc:title"].startswith(data["title"])


def test_every_figure_has_alt_text_and_every_header_cell_a_scope(main_build: Built, scripts_build: Built) -> None:
    for built in (main_build, scripts_build):
        with pikepdf.open(built.pdf) as pdf:
            elements = structure(pdf)
            figures = [e for e in elements if e.get("/S") == pikepdf.Name.Figure]
            assert figures and all(str(e.get("/Alt", "")).strip() for e in figures)
            cells = [e for e in elements if e.get("/S") == pikepdf.Name.TH]
            assert cells and all(e.A.get("/Scope") in (pikepdf.Name.Column, pikepdf.Name.Row) for e in cells)


def test_running_heads_and_folios_are_artifacts_and_all_other_content_is_tagged(main_build: Built) -> None:
    assert pagination_artifacts(main_build.pdf) >= 2 * 10  # a running head and a folio on most pages


def test_links_are_link_elements_that_say_where_they_lead(main_build: Built) -> None:
    with pikepdf.open(main_build.pdf) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        links = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.Subtype == pikepdf.Name.Link]
        assert len(links) > 20
        for annotation in links:
            assert tree[int(annotation.StructParent)].S == pikepdf.Name.Link
            assert int(annotation.F) & 4
            assert str(annotation.Contents).strip() and str(annotation.Contents) != str(annotation.get("/Dest", ""))


def test_metadata_comes_from_report_yaml(main_build: Built) -> None:
    data = report_yaml(ROOT)
    with pikepdf.open(main_build.pdf) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == f"{data['title']}: {data['subtitle']}"
        assert str(info.Author) == data["publisher"]
        assert str(info.Subject) == " ".join(data["description"].split())
        assert str(info.Keywords) == ", ".join(data["keywords"])
        assert str(info.CreationDate).startswith("D:" + data["date"].isoformat().replace("-", ""))
        meta = pdf.open_metadata()
        assert meta["xmp:CreateDate"] == data["date"].isoformat()
        assert meta["dc:rights"] == data["rights"]
        assert meta["dc:identifier"] == data["identifier"]
        assert set(meta["dc:subject"]) == set(data["keywords"])
        assert list(meta["dc:language"]) == [data["language"]]


# -- fonts -------------------------------------------------------------------------------------------


def embedded_fonts(path: Path) -> list[pikepdf.Dictionary]:
    with pikepdf.open(path) as pdf:
        return [(str(font.BaseFont), font) for page in pdf.pages for font in (page.Resources.get("/Font") or {}).values()]


def test_every_font_is_ours_embedded_and_subset(main_build: Built, scripts_build: Built) -> None:
    families = {entry["family"].replace(" ", "-") for entry in yaml.safe_load((FONTS / "fonts.yaml").read_text())["fonts"]}
    for built in (main_build, scripts_build):
        with pikepdf.open(built.pdf) as pdf:
            fonts = {str(font.BaseFont): font for page in pdf.pages for font in (page.Resources.get("/Font") or {}).values()}
            for name, font in fonts.items():
                prefix, _, bare = name.lstrip("/").partition("+")
                assert re.fullmatch(r"[A-Z]{6}", prefix), f"{name} is not a subset"
                assert any(bare.startswith(family) for family in families), f"{name} is not a shipped font"
                assert not re.search(r"DejaVu|Liberation|FreeSans|Noto", bare), name
                descriptor = font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
                assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), f"{name} is not embedded"
        # pdffonts also reads the forms SVG pictures are drawn in, which the page resources above do not list
        listed = subprocess.run(["pdffonts", str(built.pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
        for line in listed:
            bare = line.split()[0].partition("+")[2]
            assert any(bare.startswith(family) for family in families), f"{line.split()[0]} is not a shipped font"
    main = {name.split("+")[1] for name, _ in embedded_fonts(main_build.pdf)}
    assert {"Folio-Serif-JP", "Folio-Sans-JP-Bold", "Folio-Serif-KR", "Folio-Sans-KR-Bold"} <= main
    scripts = {name.split("+")[1] for name, _ in embedded_fonts(scripts_build.pdf)}
    assert {"Folio-Serif-Deva", "Folio-Serif-Thai", "Folio-Serif-SC", "Folio-Serif-JP", "Folio-Serif-KR"} <= scripts


def test_cjk_fonts_map_every_code_to_its_own_glyph(main_build: Built) -> None:
    """In a CID-keyed CFF font the PDF's codes are CIDs: each glyph's CID must equal its glyph index."""
    checked = 0
    with pikepdf.open(main_build.pdf) as pdf:
        fonts = {str(font.BaseFont): font for page in pdf.pages for font in (page.Resources.get("/Font") or {}).values()}
        for name, font in fonts.items():
            if not re.search(r"-(JP|KR|SC)", name):
                continue
            program = TTFont(io.BytesIO(font.DescendantFonts[0].FontDescriptor.FontFile3.read_bytes()))
            charset = program["CFF "].cff.topDictIndex[0].charset
            assert all(glyph == f"cid{gid:05d}" for gid, glyph in enumerate(charset) if gid), name
            checked += 1
    assert checked >= 2


# -- editions ------------------------------------------------------------------------------------------


def test_print_edition_has_bleed_marks_right_hand_chapters_and_an_even_page_count(main_print: Path) -> None:
    with pikepdf.open(main_print) as pdf:
        assert len(pdf.pages) % 2 == 0
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            media = [float(v) for v in page.obj.MediaBox]
            assert bleed == pytest.approx([trim[0] - 3 * MM, trim[1] - 3 * MM, trim[2] + 3 * MM, trim[3] + 3 * MM], abs=0.01)
            assert media[0] < bleed[0] and media[2] > bleed[2], "room for the crop marks outside the bleed"
        assert abs(float(pdf.pages[1].obj.TrimBox[2]) - 210 * MM) < 0.1
    reader = PdfReader(main_print)
    pages = destination_pages(main_print)
    for ident, _ in parts_of(ROOT):
        assert pages[ident] % 2 == 0, f"{ident} opens on page {pages[ident] + 1}, a left-hand page"
    assert pages["folio-contents"] % 2 == 0
    assert pages["folio-colophon"] == len(reader.pages) - 1
    blanks = [i for i, page in enumerate(reader.pages) if not page.extract_text().strip()]
    assert blanks and all(i % 2 == 1 for i in blanks), "blank pages are versos"


def test_screen_edition_has_no_marks_and_keeps_its_links(main_build: Built) -> None:
    with pikepdf.open(main_build.pdf) as pdf:
        for page in pdf.pages:
            assert [float(v) for v in page.obj.MediaBox] == pytest.approx([0, 0, 210 * MM, 297 * MM], abs=0.1)
            assert "/BleedBox" not in page.obj or [float(v) for v in page.obj.BleedBox] == [float(v) for v in page.obj.MediaBox]
        internal = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if "/Dest" in a]
        assert len(internal) > 20


def test_letter_paper_comes_from_report_yaml(scripts_build: Built) -> None:
    with pikepdf.open(scripts_build.pdf) as pdf:
        assert [float(v) for v in pdf.pages[0].obj.MediaBox] == pytest.approx([0, 0, 612, 792], abs=0.1)


def test_a_table_that_crosses_pages_repeats_its_header_row(scripts_build: Built) -> None:
    reader = PdfReader(scripts_build.pdf)
    pages = [page.extract_text() for page in reader.pages if "Item number" in page.extract_text()]
    assert len(pages) >= 2
    assert all(re.search(r"No\.\s+Description\s+Value", text) for text in pages)


# -- the validator -----------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["main", "scripts"])
def test_outloud_finds_no_pdf_ua_or_wcag_failure(which: str, main_build: Built, scripts_build: Built) -> None:
    path = main_build.pdf if which == "main" else scripts_build.pdf
    result = outloud(path)
    assert result["verdict"] == "pass", [(f["rule"], f["message"]) for f in result["findings"]]
    assert result["counts"]["warning"] == 0, [(f["rule"], f["message"]) for f in result["findings"]]


@pytest.mark.slow
def test_a_cover_picture_fills_the_page_and_the_title_is_still_set_over_it(tmp_path: Path) -> None:
    from PIL import Image

    source = tmp_path / "report"
    shutil.copytree(ROOT / "tests" / "reports" / "letter-scripts", source)
    Image.new("RGB", (1600, 1000), (40, 160, 90)).save(source / "images" / "cover.jpg", quality=85)
    with (source / "report.yaml").open("a", encoding="utf-8") as report:
        report.write("cover: images/cover.jpg\n")
    out = tmp_path / "out"
    built = run_build("pdf", "--source", source, "--out", out)
    assert built.code == 0, built.stderr
    pdf = next(out.glob("*.pdf"))
    first = subprocess.run(["pdftotext", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    title = yaml.safe_load((source / "report.yaml").read_text("utf-8"))["title"]
    assert " ".join(first.split()).count(title) == 1, first
    with pikepdf.open(pdf) as document:
        assert document.pages[0].get_images(), "the cover picture is on the first page"
