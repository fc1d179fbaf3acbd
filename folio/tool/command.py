"""``folio``: the installed command, for any report folder.

``folio build [TARGET …]``, ``folio check``, ``folio serve`` and ``folio proof``
are the recipe's own command line (:func:`folio.cli.main`, the one
``build.py`` runs), with the current folder as the default ``--source``; their
options, messages and exit status are build.py's.  ``folio new`` writes a
starter report and ``folio import`` turns a Word document, a Quarto project
or an mdBook into one.
build.py's form without a subcommand (``folio pdf epub``, or nothing: pdf
and epub) works too, as it does for ``python -m folio``.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from folio import __version__
from folio.cli import main as recipe
from folio.editions import BUILD_TARGETS, DEFAULT_TARGETS
from folio.run.request import EXIT_BUG, EXIT_INTERRUPTED, EXIT_OK, EXIT_REPORT, EXIT_USAGE, TARGETS
from folio.tool.parsers import COMMANDS, RECIPE_COMMANDS, completion_parser, import_parser, new_parser

COMMAND_HELP = (
    (f"build [{'|'.join(BUILD_TARGETS)} …]", f"build the editions (no target: {' and '.join(DEFAULT_TARGETS)})"),
    ("check", "validate the report folder, write nothing"),
    ("serve", "live preview in the browser"),
    ("proof", "the PDF's pages as one contact sheet"),
    ("new DIR", "write a starter report into the empty folder DIR"),
    ("import SOURCE --into DIR", "turn a .docx, a Quarto project or an mdBook into a report folder"),
    ("completion bash|zsh", 'tab completion: eval "$(folio completion bash)" in ~/.bashrc'),
)
"""Each command as ``folio -h`` shows it, and what it does; the build's targets come from :mod:`folio.editions`."""
WIDTH = max(len(command) for command, _ in COMMAND_HELP) + 3

USAGE = (
    "usage: folio COMMAND [OPTIONS]\n\ncommands:\n"
    + "".join(f"  {command:<{WIDTH}}{what}\n" for command, what in COMMAND_HELP)
    + """
Every command reads the report in the current folder unless given --source DIR.
`folio COMMAND -h` lists a command's options; `folio --version` prints the version.
"""
)


def main(argv: list[str] | None = None, name: str = "folio") -> int:
    """Run the command line ``argv``; return the exit status (0 ok, 1 report error, 2 usage, 70 bug, 130 interrupted).

    ``name`` is the command as typed (``folio``, or ``python -m folio``): usage and messages name it.
    """
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("-h", "--help"):
        print(USAGE, end="")
        return EXIT_OK
    first, rest = (argv[0], argv[1:]) if argv else ("build", [])
    if first in ("-V", "--version"):
        print(f"folio {__version__}")
        return EXIT_OK
    if first == "build":
        return recipe(rest, default_source=Path.cwd(), prog=f"{name} build")
    if first in RECIPE_COMMANDS:
        return recipe(argv, default_source=Path.cwd(), prog=f"{name} {first}")
    if first == "new":
        return new(rest)
    if first == "import":
        return import_command(rest)
    if first == "completion":
        return completion(rest)
    if first in TARGETS or first.startswith("-"):
        return recipe(argv, default_source=Path.cwd(), prog=name)
    print(USAGE, end="", file=sys.stderr)
    print(f"folio: error: unknown command {first!r}; choose from {', '.join(COMMANDS)}", file=sys.stderr)
    return EXIT_USAGE


def new(argv: list[str]) -> int:
    command = new_parser()
    args = parse(command, argv)
    if isinstance(args, int):
        return args
    from folio.starter.write import FolderNotEmpty, write_starter

    try:
        written = write_starter(args.folder)
    except FolderNotEmpty as error:
        command.print_usage(sys.stderr)
        print(f"folio new: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"folio new: error: cannot write into {args.folder} ({error.strerror}); choose a folder you can write to", file=sys.stderr)
        return EXIT_USAGE
    print(f"wrote {len(written)} files into {args.folder}; build them with: folio build --source {args.folder}", file=sys.stderr)
    return EXIT_OK


def import_command(argv: list[str]) -> int:
    command = import_parser()
    args = parse(command, argv)
    if isinstance(args, int):
        return args
    if not args.source.exists():
        command.print_usage(sys.stderr)
        print(f"folio import: error: {args.source}: no such file or folder", file=sys.stderr)
        return EXIT_USAGE
    from folio.errors import printable
    from folio.importers import NotImportable, import_source
    from folio.word.archive import Unusable

    try:
        imported = import_source(args.source, args.into)
    except Unusable as error:  # damaged, crafted or too large: the document's fault, not the command line's
        print(printable(f"folio import: {error}"), file=sys.stderr)
        print(f"nothing was written to {args.into}", file=sys.stderr)
        return EXIT_REPORT
    except NotImportable as error:
        command.print_usage(sys.stderr)
        print(printable(f"folio import: error: {error}"), file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"interrupted; nothing was written to {args.into}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:
        traceback.print_exc()
        print(f"this is a bug in folio, not in {args.source}; please report it with the traceback above", file=sys.stderr)
        return EXIT_BUG
    print("\n".join(printable(line) for line in imported.summary().splitlines()), file=sys.stderr)
    return checked(args.into)


def checked(folder: Path) -> int:
    """``folio check`` on a folder just written: what is left to fix, at once."""
    from folio.errors import ReportError
    from folio.markdown.render import render_markdown
    from folio.source.glyphcheck import check_glyphs
    from folio.source.load import load_report

    try:
        report = load_report(folder)
        check_glyphs(report)
        render_markdown(report, check_only=True)
    except ReportError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} error{'s' if count != 1 else ''} to fix in {folder} before it builds", file=sys.stderr)
        return EXIT_REPORT
    print(f"next: folio build --source {folder}", file=sys.stderr)
    return EXIT_OK


def completion(argv: list[str]) -> int:
    args = parse(completion_parser(), argv)
    if isinstance(args, int):
        return args
    from folio.tool.completion import script  # only for this command: every other one starts without it

    print(script(args.shell), end="")
    return EXIT_OK


def parse(command: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace | int:
    """The parsed arguments, or the exit status when argparse stopped (``-h``: 0, a wrong command line: 2)."""
    try:
        return command.parse_args(argv)
    except SystemExit as exit:
        return int(exit.code or 0)
