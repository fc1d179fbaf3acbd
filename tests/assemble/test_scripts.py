"""Every script of the region: faces for each, right to left, line breaks by word, one message per span a face lacks.

The slow tests build tests/reports/region-scripts (Khmer, Lao, Myanmar,
Thai, Korean, Traditional Chinese, Bengali, Tamil, Sinhala, Arabic, Hebrew,
maths symbols and emoji, in text and in code) in every edition and read the
finished files: pdffonts, pdftotext line by line against ICU's word
boundaries, the EPUB's XHTML, pages rendered to pictures.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
import zipfile
from pathlib import Path

import pytest
from conftest import REPORTS, copy_report, run_build
from support.pdf import outloud

from folio.assemble.bidi import with_directions
from folio.assemble.wordbreaks import WORD_JOINER, ZWSP, mark_text, words
from folio.source.fonts.glyphs import missing_runs
from folio.source.fonts.scripts import direction, script_of

SPACELESS = {"km": "Khmer", "lo": "Lao", "my": "Myanmar", "th": "Thai"}
RUN = re.compile(r"[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF]+")


# -- the rules, on strings ------------------------------------------------------------


def test_languages_give_scripts_and_directions() -> None:
    assert [script_of(tag) for tag in ("km", "lo", "my", "bn", "ta", "si", "ar", "he", "zh-Hant", "zh-TW", "zh", "en")] == [
        "khmr", "laoo", "mymr", "beng", "taml", "sinh", "arab", "hebr", "zh-hant", "zh-hant", "zh", "latin",
    ]  # fmt: skip
    assert [direction(tag) for tag in ("ar", "he", "fa-IR", "ur", "pa-Arab", "az-Latn", "en", "km", None)] == ["rtl"] * 5 + ["ltr"] * 4


def test_spaceless_scripts_get_a_break_after_each_word_and_korean_words_hold_together() -> None:
    khmer = "ព្រះរាជាណាចក្រកម្ពុជាជាប្រទេស"
    marked = mark_text(f"{khmer} and 서울특별시 강남구")
    assert marked.split(" and ")[0] == ZWSP.join(words(khmer))
    assert len(words(khmer)) >= 3 and "".join(words(khmer)) == khmer
    assert marked.endswith(WORD_JOINER.join("서울특별시") + " " + WORD_JOINER.join("강남구"))
    assert mark_text("Plain English stays as it is.") == "Plain English stays as it is."


def test_right_to_left_languages_get_dir_and_left_to_right_runs_inside_are_isolated() -> None:
    page = (
        '<html lang="en"><body><p>A <span lang="ar">مرحبا WTO 2024 &amp; <span lang="en">folio</span></span>.</p>'
        "<p>Plain.</p></body></html>"
    )
    marked = with_directions(page)
    assert '<span lang="ar" dir="rtl">' in marked
    assert '<span lang="en" dir="ltr">folio</span>' in marked
    assert '<span dir="ltr">WTO 2024</span> &amp;' in marked
    assert "<p>Plain.</p>" in marked
    assert with_directions(page.replace('lang="ar"', 'lang="km"')) == page.replace('lang="ar"', 'lang="km"')


def test_a_span_no_face_has_is_one_problem_naming_its_characters() -> None:
    text = "Title\n\nIn Dzongkha, [འབྲུག་ཡུལ་ནི་ཧི་མ་ལ་ཡ]{lang=dz}, and Amharic [ሰላም]{lang=am}.\n"
    covered = frozenset(range(0x20, 0x7F))
    runs = missing_runs(text, covered)
    assert [(line, span) for line, span, _ in runs] == [(3, "འབྲུག་ཡུལ་ནི་ཧི་མ་ལ་ཡ"), (3, "ሰላም")]
    assert {"འ", "བ", "་"} <= set(runs[0][2]) and "ྲ" not in runs[0][2]  # a mark is drawn with its letter: not listed
    assert runs[1][2] == "ሰላም"


def test_a_character_no_face_has_is_one_error_per_span_with_advice(tmp_path: Path) -> None:
    report = copy_report("minimal", tmp_path / "r")
    chapter = next((report / "chapters").glob("*.md"))
    chapter.write_text(chapter.read_text("utf-8") + "\nIn Dzongkha: [འབྲུག་ཡུལ་ནི་ཧི་མ་ལ་ཡའི་རྒྱལ་ཁབ]{lang=dz}.\n", "utf-8")
    run = run_build("check", "--source", report)
    assert run.code == 1
    lines = [line for line in run.stderr.splitlines() if "no font folio has" in line]
    assert len(lines) == 1, run.stderr
    assert '"འབྲུག་ཡུལ་ནི་ཧི་མ་ལ་ཡའི་རྒྱལ་ཁབ"' in lines[0] and "Tibetan (bo, dz)" in lines[0] and "U+0F60" in lines[0]
    assert "styles/fonts/fonts.yaml with family: Noto Sans Tibetan and languages: [bo]" in lines[0]


# -- the finished editions -------------------------------------------------------------


@pytest.fixture(scope="module")
def region(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("region-scripts")
    source = REPORTS / "region-scripts"
    run = run_build("pdf", "epub", "html", "docx", "--source", source, "--out", out)
    assert run.code == 0, run.stderr
    for edition in ("print", "press"):
        run = run_build("pdf", "--edition", edition, "--source", source, "--out", out)
        assert run.code == 0, run.stderr
    return out


def pdftotext(pdf: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def source_words() -> dict[str, list[str]]:
    """Each language's words in the fixture's source, as ICU cuts them (letters only)."""
    found: dict[str, list[str]] = {}
    for path in sorted((REPORTS / "region-scripts" / "chapters").glob("*.md")):
        for text, lang in re.findall(r"\[([^\]]+)\]\{lang=([\w-]+)\}", path.read_text("utf-8")):
            if lang in SPACELESS:
                pieces = [word for run in RUN.findall(text) for word in words(run)]
            else:
                pieces = re.findall(r"[^\W\d_][\w\u0300-\u036F\u0900-\u0DFF\u200C\u200D]*", text)
            found.setdefault(lang, []).extend(piece for piece in pieces if any(ch.isalpha() for ch in piece))
    return found


@pytest.mark.slow
def test_every_edition_is_built(region: Path) -> None:
    names = {path.name for path in region.iterdir()}
    for suffix in (".pdf", "-print.pdf", "-press.pdf", ".epub", ".html", ".docx"):
        assert f"region-scripts{suffix}" in names


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["region-scripts.pdf", "region-scripts-print.pdf", "region-scripts-press.pdf"])
def test_pdf_uses_only_folio_faces_each_script_its_own(region: Path, edition: str) -> None:
    listing = subprocess.run(["pdffonts", str(region / edition)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0].split("+", 1)[-1] for line in listing.splitlines()[2:]]
    assert names and all(name.startswith("Folio-") for name in names), names
    for family in ("Khmer", "Lao", "Myanmar", "Thai", "TC", "KR", "Bengali", "Tamil", "Sinhala", "Arabic", "Hebrew", "Math", "Emoji"):
        assert any(family in name for name in names), (family, names)


@pytest.mark.slow
def test_pdftotext_gives_back_every_word(region: Path) -> None:
    text = re.sub(r"\s+", "", unicodedata.normalize("NFC", pdftotext(region / "region-scripts.pdf")))
    assert ZWSP not in text and WORD_JOINER not in text
    lost = {lang: [word for word in found if unicodedata.normalize("NFC", word) not in text] for lang, found in source_words().items()}
    assert {lang: missing for lang, missing in lost.items() if missing} == {}


@pytest.mark.slow
def test_no_line_breaks_inside_a_word_of_the_spaceless_scripts(region: Path) -> None:
    lines = [line.strip() for line in pdftotext(region / "region-scripts.pdf").splitlines()]
    checked = 0
    for lang in SPACELESS:
        found = source_words()[lang]
        starts = {word[:2] for word in found}
        for line, following in zip(lines, lines[1:], strict=False):
            if not (RUN.search(line[-1:] or " ") and RUN.match(following)):
                continue
            tail = RUN.findall(line)[-1]
            head = RUN.match(following).group(0)
            if not (set(tail) <= set("".join(found)) and set(head) <= set("".join(found))):
                continue  # another script's lines
            checked += 1
            joined = tail + head
            cut = len(tail)
            bounds = {0}
            for word in words(joined):
                bounds.add(max(bounds) + len(word))
            assert cut in bounds, f"{SPACELESS[lang]} line ends inside a word: …{tail[-8:]} | {head[:8]}…"
            assert head[:2] in starts or any(w.startswith(head[:1]) for w in found)
    assert checked >= 4, "the fixture's paragraphs should break across lines"


@pytest.mark.slow
def test_right_to_left_in_the_epub_and_web_edition(region: Path) -> None:
    with zipfile.ZipFile(region / "region-scripts.epub") as epub:
        xhtml = "".join(epub.read(name).decode("utf-8") for name in epub.namelist() if name.endswith(".xhtml"))
    html = (region / "region-scripts.html").read_text("utf-8")
    for document in (xhtml, html):
        assert re.search(r'<section[^>]*\blang="ar"[^>]*\bdir="rtl"|<section[^>]*\bdir="rtl"[^>]*\blang="ar"', document)
        assert re.search(r'<span[^>]*lang="he"[^>]*dir="rtl"', document)
        assert re.search(r'<span[^>]*lang="en"[^>]*dir="ltr"[^>]*>folio<', document)


@pytest.mark.slow
def test_colophon_names_only_the_faces_used(region: Path) -> None:
    text = pdftotext(region / "region-scripts.pdf")
    line = re.sub(r"\s+", " ", text[text.rindex("Set in") :].split(".")[0])
    for name in ("Source Serif 4", "Noto Serif Khmer", "Noto Naskh Arabic", "Noto Emoji", "Noto Sans Math"):
        assert name in line, line
    assert "Devanagari" not in line  # no Devanagari in this report


@pytest.mark.slow
def test_an_edition_in_traditional_chinese_is_set_in_the_tc_faces(tmp_path: Path) -> None:
    report = copy_report("minimal", tmp_path / "r")
    (report / "report.yaml").write_text(
        (report / "report.yaml")
        .read_text("utf-8")
        .replace("language: en", "language: zh-Hant")
        .replace("A Minimal Report", "臺灣的數位貿易"),
        "utf-8",
    )
    chapter = report / "chapters" / "one.md"
    chapter.write_text(chapter.read_text("utf-8") + "\n臺灣的中小企業透過電子商務平臺，將產品銷售到亞太地區的各個市場。\n", "utf-8")
    run = run_build("pdf", "--source", report, "--out", tmp_path / "out")
    assert run.code == 0, run.stderr
    listing = subprocess.run(["pdffonts", str(tmp_path / "out" / "minimal.pdf")], capture_output=True, text=True, check=True).stdout
    names = {line.split()[0].split("+", 1)[-1] for line in listing.splitlines()[2:]}
    assert "Folio-Serif-TC" in names and not any(name.endswith(("-SC", "-JP")) for name in names), names
    assert "臺灣的中小企業透過電子商務平臺" in pdftotext(tmp_path / "out" / "minimal.pdf")


@pytest.mark.slow
def test_every_glyph_of_the_complex_scripts_has_a_unicode_value(region: Path) -> None:
    findings = outloud(region / "region-scripts.pdf")["findings"]
    assert [finding["message"] for finding in findings if finding["rule"] == "TXT-003"] == []


@pytest.mark.slow
def test_bookmarks_carry_no_line_breaking_marks(region: Path) -> None:
    import pikepdf

    titles = []
    with pikepdf.open(region / "region-scripts.pdf") as pdf:
        stack = [pdf.Root.Outlines.get("/First")]
        while stack:
            item = stack.pop()
            if item is not None:
                titles.append(str(item.Title))
                stack += [item.get("/Next"), item.get("/First")]
    assert "ភ្នំពេញ ရန်ကုန် 서울특별시" in titles, titles
    assert not [title for title in titles if ZWSP in title or WORD_JOINER in title]
