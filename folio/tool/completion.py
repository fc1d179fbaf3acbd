"""``folio completion bash|zsh``: tab completion, generated from the command's own parsers.

Add ``eval "$(folio completion bash)"`` to ``~/.bashrc`` (or ``eval "$(folio
completion zsh)"`` to ``~/.zshrc``, after ``compinit``).  The script is written
from the argparse parsers the commands run (:func:`folio.cli.parser` and the
parsers of ``new``, ``import`` and ``completion`` in :mod:`folio.tool.parsers`), so an option or a value
added there is offered at once:

* every subcommand, and each one's options: an option is offered after a
  command when the command line accepts it there (tried on
  :func:`folio.cli.parse_request`, so ``--port`` is offered after ``serve``
  only, ``--lang`` never after ``serve`` or ``proof``);
* an option's values: its ``choices`` (``--edition screen print press``),
  folders for a path (``--source``, ``--out``, ``--into``), the languages of
  the report's ``translations/`` and ``all`` for ``--lang``, the default
  process count and 1 for ``--jobs``;
* targets after ``build`` (``pdf epub html docx``), folders after ``new``,
  ``.docx`` files and folders after ``import``, the shells after ``completion``.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import tempfile
from dataclasses import dataclass
from pathlib import Path

SHELLS = ("bash", "zsh")


@dataclass(frozen=True, slots=True)
class Values:
    """What is offered for an option's value or a positional argument."""

    kind: str
    """``words``, ``dirs``, ``files`` (``pattern``), ``jobs``, ``langs`` or ``nothing`` (a number, say)."""
    words: tuple[str, ...] = ()
    pattern: str = ""


NOTHING = Values("nothing")


@dataclass(frozen=True, slots=True)
class Option:
    flags: tuple[str, ...]
    """The forms offered: the long ones (``--quiet``), or the short one when there is no long one."""
    values: Values | None
    """``None``: a switch that takes no value."""


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    options: tuple[Option, ...]
    positional: Values


def commands() -> tuple[Command, ...]:
    """Every subcommand of ``folio`` with what completes after it, read off the parsers."""
    from folio.run.request import TARGETS
    from folio.tool.parsers import COMMANDS, RECIPE_COMMANDS, completion_parser, import_parser, new_parser

    found: list[Command] = []
    for name in COMMANDS:
        if name == "build":
            targets = tuple(target for target in TARGETS if target not in RECIPE_COMMANDS)
            found.append(recipe_command(name, [], Values("words", targets)))
        elif name in RECIPE_COMMANDS:
            found.append(recipe_command(name, [name], NOTHING))
        else:
            parser = {"new": new_parser, "import": import_parser, "completion": completion_parser}[name]()
            # import reads a .docx or a folder (a Quarto project, an mdBook): both shells' file completion offers folders too
            positional = Values("files", pattern="*.docx") if name == "import" else positional_of(parser)
            found.append(Command(name, options_of(parser, lambda action: True), positional))
    return tuple(found)


def recipe_command(name: str, targets: list[str], positional: Values) -> Command:
    """A subcommand over :func:`folio.cli.main`: the recipe parser's options that the command line accepts with ``targets``."""
    from folio.cli import parser

    with tempfile.TemporaryDirectory(prefix="folio-completion-") as folder:
        return Command(name, options_of(parser(), lambda action: accepted(targets, action, Path(folder))), positional)


def accepted(targets: list[str], action: argparse.Action, folder: Path) -> bool:
    """Whether ``folio … TARGETS OPTION VALUE`` passes the command line's own checks."""
    from folio.cli import parse_request

    option = action.option_strings[0]
    argv = [*targets, "--source", str(folder), "--out", str(folder / "out")]
    if action.nargs != 0:
        argv = [*argv, option, sample(action, folder)]
    elif action.dest != "help":
        argv = [*argv, option]
    else:
        return True
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            parse_request(argv, folder)
    except SystemExit:
        return False
    return True


def sample(action: argparse.Action, folder: Path) -> str:
    """A value of the option that is not its default, to try the option with."""
    if action.choices:
        return next((str(choice) for choice in reversed(list(action.choices)) if choice != action.default), str(list(action.choices)[0]))
    if action.type is int:
        return "1"
    return str(folder)


def options_of(parser: argparse.ArgumentParser, keep) -> tuple[Option, ...]:
    options = []
    for action in parser._actions:
        if not action.option_strings or not keep(action):
            continue
        long = tuple(flag for flag in action.option_strings if flag.startswith("--"))
        options.append(Option(long or tuple(action.option_strings), None if action.nargs == 0 else values_of(action)))
    return tuple(options)


def values_of(action: argparse.Action) -> Values:
    if action.choices:
        return Values("words", tuple(str(choice) for choice in action.choices))
    if action.dest == "jobs":
        return Values("jobs")
    if action.dest == "lang":
        return Values("langs")
    if action.type is Path:
        suffix = Path(str(action.metavar or "")).suffix
        return Values("files", pattern=f"*{suffix}") if suffix else Values("dirs")
    return NOTHING


def positional_of(parser: argparse.ArgumentParser) -> Values:
    positionals = [action for action in parser._actions if not action.option_strings]
    return values_of(positionals[0]) if positionals else NOTHING


def top_level() -> tuple[str, ...]:
    from folio.tool.parsers import COMMANDS

    return (*COMMANDS, "--version", "--help")


def script(shell: str) -> str:
    """The completion script for ``shell`` (bash or zsh)."""
    return {"bash": bash, "zsh": zsh}[shell](commands())


# -- bash -------------------------------------------------------------------------------


