"""The tests' own house rules: shared helpers live in ``tests/support/``, never in a test module.

A test module that imports another one runs that module's import-time code
and hides a helper where nobody looks for it; ``from test_epub import
epubcheck`` also ties two files that should change independently.
"""

from __future__ import annotations

import ast
import shutil
import subprocess

from support.paths import ROOT, TESTS


def names_of_test_modules() -> set[str]:
    return {path.stem for path in TESTS.rglob("test_*.py") if "reports" not in path.relative_to(TESTS).parts}


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
    """Beside the test modules only conftest.py: anything else shared is a module of tests/support/."""
    loose = sorted(path.name for path in TESTS.glob("*.py") if not path.name.startswith("test_") and path.name != "conftest.py")
    assert loose == []
    assert (TESTS / "support" / "__init__.py").is_file()


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
