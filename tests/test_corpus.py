"""pandoc's own Markdown test suite as one chapter: located errors, never a traceback.

The suite (``../shared/corpus/pandoc-testsuite.txt``, or ``$FOLIO_CORPUS``,
read from there at test time) holds nearly every Markdown construct, and some
that the authoring contract refuses: a ``<script>`` block, links to relative
paths, images outside ``images/``, an empty link, a reference link
``[not][]`` that matches no definition, the same raw ``id`` three times.
HTML void elements written ``<hr>`` and a ``[^my note]`` (text, by pandoc's
rule) are accepted.  As it is, a report whose one chapter it is must fail
with exactly those errors, each at its line.  With only those constructs
mended (by this test, in a copy), it must build, and EPUBCheck must accept
its EPUB.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from conftest import copy_report, run_build

CORPUS = Path(os.environ.get("FOLIO_CORPUS", Path(__file__).resolve().parents[2] / "shared" / "corpus"))
SUITE = CORPUS / "pandoc-testsuite.txt"
HEADER = "---\ntitle: Pandoc test suite\nid: testsuite\n---\n\n"
OFFSET = HEADER.count("\n")

pytestmark = pytest.mark.skipif(
    not SUITE.is_file(), reason=f"the peer test corpus is not here ({SUITE}); it is shared beside the repository"
)


def report_with(tmp_path: Path, text: str) -> Path:
    source = copy_report("minimal", tmp_path)
    (source / "chapters" / "one.md").unlink()
    (source / "chapters" / "testsuite.md").write_text(HEADER + text, encoding="utf-8")
    report = source / "report.yaml"
    report.write_text(report.read_text().replace("chapters/one.md", "chapters/testsuite.md"))
    (source / "images").mkdir()
    for image in ("lalune.jpg", "movie.jpg"):
        shutil.copy(CORPUS / image, source / "images" / image)
    return source


def corpus_line(needle: str, start: int = 1) -> int:
    """The chapter line (header included) of the first corpus line at or after ``start`` holding ``needle``."""
    lines = SUITE.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[start - 1 :], start):
        if needle in line:
            return number + OFFSET
    raise AssertionError(f"{needle!r} is not in the corpus")


RELATIVE = "links go to #ID (a chapter, heading or profile-STEM) or an absolute https:// URL; relative paths are not allowed"
DUPLICATE = 'id "bar" is already used in chapters/testsuite.md; give each element its own id'
EXPECTED = [  # (line in the corpus file, message): what the contract refuses, where it is written
    (12, f'link to "/url": {RELATIVE}'),
    (387, "raw HTML <script> is not allowed (scripts never run in the editions); remove it"),
    (458, DUPLICATE),
    (460, DUPLICATE),
    (470, f'link to "/url": {RELATIVE}'),
    *[(line, f'link to "/url/": {RELATIVE}') for line in (603, 605, 607, 609, 611, 613)],
    (615, f'link to "/url/with_underscore": {RELATIVE}'),
    (619, 'link "Empty" has no target; write [text](#ID) or [text](https://…)'),
    (625, f'link to "/url/": {RELATIVE}'),  # reference links: at their definition
    # the suite means "[not][]" as text (its definition is indented into a code block);
    # in a report a reference link that matches nothing is a mistake
    (
        637,
        'reference link "[not][]": no chapter defines [not] and no heading is titled "not"; '
        "add a line '[not]: https://…' or '[not]: #ID', or write the link as [not](#ID)",
    ),
    *[(line, f'link to "/url": {RELATIVE}') for line in (639, 640, 642)],
    *[(line, f'link to "/url/": {RELATIVE}') for line in (646, 650, 652)],
    *[(line, f'link to "/script?foo=1&bar=2": {RELATIVE}') for line in (660, 662)],
    (691, 'image: "lalune.jpg" is not in images/; write images/NAME.png'),
    (693, 'image: "movie.jpg" is not in images/; write images/NAME.png'),
]


def test_the_suite_as_it_is_fails_with_located_errors(tmp_path: Path) -> None:
    source = report_with(tmp_path, SUITE.read_text(encoding="utf-8"))
    run = run_build("pdf", "epub", "-q", "--source", source)

    assert run.code == 1, run.stderr
    assert "Traceback" not in run.stderr
    assert not (source / "dist").exists()
    expected = [f"chapters/testsuite.md:{line + OFFSET}: {message}" for line, message in EXPECTED]
    assert run.stderr.splitlines() == [*expected, f"{len(expected)} errors; nothing was written to {source / 'dist'}"]
    # each line named holds the construct
    suite = SUITE.read_text(encoding="utf-8").splitlines()
    for line, message in EXPECTED:
        quoted = re.search(r'"([^"]+)"|<(\w+)>|link "(\w+)"', message)
        assert quoted and next(g for g in quoted.groups() if g) in suite[line - 1], (line, message)


def mended(text: str) -> str:
    """The suite with only the constructs the contract refuses rewritten."""
    text = re.sub(r"<script.*?</script>", "", text, flags=re.DOTALL)
    text = re.sub(r"(\]\(<?|\]: <?|\]: )/", r"\1https://example.com/", text)  # relative links become absolute URLs
    text = text.replace("[Empty]()", "[Empty](#testsuite)")
    text = text.replace("lalune.jpg", "images/lalune.jpg").replace("(movie.jpg)", "(images/movie.jpg)")
    text = text.replace("This should [not][] be a link.", "This should [not] be a link.")
    count = iter(range(1, 100))
    return re.sub(r'id="bar"', lambda _m: f'id="bar{next(count)}"', text)


@pytest.mark.slow
def test_the_mended_suite_builds_and_epubcheck_accepts_it(tmp_path: Path) -> None:
    from test_epub import SUCCESS, epubcheck

    source = report_with(tmp_path, mended(SUITE.read_text(encoding="utf-8")))
    out = tmp_path / "out"
    run = run_build("pdf", "epub", "html", "-q", "--source", source, "--out", out)

    assert run.code == 0, run.stderr
    assert {p.name for p in out.iterdir()} >= {"minimal.pdf", "minimal.epub", "minimal.html"}
    assert epubcheck(out / "minimal.epub") == SUCCESS


def test_every_heading_of_the_suite_gets_the_id_pandoc_gives_it() -> None:
    """folio numbers headings over the whole report itself, with pandoc's rule: on the suite, to the letter."""
    from folio import pandoc
    from folio.ast import walk
    from folio.markdown import crossrefs
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
