#!/usr/bin/env python3
"""What a longer report costs per page: folio's PDF stage against bare WeasyPrint, at 1×, 4× and 8×.

    .venv/bin/python benchmarks/growth.py                  # 1×, 4×, 8×, two passes each
    .venv/bin/python benchmarks/growth.py --write          # also write the section in docs/benchmarks.md
    .venv/bin/python benchmarks/growth.py --code DIR       # measure another checkout's folio

For each scale it writes a synthetic report folder (``benchmarks/synth.py``)
and its final screen HTML, then runs ``benchmarks/stage.py folio`` (the build's
PDF job: layouts, checks, page map, painting, post-processing) and
``benchmarks/stage.py bare`` (WeasyPrint alone on the same HTML) in fresh
processes, alternating which goes first from pass to pass, so both see the
same load.  It keeps CPU seconds and each process's peak resident memory,
not wall time: on a shared machine only those two say what the work costs.
Of the passes, the least CPU and the least peak are kept.

Two ratios answer whether cost grows with length: CPU seconds per page at the
largest scale over the smallest (1.00 is flat), for folio and for bare
WeasyPrint; and folio's peak memory over bare WeasyPrint's at every scale.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
sys.path.insert(0, str(HERE))

from run import write_doc  # noqa: E402
from synth import make_report  # noqa: E402

MEMORY_TARGET = 1.2
"""folio's peak memory at most this many times bare WeasyPrint's on the same HTML."""
FLATNESS_TARGET = 1.05
"""folio's CPU per page at the largest scale at most this many times its CPU per page at the smallest."""
BEGIN, END = "<!-- growth: begin (benchmarks/growth.py --write) -->", "<!-- growth: end -->"


@dataclass
class Run:
    cpu: float
    peak_mb: float
    pages: int
    layouts: int


def stage(mode: str, code: Path, report: Path, html: Path, pdf: Path) -> Run | None:
    """One fresh process of ``benchmarks/stage.py`` (from ``code``), as it measures itself (``html`` writes the HTML)."""
    command = ["nice", "-n", "10", sys.executable, str(code / "benchmarks" / "stage.py"), mode, str(report), str(html), str(pdf)]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=code)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    if mode == "html":
        return None
    found = json.loads(done.stdout.strip().splitlines()[-1])
    return Run(cpu=found["cpu"], peak_mb=found["peak_mb"], pages=found["pages"], layouts=found["layouts"])


def measure(scale: int, code: Path, work: Path, passes: int) -> dict[str, Run]:
    """The least CPU and the least peak of ``passes`` alternating runs of each mode."""
    report = make_report(scale, work / f"report-{scale}x")
    html = work / f"final-{scale}x.html"
    stage("html", code, report, html, work / "unused.pdf")
    runs: dict[str, list[Run]] = {"folio": [], "bare": []}
    for number in range(passes):
        for mode in ("folio", "bare") if number % 2 == 0 else ("bare", "folio"):
            found = stage(mode, code, report, html, work / f"{mode}-{scale}x.pdf")
            assert found is not None
            runs[mode].append(found)
            print(f"  {scale}× {mode}: {runs[mode][-1]}", file=sys.stderr, flush=True)
    return {
        mode: Run(
            cpu=min(r.cpu for r in found),
            peak_mb=min(r.peak_mb for r in found),
            pages=found[0].pages,
            layouts=found[0].layouts,
        )
        for mode, found in runs.items()
    }


def table(results: dict[int, dict[str, Run]]) -> str:
    rows = [
        "| scale | pages | layouts (folio) | CPU s folio | CPU s bare | s/page folio | s/page bare | CPU ratio "
        "| peak MB folio | peak MB bare | memory ratio |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for scale, runs in results.items():
        folio, bare = runs["folio"], runs["bare"]
        rows.append(
            f"| {scale}× | {folio.pages} | {folio.layouts} | {folio.cpu:.1f} | {bare.cpu:.1f} | {folio.cpu / folio.pages:.3f} "
            f"| {bare.cpu / bare.pages:.3f} | {folio.cpu / bare.cpu:.2f} | {folio.peak_mb:.0f} | {bare.peak_mb:.0f} "
            f"| {folio.peak_mb / bare.peak_mb:.2f} |"
        )
    return "\n".join(rows)


def verdicts(results: dict[int, dict[str, Run]]) -> str:
    first, last = min(results), max(results)

    def per_page(scale: int, mode: str) -> float:
        run = results[scale][mode]
        return run.cpu / run.pages

    folio_growth = per_page(last, "folio") / per_page(first, "folio")
    bare_growth = per_page(last, "bare") / per_page(first, "bare")
    worst = max(runs["folio"].peak_mb / runs["bare"].peak_mb for runs in results.values())
    flat = folio_growth <= max(FLATNESS_TARGET, bare_growth * FLATNESS_TARGET)
    return "\n".join(
        [
            f"- CPU per page, {last}× over {first}×: folio {folio_growth:.2f}, bare WeasyPrint {bare_growth:.2f} "
            f"(target: folio as flat as WeasyPrint, within {FLATNESS_TARGET:.2f}×): {'met' if flat else 'not met'}",
            f"- peak memory, folio over bare WeasyPrint, worst scale: {worst:.2f} "
            f"(target: at most {MEMORY_TARGET}): {'met' if worst <= MEMORY_TARGET else 'not met'}",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,4,8", help="comma-separated scales (default 1,4,8)")
    parser.add_argument("--passes", type=int, default=2, help="alternating runs of each mode per scale (default 2)")
    parser.add_argument("--code", type=Path, default=REPOSITORY, help="the checkout whose folio is measured (default this one)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/folio-growth"), help="scratch folder")
    parser.add_argument("--write", action="store_true", help="write the table into docs/benchmarks.md")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    results = {scale: measure(scale, args.code.resolve(), args.work, args.passes) for scale in map(int, args.scales.split(","))}
    after = os.getloadavg()
    command = "benchmarks/growth.py" + (f" --scales {args.scales}" if args.scales != "1,4,8" else "") + f" --passes {args.passes}"
    text = "\n\n".join(
        [
            table(results),
            verdicts(results),
            f"Measured {datetime.date.today().isoformat()} with `.venv/bin/python {command}`, CPU seconds and peak resident "
            f"memory of each fresh process (the import of WeasyPrint included), the least of {args.passes} alternating passes; "
            f"load average {load[0]:.1f} at the start, {after[0]:.1f} at the end, on {os.cpu_count()} cores.",
        ]
    )
    print(text)
    if args.write:
        write_doc(text, BEGIN, END)


if __name__ == "__main__":
    main()
