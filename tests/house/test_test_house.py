"""The tests' own house rules: the tests mirror the package, and shared helpers live in ``tests/support/``.

A test module sits in the folder of the stage it tests (``tests/pdf/`` for
``folio/pdf/``), or in one of the few folders for tests of no one stage
(:data:`NOT_STAGES`), so that the tests of a stage are found beside one another.

A test module that imports another one runs that module's import-time code
and hides a helper where nobody looks for it; ``from test_epub import
epubcheck`` also ties two files that should change independently.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

from conftest import ROOT
from support.paths import PACKAGE, TESTS

NOT_STAGES = {
    "house": "the house itself: the package's shape and imports, the tests' own rules, the docs, the workflows, the name",
    "end_to_end": "whole builds through the command line: what is accepted, exit codes, the README's promises, reproducibility",
}
"""Folders of tests/ that name no folder of the package, and what goes in each."""

BESIDE = {"support", "reports", "__pycache__"}
"""Folders of tests/ that hold no test modules: the shared helpers, the fixture reports."""


def modules_of_tests() -> list[Path]:
    return sorted(path for path in TESTS.rglob("test_*.py") if not BESIDE & set(path.relative_to(TESTS).parts))


def names_of_test_modules() -> set[str]:
    return {path.stem for path in modules_of_tests()}


def imported_test_modules(source: str, tests: set[str]) -> list[tuple[int, str]]:
    """(line, module) of every import, at any depth, of a module named in ``tests``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.extend((node.lineno, name) for name in names if tests & set(name.split(".")))
    return found


def test_the_reading_finds_imports_at_the_top_and_inside_functions() -> None:
    source = "import os\nfrom test_epub import epubcheck\n\ndef f():\n    import test_pdf\n    from support.epub import Epub\n"
    assert imported_test_modules(source, {"test_epub", "test_pdf"}) == [(2, "test_epub"), (5, "test_pdf")]


def test_the_reading_finds_a_test_module_named_by_its_folder() -> None:
    source = "from epub.test_epub import epubcheck\nimport tests.pdf.test_pdf\nfrom epub import pages\n"
    assert imported_test_modules(source, {"test_epub", "test_pdf"}) == [(1, "epub.test_epub"), (2, "tests.pdf.test_pdf")]


def test_no_test_file_or_helper_imports_a_test_module() -> None:
    tests = names_of_test_modules()
    assert "test_epub" in tests and "test_test_house" in tests
    offenders = [
        f"{path.relative_to(ROOT)}:{line} imports {module}: move what it needs into tests/support/"
        for path in sorted(TESTS.rglob("*.py"))
        if "reports" not in path.relative_to(TESTS).parts
        for line, module in imported_test_modules(path.read_text("utf-8"), tests)
    ]
    assert offenders == []


def test_shared_helpers_are_modules_of_the_support_package() -> None:
    """Beside the test modules only the one conftest.py, in tests/: anything else shared is a module of tests/support/.

    A second conftest.py, in a stage folder, would take the name ``conftest``
    from the first, and ``from conftest import …`` would find the wrong one.
    """
    loose = sorted(
        path.relative_to(TESTS).as_posix()
        for path in TESTS.rglob("*.py")
        if not BESIDE & set(path.relative_to(TESTS).parts) and not path.name.startswith("test_")
    )
    assert loose == ["conftest.py"]
    assert (TESTS / "support" / "__init__.py").is_file()


def test_every_test_module_sits_in_the_folder_of_what_it_tests() -> None:
    """tests/STAGE/test_*.py: STAGE a folder of the package (or deeper: tests/pdf/weasy/ for folio/pdf/weasy/), or in NOT_STAGES."""
    misplaced = [
        path.relative_to(ROOT).as_posix()
        for path in modules_of_tests()
        if not (
            (folder := path.parent.relative_to(TESTS).parts)
            and (folder[0] in NOT_STAGES and len(folder) == 1 or (PACKAGE.joinpath(*folder) / "__init__.py").is_file())
        )
    ]
    assert misplaced == [], f"put each in tests/<stage>/, the package folder it tests, or in one of {sorted(NOT_STAGES)}"
    assert not list(TESTS.glob("test_*.py")), "no test module directly in tests/"


def test_test_modules_have_names_of_their_own() -> None:
    """Each test module is imported by its file name alone, so no two share one, and no stage folder is a package.

    With an ``__init__.py``, tests/markdown/ would be the package ``markdown``
    and hide the Markdown library the documentation site is built with.
    """
    paths = modules_of_tests()
    names = [path.name for path in paths]
    assert sorted({name for name in names if names.count(name) > 1}) == []
    folders = {path.parent for path in paths}
    assert sorted(folder.relative_to(TESTS).as_posix() for folder in folders if (folder / "__init__.py").exists()) == []


def make_commands(target: str) -> list[str]:
    """The commands ``make TARGET`` would run (make's own dry run), after the venv's set-up."""
    # run inside `make test`, make passes its level down and names the folder it enters: neither is a command
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", "-W", "pyproject.toml", target], cwd=ROOT, capture_output=True, text=True, check=True
    )
    lines = done.stdout.splitlines()
    return lines[lines.index("touch .venv/bin/activate") + 1 :]


def test_make_test_fast_runs_ruff_and_the_tests_not_marked_slow() -> None:
    assert shutil.which("make") is not None
    commands = make_commands("test-fast")
    assert commands[0].endswith("ruff check .")
    assert commands[-1].endswith('python -m pytest -n auto -m "not slow"')


def test_make_test_names_its_slowest_tests_and_ci_runs_it() -> None:
    assert make_commands("test")[-1].endswith("python -m pytest -n auto --durations=15")
    assert (ROOT / ".ci" / "run").read_text("utf-8").rstrip().splitlines()[-1] == "make test"
