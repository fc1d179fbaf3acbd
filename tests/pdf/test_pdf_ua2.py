"""``pdf_standard: ua-2``: the reading PDF as PDF/UA-2 (PDF 2.0), held against the PDF/UA-1 default.

The README says what the second level changes and what it does not: the same
structure tree as PDF/UA-1 (figures in a group, no ``/Lang`` on spans), with
PDF 2.0's header, identification and structure namespace.  These tests read
both files back, so a WeasyPrint that tags better shows here first.
"""

from __future__ import annotations

import collections
import shutil
from pathlib import Path

import pikepdf
import pytest
from conftest import REPORTS, Built, builds_editions, run_build
from support.pdf import outloud, pagination_artifacts, structure


@pytest.fixture(scope="module")
@builds_editions
def ua2(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("ua2") / "letter-scripts"
    shutil.copytree(REPORTS / "letter-scripts", source)
    with (source / "report.yaml").open("a", encoding="utf-8") as report:
        report.write("pdf_standard: ua-2\n")
    out = source.parent / "out"
    run = run_build("pdf", "--source", source, "--out", out, env={"FOLIO_CACHE": str(tmp_path_factory.getbasetemp() / "folio-cache")})
    assert run.code == 0, run.stderr
    return out / "letter-scripts.pdf"


def element_counts(path: Path) -> collections.Counter:
    with pikepdf.open(path) as pdf:
        return collections.Counter(str(element.get("/S")) for element in structure(pdf))


def test_ua2_is_pdf_2_with_its_identification_and_namespace(ua2: Path) -> None:
    with pikepdf.open(ua2) as pdf:
        assert pdf.pdf_version == "2.0"
        meta = pdf.open_metadata()
        assert (meta["pdfuaid:part"], meta["pdfuaid:rev"]) == ("2", "2024")
        namespaces = [str(ns.NS) for ns in pdf.Root.StructTreeRoot.Namespaces]
        assert namespaces == ["http://iso.org/pdf2/ssn"]
        assert pdf.Root.MarkInfo.Marked is True and str(pdf.Root.Lang) == "en-US"


def test_ua2_has_the_structure_tree_of_ua1(ua2: Path, scripts_build: Built) -> None:
    assert element_counts(ua2) == element_counts(scripts_build.pdf)
    with pikepdf.open(ua2) as pdf:
        elements = structure(pdf)
        figures = [e for e in elements if e.get("/S") == pikepdf.Name.Figure]
        assert figures and all(str(e.get("/Alt", "")).strip() for e in figures)
        # the limits the README names for both levels: a figure sits in a group, spans carry no /Lang
        assert {str(e.P.S) for e in figures} == {"/NonStruct"}
        assert not [e for e in elements if e.get("/S") == pikepdf.Name.Span and "/Lang" in e]


def test_ua2_running_heads_are_artifacts_as_in_ua1(ua2: Path, scripts_build: Built) -> None:
    artifacts = pagination_artifacts(ua2)
    assert artifacts > 0 and artifacts == pagination_artifacts(scripts_build.pdf)


def test_outloud_finds_in_ua2_what_it_finds_in_ua1_and_the_level_it_does_not_test(ua2: Path, scripts_build: Built) -> None:
    result = outloud(ua2)
    assert result["verdict"] == "pass", [(f["rule"], f["message"]) for f in result["findings"]]
    assert result["counts"]["warning"] == 0
    rules = sorted(f["rule"] for f in result["findings"])
    assert rules == sorted(
        ["DOC-012", *(f["rule"] for f in outloud(scripts_build.pdf)["findings"])]
    )  # DOC-012: "this checker tests PDF/UA-1"


def test_an_unknown_pdf_standard_is_a_located_error(tmp_path: Path) -> None:
    source = tmp_path / "minimal"
    shutil.copytree(REPORTS / "minimal", source)
    with (source / "report.yaml").open("a", encoding="utf-8") as report:
        report.write("pdf_standard: ua-3\n")
    run = run_build("check", "--source", source)
    assert run.code == 1
    line = len((source / "report.yaml").read_text("utf-8").splitlines())
    assert f"report.yaml:{line}: pdf_standard: expected ua-1 or ua-2, got" in run.stderr, run.stderr
