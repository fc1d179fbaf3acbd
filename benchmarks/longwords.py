#!/usr/bin/env python3
"""How the PDF's layout time grows with the length of one word that has no place to break.

    .venv/bin/python benchmarks/longwords.py                  # 2,000 to 50,000 letters, about two minutes
    .venv/bin/python benchmarks/longwords.py --lengths 1000 4000

Each length is one chapter of the minimal fixture holding one word of that
many letters (``abcdefghij`` repeated: a run the hyphenation dictionary
finds places to cut in, the costliest kind), built with ``build.py pdf -v``
in a fresh process; the PDF layout time it reports, and the time per
thousand letters, are printed.  Linear growth shows as a steady time per
thousand letters.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def layout_seconds(length: int, work: Path) -> tuple[float, float]:
    """The PDF layout time and the whole build's wall time for a word of ``length`` letters."""
    source = work / f"word-{length}"
    shutil.copytree(ROOT / "tests" / "reports" / "minimal", source)
    word = ("abcdefghij" * (length // 10 + 1))[:length]
    (source / "chapters" / "one.md").write_text(f"---\ntitle: One word\n---\n\nBefore {word} after.\n")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "pdf", "-v", "--source", str(source), "--out", str(work / f"out-{length}")],
        capture_output=True,
        text=True,
        env={"FOLIO_CACHE": str(work / "cache"), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    wall = time.perf_counter() - started
    found = re.search(r"PDF \(screen\) layout\s+([\d.]+) s", done.stderr)
    return (float(found.group(1)) if found else float("nan")), wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lengths", type=int, nargs="+", default=[2_000, 5_000, 10_000, 20_000, 50_000])
    args = parser.parse_args()
    print(f"{'letters':>8}  {'layout s':>9}  {'s per 1,000':>11}  {'build s':>8}")
    with tempfile.TemporaryDirectory(prefix="folio-longwords-") as folder:
        for length in args.lengths:
            layout, wall = layout_seconds(length, Path(folder))
            print(f"{length:>8,}  {layout:>9.2f}  {layout / length * 1000:>11.3f}  {wall:>8.2f}", flush=True)


if __name__ == "__main__":
    main()
