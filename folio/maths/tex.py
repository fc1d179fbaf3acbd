"""TeX to MathML, by pandoc's own TeX maths reader (texmath), and why a formula cannot be read.

Every edition reads a formula the same way: the EPUB and the web edition carry
the MathML pandoc writes, the PDF draws that same MathML, and the Word copy
gets the equation pandoc makes from the same TeX.  So the one reader that
decides whether a formula can be set is pandoc's.  It does not stop on TeX it
cannot read: it prints the source as it stands and warns; here that warning
becomes the reason of a located error.

All of a source's formulas go to pandoc in one run, each in a ``<div>`` of its
own, so the answer for each is known; results are kept in folio's cache.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from folio import pandoc
from folio.ast import walk
from folio.run.cache import Cache

WRITER = ["--to", "html5", "--mathml", "--wrap=none"]
ANSWER = re.compile(r'<div id="folio-maths-(\d+)">\s*(.*?)\s*</div>', re.S)
NOT_READ = "[WARNING] Could not convert TeX math"


@dataclass(frozen=True, slots=True)
class Formula:
    """One formula as written: its TeX and whether it is a display (``$$…$$``)."""

    tex: str
    display: bool


@dataclass(frozen=True, slots=True)
class Reading:
    """What pandoc made of a formula."""

    mathml: str | None
    """The ``<math>`` element pandoc writes (with the TeX as its annotation); ``None`` when it could not read the TeX."""
    reason: str = ""
    """Why not, in pandoc's words (``unexpected control sequence \\ce``)."""
    offset: int | None = None
    """Where in the TeX pandoc's reader stopped, when it says."""


def formulas(blocks: list) -> list[Formula]:
    """Every distinct formula of a source, in order."""
    found: dict[Formula, None] = {}
    for node in walk(blocks):
        if node["t"] == "Math":
            kind, tex = node["c"]
            found[Formula(tex, kind["t"] == "DisplayMath")] = None
    return list(found)


def read(items: list[Formula], api_version: list, cache: Cache | None) -> list[Reading]:
    """pandoc's MathML for each formula, or why it has none."""
    if not items:
        return []
    key = ("maths-mathml", pandoc.version(), WRITER, [[f.tex, f.display] for f in items])
    if cache is not None and (hit := cache.get(key)) is not None:
        return [Reading(*entry) for entry in hit]
    blocks = [
        {
            "t": "Div",
            "c": [
                [f"folio-maths-{number}", [], []],
                [{"t": "Plain", "c": [{"t": "Math", "c": [{"t": "DisplayMath" if f.display else "InlineMath"}, f.tex]}]}],
            ],
        }
        for number, f in enumerate(items)
    ]
    result = pandoc.from_json({"pandoc-api-version": api_version, "meta": {}, "blocks": blocks}, WRITER)
    answers = {int(number): text for number, text in ANSWER.findall(result.output)}
    reasons = iter(not_read(result.log))
    readings = []
    for number, formula in enumerate(items):
        answer = answers.get(number, "")
        if answer.startswith("<math"):
            readings.append(Reading(answer))
        else:
            reason, offset = next(reasons, ("", None))
            readings.append(Reading(None, reason, locate(formula.tex, offset)))
    if cache is not None:
        cache.put(key, [[r.mathml, r.reason, r.offset] for r in readings])
    return readings


def not_read(log: str) -> list[tuple[str, tuple[str, int] | None]]:
    """Each "could not convert" warning of pandoc's log, in order: its reason and (the source line it shows, the caret's column)."""
    out = []
    for chunk in re.split(r"^(?=\[[A-Z]+\] )", log, flags=re.M):
        if not chunk.startswith(NOT_READ):
            continue
        lines = chunk.rstrip("\n").split(", rendering as TeX:", 1)[-1].split("\n")[1:]
        caret = next((index for index, line in enumerate(lines) if line.strip() == "^"), None)
        where = (lines[caret - 1][2:], lines[caret].index("^") - 2) if caret else None
        reason = next((line.strip() for line in lines if line.strip().startswith("unexpected")), "")
        expecting = next((line.strip() for line in lines if line.strip().startswith("expecting")), "")
        out.append((plain_reason(reason, expecting), where))
    return out


def locate(tex: str, where: tuple[str, int] | None) -> int | None:
    """The offset in ``tex`` of the caret pandoc drew under one of its lines."""
    if where is None:
        return None
    shown, column = where
    index = tex.find(shown) if shown.strip() else -1
    return index + max(column, 0) if index >= 0 else None


