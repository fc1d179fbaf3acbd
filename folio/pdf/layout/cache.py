"""The screen PDF's page map, kept in folio's cache so an EPUB alone needs no layout.

The EPUB's page list follows the pages of the screen PDF.  A build that
writes that PDF reads the map off its layout and stores it here; a later
build of the EPUB alone (or with the print PDF) finds it again as long as
everything that decides the screen layout is unchanged: the screen HTML
itself, the stylesheets and every file in the style folders (fonts
included), WeasyPrint's version and folio's own code.  Any change is a
different key, so a stale map is never returned; a miss means one
layout-only run in the PDF process.
"""

from __future__ import annotations

import base64
import hashlib
from importlib.metadata import version
from pathlib import Path

from folio.assemble.pagestarts import PageMap
from folio.model import Report
from folio.paths import PACKAGE
from folio.run.cache import Cache
from folio.run.files import file_digest


def layout_key(report: Report, html: str, stylesheets: list[Path]) -> tuple:
    """Everything that decides the screen layout, hashed."""
    styles = [file_digest(path) for path in stylesheets]
    folders = [digest_folder(folder.resolve()) for folder in report.style_dirs]
    return ("page-map", hashlib.sha256(html.encode("utf-8")).hexdigest(), styles, folders, version("weasyprint"), code_digest())


def cached_page_map(cache: Cache, key: tuple) -> PageMap | None:
    data = cache.get(key)
    if data is None:
        return None
    return PageMap.from_data({**data, "cover_pdf": base64.b64decode(data["cover_pdf"])})


def store_page_map(cache: Cache, key: tuple, pages: PageMap) -> None:
    data = pages.as_data()
    cache.put(key, {**data, "cover_pdf": base64.b64encode(data["cover_pdf"]).decode("ascii")})


def digest_folder(folder: Path, pattern: str = "*") -> str:
    """Every file under ``folder`` (names and contents): the fonts a stylesheet may load."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(file_digest(path).encode("ascii"))
    return digest.hexdigest()


def code_digest() -> str:
    """folio's own code: a change in how pages are laid out or read is a new key."""
    return digest_folder(PACKAGE, "*.py")
