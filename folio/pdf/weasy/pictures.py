"""A picture's name inside the PDF made from its bytes, not from the path of its file.

WeasyPrint names each raster picture it embeds (its XObject, ``/i…``, and the
key of its decoded data) by the MD5 of the picture's URL
(``weasyprint/images.py``: ``get_image_from_uri``).  The print and press
editions read a picture folio leaves unchanged from the report folder, so its
URL holds the folder's path: the same sources built in another folder gave
another name, and so other bytes.  :func:`name_pictures_by_content` names a
picture by the MD5 of its bytes and the turn asked of it instead, so an
edition's bytes no longer depend on where the report sits.  Two uses of one
file are one picture, as before; two files with the same bytes now share one
copy in the PDF.

Unnecessary when WeasyPrint names a raster image by its content (or lets the
caller give the name); not proposed upstream yet.
"""

from __future__ import annotations

import functools
import hashlib

from folio.pdf.weasy.patches import expect

SIGNATURES = {
    "weasyprint.images:RasterImage.__init__": (
        "(self, pillow_image, image_id, image_data, filename=None, cache=None, orientation='none', options="
        "{'stylesheets': None, 'attachments': None, 'attachment_relationships': None, 'pdf_identifier': None, "
        "'pdf_variant': None, 'pdf_version': None, 'pdf_forms': None, 'pdf_tags': False, 'uncompressed_pdf': False, "
        "'xmp_metadata': None, 'custom_metadata': False, 'presentational_hints': False, 'output_intent': None, "
        "'optimize_images': False, 'jpeg_quality': None, 'dpi': None, 'full_fonts': False, 'hinting': False, "
        "'cache': None})"
    ),
}
"""What this module wraps in WeasyPrint, with the signature it had when it was written."""

_patched = False


def content_name(image_data: bytes, orientation: object) -> str:
    """The name of a picture with these bytes, turned as ``orientation`` asks: 32 hex digits, like WeasyPrint's own."""
    digest = hashlib.md5(usedforsecurity=False)
    digest.update(repr(orientation).encode())
    digest.update(b"\0")
    digest.update(image_data)
    return digest.hexdigest()


def name_pictures_by_content() -> None:
    """Have ``weasyprint.images.RasterImage`` named by its bytes, not by its URL (once)."""
    global _patched
    if _patched:
        return
    from weasyprint import images

    expect(__name__, SIGNATURES)
    made = images.RasterImage.__init__

    @functools.wraps(made)
    def __init__(self, pillow_image, image_id, image_data, *args, **kwargs):
        if isinstance(image_data, bytes):
            orientation = args[2] if len(args) > 2 else kwargs.get("orientation", "none")
            image_id = content_name(image_data, orientation)
        made(self, pillow_image, image_id, image_data, *args, **kwargs)

    images.RasterImage.__init__ = __init__
    _patched = True
