"""``folio: ">=0.2"`` in report.yaml: a folio outside the range says so where the field is."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_report
from support.run import folio

from folio import __version__


def with_field(tmp_path: Path, value: str) -> Path:
    folder = copy_report("minimal", tmp_path)
    text = (folder / "report.yaml").read_text("utf-8")
    (folder / "report.yaml").write_text(text.replace("slug: minimal\n", f"slug: minimal\nfolio: {value}\n"), encoding="utf-8")
    return folder


def test_a_range_that_fits_builds(tmp_path: Path) -> None:
    done = folio("check", "--source", with_field(tmp_path, f'">={__version__}"'))
    assert done.code == 0, done.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            '">=99"',
            f"report.yaml:3: folio: this report is written for folio >=99, and this is folio {__version__}; "
            f"install a folio that fits (pipx install 'folio-report>=99'), "
            f"or update the report for folio {__version__} (its release notes list what changed) and set this field to match",
        ),
        ('"<0.2"', f"report.yaml:3: folio: this report is written for folio <0.2, and this is folio {__version__};"),
        ("soon", 'report.yaml:3: folio: expected a version range like ">=0.2" or ">=0.2,<1", got "soon"'),
    ],
)
def test_a_range_that_leaves_this_folio_out_is_a_located_error(tmp_path: Path, value: str, message: str) -> None:
    done = folio("check", "--source", with_field(tmp_path, value))
    assert done.code == 1
    assert done.stderr.splitlines()[0].startswith(message)
