"""A report's own fonts: faces in ``styles/fonts/`` added to folio's, for the languages or scripts a ``fonts.yaml`` names.

A short ``styles/fonts/fonts.yaml``::

    family: Noto Serif Tibetan
    languages: [bo, dz]                       # or scripts: [khmr], or both
    files: [NotoSerifTibetan-Regular.ttf, NotoSerifTibetan-Bold.ttf]

or several such families under ``fonts:``.  ``files`` may be left out (every
font file of the folder); each file's weight and style are read from the
font itself.  Entries in folio's own manifest form (``file:``, ``family:``,
``weight:``…) are read too.  Text tagged with one of the languages, or of a
script a family names, is set in that family before folio's faces; a
character folio's faces lack is looked for in it wherever it stands.
"""

from __future__ import annotations

import re
from pathlib import Path

from folio.errors import Problems, quote
from folio.folder import text_of
from folio.source.fonts.scripts import SCRIPT_NAMES
from folio.yamlfile import YamlMap, line_of, load_yaml

FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
FAMILY_UNSAFE = re.compile(r"[\x00-\x1f\x7f\"'\\;:{}()<>@/*]")
"""What a font family's name may not hold: it is written into CSS strings and rules."""
KEYS = {"family", "languages", "scripts", "files", "file", "weight", "style", "script", "licence", "source", "css_aliases"}


def read_team_fonts(folder: Path, problems: Problems | None = None) -> list[dict]:
    """The faces ``folder/fonts.yaml`` lists, as dicts of ``file`` (a Path), ``family``, ``weight``, ``style``, ``script``, ``languages``.

    What cannot be used is said in ``problems`` (when given) at its line, and left out.
    """
    problems = problems if problems is not None else Problems()
    path = folder / "fonts.yaml"
    shown = path
    before = len(problems.items)
    data = load_yaml(path, problems, str(shown)) if path.is_file() else None
    if data is None and len(problems.items) > before:
        return []
    if data is None:
        listed: list = []
    elif isinstance(data, YamlMap) and "fonts" in data:
        listed = data["fonts"] if isinstance(data["fonts"], list) else []
        if not isinstance(data["fonts"], list):
            problems.add(shown, line_of(data, "fonts"), "fonts: expected a list of families, each with family: and languages: or scripts:")
    elif isinstance(data, (YamlMap, list)):
        listed = [data] if isinstance(data, YamlMap) else data
    else:
        problems.add(shown, line_of(data), "expected family:, languages: (or scripts:) and files:, or a list of them under fonts:")
        listed = []
    faces: list[dict] = []
    named: set[Path] = set()
    for entry in listed:
        if not isinstance(entry, dict):
            problems.add(shown, line_of(listed), "each font needs family: and languages: or scripts:")
            continue
        faces += _entry_faces(folder, entry, shown, problems, named)
    sheets = " ".join((text_of(sheet, errors="replace") or "") for sheet in folder.parent.glob("*.css")) if listed else ""
    for file in sorted(folder.iterdir()) if listed else []:
        if file.suffix.lower() in FONT_SUFFIXES and file.resolve() not in named and file.name not in sheets:
            problems.add(
                file,
                None,
                "this font is in no family of styles/fonts/fonts.yaml and no stylesheet's @font-face, so nothing uses it; "
                f"add to fonts.yaml family: <its name>, languages: [<the languages it sets>] and files: [{file.name}]",
            )
    return faces


def _entry_faces(folder: Path, entry: dict, shown: Path, problems: Problems, named: set[Path]) -> list[dict]:
    unknown = [key for key in entry if key not in KEYS]
    for key in unknown:
        problems.add(shown, line_of(entry, key), f"{key}: not a field of a font family here (family, languages, scripts, files)")
    family = entry.get("family")
    if not isinstance(family, str) or not family.strip():
        problems.add(shown, line_of(entry), "family: the name the font is known by in CSS, e.g. family: Noto Serif Tibetan")
        return []
    if FAMILY_UNSAFE.search(family):
        problems.add(
            shown,
            line_of(entry, "family"),
            f"family: {quote(family)} is written into stylesheets; "
            "leave out quotes, brackets, braces, slashes, colons, semicolons and control characters",
        )
        return []
    languages = _strings(entry, "languages", shown, problems)
    scripts = _strings(entry, "scripts", shown, problems) + ([entry["script"]] if isinstance(entry.get("script"), str) else [])
    for script in scripts:
        if script not in SCRIPT_NAMES and script != "latin":
            problems.add(
                shown,
                line_of(entry, "scripts"),
                f"scripts: {quote(script)} is not a script folio knows; use languages: instead ({', '.join(sorted(SCRIPT_NAMES))})",
            )
    if not languages and not scripts:
        problems.add(
            shown, line_of(entry, "family"), f"{family}: name the languages it sets (languages: [bo]) or the scripts (scripts: [khmr])"
        )
    if "file" in entry:
        files = [entry["file"]]
    elif "files" in entry:
        files = entry["files"] if isinstance(entry["files"], list) else [entry["files"]]
    else:
        files = [f.name for f in sorted(folder.iterdir()) if f.suffix.lower() in FONT_SUFFIXES]
    out = []
    for name in files:
        file = (folder / str(name)).resolve()
        named.add(file)
        if not file.is_relative_to(folder.resolve()) or not file.is_file():
            problems.add(
                shown, line_of(entry, "files" if "files" in entry else "file"), f"{quote(str(name))} is not a font file in styles/fonts/"
            )
            continue
        weight, style = _weight_and_style(file)
        if weight is None:
            problems.add(
                shown, line_of(entry, "files" if "files" in entry else "family"), f"{quote(str(name))} is not a font fontTools can read"
            )
            continue
        weight = entry.get("weight", weight)
        style = entry.get("style", style)
        if not isinstance(weight, int) or style not in ("normal", "italic"):
            problems.add(shown, line_of(entry), f"{family}: weight is a number like 400 and style is normal or italic")
            continue
        out.append(
            dict(
                file=file,
                family=family.strip(),
                weight=weight,
                style=style,
                script=scripts[0] if scripts else "team",
                languages=tuple(language.lower() for language in languages),
            )
        )
    return out


def _strings(entry: dict, key: str, shown: Path, problems: Problems) -> list[str]:
    value = entry.get(key, [])
    value = [value] if isinstance(value, str) else value
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        problems.add(shown, line_of(entry, key), f"{key}: expected a list such as [bo, dz]")
        return []
    return value


def _weight_and_style(file: Path) -> tuple[int | None, str]:
    """The weight class and style a font file says of itself."""
    try:
        from fontTools.ttLib import TTFont

        with TTFont(file, lazy=True, fontNumber=0) as font:
            os2 = font["OS/2"] if "OS/2" in font else None
            weight = int(os2.usWeightClass) if os2 is not None else 400
            italic = bool(os2 is not None and os2.fsSelection & 1) or bool(font["head"].macStyle & 2)
    except Exception:  # noqa: BLE001 - whatever fontTools makes of a broken file, it is not a font
        return None, "normal"
    return (700 if weight >= 600 else 400), ("italic" if italic else "normal")
