"""The press edition finished for a preflight: what WeasyPrint's PDF/X-4 output leaves open.

WeasyPrint writes the PDF/X-4 frame (the XMP version keys, ``/Trapped``, the
output intent with the CMYK profile of ``styles/press.css``, the trim boxes)
but paints the report's colours and images as ``DeviceRGB``, which PDF/X-4
allows only as device-independent colour.  :func:`finish_press` tags every
RGB colour with the sRGB profile (a ``/DefaultRGB`` colour space; images and
shadings by their own ``/ColorSpace``), so a RIP converts it to the press's
CMYK with the output intent; names the output condition as the ICC registry
does (``FOGRA39``); adds ``GTS_PDFXVersion`` to the document information
dictionary too, where older preflights look; removes the link annotations
(paper has no links, and PDF/X wants no annotations on the printed area); and
replaces WeasyPrint's random XMP document id with one derived from the
report's identifier, so the edition stays byte-identical from one build to
the next.  Before painting, :func:`low_resolution_images` stops the build at
any raster image that would print at less than 300 ppi.
"""

from __future__ import annotations

import uuid

import pikepdf
from pikepdf import Array, Dictionary, Name

from folio.errors import Problem
from folio.paths import STYLES
from folio.pdf.weasy import content_size, element_of, page_boxes, raster_size

SRGB_PROFILE = STYLES / "press" / "sRGB.icc"
CONDITION = "FOGRA39"
"""The characterised printing condition, by its name in the ICC characterisation registry."""
CONDITION_TEXT = "Offset printing, ISO 12647-2:2004/Amd 1, paper type 1 or 2 (coated art)"
PDFX_VERSION = "PDF/X-4"


def finish_press(pdf: pikepdf.Pdf) -> None:
    """Mend the open PDF/X-4 in place (saved by the caller)."""
    srgb = Array([Name.ICCBased, pdf.make_indirect(pikepdf.Stream(pdf, SRGB_PROFILE.read_bytes(), N=3, Alternate=Name.DeviceRGB))])
    for page in pdf.pages:
        if "/Annots" in page.obj:
            del page.obj["/Annots"]
    for obj in pdf.objects:
        if isinstance(obj, (Dictionary, pikepdf.Stream)):
            tag_rgb(obj, srgb)
    for intent in pdf.Root.get("/OutputIntents", Array()):
        intent.OutputConditionIdentifier = pikepdf.String(CONDITION)
        intent.OutputCondition = pikepdf.String(CONDITION_TEXT)
        intent.RegistryName = pikepdf.String("http://www.color.org")
    pdf.docinfo[Name.GTS_PDFXVersion] = pikepdf.String(PDFX_VERSION)
    document_id = f"uuid:{uuid.uuid5(uuid.NAMESPACE_URL, bytes(pdf.trailer.ID[0]).hex())}"
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["xmpMM:DocumentID"] = document_id
        meta["xmpMM:InstanceID"] = document_id


def tag_rgb(obj: Dictionary | pikepdf.Stream, srgb: Array) -> None:
    """``DeviceRGB`` as sRGB: remapped by default in resource dictionaries, named in images, shadings and groups."""
    resources = obj.get("/Resources")
    if isinstance(resources, Dictionary) and "/ColorSpace" not in resources:
        resources.ColorSpace = Dictionary()
    space = obj.get("/ColorSpace")
    if isinstance(space, Dictionary):  # a resource dictionary's colour spaces
        space.DefaultRGB = srgb
    elif space == Name.DeviceRGB:  # an image or a shading
        obj.ColorSpace = srgb
    elif isinstance(space, Array) and len(space) > 1 and space[0] == Name.Indexed and space[1] == Name.DeviceRGB:
        space[1] = srgb
    group = obj.get("/Group")
    if isinstance(group, Dictionary) and group.get("/CS") == Name.DeviceRGB:
        group.CS = srgb


MIN_PPI = 300
"""The resolution a press needs of a raster image at its printed size."""


def low_resolution_images(document) -> list[Problem]:
    """Raster images that print at less than :data:`MIN_PPI`, each named once, with the pixels it needs."""
    problems: dict[str, Problem] = {}
    for page in document.pages:
        for box in page_boxes(page):
            pixels = raster_size(box)
            width, height = content_size(box)
            if pixels is None or width <= 0 or height <= 0:
                continue
            ppi = min(pixels[0] / (width / 96), pixels[1] / (height / 96))
            if ppi >= MIN_PPI:
                continue
            element = element_of(box)
            src = element.get("src", "") if element is not None else ""
            name = (element.get("data-folio-src") if element is not None else None) or (
                src if src and not src.startswith("data:") else "an image"
            )
            need = (round(width / 96 * MIN_PPI), round(height / 96 * MIN_PPI))
            problems.setdefault(
                name,
                Problem(
                    name,
                    None,
                    f"{pixels[0]}×{pixels[1]} pixels print at {ppi:.0f} ppi on page {document.pages.index(page) + 1} of the press edition; "
                    f"a press needs {MIN_PPI}: give it at least {need[0]}×{need[1]} pixels",
                ),
            )
    return list(problems.values())
