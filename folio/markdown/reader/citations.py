"""The report's references as pandoc reads them, and what the report cites."""

from __future__ import annotations

from folio import pandoc
from folio.model import KeyFiguresPart, Report
from folio.run.cache import Cache

READER = "markdown-raw_tex"


def csl_meta(references: tuple[dict, ...], cache: Cache | None = None) -> dict:
    """CSL items as pandoc metadata (``references:``) for citeproc.

    pandoc itself parses them, exactly as it parses the YAML header of a
    Markdown file, so rich text in a title (``[e-Conomy]{.nocase}``, ``*italics*``)
    means what it means there.  ``x-`` fields are for editors and stay out.
    """
    import yaml

    clean = [{k: v for k, v in ref.items() if not k.startswith("x-")} for ref in references]
    if not clean:
        return {"t": "MetaList", "c": []}
    text = "---\n" + yaml.safe_dump({"references": clean}, allow_unicode=True, sort_keys=False) + "---\n"
    key = ("references", READER, pandoc.version(), text)
    if cache is not None and (hit := cache.get(key)) is not None:
        return hit
    document, _ = pandoc.to_json(text, READER, pandoc.reading_budget(text))
    meta = document["meta"]["references"]
    if cache is not None:
        cache.put(key, meta)
    return meta


def figure_cites(report: Report) -> list[str]:
    return [f.cite for part in report.parts if isinstance(part, KeyFiguresPart) for f in part.figures if f.cite]


def nocite(keys: tuple[str, ...] | list[str]) -> dict:
    """pandoc metadata that puts ``keys`` in the bibliography without citing them in the text."""
    citations = [
        {
            "citationId": key,
            "citationPrefix": [],
            "citationSuffix": [],
            "citationMode": {"t": "NormalCitation"},
            "citationNoteNum": 0,
            "citationHash": 0,
        }
        for key in keys
    ]
    return {"t": "MetaInlines", "c": [{"t": "Cite", "c": [citations, []]}]}
