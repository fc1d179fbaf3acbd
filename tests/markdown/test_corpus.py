"""pandoc's own Markdown test suite as one chapter, as written: it builds in every edition, with located warnings only.

The suite (``../shared/corpus/pandoc-testsuite.txt``, or ``$FOLIO_CORPUS``,
read from there at test time) holds nearly every Markdown construct, and some
that no edition can hold as written: a ``<script>`` block, links to paths
that are not in the report (``/url``), an empty link, a reference link
``[not][]`` that matches no definition, the same raw ``id`` three times, and
images named without a folder (``lalune.jpg``).  pandoc publishes them; folio
leaves the script out, prints those links' text as text, gives the second and
third ``id="bar"`` ids of their own, finds the pictures in ``images/`` or beside
the chapter, and says each at its line.  With ``--strict`` the same warnings
fail the build.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import builds_editions, copy_report, run_build
from support.paths import CORPUS

SUITE = CORPUS / "pandoc-testsuite.txt"
HEADER = "---\ntitle: Pandoc test suite\nid: testsuite\n---\n\n"
OFFSET = HEADER.count("\n")

pytestmark = pytest.mark.skipif(
    not SUITE.is_file(), reason=f"the peer test corpus is not here ({SUITE}); it is shared beside the repository"
)


def report_with(tmp_path: Path, text: str) -> Path:
    """A report whose one chapter is ``text``: lalune.jpg in images/, movie.jpg beside the chapter, as the suite names them."""
    source = copy_report("minimal", tmp_path)
    (source / "chapters" / "one.md").unlink()
    (source / "chapters" / "testsuite.md").write_text(HEADER + text, encoding="utf-8")
    report = source / "report.yaml"
    report.write_text(report.read_text().replace("chapters/one.md", "chapters/testsuite.md"))
    (source / "images").mkdir()
    shutil.copy(CORPUS / "lalune.jpg", source / "images" / "lalune.jpg")
    shutil.copy(CORPUS / "movie.jpg", source / "chapters" / "movie.jpg")
    return source


def corpus_line(needle: str, start: int = 1) -> int:
    """The chapter line (header included) of the first corpus line at or after ``start`` holding ``needle``."""
    lines = SUITE.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[start - 1 :], start):
        if needle in line:
            return number + OFFSET
    raise AssertionError(f"{needle!r} is not in the corpus")


ADVICE = "link to #ID, to a chapter's file (NAME.md), or to an absolute https:// URL"


def nowhere(target: str, text: str) -> str:
    return f'link to "{target}" is not a part of the report, so "{text}" prints without a link; {ADVICE}'


def second_bar(new: str) -> str:
    return f'id "bar" is already used in chapters/testsuite.md, so this one is "{new}"; give each element its own id'


EXPECTED = [  # (line in the corpus file, warning): what no edition holds as written, where it is written
    (12, nowhere("/url", "embedded link")),
    (387, "raw HTML <script> is left out of every edition (scripts never run in the editions)"),
    (458, second_bar("bar-1")),
    (460, second_bar("bar-2")),
    (470, nowhere("/url", "emphasized link")),
    # raw TeX pandoc keeps as TeX: no edition sets it, so it is said (a TeX page break is the one kind folio sets)
    (517, 'raw TeX "\\cite[22-23]{smith.1899}" is left out of every edition; write it in Markdown (folio sets no TeX)'),
    (537, 'raw TeX "\\begin{tabular}{|l|l|}\\hline" is left out of every edition; write it in Markdown (folio sets no TeX)'),
    (603, nowhere("/url/", "URL")),
    *[(line, nowhere("/url/", "URL and title")) for line in (605, 607, 609, 611, 613)],
    (615, nowhere("/url/with_underscore", "with_underscore")),
    (619, 'link "Empty" has no target, so its text prints without a link; write [Empty](#ID) or [Empty](https://…)'),
    (623, nowhere("/url/", "bar")),
    (627, nowhere("/url/", "embedded [brackets]")),
    (629, nowhere("/url/", "b")),
    (631, nowhere("/url", "once")),
    (633, nowhere("/url", "twice")),
    (635, nowhere("/url", "thrice")),
    # the suite means "[not][]" as text (its definition is indented into a code block), as pandoc prints it
    (
        637,
        'reference link "[not][]": no chapter defines [not] and no heading is titled "not", so it prints as text; '
        "add a line '[not]: https://…' or '[not]: #ID', or write the link as [not](#ID)",
    ),
    (648, nowhere("/url/", "bar")),
    (650, nowhere("/url/", "biz")),
    (660, nowhere("/script?foo=1&bar=2", "inline link")),
    (662, nowhere("/script?foo=1&bar=2", "inline link in pointy braces")),
]


def expected_warnings() -> list[str]:
    return [f"warning: chapters/testsuite.md:{line + OFFSET}: {message}" for line, message in EXPECTED]


def test_each_warning_is_at_the_line_that_writes_the_construct() -> None:
    suite = SUITE.read_text(encoding="utf-8").splitlines()
    for line, message in EXPECTED:
        written = message.split('"')[3] if message.startswith("link to") else message.split('"')[1] if '"' in message else "<script"
        assert written.split("/")[0].strip("[]").replace("\\", "") in suite[line - 1].replace("\\", ""), (line, message)


def test_check_warns_at_each_construct_and_strict_makes_them_fail(tmp_path: Path) -> None:
    source = report_with(tmp_path, SUITE.read_text(encoding="utf-8"))
    run = run_build("check", "--source", source)
    assert run.code == 0, run.stderr
    assert [line for line in run.stderr.splitlines() if line.startswith("warning:")] == expected_warnings()

    strict = run_build("check", "-q", "--strict", "--source", source)
    assert strict.code == 1
    assert strict.stderr.splitlines() == [*expected_warnings(), f"{len(EXPECTED)} warnings (--strict)"]

    out = tmp_path / "strict-out"
    strict = run_build("pdf", "-q", "--strict", "--source", source, "--out", out)
    assert strict.code == 1
    assert strict.stderr.splitlines()[-1] == f"{len(EXPECTED)} warnings (--strict); nothing was written to {out}"
    assert not out.exists()


@pytest.fixture(scope="module")
@builds_editions
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    tmp_path = tmp_path_factory.mktemp("suite")
    source = report_with(tmp_path, SUITE.read_text(encoding="utf-8"))
    out = tmp_path / "out"
    return out, run_build("pdf", "epub", "html", "docx", "--source", source, "--out", out)


@pytest.mark.slow
def test_the_suite_as_written_builds_in_every_edition_with_warnings_only(built) -> None:
    from support.epub import SUCCESS, epubcheck

    out, run = built
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert [line for line in run.stderr.splitlines() if line.startswith("warning:")] == expected_warnings()
    assert {p.name for p in out.iterdir()} >= {"minimal.pdf", "minimal.epub", "minimal.html", "minimal.docx"}
    assert epubcheck(out / "minimal.epub") == SUCCESS


@pytest.mark.slow
def test_what_was_warned_about_is_published_as_the_warnings_say(built) -> None:
    import subprocess

    out, run = built
    assert run.code == 0, run.stderr
    with zipfile.ZipFile(out / "minimal.epub") as epub:
        xhtml = "".join(epub.read(name).decode("utf-8") for name in epub.namelist() if name.endswith(".xhtml"))
        pictures = [name for name in epub.namelist() if name.endswith(".jpg")]  # the cover is a PNG
    html = (out / "minimal.html").read_text("utf-8")
    pdf_text = subprocess.run(["pdftotext", str(out / "minimal.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    for edition in (xhtml, html):
        assert "document.write" not in edition and "<script" not in edition
        assert 'href="/url' not in edition and 'href="/script' not in edition
        assert "embedded link" in edition and "inline link in pointy braces" in edition
        assert 'id="bar"' in edition and 'id="bar-1"' in edition and 'id="bar-2"' in edition
        assert edition.count('id="bar"') == 1
    assert "document.write" not in pdf_text
    assert "This should [not][] be a link." in pdf_text
    assert "Here is a movie" in pdf_text
    assert len(pictures) == 2  # lalune.jpg from images/, movie.jpg from beside the chapter


def test_every_heading_of_the_suite_gets_the_id_pandoc_gives_it() -> None:
    """folio numbers headings over the whole report itself, with pandoc's rule: on the suite, to the letter."""
    from folio import pandoc
    from folio.ast import walk
    from folio.markdown.links import crossrefs
    from folio.model import Source

    text = SUITE.read_text(encoding="utf-8")
    source = Source(path="chapters/testsuite.md", line=1, text=text)
    alone = crossrefs.parse_alone(source, None)
    auto = iter(crossrefs.heading_ids([source], [alone], lambda ident: False)[source.path])
    given = [node["c"][1][0] or next(auto) for node in walk(alone.document["blocks"]) if node["t"] == "Header"]
    document, _ = pandoc.to_json(text, "markdown")
    wanted = [node["c"][1][0] for node in walk(document["blocks"]) if node["t"] == "Header"]
    assert len(given) > 30
    assert given == wanted
