"""The PDF laid out by parts (the default; ``--jobs 1`` and ``--jobs 2``) against the single layout (``--whole``), the reference.

Both are built by the real CLI and read back: page count, each page's text,
outline, page labels, named destinations, links (rectangles, target pages and
descriptions), the structure tree, page boxes and outloud's findings must be
the same.  A fresh cache for each parallel build means the first layout of
each part starts from an estimate of where it begins, so the relayout of
parts whose guess was wrong is exercised too.
"""

from __future__ import annotations

import os
import pickle
import re
import sys
from pathlib import Path

import pikepdf
import pytest
from conftest import REPORTS, ROOT, copy_report, copy_report_with_print_rule, run_build
from support.pdf_compare import differences, outloud, page_texts, read

sys.path.insert(0, str(ROOT))
from benchmarks.synth import make_report  # noqa: E402

SOURCES = {
    "minimal": REPORTS / "minimal",
    "letter-scripts": REPORTS / "letter-scripts",
    "structure": REPORTS / "structure",  # crossref: {page: true}
    "main": ROOT,
}


def build_pdf(source: Path, out: Path, edition: str, jobs: int | None, cache: Path) -> Path:
    """The PDF by parts in ``jobs`` processes; ``None``: laid out whole (``--whole``)."""
    how = ["--whole"] if jobs is None else ["--jobs", str(jobs)]
    done = run_build("pdf", "--source", source, "--out", out, "--edition", edition, *how, "-q", env={"FOLIO_CACHE": str(cache)})
    assert done.code == 0, done.stderr
    (pdf,) = out.glob("*.pdf")
    return pdf


def font_programs(pdf: Path) -> dict[str, int]:
    """How many font programs the PDF embeds for each font."""
    found: dict[str, set] = {}
    with pikepdf.open(pdf) as document:
        for thing in document.objects:
            if isinstance(thing, pikepdf.Dictionary) and thing.get("/Type") == "/FontDescriptor":
                program = next((thing[key] for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in thing), None)
                if program is not None:
                    found.setdefault(str(thing.FontName), set()).add(program.objgen)
    return {name: len(programs) for name, programs in found.items()}


def store(cache: Path) -> set[str]:
    """The laid-out parts kept in the cache."""
    return {path.name for path in (cache / "parts").glob("*.pdf")}


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("edition", ["screen", "print"])
@pytest.mark.parametrize("name", list(SOURCES))
def test_the_parts_joined_read_as_the_single_layout(name: str, edition: str, jobs: int, tmp_path: Path) -> None:
    single = build_pdf(SOURCES[name], tmp_path / "one", edition, None, tmp_path / "cache-one")
    joined = build_pdf(SOURCES[name], tmp_path / "two", edition, jobs, tmp_path / "cache-two")
    assert differences(single, joined) == []
    assert outloud(single) == outloud(joined)
    assert store(tmp_path / "cache-two"), "the parallel build laid out no parts"
    assert font_programs(joined) == font_programs(single), "each font is embedded once, as in one layout"
    assert joined.stat().st_size < 1.25 * single.stat().st_size, (joined.stat().st_size, single.stat().st_size)


@pytest.mark.slow
def test_the_contents_numbers_lead_to_the_pages_the_parts_begin_on(tmp_path: Path) -> None:
    joined = build_pdf(ROOT, tmp_path / "two", "print", 2, tmp_path / "cache")
    texts = page_texts(joined)
    front = next(first for first, style, _ in read(joined)["labels"] if style == "/D")
    contents = next(text for text in texts if text.lstrip().startswith("Contents"))
    entries = re.findall(r"^\s*(?:\d+\s+)?(\w+).*?\.{3,}\s*(\d+)\s*$", contents, re.MULTILINE)
    assert len(entries) >= 5
    for word, number in entries:
        assert word.casefold() in texts[front + int(number) - 1].casefold(), f"{word} is not on the page labelled {number}"


