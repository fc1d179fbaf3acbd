"""The live preview against a hostile browser page or a malformed request.

A real ``build.py serve`` answers raw HTTP requests: a page of another site
that reaches the port through its own name (DNS rebinding) gets nothing, a
malformed path is a 400 and the server keeps answering, and a FIFO among the
report's images is never opened.
"""

from __future__ import annotations

import http.client
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import builds_editions, copy_report
from support.preview import Preview


@pytest.fixture
@builds_editions
def preview(tmp_path: Path, tmp_path_factory: pytest.TempPathFactory):
    source = copy_report("minimal", tmp_path)
    (source / "images").mkdir()
    (source / "images" / "ok.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    os.mkfifo(source / "images" / "pipe.png")
    running = Preview(source, cache=tmp_path_factory.getbasetemp() / "folio-cache")
    running.wait_for_line(r"page rebuilt")
    yield running
    running.stop()


def ask(preview: Preview, path: str, host: str | None = "") -> tuple[int, bytes]:
    """A GET of ``path`` as written (no escaping), with ``host`` as the Host header (``""``: the server's own; ``None``: none)."""
    address = urlsplit(preview.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host or address.netloc)
        connection.endheaders()
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def test_answers_only_its_own_host_names(preview: Preview) -> None:
    port = urlsplit(preview.url).port
    assert ask(preview, "/")[0] == 200
    assert ask(preview, "/", f"localhost:{port}")[0] == 200
    assert ask(preview, "/", f"LOCALHOST:{port}")[0] == 200
    for host in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1:{port + 1}", f"127.0.0.1.nip.io:{port}", None):
        status, body = ask(preview, "/", host)
        assert status == 403, host
        assert b"A single paragraph" not in body
        assert ask(preview, "/images/ok.svg", host)[0] == 403
        assert ask(preview, "/_folio/events", host)[0] == 403
    assert ask(preview, "/images/ok.svg")[0] == 200


@pytest.mark.parametrize(
    "path",
    ["/%00", "/images/%00.png", "/images/" + "a" * 5000 + ".png", "/" + "a/" * 3000, "/images/%ff%fe.png", "/%0a.png", "/images/x%1b.svg"],
    ids=["nul", "nul-in-name", "long-name", "long-path", "not-utf8", "newline", "escape"],
)
def test_a_malformed_path_is_a_400(preview: Preview, path: str) -> None:
    status, _ = ask(preview, path)
    assert status == 400
    assert ask(preview, "/")[0] == 200  # and the server goes on answering
    assert not [line for line in preview.lines if "Traceback" in line]


def test_a_fifo_among_the_images_is_never_opened(preview: Preview) -> None:
    assert ask(preview, "/images/pipe.png")[0] == 404  # answered at once: opening it would wait for a writer
    assert ask(preview, "/images/ok.svg")[0] == 200
