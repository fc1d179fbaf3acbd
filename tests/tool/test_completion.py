"""``folio completion bash|zsh``: every command, option and value the parsers know is offered, in a real shell.

The bash script runs in bash as bash runs it on a Tab (``complete -p``, then
the function it names with ``COMP_WORDS`` and ``COMP_CWORD``).  The zsh
script runs in an interactive zsh inside a pseudo-terminal (``zsh/zpty``)
with ``compinit``: the test types the line and a Tab, and every word the
completion system is handed (``compadd``, ``_files`` included) is recorded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from support.run import folio

from folio.cli import TARGETS, parser
from folio.tool.parsers import COMMANDS, RECIPE_COMMANDS

OPTIONS = sorted(flag for action in parser()._actions for flag in action.option_strings if flag.startswith("--"))
SERVE_ONLY = {"--port", "--pdf"}
"""The options the command line takes with ``serve`` alone."""
BUILD_TARGETS = [target for target in TARGETS if target not in RECIPE_COMMANDS]
JOBS = sorted({str(max(1, len(os.sched_getaffinity(0)) - 1)), "1"})


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("completion")
    found = {}
    for shell in ("bash", "zsh"):
        done = folio("completion", shell)
        assert (done.code, done.stderr) == (0, ""), done.stderr
        found[shell] = folder / f"folio.{shell}"
        found[shell].write_text(done.stdout, encoding="utf-8")
    return found


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """A folder to complete in: a report folder with translations, a Word file and a text file."""
    (tmp_path / "report" / "translations" / "ja").mkdir(parents=True)
    (tmp_path / "report" / "translations" / "_draft").mkdir()
    (tmp_path / "translations" / "vi").mkdir(parents=True)
    (tmp_path / "draft.docx").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("")
    return tmp_path


# -- bash -------------------------------------------------------------------------------


def bash(script: Path, words: str, cwd: Path) -> list[str]:
    """What bash offers for the command line ``words`` (its last word being completed), through ``complete -p folio``."""
    parts = words.split(" ")
    quoted = " ".join(f"'{part}'" for part in parts)
    program = textwrap.dedent(
        f"""\
        source '{script}'
        spec=$(complete -p folio)
        function=${{spec##*-F }}; function=${{function%% *}}
        COMP_WORDS=({quoted}); COMP_CWORD={len(parts) - 1}; COMP_LINE='{words}'; COMP_POINT=${{#COMP_LINE}}
        "$function" folio '{parts[-1]}' '{parts[-2]}'
        printf '%s\\n' "${{COMPREPLY[@]}}"
        """
    )
    done = subprocess.run(["bash", "--norc", "--noprofile", "-c", program], capture_output=True, text=True, cwd=cwd, timeout=60)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return sorted(set(filter(None, done.stdout.splitlines())))


def test_bash_registers_a_function_for_folio(scripts: dict[str, Path]) -> None:
    program = f"source '{scripts['bash']}'; complete -p folio"
    done = subprocess.run(["bash", "--norc", "-c", program], capture_output=True, text=True, check=True)
    assert done.stdout == "complete -o filenames -F _folio folio\n"


def test_bash_offers_every_command(scripts: dict[str, Path], place: Path) -> None:
    assert bash(scripts["bash"], "folio ", place) == sorted([*COMMANDS, "--version", "--help"])
    assert bash(scripts["bash"], "folio b", place) == ["build"]


def test_bash_offers_every_edition_press_included(scripts: dict[str, Path], place: Path) -> None:
    assert bash(scripts["bash"], "folio build --edition ", place) == ["press", "print", "screen"]
    assert bash(scripts["bash"], "folio build --edition p", place) == ["press", "print"]
    assert bash(scripts["bash"], "folio proof --edition pr", place) == ["press", "print"]
    assert bash(scripts["bash"], "folio pdf --edition pr", place) == ["press", "print"]  # build.py's form, without a subcommand


def test_bash_offers_every_target_and_option_of_build(scripts: dict[str, Path], place: Path) -> None:
    offered = bash(scripts["bash"], "folio build ", place)
    assert set(BUILD_TARGETS) == {"pdf", "epub", "html", "docx"} <= set(offered)
    assert set(OPTIONS) - SERVE_ONLY <= set(offered)  # --lang, --jobs, and any option added to the parser (--strict …)
    assert "--lang" in offered and "--jobs" in offered
    assert not SERVE_ONLY & set(offered)
    assert bash(scripts["bash"], "folio build --l", place) == ["--lang"]
    assert bash(scripts["bash"], "folio build d", place) == ["docx"]


def test_bash_offers_each_commands_own_options(scripts: dict[str, Path], place: Path) -> None:
    assert set(OPTIONS) - {"--edition", "--lang"} <= set(bash(scripts["bash"], "folio serve ", place))
    assert bash(scripts["bash"], "folio serve --p", place) == ["--pdf", "--port"]
    assert bash(scripts["bash"], "folio check --p", place) == []  # --port and --pdf go with serve
    assert "--lang" in bash(scripts["bash"], "folio check ", place)
    assert bash(scripts["bash"], "folio proof --l", place) == []  # --lang does not go with proof
    assert bash(scripts["bash"], "folio completion ", place) == ["--help", "bash", "zsh"]


def test_bash_offers_values(scripts: dict[str, Path], place: Path) -> None:
    assert bash(scripts["bash"], "folio build --jobs ", place) == JOBS
    assert bash(scripts["bash"], "folio build --source ", place) == ["report", "translations"]
    assert bash(scripts["bash"], "folio build --lang ", place) == ["all", "vi"]
    assert bash(scripts["bash"], "folio build --source report --lang ", place) == ["all", "ja"]  # never _draft
    assert bash(scripts["bash"], "folio import ", place) == ["--help", "--into", "draft.docx", "report", "translations"]
    assert bash(scripts["bash"], "folio import draft.docx --into ", place) == ["report", "translations"]
    assert bash(scripts["bash"], "folio new ", place) == ["--help", "report", "translations"]


# -- zsh --------------------------------------------------------------------------------

ZSH_DRIVER = r"""
zmodload zsh/zpty
zpty folio zsh -f -i
zpty -w folio "PS1='ready> '; PS2=''; unsetopt beep"
zpty -w folio "autoload -U compinit && compinit -u -d $ZDOTDIR/.zcompdump"
zpty -w folio "source ${(q)SCRIPT}"
zpty -w folio 'compadd () { local -a hits; builtin compadd -O hits "$@"; (( $#hits )) && print -rl -- "<hit>"${^hits}
builtin compadd "$@" }'
zpty -w folio "echo READ''Y"
zpty -r folio ignored '*READY*ready> '
zpty -w -n folio "$LINE"
zpty -r folio ignored "*${LINE% }"
zpty -w -n folio $'\t'
zpty -w -n folio $'\C-u'
zpty -w folio "echo DO''NE"
zpty -r folio out '*DONE*'
print -r -- $out
zpty -d folio
"""


def zsh(script: Path, words: str, cwd: Path, home: Path) -> list[str]:
    """What zsh's completion system is handed on a Tab after ``words``."""
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "ZDOTDIR": str(home), "TERM": "dumb", "SCRIPT": str(script), "LINE": words}
    done = subprocess.run(["zsh", "-f", "-c", ZSH_DRIVER], capture_output=True, text=True, cwd=cwd, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    hits = {line.split("<hit>", 1)[1].strip() for line in done.stdout.replace("\r", "\n").splitlines() if "<hit>" in line}
    return sorted(hit.rstrip("/") for hit in hits)


@pytest.fixture(scope="module")
def zsh_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("zsh") is None:
        if os.environ.get("CI"):
            pytest.fail("zsh is missing under CI: .ci/run installs it")
        pytest.skip("zsh is not installed (apt-get install zsh)")
    return tmp_path_factory.mktemp("zsh-home")


def test_zsh_offers_every_command_and_option(scripts: dict[str, Path], place: Path, zsh_home: Path) -> None:
    assert zsh(scripts["zsh"], "folio ", place, zsh_home) == sorted([*COMMANDS, "--version", "--help"])
    offered = zsh(scripts["zsh"], "folio build ", place, zsh_home)
    assert set(BUILD_TARGETS) | (set(OPTIONS) - SERVE_ONLY) <= set(offered)
    assert zsh(scripts["zsh"], "folio build --l", place, zsh_home) == ["--lang"]
    assert zsh(scripts["zsh"], "folio serve --p", place, zsh_home) == ["--pdf", "--port"]


def test_zsh_offers_values(scripts: dict[str, Path], place: Path, zsh_home: Path) -> None:
    assert zsh(scripts["zsh"], "folio build --edition p", place, zsh_home) == ["press", "print"]
    assert zsh(scripts["zsh"], "folio build --jobs ", place, zsh_home) == JOBS
    assert zsh(scripts["zsh"], "folio build --source report --lang ", place, zsh_home) == ["all", "ja"]
    assert zsh(scripts["zsh"], "folio completion ", place, zsh_home) == ["--help", "bash", "zsh"]
    assert {"draft.docx", "report", "--into"} <= set(zsh(scripts["zsh"], "folio import ", place, zsh_home))
    assert "notes.txt" not in zsh(scripts["zsh"], "folio import ", place, zsh_home)
    assert "report" in zsh(scripts["zsh"], "folio build --source ", place, zsh_home)
