"""Where a line may break in scripts written without spaces, and where it may not in Korean.

Khmer, Lao, Myanmar and Thai put no space between words, and a line may
break only between two words.  Browsers find those places with dictionaries;
WeasyPrint (through Pango) finds none for Khmer, Lao and Myanmar and breaks
them between any two clusters.  So before the PDF is laid out, each run of
those scripts is cut into words with ICU's dictionaries (``icu4py``), and a
ZERO WIDTH SPACE (U+200B) marks each word's end: a break opportunity that
draws nothing and is no text in the PDF (WeasyPrint writes no glyph for it).

Korean is written with spaces between words (eojeol), and a line breaks
there, not between two syllables of a word (CSS ``word-break: keep-all``,
which WeasyPrint does not have): a WORD JOINER (U+2060) between the
syllables of a word says so, and draws nothing either.

Only the PDF's HTML is marked (:func:`folio.assemble.editions.assemble`);
the EPUB and the web edition leave line breaking to the reading system.
"""

from __future__ import annotations

import re
from functools import lru_cache

from folio.assemble.bidi import RAW, TAG

ZWSP = "\u200b"
WORD_JOINER = "\u2060"
NO_SPACES = re.compile(r"[\u0E00-\u0E7F]+|[\u0E80-\u0EFF]+|[\u1000-\u109F\uA9E0-\uA9FF\uAA60-\uAA7F]+|[\u1780-\u17FF\u19E0-\u19FF]+")
"""A run of Thai, Lao, Myanmar or Khmer (all in the Basic Multilingual Plane, as ICU's offsets must be)."""
HANGUL_WORD = re.compile(r"[\uAC00-\uD7A3]{2,}")


def locale_of(run: str) -> str:
    """The ICU locale whose dictionary cuts ``run``: Thai, Lao, Khmer or Myanmar by its first character."""
    code = ord(run[0])
    if code <= 0x0E7F:
        return "th"
    if code <= 0x0EFF:
        return "lo"
    if 0x1780 <= code <= 0x19FF:
        return "km"
    return "my"


@lru_cache(maxsize=4096)
def words(run: str) -> tuple[str, ...]:
    """``run`` cut into words by ICU's dictionary for its script."""
    from icu4py.breakers import WordBreaker

    return tuple(run[start:end] for start, end in WordBreaker(run, locale_of(run)).segments())


def mark_text(text: str) -> str:
    """``text`` with a break opportunity after each word of the spaceless scripts, and Korean words held together."""
    text = NO_SPACES.sub(lambda match: ZWSP.join(words(match.group(0))), text)
    return HANGUL_WORD.sub(lambda match: WORD_JOINER.join(match.group(0)), text)


def has_marked_scripts(html: str) -> bool:
    return bool(NO_SPACES.search(html) or HANGUL_WORD.search(html))


def word_breaks(html: str) -> str:
    """The PDF's ``html`` with every text of its body marked by :func:`mark_text` (markup, attributes, styles untouched)."""
    if not has_marked_scripts(html):
        return html
    body = re.search(r"<body[\s>]", html)
    if body is None:
        return html
    out = [html[: body.start()]]
    at = body.start()
    raw = 0
    for match in TAG.finditer(html, body.start()):
        text = html[at : match.start()]
        out.append(mark_text(text) if not raw else text)
        out.append(match.group(0))
        at = match.end()
        name = (match.group(2) or "").lower()
        if name in RAW and not match.group(4):
            raw += -1 if match.group(1) else 1
            raw = max(raw, 0)
    text = html[at:]
    out.append(mark_text(text) if not raw else text)
    return "".join(out)
