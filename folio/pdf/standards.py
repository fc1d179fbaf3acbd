"""Which PDF standard each PDF edition claims, as WeasyPrint's ``pdf_variant``.

The screen and print editions are for readers: tagged PDF/UA, level 1 unless
``report.yaml`` asks for ``pdf_standard: ua-2``.  The press edition is for the
printer: PDF/X-4 with a CMYK output intent (its ``pdf_variant`` in
:mod:`folio.editions.press_pdf`).  WeasyPrint writes one variant per
file, so the press PDF is not tagged.
"""

from __future__ import annotations

from folio.editions import named as edition_named

READING = {"ua-1": "pdf/ua-1", "ua-2": "pdf/ua-2"}
"""``pdf_standard`` in report.yaml → WeasyPrint's variant for the reading editions."""


def pdf_variant(edition: str, standard: str = "ua-1") -> str:
    """The variant of ``edition`` (screen, print or press) for a report asking for ``standard``."""
    return edition_named(edition).pdf_variant or READING[standard]


def is_press(variant: str) -> bool:
    return variant.startswith("pdf/x")
