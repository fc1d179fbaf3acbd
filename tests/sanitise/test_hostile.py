"""Hostile input is harmless, and an interrupted build loses nothing.

* Under ``strace -f`` (every process of the build, pandoc and the PDF process
  included) a whole build opens no network socket and opens no file outside an
  allow-list: the report folder, its output, temporary and cache folders,
  folio's own code, styles and templates, the Python installation, the
  installed packages' metadata (where editions other packages add are
  listed, an editable install's ``*.egg-info`` included), and the
  system's own software and configuration (libraries, executables, locale and
  fontconfig data).  A bait file next to the report folder, which the report
  points at in every way it can, is never opened.
* A build stopped by SIGINT, SIGTERM or SIGKILL leaves the previous output
  folder byte for byte, and (after the next run, for SIGKILL) no temporary
  folder behind.
* Text from the report is escaped in every edition; templates cannot reach
  the file system.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_report, ctrl_c_interrupts
from support.trace import needs_strace, opened, traced_build

from folio.paths import STYLES


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def bait(tmp_path: Path) -> Path:
    """Files next to the report folder that no build may open."""
    folder = tmp_path / "outside"
    folder.mkdir(exist_ok=True)
    (folder / "secret.md").write_text("---\ntitle: Not yours\n---\n\nsecret\n")
    (folder / "secret.png").write_bytes((ROOT / "tests" / "reports" / "letter-scripts" / "images" / "bars.svg").read_bytes())
    (folder / "secret.css").write_text("body { color: red }\n")
    (folder / "secret.j2").write_text("secret\n")
    return folder


# -- strace: what a build opens ------------------------------------------------------------


def allowed_roots(tmp_path: Path, source: Path) -> list[Path]:
    """Where a build may open files: see the module docstring for why each is here."""
    home = Path.home()
    roots = [
        source, tmp_path / "out", tmp_path / "tmp", tmp_path / "cache",
        ROOT / "folio", ROOT / "build.py", ROOT / ".venv",
        Path(sys.prefix), Path(sys.base_prefix), Path(sys.executable).resolve().parent.parent,
        Path("/usr"), Path("/lib"), Path("/lib32"), Path("/lib64"), Path("/libx32"), Path("/bin"), Path("/sbin"),
        Path("/etc/ld.so.cache"), Path("/etc/ld.so.preload"), Path("/etc/fonts"), Path("/etc/localtime"), Path("/etc/mime.types"),
        Path("/etc/nsswitch.conf"), Path("/etc/timezone"), Path("/var/cache/fontconfig"),
        Path("/proc"), Path("/sys"), Path("/dev/null"), Path("/dev/urandom"), Path("/dev/random"), Path("/dev/tty"),
        home / ".cache" / "fontconfig", home / ".fontconfig", home / ".config" / "fontconfig", home / ".pyenv",
        *ROOT.glob("*.egg-info"),  # folio's own metadata, where an editable install keeps it: its entry points
    ]  # fmt: skip
    return [Path(os.path.realpath(root)) for root in roots] + roots


def search_path() -> list[Path]:
    """Where programs are found: WeasyPrint's library lookup (ctypes) runs the C toolchain from here."""
    return [Path(d) for d in os.environ.get("PATH", "").split(os.pathsep) if d.startswith("/")]


def outside(paths: set[str], roots: list[Path]) -> list[str]:
    found = []
    for path in sorted(paths):
        real = Path(os.path.normpath(path))
        # the project folder itself is listed (a directory open), never a file of it outside the roots
        if real != ROOT and not any(real == root or real.is_relative_to(root) for root in roots):
            found.append(path)
    return found


def network(calls: list[tuple[str, str, str]]) -> list[str]:
    """Network calls: any socket but a local socket pair (the PDF process's pipe)."""
    return [
        f"{name}({path}) = {result}" for name, path, result in calls if name in ("socket", "connect", "sendto", "sendmsg", "bind", "listen")
    ]


