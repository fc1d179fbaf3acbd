"""Right-to-left text: a ``dir`` on every element whose language runs the other way from its surroundings.

Arabic and Hebrew are tagged by language (``[مرحبا]{lang=ar}``, a chapter's
``lang: he``, a profile's ``name_local``); the direction follows from the tag
(:func:`folio.source.fonts.scripts.direction`), so no author writes ``dir``.  An
element whose language runs against the one around it gets ``dir="rtl"`` or
``dir="ltr"``, which also isolates it (HTML's ``dir`` implies
``unicode-bidi: isolate``): an English name inside Arabic, or an Arabic
phrase inside English, keeps its order and does not pull the punctuation
around it.  Inside right-to-left text, a run of Latin words and figures the
author did not tag is isolated too, as ``<span dir="ltr">``, and code in
right-to-left text gets ``dir="ltr"``.

The rule works on markup as text: the PDF and web editions' HTML and the
EPUB's XHTML, both folio's own and well formed.
"""

from __future__ import annotations

import re

from folio.source.fonts.scripts import direction

TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*?)(/?)>", re.DOTALL)
LANG = re.compile(r"""\s(?:xml:)?lang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
DIR = re.compile(r"""\sdir\s*=""")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
RAW = {"script", "style", "svg", "math"}
CODE = {"pre", "code", "kbd", "samp"}
ENTITY = re.compile(r"(&#?\w+;)")
LTR_RUN = re.compile(
    r"[A-Za-z\u00C0-\u024F][\w\u00C0-\u024F.,:/+&@#%'’-]*(?:[ \u00A0]+[\w\u00C0-\u024F][\w\u00C0-\u024F.,:/+&@#%'’-]*)*(?<![.,:'’-])"
)
"""A run of Latin words (with figures and in-word punctuation) that starts with a letter and ends on no punctuation."""


def has_rtl(html: str) -> bool:
    """Whether any element of ``html`` is in a right-to-left language."""
    return any(direction(next(v for v in match.groups() if v is not None)) == "rtl" for match in LANG.finditer(html))


def with_directions(html: str) -> str:
    """``html`` with ``dir`` where a language changes direction, and untagged Latin runs in right-to-left text isolated.

    A document with no right-to-left language comes back unchanged.
    """
    if not has_rtl(html):
        return html
    out: list[str] = []
    stack: list[tuple[str, str]] = [("", "ltr")]
    raw_depth = 0
    at = 0
    for match in TAG.finditer(html):
        text = html[at : match.start()]
        out.append(isolate_latin(text) if stack[-1][1] == "rtl" and not raw_depth else text)
        at = match.end()
        closing, name, attributes, selfclosing = match.groups() if match.group(2) else ("", None, "", "")
        if name is None:  # a comment
            out.append(match.group(0))
            continue
        name = name.lower()
        if closing:
            for depth in range(len(stack) - 1, 0, -1):
                if stack[depth][0] == name:
                    del stack[depth:]
                    break
            if name in RAW:
                raw_depth = max(0, raw_depth - 1)
            out.append(match.group(0))
            continue
        around = stack[-1][1]
        own = around
        tag = match.group(0)
        lang = LANG.search(attributes)
        if not lang and around == "rtl" and name in CODE and not DIR.search(attributes) and not raw_depth:
            own = "ltr"  # code reads left to right whatever the language around it
            cut = len(tag) - (2 if selfclosing else 1)
            tag = f'{tag[:cut]} dir="ltr"{tag[cut:]}'
        elif lang and not raw_depth:
            own = direction(next(v for v in lang.groups() if v is not None))
            explicit = DIR.search(attributes)
            if explicit:
                own = "rtl" if re.search(r"""dir\s*=\s*["']?rtl""", attributes, re.IGNORECASE) else "ltr"
            elif own != around or name == "html":
                cut = len(tag) - (2 if selfclosing else 1)
                tag = f'{tag[:cut]} dir="{own}"{tag[cut:]}'
        out.append(tag)
        if name in VOID or selfclosing:
            continue
        if name in RAW:
            raw_depth += 1
        stack.append((name, own))
    out.append(html[at:])
    return "".join(out)


def isolate_latin(text: str) -> str:
    """Each untagged run of Latin words in right-to-left text as ``<span dir="ltr">``, so it keeps its own order."""
    if not text.strip():
        return text
    pieces = ENTITY.split(text)  # a character reference stays whole: &amp; is no word
    return "".join(
        piece if index % 2 else LTR_RUN.sub(lambda m: f'<span dir="ltr">{m.group(0)}</span>', piece) for index, piece in enumerate(pieces)
    )
