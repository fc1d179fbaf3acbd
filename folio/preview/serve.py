"""The live preview: ``python build.py serve [--port N] [--pdf]``.

The author's loop.  The HTML edition is built in memory and served on
127.0.0.1 only; the report's folders (and the style and template folders) are
watched, and each change rebuilds the page and reloads it in the open browser.
A rebuild redoes only what changed: pandoc runs again only for the sources
whose text changed (the content-addressed cache), and a change to a stylesheet
or template alone skips reading the report and pandoc altogether.

A report error never stops the server: the page keeps the last good build and
shows the errors over it, each as ``path:line: message``, until a change fixes
them.  With ``--pdf`` the PDF edition is rebuilt after each change too, by the
ordinary ``build.py pdf`` in a process of its own, so the preview never waits
for it.

The page learns about builds from a server-sent event stream
(``/_folio/events``); the script that listens to it lives in
``templates/serve/`` and is included only in the preview, never in an edition.
"""

from __future__ import annotations

import errno
import json
import stat
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from folio.assemble.bidi import with_directions
from folio.assemble.editions import render_template, stylesheets
from folio.assemble.teamcss import team_css
from folio.errors import ReportError
from folio.folder import media_type, real
from folio.markdown.render import Fragments, render_markdown
from folio.markdown.smart import smart_report
from folio.model import Report
from folio.paths import TEMPLATES
from folio.run.cache import Cache, cache_folder
from folio.run.request import EXIT_USAGE, Log, Request
from folio.sandbox import own_templates, template_problem
from folio.source.load import load_report

HOST = "127.0.0.1"
"""The preview is for the author's own browser: never reachable from another machine."""
REPORT_FOLDERS = ("chapters", "profiles", "images", "data", "styles", "templates")
"""The folders of a report folder that hold its sources (besides the YAML files at its top)."""
SERVED_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".css", ".woff", ".woff2", ".ttf", ".otf"})
"""Files of the report folder the page may load (its images); nothing else is served."""
LOOK_ONLY = frozenset({".css", ".j2"})
"""A change to these alone needs the page rendered again, not the report read again."""
HEARTBEAT = 15.0


@dataclass(frozen=True, slots=True)
class Status:
    """What the preview shows now."""

    page_version: int = 0
    """Counts good builds; the open page reloads when this passes its own."""
    page: bytes | None = None
    """The last good page (``None`` before the first good build)."""
    problems: tuple[str, ...] = ()
    """The errors of the latest build of the page, as ``path:line: message``."""
    pdf_problems: tuple[str, ...] = ()
    """The errors of the latest background PDF build (``--pdf``), shown with the others."""

    def event(self) -> bytes:
        data = json.dumps({"page": self.page_version, "problems": [*self.problems, *self.pdf_problems]})
        return f"event: status\ndata: {data}\n\n".encode()


class Board:
    """The status, shared between the rebuild loop and the threads that answer the browser."""

    def __init__(self) -> None:
        self._status = Status()
        self._changed = threading.Condition()
        self._serial = 0

    @property
    def status(self) -> Status:
        with self._changed:
            return self._status

    def update(self, **fields: object) -> None:
        with self._changed:
            self._status = replace(self._status, **fields)
            self._serial += 1
            self._changed.notify_all()

    def wait(self, serial: int, timeout: float) -> tuple[int, Status]:
        """Wait until the status changed after ``serial`` (or ``timeout``); the new serial and status."""
        with self._changed:
            self._changed.wait_for(lambda: self._serial != serial, timeout)
            return self._serial, self._status


@dataclass(frozen=True, slots=True)
class Built:
    """A good build, kept so that a change to the look alone can skip reading the report."""

    report: Report
    fragments: Fragments


