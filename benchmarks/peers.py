#!/usr/bin/env python3
"""folio beside its peers: the same report set by Vivliostyle, Typst and bare WeasyPrint.

    .venv/bin/python benchmarks/peers.py                 # 4×, three passes
    .venv/bin/python benchmarks/peers.py --quick         # 1×, one pass: a smoke run
    .venv/bin/python benchmarks/peers.py --write         # also write the table into docs/benchmarks.md

The content is the same for every route: the synthetic report's chapters and
profile stories as one Markdown file, in reading order (``benchmarks/synth.py``),
citations resolved by pandoc's citeproc.  folio builds the report folder itself
(with its contents, key figures, profile pages and running heads); each peer
starts from the Markdown and runs pandoc first, so its time includes pandoc
(the "pandoc → HTML" row is that step alone).  Vivliostyle and WeasyPrint set
pandoc's standalone HTML with one plain stylesheet (folio's fonts, A4,
justified and hyphenated text); Typst sets pandoc's Typst output with folio's
fonts and no others.  Each measure runs in a fresh process; passes alternate
the order; the fastest pass is kept.  A peer that cannot be installed gets a
row saying why.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
sys.path.insert(0, str(HERE))

from peer_routes import CHROMIUM, NODE_FOLDER, prepare  # noqa: E402
from run import CommandFailed, Measure, fastest, run_once, write_doc  # noqa: E402
from synth import make_report  # noqa: E402

PYTHON = sys.executable
ROUTES = str(HERE / "peer_routes.py")
VIVLIOSTYLE = "@vivliostyle/cli@11.3.3"
BEGIN, END = "<!-- peers: begin -->", "<!-- peers: end -->"


@dataclass
class Row:
    name: str
    pages: int = 0
    measure: Measure | None = None
    why_not: str = ""
    """Why the route was not measured (not installed, failed)."""


# -- installing the peers ---------------------------------------------------------------------------


def vivliostyle_missing() -> str:
    """Why Vivliostyle cannot run here ("" when it can); installs it from npm into node_modules/.vivliostyle."""
    return npm_missing(NODE_FOLDER, VIVLIOSTYLE, "vivliostyle")


def npm_missing(folder: Path, package: str, binary: str) -> str:
    """Why an npm peer cannot run here ("" when it can); installs ``package`` into ``folder`` (never a browser)."""
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if (folder / "node_modules" / ".bin" / binary).is_file():
        return ""
    if not shutil.which("npm"):
        return "npm is not installed (apt-get install npm)"
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "package.json").is_file():
        (folder / "package.json").write_text('{"private": true}\n')
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1", "PUPPETEER_SKIP_CHROMIUM_DOWNLOAD": "1", "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", package],
                          cwd=folder, env=env, capture_output=True, text=True, check=False)  # fmt: skip
    return "" if done.returncode == 0 else f"npm install {package} failed: {done.stderr.strip().splitlines()[-1:]}"


def typst_missing() -> str:
    try:
        import typst  # noqa: F401
    except ImportError:
        return "the typst package is not installed (.venv/bin/pip install -e '.[bench]')"
    return ""


# -- measuring ------------------------------------------------------------------------------------


def pages(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as document:
        return len(document.pages)


def measure_peers(report: Path, work: Path, passes: int) -> list[Row]:
    """Every route on ``report``'s content, fastest of ``passes`` alternating passes, one row each."""
    folder = prepare(report, work / "peers")
    env = {**os.environ, "FOLIO_CACHE": str(work / "cache")}
    build = [PYTHON, str(REPOSITORY / "build.py")]
    # OUT is a fresh folder for every folio run, so each is a whole build (with a warm pandoc cache), never a no-op.
    commands: dict[str, tuple[list[str], Path | None]] = {
        "folio: PDF + EPUB": ([*build, "pdf", "epub", "--source", str(report), "--out", "OUT"], None),
        "folio: PDF only": ([*build, "pdf", "--source", str(report), "--out", "OUT"], None),
        "pandoc → HTML (the peers' first step)": ([PYTHON, ROUTES, "pandoc", str(folder)], None),
        "Vivliostyle (pandoc HTML)": ([PYTHON, ROUTES, "vivliostyle", str(folder)], folder / "vivliostyle.pdf"),
        "Typst (pandoc -t typst)": ([PYTHON, ROUTES, "typst", str(folder)], folder / "typst.pdf"),
        "WeasyPrint (pandoc HTML, plain CSS)": ([PYTHON, ROUTES, "weasyprint", str(folder)], folder / "weasyprint.pdf"),
    }
    rows = {name: Row(name) for name in commands}
    rows["Vivliostyle (pandoc HTML)"].why_not = vivliostyle_missing()
    rows["Typst (pandoc -t typst)"].why_not = typst_missing()
    shutil.rmtree(work / "out", ignore_errors=True)
    outs: dict[str, Path] = {}
    fresh = itertools.count()

    def command(name: str) -> list[str]:
        outs[name] = work / "out" / str(next(fresh))
        return [str(outs[name]) if part == "OUT" else part for part in commands[name][0]]

    runs: dict[str, list[Measure]] = {name: [] for name in commands}
    run_once(command("folio: PDF + EPUB"), env, REPOSITORY)  # warms the pandoc cache
    for number in range(passes):
        for name in list(commands) if number % 2 == 0 else list(commands)[::-1]:
            if rows[name].why_not:
                continue
            try:
                runs[name].append(run_once(command(name), env, REPOSITORY))
            except CommandFailed as failure:
                rows[name].why_not = "failed: " + " ".join(failure.args[0].split())[-300:]
                continue
            m = runs[name][-1]
            print(f"  {name:<40} {m.seconds:7.2f} s {m.cpu:7.2f} s CPU {m.peak_mb:6.0f} MB", file=sys.stderr, flush=True)
    for name, row in rows.items():
        if runs[name] and not row.why_not:
            row.measure = fastest(runs[name])
            pdf = commands[name][1] or (next(iter(sorted(outs[name].glob("*.pdf"))), None) if "OUT" in commands[name][0] else None)
            row.pages = pages(pdf) if pdf else 0
    return list(rows.values())


