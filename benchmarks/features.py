#!/usr/bin/env python3
"""Where WeasyPrint's time goes on folio's stylesheets: each CSS feature switched off in turn.

    .venv/bin/python benchmarks/features.py                       # 4×, two passes
    .venv/bin/python benchmarks/features.py --scale 1 --passes 1  # a smoke run
    .venv/bin/python benchmarks/features.py --write               # also write the table into docs/benchmarks.md

It writes a synthetic report (``benchmarks/synth.py``) and its final screen
HTML exactly as the build hands it to WeasyPrint (``benchmarks/stage.py html``),
then lays it out and paints it with bare WeasyPrint, as ``benchmarks/stage.py
bare`` does (the edition's stylesheets, base URL and PDF/UA variant), once as
it is and once per feature with one more stylesheet appended that switches
the feature off.  Each run is a fresh process that times its own CPU from
after ``import weasyprint`` to the written PDF; of the passes (alternating
the order), the least CPU is kept.  What a feature costs is the full run's
CPU less the run without it.  A feature whose absence changes the page count
also changes how much there is to lay out, which the table says.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent
sys.path.insert(0, str(HERE))

from synth import make_report  # noqa: E402

BEGIN, END = "<!-- features: begin -->", "<!-- features: end -->"
BOXES = ("top-left", "top-center", "top-right", "bottom-left", "bottom-center", "bottom-right")

FEATURES: dict[str, str] = {
    # body { hyphens: auto } in print.css; the hyphenation dictionaries are then never consulted.
    # Inherited properties are switched off on elements only: a rule for *::before and *::after makes WeasyPrint
    # compute both pseudo-elements' styles for every element, which costs more than some features.
    "hyphenation (hyphens: manual)": "* { hyphens: manual !important; }",
    # .footnote { float: footnote } in print.css: the note stays where it is called, as inline text.
    "footnotes (float: footnote → inline)": ".footnote { float: none !important; }",
    # The contents' leaders and page numbers and "page N" after cross-references (print.css).
    "page references (target-counter, leaders)": ".toc-entry::after, .toc-front .toc-entry::after, "
    "a.xref[data-page-before]::after, a.xref-front[data-page-before]::after { content: none !important; }",
    # body { text-align: justify } in print.css.
    "justification (text-align: start)": "body { text-align: start !important; }",
    # font-variant-numeric (old-style, lining, tabular figures), ligatures (report.css, code.css).
    "font features (font-variant, font-feature-settings)": "*, .toc-entry::after, .footnote::footnote-call, "
    ".footnote::footnote-marker { font-feature-settings: normal !important; font-variant: normal !important; }",
    # Running heads and folios: the @page margin boxes of print.css.
    "margin boxes (running heads, folios)": "@page { " + " ".join(f"@{box} {{ content: none !important; }}" for box in BOXES) + " }",
}


# -- one layout, in a fresh process (``features.py layout SOURCE HTML EXTRA.css OUT.pdf``) -----------


def layout(source: str, html_path: str, extra: str, out: str) -> None:
    from folio.assemble.editions import stylesheets
    from folio.pdf.layout.setup import PDF_VARIANT
    from folio.source.load import load_report

    report = load_report(Path(source))
    html = Path(html_path).read_text("utf-8")
    sheets = [str(sheet) for sheet in stylesheets(report, "screen")] + [extra]
    from weasyprint import HTML

    cpu = time.process_time()
    document = HTML(string=html, base_url=str(report.root) + "/").render(stylesheets=sheets, pdf_variant=PDF_VARIANT)
    laid_out = time.process_time()
    document.write_pdf(out, pdf_variant=PDF_VARIANT)
    painted = time.process_time()
    print(json.dumps({"layout": laid_out - cpu, "paint": painted - laid_out, "pages": len(document.pages)}))


# -- measuring --------------------------------------------------------------------------------------


def run(command: list[str]) -> str:
    done = subprocess.run(["nice", "-n", "10", sys.executable, *command], capture_output=True, text=True, check=False, cwd=REPOSITORY)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def measure_features(scale: int, work: Path, passes: int) -> dict[str, dict]:
    """The least CPU of ``passes`` fresh runs for the full layout, each feature off, and all off."""
    report = make_report(scale, work / f"report-{scale}x")
    html = work / f"final-{scale}x.html"
    run([str(HERE / "stage.py"), "html", str(report), str(html)])
    sheets = {"none (the full layout)": "", **FEATURES, "all of the above": "\n".join(FEATURES.values())}
    paths = {}
    for number, (name, css) in enumerate(sheets.items()):
        paths[name] = work / f"off-{number}.css"
        paths[name].write_text(css + "\n", encoding="utf-8")
    found: dict[str, list[dict]] = {name: [] for name in sheets}
    for number in range(passes):
        for name in list(sheets) if number % 2 == 0 else list(sheets)[::-1]:
            out = work / f"{paths[name].stem}.pdf"
            result = json.loads(run([__file__, "layout", str(report), str(html), str(paths[name]), str(out)]).strip().splitlines()[-1])
            found[name].append(result)
            print(f"  {scale}× {name:<52} {result['layout']:6.2f} + {result['paint']:5.2f} s CPU, {result['pages']} pages", file=sys.stderr)
    return {name: min(runs, key=lambda r: r["layout"] + r["paint"]) for name, runs in found.items()}


def table(results: dict[str, dict]) -> str:
    full = results["none (the full layout)"]
    total = full["layout"] + full["paint"]
    rows = [
        "| switched off | pages | CPU s: layout + paint | layout s | paint s | saved s | % of the full run |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for name, r in results.items():
        cpu = r["layout"] + r["paint"]
        pages = str(r["pages"]) if r["pages"] == full["pages"] else f"**{r['pages']}** (full: {full['pages']})"
        saved = "–" if r is full else f"{total - cpu:.2f}"
        share = "–" if r is full else f"{(total - cpu) / total * 100:.0f} %"
        rows.append(f"| {name} | {pages} | {cpu:.2f} | {r['layout']:.2f} | {r['paint']:.2f} | {saved} | {share} |")
    return "\n".join(rows)


def main() -> None:
    if sys.argv[1:2] == ["layout"]:
        sys.path.insert(0, str(REPOSITORY))
        layout(*sys.argv[2:6])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=4, help="copies of this report (default 4)")
    parser.add_argument("--passes", type=int, default=2, help="alternating fresh runs of each variant, the least CPU kept (default 2)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/folio-features"), help="scratch folder")
    parser.add_argument("--write", action="store_true", help="write the table into docs/benchmarks.md")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    results = measure_features(args.scale, args.work, args.passes)
    after = os.getloadavg()
    text = "\n\n".join(
        [
            table(results),
            f"Measured {datetime.date.today().isoformat()} with `.venv/bin/python benchmarks/features.py --scale {args.scale} "
            f"--passes {args.passes}`: {args.scale}× this report, bare WeasyPrint on folio's final HTML, CPU seconds of each fresh "
            f"process from after `import weasyprint` to the written PDF, the least of {args.passes} alternating passes; "
            f"load average {load[0]:.1f} at the start, {after[0]:.1f} at the end, on {os.cpu_count()} cores.",
        ]
    )
    print(text)
    if args.write:
        from run import write_doc

        write_doc(text, BEGIN, END)


if __name__ == "__main__":
    main()