def plain_reason(reason: str, expecting: str) -> str:
    """pandoc's parse error as an author reads it, with what to change where that is clear."""
    if reason == "unexpected eof" or reason.startswith("unexpected end of input"):
        return "the formula ends too soon: a { without its }, a \\begin without its \\end, or a ^ or _ with nothing after it"
    sequence = re.match(r"unexpected control sequence (\\\S*)", reason)
    if sequence:
        name = sequence.group(1)
        if name == "\\\\":
            return "\\\\ breaks lines only inside an environment: put the lines in \\begin{aligned} … \\end{aligned} (or gathered)"
        if name == "\\end":
            return "\\end without its \\begin, or an environment closed under another name"
        return (
            f"pandoc's TeX maths reader does not know {name}: write it with the commands it knows, "
            f"or define it first, $$\\newcommand{{{name}}}{{…}}$$"
        )
    if reason.startswith("unexpected"):
        wanted = expecting.removeprefix("expecting ").strip()
        if len(wanted) > 80:
            wanted = wanted[:77] + "..."
        return f"{reason.removeprefix('unexpected ')} is not expected there" + (f" (pandoc expects {wanted})" if wanted else "")
    return "pandoc's TeX maths reader cannot read it"


GATHERED = "\\begin{gathered}"
TOKEN = re.compile(r"\\begin\s*\{[^{}]*\}|\\end\s*\{[^{}]*\}|\\\\|\\[A-Za-z]+|\\.|[{}]|[^\\{}]+", re.S)


def breaks_lines(tex: str) -> bool:
    """Whether ``tex`` breaks lines with ``\\\\`` outside any environment and group (as MathJax lets a display do)."""
    depth = 0
    for token in TOKEN.findall(tex):
        if token == "{" or token.startswith("\\begin"):
            depth += 1
        elif token == "}" or token.startswith("\\end"):
            depth -= 1
        elif token == "\\\\" and depth == 0:
            return True
    return False


def lines_gathered(node: dict):
    """A display that breaks its lines with a bare ``\\\\`` set as ``gathered``: each line centred under the last.

    MathJax, which many authors write for, sets such a display as lines;
    pandoc's TeX reader refuses it.  The TeX every edition carries is the
    same, so the Word copy and the MathML show the lines too.
    """
    if node["t"] != "Math" or node["c"][0]["t"] != "DisplayMath" or not breaks_lines(node["c"][1]):
        return None
    tex = node["c"][1]
    return {"t": "Math", "c": [node["c"][0], f"{GATHERED}{tex}\\end{{gathered}}"]}


def unbalanced(tex: str) -> tuple[str, int] | None:
    """A brace without its partner: what to say and where, or ``None``.

    pandoc's reader often stops far from an unclosed group (at the next line
    break of an environment), so the place of the brace itself is told.
    """
    opened: list[int] = []
    offset = 0
    for token in TOKEN.findall(tex):
        if token == "{":
            opened.append(offset)
        elif token == "}":
            if not opened:
                return "a } closes no {: delete it, or add its {", offset
            opened.pop()
        offset += len(token)
    if opened:
        return "a { is never closed: add its } (or write \\{ for a brace that prints)", opened[-1]
    return None


SWITCHES = {"bf": "mathbf", "rm": "mathrm", "it": "mathit", "cal": "mathcal", "sf": "mathsf", "tt": "mathtt", "bm": "boldsymbol"}
SWITCH = re.compile(r"\\(bf|rm|it|cal|sf|tt|bm)(?![A-Za-z])\s*")


def font_switches(tex: str) -> str:
    """Plain TeX's font switches (``{\\bf R}``, ``\\rm d``) as the commands pandoc's reader knows (``\\mathbf{R}``).

    A switch holds to the end of its group, as in TeX; MathJax reads them so,
    and authors who write for it use them.
    """
    match = SWITCH.search(tex)
    if match is None:
        return tex
    start = match.start()
    depth = 0
    end = len(tex)
    index = match.end()
    while index < len(tex):  # the end of the group the switch stands in
        char = tex[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            if depth == 0:
                end = index
                break
            depth -= 1
        index += 1
    inside = tex[match.end() : end]
    return tex[:start] + f"\\{SWITCHES[match.group(1)]}{{{font_switches(inside)}}}" + font_switches(tex[end:])


def as_written(tex: str) -> str:
    """A formula's TeX without what folio put around it (the macros it uses, a ``gathered`` for bare line breaks)."""
    from folio.maths.macros import without_definitions

    inner = tex.removeprefix(GATHERED).removesuffix("\\end{gathered}") if tex.startswith(GATHERED) else tex
    return without_definitions(inner).strip()
