"""A translation keeps the original's structure, and every word folio sets is in the translation's language.

``tests/reports/translated-structure`` has every kind of part (an executive
summary and a foreword in the front matter, lists of figures and tables, key
figures, numbered chapters with numbered figures, tables and sections, the
profiles with a numbered at-a-glance table, a lettered appendix, a glossary,
references) and a translation into every language folio ships words for.
Each edition is built by the real CLI and read back: the PDF's text, page
labels, bookmarks and links; the EPUB's XHTML, navigation and package; the
web edition; the Word copy.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pypdf
import pytest
from conftest import REPORTS, Run, builds_editions, copy_report, run_build
from lxml import etree, html
from support.epub import NS, TYPE, Epub, X

from folio.source.strings import STRINGS, catalog, languages

NAME = "translated-structure"
SLUG = "ports-and-parcels"
LANGS = tuple(sorted(set(languages()) - {"en"}))
"""Every language folio ships words for, but the original's."""
PARTS = ("summary", "foreword", "list-of-figures", "list-of-tables", "key-figures", "sec-shipping", "sec-payments", "profiles")
PARTS += ("sec-method", "glossary", "references")
FRONT = ("summary", "foreword", "list-of-figures", "list-of-tables")
FONT_GAP = "is in none of the"


def test_the_fixture_is_translated_into_every_shipped_language() -> None:
    assert set(LANGS) == {p.name for p in (REPORTS / NAME / "translations").iterdir()} == {"id", "ja", "ko", "vi", "zh-Hant"}


def stem(lang: str) -> str:
    return SLUG if lang == "en" else f"{SLUG}.{lang}"


@pytest.fixture(scope="module")
@builds_editions
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Run]]:
    """Every language's PDF, EPUB, web edition and Word copy, one build per language."""
    out = tmp_path_factory.mktemp("translated-structure")
    runs = {}
    for lang in ("en", *LANGS):
        runs[lang] = run_build(
            "pdf", "epub", "html", "docx", "--source", REPORTS / NAME, "--out", out, *(["--lang", lang] if lang != "en" else [])
        )
    return out, runs


def language_out(built: tuple[Path, dict[str, Run]], lang: str) -> Path:
    """The folder of ``lang``'s editions; a language whose script folio ships no face for yet is skipped, naming the characters."""
    out, runs = built
    run = runs[lang]
    errors = [line for line in run.stderr.splitlines() if re.match(r"[^\s:]+:(\d+:)? ", line) and not line.startswith("warning:")]
    if run.code == 1 and errors and all(FONT_GAP in line for line in errors):
        pytest.skip(f"folio ships no face yet for characters of the {lang} translation: {errors[0]}")
    assert run.code == 0, run.stderr
    return out


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout


def part_labels(path: Path) -> dict[str, str]:
    """The page label where each part begins, by the part's id (its named destination)."""
    reader = pypdf.PdfReader(path)
    destinations = reader.named_destinations
    return {part: reader.page_labels[reader.get_destination_page_number(destinations[part])] for part in PARTS}


def link_targets(path: Path) -> dict[str, str]:
    """Every internal link of the PDF: the destination it names → the label of the page it leads to."""
    reader = pypdf.PdfReader(path)
    destinations = reader.named_destinations
    found = {}
    for page in reader.pages:
        for annotation in page.get("/Annots") or ():
            action = annotation.get_object().get("/A")
            name = action.get("/D") if action is not None else None
            if isinstance(name, str) and name in destinations:
                found[name] = reader.page_labels[reader.get_destination_page_number(destinations[name])]
    return found


LATIN = "A-Za-z\u00c0-\u024f\u1e00-\u1eff"
NUMBER = re.compile(rf"[0-9]+(?:\.[0-9]+)*|(?<![{LATIN}])[A-Z](?:\.[0-9]+)?(?![{LATIN}])")
"""A chapter, figure, table, section, appendix or page number as a cross-reference prints it (2, 1.1, A, A.1)."""


def xrefs(path: Path) -> list[tuple[str, tuple[str, ...]]]:
    """Each cross-reference of the web edition: its target and the numbers its text names."""
    page = html.fromstring(path.read_text("utf-8"))
    return sorted((a.get("href"), tuple(NUMBER.findall(a.text_content()))) for a in page.xpath("//a[contains(@class, 'xref')]"))


