#!/usr/bin/env python3
"""pandoc's user manual built by folio and by its peers, at 1× and 4×, in one interleaved run.

    .venv/bin/python benchmarks/manual.py                     # 1× (3 rounds) and 4× (1 round)
    .venv/bin/python benchmarks/manual.py --scales 1 --rounds 1   # a smoke run
    .venv/bin/python benchmarks/manual.py --write             # and replace the table in docs/benchmarks.md

The manual (``shared/corpus/pandoc-MANUAL.txt``, read where it is) is split
at its top-level headings into a report folder, one chapter a heading, here
in the work folder (never in the repository); at 4× the folder holds the
manual four times over, each copy's own ids suffixed so its links stay
inside it.  The peers get the same chapters as one Markdown file
(``peer_routes.prepare``) and run pandoc first: bare WeasyPrint, Paged.js
(``pagedjs-cli``) and Vivliostyle (``@vivliostyle/cli``) on pandoc's HTML with
one plain stylesheet, on Debian's Chromium (the npm packages are installed on
demand into ``node_modules/.pagedjs`` and ``.vivliostyle``, or under
``$FOLIO_NODE_MODULES``; no browser is downloaded), and Typst (PyPI ``typst``)
on pandoc's Typst output.

folio's routes, each from nothing (an empty cache and output folder), with
the default options unless named: ``pdf``; ``pdf --jobs 1``; ``pdf --jobs 2``;
and, after the default build, the same report with one word changed in the chapter of
median length, built again into the same output folder with the same cache.

Every round runs every route once, in a rotated order, each in a fresh
process; the table keeps the median of the rounds.  Measured for each: wall
and CPU seconds of the whole process tree (Chromium's orphans adopted and
reaped, so their CPU counts), the PDF's pages, CPU seconds per page, the peak
resident memory of the process tree and of its largest process (sampled
every 20 ms), and the load average before the run.
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import shutil
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
sys.path.insert(0, str(HERE))

from peer_routes import CHROMIUM, NODE_FOLDER, PAGEDJS_FOLDER, prepare  # noqa: E402
from peers import npm_missing, pages, typst_missing  # noqa: E402
from run import CommandFailed, Measure, run_once, snapshot, write_doc  # noqa: E402

PYTHON = sys.executable
CODE = REPOSITORY
"""The folio measured: a copy of the checkout taken when the run starts (``run.snapshot``)."""
ROUTES = str(HERE / "peer_routes.py")
MANUAL = Path(os.environ.get("FOLIO_MANUAL", REPOSITORY.parent / "shared" / "corpus" / "pandoc-MANUAL.txt"))
if not MANUAL.is_file():
    MANUAL = Path("/work/shared/corpus/pandoc-MANUAL.txt")
PAGEDJS = "pagedjs-cli@0.4.3"
VIVLIOSTYLE = "@vivliostyle/cli@11.3.3"
BEGIN, END = "<!-- manual: begin -->", "<!-- manual: end -->"
FENCE = re.compile(r"^(`{3,}|~{3,})")
FOLIO_FULL = "folio pdf (default options)"
FOLIO_ONE = "folio pdf --jobs 1"
FOLIO_TWO = "folio pdf --jobs 2"
FOLIO_EDIT = "folio pdf, one word edited (default options)"
BARE = "WeasyPrint (pandoc HTML, plain CSS)"
PAGEDJS_ROUTE = "Paged.js (pandoc HTML, plain CSS)"
VIVLIOSTYLE_ROUTE = "Vivliostyle (pandoc HTML, plain CSS)"
TYPST = "Typst (pandoc -t typst)"
PEERS = {BARE: "weasyprint", PAGEDJS_ROUTE: "pagedjs", VIVLIOSTYLE_ROUTE: "vivliostyle", TYPST: "typst"}


# -- the manual as a report folder ------------------------------------------------------------------


def manual_chapters(text: str) -> list[tuple[str, str]]:
    """``(title, body)`` of each top-level heading of the manual (headings inside code blocks are code)."""
    if text.startswith("---"):
        text = text.split("\n---\n", 1)[1]
    found: list[tuple[str, list[str]]] = []
    fence = ""
    for line in text.splitlines():
        opening = FENCE.match(line)
        if not fence and opening:
            fence = opening.group(1)
        elif fence and line.startswith(fence):
            fence = ""
        elif not fence and line.startswith("# "):
            found.append((line[2:].strip(), []))
            continue
        if found:
            found[-1][1].append(line)
    return [(title, "\n".join(lines).strip() + "\n") for title, lines in found]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "part"


def make_manual(scale: int, folder: Path) -> Path:
    """A report folder holding the manual ``scale`` times, a chapter per top-level heading."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "chapters").mkdir(parents=True)
    contents = []
    for copy in range(1, scale + 1):
        for number, (title, body) in enumerate(manual_chapters(MANUAL.read_text("utf-8")), start=1):
            suffix = "" if copy == 1 else f"-{copy}"
            if copy > 1:  # the copy's own ids, and the links to them
                body = re.sub(r"\{#([A-Za-z][\w.:-]*)", rf"{{#\1{suffix}", body)
                body = re.sub(r"\]\(#([A-Za-z][\w.:-]*)\)", rf"](#\1{suffix})", body)
            title_yaml = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
            path = f"chapters/{copy:02d}-{number:02d}.md"
            (folder / path).write_text(f"---\ntitle: {title_yaml}\nid: {slug(title)}{suffix}\n---\n\n{body}", encoding="utf-8")
            contents.append(f"  - chapter: {path}")
    (folder / "report.yaml").write_text(
        f'title: "Pandoc User\'s Guide{"" if scale == 1 else f" ({scale}×)"}"\n'
        "slug: pandoc-manual\nlanguage: en\npublisher: John MacFarlane\nauthors: [John MacFarlane]\n"
        "date: 2026-08-11\nidentifier: urn:uuid:0b1c8e52-3c1c-4a4e-9b1e-5f3d9d1c7a01\n"
        "contents:\n" + "\n".join(contents) + "\n",
        encoding="utf-8",
    )
    return folder


