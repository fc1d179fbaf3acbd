"""The live preview (``build.py serve``): a real server, real file edits, a real browser.

The browser tests drive Chromium through Playwright against the server that
``python build.py serve`` starts, edit files of a copy of a report as an
author would, and wait for the open page to change.  They skip, saying why,
where Playwright or a Chromium binary is missing (``.ci/run`` installs both).
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, Built, builds_editions, chromium_context, copy_main_report, copy_report
from support.preview import Preview

from folio.paths import STYLES

INTRO = "chapters/01-introduction.md"
CHALLENGES = "chapters/02-challenges.md"


@pytest.fixture
@builds_editions
def preview(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Preview]:
    """The preview of a writable copy of this repository's report."""
    server = Preview(copy_main_report(tmp_path), cache=tmp_path_factory.getbasetemp() / "folio-cache")
    server.wait_for_line(r"first build: page rebuilt")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    with chromium_context(tmp_path_factory) as context:
        yield context


# -- the server, without a browser ----------------------------------------------------------


def test_serves_the_page_and_the_report_images_only(preview: Preview) -> None:
    status, kind, body = preview.get("/")
    page = body.decode("utf-8")
    assert status == 200 and kind.startswith("text/html")
    assert "New Faces of Indo-Pacific Digital Trade" in page
    assert 'src="images/jp-kamiyui-washi.svg"' in page
    assert '<meta name="folio-preview" content="1">' in page
    assert "/_folio/events" in page

    status, kind, body = preview.get("/images/jp-kamiyui-washi.svg")
    assert (status, kind) == (200, "image/svg+xml") and body == (preview.source / "images/jp-kamiyui-washi.svg").read_bytes()
    for refused in ("/report.yaml", f"/{INTRO}", "/%2e%2e/%2e%2e/etc/passwd", "/images/../../etc/hostname", "/nothing.png"):
        assert preview.get(refused)[0] == 404, refused


def test_listens_on_loopback_only(preview: Preview) -> None:
    port = int(preview.url.rsplit(":", 1)[1].strip("/"))
    table = Path("/proc/net/tcp")
    if not table.exists():
        pytest.skip("no /proc/net/tcp to read listening sockets from")
    listening = [line.split()[1] for line in table.read_text().splitlines()[1:] if line.split()[3] == "0A"]
    assert f"0100007F:{port:04X}" in listening  # 127.0.0.1, in /proc's byte order
    assert f"00000000:{port:04X}" not in listening  # not every interface
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass


def test_events_announce_each_build_and_each_error(preview: Preview) -> None:
    with urllib.request.urlopen(preview.url + "_folio/events", timeout=30) as stream:

        def next_status() -> str:
            while not (line := stream.readline().decode("utf-8")).startswith("data: "):
                pass
            return line.removeprefix("data: ").strip()

        assert next_status() == '{"page": 1, "problems": []}'
        mark = len(preview.lines)
        preview.edit(CHALLENGES, "## ", "[a broken link](#no-such-part)\n\n## ")
        broken = next_status()
        assert broken.startswith('{"page": 1, "problems": ["chapters/02-challenges.md:') and "#no-such-part" in broken
        preview.wait_for_line(r"1 error; the page keeps the last good build", after=mark)
        preview.edit(CHALLENGES, "[a broken link](#no-such-part)\n\n", "")
        assert next_status() == '{"page": 2, "problems": []}'
    assert preview.process.poll() is None
    status, _, body = preview.get("/")
    assert status == 200 and b'<meta name="folio-preview" content="2">' in body


