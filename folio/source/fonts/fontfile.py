"""A report's own font files: each one read whole before any stage uses it.

A font cut short by a failed download, or damaged inside one of its tables,
still starts with the right four bytes; it fails only deep inside the glyph
check, the PDF's subsetting or the EPUB's, as a traceback.  So each font of
a report's ``styles/fonts/`` is read here with fontTools, every table
decompiled, and a failure is the author's located error.  The answer is kept
in folio's cache under the file's content: a rebuild reads nothing again.
"""

from __future__ import annotations

import hashlib
import io

from folio.run.cache import Cache, cache_folder

FONT_TABLES_NEEDED = ("cmap", "head", "hhea", "hmtx", "maxp", "name")
"""What every font folio sets text with must hold."""


def font_problem(data: bytes) -> str | None:
    """Why the font file ``data`` cannot be used (said after the file's name); ``None`` when it can."""
    import fontTools

    cache = Cache(cache_folder())
    key = ("font-reads", hashlib.sha256(data).hexdigest(), fontTools.version)
    known = cache.get(key)
    if known is not None:
        return known or None
    problem = _read(data)
    cache.put(key, problem or "")
    return problem


def _read(data: bytes) -> str | None:
    from fontTools.ttLib import TTCollection, TTFont

    try:
        fonts = TTCollection(io.BytesIO(data)).fonts if data[:4] == b"ttcf" else [TTFont(io.BytesIO(data))]
        for font in fonts:
            missing = [tag for tag in FONT_TABLES_NEEDED if tag not in font]
            if missing:
                return f"is not a whole font: it has no {', '.join(missing)} table; replace it with the font file as published"
            font.ensureDecompiled()
    except Exception as error:  # noqa: BLE001 (fontTools raises many kinds on a damaged file, all of them the file's fault)
        detail = " ".join(str(error).split())[:120] or type(error).__name__
        return f"is damaged ({detail}); replace it with the font file as published"
    return None
