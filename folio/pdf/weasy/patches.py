"""The one gate to WeasyPrint: every change folio makes to WeasyPrint and pydyf is applied here, on the releases it was written for.

folio changes a few of WeasyPrint's decisions at run time, one change to a
module of this folder, each written against one release's code.
:func:`apply` makes them all, in :data:`ORDER`, once per process.  Before it
changes anything it compares the installed WeasyPrint and pydyf
(``importlib.metadata``) with :data:`WEASYPRINT` and :data:`PYDYF`, the
releases ``pyproject.toml`` pins, and checks that each function a change
wraps or calls still has the signature the change was written for (each
module's ``SIGNATURES``) and, where a change depends on more (WeasyPrint's
source text, :func:`expect_source`; a function called by its own name), that
too, by the module's ``check()``.  Anything else stops the build with
an :class:`~folio.errors.InstallError` that says what is installed, what folio
needs and the ``pip`` command that installs it, before any page is laid out.

Unnecessary once WeasyPrint makes every change applied here itself (see each
module's own note), and then goes with the last of them.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType

from packaging.version import InvalidVersion, Version

from folio.errors import InstallError

WEASYPRINT = "70.0"
"""The WeasyPrint release every change here was written for (``pyproject.toml`` pins it)."""
PYDYF = "0.13.0"
"""The pydyf release (WeasyPrint's PDF writer) :mod:`folio.pdf.weasy.references` was written for (pinned as well)."""

ORDER = (
    ("notes", "keep_notes_with_calls"),  # first: it rewrites _linebox_layout, which calls what the others wrap
    ("longwords", "bounded_line_breaking"),  # before the other line-splitter wraps: they wrap the splitter it installs
    ("lines", "fit_lines_without_final_space"),
    ("spaces", "keep_code_spaces"),
    ("hyphens", "limit_hyphenated_lines"),  # after lines: its splitter must see the line's hyphenation held
    ("breaks", "end_split_boxes_at_their_content"),  # after notes: it wraps the note parts' block layout
    ("references", "keep_page_references"),
    ("pictures", "name_pictures_by_content"),
    ("actualtext", "mark_complex_text"),
    ("waitlist", "look_up_waiting_notes"),
)
"""Each module of ``folio/pdf/weasy/`` that changes WeasyPrint or pydyf, and the function that makes its change, in the order made."""

_applied = False


def apply() -> None:
    """Make every change to WeasyPrint and pydyf (once per process); raise :class:`InstallError` on releases folio does not know."""
    global _applied
    if _applied:
        return
    check_versions()
    modules = patch_modules()
    for module in modules:  # everything checked before anything changes: never a WeasyPrint changed halfway
        expect(module.__name__, module.SIGNATURES)
        if hasattr(module, "check"):
            module.check()
    for module, (_, install) in zip(modules, ORDER, strict=True):
        getattr(module, install)()
    _applied = True


def patch_modules() -> list[ModuleType]:
    """The modules :func:`apply` applies, in :data:`ORDER` (importing one changes nothing)."""
    return [importlib.import_module(f"{__package__}.{name}") for name, _ in ORDER]


# -- the releases --------------------------------------------------------------------------------


def installed(name: str) -> str | None:
    """The installed release of the distribution ``name``, or ``None`` when it is not installed."""
    try:
        return version(name)
    except PackageNotFoundError:
        return None


def check_versions(weasyprint: str | None = None, pydyf: str | None = None) -> None:
    """Raise :class:`InstallError` unless WeasyPrint and pydyf are the releases folio's changes were written for.

    ``weasyprint`` and ``pydyf`` are the installed releases; by default read from ``importlib.metadata``.
    """
    found = {"WeasyPrint": weasyprint or installed("weasyprint"), "pydyf": pydyf or installed("pydyf")}
    needed = {"WeasyPrint": WEASYPRINT, "pydyf": PYDYF}
    wrong = [name for name in needed if not same_release(found[name], needed[name])]
    if wrong:
        have = " and ".join(f"{name} {found[name]}" if found[name] else f"no {name}" for name in wrong)
        raise InstallError(
            f"{have} {'is' if len(wrong) == 1 else 'are'} installed, and folio needs WeasyPrint {WEASYPRINT} "
            f"and pydyf {PYDYF}: it changes some of their layout decisions, written for those releases only; "
            f"install them with: {pip_command()}"
        )


def same_release(found: str | None, needed: str) -> bool:
    """Whether the installed release ``found`` is ``needed`` (``70`` is ``70.0``)."""
    try:
        return found is not None and Version(found) == Version(needed)
    except InvalidVersion:
        return False


def pip_command(*options: str) -> str:
    """The command that installs the releases folio needs."""
    return " ".join(("pip install", *options, f'"weasyprint=={WEASYPRINT}"', f'"pydyf=={PYDYF}"'))


# -- the guards ----------------------------------------------------------------------------------


def target(name: str):
    """The function ``module:qualified.name`` (a property's getter for a property)."""
    found = pkgutil.resolve_name(name)
    return found.fget if isinstance(found, property) else found


def signature_of(name: str) -> str:
    """The signature of the function ``module:qualified.name``, as written (``(box)``); of what it wraps, once wrapped."""
    return str(inspect.signature(target(name)))


def expect(owner: str, signatures: Mapping[str, str]) -> None:
    """Raise :class:`InstallError` unless each function of ``signatures`` has its recorded signature.

    ``owner`` is the module of folio whose change depends on them; ``signatures`` maps ``module:qualified.name``
    to the signature it was written for (``"(box)"``).
    """
    for name, written in signatures.items():
        try:
            found = signature_of(name)
        except (ImportError, AttributeError, TypeError, ValueError):
            found = None
        if found != written:
            now = f"is {found}" if found else "is not there"
            differs(owner, f"{name.replace(':', '.')}{written}", f"here it {now}")


def expect_source(owner: str, name: str, *texts: str) -> str:
    """The source of the function ``module:qualified.name`` (dedented); :class:`InstallError` unless it holds each text once."""
    function = target(name)
    lines, first = inspect.getsourcelines(function)
    source = "\n" * (first - 1) + textwrap.dedent("".join(lines))
    for text in texts:
        if source.count(text) != 1:
            shown = " ".join(text.split())
            differs(owner, f"{name.replace(':', '.')} holding `{shown}`", "here it does not")
    return source


def differs(owner: str, written: str, here: str) -> None:
    """Stop: WeasyPrint or pydyf is not the release ``owner`` was written for, although its version says so."""
    raise InstallError(
        f"{owner} was written for {written} in WeasyPrint {WEASYPRINT} and pydyf {PYDYF}, and {here}: "
        f"the installed WeasyPrint {installed('weasyprint')} and pydyf {installed('pydyf')} are not those releases "
        f"as published; reinstall them with: {pip_command('--force-reinstall')}"
    )
