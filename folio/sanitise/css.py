"""What a stylesheet fetches or runs, as a CSS parser reads it.

tinycss2 (the parser under WeasyPrint) tokenises CSS as a browser does:
escapes are resolved (``u\\72 l(`` is ``url(``, ``@\\69 mport`` is
``@import``), comments and strings are what they are (a ``url()`` after a
``"/*"`` inside a string is a ``url()``), and nested rules are rules.  So a
stylesheet is judged by what it means, never by a regular expression over its
text.

:func:`findings` lists every place a stylesheet (or a ``style=`` attribute)
would fetch a file or run code; the report's checks turn them into located
errors (:mod:`folio.source.overrides`, :mod:`folio.source.pictures.images`,
:mod:`folio.markdown.raw.rawhtml`), and :func:`clean_stylesheet` and
:func:`clean_declarations` drop them from a published file, whatever wrote it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

import tinycss2
from tinycss2 import ast

URL_FUNCTIONS = frozenset({"url", "src"})
"""Functions whose argument is a URL (``url("x")`` is a function when its argument is quoted)."""
IMAGE_FUNCTIONS = frozenset({"image-set", "-webkit-image-set", "image", "cross-fade", "-webkit-cross-fade"})
"""Functions that take a plain string as a URL: ``image-set("x.png" 1x)``."""
ACTIVE_FUNCTIONS = frozenset({"expression"})
"""Functions that run script (old Internet Explorer)."""
ACTIVE_PROPERTIES = frozenset({"behavior", "-ms-behavior", "-moz-binding", "-o-link", "-o-link-source"})
"""Properties that load code or rebind elements."""
PICTURE_AND_FONT_TYPES = re.compile(r"(image/(png|jpeg|gif|webp|svg\+xml|avif)|font/[a-z0-9.+-]+|application/(x-)?font-[a-z0-9.+-]+)$")
"""The media types a ``data:`` URL in a stylesheet may carry: pictures and fonts, never a document or a stylesheet."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One place a stylesheet fetches (``url`` is set) or runs code (``url`` is ``None``)."""

    line: int
    """1-based, in the text given."""
    what: str
    """How it is written: ``url()``, ``@import``, ``image-set()``, ``expression()``, ``-moz-binding``…"""
    url: str | None

    @property
    def active(self) -> bool:
        return self.url is None


def findings(text: str, *, declarations: bool = False) -> list[Finding]:
    """Every fetch and every piece of script in the stylesheet ``text`` (or a declaration list: a ``style=`` value)."""
    nodes = tinycss2.parse_blocks_contents(text) if declarations else tinycss2.parse_stylesheet(text)
    return list(_nodes(nodes))


def _nodes(nodes: Iterable) -> Iterator[Finding]:
    for node in nodes:
        yield from _node(node)


def _node(node) -> Iterator[Finding]:
    kind = node.type
    if kind == "at-rule":
        keyword = node.lower_at_keyword
        if keyword == "import":
            target = next((t for t in node.prelude if t.type in ("string", "url")), None)
            if target is None:
                target = next((t for t in node.prelude if t.type == "function" and t.lower_name in URL_FUNCTIONS), None)
            url = _function_url(target) if target is not None and target.type == "function" else getattr(target, "value", "")
            yield Finding(node.source_line, "@import", url or "")
        elif keyword != "namespace":  # @namespace names a namespace with a URL; nothing is fetched
            yield from _nodes(node.prelude)
        if node.content is not None:
            yield from _nodes(tinycss2.parse_blocks_contents(node.content))
    elif kind == "qualified-rule":
        yield from _nodes(node.prelude)
        yield from _nodes(tinycss2.parse_blocks_contents(node.content))
    elif kind == "declaration":
        if node.lower_name in ACTIVE_PROPERTIES:
            yield Finding(node.source_line, node.lower_name, None)
        yield from _nodes(node.value)
    elif kind == "url":
        yield Finding(node.source_line, "url()", node.value)
    elif kind == "function":
        yield from _function(node)
    elif kind in ("() block", "[] block", "{} block"):
        yield from _nodes(node.content)


def _function(node: ast.FunctionBlock) -> Iterator[Finding]:
    name = node.lower_name
    if name in ACTIVE_FUNCTIONS:
        yield Finding(node.source_line, f"{name}()", None)
        return
    if name in URL_FUNCTIONS:
        yield Finding(node.source_line, f"{name}()", _function_url(node))
        return
    if name in IMAGE_FUNCTIONS:
        for argument in node.arguments:
            if argument.type == "string":
                yield Finding(argument.source_line, f"{name}()", argument.value)
            elif argument.type == "function" and argument.lower_name == "var":
                # a custom property may hold a string, which these functions fetch
                yield Finding(argument.source_line, f"{name}()", "var()")
    yield from _nodes(node.arguments)


