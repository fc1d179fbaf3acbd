"""The GitHub workflows: actionlint finds nothing, and they do what the README promises.

``ci.yml`` builds with the README's commands (``make``, ``make test``) on every
push and pull request and keeps the editions and the contact sheet as
artifacts; ``release.yml`` runs it for a tag ``v*`` with the print and press
editions and the validators' reports, then attaches every edition,
``SHA256SUMS``, the reports and the accessibility statement to the release.  The release
script runs here for real, against a stand-in ``gh`` that records its
arguments.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from support.workflows import actionlint

from folio.cli import parse_request

WORKFLOWS = ROOT / ".github" / "workflows"
CI, RELEASE = WORKFLOWS / "ci.yml", WORKFLOWS / "release.yml"


def load(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text("utf-8"))
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def steps(path: Path, job: str) -> list[dict]:
    return load(path)["jobs"][job]["steps"]


def runs(path: Path, job: str) -> list[str]:
    return [line.strip() for step in steps(path, job) for line in step.get("run", "").splitlines()]


def test_actionlint_finds_nothing() -> None:
    linter = actionlint()
    if linter is None:
        if os.environ.get("CI"):
            pytest.fail("actionlint is missing under CI: the test extras install it")
        pytest.skip("actionlint is not installed: pip install -e '.[test]'")
    done = subprocess.run(
        [linter, "-no-color", "-oneline", str(CI), str(RELEASE)], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_ci_runs_on_every_push_and_pull_request_with_the_readme_commands() -> None:
    workflow = load(CI)
    assert set(workflow["on"]) == {"push", "pull_request", "workflow_call"}
    commands = runs(CI, "build-and-test")
    assert "make" in commands and "make test" in commands
    assert commands.index("make") < commands.index("make test")
    assert ".venv/bin/python build.py html proof" in commands


def test_ci_keeps_the_editions_and_the_contact_sheet() -> None:
    uploads = {
        step["with"]["name"]: step["with"]
        for step in steps(CI, "build-and-test")
        if step.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert set(uploads) == {"editions", "contact-sheet", "checks"}
    assert uploads["editions"]["path"].split() == ["dist/*.pdf", "dist/*.epub", "dist/*.html", "dist/SHA256SUMS"]
    assert uploads["contact-sheet"]["path"] == "dist/*-proof.png"
    assert uploads["checks"]["path"] == "dist/checks/"
    assert all(upload["if-no-files-found"] == "error" for upload in uploads.values())


def test_release_builds_and_tests_through_ci_then_publishes() -> None:
    workflow = load(RELEASE)
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    build = workflow["jobs"]["build-and-test"]
    assert build == {"uses": "./.github/workflows/ci.yml", "with": {"print-edition": True}}
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == ["build-and-test", "languages", "translations"] and publish["permissions"] == {"contents": "write"}
    assert "needs.build-and-test.result == 'success'" in publish["if"]
    assert workflow["permissions"] == {"contents": "read"}  # only the publishing job may write
    for command in ("build.py pdf --edition print", "build.py pdf --edition press", "tools/release_checks.py"):
        step = next(step for step in steps(CI, "build-and-test") if command in step.get("run", ""))
        assert step["if"] == "${{ inputs.print-edition }}", command
    commands = runs(CI, "build-and-test")
    assert commands.index(".venv/bin/python build.py html proof") < commands.index(".venv/bin/python tools/release_checks.py")
    downloads = [step["with"] for step in steps(RELEASE, "publish") if step.get("uses", "").startswith("actions/download-artifact@")]
    assert downloads == [{"pattern": "editions*", "merge-multiple": True, "path": "dist"}, {"name": "checks", "path": "dist/checks"}]


def test_the_workflow_commands_are_valid_command_lines() -> None:
    for path in (CI, RELEASE):
        for job in load(path)["jobs"]:
            for command in runs(path, job) if "steps" in load(path)["jobs"][job] else []:
                if command.startswith(".venv/bin/python build.py "):
                    parse_request(command.split()[3:], ROOT)  # exits (status 2) on a wrong command line


def test_every_action_is_pinned_to_a_release() -> None:
    for path in (CI, RELEASE):
        for job in load(path)["jobs"].values():
            for step in job.get("steps", []):
                if "uses" in step:
                    name, _, version = step["uses"].partition("@")
                    assert name.startswith(("actions/", "pypa/")) and version.startswith("v"), step["uses"]


def test_release_builds_the_wheel_and_can_publish_it_with_trusted_publishing() -> None:
    jobs = load(RELEASE)["jobs"]
    assert "pyproject-build --outdir python-dist" in runs(RELEASE, "package")
    pypi = jobs["pypi"]
    assert set(pypi["needs"]) == {"build-and-test", "package"} and pypi["permissions"] == {"id-token": "write"}
    assert pypi["if"] == "${{ vars.PUBLISH_TO_PYPI == 'true' }}"  # off until the repository turns it on
    assert pypi["steps"][-1]["uses"].startswith("pypa/gh-action-pypi-publish@v1.")


# -- the release script, run for real -------------------------------------------------------


def release_script() -> str:
    return next(step["run"] for step in steps(RELEASE, "publish") if "gh release" in step.get("run", ""))


def run_release(dist: Path, tmp_path: Path, existing: bool = False) -> tuple[subprocess.CompletedProcess, list[str]]:
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir(exist_ok=True)
    record = tmp_path / "gh-calls"
    gh = bin_folder / "gh"
    gh.write_text(f'#!/bin/sh\nprintf "%s\\n" "$*" >> "{record}"\n[ "$2" = view ] && exit {0 if existing else 1}\nexit 0\n')
    gh.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_folder}:{os.environ['PATH']}", "TAG": "v1.2.0", "GH_TOKEN": "test", "GH_REPO": "example/report"}
    done = subprocess.run(
        ["bash", "-e", "-c", release_script()], cwd=dist, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    return done, record.read_text().splitlines() if record.exists() else []


REPORTS = [
    "accessibility-statement.md",
    "report.epub.ace.json",
    "report.epub.epubcheck.json",
    "report.pdf.outloud.html",
    "report.pdf.outloud.json",
]


def fake_dist(tmp_path: Path, names: list[str], reports: list[str] = REPORTS) -> Path:
    dist = tmp_path / "dist"
    dist.mkdir()
    for name in names:
        (dist / name).write_text(name)
    (dist / "SHA256SUMS").write_text("".join(f"{'0' * 64}  {name}\n" for name in names))
    (dist / "checks").mkdir()
    for name in reports:
        (dist / "checks" / name).write_text(name)
    return dist


def attached_reports() -> str:
    return " ".join(f"checks/{name}" for name in REPORTS)


def test_release_attaches_every_edition_the_checksums_and_the_reports(tmp_path: Path) -> None:
    editions = ["report-press.pdf", "report-print.pdf", "report.epub", "report.html", "report.pdf"]
    done, calls = run_release(fake_dist(tmp_path, editions), tmp_path)
    assert done.returncode == 0, done.stderr
    assert calls == [
        "release view v1.2.0",
        f"release create v1.2.0 {' '.join(editions)} SHA256SUMS {attached_reports()} --verify-tag --title v1.2.0 --generate-notes",
    ]


def test_release_run_again_replaces_the_files(tmp_path: Path) -> None:
    editions = ["report-press.pdf", "report-print.pdf", "report.epub", "report.pdf"]
    done, calls = run_release(fake_dist(tmp_path, editions), tmp_path, existing=True)
    assert done.returncode == 0, done.stderr
    assert calls[-1] == f"release upload v1.2.0 {' '.join(editions)} SHA256SUMS {attached_reports()} --clobber"


@pytest.mark.parametrize(
    ("editions", "reports", "message"),
    [
        (["report-press.pdf", "report.epub", "report.pdf"], REPORTS, "no print PDF in SHA256SUMS"),
        (["report-print.pdf", "report.epub", "report.pdf"], REPORTS, "no press PDF in SHA256SUMS"),
        (["report-press.pdf", "report-print.pdf", "report.epub"], REPORTS, "no screen PDF in SHA256SUMS"),
        (["report-press.pdf", "report-print.pdf", "report.epub", "report.pdf"], REPORTS[1:], "no accessibility statement in checks/"),
    ],
)
def test_release_refuses_without_an_edition_or_the_statement(tmp_path: Path, editions: list[str], reports: list[str], message: str) -> None:
    done, calls = run_release(fake_dist(tmp_path, editions, reports), tmp_path)
    assert done.returncode == 1 and f"::error::{message}" in done.stdout
    assert calls == []


def test_release_builds_each_translation_on_a_runner_of_its_own() -> None:
    """A matrix over the folders of translations/, then one release with every language's editions and one SHA256SUMS."""
    jobs = load(RELEASE)["jobs"]
    assert jobs["translations"]["strategy"]["matrix"]["lang"] == "${{ fromJSON(needs.languages.outputs.list) }}"
    assert jobs["translations"]["if"] == "${{ needs.languages.outputs.list != '[]' }}"
    commands = runs(RELEASE, "translations")
    assert '.venv/bin/python build.py pdf epub html --lang "$LANG_TAG"' in commands
    download = steps(RELEASE, "publish")[0]["with"]
    assert download == {"pattern": "editions*", "merge-multiple": True, "path": "dist"}
    assert "sha256sum -- *.pdf *.epub *.html > SHA256SUMS" in runs(RELEASE, "publish")


def test_release_lists_the_languages_of_the_report(tmp_path: Path) -> None:
    """The languages step, run for real: one JSON list of the translation folders, empty without any."""
    script = next(step["run"] for step in steps(RELEASE, "languages") if step.get("id") == "list")
    for folders, expected in (([], "[]"), (["vi", "ja", "_draft", "ko"], '["ja","ko","vi"]')):
        work = tmp_path / f"case{len(folders)}"
        for name in folders:
            (work / "translations" / name).mkdir(parents=True)
        work.mkdir(exist_ok=True)
        output = work / "out"
        done = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", script], cwd=work, env={**os.environ, "GITHUB_OUTPUT": str(output)},
                              capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert output.read_text() == f"list={expected}\n"
