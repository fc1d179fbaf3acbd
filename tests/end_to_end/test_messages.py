"""Messages a user reads: they name the command typed, report every mistake in one run, and leave no build path behind.

- ``serve`` on a busy port names the command as typed: ``folio serve``,
  ``python -m folio serve`` or ``build.py serve``.
- A profile with one wrong field keeps its id: a broken link elsewhere is
  reported in the same run, a link to that profile is not taken for one.
- The published web edition and EPUB carry no ``data-folio-src`` (the
  picture's file name is for the PDF's own messages).
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, Built, build_once, copy_report, run_build

FOLIO = Path(sys.executable).parent / "folio"


@pytest.fixture
def busy_port():
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        yield held.getsockname()[1]


@pytest.mark.parametrize(
    ("command", "named"),
    [
        ([str(FOLIO), "serve"], "folio serve"),
        ([sys.executable, "-m", "folio", "serve"], "python -m folio serve"),
        ([sys.executable, str(ROOT / "build.py"), "serve"], "build.py serve"),
    ],
    ids=["folio", "python -m folio", "build.py"],
)
def test_a_busy_port_is_named_with_the_command_typed(busy_port: int, command: list[str], named: str) -> None:
    if command[0] == str(FOLIO) and not FOLIO.exists():
        pytest.skip("the folio command is not installed in this environment")
    done = subprocess.run(
        [*command, "--source", str(ROOT / "tests" / "reports" / "minimal"), "--port", str(busy_port)],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1] == f"{named}: port {busy_port} is in use; choose another with --port"


def test_a_profile_with_a_wrong_field_keeps_its_id_for_the_links(tmp_path: Path) -> None:
    folder = copy_report("noticed", tmp_path)
    profile = folder / "profiles" / "tl-lorosae.yaml"
    profile.write_text(profile.read_text("utf-8").replace("founded: 2016", "founded: last year"), encoding="utf-8")
    chapter = folder / "chapters" / "market.md"
    chapter.write_text(
        chapter.read_text("utf-8") + "\nAsk [the co-op](#profile-tl-lorosae) or [its chair](#nowhere-at-all).\n", encoding="utf-8"
    )
    done = run_build("check", "--source", folder)
    assert done.code == 1
    lines = done.stderr.splitlines()
    assert any(re.match(r"profiles/tl-lorosae\.yaml:\d+: founded:", line) for line in lines), done.stderr
    assert any(re.match(r"chapters/market\.md:\d+: link to #nowhere-at-all:", line) for line in lines), "reported in the same run"
    assert not any("#profile-tl-lorosae" in line for line in lines), "the profile's id is known"
    assert lines[-1] == "2 errors"


def test_a_link_inside_a_broken_profiles_story_is_checked_too(tmp_path: Path) -> None:
    folder = copy_report("noticed", tmp_path)
    profile = folder / "profiles" / "tl-lorosae.yaml"
    text = profile.read_text("utf-8").replace("founded: 2016", "founded: soon")
    profile.write_text(text.replace("Each bag carries", "See [the prices](#no-such-part). Each bag carries"), encoding="utf-8")
    done = run_build("check", "--source", folder)
    assert done.code == 1
    assert re.search(r"profiles/tl-lorosae\.yaml:\d+: link to #no-such-part", done.stderr), done.stderr


@pytest.mark.slow
def test_published_files_carry_no_build_paths(tmp_path_factory: pytest.TempPathFactory) -> None:
    built: Built = build_once("noticed", tmp_path_factory)
    assert "data-folio-src" not in built.html.read_text("utf-8")
    with zipfile.ZipFile(built.epub) as epub:
        for name in epub.namelist():
            if name.endswith((".xhtml", ".html")):
                assert b"data-folio-src" not in epub.read(name), name
