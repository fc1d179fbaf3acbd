"""Small helpers for pandoc's JSON AST (``{"t": type, "c": content}`` nodes)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

Node = dict[str, Any]


def walk(tree: Any) -> Iterator[Node]:
    """Every AST node in document order (a node before its children)."""
    stack = [tree]
    pop, push, extend = stack.pop, stack.append, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind is dict or (kind is not list and isinstance(item, dict)):
            if "t" in item:
                yield item
            children = item.get("c")
            if children is not None and not isinstance(children, str):
                push(children)
            if "blocks" in item:
                push(item["blocks"])
        elif kind is list or isinstance(item, list):
            extend(reversed(item))


def transform(tree: Any, change: Callable[[Node], Any]) -> Any:
    """Rebuild ``tree`` bottom-up; ``change`` returns a node, a list to splice, or ``None`` to keep."""
    kind = type(tree)
    if kind is list:
        out: list[Any] = []
        append, extend = out.append, out.extend
        for item in tree:
            inner = type(item)
            if inner is dict:
                new = _node(item, change)
                if "t" in item and type(new) is list:
                    extend(new)
                else:
                    append(new)
            elif inner is list:
                append(transform(item, change))
            else:
                append(item)
        return out
    if kind is dict:
        return _node(tree, change)
    return tree


def _node(tree: dict, change: Callable[[Node], Any]) -> Any:
    node = dict(tree)
    content = node.get("c")
    if content is not None and type(content) in (list, dict):
        node["c"] = transform(content, change)
    if "blocks" in node:
        node["blocks"] = transform(node["blocks"], change)
    if "t" in node:
        replaced = change(node)
        return node if replaced is None else replaced
    return node


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
