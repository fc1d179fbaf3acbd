"""Bounded work: each hostile input is refused at its line, with its limit named, cheaply.

Every case builds a real report (``build.py pdf epub html``) into an output
folder holding a previous build, and checks the outcome: exit status 1 with
the located messages and never a traceback, the peak memory of the whole
build under 1 GB (``ru_maxrss`` of the build and every process it waited
for), and the previous editions byte for byte.  Input at the limits builds,
and what it holds reaches the PDF.
"""

from __future__ import annotations

import base64
import io
import struct
import subprocess
from pathlib import Path

import pytest
from conftest import copy_report
from support.bounded import MEMORY_CEILING_MB, measured, previous_editions, refused, snapshot

from folio.markdown.nesting import MAX_BRACKETS, MAX_NESTING
from folio.source.pictures.images import MAX_PIXELS, svg_problems
from folio.source.pictures.svgsize import MAX_SVG_DEPTH, MAX_SVG_ELEMENTS

SVG = 'xmlns="http://www.w3.org/2000/svg"'
OPEN = "block quotes, lists and divs open on this line"
DEEP = f"more than the {MAX_NESTING} folio sets; take the innermost parts out of their quotes, lists or divs"


def report(tmp_path: Path, chapters: dict[str, str]) -> Path:
    """The minimal report with ``chapters`` (name → body) in its contents."""
    source = copy_report("minimal", tmp_path)
    (source / "chapters" / "one.md").unlink()
    lines = (source / "report.yaml").read_text().replace("  - chapter: chapters/one.md\n", "")
    for name, body in chapters.items():
        (source / "chapters" / f"{name}.md").write_text(f"---\ntitle: {name}\n---\n\n{body}\n")
        lines += f"  - chapter: chapters/{name}.md\n"
    (source / "report.yaml").write_text(lines)
    return source


def build_refused(tmp_path: Path, source: Path, timeout: float = 300) -> list[str]:
    out = tmp_path / "out"
    before = previous_editions(out, "minimal")
    run = measured("pdf", "epub", "html", "-q", "--source", source, "--out", out, timeout=timeout)
    lines = refused(run)
    assert snapshot(out) == before
    return lines


def build_accepted(tmp_path: Path, source: Path, timeout: float = 600) -> str:
    """Build; the PDF's text."""
    out = tmp_path / "out"
    run = measured("pdf", "epub", "html", "-q", "--source", source, "--out", out, timeout=timeout)
    assert run.code == 0, run.stderr[-3000:]
    assert run.peak_mb < MEMORY_CEILING_MB, f"peak memory {run.peak_mb:.0f} MB"
    return subprocess.run(["pdftotext", str(out / "minimal.pdf"), "-"], capture_output=True, text=True, check=True).stdout


# -- nesting ----------------------------------------------------------------------------------------


def nested_list(levels: int) -> str:
    return "\n".join("  " * level + f"- level {level + 1}" for level in range(levels))


def test_text_nested_past_the_limits_is_refused_before_pandoc(tmp_path: Path) -> None:
    source = report(
        tmp_path,
        {
            "quotes": "Fine.\n\n" + "> " * 150 + "deep",
            "lists": nested_list(200),
            "divs": "\n".join(":" * (40 - level) + " {.box}" for level in range(36)) + "\n\ndeep\n",
            "brackets": "A [" * 20 + "x" + "]" * 20,
            "notes": "Text" + "^[a note " * 40 + "x" + "]" * 40,
            "open": "Never closed " + "[" * 5000,
            "lines": "> " * 100000,  # 200 kB on one line
        },
    )

    assert build_refused(tmp_path, source) == [
        "chapters/brackets.md:5: 20 square brackets open inside one another, more than 6: pandoc takes time that doubles with "
        "each level to read them; close the brackets, or write \\[ for a bracket that is only text",
        f"chapters/divs.md:{5 + MAX_NESTING}: nested {MAX_NESTING + 1} levels deep ({OPEN}), {DEEP}",
        f"chapters/lines.md:5: nested 100000 levels deep ({OPEN}), {DEEP}",
        f"chapters/lists.md:{5 + MAX_NESTING}: nested {MAX_NESTING + 1} levels deep ({OPEN}), {DEEP}",
        "chapters/notes.md:5: 40 square brackets open inside one another, more than 6: pandoc takes time that doubles with "
        "each level to read them; close the brackets, or write \\[ for a bracket that is only text",
        "chapters/open.md:5: 5000 square brackets open inside one another, more than 6: pandoc takes time that doubles with "
        "each level to read them; close the brackets, or write \\[ for a bracket that is only text",
        f"chapters/quotes.md:7: nested 150 levels deep ({OPEN}), {DEEP}",
    ]


