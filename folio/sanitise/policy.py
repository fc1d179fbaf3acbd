"""Which URLs a published file may hold, and where.

A link is followed only when the reader chooses to, so it may point at
another part of the book, another file of it, or an ``https://``,
``http://`` or ``mailto:`` address.  Everything else a file names is
fetched as it opens, so it must be inside the file already (a ``data:``
picture or font, an ``#id`` of the drawing) or, in the EPUB, a file of the
book by a relative path.  ``javascript:``, ``vbscript:``, ``data:`` documents
and every other scheme are never kept, however they are spelled
(``JaVaScRiPt&#58;``, spaces and control characters inside, a backslash for a
slash): the HTML parser has resolved the entities, and :func:`url_kind`
reads the rest as a browser does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from folio.sanitise.css import CONTROL, data_type, url_kind

Where = Literal["web", "epub", "picture"]
"""The web edition (one file: nothing outside it), an EPUB document (its files), an SVG picture."""

LINK_SCHEMES = frozenset({"https", "http", "mailto"})
PICTURE_TYPES = re.compile(r"image/(png|jpeg|gif|webp|avif|svg\+xml)$")
FETCHING_REFERENCES = frozenset({"image", "feImage"})
"""SVG elements whose ``href`` draws a picture; every other SVG ``href`` refers to an element of the drawing."""


@dataclass(frozen=True, slots=True)
class Policy:
    where: Where

    def link(self, url: str) -> bool:
        """A link the reader may follow."""
        kind = url_kind(url)
        if kind in ("fragment", "relative"):
            return True
        if kind == "remote":
            scheme = CONTROL.sub("", url).split(":", 1)[0].lower()
            return scheme in LINK_SCHEMES
        return False

    def picture(self, url: str) -> bool:
        """A picture drawn as the file opens: carried inside (``data:``), or a file of the EPUB."""
        kind = url_kind(url)
        if kind == "data":
            return PICTURE_TYPES.match(data_type(url)) is not None
        return kind == "relative" and self.where == "epub"

    def reference(self, url: str) -> bool:
        """An SVG element's reference to another (``<use href="#shape">``, a gradient, a text path)."""
        return url_kind(url) == "fragment"

    def url(self, tag: str, attribute: str, value: str) -> bool:
        """Whether ``<tag attribute="value">`` may keep its URL."""
        if attribute == "src":
            return self.picture(value)
        if tag in ("a", "area"):
            return self.link(value)
        if tag in FETCHING_REFERENCES:
            return self.picture(value)
        if tag == "link":
            return url_kind(value) == "relative"
        return self.reference(value)


def shown(value: str, limit: int = 40) -> str:
    """A value for a message: one line, shortened."""
    text = CONTROL.sub(" ", value).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"
