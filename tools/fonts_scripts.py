"""The faces ``tools/fonts.py`` adds for the region's other scripts, symbols and emoji.

Each is a Noto face, subset with fontTools to what the Latin faces lack (its
own script blocks always), hinting dropped, every OpenType layout feature
kept, and renamed ("Folio Serif Khmer", PostScript ``FolioSerifKhmer-Regular``)
as the CJK subsets are:

* Khmer, Lao, Myanmar, Bengali, Tamil, Sinhala, Arabic (Naskh for the serif)
  and Hebrew, serif and sans, regular and bold, from Debian's
  ``fonts-noto-core``;
* Traditional Chinese from the Noto CJK collections (see ``tc_charset``);
* maths and technical symbols and arrows (Noto Sans Math, Noto Sans Symbols
  and Symbols 2, regular only) and monochrome emoji (Noto Emoji, from npm
  ``@expo-google-fonts/noto-emoji``, which carries Google Fonts' static
  files), as fallbacks of every stack, code included.
"""

from __future__ import annotations

import io
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

NOTO_DIR = "usr/share/fonts/truetype/noto"
EMOJI_PACKAGE = ("@expo-google-fonts/noto-emoji", "0.4.7")
EMOJI_FILE = "400Regular/NotoEmoji_400Regular.ttf"

# script code (ISO 15924, lower case): (name for people, blocks, serif upstream stem, sans upstream stem, folder)
SCRIPTS = {
    "khmr": ("Khmer", [(0x1780, 0x17FF), (0x19E0, 0x19FF)], "NotoSerifKhmer", "NotoSansKhmer", "noto-khmer"),
    "laoo": ("Lao", [(0x0E80, 0x0EFF)], "NotoSerifLao", "NotoSansLao", "noto-lao"),
    "mymr": ("Myanmar", [(0x1000, 0x109F), (0xA9E0, 0xA9FF), (0xAA60, 0xAA7F)], "NotoSerifMyanmar", "NotoSansMyanmar", "noto-myanmar"),
    "beng": ("Bengali", [(0x0980, 0x09FF)], "NotoSerifBengali", "NotoSansBengali", "noto-bengali"),
    "taml": ("Tamil", [(0x0B80, 0x0BFF), (0x11FC0, 0x11FFF)], "NotoSerifTamil", "NotoSansTamil", "noto-tamil"),
    "sinh": ("Sinhala", [(0x0D80, 0x0DFF), (0x111E0, 0x111FF)], "NotoSerifSinhala", "NotoSansSinhala", "noto-sinhala"),
    "arab": (
        "Arabic",
        [(0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF)],
        "NotoNaskhArabic",
        "NotoSansArabic",
        "noto-arabic",
    ),
    "hebr": ("Hebrew", [(0x0590, 0x05FF), (0xFB1D, 0xFB4F)], "NotoSerifHebrew", "NotoSansHebrew", "noto-hebrew"),
}
SHAPING = [(0x20, 0x20), (0xA0, 0xA0), (0x200B, 0x200F), (0x2060, 0x2060), (0x25CC, 0x25CC)]
"""Kept in every script face it has: spaces (a run of words stays in one face), zero-width (non-)joiner and
space, direction marks, the dotted circle of a lone mark."""

# family: (upstream file in fonts-noto-core, or None for the emoji package; script; what it is for people)
SYMBOLS = {
    "Folio Math": (
        "NotoSansMath-Regular.ttf",
        "math",
        "maths: operators, letterlike and double-struck letters (ℤ ℝ), arrows, maths alphanumerics",
    ),
    "Folio Symbols": ("NotoSansSymbols-Regular.ttf", "symbols", "technical symbols, arrows (↻ ⇒), circled numbers, dingbats"),
    "Folio Symbols 2": ("NotoSansSymbols2-Regular.ttf", "symbols", "more arrows, shapes, box drawing, braille, game symbols"),
    "Folio Emoji": (None, "emoji", "monochrome emoji, ZWJ sequences, flags and skin tones included"),
}

SAMPLES = {
    "khmr": "ព្រះរាជាណាចក្រកម្ពុជា",
    "laoo": "ສາທາລະນະລັດ ປະຊາທິປະໄຕ",
    "mymr": "မြန်မာနိုင်ငံ",
    "beng": "বাংলাদেশ গণপ্রজাতন্ত্রী",
    "taml": "தமிழ்நாடு இலங்கை",
    "sinh": "ශ්‍රී ලංකාව",
    "arab": "العربية، مرحبا؟",
    "hebr": "עברית שלום",
    "zh-hant": "臺灣 台北市 「繁體中文」，。、",
    "math": "ℤℝℕ↻⟶𝔸",
    "Folio Symbols": "☿♁",
    "Folio Symbols 2": "⏎★⚠",
    "emoji": "😀👍🎉❤",
}