def test_a_tree_nested_past_the_limit_is_refused_before_anything_walks_it(tmp_path: Path) -> None:
    source = report(
        tmp_path,
        {
            "mixed": "- > " * 20 + "item",  # lists in quotes in lists, all opened on one line
            "spans": "Text " + "<span>" * 5000 + "x" + "</span>" * 5000,  # past what Python's JSON reader follows
            "emphasis": "".join("*_"[i % 2] for i in range(40)) + "x" + "".join("*_"[i % 2] for i in reversed(range(40))),
            "rawblock": "<div>" * 300 + "\n\ndeep\n\n" + "</div>" * 300,
            "rawinline": "Bold " + "<b>" * 300 + "x" + "</b>" * 300,
            "rawtables": "<table><tr><td>" * 40 + "x" + "</td></tr></table>" * 40,
        },
    )

    lines = build_refused(tmp_path, source)

    assert [line.split(": nested ")[0] for line in lines] == [
        "chapters/emphasis.md:5",
        "chapters/mixed.md:5",
        "chapters/rawblock.md:7",  # the text the innermost <div> holds
        "chapters/rawinline.md:5",
        "chapters/rawtables.md:5",
        "chapters/spans.md:5",
    ]
    assert all(line.endswith(DEEP) for line in lines), lines


@pytest.mark.slow
def test_nesting_at_the_limits_builds(tmp_path: Path) -> None:
    """Lists in quotes to the limit, and brackets to theirs, reach the PDF (quotes this deep leave a narrow column, but no word out)."""
    pairs = (MAX_NESTING - 2) // 2  # each "- > " opens a list and a quote; the item's paragraph and its words are the last two levels
    source = report(
        tmp_path,
        {
            "deep": "\n".join("  " * level + f"- > item{level}" for level in range(pairs)),
            "quotes": "> " * 12 + "innermost twelfth level",
            "brackets": "See " + "[" * MAX_BRACKETS + "bracketed" + "]" * MAX_BRACKETS + " text.",
        },
    )
    text = build_accepted(tmp_path, source)
    assert all(f"item{level}" in text for level in range(pairs))
    assert {"innermost", "twelfth", "level"} <= set(text.split())  # a narrow column: one or two words a line
    assert "[" * MAX_BRACKETS + "bracketed" + "]" * MAX_BRACKETS in text


@pytest.mark.slow
def test_pandoc_that_runs_out_of_time_is_a_located_error(tmp_path: Path) -> None:
    """Bracketed words holding ``__``, twenty lines of them in one paragraph: pandoc's reader takes minutes (jgm/pandoc#11687)."""
    source = report(tmp_path, {"dunder": "Fine.\n\n" + "\n".join(["[a.__b__]"] * 24)})

    lines = build_refused(tmp_path, source, timeout=400)

    assert lines == [
        "chapters/dunder.md:7: pandoc could not read this file: it took longer than 60 s; the paragraph here, with 24 square "
        "brackets, is the likely cause (its Markdown reader slows down exponentially on brackets inside brackets and on many "
        "bracketed words with __ in one paragraph); write \\[ and \\] for brackets that are only text, and put code in backticks"
    ]


# -- pictures ----------------------------------------------------------------------------------------


def png(width: int, height: int, mode: str = "RGBA") -> bytes:
    from PIL import Image

    data = io.BytesIO()
    Image.new(mode, (width, height)).save(data, "PNG", compress_level=9)
    return data.getvalue()


def noise_png() -> bytes:
    from PIL import Image

    data = io.BytesIO()
    Image.effect_noise((300, 200), 60).convert("RGB").save(data, "PNG")
    return data.getvalue()


def huge_jpeg_header() -> bytes:
    """A JPEG whose frame header claims 65535 x 65535 pixels, with no scan behind it."""
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, 65535, 65535, 3) + b"".join(bytes([i, 0x11, 0]) for i in (1, 2, 3))
    return b"\xff\xd8" + sof + b"\xff\xd9"


def use_bomb(levels: int = 9, fan: int = 10) -> str:
    """``fan`` ** ``levels`` rectangles in a few hundred bytes."""
    groups = "".join(f'<g id="l{i}">' + "".join(f'<use href="#l{i - 1}"/>' for _ in range(fan)) + "</g>" for i in range(1, levels + 1))
    return f'<svg {SVG} width="10" height="10"><defs><rect id="l0" width="1" height="1"/>{groups}</defs><use href="#l{levels}"/></svg>'


