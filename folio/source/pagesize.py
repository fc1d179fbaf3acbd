"""Page sizes: the paper, and the margins and type that suit it.

A4 and letter keep the margins they always had: one text block 124 mm wide,
about 68 characters of the 10 pt body.  The other sizes (A5, B5, 6×9 in, or
any ``"WIDTHmm HEIGHTmm"``) scale the same proportions, with the text block
never wider than on A4; a page narrower than 170 mm sets a profile's fact
box under its story instead of beside it, and the cover's title smaller.
"""

from __future__ import annotations

import re

NAMED = {"A4": (210.0, 297.0), "letter": (215.9, 279.4), "A5": (148.0, 210.0), "B5": (176.0, 250.0), "6x9in": (152.4, 228.6)}
"""Width and height in millimetres."""
CSS = {"A4": "210mm 297mm", "letter": "8.5in 11in"}
CUSTOM = re.compile(r"^\s*(\d{2,3}(?:\.\d+)?)\s*(mm|cm|in)\s+(\d{1,3}(?:\.\d+)?)\s*(mm|cm|in)\s*$")
UNIT_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4}
LIMITS_MM = (100.0, 500.0)
"""The smallest and largest side a page may have."""
NARROW_MM = 170.0
TEXT_WIDTH_MM = 124.0

FIXED = {
    "A4": {"top": 24, "bottom": 28, "inner": 34, "outer": 52, "side": 43},
    "letter": {"top": 20, "bottom": 24, "inner": 36, "outer": 55.9, "side": 45.95},
}


def parse(value: str) -> str | None:
    """A page size as report.yaml may write it, in its canonical spelling; ``None`` when it is none."""
    for name in NAMED:
        if value.strip().lower() == name.lower():
            return name
    match = CUSTOM.match(value)
    if match is None:
        return None
    width, height = float(match.group(1)) * UNIT_MM[match.group(2)], float(match.group(3)) * UNIT_MM[match.group(4)]
    if not (LIMITS_MM[0] <= width <= LIMITS_MM[1] and LIMITS_MM[0] <= height <= LIMITS_MM[1]):
        return None
    return f"{width:g}mm {height:g}mm"


def dimensions(page_size: str) -> tuple[float, float]:
    """Width and height in millimetres."""
    if page_size in NAMED:
        return NAMED[page_size]
    width, height = page_size.split()
    return float(width.removesuffix("mm")), float(height.removesuffix("mm"))


def css_size(page_size: str) -> str:
    width, height = dimensions(page_size)
    return CSS.get(page_size) or f"{width:g}mm {height:g}mm"


def margins(page_size: str) -> dict[str, float]:
    """The page's margins in millimetres: top, bottom, inner, outer (the print edition's) and side (the screen edition's)."""
    width, height = dimensions(page_size)
    if page_size in FIXED:
        return dict(FIXED[page_size])
    text = min(TEXT_WIDTH_MM, width * 0.74)
    side = (width - text) / 2
    return {"top": height * 0.081, "bottom": height * 0.094, "inner": side * 0.79, "outer": side * 1.21, "side": side}


def design(page_size: str) -> dict[str, str]:
    """The CSS values of ``variables.css.j2`` for this paper."""
    width, height = dimensions(page_size)
    margins_mm = margins(page_size)
    scale = min(1.0, width / 210.0)
    values = {f"margin-{name}": f"{value:.2f}mm" for name, value in margins_mm.items()}
    values["page-height"] = f"{height:g}mm"
    values["cover-title"] = f"{46 * scale:.1f}pt"
    values["cover-inset"] = f"{24 * scale:.1f}mm"
    return values


def narrow(page_size: str) -> bool:
    return dimensions(page_size)[0] < NARROW_MM
