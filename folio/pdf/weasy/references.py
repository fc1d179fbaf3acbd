"""Each structure element's page looked up in one list of the pages, not in a list made again for it.

pydyf's ``PDF.page_references`` builds the tuple of every page's reference
each time it is read, and WeasyPrint's tagging reads it for every structure
element it makes (``weasyprint/pdf/tags.py``: ``'Pg': pdf.page_references[page_number]``):
pages × elements, which grows with the square of the report's length (1.3 s
of the 7 s of painting at 300 pages).  :func:`keep_page_references` keeps the
tuple until a page is added; the references, and so the file, are the same.
"""

from __future__ import annotations

_patched = False


def keep_page_references() -> None:
    """Have ``pydyf.PDF.page_references`` made once per page count, not once per read (once)."""
    global _patched
    if _patched:
        return
    import pydyf

    made = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(made, property):
        raise RuntimeError("folio.pdf.weasy.references knows pydyf's PDF.page_references as a property; this pydyf makes it otherwise")

    def page_references(pdf) -> tuple:
        count = len(pdf.pages["Kids"])  # pages are only ever added, three items each
        kept = pdf.__dict__.get("_kept_page_references")
        if kept is None or kept[0] != count:
            kept = pdf.__dict__["_kept_page_references"] = (count, made.fget(pdf))
        return kept[1]

    pydyf.PDF.page_references = property(page_references, doc=made.__doc__)
    _patched = True
