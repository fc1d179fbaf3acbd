"""A file WeasyPrint asked for and folio refused, traced to the file and line that named it.

Stylesheets and templates are checked before anything is laid out, so what
reaches this point was computed (a template's expression) or written in a
way no check foresaw.  The report's own stylesheets are read with the CSS
parser, each ``url()`` and ``@import`` resolved as WeasyPrint resolves it;
its templates, chapters and data are searched for the address as written.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from folio.errors import Problem, quote
from folio.model import Report
from folio.sanitise import css

SEARCHED = (".css", ".j2", ".html", ".xhtml", ".svg", ".md", ".yaml", ".yml")


def refused_problem(report: Report, url: str) -> Problem:
    message = f"{quote(url)} was asked for while laying out the PDF; folio fetches nothing outside the report folder: use images/"
    for path in _report_files(report):
        try:
            text = path.read_text("utf-8", "replace")
        except OSError:
            continue
        line = _stylesheet_line(path, text, url) if path.suffix == ".css" else _text_line(text, url)
        if line is not None:
            return Problem(path.relative_to(report.root).as_posix(), line, message)
    return Problem("report.yaml", None, message)


def _report_files(report: Report) -> list[Path]:
    folders = [folder for folder in (*report.style_dirs, *report.template_dirs) if folder.resolve().is_relative_to(report.root)]
    folders += [report.root / name for name in ("chapters", "profiles", "data")]
    found = [report.root / "references.yaml"]
    for folder in folders:
        if folder.is_dir():
            found += sorted(path for path in folder.rglob("*") if path.suffix in SEARCHED and not path.is_symlink())
    return [path for path in found if path.is_file()]


def _stylesheet_line(path: Path, text: str, url: str) -> int | None:
    for found in css.findings(text):
        if found.url and (found.url == url or urljoin(path.resolve().as_uri(), found.url) == url):
            return found.line
    return None


def _text_line(text: str, url: str) -> int | None:
    """The first line holding the address as written, or its path (a relative one resolved against the folder)."""
    parts = urlsplit(url)
    needles = [url] if parts.scheme != "file" else [unquote(parts.path)]
    needles.append(Path(unquote(parts.path)).name) if parts.scheme == "file" and Path(unquote(parts.path)).name else None
    for needle in needles:
        index = text.find(needle)
        if index >= 0:
            return text.count("\n", 0, index) + 1
    return None
