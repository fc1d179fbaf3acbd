"""The package's shape: stages as folders, every module importable, a short entry script."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from conftest import ROOT

import folio

MODULES = sorted(m.name for m in pkgutil.walk_packages(folio.__path__, "folio.") if m.name != "folio.__main__")


@pytest.mark.parametrize("name", MODULES)
def test_every_module_imports(name: str) -> None:
    importlib.import_module(name)


def test_the_stages_are_folders_of_a_readable_size() -> None:
    package = Path(folio.__file__).parent
    for stage in ("source", "markdown", "assemble", "pdf", "epub", "run"):
        assert (package / stage / "__init__.py").is_file(), stage
    for folder in [package, *(p for p in package.iterdir() if (p / "__init__.py").is_file())]:
        modules = list(folder.glob("*.py"))
        assert len(modules) <= 16, f"{folder.name}/ holds {len(modules)} modules; split it by what they do"


def test_build_py_only_calls_the_recipe() -> None:
    lines = (ROOT / "build.py").read_text("utf-8").splitlines()
    assert len(lines) < 30
    assert "folio.cli import main" in "\n".join(lines)


def test_weasyprint_internals_stay_in_the_adapter() -> None:
    package = Path(folio.__file__).parent
    users = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if any(internal in path.read_text("utf-8") for internal in ("_page_box", "weasyprint.layout", "weasyprint.formatting_structure"))
    ]
    assert users and all(user.startswith("pdf/weasy/") for user in users), users
