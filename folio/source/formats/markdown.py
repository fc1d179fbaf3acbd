"""Markdown (``.md``): the chapters of the authoring contract.

A ``.md`` chapter is read with its own ``from:``, else the report's, else
pandoc's Markdown (:mod:`folio.source.readers`); its text goes to pandoc as
written.  A ``.md`` file in ``chapters/`` that ``contents`` does not name is
an error: a forgotten chapter is a lost chapter.
"""

from __future__ import annotations

from folio.source.formats.format import Format

FORMAT = Format(name="Markdown", suffixes=(".md",))
