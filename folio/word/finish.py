"""The review copy as pandoc writes it, finished: each picture's alt text as its only description.

pandoc gives a picture two descriptions in ``word/document.xml``: the
drawing's ``wp:docPr descr``, which is the alt text Word shows and reads
aloud, and the picture's own ``pic:cNvPr descr``, which it fills with the
image's source, for an inlined picture its whole ``data:`` URL.  Word and
screen readers may show either, so both get the alt text.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from folio.word.package import PARSER

DRAWING = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}drawing"
DOC_PR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
C_NV_PR = "{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr"


def alt_text_only(docx: bytes) -> bytes:
    """``docx`` with every picture described by its alt text alone."""
    source = zipfile.ZipFile(io.BytesIO(docx))
    tree = etree.fromstring(source.read("word/document.xml"), PARSER)
    for drawing in tree.iter(DRAWING):
        frame = next(drawing.iter(DOC_PR), None)
        alt = frame.get("descr", "") if frame is not None else ""
        for picture in drawing.iter(C_NV_PR):
            picture.set("descr", alt)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data)
    return out.getvalue()