def table(rows: list[Row]) -> str:
    lines = ["| route | pages | wall s | CPU s | peak MB | pages/s | pages per CPU s |", "|---|--:|--:|--:|--:|--:|--:|"]
    for row in rows:
        m = row.measure
        if m is None:
            lines.append(f"| {row.name} | – | – | – | – | – | not measured: {row.why_not.replace('|', '/')} |")
            continue
        rate, per_cpu = (f"{row.pages / m.seconds:.1f}", f"{row.pages / m.cpu:.1f}") if row.pages else ("–", "–")
        lines.append(f"| {row.name} | {row.pages or '–'} | {m.seconds:.2f} | {m.cpu:.2f} | {m.peak_mb:.0f} | {rate} | {per_cpu} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=4, help="copies of this report (default 4)")
    parser.add_argument("--passes", type=int, default=3, help="alternating passes, the fastest kept (default 3)")
    parser.add_argument("--quick", action="store_true", help="1×, one pass: a smoke run")
    parser.add_argument("--work", type=Path, default=Path("/tmp/folio-peers"), help="scratch folder")
    parser.add_argument("--write", action="store_true", help="write the table into docs/benchmarks.md")
    args = parser.parse_args()
    scale, passes = (1, 1) if args.quick else (args.scale, args.passes)
    args.work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    rows = measure_peers(make_report(scale, args.work / f"report-{scale}x"), args.work, passes)
    after = os.getloadavg()
    text = "\n\n".join(
        [
            table(rows),
            f"Measured {datetime.date.today().isoformat()} with `.venv/bin/python benchmarks/peers.py --scale {scale} --passes {passes}`: "
            f"{scale}× this report, wall and CPU seconds (every process of the route) and peak memory of the process tree, "
            f"the fastest of {passes} alternating passes; load average {load[0]:.1f} at the start, {after[0]:.1f} at the end, "
            f"on {os.cpu_count()} cores.",
        ]
    )
    print(text)
    if args.write:
        write_doc(text, BEGIN, END)


if __name__ == "__main__":
    main()
