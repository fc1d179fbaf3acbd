"""Editions other packages add: one module and its ``folio.editions`` entry point, and folio builds a new target.

The package is the example in ``examples/folio-plaintext`` (its module as it
is, its entry point as its ``pyproject.toml`` declares it), installed the way
pip leaves a package: the module and a ``*.dist-info`` folder on the path.
The real ``folio`` command runs on it in a fresh process.
"""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import REPORTS, ROOT, Run
from support.run import folio

from folio.editions import OWN, named
from folio.editions.installed import RESERVED, clash, one_file
from folio.run.request import TARGETS
from folio.tool.command import COMMANDS

EXAMPLE = ROOT / "examples" / "folio-plaintext"
MINIMAL = REPORTS / "minimal"


def install(folder: Path, name: str, module: str, source: str, entry_points: dict[str, str]) -> Path:
    """``module`` (its text ``source``) and the package ``name``'s metadata in ``folder``, as pip installs them."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{module}.py").write_text(source, encoding="utf-8")
    info = folder / f"{module}-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n", encoding="utf-8")
    lines = "".join(f"{point} = {value}\n" for point, value in entry_points.items())
    (info / "entry_points.txt").write_text(f"[folio.editions]\n{lines}", encoding="utf-8")
    return folder


def install_example(folder: Path) -> Path:
    project = tomllib.loads((EXAMPLE / "pyproject.toml").read_text(encoding="utf-8"))
    points = project["project"]["entry-points"]["folio.editions"]
    source = (EXAMPLE / "folio_plaintext.py").read_text(encoding="utf-8")
    return install(folder, project["project"]["name"], "folio_plaintext", source, points)


def folio_with(path: Path, *args: str | Path) -> Run:
    """The ``folio`` command, run with the packages in ``path`` installed beside folio."""
    return folio(*args, env={"PYTHONPATH": os.pathsep.join(filter(None, [str(path), os.environ.get("PYTHONPATH")]))})


@pytest.mark.slow
def test_one_module_adds_a_target_that_builds_its_file(tmp_path: Path) -> None:
    packages = install_example(tmp_path / "site")
    usage = folio_with(packages, "--help")
    assert usage.code == 0 and "build [pdf|epub|html|docx|txt …]" in usage.stdout
    build_help = folio_with(packages, "build", "--help")
    assert build_help.code == 0 and "txt (the report as plain text)" in re.sub(r"\s+", " ", build_help.stdout)

    out = tmp_path / "out"
    done = folio_with(packages, "build", "txt", "--source", MINIMAL, "--out", out, "-q")
    assert (done.code, done.stderr) == (0, "")
    assert {path.name for path in out.iterdir()} == {"minimal.txt", "SHA256SUMS", ".folio-state.json"}
    text = (out / "minimal.txt").read_text(encoding="utf-8")
    assert text == "A Minimal Report\nTest Press\n2024-03-01\n\nThe only chapter\n\nA single paragraph is enough for a report.\n"
    digest = hashlib.sha256((out / "minimal.txt").read_bytes()).hexdigest()
    assert (out / "SHA256SUMS").read_text(encoding="utf-8") == f"{digest}  minimal.txt\n"

    again = folio_with(packages, "build", "txt", "--source", MINIMAL, "--out", out)
    assert again.code == 0 and "up to date" in again.stderr + again.stdout

    without = folio_with(tmp_path / "nothing", "build", "txt", "--source", MINIMAL, "--out", out)
    assert without.code == 2 and "unknown target 'txt'" in without.stderr


CLASHING = """
from folio.editions.edition import Edition
from folio.write.writer import Writer

EDITION = Edition(name="screen", target="shot", file_name="{stem}.png", stylesheets=(), checksummed=False, writer="clash:Writer")
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    ("source", "said"),
    [
        (CLASHING, "folio-clash 0.1.0 adds an edition through its folio.editions entry point 'shot = clash:EDITION': "
                   "its name 'screen' is taken by folio's own edition; change it in that package, or uninstall it"),
        ("raise ImportError('no module named folio_missing')",
         "folio-clash 0.1.0 adds an edition through its folio.editions entry point 'shot = clash:EDITION', which cannot be "
         "loaded: ImportError: no module named folio_missing; fix or uninstall that package"),
    ],
)  # fmt: skip
def test_an_added_edition_that_cannot_be_taken_is_said_and_nothing_is_built(tmp_path: Path, source: str, said: str) -> None:
    packages = install(tmp_path / "site", "folio-clash", "clash", source, {"shot": "clash:EDITION"})
    out = tmp_path / "out"
    done = folio_with(packages, "build", "html", "--source", MINIMAL, "--out", out)
    assert done.code == 1
    assert "Traceback" not in done.stderr
    assert done.stderr == f"error: {said}\nnothing was written to {out}\n"
    assert not out.exists()
    usage = folio_with(packages, "--help")  # the rest of folio still answers, without the edition
    assert usage.code == 0 and "build [pdf|epub|html|docx …]" in usage.stdout
    refused = folio_with(packages, "build", "shot", "--source", MINIMAL, "--out", out)
    assert refused.code == 2 and "unknown target 'shot'" in refused.stderr and f"error: {said}\n" in refused.stderr


