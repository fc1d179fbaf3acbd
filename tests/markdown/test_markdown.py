"""Stage 2: Markdown through pandoc, checked and rendered in three flavours."""

from __future__ import annotations

from pathlib import Path

from conftest import REPORTS, copy_report

from folio.markdown.render import render_markdown
from folio.run.cache import Cache
from folio.source.load import load_report


def test_every_source_is_rendered_with_its_counts() -> None:
    report = load_report(REPORTS / "letter-scripts")
    fragments = render_markdown(report, Cache(None))
    scripts = fragments.parts["chapters/scripts.md"]
    assert scripts.notes == 2 and scripts.figures == 1 and scripts.tables == 0
    tables = fragments.parts["chapters/tables.md"]
    assert tables.tables == 1 and tables.notes == 1
    story = fragments.parts["profiles/vn-ca-phe.yaml"]
    assert story.notes == 1
    assert [h.id for h in scripts.headings] == ["vietnamese", "devanagari-thai", "east-asia"]
    assert all(h.level == 2 for h in scripts.headings)


def test_print_flavour_keeps_notes_where_they_are_called() -> None:
    report = load_report(REPORTS / "letter-scripts")
    html = render_markdown(report, Cache(None)).parts["chapters/scripts.md"].print_html
    assert '<span class="footnote">Tiếng Việt dùng nhiều dấu' in html
    assert 'lang="hi"' in html and 'lang="ja"' in html
    # citations are resolved by citeproc and link to the bibliography
    assert 'href="#ref-fixture-book"' in html


def test_web_flavour_numbers_notes_per_part_with_backlinks() -> None:
    report = load_report(REPORTS / "letter-scripts")
    fragments = render_markdown(report, Cache(None))
    chapter = fragments.parts["chapters/scripts.md"]
    assert 'href="#folio-fn-scripts-1"' in chapter.web_html and 'href="#folio-fn-scripts-2"' in chapter.web_html
    assert 'id="folio-fn-scripts-2"' in chapter.web_notes and 'href="#folio-fnref-scripts-2"' in chapter.web_notes
    # the next part starts again at 1
    assert 'href="#folio-fn-tables-1"' in fragments.parts["chapters/tables.md"].web_html


def test_bibliography_lists_every_cited_reference() -> None:
    report = load_report(REPORTS / "letter-scripts")
    fragments = render_markdown(report, Cache(None))
    assert fragments.cited == ("fixture-book",)
    assert 'id="ref-fixture-book"' in fragments.bibliography_html
    assert "A Book for Fixtures" in fragments.bibliography_html


def test_recommendations_are_numbered_in_order() -> None:
    from conftest import ROOT

    fragments = render_markdown(load_report(ROOT), Cache(None))
    numbers = sorted(fragments.recommendations.values())
    assert [n for n, _ in numbers] == [1, 2, 3, 4, 5]
    assert fragments.recommendations["rec-data-flows"][0] == 3


def test_headings_are_shifted_so_the_body_starts_at_level_two(tmp_path: Path) -> None:
    folder = copy_report("minimal", tmp_path)
    (folder / "chapters" / "one.md").write_text("---\ntitle: One\n---\n\n# Top\n\n#### Deep\n\ntext\n")
    fragments = render_markdown(load_report(folder), Cache(None))
    levels = [(h.text, h.level) for h in fragments.parts["chapters/one.md"].headings]
    assert levels == [("Top", 2), ("Deep", 3)]


def test_editing_one_chapter_parses_only_that_chapter(tmp_path: Path) -> None:
    folder = copy_report("letter-scripts", tmp_path)
    cache = Cache(tmp_path / "cache")
    render_markdown(load_report(folder), cache)
    chapter = folder / "chapters" / "tables.md"
    chapter.write_text(chapter.read_text().replace("A long table", "A very long table"))
    second = Cache(tmp_path / "cache")
    render_markdown(load_report(folder), second)
    # the edited chapter is parsed and rendered (print and web) again; its notes
    # did not change, so their rendering is still cached; nothing else runs
    assert second.misses == 3, second.misses
