"""The whole pipeline through the real command line: targets, folders, exit codes."""

from __future__ import annotations

import random
import textwrap
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import Built, copy_report, run_build
from pypdf import PdfReader
from support.paths import PACKAGE


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def outline_titles(path: Path) -> list[str]:
    titles: list[str] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(PdfReader(path).outline)
    return titles


def test_main_report_builds_every_edition(main_build: Built) -> None:
    assert main_build.pdf.is_file() and main_build.epub.is_file() and main_build.html.is_file()
    sums = (main_build.out / "SHA256SUMS").read_text().splitlines()
    assert sorted(line.split()[1] for line in sums) == sorted(p.name for p in (main_build.pdf, main_build.epub, main_build.html))


def test_main_pdf_carries_every_part(main_build: Built) -> None:
    text = pdf_text(main_build.pdf)
    for title in ("The challenges", "Small business stories", "Conclusion and recommendations", "References"):
        assert title in text
    titles = outline_titles(main_build.pdf)
    for profile in ("Tidewrack Botanicals", "Sorideung", "Kamiyui Washi Atelier"):
        assert any(profile in title for title in titles), titles


def test_pdf_uses_only_the_shipped_fonts(main_build: Built, scripts_build: Built) -> None:
    for built in (main_build, scripts_build):
        with pikepdf.open(built.pdf) as pdf:
            names = {str(font.get("/BaseFont")) for page in pdf.pages for font in (page.Resources.get("/Font") or {}).values()}
        bare = {name.split("+", 1)[-1].lstrip("/") for name in names}
        assert bare and all(name.startswith(("Folio-", "Noto")) for name in bare), bare


def test_letter_size_fixture(scripts_build: Built) -> None:
    with pikepdf.open(scripts_build.pdf) as pdf:
        width, height = (float(v) for v in pdf.pages[0].MediaBox[2:])
    assert (round(width), round(height)) == (612, 792)
    text = pdf_text(scripts_build.pdf)
    for sample in ("Thành phố Hồ Chí Minh", "whānau", "Item number 80"):
        assert sample in text


def test_html_edition_is_one_file(main_build: Built) -> None:
    html = main_build.html.read_text("utf-8")
    assert "<style>" in html and 'rel="stylesheet"' not in html
    assert 'id="profile-kr-sorideung"' in html
    assert 'src="http' not in html


def test_epub_has_a_nav_listing_every_chapter(main_build: Built) -> None:
    with zipfile.ZipFile(main_build.epub) as book:
        assert book.namelist()[0] == "mimetype"
        nav_name = next(n for n in book.namelist() if n.endswith("nav.xhtml"))
        nav = book.read(nav_name).decode("utf-8")
    for title in ("Introduction", "The challenges", "Small business stories", "Tidewrack Botanicals"):
        assert title in nav


def unseen_report(folder: Path, seed: int) -> Path:
    """A conforming report folder no test has seen: random words, letter size, a profile."""
    rng = random.Random(seed)
    words = "trade data port market cloud ledger parcel tariff invoice harbour signal network".split()

    def sentence() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(6, 14))).capitalize() + "."

    (folder / "chapters").mkdir(parents=True)
    (folder / "profiles").mkdir()
    chapters = []
    for n in range(1, rng.randint(3, 5)):
        name = f"part-{n}"
        chapters.append(f"  - chapter: chapters/{name}.md")
        body = "\n\n".join(" ".join(sentence() for _ in range(5)) for _ in range(rng.randint(3, 8)))
        (folder / "chapters" / f"{name}.md").write_text(
            f"---\ntitle: Part {n}\n---\n\n## Section {n}\n\n{body}[^n{n}]\n\n[^n{n}]: {sentence()}\n"
        )
    (folder / "profiles" / "fj-reef.yaml").write_text(
        textwrap.dedent(f"""\
        name: Reef Ledger
        country: FJ
        city: Suva
        sector: Bookkeeping
        founded: 2011
        summary: {sentence()}
        story: {sentence()}
        """)
    )
    (folder / "report.yaml").write_text(
        f"title: Unseen {seed}\nslug: unseen-{seed}\nlanguage: en\npublisher: Nobody\ndate: 2021-01-02\n"
        "identifier: urn:uuid:12345678-1234-5678-1234-567812345678\npage_size: letter\ncontents:\n"
        + "\n".join(chapters)
        + "\n  - profiles:\n      title: People\n"
    )
    return folder


