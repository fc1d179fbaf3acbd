"""The tests mirror the package: each test module sits in the folder of the stage it tests.

``tests/pdf/`` holds the tests of ``folio/pdf/``, ``tests/source/`` those of
``folio/source/``, and so on, so the tests of a stage are found beside one
another; tests of no one stage go in one of a few folders (:data:`NOT_STAGES`).
pytest imports each test module by its file name alone, with ``tests/`` on the
import path for ``conftest`` and ``support``: that is what the names and the
``__init__.py`` rules below keep working.
"""

from __future__ import annotations

from pathlib import Path

from support.paths import PACKAGE, ROOT, TESTS

NOT_STAGES = {
    "house": "the house itself: the package's shape and imports, the tests' own rules, the docs, the workflows, the name",
    "end_to_end": "whole builds through the command line: what is accepted, exit codes, the README's promises, reproducibility",
}
"""Folders of tests/ that name no folder of the package, and what goes in each."""

BESIDE = {"support", "reports", "__pycache__"}
"""Folders of tests/ that hold no test modules: the shared helpers, the fixture reports."""


def outside_beside(path: Path) -> bool:
    return not BESIDE & set(path.relative_to(TESTS).parts)


def modules_of_tests() -> list[Path]:
    return sorted(path for path in TESTS.rglob("test_*.py") if outside_beside(path))


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


def test_beside_the_test_modules_only_the_one_conftest() -> None:
    """Anything else shared is a module of tests/support/.

    A second conftest.py, in a stage folder, would take the name ``conftest``
    from the first, and ``from conftest import …`` would find the wrong one.
    """
    loose = [path for path in TESTS.rglob("*.py") if outside_beside(path) and not path.name.startswith("test_")]
    assert sorted(path.relative_to(TESTS).as_posix() for path in loose) == ["conftest.py"]