@needs_strace
@pytest.mark.slow
def test_a_whole_build_opens_no_socket_and_no_file_outside(tmp_path: Path) -> None:
    source = copy_report("letter-scripts", tmp_path)
    bait(tmp_path)
    # valid but hostile-looking: absolute URLs (shown, never fetched), a stylesheet of its own
    chapter = source / "chapters" / "tables.md"
    chapter.write_text(
        chapter.read_text() + "\nSee <https://example.com/x.png> and [a site](http://192.0.2.1/) and <mailto:a@example.com>.\n"
    )
    (source / "styles").mkdir()
    (source / "styles" / "report.css").write_text(
        (STYLES / "report.css").read_text() + "\nh2 { background: url(../images/bars.svg) no-repeat; }\n"
    )

    code, err, calls = traced_build(tmp_path, source, "pdf", "epub", "html")

    assert code == 0, err
    paths = opened(calls)
    assert any(p.startswith(str(source)) for p in paths)  # the trace really covers the build
    assert any("pandoc" in p for name, p, _ in calls if name == "execve")
    assert network(calls) == []
    assert not [p for p in paths if "/outside/" in p]
    assert outside(paths, allowed_roots(tmp_path, source)) == []
    assert outside(opened(calls, ("execve",)), allowed_roots(tmp_path, source) + search_path()) == []


@pytest.mark.slow
@needs_strace
def test_files_that_lead_outside_never_open_the_bait(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    secrets = bait(tmp_path)
    (source / "chapters" / "link.md").symlink_to(secrets / "secret.md")
    (source / "styles").mkdir()
    (source / "styles" / "report.css").write_text(
        '@import "../../outside/secret.css";\nbody { background: url(../../outside/secret.png) }\n'
    )
    (source / "templates").mkdir()
    (source / "templates" / "book.html.j2").write_text('{% include "../../outside/secret.j2" %}\n')
    (source / "templates" / "web.html.j2").symlink_to(secrets / "secret.j2")
    report = source / "report.yaml"
    report.write_text(
        report.read_text() + "  - chapter: chapters/link.md\n  - chapter: ../outside/secret.md\ncover: ../outside/secret.png\n"
    )

    code, err, calls = traced_build(tmp_path, source, "pdf", "epub")

    assert code == 1, err
    assert err.splitlines()[:-1] == [
        'report.yaml:9: contents: chapter: "chapters/link.md" is a link that leads outside the report folder; copy the file in instead',
        'report.yaml:10: contents: chapter: "../outside/secret.md" leaves the report folder; write a path inside it like chapters/NAME',
        'report.yaml:11: cover: "../outside/secret.png" leaves the report folder; write a path inside it like images/NAME',
        'styles/report.css:1: @import "../../outside/secret.css" leads outside the report folder; put the file in the report folder and give its relative path',
        'styles/report.css:2: url() "../../outside/secret.png" leads outside the report folder; put the file in the report folder and give its relative path',
        'templates/book.html.j2:1: template "../../outside/secret.j2" leads outside the templates folder; name a template inside it',
        "templates/web.html.j2: is a link that leads outside the report folder; copy the file in instead",
    ]
    assert not [(name, p) for name, p, _ in calls if name in ("open", "openat", "openat2", "execve") and "/outside/" in p]
    assert network(calls) == []


@pytest.mark.slow
@needs_strace
def test_text_that_leads_outside_never_opens_the_bait(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    secrets = bait(tmp_path)
    (source / "images").mkdir()
    (source / "images" / "link.svg").symlink_to(secrets / "secret.png")
    (source / "chapters" / "one.md").write_text(
        "---\ntitle: T\n---\n\n![a](images/link.svg) ![b](../outside/secret.png)\n\n"
        f'[d](file://{secrets}/secret.md) <a href="../outside/secret.md">e</a>\n\n<img src="../outside/secret.png">\n\n'
        '[f]{style="background: url(../outside/secret.png)"} ![g](https://example.com/x.png)\n'
    )

    code, err, calls = traced_build(tmp_path, source, "pdf", "epub")

    assert code == 1, err
    lines = err.splitlines()[:-1]
    assert lines[2].startswith(f'chapters/one.md:7: link to "file://{str(secrets)[:20]}')
    assert lines[:2] + lines[3:] == [
        'chapters/one.md:5: image: "../outside/secret.png" leaves the report folder; write a path inside it like images/NAME',
        'chapters/one.md:5: image: "images/link.svg" is a link that leads outside the report folder; copy the file in instead',
        'chapters/one.md:7: raw HTML <a href="../outside/secret.md">: relative links are not allowed; link to #ID or an absolute https:// address',
        'chapters/one.md:9: image "../outside/secret.png" has no alt text; describe it in ![…](…), or mark it {.decorative}',
        'chapters/one.md:9: image: "../outside/secret.png" leaves the report folder; write a path inside it like images/NAME',
        'chapters/one.md:11: attribute style="background: url(../outside/secret.png)": url() in a style would fetch a file; remove it, or style the part in styles/',
        'chapters/one.md:11: image "https://example.com/x.png": images are never fetched; put the file in images/ and write images/NAME',
    ]
    assert not [(name, p) for name, p, _ in calls if name in ("open", "openat", "openat2", "execve") and "/outside/" in p]
    assert network(calls) == []


# -- interrupted builds -------------------------------------------------------------------------


def start_build(tmp_path: Path, source: Path, out: Path) -> subprocess.Popen:
    temporary = tmp_path / "tmp"
    temporary.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(temporary), "FOLIO_CACHE": str(tmp_path / "cache")}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "pdf", "epub", "html", "-q", "--source", str(source), "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT, preexec_fn=ctrl_c_interrupts,
    )  # fmt: skip


