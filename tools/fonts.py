#!/usr/bin/env python3
"""Regenerate the fonts shipped in ``folio/styles/fonts/`` from their upstream packages.

Developer tool only: the build never runs it; it only reads what this script
wrote (``styles/fonts/fonts.css`` and ``styles/fonts/fonts.yaml``).

What it does
------------
1. Downloads the pinned upstream packages into a temporary directory:

   * npm ``source-serif@4.5.1`` (Adobe Source Serif 4),
     ``source-sans@3.52.0`` (Adobe Source Sans 3) and
     ``source-code-pro@2.42.0`` (Adobe Source Code Pro), with ``npm pack``;
   * Debian ``fonts-noto-cjk`` and ``fonts-noto-core``, with
     ``apt-get download`` (unpacked with ``dpkg-deb -x``).

2. Copies the Latin faces unmodified: Source Serif 4 in its *SmText* optical
   size (the cut for small text; see ``styles/fonts/README.md``), Regular /
   Italic / Semibold / SemiboldItalic / Bold / BoldItalic, and Source Sans 3
   Regular / Italic / Semibold / Bold, and Source Code Pro Regular / Italic /
   Bold (the monospace for code, "Folio Mono"), all as CFF-flavoured ``.otf``.

3. Extracts single faces from the Noto CJK ``.ttc`` collections (Serif
   Regular, Sans Regular, Sans Bold for each of JP, KR, SC) and subsets them
   with fontTools to the common national character sets, which are derived
   from Python's codecs (no data files):

   * Japanese: JIS X 0208 (every character encodable as two bytes in
     ``euc_jp``) plus kana blocks;
   * Korean: KS X 1001 (two-byte ``euc_kr``) without its 4,888 hanja unless
     ``--kr-hanja`` is given, plus the whole Hangul Syllables block
     (U+AC00-D7A3, 11,172 syllables: KS X 1001 has only 2,350, and modern
     text uses more);
   * Simplified Chinese: GB 2312 (two-byte ``gb2312``);

   each plus ASCII, Latin-1 punctuation and symbols, General Punctuation,
   CJK Symbols and Punctuation and the Halfwidth/Fullwidth Forms block.
   All OpenType layout features are kept (vertical forms, proportional and
   half-width punctuation, ...) but only for the target language system, so
   the other regions' ``locl`` glyphs do not come along; hinting is dropped.
   The subsets are renamed ("Folio Serif JP", PostScript "FolioSerifJP-Regular",
   ...) so that they can never be mistaken for a machine-wide Noto CJK.
   WeasyPrint does not synthesize bold, so ``fonts.css`` maps the bold of
   "Folio Serif JP/KR/SC" to the Sans Bold file (``css_aliases`` in the
   manifest) unless ``--cjk-serif-bold`` ships real Serif Bold subsets.

   Traditional Chinese (TC) is cut to Big5 level 1, the 5,401 common hanzi,
   with Big5's symbols and bopomofo (``tools/fonts_scripts.py``).

4. Copies Noto Serif/Sans Devanagari and Noto Serif/Sans Thai (Regular and
   Bold) unmodified.

4b. Subsets the region's other scripts (Khmer, Lao, Myanmar, Bengali, Tamil,
   Sinhala, Arabic, Hebrew: serif and sans, regular and bold), Noto Sans Math,
   Symbols and Symbols 2 and the monochrome Noto Emoji (npm
   ``@expo-google-fonts/noto-emoji``) to what the Latin faces lack, renamed
   "Folio Serif Khmer", "Folio Math", "Folio Emoji"... (``tools/fonts_scripts.py``).

5. Writes the OFL text beside each family (``<family dir>/OFL.txt``),
   ``fonts.css`` (one ``@font-face`` per file), ``fonts.yaml`` (the manifest
   the build reads) and ``README.md``, then checks the result (``--check``).

How to run
----------
On a Debian machine with npm, apt-get and dpkg-deb, and access to the npm
registry and the Debian archive (run ``apt-get update`` once first)::

    python3.11 -m venv /tmp/fontvenv
    /tmp/fontvenv/bin/pip install fonttools brotli
    /tmp/fontvenv/bin/python tools/fonts.py            # rebuild folio/styles/fonts/
    /tmp/fontvenv/bin/python tools/fonts.py --check    # only verify it

Useful options: ``--workdir DIR`` keeps the downloads in DIR (re-used on the
next run), ``--kr-hanja`` adds the KS X 1001 hanja to the Korean faces
(about +3.7 MB), ``--cjk-serif-bold`` adds Noto Serif CJK Bold subsets
(about +6 MB), ``--level1`` falls back to JIS X 0208 level 1 / GB 2312 level 1
kanji/hanzi if the size budget ever has to shrink.  The output is
deterministic: running it twice gives byte-identical files.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import glob
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from fonts_scripts import EMOJI_PACKAGE, SCRIPTS, SYMBOLS, script_entries, symbol_entries, tc_charset
from fonts_scripts import SAMPLES as SCRIPT_SAMPLES
from fontTools import subset
from fontTools.ttLib import TTFont

REPO = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO / "folio" / "styles" / "fonts"
BUDGET_MB = 32.0  # hard limit for everything under styles/fonts/ (the README says what each script takes)

NPM_PACKAGES = {"source-serif": "4.5.1", "source-sans": "3.52.0", "source-code-pro": "2.42.0"}
DEB_PACKAGES = {"fonts-noto-cjk": "1:20220127+repack1-1", "fonts-noto-core": "20201225-1"}
CJK_DIR = "usr/share/fonts/opentype/noto"
NOTO_DIR = "usr/share/fonts/truetype/noto"

# Sample text every face of a script must cover (checked by --check).
SAMPLES = {
    "latin": "Việt Nam, Hà Nội, Thành phố Hồ Chí Minh, ở, ữ Āā Ēē Īī Ōō Ūū Te reo Māori — “quotes” ‘single’ … 2024–2025 € £ ¥",
    "ja": "東京都渋谷区 「日本語」、ひらがな・カタカナ。ー〜",
    "ko": "서울특별시 강남구 「한국어」",
    "zh": "北京市朝阳区 “简体中文”，。、《》",
    "deva": "नमस्ते भारत। क्षत्रिय ज्ञान",
    "thai": "ภาษาไทย สวัสดีครับ",
    **SCRIPT_SAMPLES,
}

# --------------------------------------------------------------------------
# What goes where.  Each face: output file (relative to styles/fonts),
# CSS family, weight, style, script, and where it comes from.
# --------------------------------------------------------------------------

SERIF_OPSZ = "SmText"  # Source Serif 4 optical size: see README.md
LATIN = [
    # (dir, file in npm package, family, weight, style, package)
    ("source-serif-4", f"OTF/SourceSerif4{SERIF_OPSZ}-Regular.otf", "Folio Serif", 400, "normal", "source-serif"),
    ("source-serif-4", f"OTF/SourceSerif4{SERIF_OPSZ}-It.otf", "Folio Serif", 400, "italic", "source-serif"),
    ("source-serif-4", f"OTF/SourceSerif4{SERIF_OPSZ}-Semibold.otf", "Folio Serif", 600, "normal", "source-serif"),
    ("source-serif-4", f"OTF/SourceSerif4{SERIF_OPSZ}-SemiboldIt.otf", "Folio Serif", 600, "italic", "source-serif"),
    ("source-serif-4", f"OTF/SourceSerif4{SERIF_OPSZ}-Bold.otf", "Folio Serif", 700, "normal", "source-serif"),
    ("source-serif-4", f"OTF/SourceSerif4{SERIF_OPSZ}-BoldIt.otf", "Folio Serif", 700, "italic", "source-serif"),
    ("source-sans-3", "OTF/SourceSans3-Regular.otf", "Folio Sans", 400, "normal", "source-sans"),
    ("source-sans-3", "OTF/SourceSans3-It.otf", "Folio Sans", 400, "italic", "source-sans"),
    ("source-sans-3", "OTF/SourceSans3-Semibold.otf", "Folio Sans", 600, "normal", "source-sans"),
    ("source-sans-3", "OTF/SourceSans3-Bold.otf", "Folio Sans", 700, "normal", "source-sans"),
    ("source-code-pro", "OTF/SourceCodePro-Regular.otf", "Folio Mono", 400, "normal", "source-code-pro"),
    ("source-code-pro", "OTF/SourceCodePro-It.otf", "Folio Mono", 400, "italic", "source-code-pro"),
    ("source-code-pro", "OTF/SourceCodePro-Bold.otf", "Folio Mono", 700, "normal", "source-code-pro"),
]
MONO = "Folio Mono"  # code only: left out of the Latin coverage the script faces' unicode-range is cut against

# Region: (script, index in the .ttc, OpenType language system, suffix)
CJK_REGIONS = {
    "JP": ("ja", 0, "JAN ", "JP"),
    "KR": ("ko", 1, "KOR ", "KR"),
    "SC": ("zh", 2, "ZHS ", "SC"),
    "TC": ("zh-hant", 3, "ZHT ", "TC"),
}


def cjk_faces(serif_bold: bool) -> list[tuple[str, str, str, int, str]]:
    """(collection, region, CSS family, weight, style name) of each CJK face."""
    styles = [
        ("NotoSerifCJK-Regular.ttc", "Serif", 400, "Regular"),
        ("NotoSansCJK-Regular.ttc", "Sans", 400, "Regular"),
        ("NotoSansCJK-Bold.ttc", "Sans", 700, "Bold"),
    ]
    if serif_bold:
        styles.insert(1, ("NotoSerifCJK-Bold.ttc", "Serif", 700, "Bold"))
    return [
        (collection, region, f"Folio {kind} {region}", weight, wname)
        for region in ("JP", "KR", "SC", "TC")
        for collection, kind, weight, wname in styles
    ]


NOTO = [
    # (dir, file, family, weight, script)
    ("noto-devanagari", "NotoSerifDevanagari-Regular.ttf", "Folio Serif Deva", 400, "deva"),
    ("noto-devanagari", "NotoSerifDevanagari-Bold.ttf", "Folio Serif Deva", 700, "deva"),
    ("noto-devanagari", "NotoSansDevanagari-Regular.ttf", "Folio Sans Deva", 400, "deva"),
    ("noto-devanagari", "NotoSansDevanagari-Bold.ttf", "Folio Sans Deva", 700, "deva"),
    ("noto-thai", "NotoSerifThai-Regular.ttf", "Folio Serif Thai", 400, "thai"),
    ("noto-thai", "NotoSerifThai-Bold.ttf", "Folio Serif Thai", 700, "thai"),
    ("noto-thai", "NotoSansThai-Regular.ttf", "Folio Sans Thai", 400, "thai"),
    ("noto-thai", "NotoSansThai-Bold.ttf", "Folio Sans Thai", 700, "thai"),
]

# Blocks that belong to a script face whatever the Latin faces cover; used
# for its CSS unicode-range (see css_unicode_range()).
SCRIPT_BLOCKS = {
    "deva": [(0x0900, 0x097F), (0x1CD0, 0x1CFF), (0xA830, 0xA83F), (0xA8E0, 0xA8FF), (0x200B, 0x200D), (0x25CC, 0x25CC)],
    "thai": [(0x0E00, 0x0E7F), (0x200B, 0x200D), (0x25CC, 0x25CC)],
}

# --------------------------------------------------------------------------
# Character sets, from Python's codecs.
# --------------------------------------------------------------------------


def span(a: int, b: int) -> set[int]:
    return set(range(a, b + 1))


def two_byte_repertoire(codec: str, leads=range(0xA1, 0xFF), trails=range(0xA1, 0xFF)) -> set[int]:
    """Every character that ``codec`` encodes as one two-byte EUC sequence."""
    out = set()
    for lead in leads:
        for trail in trails:
            try:
                text = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                out.add(ord(text))
    return out


def is_han(cp: int) -> bool:
    return 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x3FFFF


# ASCII, Latin-1 punctuation and symbols (not letters), General Punctuation,
# CJK Symbols and Punctuation, Halfwidth and Fullwidth Forms.  Characters a
# font does not have are simply ignored by the subsetter.
CJK_COMMON = span(0x20, 0x7E) | span(0xA0, 0xBF) | {0xD7, 0xF7} | span(0x2000, 0x206F) | span(0x3000, 0x303F) | span(0xFF00, 0xFFEF)


def cjk_charset(region: str, kr_hanja: bool, level1: bool) -> tuple[set[int], str]:
    """The code points to keep for a region, and a description of them."""
    if region == "JP":
        # JIS X 0208 rows 16-47 (lead bytes 0xB0-0xCF) are the level 1 kanji.
        leads = range(0xA1, 0xD0) if level1 else range(0xA1, 0xFF)
        chars = two_byte_repertoire("euc_jp", leads)
        chars |= span(0x3040, 0x30FF) | span(0x31F0, 0x31FF)  # kana
        desc = "JIS X 0208" + (" (level 1 kanji only)" if level1 else "") + " + kana"
    elif region == "KR":
        chars = two_byte_repertoire("euc_kr")
        if not kr_hanja:
            chars = {c for c in chars if not is_han(c)}
        chars |= span(0x3130, 0x318F)  # Hangul Compatibility Jamo
        # Modern Korean uses syllables KS X 1001 lacks (똠, 햏, 쌰…): keep all 11,172 of Unicode's Hangul Syllables block.
        chars |= span(0xAC00, 0xD7A3)
        desc = "KS X 1001 symbols" + (" and hanja" if kr_hanja else " (no hanja)") + ", all 11,172 Hangul syllables (U+AC00-D7A3), jamo"
    elif region == "SC":
        # GB 2312 rows 16-55 (lead bytes 0xB0-0xD7) are the level 1 hanzi.
        leads = range(0xA1, 0xD8) if level1 else range(0xA1, 0xFF)
        chars = two_byte_repertoire("gb2312", leads)
        desc = "GB 2312" + (" (level 1 hanzi only)" if level1 else "")
    elif region == "TC":
        chars, desc = tc_charset()
    else:
        raise ValueError(region)
    return chars | CJK_COMMON, desc


# --------------------------------------------------------------------------
# Downloads.
# --------------------------------------------------------------------------


def run(cmd: list[str], cwd: Path) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=cwd, check=True)


def fetch_npm(name: str, version: str, work: Path) -> Path:
    """``npm pack`` NAME@VERSION into WORK and unpack it; return its package/ dir."""
    plain = name.lstrip("@").replace("/", "-")  # npm pack names a scoped package's file so
    dest = work / f"npm-{plain}-{version}"
    if not (dest / "package" / "package.json").exists():
        tgz = work / f"{plain}-{version}.tgz"
        if not tgz.exists():
            run(["npm", "pack", f"{name}@{version}", "--pack-destination", str(work)], work)
        dest.mkdir(exist_ok=True)
        with tarfile.open(tgz) as tar:
            tar.extractall(dest, filter="data")
    meta = json.loads((dest / "package" / "package.json").read_text())
    if meta.get("version") != version or "OFL-1.1" not in str(meta.get("license")):
        sys.exit(f"{name}: unexpected package.json {meta.get('version')} {meta.get('license')}")
    return dest / "package"


def fetch_deb(name: str, version: str, work: Path) -> Path:
    """``apt-get download`` NAME=VERSION into WORK and unpack it; return the root."""
    dest = work / f"deb-{name}"
    if not (dest / "usr").exists():
        debs = glob.glob(str(work / f"{name}_*.deb"))
        if not debs:
            try:
                run(["apt-get", "download", f"{name}={version}"], work)
            except subprocess.CalledProcessError:
                sys.exit(
                    f'apt-get download {name}={version} failed: run "apt-get update" '
                    f'first; if the archive moved on, check "apt-cache policy {name}" '
                    f"and update DEB_PACKAGES in {__file__}"
                )
            debs = glob.glob(str(work / f"{name}_*.deb"))
        run(["dpkg-deb", "-x", debs[0], str(dest)], work)
    return dest


# --------------------------------------------------------------------------
# Font work.
# --------------------------------------------------------------------------


def keep_language_system(font: TTFont, lang: str) -> None:
    """Drop every language system but the default one and LANG.

    A Noto CJK face carries ``locl`` lookups that map each ideograph to the
    other regions' forms; keeping them would roughly double the glyph count.
    """
    for tag in ("GSUB", "GPOS"):
        if tag not in font:
            continue
        table = font[tag].table
        for record in table.ScriptList.ScriptRecord:
            script = record.Script
            script.LangSysRecord = [r for r in script.LangSysRecord if r.LangSysTag == lang]
            script.LangSysCount = len(script.LangSysRecord)
        font[tag].prune_features()  # features no language system uses any more


def rename(font: TTFont, family: str, style: str, psname: str, note: str) -> None:
    """Give a subset face its own names (name table IDs 1-4, 6, 16, 17 and CFF)."""
    name = font["name"]
    version = name.getDebugName(5).split(";")[0].replace("Version ", "")
    old_ps = name.getDebugName(6)
    full = family if style == "Regular" else f"{family} {style}"
    for name_id in (1, 2, 3, 4, 6, 16, 17, 18, 21, 22, 25):
        name.removeNames(nameID=name_id)
    for name_id, text in ((1, family), (2, style), (3, f"{version};FOLIO;{psname}"), (4, full), (6, psname), (16, family), (17, style)):
        name.setName(text, name_id, 3, 1, 0x409)
    description = name.getDebugName(10) or ""
    name.removeNames(nameID=10)
    name.setName(f"{note} {description}".strip(), 10, 3, 1, 0x409)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [psname]
        top = cff.topDictIndex[0]
        top.FullName = full
        top.FamilyName = family
        if hasattr(top, "FDArray"):
            for fd in top.FDArray:
                if getattr(fd, "FontName", "").startswith(old_ps):
                    fd.FontName = psname + fd.FontName[len(old_ps) :]


def make_cjk_subset(src: str, index: int, lang: str, chars: set[int], out: str, family: str, style: str, psname: str, note: str) -> str:
    font = TTFont(src, fontNumber=index, recalcTimestamp=False)
    keep_language_system(font, lang)
    options = subset.Options()
    options.layout_features = ["*"]
    options.hinting = False
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(font)
    # Reload the subset so the renumbering below touches only the CFF table:
    # tables left undecompiled are copied as bytes, and they address glyphs
    # by index, not by name.
    buffer = io.BytesIO()
    font.save(buffer)
    buffer.seek(0)
    font = TTFont(buffer, recalcTimestamp=False, recalcBBoxes=False)
    cids_equal_gids(font)
    rename(font, family, style, psname, note)
    font.save(out)
    return out


def cids_equal_gids(font: TTFont) -> None:
    """Renumber a subset CID-keyed CFF so every glyph's CID is its glyph index.

    The subsetter keeps Noto's original CIDs, but a PDF writer such as
    WeasyPrint refers to glyphs by index (Identity-H); a strict reader looks
    the number up as a CID and finds the wrong glyph or .notdef.  Only the CFF
    charset names glyphs: every other table addresses them by index.
    """
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    if not hasattr(top, "ROS"):
        return
    old = list(top.charset)
    new = [".notdef"] + [f"cid{gid:05d}" for gid in range(1, len(old))]
    names = dict(zip(old, new, strict=False))
    strings = top.CharStrings
    strings.charStrings = {names[name]: index for name, index in strings.charStrings.items()}
    top.charset = new
    font.setGlyphOrder(new)


def cmap_of(path: Path) -> set[int]:
    return set(TTFont(path, lazy=True).getBestCmap())


def ranges(codepoints: set[int]) -> list[tuple[int, int]]:
    out: list[list[int]] = []
    for cp in sorted(codepoints):
        if out and cp == out[-1][1] + 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return [(a, b) for a, b in out]


def css_unicode_range(script: str, cmap: set[int], latin: set[int]) -> str | None:
    """unicode-range for a script face, or None for no descriptor.

    WeasyPrint 70 *replaces* the face's Fontconfig charset with the
    unicode-range, so the range must never claim a code point the font lacks
    (that would give .notdef boxes instead of a fallback).  Devanagari and Thai
    faces claim their own script blocks plus whatever no Latin face has, so the
    Latin faces render Latin letters, digits and ASCII punctuation whatever the
    order of a font-family stack.  CJK faces get no descriptor: an exact range
    for their scattered ideographs would run to thousands of entries.
    """
    if script not in SCRIPT_BLOCKS:
        return None
    own = set()
    for a, b in SCRIPT_BLOCKS[script]:
        own |= span(a, b)
    claimed = (cmap & own) | (cmap - latin)
    claimed -= set(range(0x20))  # control characters
    return ", ".join(f"U+{a:04X}" if a == b else f"U+{a:04X}-{b:04X}" for a, b in ranges(claimed))


# --------------------------------------------------------------------------
# Licences.
# --------------------------------------------------------------------------


def ofl_body(source_serif_licence: Path) -> str:
    """The OFL 1.1 text itself (without a copyright notice), from Adobe's file."""
    text = source_serif_licence.read_text(encoding="utf-8")
    start = text.index("-----------------------------------------------------------\nSIL OPEN FONT LICENSE")
    return text[start:]