def span(a: int, b: int) -> set[int]:
    return set(range(a, b + 1))


def blocks(ranges: list[tuple[int, int]]) -> set[int]:
    out: set[int] = set()
    for a, b in ranges:
        out |= span(a, b)
    return out


def tc_charset() -> tuple[set[int], str]:
    """Traditional Chinese: Big5 level 1 (the 5,401 common hanzi, lead bytes 0xA4-0xC6), Big5's symbols, bopomofo."""
    chars = set()
    for lead in range(0xA1, 0xC7):
        for trail in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            if lead == 0xC6 and trail > 0x7E:
                continue  # C6A1 on: the ETen extensions' kana, then level 2
            try:
                text = bytes((lead, trail)).decode("big5")
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                chars.add(ord(text))
    chars |= span(0x3100, 0x312F) | span(0x31A0, 0x31BF)  # bopomofo
    return chars, "Big5 level 1 (5,401 common hanzi) and symbols, bopomofo"


def subset_face(src: Path, chars: set[int], out: Path, family: str, style: str, note: str, rename, lang: str | None = None) -> int:
    """Cut ``src`` down to ``chars`` (layout features kept, hinting dropped), rename it; returns the code points kept."""
    font = TTFont(src, recalcTimestamp=False)
    if lang:
        from fonts import keep_language_system  # the CJK faces' language system

        keep_language_system(font, lang)
    options = subset.Options()
    options.layout_features = ["*"]
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    buffer.seek(0)
    font = TTFont(buffer, recalcTimestamp=False, recalcBBoxes=False)
    psname = family.replace(" ", "") + "-" + style
    rename(font, family, style, psname, note)
    font.save(out)
    return len(font.getBestCmap())


def script_entries(out: Path, noto: Path, latin: set[int], rename, deb: str) -> list[dict]:
    """Subset every script face into ``out``; the manifest rows.

    ``latin`` is what every Latin face has: a character one of them lacks stays in the script faces.
    """
    entries = []
    for script, (label, ranges, serif, sans, folder) in SCRIPTS.items():
        (out / folder).mkdir(exist_ok=True)
        own = blocks(ranges)
        for kind, stem in (("Serif", serif), ("Sans", sans)):
            family = f"Folio {kind} {label}"
            for weight, style in ((400, "Regular"), (700, "Bold")):
                src = noto / f"{stem}-{style}.ttf"
                cmap = set(TTFont(src, lazy=True).getBestCmap())
                chars = cmap & (own | blocks(SHAPING) | (cmap - latin))
                dst = out / folder / f"{family.replace(' ', '')}-{style}.ttf"
                note = (
                    f"{family} is a subset ({label} and what Folio Serif lacks) of {stem}-{style} "
                    "(Debian fonts-noto-core), renamed for the Folio toolchain."
                )
                subset_face(src, chars, dst, family, style, note, rename)
                entries.append(
                    dict(
                        file=f"{folder}/{dst.name}",
                        family=family,
                        weight=weight,
                        style="normal",
                        script=script,
                        licence=f"{folder}/OFL.txt",
                        source=f"deb fonts-noto-core {deb} {NOTO_DIR}/{src.name}, subset: {label} and what the Latin faces lack",
                    )
                )
    return entries


def symbol_entries(out: Path, noto: Path, emoji_package: Path, latin: set[int], rename, deb: str) -> list[dict]:
    """Maths, symbols and emoji, each cut to what the Latin faces lack."""
    entries = []
    for family, (upstream, script, _) in SYMBOLS.items():
        folder = "noto-emoji" if script == "emoji" else "noto-symbols"
        (out / folder).mkdir(exist_ok=True)
        src = emoji_package / EMOJI_FILE if upstream is None else noto / upstream
        cmap = set(TTFont(src, lazy=True).getBestCmap())
        chars = (cmap - latin) | (cmap & blocks(SHAPING))
        if script == "emoji":
            # all of it but letters: a sequence (❤️, keycaps #️⃣ 1️⃣, flags) needs every one of its characters here
            chars = cmap - span(0x41, 0x5A) - span(0x61, 0x7A)
        dst = out / folder / f"{family.replace(' ', '')}-Regular.ttf"
        origin = (
            f"npm {EMOJI_PACKAGE[0]}@{EMOJI_PACKAGE[1]} {EMOJI_FILE}"
            if upstream is None
            else f"deb fonts-noto-core {deb} {NOTO_DIR}/{upstream}"
        )
        note = f"{family} is a subset (what Folio Serif lacks) of {src.stem}, renamed for the Folio toolchain."
        subset_face(src, chars, dst, family, "Regular", note, rename)
        entries.append(
            dict(
                file=f"{folder}/{dst.name}",
                family=family,
                weight=400,
                style="normal",
                script=script,
                licence=f"{folder}/OFL.txt",
                source=f"{origin}, subset: what the Latin faces lack",
            )
        )
    return entries
