#!/usr/bin/env python3
"""Where a PDF build of pandoc's manual spends its CPU: cProfile's top entries, stage by stage.

    .venv/bin/python benchmarks/profile_stages.py                   # this checkout, the manual at 1×
    .venv/bin/python benchmarks/profile_stages.py --code OLD/       # another checkout of folio (e.g. `git archive` of an older commit)

In one process, with pandoc's cache warm (a first, unprofiled pass fills
it): reading and checking the report folder and the Markdown stage, then
the PDF stage as the build runs it (``write_pdf`` with the recipe's job:
by parts where the checkout has them, one job).  Prints, for each, the CPU
seconds and the entries with the most time of their own.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import os
import pstats
import shutil
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def top(profile: cProfile.Profile, count: int) -> str:
    stream = io.StringIO()
    stats = pstats.Stats(profile, stream=stream)
    rows = []
    for (path, line, name), (_, calls, own, total, _) in sorted(stats.stats.items(), key=lambda item: -item[1][2])[:count]:
        where = path.split("site-packages/")[-1].split("/folio/", 1)[-1] if "/" in path else path
        rows.append(f"| `{where}:{line}({name})` | {calls} | {own:.2f} | {total:.2f} |")
    return "\n".join(["| function | calls | own s | with callees s |", "|---|--:|--:|--:|", *rows])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, default=HERE.parent, help="the folio checkout to profile")
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--work", type=Path, default=Path("/tmp/folio-profile"))
    args = parser.parse_args()
    sys.path.insert(0, str(args.code))
    sys.path.insert(1, str(HERE))
    from manual import make_manual

    os.environ.setdefault("FOLIO_CACHE", str(args.work / "cache"))
    from folio.markdown.render import render_markdown
    from folio.run.cache import Cache, cache_folder
    from folio.source.load import load_report
    from folio.write.layouts import pdf_job

    report_folder = make_manual(args.scale, args.work / "report")
    render_markdown(load_report(report_folder), Cache(cache_folder()))  # pandoc's cache, warm
    reading = cProfile.Profile()
    started = time.process_time()
    reading.enable()
    report = load_report(report_folder)
    fragments = render_markdown(report, Cache(cache_folder()))
    reading.disable()
    reading_cpu = time.process_time() - started
    shutil.rmtree(cache_folder() / "parts", ignore_errors=True)  # every part laid out: a first build
    job = pdf_job(report, fragments, "screen", args.work / "out.pdf")
    work = job.work
    if "parts" in {field.name for field in dataclasses.fields(work)}:
        work = dataclasses.replace(work, parts=True, jobs=1)
    import weasyprint  # noqa: F401  (imported in the PDF process before its job arrives)

    stage = cProfile.Profile()
    started = time.process_time()
    stage.enable()
    pages = job.function(work)
    stage.disable()
    stage_cpu = time.process_time() - started
    print(f"### Reading, checks and Markdown (pandoc's cache warm): {reading_cpu:.2f} CPU s (profiled)\n\n{top(reading, args.top)}\n")
    print(f"### The PDF stage: {stage_cpu:.2f} CPU s (profiled), {pages} pages\n\n{top(stage, args.top)}")


if __name__ == "__main__":
    main()
