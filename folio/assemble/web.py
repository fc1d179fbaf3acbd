"""The web edition as one file: pictures, styles and fonts inside it.

Opened from a download folder, a USB stick or an e-mail attachment, the page
has nothing to fetch: every picture is a ``data:`` URL (:mod:`folio.assemble.pictures`),
the stylesheets are inlined, and the shipped faces come as WOFF2 ``@font-face``
rules, each subset to the characters the page draws (:mod:`folio.assemble.subsets`).
"""

from __future__ import annotations

import base64
import re

import lxml.html

from folio.assemble.mathsfont import RULE as MATHS_RULE
from folio.assemble.mathsfont import maths_font, maths_text
from folio.assemble.subsets import EmbeddedFont, book_text, code_text, embedded_fonts
from folio.model import Report

WEIGHTS = (400, 600, 700)
"""The weights ``report.css`` uses: body, headings and strong, titles."""
FONT_FACES = "/* folio: @font-face */"
"""Where the template wants the ``@font-face`` rules, filled once the page's text is known."""
ALWAYS = "".join(chr(c) for c in range(0x20, 0x7F)) + "•◦▪–—…‘’“”"
"""Characters a browser may draw on its own (list markers, numbers) or a reader may search for."""
CONTENT = re.compile(r"""content:\s*(["'])(.*?)\1""")


def add_fonts(report: Report, page: str, css: str) -> str:
    """``page`` with the subset faces it draws in, as ``@font-face`` rules where the template marks them."""
    root = lxml.html.document_fromstring(page)
    text: list[tuple[str, str | None]] = []
    body = root.find("body")
    book_text(body, root.get("lang") or report.language, text)
    title = root.findtext("head/title")
    if title:
        text.append((title, report.language))
    # what the style sheets draw themselves (" · " between tools), and what any page may need
    text += [(match.group(2), None) for match in CONTENT.finditer(css)]
    text.append((ALWAYS, None))
    fonts = embedded_fonts(report, text, weights=WEIGHTS, flavor="woff2", code=code_text(body))
    maths = maths_font(maths_text(body), "woff2")
    return page.replace(FONT_FACES, font_faces(fonts + [maths] if maths else fonts) + (MATHS_RULE if maths else ""), 1)


def font_faces(fonts: list[EmbeddedFont]) -> str:
    rules = []
    for font in fonts:
        data = base64.b64encode(font.data).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "{font.family}"; src: url("data:font/woff2;base64,{data}") format("woff2"); '
            f"font-weight: {font.weight}; font-style: {font.style}; font-display: block; }}"
        )
    return "\n".join(rules)
