"""The reference pages of the documentation site, written from folio's own code.

``mkdocs build`` runs :mod:`tools.docs_hooks`, which adds these pages to the
site; ``python tools/docs_reference.py DIR`` writes them into ``DIR`` to read.
Nothing here is kept by hand beside the code it describes:

* the fields of ``report.yaml``, of a chapter header and of a profile are the
  declarations of :mod:`folio.source.schema`, the ones the loaders read the
  fields with: each field's type, whether it is required, its default, its
  meaning and an example;
* the command line is the argparse parsers the ``folio`` command runs;
* the error messages are read from the calls that make them
  (``problems.add``, ``fields.fail``, ``fields.bad``, ``Problem``,
  ``command.error``) in folio's source, each with an example taken from the
  test tables that assert messages exactly, where one matches.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "folio"
TEST_TABLES = (
    ROOT / "tests" / "source" / "test_errors.py",
    ROOT / "tests" / "sanitise" / "test_hostile.py",
    ROOT / "tests" / "source" / "test_load.py",
)


class DocsError(Exception):
    """The documentation and the code disagree: the build stops and says where."""


# -- the fields ----------------------------------------------------------------------------

PAGES = {"report": "reference/report-yaml.md", "chapter": "reference/chapter-header.md", "profile": "reference/profile.md"}
"""Where each schema of :mod:`folio.source.schema` is printed."""


def cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def fields_page(schema) -> str:
    """A schema's fields as a table: each row is the declaration the loader reads the field with."""
    lines = [f"# {schema.title}", "", schema.intro, ""]
    lines += ["| field | required | accepts | default | meaning | example |", "| --- | --- | --- | --- | --- | --- |"]
    for field in schema:
        lines.append(
            f"| `{field.name}` | {'yes' if field.required else 'no'} | {cell(field.accepts())} | {cell(field.shown_default())} "
            f"| {cell(field.meaning)} | `{cell(f'{field.name}: {field.example}')}` |"
        )
    lines += [
        "",
        "A field not in this table is an error at its line, with a *did you mean* where a field's name is close.",
        "Each row is the field's declaration in `folio/source/schema/`, the one folio reads the field with;",
        "a message for a wrong value says what the field expected in the words of its **accepts**.",
    ]
    if schema.items:
        lines += ["", "## contents", "", schema.items_intro, ""]
        lines += ["| item | meaning | example |", "| --- | --- | --- |"]
        lines += [f"| `{item.name}:` | {cell(item.meaning)} | `- {cell(f'{item.name}: {item.example}')}` |" for item in schema.items]
    return "\n".join(lines) + "\n"


# -- the command line ------------------------------------------------------------------------


def cli_page() -> str:
    from folio.cli import parser
    from folio.tool.command import USAGE
    from folio.tool.parsers import COMMANDS, RECIPE_COMMANDS, completion_parser, import_parser, new_parser

    lines = [
        "# The folio command",
        "",
        "Written from the parsers the command runs; `folio COMMAND -h` prints the same.",
        "",
        "```",
        USAGE.rstrip(),
        "```",
        "",
        "Exit status: `0` done; `1` the report has an error (each printed as `path:line: message`, nothing written);",
        "`2` the command line is wrong; `130` interrupted; any other status is a bug in folio and comes with a traceback.",
    ]
    for name in COMMANDS:
        if name == "build" or name in RECIPE_COMMANDS:
            command = parser(f"folio {name}")
        else:
            command = {"new": new_parser, "import": import_parser, "completion": completion_parser}[name]()
        lines += ["", f"## folio {name}", "", "```", command.format_usage().strip().removeprefix("usage: "), "```", ""]
        if command.description:
            lines += [command.description, ""]
        if name in RECIPE_COMMANDS:
            lines += [f"The recipe's command line with the target `{name}`: the options below, as `build.py {name}` takes them.", ""]
        lines += ["| argument | values | meaning |", "| --- | --- | --- |"]
        for action in command._actions:
            if action.dest == "help":
                continue
            flags = ", ".join(f"`{flag}`" for flag in action.option_strings) or f"`{action.metavar or action.dest}`"
            values = ""
            if action.choices:
                values = ", ".join(f"`{choice}`" for choice in action.choices)
            elif action.nargs != 0 and action.option_strings:
                values = f"`{action.metavar or action.dest.upper()}`"
            if action.default not in (None, False, argparse_suppress()) and action.option_strings and action.nargs != 0:
                values += f" (default `{action.default}`)"
            help_text = (action.help or "") % {"default": action.default} if action.help else ""
            lines.append(f"| {flags} | {cell(values)} | {cell(help_text)} |")
        if command.epilog:
            lines += ["", command.epilog]
    return "\n".join(lines) + "\n"


