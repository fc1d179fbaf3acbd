"""The PDF's XMP metadata that WeasyPrint does not write, set by :func:`folio.pdf.finish.post.finish_pdf`."""

from __future__ import annotations

from folio.model import Report


def xmp_properties(report: Report) -> dict[str, object]:
    """Metadata from report.yaml that WeasyPrint does not write itself."""
    found: dict[str, object] = {
        "dc:identifier": report.identifier,
        "dc:language": [report.language],
        "dc:publisher": [report.publisher],
        "dc:date": [report.date.isoformat()],
    }
    if report.keywords:
        found["dc:subject"] = set(report.keywords)
    if report.rights:
        found["dc:rights"] = report.rights
    if report.translation:  # a translation names its original: its identifier and language
        found["dc:source"] = report.translation.original_identifier
        if report.translation.translators:
            found["dc:contributor"] = set(report.translation.translators)
    related = [f"{other.file_stem}.pdf ({other.tag})" for other in report.languages if other.tag != report.language]
    if related:  # and every edition names the others
        found["dc:relation"] = set(related)
    return found
