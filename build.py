#!/usr/bin/env python3
"""Build this repository's report: ``python build.py [pdf|epub|html|check|serve|proof] [--source DIR] [--out DIR]``.

The recipe itself is :func:`folio.recipe.run`; ``folio`` (or ``python -m folio``)
takes the same arguments for any report folder.  Run with any Python after
``make``: without folio's dependencies, this script hands itself to ``.venv``'s.
"""

import os
import sys
from importlib.util import find_spec
from pathlib import Path

HERE = Path(__file__).resolve().parent

if not all(find_spec(name) for name in ("weasyprint", "jinja2", "babel", "yaml")):
    venv = HERE / ".venv" / "bin" / "python"
    if not venv.is_file() or Path(sys.prefix).resolve() == (HERE / ".venv").resolve():
        raise SystemExit("folio's dependencies are not installed: run `make` first (it creates .venv)")
    os.execv(venv, [str(venv), __file__, *sys.argv[1:]])

from folio.cli import main  # noqa: E402  (after the check above, so a bare python finds .venv's)

if __name__ == "__main__":
    sys.exit(main(default_source=HERE, prog="build.py"))
