"""The Word review copy is reproducible: two builds of the same sources give the same bytes.

pandoc dates some of the parts it copies into the .docx with the time of the
build; folio dates every entry the report's ``date``, as it does the EPUB's.
"""

from __future__ import annotations

import datetime
import io
import time
import zipfile
from pathlib import Path

import pytest
from conftest import REPORTS, run_build

from folio.word.finish import finish

MINIMAL = REPORTS / "minimal"
REPORT_DATE = (2024, 3, 1, 0, 0, 0)
"""``date`` in the minimal report's ``report.yaml``."""
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@pytest.mark.slow
def test_two_builds_give_the_same_docx(tmp_path: Path) -> None:
    built = []
    for name in ("first", "second"):
        if built:
            time.sleep(2.1)  # a zip's clock ticks every two seconds: the second build is on another tick
        done = run_build("docx", "--source", MINIMAL, "--out", tmp_path / name, "-q")
        assert (done.code, done.stderr) == (0, "")
        built.append((tmp_path / name / "minimal.docx").read_bytes())
    assert built[0] == built[1]
    with zipfile.ZipFile(io.BytesIO(built[0])) as archive:
        entries = archive.infolist()
        assert {entry.date_time for entry in entries} == {REPORT_DATE}
        assert archive.testzip() is None
        assert {"word/document.xml", "word/theme/theme1.xml", "docProps/app.xml", "word/fontTable.xml"} <= set(archive.namelist())


def test_dating_keeps_every_entry_and_its_order(tmp_path: Path) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")  # stamped now
        archive.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W}"/>')
        archive.writestr(zipfile.ZipInfo("word/media/a.png", date_time=(2001, 2, 3, 4, 5, 6)), b"\x89PNG", zipfile.ZIP_STORED)
    once = finish(out.getvalue(), datetime.date(2024, 3, 1))
    assert finish(once, datetime.date(2024, 3, 1)) == once
    with zipfile.ZipFile(io.BytesIO(once)) as archive:
        assert [(e.filename, e.date_time, e.compress_type) for e in archive.infolist()] == [
            ("[Content_Types].xml", REPORT_DATE, zipfile.ZIP_DEFLATED),
            ("word/document.xml", REPORT_DATE, zipfile.ZIP_DEFLATED),
            ("word/media/a.png", REPORT_DATE, zipfile.ZIP_STORED),
        ]
        assert archive.read("word/media/a.png") == b"\x89PNG"
    old = finish(out.getvalue(), datetime.date(1975, 6, 1))  # a zip has no date before 1980
    assert {e.date_time for e in zipfile.ZipFile(io.BytesIO(old)).infolist()} == {(1980, 1, 1, 0, 0, 0)}
