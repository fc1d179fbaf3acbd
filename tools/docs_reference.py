"""The reference pages of the documentation site, written from folio's own code.

``mkdocs build`` runs :mod:`tools.docs_hooks`, which adds these pages to the
site; ``python tools/docs_reference.py DIR`` writes them into ``DIR`` to read.
Nothing here is kept by hand beside the code it describes:

* the fields of ``report.yaml``, of a chapter header and of a profile are the
  loaders' own lists (read through :func:`field_definitions`, the one place
  that knows where they are); whether a field is required and what it
  accepts are asked of the loaders themselves, by loading a file without the
  field and one with a wrong value, and quoting their messages; only each
  field's meaning is written by hand, in ``docs/reference/fields.yaml``, and
  a field without a meaning there (or a meaning without a field) stops the
  build;
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
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
MEANINGS = ROOT / "docs" / "reference" / "fields.yaml"
PACKAGE = ROOT / "folio"
TEST_TABLES = (ROOT / "tests" / "test_errors.py", ROOT / "tests" / "test_hostile.py", ROOT / "tests" / "test_load.py")


class DocsError(Exception):
    """The documentation and the code disagree: the build stops and says where."""


# -- the fields ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldSet:
    """The fields of one kind of file, and how to load such a file to ask the loader about them."""

    key: str
    """Its name in ``docs/reference/fields.yaml``."""
    title: str
    names: tuple[str, ...]
    load: Callable[[Path, str], list[str]]
    """Load ``text`` as this kind of file in the folder ``Path``; return the messages, ``path:line: `` removed."""


def field_definitions() -> tuple[FieldSet, ...]:
    """The fields folio reads, each file kind with its field names as the loaders define them.

    The one place that knows where the definitions live: a schema of the
    fields would be read here and nowhere else.
    """
    from folio.source.load import CHAPTER_FIELDS, REPORT_FIELDS
    from folio.source.profiles import PROFILE_FIELDS

    return (
        FieldSet("report", "report.yaml", REPORT_FIELDS, load_report_yaml),
        FieldSet("chapter", "A chapter's header", CHAPTER_FIELDS, load_chapter_header),
        FieldSet("profile", "A profile", PROFILE_FIELDS, load_profile_yaml),
    )


def messages(problems) -> list[str]:
    return [problem.message for problem in problems]


def load_report_yaml(folder: Path, text: str) -> list[str]:
    from folio.errors import ReportError
    from folio.source.load import load_report

    (folder / "report.yaml").write_text(text, encoding="utf-8")
    try:
        load_report(folder)
    except ReportError as error:
        return [p.message for p in error.problems if p.path == "report.yaml"]
    return []


def load_chapter_header(folder: Path, text: str) -> list[str]:
    from folio.errors import Problems
    from folio.source.load import load_chapter

    path = folder / "chapter.md"
    path.write_text(f"---\n{text}---\n\nText.\n", encoding="utf-8")
    problems = Problems(root=folder)
    load_chapter(path, "chapter.md", problems)
    return messages(problems.items)


def load_profile_yaml(folder: Path, text: str) -> list[str]:
    from folio.errors import Problems
    from folio.source.fields import territories
    from folio.source.profiles import load_profile

    path = folder / "profile.yaml"
    path.write_text(text, encoding="utf-8")
    problems = Problems(root=folder)
    load_profile(path, "profile.yaml", problems, territories("en"))
    return messages(problems.items)


WRONG_VALUES = ('"?"', "{folio-probe: [1]}", "[[1]]", "-1")
"""Values tried on a field, most specific first, to have the loader say what it expects."""


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    required: bool
    accepts: str
    meaning: str


def fields_of(kind: FieldSet, meanings: dict) -> list[Field]:
    """Each field of ``kind`` with what its loader says of it and what ``fields.yaml`` says it means."""
    written = meanings.get(kind.key) or {}
    missing = [name for name in kind.names if name not in written]
    unknown = [name for name in written if name not in kind.names]
    if missing or unknown:
        raise DocsError(
            f"{MEANINGS.relative_to(ROOT)}: {kind.key}: "
            + "; ".join(
                part
                for part in (
                    f"no meaning for {', '.join(missing)} (a field the loader reads)" if missing else "",
                    f"{', '.join(unknown)} is no field of the loader's; remove it" if unknown else "",
                )
                if part
            )
        )
    with tempfile.TemporaryDirectory(prefix="folio-docs-") as folder:
        required = {
            message.split(":", 1)[0] for message in kind.load(Path(folder), "{}\n") if message.endswith("missing; this field is required")
        }
        found = []
        for name in kind.names:
            found.append(Field(name, name in required, accepts(kind, Path(folder), name), str(written[name]).strip()))
    return found


def accepts(kind: FieldSet, folder: Path, name: str) -> str:
    """What the loader says a field expects, from its message for a wrong value (``""`` when it takes any text)."""
    for value in WRONG_VALUES:
        for message in kind.load(folder, f"{name}: {value}\n"):
            match = re.match(rf"{re.escape(name)}: expected (.+?), got ", message)
            if match:
                return match.group(1)
    return ""


def contents_kinds() -> list[str]:
    """The kinds of item ``contents`` takes, as the loader lists them for an unknown one."""
    with tempfile.TemporaryDirectory(prefix="folio-docs-") as folder:
        for message in load_report_yaml(Path(folder), "contents:\n  - folio-probe: x\n"):
            match = re.search(r"unknown part .*?; use (.+)$", message)
            if match:
                return re.split(r", | or ", match.group(1))
    raise DocsError("folio.source.load no longer lists the kinds of contents item for an unknown one; tell tools/docs_reference.py")


def cell(text: str) -> str:
    """Text for a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def fields_page(kind: FieldSet, meanings: dict) -> str:
    intro = str(meanings.get("intro", {}).get(kind.key, "")).strip()
    lines = [f"# {kind.title}", "", intro, ""] if intro else [f"# {kind.title}", ""]
    lines += ["| field | required | accepts | meaning |", "| --- | --- | --- | --- |"]
    for field in fields_of(kind, meanings):
        accepts_text = cell(field.accepts) if field.accepts else "text"
        lines.append(f"| `{field.name}` | {'yes' if field.required else 'no'} | {accepts_text} | {cell(field.meaning)} |")
    lines += [
        "",
        "A field not in this table is an error at its line, with a *did you mean* where a field's name is close.",
        "The **accepts** column quotes folio's own message for a wrong value; **required** is what the loader asks for.",
    ]
    if kind.key == "report":
        kinds = contents_kinds()
        written = meanings.get("contents") or {}
        missing = [name for name in kinds if name not in written]
        unknown = [name for name in written if name not in kinds]
        if missing or unknown:
            raise DocsError(f"{MEANINGS.relative_to(ROOT)}: contents: meanings missing for {missing}, or not kinds of contents: {unknown}")
        lines += ["", "## contents", "", str(meanings.get("intro", {}).get("contents", "")).strip(), ""]
        lines += ["| item | meaning |", "| --- | --- |"]
        lines += [f"| `{name}:` | {cell(str(written[name]).strip())} |" for name in kinds]
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
    unique: dict[tuple[str, str], Message] = {}
    for message in found:
        unique.setdefault((message.module, message.text), message)
    return sorted(unique.values(), key=lambda m: (m.module, m.line))


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
            part.value if isinstance(part, ast.Constant) else registry_words(part.value) or f"‹{hole_name(part.value)}›"  # type: ignore[union-attr]
            for part in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return text_of(node.left) + text_of(node.right)
    if isinstance(node, ast.IfExp):
        return text_of(node.body)
    return f"‹{hole_name(node)}›"


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
        "`tests/test_weasy.py` holds one test for each internal folio reads, and `tests/test_weasy_gate.py` one for each",
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
    meanings = yaml.safe_load(MEANINGS.read_text("utf-8"))
    slugs = {"report": "reference/report-yaml.md", "chapter": "reference/chapter-header.md", "profile": "reference/profile.md"}
    for kind in field_definitions():
        yield slugs[kind.key], fields_page(kind, meanings)
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
