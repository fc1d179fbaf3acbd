"""Raster pictures decode whole, within a bounded number of pixels.

A picture's header can promise what its data does not keep: a PNG cut short
by a failed download, a JPEG whose scan data is damaged.  Such a file opens
(the header is fine) and fails only when its pixels are read, deep inside a
later stage.  So every JPEG and PNG is decoded once here, in stage 1, and a
failure is the author's located error.  Decoding costs at most
:data:`~folio.source.pictures.images.MAX_PIXELS` pixels of four bytes (the header was
checked first); a JPEG is decoded at an eighth of its size, which still reads
every byte of its scan.  The answer is kept in folio's cache under the
picture's content, so a rebuild decodes nothing again.
"""

from __future__ import annotations

import hashlib
import io
import warnings

from folio.run.cache import Cache, cache_folder


def decode_problem(data: bytes, kind: str) -> str | None:
    """Why the ``kind`` (``PNG``, ``JPEG``) picture ``data`` cannot be decoded whole; ``None`` when it can."""
    from PIL import Image

    cache = Cache(cache_folder())
    key = ("decodes", hashlib.sha256(data).hexdigest(), Image.__version__)
    known = cache.get(key)
    if known is not None:
        return known or None
    problem = _decode(data, kind)
    cache.put(key, problem or "")
    return problem


def _decode(data: bytes, kind: str) -> str | None:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if kind == "JPEG":
                    image.draft(image.mode, (max(1, image.size[0] // 8), max(1, image.size[1] // 8)))
                image.load()
    except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        detail = str(error).splitlines()[0] if str(error) else type(error).__name__
        return f"is damaged: its pixels cannot be read ({detail}); export the picture again as {kind}"
    return None
