"""Special files and links in a report folder: refused without being opened.

A FIFO would make a read wait for ever, a device may do anything when it is
opened, and a link may lead anywhere on the machine.  Where the report uses
one (a chapter, a picture, a stylesheet, a font, a template, a profile, a
file a stylesheet names) the build stops with a located error and the
previous editions stay as they were; where nothing uses it, it is passed
over: under ``strace`` no process of a whole build opens it.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest
from conftest import copy_report
from support.bounded import measured, previous_editions, refused, snapshot
from support.trace import needs_strace, opened, traced_build

FIFO = "is a FIFO (a named pipe), not a file"


def report_with(tmp_path: Path) -> Path:
    source = copy_report("minimal", tmp_path)
    (source / "images").mkdir()
    (source / "styles").mkdir()
    return source


def test_special_files_the_report_uses_are_located_errors(tmp_path: Path) -> None:
    source = report_with(tmp_path)
    os.mkfifo(source / "images" / "pipe.png")
    os.mkfifo(source / "images" / "behind.png")
    (source / "images" / "link.png").symlink_to("behind.png")
    os.mkfifo(source / "chapters" / "two.md")
    (source / "chapters" / "loop-a.md").symlink_to("loop-b.md")
    (source / "chapters" / "loop-b.md").symlink_to("loop-a.md")
    (source / "chapters" / "one.md").write_text("---\ntitle: One\n---\n\n![a pipe](images/pipe.png)\n\n![a link to one](images/link.png)\n")
    os.mkfifo(source / "styles" / "print.css")
    (source / "styles" / "report.css").write_text("h1 { background: url(../images/pipe.png) }\n")
    (source / "styles" / "fonts").mkdir()
    os.mkfifo(source / "styles" / "fonts" / "extra.ttf")
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(source / "styles" / "web.css"))
    (source / "templates").mkdir()
    os.mkfifo(source / "templates" / "book.html.j2")
    (source / "profiles").mkdir()
    os.mkfifo(source / "profiles" / "pipe.yaml")
    report = source / "report.yaml"
    report.write_text(
        report.read_text() + "  - chapter: chapters/two.md\n  - chapter: chapters/loop-a.md\n  - profiles: {title: Businesses}\n"
    )
    out = tmp_path / "out"
    before = previous_editions(out, "minimal")

    run = measured("pdf", "epub", "html", "-q", "--source", source, "--out", out, timeout=120)

    assert refused(run) == [
        "chapters/loop-b.md: is not in report.yaml contents; add '- chapter: chapters/loop-b.md' there, or rename it _loop-b.md to keep it as a draft",  # noqa: E501
        f'chapters/one.md:5: image: "images/pipe.png" {FIFO}; name a file like images/NAME.png',
        f'chapters/one.md:7: image: "images/link.png" {FIFO}; name a file like images/NAME.png',
        f'profiles/pipe.yaml: file: "profiles/pipe.yaml" {FIFO}; name a file like profiles/NAME',
        f'report.yaml:9: contents: chapter: "chapters/two.md" {FIFO}; name a file like chapters/NAME.md',
        'report.yaml:10: contents: chapter: "chapters/loop-a.md" is a link that leads nowhere (a loop, or a missing file); copy the file in instead',  # noqa: E501
        f"styles/fonts/extra.ttf: {FIFO}; put the file itself here, or remove it",
        f"styles/print.css: {FIFO}; put the file itself here, or remove it",
        f'styles/report.css:1: url() "../images/pipe.png" {FIFO}; name a file',
        "styles/web.css: is a socket, not a file; put the file itself here, or remove it",
        f"templates/book.html.j2: {FIFO}; put the file itself here, or remove it",
    ]
    assert snapshot(out) == before


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device node needs root")
def test_a_device_node_in_the_folder_is_refused_unopened(tmp_path: Path) -> None:
    source = report_with(tmp_path)
    os.mknod(source / "images" / "zero.png", 0o666 | 0o020000, os.makedev(1, 5))  # a character device: /dev/zero's
    (source / "chapters" / "one.md").write_text("---\ntitle: One\n---\n\n![endless](images/zero.png)\n")

    run = measured("check", "-q", "--source", source, timeout=60)

    assert refused(run) == ['chapters/one.md:5: image: "images/zero.png" is a device, not a file; name a file like images/NAME.png']


def test_a_report_yaml_that_leads_outside_is_not_read(tmp_path: Path) -> None:
    source = report_with(tmp_path)
    outside = tmp_path / "elsewhere.yaml"
    (source / "report.yaml").rename(outside)
    (source / "report.yaml").symlink_to(outside)

    run = measured("check", "-q", "--source", source, timeout=60)

    assert refused(run) == ["report.yaml: is a link that leads outside the report folder; copy the file in instead"]


@pytest.mark.slow
@needs_strace
def test_unused_special_files_and_links_outside_are_never_opened(tmp_path: Path) -> None:
    """The up-to-date fingerprint reads every file of the folder: never these."""
    source = report_with(tmp_path)
    (source / "notes").mkdir()
    (source / "notes" / "passwd").symlink_to("/etc/passwd")
    (source / "notes" / "memory").symlink_to("/proc/self/mem")  # reading it gives EIO
    (source / "notes" / "zero").symlink_to("/dev/zero")  # endless
    (source / "notes" / "dangling").symlink_to(tmp_path / "nowhere")
    (source / "notes" / "loop").symlink_to("loop")
    os.mkfifo(source / "notes" / "pipe")
    os.mkfifo(source / "images" / "unused.png")
    (source / "images" / "chart.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    (source / "images" / "also.svg").symlink_to("chart.svg")  # a link inside: read through

    code, err, calls = traced_build(tmp_path, source, "pdf", "epub")

    assert code == 0, err
    paths = opened(calls)
    assert str(source / "images" / "chart.svg") in paths  # the fingerprint did read the folder
    never = ["/etc/passwd", "/proc/self/mem", "/dev/zero", str(source / "notes" / "pipe"), str(source / "images" / "unused.png")]
    # the folder notes/ is listed; nothing in it is opened
    assert not [path for path in paths if path in never or path.startswith(str(source / "notes") + "/")]


def test_file_names_are_printed_escaped(tmp_path: Path) -> None:
    """A name with a newline would print a forged second message; an escape sequence would rewrite the terminal."""
    source = report_with(tmp_path)
    forged = "x\nreport.yaml:1: all is well\x1b[2J\u202eevil.md"
    (source / "chapters" / forged).write_text("---\ntitle: T\n---\n\nText.\n")

    run = measured("check", "-q", "--source", source, timeout=60)

    assert refused(run) == [
        "chapters/x\\nreport.yaml:1: all is well\\x1b[2J\\u202eevil.md: is not in report.yaml contents; add '- chapter: "
        "chapters/x\\nreport.yaml:1: all is well\\x1b[2J\\u202eevil.md' there, or rename it _x\\nreport.yaml:1: all is "
        "well\\x1b[2J\\u202eevil.md to keep it as a draft"
    ]
    assert "\x1b" not in run.stderr and "\u202e" not in run.stderr


def test_folders_where_files_should_be(tmp_path: Path) -> None:
    source = report_with(tmp_path)
    (source / "styles" / "report.css").mkdir()
    (source / "styles" / "fonts" / "extra.ttf").mkdir(parents=True)
    (source / "templates" / "book.html.j2").mkdir(parents=True)
    (source / "images" / "x.png").mkdir()
    (source / "chapters" / "one.md").write_text("---\ntitle: One\n---\n\n![a folder](images/x.png)\n")
    out = tmp_path / "out"
    before = previous_editions(out, "minimal")

    run = measured("pdf", "epub", "html", "-q", "--source", source, "--out", out, timeout=120)

    assert refused(run) == [
        'chapters/one.md:5: image: "images/x.png" is a folder, not a file; name a file like images/NAME.png',
        "styles/fonts/extra.ttf: is a folder where folio reads a file of this name; put the file itself here, or remove it",
        "styles/report.css: is a folder where folio reads a file of this name; put the file itself here, or remove it",
        "templates/book.html.j2: is a folder where folio reads a file of this name; put the file itself here, or remove it",
    ]
    assert snapshot(out) == before


def test_oversized_files_are_refused_without_being_read_whole(tmp_path: Path) -> None:
    """A 100 MB chapter and a 50 MB profile (sparse: they take no disk), and a YAML alias bomb of a few lines."""
    source = report_with(tmp_path)
    with (source / "chapters" / "one.md").open("r+b") as chapter:
        chapter.truncate(100_000_000)
    (source / "profiles").mkdir()
    with (source / "profiles" / "big.yaml").open("wb") as profile:
        profile.truncate(50_000_000)
    levels = "abcdefghij"
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    bomb += "".join(f"{name}: &{name} [{', '.join([f'*{below}'] * 5)}]\n" for below, name in zip(levels, levels[1:], strict=False))
    (source / "profiles" / "aliases.yaml").write_text(bomb)
    report = source / "report.yaml"
    report.write_text(report.read_text() + "  - profiles: {title: Businesses}\n")

    run = measured("check", "-q", "--source", source, timeout=120)

    lines = refused(run)
    assert lines[0] == "chapters/one.md: is larger than 2000 kB; split it into smaller files"
    assert lines[1].startswith("profiles/aliases.yaml:") and "more than 50000 values once aliases (*name) are expanded" in lines[1]
    assert lines[2] == "profiles/big.yaml: is larger than 1000 kB; split it into smaller files"
    assert run.peak_mb < 200, f"peak memory {run.peak_mb:.0f} MB"


def test_an_svg_that_points_at_a_fifo_never_opens_it(tmp_path: Path) -> None:
    source = report_with(tmp_path)
    os.mkfifo(source / "images" / "pipe.png")
    (source / "images" / "x.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">\n<image href="pipe.png" width="10" height="10"/>\n</svg>\n'
    )
    (source / "chapters" / "one.md").write_text("---\ntitle: One\n---\n\n![a drawing](images/x.svg)\n")

    run = measured("pdf", "-q", "--source", source, "--out", tmp_path / "out", timeout=60)

    assert refused(run) == [
        'images/x.svg:2: <image href="pipe.png">: a picture may not load other files or URLs; embed the content in the SVG'
    ]


def test_a_huge_file_in_the_folder_is_not_read_through(tmp_path: Path) -> None:
    """100 GB (sparse: no disk) that no chapter uses: the up-to-date check tells it by size and date."""
    source = report_with(tmp_path)
    with (source / "images" / "huge.bin").open("wb") as huge:
        huge.truncate(100_000_000_000)

    run = measured("pdf", "-q", "--source", source, "--out", tmp_path / "out", timeout=300)

    assert run.code == 0, run.stderr
    assert (tmp_path / "out" / "minimal.pdf").is_file()
