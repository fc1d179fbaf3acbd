"""A report's own ``styles/`` and ``templates/``: checked like any other input.

A report folder may override folio's stylesheets and templates file by file.
Those files are someone else's code and data, so before anything is rendered
each one is checked: it must stay inside the report folder (symbolic links
included), a stylesheet may use only files inside the report folder (never a
URL, never an absolute path), a font must be a font, and a template must parse
and include only templates that exist.  Every mistake is located.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from jinja2 import TemplateSyntaxError, nodes

from folio.errors import Problems, quote
from folio.folder import not_a_file, read_file
from folio.folder import real as real_path
from folio.sandbox import ReportSandbox
from folio.sanitise import css
from folio.sanitise.templates import template_problems
from folio.source.fonts.fontfile import font_problem
from folio.yamlfile import read_text

MAX_TEXT_BYTES = 2_000_000
MAX_FONT_BYTES = 40_000_000
MAX_FILES = 2_000
FONT_SUFFIXES = (".otf", ".ttf", ".woff", ".woff2")
FILE_SUFFIXES = (".css", ".j2", ".html", ".yaml", ".yml", ".svg", ".png", ".jpg", ".jpeg", ".icc", *FONT_SUFFIXES)
"""Names of the files folio reads from a report's styles and templates: a folder by such a name stands where a file should."""
FONT_MAGIC = (b"OTTO", b"\x00\x01\x00\x00", b"true", b"wOFF", b"wOF2", b"ttcf")


def check_overrides(root: Path, project: Path, problems: Problems) -> None:
    """Check every file of the report's own ``styles/`` and ``templates/``."""
    for name in ("styles", "templates"):
        folder = root / name
        if not (folder.exists() or folder.is_symlink()):
            continue
        real = real_path(folder)
        if real == (project / name).resolve():
            continue  # the project's own report: its styles are folio's
        if not real.is_relative_to(root):
            problems.add(name, None, "is a link that leads outside the report folder; copy the files in instead")
            continue
        if not real.is_dir():
            problems.add(name, None, f"should be a folder of files that replace folio's own {name} file by file")
            continue
        files = list(_files(root, real, problems))
        if len(files) > MAX_FILES:
            problems.add(name, None, f"holds more than {MAX_FILES} files; keep only the files that replace folio's own")
            continue
        for path in files:
            shown = path.relative_to(root).as_posix()
            if name == "templates":
                _check_template(path, shown, real, project / name, problems)
            elif path.suffix.lower() == ".css":
                _check_css(path, shown, root, problems)
            elif path.suffix.lower() in FONT_SUFFIXES:
                _check_font(path, shown, problems)
            elif path.name == "fonts.yaml":
                _check_font_manifest(path, shown, root, problems)


def _files(root: Path, folder: Path, problems: Problems):
    """Every file under ``folder``; links that lead outside the report folder are refused."""
    for directory, subfolders, names in os.walk(folder, followlinks=False):
        here = Path(directory)
        for entry in sorted(subfolders) + sorted(names):
            path = here / entry
            shown = path.relative_to(root).as_posix()
            if path.is_symlink():
                target = real_path(path)
                if not target.is_relative_to(root):
                    problems.add(shown, None, "is a link that leads outside the report folder; copy the file in instead")
                    continue
                if target.is_dir():
                    problems.add(shown, None, "is a link to a folder; put the files here instead")
                    continue
            if entry in subfolders and entry.lower().endswith(FILE_SUFFIXES):
                problems.add(shown, None, "is a folder where folio reads a file of this name; put the file itself here, or remove it")
                continue
            if entry in names and not entry.startswith("."):
                kind = not_a_file(path)
                if kind is not None:  # a FIFO, a device or a socket: never opened
                    problems.add(shown, None, f"is {kind}, not a file; put the file itself here, or remove it")
                    continue
                yield path


