"""``folio import`` of an mdBook: SUMMARY.md's order, includes as mdBook resolves them, links between pages, what is listed.

The fixture (``tests/reports/import-mdbook``) is an mdBook as its authors
would write it, with listings outside ``src/`` that its pages include; it is
copied out of this repository and imported with the real command, which checks
the folder it writes. The built EPUB is read back for the same promises.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPORTS
from support.epub import NS
from support.importing import Imported, broken_links, build, import_fixture, import_project, links_to, toc_titles
from support.run import folio


def handbook(tmp_path: Path) -> Imported:
    return import_fixture("import-mdbook", tmp_path)


def test_summary_gives_the_reading_order_with_sub_chapters_as_sections(tmp_path: Path) -> None:
    imported = handbook(tmp_path)
    assert imported.contents == [
        ("front", "chapters/01-the-harbour-handbook.md"),
        ("front", "chapters/02-foreword.md"),
        ("chapter", "chapters/03-getting-started.md"),
        ("chapter", "chapters/04-tides.md"),
        ("chapter", "chapters/05-commands.md"),
        ("appendix", "chapters/06-contributors.md"),
    ]
    report = imported.report
    assert report["title"] == "The Harbour Handbook" and report["authors"] == ["Cara Diaz", "Eli Park"]
    assert report["publisher"] == "Cara Diaz" and report["language"] == "en"
    assert report["from"] == "commonmark+footnotes+pipe_tables+strikeout+task_lists+attributes+alerts+smart+tex_math_dollars"
    header, _ = imported.chapter("02-foreword.md")
    assert header == {"title": "Foreword", "id": "foreword", "role": "foreword"}
    header, start = imported.chapter("03-getting-started.md")
    assert header == {"title": "Getting started", "id": "getting-started"}
    sections = [line for line in start.splitlines() if line.startswith("#") and "{#" in line]
    assert sections == [
        "## Installing {#install}",
        "### Check {#check}",
        "### On Windows {#windows}",
        "#### Troubleshooting {#troubleshooting}",
    ]


def test_includes_are_resolved_as_mdbook_resolves_them_and_code_is_shown_as_the_book_shows_it(tmp_path: Path) -> None:
    _, start = handbook(tmp_path).chapter("03-getting-started.md")
    assert '\n    println!("lift");\n' in start and 'println!("lower")' in start  # :lift, then the playground's whole file
    assert start.count('println!("lower")') == 1
    assert '```toml\nversion = "0.1.0"\nedition = "2021"\n```' in start  # :2:3
    assert 'The first line: name = "crane"' in start  # :1
    assert '```toml\nname = "crane"\nedition = "2021"\n```' in start  # ::1 and :3:
    assert "type `{{#include file.rs}}`" in start and "```md\n{{#include file.rs:2:10}}\n```" in start  # escaped: as written
    assert "```rust\n// ANCHOR: all\nfn main() {" in start  # {{#playground}}: the file as it is
    assert '```rust\n    println!("lift");\n```' in start  # {{#rustdoc_include …:lift}}: the lines it shows
    assert "```rust\nlet quay" in start and "rust,ignore" not in start
    assert "# fn main" not in start and "\n# not hidden: a line that starts with one hash\n" in start
    assert "~import harbour" not in start and 'print("ready")' in start
    assert "{{#title" not in start


def test_links_point_at_ids_and_pictures_and_maths_come_across(tmp_path: Path) -> None:
    imported = handbook(tmp_path)
    _, intro = imported.chapter("01-the-harbour-handbook.md")
    assert "[getting started](#getting-started)" in intro and "[installing on Windows](#troubleshooting)" in intro
    assert "[commands](#commands)" in intro
    assert "![A crane lifting a container](images/crane.svg)" in intro and "<p align" not in intro and "<style" not in intro
    _, start = imported.chapter("03-getting-started.md")
    assert "[the introduction](#the-harbour-handbook)" in start
    assert "[crane.rs](https://github.com/example/harbour-handbook/blob/HEAD/listings/crane.rs)" in start
    assert "[tides]: #high-water" in start
    assert '<a href="https://www.youtube.com/embed/crane42">' in start and "<iframe" not in start
    _, commands = imported.chapter("05-commands.md")
    assert "[getting started](#getting-started)" in commands and "[the check](#check)" in commands
    _, tides = imported.chapter("04-tides.md")
    assert r"$\mu = \frac{1}{N} \sum_i h_i$" in tides and r"$$h(t) = a \sin(\omega t)$$" in tides
    assert "![Picture: crane.svg](images/crane.svg)" in tides
    assert r"it costs \$0." in start and "`$HOME/.cargo/bin`" in start  # a dollar is a dollar, in code and out
    _, foreword = imported.chapter("02-foreword.md")
    assert "(in :musical_symbol_g_clef:, mostly)" in foreword  # a symbol no shipped face has
    assert sorted(p.name for p in (imported.folder / "images").iterdir()) == ["crane.svg"]


def test_what_cannot_come_across_is_listed_with_its_file_and_line(tmp_path: Path) -> None:
    imported = handbook(tmp_path)
    assert "stylesheets" in imported.noted("book.toml:9: output.html.additional-css")
    assert "playground" in imported.noted("book.toml:16: output.html.playground")
    assert "not run" in imported.noted("book.toml:19: preprocessor admonish")
    assert "another mdBook renderer" in imported.noted("book.toml:22: output.linkcheck")
    assert "folio has no parts" in imported.noted("src/SUMMARY.md:6: part 'Using the harbour'")
    assert "draft chapter" in imported.noted("src/SUMMARY.md:11: [A draft]()")
    assert "theme" in imported.noted("theme/:")
    assert "left out" in imported.noted("src/README.md:3: <style>")
    assert "playground and tests" in imported.noted("src/start/README.md:5: code block attribute")
    assert "as the book shows them" in imported.noted("src/start/README.md: 3 hidden code lines (lines 6, 9, 13)")
    assert "title only" in imported.noted("src/start/install.md:1: {{#title}}")
    assert "show its code" in imported.noted("src/start/install.md:8: playground")
    assert "hidden in the web book" in imported.noted("src/start/install.md:11: rustdoc_include")
    assert "icon font" in imported.noted("src/start/windows.md:5: icon")
    assert "youtube" in imported.noted("src/start/windows.md:7: <iframe>")
    assert "no alt text" in imported.noted("src/tides.md:21: images/crane.svg")
    assert ":musical_symbol_g_clef:" in imported.noted("src/foreword.md:3: character")
    assert "write the value" in imported.noted("src/commands.md:6: {{ crane-version }}")
    assert "book_title" not in imported.run.stderr  # in code: as written, and not said
    assert "date is a stand-in" in imported.run.stderr


def test_includes_reach_the_repository_and_nothing_beyond(tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("The password is swordfish.\n")
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    (repository / "examples").mkdir()
    (repository / "examples" / "hello.rs").write_text('fn main() { println!("hello"); }\n')
    book = repository / "docs"
    shutil.copytree(REPORTS / "import-mdbook", book)
    (book / "src" / "loop.md").write_text("# Loop\n\n{{#include loop.md}}\n")
    (book / "src" / "SUMMARY.md").write_text(
        "# Summary\n\n- [Outside](outside.md)\n- [Loop](loop.md)\n- [Missing](missing.md)\n", encoding="utf-8"
    )
    includes = "{{#include ../../../secret.txt}}\n\n{{#include /etc/hostname}}\n"
    (book / "src" / "outside.md").write_text(f"# Outside\n\n```rust\n{{{{#include ../../examples/hello.rs}}}}\n```\n\n{includes}")
    imported = import_project(book, tmp_path / "report")
    _, outside = imported.chapter("01-outside.md")
    assert 'println!("hello")' in outside  # the repository's own example
    written = "".join(path.read_text("utf-8") for path in (imported.folder / "chapters").glob("*.md"))
    assert "swordfish" not in written
    assert "no such file in the project" in imported.noted("src/outside.md:7: {{#include ../../../secret.txt}}")
    assert "no such file in the project" in imported.noted("src/outside.md:9: {{#include /etc/hostname}}")
    assert "nested more than 10 deep" in imported.noted("src/loop.md:3:")
    assert "no such page" in imported.noted("src/SUMMARY.md:5: missing.md")


def test_a_book_that_cannot_be_imported_is_named_with_what_to_do(tmp_path: Path) -> None:
    book = tmp_path / "book"
    (book / "src").mkdir(parents=True)
    (book / "book.toml").write_text('[book]\ntitle = "Broken\n')
    done = folio("import", book, "--into", tmp_path / "out")
    assert done.code == 2 and "book.toml: not valid TOML" in done.stderr and "line 2" in done.stderr and "Traceback" not in done.stderr
    (book / "book.toml").write_text('[book]\ntitle = "No summary"\n')
    done = folio("import", book, "--into", tmp_path / "out")
    assert done.code == 2 and "SUMMARY.md: no such file" in done.stderr
    assert not (tmp_path / "out").exists()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    done = folio("import", REPORTS / "import-mdbook", "--into", tmp_path / "out")
    assert done.code == 2 and "is not empty" in done.stderr


def test_settings_of_an_unexpected_shape_are_read_as_far_as_they_go(tmp_path: Path) -> None:
    book = tmp_path / "book"
    (book / "src").mkdir(parents=True)
    (book / "book.toml").write_text('[book]\ntitle = "Odd"\nauthors = "Cara Diaz"\n[output.html]\ncode = "x"\n')
    (book / "src" / "SUMMARY.md").write_text("# Summary\n\n- [One](one.md)\n- [Nowhere](no%00where.md)\n")
    (book / "src" / "one.md").write_text("# One\n\n```rust\n# hidden\nshown\n```\n")
    imported = import_project(book, tmp_path / "report")
    assert "authors" not in imported.report and imported.contents == [("chapter", "chapters/01-one.md")]
    assert "no such page" in imported.noted("src/SUMMARY.md:4:")


@pytest.mark.slow
def test_the_imported_book_builds_and_its_epub_keeps_order_ids_links_and_pictures(tmp_path: Path) -> None:
    imported = handbook(tmp_path)
    epub = build(imported, tmp_path / "out")
    titles = toc_titles(epub)
    order = ["The Harbour Handbook", "Foreword", "Getting started", "Tides", "Commands", "Contributors"]
    positions = [next(i for i, title in enumerate(titles) if title.endswith(name)) for name in order]
    assert positions == sorted(positions), titles
    assert broken_links(epub) == []
    assert links_to(epub, "installing on Windows") == ["troubleshooting"]
    assert links_to(epub, "the check") == ["check"]
    assert links_to(epub, "high water") == ["high-water"]
    alts = [image.get("alt") for path in epub.documents() for image in epub.tree(path).iter(f"{{{NS['h']}}}img")]
    assert "A crane lifting a container" in alts
    from support.epub import SUCCESS, epubcheck

    assert epubcheck(epub.path) == SUCCESS
