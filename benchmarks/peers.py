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
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
sys.path.insert(0, str(HERE))

from run import CommandFailed, Measure, fastest, run_once  # noqa: E402
from synth import make_report  # noqa: E402

PYTHON = sys.executable
FONTS = REPOSITORY / "folio" / "styles" / "fonts"
VIVLIOSTYLE = "@vivliostyle/cli@11.3.3"
NODE_FOLDER = REPOSITORY / "node_modules" / ".vivliostyle"
CHROMIUM = Path(os.environ.get("FOLIO_CHROMIUM", "/usr/bin/chromium"))
BEGIN, END = "<!-- peers: begin -->", "<!-- peers: end -->"
SERIF = '"Folio Serif", "Folio Serif JP", "Folio Serif KR", "Folio Serif SC", serif'
SANS = '"Folio Sans", "Folio Sans JP", "Folio Sans KR", "Folio Sans SC", sans-serif'
PLAIN_CSS = f"""@import url("fonts/fonts.css");
@page {{ size: A4; margin: 25mm 22mm; @bottom-center {{ content: counter(page); }} }}
html {{ font-family: {SERIF}; font-size: 10pt; line-height: 1.42; }}
body {{ margin: 0; text-align: justify; hyphens: auto; }}
h1, h2, h3, h4 {{ font-family: {SANS}; text-align: left; hyphens: manual; break-after: avoid; }}
h1 {{ break-before: page; }}
table {{ border-collapse: collapse; width: 100%; font-size: 8.5pt; }}
th, td {{ text-align: left; vertical-align: top; padding: 0.3em 0.6em 0.3em 0; border-bottom: 0.5pt solid #999; }}
img {{ max-width: 100%; }}
"""
TYPST_HEADER = [
    '#set text(font: ("Source Serif 4 SmText", "Folio Serif JP", "Folio Serif KR", "Folio Serif SC"))',
    '#show heading: set text(font: ("Source Sans 3", "Folio Sans JP", "Folio Sans KR", "Folio Sans SC"))',
    "#show heading.where(level: 1): it => pagebreak(weak: true) + it",
]
TYPST_PAGE = "papersize: a4\nfontsize: 10pt\npage-numbering: '1'\nmargin: {x: 22mm, y: 25mm}\n"
"""The same page as the plain stylesheet's (pandoc's Typst template reads these)."""


@dataclass
class Row:
    name: str
    pages: int = 0
    measure: Measure | None = None
    why_not: str = ""
    """Why the route was not measured (not installed, failed)."""


# -- the content --------------------------------------------------------------------------------


def content_markdown(report: Path) -> str:
    """The report's chapters and profile stories as one Markdown document, in reading order."""
    import yaml

    data = yaml.safe_load((report / "report.yaml").read_text("utf-8"))
    parts: list[str] = []
    for item in data["contents"]:
        if not isinstance(item, dict):
            continue
        for key in ("front", "chapter", "appendix"):
            if isinstance(item.get(key), str):
                parts.append(chapter(report / item[key], len(parts)))
        if "profiles" in item:
            part = item["profiles"]
            if part.get("intro"):
                parts.append(chapter(report / part["intro"], len(parts)))
            else:
                parts.append(f"# {part.get('title', 'Profiles')}")
            for stem in part.get("include") or []:
                profile = yaml.safe_load((report / "profiles" / f"{stem}.yaml").read_text("utf-8"))
                parts.append(f"## {profile['name']} {{#profile-{stem}}}\n\n{profile.get('story', '')}")
    parts.append("# References {-}\n\n::: {#refs}\n:::")
    return "\n\n".join(parts) + "\n"


def chapter(path: Path, number: int) -> str:
    """A chapter without its YAML header, under its title; footnote labels made unique to it."""
    import yaml

    text = path.read_text("utf-8")
    header: dict = {}
    if text.startswith("---"):
        _, front, text = text.split("---", 2)
        header = yaml.safe_load(front) or {}
    ident = header.get("id") or re.sub(r"^(\d)", r"ch-\1", path.stem)
    text = re.sub(r"\[\^([^\]\s]+)\]", lambda m: f"[^{m.group(1)}-{number}]", text)
    text = re.sub(r"@((?:sec|tbl|fig)-[\w-]*\w)", r"[\1](#\1)", text)  # folio's cross-references, as plain links
    return f"# {header.get('title', path.stem)} {{#{ident}}}\n\n{text.strip()}"