def argparse_suppress() -> str:
    import argparse

    return argparse.SUPPRESS


# -- the error messages ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Message:
    module: str
    line: int
    text: str
    """The message with each part filled in at run time as ‹name›."""
    kind: str
    """``error``, ``warning`` or ``usage`` (the command line, exit 2)."""


HOLE = re.compile(r"‹[^›]*›")


def source_messages() -> list[Message]:
    """Every message folio's source makes with a located problem, a warning, or a command-line error."""
    found: list[Message] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                made = message_of(node)
                if made is not None and made[0].strip("‹›… ") and not HOLE.fullmatch(made[0]):
                    found.append(Message(module, node.lineno, made[0], made[1]))
        found += [Message(module, line, text, "error") for line, text in returned_messages(tree)]
    found = [message for message in found if not TYPE_ERROR.fullmatch(message.text)] + schema_messages()
    unique: dict[tuple[str, str], Message] = {}
    for message in found:
        unique.setdefault((message.module, message.text), message)
    return sorted(unique.values(), key=lambda m: (m.module, m.line))


TYPE_ERROR = re.compile(r"‹\w+›: expected ‹expects›, got ‹\w+›")
"""A message for a wrong value whose words come from a field's declaration: the schema's own rows say them."""


def schema_messages() -> list[Message]:
    """The message for a wrong value of each declared field, in its declaration's words."""
    from folio.source.schema import SCHEMAS

    found = []
    for key, schema in SCHEMAS.items():
        module = f"folio.source.schema.{key}"
        for field in schema:
            found.append(Message(module, 0, f"{field.name}: expected {field.expected()}, got ‹value›", "error"))
    return found


MESSAGE_NAMES = {"message", "reason", "problem", "why", "hint"}


def returned_messages(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Messages made for a caller to report (returned, yielded, kept in a ``message`` or appended), by folio's ``; `` before the fix."""
    for node in ast.walk(tree):
        values: list[ast.expr] = []
        if isinstance(node, (ast.Return, ast.Yield)) and node.value is not None:
            values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
        elif isinstance(node, ast.Assign) and any(isinstance(target, ast.Name) and target.id in MESSAGE_NAMES for target in node.targets):
            values = [node.value]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "append" and node.args:
            values = node.args[0].elts if isinstance(node.args[0], ast.Tuple) else []
        if values:
            for value in values:
                if isinstance(value, (ast.Constant, ast.JoinedStr, ast.BinOp, ast.IfExp)):
                    text = text_of(value)
                    if "; " in text and "\n" not in text and re.search(r"; [a-z]", text) and len(text) > 25:
                        yield node.lineno, text


def message_of(call: ast.Call) -> tuple[str, str] | None:
    """The message a call makes, and its kind, if it is a call that makes one."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    receiver = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
    args = call.args
    if name in ("add", "warn") and "problems" in receiver and len(args) >= 3:
        return text_of(args[2]), "warning" if name == "warn" else "error"
    if name == "fail" and len(args) >= 2:
        return text_of(args[1]), "error"
    if name == "bad" and len(args) >= 2:
        return f"‹field›: expected {text_of(args[1])}, got ‹value›", "error"
    if name == "Problem" and len(args) >= 3:
        return text_of(args[2]), "error"
    if name == "error" and receiver in ("command", "parser") and args:
        return text_of(args[0]), "usage"
    return None


def text_of(node: ast.expr) -> str:
    """A message expression as text, each part known only at run time shown as ‹name›."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(
            part.value
            if isinstance(part, ast.Constant)
            else registry_words(part.value) or schema_words(part.value) or f"‹{hole_name(part.value)}›"  # type: ignore[union-attr]
            for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return text_of(node.left) + text_of(node.right)
    if isinstance(node, ast.IfExp):
        return text_of(node.body)
    return schema_words(node) or f"‹{hole_name(node)}›"


def registry_words(node: ast.expr) -> str | None:
    """``', '.join(BUILD_TARGETS)``: words the edition registry (:mod:`folio.editions`) fixes, as the command line prints them."""
    import folio.editions

    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "join"
        and isinstance(node.func.value, ast.Constant)
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Name)
    ):
        words = getattr(folio.editions, node.args[0].id, None)
        if isinstance(words, tuple) and words and all(isinstance(word, str) for word in words):
            return node.func.value.value.join(words)
    return None


