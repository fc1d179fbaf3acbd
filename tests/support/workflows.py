"""The GitHub workflow linter, where the test extras install it."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def actionlint() -> str | None:
    """The actionlint program, beside this Python (the test extras) or on PATH; None when there is none."""
    beside_python = Path(sys.executable).parent / "actionlint"
    return str(beside_python) if beside_python.exists() else shutil.which("actionlint")
