"""Editions other packages add: the ``folio.editions`` entry points.

A package adds an edition to every build by naming an :class:`Edition` in
the entry-point group ``folio.editions`` of its metadata (in its
``pyproject.toml``: ``[project.entry-points."folio.editions"]``,
``plaintext = "folio_plaintext:EDITION"``).  The registry lists them after
folio's own, in the order of their entry points' names.

Each is imported when folio starts, before folio's stages are: its module
imports :class:`Edition` and :class:`folio.write.writer.Writer` at the top,
and anything else of folio's inside its writer's hooks.

An entry that cannot be taken is left out, and :func:`added` says why, in
one sentence naming the package: it fails to import, it is not an
:class:`Edition`, its name or file clashes with an edition already listed,
its target is one folio has (an added edition brings a target of its own),
or its writer is not written ``module:attribute``.  The command line refuses
to build while such a problem stands, so an edition never goes missing
silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib.metadata import EntryPoint, entry_points

from folio.editions.edition import Edition

GROUP = "folio.editions"
"""The entry-point group that lists the editions other packages add."""

RESERVED = ("build", "check", "serve", "proof", "new", "import", "completion")
"""The command line's words that are no edition's: its commands, in the order ``folio -h`` lists them (three are targets too)."""

WORD = re.compile(r"[a-z][a-z0-9-]*\Z")
"""A name or target as the command line takes it: lower-case letters, digits and hyphens."""
WRITER = re.compile(r"[A-Za-z_][\w.]*:[A-Za-z_][\w.]*\Z")
"""``module:attribute``."""
OUTPUT_FOLDER = {"SHA256SUMS", ".folio-state.json"}
"""The output folder's own files, which no edition may write over."""


def added(own: tuple[Edition, ...], points: Iterable[EntryPoint] | None = None) -> tuple[tuple[Edition, ...], tuple[str, ...]]:
    """The editions the installed packages add to ``own`` (folio's), and why any entry was left out.

    ``points``: the entry points to read (default: the installed packages' ``folio.editions`` group).
    """
    points = entry_points(group=GROUP) if points is None else points
    taken: list[Edition] = list(own)
    editions: list[Edition] = []
    problems: list[str] = []
    seen: set[tuple[str, str]] = set()
    for point in sorted(points, key=lambda point: (point.name, point.value)):
        if (point.name, point.value) in seen:  # one package found twice on the path
            continue
        seen.add((point.name, point.value))
        where = f"{package(point)} adds an edition through its {GROUP} entry point '{point.name} = {point.value}'"
        try:
            edition = point.load()
        except Exception as error:  # a package beside folio, not folio: whatever it raises is said, not shown as folio's bug
            problems.append(f"{where}, which cannot be loaded: {type(error).__name__}: {error}; fix or uninstall that package")
            continue
        problem = clash(edition, taken, own)
        if problem:
            problems.append(f"{where}: {problem}; change it in that package, or uninstall it")
            continue
        taken.append(edition)
        editions.append(edition)
    return tuple(editions), tuple(problems)


def clash(edition: object, taken: list[Edition], own: tuple[Edition, ...]) -> str | None:
    """Why ``edition`` cannot join the editions ``taken``; ``None`` when it can."""
    if not isinstance(edition, Edition):
        return f"it is a {type(edition).__name__}, not a folio.editions.edition.Edition"
    for field, value in (("name", edition.name), ("target", edition.target)):
        if not WORD.match(value):
            return f"its {field} {value!r} is not a word of lower-case letters, digits and hyphens"
        if value in RESERVED:
            return f"its {field} {value!r} is one of folio's commands"
    for other in taken:
        whose = "folio's own" if other in own else "another added"
        if edition.name == other.name:
            return f"its name {edition.name!r} is taken by {whose} edition"
        if edition.target == other.target:
            return f"its target {edition.target!r} is {whose} {other.name!r} edition's; an added edition brings a target of its own"
        if edition.file_name == other.file_name:
            return f"its file {edition.file_name!r} is {whose} {other.name!r} edition's"
    if not one_file(edition.file_name):
        return f"its file name {edition.file_name!r} is not one file named after the report, as '{{stem}}.txt'"
    if not WRITER.match(edition.writer):
        return f"its writer {edition.writer!r} is not written 'module:attribute'"
    return None


def one_file(file_name: str) -> bool:
    """Whether ``file_name`` names one file with a suffix in the output folder, after the report's ``{stem}``."""
    try:
        name = file_name.format(stem="stem")
    except (KeyError, IndexError, ValueError):
        return False
    return "{stem}" in file_name and "/" not in name and "\\" not in name and "." in name.removeprefix("stem") and name not in OUTPUT_FOLDER


def package(point: EntryPoint) -> str:
    """The package an entry point comes from, with its version."""
    dist = getattr(point, "dist", None)
    return f"{dist.name} {dist.version}" if dist is not None else "a package"
