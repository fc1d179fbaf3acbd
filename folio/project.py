"""Where folio is published: its name on the package index and its documentation site.

The command and the import name are ``folio``; the distribution is
``folio-report``, since ``folio`` on the package index is an unrelated
project.  Messages that point an author at the manual link a page of the
documentation site through :func:`docs`.
"""

from __future__ import annotations

DISTRIBUTION = "folio-report"
"""The name pip and pipx install folio by (``pipx install folio-report``)."""

DOCS = "https://folio-report.github.io/folio/"
"""The documentation site (``site_url`` in mkdocs.yml, ``Documentation`` in pyproject's URLs)."""


def docs(page: str) -> str:
    """The address of a page of the documentation site, ``page`` as its path there (``reference/report-yaml/``)."""
    return DOCS + page