@pytest.mark.slow
def test_a_change_to_the_styles_alone_skips_pandoc(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    source = copy_report("minimal", tmp_path)
    (source / "styles").mkdir()
    (source / "styles" / "web.css").write_text((STYLES / "web.css").read_text("utf-8"), encoding="utf-8")
    server = Preview(source, cache=tmp_path_factory.getbasetemp() / "folio-cache")
    try:
        server.wait_for_line(r"first build: page rebuilt")
        mark = len(server.lines)
        with (source / "styles" / "web.css").open("a", encoding="utf-8") as css:
            css.write("\n.cover-title { letter-spacing: 0.0123em; }\n")
        server.wait_for_line(r"styles/web\.css: page rebuilt in [\d.]+ s \(look only\)", after=mark)
        assert b"letter-spacing: 0.0123em" in server.get("/")[2]

        # After an error the next build reads everything again, so a stylesheet edit cannot hide it.
        chapter = source / "chapters" / "one.md"
        chapter.write_text(chapter.read_text("utf-8") + "\n[broken](#nowhere)\n", encoding="utf-8")
        server.wait_for_line(r"1 error; the page keeps the last good build", after=mark)
        mark = len(server.lines)
        with (source / "styles" / "web.css").open("a", encoding="utf-8") as css:
            css.write("\n.cover-title { word-spacing: 0.01em; }\n")
        server.wait_for_line(r"1 error; the page keeps the last good build", after=mark)
    finally:
        server.stop()


@pytest.mark.slow
def test_pdf_option_rebuilds_the_pdf_after_each_change(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    from pypdf import PdfReader

    source = copy_report("minimal", tmp_path)
    out = tmp_path / "out"
    server = Preview(source, "--pdf", "--out", str(out), cache=tmp_path_factory.getbasetemp() / "folio-cache")
    try:
        server.wait_for_line(r"PDF rebuilt in [\d.]+ s")
        assert "Freshly written words" not in "".join(page.extract_text() for page in PdfReader(out / "minimal.pdf").pages)
        mark = len(server.lines)
        chapter = source / "chapters" / "one.md"
        chapter.write_text(chapter.read_text("utf-8") + "\nFreshly written words.\n", encoding="utf-8")
        server.wait_for_line(r"PDF rebuilt in [\d.]+ s", after=mark)
        assert "Freshly written words" in "".join(page.extract_text() for page in PdfReader(out / "minimal.pdf").pages)
        assert (out / "SHA256SUMS").read_text().endswith("  minimal.pdf\n")
    finally:
        server.stop()


@pytest.mark.slow
def test_ctrl_c_stops_the_preview_cleanly(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    server = Preview(
        copy_report("minimal", tmp_path), "--pdf", "--out", str(tmp_path / "out"), cache=tmp_path_factory.getbasetemp() / "folio-cache"
    )
    server.wait_for_line(r"first build: page rebuilt")
    server.process.send_signal(signal.SIGINT)
    assert server.process.wait(timeout=30) == 0
    server.wait_for_line(r"^preview stopped$")
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", int(server.url.rsplit(":", 1)[1].strip("/"))), timeout=2)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["serve", "pdf"], "serve runs the live preview; give it alone"),
        (["pdf", "--pdf"], "--port and --pdf go with the serve target"),
        (["html", "--port", "9000"], "--port and --pdf go with the serve target"),
        (["serve", "--port", "70000"], "--port 70000: choose a port from 1 to 65535 (0 picks a free one)"),
    ],
)
def test_command_line_mistakes(args: list[str], message: str) -> None:
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.strip().endswith(f"error: {message}")


def test_a_port_in_use_is_a_usage_error(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, str(ROOT / "build.py"), "serve", "--source", str(copy_report("minimal", tmp_path)), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert done.returncode == 2
    assert f"port {port} is in use; choose another with --port" in done.stderr


def test_editions_carry_no_preview_script(main_build: Built) -> None:
    html = main_build.html.read_text("utf-8")
    assert "folio-preview" not in html and "EventSource" not in html and "_folio/events" not in html


# -- in a real browser ----------------------------------------------------------------------


def test_an_edit_shows_in_the_open_page(preview: Preview, browser) -> None:
    page = browser.new_page()
    page.goto(preview.url)
    heading = page.locator("#intro-moved-online > h2")
    assert heading.inner_text() == "A region that moved online"
    page.evaluate("document.getElementById('intro-moved-online').scrollIntoView()")
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0

    started = time.perf_counter()
    preview.edit(INTRO, "## A region that moved online", "## A region that went online overnight")
    page.wait_for_function(
        "document.querySelector('#intro-moved-online > h2')?.innerText === 'A region that went online overnight'", timeout=30_000
    )
    latency = time.perf_counter() - started
    print(f"edit to browser: {latency:.2f} s")  # measured here, judged in tools/preview_latency.py, never asserted
    assert page.evaluate("document.querySelector('meta[name=folio-preview]').content") == "2"
    assert abs(page.evaluate("window.scrollY") - scrolled) < 400  # the reader stays where they were
    page.close()


def test_an_error_shows_over_the_last_good_page(preview: Preview, browser) -> None:
    page = browser.new_page()
    page.goto(preview.url)
    text = (preview.source / CHALLENGES).read_text("utf-8")
    line = text[: text.index("\n## ")].count("\n") + 2  # the broken link goes on the line before the first heading
    preview.edit(CHALLENGES, "\n## ", "\n[a broken link](#no-such-part)\n\n## ")
    overlay = page.locator("#folio-overlay")
    overlay.wait_for(state="visible", timeout=30_000)
    assert overlay.locator("h2").inner_text() == "The report has 1 error"
    problem = overlay.locator("li").inner_text()
    assert problem.startswith(f"{CHALLENGES}:{line}: link to #no-such-part")
    assert page.locator("h1.cover-title").is_visible()  # the last good build is still there, under the errors
    assert preview.process.poll() is None

    preview.edit(CHALLENGES, "\n[a broken link](#no-such-part)\n", "\nThe link is mended.\n")
    page.wait_for_function("document.body.innerText.includes('The link is mended.')", timeout=30_000)
    assert overlay.count() == 0
    page.close()


@pytest.mark.slow
def test_a_report_that_never_built_shows_its_errors_then_the_page(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, browser
) -> None:
    source = copy_report("minimal", tmp_path)
    report = source / "report.yaml"
    good = report.read_text("utf-8")
    report.write_text(good.replace("slug: minimal", "slug: Not A Slug"), encoding="utf-8")
    server = Preview(source, cache=tmp_path_factory.getbasetemp() / "folio-cache")
    try:
        server.wait_for_line(r"1 error; the page keeps the last good build")
        page = browser.new_page()
        page.goto(server.url)
        page.locator("#folio-overlay li").wait_for(timeout=30_000)
        assert page.locator("#folio-overlay li").inner_text().startswith("report.yaml:2: slug")
        report.write_text(good, encoding="utf-8")
        page.wait_for_function("document.title.startsWith('A Minimal Report')", timeout=30_000)
        assert page.locator("#folio-overlay").count() == 0
        page.close()
    finally:
        server.stop()
