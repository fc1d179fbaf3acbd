"""``python -m folio``: the same command line as ``build.py``, for the report folder given by ``--source`` (default: here)."""

import sys

from folio.cli import main

sys.exit(main())
