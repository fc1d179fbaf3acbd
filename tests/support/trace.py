"""A build traced with ``strace -f``: every file and network call of every process it starts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

STRACE = shutil.which("strace")


def strace_works() -> bool:
    if STRACE is None:
        return False
    done = subprocess.run([STRACE, "-f", "-qq", "-e", "trace=openat", "-o", os.devnull, "true"], capture_output=True, check=False)
    return done.returncode == 0


def needs_strace(test):
    """Skip without strace, except under CI, where .ci/run installs it and a skip would hide a gap."""
    if strace_works() or os.environ.get("CI") == "true":
        return test
    return pytest.mark.skip(reason="strace is not installed or may not trace here (apt-get install strace)")(test)


SYSCALL = re.compile(r"^(\d+) +(\w+)\((.*)$")


PATH_ARG = re.compile(r'^(?:(AT_FDCWD(?:<[^>]*>)?|\d+<[^>]*>), )?"((?:[^"\\]|\\.)*)"')


def traced_build(tmp_path: Path, source: Path, *targets: str) -> tuple[int, str, list[tuple[str, str, str]]]:
    """Run ``build.py`` under strace; the exit status, stderr and (syscall, path, result) of every file and network call."""
    out, temporary, cache = tmp_path / "out", tmp_path / "tmp", tmp_path / "cache"
    temporary.mkdir(exist_ok=True)
    trace = tmp_path / "trace.txt"
    env = {**os.environ, "TMPDIR": str(temporary), "FOLIO_CACHE": str(cache)}
    done = subprocess.run(
        [
            STRACE,
            "-f",
            "-qq",
            "-y",
            "-s",
            "4096",
            "-e",
            "trace=%file,%network",
            "-o",
            str(trace),
            sys.executable,
            str(ROOT / "build.py"),
            *targets,
            "-q",
            "--source",
            str(source),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=600,
        check=False,
    )
    calls = []
    for line in trace.read_text(errors="replace").splitlines():
        match = SYSCALL.match(line)
        if not match:
            continue
        _, name, rest = match.groups()
        argument = PATH_ARG.match(rest)
        path = ""
        if argument:
            base, path = argument.groups()
            if base and not base.startswith("AT_FDCWD") and not path.startswith("/"):
                path = base[base.index("<") + 1 : -1] + "/" + path
        result = rest.rsplit(" = ", 1)[-1] if " = " in rest else ""
        calls.append((name, path, result))
    return done.returncode, done.stderr, calls


def opened(calls: list[tuple[str, str, str]], kinds: tuple[str, ...] = ("open", "openat", "openat2", "creat")) -> set[str]:
    """Paths a process opened (successfully)."""
    return {path for name, path, result in calls if name in kinds and path.startswith("/") and not result.startswith("-1")}
