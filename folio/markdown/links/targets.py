"""Paths in links and images as pandoc, Quarto and mdBook authors write them.

A report is published as one book, so a link goes to an id or an outside URL.
Authors of other tools link their pages by file and put pictures beside the
page, so before the checks:

* a link to another part's source file (``[Methods](02-methods.md)``,
  ``other.md#anchor``, ``/chapters/x.md``; ``.qmd``, ``.Rmd`` and ``.html``
  name the same part) goes to that part's id, or to the anchor;
* an image path is read from the report folder (``images/x.png``) and, when
  no file is there, from the folder of the page that names it, as pandoc and
  Quarto read it (``lalune.jpg`` beside the chapter, ``../images/x.png``),
  then from ``images/`` (``lalune.jpg`` in ``images/``);
* a link that leads nowhere in the book (an empty target, a path outside it,
  a file that is not a part) cannot be followed in a PDF or an EPUB: its text
  stays, as text, and a located warning says so.
"""

from __future__ import annotations

import posixpath
import re
from typing import Any, Protocol
from urllib.parse import quote as escape

from folio.ast import stringify
from folio.errors import Problems, quote
from folio.markdown.links import sizes
from folio.model import Report, Source

URL_SCHEMES = ("https://", "http://", "mailto:")
PART_SUFFIXES = (".md", ".qmd", ".rmd", ".markdown", ".html", ".htm")
"""A link to any of these names the part whose source is the ``.md`` file of the same stem."""
SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*:|//)")


URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
"""What a URL keeps as written (``%`` too: what is already escaped stays so)."""


def valid_url(url: str) -> str:
    """``url`` as a valid URL: what a browser escapes itself (a space, a second ``#`` as in ``#:~:text=``) escaped.

    XHTML readers and EPUBCheck take an address as written, and refuse an invalid one.
    """
    address, hash_, fragment = url.partition("#")
    return escape(address, safe=URL_SAFE) + hash_ + escape(fragment, safe=URL_SAFE.replace("#", ""))


def site_root(source_path: str) -> str:
    """The folder a site's ``/`` names for a page: the ``chapters/`` folder that holds it (``translations/ja/chapters/``)."""
    parts = source_path.split("/")
    return "/".join(parts[: parts.index("chapters") + 1]) + "/" if "chapters" in parts[:-1] else ""


def under_report(source_path: str, target: str) -> str | None:
    """``target`` read from the folder of ``source_path``, as a path of the report folder; ``None`` if it leaves it.

    A path starting ``/`` is read from the report folder itself, as Quarto reads it from its project (a link also
    tries the chapters folder, the root of a site such as Sphinx or mdBook makes of them: :func:`site_root`).
    """
    if target.startswith("/"):
        joined = target.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(source_path), target)
    normal = posixpath.normpath(joined)
    if normal == "." or normal.startswith("../") or normal == ".." or "\\" in target:
        return None
    return normal


WRITTEN = "data-folio-written"
"""On a link or image whose target was read here: the target as written, for the checks' messages and lines."""


def written(node: dict) -> str | None:
    """The target as the author wrote it, when it was read here (the mark leaves the node)."""
    pairs = node["c"][0][2]
    found = next((value for name, value in pairs if name == WRITTEN), None)
    if found is not None:
        node["c"][0][2] = [pair for pair in pairs if pair[0] != WRITTEN]
    return found


class Inspector(Protocol):
    """What the targets ask of the checks walking a source (:class:`folio.markdown.checks.Inspector`)."""

    source: Source
    problems: Problems
    report: Report

    def line(self, needle: str, *better: str) -> int: ...

    def target_line(self, target: str) -> int: ...


