#!/usr/bin/env python3
"""The PDF laid out by parts (``--jobs``) against the single layout, on a synthetic report.

    .venv/bin/python benchmarks/parts.py            # 16x this report (about 15 minutes on 2 loaded cores)
    .venv/bin/python benchmarks/parts.py --scale 4  # a quicker run

One run, each command in a fresh process, in this order: the PDF with
``--jobs 1`` and with ``--jobs 2``, both from an empty cache; ``--jobs 2``
again with nothing changed (every part from the cache, the join only); after
a one-word edit to one chapter (its page count unchanged); after a paragraph
added to it (``synth.edit_one_chapter``; the parts after it may move); and
``--jobs 1`` after the same edits.  For each: wall seconds, CPU seconds of the
whole process tree and its peak memory, with the load average beside them
(the machine is shared: ratios of one run, side by side, are what counts).
The per-part CPU times of the ``--jobs 2`` build then give the time a pool of
1, 2, 4 and 8 processes would take on idle cores (the layouts list-scheduled,
the rest of the build's CPU time once), against the 1-job build's CPU time.
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from pdf_compare import differences  # noqa: E402
from run import PYTHON, REPOSITORY, Measure, run_once  # noqa: E402
from synth import edit_one_chapter, make_report  # noqa: E402


def build(report: Path, out: Path, cache: Path, jobs: int) -> Measure:
    env = {**os.environ, "FOLIO_CACHE": str(cache)}
    command = [PYTHON, str(REPOSITORY / "build.py"), "pdf", "--source", str(report), "--out", str(out), "--jobs", str(jobs), "-v"]
    return run_once(command, env, REPOSITORY)


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def part_seconds(cache: Path) -> list[float]:
    """CPU seconds of each part's last layout kept in the cache, in the order the parts were stored."""
    found = []
    for path in sorted((cache / "parts").glob("*.pickle"), key=lambda p: p.stat().st_mtime):
        laid = pickle.loads(path.read_bytes())
        found.append(laid.extra.get("cpu seconds", 0.0))
    return found


def simulated(seconds: list[float], workers: int, serial: float) -> float:
    """Wall time of the parts on ``workers`` processes, longest first, plus the serial rest."""
    ends = [0.0] * workers
    for length in sorted(seconds, reverse=True):
        ends[ends.index(min(ends))] += length
    return max(ends) + serial


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=16)
    parser.add_argument("--work", type=Path, default=Path("/tmp/folio-parts-bench"))
    args = parser.parse_args()
    work = args.work
    shutil.rmtree(work, ignore_errors=True)  # empty caches: the first two builds start from nothing
    report = make_report(args.scale, work / "report")
    rows: list[tuple[str, Measure, str]] = []

    def step(name: str, out: str, cache: str, jobs: int) -> Measure:
        before = load()
        measure = build(report, work / out, work / cache, jobs)
        rows.append((name, measure, before))
        pages = re.search(r"(\d+) pages", measure.stderr)
        print(
            f"{name}: {measure.seconds:.1f} s wall, {measure.cpu:.1f} s CPU, {measure.peak_mb:.0f} MB, load {before}, "
            f"{pages.group(1) if pages else '?'} pages",
            file=sys.stderr,
            flush=True,
        )
        return measure

    one = step("PDF, --jobs 1, empty cache", "one", "cache-one", 1)
    two = step("PDF, --jobs 2, empty cache", "two", "cache-two", 2)
    seconds = part_seconds(work / "cache-two")
    same = step("PDF, --jobs 2, nothing changed", "two-again", "cache-two", 2)
    chapter = sorted((report / "chapters").glob("*.md"))[1]
    text = chapter.read_text(encoding="utf-8")
    word = re.search(r"\b[a-z]{6,}\b", text.split("\n---", 2)[-1]).group(0)
    chapter.write_text(text.replace(word, word.capitalize(), 1), encoding="utf-8")
    word_edit = step("PDF, --jobs 2, one word edited", "two-word", "cache-two", 2)
    one_word = step("PDF, --jobs 1, one word edited", "one-word", "cache-one", 1)
    edit_one_chapter(report)
    paragraph = step("PDF, --jobs 2, one paragraph added", "two-paragraph", "cache-two", 2)
    one_paragraph = step("PDF, --jobs 1, one paragraph added", "one-paragraph", "cache-one", 1)
    (a,) = (work / "one-paragraph").glob("*.pdf")
    (b,) = (work / "two-paragraph").glob("*.pdf")
    found = differences(a, b)
    pages = re.search(r"(\d+) pages", one.stderr)
    print(f"\n{args.scale}x report, {pages.group(1) if pages else '?'} pages; --jobs 2 vs --jobs 1 differences: {found or 'none'}\n")
    print("| build | wall s | CPU s | peak MB | load (1/5/15 min) before |")
    print("| --- | ---: | ---: | ---: | --- |")
    for name, measure, before in rows:
        print(f"| {name} | {measure.seconds:.1f} | {measure.cpu:.1f} | {measure.peak_mb:.0f} | {before} |")
    print()
    print(f"* 2 jobs / 1 job, full PDF from an empty cache: {two.seconds / one.seconds:.2f}x wall, {two.cpu / one.cpu:.2f}x CPU")
    print(
        f"* one word edited, 2 jobs / full 1-job build: {word_edit.seconds / one.seconds:.2f}x wall "
        f"({word_edit.seconds / one_word.seconds:.2f}x the 1-job rebuild after the same edit)"
    )
    print(
        f"* one paragraph added, 2 jobs / full 1-job build: {paragraph.seconds / one.seconds:.2f}x wall "
        f"({paragraph.seconds / one_paragraph.seconds:.2f}x the 1-job rebuild after the same edit)"
    )
    print(f"* nothing changed (join only), 2 jobs / full 1-job build: {same.seconds / one.seconds:.2f}x wall")
    if seconds:
        # On idle cores: the CPU time outside the parts' layouts runs once, the layouts on N processes.
        serial = max(0.0, two.cpu - sum(seconds))
        print(
            f"* parts: {len(seconds)} layouts, {sum(seconds):.1f} CPU s in all, the longest {max(seconds):.1f} s; "
            f"the rest of the 2-job build (reading, pandoc, joining, finishing) {serial:.1f} CPU s"
        )
        for workers in (1, 2, 4, 8):
            estimate = simulated(seconds, workers, serial)
            print(f"  * {workers} processes on idle cores: {estimate:.1f} s, {estimate / one.cpu:.2f}x the 1-job build's CPU seconds")


if __name__ == "__main__":
    main()
