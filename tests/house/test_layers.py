"""The package's imports follow its stages: no cycle, and no stage reaching up to a later one.

The import graph is read with :mod:`ast` from every module of ``folio/``:
every ``import`` and ``from … import``, at module level, inside functions and
under ``if TYPE_CHECKING:`` alike (a function-level import hides a cycle, it
does not remove it).  ``from folio.x import y`` counts as an import of the
module ``folio.x.y`` where that is a module, else of ``folio.x``.

Two faults are looked for:

* a cycle: modules that import each other, directly or round a loop, and
  folders (each package its own node, each top-level module its own) that do;
* a climb: an import from an earlier stage to a later one, by :data:`STAGES`.
  Modules are collapsed to their stage: the folder under ``folio/`` they sit
  in, or ``base`` for the top-level modules other than the entry points.

A folder cycle or a climb always fails; a module cycle may be allowed in
:data:`ALLOWED_CYCLES`, with a reason, while it waits to be removed.

Run as a script (``python tests/house/test_layers.py``) it prints every cycle and
climb and their counts.
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "folio"

ENTRY = {"cli", "recipe", "__main__"}
"""Top-level modules that are not shared leaves but the top of the house: each is its own stage node."""

STAGES: list[tuple[str, ...]] = [
    # The shared leaves: the model, errors, paths, pandoc, the AST helpers, the
    # sandbox and its budget, the request a build is asked for (every
    # top-level module except the entry points in ENTRY).
    ("base",),
    # The registry of editions: each output's name, file, stylesheets and
    # standard, as data; the command line, run/, assemble/ and the writers read it.
    ("editions",),
    # Around the stages, leaning only on the base: the cache and files (every
    # stage remembers work in it), output, state, processes and signals.
    ("run",),
    # The sanitiser: a published file's HTML and every CSS a report brings,
    # read by a parser; stage 1 already checks an author's CSS with it.
    ("sanitise",),
    # TeX maths, a service of the stages: spans (stage 1 keeps the glyph check
    # off formulas), reading and drawing (stage 2), MathML and tags for the editions.
    ("maths",),
    # Stage 1: read and check the folder.  Stage-1 knowledge every later stage
    # shares sits here too: folio's own words per language, the page sizes.
    ("source",),
    # Stage 2: pandoc on every Markdown source.
    ("markdown",),
    # Stage 3: one edition's HTML (and the faces it embeds, maths included).
    ("assemble",),
    # The writers, side by side: none imports another.  What two of them share
    # (the page map, the cover's name, the edition's source text) sits in a
    # shared module below them.
    ("pdf", "epub", "word"),
    # The writers layer: each edition's writer, the hooks the recipe calls in
    # phases, and the build they share (the PDF processes, a PDF edition's
    # page map the EPUB follows), over the writing stages pdf/, epub/, word/.
    ("write",),
    # Folders that drive the writers: other formats read into a report folder
    # (importers/ reads Word through word/), the starter report.
    ("importers",),
    ("starter",),
    # The author's loop: live preview and proofs, built on the recipe's steps.
    ("preview",),
    # The recipe, then the command lines that run it.
    ("recipe",),
    ("cli",),
    ("tool",),
    ("__main__",),
]
"""The stages, earliest first.  A module may import its own stage and earlier ones; writers in one tuple are siblings."""

ALLOWED_CYCLES: dict[frozenset[str], str] = {}
"""Module cycles known and not yet removed, each with why it stays and what would remove it.

Only modules: a cycle between folders, or a climb, always fails.
"""


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int


@cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


@cache
def imports() -> list[Import]:
    """Every import from one folio module of another, wherever in the module it is written."""
    known = modules()

    def nearest(name: str) -> str:
        while name and name not in known:
            name = name.rpartition(".")[0]
        return name

    found: list[Import] = []
    for name, path in known.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package
                    for _ in range(node.level - 1):
                        anchor = anchor.rpartition(".")[0]
                    base = f"{anchor}.{base}" if base else anchor
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
            else:
                continue
            for target in targets:
                if target == "folio" or target.startswith("folio."):
                    found.append(Import(name, nearest(target), node.lineno))
    return found


def folder(module: str) -> str:
    """The package a module sits in; a top-level module is its own node."""
    path = modules()[module]
    parts = module.split(".")
    if path.name == "__init__.py" or len(parts) == 2:
        return module
    return ".".join(parts[:-1])


def stage(module: str) -> str:
    """The stage node of a module: its folder under ``folio/``, an entry point, or ``base``."""
    parts = module.split(".")
    if len(parts) == 1:
        return "base"
    if (PACKAGE / parts[1]).is_dir():
        return parts[1]
    return parts[1] if parts[1] in ENTRY else "base"


def rank(node: str) -> tuple[int, tuple[str, ...]]:
    for number, names in enumerate(STAGES):
        if node in names:
            return number, names
    raise AssertionError(f"folio/{node} has no place in STAGES of tests/house/test_layers.py: add it where its imports put it")


def strongly_connected(edges: Iterable[tuple[str, str]]) -> list[frozenset[str]]:
    """The graph's cycles: its strongly connected components of more than one node (Tarjan)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for start, end in edges:
        if start != end:
            graph[start].add(end)
            graph.setdefault(end, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for following in sorted(graph[node]):
            if following not in index:
                visit(following)
                low[node] = min(low[node], low[following])
            elif following in on_stack:
                low[node] = min(low[node], index[following])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph) + 100))
    try:
        for node in sorted(graph):
            if node not in index:
                visit(node)
    finally:
        sys.setrecursionlimit(limit)
    return found