def _function_url(node: ast.FunctionBlock) -> str:
    """The URL of ``url("x")`` or ``src("x")``; a computed one (``src(var(--x))``) stands as ``var()``."""
    for argument in node.arguments:
        if argument.type == "string":
            return argument.value
        if argument.type not in ("whitespace", "comment"):
            return "var()" if argument.type == "function" else tinycss2.serialize([argument])
    return ""


# -- what a URL is -----------------------------------------------------------------------------

CONTROL = re.compile(r"[\x00-\x20\x7f]+")


def url_kind(url: str) -> str:
    """``fragment`` (#id), ``data``, ``remote`` (a scheme or ``//host``), ``absolute`` (/path), ``computed``, or ``relative``.

    Read as a browser reads it: spaces and control characters anywhere are
    dropped, a backslash is a slash.
    """
    squashed = CONTROL.sub("", url).replace("\\", "/")
    if url == "var()":
        return "computed"
    if squashed.startswith("#"):
        return "fragment"
    if re.match(r"data:", squashed, re.IGNORECASE):
        return "data"
    if squashed.startswith("//") or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", squashed):
        return "remote"
    if squashed.startswith("/"):
        return "absolute"
    return "relative"


def data_type(url: str) -> str:
    """The media type of a ``data:`` URL, lower case (``text/plain`` when it names none)."""
    squashed = CONTROL.sub("", url)
    header = squashed[5:].split(",", 1)[0]
    kind = header.split(";", 1)[0].lower()
    return kind or "text/plain"


def picture_or_font(url: str) -> bool:
    """A ``data:`` URL of a picture or a font: what a stylesheet may carry inside itself."""
    return url_kind(url) == "data" and PICTURE_AND_FONT_TYPES.match(data_type(url)) is not None


# -- published stylesheets -----------------------------------------------------------------------

Allowed = Callable[[str], bool]
"""Whether a published stylesheet may keep a ``url()`` to this URL."""


def inside_only(url: str) -> bool:
    """The web edition's rule: a fragment, or a picture or font carried as ``data:``."""
    return url_kind(url) == "fragment" or picture_or_font(url)


def inside_or_relative(url: str) -> bool:
    """The EPUB's rule: also a file of the book, by a relative path."""
    return inside_only(url) or url_kind(url) == "relative"


def _harmful(nodes: Iterable, allowed: Allowed) -> list[Finding]:
    return [found for found in _nodes(nodes) if found.active or found.what == "@import" or not allowed(found.url or "")]


def clean_stylesheet(text: str, allowed: Allowed = inside_only) -> tuple[str, list[Finding]]:
    """``text`` without what fetches a file ``allowed`` refuses or runs code, and what was taken out.

    Rules that are harmless are kept as written; a rule with one harmful
    declaration loses that declaration only; ``@import`` goes whole.
    """
    rules = tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=False)
    removed: list[Finding] = []
    kept = _clean_list(rules, allowed, removed)
    return (text, []) if not removed else (tinycss2.serialize(kept), removed)


def clean_declarations(text: str, allowed: Allowed = inside_only) -> tuple[str, list[Finding]]:
    """A ``style=`` value without its harmful declarations, and what was taken out."""
    nodes = tinycss2.parse_blocks_contents(text, skip_comments=False, skip_whitespace=False)
    removed: list[Finding] = []
    kept = _clean_list(nodes, allowed, removed)
    return (text, []) if not removed else (_serialize_block(kept), removed)


def _clean_list(nodes: list, allowed: Allowed, removed: list[Finding]) -> list:
    kept = []
    for node in nodes:
        harmful = _harmful([node], allowed) if node.type in ("at-rule", "qualified-rule", "declaration") else []
        if not harmful:
            kept.append(node)
        elif node.type == "declaration" or (node.type == "at-rule" and node.lower_at_keyword == "import"):
            removed += harmful
        elif node.type == "at-rule" and node.content is None:
            removed += harmful
        else:
            # the rule stays (its prelude fetches nothing), its content loses what is harmful
            if _harmful(node.prelude, allowed):
                removed += harmful
                continue
            inner = tinycss2.parse_blocks_contents(node.content, skip_comments=False, skip_whitespace=False)
            node.content = tinycss2.parse_component_value_list(_serialize_block(_clean_list(inner, allowed, removed)))
            kept.append(node)
    return kept


def _serialize_block(nodes: list) -> str:
    """Declarations and rules as the inside of a block: each declaration ends with ``;``."""
    out = []
    for node in nodes:
        out.append(node.serialize())
        if node.type == "declaration":
            out.append(";")
    return "".join(out)
