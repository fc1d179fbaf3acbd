#!/usr/bin/env python3
"""The PDF by parts (``--jobs``), the PDF stage against bare WeasyPrint, and folio against its peers: one run.

    .venv/bin/python benchmarks/parts.py            # 16x this report (about 10 minutes on 2 cores)
    .venv/bin/python benchmarks/parts.py --scale 4  # a quicker run
    .venv/bin/python benchmarks/parts.py --write    # and replace the tables in docs/benchmarks.md

One run, each command in a fresh process, in this order.  A first PDF build
fills pandoc's cache; every build after it finds pandoc's results there, so
what is compared is the PDF's own work.  Then: the PDF stage and bare
WeasyPrint on the same final HTML (``benchmarks/stage.py``); the PDF with
``--jobs 1`` and with ``--jobs 2`` (no part laid out yet, no page counts
known: a first build); ``--jobs 2`` again with nothing changed (every part
from the cache, the join only); after a one-word edit to one chapter (its page
count unchanged) and after a paragraph added to it (``synth.edit_one_chapter``;
the parts after it may move), with ``--jobs 2`` and ``--jobs 1``; then the
peers on the same content (``benchmarks/peers.py``: folio's PDF + EPUB,
Vivliostyle, Typst, bare WeasyPrint).  For each: wall seconds, CPU seconds of
the whole process tree and its peak memory, with the load average beside them
(the machine is shared: ratios of one run, side by side, are what counts).
The per-part CPU times of the ``--jobs 2`` build then give the time a pool of
1, 2, 4 and 8 processes would take on idle cores (the layouts list-scheduled,
the rest of the build's CPU time once), against the 1-job build's.
"""

from __future__ import annotations

import argparse
import datetime
import os
import pickle
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from peers import measure_peers  # noqa: E402
from peers import table as peers_table  # noqa: E402
from run import LAYOUTS, PYTHON, REPOSITORY, Measure, run_once, stage, write_doc  # noqa: E402
from run import run as run_command  # noqa: E402
from support.pdf_compare import differences  # noqa: E402
from synth import edit_one_chapter, make_report  # noqa: E402

BEGIN, END = "<!-- parts: begin -->", "<!-- parts: end -->"


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