@pytest.mark.slow
def test_a_report_never_seen_builds_both_editions(tmp_path: Path) -> None:
    source = unseen_report(tmp_path / "unseen", seed=random.randrange(10_000))
    out = tmp_path / "out"
    run = run_build("--source", source, "--out", out)
    assert run.code == 0, run.stderr
    slug = next(line.split(": ")[1] for line in (source / "report.yaml").read_text().splitlines() if line.startswith("slug"))
    assert (out / f"{slug}.pdf").is_file() and (out / f"{slug}.epub").is_file()
    assert "Reef Ledger" in pdf_text(out / f"{slug}.pdf")


def test_check_writes_nothing(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    run = run_build("check", "--source", source)
    assert run.code == 0, run.stderr
    assert not (source / "dist").exists()


def test_a_run_of_characters_no_font_has_is_one_located_error(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    chapter = source / "chapters" / "one.md"
    chapter.write_text(
        chapter.read_text() + "\nA rocket 🚀 and a snowman ☃ are set; a cuneiform sign \U00012000 and Amharic ሰላም are not.\n"
    )
    run = run_build("check", "--source", source)
    assert run.code == 1
    lines = sorted(run.stderr.splitlines()[:-1])
    assert lines == [
        "chapters/one.md:7: "
        + 'no font folio has sets "ሰላም" (U+1230 U+120B U+121D): Ethiopic (am, ti); add a font that has them: its files in styles/fonts/ and a styles/fonts/fonts.yaml with family: Noto Sans Ethiopic and languages: [am], then mark the text with its language, [...]{lang=am} (see https://folio-report.github.io/folio/guides/scripts-and-fonts/#a-teams-own-fonts)',
        "chapters/one.md:7: "
        + 'no font folio has sets "𒀀" (U+12000): Cuneiform; add a font that has them: its files in styles/fonts/ and a styles/fonts/fonts.yaml with family: Noto Sans Cuneiform and languages: [<language>], then mark the text with its language, [...]{lang=<language>} (see https://folio-report.github.io/folio/guides/scripts-and-fonts/#a-teams-own-fonts)',
    ]


@pytest.mark.parametrize(
    "args, message",
    [
        (["pdff"], "unknown target 'pdff'"),
        (["check", "pdf"], "check validates only"),
        (["epub", "--edition", "print"], "--edition goes with the pdf target"),
        (["html", "--edition", "press"], "--edition goes with the pdf target"),
        (["pdf", "--edition", "offset"], "invalid choice: 'offset'"),
        (["--source", "/nonexistent/folder"], "no such folder"),
    ],
)
def test_command_line_mistakes_exit_2(args: list[str], message: str) -> None:
    run = run_build(*args)
    assert run.code == 2
    assert message in run.stderr


@pytest.mark.slow
def test_a_lang_span_in_a_title_prints_its_words_not_its_markdown(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    chapter = next((source / "chapters").glob("*.md"))
    text = chapter.read_text("utf-8")
    header_title = next(line for line in text.splitlines() if line.startswith("title:"))
    chapter.write_text(text.replace(header_title, 'title: "Trade with [日本]{lang=ja} today"', 1), encoding="utf-8")
    out = tmp_path / "out"
    run = run_build("pdf", "epub", "html", "--source", source, "--out", out)
    assert run.code == 0, run.stderr
    text = pdf_text(out / "minimal.pdf")
    assert "Trade with 日本 today" in text and "{lang" not in text
    assert "Trade with 日本 today" in outline_titles(out / "minimal.pdf")
    assert '<span lang="ja">日本</span>' in (out / "minimal.html").read_text("utf-8")
    with zipfile.ZipFile(out / "minimal.epub") as book:
        assert not any("{lang" in book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xhtml"))


def test_a_class_nothing_styles_is_a_warning_with_its_line(tmp_path: Path) -> None:
    source = copy_report("minimal", tmp_path)
    chapter = next((source / "chapters").glob("*.md"))
    lines = chapter.read_text("utf-8").splitlines()
    chapter.write_text("\n".join([*lines, "", "::: {.index}", "Terms.", ":::", "", "A [word]{.glossy} here.", ""]), encoding="utf-8")
    run = run_build("check", "--source", source)
    assert run.code == 0, run.stderr
    name = f"chapters/{chapter.name}"
    warnings = [line for line in run.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        f"warning: {name}:{len(lines) + 2}: class .index has no meaning in folio or in the report's styles; it changes nothing (remove it, or style it)",
        f"warning: {name}:{len(lines) + 6}: class .glossy has no meaning in folio or in the report's styles; it changes nothing (remove it, or style it)",
    ]
    (source / "styles").mkdir()
    (source / "styles" / "report.css").write_text(
        (PACKAGE / "styles" / "report.css").read_text("utf-8") + "\n.glossy { color: #333; }\n",
        encoding="utf-8",
    )
    run = run_build("check", "--source", source)
    assert [line for line in run.stderr.splitlines() if line.startswith("warning:")] == warnings[:1]
