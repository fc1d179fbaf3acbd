"""The registry of editions: every output a build can write, listed once.

Each module of this folder declares one output as an :class:`Edition`
(:mod:`folio.editions.edition`): the target word and ``--edition`` value it
answers to, its file name, its stylesheets, whether ``SHA256SUMS`` lists it,
the PDF standard it claims.  :data:`EDITIONS` lists them; the command line's
targets and help, the output folder's file names and checksums, the
stylesheets an edition's HTML is laid out with and the PDF standards are all
read from here.  These modules are data only and import nothing of folio's
but each other, so every stage may read them.

Other packages add editions through the ``folio.editions`` entry points
(:mod:`folio.editions.installed`); they follow folio's own in
:data:`EDITIONS`, and :data:`PROBLEMS` says why any was left out.  Each
edition names its writer (:attr:`Edition.writer`), which the recipe imports
only when it writes that edition.
"""

from __future__ import annotations

from folio.editions import epub, press_pdf, print_pdf, screen_pdf, web, word
from folio.editions.edition import Edition
from folio.editions.installed import added

OWN: tuple[Edition, ...] = (
    screen_pdf.EDITION,
    print_pdf.EDITION,
    press_pdf.EDITION,
    epub.EDITION,
    web.EDITION,
    word.EDITION,
)
"""folio's own editions, in the order the command line lists them."""

ADDED, PROBLEMS = added(OWN)
"""The editions installed packages add, and why any entry was left out (the command line refuses to build then)."""

EDITIONS: tuple[Edition, ...] = (*OWN, *ADDED)
"""Every edition, in the order the command line lists them: folio's own, then those other packages add."""

BY_NAME: dict[str, Edition] = {edition.name: edition for edition in EDITIONS}

BUILD_TARGETS: tuple[str, ...] = tuple(dict.fromkeys(edition.target for edition in EDITIONS))
"""The command line's targets that write editions: ``pdf``, ``epub``, ``html``, ``docx``."""

DEFAULT_TARGETS: tuple[str, ...] = tuple(dict.fromkeys(edition.target for edition in EDITIONS if edition.default))
"""The targets built when none is given."""


def of_target(target: str) -> tuple[Edition, ...]:
    """The editions a target writes, one at a time: the three PDFs for ``pdf``, the EPUB alone for ``epub``."""
    return tuple(edition for edition in EDITIONS if edition.target == target)


CHOSEN_TARGETS: tuple[str, ...] = tuple(target for target in BUILD_TARGETS if len(of_target(target)) > 1)
"""Targets with several editions, chosen by ``--edition``: ``pdf``."""

CHOICES: tuple[str, ...] = tuple(edition.name for target in CHOSEN_TARGETS for edition in of_target(target))
"""``--edition``'s values: ``screen``, ``print``, ``press``."""

DEFAULT_CHOICE: str = next(edition.name for edition in EDITIONS if edition.name in CHOICES and edition.default)

LAID_OUT: tuple[str, ...] = tuple(edition.name for edition in EDITIONS if edition.laid_out)
"""The editions WeasyPrint lays out (the PDFs)."""

CHECKSUM_SUFFIXES: tuple[str, ...] = tuple(dict.fromkeys(edition.suffix for edition in EDITIONS if edition.checksummed))
"""A file of the output folder with one of these suffixes is an edition ``SHA256SUMS`` lists."""


def for_target(target: str, chosen: str = DEFAULT_CHOICE) -> Edition:
    """The edition ``target`` writes in a build asking for ``--edition chosen`` (which only the PDF target heeds)."""
    editions = of_target(target)
    if len(editions) == 1:
        return editions[0]
    return next(edition for edition in editions if edition.name == chosen)


def named(name: str) -> Edition:
    """The edition called ``name`` (``screen``, ``epub``, ``html`` …)."""
    return BY_NAME[name]


__all__ = [
    "ADDED",
    "BUILD_TARGETS",
    "BY_NAME",
    "CHECKSUM_SUFFIXES",
    "CHOICES",
    "CHOSEN_TARGETS",
    "DEFAULT_CHOICE",
    "DEFAULT_TARGETS",
    "EDITIONS",
    "LAID_OUT",
    "OWN",
    "PROBLEMS",
    "Edition",
    "for_target",
    "named",
    "of_target",
]
