"""References as pandoc reads them: the attributes and raw HTML their rich text may hold.

A CSL field is Markdown to pandoc (``[e-Conomy]{.nocase}``, ``*italics*``),
so a title like ``[Hover me]{onmouseover=…}`` would reach the editions as a
``<span onmouseover>``.  The references are read here exactly as the
editions read them (:func:`folio.markdown.reader.citations.csl_meta`, cached), and
every attribute and raw HTML fragment in them is held to the rules of a
chapter's (:mod:`folio.markdown.raw.rawhtml`), at its line of ``references.yaml``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from folio.ast import attr, walk
from folio.errors import Problems
from folio.markdown.raw.rawhtml import check_attributes, check_raw_html
from folio.markdown.reader.citations import csl_meta
from folio.model import Report
from folio.run.cache import Cache

SHOWN = "references.yaml"


def check_reference_markup(report: Report, problems: Problems, cache: Cache | None) -> None:
    """Attributes and raw HTML in the references' rich text that may not reach an edition, each at its line."""
    if not report.references:
        return
    meta = csl_meta(report.references, cache)
    path = report.root / SHOWN
    text = path.read_text("utf-8", "replace") if path.is_file() else ""
    for reference, item in zip(report.references, meta.get("c", []), strict=False):
        ident = str(reference.get("id", ""))
        start = report.reference_lines.get(ident, 1)
        for field, nodes in _fields(item):
            for node in nodes:
                _, _, pairs = attr(node)
                for name, message in check_attributes(pairs):
                    problems.add(SHOWN, _line(text, start, name), f"{ident}: {field}: {message}")
                if node["t"] in ("RawInline", "RawBlock"):
                    for message in check_raw_html(node["c"][1]):
                        problems.add(SHOWN, _line(text, start, node["c"][1].split()[0]), f"{ident}: {field}: {message}")


def _fields(value: Any, prefix: str = "") -> Iterator[tuple[str, list]]:
    """(field name, the AST nodes of its value) for each field of a CSL item, nested ones as ``author.family``."""
    if not isinstance(value, dict):
        return
    kind = value.get("t")
    if kind == "MetaMap":
        for key, inner in value["c"].items():
            yield from _fields(inner, f"{prefix}.{key}" if prefix else key)
    elif kind == "MetaList":
        for inner in value["c"]:
            if isinstance(inner, dict) and inner.get("t") == "MetaMap":
                for key, nested in inner["c"].items():
                    yield from _fields(nested, f"{prefix}.{key}" if prefix else key)
            else:
                yield from _fields(inner, prefix)
    elif kind in ("MetaInlines", "MetaBlocks"):
        yield prefix, list(walk(value["c"]))


def _line(text: str, start: int, needle: str) -> int:
    """The line at or after the reference's first (``start``) where ``needle`` is written; else ``start``."""
    lines = text.splitlines()
    for number in range(max(start, 1), len(lines) + 1):
        if needle and needle.lower() in lines[number - 1].lower():
            return number
    return start