SCHEMA_NAMES = ("REPORT", "CHAPTER", "PROFILE", "EXPECTS")


def schema_words(node: ast.expr) -> str | None:
    """``REPORT["logo"].expects``, ``EXPECTS["texts"]``: words a declaration of :mod:`folio.source.schema` fixes."""
    import folio.source.schema
    from folio.source.fields import EXPECTS

    names = {name.id for name in ast.walk(node) if isinstance(name, ast.Name)}
    if not names or not names <= set(SCHEMA_NAMES):
        return None
    known = {"EXPECTS": EXPECTS, **{name: getattr(folio.source.schema, name) for name in SCHEMA_NAMES[:3]}}
    with contextlib.suppress(Exception):
        words = eval(compile(ast.Expression(node), "<message>", "eval"), {"__builtins__": {}}, known)  # noqa: S307 (folio's own source)
        if isinstance(words, str):
            return words
    return None


def hole_name(node: ast.expr) -> str:
    """A short name for what fills a hole: ``quote(path)`` is ‹path›, ``self.name(key)`` ‹key›."""
    if isinstance(node, ast.Call) and node.args:
        return hole_name(node.args[-1])
    if isinstance(node, ast.Call):
        return hole_name(node.func)
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Subscript):
        return hole_name(node.value)
    return "…"


def table_examples() -> list[str]:
    """Every message the test tables assert, as written there (``path:line: `` kept)."""
    found: list[str] = []
    for path in TEST_TABLES:
        if not path.exists():
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append(node.value)
            elif isinstance(node, ast.JoinedStr) or isinstance(node, ast.BinOp):
                with contextlib.suppress(Exception):
                    found.append(text_of(node))
    return [text for text in found if re.match(r"^[\w./{}‹›-]+(:\d+|:‹[^›]*›)?: \S", text)]


def pattern_of(message: Message) -> re.Pattern[str]:
    parts = HOLE.split(message.text)
    return re.compile(r"(?:.*?: )?" + ".+?".join(re.escape(part) for part in parts) + r"$", re.DOTALL)


def example_for(message: Message, examples: list[str]) -> str | None:
    pattern = pattern_of(message)
    for example in examples:
        if "‹" not in example and pattern.match(example):
            return example
    return None


def fix_of(text: str) -> str:
    """What a message says to do: folio's messages give it after ``; ``, or say what they expected."""
    if "; " in text:
        return text.split("; ", 1)[1]
    match = re.match(r"(.*?)expected (.+?), got (.*)$", text)
    if match:
        return f"write {match.group(2)}"
    return ""


def module_summary(module: str) -> str:
    __import__(module)
    doc = (sys.modules[module].__doc__ or "").strip().split("\n\n")[0]
    return " ".join(doc.split())


STAGES = {
    "folio.source": "Reading the folder: report.yaml, chapter headers, profiles, images, fonts",
    "folio.markdown": "Reading the Markdown: links, citations, cross-references, raw HTML, notes",
    "folio.maths": "TeX maths",
    "folio.assemble": "Putting an edition together: templates, charts, the report's own styles",
    "folio.pdf": "The PDF: what the layout did not place, and the print shop's limits",
    "folio.epub": "The EPUB",
    "folio.word": "Word in and out",
}


def errors_page() -> str:
    messages_found = source_messages()
    examples = table_examples()
    lines = [
        "# Error messages",
        "",
        "Every message folio prints about a report folder names the file and the line (`chapters/two.md:14: …`)",
        "and says what to write instead; a build that finds any of them writes nothing and exits with status 1.",
        "This page is written from folio's source: each message below is made at the place it names, parts filled",
        "in at run time are shown ‹so›, and where the tests assert the message word for word, one of those is",
        "given as an example. **Fix** is the message's own advice (what follows its `; `, or what it expected).",
        "Warnings (printed, never fatal) and command-line errors (status 2) close the page.",
    ]
    groups: dict[str, list[Message]] = {}
    for message in messages_found:
        if message.kind != "error":
            continue
        stage = next((prefix for prefix in STAGES if message.module.startswith(prefix)), "folio")
        groups.setdefault(stage, []).append(message)
    order = [*STAGES, "folio"]
    for stage in order:
        if stage not in groups:
            continue
        lines += ["", f"## {STAGES.get(stage, 'Elsewhere')}", ""]
        lines += table(groups[stage], examples)
    for kind, title, intro in (
        ("warning", "Warnings", "Printed as `warning: path:line: …`; the build goes on."),
        ("usage", "Command-line errors", "Printed after the command's usage line; the exit status is 2 and nothing is read or written."),
    ):
        found = [message for message in messages_found if message.kind == kind]
        lines += ["", f"## {title}", "", intro, ""]
        lines += table(found, examples)
    lines += ["", f"{len(messages_found)} messages in all."]
    return "\n".join(lines) + "\n"


