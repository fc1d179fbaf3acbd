"""One font program per font in the joined PDF, as in one layout.

Each part embeds its own subset of each font it uses, so the joined file
carried every font once per part (about three times the single layout's
size).  WeasyPrint 70 subsets with the glyph ids kept (HarfBuzz's
``RETAIN_GIDS``; ``CIDToGIDMap /Identity``): glyph 57 is glyph 57 in every
part's subset, glyphs a part does not use are left empty, and the charstrings
are desubroutinised, each whole on its own.  So the parts' subsets of one
font (one ``FontName``: WeasyPrint names a subset by a hash of the font file)
are merged into one program holding every part's glyphs, and every part's
font points at it; each part's widths (``/W``) and text (``/ToUnicode``)
stay as they were.  Only OpenType CFF programs are merged (what folio's fonts
are); any other program, or subsets that do not line up glyph for glyph, are
left as each part embedded them.
"""

from __future__ import annotations

import base64
import io

import pikepdf
from pikepdf import Array, Dictionary, Name


def share_font_programs(pdf: pikepdf.Pdf) -> None:
    """Merge the parts' subsets of each font into one program that every part's font uses."""
    groups: dict[str, list] = {}
    for font in pdf.objects:
        if not (isinstance(font, Dictionary) and font.get("/Type") == Name.Font and font.get("/Subtype") == Name.Type0):
            continue
        descendant = font.DescendantFonts[0]
        descriptor = descendant.get("/FontDescriptor")
        if descriptor is None or "/FontFile3" not in descriptor or descendant.get("/CIDToGIDMap", Name.Identity) != Name.Identity:
            continue
        groups.setdefault(str(descriptor.FontName), []).append((descendant, descriptor))
    for users in groups.values():
        if len({descriptor.FontFile3.objgen for _, descriptor in users}) < 2:
            continue
        merged = merged_program([(descriptor.FontFile3.read_bytes(), used_glyphs(descendant)) for descendant, descriptor in users])
        if merged is None:
            continue
        stream = pdf.make_stream(merged)
        stream.Subtype = users[0][1].FontFile3.get("/Subtype", Name.OpenType)
        for _, descriptor in users:
            descriptor.FontFile3 = stream


def merged_program(subsets: list[tuple[bytes, set[int]]]) -> bytes | None:
    """:func:`merge`, kept in folio's cache by the subsets merged: after an edit to one part, its fonts seldom change."""
    import hashlib
    from importlib.metadata import version

    from folio.pdf.layout.cache import code_digest
    from folio.run.cache import Cache, cache_folder

    digest = hashlib.sha256()
    for data, glyphs in subsets:
        digest.update(hashlib.sha256(data).digest() + repr(sorted(glyphs)).encode())
    cache = Cache(cache_folder())
    key = ["merged font", digest.hexdigest(), version("fonttools"), code_digest()]
    if (hit := cache.get(key)) is not None:
        return base64.b64decode(hit["program"]) if hit["program"] is not None else None
    merged = merge(subsets)
    cache.put(key, {"program": None if merged is None else base64.b64encode(merged).decode("ascii")})
    return merged


def used_glyphs(descendant) -> set[int]:
    """The glyph ids a part's font gives widths for: the glyphs its text uses."""
    widths = descendant.get("/W", Array())
    found: set[int] = set()
    at = 0
    while at < len(widths):
        first = int(widths[at])
        if isinstance(widths[at + 1], Array):
            found.update(range(first, first + len(widths[at + 1])))
            at += 2
        else:
            found.update(range(first, int(widths[at + 1]) + 1))
            at += 3
    return found


def widths_base(top) -> tuple | None:
    """What a charstring's width is counted from, per private dictionary: a copied charstring must mean the same width."""
    privates = [fd.Private for fd in top.FDArray] if hasattr(top, "FDArray") else [top.Private]
    return tuple((getattr(private, "nominalWidthX", 0), getattr(private, "defaultWidthX", 0)) for private in privates)


def merge(subsets: list[tuple[bytes, set[int]]]) -> bytes | None:
    """One OpenType CFF program with each subset's used glyphs; ``None`` when the subsets do not line up."""
    from fontTools.misc.psCharStrings import T2CharString
    from fontTools.ttLib import TTFont

    # Bounding boxes are not recomputed on saving (every glyph drawn again: most of the merge's time);
    # the PDF's FontDescriptor gives each font's box.
    fonts = [(TTFont(io.BytesIO(data), recalcBBoxes=False, recalcTimestamp=False), glyphs) for data, glyphs in subsets]
    if not all("CFF " in font and "hmtx" in font for font, _ in fonts):
        return None
    base = max((font for font, _ in fonts), key=lambda font: len(font.getGlyphOrder()))
    order = base.getGlyphOrder()
    top = base["CFF "].cff.topDictIndex[0]
    charstrings = top.CharStrings
    for font, glyphs in fonts:
        if font is base:
            continue
        own_order = font.getGlyphOrder()
        own_top = font["CFF "].cff.topDictIndex[0]
        if own_order != order[: len(own_order)] or widths_base(own_top) != widths_base(top):
            return None
        for glyph_id in sorted(glyphs):
            if glyph_id >= len(own_order):
                return None
            if hasattr(top, "FDArray") and own_top.FDSelect[glyph_id] != top.FDSelect[glyph_id]:
                return None  # a CID-keyed font whose subsets put the glyph under another private dictionary
            name = own_order[glyph_id]
            source = own_top.CharStrings[name]
            source.compile()
            index = charstrings.charStrings[name]
            private = charstrings[name].private
            shared = T2CharString(bytecode=source.bytecode, private=private, globalSubrs=charstrings.globalSubrs)
            charstrings.charStringsIndex.items[index] = shared
            base["hmtx"].metrics[name] = font["hmtx"].metrics[name]
    out = io.BytesIO()
    base.save(out)
    return out.getvalue()
