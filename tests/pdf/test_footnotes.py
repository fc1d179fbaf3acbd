"""Footnotes at the page foot: a long note is split rather than leave its page short, and many notes cost what their pages cost.

A report of long notes (fifteen lines and more), each called in the middle of
a paragraph, is built; every note token is in the text (``C07`` the call,
``N07`` the note's first words, ``E07`` its last), read off the finished PDF
page by page.
"""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import run_build

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils reads the PDFs")

WORDS = (
    "trade data port market cloud ledger parcel tariff invoice harbour signal network customs payment courier "
    "broadband supplier warehouse platform exporter"
).split()


def long_notes(folder: Path, count: int = 14, seed: int = 3) -> Path:
    rng = random.Random(seed)

    def sentence(low: int, high: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."

    paragraphs, notes = [], []
    for n in range(count):
        paragraphs += [" ".join(sentence(6, 14) for _ in range(rng.randint(2, 6))) for _ in range(rng.randint(1, 4))]
        paragraphs.append(
            " ".join(sentence(6, 14) for _ in range(3)) + f" Call C{n:02d}.[^l{n}] " + " ".join(sentence(6, 14) for _ in range(3))
        )
        notes.append(f"[^l{n}]: N{n:02d} " + " ".join(sentence(8, 16) for _ in range(rng.randint(10, 16))) + f" E{n:02d}")
    (folder / "chapters").mkdir(parents=True)
    text = "---\ntitle: Long notes\n---\n\n## Notes\n\n" + "\n\n".join(paragraphs) + "\n\n" + "\n\n".join(notes) + "\n"
    (folder / "chapters" / "one.md").write_text(text, encoding="utf-8")
    (folder / "report.yaml").write_text(
        "title: Long notes\nslug: long-notes\nlanguage: en\npublisher: Test\ndate: 2024-01-01\n"
        "identifier: urn:uuid:12345678-1234-5678-1234-000000000042\ncontents:\n  - chapter: chapters/one.md\n",
        encoding="utf-8",
    )
    return folder


def pages_of(pdf: Path) -> list[str]:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")


@pytest.mark.slow
def test_a_long_note_is_split_across_pages_and_its_call_keeps_its_page(tmp_path: Path) -> None:
    import pdfplumber

    source = long_notes(tmp_path / "report")
    out = tmp_path / "out"
    done = run_build("pdf", "--source", source, "--out", out)
    assert done.code == 0, done.stderr
    pdf = out / "long-notes.pdf"
    pages = pages_of(pdf)

    def page(token: str) -> int:
        return next(number for number, text in enumerate(pages) if token in text)

    split = [n for n in range(14) if page(f"N{n:02d}") != page(f"E{n:02d}")]
    assert split, "a long note whose call falls low on its page is split"
    for n in range(14):
        assert page(f"C{n:02d}") == page(f"N{n:02d}"), f"note {n + 1} begins on the page of its call"
        assert page(f"E{n:02d}") - page(f"N{n:02d}") <= 1, f"note {n + 1} ends on the next page at the latest"
    with pdfplumber.open(pdf) as document:
        for n in split:
            where = document.pages[page(f"N{n:02d}")]
            body = [c for c in where.chars if round(c["size"]) == 10 and c["top"] > 80]
            notes = [c for c in where.chars if c["size"] < 9 and c["top"] > 80 and c["top"] > max(b["bottom"] for b in body) - 1]
            gap = min(c["top"] for c in notes) - max(c["bottom"] for c in body)
            assert gap < 30, f"page {page(f'N{n:02d}') + 1} ends {gap:.0f} pt above its notes: no more than the notes' own space"
        following = document.pages[page(f"E{split[0]:02d}")]
        first_note = min((c for c in following.chars if c["size"] < 9), key=lambda c: (round(c["top"]), c["x0"]))
        assert first_note["text"] != "1", "the rest of a split note comes first, without its number again"


def test_notes_waiting_for_their_page_are_found_by_identity_in_a_set() -> None:
    from folio.pdf.weasy.waitlist import Waitlist

    class Box:
        pass

    a, b, c = Box(), Box(), Box()
    waiting = Waitlist([a, b])
    assert a in waiting and b in waiting and c not in waiting and None not in waiting
    waiting.remove(a)
    waiting.append(c)
    assert a not in waiting and c in waiting and list(waiting) == [b, c]
    copied = waiting.copy()
    copied.remove(b)
    assert b in waiting and b not in copied and isinstance(copied, Waitlist)
    waiting += [a]
    waiting.pop(0)
    assert list(waiting) == [c, a] and b not in waiting


@pytest.mark.slow
def test_many_notes_lay_out_with_the_waitlist_and_give_the_same_pages(tmp_path: Path) -> None:
    """WeasyPrint with and without the set lookup: the same pages, the same notes on each."""
    script = """
import sys
from weasyprint import HTML
if sys.argv[1] == "patched":
    from folio.pdf.weasy.waitlist import look_up_waiting_notes
    look_up_waiting_notes()
note = "<span class='n'>Note {} says a little more.</span>"
body = "".join(f"<p>Paragraph {n} calls a note{note.format(n)} and goes on a while longer.</p>" for n in range(400))
css = "@page { size: A6; margin: 10mm } .n { float: footnote }"
document = HTML(string=f"<style>{css}</style>{body}").render()
for page in document.pages:
    held = [getattr(box, "element", None) for box in page._page_box.descendants()]
    print(sorted({element.text for element in held if element is not None and element.get("class") == "n"}))
"""
    import sys

    plain = subprocess.run([sys.executable, "-c", script, "plain"], capture_output=True, text=True, check=True).stdout
    patched = subprocess.run([sys.executable, "-c", script, "patched"], capture_output=True, text=True, check=True).stdout
    assert plain == patched and len(plain.splitlines()) > 20
