"""``python -m folio``: the ``folio`` command (``build``, ``check``, ``new``, ``import`` …, or build.py's targets)."""

import sys

from folio.tool.command import main

sys.exit(main(name="python -m folio"))