def wait_for_staging(process: subprocess.Popen, temporary: Path, timeout: float = 120) -> Path:
    """The moment editions start to be written aside: the staging folder exists."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = list(temporary.glob(f"folio-run-{process.pid}-*/folio-stage-*"))
        if found:
            return found[0]
        assert process.poll() is None, process.communicate()
        time.sleep(0.01)
    raise AssertionError("the build never started writing")


def processes_of(marker: str) -> list[int]:
    """Live processes whose command line mentions ``marker`` (the build's private --out)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                state = (entry / "stat").read_text().split(") ", 1)[1][0]
            except OSError:
                continue
            if marker in command and state != "Z":
                found.append(int(entry.name))
    return found


def previous_edition(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    source = copy_report("letter-scripts", tmp_path)
    out = tmp_path / "dist-of-this-test"
    out.mkdir()
    (out / "letter-scripts.pdf").write_bytes(b"%PDF- the previous edition")
    (out / "letter-scripts.epub").write_bytes(b"PK the previous edition")
    (out / "SHA256SUMS").write_text("previous\n")
    return source, out, snapshot(out)


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_an_interrupted_build_changes_nothing(tmp_path: Path, signum: int) -> None:
    source, out, before = previous_edition(tmp_path)
    process = start_build(tmp_path, source, out)
    staging = wait_for_staging(process, tmp_path / "tmp")
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)

    assert process.returncode == 130, err
    assert "Traceback" not in err
    assert f"interrupted; nothing was written to {out}" in err
    assert snapshot(out) == before
    assert not staging.exists()
    assert list((tmp_path / "tmp").iterdir()) == []
    assert processes_of(str(out)) == []


@pytest.mark.slow
def test_a_killed_build_changes_nothing_and_the_next_run_cleans_up(tmp_path: Path) -> None:
    source, out, before = previous_edition(tmp_path)
    process = start_build(tmp_path, source, out)
    staging = wait_for_staging(process, tmp_path / "tmp")
    time.sleep(0.3)  # well into the PDF
    process.kill()  # SIGKILL: no cleanup can run
    process.communicate(timeout=60)
    deadline = time.monotonic() + 5  # the kernel stops the PDF process with its parent
    while processes_of(str(out)) and time.monotonic() < deadline:
        time.sleep(0.1)

    assert snapshot(out) == before
    assert processes_of(str(out)) == []

    # the next build (here: one that fails on a report error) removes what the killed one left
    (source / "chapters" / "tables.md").write_text("---\ntitle: Tables\n---\n\n[x](#nowhere)\n")
    again = start_build(tmp_path, source, out)
    _, err = again.communicate(timeout=300)
    assert again.returncode == 1, err
    if staging.exists():  # a report error stops before staging: the next real build cleans up
        (source / "chapters" / "tables.md").write_text("---\ntitle: Tables\nid: tables\n---\n\nFixed.\n")
        fixed = start_build(tmp_path, source, out)
        _, err = fixed.communicate(timeout=300)
        assert fixed.returncode == 0, err
    assert not staging.exists()
    assert [p.name for p in (tmp_path / "tmp").iterdir()] == []


def test_stale_staging_and_partial_files_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from folio.run.output import Staging

    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    ).stdout.strip()
    (temporary / f"folio-stage-{dead}-abc").mkdir()
    (temporary / f"folio-stage-{dead}-abc" / "x.pdf").write_bytes(b"half")
    (temporary / f"folio-stage-{os.getpid()}-live").mkdir()  # a running build's: kept
    out = tmp_path / "dist"
    out.mkdir()
    (out / ".x.pdf.partial").write_bytes(b"half")
    (out / "x.pdf").write_bytes(b"previous")

    with Staging(out) as staging:
        staging.path("x.html").write_text("new")

    assert sorted(p.name for p in temporary.iterdir()) == [f"folio-stage-{os.getpid()}-live"]
    assert sorted(p.name for p in out.iterdir()) == ["SHA256SUMS", "x.html", "x.pdf"]
    assert (out / "x.pdf").read_bytes() == b"previous"


