#!/usr/bin/env python3
"""What reading each chapter with its own reader and shaping Quarto's syntax costs a build.

    .venv/bin/python benchmarks/shaping.py                    # 1x and 16x this report
    .venv/bin/python benchmarks/shaping.py --source DIR ...   # and any report folder

For each report: the sources are parsed once (pandoc, from the cache), then
both shapings a build makes (each source read alone, and read again with
the report's reference definitions, :class:`folio.markdown.reading.Reading`)
are timed, the best of three, with how many sources needed any pass.  A
report in plain Markdown needs none: its cost is the walk that says so.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def measure(folder: Path) -> str:
    from folio.markdown.reading import Reading, needed
    from folio.markdown.render import sources_of
    from folio.run.cache import Cache, cache_folder
    from folio.source.load import load_report

    report = load_report(folder)
    sources = sources_of(report)
    reading = Reading(report, sources)
    cache = Cache(cache_folder())
    alone = [reading.parse_alone(source, cache) for source in sources]
    documents = [one.document for one in alone]
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        reading.shaped(sources, alone)
        finals = reading.finals(sources, documents)
        best = min(best, time.perf_counter() - start)
    shaped = sum(1 for source, final in zip(sources, finals, strict=True) if needed(final.passes, reading.dialects[source.path]))
    words = sum(len(source.text.split()) for source in sources)
    return f"{folder}: {len(sources)} sources, {words:,} words, {shaped} shaped: {best * 1000:.0f} ms a build"


def main() -> None:
    from synth import make_report

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", action="append", type=Path, default=[], help="a report folder to measure too")
    parser.add_argument("--work", type=Path, default=Path("/tmp/folio-bench-shaping"), help="where the synthetic reports go")
    args = parser.parse_args()
    for scale in (1, 16):
        print(measure(make_report(scale, args.work / f"x{scale}")))
    for folder in args.source:
        print(measure(folder))


if __name__ == "__main__":
    main()
