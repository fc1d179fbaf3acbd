"""Up-to-date editions: a no-op rebuild writes nothing, and no change ever slips past the hash."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import copy_report, run_build

from folio.paths import STYLES, TEMPLATES
from folio.run.state import STATE_FILE, fingerprint, input_files, read_state

# Each edit is one kind of input an author or a designer changes.
EDITS = {
    "chapter": lambda r: append(r / "chapters" / "tables.md", "\nA new closing line.\n"),
    "profile": lambda r: replace(r / "profiles" / "vn-ca-phe.yaml", "city: ", "city: Old "),
    "reference": lambda r: append(r / "references.yaml", "\n"),
    "report.yaml": lambda r: append(r / "report.yaml", "\n# a comment\n"),
    "image": lambda r: append(r / "images" / "bars.svg", "<!-- retouched -->\n"),
    "own style": lambda r: write(r / "styles" / "web.css", (STYLES / "web.css").read_text("utf-8") + "\nbody { color: #111; }\n"),
    "own template": lambda r: write(r / "templates" / "web.html.j2", (TEMPLATES / "web.html.j2").read_text("utf-8") + "\n"),
    "own font": lambda r: write_bytes(
        r / "styles" / "fonts" / "source-serif-4" / "SourceSerif4SmText-Regular.otf",
        (STYLES / "fonts" / "source-serif-4" / "SourceSerif4SmText-It.otf").read_bytes(),  # a whole font (a damaged one is refused)
    ),
}


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, encoding="utf-8")


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_the_hash_covers_folio_s_code_styles_fonts_and_templates(tmp_path: Path) -> None:
    labels = {label for label, _ in input_files(copy_report("minimal", tmp_path), tmp_path / "out")}
    for wanted in (
        "folio:pdf/write.py",
        "folio:epub/write.py",
        "folio:styles/report.css",
        "folio:styles/fonts/fonts.css",
        "folio:templates/book.html.j2",
    ):
        assert wanted in labels
    assert any(label.startswith("folio:styles/fonts/") and label.endswith((".otf", ".ttf")) for label in labels)
    assert {"report:report.yaml", "report:chapters/one.md"} <= labels


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_every_kind_of_input_changes_the_hash(edit: str, tmp_path: Path) -> None:
    source = copy_report("letter-scripts", tmp_path)
    before = fingerprint(source, tmp_path / "out", "screen")
    EDITS[edit](source)
    assert fingerprint(source, tmp_path / "out", "screen") != before


def test_the_edition_and_the_folder_change_the_hash(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    screen = fingerprint(source, tmp_path / "out", "screen")
    assert fingerprint(source, tmp_path / "out", "print") != screen
    twin = tmp_path / "twin"
    shutil.copytree(source, twin)
    assert fingerprint(twin, tmp_path / "out", "screen") != screen


def test_dates_and_tool_folders_do_not_change_the_hash(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    out = source / "dist"
    before = fingerprint(source, out, "screen")
    chapter = source / "chapters" / "one.md"
    chapter.touch()
    chapter.write_text(chapter.read_text("utf-8"), encoding="utf-8")  # same bytes, new date
    for folder in (".git", "node_modules", "__pycache__", "dist"):
        write(source / folder / "x.txt", "noise")
    assert fingerprint(source, out, "screen") == before


def test_a_file_in_a_new_folder_changes_the_hash(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    before = fingerprint(source, tmp_path / "out", "screen")
    write(source / "notes" / "draft.md", "anything an edition could read")
    assert fingerprint(source, tmp_path / "out", "screen") != before


# -- the real command line ---------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("edit", ["chapter", "profile", "reference", "own style", "own template", "own font"])
def test_an_edited_input_rebuilds_an_up_to_date_edition(edit: str, tmp_path: Path) -> None:
    source = copy_report("letter-scripts", tmp_path)
    out = tmp_path / "out"
    first = run_build("html", "--source", source, "--out", out)
    assert first.code == 0, first.stderr
    again = run_build("html", "--source", source, "--out", out)
    assert again.code == 0 and "up to date" in again.stderr
    EDITS[edit](source)
    rebuilt = run_build("html", "--source", source, "--out", out)
    assert rebuilt.code == 0, rebuilt.stderr
    assert "up to date" not in rebuilt.stderr and "written to" in rebuilt.stderr


@pytest.mark.slow
def test_a_no_op_rebuild_writes_nothing_and_deleted_or_altered_editions_come_back(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    out = tmp_path / "out"
    built = run_build("pdf", "epub", "--source", source, "--out", out)
    assert built.code == 0, built.stderr
    pdf, epub = out / "minimal.pdf", out / "minimal.epub"
    state = read_state(out)
    assert set(state) == {"pdf:screen", "epub"}
    stamps = {p: p.stat().st_mtime_ns for p in out.iterdir()}

    noop = run_build("pdf", "epub", "--source", source, "--out", out, "-v")
    assert noop.code == 0 and "up to date" in noop.stderr
    assert {p: p.stat().st_mtime_ns for p in out.iterdir()} == stamps

    epub.unlink()
    one = run_build("pdf", "epub", "--source", source, "--out", out, "-v")
    assert one.code == 0, one.stderr
    assert "to build: epub\n" in one.stderr
    assert epub.is_file() and pdf.stat().st_mtime_ns == stamps[pdf]

    pdf.write_bytes(pdf.read_bytes() + b"% changed by hand\n")
    two = run_build("pdf", "epub", "--source", source, "--out", out, "-v")
    assert two.code == 0, two.stderr
    assert "to build: pdf\n" in two.stderr
    assert not pdf.read_bytes().endswith(b"% changed by hand\n")
    assert (out / "SHA256SUMS").read_text().count("minimal.") == 2


@pytest.mark.slow
def test_each_edition_and_target_is_remembered_apart(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    out = tmp_path / "out"
    assert run_build("html", "--source", source, "--out", out).code == 0
    epub = run_build("epub", "html", "--source", source, "--out", out, "-v")
    assert epub.code == 0 and "to build: epub\n" in epub.stderr
    assert set(read_state(out)) == {"epub", "html"}
    assert json.loads((out / STATE_FILE).read_text())["format"] == 1


@pytest.mark.slow
def test_a_failed_build_records_nothing(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    out = tmp_path / "out"
    assert run_build("html", "--source", source, "--out", out).code == 0
    state = (out / STATE_FILE).read_text()
    append(source / "chapters" / "one.md", "\n[broken](#nowhere)\n")
    failed = run_build("html", "--source", source, "--out", out)
    assert failed.code == 1
    assert (out / STATE_FILE).read_text() == state
    again = run_build("html", "--source", source, "--out", out)
    assert again.code == 1 and "up to date" not in again.stderr
