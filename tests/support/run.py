"""Running the installed ``folio`` command as a user does, in a fresh process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, Run


def folio(*args: str | Path, cwd: Path | None = None, timeout: int = 600, env: dict[str, str] | None = None) -> Run:
    """``python -m folio ARGS`` in a fresh process (what the ``folio`` script runs), ``env`` added to this one's."""
    done = subprocess.run(
        [sys.executable, "-m", "folio", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd or ROOT,
        env={**os.environ, **(env or {})},
    )
    return Run(done.returncode, done.stdout, done.stderr)
