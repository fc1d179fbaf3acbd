"""The reference document of the review copy: pandoc's own, in the report's fonts and accent colour.

pandoc takes every style of a .docx it writes (Normal, Heading 1 …, Title,
Hyperlink) from a reference document.  Its default one is changed here, style
by style in ``word/styles.xml``: the body in the serif the editions are set
in, headings and title in the sans, in the report's accent colour.  Word
shows these names when the fonts are installed and its own fallback when not.
"""

from __future__ import annotations

import io
import subprocess
import zipfile

from lxml import etree

from folio import pandoc
from folio.word.callouts import add_callout_styles
from folio.word.package import NS, PARSER, W

SERIF = "Source Serif 4"
SANS = "Source Sans 3"
HEADINGS = ("Title", "Subtitle", *(f"Heading{level}" for level in range(1, 10)))
ACCENTED = ("Title", "Heading1", "Heading2", "Heading3", "Hyperlink")


def default_reference() -> bytes:
    """pandoc's default reference.docx (the one of the pandoc folio runs, so the two always match)."""
    done = subprocess.run([pandoc.executable(), "--print-default-data-file", "reference.docx"], capture_output=True, check=True, timeout=60)
    return done.stdout


def reference_docx(accent: str) -> bytes:
    """A reference.docx with the report's fonts and ``accent`` (``#rrggbb``)."""
    source = zipfile.ZipFile(io.BytesIO(default_reference()))
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/styles.xml":
                data = restyle(data, accent.lstrip("#").upper())
            target.writestr(info, data)
    return out.getvalue()


def restyle(styles_xml: bytes, accent: str) -> bytes:
    root = etree.fromstring(styles_xml, PARSER)
    defaults = root.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    if defaults is not None:
        set_fonts(defaults, SERIF)
    for style in root.findall("w:style", NS):
        ident = style.get(f"{{{W}}}styleId")
        if ident in HEADINGS or ident in ACCENTED:
            properties = style.find("w:rPr", NS)
            if properties is None:
                properties = etree.SubElement(style, f"{{{W}}}rPr")
            if ident in HEADINGS:
                set_fonts(properties, SANS)
            if ident in ACCENTED:
                for old in properties.findall("w:color", NS):
                    properties.remove(old)
                colour = etree.SubElement(properties, f"{{{W}}}color")
                colour.set(f"{{{W}}}val", accent)
                order(properties)
    add_callout_styles(root, accent, SANS)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_fonts(properties, family: str) -> None:
    for old in properties.findall("w:rFonts", NS):
        properties.remove(old)
    fonts = etree.Element(f"{{{W}}}rFonts")
    for side in ("ascii", "hAnsi", "cs"):
        fonts.set(f"{{{W}}}{side}", family)
    properties.insert(0, fonts)  # rFonts comes first in a run's properties


RUN_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow", "emboss",
             "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
             "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
             "specVanish", "oMath")  # fmt: skip
"""The order Word's schema gives a run's properties: Word refuses a file that breaks it."""


def order(properties) -> None:
    rank = {name: index for index, name in enumerate(RUN_ORDER)}
    children = sorted(properties, key=lambda child: rank.get(etree.QName(child).localname, len(RUN_ORDER)))
    properties[:] = children
