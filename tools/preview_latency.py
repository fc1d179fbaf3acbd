#!/usr/bin/env python3
"""Benchmark: how long an edit takes to show in the browser page of ``build.py serve``.

Copies this repository's report to a temporary folder, starts the preview on
it, opens the page in headless Chromium (Playwright), then edits a chapter
heading N times and times each edit from the file write to the new text in
the page's DOM.  Prints every run, the median and the worst.

    .venv/bin/python tools/preview_latency.py [--runs 10] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = "chapters/01-introduction.md"
HEADING = "## A region that moved online"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def copy_report(target: Path) -> Path:
    for name in ("report.yaml", "references.yaml"):
        shutil.copy(ROOT / name, target / name)
    for name in ("chapters", "profiles", "images", "data"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name)
    return target


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=10)
    options.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("google-chrome") or "/usr/bin/chromium")
    args = options.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="folio-latency-") as folder:
        source = copy_report(Path(folder))
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--source", str(source), "--port", "0"],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stdin=subprocess.DEVNULL,
            text=True,
            env=dict(os.environ),
        )
        lines: list[str] = []
        threading.Thread(target=lambda: lines.extend(server.stderr), daemon=True).start()
        try:
            url = wait_for(lines, r"serving the preview at (\S+)")
            wait_for(lines, r"first build")
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=args.chromium, headless=True, args=FLAGS)
                page = browser.new_page()
                page.goto(url)
                chapter = source / CHAPTER
                original = chapter.read_text("utf-8")
                times = []
                for run in range(args.runs):
                    marker = f"Edited heading number {run}"
                    start = time.perf_counter()
                    chapter.write_text(original.replace(HEADING, f"## {marker}", 1), encoding="utf-8")
                    page.wait_for_function(f"document.querySelector('#intro-moved-online > h2')?.innerText === {marker!r}", timeout=30_000)
                    times.append(time.perf_counter() - start)
                    print(f"edit {run + 1}: {times[-1]:.3f} s", flush=True)
                    time.sleep(0.3)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=20)
    rebuilds = [float(m.group(1)) for line in lines if (m := re.search(r"page rebuilt in ([\d.]+) s", line))][1:]
    print(f"edit to browser: median {statistics.median(times):.3f} s, worst {max(times):.3f} s over {len(times)} edits")
    if rebuilds:
        print(f"server rebuild alone: median {statistics.median(rebuilds):.3f} s")
    return 0


def wait_for(lines: list[str], pattern: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in list(lines):
            if match := re.search(pattern, line):
                return match.group(1) if match.groups() else line
        time.sleep(0.05)
    raise SystemExit(f"the preview did not print {pattern!r}:\n{''.join(lines)}")


if __name__ == "__main__":
    sys.exit(main())