def summary_numbers(path: Path) -> list[str]:
    """The numbers printed on the executive summary's page: its cross-references and their pages."""
    reader = pypdf.PdfReader(path)
    index = reader.get_destination_page_number(reader.named_destinations["summary"])
    text = subprocess.run(
        ["pdftotext", "-f", str(index + 1), "-l", str(index + 1), "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted(NUMBER.findall(text))


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_pdf_keeps_the_originals_pages_and_numbers(built, lang: str) -> None:
    out = language_out(built, lang)
    original, translated = out / f"{SLUG}.pdf", out / f"{stem(lang)}.pdf"
    labels = part_labels(translated)
    assert labels == part_labels(original)
    assert all(re.fullmatch(r"[ivx]+", labels[part]) for part in FRONT), labels  # front matter on roman pages
    assert labels["key-figures"] == "1" and labels["sec-shipping"] == "2"  # the summary is no chapter: the body starts after it
    assert pypdf.PdfReader(translated).page_labels == pypdf.PdfReader(original).page_labels
    assert link_targets(translated) == link_targets(original)
    assert summary_numbers(translated) == summary_numbers(original)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_cross_references_name_the_originals_numbers(built, lang: str) -> None:
    out = language_out(built, lang)
    found = xrefs(out / f"{stem(lang)}.html")
    assert found == xrefs(out / f"{SLUG}.html")
    assert ("#sec-shipping", ("1",)) in found and ("#sec-method", ("A",)) in found and ("#tbl-sample", ("A.1",)) in found


def epub_structure(path: Path) -> list[tuple]:
    """Each part of the EPUB in spine order: its id, structural semantics, role and classes; and the landmarks."""
    book = Epub(path)
    parts = []
    for document in book.spine:
        body = book.tree(document).find("h:body", NS)
        for section in body.iter(f"{{{X}}}section"):
            if section.getparent() is body:
                parts.append((section.get("id"), section.get(TYPE), section.get("role"), section.get("class")))
    landmarks = [(a.get(TYPE), a.get("href")) for a in book.nav("landmarks").iter(f"{{{X}}}a")]
    return [*parts, *landmarks]


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_the_epub_web_edition_and_word_copy_keep_the_originals_parts(built, lang: str) -> None:
    out = language_out(built, lang)
    structure = epub_structure(out / f"{stem(lang)}.epub")
    assert structure == epub_structure(out / f"{SLUG}.epub")
    assert ("summary", "abstract", "doc-abstract", "level1 front-part role-summary") in structure
    assert ("sec-method", "appendix", "doc-appendix", "level1 appendix") in structure
    assert ("abstract", "text/ch001.xhtml#summary") in structure

    def sections(path: Path) -> list[tuple]:
        page = html.fromstring(path.read_text("utf-8"))
        return [(e.tag, e.get("id"), e.get("class"), e.get("role")) for e in page.xpath("//section[@id] | //nav[@id]")]

    web = sections(out / f"{stem(lang)}.html")
    assert web == sections(out / f"{SLUG}.html")
    assert ("section", "summary", "chapter front-part role-summary", None) in web

    def headings(path: Path) -> list[int]:
        import docx

        return [int(p.style.name[-1]) for p in docx.Document(str(path)).paragraphs if re.fullmatch(r"Heading \d", p.style.name)]

    assert headings(out / f"{stem(lang)}.docx") == headings(out / f"{SLUG}.docx")


# -- the words folio sets ------------------------------------------------------


def fragments(text: str) -> list[str]:
    """The words of a string around its placeholders, each with a letter in it."""
    pieces = (piece.strip(" “”\"'") for piece in re.split(r"\{[a-z_]+\}", text))
    return [piece for piece in pieces if re.search(r"[A-Za-z]", piece)]


def english_words(lang: str) -> dict[str, str]:
    """Each piece of text folio sets in English that ``lang``'s string for the same key does not carry too, by key."""
    english, own = catalog(STRINGS / "en.yaml"), catalog(STRINGS / f"{lang}.yaml")
    return {piece: key for key, text in english.items() for piece in fragments(text) if piece.casefold() not in own[key].casefold()}


def texts(out: Path, lang: str) -> dict[str, str]:
    """Everything a reader gets from each edition: text, alt text, labels, bookmarks, metadata."""
    found = {}
    reader = pypdf.PdfReader(out / f"{stem(lang)}.pdf")

    def titles(outline) -> list[str]:
        return [t for item in outline for t in (titles(item) if isinstance(item, list) else [item.title])]

    found["pdf"] = pdf_text(out / f"{stem(lang)}.pdf") + "\n".join(titles(reader.outline))
    book = Epub(out / f"{stem(lang)}.epub")
    parts = [" ".join(book.opf.itertext())]  # the metadata: the accessibility summary, the titles
    for document in book.documents():
        tree = book.tree(document)
        parts += ["".join(tree.itertext())]
        parts += [v for e in tree.iter() if isinstance(e.tag, str) for k, v in e.attrib.items() if k in ("alt", "aria-label", "title")]
    found["epub"] = "\n".join(parts)
    page = html.fromstring((out / f"{stem(lang)}.html").read_text("utf-8"))
    body = page.find("body")
    found["html"] = body.text_content() + "\n".join(
        v for e in body.iter() for k, v in e.attrib.items() if k in ("alt", "aria-label", "title")
    )
    with zipfile.ZipFile(out / f"{stem(lang)}.docx") as archive:
        found["docx"] = "\n".join(etree.fromstring(archive.read("word/document.xml")).itertext())
    return {kind: " ".join(text.split()) for kind, text in found.items()}


TITLES = ("contents.title", "figure.list", "table.list", "glossary.title", "part.profiles", "part.references", "glance.title")
"""The titles folio sets in this report."""


@pytest.mark.slow
@pytest.mark.parametrize("lang", ("en", *LANGS))
def test_no_english_word_folio_set_is_left_in_an_edition(built, lang: str) -> None:
    out = language_out(built, lang)
    found = texts(out, lang)
    own = catalog(STRINGS / f"{lang}.yaml")
    for kind, text in found.items():
        squeezed = re.sub(r"\s+", "", text).casefold()  # a CJK title may break across lines
        for key in TITLES if kind != "docx" else ("figure.list", "table.list", "glossary.title", "glance.title"):
            assert re.sub(r"\s+", "", own[key]).casefold() in squeezed, f"{key} {own[key]!r} is missing from the {lang} {kind}"
        label = own["table.label"].format(number="3") + own["caption.separator"] + own["glance.title"]
        assert re.sub(r"\s+", "", label).casefold() in squeezed, f"the glance table's caption {label!r} is missing from the {lang} {kind}"
        if lang == "en":
            continue
        folded = text.casefold()
        for piece, key in english_words(lang).items():
            match = re.search(rf"(?<!\w){re.escape(piece.casefold())}(?!\w)", folded)
            assert match is None, (
                f"{piece!r} ({key}) is left in English in the {lang} {kind}: …{text[match.start() - 60 : match.end() + 60]}…"
            )


# -- what a translation may say, and what it may not -----------------------------


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def drop_unset_languages(source: Path) -> None:
    """Leave only the translations these tests edit (and build)."""
    import shutil

    for folder in (source / "translations").iterdir():
        if folder.name != "id":
            shutil.rmtree(folder)


@pytest.mark.slow
def test_a_translated_header_cannot_change_a_parts_role_id_or_place(tmp_path: Path) -> None:
    source = copy_report(NAME, tmp_path)
    drop_unset_languages(source)
    chapters = source / "translations/id/chapters"
    edit(chapters / "summary.md", "title: Ringkasan eksekutif\n", "title: Ringkasan eksekutif\nrole: introduction\nid: ringkasan\n")
    edit(chapters / "shipping.md", "title: Mengirim paket keluar\n", "title: Mengirim paket keluar\nrole: summary\n")
    run = run_build("html", "--lang", "id", "--source", source, "--out", tmp_path / "out")
    assert run.code == 0, run.stderr
    assert re.search(
        r"warning: translations/id/chapters/summary.md:3: role: \"introduction\" would change the part, which stays "
        r"a front part \(summary\) as in chapters/summary.md",
        run.stderr,
    ), run.stderr
    assert 'warning: translations/id/chapters/summary.md:4: id: "ringkasan" is not the original\'s "summary"' in run.stderr
    assert 'warning: translations/id/chapters/shipping.md:3: role: "summary" would change the part, which stays numbered chapter 1' in (
        run.stderr
    )
    page = html.fromstring((tmp_path / "out" / f"{SLUG}.id.html").read_text("utf-8"))
    [summary] = page.xpath("//section[@id='summary']")
    assert summary.get("class") == "chapter front-part role-summary" and "Ringkasan eksekutif" in summary.text_content()
    [shipping] = page.xpath("//section[@id='sec-shipping']")
    assert shipping.get("class") == "chapter" and shipping.xpath(".//p[@class='chapter-number']")[0].text == "01"
    assert not page.xpath("//*[@id='ringkasan']")


@pytest.mark.slow
def test_parts_overrides_a_title_and_names_only_parts_folio_titles(tmp_path: Path) -> None:
    source = copy_report(NAME, tmp_path)
    drop_unset_languages(source)
    meta = source / "translations/id/report.yaml"
    meta.write_text(
        meta.read_text("utf-8") + "parts:\n  list-of-tables: Tabel dalam kajian ini\n  glossary: Daftar singkatan\n  references: Rujukan\n",
        encoding="utf-8",
    )
    run = run_build("html", "--lang", "id", "--source", source, "--out", tmp_path / "out")
    assert run.code == 0, run.stderr
    page = html.fromstring((tmp_path / "out" / f"{SLUG}.id.html").read_text("utf-8"))
    titles = [" ".join(h.text_content().split()) for h in page.xpath("//h1")]
    assert {"Tabel dalam kajian ini", "Daftar singkatan", "Rujukan", "Daftar gambar", "Profil usaha"} <= set(titles), titles
    meta.write_text(meta.read_text("utf-8") + "  glosary: Singkatan\n  sec-payments: Pembayaran\n", encoding="utf-8")
    run = run_build("check", "--source", source)
    assert run.code == 1
    lines = len(meta.read_text("utf-8").splitlines())
    assert f"translations/id/report.yaml:{lines - 1}: parts.glosary: the report has no such part; did you mean glossary?" in run.stderr
    assert (
        f"translations/id/report.yaml:{lines}: parts.sec-payments: a chapter's title comes from its translated file, "
        "translations/id/chapters/payments.md" in run.stderr
    )


@pytest.mark.slow
def test_a_custom_title_left_untranslated_is_a_warning_not_an_error(tmp_path: Path) -> None:
    source = copy_report(NAME, tmp_path)
    drop_unset_languages(source)
    edit(source / "report.yaml", "  - list_of_tables:\n", "  - list_of_tables: {title: Tables in this study}\n")
    run = run_build("check", "--source", source)
    assert run.code == 0, run.stderr
    assert (
        'warning: translations/id/report.yaml: parts.list-of-tables: not given, so the part is titled "Daftar tabel", '
        "folio's word, for the original's \"Tables in this study\"" in run.stderr
    )


@pytest.mark.slow
def test_check_checks_every_translation(tmp_path: Path) -> None:
    source = copy_report(NAME, tmp_path)
    drop_unset_languages(source)
    (source / "translations/id/data/glossary.yaml").unlink()
    edit(source / "translations/id/profiles/vn-tra-xanh.yaml", "sector: Teh\n", "sector: Teh\nfounded: 2018\n")
    run = run_build("check", "--source", source)
    assert run.code == 1, run.stderr
    assert "translations/id/data/glossary.yaml: missing: data/glossary.yaml has no id translation" in run.stderr
    assert "translations/id/profiles/vn-tra-xanh.yaml:2: founded: is a fact" in run.stderr
    assert "ports-and-parcels: no errors" in run.stderr  # the original itself is fine, and said so
    assert "Traceback" not in run.stderr


@pytest.mark.slow
def test_a_glossary_left_untranslated_falls_back_with_the_rest(tmp_path: Path) -> None:
    source = copy_report(NAME, tmp_path)
    drop_unset_languages(source)
    (source / "translations/id/data/glossary.yaml").unlink()
    edit(source / "report.yaml", "crossref:", "fallback: original\ncrossref:")
    run = run_build("html", "--lang", "id", "--source", source, "--out", tmp_path / "out")
    assert run.code == 0, run.stderr
    assert "data/glossary.yaml" in run.stderr
    page = html.fromstring((tmp_path / "out" / f"{SLUG}.id.html").read_text("utf-8"))
    [glossary] = page.xpath("//section[@id='glossary']")
    assert glossary.get("lang") == "en" and "United States dollar" in glossary.text_content()  # set and marked as the original
    assert "Abbreviations" in glossary.text_content()
    assert "Daftar gambar" in page.text_content()  # the rest of the edition keeps its words
