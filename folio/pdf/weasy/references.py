"""Each structure element's page looked up in one list of the pages, not in a list made again for it.

pydyf's ``PDF.page_references`` builds the tuple of every page's reference
each time it is read, and WeasyPrint's tagging reads it for every structure
element it makes (``weasyprint/pdf/tags.py``: ``'Pg': pdf.page_references[page_number]``):
pages × elements, which grows with the square of the report's length (1.3 s
of the 7 s of painting at 300 pages).  :func:`keep_page_references` keeps the
tuple until a page is added; the references, and so the file, are the same.

Unnecessary when pydyf keeps ``page_references`` between reads (or
WeasyPrint's tagging reads it once); not proposed upstream yet: a speed-up
only.
"""

from __future__ import annotations

import functools

from folio.pdf.weasy.patches import differs, expect, expect_source

PAGES = "self.pages['Kids'][::3]"
"""How pydyf finds the pages' references: every third item of the page tree's ``Kids`` (the count kept here reads it)."""
SIGNATURES = {"pydyf:PDF.page_references": "(self)"}
"""What this module wraps in pydyf, with the signature it had when it was written."""

_patched = False


def check() -> None:
    """Stop unless ``pydyf.PDF.page_references`` is a property that finds the pages as :data:`PAGES` says."""
    import pydyf

    if not isinstance(pydyf.PDF.__dict__.get("page_references"), property):
        differs(__name__, "pydyf.PDF.page_references as a property", "here it is not one")
    expect_source(__name__, "pydyf:PDF.page_references", PAGES)


def keep_page_references() -> None:
    """Have ``pydyf.PDF.page_references`` made once per page count, not once per read (once)."""
    global _patched
    if _patched:
        return
    import pydyf

    check()
    expect(__name__, SIGNATURES)
    made = pydyf.PDF.__dict__["page_references"]

    @functools.wraps(made.fget)
    def page_references(pdf) -> tuple:
        count = len(pdf.pages["Kids"])  # pages are only ever added, three items each
        kept = pdf.__dict__.get("_kept_page_references")
        if kept is None or kept[0] != count:
            kept = pdf.__dict__["_kept_page_references"] = (count, made.fget(pdf))
        return kept[1]

    pydyf.PDF.page_references = property(page_references, doc=made.__doc__)
    _patched = True
