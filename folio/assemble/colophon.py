"""The colophon's line about type: the faces this edition uses, by their upstream names, and no other.

The templates write :data:`FACES` where the names go (``t("colophon.fonts",
faces=colophon_faces)``); once the edition's text is known, :func:`fill`
puts in the upstream families of the faces that draw some of it ("Source
Serif 4, Source Sans 3, Noto Sans Khmer and Noto Emoji"), in the report's
language's list form.  A report's own face is named by its family.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from babel.lists import format_list

from folio.assemble.languages import babel_locale
from folio.source.fonts.faces import Face

FACES = "\u2063folio-colophon-faces\u2063"
"""Where the face names go, until the text is known (INVISIBLE SEPARATORs keep it from any real text)."""
LATIN = {"source-serif": "Source Serif 4", "source-sans": "Source Sans 3", "source-code-pro": "Source Code Pro"}
UPSTREAM_FILE = re.compile(r"(Noto[A-Za-z0-9]+?)(?:-|_\d)")


def upstream_name(face: Face) -> str:
    """``Noto Naskh Arabic`` for Folio Serif Arabic, ``Source Serif 4`` for Folio Serif; a team's face by its family."""
    if face.team or not face.source:
        return face.family
    package = face.source.split()[1] if len(face.source.split()) > 1 else ""
    for name, shown in LATIN.items():
        if package.startswith(name + "@"):
            return shown
    found = UPSTREAM_FILE.search(face.source.rsplit("/", 1)[-1]) or UPSTREAM_FILE.search(face.source)
    if not found:
        return face.family
    return re.sub(r"(?<=[a-z])(?=[A-Z0-9])", " ", found.group(1))


def names(faces: Iterable[Face]) -> list[str]:
    """The upstream names of ``faces``, each once, Latin first, in the manifest's order."""
    return list(dict.fromkeys(upstream_name(face) for face in faces))


def sentence_names(language: str, faces: Iterable[Face]) -> str:
    found = names(faces)
    return format_list(found, locale=babel_locale(language)) if found else ""


def fill(text: str, language: str, faces: Iterable[Face]) -> str:
    """``text`` with the names of ``faces`` where :data:`FACES` stands."""
    return text.replace(FACES, sentence_names(language, faces)) if FACES in text else text


def fill_page(report, page: str, weights: tuple[int, ...] = (400, 600, 700)) -> str:
    """An edition's whole HTML page with the faces its text uses named in the colophon."""
    if FACES not in page:
        return page
    import lxml.html

    from folio.assemble.subsets import book_text, code_text, faces_used

    root = lxml.html.document_fromstring(page)
    body = root.find("body")
    text: list[tuple[str, str | None]] = []
    book_text(body, root.get("lang") or report.language, text)
    used = [face for face, _ in faces_used(report, text, weights=weights, code=code_text(body))]
    return fill(page, report.language, used)
