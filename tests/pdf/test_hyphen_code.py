"""A line that breaks after a hyphen inside code is not a hyphenated line.

The rule "no more than two hyphenated lines in a row" is about words the
line breaker hyphenates.  Code such as ``--number-sections`` may break after
its own hyphens, and no word there can be kept whole; counting those lines
made pandoc's manual laid out twice for nothing.
"""

from __future__ import annotations

from weasyprint import HTML

from folio.pdf.layout.hyphens import AUTO_HYPHEN, hyphenated, lines_of_blocks
from folio.pdf.weasy import line_boxes, line_end, page_boxes

PAGE = """<!doctype html><html lang="en"><head><style>
@page {{ size: 80mm 200mm; margin: 5mm; }}
body {{ font: 10pt/1.3 serif; }}
p {{ width: 28mm; hyphens: auto; text-align: justify; }}
code {{ hyphens: none; }}
</style></head><body>{}</body></html>"""
WORDS = "Internationalisation characteristically discombobulates telecommunications administrations " * 2
CODE = " ".join(["<code>--number-sections-and-offsets</code>"] * 6)


def lines_of(body: str) -> list:
    document = HTML(string=PAGE.format(body)).render()
    return [line for page in document.pages for box in page_boxes(page) for line in line_boxes(box)]


def test_a_line_ending_in_an_automatic_hyphen_is_hyphenated_one_ending_in_code_is_not() -> None:
    lines = lines_of(f"<p>{WORDS}</p><p>{CODE}</p>")
    ends = [line_end(line) for line in lines]
    automatic = [line for line, (text, _) in zip(lines, ends, strict=True) if text.endswith(AUTO_HYPHEN)]
    in_code = [line for line, (text, tag) in zip(lines, ends, strict=True) if tag == "code" and text.endswith("-")]
    assert automatic and in_code, ends
    assert all(hyphenated(line) for line in automatic)
    assert not any(hyphenated(line) for line in in_code)


def test_lines_breaking_inside_code_make_no_run() -> None:
    document = HTML(string=PAGE.format(f"<p>{CODE}</p>")).render()
    assert list(lines_of_blocks(document)) == []
