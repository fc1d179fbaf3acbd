"""Code cells Quarto would run (```` ```{r} ````, ```` ```{python} ````…): folio runs no code.

What a reader of the editions can still be given, they get:

* a cell whose code is only ``knitr::include_graphics("path")`` is the
  picture it shows, with its ``label``, ``fig-cap`` and ``fig-alt`` (a
  numbered figure when the label starts ``fig-``), as Quarto books write
  their static pictures;
* ``eval: false`` is code to read, not run: shown as written, as Quarto does;
* any other cell is shown as code (``echo: false`` or ``include: false``: not
  shown, as in Quarto), and one warning per file says how many cells' output
  is missing; a cross-reference to such a cell's figure or table is a
  warning, not an error.

Cell options are read from ``#|`` lines (YAML) and from knitr's
```` ```{r label, echo=FALSE} ````; those lines are not shown.  pandoc's
Markdown reader cannot read ```` ```{r} ```` as a code block at all, so
:func:`prepare` rewrites those fences first, line for line, before pandoc
reads the text; the commonmark readers read them as code blocks of class
``{r}``.
"""

from __future__ import annotations

import base64
import re

from folio.errors import Problems
from folio.markdown.quarto import Notes, rewrite, unsupported
from folio.yamlfile import parse_yaml

CELL = "folio-cell"
OPTIONS = "folio-options"
FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})(.*)$")
"""A fence, at any indent: a cell in a list item is indented with it."""
ENGINE = re.compile(r"^\s*\{\s*([A-Za-z][\w.+-]*)\s*(?:[ ,]\s*(.*?))?\}\s*$")
INFO_ENGINE = re.compile(r"^\{([A-Za-z][\w.+-]*)[,}]?")
INCLUDE_GRAPHICS = re.compile(
    r"""^\s*(?:knitr::)?include_graphics\(\s*(?:c\(\s*)?((?:["'][^"']+["']\s*(?:,\s*)?)+)\)?\s*(?:,[^)]*)?\)\s*$"""
)
MAX_INFO = 2000
"""A fence's info string, or a cell's one line of code, longer than this is no cell (and no pattern runs on it)."""
DIAGRAMS = ("mermaid", "dot")
DISPLAY_OPTIONS = frozenset({"code-fold", "code-summary", "code-line-numbers", "code-overflow", "lst-cap", "lst-label"})
"""Options of a shown cell that change how Quarto shows its code, and folio does not."""
INLINE = re.compile(r"^(?:\{(r|python|julia|ojs)\}|(r)) (.+)$", re.DOTALL)


def prepare(text: str) -> str:
    """The text with every executable cell's fence made one pandoc reads (or the cell made the picture it shows).

    Line for line: the text keeps its line numbers, so every message still
    points at the right line.
    """
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        match = FENCE.match(line)
        if match is None:
            out.append(line)
            index += 1
            continue
        indent, fence, info = match.groups()
        end = closing(lines, index, fence)
        engine = ENGINE.match(info) if len(info) < MAX_INFO and not info.strip().startswith(("{.", "{#", "{=")) else None
        if engine is None:
            out.extend(lines[index : end + 1])
            index = end + 1
            continue
        body = lines[index + 1 : end]
        picture = include_graphics(engine.group(1), engine.group(2) or "", body, indent)
        if picture is not None:
            out.extend(picture + [""] * (end + 1 - index - len(picture)))
        else:
            attrs = f".{engine.group(1)} {CELL}={engine.group(1)}"
            if engine.group(2):
                attrs += f" {OPTIONS}={base64.b64encode(engine.group(2).encode('utf-8')).decode('ascii')}"
            out.append(f"{indent}{fence}{{{attrs}}}")
            out.extend(lines[index + 1 : end + 1])
        index = end + 1
    return "\n".join(out)


def closing(lines: list[str], start: int, fence: str) -> int:
    """The index of the line that closes the fence opened at ``start`` (the last line if none does)."""
    pattern = re.compile(r"^[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$")
    for index in range(start + 1, len(lines)):
        if pattern.match(lines[index]):
            return index
    return len(lines) - 1


def options_of(code_lines: list[str], inline: str = "") -> tuple[dict, list[str]]:
    """A cell's options (``#|`` YAML lines, knitr's ``label, key=value``) and its code without them."""
    found: dict = {}
    for number, part in enumerate(p.strip() for p in split_knitr(inline)):
        if not part:
            continue
        if "=" in part:
            key, value = part.split("=", 1)
            found[key.strip().replace(".", "-")] = knitr_value(value.strip())
        elif number == 0:
            found["label"] = part
    yaml_lines = []
    rest = list(code_lines)
    while rest and rest[0].lstrip().startswith("#|"):
        yaml_lines.append(rest.pop(0).lstrip()[2:])
    if yaml_lines:
        # read as folio reads every YAML (aliases and nesting bounded); options it cannot read are none
        data = parse_yaml("\n".join(line[1:] if line.startswith(" ") else line for line in yaml_lines), "cell", Problems())
        if isinstance(data, dict):  # knitr's names (fig.cap) are Quarto's (fig-cap)
            found.update({str(k).replace(".", "-"): v for k, v in data.items()})
    while rest and not rest[0].strip():
        rest.pop(0)
    return found, rest


def split_knitr(text: str) -> list[str]:
    """``label, echo=FALSE, fig.cap="a, b"``: split at commas outside quotes."""
    parts, current, quote = [], "", ""
    for char in text:
        if quote:
            current += char
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
            current += char
        elif char == ",":
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    return parts


