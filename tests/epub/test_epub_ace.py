"""Ace by DAISY finds no accessibility violation in any report's EPUB.

Ace 1.4.6 runs offline with Debian's Chromium through its Puppeteer runner
(``ace-puppeteer``; the default runner needs Electron).  ``.ci/run`` installs
it into ``node_modules/.ace``; where npm, Ace or Chromium is missing the test
is skipped and says which.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, chromium_path, copy_report, run_build
from support.epub import REPORT_NAMES, conforming_build

ACE = ROOT / "node_modules" / ".ace" / "node_modules" / ".bin" / "ace-puppeteer"


def violations(report: dict) -> list[str]:
    found = []
    for document in report.get("assertions", []):
        for check in document.get("assertions", []):
            result = check["earl:result"]
            if result["earl:outcome"] != "pass":
                where = result.get("earl:pointer", {}).get("css", [])
                found.append(
                    f"{document['earl:testSubject']['url']}: {check['earl:test']['dct:title']} {where[:2]} "
                    f"{result.get('dct:description', '')[:160]}"
                )
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name", REPORT_NAMES)
def test_ace_finds_no_violation(name: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Ace needs Node.js and npm (apt-get install npm), then .ci/run's Ace block")
    if not ACE.exists():
        pytest.skip("Ace is not installed: run the Ace block of .ci/run (npm install @daisy/ace@1.4.6 into node_modules/.ace)")
    browser = chromium_path()
    if browser is None:
        pytest.skip("Ace needs Chromium (apt-get install chromium)")
    built = conforming_build(name, request)
    out = tmp_path / "ace"
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": browser, "PUPPETEER_SKIP_DOWNLOAD": "1", "ELECTRON_SKIP_BINARY_DOWNLOAD": "1"}
    done = subprocess.run(
        [str(ACE), "-E", "-f", "-s", "-o", str(out), str(built.epub)], capture_output=True, text=True, timeout=600, env=env, check=False
    )
    assert (out / "report.json").is_file(), done.stdout + done.stderr
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert violations(report) == []
    assert report["earl:result"]["earl:outcome"] == "pass"
    missing = set(report["a11y-metadata"]["missing"]) - {"a11y:certifierCredential", "a11y:certifierReport"}
    assert missing == set(), "accessibility metadata Ace looks for"


@pytest.mark.slow
def test_ace_finds_no_violation_in_the_translated_editions(tmp_path: Path) -> None:
    if shutil.which("node") is None or not ACE.exists() or chromium_path() is None:
        pytest.skip("Ace needs Node.js, Chromium and .ci/run's Ace block")
    out = tmp_path / "out"
    built = run_build("epub", "--lang", "all", "--source", copy_report("translated", tmp_path), "--out", out)
    assert built.code == 0, built.stderr
    books = sorted(out.glob("*.*.epub"))
    assert {book.suffixes[-2] for book in books} >= {".ja", ".ko", ".vi"}
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium_path(), "PUPPETEER_SKIP_DOWNLOAD": "1", "ELECTRON_SKIP_BINARY_DOWNLOAD": "1"}
    for book in books:
        folder = tmp_path / f"ace-{book.stem}"
        done = subprocess.run(
            [str(ACE), "-E", "-f", "-s", "-o", str(folder), str(book)], capture_output=True, text=True, timeout=600, env=env
        )
        assert (folder / "report.json").is_file(), done.stdout + done.stderr
        report = json.loads((folder / "report.json").read_text("utf-8"))
        assert violations(report) == [], book.name
