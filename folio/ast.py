"""Small helpers for pandoc's JSON AST (``{"t": type, "c": content}`` nodes)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

Node = dict[str, Any]


def walk(tree: Any) -> Iterator[Node]:
    """Every AST node in document order (a node before its children)."""
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "t" in item:
                yield item
            children = item.get("c")
            if children is not None:
                stack.append(children)
            if "blocks" in item:
                stack.append(item["blocks"])
        elif isinstance(item, list):
            stack.extend(reversed(item))


def transform(tree: Any, change: Callable[[Node], Any]) -> Any:
    """Rebuild ``tree`` bottom-up; ``change`` returns a node, a list to splice, or ``None`` to keep."""
    if isinstance(tree, list):
        out: list[Any] = []
        for item in tree:
            new = transform(item, change)
            if isinstance(item, dict) and "t" in item and isinstance(new, list):
                out.extend(new)
            else:
                out.append(new)
        return out
    if isinstance(tree, dict):
        node = {key: transform(value, change) if key in ("c", "blocks") else value for key, value in tree.items()}
        if "t" in node:
            replaced = change(node)
            return node if replaced is None else replaced
        return node
    return tree


def stringify(tree: Any) -> str:
    """The plain text of inlines or blocks."""
    parts: list[str] = []
    for node in walk(tree):
        kind = node["t"]
        if kind == "Str":
            parts.append(node["c"])
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif kind in ("Code", "Math"):
            parts.append(node["c"][1])
    return "".join(parts)


def attr(node: Node) -> tuple[str, list[str], list[list[str]]]:
    """The ``(id, classes, key-values)`` of a node that has attributes."""
    kind = node["t"]
    if kind in ("Header",):
        return node["c"][1]
    if kind in ("Div", "Span", "Link", "Image", "Code", "CodeBlock", "Figure", "Table"):
        return node["c"][0]
    return ("", [], [])


def make_attr(ident: str = "", classes: list[str] | None = None, pairs: dict[str, str] | None = None) -> list[Any]:
    return [ident, classes or [], [[k, v] for k, v in (pairs or {}).items()]]


def text_inlines(text: str) -> list[Node]:
    """Plain text as Str/Space inlines."""
    out: list[Node] = []
    for index, word in enumerate(text.split(" ")):
        if index:
            out.append({"t": "Space"})
        if word:
            out.append({"t": "Str", "c": word})
    return out