def knitr_value(text: str):
    if text in ("TRUE", "T", "true"):
        return True
    if text in ("FALSE", "F", "false"):
        return False
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def flag(options: dict, key: str, default: bool = True) -> bool:
    value = options.get(key, default)
    if isinstance(value, str):
        return value.strip().lower() not in ("false", "no", "0", "none")
    return bool(value)


def one_line(value) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def include_graphics(engine: str, inline: str, body: list[str], indent: str) -> list[str] | None:
    """A cell that only shows a picture file, as Markdown: the image (or a figure div of several)."""
    if engine != "r":
        return None
    options, code = options_of(body, inline)
    calls = [line for line in code if line.strip() and not line.strip().startswith("#")]
    if len(calls) != 1 or len(calls[0]) > MAX_INFO or not flag(options, "include"):
        return None
    match = INCLUDE_GRAPHICS.match(calls[0])
    if match is None:
        return None
    paths = re.findall(r"""["']([^"']+)["']""", match.group(1))
    label = str(options.get("label", ""))
    caption = one_line(options.get("fig-cap"))
    alt = one_line(options.get("fig-alt"))
    ident = f"#{label} " if label.startswith("fig-") else ""
    alt_attr = f'fig-alt="{escape(alt)}"' if alt else ""
    if len(paths) == 1:
        attrs = f"{{{ident}{alt_attr}}}".replace(" }", "}") if ident or alt_attr else ""
        return [f"{indent}![{caption}]({paths[0]}){attrs}"]
    subcaptions = options.get("fig-subcap") if isinstance(options.get("fig-subcap"), list) else []
    images = []
    for number, path in enumerate(paths):
        sub = one_line(subcaptions[number]) if number < len(subcaptions) else ""
        images.append(f"![{sub}]({path}){{{alt_attr}}}" if alt_attr else f"![{sub}]({path})")
    columns = options.get("layout-ncol")
    layout = f" layout-ncol={columns}" if isinstance(columns, int) else ""
    if not ident:
        return [indent + " ".join(images)]
    return [f"{indent}::: {{{ident.strip()}{layout}}}", "", *(indent + image for image in images), "", indent + caption, indent + ":::"]


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def shape(blocks: list, notes: Notes, *, inline_code: bool = True) -> list:
    """Cells as code, pictures or nothing; ``inline_code``: `` `r x` `` is knitr's inline code (pandoc's Markdown only)."""
    unrun: list[str] = []
    diagrams: list[str] = []

    def change(node: dict):
        if node["t"] == "Code":
            return inline(node, notes) if inline_code else None
        if node["t"] != "CodeBlock":
            return None
        ident, classes, pairs = node["c"][0]
        attrs = dict(pairs)
        engine = attrs.get(CELL)
        inline_options = ""
        if engine is None:  # the commonmark readers: the class is the info string, {r} or {r,
            match = INFO_ENGINE.match(classes[0]) if classes else None
            if match is None:
                return None
            engine = match.group(1)
            inline_options = " ".join(classes[1:]) if len(classes) > 1 else ""
        elif OPTIONS in attrs:
            inline_options = base64.b64decode(attrs[OPTIONS]).decode("utf-8", "replace")
        options, code = options_of(node["c"][1].split("\n"), inline_options)
        label = str(options.get("label", ""))
        runs = flag(options, "eval") and engine not in DIAGRAMS
        shown = flag(options, "echo") and flag(options, "include")
        if label.startswith(("fig-", "tbl-")):
            notes.unrun[label] = engine
        if engine in DIAGRAMS:
            diagrams.append(engine)
        elif runs and flag(options, "include"):
            unrun.append(engine)
        if not shown:
            return []
        for key in DISPLAY_OPTIONS & options.keys():
            notes.say(f"cell option {key}: {unsupported.ATTRIBUTES[key]}", f"#| {key}")
        block = {
            "t": "CodeBlock",
            "c": [["", [engine], [["filename", str(options["filename"])]] if "filename" in options else []], "\n".join(code)],
        }
        return unsupported.filename(block)

    blocks = rewrite(blocks, change)
    if unrun:
        engines = ", ".join(sorted(set(unrun)))
        count = f"{len(unrun)} code cells ({engines}) are" if len(unrun) > 1 else f"a code cell ({engines}) is"
        notes.say(
            f"{count} not run: folio runs no code, so what they would print or draw is not in the editions "
            "(the code is shown unless echo: false); put the output in as text, a table or an image",
            *(f"```{{{engine}" for engine in unrun[:1]),
            "```{",
        )
    for engine in sorted(set(diagrams)):
        notes.say(
            f"{engine} diagrams are shown as their code: folio does not draw them; export each as SVG and put it in as an image",
            f"```{{{engine}",
        )
    return blocks


def inline(node: dict, notes: Notes):
    """Inline code Quarto or knitr would run, `` `r x` `` or `` `{python} x` ``: the expression, shown as code."""
    match = INLINE.match(node["c"][1])
    if match is None or node["c"][0][1]:
        return None
    engine = match.group(1) or match.group(2)
    notes.say(
        f"inline code `{node['c'][1]}` is not run: folio runs no code, so the expression is shown as code; write its value",
        f"`{node['c'][1]}`",
        node["c"][1],
    )
    node["c"] = [["", [engine], []], match.group(3)]
    return node
