"""The command line: arguments in, exit status out.

Exit status: 0 built; 1 the report has an error (printed as ``path:line:
message``, nothing in ``--out`` changed); 2 the command line is wrong; any
other status is a bug in folio, shown with its traceback.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import ReportError

TARGETS = ("pdf", "epub", "html", "check")
EXIT_OK, EXIT_REPORT, EXIT_USAGE, EXIT_BUG, EXIT_INTERRUPTED = 0, 1, 2, 70, 130


@dataclass(frozen=True, kw_only=True, slots=True)
class Request:
    """What the user asked for, checked."""

    targets: tuple[str, ...]
    source: Path
    out: Path
    edition: str
    verbosity: int
    """0 quiet, 1 normal, 2 verbose."""

    @property
    def check_only(self) -> bool:
        return self.targets == ("check",)


class Log:
    """One line per stage with its time; ``-q`` hides them, ``-v`` adds detail."""

    def __init__(self, verbosity: int) -> None:
        self.verbosity = verbosity
        self.started = time.perf_counter()

    def info(self, message: str) -> None:
        if self.verbosity >= 1:
            print(message, file=sys.stderr, flush=True)

    def detail(self, message: str) -> None:
        if self.verbosity >= 2:
            print(f"  {message}", file=sys.stderr, flush=True)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.info(f"{name:<28} {time.perf_counter() - start:6.2f} s")


def parser() -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog="build.py",
        description="Build a report folder into a PDF and an EPUB 3 (and a web page).",
        epilog="Targets: pdf, epub, html (single-file web edition), check (validate only, write nothing). "
        "No target: pdf and epub.",
    )
    command.add_argument("targets", nargs="*", metavar="TARGET", help="pdf, epub, html or check")
    command.add_argument("--source", type=Path, default=None, metavar="DIR", help="the report folder (default: this repository)")
    command.add_argument("--out", type=Path, default=None, metavar="DIR", help="where editions are written (default: SOURCE/dist)")
    command.add_argument("--edition", choices=("screen", "print"), default="screen", help="PDF edition: screen (links, no marks) or print (bleed, crop marks)")
    loudness = command.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    loudness.add_argument("-v", "--verbose", action="store_true", help="print per-stage detail")
    return command


def parse_request(argv: list[str], default_source: Path) -> Request:
    command = parser()
    args = command.parse_args(argv)
    targets = tuple(dict.fromkeys(args.targets)) or ("pdf", "epub")
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        command.error(f"unknown target {unknown[0]!r}; choose from {', '.join(TARGETS)}")
    if "check" in targets and len(targets) > 1:
        command.error("check validates only; give it alone")
    if args.edition == "print" and "pdf" not in targets:
        command.error("--edition goes with the pdf target")
    source = args.source if args.source is not None else default_source
    if not source.is_dir():
        command.error(f"--source {source}: no such folder")
    out = args.out if args.out is not None else source / "dist"
    if out.exists() and not out.is_dir():
        command.error(f"--out {out}: exists and is not a folder")
    verbosity = 0 if args.quiet else 2 if args.verbose else 1
    return Request(targets=targets, source=source, out=out, edition=args.edition, verbosity=verbosity)


def main(build: Callable[[Request, Log], object], argv: list[str] | None = None, default_source: Path | None = None) -> int:
    """Run ``build`` for the command line ``argv``; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        request = parse_request(argv, default_source or Path.cwd())
    except SystemExit as exit:
        return int(exit.code or 0)
    log = Log(request.verbosity)
    try:
        build(request, log)
    except ReportError as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        count = len(error.problems)
        print(f"{count} error{'s' if count != 1 else ''}; nothing was written to {request.out}", file=sys.stderr)
        return EXIT_REPORT
    except KeyboardInterrupt:
        print(f"interrupted; nothing was written to {request.out}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception:
        traceback.print_exc()
        print("this is a bug in folio, not in your report; please report it with the traceback above", file=sys.stderr)
        return EXIT_BUG
    return EXIT_OK