def stages(report: Path, work: Path, env: dict[str, str]) -> dict[str, Measure]:
    """The PDF stage and bare WeasyPrint on the same final HTML (``run.stage``), fresh processes, bare first."""
    html = work / "final.html"
    run_command([PYTHON, str(HERE / "stage.py"), "html", str(report), str(html)], env)
    return {mode: stage(mode, report, html, work / f"stage-{mode}.pdf", env) for mode in ("bare", "folio")}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=int, default=16)
    parser.add_argument("--work", type=Path, default=Path("/tmp/folio-parts-bench"))
    parser.add_argument("--no-peers", action="store_true", help="leave the peers out")
    parser.add_argument("--write", action="store_true", help="replace the tables in docs/benchmarks.md")
    args = parser.parse_args()
    work = args.work
    shutil.rmtree(work, ignore_errors=True)
    report = make_report(args.scale, work / "report")
    started, load_start = datetime.datetime.now(datetime.UTC), load()
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

    cold = step(
        "PDF, --jobs 1, from scratch (pandoc's cache empty too)", "warm", "cache-one", 1
    )  # pandoc's results, for every build after it
    shutil.copytree(work / "cache-one", work / "cache-two")
    timed = stages(report, work, {**os.environ, "FOLIO_CACHE": str(work / "cache-one")})
    one = step("PDF, --jobs 1", "one", "cache-one", 1)
    two = step("PDF, --jobs 2, no part laid out yet", "two", "cache-two", 2)
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
    peers = [] if args.no_peers else measure_peers(report, work, 1)
    pages = re.search(r"(\d+) pages", one.stderr)
    out = [
        f"{args.scale}× this report, {pages.group(1) if pages else '?'} pages. The `--jobs 2` and `--jobs 1` PDFs after the last edit: "
        f"{'differ: ' + '; '.join(found) if found else 'no difference'} (page count, each page's text and picture, outline, labels, names, "
        "links, structure tree).",
        "",
        "| build | wall s | CPU s | peak MB | load (1/5/15 min) before |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    out += [f"| {name} | {m.seconds:.1f} | {m.cpu:.1f} | {m.peak_mb:.0f} | {before} |" for name, m, before in rows]
    bare, folio = timed["bare"], timed["folio"]
    out += [
        "",
        f"PDF stage on the same final HTML: folio {folio.cpu:.1f} CPU s ({LAYOUTS['folio']} layout), "
        f"bare WeasyPrint {bare.cpu:.1f} CPU s; peak {folio.peak_mb:.0f} and {bare.peak_mb:.0f} MB.",
    ]
    if peers:
        out += [
            "",
            "The peers on the same content (the report's chapters and stories; one pass, warm pandoc cache):",
            "",
            peers_table(peers),
        ]
    by_name = {row.name: row for row in peers}
    full, viv, typst = (by_name.get(n) for n in ("folio: PDF + EPUB", "Vivliostyle (pandoc HTML)", "Typst (pandoc -t typst)"))
    peak = max(m.peak_mb for name, m, _ in rows if "--jobs 2" in name)  # the pool's; a cold build's peak is pandoc's
    ratios = [
        ("full PDF, 2 jobs / 1 job, wall", f"{two.seconds / one.seconds:.2f}×", "≤ 0.6×", two.seconds / one.seconds <= 0.6),
        ("the same, CPU", f"{two.cpu / one.cpu:.2f}×", "", None),
        (
            "one word edited → PDF, 2 jobs / full 1-job build, wall",
            f"{word_edit.seconds / one.seconds:.2f}×",
            "≤ 0.15×",
            word_edit.seconds / one.seconds <= 0.15,
        ),
        (
            "one paragraph added → PDF, 2 jobs / full 1-job build, wall",
            f"{paragraph.seconds / one.seconds:.2f}×",
            "≤ 0.15×",
            paragraph.seconds / one.seconds <= 0.15,
        ),
        ("one word edited → PDF, 2 jobs / a 1-job build from scratch, wall", f"{word_edit.seconds / cold.seconds:.2f}×", "", None),
        ("one word edited, 2 jobs / the 1-job rebuild after the same edit", f"{word_edit.seconds / one_word.seconds:.2f}×", "", None),
        ("one paragraph added, 2 jobs / the 1-job rebuild", f"{paragraph.seconds / one_paragraph.seconds:.2f}×", "", None),
        ("nothing changed (join only), 2 jobs / full 1-job build", f"{same.seconds / one.seconds:.2f}×", "", None),
        ("PDF stage / bare WeasyPrint, CPU", f"{folio.cpu / bare.cpu:.2f}×", "≤ 1.15×", folio.cpu / bare.cpu <= 1.15),
        ("peak memory with the pool running", f"{peak:.0f} MB", "< 1500 MB", peak < 1500),
    ]
    if full and viv and full.measure and viv.measure:
        ratio = full.measure.seconds / viv.measure.seconds
        ratios.append(("folio PDF + EPUB / Vivliostyle PDF alone, wall", f"{ratio:.2f}×", "< 1×", ratio < 1))
    if full and typst and full.measure and typst.measure and typst.pages and full.pages:
        ratio = (full.pages / full.measure.seconds) / (typst.pages / typst.measure.seconds)
        ratios.append(("folio PDF + EPUB pages/s / Typst pages/s", f"{ratio:.2f}×", "(for information)", None))
    out += ["", "| ratio (this run) | measured | target | met |", "| --- | ---: | ---: | --- |"]
    out += [f"| {name} | {value} | {target} | {'' if met is None else 'yes' if met else '**no**'} |" for name, value, target, met in ratios]
    if seconds:
        # On idle cores: the CPU time outside the parts' layouts runs once, the layouts on N processes.
        serial = max(0.0, two.cpu - sum(seconds))
        out += [
            "",
            f"Parts: {len(seconds)} layouts, {sum(seconds):.1f} CPU s in all, the longest {max(seconds):.1f} s; "
            "the rest of the 2-job build "
            f"(reading, pandoc's cache, parsing, joining, finishing) {serial:.1f} CPU s. "
            "On idle cores (the layouts list-scheduled, the rest once), "
            f"against the 1-job build's {one.cpu:.1f} CPU s:",
            "",
        ]
        for workers in (1, 2, 4, 8):
            estimate = simulated(seconds, workers, serial)
            out.append(f"- {workers} processes: {estimate:.1f} s, {estimate / one.cpu:.2f}×")
    finished = load()
    out += [
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC with "
        f"`.venv/bin/python benchmarks/parts.py --scale {args.scale}` on {os.cpu_count()} cores; "
        f"load average {load_start} at the start, {finished} at the end.",
    ]
    text = "\n".join(out)
    print(text)
    if args.write:
        write_doc(text, BEGIN, END)


if __name__ == "__main__":
    main()