class Previewer:
    """Builds the preview page and publishes it on the board."""

    def __init__(self, source: Path, board: Board, log: Log) -> None:
        self.source = source
        self.board = board
        self.log = log
        self.cache = Cache(cache_folder())
        self.built: Built | None = None
        self.root = source.resolve()

    def rebuild(self, changed: Iterable[Path] = ()) -> bool:
        """Build the page again; True when it built.  Report errors go to the board, never up."""
        changed = list(changed)
        start = time.perf_counter()
        runs_before = self.cache.misses
        # The last good report and fragments serve again only when nothing but the look changed
        # and the last build was good (else its errors would vanish with a stylesheet edit).
        look_only = (
            self.built is not None
            and not self.board.status.problems
            and bool(changed)
            and all(path.suffix in LOOK_ONLY for path in changed)
        )
        try:
            if not look_only or self.built is None:
                report = smart_report(load_report(self.source), self.cache)
                self.built = Built(report, render_markdown(report, self.cache))
            page = self.render(self.built, self.board.status.page_version + 1)
        except ReportError as error:
            self.fail([str(problem) for problem in error.problems])
            return False
        except Exception as error:  # noqa: BLE001 (the server must outlive anything a rebuild raises)
            problem = template_problem(error, own_templates(self.source))
            if problem is not None:
                self.fail([str(problem)])
            else:
                traceback.print_exc()
                self.fail([f"folio failed with {type(error).__name__}: {error} (a bug in folio; the traceback is in the terminal)"])
            return False
        self.board.update(page=page, page_version=self.board.status.page_version + 1, problems=())
        # Editors save through temporary files that are gone by now: name what is still there.
        what = (
            ", ".join(sorted({self.shown(path) for path in changed if path.exists()} or {self.shown(path) for path in changed}))
            or "first build"
        )
        runs = self.cache.misses - runs_before
        self.log.info(
            f"{what}: page rebuilt in {time.perf_counter() - start:.2f} s ({'look only' if look_only else f'pandoc ran {runs} times'})"
        )
        return True

    def render(self, built: Built, version: int) -> bytes:
        sheets = [path.read_text("utf-8") for path in stylesheets(built.report, "html")] + [team_css(built.report)]
        css = Markup("\n".join(sheets))
        html = render_template(
            built.report, built.fragments, "serve/preview.html.j2", "html", linked=True, inline_css=css, preview_version=version
        )
        return with_directions(html).encode("utf-8")

    def fail(self, problems: list[str]) -> None:
        count = len(problems)
        self.log.info(f"{count} error{'s' if count != 1 else ''}; the page keeps the last good build:")
        for problem in problems:
            self.log.info(f"  {problem}")
        self.board.update(problems=tuple(problems))

    def shown(self, path: Path) -> str:
        try:
            return real(path).relative_to(self.root).as_posix()
        except ValueError:  # folio's own styles and templates
            return f"{path.parent.name}/{path.name}"

    def watched(self) -> tuple[Path, ...]:
        """Every folder whose files the build reads, each watched on its own (never the whole tree)."""
        tops = [self.root / name for name in REPORT_FOLDERS]
        if self.built is not None:
            tops += [*self.built.report.style_dirs, *self.built.report.template_dirs]
        folders = {self.root}
        for top in tops:
            if top.is_dir():
                folders.add(top.resolve())
                folders.update(sub.resolve() for sub in top.rglob("*") if sub.is_dir() and not sub.name.startswith("."))
        return tuple(sorted(folders))


class PdfRebuilder:
    """The PDF built in the background after each good rebuild: one run at a time, the latest change last."""

    def __init__(self, command: list[str], request: Request, board: Board, log: Log) -> None:
        self.command = [*command, "pdf", "--source", str(request.source), "--out", str(request.out), "-q"]
        self.out = request.out
        self.says = request.says("pdf")
        self.board = board
        self.log = log
        self._lock = threading.Lock()
        self._running: subprocess.Popen | None = None
        self._again = False
        self._stopped = False

    def request(self) -> None:
        with self._lock:
            if self._stopped:
                return
            if self._running is not None:
                self._again = True  # the run under way reads older sources: run once more after it
                return
            self._start()

    def _start(self) -> None:
        process = subprocess.Popen(self.command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        self._running = process
        threading.Thread(target=self._finish, args=(process, time.perf_counter()), name="folio-preview-pdf", daemon=True).start()

    def _finish(self, process: subprocess.Popen, start: float) -> None:
        _, stderr = process.communicate()
        with self._lock:
            self._running = None
            stopped = self._stopped
            if self._again and not stopped:
                self._again = False
                self._start()
        if stopped:
            return
        if process.returncode == 0:
            self.log.info(f"PDF rebuilt in {time.perf_counter() - start:.1f} s into {self.out}")
            self.board.update(pdf_problems=())
            return
        lines = [line for line in stderr.splitlines() if line.strip()]
        if process.returncode == 1:  # report errors, one per line, then a summary line
            problems = tuple(f"PDF: {line}" for line in lines[:-1]) or ("PDF: the build failed",)
        else:
            problems = (f"PDF: {self.says} failed (exit status {process.returncode}); its output is in the terminal",)
            self.log.info(stderr)
        for problem in problems:
            self.log.info(problem)
        self.board.update(pdf_problems=problems)

    def stop(self) -> None:
        with self._lock:
            self._stopped = True
            process = self._running
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def serve(request: Request, log: Log, pdf_command: list[str]) -> None:
    """Serve the preview until Ctrl-C; ``pdf_command`` is this program, to rebuild the PDF with."""
    import watchfiles

    board = Board()
    previewer = Previewer(request.source, board, log)
    server = start_server(request.port, board, previewer.root, request.says("serve"))
    pdf = PdfRebuilder(pdf_command, request, board, log) if request.serve_pdf else None
    log.info(f"serving the preview at http://{HOST}:{server.server_address[1]}/ (Ctrl-C to stop)")
    try:
        since = time.time()
        if previewer.rebuild() and pdf:
            pdf.request()
        while True:
            folders = previewer.watched()
            changes = watchfiles.watch(*folders, recursive=False, debounce=400, step=30, rust_timeout=1000, yield_on_timeout=True)
            first = True
            for batch in changes:
                paths = {Path(path) for _, path in batch}
                if first:  # a file saved while the watcher was starting is a change too
                    paths |= set(changed_since(folders, since))
                    first = False
                if paths:
                    since = time.time()
                    if previewer.rebuild(sorted(paths)) and pdf:
                        pdf.request()
                if previewer.watched() != folders:
                    break  # a folder came or went: watch the new set
    except KeyboardInterrupt:
        log.info("preview stopped")
    finally:
        server.shutdown()
        server.server_close()
        if pdf:
            pdf.stop()


def changed_since(folders: tuple[Path, ...], since: float) -> list[Path]:
    """Files directly in ``folders`` modified after ``since`` (seconds since the epoch)."""
    found = []
    for folder in folders:
        try:
            entries = list(folder.iterdir())
        except OSError:
            continue
        for path in entries:
            try:
                if path.is_file() and path.stat().st_mtime > since:
                    found.append(path)
            except OSError:
                continue
    return found


def start_server(port: int, board: Board, root: Path, command: str = "folio serve") -> ThreadingHTTPServer:
    handler = type("PreviewHandler", (PreviewHandler,), {"board": board, "root": root})
    try:
        server = ThreadingHTTPServer((HOST, port), handler)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            print(f"{command}: port {port} is in use; choose another with --port", file=sys.stderr)
            raise SystemExit(EXIT_USAGE) from None
        raise
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="folio-preview-server", daemon=True).start()
    return server


