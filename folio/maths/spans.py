"""Where a source's text is TeX maths, before pandoc has read it.

The glyph check (:mod:`folio.source.glyphcheck`) runs on the files as written,
before stage 2.  A character of a formula is not set in the text faces but
drawn from the maths font, so it must not be refused for lacking a text
glyph: :func:`without_maths` blanks the formulas out of a text (lines kept),
by pandoc's rules for ``$…$`` and ``$$…$$``.  What the maths font itself
lacks is refused in stage 2, at the formula (:mod:`folio.maths.draw`).
"""

from __future__ import annotations

import re

from folio.maths.draw import font_characters

MATHS = re.compile(
    r"(?<![\\$])\$\$(?:[^$\\]|\\.|\$(?!\$))+?\$\$"  # display: $$…$$
    r"|(?<![\\$])\$(?![\s$])(?:[^$\\\n]|\\.|\n(?![ \t]*\n))+?(?<![\s\\])\$(?![\d$])",  # inline: no space inside the dollars, no digit after
    re.S,
)


def without_maths(text: str) -> str:
    """``text`` with each character of a formula that the maths font draws turned into a space (line breaks kept)."""
    if "$" not in text:
        return text
    drawn = font_characters()

    def blank(match: re.Match) -> str:
        return "".join(char if char == "\n" or ord(char) not in drawn else " " for char in match.group(0))

    return MATHS.sub(blank, text)
