"""Macros an author defines in the maths itself, as MathJax (and so Quarto) lets them.

Quarto documents defining maths macros in a display of their own::

    $$
    \\def\\RR{{\\bf R}}
    \\newcommand{\\norm}[1]{\\lVert #1 \\rVert}
    $$

after which every later formula of the document may use them.  pandoc's TeX
reader knows ``\\newcommand``, ``\\renewcommand`` and ``\\DeclareMathOperator``
only inside the formula that writes them, and ``\\def`` not at all.  So here
each definition is read once (``\\def\\name#1#2{…}`` as the ``\\newcommand`` it
means), a formula that only defines is left out of the editions (it prints
nothing), and each later formula carries, in front of its own TeX, the
definitions it uses: every edition then reads the same expanded maths.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

DEFINING = re.compile(r"\\(newcommand|renewcommand|providecommand|DeclareMathOperator|def)\b\*?")
NAME = re.compile(r"\s*(?:\{\s*(\\[A-Za-z]+|\\.)\s*\}|(\\[A-Za-z]+|\\.))")
MACRO = re.compile(r"\\[A-Za-z]+")


def group(tex: str, start: int) -> int | None:
    """The end of the ``{…}`` group opening at ``start`` (after spaces), or ``None``."""
    index = start
    while index < len(tex) and tex[index].isspace():
        index += 1
    if index >= len(tex) or tex[index] != "{":
        return None
    depth = 0
    while index < len(tex):
        char = tex[index]
        if char == "\\":
            index += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return None


@dataclass(frozen=True, slots=True)
class Definition:
    name: str
    """``\\RR``."""
    tex: str
    """The definition as pandoc's reader takes it (``\\newcommand{\\RR}{{\\bf R}}``)."""


def definitions(tex: str) -> tuple[list[Definition], str]:
    """The definitions a formula writes, and the formula without them."""
    found: list[Definition] = []
    rest: list[str] = []
    position = 0
    for match in DEFINING.finditer(tex):
        if match.start() < position:
            continue
        kind = match.group(1)
        name = NAME.match(tex, match.end())
        if name is None:
            continue
        macro = name.group(1) or name.group(2)
        after = name.end()
        if kind == "def":
            parameters = re.match(r"(?:#\d)*", tex[after:]).group(0)
            end = group(tex, after + len(parameters))
            if end is None:
                continue
            body = tex[after + len(parameters) : end]
            count = len(parameters) // 2
            text = f"\\newcommand{{{macro}}}" + (f"[{count}]" if count else "") + body
        else:
            optional = re.match(r"\s*\[\d\](?:\s*\[[^\]]*\])?", tex[after:])
            head = optional.group(0) if optional else ""
            end = group(tex, after + len(head))
            if end is None:
                continue
            text = f"\\{'newcommand' if kind == 'providecommand' else kind}{{{macro}}}{head.strip()}{tex[after + len(head) : end].strip()}"
        found.append(Definition(macro, text))
        rest.append(tex[position : match.start()])
        position = end
    rest.append(tex[position:])
    return found, "".join(rest)


@dataclass
class Macros:
    """The definitions met so far, in reading order; a later one of the same name replaces the earlier."""

    known: dict[str, Definition] = field(default_factory=dict)

    def read(self, tex: str) -> str | None:
        """The formula as every edition should read it; ``None`` for one that only defines macros."""
        own, rest = definitions(tex)
        for definition in own:
            self.known[definition.name] = definition
        if not rest.strip():
            return None
        used = self.used(rest) if self.known else []
        if not used:
            return rest.strip() if own else tex
        return "".join(definition.tex for definition in used) + " " + rest.strip()

    def used(self, tex: str) -> list[Definition]:
        """The definitions ``tex`` needs, those they need in turn first."""
        wanted: list[str] = []

        def visit(text: str) -> None:
            for name in MACRO.findall(text):
                if name in self.known and name not in wanted:
                    wanted.insert(0, name)
                    visit(self.known[name].tex.split("}", 1)[1] if "}" in self.known[name].tex else "")

        visit(tex)
        order = list(self.known)
        return [self.known[name] for name in sorted(wanted, key=order.index)]


def without_definitions(tex: str) -> str:
    """A formula's TeX with the definitions folio put in front of it taken out again (for ``alttext``)."""
    return definitions(tex)[1].strip()
