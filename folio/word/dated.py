"""The review copy's zip entries dated the report's ``date``, as the EPUB's are.

pandoc dates the parts it copies from the reference document (the theme, the
font table, the web settings, the application properties) with the time of
the build, so two builds of the same sources gave two different files.  Every
entry is dated the report's date here instead: the same sources give the
same bytes, on any machine and on any day.  A zip cannot carry a date before
1980, so an older report's entries are dated 1980-01-01.
"""

from __future__ import annotations

import datetime
import io
import zipfile

ZIP_EPOCH = datetime.date(1980, 1, 1)


def dated(docx: bytes, date: datetime.date) -> bytes:
    """``docx`` with every entry dated ``date``, each otherwise as it was, in the same order."""
    day = max(date, ZIP_EPOCH)
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = info.compress_type
            entry.create_system = info.create_system
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info))
    return out.getvalue()