def edit_one_word(report: Path, round: int) -> Path:
    """Change one word of the first copy's chapter of median length (its page count stays), a different word each round."""
    firsts = sorted(path for path in (report / "chapters").glob("01-*.md"))
    chapter = sorted(firsts, key=lambda path: path.stat().st_size)[len(firsts) // 2]
    text = chapter.read_text("utf-8")
    head, body = text.split("\n---\n", 1)
    word = re.findall(r"\b[a-z]{7,}\b", body)[round]
    chapter.write_text(f"{head}\n---\n" + body.replace(word, word.upper(), 1), encoding="utf-8")
    return chapter


# -- measuring --------------------------------------------------------------------------------------


@dataclass
class Route:
    name: str
    runs: list[Measure] = field(default_factory=list)
    loads: list[float] = field(default_factory=list)
    pages: int = 0
    why_not: str = ""

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(m, attribute) for m in self.runs)


@dataclass
class Scale:
    scale: int
    routes: dict[str, Route]
    layouts: str = ""


def default_jobs() -> int:
    sys.path.insert(0, str(REPOSITORY))
    from folio.cli import default_jobs as jobs

    return jobs()


def folio_command(report: Path, out: Path, *options: str) -> list[str]:
    return [PYTHON, str(CODE / "build.py"), "pdf", "--source", str(report), "--out", str(out), "-v", *options]


