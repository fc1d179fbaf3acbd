"""``tools/release_checks.py``: the validators' own reports and the accessibility statement a release attaches.

Run for real on the letter-size fixture's editions: EPUBCheck, Ace (on
Chromium) and outloud write their reports, and the statement names what each
file claims, as read off the file, and what the checks found.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPORTS, ROOT, run_build

TOOL = ROOT / "tools" / "release_checks.py"
ACE = ROOT / "node_modules" / ".ace" / "node_modules" / ".bin" / "ace-puppeteer"
SLUG = "letter-scripts"


def checks(source: Path, dist: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(TOOL), "--source", str(source), "--dist", str(dist)], capture_output=True, text=True, timeout=900, check=False
    )


def validators_missing() -> str | None:
    if shutil.which("java") is None:
        return "EPUBCheck needs Java (apt-get install default-jre-headless)"
    if not ACE.exists() or not (os.environ.get("FOLIO_CHROMIUM") or shutil.which("chromium")):
        return "Ace needs node_modules/.ace and Chromium (see .ci/run)"
    return None


@pytest.mark.slow
def test_every_edition_gets_its_validators_report_and_the_statement_says_what_it_claims(tmp_path: Path) -> None:
    missing = validators_missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}: mandatory under CI")
        pytest.skip(missing)
    source, dist = REPORTS / SLUG, tmp_path / "dist"
    for args in (["pdf", "epub", "html"], ["pdf", "--edition", "press"]):
        built = run_build(*args, "--source", source, "--out", dist)
        assert built.code == 0, built.stderr
    done = checks(source, dist)
    assert done.returncode == 0, done.stderr
    folder = dist / "checks"
    epubcheck = json.loads((folder / f"{SLUG}.epub.epubcheck.json").read_text("utf-8"))
    assert (epubcheck["checker"]["nError"], epubcheck["checker"]["nFatal"], epubcheck["checker"]["nWarning"]) == (0, 0, 0)
    ace = json.loads((folder / f"{SLUG}.epub.ace.json").read_text("utf-8"))
    assert ace["earl:result"]["earl:outcome"] == "pass"
    outloud = json.loads((folder / f"{SLUG}.pdf.outloud.json").read_text("utf-8"))
    assert outloud["results"][0]["verdict"] == "pass"
    assert (folder / f"{SLUG}.pdf.outloud.html").read_text("utf-8").lstrip().lower().startswith("<!doctype html")
    assert not list(folder.glob(f"{SLUG}-press.pdf.*")), "the press PDF is for the printer: no reading checks"

    statement = (folder / "accessibility-statement.md").read_text("utf-8")
    rows = {line.split("|")[1].strip(" `"): line for line in statement.splitlines() if line.startswith("| `")}
    assert set(rows) == {f"{SLUG}.pdf", f"{SLUG}-press.pdf", f"{SLUG}.epub", f"{SLUG}.html"}
    assert "PDF/UA-1 (ISO 14289-1), tagged PDF 1.7" in rows[f"{SLUG}.pdf"] and "outloud 0.2" in rows[f"{SLUG}.pdf"]
    assert "PDF/X-4 (ISO 15930-7), output intent FOGRA39; not tagged" in rows[f"{SLUG}-press.pdf"]
    assert (
        "EPUB Accessibility 1.1" in rows[f"{SLUG}.epub"]
        and "EPUBCheck 5." in rows[f"{SLUG}.epub"]
        and "Ace by DAISY 1.4" in rows[f"{SLUG}.epub"]
    )
    assert "no message; pass, no violation" in rows[f"{SLUG}.epub"]
    for name in (f"{SLUG}.pdf.outloud.json", f"{SLUG}.epub.epubcheck.json", f"{SLUG}.epub.ace.json"):
        assert f"`{name}`" in statement and (folder / name).is_file()
    assert "## What a person still has to check" in statement and "Contrast (Minimum) (WCAG 1.4.3)" in statement


@pytest.mark.slow
def test_a_reading_pdf_that_fails_its_check_fails_the_release_and_says_so(tmp_path: Path) -> None:
    source, dist = REPORTS / SLUG, tmp_path / "dist"
    built = run_build("pdf", "--edition", "press", "--source", source, "--out", dist)
    assert built.code == 0, built.stderr
    # an untagged PDF where the reading PDF belongs
    shutil.copyfile(dist / f"{SLUG}-press.pdf", dist / f"{SLUG}.pdf")
    done = checks(source, dist)
    assert done.returncode == 1
    assert f"{SLUG}.pdf: outloud" in done.stderr and "fail" in done.stderr
    statement = (dist / "checks" / "accessibility-statement.md").read_text("utf-8")
    row = next(line for line in statement.splitlines() if line.startswith(f"| `{SLUG}.pdf`"))
    assert "fail:" in row


def test_no_editions_is_an_error(tmp_path: Path) -> None:
    done = checks(REPORTS / "minimal", tmp_path / "empty")
    assert done.returncode == 1 and "no editions of" in done.stderr and "build them first" in done.stderr
