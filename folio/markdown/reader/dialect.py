"""How one Markdown source is read: its ``from:`` turned into pandoc's reader, and what that reader can do.

``from:`` (the chapter's header, else ``report.yaml``, else ``markdown``) is
pandoc's reader syntax.  folio adds only what it needs on top:

* no ``auto_identifiers``, ``gfm_auto_identifiers`` or
  ``implicit_header_references``: folio gives heading ids itself over the
  whole report, by the rule the reader would have used (pandoc's, or
  GitHub's for ``gfm`` and ``commonmark_x``), see
  :func:`folio.markdown.links.crossrefs.heading_ids`;
* no ``sourcepos``: folio finds lines itself;
* a YAML header is never the reader's business: folio has already taken it off.

The reader decides what the later stages may rely on: whether the probe
that finds reference definitions can be a fenced div, whether ``@fig-x``
is a citation, whether a heading id follows GitHub's rule.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from folio.source import readers

FOLIO_OFF = ("auto_identifiers", "gfm_auto_identifiers", "implicit_header_references", "sourcepos")
"""Extensions folio always turns off, where the reader has them."""


@dataclass(frozen=True, slots=True)
class Dialect:
    spec: str
    """``from:`` as written (``gfm-tex_math_dollars``)."""
    reader: str
    """The base reader (``gfm``)."""
    enabled: frozenset[str]
    """The extensions on, as written."""

    @classmethod
    def of(cls, spec: str) -> Dialect:
        parsed = readers.parse(spec) or (readers.DEFAULT, [])
        reader, changes = parsed
        known = readers.extensions(reader)
        enabled = {name for name, on in known.items() if on}
        for sign, name in changes:
            (enabled.add if sign == "+" else enabled.discard)(name)
        return cls(spec=spec, reader=reader, enabled=frozenset(enabled))

    def without(self, extension: str) -> Dialect:
        """The same reader with ``extension`` off."""
        return Dialect(spec=f"{self.spec}-{extension}", reader=self.reader, enabled=self.enabled - {extension})

    @property
    def pandoc(self) -> str:
        """The ``--from`` pandoc runs with."""
        off = "".join(f"-{name}" for name in FOLIO_OFF if name in self.enabled)
        return f"{self.spec}{off}"

    @property
    def divs(self) -> bool:
        """``::: …`` is a fenced div."""
        return "fenced_divs" in self.enabled

    @property
    def citations(self) -> bool:
        """``@key`` is a citation (so ``@fig-x`` a cross-reference)."""
        return "citations" in self.enabled

    @property
    def github_ids(self) -> bool:
        """Headings get GitHub's ids, as the reader would give them."""
        return "gfm_auto_identifiers" in self.enabled

    @property
    def cell_fences(self) -> bool:
        """```` ```{r} ```` needs rewriting before pandoc's Markdown reader can see a code block in it."""
        return self.reader == "markdown" and "fenced_code_attributes" in self.enabled

    @property
    def alerts(self) -> bool:
        """``> [!NOTE]`` is a GitHub alert."""
        return "alerts" in self.enabled


@cache
def default() -> Dialect:
    """pandoc's Markdown, how a report without ``from:`` is read."""
    return Dialect.of(readers.DEFAULT)


def github_identifier(text: str) -> str:
    """GitHub's id for a heading's plain text, as pandoc's ``gfm_auto_identifiers`` gives it.

    Lower case; letters, digits, ``-``, ``_`` and combining marks kept, other
    punctuation dropped, each space a ``-``; nothing stripped from the start.
    """
    kept = "".join(
        c for c in text.lower() if c.isspace() or c.isalnum() or c in "-_" or unicodedata.category(c) in ("Mn", "Mc", "Me", "Pc")
    )
    return re.sub(r"\s", "-", kept)
