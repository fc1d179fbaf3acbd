"""Where folio's own files are: the package data every report starts from.

The stylesheets, templates, fonts and the Lua filter ship inside the package
(``folio/styles``, ``folio/templates``, ``folio/markdown/drop_refs.lua``), so an
installed folio, editable or not, finds them here and nowhere else.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
"""The installed ``folio`` package: code and data."""
STYLES = PACKAGE / "styles"
"""folio's stylesheets; a report's own ``styles/`` overrides them file by file."""
TEMPLATES = PACKAGE / "templates"
"""folio's Jinja templates; a report's own ``templates/`` overrides them file by file."""
FONTS = STYLES / "fonts"
"""The shipped faces and ``fonts.yaml``, the list of them."""
DROP_REFS = PACKAGE / "markdown" / "drop_refs.lua"
"""The pandoc filter that keeps citeproc's bibliography out of each chapter."""
BUILTIN = {"styles": STYLES, "templates": TEMPLATES}
"""folio's own folders by the name a report folder uses for its overrides."""
