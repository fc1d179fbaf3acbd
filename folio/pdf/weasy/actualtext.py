"""The PDF's text of complex scripts as it was written, for search, copy and screen readers.

WeasyPrint 70 tells a reader which characters each glyph stands for with one
``/ToUnicode`` entry per glyph, taken from the first cluster the glyph was
drawn in.  In Khmer, Myanmar, Bengali, Sinhala, Tamil, Devanagari, Thai or
Lao one glyph stands for different characters in different clusters, and
glyphs are drawn in another order than the characters are written (a vowel
sign before its consonant),
so ``pdftotext`` gave back broken words.  :func:`mark_complex_text` has each
line of text in those scripts drawn inside a marked-content span whose
``/ActualText`` is the line's characters in their written order (ISO 32000-1,
14.9.4): readers take that text and ignore the glyphs' own.  Zero-width
spaces and word joiners (:mod:`folio.assemble.wordbreaks`) are left out of it.
A glyph that WeasyPrint maps to nothing (all but one glyph of a cluster
drawn with several) is mapped to the character the font's cmap gives it, or
else a zero-width space, since PDF/UA wants a Unicode value for every glyph;
the span's ActualText carries the text.

Unnecessary when WeasyPrint writes ``/ActualText`` spans itself for text
whose glyphs do not map one to one, in order, onto its characters; not
proposed upstream yet.
"""

from __future__ import annotations

import functools
import re

from folio.pdf.weasy.patches import expect

COMPLEX = re.compile(r"[\u0900-\u0DFF\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u19E0-\u19FF\uA8E0-\uA8FF\uA9E0-\uAA7F]")
"""Indic and Southeast Asian scripts.  Arabic and Hebrew keep their glyphs' own text: a reader puts right-to-left glyphs
back in order itself (and would turn an ActualText, already in written order, around)."""
INVISIBLE = re.compile("[\u200b\u2060\u00ad]")
ZWSP = "\u200b"
"""What a glyph drawn with others for one cluster stands for on its own: the cluster's text is the ActualText's."""

SIGNATURES = {
    "weasyprint.draw.text:draw_first_line": "(stream, textbox, text_overflow, block_ellipsis, matrix)",
    "weasyprint.pdf.stream:Stream.begin_marked_content": "(self, tag, property_list=None)",
    "weasyprint.pdf.stream:Stream.end_marked_content": "(self)",
}
"""What this module wraps or calls in WeasyPrint, with the signature each had when it was written."""

_patched = False


def actual_text(text: str) -> bytes:
    """A marked-content property list whose ``/ActualText`` is ``text`` (UTF-16BE, as a hex string)."""
    return b"<</ActualText <FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">>>"


_NOMINAL: dict[str, dict[int, str]] = {}


def nominal_characters(font) -> dict[int, str]:
    """Glyph id → the character the font's cmap maps to it (the lowest, where several do), for a WeasyPrint font."""
    if font.hash not in _NOMINAL:
        import io

        from fontTools.ttLib import TTFont

        found: dict[int, str] = {}
        try:
            with TTFont(io.BytesIO(font.file_content), fontNumber=font.index, lazy=True) as parsed:
                order = {name: index for index, name in enumerate(parsed.getGlyphOrder())}
                for code, name in sorted((parsed.getBestCmap() or {}).items(), reverse=True):
                    found[order[name]] = chr(code)
        except Exception:  # noqa: BLE001 - a font fontTools cannot read keeps WeasyPrint's mapping
            found = {}
        _NOMINAL[font.hash] = found
    return _NOMINAL[font.hash]


def mark_complex_text() -> None:
    """Wrap WeasyPrint's drawing of a line of text (once): a line in a complex script goes inside ``/Span <</ActualText …>> BDC … EMC``."""
    global _patched
    if _patched:
        return
    from weasyprint.draw import text as drawing

    expect(__name__, SIGNATURES)
    draw = drawing.draw_first_line

    @functools.wraps(draw)
    def draw_first_line(stream, textbox, *args, **kwargs):
        text = INVISIBLE.sub("", textbox.text or "")
        if not COMPLEX.search(text):
            return draw(stream, textbox, *args, **kwargs)
        stream.begin_marked_content("Span", actual_text(text))
        try:
            return draw(stream, textbox, *args, **kwargs)
        finally:
            stream.end_marked_content()
            for font in getattr(stream, "_fonts", {}).values():
                empty = [glyph for glyph, chars in font.to_unicode.items() if not chars]
                if empty:
                    nominal = nominal_characters(font)
                    for glyph in empty:
                        font.to_unicode[glyph] = nominal.get(glyph, ZWSP)

    drawing.draw_first_line = draw_first_line
    _patched = True
