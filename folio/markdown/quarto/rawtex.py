"""Raw TeX and other raw formats: page breaks kept, the rest left out with a warning.

pandoc's Markdown reads ``\\newpage`` or ``\\noindent`` as raw TeX (and
```` ```{=latex} ```` blocks as such), which no edition of folio can set.
The page commands ``\\newpage``, ``\\pagebreak``, ``\\clearpage`` and
``\\cleardoublepage`` (and the page breaks written raw for Word and Typst)
become folio's page break (:func:`page_break`): a new page in the PDF, a
page break in Word, a marker that changes nothing in the EPUB and the web
edition.  A macro definition (``\\newcommand``…) has already done its work on
the maths and goes quietly; any other raw TeX, or raw text for another
format, is left out, and said so at its line.
"""

from __future__ import annotations

import re

from folio.errors import quote
from folio.markdown.quarto import Notes, rewrite

PAGE_BREAK = "page-break"
"""The class of folio's page break, an empty div."""

TEX = ("tex", "latex")
PAGE_COMMAND = re.compile(r"^\s*\\(?:newpage|pagebreak|clearpage|cleardoublepage)(?:\[\d\])?\s*(?:\{\})?\s*$")
DEFINITION = re.compile(r"^\s*\\(?:(?:re)?newcommand|providecommand|def|DeclareMathOperator|newenvironment|renewenvironment)\b")
MATHS = re.compile(r"\\begin\{(equation|align|gather|multline|eqnarray|displaymath|math|flalign|alignat)\*?\}")
OTHER_BREAKS = {
    "openxml": re.compile(r'<w:br\s+w:type="page"\s*/>'),
    "typst": re.compile(r"^\s*#pagebreak\(\s*(?:weak:\s*\w+\s*)?\)\s*$"),
    "context": re.compile(r"^\s*\\page\s*$"),
    "ms": re.compile(r"^\s*\.bp\s*$"),
}


def page_break() -> dict:
    return {"t": "Div", "c": [["", [PAGE_BREAK], []], []]}


def is_page_break(node: dict) -> bool:
    return node["t"] == "Div" and node["c"][0][1] == [PAGE_BREAK] and not node["c"][1]


def breaks(fmt: str, text: str) -> bool:
    """Whether raw ``text`` of format ``fmt`` is a page break and nothing else."""
    if fmt in TEX:
        return bool(PAGE_COMMAND.match(text))
    pattern = OTHER_BREAKS.get(fmt)
    return bool(pattern and pattern.search(text))


def shape(blocks: list, notes: Notes) -> list:
    blocks = rewrite(blocks, lambda node: split_paragraph(node, notes))
    return rewrite(blocks, lambda node: drop(node, notes))


def split_paragraph(node: dict, notes: Notes):
    """A paragraph with a page command among its words becomes the paragraphs on either side of a page break."""
    if node["t"] not in ("Para", "Plain"):
        return None
    inlines = node["c"]
    if not any(n["t"] == "RawInline" and breaks(n["c"][0].lower(), n["c"][1]) for n in inlines):
        return None
    out: list = []
    run: list = []
    for inline in inlines:
        if inline["t"] == "RawInline" and breaks(inline["c"][0].lower(), inline["c"][1]):
            if words(run):
                out.append({"t": node["t"], "c": trim(run)})
            out.append(page_break())
            run = []
        else:
            run.append(inline)
    if words(run):
        out.append({"t": node["t"], "c": trim(run)})
    return out


def words(inlines: list) -> bool:
    return any(n["t"] not in ("Space", "SoftBreak", "LineBreak") for n in inlines)


def trim(inlines: list) -> list:
    while inlines and inlines[0]["t"] in ("Space", "SoftBreak"):
        inlines = inlines[1:]
    while inlines and inlines[-1]["t"] in ("Space", "SoftBreak"):
        inlines = inlines[:-1]
    return inlines


def drop(node: dict, notes: Notes):
    if node["t"] not in ("RawBlock", "RawInline"):
        return None
    fmt, text = node["c"][0].lower(), node["c"][1]
    if fmt in ("html", "html5"):
        return None
    if breaks(fmt, text):
        return page_break() if node["t"] == "RawBlock" else []
    first = text.strip().splitlines()[0] if text.strip() else ""
    if fmt in TEX and DEFINITION.match(text):
        return []  # a macro definition: pandoc has applied it to the maths
    if fmt in TEX:
        maths = MATHS.search(text)
        hint = f"write the {maths.group(1)} as display maths, $$ … $$" if maths else "write it in Markdown (folio sets no TeX)"
        notes.say(f"raw TeX {quote(first)} is left out of every edition; {hint}", first, "{=" + fmt)
    else:
        why = f"is for {fmt} output, which folio does not write; it is left out of every edition"
        notes.say(f"raw {fmt} {quote(first)} {why}", first, "{=" + fmt)
    return []
