"""Where the tests find things: the repository, the tests' own folder, the fixture reports, the package, pandoc's corpus.

A test module takes these from here (or from ``conftest``, which takes them
from here), never from its own ``__file__``: test modules sit one folder down,
in the folder of the stage they test, and may move between those folders.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The repository: folio's package, build.py and the report this repository publishes."""

TESTS = ROOT / "tests"
REPORTS = TESTS / "reports"
"""The fixture reports, one folder each."""

PACKAGE = ROOT / "folio"

CORPUS = Path(os.environ.get("FOLIO_CORPUS", ROOT.parent / "shared" / "corpus"))
"""pandoc's Markdown test suite and user manual, read where they are (``$FOLIO_CORPUS`` to read them elsewhere)."""
