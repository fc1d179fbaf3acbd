#!/usr/bin/env python3
"""How fast folio builds, at 1×, 4× and 16× this report, against the do-it-yourself routes.

    .venv/bin/python benchmarks/run.py            # the full run (about 20 minutes on 2 cores)
    .venv/bin/python benchmarks/run.py --quick    # 1× only, one pass: a smoke run
    .venv/bin/python benchmarks/run.py --write    # also write docs/benchmarks.md

It copies folio's code, styles and templates aside first, so every measure
runs the same folio.  For each scale it writes a synthetic report folder
(``benchmarks/synth.py``) and measures, each command in a fresh process, its
wall time, the CPU time of all its processes and the peak memory of its whole
process tree (sampled from /proc every 20 ms):

* folio: full build (PDF + EPUB) with an empty pandoc cache and with a warm
  one, PDF only, EPUB only, ``check``, a no-op rebuild, a rebuild after
  editing one chapter, and the PDF of the same report with its CJK text
  replaced by Latin letters;
* the PDF stage alone (``benchmarks/stage.py folio``) and bare WeasyPrint on
  the same final HTML (``benchmarks/stage.py bare``, and the ``weasyprint``
  command);
* the do-it-yourself routes on the same chapters: pandoc straight to PDF with
  ``--pdf-engine=weasyprint``, and straight to EPUB.

Timings are the best of ``--repeat`` runs (the machine is shared; the
minimum is the least disturbed).  Nothing here is a test: it prints tables
of times and ratios, and the targets each ratio is held to.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
sys.path.insert(0, str(HERE))
CODE = REPOSITORY
"""The folio that is measured: a copy of this checkout taken when the run starts (see :func:`snapshot`)."""

from synth import edit_one_chapter, make_report  # noqa: E402

PYTHON = sys.executable
BIN = Path(sys.executable).parent


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    cpu: float = 0.0
    """User and system CPU seconds of the whole process tree."""
    stderr: str = ""
    stdout: str = ""
    largest_mb: float = 0.0
    """Peak resident memory of the tree's largest process."""


@dataclass
class Scale:
    scale: int
    pages: int = 0
    times: dict[str, Measure] = field(default_factory=dict)
    pandoc_runs_after_edit: str = ""
    layouts: str = ""
    diy_pages: int = 0
    passes: int = 1


# -- measuring ------------------------------------------------------------------------------


def tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and all its descendants, in MB."""
    return tree_rss(root)[0]


def tree_rss(root: int) -> tuple[float, float]:
    """Resident memory of ``root`` and all its descendants, and of the largest of them, in MB."""
    total, largest, stack, seen = 0, 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
                    largest = max(largest, int(line.split()[1]))
                    break
            for task in Path(f"/proc/{pid}/task").iterdir():
                stack += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return total / 1024, largest / 1024


def run(command: list[str], env: dict[str, str], cwd: Path | None = None) -> Measure:
    """Run ``command``; wall time, CPU time and the peak memory of its process tree.

    A failure is tried once more after a pause (on a shared checkout a file may be
    mid-rewrite), then stops the benchmark.
    """
    cwd = cwd or CODE
    try:
        return run_once(command, env, cwd)
    except CommandFailed as failure:
        print(f"  failed, trying once more in 20 s: {failure.args[0].splitlines()[0]}", file=sys.stderr, flush=True)
        time.sleep(20)
    try:
        return run_once(command, env, cwd)
    except CommandFailed as failure:
        raise SystemExit(failure.args[0]) from None


class CommandFailed(Exception):
    pass


def run_once(command: list[str], env: dict[str, str], cwd: Path) -> Measure:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0.0, 0.0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            total, largest = tree_rss(process.pid)
            peak[0], peak[1] = max(peak[0], total), max(peak[1], largest)
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if process.returncode != 0:
        raise CommandFailed(f"failed ({process.returncode}): {' '.join(command)}\n{stderr[-3000:]}")
    return Measure(seconds, peak[0], cpu, stderr, stdout, largest_mb=peak[1])


def fastest(runs: list[Measure]) -> Measure:
    """The fastest run (its memory: the largest seen in any run)."""
    best = min(runs, key=lambda m: m.seconds)
    return Measure(best.seconds, max(m.peak_mb for m in runs), best.cpu, best.stderr, best.stdout)


# -- the routes -------------------------------------------------------------------------------


def folio(*args: str | Path, env: dict[str, str]) -> Measure:
    return run([PYTHON, str(CODE / "build.py"), *map(str, args)], env)


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def diy_sources(report: Path) -> list[str]:
    """The chapters in reading order, as a user would hand them to pandoc."""
    import yaml

    data = yaml.safe_load((report / "report.yaml").read_text("utf-8"))
    found = []
    for item in data["contents"]:
        if "chapter" in item:
            found.append(item["chapter"])
        elif "profiles" in item and item["profiles"].get("intro"):
            found.append(item["profiles"]["intro"])
    return found


def diy_pdf(report: Path, work: Path, env: dict[str, str]) -> Measure:
    css = [
        CODE / "folio" / "styles" / "fonts" / "fonts.css",
        CODE / "folio" / "styles" / "report.css",
        CODE / "folio" / "styles" / "print.css",
    ]
    command = [pandoc_path(), *diy_sources(report), "--citeproc", "--bibliography=references.yaml", "--metadata", "title=Report",
               "--pdf-engine=weasyprint", *[f"--css={c}" for c in css], "-o", str(work / "diy.pdf")]  # fmt: skip
    return run(command, env, cwd=report)


def diy_epub(report: Path, work: Path, env: dict[str, str]) -> Measure:
    command = [pandoc_path(), *diy_sources(report), "--citeproc", "--bibliography=references.yaml", "--metadata", "title=Report",
               "--css", str(CODE / "folio" / "styles" / "epub.css"), "-o", str(work / "diy.epub")]  # fmt: skip
    return run(command, env, cwd=report)


LAYOUTS: dict[str, int] = {}
"""How many full layouts the last PDF stage and bare run made."""


def stage(mode: str, report: Path, html: Path, pdf: Path, env: dict[str, str]) -> Measure:
    """The PDF stage or bare WeasyPrint, timed inside its process (from ``import weasyprint`` on)."""
    measured = run([PYTHON, str(CODE / "benchmarks" / "stage.py"), mode, str(report), str(html), str(pdf)], env)
    inner = json.loads(measured.stdout.strip().splitlines()[-1])
    LAYOUTS[mode] = inner["layouts"]
    return Measure(inner["seconds"], measured.peak_mb, inner["cpu"], measured.stderr, measured.stdout)


def weasyprint_cli(report: Path, html: Path, pdf: Path, env: dict[str, str]) -> Measure:
    css = ["fonts/fonts.css", "report.css", "print.css"]
    sheets = [str(CODE / "folio" / "styles" / name) for name in css]
    command = [
        str(BIN / "weasyprint"),
        *[a for s in sheets for a in ("-s", s)],
        "-u",
        str(report) + "/",
        "--pdf-variant",
        "pdf/ua-1",
        str(html),
        str(pdf),
    ]
    return run(command, env)


# -- one scale ---------------------------------------------------------------------------------


def measure_scale(scale: int, work: Path, repeat: int, quick: bool) -> Scale:
    result = Scale(scale, passes=repeat)
    folder = work / f"{scale}x"
    report = make_report(scale, folder / "report")
    latin = make_report(scale, folder / "report-latin", cjk=False)
    cache = folder / "cache"
    env = {**os.environ, "FOLIO_CACHE": str(cache), "PATH": f"{BIN}:{os.environ.get('PATH', '')}"}
    fresh = iter(range(100_000))

    def out() -> Path:
        return folder / f"out-{next(fresh)}"

    print(f"\n{scale}×: {report}", file=sys.stderr)
    shutil.rmtree(cache, ignore_errors=True)
    t = result.times
    t["full, empty cache"] = folio("--source", report, "--out", out(), env=env)
    note(scale, "full, empty cache", t)
    folio("pdf", "--source", latin, "--out", out(), env=env)  # its pandoc cache, warm like the others
    kept = out()
    folio("--source", report, "--out", kept, env=env)
    html = folder / "final.html"
    run([PYTHON, str(CODE / "benchmarks" / "stage.py"), "html", str(report), str(html)], env)

    # Each pass runs every measure once, so a busy spell on the shared machine
    # touches all of them alike; the fastest pass of each is kept.
    measures = {
        "full": lambda: folio("-v", "--source", report, "--out", out(), env=env),
        "PDF only": lambda: folio("pdf", "--source", report, "--out", out(), env=env),
        "EPUB only": lambda: folio("epub", "--source", report, "--out", out(), env=env),
        "check": lambda: folio("check", "--source", report, env=env),
        "no-op rebuild": lambda: noop(report, kept, env),
        "PDF only, CJK replaced by Latin": lambda: folio("pdf", "--source", latin, "--out", out(), env=env),
        "PDF stage": lambda: stage("folio", report, html, folder / "stage.pdf", env),
        "bare WeasyPrint": lambda: stage("bare", report, html, folder / "bare.pdf", env),
    }
    if not quick:
        measures["weasyprint command"] = lambda: weasyprint_cli(report, html, folder / "cli.pdf", env)
        measures["DIY pandoc → PDF"] = lambda: diy_pdf(report, folder, env)
        measures["DIY pandoc → EPUB"] = lambda: diy_epub(report, folder, env)
    passes: dict[str, list[Measure]] = {name: [] for name in measures}
    for _ in range(repeat):
        for name, measure in measures.items():
            passes[name].append(measure())
            note(scale, name, {name: passes[name][-1]})
    for name, runs in passes.items():
        t[name] = fastest(runs)
    result.pages = int(re.search(r"(\d+) pages", t["full"].stderr).group(1))
    result.layouts = f"{LAYOUTS.get('folio', '?')} / {LAYOUTS.get('bare', '?')}"
    if (folder / "diy.pdf").is_file():
        import pikepdf

        with pikepdf.open(folder / "diy.pdf") as pdf:
            result.diy_pages = len(pdf.pages)

    edit_one_chapter(report)
    t["rebuild after editing one chapter"] = folio("-v", "--source", report, "--out", kept, env=env)
    runs = re.search(r"pandoc: (\d+) runs", t["rebuild after editing one chapter"].stderr)
    result.pandoc_runs_after_edit = runs.group(1) if runs else "?"
    note(scale, "rebuild after editing one chapter", t)
    return result


def noop(report: Path, kept: Path, env: dict[str, str]) -> Measure:
    """A rebuild with nothing changed: brought up to date first (folio's own code may have moved)."""
    folio("--source", report, "--out", kept, env=env)
    return folio("--source", report, "--out", kept, env=env)


def note(scale: int, name: str, times: dict[str, Measure]) -> None:
    m = times[name]
    print(f"  {scale:>2}× {name:<36} {m.seconds:8.2f} s {m.cpu:8.2f} s CPU {m.peak_mb:8.0f} MB", file=sys.stderr, flush=True)


# -- the tables --------------------------------------------------------------------------------

ROWS = ["full, empty cache", "full", "PDF only", "EPUB only", "check", "no-op rebuild", "rebuild after editing one chapter",
        "PDF only, CJK replaced by Latin", "PDF stage", "bare WeasyPrint", "weasyprint command",
        "DIY pandoc → PDF", "DIY pandoc → EPUB"]  # fmt: skip


TIMES_NOTE = (
    "Wall seconds (fastest of the passes), CPU seconds (user + system, every process of the command) "
    'and peak resident memory of the process tree in MB. "PDF stage" and "bare WeasyPrint" are timed inside '
    "their process, from `import weasyprint` to the written file."
)


def times_table(scales: list[Scale]) -> str:
    head = "| measure | " + " | ".join(f"{s.scale}× ({s.pages} pages): wall s / CPU s / MB" for s in scales) + " |"
    lines = [head, "|---|" + "---:|" * len(scales)]
    for row in ROWS:
        cells = [
            f"{s.times[row].seconds:.2f} / {s.times[row].cpu:.2f} / {s.times[row].peak_mb:.0f}" if row in s.times else "–" for s in scales
        ]
        lines.append(f"| {row} | " + " | ".join(cells) + " |")
    lines.append("| pandoc runs after editing one chapter | " + " | ".join(s.pandoc_runs_after_edit for s in scales) + " |")
    lines.append("| full layouts: PDF stage / bare WeasyPrint | " + " | ".join(s.layouts for s in scales) + " |")
    lines.append("| pages of the DIY PDF (chapters only, pandoc's HTML) | " + " | ".join(str(s.diy_pages or "–") for s in scales) + " |")
    return "\n".join(lines)


@dataclass
class Target:
    name: str
    limit: str
    values: list[str]
    met: bool | None


def targets(scales: list[Scale]) -> list[Target]:
    def ratio(s: Scale, a: str, b: str) -> float:
        return s.times[a].seconds / s.times[b].seconds

    found = []
    full = [
        ratio(s, "full", "PDF only") if s.times["PDF only"].seconds >= s.times["EPUB only"].seconds else ratio(s, "full", "EPUB only")
        for s in scales
    ]
    found.append(Target("full build / slower edition alone", "≤ 1.15", [f"{v:.2f}" for v in full], all(v <= 1.15 for v in full)))
    noop = [ratio(s, "no-op rebuild", "full") for s in scales]
    found.append(Target("no-op rebuild / full build", "≤ 0.10", [f"{v:.3f}" for v in noop], all(v <= 0.10 for v in noop)))
    edit = [ratio(s, "rebuild after editing one chapter", "full") for s in scales]
    found.append(
        Target(
            "rebuild after one edit / full build (pandoc runs)",
            "one chapter's runs",
            [f"{v:.2f} ({s.pandoc_runs_after_edit})" for v, s in zip(edit, scales, strict=False)],
            None,
        )
    )
    stage = [ratio(s, "PDF stage", "bare WeasyPrint") for s in scales]
    found.append(Target("PDF stage / bare WeasyPrint (wall)", "≤ 1.10", [f"{v:.2f}" for v in stage], all(v <= 1.10 for v in stage)))
    stage_cpu = [s.times["PDF stage"].cpu / s.times["bare WeasyPrint"].cpu for s in scales]
    found.append(Target("PDF stage / bare WeasyPrint (CPU)", "≤ 1.10", [f"{v:.2f}" for v in stage_cpu], all(v <= 1.10 for v in stage_cpu)))
    if all("weasyprint command" in s.times for s in scales):
        whole = [ratio(s, "PDF only", "weasyprint command") for s in scales]
        found.append(Target("build.py pdf / weasyprint command on its HTML (wall)", "(for information)", [f"{v:.2f}" for v in whole], None))
    per_page = [s.times["PDF only"].seconds / s.pages for s in scales]
    found.append(
        Target(
            "PDF only: seconds per page",
            "16× ≤ 1.3 × 1×",
            [f"{v:.3f}" for v in per_page],
            (per_page[-1] / per_page[0] <= 1.3) if len(scales) > 1 and scales[-1].scale == 16 else None,
        )
    )
    peak = [max(m.peak_mb for m in s.times.values()) for s in scales]
    found.append(
        Target(
            "peak memory of any measure (MB)",
            "16× < 1500",
            [f"{v:.0f}" for v in peak],
            (peak[-1] < 1500) if scales[-1].scale == 16 else None,
        )
    )
    cjk = [ratio(s, "PDF only", "PDF only, CJK replaced by Latin") for s in scales]
    found.append(Target("PDF with CJK / same PDF with Latin", "≤ 1.20", [f"{v:.2f}" for v in cjk], all(v <= 1.20 for v in cjk)))
    if all("DIY pandoc → PDF" in s.times for s in scales):
        diy = [s.times["full"].seconds / (s.times["DIY pandoc → PDF"].seconds + s.times["DIY pandoc → EPUB"].seconds) for s in scales]
        found.append(Target("folio full build / DIY PDF + DIY EPUB", "(for information)", [f"{v:.2f}" for v in diy], None))
    return found


def targets_table(scales: list[Scale]) -> str:
    lines = ["| ratio | target | " + " | ".join(f"{s.scale}×" for s in scales) + " | met |", "|---|---|" + "---:|" * len(scales) + "---|"]
    for t in targets(scales):
        verdict = "–" if t.met is None else ("yes" if t.met else "**no**")
        lines.append(f"| {t.name} | {t.limit} | " + " | ".join(t.values) + f" | {verdict} |")
    return "\n".join(lines)


def machine() -> str:
    def out(*command: str) -> str:
        try:
            return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.strip()
        except OSError:
            return "?"

    from importlib.metadata import version

    cpu = next((line.split(":", 1)[1].strip() for line in out("lscpu").splitlines() if line.startswith("Model name")), platform.processor())
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")), "0")
    return "\n".join([
        f"- date: {datetime.datetime.now().isoformat(timespec='minutes')}",
        f"- cores (`nproc`): {out('nproc')}; CPU (`lscpu`): {cpu}; memory: {int(memory) // 1024 // 1024} GiB",
        f"- load average at the end (`/proc/loadavg`, 1/5/15 min): {' / '.join(Path('/proc/loadavg').read_text().split()[0:3])}",
        f"- Python {platform.python_version()}, pandoc {out(pandoc_path(), '--version').splitlines()[0].split()[-1]}, "
        f"WeasyPrint {version('weasyprint')}, fontTools {version('fonttools')}",
        f"- HarfBuzz subsetter: {'yes' if harfbuzz_subsetter() else 'no (WeasyPrint subsets fonts with fontTools)'}",
    ])  # fmt: skip


def snapshot(folder: Path) -> Path:
    """A copy of folio's code, styles, fonts and templates, so every measure runs the same folio.

    ``build.py`` imports the ``folio`` beside it, so the copy runs as it is,
    whatever happens to the checkout meanwhile.
    """
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("folio",):
        shutil.copytree(REPOSITORY / name, folder / name, ignore=ignore)
    shutil.copy(REPOSITORY / "build.py", folder / "build.py")
    (folder / "benchmarks").mkdir()
    shutil.copy(HERE / "stage.py", folder / "benchmarks" / "stage.py")
    return folder


def harfbuzz_subsetter() -> bool:
    if not shutil.which("ldconfig"):
        return False
    return "libharfbuzz-subset" in subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=False).stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1× only, one pass, no DIY routes: a smoke run")
    parser.add_argument("--scales", default=None, help="comma-separated scales (default 1,4,16)")
    parser.add_argument("--repeat", type=int, default=None, help="runs per measure, best kept (default 3 at 1×, 2 at 4×, 1 at 16×)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/folio-benchmarks"), help="scratch folder")
    parser.add_argument("--write", action="store_true", help="write the tables into docs/benchmarks.md")
    args = parser.parse_args()
    scales = [1] if args.quick else [int(s) for s in (args.scales or "1,4,16").split(",")]
    args.work.mkdir(parents=True, exist_ok=True)
    global CODE
    CODE = snapshot(args.work / "code")
    results = []
    for scale in scales:
        repeat = args.repeat or (1 if args.quick else {1: 3, 4: 2}.get(scale, 1))
        results.append(measure_scale(scale, args.work, repeat, args.quick))
    passes = ", ".join(f"{r.passes} at {r.scale}×" for r in results)
    text = "\n\n".join(
        [
            "## Machine",
            machine() + f"\n- passes per measure: {passes}; the code measured: a copy of the checkout taken at the start",
            "## Times",
            TIMES_NOTE,
            times_table(results),
            "## Ratios and targets",
            targets_table(results),
        ]
    )
    print(text)
    if args.write:
        write_doc(text.replace("## ", "### "))


MEASURED = ("<!-- measured: begin (benchmarks/run.py --write) -->", "<!-- measured: end -->")


def write_doc(text: str, begin: str = MEASURED[0], end: str = MEASURED[1]) -> None:
    """Replace the text between ``begin`` and ``end`` in docs/benchmarks.md, keeping the notes around it.

    Every benchmark writes its own marked part of that one page this way.
    """
    path = REPOSITORY / "docs" / "benchmarks.md"
    old = path.read_text("utf-8") if path.is_file() else f"# Benchmarks\n\n{begin}\n{end}\n"
    if begin not in old:
        old += f"\n{begin}\n{end}\n"
    before, rest = old.split(begin, 1)
    _, after = rest.split(end, 1)
    path.parent.mkdir(exist_ok=True)
    path.write_text(f"{before}{begin}\n{text}\n{end}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
