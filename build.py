#!/usr/bin/env python3
"""Build this repository's report: ``python build.py [pdf|epub|html|check|serve|proof] [--source DIR] [--out DIR]``.

The recipe itself is :func:`folio.recipe.run`; ``folio`` (or ``python -m folio``)
takes the same arguments for any report folder.
"""

import sys
from pathlib import Path

from folio.cli import main

if __name__ == "__main__":
    sys.exit(main(default_source=Path(__file__).resolve().parent, prog="build.py"))