def measure_scale(scale: int, work: Path, rounds: int, skip: set[str] = frozenset()) -> Scale:
    folder = work / f"{scale}x"
    shutil.rmtree(folder, ignore_errors=True)
    report = make_manual(scale, folder / "report")
    peers = prepare(report, folder / "peers")
    routes = {name: Route(name) for name in (FOLIO_FULL, FOLIO_EDIT, FOLIO_ONE, FOLIO_TWO, *PEERS)}
    routes[PAGEDJS_ROUTE].why_not = npm_missing(PAGEDJS_FOLDER, PAGEDJS, "pagedjs-cli")
    routes[VIVLIOSTYLE_ROUTE].why_not = npm_missing(NODE_FOLDER, VIVLIOSTYLE, "vivliostyle")
    routes[TYPST].why_not = typst_missing()
    for name, peer in PEERS.items():
        if f"{peer}@{scale}" in skip or peer in skip:
            routes[name].why_not = f"left out of this run (--skip {peer}@{scale})"
    order = [FOLIO_FULL, *PEERS, FOLIO_ONE, FOLIO_TWO]  # the edit follows the default build it edits
    if default_jobs() == 1:  # the default is --jobs 1 here: measured once, shown in both rows
        order.remove(FOLIO_ONE)
        routes[FOLIO_ONE] = routes[FOLIO_FULL]
    for number in range(rounds):
        shift = number % len(order)
        for name in order[shift:] + order[:shift]:
            if routes[name].why_not:
                continue
            home = folder / f"round-{number}" / slug(name)
            if name in PEERS:
                measure(routes[name], [PYTHON, ROUTES, PEERS[name], str(peers)], peers / f"{PEERS[name]}.pdf", scale)
                continue
            env = {**os.environ, "FOLIO_CACHE": str(home / "cache")}
            options = {FOLIO_ONE: ["--jobs", "1"], FOLIO_TWO: ["--jobs", "2"]}.get(name, [])
            if name != FOLIO_FULL:
                measure(routes[name], folio_command(report, home / "out", *options), home / "out", scale, env)
                continue
            edited = home / "report"
            shutil.copytree(report, edited)
            measure(routes[name], folio_command(edited, home / "out"), home / "out", scale, env)
            edit_one_word(edited, number)
            measure(routes[FOLIO_EDIT], folio_command(edited, home / "out"), home / "out", scale, env)
    return Scale(scale, routes)


def measure(route: Route, command: list[str], output: Path, scale: int, env: dict[str, str] | None = None) -> None:
    route.loads.append(os.getloadavg()[0])
    try:
        measured = run_once(command, env or dict(os.environ), REPOSITORY)
    except CommandFailed as failure:
        route.why_not = "failed: " + " ".join(failure.args[0].split())[-300:]
        return
    route.runs.append(measured)
    pdf = output if output.suffix == ".pdf" else next(iter(sorted(output.glob("*.pdf"))), None)
    route.pages = pages(pdf) if pdf else 0
    print(
        f"  {scale}× {route.name:<46} {measured.seconds:7.2f} s {measured.cpu:7.2f} s CPU {measured.peak_mb:6.0f} MB "
        f"(largest {measured.largest_mb:.0f}) {route.pages} pages, load {route.loads[-1]:.1f}",
        file=sys.stderr,
        flush=True,
    )


# -- the tables -------------------------------------------------------------------------------------