def embedded(kind: str, data: bytes) -> str:
    url = f"data:{kind};base64,{base64.b64encode(data).decode()}"
    return f'<svg {SVG} width="10" height="10">\n<image width="10" height="10" href="{url}"/>\n</svg>'


def test_hostile_pictures_are_refused_cheaply(tmp_path: Path) -> None:
    pictures = {
        "truncated.png": noise_png()[:3000],
        "bomb.png": png(7700, 7700),  # 0.2 MB, 237 MB decoded
        "header.jpg": huge_jpeg_header(),
        "nan.svg": f'<svg {SVG} width="NaN" height="100"><rect width="10" height="10"/></svg>'.encode(),
        "infinite.svg": f'<svg {SVG} width="10" height="10">\n<circle r="1e999" cx="5" cy="5"/></svg>'.encode(),
        "uses.svg": use_bomb().encode(),
        "loop.svg": f'<svg {SVG} width="10" height="10">\n<g id="a"><use href="#a"/></g></svg>'.encode(),
        "groups.svg": (f'<svg {SVG} width="10" height="10">\n' + "<g>" * 5000 + "</g>" * 5000 + "</svg>").encode(),
        "inner-bomb.svg": embedded("image/png", png(9000, 9000)).encode(),
        "inner-damage.svg": embedded("image/png", noise_png()[:3000]).encode(),
        "inner-uses.svg": embedded("image/svg+xml", use_bomb().encode()).encode(),
    }
    source = report(tmp_path, {"pictures": "\n\n".join(f"![{name}](images/{name})" for name in pictures)})
    (source / "images").mkdir()
    for name, data in pictures.items():
        (source / "images" / name).write_bytes(data)

    assert build_refused(tmp_path, source) == [
        f"images/bomb.png: has 7700 x 7700 pixels, more than {MAX_PIXELS:,}; reduce the image before adding it",
        f"images/groups.svg:2: elements nest more than {MAX_SVG_DEPTH} deep here; flatten the groups of the drawing",
        f"images/header.jpg: has too many pixels (more than {MAX_PIXELS:,}); reduce the image before adding it",
        'images/infinite.svg:2: r="1e999": 1e999 is not a number a drawing can use; write one within ±1,000,000,000',
        'images/inner-bomb.svg:2: <image href="data:image/png;base64,iVBORw0K">: the picture embedded here has 9000 x 9000 pixels, '
        f"more than {MAX_PIXELS:,}; reduce the image before adding it",
        'images/inner-damage.svg:2: <image href="data:image/png;base64,iVBORw0K">: the picture embedded here is damaged: its pixels '
        "cannot be read (image file is truncated); export the picture again as PNG",
        'images/inner-uses.svg:2: <image href="data:image/svg+xml;base64,PHN2">: the picture embedded here draws more than '
        f"{MAX_SVG_ELEMENTS:,} elements once every <use> and url(#…) is followed; simplify the drawing, or export it as a PNG",
        "images/loop.svg:2: an element here refers to itself, or to one that contains it; remove the reference",
        'images/nan.svg:1: width="NaN": NaN is not a number a drawing can use; write one within ±1,000,000,000',
        "images/truncated.png: is damaged: its pixels cannot be read (image file is truncated); export the picture again as PNG",
        f"images/uses.svg: draws more than {MAX_SVG_ELEMENTS:,} elements once every <use> and url(#…) is followed; "
        "simplify the drawing, or export it as a PNG",
    ]


@pytest.mark.slow
def test_pictures_at_the_limits_build_within_the_memory_ceiling(tmp_path: Path) -> None:
    """The largest PNG accepted, with transparency (the costliest to copy), and an SVG that draws just under its limit."""
    side = int(MAX_PIXELS**0.5) - 1
    fan = 14  # four levels of <use>: some 83,000 elements drawn
    source = report(tmp_path, {"pictures": "Large.\n\n![a large picture](images/large.png)\n\n![many shapes](images/shapes.svg)\n"})
    (source / "images").mkdir()
    (source / "images" / "large.png").write_bytes(png(side, side))
    (source / "images" / "shapes.svg").write_text(use_bomb(levels=4, fan=fan))
    assert svg_problems(use_bomb(levels=4, fan=fan).encode()) == [] and svg_problems(use_bomb(levels=4, fan=fan + 2).encode())
    assert "Large." in build_accepted(tmp_path, source)


# -- fonts --------------------------------------------------------------------------------------------


