"""The PDF process: answers after layout and at the end, errors come back whole, nothing outlives a build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_report, run_build

from folio.errors import Problem, ReportError
from folio.run.parallel import Job, PdfProcess, PdfProcessFailed


# Jobs run in the PDF process; they are module-level so they travel by name.
def lays_out_then_paints(pages: int, *, on_layout) -> str:
    on_layout(list(range(pages)))
    return f"{pages} pages painted"


def count_pages(document: list) -> dict:
    return {"pages": len(document), "pid": os.getpid()}


def rejects_the_report(_: None, *, on_layout) -> None:
    raise ReportError([Problem("chapters/one.md", 3, "a located mistake")])


def breaks(_: None, *, on_layout) -> None:
    raise ZeroDivisionError("a bug in a stage")


def dies(_: None, *, on_layout) -> None:
    os._exit(3)


def sleeps(_: None, *, on_layout) -> None:
    time.sleep(60)


def test_layout_is_answered_before_the_job_ends_and_the_job_runs_in_another_process() -> None:
    with PdfProcess(preload=()) as process:
        process.submit(Job(lays_out_then_paints, 3, count_pages))
        layout = process.layout()
        assert layout["pages"] == 3 and layout["pid"] != os.getpid()
        assert process.result() == "3 pages painted"
        timings = process.timings()
    assert timings.layout >= 0 and timings.paint >= 0 and timings.preload >= 0


def test_without_a_summary_the_layout_answer_is_none() -> None:
    with PdfProcess(preload=()) as process:
        process.submit(Job(lays_out_then_paints, 2))
        assert process.layout() is None
        assert process.result() == "2 pages painted"


def test_a_report_error_comes_back_as_the_same_error() -> None:
    with PdfProcess(preload=()) as process:
        process.submit(Job(rejects_the_report, None))
        with pytest.raises(ReportError) as raised:
            process.layout()
    assert [str(p) for p in raised.value.problems] == ["chapters/one.md:3: a located mistake"]


def test_a_bug_comes_back_with_its_traceback() -> None:
    with PdfProcess(preload=()) as process:
        process.submit(Job(breaks, None))
        with pytest.raises(PdfProcessFailed, match=r"(?s)ZeroDivisionError: a bug in a stage"):
            process.result()


def test_a_process_that_dies_is_a_failure_not_a_hang() -> None:
    with PdfProcess(preload=()) as process:
        process.submit(Job(dies, None))
        with pytest.raises(PdfProcessFailed, match="exit status 3"):
            process.result()


def test_closing_stops_a_process_still_at_work() -> None:
    process = PdfProcess(preload=())
    process.submit(Job(sleeps, None))
    started = time.monotonic()
    process.close()
    assert time.monotonic() - started < 10
    assert not process._process.is_alive()


def test_a_process_never_given_a_job_ends_quietly() -> None:
    process = PdfProcess()
    process.close()
    assert process._process.exitcode is not None


# -- the real build -----------------------------------------------------------------------


@pytest.mark.slow
def test_editions_built_together_equal_editions_built_alone(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    together = run_build("pdf", "epub", "--source", source, "--out", tmp_path / "together")
    alone_pdf = run_build("pdf", "--source", source, "--out", tmp_path / "pdf")
    alone_epub = run_build("epub", "--source", source, "--out", tmp_path / "epub")
    assert together.code == alone_pdf.code == alone_epub.code == 0, together.stderr + alone_pdf.stderr + alone_epub.stderr
    assert (tmp_path / "together" / "minimal.pdf").read_bytes() == (tmp_path / "pdf" / "minimal.pdf").read_bytes()
    assert (tmp_path / "together" / "minimal.epub").read_bytes() == (tmp_path / "epub" / "minimal.epub").read_bytes()


@pytest.mark.slow
def test_verbose_shows_where_the_time_goes(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    built = run_build("pdf", "epub", "-v", "--source", source, "--out", tmp_path / "out")
    assert built.code == 0, built.stderr
    for stage in (
        "up-to-date check",
        "check the report folder",
        "Markdown through pandoc",
        "EPUB",
        "PDF (screen) layout",
        "PDF (screen) painting",
    ):
        assert any(line.startswith(stage) and line.rstrip().endswith(" s") for line in built.stderr.splitlines()), stage
    assert "WeasyPrint loaded in" in built.stderr and "pandoc:" in built.stderr


def processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                pass
    return found


@pytest.mark.slow
def test_a_killed_build_leaves_no_pdf_process_and_no_edition(tmp_path: Path) -> None:
    source = copy_report("letter-scripts", tmp_path)
    out = tmp_path / "out"
    build = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "pdf", "epub", "-v", "--source", str(source), "--out", str(out)],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "FOLIO_CACHE": str(tmp_path / "cache")},
    )
    for line in build.stderr:
        if line.startswith("Markdown through pandoc"):
            break
    build.send_signal(signal.SIGTERM)
    build.communicate(timeout=60)
    assert build.returncode == 130
    deadline = time.monotonic() + 10
    while processes_mentioning(str(out)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_mentioning(str(out)) == []
    assert not out.exists() or not any(out.iterdir())