def prepare(report: Path, folder: Path) -> Path:
    """The peers' folder: content.md, the plain stylesheet, folio's fonts beside them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "content.md").write_text(content_markdown(report), encoding="utf-8")
    (folder / "plain.css").write_text(PLAIN_CSS, encoding="utf-8")
    (folder / "typst.yaml").write_text(TYPST_PAGE, encoding="utf-8")
    shutil.copy(report / "references.yaml", folder / "references.yaml")
    if not (folder / "fonts").is_dir():
        shutil.copytree(FONTS, folder / "fonts", ignore=shutil.ignore_patterns("*.md", "*.yaml"))
    if (report / "images").is_dir() and not (folder / "images").is_dir():
        shutil.copytree(report / "images", folder / "images")
    return folder


# -- one route, in a fresh process (``peers.py route NAME FOLDER``) -----------------------------


def pandoc(folder: Path, to: str, out: str, *extra: str) -> None:
    import pypandoc

    command = [pypandoc.get_pandoc_path(), "content.md", "--standalone", "--citeproc", "--bibliography=references.yaml",
               "--metadata=title:Report", "--metadata=lang:en", "-t", to, "-o", out, *extra]  # fmt: skip
    subprocess.run(command, cwd=folder, check=True)


def route(name: str, folder: Path) -> None:
    if name == "pandoc":
        pandoc(folder, "html5", "content.html", "--css=plain.css")
    elif name == "weasyprint":
        pandoc(folder, "html5", "content.html", "--css=plain.css")
        from weasyprint import HTML

        HTML(folder / "content.html").write_pdf(folder / "weasyprint.pdf")
    elif name == "vivliostyle":
        pandoc(folder, "html5", "content.html", "--css=plain.css")
        command = [str(NODE_FOLDER / "node_modules" / ".bin" / "vivliostyle"), "build", "content.html", "--single-doc", "-o",
                   "vivliostyle.pdf", "--executable-browser", str(CHROMIUM), "--timeout", "3600", "--log-level", "silent"]  # fmt: skip
        subprocess.run(command, cwd=folder, check=True, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    elif name == "typst":
        header = [f"--variable=header-includes:{line}" for line in TYPST_HEADER]
        pandoc(folder, "typst", "content.typ", "--metadata-file=typst.yaml", *header)
        import typst

        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False, font_paths=[str(folder / "fonts")])
        typst.compile(str(folder / "content.typ"), output=str(folder / "typst.pdf"), root=str(folder), font_paths=fonts)
    else:
        raise SystemExit(f"unknown route {name}")


# -- installing the peers ---------------------------------------------------------------------------


def vivliostyle_missing() -> str:
    """Why Vivliostyle cannot run here ("" when it can); installs it from npm into node_modules/.vivliostyle."""
    if not CHROMIUM.is_file():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if (NODE_FOLDER / "node_modules" / ".bin" / "vivliostyle").is_file():
        return ""
    if not shutil.which("npm"):
        return "npm is not installed (apt-get install npm)"
    NODE_FOLDER.mkdir(parents=True, exist_ok=True)
    if not (NODE_FOLDER / "package.json").is_file():
        (NODE_FOLDER / "package.json").write_text('{"private": true}\n')
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1", "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD": "1"}
    done = subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", VIVLIOSTYLE],
                          cwd=NODE_FOLDER, env=env, capture_output=True, text=True, check=False)  # fmt: skip
    return "" if done.returncode == 0 else f"npm install {VIVLIOSTYLE} failed: {done.stderr.strip().splitlines()[-1:]}"


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
        "pandoc → HTML (the peers' first step)": ([PYTHON, __file__, "route", "pandoc", str(folder)], None),
        "Vivliostyle (pandoc HTML)": ([PYTHON, __file__, "route", "vivliostyle", str(folder)], folder / "vivliostyle.pdf"),
        "Typst (pandoc -t typst)": ([PYTHON, __file__, "route", "typst", str(folder)], folder / "typst.pdf"),
        "WeasyPrint (pandoc HTML, plain CSS)": ([PYTHON, __file__, "route", "weasyprint", str(folder)], folder / "weasyprint.pdf"),
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


def write_doc(text: str, begin: str = BEGIN, end: str = END) -> None:
    """Replace the text between ``begin`` and ``end`` in docs/benchmarks.md, keeping the rest."""
    path = REPOSITORY / "docs" / "benchmarks.md"
    old = path.read_text("utf-8")
    if begin not in old:
        old += f"\n{begin}\n{end}\n"
    before, rest = old.split(begin, 1)
    _, after = rest.split(end, 1)
    path.write_text(f"{before}{begin}\n{text}\n{end}{after}", encoding="utf-8")


def main() -> None:
    if sys.argv[1:2] == ["route"]:
        route(sys.argv[2], Path(sys.argv[3]))
        return
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
        write_doc(text)


if __name__ == "__main__":
    main()
