"""The wheel, installed into a clean venv (no editable install, no repository on ``sys.path``), is the whole tool.

``folio new`` and ``folio build pdf epub`` run from that venv in a temporary
folder: the starter report, the styles, fonts, templates and pandoc all come
from the installed package, and EPUBCheck passes the EPUB.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT
from support.epub import SUCCESS, epubcheck

from folio import __version__


def run(command: list[str | Path], cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    done = run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", folder, ROOT], cwd=folder)
    assert done.returncode == 0, done.stderr
    [built] = folder.glob("folio_report-*.whl")
    return built


def test_the_wheel_carries_the_package_data(wheel: Path) -> None:
    assert wheel.name == f"folio_report-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in (
        "folio/starter/files/report.yaml",
        "folio/starter/files/github/workflows/release.yml",
        "folio/starter/files/gitignore",
        "folio/markdown/drop_refs.lua",
        "folio/styles/fonts/fonts.yaml",
        "folio/templates/epub/pandoc-template.xhtml",
    ):
        assert expected in names
    entry_points = zipfile.ZipFile(wheel).read(f"folio_report-{__version__}.dist-info/entry_points.txt").decode()
    assert "folio = folio.tool.command:main" in entry_points


@pytest.mark.slow
def test_installed_in_a_clean_venv_it_builds_a_new_report(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", venv], cwd=tmp_path).returncode == 0
    done = run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    folio = venv / "bin" / "folio"
    where = run([venv / "bin" / "python", "-c", "import folio; print(folio.__file__)"], cwd=tmp_path)
    assert Path(where.stdout.strip()).is_relative_to(venv) and not Path(where.stdout.strip()).is_relative_to(ROOT)
    assert run([folio, "--version"], cwd=tmp_path).stdout == f"folio {__version__}\n"
    done = run([folio, "new", "myreport"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    done = run([folio, "build", "--source", "myreport", "-q"], cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    dist = tmp_path / "myreport" / "dist"
    assert sorted(path.name for path in dist.iterdir() if not path.name.startswith(".")) == ["SHA256SUMS", "myreport.epub", "myreport.pdf"]
    assert epubcheck(dist / "myreport.epub") == SUCCESS
