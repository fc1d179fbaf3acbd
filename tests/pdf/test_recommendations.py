"""The recommendations panel: a heading that wraps keeps its leading and its left edge, and every recommendation is a bookmark.

Read off ``tests/reports/noticed``'s screen PDF: its first and third
recommendations have headings that wrap to two lines.
"""

from __future__ import annotations

import pytest
from conftest import Built, build_once

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def noticed(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_once("noticed", tmp_path_factory)


def line_starting(words: list[dict], first: str, second: str) -> dict:
    for word, after in zip(words, words[1:], strict=False):
        if word["text"] == first and after["text"] == second and abs(word["top"] - after["top"]) < 1:
            return word
    raise AssertionError(f"no line starts {first} {second}")


@pytest.mark.parametrize(
    ("first_line", "second_line"), [(("Open", "the"), ("online", "through")), (("Let", "couriers’"), ("trader", "files"))]
)
def test_a_wrapped_heading_keeps_its_leading_and_its_left_edge(noticed: Built, first_line, second_line) -> None:
    import pdfplumber

    with pdfplumber.open(noticed.pdf) as pdf:
        page = next(p for p in pdf.pages if "What we recommend" in (p.extract_text() or ""))
        words = page.extract_words(extra_attrs=["size"])
    one = line_starting(words, *first_line)
    two = line_starting(words, *second_line)
    assert one["size"] == pytest.approx(11.5, abs=0.1) and two["size"] == pytest.approx(11.5, abs=0.1)
    assert two["x0"] == pytest.approx(one["x0"], abs=0.5), "the first line is not indented"
    assert two["top"] - one["top"] == pytest.approx(1.2 * 11.5, abs=1), "one line's leading between the lines, no blank line"


def test_every_recommendation_is_a_bookmark_under_its_section(noticed: Built) -> None:
    import pikepdf

    with pikepdf.open(noticed.pdf) as pdf:
        found = []

        def walk(item, depth: int) -> None:
            while item is not None:
                found.append((depth, str(item.Title)))
                if "/First" in item:
                    walk(item.First, depth + 1)
                item = item.get("/Next")

        walk(pdf.Root.Outlines.First, 0)
    titles = [title for _, title in found]
    section = titles.index("What we recommend")
    assert found[section + 1 : section + 4] == [
        (2, "1 Open the customs window to small traders who sell online through marketplaces abroad"),
        (2, "2 Accept e-signatures"),
        (2, "3 Let couriers’ manifests stand in for the paper forms that a trader files at every border"),
    ]
    assert found[section][0] == 1