def module_cycles() -> list[frozenset[str]]:
    """Modules that import each other."""
    return strongly_connected((i.importer, i.imported) for i in imports())


def folder_cycles() -> list[frozenset[str]]:
    """Folders (each package, each top-level module) that import each other."""
    return strongly_connected((folder(i.importer), folder(i.imported)) for i in imports())


def climbs() -> dict[tuple[str, str], int]:
    """Imports of a later stage, or of a sibling writer, with the line of the first."""
    found: dict[tuple[str, str], int] = {}
    for i in imports():
        (here, siblings), (there, _) = rank(stage(i.importer)), rank(stage(i.imported))
        sideways = here == there and stage(i.importer) != stage(i.imported) and len(siblings) > 1
        if there > here or sideways:
            found.setdefault((i.importer, i.imported), i.line)
    return found


def shown(component: frozenset[str]) -> str:
    return " ⇄ ".join(sorted(component))


def test_the_graph_is_read() -> None:
    found = imports()
    pairs = {(i.importer, i.imported) for i in found}
    assert ("folio.markdown.render", "folio.pandoc") in pairs
    assert len(pairs) > 300
    assert {stage(i.importer) for i in found} >= {"source", "markdown", "assemble", "pdf", "epub", "word", "base"}


def test_every_stage_folder_has_a_place() -> None:
    for path in PACKAGE.iterdir():
        if (path / "__init__.py").is_file():
            rank(path.name)


def test_the_measure_finds_a_cycle_and_a_climb() -> None:
    assert strongly_connected([("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]) == [frozenset("abc")]
    assert strongly_connected([("a", "b"), ("b", "c")]) == []
    assert folder("folio.pdf.layout.checks") == "folio.pdf.layout" and folder("folio.pdf.write") == "folio.pdf"
    assert folder("folio.pdf.layout") == "folio.pdf.layout" and folder("folio.recipe") == "folio.recipe"
    assert rank("source")[0] < rank("markdown")[0] < rank("assemble")[0] < rank("pdf")[0] == rank("epub")[0] < rank("recipe")[0]


def test_no_new_module_cycle() -> None:
    new = [shown(c) for c in module_cycles() if c not in ALLOWED_CYCLES]
    assert not new, "modules that import each other, round a loop; move what both need into a module below both:\n" + "\n".join(new)


def test_no_folder_cycle() -> None:
    found = [shown(c) for c in folder_cycles()]
    assert not found, (
        "folders that import each other; a package's own modules and its subfolders import in one direction, "
        "so move what the subfolder needs from above it down:\n" + "\n".join(found)
    )


def test_no_climb() -> None:
    found = [f"{a} imports {b} (line {line})" for (a, b), line in climbs().items()]
    assert not found, "an earlier stage imports a later one; move what it needs down:\n" + "\n".join(found)


def test_the_allowances_are_still_needed() -> None:
    stale = [shown(c) for c in ALLOWED_CYCLES if c not in module_cycles()]
    assert not stale, "allowed in tests/house/test_layers.py but gone from the code; drop the entry:\n" + "\n".join(stale)


if __name__ == "__main__":
    between_modules, between_folders, found_climbs = module_cycles(), folder_cycles(), climbs()
    for component in between_modules:
        print("module cycle:", shown(component))
    for component in between_folders:
        print("folder cycle:", shown(component))
    for (a, b), line in sorted(found_climbs.items()):
        print(f"climb: {a}:{line} → {b}")
    allowed = sum(c in ALLOWED_CYCLES for c in between_modules)
    print(f"{len(between_modules)} module cycles, {len(between_folders)} folder cycles, {len(found_climbs)} climbs ({allowed} allowed)")