class PreviewHandler(BaseHTTPRequestHandler):
    """``/``: the page; ``/_folio/events``: build events; else an image of the report folder."""

    board: Board
    root: Path
    server_version = "folio-preview"

    def do_GET(self) -> None:
        if not self.host_allowed():
            # a page of another site reaching this port through its own name (DNS rebinding) reads nothing
            self.send(HTTPStatus.FORBIDDEN, b"this preview answers only at its own address, 127.0.0.1 or localhost", "text/plain")
            return
        path = request_path(self.path)
        if path is None:
            self.send(HTTPStatus.BAD_REQUEST, b"malformed path", "text/plain; charset=utf-8")
        elif path in ("/", "/index.html"):
            self.send_page()
        elif path == "/_folio/events":
            self.send_events()
        else:
            self.send_file(path)

    def send_page(self) -> None:
        status = self.board.status
        body = status.page if status.page is not None else waiting_page()
        self.send(HTTPStatus.OK, body, "text/html; charset=utf-8")

    def send_events(self) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        serial, status = self.board.wait(-1, 0)  # -1: no serial yet, so this returns the current one at once
        try:
            self.wfile.write(b"retry: 500\n\n" + status.event())
            self.wfile.flush()
            while True:
                newer, status = self.board.wait(serial, HEARTBEAT)
                self.wfile.write(status.event() if newer != serial else b": still here\n\n")
                self.wfile.flush()
                serial = newer
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded

    def host_allowed(self) -> bool:
        """Whether the request names this server as the browser reached it: 127.0.0.1 or localhost, and its port."""
        port = self.server.server_address[1]
        names = {f"{HOST}:{port}", f"localhost:{port}"} | ({HOST, "localhost"} if port == 80 else set())
        return (self.headers.get("Host") or "").strip().lower() in names

    def send_file(self, path: str) -> None:
        data = self.read_served(path)
        if data is None:
            self.send(HTTPStatus.NOT_FOUND, b"not found", "text/plain; charset=utf-8")
            return
        self.send(HTTPStatus.OK, data, media_type(Path(path)))

    def read_served(self, path: str) -> bytes | None:
        """The bytes of an image or font of the report folder at ``path``; ``None`` for anything else."""
        try:
            target = (self.root / path.lstrip("/")).resolve()
            inside = target.is_relative_to(self.root) and not any(part.startswith(".") for part in target.relative_to(self.root).parts)
            if not inside or target.suffix.lower() not in SERVED_SUFFIXES or not stat.S_ISREG(target.stat().st_mode):
                return None  # a FIFO or a device is never opened
            return target.read_bytes()
        except (OSError, ValueError, RuntimeError):  # RuntimeError: a loop of links
            return None

    def send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would bury the rebuild lines


MAX_PATH = 1024
"""Characters of a request's path, escapes undone: far beyond any file of a report folder."""


def request_path(raw: str) -> str | None:
    """The path a request asks for, escapes undone; ``None`` when it is malformed (a 400).

    A NUL, a control character, an escape that is not UTF-8, a name longer
    than a file system allows, or a path beyond :data:`MAX_PATH` names no file
    of a report.
    """
    if len(raw) > 3 * MAX_PATH:
        return None
    try:
        path = unquote(urlsplit(raw).path, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None
    if not path.startswith("/") or len(path) > MAX_PATH or any(ord(char) < 0x20 or ord(char) == 0x7F for char in path):
        return None
    if any(len(part.encode("utf-8")) > 255 for part in path.split("/")):
        return None
    return path


def waiting_page() -> bytes:
    """The page before the first good build: the errors, and a reload once they are fixed."""
    folder = TEMPLATES
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(default=True))
    return env.get_template("serve/waiting.html.j2").render(preview_version=0).encode("utf-8")
