"""Font family names a picture or stylesheet may ask for, and the shipped face each one gets.

An SVG exported from a charting tool asks for ``sans-serif``, Helvetica,
Arial, Times, Calibri...; none of these is shipped, and WeasyPrint would ask
the machine for them.  Each generic CSS family and each common name here is
set in one of folio's own families instead (the PDF's fontconfig aliases
them, :mod:`folio.pdf.layout.fontconfig`).  A family list naming none of these and
none of the shipped families cannot be mapped: it is refused where it is
written, never left to whatever the machine has.
"""

from __future__ import annotations

import re
from functools import cache

import yaml

from folio.errors import quote
from folio.paths import FONTS

ALIASES: dict[str, tuple[str, ...]] = {
    "Folio Serif": (
        "serif", "ui-serif", "Times", "Times New Roman", "Times Roman", "TimesNewRoman", "Tinos", "Georgia", "Cambria",
        "Garamond", "EB Garamond", "Palatino", "Palatino Linotype", "Book Antiqua", "Baskerville", "Constantia", "Charter",
        "Bitstream Charter", "Century Schoolbook", "Nimbus Roman", "Nimbus Roman No9 L", "Liberation Serif", "DejaVu Serif",
        "Bitstream Vera Serif", "Noto Serif", "Source Serif Pro", "Source Serif 4", "Source Serif 4 SmText", "Latin Modern Roman",
        "Computer Modern", "CMU Serif", "STIX Two Text", "Minion Pro", "Merriweather", "PT Serif", "Droid Serif",
    ),
    "Folio Sans": (
        "sans-serif", "sans", "ui-sans-serif", "system-ui", "-apple-system", "BlinkMacSystemFont", "Helvetica", "Helvetica Neue",
        "Arial", "Arimo", "Arial Unicode MS", "Arial Narrow", "Calibri", "Candara", "Corbel", "Verdana", "Tahoma", "Segoe UI",
        "Trebuchet MS", "Lucida Grande", "Lucida Sans", "Lucida Sans Unicode", "Geneva", "Gill Sans", "Gill Sans MT", "Futura",
        "Frutiger", "Univers", "Myriad Pro", "Avenir", "Avenir Next", "Open Sans", "Roboto", "Lato", "Inter", "Montserrat",
        "Source Sans Pro", "Source Sans 3", "Noto Sans", "Droid Sans", "Fira Sans", "IBM Plex Sans", "PT Sans", "Ubuntu",
        "Cantarell", "Carlito", "Nimbus Sans", "Nimbus Sans L", "Liberation Sans", "DejaVu Sans", "Bitstream Vera Sans",
        "San Francisco", "SF Pro Text", "SF Pro Display",
    ),
    "Folio Mono": (
        "monospace", "mono", "ui-monospace", "Courier", "Courier New", "Cousine", "Consolas", "Menlo", "Monaco", "Lucida Console",
        "Lucida Sans Typewriter", "Andale Mono", "SF Mono", "Source Code Pro", "Fira Code", "Fira Mono", "JetBrains Mono",
        "Cascadia Code", "Cascadia Mono", "Roboto Mono", "Ubuntu Mono", "IBM Plex Mono", "Noto Mono", "Noto Sans Mono",
        "Inconsolata", "Hack", "Nimbus Mono", "Nimbus Mono PS", "Liberation Mono", "DejaVu Sans Mono", "Bitstream Vera Sans Mono",
    ),
}  # fmt: skip
"""Each folio family, and the names set in it."""

KEYWORDS = {"inherit", "initial", "unset", "revert", "revert-layer"}


def key(name: str) -> str:
    """A family name as fontconfig compares it: case and spaces do not count."""
    return re.sub(r"\s+", "", name.strip().strip("\"'")).casefold()


@cache
def shipped_families() -> frozenset[str]:
    """Every family name of folio's ``fonts.yaml``, as :func:`key` gives it."""
    data = yaml.safe_load((FONTS / "fonts.yaml").read_text("utf-8"))
    names = set()
    for entry in data["fonts"]:
        names.add(entry["family"])
        names.update(entry.get("css_aliases", []))
    return frozenset(key(name) for name in names)


@cache
def _mapped() -> dict[str, str]:
    return {key(name): family for family, names in ALIASES.items() for name in names}


def family_for(name: str) -> str | None:
    """The shipped family ``name`` is set in, ``None`` when folio knows no such name."""
    found = key(name)
    if found in shipped_families():
        return name.strip().strip("\"'")
    return _mapped().get(found)


def unmapped(value: str) -> list[str] | None:
    """The names of a ``font-family`` list when none of them can be set in a shipped face; ``None`` when one can."""
    names = [name.strip() for name in value.split(",") if name.strip()]
    if not names or any(key(name) in KEYWORDS or family_for(name) for name in names):
        return None
    return names


FONT_FACE = re.compile(r"@font-face\s*\{[^}]*?font-family\s*:\s*([^;}]+)", re.IGNORECASE)
FAMILY_DECLARATION = re.compile(r"(?:(?<![-\w])font-family|--(?:serif|sans|mono))\s*:\s*([^;}]+)", re.IGNORECASE)
"""``font-family``, and the custom properties folio's stylesheets keep their stacks in."""
COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
VARIABLE = re.compile(r"var\(\s*--[\w-]+\s*(?:,\s*)?")


def stylesheet_family_problems(sheets: list[tuple[str, str]]) -> list[tuple[str, int, str]]:
    """``(shown, line, message)`` for each ``font-family`` in ``sheets`` (``(shown, css)`` pairs) that names no font folio has.

    A family a sheet declares with ``@font-face`` counts as shipped.
    """
    texts = [(shown, COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), css)) for shown, css in sheets]
    declared = {key(name) for _, css in texts for match in FONT_FACE.finditer(css) for name in match.group(1).split(",")}
    found = []
    for shown, css in texts:
        for match in FAMILY_DECLARATION.finditer(css):
            value = VARIABLE.sub("", match.group(1).replace("!important", "")).replace(")", "")
            if "var(" in match.group(1) and not value.strip(" ,"):
                continue  # only a custom property: its value is checked where it is set
            names = unmapped(value)
            if names and not any(key(name) in declared for name in names):
                line = css.count("\n", 0, match.start()) + 1
                shown_value = value.strip().replace('"', "'")
                found.append(
                    (
                        shown,
                        line,
                        f"font-family {quote(shown_value)}: folio ships none of these fonts and will not use the machine's; "
                        "name a shipped family (Folio Serif, Folio Sans, Folio Mono), a generic one, or declare the font "
                        "with @font-face from styles/fonts/",
                    )
                )
    return found