def table(scales: list[Scale]) -> str:
    lines = [
        "| route | scale | pages | wall s | CPU s | CPU s per page | peak MB (tree) | peak MB (largest process) | load before |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for scale in scales:
        for key, route in scale.routes.items():
            if key != route.name:
                lines.append(f"| {key} | {scale.scale}× | the default: `--jobs {default_jobs()}` on this machine | | | | | | |")
                continue
            if not route.runs:
                lines.append(f"| {route.name} | {scale.scale}× | – | – | – | – | – | – | not measured: {route.why_not.replace('|', '/')} |")
                continue
            cpu = route.median("cpu")
            per_page = f"{cpu / route.pages:.3f}" if route.pages else "–"
            lines.append(
                f"| {route.name} | {scale.scale}× | {route.pages} | {route.median('seconds'):.1f} | {cpu:.1f} | {per_page} | "
                f"{route.median('peak_mb'):.0f} | {route.median('largest_mb'):.0f} | {statistics.median(route.loads):.1f} |"
            )
    return "\n".join(lines)


def value(scale: Scale, name: str, attribute: str, per_page: bool = False) -> float | None:
    """The median of a route's rounds (per page of its PDF with ``per_page``); ``None`` when not measured."""
    route = scale.routes[name]
    if not route.runs or (per_page and not route.pages):
        return None
    found = route.median(attribute)
    return found / route.pages if per_page else found


def ratio(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None or not b else a / b


def targets(scales: list[Scale]) -> str:
    lines = ["| target | scale | measured | met |", "|---|--:|--:|---|"]
    for scale in scales:
        best = min((v for v in (value(scale, FOLIO_ONE, "seconds"), value(scale, FOLIO_TWO, "seconds")) if v is not None), default=None)
        found = [
            ("folio's PDF CPU per page / bare WeasyPrint's", value(scale, FOLIO_FULL, "cpu", True), value(scale, BARE, "cpu", True), 1.3),
            ("one word edited → PDF, CPU / the full build's", value(scale, FOLIO_EDIT, "cpu"), value(scale, FOLIO_FULL, "cpu"), 0.15),
            ("`--jobs 2` wall / `--jobs 1` wall", value(scale, FOLIO_TWO, "seconds"), value(scale, FOLIO_ONE, "seconds"), 0.65),
            ("default wall / the better of `--jobs 1` and `--jobs 2`", value(scale, FOLIO_FULL, "seconds"), best, 1.0),
            ("peak, largest process / bare WeasyPrint's", value(scale, FOLIO_FULL, "largest_mb"), value(scale, BARE, "largest_mb"), 1.2),
            ("peak, process tree / bare WeasyPrint's", value(scale, FOLIO_FULL, "peak_mb"), value(scale, BARE, "peak_mb"), 1.2),
            ("full PDF wall / Paged.js's", value(scale, FOLIO_FULL, "seconds"), value(scale, PAGEDJS_ROUTE, "seconds"), 1.5),
        ]
        for name, a, b, limit in found:
            measured = ratio(a, b)
            if measured is None:
                lines.append(f"| {name} (≤ {limit}×) | {scale.scale}× | – | not measured |")
            else:
                lines.append(f"| {name} (≤ {limit}×) | {scale.scale}× | {measured:.2f}× | {'yes' if measured <= limit else '**no**'} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,4", help="comma-separated copies of the manual (default 1,4)")
    parser.add_argument("--rounds", default="3,1", help="rounds per scale, comma-separated like --scales (default 3,1)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/folio-manual-bench"), help="scratch folder")
    parser.add_argument("--skip", default="", help="peers to leave out, comma-separated: vivliostyle, or vivliostyle@4 at 4× only")
    parser.add_argument("--write", action="store_true", help="write the tables into docs/benchmarks.md")
    args = parser.parse_args()
    global CODE
    CODE = snapshot(args.work / "code")
    skip = set(filter(None, args.skip.split(",")))
    scales = [int(s) for s in args.scales.split(",")]
    rounds = [int(r) for r in args.rounds.split(",")]
    rounds += [rounds[-1]] * (len(scales) - len(rounds))
    args.work.mkdir(parents=True, exist_ok=True)
    started, load = datetime.datetime.now(datetime.UTC), os.getloadavg()
    results = [measure_scale(scale, args.work, count, skip) for scale, count in zip(scales, rounds, strict=False)]
    after = os.getloadavg()
    command = (
        "`.venv/bin/python benchmarks/manual.py" + (f" --scales {args.scales} --rounds {args.rounds}" if args.scales != "1,4" else "") + "`"
    )
    text = "\n\n".join(
        [
            table(results),
            targets(results),
            f"Measured {started:%Y-%m-%d %H:%M} UTC with {command} on {os.cpu_count()} cores: "
            + ", ".join(f"{r.scale}× the manual, median of {n} round{'s' if n > 1 else ''}" for r, n in zip(results, rounds, strict=False))
            + f"; CPU seconds of every process of the route; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at the start, "
            f"{after[0]:.1f} {after[1]:.1f} {after[2]:.1f} at the end. Chromium: {CHROMIUM}.",
        ]
    )
    print(text)
    if args.write:
        write_doc(text, BEGIN, END)


if __name__ == "__main__":
    main()
