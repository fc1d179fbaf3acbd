"""Translations: ``translations/LANG/`` over one source, each language's PDF, EPUB and web edition.

The fixture ``tests/reports/translated`` (two chapters, one profile) is
translated into Japanese, Korean and Vietnamese; ``--lang all`` builds the
original and every translation, and the files are read back: EPUBCheck, the
fonts in each PDF, the words folio itself set, the language each edition
declares and the links between the languages.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
import yaml
from conftest import builds_editions, copy_report, run_build
from lxml import etree
from support.epub import SUCCESS, epubcheck

from folio.errors import ReportError
from folio.paths import FONTS
from folio.source.strings import STRINGS, catalog, languages, word

SLUG = "across-the-region"
LANGS = ("ja", "ko", "vi")
ORIGINAL_ID = "urn:uuid:3b8f6c52-9d0e-4a57-8c1e-2f6a9d4b7e10"
ENGLISH_WORDS = ("Contents", "Colophon", "Economy", "Founded", "Employees", "Markets", "Digital tools", "Illustrative", "Challenge", "See ")
"""Words folio sets in the English original that a translation must carry in its own language."""
OWN_WORDS = {
    "ja": ("目次", "奥付", "例示プロフィール", "創業", "2024年5月20日", "国境を越えて売る", "原書(英語)", "翻訳:森 美穂"),
    "ko": ("차례", "판권", "예시 사례", "설립", "2024년 5월 20일", "똠얌꿍"),
    "vi": (
        "Mục lục",
        "Thông tin xuất bản",
        "Hồ sơ minh họa",
        "Thành lập",
        "Nhật Bản",
        "Bán hàng khắp khu vực",
        "bản gốc tiếng Anh",
        "Trần Thị Mai",
    ),
}


@pytest.fixture(scope="module")
@builds_editions
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = copy_report("translated", tmp_path_factory.mktemp("translated"))
    out = source / "dist"
    run = run_build("pdf", "epub", "html", "--lang", "all", "--source", source, "--out", out)
    assert run.code == 0, run.stderr
    return out


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.slow
def test_lang_all_writes_each_languages_three_editions(built: Path) -> None:
    for stem in (SLUG, *(f"{SLUG}.{lang}" for lang in LANGS)):
        for suffix in (".pdf", ".epub", ".html"):
            assert (built / f"{stem}{suffix}").stat().st_size > 1000, f"{stem}{suffix}"
    sums = (built / "SHA256SUMS").read_text()
    assert all(f"{SLUG}.{lang}.epub" in sums for lang in LANGS)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_each_translated_epub_passes_epubcheck(built: Path, lang: str) -> None:
    assert epubcheck(built / f"{SLUG}.{lang}.epub") == SUCCESS


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_generated_words_are_in_the_editions_language(built: Path, lang: str) -> None:
    text = pdf_text(built / f"{SLUG}.{lang}.pdf").casefold()  # labels may be set in capitals
    for english in ENGLISH_WORDS:
        assert english.casefold() not in text, f"{english!r} left in English in the {lang} PDF"
    joined = re.sub(r"\s+", "", text)  # a CJK word may break across lines
    for own in OWN_WORDS[lang]:
        assert re.sub(r"\s+", "", own.casefold()) in joined, f"{own!r} missing from the {lang} PDF"
    web = (built / f"{SLUG}.{lang}.html").read_text("utf-8")
    body = re.sub(r"<[^>]+>", " ", web.split("<body", 1)[1])
    for english in ENGLISH_WORDS:
        assert english not in body, f"{english!r} left in English in the {lang} web edition"
    with zipfile.ZipFile(built / f"{SLUG}.{lang}.epub") as book:
        opf = next(name for name in book.namelist() if name.endswith(".opf"))
        package = etree.fromstring(book.read(opf))
    summary = package.xpath("//*[@property='schema:accessibilitySummary']/text()")[0]
    assert "EPUB Accessibility 1.1" in summary and "This EPUB" not in summary


@pytest.mark.slow
def test_the_english_original_keeps_its_words(built: Path) -> None:
    text = pdf_text(built / f"{SLUG}.pdf").casefold()
    assert "contents" in text and "illustrative profile" in text and "may 20, 2024" in text


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_no_tofu_only_shipped_fonts(built: Path, lang: str) -> None:
    families = {entry["family"].replace(" ", "-") for entry in yaml.safe_load((FONTS / "fonts.yaml").read_text())["fonts"]}
    path = built / f"{SLUG}.{lang}.pdf"
    listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    names = [line.split()[0].partition("+")[2] for line in listed]
    assert names and all(any(name.startswith(family) for family in families) for name in names), names
    assert all(" yes " in line for line in listed), "a font is not embedded"
    if lang in ("ja", "ko"):
        region = {"ja": "JP", "ko": "KR"}[lang]
        assert any(name.startswith(f"Folio-Serif-{region}") for name in names)
        assert any(name.startswith(f"Folio-Sans-{region}") for name in names)


@pytest.mark.slow
def test_korean_beyond_ks_x_1001_is_set(built: Path) -> None:
    """똠 is not among KS X 1001's 2,350 syllables: the shipped Korean faces carry the whole Hangul block."""
    assert "똠얌꿍" in re.sub(r"\s+", "", pdf_text(built / f"{SLUG}.ko.pdf"))
    assert "똠" in (built / f"{SLUG}.ko.html").read_text("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ("en", *LANGS))
def test_each_language_declares_itself_and_links_the_others(built: Path, lang: str) -> None:
    stem = SLUG if lang == "en" else f"{SLUG}.{lang}"
    with pikepdf.open(built / f"{stem}.pdf") as pdf:
        assert str(pdf.Root.Lang) == lang
        meta = pdf.open_metadata()
        assert list(meta["dc:language"]) == [lang]
        relations = set(meta["dc:relation"])
        if lang != "en":
            assert meta["dc:source"] == ORIGINAL_ID
    assert relations == {f"{SLUG}.pdf (en)", *(f"{SLUG}.{other}.pdf ({other})" for other in LANGS)} - {f"{stem}.pdf ({lang})"}
    web = (built / f"{stem}.html").read_text("utf-8")
    assert re.search(rf'<html lang="{lang}"', web)
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', web))
    assert alternates == {"en": f"{SLUG}.html", **{other: f"{SLUG}.{other}.html" for other in LANGS}}
    with zipfile.ZipFile(built / f"{stem}.epub") as book:
        opf = next(name for name in book.namelist() if name.endswith(".opf"))
        package = etree.fromstring(book.read(opf))
    dc = {"dc": "http://purl.org/dc/elements/1.1/"}
    assert package.xpath("//dc:language/text()", namespaces=dc) == [lang]
    identifier = package.xpath("//dc:identifier/text()", namespaces=dc)[0]
    if lang == "en":
        assert identifier == ORIGINAL_ID and not package.xpath("//dc:source", namespaces=dc)
    else:
        assert identifier != ORIGINAL_ID and package.xpath("//dc:source/text()", namespaces=dc) == [ORIGINAL_ID]


@pytest.mark.slow
def test_a_missing_translation_is_a_located_error(tmp_path: Path) -> None:
    source = copy_report("translated", tmp_path)
    (source / "translations/ja/chapters/outlook.md").unlink()
    run = run_build("html", "--lang", "ja", "--source", source, "--out", source / "dist")
    assert run.code == 1
    assert "translations/ja/chapters/outlook.md: missing: chapters/outlook.md has no ja translation" in run.stderr
    assert "fallback: original" in run.stderr
    assert "Traceback" not in run.stderr and not (source / "dist").exists()


@pytest.mark.slow
def test_fallback_original_sets_the_part_in_its_language_and_says_so(tmp_path: Path) -> None:
    source = copy_report("translated", tmp_path)
    (source / "translations/ja/chapters/outlook.md").unlink()
    (source / "translations/ja/profiles/jp-kumo-ceramics.yaml").unlink()
    (source / "report.yaml").write_text((source / "report.yaml").read_text() + "fallback: original\n")
    run = run_build("html", "epub", "--lang", "ja", "--source", source, "--out", source / "dist")
    assert run.code == 0, run.stderr
    assert epubcheck(source / "dist" / f"{SLUG}.ja.epub") == SUCCESS
    assert "chapters/outlook.md" in run.stderr and "profiles/jp-kumo-ceramics.yaml" in run.stderr
    web = (source / "dist" / f"{SLUG}.ja.html").read_text("utf-8")
    assert re.search(r"<section class=\"chapter\" id=\"outlook\"[^>]* lang=\"en\"", web), "the untranslated part keeps its language"
    assert '<div class="profile-story" lang="en">' in web and '<p class="profile-summary" lang="en">' in web
    assert "<dt>創業</dt>" in web  # the edition's own words around the original's prose stay Japanese
    assert "政府にできること" not in web and "What governments can do" in web
    assert "まだ翻訳されていない部分" in web  # the colophon says so too
    assert "日本" in web  # the economy is still named in the edition's language


@pytest.mark.slow
def test_a_fact_in_a_translation_is_a_located_error(tmp_path: Path) -> None:
    source = copy_report("translated", tmp_path)
    profile = source / "translations/vi/profiles/jp-kumo-ceramics.yaml"
    profile.write_text(profile.read_text() + "founded: 2015\n")
    meta = source / "translations/vi/report.yaml"
    meta.write_text(meta.read_text() + "slug: ban-hang\n")
    run = run_build("check", "--lang", "vi", "--source", source)
    assert run.code == 1
    lines = len(profile.read_text().splitlines())
    assert f"translations/vi/profiles/jp-kumo-ceramics.yaml:{lines}: founded: is a fact" in run.stderr
    assert re.search(r"translations/vi/report.yaml:\d+: slug: is the same in every language", run.stderr)


def test_every_language_has_every_word() -> None:
    english = set(catalog(STRINGS / "en.yaml"))
    assert {"en", "ja", "ko", "vi", "id", "zh-Hant"} <= set(languages())
    for lang in languages():
        assert set(catalog(STRINGS / f"{lang}.yaml")) == english, lang


def test_a_missing_word_names_the_key_and_the_file() -> None:
    assert word("zh-Hant-TW", "contents.title") == "目錄"
    with pytest.raises(ReportError) as caught:
        word("ja", "figure.nonexistent")
    assert str(caught.value.problems[0]).startswith("folio/strings/ja.yaml: figure.nonexistent: no ja text")
