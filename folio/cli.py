"""The command line: arguments in, exit status out.

Exit status: 0 built; 1 the report has an error (printed as ``path:line:
message``, nothing in ``--out`` changed), or the machine stopped the build (a
full disk, a WeasyPrint other than the one folio needs, an edition another
package adds that cannot be taken: said in one message, nothing changed
either); 2 the command line is wrong; any other status is a
bug in folio, shown with its traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from folio.editions import ADDED, BUILD_TARGETS, CHOICES, CHOSEN_TARGETS, DEFAULT_CHOICE, DEFAULT_TARGETS, PROBLEMS, for_target, of_target
from folio.errors import InstallError, Problem, ReportError, printable
from folio.run.files import disk_trouble
from folio.run.output import RunFolder
from folio.run.request import (
    DEFAULT_PORT,
    EXIT_BUG,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_REPORT,
    TARGETS,
    Log,
    Request,
    say_up_to_date,
)
from folio.run.signals import sigterm_unwinds
from folio.sandbox import own_templates, template_problem


def parser(prog: str = "folio") -> argparse.ArgumentParser:
    command = argparse.ArgumentParser(
        prog=prog,
        description="Build a report folder into a PDF and an EPUB 3 (and a web page).",
        epilog=f"Targets: {', '.join(target_help())}, check (validate only, write nothing), "
        "serve (live preview in the browser), proof (the PDF's pages as a contact sheet, SLUG-proof.png). "
        f"No target: {' and '.join(DEFAULT_TARGETS)}.",
    )
    command.add_argument("targets", nargs="*", metavar="TARGET", help=one_of(TARGETS))
    command.add_argument(
        "--source",
        type=Path,
        default=None,
        metavar="DIR",
        help="the report folder (default: build.py's own folder; for folio, the current one)",
    )
    command.add_argument("--out", type=Path, default=None, metavar="DIR", help="where editions are written (default: SOURCE/dist)")
    command.add_argument(
        "--edition",
        choices=CHOICES,
        default=DEFAULT_CHOICE,
        help=f"{' or '.join(target.upper() for target in CHOSEN_TARGETS)} edition: "
        + one_of([f"{edition.name} ({edition.help})" for target in CHOSEN_TARGETS for edition in of_target(target)]),
    )
    command.add_argument(
        "--lang",
        default=None,
        metavar="LANG",
        help="build the translation in translations/LANG/ (files SLUG.LANG.pdf …), or 'all': the original and every translation",
    )
    command.add_argument(
        "--port", type=int, default=None, metavar="N", help=f"serve: the port on 127.0.0.1 (default {DEFAULT_PORT}; 0 picks a free one)"
    )
    command.add_argument(
        "--pdf", action="store_true", dest="serve_pdf", help="serve: also rebuild the PDF in the background after each change"
    )
    command.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help=f"pdf: lay the PDF's parts out in N processes (default: the cores but one, here {default_jobs()}; 1: in the PDF process)",
    )
    command.add_argument(
        "--whole", action="store_true", help="pdf: lay the book out whole, in one layout (the reference; no parts kept for the next build)"
    )
    command.add_argument(
        "--strict", action="store_true", help="treat warnings as errors: exit 1 and write nothing when the report has any (for CI)"
    )
    loudness = command.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    loudness.add_argument("-v", "--verbose", action="store_true", help="print per-stage detail")
    return command


def target_help() -> list[str]:
    """Each edition target with its few words (a target of several editions has its words at ``--edition``)."""
    help = {target: for_target(target).help if len(of_target(target)) == 1 else "" for target in BUILD_TARGETS}
    return [f"{target} ({words})" if words else target for target, words in help.items()]


def one_of(words) -> str:
    """``a, b or c``."""
    words = list(words)
    return f"{', '.join(words[:-1])} or {words[-1]}" if len(words) > 1 else "".join(words)


def parse_request(argv: list[str], default_source: Path, prog: str = "folio") -> Request:
    command = parser(prog)
    args = command.parse_args(argv)
    targets = tuple(dict.fromkeys(args.targets)) or DEFAULT_TARGETS
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        command.error(f"unknown target {unknown[0]!r}; choose from {', '.join(TARGETS)}")
    if "check" in targets and len(targets) > 1:
        command.error("check validates only; give it alone")
    if "serve" in targets and len(targets) > 1:
        command.error("serve runs the live preview; give it alone")
    if args.lang is not None and ("serve" in targets or "proof" in targets):
        command.error(f"--lang goes with the {', '.join(BUILD_TARGETS)} and check targets")
    if "serve" not in targets and (args.serve_pdf or args.port is not None):
        command.error("--port and --pdf go with the serve target")
    port = DEFAULT_PORT if args.port is None else args.port
    if not 0 <= port <= 65535:
        command.error(f"--port {args.port}: choose a port from 1 to 65535 (0 picks a free one)")
    proof = "proof" in targets
    if proof:  # the contact sheet is drawn from the PDF, so the PDF is built (or found up to date) first
        targets = tuple(dict.fromkeys(t if t != "proof" else "pdf" for t in targets))
    if args.edition != DEFAULT_CHOICE and not set(CHOSEN_TARGETS) & set(targets):
        command.error(f"--edition goes with the {' or '.join(CHOSEN_TARGETS)} target")
    source = args.source if args.source is not None else default_source
    if not source.is_dir():
        command.error(f"--source {source}: no such folder")
    out = args.out if args.out is not None else source / "dist"
    if out.exists() and not out.is_dir():
        command.error(f"--out {out}: exists and is not a folder")
    if "check" not in targets and not writable(out):
        command.error(f"--out {out}: cannot be written (no permission, or a file in the way)")
    verbosity = 0 if args.quiet else 2 if args.verbose else 1
    jobs = default_jobs() if args.jobs is None else args.jobs
    if jobs < 1:
        command.error(f"--jobs {args.jobs}: give 1 or more processes")
    return Request(
        targets=targets,
        source=source,
        out=out,
        edition=args.edition,
        verbosity=verbosity,
        proof=proof,
        port=port,
        serve_pdf=args.serve_pdf,
        lang=args.lang,
        jobs=jobs,
        strict=args.strict,
        prog=prog,
        whole=args.whole,
    )


def default_jobs() -> int:
    """The cores this process may use but one (left to the other editions), and at least 1 (the parts one after the other)."""
    from folio.run.parallel import cores

    return max(1, cores() - 1)


def writable(out: Path) -> bool:
    """Whether ``out`` exists as a writable folder or can be created as one."""
    folder = out.absolute()
    while not folder.exists():
        if folder.is_symlink() or folder == folder.parent:
            return False
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)


def main(
    argv: list[str] | None = None,
    default_source: Path | None = None,
    prog: str = "folio",
    build: Callable[[Request, Log], object] | None = None,
) -> int:
    """Run the recipe (or ``build``) for the command line ``argv``; return the exit status."""
    argv = sys.argv[1:] if argv is None else argv
    try:
        request = parse_request(argv, default_source or Path.cwd(), prog)
    except SystemExit as exit:
        if exit.code:  # a target refused may be that of an edition left out
            say_problems()
        return int(exit.code or 0)
    log = Log(request.verbosity)
    if PROBLEMS:  # an edition another package adds that cannot be taken: said, not left out silently
        say_problems()
        return stopped(request)
    if build is None:
        # Nothing to build is answered before the build's own modules (WeasyPrint's, pikepdf, Jinja …) load.
        request = replace(request, inputs=fingerprint_if_plain(request))
        if request.inputs is not None and up_to_date(request, log):
            return EXIT_OK
        from folio.recipe import run as build
    try:
        with sigterm_unwinds(), RunFolder():
            build(request, log)
    except ReportError as error:
        return report_errors(error.problems, request, error.warnings)
    except InstallError as error:
        return stopped(request, str(error))
    except KeyboardInterrupt:
        print(f"interrupted; nothing was written to {request.out}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:
        problem = template_problem(error, own_templates(request.source))
        if problem is not None:
            return report_errors([problem], request)
        trouble = disk_trouble(error)
        if trouble is not None:
            return stopped(request, trouble)
        traceback.print_exc()
        print(whose_bug(error), file=sys.stderr)
        return EXIT_BUG
    return EXIT_OK


def stopped(request: Request, said: str | None = None) -> int:
    """Say why the build stopped (``said``, when not said already) and that ``--out`` was left as it was."""
    if said is not None:
        print(printable(said), file=sys.stderr)
    print(f"nothing was written to {request.out}", file=sys.stderr)
    return EXIT_REPORT


def whose_bug(error: BaseException) -> str:
    """Whom to tell about ``error``: folio, or the package whose added edition's writer raised it."""
    modules = {edition.writer.partition(":")[0]: edition for edition in ADDED}
    frames = traceback.extract_tb(error.__traceback__)
    for frame in reversed(frames):  # the innermost frame of an added edition's module
        for module, edition in modules.items():
            if frame.filename == module_file(module):
                return (
                    f"this is a bug in the {edition.name} edition another package adds ({module}), "
                    "not in folio or in your report; please report it to that package with the traceback above"
                )
    return "this is a bug in folio, not in your report; please report it with the traceback above"


