"""Generated input thrown at the loader: the only failure is a located report error.

Hypothesis writes profile YAML (arbitrary text, and mappings of real and
made-up fields with values of every YAML type), chapter headers, and chapter
Markdown built from the characters that make pandoc's syntax.  Whatever it
writes, checking the report either succeeds or raises ``ReportError`` whose
every problem names a file of the report and a line inside that file.
"""

from __future__ import annotations

import datetime
import re
import shutil
import tempfile
from pathlib import Path

import yaml
from conftest import REPORTS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from folio.errors import Problems, ReportError
from folio.markdown.render import render_markdown
from folio.run.cache import Cache
from folio.source.fields import territories
from folio.source.load import load_report
from folio.source.profiles import PROFILE_FIELDS, load_profile

NAMES = territories("en")
PROFILE = (REPORTS / "letter-scripts" / "profiles" / "vn-ca-phe.yaml").read_text(encoding="utf-8")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.dates(min_value=datetime.date(1, 1, 1)),
    st.sampled_from(
        ["JP", "vn", "2019", "https://example.com", "ftp://x", "images/x.png", "../x.png", "", " ", "~", "null", "yes", "0x1F", "1e999"]
    ),
)
values = st.recursive(
    scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=12
)
keys = st.sampled_from(PROFILE_FIELDS) | st.text(min_size=1, max_size=12)
profile_data = st.dictionaries(keys, values, max_size=len(PROFILE_FIELDS) + 3)

# the characters of YAML's syntax, to make text that is nearly YAML
yaml_text = st.text(alphabet=st.sampled_from(list("abc: -\n\t'\"[]{}&*!|>#%@`,?~\\\u00e9\u3042\ufeff\r\x00")), max_size=200)


def mutated(text: str) -> st.SearchStrategy[str]:
    """``text`` with a slice replaced by generated near-YAML."""
    return st.tuples(st.integers(0, len(text)), st.integers(0, 40), yaml_text).map(lambda t: text[: t[0]] + t[2] + text[t[0] + t[1] :])


def assert_located(problems: list, files: dict[str, str]) -> None:
    """Each problem names one of ``files`` and, when it gives a line, a line of that file."""
    assert problems, "a failure must say why"
    for problem in problems:
        assert problem.path in files, problem
        text = files[problem.path]
        # YAML also breaks lines at NEL, LS and PS (U+0085, U+2028, U+2029); its marks count those
        lines = len(re.split("[\n\x85\u2028\u2029]", text))
        assert problem.line is None or 1 <= problem.line <= lines, (problem, lines)
        assert problem.message and "\n" not in problem.message and "Traceback" not in problem.message


def try_profile(text: str | bytes) -> None:
    folder = Path(tempfile.mkdtemp(prefix="folio-prop-"))
    try:
        path = folder / "jp-example.yaml"
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
        problems = Problems(root=folder)
        profile = load_profile(path, "profiles/jp-example.yaml", problems, NAMES)
        if profile is None or problems.items:  # a profile with mistakes is kept for the checks of its story, never built
            body = path.read_bytes().decode("utf-8", "replace").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
            assert_located(problems.items, {"profiles/jp-example.yaml": body})
    finally:
        shutil.rmtree(folder)


@settings(max_examples=300, deadline=None)
@given(profile_data)
def test_generated_profile_fields(data: dict) -> None:
    try_profile(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@settings(max_examples=300, deadline=None)
@given(st.one_of(yaml_text, mutated(PROFILE), st.text(max_size=300)))
def test_generated_profile_text(text: str) -> None:
    try_profile(text.encode("utf-8", "surrogatepass"))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_generated_profile_bytes(data: bytes) -> None:
    try_profile(data)


# -- chapters: header and Markdown through the real pandoc ----------------------------------------

MARKDOWN_PIECES = [
    "[", "]", "(", ")", "{", "}", "#", "##", "*", "_", "^", "~", "`", "```", ":::", "@", "!", "<", ">", "|", "-", ":", "=", "\"", "'", "\\",
    "\n", "\n\n", "  ", "\t", "word", "é", "東京", "[^1]", "[^1]: note", "^[inline]", "[@fixture-book]", "@nobody", "#scripts", "(#tables)",
    "(images/bars.svg)", "(../x.png)", "(https://example.com)", "(javascript:x)", "{lang=ja}", "{lang=??}", "{#id}", "{.decorative}",
    "{onclick=x}", '{style="background:url(x)"}', "<script>", "</script>", "<a href=\"x\">", "<img src=x>", "<!--", "-->", "$x^2$", "$$",
    "```{=latex}", "`x`{=latex}", "| a | b |\n|---|---|", "- item", "1. item", "> quote", "Term\n:   definition", "---", "...",
    "\ufeff", "\r\n",
]  # fmt: skip
markdown = st.lists(st.sampled_from(MARKDOWN_PIECES), max_size=40).map("".join)


def try_report(chapter: str | bytes) -> None:
    folder = Path(tempfile.mkdtemp(prefix="folio-prop-")) / "report"
    shutil.copytree(REPORTS / "letter-scripts", folder)
    try:
        path = folder / "chapters" / "tables.md"
        if isinstance(chapter, bytes):
            path.write_bytes(chapter)
        else:
            path.write_text(chapter, encoding="utf-8", errors="surrogatepass")
        try:
            report = load_report(folder)
            render_markdown(report, Cache(None), check_only=True)
        except ReportError as error:
            files = {}
            for shown in {p.path for p in error.problems}:
                data = (folder / shown).read_bytes() if (folder / shown).is_file() else b""
                files[shown] = data.decode("utf-8", "replace").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
            assert_located(error.problems, files)
    finally:
        shutil.rmtree(folder.parent)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown)
def test_generated_chapter_markdown(body: str) -> None:
    try_report("---\ntitle: Tables\nid: tables\n---\n\n" + body + "\n")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(yaml_text, st.text(max_size=200)), markdown)
def test_generated_chapter_header(header: str, body: str) -> None:
    try_report(("---\n" + header + "\n---\n" + body).encode("utf-8", "surrogatepass"))
