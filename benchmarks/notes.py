#!/usr/bin/env python3
"""What footnotes cost: the screen PDF of a report with 500 to 10,000 notes, seconds against notes and pages.

    .venv/bin/python benchmarks/notes.py                          # 500, 1,000, 2,000, 5,000, 10,000 notes
    .venv/bin/python benchmarks/notes.py --counts 500,2000        # some counts only
    .venv/bin/python benchmarks/notes.py --against DIR            # also another checkout's folio, side by side
    .venv/bin/python benchmarks/notes.py --code DIR               # measure a copy of folio, not this checkout
    .venv/bin/python benchmarks/notes.py --write                  # also write the table into docs/benchmarks.md

For each count it writes a report folder (:func:`notes_report`: chapters of
at most 500 notes, each paragraph calling one note, the notes from one line to
five) and builds its screen PDF with ``build.py pdf --jobs 1`` in a fresh
process, with pandoc's cache warmed by a ``check`` first so the time is the
PDF's.  It keeps wall and CPU seconds (of the whole process tree), pages,
and the CPU seconds per page: a layout whose cost grows with the notes'
square shows as seconds per page rising with the count; one in proportion
to its pages keeps them flat.  On a shared machine the CPU time is the
measure; the wall time says as much about the load.
A run that passes ``--limit`` seconds is stopped and shown as such.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
sys.path.insert(0, str(HERE))

from run import write_doc  # noqa: E402

COUNTS = (500, 1_000, 2_000, 5_000, 10_000)
PER_CHAPTER = 500
WORDS = (
    "trade data port market cloud ledger parcel tariff invoice harbour signal network customs payment "
    "courier broadband supplier warehouse platform exporter"
).split()
BEGIN, END = "<!-- notes: begin (benchmarks/notes.py --write) -->", "<!-- notes: end -->"


def notes_report(folder: Path, count: int, seed: int = 7) -> Path:
    """A report folder with ``count`` notes, one called in each paragraph, in chapters of at most :data:`PER_CHAPTER`."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "chapters").mkdir(parents=True)

    def sentence(low: int, high: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high))).capitalize() + "."

    contents = []
    chapter = 0
    for first in range(0, count, PER_CHAPTER):
        chapter += 1
        paragraphs, notes = [], []
        for number in range(first + 1, min(count, first + PER_CHAPTER) + 1):
            paragraphs.append(" ".join(sentence(6, 14) for _ in range(rng.randint(1, 3))) + f"[^n{number}] " + sentence(4, 10))
            notes.append(f"[^n{number}]: " + " ".join(sentence(4, 12) for _ in range(rng.randint(1, 4))))
        body = "\n\n".join(paragraphs) + "\n\n" + "\n".join(notes)
        (folder / "chapters" / f"part-{chapter:02d}.md").write_text(
            f"---\ntitle: Part {chapter}\n---\n\n## Notes from {first + 1}\n\n{body}\n", encoding="utf-8"
        )
        contents.append(f"  - chapter: chapters/part-{chapter:02d}.md")
    (folder / "report.yaml").write_text(
        f"title: {count} notes\nslug: notes-{count}\nlanguage: en\npublisher: Benchmarks\ndate: 2021-01-02\n"
        f"identifier: urn:uuid:12345678-1234-5678-1234-{count:012d}\ncontents:\n" + "\n".join(contents) + "\n",
        encoding="utf-8",
    )
    return folder


@dataclass
class Measure:
    seconds: float | None
    """Wall seconds; ``None`` when the run passed the limit."""
    cpu: float
    pages: int = 0

    def per_page(self) -> str:
        return f"{self.seconds / self.pages:.3f}" if self.seconds is not None and self.pages else "–"

    def shown(self, limit: float) -> str:
        return f"{self.seconds:.1f}" if self.seconds is not None else f"> {limit:.0f} (stopped)"


