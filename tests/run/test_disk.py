"""Editions on disk stay whole: ``--out`` holds one build's set, whatever the disk does.

Each test builds a real report into an output folder that already holds a
previous build's editions, makes the disk misbehave at the operating system's
level (a folder where an edition goes, a small tmpfs that fills up, a file
size limit, the folder remounted read-only while the build runs) and checks
the folder afterwards, byte for byte: either the new set with a
``SHA256SUMS`` that ``sha256sum --check`` accepts, or the previous files
exactly as they were, and never a ``.partial`` file left behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import ROOT, copy_report
from support.bounded import measured, previous_editions, snapshot

SLUG = "minimal"


def sums_check(out: Path) -> None:
    done = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=out, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def hidden(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.startswith(".") and p.name != ".folio-state.json")


@contextmanager
def small_disk(path: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``path`` (root only)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root; the file-size-limit tests cover the same ground")
    path.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_folder_where_an_edition_goes_stops_the_build_before_anything_moves(tmp_path: Path) -> None:
    source = copy_report(SLUG, tmp_path)
    out = tmp_path / "out"
    before = previous_editions(out, SLUG)
    (out / f"{SLUG}.epub").unlink()
    (out / f"{SLUG}.epub").mkdir()
    (out / f"{SLUG}.epub" / "kept.txt").write_text("mine")
    before = snapshot(out)

    run = measured("pdf", "epub", "-q", "--source", source, "--out", out, timeout=300)

    assert run.code == 1, run.stderr
    assert run.lines == [
        f"{out}/{SLUG}.epub: is a folder, where folio writes {SLUG}.epub; move it away, or choose another --out",
        f"1 error; nothing was written to {out}",
    ]
    assert snapshot(out) == before
    assert hidden(out) == []


@pytest.mark.slow
def test_sha256sums_is_written_with_the_editions_and_lists_the_whole_set(tmp_path: Path) -> None:
    source = copy_report(SLUG, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{SLUG}-print.pdf").write_bytes(b"%PDF- an edition of an earlier build, kept")
    (out / "SHA256SUMS").write_text("stale\n")

    run = measured("pdf", "epub", "-q", "--source", source, "--out", out, timeout=300)

    assert run.code == 0, run.stderr
    listed = sorted(line.split("  ", 1)[1] for line in (out / "SHA256SUMS").read_text().splitlines())
    assert listed == [f"{SLUG}-print.pdf", f"{SLUG}.epub", f"{SLUG}.pdf"]
    sums_check(out)
    assert hidden(out) == []


@pytest.mark.slow
@pytest.mark.parametrize("first", [False, True], ids=["over-a-previous-build", "first-build"])
def test_a_full_disk_leaves_the_previous_editions(tmp_path: Path, first: bool) -> None:
    source = copy_report(SLUG, tmp_path)
    with small_disk(tmp_path / "out", "64k") as out:
        before = {} if first else previous_editions(out, SLUG)
        before = snapshot(out)

        run = measured("pdf", "epub", "html", "-q", "--source", source, "--out", out, timeout=300)

        assert run.code == 1, run.stderr
        assert "Traceback" not in run.stderr
        assert run.lines == [
            f"{out}: cannot be written: the disk is full (No space left on device); "
            "free some space, or write somewhere else (--out, TMPDIR, FOLIO_CACHE)",
            f"nothing was written to {out}",
        ]
        assert snapshot(out) == before
        assert hidden(out) == []  # no .SHA256SUMS.partial, no half edition


@pytest.mark.slow
@pytest.mark.parametrize("kilobytes", [16, 256, 1024, 8192])
def test_a_file_size_limit_stops_the_build_cleanly_or_not_at_all(tmp_path: Path, kilobytes: int) -> None:
    """``RLIMIT_FSIZE`` (``ulimit -f``) makes every large write fail, wherever it is: the cache, the staging folder, --out."""
    source = copy_report(SLUG, tmp_path)
    out = tmp_path / "out"
    before = previous_editions(out, SLUG)
    env = {"TMPDIR": str(tmp_path), "FOLIO_CACHE": str(tmp_path / "cache")}

    run = measured("pdf", "epub", "html", "-q", "--source", source, "--out", out, timeout=300, env=env, file_size=kilobytes * 1024)

    assert "Traceback" not in run.stderr, run.stderr
    if run.code == 1:
        assert run.lines[-1] == f"nothing was written to {out}"
        assert "cannot be written: the file is larger than this system allows (File too large)" in run.lines[0]
        assert snapshot(out) == before
    else:
        assert run.code == 0, run.stderr
        assert kilobytes >= 1024
        sums_check(out)
        assert {p.name for p in out.iterdir()} == {f"{SLUG}.pdf", f"{SLUG}.epub", f"{SLUG}.html", "SHA256SUMS", ".folio-state.json"}
    assert hidden(out) == []
    assert [p for p in tmp_path.glob("folio-run-*")] == []


@pytest.mark.slow
def test_an_output_folder_made_read_only_during_the_build(tmp_path: Path) -> None:
    source = copy_report(SLUG, tmp_path)
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    root = os.geteuid() == 0
    with small_disk(tmp_path / "out", "16m") if root else _plain_folder(tmp_path / "out") as out:
        before = previous_editions(out, SLUG)
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "pdf", "epub", "-q", "--source", str(source), "--out", str(out)],
            stderr=subprocess.PIPE, text=True, cwd=ROOT,
            env={**os.environ, "TMPDIR": str(temporary), "FOLIO_CACHE": str(tmp_path / "cache")},
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while not list(temporary.glob(f"folio-run-{process.pid}-*/folio-stage-*")):  # the editions are being written aside
            assert process.poll() is None and time.monotonic() < deadline, process.communicate()
            time.sleep(0.01)
        if root:  # root writes through permissions: only a read-only mount stops it
            subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
        else:
            out.chmod(0o555)
        try:
            _, err = process.communicate(timeout=300)
        finally:
            if not root:
                out.chmod(0o755)

        assert process.returncode == 1, err
        what = "the disk is read-only (Read-only file system)" if root else "permission denied (Permission denied)"
        assert err.splitlines() == [
            f"{out}: cannot be written: {what}; make it writable, or write somewhere else (--out, TMPDIR, FOLIO_CACHE)",
            f"nothing was written to {out}",
        ]
        assert snapshot(out) == before
        assert hidden(out) == []


@contextmanager
def _plain_folder(path: Path) -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    yield path


@pytest.mark.slow
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_full_cache_folder_costs_time_not_the_build(tmp_path: Path, jobs: str) -> None:
    """pandoc's results, the pictures' copies and (by parts) the laid-out parts go to the cache: full, it keeps nothing."""
    source = copy_report("letter-scripts", tmp_path)
    with small_disk(tmp_path / "cache", "64k") as cache:
        run = measured(
            "pdf", "epub", "-q", "--jobs", jobs, "--source", source, "--out", tmp_path / "out", env={"FOLIO_CACHE": str(cache)}, timeout=600
        )
    assert run.code == 0, run.stderr
    sums_check(tmp_path / "out")