def module_file(name: str) -> str | None:
    """Where the imported module ``name`` was read from, if it was imported."""
    module = sys.modules.get(name)
    return getattr(module, "__file__", None)


def say_problems() -> None:
    """Why an edition another package adds was left out (:data:`folio.editions.PROBLEMS`)."""
    for problem in PROBLEMS:
        print(printable(f"error: {problem}"), file=sys.stderr)


def fingerprint_if_plain(request: Request) -> str | None:
    """The inputs' fingerprint for a plain build of the original language; ``None`` for anything else."""
    if request.serve or request.check_only or request.proof or request.lang is not None:
        return None
    from folio.run.state import fingerprint

    try:
        return fingerprint(request.source, request.out, request.edition)
    except OSError:
        return None  # the build says what is wrong with the folders


def up_to_date(request: Request, log: Log) -> bool:
    """Whether every edition asked for is current; says so when it is."""
    from folio.run.state import edition_key, stale

    if stale(request.out, [edition_key(target, request.edition) for target in request.targets], request.inputs):
        return False
    say_up_to_date(request, log)
    return True


def report_errors(problems: list[Problem], request: Request, warnings: tuple[Problem, ...] = ()) -> int:
    """Every error, and the warnings of the same run (with ``-q`` only under ``--strict``, where they are what failed)."""
    if request.verbosity >= 1 or request.strict:
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
    for problem in problems:
        print(problem, file=sys.stderr)
    count = len(problems)
    errors = f"{count} error{'s' if count != 1 else ''}"
    if request.strict and warnings:
        strict = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''} (--strict)"
        errors = f"{errors} and {strict}" if count else strict
    print(errors if request.check_only else f"{errors}; nothing was written to {request.out}", file=sys.stderr)
    return EXIT_REPORT