def bash(found: tuple[Command, ...]) -> str:
    value_cases = []
    word_cases = []
    for command in found:
        for option in command.options:
            if option.values is not None:
                patterns = "|".join(f"{command.name}:{flag}" for flag in option.flags)
                value_cases.append(f"    {patterns}) {bash_values(option.values)}; return ;;")
        words = " ".join(flag for option in command.options for flag in option.flags)
        if command.positional.kind == "words":
            words = " ".join((*command.positional.words, words))
            word_cases.append(f'    {command.name}) COMPREPLY=($(compgen -W "{words}" -- "$cur")) ;;')
        elif command.positional.kind == "nothing":
            word_cases.append(f'    {command.name}) COMPREPLY=($(compgen -W "{words}" -- "$cur")) ;;')
        else:
            word_cases.append(f'    {command.name}) {bash_values(command.positional)}; COMPREPLY+=($(compgen -W "{words}" -- "$cur")) ;;')
    targets = next(command.positional.words for command in found if command.name == "build")
    return BASH.format(
        top=" ".join(top_level()), targets="|".join(targets), value_cases="\n".join(value_cases), word_cases="\n".join(word_cases)
    )


def bash_values(values: Values) -> str:
    if values.kind == "words":
        return f'COMPREPLY=($(compgen -W "{" ".join(values.words)}" -- "$cur"))'
    if values.kind == "dirs":
        return 'COMPREPLY=($(compgen -d -- "$cur"))'
    if values.kind == "files":
        return f'COMPREPLY=($(compgen -f -X \'!{values.pattern}\' -- "$cur") $(compgen -d -- "$cur"))'
    if values.kind == "jobs":
        return "_folio_jobs"
    if values.kind == "langs":
        return "_folio_langs"
    return "COMPREPLY=()"


BASH = r"""# folio's tab completion for bash: eval "$(folio completion bash)" in ~/.bashrc
_folio_jobs() {{
  local cores
  cores=$(nproc 2>/dev/null || echo 1)
  COMPREPLY=($(compgen -W "$(printf '%s\n' $(( cores > 1 ? cores - 1 : 1 )) 1 | sort -un)" -- "$cur"))
}}
_folio_langs() {{
  local source=. i folder langs=all
  for ((i = 1; i < COMP_CWORD - 1; i++)); do
    [ "${{COMP_WORDS[i]}}" = --source ] && source=${{COMP_WORDS[i+1]}}
  done
  for folder in "$source"/translations/*/; do
    folder=${{folder%/}}
    folder=${{folder##*/}}
    case $folder in _*|'*') ;; *) langs+=" $folder" ;; esac
  done
  COMPREPLY=($(compgen -W "$langs" -- "$cur"))
}}
_folio() {{
  local cur=${{COMP_WORDS[COMP_CWORD]}} prev=${{COMP_WORDS[COMP_CWORD-1]}}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "{top}" -- "$cur"))
    return
  fi
  local command=${{COMP_WORDS[1]}}
  case $command in {targets}|-*) command=build ;; esac
  case "$command:$prev" in
{value_cases}
  esac
  case $command in
{word_cases}
  esac
}}
complete -o filenames -F _folio folio
"""


# -- zsh --------------------------------------------------------------------------------


def zsh(found: tuple[Command, ...]) -> str:
    value_cases = []
    word_cases = []
    for command in found:
        for option in command.options:
            if option.values is not None:
                patterns = "|".join(f"{command.name}:{flag}" for flag in option.flags)
                value_cases.append(f"    ({patterns}) {zsh_values(option.values)}; return ;;")
        words = " ".join(flag for option in command.options for flag in option.flags)
        positional = "" if command.positional.kind == "nothing" else f"{zsh_values(command.positional)}; "
        word_cases.append(f"    ({command.name}) {positional}compadd -- {words} ;;")
    targets = next(command.positional.words for command in found if command.name == "build")
    return ZSH.format(
        top=" ".join(top_level()), targets="|".join(targets), value_cases="\n".join(value_cases), word_cases="\n".join(word_cases)
    )


def zsh_values(values: Values) -> str:
    if values.kind == "words":
        return f"compadd -- {' '.join(values.words)}"
    if values.kind == "dirs":
        return "_files -/"
    if values.kind == "files":
        return f"_files -g '{values.pattern}'"
    if values.kind == "jobs":
        return "_folio_jobs"
    if values.kind == "langs":
        return "_folio_langs"
    return "_message value"


ZSH = r"""#compdef folio
# folio's tab completion for zsh: eval "$(folio completion zsh)" in ~/.zshrc, after compinit
_folio_jobs() {{
  local cores=$(nproc 2>/dev/null || echo 1)
  compadd -- ${{(u)${{(f)"$(printf '%s\n' $(( cores > 1 ? cores - 1 : 1 )) 1)"}}}}
}}
_folio_langs() {{
  local source=. i
  for (( i = 2; i < CURRENT - 1; i++ )); do
    [[ ${{words[i]}} == --source ]] && source=${{words[i+1]}}
  done
  local -a langs
  langs=(${{~source}}/translations/*(N/:t))
  compadd -- all ${{langs:#_*}}
}}
_folio() {{
  local cur=${{words[CURRENT]}} prev=${{words[CURRENT-1]}}
  if (( CURRENT == 2 )); then
    compadd -- {top}
    return
  fi
  local command=${{words[2]}}
  case $command in ({targets}|-*) command=build ;; esac
  case "$command:$prev" in
{value_cases}
  esac
  case $command in
{word_cases}
  esac
}}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _folio "$@"
else
  compdef _folio folio
fi
"""
