"""No more than two hyphenated lines in a row, from the line breaker itself, across page breaks too.

Narrow justified columns of long words make WeasyPrint hyphenate line after
line.  Laid out as a plain WeasyPrint does it (in a process of its own, so
folio's changes to WeasyPrint are not in force), they hold runs of three and
more; laid out with :func:`folio.pdf.weasy.hyphens.limit_hyphenated_lines`,
none, while most lines still end in a hyphen where one helps (all of folio's
changes made, as :func:`folio.pdf.weasy.patches.apply` makes them for a build).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from folio.pdf.layout.hyphens import AUTO_HYPHEN, runs
from folio.pdf.weasy import boxes, element_of, element_tag, line_boxes, page_box, patches, text_of

WORDS = (
    "Internationalisation characteristically discombobulates extraordinarily unsophisticated telecommunications "
    "administrations notwithstanding interoperability requirements, notwithstanding counterintuitive "
    "implementations of documentation standardisation and the microeconomic considerations of "
    "intergovernmental representatives. "
)
HTML = f"""<!doctype html><html lang="en"><head><style>
@page {{ size: 60mm 45mm; margin: 6mm; }}
body {{ font: 10pt/1.25 serif; }}
p {{ width: 24mm; hyphens: auto; text-align: justify; orphans: 1; widows: 1; }}
</style></head><body>
<p id="one">{WORDS * 3}</p>
<p id="two">{WORDS * 2}</p>
</body></html>"""


def lines_by_paragraph(document) -> dict[str, list[str]]:
    """Each paragraph's lines, page after page, joined over its page breaks."""
    found: dict[str, list[str]] = {}
    for page in document.pages:
        for box in boxes(page_box(page)):
            element = element_of(box)
            if element_tag(box) == "p" and element is not None and line_boxes(box):
                found.setdefault(element.get("id"), []).extend(text_of(line).rstrip() for line in line_boxes(box))
    return found


def longest_run(lines: list[str]) -> int:
    found, run = 0, 0
    for text in lines:
        run = run + 1 if text.endswith(AUTO_HYPHEN) else 0
        found = max(found, run)
    return found


def plain_weasyprint_lines() -> dict[str, list[str]]:
    """The same HTML laid out by WeasyPrint unchanged, in a fresh interpreter (importing folio changes nothing in WeasyPrint)."""
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); from weasyprint import HTML;"
        "from test_hyphen_limit import lines_by_paragraph;"
        "print(json.dumps(lines_by_paragraph(HTML(string=sys.stdin.read()).render())))"
    )
    folder = str(Path(__file__).parent)
    done = subprocess.run([sys.executable, "-c", script, folder], input=HTML, capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def test_plain_weasyprint_sets_runs_of_three_hyphenated_lines_and_more() -> None:
    found = plain_weasyprint_lines()
    assert max(longest_run(lines) for lines in found.values()) > 2, found


def test_the_line_breaker_stops_the_third_hyphen_in_a_row_across_page_breaks() -> None:
    from weasyprint import HTML as Source

    patches.apply()
    document = Source(string=HTML).render()
    assert len(document.pages) > 3, "the paragraphs should run over several pages"
    found = lines_by_paragraph(document)
    assert set(found) == {"one", "two"}
    for lines in found.values():
        assert list(runs(lines)) == [], lines
        assert longest_run(lines) == 2, "the column should still hyphenate two lines in a row where it helps"
    hyphenated = sum(text.endswith(AUTO_HYPHEN) for lines in found.values() for text in lines)
    assert hyphenated > len(sum(found.values(), [])) / 4
