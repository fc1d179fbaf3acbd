"""The subcommands of ``folio`` and the command lines of its own ones (``new``, ``import``, ``completion``).

:mod:`folio.tool.command` runs them; :mod:`folio.tool.completion` reads its scripts off them.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from folio.editions.installed import RESERVED

RECIPE_COMMANDS = ("check", "serve", "proof")
"""Subcommands that are targets of the recipe, passed on as they are."""
COMMANDS = RESERVED
"""Every subcommand, in the order ``folio -h`` lists them: the words no edition may take."""


def new_parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(prog="folio new", description="Write a small report that builds at once into the folder DIR.")
    command.add_argument("folder", type=Path, metavar="DIR", help="an empty or new folder")
    return command


def import_parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="folio import",
        description="Turn a Word document, a Quarto book or website, or an mdBook into a report folder, then check it.",
        epilog="A .docx is split into chapters at each Heading 1. A Quarto project (a folder with _quarto.yml) and an mdBook "
        "(a folder with book.toml and src/SUMMARY.md) keep their reading order, pictures, references and links between pages. "
        "What cannot come across is listed with its file and line.",
    )
    command.add_argument(
        "source", type=Path, metavar="SOURCE", help="a Word document (FILE.docx), or the folder of a Quarto project or of an mdBook"
    )
    command.add_argument("--into", type=Path, required=True, metavar="DIR", help="an empty or new folder for the report")
    return command


def completion_parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="folio completion",
        description="Print the shell's tab-completion script for folio: "
        'eval "$(folio completion bash)" in ~/.bashrc, eval "$(folio completion zsh)" in ~/.zshrc.',
    )
    command.add_argument("shell", choices=("bash", "zsh"))
    return command
