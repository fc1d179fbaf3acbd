"""The documentation site: ``mkdocs build --strict`` passes, offline, and its reference pages are folio's code.

The site is built once into a temporary folder, as ``make test`` builds it;
the tests read the built HTML.  The reference pages must follow the code:
every field the loaders read, every option the parsers take, every message
the test tables assert, every WeasyPrint patch module; and every link folio
prints in a message leads to a page and an anchor the site has.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT

from folio.cli import parser
from folio.project import DOCS
from folio.source.schema import CHAPTER, PROFILE, REPORT

sys.path.insert(0, str(ROOT / "tools"))

import docs_reference  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mkdocs = Path(sys.executable).parent / "mkdocs"
    if not mkdocs.exists():
        if os.environ.get("CI"):
            pytest.fail("mkdocs is missing under CI: make installs the docs extra")
        pytest.skip("mkdocs is not installed: pip install -e '.[docs]'")
    folder = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [str(mkdocs), "build", "--strict", "--site-dir", str(folder)], cwd=ROOT, capture_output=True, text=True, env=env, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return folder


class Page(HTMLParser):
    """A built page's text, ids, and the addresses it loads."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.text: list[str] = []
        self.ids: set[str] = set()
        self.loads: list[str] = []
        self.feed(path.read_text("utf-8"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag in ("script", "img", "iframe") and values.get("src"):
            self.loads.append(values["src"] or "")
        if tag == "link" and values.get("rel") in ("stylesheet", "preload", "preconnect") and values.get("href"):
            self.loads.append(values["href"] or "")

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def page(site: Path, path: str) -> Page:
    return Page(site / path / "index.html")


def test_the_site_builds_strictly_and_loads_nothing_from_elsewhere(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 30
    for path in pages:
        built = Page(path)
        outside = [address for address in built.loads if re.match(r"(https?:)?//", address)]
        assert outside == [], (path, outside)
        assert "fonts.googleapis" not in path.read_text("utf-8")


def test_every_section_of_the_manual_is_there(site: Path) -> None:
    for path in (
        "getting-started/install",
        "getting-started/first-report",
        "guides/chapters",
        "guides/profiles",
        "guides/key-figures",
        "guides/citations",
        "guides/maths",
        "guides/translations",
        "guides/print-and-press",
        "guides/word",
        "guides/preview",
        "guides/ci-and-releases",
        "guides/scripts-and-fonts",
        "guides/other-tools",
        "explanation/pipeline",
        "explanation/speed",
        "explanation/reproducibility",
        "explanation/fonts",
        "explanation/accessibility",
        "contributing/architecture",
        "contributing/tests",
        "contributing/weasyprint",
        "benchmarks",
    ):
        assert (site / path / "index.html").is_file(), path
    assert "pipx install ./folio_report-" in page(site, "getting-started/install").words


@pytest.mark.parametrize(
    ("path", "names", "required"),
    [
        ("reference/report-yaml", REPORT.names, {"title", "slug", "language", "publisher", "date", "identifier", "contents"}),
        ("reference/chapter-header", CHAPTER.names, {"title"}),
        ("reference/profile", PROFILE.names, {"name", "country", "city", "sector", "founded", "summary", "story"}),
    ],
)
def test_the_field_pages_are_the_schemas_fields(site: Path, path: str, names: tuple[str, ...], required: set[str]) -> None:
    html = (site / path / "index.html").read_text("utf-8")
    rows = re.findall(r"<tr>\s*<td><code>([a-z_]+)</code></td>\s*<td>(yes|no)</td>", html)
    assert [name for name, _ in rows] == list(names)
    assert {name for name, needed in rows if needed == "yes"} == required


def test_the_report_page_quotes_the_loaders_expectations(site: Path) -> None:
    words = page(site, "reference/report-yaml").words
    assert "a date like 2022-06-30 (YYYY-MM-DD)" in words
    assert "lower-case letters, digits and hyphens, like my-report" in words
    for kind in ("front:", "chapter:", "appendix:", "glossary:", "list_of_figures:", "list_of_tables:", "key_figures:", "bibliography:"):
        assert kind in words
    packed = "".join(words.split())  # the text of code spans comes apart from its sentence by a space
    for field in REPORT:  # each declaration's meaning and example
        meaning = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", field.meaning).replace("`", "")  # as the page prints it
        assert "".join(meaning[:30].split()) in packed, field.name
        assert "".join(f"{field.name}: {field.example}".split()) in packed, field.name
    assert "the title" in words and "ua-1" in words


def test_the_command_page_is_the_parsers(site: Path) -> None:
    words = page(site, "reference/cli").words
    for action in parser()._actions:
        if action.dest != "help":  # -h is argparse's own, the same for every command
            assert all(flag in words for flag in action.option_strings), action.option_strings
    assert "--strict" in words and "press" in words and "--lang" in words
    for command in ("build", "check", "serve", "proof", "new", "import", "completion"):
        assert f"folio {command}" in words


def test_every_message_the_tests_assert_is_on_the_errors_page(site: Path) -> None:
    """The test tables' exact messages (those that give a fix after "; ") each match a message the page lists."""
    messages = docs_reference.source_messages()
    patterns = [docs_reference.pattern_of(message) for message in messages]
    asserted = [text for text in docs_reference.table_examples() if "; " in text and "‹" not in text and "\n" not in text]
    missed = [text for text in asserted if not any(pattern.match(text) for pattern in patterns)]
    assert len(asserted) >= 100
    assert len(missed) <= len(asserted) // 20, missed  # a message made where the page cannot read it is the exception
    words = page(site, "reference/errors").words
    assert len(messages) >= 150
    assert "is defined but never called" in words and "check validates only" in words
    assert "--edition goes with the pdf target" in words  # the command line's own, exit 2


def test_the_weasyprint_page_has_every_patch(site: Path) -> None:
    words = page(site, "contributing/weasyprint").words
    modules = sorted(path.stem for path in (ROOT / "folio" / "pdf" / "weasy").glob("*.py") if path.stem != "__init__")
    assert modules and all(f"folio.pdf.weasy.{name}" in words for name in modules)


def test_every_address_folio_prints_is_a_page_of_the_site(site: Path) -> None:
    """Each ``docs('…')`` in folio's source, and each address of the site in the README and the starter, leads to a page and anchor."""
    assert re.search(r"^site_url: (\S+)$", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M).group(1) == DOCS
    addresses = []
    for path in sorted((ROOT / "folio").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "docs":
                assert isinstance(node.args[0], ast.Constant), path
                addresses.append(DOCS + node.args[0].value)
    for path in [ROOT / "README.md", *sorted((ROOT / "folio" / "starter" / "files").rglob("*"))]:
        if path.is_file():
            addresses += re.findall(re.escape(DOCS) + r"[\w/#.-]*", path.read_text("utf-8"))
    assert len(addresses) >= 5
    for address in addresses:
        where, _, anchor = address.removeprefix(DOCS).partition("#")
        built = site / where / "index.html"
        assert built.is_file(), address
        if anchor:
            assert anchor in Page(built).ids, address


def test_make_test_builds_the_site_strictly() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    test_target = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "mkdocs build --strict" in test_target
    assert shutil.which("make") is not None
