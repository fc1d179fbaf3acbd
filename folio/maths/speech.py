"""A formula read aloud, in English: the PDF's ``/Alt`` for it.

In the PDF a formula is a drawing; what a screen reader says for it is the
``Formula`` element's alternate text.  TeX source there is read out as
"backslash frac open brace…", so the MathML pandoc wrote is spoken here the
way a person reads maths aloud, after the ClearSpeak conventions: "x squared",
"the fraction with numerator a plus b and denominator 2", "the sum from k
equals 1 to n of k", "the 3 by 3 matrix; row 1: …".  No Python library does
this (the speech engines are JavaScript), and the vocabulary is small.

The words are English; a report in another language marks the element's
language as ``en`` (:mod:`folio.maths.tags`).
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET

OPERATORS = {
    "=": "equals", "+": "plus", "-": "minus", "−": "minus", "±": "plus or minus", "∓": "minus or plus", "×": "times",
    "·": "times", "⋅": "times", "∗": "times", "/": "divided by", "÷": "divided by", "<": "is less than", ">": "is greater than",
    "≤": "is less than or equal to", "≥": "is greater than or equal to", "≠": "is not equal to", "≈": "is approximately equal to",
    "≡": "is equivalent to", "≢": "is not equivalent to", "∼": "is similar to", "≃": "is asymptotically equal to",
    "≅": "is congruent to", "∝": "is proportional to", "≪": "is much less than", "≫": "is much greater than",
    "∈": "is an element of", "∉": "is not an element of", "∋": "contains", "⊂": "is a subset of", "⊆": "is a subset of or equal to",
    "⊃": "is a superset of", "⊇": "is a superset of or equal to", "∪": "union", "∩": "intersection", "∖": "minus", "∅": "the empty set",
    "∀": "for all", "∃": "there exists", "∄": "there does not exist", "¬": "not", "∧": "and", "∨": "or", "→": "to",
    "←": "from", "↦": "maps to", "⇒": "implies", "⟹": "implies", "⇐": "is implied by", "⇔": "if and only if", "⟺": "if and only if",
    "↔": "if and only if", "∘": "composed with", "∞": "infinity", "∂": "partial", "∇": "nabla", "′": "prime", "″": "double prime",
    "!": "factorial", "…": "dot dot dot", "⋯": "dot dot dot", "⋮": "vertical dots", "⋱": "diagonal dots", ",": "comma",
    ";": "semicolon", ":": "colon", "|": "vertical bar", "‖": "double vertical bar",
    "⊥": "is perpendicular to", "∠": "angle", "°": "degrees", "%": "percent", "(": "open paren", ")": "close paren",
    "[": "open bracket", "]": "close bracket", "{": "open brace", "}": "close brace", "⟨": "open angle bracket",
    "⟩": "close angle bracket", "⌊": "floor of", "⌋": "end floor", "⌈": "ceiling of", "⌉": "end ceiling", "∑": "the sum",
    "∏": "the product", "∐": "the coproduct", "∫": "the integral", "∬": "the double integral", "∭": "the triple integral",
    "∮": "the contour integral", "⋃": "the union", "⋂": "the intersection", "⊕": "direct sum", "⊗": "tensor product",
    ":=": "is defined as", "≔": "is defined as", "≜": "is defined as", "⊤": "transpose", "†": "dagger", "*": "star",
    "\u2061": "", "\u2062": "", "\u2063": "", "\u2064": "plus", "\u2223": "vertical bar",
    "\u2225": "double vertical bar", ".": "",
}  # fmt: skip
"""What an operator is called when read aloud (the invisible ones say nothing, invisible plus "plus")."""
FUNCTIONS = {
    "sin": "sine", "cos": "cosine", "tan": "tangent", "cot": "cotangent", "sec": "secant", "csc": "cosecant", "sinh": "hyperbolic sine",
    "cosh": "hyperbolic cosine", "tanh": "hyperbolic tangent", "arcsin": "arc sine", "arccos": "arc cosine", "arctan": "arc tangent",
    "ln": "natural log", "log": "log", "exp": "exponential", "lim": "the limit", "max": "the maximum", "min": "the minimum",
    "sup": "the supremum", "inf": "the infimum", "det": "the determinant", "dim": "the dimension", "gcd": "the greatest common divisor",
    "Pr": "the probability", "arg": "the argument", "deg": "the degree", "ker": "the kernel", "mod": "mod",
}  # fmt: skip
NAMES = {
    "ℕ": "the natural numbers", "ℤ": "the integers", "ℚ": "the rational numbers", "ℝ": "the real numbers", "ℂ": "the complex numbers",
    "∂": "partial", "∇": "nabla", "∞": "infinity", "ℏ": "h bar", "ℓ": "ell", "∅": "the empty set", ".": "",
}  # fmt: skip
"""Letters and signs an author writes as identifiers, by what they are called."""
ACCENTS = {
    "^": "hat", "ˆ": "hat", "\u0302": "hat", "¯": "bar", "‾": "bar", "\u0304": "bar", "_": "underline", "→": "vector", "⃗": "vector",
    "~": "tilde", "˜": "tilde", "\u0303": "tilde", "˙": "dot", "\u0307": "dot", "¨": "double dot", "\u0308": "double dot",
    "⏞": "overbrace", "⏟": "underbrace", "ˇ": "check", "\u030c": "check", "´": "acute", "`": "grave",
}  # fmt: skip
BARS = ("|", "\u2223", "\u2016", "\u2225")
FENCES = {"(": "matrix", "[": "matrix", "{": "cases", "|": "determinant", "\u2223": "determinant", "\u2016": "norm", "\u2225": "norm"}
"""An opening fence before a table, and what the table then is."""
BIG = {"∑", "∏", "∐", "∫", "∬", "∭", "∮", "⋃", "⋂", "⨁", "⨂"}
POWERS = {"2": "squared", "3": "cubed", "′": "prime", "″": "double prime", "∗": "star", "*": "star", "⊤": "transpose", "T": "transpose"}
ROOTS = {"2": "square root", "3": "cube root"}


def speak(mathml: str) -> str:
    """The spoken form of a ``<math>`` element as pandoc writes it."""
    root = ET.fromstring(mathml)
    for element in root.iter():
        if isinstance(element.tag, str) and "}" in element.tag:
            element.tag = element.tag.split("}", 1)[1]
    words = " ".join(say(root).split())
    words = re.sub(r" ([,;:])", r"\1", words)
    words = re.sub(r"([,;:])(?:[,;:])+", r"\1", words)
    return words.strip(" ,;") or "formula"


def text(element: ET.Element) -> str:
    """The characters of an element, the invisible operators (function application, invisible times) left out."""
    return re.sub("[\u2061-\u2064]", "", "".join(element.itertext())).strip()


def simple(element: ET.Element) -> bool:
    """One token: a number, a letter or a short name, read without "end fraction" and the like."""
    while element.tag in ("mrow", "mstyle", "mpadded") and len(element) == 1:
        element = element[0]
    return element.tag in ("mi", "mn") or (element.tag == "mrow" and not len(element) and bool(text(element)))


def say(element: ET.Element) -> str:
    tag = element.tag
    children = list(element)
    if tag in ("math", "mrow", "mstyle", "mpadded", "mtd", "merror", "semantics"):
        return row(children)
    if tag in ("annotation", "annotation-xml", "mphantom", "none", "mprescripts"):
        return ""
    if tag == "mi":
        return identifier(text(element))
    if tag == "mn":
        return text(element)
    if tag == "mo":
        return operator(text(element))
    if tag in ("mtext", "ms"):
        return text(element)
    if tag == "mspace":
        return " "
    if tag == "mfrac" and len(children) == 2:
        top, bottom = children
        if element.get("linethickness") in ("0", "0em", "0px", "0pt"):
            return f"{say(top)} choose {say(bottom)}"
        if simple(top) and simple(bottom):
            return f"{say(top)} over {say(bottom)}"
        return f"the fraction with numerator {say(top)} and denominator {say(bottom)}, end fraction,"
    if tag == "msqrt":
        inside = row(children)
        return f"the square root of {inside}" + ("" if len(children) == 1 and simple(children[0]) else ", end root,")
    if tag == "mroot" and len(children) == 2:
        base, index = children
        name = ROOTS.get(text(index), f"root of index {say(index)}")
        return f"the {name} of {say(base)}" + ("" if simple(base) else ", end root,")
    if tag in ("msup", "msub", "msubsup") and children:
        return scripts(tag, children)
    if tag in ("mover", "munder", "munderover") and children:
        return limits(tag, children)
    if tag == "mtable":
        return table(element, "")
    if tag == "menclose":
        notation = element.get("notation", "box")
        inside = row(children)
        if "strike" in notation:
            return f"{inside} crossed out"
        return f"{inside} in a box"
    if tag == "mfenced":
        return f"open paren {', '.join(say(child) for child in children)} close paren"
    if tag == "mmultiscripts":
        return row(children)
    return row(children)


def row(children: list[ET.Element]) -> str:
    """A row, with a table read by what surrounds it: a matrix in brackets, cases after a brace."""
    out: list[str] = []
    index = 0
    while index < len(children):
        child = children[index]
        fence = text(child) if child.tag == "mo" else ""
        following = children[index + 1] if index + 1 < len(children) else None
        if fence in FENCES and following is not None and following.tag == "mtable":
            closing = children[index + 2] if index + 2 < len(children) else None
            closed = closing is not None and closing.tag == "mo" and text(closing) in (")", "]", "}", *BARS)
            kind = FENCES[fence]
            out.append(table(following, kind))
            index += 3 if closed else 2
            continue
        out.append(say(child))
        index += 1
    return " ".join(part for part in out if part)


def table(element: ET.Element, kind: str) -> str:
    rows = [row_ for row_ in element if row_.tag in ("mtr", "mlabeledtr")]
    cells = [[say(cell) for cell in row_ if cell.tag == "mtd"] for row_ in rows]
    if kind in ("matrix", "determinant", "norm"):
        columns = max((len(r) for r in cells), default=0)
        name = {"matrix": "matrix", "determinant": "determinant", "norm": "norm of the matrix"}[kind]
        lines = "; ".join(f"row {n}: {', '.join(r)}" for n, r in enumerate(cells, 1))
        return f"the {len(cells)} by {columns} {name}; {lines}; end {'matrix' if kind == 'norm' else name};"
    if kind == "cases":
        lines = "; ".join(f"case {n}: {', '.join(r)}" for n, r in enumerate(cells, 1))
        return f"{len(cells)} cases; {lines};"
    if len(cells) == 1:
        return " ".join(cells[0])
    return "; ".join(f"line {n}: {' '.join(r)}" for n, r in enumerate(cells, 1)) + ";"


def scripts(tag: str, children: list[ET.Element]) -> str:
    base = children[0]
    if text(base) in BIG and tag == "msubsup" and len(children) == 3:
        return f"{say(base)} from {say(children[1])} to {say(children[2])} of"
    if text(base) in BIG and tag == "msub":
        return f"{say(base)} over {say(children[1])} of"
    if text(base) in FUNCTIONS and tag == "msub" and FUNCTIONS[text(base)].startswith("the "):
        return limits("munder", children)
    out = say(base)
    if tag in ("msub", "msubsup") and len(children) > 1:
        out += f" sub {say(children[1])}"
    if tag == "msup" and len(children) > 1:
        out += power(children[1])
    if tag == "msubsup" and len(children) > 2:
        out += power(children[2])
    return out


def power(exponent: ET.Element) -> str:
    written = text(exponent)
    if written in POWERS and (simple(exponent) or exponent.tag == "mo"):
        return f" {POWERS[written]}"
    if written in ("−1", "-1"):
        return " inverse"
    spoken = say(exponent)
    return f" to the power {spoken}" if simple(exponent) else f" to the power {spoken}, end power,"


def limits(tag: str, children: list[ET.Element]) -> str:
    base = children[0]
    name = text(base)
    under = children[1] if tag in ("munder", "munderover") and len(children) > 1 else None
    over = children[-1] if tag in ("mover", "munderover") and len(children) > 1 else None
    mark = over if tag == "mover" else under if tag == "munder" else None
    if mark is not None and mark.tag == "mo" and text(mark) in ACCENTS:
        return f"{say(base)} {ACCENTS[text(mark)]}"
    if name in BIG:
        spoken = say(base)
        if under is not None and over is not None:
            return f"{spoken} from {say(under)} to {say(over)} of"
        return f"{spoken} over {say(under if under is not None else over)} of"
    if name in FUNCTIONS and under is not None:
        where = say(under).replace(" to ", " approaches ", 1)
        return f"{FUNCTIONS[name]} as {where} of"
    if name in ("→", "⟶") and over is not None:
        return f"goes by {say(over)} to"
    out = say(base)
    if under is not None:
        out += f" with {say(under)} below"
    if over is not None:
        out += f" with {say(over)} above"
    return out


def identifier(name: str) -> str:
    if name in FUNCTIONS:
        return FUNCTIONS[name]
    if len(name) != 1:
        return name
    if name in OPERATORS and not name.isalnum():
        return OPERATORS[name]
    return symbol(name)


def operator(name: str) -> str:
    if name in OPERATORS:
        return OPERATORS[name]
    if name in FUNCTIONS:
        return FUNCTIONS[name]
    return " ".join(symbol(char) for char in name)


def symbol(char: str) -> str:
    """A letter or sign by its name: Greek letters, mathematical alphabets and number sets."""
    if char in NAMES:
        return NAMES[char]
    if char.isascii():
        return char
    name = unicodedata.name(char, "").lower()
    if not name:
        return char
    name = re.sub(r"^mathematical (italic |bold italic |bold |sans-serif |monospace )*", "", name)
    name = name.replace("greek ", "").replace("small letter ", "").replace("letter ", "").replace("small ", "").replace(" symbol", "")
    return name