def write_noto_licence(path: Path, fonts: list[Path], body: str, rfn: str | None, origin: str) -> None:
    notices = []
    for font in fonts:
        notice = TTFont(font, lazy=True)["name"].getDebugName(0)
        if notice not in notices:
            notices.append(notice)
    head = "\n".join(notices)
    if rfn:
        head += f"\nReserved Font Name: {rfn}."
    path.write_text(
        f"{head}\n\n"
        "This Font Software is licensed under the SIL Open Font License, Version 1.1.\n\n"
        "This license is copied below, and is also available with a FAQ at: "
        "http://scripts.sil.org/OFL\n\n"
        f"({origin})\n\n\n{body}",
        encoding="utf-8",
    )


# --------------------------------------------------------------------------
# Main.
# --------------------------------------------------------------------------


def build(out: Path, work: Path, kr_hanja: bool, level1: bool, serif_bold: bool) -> None:
    pkgs = {n: fetch_npm(n, v, work) for n, v in NPM_PACKAGES.items()}
    emoji = fetch_npm(*EMOJI_PACKAGE, work)
    debs = {n: fetch_deb(n, v, work) for n, v in DEB_PACKAGES.items()}

    if out.exists():
        # Only what this script writes; anything else is left alone.
        folders = [folder for *_, folder in SCRIPTS.values()] + ["noto-symbols", "noto-emoji"]
        for sub in ("source-serif-4", "source-sans-3", "source-code-pro", "noto-cjk", "noto-devanagari", "noto-thai", *folders):
            shutil.rmtree(out / sub, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    entries = []  # manifest rows, in CSS order
    coverage = {}  # family dir -> description

    # Latin, unmodified.
    for folder, member, family, weight, style, pkg in LATIN:
        (out / folder).mkdir(exist_ok=True)
        src = pkgs[pkg] / member
        dst = out / folder / Path(member).name
        shutil.copyfile(src, dst)
        shutil.copyfile(pkgs[pkg] / "LICENSE.md", out / folder / "OFL.txt")
        entries.append(
            dict(
                file=f"{folder}/{dst.name}",
                family=family,
                weight=weight,
                style=style,
                script="latin",
                licence=f"{folder}/OFL.txt",
                source=f"npm {pkg}@{NPM_PACKAGES[pkg]} {member}",
            )
        )

    # CJK subsets.
    (out / "noto-cjk").mkdir(exist_ok=True)
    cjk_src = debs["fonts-noto-cjk"] / CJK_DIR
    jobs = []
    with concurrent.futures.ProcessPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        for collection, region, family, weight, style in cjk_faces(serif_bold):
            script, index, lang, _ = CJK_REGIONS[region]
            chars, desc = cjk_charset(region, kr_hanja, level1)
            coverage[region] = desc
            psname = family.replace(" ", "") + "-" + style
            dst = out / "noto-cjk" / f"{psname}.otf"
            upstream = collection.replace("CJK", f"CJK{region.lower()}").replace(".ttc", "")
            note = f"{family} is a subset ({desc}) of {upstream} (Noto CJK 2.001, Debian fonts-noto-cjk), renamed for the Folio toolchain."
            jobs.append(pool.submit(make_cjk_subset, str(cjk_src / collection), index, lang, chars, str(dst), family, style, psname, note))
            entry = dict(
                file=f"noto-cjk/{dst.name}",
                family=family,
                weight=weight,
                style="normal",
                script=script,
                licence="noto-cjk/OFL.txt",
                source=f"deb fonts-noto-cjk {DEB_PACKAGES['fonts-noto-cjk']} {CJK_DIR}/{collection} #{index} ({upstream}), subset: {desc}",
            )
            if not serif_bold and family.startswith("Folio Sans") and weight == 700:
                # WeasyPrint does not synthesize bold: serif CJK bold is set in the
                # sans bold, as Japanese, Chinese and Korean typesetting usually does.
                entry["css_aliases"] = [family.replace("Sans", "Serif")]
            entries.append(entry)
        for job in jobs:
            print("wrote", job.result(), flush=True)

    # Devanagari and Thai, unmodified.
    noto_src = debs["fonts-noto-core"] / NOTO_DIR
    for folder, fname, family, weight, script in NOTO:
        (out / folder).mkdir(exist_ok=True)
        shutil.copyfile(noto_src / fname, out / folder / fname)
        entries.append(
            dict(
                file=f"{folder}/{fname}",
                family=family,
                weight=weight,
                style="normal",
                script=script,
                licence=f"{folder}/OFL.txt",
                source=f"deb fonts-noto-core {DEB_PACKAGES['fonts-noto-core']} {NOTO_DIR}/{fname}",
            )
        )

    # The region's other scripts, symbols and emoji: subsets of what the Latin faces lack.
    latin = None  # what every Latin face has, the monospace included
    for e in entries:
        if e["script"] == "latin":
            cmap = cmap_of(out / e["file"])
            latin = cmap if latin is None else latin & cmap
    deb = DEB_PACKAGES["fonts-noto-core"]
    entries += script_entries(out, noto_src, latin, rename, deb)
    entries += symbol_entries(out, noto_src, emoji, latin, rename, deb)

    body = ofl_body(pkgs["source-serif"] / "LICENSE.md")
    cjk_files = [out / e["file"] for e in entries if e["file"].startswith("noto-cjk/")]
    write_noto_licence(
        out / "noto-cjk" / "OFL.txt",
        cjk_files,
        body,
        "'Source'",
        "Copyright notice as found in the fonts (name ID 0) of Debian fonts-noto-cjk "
        f"{DEB_PACKAGES['fonts-noto-cjk']}; the upstream noto-cjk licence reserves the "
        'font name "Source". The files here are renamed subsets, see README.md.',
    )
    for folder in ("noto-devanagari", "noto-thai", *(folder for *_, folder in SCRIPTS.values()), "noto-symbols"):
        files = [out / e["file"] for e in entries if e["file"].startswith(folder + "/")]
        write_noto_licence(
            out / folder / "OFL.txt",
            files,
            body,
            None,
            "Copyright notices as found in the fonts (name ID 0) of Debian fonts-noto-core "
            f"{DEB_PACKAGES['fonts-noto-core']}; no Reserved Font Name.",
        )

    emoji_licence = (emoji / "LICENSE_FONT").read_text(encoding="utf-8")
    (out / "noto-emoji" / "OFL.txt").write_text(
        f"{emoji_licence.rstrip()}\n\n(From npm {EMOJI_PACKAGE[0]}@{EMOJI_PACKAGE[1]}; "
        "the file here is a renamed subset, see README.md.)\n",
        encoding="utf-8",
    )

    write_css(out, entries)
    write_manifest(out, entries)
    write_readme(out, entries, coverage)


def write_css(out: Path, entries: list[dict]) -> None:
    latin = None
    for e in entries:
        if e["script"] == "latin" and e["family"] != MONO:
            cmap = cmap_of(out / e["file"])
            latin = cmap if latin is None else latin & cmap
    lines = [
        "/* Fonts shipped with the project.  Generated by tools/fonts.py: do not edit.",
        ' * URLs are relative to this file.  "Folio Serif"/"Folio Sans" cover Latin',
        " * (with Vietnamese and Maori), Greek and Cyrillic; always put one of them in a",
        " * font-family stack.  CJK faces also carry ASCII, so list the Latin family",
        " * before them unless CJK forms of shared punctuation are wanted. */",
        "",
    ]
    rules = [(e, e["family"]) for e in entries]
    rules += [(e, alias) for e in entries for alias in e.get("css_aliases", [])]
    for e, family in rules:
        fmt = "opentype" if e["file"].endswith(".otf") else "truetype"
        if family != e["family"]:
            lines.append(
                f"/* {family} bold: no serif CJK bold is shipped and WeasyPrint "
                f"does not synthesize bold, so the {e['family']} bold is used. */"
            )
        lines += [
            "@font-face {",
            f'  font-family: "{family}";',
            f'  src: url("{e["file"]}") format("{fmt}");',
            f"  font-weight: {e['weight']};",
            f"  font-style: {e['style']};",
        ]
        urange = css_unicode_range(e["script"], cmap_of(out / e["file"]), latin)
        if urange:
            lines.append(f"  unicode-range: {urange};")
        lines += ["}", ""]
    (out / "fonts.css").write_text("\n".join(lines), encoding="utf-8")


def write_manifest(out: Path, entries: list[dict]) -> None:
    q = json.dumps  # a JSON string is a valid YAML double-quoted scalar
    lines = [
        "# Fonts shipped with the project; generated by tools/fonts.py, do not edit.",
        "# One entry per font file.  Paths are relative to styles/fonts/.",
        "# script: latin, ja, ko, zh, zh-hant, deva, thai, or an ISO 15924 code (khmr, laoo,",
        "# mymr, beng, taml, sinh, arab, hebr); math, symbols, emoji for the fallbacks of every",
        "# stack.  css_aliases (optional): other",
        "# CSS families fonts.css also maps to this file at the same weight and style.",
        "fonts:",
    ]
    for e in entries:
        lines += [
            f"  - file: {q(e['file'])}",
            f"    family: {q(e['family'])}",
            f"    weight: {e['weight']}",
            f"    style: {e['style']}",
            f"    script: {e['script']}",
            f"    licence: {q(e['licence'])}",
            f"    source: {q(e['source'])}",
        ]
        if e.get("css_aliases"):
            lines.append(f"    css_aliases: [{', '.join(q(a) for a in e['css_aliases'])}]")
    (out / "fonts.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def human(n: int) -> str:
    return f"{n / 1e6:.2f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


def write_readme(out: Path, entries: list[dict], coverage: dict) -> None:
    groups: dict[str, list[dict]] = {}
    for e in entries:
        groups.setdefault(e["family"], []).append(e)
    rows = []
    for family, items in groups.items():
        files = "<br>".join(f"`{i['file']}` ({human((out / i['file']).stat().st_size)})" for i in items)
        counts = sorted({len(cmap_of(out / i["file"])) for i in items})
        count = f"{counts[0]:,}" if len(counts) == 1 else f"{counts[0]:,}–{counts[-1]:,}"
        script = items[0]["script"]
        region = {"ja": "JP", "ko": "KR", "zh": "SC", "zh-hant": "TC"}.get(script)
        what = (
            {
                "latin": "Latin (Adobe Latin 4: Vietnamese, Māori macrons, …), Greek, Cyrillic",
                "deva": "Devanagari (Hindi, Marathi, Nepali, Sanskrit, Vedic marks)",
                "thai": "Thai",
                **{code: f"{label} (subset: its blocks and what Folio Serif lacks)" for code, (label, *_) in SCRIPTS.items()},
                **{fam: f"{about} (subset: what Folio Serif lacks)" for fam, (_, _, about) in SYMBOLS.items()},
            }.get(script)
            or what_symbols(family)
            or coverage[region]
        )
        src = items[0]["source"].split(" ")
        upstream = " ".join(src[:3]) if src[0] == "deb" else " ".join(src[:2])
        rows.append(f"| {family} | {files} | {what}; {count} code points | `{items[0]['licence']}` (OFL 1.1) | {upstream} |")
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file() and p.name != "README.md")
    sizes = script_sizes(out, entries)
    fonts_total = sum((out / e["file"]).stat().st_size for e in entries)
    text = f"""# Shipped fonts

The project must render only with these fonts, never with fonts installed
on the machine.  Everything here is generated by `tools/fonts.py` (a developer
tool, not run by the build) from pinned upstream packages: change that script
and re-run it rather than editing files here.  `fonts.css` has one
`@font-face` per file, `fonts.yaml` lists every file with its CSS family,
weight, style, script, licence and source.

All fonts are under the SIL Open Font License 1.1; the licence text with the
copyright notices is in `OFL.txt` beside each family.

| CSS family | Files | Coverage | Licence | Upstream |
| --- | --- | --- | --- | --- |
{chr(10).join(rows)}

Font files: {human(fonts_total)} in {len(entries)} files; the whole folder
{human(total)} (budget: {BUDGET_MB:.0f} MB).

What each script adds to the folder (and, zipped, to the wheel):

| script | files | on disk | in the wheel |
| --- | --- | --- | --- |
{chr(10).join(sizes)}

## Notes

* **Source Serif 4 optical size.**  The *SmText* (“Small Text”) cut is
  shipped.  Adobe names Source Serif 4's optical sizes as in its Arno family,
  where Small Text is the cut for 8.5–10.9 pt; the fonts' STAT table
  puts SmText at opsz 12–18, which in CSS pixels (what browsers use for opsz)
  is 9–13.5 pt.  Caption is wider and heavier, for 6–8 pt; Text and larger
  are meant for bigger sizes.  The files are static and unmodified.
* **CJK subsets.**  One face per region (JP, KR, SC) is taken from the Noto
  CJK 2.001 collections and subset to the national standard's repertoire,
  computed from Python's codecs (`euc_jp`, `euc_kr`, `gb2312`), plus ASCII,
  Latin-1 punctuation, General Punctuation, CJK Symbols and Punctuation and
  the full-width forms.  Korean hanja are left out (`--kr-hanja` adds them,
  about +3.7 MB; 4,226 of the 4,888 KS X 1001 hanja are in the JP or SC
  faces anyway).  All OpenType layout features are kept for the region's own
  language system (vertical and proportional punctuation work); the other
  regions' `locl` forms and the hinting are dropped.  The subsets are renamed
  (“Folio Serif JP”, PostScript `FolioSerifJP-Regular`, …) so that they cannot
  be confused with a Noto CJK installed on the machine.  (WeasyPrint 70 names
  embedded fonts after the CSS family, so in `pdffonts` every shipped face
  shows as `Folio-…`, and a machine font under its own family name.)
* **Devanagari and Thai** are Noto fonts, unmodified.  Their `@font-face`
  rules carry a `unicode-range` (their script block plus what no Latin face
  has), so Latin letters and digits come from Folio Serif/Sans in any stack
  order.  WeasyPrint 70 takes `unicode-range` as the font's whole character
  set, which is why the ranges never claim more than the font has and why the
  CJK faces have none.
* **CJK bold.**  Only the Sans CJK families have a bold file.  WeasyPrint
  does not synthesize bold, so `fonts.css` maps `font-weight: 700` of
  “Folio Serif JP/KR/SC” to the Sans Bold file (the usual Mincho/Gothic,
  Song/Hei pairing; `css_aliases` in `fonts.yaml`).  `--cjk-serif-bold`
  ships real Noto Serif CJK Bold subsets instead, for about +6 MB.
* **Folio Mono** is Source Code Pro, unmodified, for code blocks and inline
  code; it matches Source Serif and Sans in proportions and covers the same
  Latin (Vietnamese included).  Regular, Italic and Bold are shipped; it is
  left out of the Latin coverage the Devanagari and Thai `unicode-range` is
  cut against, since only code is set in it.
* Folio Sans has no bold italic or semibold italic (not shipped); as
  WeasyPrint synthesizes neither, such text comes out in Folio Sans Italic.
  (`pdffonts` still lists it as `Folio-Sans-Bold-Italic`: the name is the
  requested family and style, not the file used.)
* **The region's other scripts.**  Khmer, Lao, Myanmar, Bengali, Tamil,
  Sinhala, Arabic (Noto Naskh Arabic for the serif, Noto Sans Arabic) and
  Hebrew come from Noto, serif and sans, regular and bold, each subset to its
  own Unicode blocks plus what no Latin face has (spaces, joiners and the
  dotted circle kept for shaping), hinting dropped, every OpenType feature
  kept, and renamed ("Folio Serif Khmer", …) as the CJK faces are.  No
  unicode-range is needed: a subset claims no Latin letter.
* **Traditional Chinese** (“Folio Serif TC”, “Folio Sans TC”) is cut from
  the Noto CJK TC faces to Big5 level 1, the 5,401 common hanzi (the
  Ministry of Education's 4,808 common characters are within it), with
  Big5's symbols and bopomofo, its `ZHT` language system only.
* **Maths, symbols, emoji.**  “Folio Math” (Noto Sans Math), “Folio Symbols”
  and “Folio Symbols 2” (Noto Sans Symbols, Symbols 2) and “Folio Emoji” (the
  monochrome Noto Emoji, from Google Fonts' static files in npm
  `@expo-google-fonts/noto-emoji`) hold what no Latin face has, in one
  regular weight, and end every stack, code's included: ℤ, ↻, ⟶ and 📦
  come from them wherever they stand.  A colour emoji font would be ten
  times the size and WeasyPrint draws it as pictures, not text.
* **Budget.**  The folder's budget is 32 MB.  The four CJK regions take
  most of it (three faces each, about 4.9 to 6.1 MB a region); the eight
  other scripts, the maths, symbols and emoji take about 5 MB together
  (table above).  A fifth CJK region or serif CJK bold would need a larger
  budget or `--level1`.
* **Gaps.**  Noto CJK lacks three characters of its standards: U+2252 ≒
  (JIS X 0208 and KS X 1001), U+223C ∼ and U+25C8 ◈ (KS X 1001); no shipped
  font has them.  Ĳ ĳ Ŧ ŧ ː (KS X 1001 row 8/9 letters) are in Folio Sans but
  not in Folio Serif or Noto CJK.
"""
    (out / "README.md").write_text(text, encoding="utf-8")


def what_symbols(family: str) -> str | None:
    return f"{SYMBOLS[family][2]} (subset: what Folio Serif lacks)" if family in SYMBOLS else None


SCRIPT_NAMES = {
    "latin": "Latin, Greek, Cyrillic (serif, sans, mono)",
    "ja": "Japanese",
    "ko": "Korean",
    "zh": "Simplified Chinese",
    "zh-hant": "Traditional Chinese",
    "deva": "Devanagari",
    "thai": "Thai",
    **{code: label for code, (label, *_) in SCRIPTS.items()},
    "math": "Maths",
    "symbols": "Symbols and arrows",
    "emoji": "Emoji (monochrome)",
}


def script_sizes(out: Path, entries: list[dict]) -> list[str]:
    """One table row per script: its files, bytes on disk and deflated as in a wheel."""
    import zlib

    rows = []
    for script, name in SCRIPT_NAMES.items():
        files = [out / e["file"] for e in entries if e["script"] == script]
        if not files:
            continue
        raw = sum(f.stat().st_size for f in files)
        zipped = sum(len(zlib.compress(f.read_bytes(), 6)) for f in files)
        rows.append(f"| {name} | {len(files)} | {human(raw)} | {human(zipped)} |")
    return rows


def check(out: Path) -> int:
    """Verify the shipped files: they open, cover the samples, fit the budget."""
    import re

    problems = []
    text = (out / "fonts.yaml").read_text(encoding="utf-8")
    entries = []
    for block in text.split("\n  - ")[1:]:
        entry = {}
        for line in block.splitlines():
            key, _, value = line.strip().partition(": ")
            entry[key] = json.loads(value) if value[:1] in '"[' else value
        entries.append(entry)
    css = (out / "fonts.css").read_text(encoding="utf-8")
    for e in entries:
        path = out / e["file"]
        font = TTFont(path)
        cmap = font.getBestCmap()
        missing = sorted({c for c in SAMPLES.get(e["family"], SAMPLES.get(e["script"], "")) if ord(c) not in cmap})
        name = font["name"]
        print(
            f"{e['file']:48} {path.stat().st_size:>9,} B  {len(cmap):>6,} cps "
            f"{font['maxp'].numGlyphs:>6,} glyphs  {name.getDebugName(6)}" + (f"  MISSING {''.join(missing)!r}" if missing else "")
        )
        if missing:
            problems.append(f"{e['file']} lacks {''.join(missing)!r}")
        if not (out / e["licence"]).exists():
            problems.append(f"{e['licence']} missing")
        if css.count(f'url("{e["file"]}")') != 1 + len(e.get("css_aliases", [])):
            problems.append(f"{e['file']} not (or not as often as expected) in fonts.css")
        if e["script"] not in ("latin", "deva", "thai"):
            names = " ".join(name.getDebugName(i) or "" for i in (1, 3, 4, 6, 16))
            if re.search("Noto|Source", names):
                problems.append(f"{e['file']} still named {names!r}")
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"total {total:,} bytes ({total / 2**20:.2f} MiB) in {out}")
    if total > BUDGET_MB * 2**20:
        problems.append(f"over the {BUDGET_MB} MB budget")
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: styles/fonts)")
    parser.add_argument("--workdir", type=Path, help="keep downloads here (default: a temporary folder)")
    parser.add_argument("--kr-hanja", action="store_true", help="keep the 4,888 KS X 1001 hanja in the Korean faces")
    parser.add_argument(
        "--cjk-serif-bold",
        action="store_true",
        help="ship Noto Serif CJK Bold subsets too (about +6 MB) instead of setting serif CJK bold in the sans bold",
    )
    parser.add_argument("--level1", action="store_true", help="fallback: only level 1 kanji/hanzi for JP and SC")
    parser.add_argument("--check", action="store_true", help="only verify the files already in --out")
    args = parser.parse_args()
    if not args.check:
        if args.workdir:
            args.workdir.mkdir(parents=True, exist_ok=True)
            build(args.out, args.workdir.resolve(), args.kr_hanja, args.level1, args.cjk_serif_bold)
        else:
            with tempfile.TemporaryDirectory(prefix="folio-fonts-") as tmp:
                build(args.out, Path(tmp), args.kr_hanja, args.level1, args.cjk_serif_bold)
    return check(args.out)


if __name__ == "__main__":
    sys.exit(main())