def table(found: list[Message], examples: list[str]) -> list[str]:
    rows = ["| message | fix | made in |", "| --- | --- | --- |"]
    for message in found:
        fix = fix_of(message.text)
        example = example_for(message, examples)
        shown = f"`{code(message.text)}`"
        if example is not None:
            shown += f"<br>e.g. `{code(example)}`"
        rows.append(f"| {shown} | {f'`{code(fix)}`' if fix else ''} | `{message.module}` |")
    return rows


def code(text: str) -> str:
    """Text for inline code inside a table cell."""
    return text.replace("`", "'").replace("|", "\\|").replace("\n", "\\n")


# -- the WeasyPrint patches ------------------------------------------------------------------

UPSTREAM = ROOT / "docs" / "contributing" / "upstream.yaml"
PATCHES = PACKAGE / "pdf" / "weasy"


def weasyprint_page() -> str:
    """Each change folio makes to WeasyPrint, in its module's own words, with where it stands upstream."""
    from folio.pdf.weasy.patches import ORDER, PYDYF, WEASYPRINT

    status = yaml.safe_load(UPSTREAM.read_text("utf-8")) or {}
    found = sorted(path.stem for path in PATCHES.glob("*.py") if path.stem != "__init__")
    missing = [name for name in found if name not in status]
    unknown = [name for name in status if name not in found]
    if missing or unknown:
        raise DocsError(f"{UPSTREAM.relative_to(ROOT)}: no entry for {missing}, or entries for no module of folio/pdf/weasy: {unknown}")
    applied = ["patches", *(name for name, _ in ORDER)]  # the gate, then each change in the order it is made
    modules = [*(name for name in applied if name in found), *(name for name in found if name not in applied)]
    lines = [
        "# WeasyPrint patches",
        "",
        f"folio pins WeasyPrint and pydyf (`weasyprint=={WEASYPRINT}`, `pydyf=={PYDYF}` in `pyproject.toml`)",
        "and changes a few of their decisions at run time. Each change lives in a module of `folio/pdf/weasy/`,",
        "the only place that touches WeasyPrint's internals, and `folio.pdf.weasy.patches.apply` makes them all, once,",
        "after checking the installed releases and the signature of every function a change wraps or calls:",
        "on anything else the build stops with the `pip` command that installs the releases folio needs.",
        "`tests/pdf/test_weasy.py` holds one test for each internal folio reads, and `tests/pdf/test_weasy_gate.py` one for each",
        "change's signatures, so an upgrade that moves one fails there, saying what changed.",
        "This page is written from those modules' docstrings.",
        "",
        "| module | upstream |",
        "| --- | --- |",
    ]
    lines += [f"| [`folio.pdf.weasy.{name}`](#{name}) | {cell(' '.join(str(status[name]).split()))} |" for name in modules]
    for name in modules:
        doc = ast.get_docstring(ast.parse((PATCHES / f"{name}.py").read_text("utf-8"))) or ""
        title, _, body = doc.partition("\n\n")
        lines += ["", f"## {name}", "", f"**{' '.join(title.split())}**", "", body.strip()]
    return "\n".join(lines) + "\n"


# -- the pages ----------------------------------------------------------------------------------


def pages() -> Iterator[tuple[str, str]]:
    """Each generated page, as its path under ``docs/`` and its Markdown."""
    from folio.source.schema import SCHEMAS

    for key, schema in SCHEMAS.items():
        yield PAGES[key], fields_page(schema)
    yield "reference/cli.md", cli_page()
    yield "contributing/weasyprint.md", weasyprint_page()
    with contextlib.redirect_stderr(io.StringIO()):
        yield "reference/errors.md", errors_page()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("site-reference")
    for path, text in pages():
        (out / path).parent.mkdir(parents=True, exist_ok=True)
        (out / path).write_text(text, encoding="utf-8")
        print(out / path)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
