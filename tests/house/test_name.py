"""The name folio installs by: ``folio-report`` everywhere a team reads or runs it, the command and import name ``folio``.

The package index's ``folio`` is another project, so every install line that
folio writes or prints (the README, the starter's README, Makefile and
workflow, the release's publish step, the version field's message) names
pyproject's distribution, and the starter's lines are read back against it.
"""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version
from support.run import folio

from folio import __version__
from folio.project import DISTRIBUTION, DOCS
from folio.source.fields import Fields
from folio.source.version import check_folio_version
from folio.yamlfile import parse_yaml

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
NAME = PYPROJECT["project"]["name"]
WHEEL = f"{NAME.replace('-', '_')}-{PYPROJECT['project']['version']}-py3-none-any.whl"
PIPX_INSTALL = re.compile(r"pipx install\s+(?P<spec>'[^']+'|\"[^\"]+\"|[^\s`]+)")


def specs(text: str) -> list[str]:
    """What each ``pipx install …`` in ``text`` installs, quotes removed."""
    return [match["spec"].strip("'\"") for match in PIPX_INSTALL.finditer(text)]


def by_name(spec: str) -> bool:
    """Whether a pipx spec names a package on the index (not a wheel, a folder or a Makefile variable)."""
    return not spec.startswith((".", "/", "$")) and not spec.endswith(".whl")


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("name") / "team-report"
    done = folio("new", folder)
    assert done.code == 0, done.stderr
    return folder


def test_the_distribution_is_folio_report_and_the_command_folio() -> None:
    assert NAME == DISTRIBUTION == "folio-report"
    assert canonicalize_name(NAME) != "folio"  # the index's folio is another project
    assert PYPROJECT["project"]["scripts"] == {"folio": "folio.tool.command:main"}
    assert PYPROJECT["project"]["urls"]["Documentation"] == DOCS


def test_the_starter_readme_installs_pyprojects_name(starter: Path) -> None:
    text = (starter / "README.md").read_text("utf-8")
    named = [spec for spec in specs(text) if by_name(spec)]
    assert named and all(Requirement(spec).name == NAME for spec in named), named
    wheels = [spec for spec in specs(text) if spec.endswith(".whl")]
    assert wheels and all(Path(spec).name.startswith(NAME.replace("-", "_") + "-") for spec in wheels), wheels
    assert "pipx ensurepath" in text and "apt-get install pipx" in text


def test_the_starter_makefile_installs_pyprojects_name(starter: Path) -> None:
    quiet = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    command = ["make", "--no-print-directory", "-n", "setup"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=starter, check=True, env=quiet)
    [spec] = specs(done.stdout)
    requirement = Requirement(spec)
    assert requirement.name == NAME and Version(__version__) in requirement.specifier


def test_the_starter_workflow_installs_pyprojects_name(starter: Path) -> None:
    workflow = yaml.safe_load((starter / ".github" / "workflows" / "release.yml").read_text("utf-8"))
    requirement = Requirement(workflow["env"]["FOLIO"])
    assert requirement.name == NAME and Version(__version__) in requirement.specifier
    installs = [step["run"] for step in workflow["jobs"]["build"]["steps"] if "pip install" in step.get("run", "")]
    assert installs == ['pip install --quiet "$FOLIO"']


def test_the_release_publishes_and_attaches_pyprojects_name() -> None:
    release = yaml.safe_load((ROOT / ".github" / "workflows" / "release.yml").read_text("utf-8"))
    jobs = release["jobs"]
    assert jobs["pypi"]["environment"]["url"] == f"https://pypi.org/project/{NAME}/"
    assets = jobs["package-assets"]
    assert set(assets["needs"]) == {"publish", "package"} and assets["permissions"] == {"contents": "write"}
    assert assets["steps"][-1]["run"] == 'gh release upload "$TAG" python-dist/*.whl python-dist/*.tar.gz --clobber'


def test_the_readme_installs_the_wheel_by_its_real_name() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    assert f"pipx install ./{WHEEL}" in text
    assert f"pipx install {NAME}" in text
    assert "pipx ensurepath" in text and "apt-get install pipx" in text


def test_no_install_line_names_the_other_folio() -> None:
    """Every ``pipx install NAME`` the project writes, in its README, docs or starter, is folio-report."""
    places = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")), *sorted((ROOT / "folio" / "starter" / "files").rglob("*"))]
    for path in places:
        if path.is_file() and path.suffix in (".md", "", ".yml"):
            for spec in specs(path.read_text("utf-8")):
                if by_name(spec) and spec not in ("pipx", "build"):
                    assert Requirement(spec).name == NAME, (path, spec)


def test_the_version_fields_message_installs_pyprojects_name() -> None:
    from folio.errors import Problems

    problems = Problems()
    check_folio_version(Fields(parse_yaml('folio: ">=99"\n', "report.yaml", problems), "report.yaml", problems))
    [problem] = problems.items
    [spec] = specs(problem.message)
    assert Requirement(spec) == Requirement(f"{NAME}>=99")
