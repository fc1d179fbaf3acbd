"""Shared test helpers: the project root, fixture reports, running the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORTS = Path(__file__).resolve().parent / "reports"
CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def run_build(*args: str | Path, env: dict | None = None, cwd: Path | None = None, timeout: int = 600) -> Run:
    """``python build.py ARGS`` in a fresh process, exactly as a user runs it."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=cwd or ROOT,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def copy_report(name: str, target: Path) -> Path:
    """A writable copy of the fixture report ``tests/reports/NAME``."""
    folder = target / name
    shutil.copytree(REPORTS / name, folder)
    return folder


def copy_main_report(target: Path) -> Path:
    """A writable copy of the report this repository publishes."""
    folder = target / "main-report"
    folder.mkdir()
    for name in ("report.yaml", "references.yaml"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("chapters", "profiles", "images", "data"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, folder / name)
    return folder


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test session uses its own folio cache, never the user's."""
    monkeypatch.setenv("FOLIO_CACHE", str(tmp_path_factory.getbasetemp() / "folio-cache"))
