#!/usr/bin/env python3
"""What the sanitiser costs: the web edition and the EPUB of this report, with and without it.

    .venv/bin/python benchmarks/sanitise.py              # this repository's report, 5 rounds
    .venv/bin/python benchmarks/sanitise.py --rounds 9   # steadier medians

In one process, after a first build that fills pandoc's cache and the PDF
layout's page map: each round times the sanitiser's own calls on the
finished files (``clean_page`` on the web page, ``clean_book`` on the EPUB
before it is zipped), then builds ``html epub`` into a fresh folder twice,
once as it is and once with the two calls replaced by ones that hand the
files back untouched.  Medians of wall and CPU seconds (pandoc's EPUB run
included) are printed, with the load average: the machine is shared, so the
ratio of one run is what counts.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


@contextmanager
def timed(spent: list[float]):
    start = time.process_time()
    try:
        yield
    finally:
        spent.append(time.process_time() - start)


def cpu_seconds() -> float:
    """CPU of this process and of the child processes it waited for (pandoc)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def build(out: Path) -> tuple[float, float]:
    """``build.py html epub`` in this process: (wall, CPU) seconds, pandoc's included."""
    from folio.cli import Log, parse_request
    from folio.recipe import build as run

    request = parse_request(["html", "epub", "-q", "--source", str(ROOT), "--out", str(out)], ROOT, "build.py")
    wall, cpu = time.perf_counter(), cpu_seconds()
    run(request, Log(0))
    return time.perf_counter() - wall, cpu_seconds() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds

    import folio.epub.write as epub_write
    import folio.recipe as recipe
    from folio.sanitise.clean import Removed

    real_page, real_book = recipe.clean_page, epub_write.clean_book
    page_cpu: list[float] = []
    book_cpu: list[float] = []

    def timed_page(page: str):
        with timed(page_cpu):
            return real_page(page)

    def timed_book(book):
        with timed(book_cpu):
            return real_book(book)

    with tempfile.TemporaryDirectory(prefix="folio-bench-sanitise-") as folder:
        work = Path(folder)
        build(work / "warm")  # pandoc's cache and the screen layout's page map
        with_sanitiser: list[tuple[float, float]] = []
        without: list[tuple[float, float]] = []
        load = os.getloadavg()
        for index in range(rounds):
            recipe.clean_page, epub_write.clean_book = timed_page, timed_book
            with_sanitiser.append(build(work / f"with-{index}"))
            recipe.clean_page, epub_write.clean_book = (lambda page: (page, Removed())), (lambda book: {})
            without.append(build(work / f"without-{index}"))
        recipe.clean_page, epub_write.clean_book = real_page, real_book
        page_size = (work / "with-0" / "new-faces-indo-pacific-digital-trade.html").stat().st_size

    def median(values: list[float]) -> float:
        return statistics.median(values)

    wall_with, cpu_with = median([w for w, _ in with_sanitiser]), median([c for _, c in with_sanitiser])
    wall_without, cpu_without = median([w for w, _ in without]), median([c for _, c in without])
    print(f"sanitiser on the web page ({page_size / 1e6:.2f} MB): {median(page_cpu) * 1000:.0f} ms CPU")
    print(f"sanitiser on the EPUB (every document, picture and stylesheet): {median(book_cpu) * 1000:.0f} ms CPU")
    print(f"build html epub with the sanitiser:    {wall_with:.2f} s wall, {cpu_with:.2f} s CPU")
    print(f"build html epub without the sanitiser: {wall_without:.2f} s wall, {cpu_without:.2f} s CPU")
    print(f"the sanitiser's share: {(cpu_with - cpu_without) / cpu_with:.0%} of the build's CPU ({rounds} rounds, medians)")
    end = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} at the start, {end[0]:.1f} {end[1]:.1f} {end[2]:.1f} at the end")


if __name__ == "__main__":
    main()
