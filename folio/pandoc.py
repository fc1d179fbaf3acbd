"""Run the pandoc that pypandoc-binary ships: sandboxed, no network, no shell.

Every call goes through :func:`run`, which passes ``--sandbox`` (pandoc may
read only what is on its command line or in its input) and gives pandoc a
minimal environment, so a report can never make pandoc fetch a URL or read a
file on its own.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TIMEOUT = 300
HEAP_EXHAUSTED = 251
"""pandoc's exit status when its heap limit (``+RTS -M``) is reached."""
WARNING = re.compile(r"^\[WARNING\] (.*)$")


@dataclass(frozen=True, slots=True)
class PandocResult:
    output: str
    warnings: tuple[str, ...]
    log: str = ""
    """pandoc's whole stderr: a warning's first line is in ``warnings``, its detail (a TeX parse error's caret) only here."""


class PandocFailed(RuntimeError):
    """pandoc itself failed: a bug in folio or in pandoc, never an author error."""


@dataclass(frozen=True, slots=True)
class Budget:
    """What one pandoc run may cost: pandoc's Markdown reader is exponential on some nestings of brackets."""

    seconds: float
    heap_mb: int


class PandocOverBudget(PandocFailed):
    """pandoc ran out of its :class:`Budget` on this input: the input's fault, said where it was written."""

    def __init__(self, what: str, *, too_deep: bool = False) -> None:
        super().__init__(what)
        self.what = what
        self.too_deep = too_deep
        """The AST pandoc wrote nests past what Python's JSON reader follows (a thousand levels)."""


READING_HEAP_MB = 300
"""pandoc's heap when it reads a source: a 2 MB chapter of prose needs less than 150 MB."""


def reading_budget(text: str) -> Budget:
    """The budget for reading ``text``: a minute, and half a minute more per megabyte (2 MB of prose takes 12 s)."""
    return Budget(seconds=60 + 30 * len(text.encode("utf-8")) / 1_000_000, heap_mb=READING_HEAP_MB)


@cache
def executable() -> str:
    """The pandoc binary bundled with pypandoc-binary, never a system pandoc.

    pypandoc's own lookup tries PATH first, so a pandoc installed on the
    machine would shadow the bundled one and change the editions.
    """
    import importlib.util

    spec = importlib.util.find_spec("pypandoc")
    folder = Path(spec.origin).parent / "files" if spec and spec.origin else None
    for name in ("pandoc", "pandoc.exe"):
        if folder is not None and (folder / name).is_file():
            return str(folder / name)
    raise PandocFailed("the pandoc of pypandoc-binary is missing; reinstall the project (pip install -e .)")


@cache
def version() -> str:
    out = subprocess.run([executable(), "--version"], capture_output=True, text=True, check=True)
    return out.stdout.split("\n", 1)[0].split()[-1]


def run(args: list[str], text: str, *, cwd: Path | None = None, sandbox: bool = True, budget: Budget | None = None) -> PandocResult:
    """Run pandoc with ``args`` on ``text``; raise :class:`PandocFailed` on failure.

    ``sandbox=False`` is only for the EPUB writer, which must read the
    stylesheet and cover it is given; it then runs in a folder of its own
    (``cwd``) holding just those files, on an AST whose images are inlined.
    """
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": "/nonexistent"}
    limits = ["+RTS", f"-M{budget.heap_mb}m", "-RTS"] if budget else []
    command = [executable(), *limits, *(["--sandbox"] if sandbox else []), *args]
    try:
        done = subprocess.run(
            command, input=text.encode("utf-8"), capture_output=True, timeout=budget.seconds if budget else TIMEOUT, env=env, cwd=cwd
        )
    except subprocess.TimeoutExpired as error:
        if budget:
            raise PandocOverBudget(f"took longer than {budget.seconds:.0f} s") from error
        raise PandocFailed(f"pandoc took longer than {TIMEOUT} s: {' '.join(args)}") from error
    stderr = done.stderr.decode("utf-8", "replace")
    if budget and done.returncode == HEAP_EXHAUSTED and "Heap exhausted" in stderr:
        raise PandocOverBudget(f"needed more than {budget.heap_mb} MB")
    if done.returncode != 0:
        raise PandocFailed(f"pandoc {' '.join(args)} failed ({done.returncode}):\n{stderr}")
    warnings = tuple(m.group(1) for line in stderr.splitlines() if (m := WARNING.match(line)))
    return PandocResult(done.stdout.decode("utf-8"), warnings, stderr)


def to_json(markdown: str, reader: str, budget: Budget | None = None) -> tuple[dict, tuple[str, ...]]:
    """Parse Markdown into pandoc's JSON AST (within ``budget``, if given)."""
    result = run(["--from", reader, "--to", "json"], markdown, budget=budget)
    try:
        return json.loads(result.output), result.warnings
    except RecursionError as error:  # nested past what Python's JSON reader follows
        raise PandocOverBudget("nests too deep to read back", too_deep=True) from error


def from_json(document: dict, args: list[str], *, cwd: Path | None = None, sandbox: bool = True) -> PandocResult:
    """Write a pandoc JSON AST with the given writer arguments."""
    return run(["--from", "json", *args], json.dumps(document, ensure_ascii=False), cwd=cwd, sandbox=sandbox)
