"""Stage 1: read and check the whole report folder into a :class:`folio.model.Report`.

``report.yaml``, chapter headers, profiles, key figures, images, a report's own
styles and templates, and every character against the shipped fonts.
"""