def test_a_damaged_font_is_a_located_error(tmp_path: Path) -> None:
    from folio.paths import FONTS

    source = report(tmp_path, {"one": "Text."})
    fonts = source / "styles" / "fonts"
    fonts.mkdir(parents=True)
    whole = (FONTS / "source-serif-4" / "SourceSerif4SmText-Regular.otf").read_bytes()
    (fonts / "cut.otf").write_bytes(whole[: len(whole) // 3])
    (fonts / "junk.ttf").write_bytes(b"\x00\x01\x00\x00" + bytes(range(256)) * 20)
    (fonts / "flipped.otf").write_bytes(whole[:2000] + bytes(b ^ 0xFF for b in whole[2000:4000]) + whole[4000:])
    (fonts / "whole.otf").write_bytes(whole)

    lines = build_refused(tmp_path, source)

    assert [line.split(": ")[0] for line in lines] == ["styles/fonts/cut.otf", "styles/fonts/flipped.otf", "styles/fonts/junk.ttf"]
    assert lines[0].startswith("styles/fonts/cut.otf: is damaged (unexpected end of 'CFF ' table data")
    assert lines[2] == (
        "styles/fonts/junk.ttf: is not a whole font: it has no cmap, head, hhea, hmtx, maxp, name table; "
        "replace it with the font file as published"
    )
    assert all(line.endswith("; replace it with the font file as published") for line in lines)


# -- long words --------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_long_word_is_set_whole_and_broken_at_the_margin(tmp_path: Path) -> None:
    """50,000 letters with no space: each line filled to the margin, every letter on the pages, in order."""
    word = "abcdefghij" * 5000
    source = report(tmp_path, {"word": f"Before {word} after.\n\n```\n{'0123456789' * 3000}\n```\n\n> {'x' * 3000}"})

    text = build_accepted(tmp_path, source, timeout=900)

    furniture = {"A Minimal Report", "word"}  # the running heads; page numbers are the short runs of digits
    body = [line for line in text.splitlines() if line not in furniture and not (line.isdigit() and len(line) <= 3)]
    joined = "".join("".join(body).split()).replace("\u2010", "")
    assert f"Before{word}after." in joined
    assert "0123456789" * 3000 in joined
    assert "x" * 3000 in joined


def test_long_runs_are_windowed_and_short_text_is_not() -> None:
    from folio.pdf.weasy.longwords import window

    prose = "A paragraph of ordinary words, " * 40
    assert window(prose, 11, 350, False) is None
    assert window("short", 11, 350, False) is None
    long = "Before " + "x" * 50_000
    part = window(long, 11, 350, False)
    assert part is not None and long.startswith(part) and 4 * 64 <= len(part) < 2000
    assert window(long, 11, 0, False) is None  # the narrowest line holds the first word whole
    assert window(long, 11, 0, True) is not None  # unless it breaks anywhere


def test_the_checks_themselves_take_linear_time_on_adversarial_text(tmp_path: Path) -> None:
    """What a regular expression could backtrack on for ever: unmatched backticks, dollars, a million digits before a letter."""
    source = report(
        tmp_path,
        {
            "ticks": "``a` " * 100_000 + "\n\n" + "$a " * 100_000 + "\n\n" + "[a] `b` " * 50_000,
        },
    )
    (source / "images").mkdir()
    (source / "images" / "digits.svg").write_text(
        f'<svg {SVG} width="10" height="10">\n<rect width="{"1" * 1_000_000}x" height="1"/>\n</svg>'
    )
    (source / "chapters" / "ticks.md").write_text((source / "chapters" / "ticks.md").read_text() + "\n![digits](images/digits.svg)\n")

    run = measured("check", "-q", "--source", source, timeout=120)

    assert refused(run) == [
        f'images/digits.svg:2: width="{"1" * 40}": {"1" * 1_000_000} is not a number a drawing can use; write one within ±1,000,000,000'
    ]


def test_a_report_too_large_to_hold_is_refused_before_pandoc(tmp_path: Path) -> None:
    paragraph = "A sentence of ordinary prose, repeated to fill the chapter to its limit. " * 20 + "\n\n"
    body = paragraph * (1_900_000 // len(paragraph))
    source = report(tmp_path, {"first": body, "second": body})

    run = measured("check", "-q", "--source", source, timeout=120)

    assert refused(run) == [
        "chapters/first.md: the report's chapters and stories hold 3.8 MB of Markdown together, more than 3 MB "
        "(some 1,500 pages); this is the largest: publish the report in volumes"
    ]
    assert run.peak_mb < 200
