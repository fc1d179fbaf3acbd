"""The review copy as pandoc writes it, finished: each picture's alt text as its only description, every entry dated.

pandoc gives a picture two descriptions in ``word/document.xml``: the
drawing's ``wp:docPr descr``, which is the alt text Word shows and reads
aloud, and the picture's own ``pic:cNvPr descr``, which it fills with the
image's source, for an inlined picture its whole ``data:`` URL.  Word and
screen readers may show either, so both get the alt text.

pandoc dates the parts it copies from the reference document (the theme, the
font table, the web settings, the application properties) with the time of
the build, so two builds of the same sources gave two different files.  Every
entry is dated the report's date instead, as the EPUB's are
(:func:`folio.run.files.zip_stamp`): the same sources give the same bytes, on
any machine and on any day.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from lxml import etree

from folio.run.files import zip_stamp
from folio.word.package import PARSER

DRAWING = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}drawing"
DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
C_NV_PR = "{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr"


def finish(docx: bytes, date: datetime.date) -> bytes:
    """``docx`` with every picture described by its alt text alone and every entry dated ``date``, each entry
    otherwise as it was, in the same order."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    tree = etree.fromstring(source.read("word/document.xml"), PARSER)
    for drawing in tree.iter(DRAWING):
        frame = next(drawing.iter(DOC_PR), None)
        alt = frame.get("descr", "") if frame is not None else ""
        for picture in drawing.iter(C_NV_PR):
            picture.set("descr", alt)
    stamp = zip_stamp(date)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = info.compress_type
            entry.create_system = info.create_system
            entry.external_attr = info.external_attr
            target.writestr(entry, data)
    return out.getvalue()
