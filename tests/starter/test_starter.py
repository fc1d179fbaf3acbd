"""``folio new``: a starter report that builds at once, passes EPUBCheck, and never overwrites a folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from support.epub import SUCCESS, epubcheck
from support.run import folio
from support.workflows import actionlint

from folio.source.schema import REPORT


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("teams") / "Annual Review 2027"
    done = folio("new", folder)
    assert done.code == 0, done.stderr
    return folder


def test_writes_a_whole_report_folder(starter: Path) -> None:
    written = sorted(str(path.relative_to(starter)) for path in starter.rglob("*") if path.is_file())
    assert written == [
        ".github/workflows/release.yml",
        ".gitignore",
        "Makefile",
        "README.md",
        "chapters/01-introduction.md",
        "chapters/02-findings.md",
        "images/growth.svg",
        "profiles/nz-harbour-weaving.yaml",
        "references.yaml",
        "report.yaml",
    ]
    report = yaml.safe_load((starter / "report.yaml").read_text("utf-8"))
    assert report["slug"] == "annual-review-2027" and report["identifier"].startswith("urn:uuid:")
    assert report["folio"] == ">=0.2"
    text = (starter / "report.yaml").read_text("utf-8")
    commented = {line.lstrip("# ").split(":")[0] for line in text.splitlines() if line.startswith("# ") and ":" in line}
    assert set(REPORT.names) <= set(report) | commented  # every field, the optional ones commented out
    assert "$" not in text + (starter / "README.md").read_text("utf-8")


def test_two_starters_never_share_an_identifier(tmp_path: Path) -> None:
    for name in ("a", "b"):
        assert folio("new", tmp_path / name).code == 0
    ids = {yaml.safe_load((tmp_path / name / "report.yaml").read_text())["identifier"] for name in ("a", "b")}
    assert len(ids) == 2


@pytest.mark.slow
def test_builds_at_once_and_epubcheck_passes(starter: Path, tmp_path: Path) -> None:
    done = folio("build", "pdf", "epub", "--out", tmp_path, "-q", cwd=starter)
    assert (done.code, done.stderr) == (0, "")
    text = subprocess.run(["pdftotext", str(tmp_path / "annual-review-2027.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    for expected in ("Introduction", "Findings", "Harbour Weaving", "Firms selling online, by year", "References"):
        assert expected in text
    assert epubcheck(tmp_path / "annual-review-2027.epub") == SUCCESS


def test_the_release_workflow_passes_actionlint(starter: Path) -> None:
    linter = actionlint()
    if linter is None:
        pytest.skip("actionlint is not installed: pip install -e '.[test]'")
    workflow = starter / ".github" / "workflows" / "release.yml"
    done = subprocess.run([linter, "-no-color", "-oneline", str(workflow)], capture_output=True, text=True, cwd=starter, timeout=120)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_the_makefile_runs_folio(starter: Path) -> None:
    # a make of its own, not a sub-make of this repository's `make test` (which would print "Entering directory")
    quiet = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    command = ["make", "--no-print-directory", "-n", "check", "docx"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=starter, check=True, env=quiet)
    assert done.stdout.split("\n")[:2] == ["folio check", "folio build docx"]


def test_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    done = folio("new", tmp_path)
    assert done.code == 2
    assert (
        done.stderr.splitlines()[-1]
        == f"folio new: error: {tmp_path} is not empty; give a new or empty folder (folio new never overwrites files)"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    (tmp_path / "file").write_text("")
    assert folio("new", tmp_path / "file").code == 2
    assert folio("new").code == 2
