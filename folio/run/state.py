"""Up-to-date editions: a content hash over everything that decides an edition.

Before anything is read or rendered, :func:`fingerprint` hashes every input
of a build: each file of the report folder (chapters, profiles, images, data,
the report's own styles and templates: anything an edition could read), the
project's styles, fonts, templates and code, the versions of pandoc, of every
installed Python package (WeasyPrint and what it lays out with) and of the
system text libraries, and the request (``--edition``).  Content is hashed,
never trusted by date, so a touched-but-unchanged file costs nothing and a
changed one is always seen; only a file larger than any input a build reads
(:data:`MAX_READ_BYTES`, which the build refuses where it is used) is told by
its size and date, so a huge file left in the folder is not read through.

The output folder keeps ``.folio-state.json``: for each edition written, the
fingerprint it was built from and the SHA-256 of the file as written.  An
edition is up to date only when both still match, so an edited input, a
deleted edition or an edition changed by hand all make it rebuild.  The state
file is written through the same staging as the editions, after them, so a
failed build never records anything.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import stat
import subprocess
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from folio import __version__, pandoc
from folio.editions import CHOSEN_TARGETS
from folio.paths import PACKAGE
from folio.run.cache import cache_folder
from folio.run.files import file_digest

MAX_READ_BYTES = 64_000_000
"""Larger than any file a build reads (a font: 40 MB, a picture: 20 MB): the fingerprint does not read such a file."""
STATE_FILE = ".folio-state.json"
FORMAT = 1

TOOL_FOLDERS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "__pycache__",
        "node_modules",
        ".venv",
        ".tox",
        ".nox",
        ".pytest_cache",
        ".mypy_cache",
        ".ruff_cache",
        ".hypothesis",
    }
)
"""Folders that version control, package managers and test tools keep: never report content."""
TEXT_LIBRARIES = ("libpango-1.0.so", "libpangoft2-1.0.so", "libharfbuzz.so", "libharfbuzz-subset.so", "libfontconfig.so", "libfreetype.so")
"""The system libraries WeasyPrint shapes, lays out and subsets text with."""


@dataclass(frozen=True, kw_only=True, slots=True)
class Written:
    """One edition as it was written, as the state file remembers it."""

    key: str
    """What was asked for: ``pdf:screen``, ``pdf:print``, ``epub``, ``html``."""
    file: str
    """The file's name in the output folder."""
    inputs: str
    """The fingerprint it was built from."""
    sha256: str
    """The file's content as written."""


def edition_key(target: str, edition: str, language: str | None = None) -> str:
    """The state file's name for a target: the PDF's key carries its edition; a translation's, its language."""
    key = f"{target}:{edition}" if target in CHOSEN_TARGETS else target
    return f"{key}.{language}" if language else key


def fingerprint(source: Path, out: Path, edition: str) -> str:
    """One SHA-256 over every input of a build of ``source`` into ``out``."""
    digest = hashlib.sha256()

    def feed(*parts: str) -> None:
        for part in parts:
            digest.update(part.encode("utf-8", "surrogateescape"))
            digest.update(b"\0")

    root = source.resolve()
    feed("folio", __version__, str(FORMAT), "python", platform.python_version(), sys.implementation.name)
    feed("pandoc", pandoc.executable(), pandoc.version())
    feed("packages", *installed_packages())
    feed("libraries", *text_libraries())
    feed("source", str(root), "edition", edition)
    for label, path in input_files(root, out):
        try:
            info = path.stat()
            # no input folio reads is this large: such a file is told by its size and date, never read through
            feed(label, file_digest(path) if info.st_size <= MAX_READ_BYTES else f"{info.st_size} {info.st_mtime_ns}")
        except OSError as error:  # removed or made unreadable while we looked: the build says so where it is used
            feed(label, f"unreadable {error.errno}")
    return digest.hexdigest()


