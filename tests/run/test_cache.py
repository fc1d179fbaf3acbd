"""The content-addressed cache, and what it buys: an edit re-runs pandoc for the edited source only."""

from __future__ import annotations

import json
import stat
import sys
from pathlib import Path

import pytest
from conftest import builds_editions, copy_main_report, run_build

from folio import __version__
from folio.run.cache import Cache, cache_folder


def test_a_value_put_is_returned_by_a_later_cache_on_the_same_folder(tmp_path: Path) -> None:
    Cache(tmp_path).put(("parse", "3.9", "text"), {"blocks": [1, "二"]})
    later = Cache(tmp_path)
    assert later.get(("parse", "3.9", "text")) == {"blocks": [1, "二"]}
    assert (later.hits, later.misses) == (1, 0)


def test_any_change_in_the_key_misses(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put(("parse", "3.9", "text"), "value")
    assert cache.get(("parse", "3.9", "text ")) is None
    assert cache.get(("parse", "3.10", "text")) is None
    assert cache.misses == 2


def test_another_folio_version_never_reads_this_one_s_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Cache(tmp_path).put("key", "value")
    monkeypatch.setattr("folio.run.cache.__version__", __version__ + ".post1")
    assert Cache(tmp_path).get("key") is None


def test_a_damaged_entry_is_a_miss_not_a_crash(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    cache.put("key", "value")
    [entry] = tmp_path.rglob("*.json")
    entry.write_text('{"trunc', encoding="utf-8")
    fresh = Cache(tmp_path)
    assert fresh.get("key") is None
    fresh.put("key", "again")
    assert Cache(tmp_path).get("key") == "again"


def test_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    for n in range(5):
        cache.put(("k", n), "v" * n)
    assert sorted(p.name.startswith(".tmp-") for p in tmp_path.rglob("*") if p.is_file()) == [False] * 5


def test_without_a_folder_the_cache_lives_in_memory_only(tmp_path: Path) -> None:
    cache = Cache(None)
    cache.put("key", [1, 2])
    assert cache.get("key") == [1, 2]
    assert Cache(None).get("key") is None


def test_folio_cache_names_the_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FOLIO_CACHE", str(tmp_path / "here"))
    assert cache_folder() == tmp_path / "here"
    monkeypatch.delenv("FOLIO_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "folio"


# -- pandoc runs, counted by a pass-through in front of the real pandoc ---------------------
#
# The build runs in this process with folio's pandoc pointed at the pass-through,
# which logs each run's arguments and input and then runs the real pandoc.

COUNTING_PANDOC = """#!{python}
import os, subprocess, sys, uuid
args = sys.argv[1:]
if "--version" in args:
    os.execv({real!r}, [{real!r}, *args])
data = sys.stdin.buffer.read()
name = os.path.join({log!r}, uuid.uuid4().hex)
with open(name + ".json", "w") as stream:
    stream.write(__import__("json").dumps({{"args": args, "input": data.decode("utf-8")}}))
sys.exit(subprocess.run([{real!r}, *args], input=data).returncode)
"""


@pytest.fixture
@builds_editions
def counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``build(*args)`` in this process, every pandoc run logged; ``runs()`` takes the log."""
    from folio import pandoc

    log = tmp_path / "pandoc-log"
    log.mkdir()
    script = tmp_path / "pandoc"
    script.write_text(COUNTING_PANDOC.format(python=sys.executable, real=pandoc.executable(), log=str(log)), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(pandoc, "executable", lambda: str(script))
    monkeypatch.setenv("FOLIO_CACHE", str(tmp_path / "cache"))
    from folio.cli import main

    def build(*args: str | Path) -> int:
        return main([str(a) for a in args])

    def runs() -> list[dict]:
        found = []
        for path in sorted(log.glob("*.json")):
            found.append(json.loads(path.read_text("utf-8")))
            path.unlink()
        return found

    return build, runs


def writer(run: dict) -> str:
    return run["args"][run["args"].index("--to") + 1]


def test_editing_one_chapter_runs_pandoc_for_that_chapter_only(tmp_path: Path, counted) -> None:
    build, runs = counted
    source = copy_main_report(tmp_path)
    out = tmp_path / "out"
    assert build("html", "--source", source, "--out", out) == 0
    sources = len(list((source / "chapters").glob("*.md"))) + len(list((source / "profiles").glob("*.yaml")))
    assert len(runs()) > sources  # each source parsed and written, at least

    edited = sorted((source / "chapters").glob("*.md"))[1]
    marker = "Quokkaphrase"
    edited.write_text(edited.read_text("utf-8") + f"\nOne more sentence about {marker}.\n", encoding="utf-8")
    assert build("html", "--source", source, "--out", out) == 0

    after = runs()
    parses = [run for run in after if writer(run) == "json"]
    assert len(parses) == 1 and marker in parses[0]["input"]
    assert all(marker in run["input"] for run in after), [run["args"] for run in after if marker not in run["input"]]
    assert marker in (out / f"{slug_of(source)}.html").read_text("utf-8")


def test_an_unchanged_rebuild_runs_pandoc_for_nothing_but_the_epub(tmp_path: Path, counted) -> None:
    build, runs = counted
    source = copy_main_report(tmp_path)
    assert build("epub", "html", "--source", source, "--out", tmp_path / "one") == 0
    runs()
    assert build("epub", "html", "--source", source, "--out", tmp_path / "two") == 0
    assert [writer(run) for run in runs()] == ["epub3"]


def test_check_and_build_share_the_cache(tmp_path: Path, counted) -> None:
    build, runs = counted
    source = copy_main_report(tmp_path)
    assert build("check", "--source", source) == 0
    checked = {run["input"] for run in runs() if writer(run) == "json"}
    assert len(checked) > 5
    assert build("check", "--source", source) == 0
    assert runs() == []
    assert build("html", "--source", source, "--out", tmp_path / "out") == 0
    parsed = {run["input"] for run in runs() if writer(run) == "json"}
    assert not parsed & checked, "the build parses nothing that check parsed"


def slug_of(source: Path) -> str:
    import yaml

    return yaml.safe_load((source / "report.yaml").read_text("utf-8"))["slug"]


def test_the_pass_through_runs_the_real_pandoc(tmp_path: Path, counted) -> None:
    import subprocess

    from folio import pandoc

    _, runs = counted
    done = subprocess.run([pandoc.executable(), "--from", "markdown", "--to", "html"], input=b"*hi*", capture_output=True)
    assert done.stdout.strip() == b"<p><em>hi</em></p>"
    assert [run["input"] for run in runs()] == ["*hi*"]


# -- the screen layout's page map -------------------------------------------------------------


def test_a_page_map_comes_back_whole_and_any_layout_input_changes_its_key(tmp_path: Path) -> None:
    from conftest import copy_report

    from folio.assemble.pagestarts import PageMap, PageStart
    from folio.pdf.layout.cache import cached_page_map, layout_key, store_page_map
    from folio.source.load import load_report

    source = copy_report("minimal", tmp_path)
    (source / "styles").mkdir()
    report = load_report(source)
    sheet = tmp_path / "a.css"
    sheet.write_text("p { margin: 0 }", encoding="utf-8")
    key = layout_key(report, "<p>one</p>", [sheet])
    pages = PageMap(
        pages=(PageStart(label="i", part="cover"), PageStart(label="1", part="one", starts=("one",), text="abc", offset=3)),
        cover_pdf=b"%PDF-\x00\xff",
    )
    cache = Cache(tmp_path / "cache")
    store_page_map(cache, key, pages)
    assert cached_page_map(Cache(tmp_path / "cache"), key) == pages

    assert layout_key(report, "<p>two</p>", [sheet]) != key
    sheet.write_text("p { margin: 1pt }", encoding="utf-8")
    assert layout_key(report, "<p>one</p>", [sheet]) != key
    sheet.write_text("p { margin: 0 }", encoding="utf-8")
    assert layout_key(report, "<p>one</p>", [sheet]) == key
    (source / "styles" / "extra-font.otf").write_bytes(b"OTTO")
    assert layout_key(report, "<p>one</p>", [sheet]) != key


@pytest.mark.slow
def test_an_epub_alone_after_a_full_build_takes_the_page_map_from_the_cache(tmp_path: Path) -> None:
    from conftest import copy_report

    source = copy_report("minimal", tmp_path)
    env = {"FOLIO_CACHE": str(tmp_path / "cache")}
    full = run_build("pdf", "epub", "--source", source, "--out", tmp_path / "full", env=env)
    assert full.code == 0, full.stderr
    alone = run_build("epub", "-v", "--source", source, "--out", tmp_path / "alone", env=env)
    assert alone.code == 0, alone.stderr
    assert "page map came from the cache" in alone.stderr
    assert (tmp_path / "alone" / "minimal.epub").read_bytes() == (tmp_path / "full" / "minimal.epub").read_bytes()
