"""Stage 1: reading and checking a report folder."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from conftest import REPORTS, ROOT, copy_report

from folio.errors import ReportError
from folio.model import Chapter, ProfilesPart
from folio.source.load import load_report
from folio.source.schema import REPORT


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ReportError) as caught:
        load_report(folder)
    return [str(p) for p in caught.value.problems]


def test_main_report_loads_with_every_part() -> None:
    report = load_report(ROOT)
    assert report.slug == "new-faces-indo-pacific-digital-trade"
    assert report.date == datetime.date(2022, 6, 14)
    kinds = [type(part).__name__ for part in report.parts]
    assert [part.matter for part in report.parts if type(part).__name__ == "Chapter"] == [
        "front",
        "body",
        "body",
        "body",
        "body",
        "appendix",
    ]
    assert "ProfilesPart" in kinds and "KeyFiguresPart" in kinds and "BibliographyPart" in kinds
    economies = {p.country for p in report.profiles}
    assert {"AU", "JP", "NZ", "SG", "KR", "US"} <= economies
    assert all(p.illustrative for p in report.profiles)


def test_fixture_in_letter_size_with_isbn() -> None:
    report = load_report(REPORTS / "letter-scripts")
    assert report.page_size == "letter"
    assert report.identifier.startswith("urn:isbn:")
    profiles = next(p for p in report.parts if isinstance(p, ProfilesPart))
    assert profiles.profiles[0].economy == "Vietnam"


def test_chapter_header_and_body_line(tmp_path: Path) -> None:
    report = load_report(REPORTS / "letter-scripts")
    chapter = next(p for p in report.parts if isinstance(p, Chapter))
    assert chapter.title == "Many scripts"
    assert chapter.short_title == "Scripts"
    assert chapter.id == "scripts"
    # the body starts on the line after the closing '---'
    assert chapter.body.line == 6
    assert chapter.body.text.lstrip().startswith("## Vietnamese")


def test_profile_line_numbers_come_from_yaml_nodes(tmp_path: Path) -> None:
    folder = copy_report("letter-scripts", tmp_path)
    path = folder / "profiles" / "vn-ca-phe.yaml"
    path.write_text(path.read_text().replace("founded: 2019", "founded: last year"))
    assert problems_of(folder) == [
        f'profiles/vn-ca-phe.yaml:6: founded: expected a year like 2015 (1800 to {datetime.date.today().year}), got "last year"'
    ]


def test_all_problems_of_a_folder_come_at_once(tmp_path: Path) -> None:
    folder = copy_report("letter-scripts", tmp_path)
    report = folder / "report.yaml"
    text = report.read_text().replace("slug: letter-scripts", "slug: Letter Scripts").replace("page_size: letter", "page_size: A7")
    report.write_text(text + "colour: red\n")
    found = problems_of(folder)
    assert found == [
        'report.yaml:3: slug: expected lower-case letters, digits and hyphens, like my-report, got "Letter Scripts"',
        'report.yaml:12: page_size: expected A4, letter, A5, B5, 6x9in, or a width and height like "170mm 240mm" (100 to 500 mm), got "A7"',
        "report.yaml:19: colour: unknown field; allowed fields: " + ", ".join(REPORT.names),
    ]


def test_forgotten_chapter_is_an_error_but_a_draft_is_not(tmp_path: Path) -> None:
    folder = copy_report("minimal", tmp_path)
    (folder / "chapters" / "_draft.md").write_text("---\ntitle: Draft\n---\n")
    load_report(folder)
    (folder / "chapters" / "lost.md").write_text("---\ntitle: Lost\n---\n")
    assert problems_of(folder) == [
        "chapters/lost.md: is not in report.yaml contents; add '- chapter: chapters/lost.md' there, "
        "or rename it _lost.md to keep it as a draft"
    ]


def test_path_leaving_the_folder_is_refused(tmp_path: Path) -> None:
    folder = copy_report("minimal", tmp_path)
    (tmp_path / "outside.md").write_text("---\ntitle: Outside\n---\n")
    (folder / "chapters" / "link.md").symlink_to(tmp_path / "outside.md")
    report = folder / "report.yaml"
    report.write_text(report.read_text() + "  - chapter: chapters/link.md\n  - chapter: ../outside.md\n")
    assert problems_of(folder) == [
        'report.yaml:9: contents: chapter: "chapters/link.md" is a link that leads outside the report folder; copy the file in instead',
        'report.yaml:10: contents: chapter: "../outside.md" leaves the report folder; write a path inside it like chapters/NAME',
    ]


@pytest.mark.parametrize(
    ("load", "expected"),
    [
        ("key figures", "should be a mapping with title and figures (see https://folio-report.github.io/folio/guides/key-figures/)"),
        (
            "glossary",
            "should be a mapping with terms: (each term: its meaning), see https://folio-report.github.io/folio/reference/report-yaml/#contents",
        ),
    ],
)
def test_a_data_file_that_is_not_a_mapping_is_named_at_its_line_and_a_broken_one_once(tmp_path: Path, load: str, expected: str) -> None:
    from folio.errors import Problems
    from folio.source.keyfigures import load_key_figures
    from folio.source.matter import load_glossary

    loaders = {
        "key figures": lambda path, problems: load_key_figures(path, "data/x.yaml", problems, {}),
        "glossary": lambda path, problems: load_glossary(path, "data/x.yaml", problems, "Glossary"),
    }
    listed, broken = tmp_path / "listed.yaml", tmp_path / "broken.yaml"
    listed.write_text("# a list, not a mapping\n- one\n- two\n")
    broken.write_text("title: [unclosed\n")
    problems = Problems()
    assert loaders[load](listed, problems) is None
    assert [str(problem) for problem in problems.items] == [f"data/x.yaml:2: {expected}"]
    problems = Problems()
    assert loaders[load](broken, problems) is None
    assert len(problems.items) == 1 and "YAML syntax" in problems.items[0].message
