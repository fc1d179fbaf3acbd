"""Progress output: plain timed lines anywhere, a live bar only on a terminal, ``-q`` and ``-v``."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_report, run_build

from folio.run.progress import DELAY, live_bar

STAGE_LINE = re.compile(r"^\S.*?\s+\d+\.\d\d s$")


class Terminal(io.StringIO):
    """What rich writes to a terminal, kept as text."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def terminal_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")


def test_a_long_stage_shows_a_bar_on_a_terminal(terminal_env: None) -> None:
    screen = Terminal()
    with live_bar("Markdown through pandoc", total=4, stream=screen) as advance:
        for _ in range(4):
            time.sleep(DELAY / 2 + 0.05)
            advance(1)
    shown = screen.getvalue()
    assert "Markdown through pandoc" in shown
    assert "━" in shown and "\x1b[" in shown  # a drawn bar, in colour
    assert re.search(r"[1-4]/4", shown)  # it counts the steps it was told about


def test_a_quick_stage_draws_nothing(terminal_env: None) -> None:
    screen = Terminal()
    with live_bar("check the report folder", stream=screen):
        pass
    assert screen.getvalue() == ""


@pytest.mark.parametrize(("name", "value"), [("CI", "true"), ("TERM", "dumb")])
def test_no_bar_in_ci_or_on_a_dumb_terminal(terminal_env: None, monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    screen = Terminal()
    with live_bar("EPUB", stream=screen):
        time.sleep(DELAY + 0.2)
    assert screen.getvalue() == ""


@pytest.mark.slow
def test_plain_lines_when_not_a_terminal(tmp_path: Path) -> None:
    built = run_build("pdf", "html", "--source", copy_report("minimal", tmp_path), "--out", tmp_path / "out")
    assert built.code == 0, built.stderr
    lines = built.stderr.splitlines()
    assert "\x1b" not in built.stderr
    assert lines[-1] == f"written to {tmp_path / 'out'}"
    assert all(STAGE_LINE.match(line) for line in lines[:-1]), lines
    assert any(line.startswith("Markdown through pandoc") for line in lines)


@pytest.mark.slow
def test_quiet_prints_nothing_and_verbose_adds_detail(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    quiet = run_build("html", "-q", "--source", source, "--out", tmp_path / "quiet")
    assert (quiet.code, quiet.stderr) == (0, "")
    verbose = run_build("html", "-v", "--source", source, "--out", tmp_path / "verbose")
    assert verbose.code == 0
    details = [line for line in verbose.stderr.splitlines() if line.startswith("  ")]
    assert any(line.startswith("  pandoc: ") for line in details), verbose.stderr


def test_a_build_on_a_terminal_ends_with_the_plain_lines(tmp_path: Path) -> None:
    """The bars are erased as each stage ends: what stays on screen is the timed lines."""
    leader, follower = pty.openpty()
    env = {key: value for key, value in os.environ.items() if key != "CI"} | {"TERM": "xterm-256color", "COLUMNS": "100"}
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "pdf", "--source", str(copy_report("minimal", tmp_path)), "--out", str(tmp_path / "out")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env=env,
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the build ended and closed the terminal
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    assert process.wait(timeout=120) == 0
    final = [line for line in screen_after(output.decode("utf-8")) if line.strip()]
    assert final[-1] == f"written to {tmp_path / 'out'}"
    assert all(STAGE_LINE.match(line) for line in final[:-1]), final


def screen_after(output: str) -> list[str]:
    """The lines a terminal shows once ``output`` is written: enough of a terminal for rich's live display."""
    lines, row, column = [""], 0, 0
    for token in re.findall(r"\x1b\[[0-9;?]*[A-Za-z]|\r|\n|[^\x1b\r\n]", output):
        if token == "\r":
            column = 0
        elif token == "\n":
            row, column = row + 1, 0
        elif token.startswith("\x1b["):
            if token.endswith("A"):
                row = max(0, row - int(token[2:-1] or 1))
            elif token == "\x1b[2K":
                lines[row] = ""
            continue
        else:
            line = lines[row].ljust(column)
            lines[row] = line[:column] + token + line[column + 1 :]
            column += 1
        while len(lines) <= row:
            lines.append("")
    return [line.rstrip() for line in lines]
