"""The installed ``folio`` command: subcommands over the recipe's command line, same messages and exit status."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPORTS, run_build
from support.run import folio

from folio import __version__


def test_version() -> None:
    done = folio("--version")
    assert (done.code, done.stdout) == (0, f"folio {__version__}\n")


def test_check_reads_the_current_folder_by_default() -> None:
    done = folio("check", cwd=REPORTS / "minimal")
    assert done.code == 0 and "minimal: no errors" in done.stderr


@pytest.mark.slow
def test_build_takes_the_targets_and_options_of_build_py(tmp_path: Path) -> None:
    done = folio("build", "html", "--source", REPORTS / "minimal", "--out", tmp_path, "-q")
    assert (done.code, done.stderr) == (0, "")
    assert (tmp_path / "minimal.html").is_file()


def test_usage_errors_are_build_py_errors_with_status_2(tmp_path: Path) -> None:
    ours = folio("build", "pfd", "--source", REPORTS / "minimal")
    theirs = run_build("pfd", "--source", REPORTS / "minimal")
    assert ours.code == theirs.code == 2
    # messages name the command as typed: here ``python -m folio build``
    assert ours.stderr.splitlines()[-1] == theirs.stderr.splitlines()[-1].replace("build.py", "python -m folio build")
    assert folio("frob").code == 2 and "unknown command 'frob'" in folio("frob").stderr
    assert folio("check", "--source", tmp_path / "nowhere").code == 2


def test_a_report_error_is_status_1_with_located_lines(tmp_path: Path) -> None:
    (tmp_path / "report.yaml").write_text("title: T\n")
    done = folio("check", cwd=tmp_path)
    assert done.code == 1
    assert "report.yaml:" in done.stderr and "slug" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_build_py_form_still_works_without_a_subcommand(tmp_path: Path) -> None:
    done = folio("html", "--source", REPORTS / "minimal", "--out", tmp_path, "-q")
    assert done.code == 0 and (tmp_path / "minimal.html").is_file()
