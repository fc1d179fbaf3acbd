#!/usr/bin/env python3
"""Regenerate the press edition's CMYK output profile, ``folio/styles/press/FOGRA39-coated.icc``.

Developer tool only: the build never runs it; it reads the profile this script wrote.

The profile characterises sheet-fed offset on coated paper (ISO 12647-2:2004/Amd 1,
paper type 1 or 2, the FOGRA39 condition a European print shop asks for). It is
made with ArgyllCMS ``colprof`` from Fogra's FOGRA39L measurement data as Debian's
``icc-profiles-free`` ships it (``FOGRA39L.ti3``, zlib licence); both are fetched
with apt (``apt-get download icc-profiles-free``, ``apt-get install argyll``):

    python3 tools/press_profile.py

Black generation: GCR ``-kr`` (a medium black), total ink 300 %, black 95 %: the
limits of ISO 12647-2 for coated paper.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "folio" / "styles" / "press" / "FOGRA39-coated.icc"
DESCRIPTION = "Coated FOGRA39 (ISO 12647-2:2004), folio"
COPYRIGHT = "zlib licence: made with ArgyllCMS colprof from the FOGRA39L data (Fogra) in icc-profiles-free; see press/LICENSE"


def main() -> int:
    if shutil.which("colprof") is None:
        print("colprof is missing: apt-get install argyll", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        subprocess.run(["apt-get", "download", "icc-profiles-free"], cwd=folder, check=True)
        package = next(folder.glob("icc-profiles-free_*.deb"))
        subprocess.run(["dpkg-deb", "-x", str(package), "root"], cwd=folder, check=True)
        shutil.copy(folder / "root/usr/share/color/icc/FOGRA39L.ti3", folder / "FOGRA39L.ti3")
        command = ["colprof", "-qm", "-kr", "-l300", "-L95", "-M", "FOGRA39", "-D", DESCRIPTION, "-C", COPYRIGHT]
        subprocess.run([*command, "-O", str(TARGET), "FOGRA39L"], cwd=folder, check=True)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
