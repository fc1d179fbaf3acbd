"""The registry of editions (folio/editions/): the six outputs listed once, and everything that names them reads it.

The command line's targets and ``--edition`` choices are read from the help
as a user sees it; the file names and ``SHA256SUMS`` from a real build.
"""

from __future__ import annotations

import hashlib
import pkgutil
import re
from importlib import import_module
from pathlib import Path

import pytest
from conftest import REPORTS, run_build
from support.run import folio

import folio.editions as registry
from folio.assemble.editions import stylesheets
from folio.editions import BUILD_TARGETS, CHOICES, DEFAULT_TARGETS, EDITIONS, LAID_OUT, for_target
from folio.markdown.quarto import conditional
from folio.paths import PACKAGE
from folio.pdf.standards import pdf_variant
from folio.run.output import file_names
from folio.run.request import TARGETS
from folio.source.load import load_report

MINIMAL = REPORTS / "minimal"


def test_the_registry_lists_the_six_outputs_once() -> None:
    assert [edition.name for edition in EDITIONS] == ["screen", "print", "press", "epub", "html", "docx"]
    assert BUILD_TARGETS == ("pdf", "epub", "html", "docx")
    assert len({edition.file_name for edition in EDITIONS}) == len(EDITIONS)
    assert {edition.suffix for edition in EDITIONS} == {".pdf", ".epub", ".html", ".docx"}


def test_every_module_of_the_folder_is_an_edition_the_registry_lists() -> None:
    """A module added to folio/editions/ and not listed would be an edition no build writes."""
    declared = {
        import_module(f"folio.editions.{module.name}").EDITION
        for module in pkgutil.iter_modules(registry.__path__)
        if module.name not in ("edition", "installed")
    }
    assert declared == set(EDITIONS)


def test_targets_and_edition_choices_in_the_help_come_from_the_registry() -> None:
    done = run_build("--help")
    assert done.code == 0
    help = re.sub(r"\s+", " ", done.stdout)
    choices = re.search(r"--edition \{([a-z,]+)\}", help)
    assert choices and tuple(choices.group(1).split(",")) == CHOICES == ("screen", "print", "press")
    listed = re.search(r"TARGET ([a-z, ]+) or ([a-z]+) ", help)
    assert listed and (*listed.group(1).split(", "), listed.group(2)) == TARGETS == (*BUILD_TARGETS, "check", "serve", "proof")
    for edition in EDITIONS:
        if edition.help:
            assert f"{edition.name if edition.name in CHOICES else edition.target} ({edition.help})" in help
    assert DEFAULT_TARGETS == ("pdf", "epub")
    assert f"No target: {' and '.join(DEFAULT_TARGETS)}." in help

    usage = folio("--help")
    assert usage.code == 0
    assert f"build [{'|'.join(BUILD_TARGETS)} …]" in usage.stdout


def test_a_target_or_edition_the_registry_does_not_list_is_refused() -> None:
    done = run_build("pdf", "--edition", "web", "--source", MINIMAL)
    assert done.code == 2
    assert all(name in done.stderr for name in CHOICES)
    done = run_build("odt", "--source", MINIMAL)
    assert done.code == 2 and f"choose from {', '.join(TARGETS)}" in done.stderr


def test_stylesheets_are_the_registry_lists_found_in_folio_styles() -> None:
    report = load_report(MINIMAL)
    styles = PACKAGE / "styles"
    for edition in EDITIONS:
        found = stylesheets(report, edition.name)
        assert [path.relative_to(styles).as_posix() for path in found] == list(edition.stylesheets), edition.name
    assert stylesheets(report, "screen")[-1].name == "print.css"
    assert [path.name for path in stylesheets(report, "press")][-2:] == ["print-edition.css", "press.css"]


def test_pdf_standards_and_layout_come_from_the_registry() -> None:
    assert LAID_OUT == tuple(edition.name for edition in EDITIONS if edition.target == "pdf")
    assert [pdf_variant(name) for name in LAID_OUT] == ["pdf/ua-1", "pdf/ua-1", "pdf/x-4"]
    assert pdf_variant("print", "ua-2") == "pdf/ua-2"


def test_file_names_follow_the_registry() -> None:
    report = load_report(MINIMAL)
    for chosen in CHOICES:
        names = set(file_names(report, chosen).values())
        assert names == {for_target(target, chosen).file(report.slug) for target in BUILD_TARGETS}
    assert file_names(report, "press")["pdf:press"] == "minimal-press.pdf"


@pytest.mark.slow
@pytest.mark.parametrize("chosen", ["screen", "print"])
def test_a_build_writes_the_files_the_registry_names(tmp_path: Path, chosen: str) -> None:
    done = run_build(*BUILD_TARGETS, "--edition", chosen, "--source", MINIMAL, "--out", tmp_path, "-q", "--jobs", "1")
    assert (done.code, done.stderr) == (0, "")
    editions = [for_target(target, chosen) for target in BUILD_TARGETS]
    written = {path.name for path in tmp_path.iterdir()}
    assert written == {edition.file("minimal") for edition in editions} | {"SHA256SUMS", ".folio-state.json"}
    sums = dict(line.split("  ")[::-1] for line in (tmp_path / "SHA256SUMS").read_text().splitlines())
    assert set(sums) == {edition.file("minimal") for edition in editions if edition.checksummed}
    assert "minimal.docx" not in sums
    for name, digest in sums.items():
        assert hashlib.sha256((tmp_path / name).read_bytes()).hexdigest() == digest


def test_quarto_formats_and_templates_come_from_the_registry() -> None:
    assert conditional.EDITIONS == BUILD_TARGETS
    assert conditional.FORMATS == {target: for_target(target).quarto_formats for target in BUILD_TARGETS}
    assert conditional.matches("pdf", "latex") and conditional.matches("epub", "html") and not conditional.matches("docx", "html")
    assert {edition.template for edition in EDITIONS if edition.self_contained} == {"web.html.j2"}
    assert all((PACKAGE / "templates" / edition.template).is_file() for edition in EDITIONS)
    assert for_target("epub").pages_from in CHOICES
