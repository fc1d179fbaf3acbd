"""Content for some editions only: Quarto's ``.content-visible`` and ``.content-hidden``, and ``.dark-content``.

``when-format`` and ``unless-format`` name Quarto's formats, with Quarto's
aliases: ``pdf`` and ``latex`` are folio's PDFs (screen, print, press),
``html`` the web edition and the EPUB, ``epub`` the EPUB, ``docx`` the Word
review copy.  A div, span or code block so marked carries the editions it
belongs to (``folio-editions``) until each edition takes its own
(:func:`folio.markdown.quarto.editions.select`).  ``when-meta`` and
``when-profile`` ask about Quarto metadata and profiles, which a report folder
does not have: they are false, and a warning says so.

The editions are light: ``.dark-content`` (Quarto's content for dark mode) is
left out and ``.light-content`` kept.
"""

from __future__ import annotations

from folio.editions import BUILD_TARGETS, for_target
from folio.errors import quote
from folio.markdown.quarto import Notes, rewrite

EDITIONS = BUILD_TARGETS
"""folio's editions as :func:`folio.markdown.quarto.editions.select` names them: by their targets."""
MARK = "folio-editions"

FORMATS = {target: for_target(target).quarto_formats for target in BUILD_TARGETS}
"""The Quarto format names (and aliases) each edition answers to (:mod:`folio.editions`)."""
CONDITIONS = ("when-format", "unless-format", "when-meta", "unless-meta", "when-profile", "unless-profile")
CLASSES = ("content-visible", "content-hidden")


def matches(edition: str, value: str) -> bool:
    names = {name.strip().lower() for name in value.replace(",", " ").split()}
    return bool(names & FORMATS[edition])


def editions_of(classes: list[str], pairs: dict[str, str], notes: Notes) -> set[str]:
    """The editions a ``.content-visible`` / ``.content-hidden`` element shows in."""
    visible = "content-visible" in classes
    shown = set()
    for edition in EDITIONS:
        holds = []  # each condition written: does it hold for this edition?
        if "when-format" in pairs:
            holds.append(matches(edition, pairs["when-format"]))
        if "unless-format" in pairs:
            holds.append(not matches(edition, pairs["unless-format"]))
        for key in ("when-meta", "when-profile"):
            if key in pairs:
                holds.append(False)
        for key in ("unless-meta", "unless-profile"):
            if key in pairs:
                holds.append(True)
        applies = all(holds)
        if applies == visible:
            shown.add(edition)
    for key in ("when-meta", "unless-meta", "when-profile", "unless-profile"):
        if key in pairs:
            kind = "metadata" if key.endswith("meta") else "profiles"
            where = ", ".join(e for e in EDITIONS if e in shown) or "no edition"
            notes.say(
                f"{key}={quote(pairs[key])}: a report folder has no Quarto {kind}, so the condition is false; the content is in {where}",
                f"{key}=",
            )
    return shown


def shape(blocks: list, notes: Notes) -> list:
    def change(node: dict):
        kind = node["t"]
        if kind not in ("Div", "Span", "CodeBlock", "Image", "Figure"):
            return None
        ident, classes, pairs = node["c"][0]
        if "dark-content" in classes:
            return []
        if "light-content" in classes:
            node["c"][0] = [ident, [c for c in classes if c != "light-content"], pairs]
            return unwrap(node)
        if kind not in ("Div", "Span", "CodeBlock") or not any(c in classes for c in CLASSES):
            return None
        shown = editions_of(classes, dict(pairs), notes)
        rest = [c for c in classes if c not in CLASSES]
        kept = [[k, v] for k, v in pairs if k not in CONDITIONS]
        if not shown:
            return []
        if len(shown) < len(EDITIONS):
            kept.append([MARK, " ".join(e for e in EDITIONS if e in shown)])
        node["c"][0] = [ident, rest, kept]
        return unwrap(node)

    return rewrite(blocks, change)


def unwrap(node: dict):
    """A div or span left with no id, class or attribute is only its content."""
    if node["t"] in ("Div", "Span") and node["c"][0] == ["", [], []]:
        return node["c"][1]
    return node
