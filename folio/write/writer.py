"""What writes one edition: a :class:`Writer`, whose hooks the recipe calls in phases.

An edition names its writer class as ``module:attribute``
(:attr:`folio.editions.edition.Edition.writer`).  For each edition a build
writes, the recipe makes one writer, ``Writer(edition)``, and calls every
writer's hook of one phase before any of the next, in the registry's order:

``prepare(build)``
    Before the report is read: start the processes it needs
    (:meth:`Build.process`), so they load while pandoc runs.
``start(build)``
    The report read (``build.report``, ``build.fragments``), before any
    edition is written: hand the long work to those processes.
``write(build)``
    Write its file to ``build.path(self.edition)`` in the staging folder.
``finish(build)``
    Wait for the work it handed off, and say how long it took.

Each hook does nothing unless the writer overrides it: a writer that only
writes a file overrides :meth:`Writer.write` alone.  This module imports
nothing of folio's at run time, so an edition another package adds can
subclass :class:`Writer` in the module it is declared in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from folio.editions.edition import Edition
    from folio.write.build import Build


class Writer:
    """Writes one edition in one language's build."""

    def __init__(self, edition: Edition) -> None:
        self.edition = edition

    def prepare(self, build: Build) -> None:
        """Before the report is read: start the processes this edition needs."""

    def start(self, build: Build) -> None:
        """Before any edition is written: hand work to the processes."""

    def write(self, build: Build) -> None:
        """Write the edition's file to ``build.path(self.edition)``."""

    def finish(self, build: Build) -> None:
        """Wait for the work handed off in :meth:`start`."""
