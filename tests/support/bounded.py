"""Running folio on hostile input as a user would, and measuring what it cost.

:func:`measured` runs a folio command line in a fresh process group and
returns its exit status, its output, the wall time and the peak memory: the
largest resident set of the process or of any process it waited for (pandoc,
the PDF process), as the kernel counts it (``ru_maxrss`` of its children,
read by a small launcher that starts it).  A
command still running at its deadline is killed with its whole group, and the
test fails: a hang is never a pass.
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT

MEMORY_CEILING_MB = 1000
"""What any refused input may cost at most, over every process of the build."""


@dataclass(frozen=True)
class Measured:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float

    @property
    def lines(self) -> list[str]:
        return self.stderr.splitlines()


LAUNCHER = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[2:])
with open(sys.argv[1], "w") as report:
    report.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(done.returncode)
"""
"""Runs the command and writes the largest resident set of it and of anything it waited for.  The launcher is a
fresh process, so the command is forked from it, not from the test: a process's peak counts what it held before
``exec``, and the test's own memory is no part of the build's."""


def measured(
    *args: str | Path, timeout: float = 300, env: dict | None = None, module: str | None = None, file_size: int | None = None
) -> Measured:
    """``python build.py ARGS`` (or ``python -m MODULE ARGS``), with its cost; fails the test on a hang.

    ``file_size``: the largest file, in bytes, the command and its children may write (``RLIMIT_FSIZE``),
    as on a nearly full disk.
    """
    import tempfile

    command = [sys.executable, *(["-m", module] if module else [str(ROOT / "build.py")]), *map(str, args)]
    with tempfile.NamedTemporaryFile("r", prefix="folio-peak-", suffix=".txt") as peak:
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "-c", LAUNCHER, peak.name, *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            start_new_session=True,
            preexec_fn=None if file_size is None else lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, file_size)),
        )
        timer = threading.Timer(timeout, lambda: os.killpg(process.pid, signal.SIGKILL))
        timer.start()
        try:
            stdout, stderr = process.communicate()
        finally:
            timer.cancel()
        seconds = time.monotonic() - started
        peak_kb = int(peak.read() or 0)
    out, err = stdout.decode("utf-8", "replace"), stderr.decode("utf-8", "replace")
    assert seconds < timeout, f"still running after {timeout} s: {' '.join(map(str, args))}\n{err[-3000:]}"
    return Measured(process.returncode, out, err, seconds, peak_kb / 1024)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def previous_editions(out: Path, slug: str) -> dict[str, bytes]:
    """An output folder holding a previous build's editions; its snapshot."""
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{slug}.pdf").write_bytes(b"%PDF- the previous edition")
    (out / f"{slug}.epub").write_bytes(b"PK the previous edition")
    (out / f"{slug}.html").write_bytes(b"<!DOCTYPE html> the previous edition")
    (out / "SHA256SUMS").write_text("previous\n")
    return snapshot(out)


def refused(run: Measured) -> list[str]:
    """The located messages of a run that stopped on report errors (exit 1), without the summary line."""
    assert run.code == 1, run.stderr[-3000:]
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.peak_mb < MEMORY_CEILING_MB, f"peak memory {run.peak_mb:.0f} MB"
    return run.lines[:-1]