@pytest.mark.slow
@pytest.mark.parametrize("jobs", [1, 2])
def test_an_edit_to_one_chapter_lays_out_that_part_only(jobs: int, tmp_path: Path) -> None:
    report = copy_report("letter-scripts", tmp_path)
    cache = tmp_path / "cache"
    build_pdf(report, tmp_path / "first", "screen", jobs, cache)
    before = store(cache)
    chapter = sorted((report / "chapters").glob("*.md"))[0]
    text = chapter.read_text(encoding="utf-8")
    word = re.search(r"\b[a-z]{5,}\b", text.split("\n---", 2)[-1]).group(0)
    chapter.write_text(text.replace(word, word.capitalize(), 1), encoding="utf-8")
    again = build_pdf(report, tmp_path / "second", "screen", jobs, cache)
    assert len(store(cache) - before) == 1
    assert len(store(cache)) == len(before), "the edited part's old layout is dropped from the cache"
    single = build_pdf(report, tmp_path / "single", "screen", None, tmp_path / "cache-one")
    assert differences(single, again) == []


@pytest.mark.slow
@pytest.mark.parametrize("edition", ["screen"])
def test_a_report_four_times_the_size_reads_the_same(edition: str, tmp_path: Path) -> None:
    report = make_report(4, tmp_path / "synth")
    single = build_pdf(report, tmp_path / "one", edition, None, tmp_path / "cache-one")
    joined = build_pdf(report, tmp_path / "two", edition, 2, tmp_path / "cache-two")
    assert differences(single, joined) == []
    assert outloud(single) == outloud(joined)


@pytest.mark.slow
def test_the_cache_keeps_only_the_parts_the_pdf_was_joined_from(tmp_path: Path) -> None:
    # A first build lays parts out from guessed starts, then again from the right ones: only the last are kept,
    # so the kept parts' pages add up to the PDF's (the screen edition has no blank versos between parts).
    pdf = build_pdf(copy_report("letter-scripts", tmp_path), tmp_path / "out", "screen", 2, tmp_path / "cache")
    kept = [pickle.loads(path.read_bytes()) for path in (tmp_path / "cache" / "parts").glob("*.pickle")]
    assert len(kept) == len(store(tmp_path / "cache")) >= 2
    assert sum(laid.pages for laid in kept) == len(pikepdf.open(pdf).pages)


@pytest.mark.slow
def test_a_note_set_away_from_its_call_stops_the_parts_at_the_same_line(tmp_path: Path) -> None:
    # A note taller than a page cannot sit under its call: WeasyPrint carries it to the next page.
    folder = copy_report_with_print_rule("letter-scripts", tmp_path, "#vietnamese .footnote { padding-top: 300mm; }")
    errors = []
    for number, how in enumerate((["--whole"], ["--jobs", "1"], ["--jobs", "2"])):
        done = run_build("pdf", "--source", folder, "--out", tmp_path / f"out-{number}", *how, "-q")
        assert done.code == 1, done.stderr
        errors.append([line for line in done.stderr.splitlines() if "away from its call" in line])
    assert errors[0], errors
    assert errors[1] == errors[0] == errors[2]
    assert not any((tmp_path / "out-1").glob("*.pdf")) and not any((tmp_path / "out-2").glob("*.pdf"))


def test_jobs_default_to_the_cores_but_one(tmp_path: Path) -> None:
    from folio.cli import parse_request

    request = parse_request(["pdf", "--source", str(REPORTS / "minimal"), "--out", str(tmp_path)], ROOT)
    assert request.jobs == max(1, len(os.sched_getaffinity(0)) - 1)
    assert parse_request(["pdf", "--source", str(REPORTS / "minimal"), "--out", str(tmp_path), "--jobs", "1"], ROOT).jobs == 1


def test_jobs_must_be_one_or_more(tmp_path: Path) -> None:
    done = run_build("pdf", "--source", REPORTS / "minimal", "--out", tmp_path, "--jobs", "0")
    assert done.code == 2
    assert "--jobs 0" in done.stderr
