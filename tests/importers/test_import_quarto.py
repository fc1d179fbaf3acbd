"""``folio import`` of a Quarto book and a Quarto website: reading order, ids, links, pictures, references, and what is listed.

The fixtures (``tests/reports/import-quarto-book``, ``import-quarto-website``)
are Quarto projects as their authors would write them; each is copied out of
this repository and imported with the real command, which checks the folder it
writes. The built EPUB is read back for the same promises.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from PIL import Image
from support.epub import NS
from support.importing import Imported, broken_links, build, element_with_id, import_fixture, import_project, links_to, toc_titles
from support.run import folio


def with_gif(project: Path) -> None:
    """An animated GIF, which no edition shows as it is: the import makes it a PNG."""
    frames = [Image.new("RGB", (60, 40), colour) for colour in ((200, 30, 30), (30, 200, 30))]
    frames[0].save(project / "figures" / "gauge.gif", save_all=True, append_images=frames[1:])


def book(tmp_path: Path) -> Imported:
    return import_fixture("import-quarto-book", tmp_path, with_gif)


def test_a_book_keeps_its_reading_order_and_says_who_wrote_it(tmp_path: Path) -> None:
    imported = book(tmp_path)
    assert imported.contents == [
        ("front", "chapters/01-welcome.md"),
        ("front", "chapters/02-sec-preface.md"),
        ("chapter", "chapters/03-sec-intro.md"),
        ("chapter", "chapters/04-methods.md"),
        ("chapter", "chapters/06-results.md"),
        ("bibliography", "References"),
        ("appendix", "chapters/07-data.md"),
    ]
    report = imported.report
    assert report["title"] == "Tides of Trade" and report["subtitle"] == "Harbours and the goods that pass through them"
    assert report["authors"] == ["Ana Lima", "Ben Ortiz"] and report["publisher"] == "Harbour Institute"
    assert str(report["date"]) == "2024-03-01" and report["language"] == "en-GB"
    assert "from" not in report  # Quarto's Markdown is pandoc's
    header, _ = imported.chapter("02-sec-preface.md")
    assert header == {"title": "Preface", "id": "sec-preface", "role": "preface"}
    header, body = imported.chapter("04-methods.md")
    assert header == {"title": "Methods", "id": "methods"}
    assert body.startswith("## Sampling {#sec-sampling}")
    header, body = imported.chapter("03-sec-intro.md")
    assert header["title"] == "Introduction" and "# Introduction" not in body
    # a part's page with a title alone is kept as a draft, out of the contents
    assert (imported.folder / "chapters" / "_05-results-part.md").is_file()


def test_links_between_pages_point_at_the_ids_and_every_heading_has_one(tmp_path: Path) -> None:
    imported = book(tmp_path)
    _, welcome = imported.chapter("01-welcome.md")
    assert "[the introduction](#sec-intro)" in welcome and "[how we sampled](#sec-sampling)" in welcome
    _, intro = imported.chapter("03-sec-intro.md")
    assert "## Background {#background}" in intro and "[findings](#findings)" in intro
    assert "## Counting containers\n" in intro  # a callout's title is left as Quarto writes it
    _, methods = imported.chapter("04-methods.md")
    assert "## Background {#background-2}" in methods  # the second "Background" of the book
    assert "[background](#background)" in methods  # intro.qmd#background: the introduction's
    assert "[a spreadsheet](https://github.com/example/tides/blob/HEAD/data/tides.csv)" in methods
    _, results = imported.chapter("06-results.md")
    assert "[data appendix](#data)" in results and "[the welcome page](#welcome)" in results
    _, data = imported.chapter("07-data.md")
    assert "[the welcome page](#welcome)" in data
    checked = folio("check", "--source", imported.folder)
    assert checked.code == 0 and "class .uri" not in checked.stderr  # pandoc's own class on <https://…> is no stray class


def test_pictures_move_into_images_and_references_become_csl_yaml(tmp_path: Path) -> None:
    imported = book(tmp_path)
    images = imported.folder / "images"
    assert sorted(p.relative_to(images).as_posix() for p in images.rglob("*") if p.is_file()) == [
        "figures/chart.svg",
        "figures/gauge.png",
        "figures/tide.svg",
        "harbour.svg",
    ]
    with Image.open(images / "figures" / "gauge.png") as picture:
        assert picture.format == "PNG"
    _, intro = imported.chapter("03-sec-intro.md")
    assert 'knitr::include_graphics("images/figures/tide.svg")' in intro
    _, methods = imported.chapter("04-methods.md")
    assert '![](images/figures/chart.svg){fig-alt="A line rising from left to right."}' in methods
    assert "![Picture: chart.svg](images/figures/chart.svg)" in methods
    assert "![An animated gauge](images/figures/gauge.png)" in methods
    assert "\nBuild status\n" in methods  # a picture on the web: its alt text
    references = yaml.safe_load((imported.folder / "references.yaml").read_text("utf-8"))["references"]
    assert [item["id"] for item in references] == ["smith2020", "jones2019", "lee2021"]
    assert references[0]["container-title"] == "Journal of Maritime Economics"
    _, preface = imported.chapter("02-sec-preface.md")
    assert "rounded to the nearest thousand tonnes" in preface  # {{< include _shared.qmd >}}


def test_what_cannot_come_across_is_listed_with_its_file_and_line(tmp_path: Path) -> None:
    imported = book(tmp_path)
    assert "folio has no parts" in imported.noted("_quarto.yml:20: part 'Getting started'")
    assert "set as a chapter" in imported.noted("_quarto.yml:24: part parts/results-part.qmd")
    assert "a script Quarto runs" in imported.noted("_quarto.yml:3: project.post-render")
    assert "folio's styles set every edition" in imported.noted("_quarto.yml:37: format")
    assert "filters are not run" in imported.noted("_quarto.yml:40: filters")
    assert "no such file" in imported.noted("preface.qmd:7: {{< include _missing.qmd >}}")
    assert "now written in the chapter" in imported.noted("preface.qmd:5: include")
    assert "folio runs no code" in imported.noted("chapters/intro.qmd:19: code cell")  # the include_graphics cell is a picture
    assert "write the value" in imported.noted("chapters/intro.qmd:29: inline code")
    assert "execute" in imported.noted("chapters/methods.qmd:4: front matter")
    assert "no alt text" in imported.noted("chapters/methods.qmd:13: images/figures/chart.svg")
    assert "fetches nothing" in imported.noted("chapters/methods.qmd:17: picture https://img.shields.io/")
    assert "github.com/example/tides" in imported.noted("chapters/methods.qmd:22: link to ../data/tides.csv")
    assert "{{< video >}}" in imported.noted("chapters/methods.qmd:24:")
    assert "youtube.com/embed/abc123" in imported.noted("chapters/results.Rmd:9: <iframe>")
    assert "no script" in imported.noted("chapters/results.Rmd:11: <script>")
    assert "draft" in imported.noted("parts/results-part.qmd: has no text")
    written = "".join(path.read_text("utf-8") for path in (imported.folder / "chapters").glob("*.md"))
    assert "<script" not in written and "<iframe" not in written


def test_a_website_follows_its_sidebar_then_every_other_page(tmp_path: Path) -> None:
    imported = import_fixture("import-quarto-website", tmp_path)
    assert imported.contents == [
        ("front", "chapters/01-harbour-notes.md"),
        ("chapter", "chapters/02-loading.md"),
        ("chapter", "chapters/03-unloading.md"),
        ("chapter", "chapters/04-about.md"),
        ("chapter", "chapters/05-extra.md"),
    ]
    assert imported.report["title"] == "Harbour Notes" and imported.report["description"] == "Notes from the harbour office."
    header, home = imported.chapter("01-harbour-notes.md")
    assert header == {"title": "Harbour Notes", "id": "harbour-notes", "summary": "What the office publishes"}
    assert "[loading](#loading)" in home and "[unloading](#after-unloading)" in home and "[about us](#about)" in home
    header, loading = imported.chapter("02-loading.md")
    assert header["byline"] == "Dana Reyes" and "## Before loading {#before-loading}" in loading
    _, unloading = imported.chapter("03-unloading.md")
    assert "[loading](#after-loading)" in unloading and "[notice](#extra)" in unloading
    assert "set after the others" in imported.noted("_quarto.yml: 2 pages not in the site's navigation (draft.qmd, extra.qmd)")
    assert "folio has no parts" in imported.noted("_quarto.yml:17: section 'Guides'")
    assert "left out" in imported.noted("draft.qmd:3: draft: true")
    assert "date, categories" in imported.noted("guides/loading.qmd:4: front matter")
    assert "publisher and date are stand-ins" in imported.run.stderr


def test_a_blog_without_navigation_follows_its_listing_newest_first(tmp_path: Path) -> None:
    project = tmp_path / "blog"
    (project / "posts").mkdir(parents=True)
    (project / "_quarto.yml").write_text("project:\n  type: website\nwebsite:\n  title: Quay Diary\n")
    (project / "index.qmd").write_text("---\ntitle: Quay Diary\nlisting:\n  contents: posts\n---\n\nNews from the quay.\n")
    for name, date in (("first", "2023-01-05"), ("second", "2023-06-01"), ("third", "2023-03-15")):
        (project / "posts" / f"{name}.qmd").write_text(f"---\ntitle: The {name} post\ndate: {date}\n---\n\nText of the {name} post.\n")
    imported = import_project(project, tmp_path / "report")
    assert [path for _, path in imported.contents] == [
        "chapters/01-quay-diary.md",
        "chapters/02-second.md",
        "chapters/03-third.md",
        "chapters/04-first.md",
    ]


def test_a_site_with_a_navbar_alone_follows_it_and_reads_every_kind_of_bibliography_and_picture(tmp_path: Path) -> None:
    project = tmp_path / "site"
    project.mkdir()
    (project / "_quarto.yml").write_text(
        "project:\n  type: website\nwebsite:\n  title: Quays\n  navbar:\n    right:\n      - zeta.qmd\n      - href: alpha.qmd\n"
        "bibliography: [refs.json, refs.ris]\n"
    )
    (project / "index.qmd").write_text("---\ntitle: Quays\n---\n\nSee [the notes](notes.txt) and [zeta](zeta.qmd).\n")
    pictures = []
    for kind in ("bmp", "tiff", "webp"):
        Image.new("RGB", (40, 30), (20, 90, 140)).save(project / f"pier.{kind}")
        pictures.append(f"![A pier, {kind}](pier.{kind})")
    (project / "zeta.qmd").write_text("---\ntitle: Zeta\n---\n\n" + "\n\n".join(pictures) + "\n\nAs @kim2018 and @ray2020 say.\n")
    (project / "alpha.qmd").write_text("---\ntitle: Alpha\n---\n\nThe first quay.\n")
    (project / "notes.txt").write_text("notes")
    (project / "refs.json").write_text('[{"id": "kim2018", "type": "book", "title": "Piers", "issued": {"date-parts": [[2018]]}}]')
    (project / "refs.ris").write_text("TY  - JOUR\nAU  - Ray, Ana\nTI  - Tidal locks\nPY  - 2020\nID  - ray2020\nER  - \n")
    imported = import_project(project, tmp_path / "report")
    assert imported.contents == [
        ("front", "chapters/01-quays.md"),
        ("chapter", "chapters/02-zeta.md"),
        ("chapter", "chapters/03-alpha.md"),
        ("bibliography", "References"),
    ]
    _, home = imported.chapter("01-quays.md")
    assert "See the notes and [zeta](#zeta)." in home
    assert "not a page of the book" in imported.noted("index.qmd:5: link to notes.txt")
    _, zeta = imported.chapter("02-zeta.md")
    assert [line for line in zeta.splitlines() if line.startswith("![")] == [
        "![A pier, bmp](images/pier.png)",
        "![A pier, tiff](images/pier-2.png)",
        "![A pier, webp](images/pier-3.png)",
    ]
    assert sorted(p.name for p in (imported.folder / "images").iterdir()) == ["pier-2.png", "pier-3.png", "pier.png"]
    references = yaml.safe_load((imported.folder / "references.yaml").read_text("utf-8"))["references"]
    assert sorted(item["id"] for item in references) == ["kim2018", "ray2020"]


def test_a_project_that_cannot_be_imported_is_named_with_what_to_do(tmp_path: Path) -> None:
    project = tmp_path / "bad"
    project.mkdir()
    (project / "_quarto.yml").write_text("project:\n  type: book\nbook:\n  chapters: [index.qmd\n")
    done = folio("import", project, "--into", tmp_path / "out")
    assert done.code == 2 and "_quarto.yml:5: YAML syntax" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()
    (project / "_quarto.yml").write_text("project:\n  type: book\nbook:\n  title: Empty\n")
    done = folio("import", project, "--into", tmp_path / "out")
    assert done.code == 2 and "book: has no chapters" in done.stderr
    done = folio("import", tmp_path, "--into", tmp_path / "out")
    assert done.code == 2 and "no _quarto.yml or book.toml" in done.stderr
    done = folio("import", project, "--into", project / "report")
    assert done.code == 2 and "inside the project" in done.stderr


def test_nothing_outside_the_project_is_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.qmd"
    secret.write_text("The password is swordfish.\n")
    project = tmp_path / "book"
    project.mkdir()
    (project / "_quarto.yml").write_text("project:\n  type: book\nbook:\n  title: Leaky\n  chapters: [index.qmd]\n")
    (project / "index.qmd").write_text(
        "# Welcome\n\n{{< include ../secret.qmd >}}\n\n{{< include /etc/hostname >}}\n\n![A picture](../secret.png)\n\n"
        "[A name no file has](a%00b.qmd) ![Nor this](%00.png) [Nor this one](" + "x" * 300 + ".qmd)\n"
    )
    (project / "link.qmd").symlink_to(secret)
    imported = import_project(project, tmp_path / "report")
    written = "".join(path.read_text("utf-8") for path in (imported.folder / "chapters").glob("*.md"))
    assert "swordfish" not in written
    assert "no such file in the project" in imported.noted("index.qmd:3: {{< include ../secret.qmd >}}")
    assert "outside the project" in imported.noted("index.qmd:7: picture ../secret.png")
    assert "no file can have that name" in imported.noted("index.qmd:9: link to a%00b.qmd")


@pytest.mark.slow
def test_the_imported_book_builds_and_its_epub_keeps_order_ids_links_pictures_and_references(tmp_path: Path) -> None:
    imported = book(tmp_path)
    epub = build(imported, tmp_path / "out")
    titles = toc_titles(epub)
    order = ["Welcome", "Preface", "Introduction", "Methods", "Results", "References", "Data"]
    positions = [next(i for i, title in enumerate(titles) if title.endswith(name)) for name in order]
    assert positions == sorted(positions), titles
    assert broken_links(epub) == []
    assert links_to(epub, "how we sampled") == ["sec-sampling"]
    assert links_to(epub, "findings") == ["findings"]
    assert links_to(epub, "background") == ["background"]
    assert element_with_id(epub, "background-2") is not None
    pictures = {}
    for path in epub.documents():
        for image in epub.tree(path).iter(f"{{{NS['h']}}}img"):
            pictures[image.get("alt")] = epub.href(image.get("src"), path)
    for alt in ("The harbour at dawn, cranes against a pale sky", "An animated gauge", "A line rising from left to right."):
        assert pictures.get(alt) in epub.files, (alt, pictures)
    assert any("wave-shaped line" in (alt or "") for alt in pictures), pictures  # the picture of the include_graphics cell
    text = " ".join(b.decode("utf-8", "replace") for name, b in epub.files.items() if name.endswith(".xhtml"))
    assert "Journal of Maritime Economics" in text and "Port Throughput Statistics" in text and "The Sea Lanes" in text
    from support.epub import SUCCESS, epubcheck

    assert epubcheck(epub.path) == SUCCESS