@pytest.mark.slow
def test_an_added_edition_whose_writer_cannot_be_loaded_is_said_and_nothing_is_built(tmp_path: Path) -> None:
    source = CLASHING.replace('name="screen"', 'name="shot"').replace("clash:Writer", "clash:Missing")
    packages = install(tmp_path / "site", "folio-clash", "clash", source, {"shot": "clash:EDITION"})
    out = tmp_path / "out"
    done = folio_with(packages, "build", "shot", "--source", MINIMAL, "--out", out, "-q")
    assert done.code == 1
    assert done.stderr == (
        "the shot edition's writer clash:Missing cannot be loaded (AttributeError: module 'clash' has no attribute 'Missing'); "
        f"fix or reinstall the package that adds that edition\nnothing was written to {out}\n"
    )
    assert not out.exists()


FAULTY = """
from folio.editions.edition import Edition
from folio.write.writer import Writer


class Faulty(Writer):
    def write(self, build):
        return {}["page"]


EDITION = Edition(name="shot", target="shot", file_name="{stem}.png", stylesheets=(), checksummed=False, writer="faulty:Faulty")
"""


def test_a_fault_in_an_added_edition_s_writer_is_blamed_on_its_package_and_nothing_is_built(tmp_path: Path) -> None:
    packages = install(tmp_path / "site", "folio-faulty", "faulty", FAULTY, {"shot": "faulty:EDITION"})
    out = tmp_path / "out"
    done = folio_with(packages, "build", "shot", "--source", MINIMAL, "--out", out, "-q")
    assert done.code == 70, done.stderr
    assert "KeyError: 'page'" in done.stderr  # the traceback, for that package's authors
    assert done.stderr.endswith(
        "this is a bug in the shot edition another package adds (faulty), not in folio or in your report; "
        "please report it to that package with the traceback above\n"
    )
    assert not out.exists()


def test_the_words_an_added_edition_may_not_take_are_the_command_lines() -> None:
    assert set(RESERVED) == set(COMMANDS) | (set(TARGETS) - {edition.target for edition in OWN})


def test_what_an_added_edition_may_not_clash_with() -> None:
    mine = replace(named("docx"), name="odt", target="odt", file_name="{stem}.odt", writer="folio_odt:OdtWriter")
    assert clash(mine, list(OWN), OWN) is None
    said = {
        "name": clash(replace(mine, name="epub"), list(OWN), OWN),
        "target": clash(replace(mine, target="pdf"), list(OWN), OWN),
        "file": clash(replace(mine, file_name="{stem}.html"), list(OWN), OWN),
        "command": clash(replace(mine, target="serve"), list(OWN), OWN),
        "word": clash(replace(mine, name="Open Document"), list(OWN), OWN),
        "writer": clash(replace(mine, writer="folio_odt.OdtWriter"), list(OWN), OWN),
        "not an edition": clash({"name": "odt"}, list(OWN), OWN),
        "added twice": clash(mine, [*OWN, mine], OWN),
    }
    assert said == {
        "name": "its name 'epub' is taken by folio's own edition",
        "target": "its target 'pdf' is folio's own 'screen' edition's; an added edition brings a target of its own",
        "file": "its file '{stem}.html' is folio's own 'html' edition's",
        "command": "its target 'serve' is one of folio's commands",
        "word": "its name 'Open Document' is not a word of lower-case letters, digits and hyphens",
        "writer": "its writer 'folio_odt.OdtWriter' is not written 'module:attribute'",
        "not an edition": "it is a dict, not a folio.editions.edition.Edition",
        "added twice": "its name 'odt' is taken by another added edition",
    }
    assert [one_file(name) for name in ("{stem}.txt", "{stem}-a4.pdf", "report.txt", "{stem}", "../{stem}.txt", "{stem}.{x}")] == [
        True,
        True,
        False,
        False,
        False,
        False,
    ]


def test_the_guide_shows_the_example_package_as_it_is() -> None:
    page = (ROOT / "docs" / "contributing" / "editions.md").read_text(encoding="utf-8")
    module, toml = re.search(r"```python\n(.*?)```", page, re.S), re.search(r"```toml\n(.*?)```", page, re.S)
    assert module and toml
    example = (EXAMPLE / "folio_plaintext.py").read_text(encoding="utf-8").splitlines()
    shown = [line for line in module.group(1).splitlines() if line.strip()]
    found = iter(example)
    assert all(line in found for line in shown), "docs/contributing/editions.md shows a module other than the example's"
    assert toml.group(1) in (EXAMPLE / "pyproject.toml").read_text(encoding="utf-8")
