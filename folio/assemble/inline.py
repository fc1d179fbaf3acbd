"""A stylesheet made whole for the web edition: its files carried inside it.

The web edition is one file and fetches nothing (its Content-Security-Policy
forbids it), so a report stylesheet's ``url(../images/rule.svg)`` becomes a
``data:`` URL of that picture or font, and ``@import "more.css"`` becomes the
rules of that stylesheet, read by the CSS parser (tinycss2) so nothing is
missed or mistaken.  Only files inside the report folder or folio's own
styles are read; anything else is left for the sanitiser to take out.
"""

from __future__ import annotations

import base64
from pathlib import Path

import tinycss2
from tinycss2.serializer import serialize_string_value, serialize_url

from folio.folder import media_type
from folio.sanitise.css import url_kind

CARRIED = ("image/", "font/")
MAX_DEPTH = 4
"""``@import`` inside ``@import``: deeper than this is left to the sanitiser."""


def whole_stylesheet(path: Path, allowed: tuple[Path, ...], depth: int = 0) -> str:
    """The text of ``path`` with its files carried as ``data:`` URLs and its ``@import`` rules filled in."""
    text = path.read_text("utf-8")
    if "url" not in text.lower() and "@import" not in text.lower() and "\\" not in text:
        return text
    rules = tinycss2.parse_stylesheet(text, skip_comments=False, skip_whitespace=False)
    out = []
    ruled = False  # an @import after a rule means nothing, in a browser as in WeasyPrint
    for rule in rules:
        imported = _import(rule, path, allowed) if depth < MAX_DEPTH and not ruled else None
        ruled = ruled or rule.type == "qualified-rule" or (rule.type == "at-rule" and rule.lower_at_keyword not in ("import", "charset"))
        if imported is not None:
            out.append(tinycss2.parse_component_value_list(whole_stylesheet(imported, allowed, depth + 1)))
            continue
        _carry(rule, path, allowed)
        out.append([rule])
    return "".join(tinycss2.serialize(nodes) for nodes in out)


def _inside(path: Path, url: str, allowed: tuple[Path, ...]) -> Path | None:
    if url_kind(url) != "relative":
        return None
    target = (path.parent / url.split("?", 1)[0].split("#", 1)[0]).resolve()
    if any(target.is_relative_to(folder) for folder in allowed) and target.is_file() and not target.is_symlink():
        return target
    return None


def _import(rule, path: Path, allowed: tuple[Path, ...]) -> Path | None:
    """The stylesheet a plain ``@import "x.css";`` names, when it is a file of the report."""
    if rule.type != "at-rule" or rule.lower_at_keyword != "import":
        return None
    targets = [token for token in rule.prelude if token.type not in ("whitespace", "comment")]
    if len(targets) != 1:
        return None  # media queries, layers: left as they are
    token = targets[0]
    url = token.value if token.type in ("string", "url") else None
    if token.type == "function" and token.lower_name == "url":
        url = next((argument.value for argument in token.arguments if argument.type == "string"), None)
    return _inside(path, url, allowed) if url else None


def _carry(node, path: Path, allowed: tuple[Path, ...]) -> None:
    """Every relative ``url()`` under ``node`` that names a picture or font inside the folder, as a ``data:`` URL."""
    if node.type == "url":
        if carried := _data_url(node.value, path, allowed):
            node.value, node.representation = carried, f"url({serialize_url(carried)})"
        return
    if node.type == "function" and node.lower_name == "url":
        for argument in node.arguments:
            if argument.type == "string" and (carried := _data_url(argument.value, path, allowed)):
                argument.value, argument.representation = carried, f'"{serialize_string_value(carried)}"'
        return
    for name in ("prelude", "content", "arguments", "value"):
        children = getattr(node, name, None)
        if isinstance(children, list):
            for child in children:
                _carry(child, path, allowed)


def _data_url(url: str, path: Path, allowed: tuple[Path, ...]) -> str | None:
    target = _inside(path, url, allowed)
    if target is None:
        return None
    kind = media_type(target)
    if not kind.startswith(CARRIED):
        return None
    return f"data:{kind};base64," + base64.b64encode(target.read_bytes()).decode("ascii")
