"""Every prose field gets the smart punctuation a chapter gets, in the quotation marks of its language.

``tests/reports/noticed`` writes straight apostrophes, quotes, ``--`` and
``...`` in every kind of YAML field (the report's title, subtitle,
publisher, authors and description, a chapter's title and summary, a
profile's name, sector, summary, tools, challenges, quote and tags, a
glossary's terms, the profiles part's title).  None is left straight in
any edition; a Japanese edition sets its quotations in 「」.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import Built, build_once, copy_report, run_build
from lxml import etree
from lxml import html as lxml_html

STRAIGHT = re.compile(r"['\"]|--|(?<!\.)\.\.\.(?!\.)")
"""Straight quotes, a double hyphen, three dots (a contents page's dotted leaders are longer runs)."""
CURLY = (
    "A Trader’s Notes", "“small”", "Timor-Leste’s markets – and Fiji’s", "Lorosa’e Coffee", "Fiji’s Coconut Works", "Ana O’Neill",
    "FARMERS’ COOPERATIVE", "The market’s day", "Traders’ stories", "Traders’ terms", "We’re small, but we’re not slow.",
    "co-op’s exports", "A buyer’s marketplace", "Customs forms that don’t accept an e-signature", "Folio’s Test Press",
)  # fmt: skip


@pytest.fixture(scope="module")
def noticed(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_once("noticed", tmp_path_factory)


def visible_text(tree) -> str:
    """The text a reader sees or hears: text nodes (no style or script), alt text and titles."""
    parts = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or etree.QName(element).localname in ("style", "script"):
            parts.append(element.tail or "")
            continue
        parts += [element.text or "", element.tail or ""]
        parts += [element.get(name) or "" for name in ("alt", "title", "aria-label")]
    return " ".join(parts)


@pytest.mark.slow
def test_no_field_keeps_straight_punctuation_in_the_pdf(noticed: Built) -> None:
    text = subprocess.run(["pdftotext", str(noticed.pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert not STRAIGHT.findall(text), [line for line in text.splitlines() if STRAIGHT.search(line)]
    flat = " ".join(text.split())
    missing = [words for words in CURLY if words not in flat]
    assert not missing, missing


@pytest.mark.slow
def test_the_pdfs_metadata_and_outline_are_curly_too(noticed: Built) -> None:
    import pikepdf

    with pikepdf.open(noticed.pdf) as pdf:
        assert str(pdf.docinfo["/Title"]) == "A Trader’s Notes: What “small” means in Timor-Leste’s markets – and Fiji’s"
        titles = []
        stack = [pdf.Root.Outlines.First]
        while stack:
            item = stack.pop()
            titles.append(str(item.Title))
            stack += [item[key] for key in ("/First", "/Next") if key in item]
    assert "Lorosa’e Coffee" in titles and "Fiji’s Coconut Works" in titles and "The market’s day" in titles
    assert not [title for title in titles if "'" in title]


@pytest.mark.slow
def test_no_field_keeps_straight_punctuation_in_the_web_edition(noticed: Built) -> None:
    tree = lxml_html.fromstring(noticed.html.read_text("utf-8"))
    text = visible_text(tree)
    assert not STRAIGHT.findall(text), re.findall(r".{20}(?:['\"]|--|\.\.\.).{20}", text)
    assert tree.findtext(".//title").startswith("A Trader’s Notes")


@pytest.mark.slow
def test_no_field_keeps_straight_punctuation_in_the_epub(noticed: Built) -> None:
    with zipfile.ZipFile(noticed.epub) as epub:
        for name in epub.namelist():
            if name.endswith((".xhtml", ".opf")):
                tree = etree.fromstring(epub.read(name))
                text = visible_text(tree)
                assert not STRAIGHT.findall(text), (name, re.findall(r".{20}(?:['\"]|--|\.\.\.).{20}", text))


@pytest.mark.slow
def test_a_japanese_edition_quotes_in_corner_brackets(tmp_path: Path) -> None:
    folder = copy_report("noticed", tmp_path)
    report = folder / "report.yaml"
    report.write_text(report.read_text("utf-8").replace("language: en", "language: ja"), encoding="utf-8")
    out = tmp_path / "out"
    done = run_build("html", "--source", folder, "--out", out)
    assert done.code == 0, done.stderr
    text = visible_text(lxml_html.fromstring((out / "noticed.html").read_text("utf-8")))
    assert "What 「small」 means" in text, "a field's quotation"
    assert "「We sell what we pick,」 says the chair, 「and we’re paid when it’s roasted.」" in " ".join(text.split()), (
        "a story's quotation"
    )
    assert "“" not in text and "”" not in text


def test_fields_read_as_pandoc_reads_smart_text() -> None:
    from folio.markdown.smart import plain, smart_texts

    cases = {
        "Fiji's": "Fiji’s",
        "Lorosa'e": "Lorosa’e",
        '\'90s and the "new" trade': "’90s and the “new” trade",
        "North--South --- and on...": "North–South — and on…",
        "2020. A year": "2020. A year",
        "- not a list": "- not a list",
        "*not emphasis* and [not a link](x) @not-a-cite #tag <b>": "*not emphasis* and [not a link](x) @not-a-cite #tag <b>",
        "a) not a list either": "a) not a list either",
        "100% of $5 & more: yes | no ~ ^": "100% of $5 & more: yes | no ~ ^",
        "back\\slash": "back\\slash",
        "---": "---",
    }
    found = smart_texts(list(cases), None)
    assert [plain(inlines, "en") for inlines in found] == list(cases.values())


def test_quotation_marks_follow_the_language() -> None:
    from folio.markdown.smart import marks

    assert marks("en")[:2] == ("“", "”")
    assert marks("ja")[:2] == ("「", "」")
    assert marks("zh-Hant")[:2] == ("「", "」")
    assert marks("zh-Hans")[:2] == ("“", "”")
    assert marks("de-AT")[:2] == ("„", "“")
    assert marks("ko")[:2] == ("“", "”")
    assert marks(None)[:2] == ("“", "”")
