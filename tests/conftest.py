"""Shared test helpers: the project root, fixture reports, running the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from support.paths import CORPUS, REPORTS, ROOT  # noqa: F401 (CORPUS: for the test modules)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str


def ctrl_c_interrupts() -> None:
    """For a build started to be interrupted: Ctrl-C interrupts it, even when the tests run in the background.

    A shell starts a background job (``make test &``) with SIGINT ignored, and a
    process inherits that, so the build would never see the SIGINT a test sends.
    """
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_build(*args: str | Path, env: dict | None = None, cwd: Path | None = None, timeout: int = 600) -> Run:
    """``python build.py ARGS`` in a fresh process, exactly as a user runs it."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=cwd or ROOT,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def copy_report(name: str, target: Path) -> Path:
    """A writable copy of the fixture report ``tests/reports/NAME``."""
    folder = target / name
    shutil.copytree(REPORTS / name, folder)
    return folder


def copy_report_with_print_rule(name: str, target: Path, rule: str) -> Path:
    """A copy of fixture report ``name`` whose own ``styles/print.css`` is folio's with ``rule`` added.

    A report's own stylesheet takes the place of folio's sheet of the same name.
    """
    from folio.paths import STYLES

    folder = copy_report(name, target)
    (folder / "styles").mkdir()
    (folder / "styles" / "print.css").write_text((STYLES / "print.css").read_text() + f"\n{rule}\n")
    return folder


def copy_main_report(target: Path) -> Path:
    """A writable copy of the report this repository publishes."""
    folder = target / "main-report"
    folder.mkdir()
    for name in ("report.yaml", "references.yaml"):
        shutil.copy(ROOT / name, folder / name)
    for name in ("chapters", "profiles", "images", "data"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, folder / name)
    return folder


def shared_cache(factory: pytest.TempPathFactory) -> Path:
    """This test session's folio cache, for a build made before a test's own environment is set up."""
    return factory.getbasetemp() / "folio-cache"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test session uses its own folio cache, never the user's."""
    monkeypatch.setenv("FOLIO_CACHE", str(shared_cache(tmp_path_factory)))


def builds_editions(fixture):
    """Mark a fixture that builds an edition (PDF, EPUB, web page, Word file): every test using it is slow.

    Put it under ``@pytest.fixture``; a test that reaches the fixture through
    another fixture is slow too.
    """
    fixture.builds_editions = True
    return fixture


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark ``slow`` each test whose fixtures (all of them, at any depth) include one that builds editions.

    First of the collection hooks, so that ``-m "not slow"`` sees the marks.
    """
    for item in items:
        info = getattr(item, "_fixtureinfo", None)
        definitions = info.name2fixturedefs.values() if info else ()
        if any(getattr(definition.func, "builds_editions", False) for group in definitions for definition in group):
            item.add_marker(pytest.mark.slow)


@dataclass(frozen=True)
class Built:
    """Editions of one report, built once per test session by the real CLI."""

    source: Path
    out: Path
    slug: str
    run: Run

    @property
    def pdf(self) -> Path:
        return self.out / f"{self.slug}.pdf"

    @property
    def epub(self) -> Path:
        return self.out / f"{self.slug}.epub"

    @property
    def html(self) -> Path:
        return self.out / f"{self.slug}.html"


_BUILDS: dict[str, Built] = {}


def build_once(name: str, factory: pytest.TempPathFactory) -> Built:
    """Build ``name`` (a folder in tests/reports, or "main" for this repository's report) once."""
    if name not in _BUILDS:
        import yaml

        source = ROOT if name == "main" else REPORTS / name
        out = factory.mktemp(f"built-{name}")
        run = run_build(
            "pdf", "epub", "html", "--source", source, "--out", out, env={"FOLIO_CACHE": str(factory.getbasetemp() / "folio-cache")}
        )
        assert run.code == 0, run.stderr
        slug = yaml.safe_load((source / "report.yaml").read_text())["slug"]
        _BUILDS[name] = Built(source, out, slug, run)
    return _BUILDS[name]


@pytest.fixture(scope="session")
@builds_editions
def main_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The report this repository publishes: PDF (screen), EPUB and HTML."""
    return build_once("main", tmp_path_factory)


@pytest.fixture(scope="session")
@builds_editions
def scripts_build(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """tests/reports/letter-scripts: letter size, many scripts, long table, notes, SVG."""
    return build_once("letter-scripts", tmp_path_factory)


def camera_photo(path: Path, size: tuple[int, int] = (4000, 3000), orientation: int = 1) -> Path:
    """A JPEG as a camera writes it: ``size`` pixels of noise (which does not compress away), EXIF with a maker and ``orientation``."""
    from PIL import Image

    image = Image.merge("RGB", [Image.effect_noise(size, 60 + 10 * band) for band in range(3)])
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Example Camera Co."
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, quality=92, exif=exif.tobytes())
    return path


CHROMIUM_FLAGS = [  # headless Chromium on a closed network: no background requests
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    for name in (os.environ.get("FOLIO_CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if name and (found := shutil.which(name)):
            return found
    return None


@contextmanager
def chromium_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    """A Playwright browser context on Debian's Chromium (never Playwright's own download), closed after use."""
    playwright_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (pip install -e '.[test]')")
    executable = chromium_path()
    if executable is None:
        pytest.skip("no Chromium to drive: install Debian's chromium (apt-get install chromium) or set FOLIO_CHROMIUM")
    with playwright_api.sync_playwright() as playwright:
        profile = tmp_path_factory.mktemp("chromium-profile")
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=executable, headless=True, args=CHROMIUM_FLAGS
        )
        yield context
        context.close()