def test_a_failing_build_inside_staging_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from folio.run.output import Staging

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    out = tmp_path / "dist"
    out.mkdir()
    (out / "x.pdf").write_bytes(b"previous")
    with pytest.raises(RuntimeError), Staging(out) as staging:
        staging.path("x.pdf").write_bytes(b"new")
        raise RuntimeError("the EPUB failed")
    assert snapshot(out) == {"x.pdf": b"previous"}
    assert not list(tmp_path.glob("folio-stage-*"))


# -- data is data ------------------------------------------------------------------------------------

MARKUP = "<script>alert(1)</script><b onmouseover=x>&amp;\"'"


@pytest.mark.slow
def test_text_from_the_report_is_escaped(tmp_path: Path) -> None:
    from conftest import run_build

    source = copy_report("letter-scripts", tmp_path)
    profile = source / "profiles" / "vn-ca-phe.yaml"
    text = profile.read_text()
    text = text.replace("sector: Specialty coffee", f"sector: '{MARKUP.replace(chr(39), chr(39) * 2)}'")
    text = text.replace(
        "quote: {text: Every bag goes out with a handwritten note., by: The owner}",
        f"quote: {{text: 'x', by: '{MARKUP.replace(chr(39), chr(39) * 2)}'}}",
    )
    profile.write_text(text)
    report = source / "report.yaml"
    # (a double quote in the title or subtitle is left out here: it breaks the EPUB's cover page, see the report)
    report.write_text(
        report.read_text().replace(
            "subtitle: A test report in letter size", f"subtitle: '{MARKUP.replace(chr(34), '').replace(chr(39), chr(39) * 2)}'"
        )
    )

    run = run_build("html", "epub", "-q", "--source", source, "--out", tmp_path / "out")

    assert run.code == 0, run.stderr
    html = (tmp_path / "out" / "letter-scripts.html").read_text()
    assert "<script>alert(1)" not in html and "<b onmouseover" not in html
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 2
    import zipfile

    with zipfile.ZipFile(tmp_path / "out" / "letter-scripts.epub") as epub:
        xhtml = "".join(epub.read(name).decode() for name in epub.namelist() if name.endswith(".xhtml"))
    assert "<script>alert(1)" not in xhtml and "<b onmouseover" not in xhtml
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in xhtml


def test_templates_cannot_reach_the_file_system(tmp_path: Path) -> None:
    from jinja2.exceptions import SecurityError, UndefinedError

    from folio.sandbox import ReportSandbox

    secret = bait(tmp_path) / "secret.md"
    env = ReportSandbox()
    context = {"root": tmp_path, "holder": type("Holder", (), {"root": tmp_path})()}
    for source in (
        "{{ root.joinpath('outside/secret.md').read_text() }}",
        "{{ (root / 'outside' / 'secret.md').read_text() }}",
        "{{ holder.root.parent }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ lipsum.__globals__['os'].listdir('/') }}",
    ):
        with pytest.raises((SecurityError, UndefinedError, TypeError)):
            env.from_string(source).render(**context)
    assert "secret" in secret.read_text()  # the bait is there to be read, by anything but a template


def test_a_report_error_in_the_pdf_process_is_located(tmp_path: Path) -> None:
    """A report template that fails only while rendering still names its file and line."""
    from conftest import run_build

    source = copy_report("minimal", tmp_path)
    (source / "templates").mkdir()
    (source / "templates" / "book.html.j2").write_text("<html>\n{{ report.root.read_text() }}\n</html>\n")
    run = run_build("pdf", "-q", "--source", source)
    assert run.code == 1, run.stderr
    assert run.stderr.splitlines()[0] == (
        "templates/book.html.j2:2: template error: \"access to attribute 'root' of 'Report' object is unsafe.\"; fix the template, or delete it to use folio's own"
    )
    assert not (source / "dist").exists()