def _check_css(path: Path, shown: str, root: Path, problems: Problems) -> None:
    text = read_text(path, problems, MAX_TEXT_BYTES, shown)
    if text is None:
        return
    # read by a CSS parser, as WeasyPrint and a browser read it: escapes, comments and strings are what they are
    for found in css.findings(text):
        kind = css.url_kind(found.url or "")
        if found.active:
            problems.add(shown, found.line, f"{found.what} runs code; a stylesheet only styles: remove it")
        elif kind == "fragment" and found.what != "@import":
            continue  # url(#gradient): a reference inside the document
        elif kind == "data":
            if found.what == "@import" or not css.picture_or_font(found.url or ""):
                problems.add(
                    shown,
                    found.line,
                    f"{found.what} {quote(found.url)}: a data: URL in a stylesheet may only carry a picture or a font; "
                    "put the file in the report folder and give its relative path",
                )
        elif kind in ("remote", "computed"):
            problems.add(
                shown,
                found.line,
                f"{found.what} {quote(found.url)}: a stylesheet fetches nothing from the network or elsewhere; "
                "put the file in the report folder and give its relative path",
            )
        elif found.url:
            _check_css_file(path, shown, root, found, problems)


def _check_css_file(path: Path, shown: str, root: Path, found: css.Finding, problems: Problems) -> None:
    """A stylesheet's ``url()`` or ``@import`` of a file: inside the report folder, and there."""
    url = (found.url or "").strip()
    pure = PurePosixPath(url.split("?", 1)[0].split("#", 1)[0])
    target = real_path(path.parent / pure)
    if css.url_kind(url) == "absolute" or pure.is_absolute() or not target.is_relative_to(root):
        problems.add(
            shown,
            found.line,
            f"{found.what} {quote(url)} leads outside the report folder; put the file in the report folder and give its relative path",
        )
    elif not target.exists():
        problems.add(shown, found.line, f"{found.what} {quote(url)}: no such file next to this stylesheet; check the path")
    elif (kind := not_a_file(target)) is not None:
        problems.add(shown, found.line, f"{found.what} {quote(url)} is {kind}, not a file; name a file")


def _check_font(path: Path, shown: str, problems: Problems) -> None:
    try:
        data = read_file(path, MAX_FONT_BYTES)
    except OSError as error:
        problems.add(shown, None, f"cannot be read ({error.strerror}); check the file")
        return
    if data is None:
        problems.add(shown, None, f"is larger than {MAX_FONT_BYTES // 1_000_000} MB; subset the font")
    elif data[:4] not in FONT_MAGIC:
        problems.add(shown, None, "is not an OpenType, TrueType or WOFF font; replace it with the font file itself")
    elif (damaged := font_problem(data)) is not None:
        problems.add(shown, None, damaged)


def _check_font_manifest(path: Path, shown: str, root: Path, problems: Problems) -> None:
    """A report's own font families (:mod:`folio.source.fonts.team`): each names font files in the folder and what it sets."""
    from folio.source.fonts.team import read_team_fonts

    read_team_fonts(path.parent, problems)


def _check_template(path: Path, shown: str, own: Path, builtin: Path, problems: Problems) -> None:
    text = read_text(path, problems, MAX_TEXT_BYTES, shown)
    if text is None:
        return
    try:
        tree = ReportSandbox().parse(text, path.name, str(path))
    except TemplateSyntaxError as error:
        problems.add(
            shown,
            error.lineno,
            f"template syntax: {quote(error.message or 'not a valid template')}; fix the template, or delete it to use folio's own",
        )
        return
    for line, message in template_problems(tree, path.name):
        problems.add(shown, line, message)
    for node in tree.find_all((nodes.Extends, nodes.Include, nodes.Import, nodes.FromImport)):
        names = node.template.value if isinstance(node.template, nodes.Const) else None
        for name in [names] if isinstance(names, str) else names if isinstance(names, (list, tuple)) else []:
            if not isinstance(name, str):
                continue
            parts = PurePosixPath(name).parts
            if ".." in parts or name.startswith(("/", "\\")):
                problems.add(shown, node.lineno, f"template {quote(name)} leads outside the templates folder; name a template inside it")
            elif not (own / name).is_file() and not (builtin / name).is_file():
                problems.add(
                    shown, node.lineno, f"template {quote(name)} does not exist in templates/ or in folio's own templates; check the name"
                )