def input_files(root: Path, out: Path) -> list[tuple[str, Path]]:
    """Every file that can reach an edition, labelled by where it is, in a stable order."""
    skip = {out.resolve(), cache_folder().resolve()}
    seen: dict[Path, str] = {}
    for path in walk(root, skip):
        seen.setdefault(path, "report:" + path.relative_to(root).as_posix())
    for path in walk(PACKAGE, skip):  # folio's code, styles, fonts and templates
        seen.setdefault(path, "folio:" + path.relative_to(PACKAGE).as_posix())
    return sorted(((label, path) for path, label in seen.items()), key=lambda item: item[0])


def walk(top: Path, skip: set[Path]) -> Iterator[Path]:
    """Regular files under ``top``, past tool folders, virtual environments and ``skip``.

    Nothing but a regular file inside ``top`` is ever opened: a FIFO, a device
    or a socket, and a link that leads outside (to ``/etc/passwd``, ``/proc``
    or a device), are passed over by their kind as ``lstat``/``stat`` tell it.
    The build refuses any of them that the report uses, at the line that uses it.
    """
    real_top = top.resolve()
    for folder, folders, files in os.walk(top, followlinks=False):
        here = Path(folder)
        folders[:] = sorted(
            name
            for name in folders
            if name not in TOOL_FOLDERS
            and (here / name) not in skip
            and not (here / name / "pyvenv.cfg").exists()
            and not (here / name / "CACHEDIR.TAG").exists()
        )
        for name in files:
            path = here / name
            if name != STATE_FILE and regular_inside(path, real_top):
                # A link inside the report is read through: its target's content is what counts.
                yield path


def regular_inside(path: Path, top: Path) -> bool:
    """Whether ``path`` is a regular file, or a link to one inside ``top``; learnt without opening anything."""
    try:
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            if not path.resolve().is_relative_to(top):
                return False
            mode = path.stat().st_mode
    except (OSError, RuntimeError):  # gone, unreadable, or a loop of links
        return False
    return stat.S_ISREG(mode)


def installed_packages() -> list[str]:
    """Every installed distribution with its version (WeasyPrint, fontTools, pikepdf, ...)."""
    found = []
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        found += [f"{folder}/{name}" for name in names if name.endswith((".dist-info", ".egg-info"))]
    return sorted(found)


def text_libraries() -> list[str]:
    """The system text libraries, by the file the dynamic linker would load (its name carries the version)."""
    try:
        listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return ["ldconfig unavailable"]
    found = []
    for line in listing.splitlines():
        name, _, path = line.strip().partition(" => ")
        if name.startswith(TEXT_LIBRARIES):
            found.append(f"{name} {os.path.realpath(path)}")
    return sorted(found)


def read_state(out: Path) -> dict[str, Written]:
    """The editions ``out`` holds according to its state file; empty when there is none or it is unreadable."""
    try:
        data = json.loads((out / STATE_FILE).read_text("utf-8"))
        if data.get("format") != FORMAT:
            return {}
        return {key: Written(key=key, **entry) for key, entry in data["editions"].items()}
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return {}


def stale(out: Path, keys: Iterable[str], inputs: str) -> tuple[str, ...]:
    """The keys among ``keys`` whose edition in ``out`` must be (re)built."""
    known = read_state(out)
    return tuple(key for key in keys if not is_current(out, known.get(key), inputs))


def is_current(out: Path, written: Written | None, inputs: str) -> bool:
    if written is None or written.inputs != inputs:
        return False
    path = out / written.file
    return path.is_file() and file_digest(path) == written.sha256


def state_text(out: Path, built: Mapping[str, tuple[str, Path]], inputs: str) -> str:
    """The new state file: the editions just built (key → output name, staged file) over the ones kept."""
    kept = {key: written for key, written in read_state(out).items() if (out / written.file).is_file()}
    for key, (name, staged) in built.items():
        kept = {k: w for k, w in kept.items() if w.file != name}
        kept[key] = Written(key=key, file=name, inputs=inputs, sha256=file_digest(staged))
    entries = {key: {"file": w.file, "inputs": w.inputs, "sha256": w.sha256} for key, w in sorted(kept.items())}
    return json.dumps({"format": FORMAT, "editions": entries}, indent=1, sort_keys=True) + "\n"