def build(code: Path, report: Path, env: dict[str, str], limit: float) -> Measure:
    """``build.py pdf --jobs 1`` of ``code`` on ``report``, timed in a fresh process; stopped past ``limit`` seconds."""
    out = report / "dist"
    shutil.rmtree(out, ignore_errors=True)
    python = sys.executable
    subprocess.run([python, str(code / "build.py"), "check", "--source", str(report), "-q"], env=env, check=True, cwd=code)
    before = os.times()
    start = time.perf_counter()
    command = [python, str(code / "build.py"), "pdf", "--source", str(report), "--out", str(out), "--jobs", "1", "-q"]
    process = subprocess.Popen(command, env=env, cwd=code, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
        process.communicate()
        after = os.times()
        return Measure(None, after.children_user + after.children_system - before.children_user - before.children_system)
    seconds = time.perf_counter() - start
    after = os.times()
    cpu = after.children_user + after.children_system - before.children_user - before.children_system
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{stderr[-3000:]}")
    return Measure(seconds, cpu, pages(out / f"notes-{report.name.split('-')[-1]}.pdf"))


def pages(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)


def table(counts: list[int], runs: dict[str, dict[int, Measure]], limit: float) -> str:
    """Notes, pages, then for each folio measured: wall seconds, CPU seconds and CPU seconds per page."""
    names = list(runs)
    head = "| notes | pages | " + " | ".join(f"wall s {name} | CPU s {name} | CPU s/page {name}" for name in names) + " |"
    rule = "|--:|--:|" + "--:|--:|--:|" * len(names)
    rows = []
    for count in counts:
        page_count = max(runs[name][count].pages for name in names)
        cells = []
        for name in names:
            measure = runs[name][count]
            done = measure.seconds is not None and measure.pages
            cpu = f"{measure.cpu:.1f}" if done else "–"
            per_page = f"{measure.cpu / measure.pages:.3f}" if done else "–"
            cells.append(f"{measure.shown(limit)} | {cpu} | {per_page}")
        rows.append(f"| {count:,} | {page_count:,} | {' | '.join(cells)} |")
    return "\n".join([head, rule, *rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", default=",".join(map(str, COUNTS)), help="comma-separated note counts")
    parser.add_argument("--code", type=Path, default=REPOSITORY, help="the folio checkout measured (default: this one)")
    parser.add_argument("--against", type=Path, default=None, help="another checkout of folio (its own build.py) to run beside this one")
    parser.add_argument("--against-name", default="before", help="its name in the table")
    parser.add_argument("--limit", type=float, default=600.0, help="seconds after which a build is stopped")
    parser.add_argument("--work", type=Path, default=Path("/tmp/folio-notes-benchmark"), help="scratch folder")
    parser.add_argument("--write", action="store_true", help="write the table into docs/benchmarks.md")
    args = parser.parse_args()
    counts = [int(c) for c in args.counts.split(",")]
    cache = args.work / "cache"
    env = {**os.environ, "FOLIO_CACHE": str(cache)}
    codes = {"folio": args.code.resolve()}
    if args.against is not None:
        codes = {args.against_name: args.against.resolve(), **codes}
    load = os.getloadavg()[0]
    runs: dict[str, dict[int, Measure]] = {name: {} for name in codes}
    for count in counts:
        report = notes_report(args.work / f"notes-{count}", count)
        for name, code in codes.items():
            measure = build(code, report, env, args.limit)
            runs[name][count] = measure
            print(f"{count:>6} notes  {name:<8} {measure.shown(args.limit):>16} s  {measure.pages:>5} pages  "
                  f"{measure.per_page():>6} s/page  CPU {measure.cpu:.1f} s", flush=True)  # fmt: skip
    text = table(counts, runs, args.limit)
    print(text)
    if args.write:
        against = f" --against {args.against} --against-name {args.against_name}" if args.against else ""
        text += (
            f"\n\nMeasured {datetime.date.today().isoformat()} with `.venv/bin/python benchmarks/notes.py{against}`: "
            f"`build.py pdf --jobs 1` in a fresh process, pandoc's cache warm; wall seconds, one run each, side by side; "
            f"load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end, on {os.cpu_count()} cores."
        )
        write_doc(text, BEGIN, END)


if __name__ == "__main__":
    main()