class Targets:
    """Rewrites one source's link and image targets (a :func:`folio.ast.transform` change)."""

    def __init__(self, inspector: Inspector) -> None:
        self.inspector = inspector
        self.root = inspector.report.root
        self.searched: dict[str, int] = {}
        """Where the next search for a link's text starts, by text: each link finds its own line."""
        self.parts: dict[str, str] = {}
        """Every name a link may give a part's source file (lower case) → the part's id."""
        for chapter in inspector.report.chapters:
            stem, _ = posixpath.splitext(chapter.path)
            for suffix in PART_SUFFIXES:
                self.parts.setdefault((stem + suffix).lower(), chapter.id)
            self.parts[chapter.path.lower()] = chapter.id

    def __call__(self, node: dict) -> Any:
        if node["t"] == "Link":
            return self.link(node)
        if node["t"] == "Image":
            return self.image(sizes.css_units(node))
        return None

    @staticmethod
    def retarget(node: dict, target: str) -> dict:
        ident, classes, pairs = node["c"][0]
        node["c"][0] = [ident, classes, [*pairs, [WRITTEN, node["c"][2][0]]]]
        node["c"][2] = [target, node["c"][2][1]]
        return node

    # -- links ------------------------------------------------------------------------

    def link(self, node: dict) -> Any:
        target = node["c"][2][0]
        if target.startswith(URL_SCHEMES) and (url := valid_url(target)) != target:
            return self.retarget(node, url)
        if target.startswith(URL_SCHEMES) or (target.startswith("#") and len(target) > 1) or SCHEME.match(target):
            return None  # an id or a URL: checked as it is
        text = stringify(node["c"][1])
        inspector = self.inspector
        if not target or target == "#":
            where = inspector.line("]()", f"[{text}]()", f"[{text}](#)", f"[{text}]: <>", f"[{text}][", f"[{text}]")
            return self.as_text(
                node,
                where,
                f"link {quote(text)} has no target, so its text prints without a link; write [{text}](#ID) or [{text}](https://…)",
            )
        path, _, anchor = target.partition("#")
        path = path.split("?", 1)[0]
        found = under_report(inspector.source.path, path) if path else None
        site = under_report(site_root(inspector.source.path) + "page", path.lstrip("/")) if path.startswith("/") else None
        for name in (found, site):
            if name is not None and name.lower() in self.parts:
                return self.retarget(node, "#" + (anchor or self.parts[name.lower()]))
        if found is None:
            reason = "leads outside the report folder"
        elif (self.root / found).is_file():
            reason = "is a file of the report folder but not one of its parts (the editions carry no other files)"
        else:
            reason = "is not a part of the report"
        return self.as_text(
            node,
            self.link_line(text, target),
            f"link to {quote(target)} {reason}, so {quote(text)} prints without a link; "
            "link to #ID, to a chapter's file (NAME.md), or to an absolute https:// URL",
        )

    def link_line(self, text: str, target: str) -> int:
        """The link's own line, found by its text ``[text]`` (not a ``][label]``) when written plain, else by its target."""
        source = self.inspector.source
        written = re.compile(r"(?<!\])\[" + re.escape(text) + r"\]") if text else None
        found = written.search(source.text, self.searched.get(text, 0)) if written else None
        if found is None:
            return self.inspector.target_line(target)
        self.searched[text] = found.end()
        return source.line + source.text.count("\n", 0, found.start())

    def as_text(self, node: dict, line: int, message: str) -> list:
        self.inspector.problems.warn(self.inspector.source.path, line, message)
        return node["c"][1]

    # -- images -----------------------------------------------------------------------

    def image(self, node: dict) -> Any:
        src = node["c"][2][0]
        if not src or SCHEME.match(src) or src.startswith("/") or "\\" in src or (self.root / src).is_file():
            return None  # in the report folder, or refused with its reason by the check
        for candidate in image_candidates(self.inspector.source.path, src)[1:]:
            if (self.root / candidate).is_file():
                return self.retarget(node, candidate)
        return None


def image_candidates(source_path: str, src: str) -> list[str]:
    """Where an image path may name a file, in order: the report folder, the source's own folder, ``images/``."""
    found = [src]
    for candidate in (under_report(source_path, src), None if src.startswith("images/") else under_report("images/", src)):
        if candidate is not None and candidate not in found:
            found.append(candidate)
    return found
