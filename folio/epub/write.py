"""Stage 5: the EPUB 3, written by pandoc from one AST of the whole report, then finished.

The AST is :func:`folio.assemble.document.document`: the chapters in reading
order, the parts that are not prose as raw HTML from Jinja templates, images
as ``data:`` URLs so pandoc reads no file of the report itself.  pandoc
writes the package, the notes and the navigation.

pandoc's EPUB is then finished (:func:`finish`): links out of raw HTML
pointed at the right file, footnote back-links, document titles, page-break
markers where the screen PDF's pages begin (:mod:`folio.epub.pages`), the
landmarks and page list, the fonts subset to the book's characters
(:mod:`folio.epub.fonts`), the accessibility metadata read off the result
(:mod:`folio.epub.metadata`), and a reproducible zip.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from folio import pandoc
from folio.assemble.bidi import with_directions
from folio.assemble.document import document
from folio.assemble.editions import environment, stylesheets
from folio.assemble.pagestarts import PageMap
from folio.assemble.teamcss import team_css
from folio.epub.content import add_backlinks, finish_nav, fix_links, fragment, landmarks, namespace_ids, part_anchors, set_titles
from folio.epub.cover import cover_png
from folio.epub.fonts import embed_fonts
from folio.epub.metadata import accessibility, facts, put_nav_in_spine, summary_text, write_metadata
from folio.epub.package import Book, content_properties
from folio.epub.pages import Placed, place_page_breaks
from folio.markdown.render import Fragments
from folio.maths.html import tree_with_alttext
from folio.model import Report
from folio.sanitise.editions import clean_book
from folio.source.strings import word

EPUB_ARGS = ["--to", "epub3", "--split-level=1", "--toc-depth=3", "--mathml", "--citeproc", "--wrap=none"]
PANDOC_TEMPLATE = "epub/pandoc-template.xhtml"


def find_template(report: Report, name: str) -> Path:
    for folder in report.template_dirs:
        if (folder / name).is_file():
            return folder / name
    raise FileNotFoundError(f"templates/{name} is missing from folio's own templates")


def write_epub(report: Report, fragments: Fragments, path: Path, pages: PageMap, warn: Callable[[str], None] | None = None) -> list[Placed]:
    """Write the EPUB 3 of ``report`` to ``path``, its page list after ``pages`` (the screen PDF's).

    Returns where each page's marker went; ``warn`` hears what the sanitiser took out.
    """
    with tempfile.TemporaryDirectory(prefix="folio-epub-") as folder:
        # pandoc runs unsandboxed here, to read the stylesheet, template and
        # cover it is given; its folder holds only those files.
        work = Path(folder)
        sheets = [path.read_text("utf-8") for path in stylesheets(report, "epub")] + [team_css(report)]
        (work / "epub.css").write_text("\n".join(sheets), encoding="utf-8")
        shutil.copyfile(find_template(report, PANDOC_TEMPLATE), work / "template.xhtml")
        (work / "cover.png").write_bytes(cover_png(pages.cover_pdf))
        args = [*EPUB_ARGS, "--template=template.xhtml", "--epub-cover-image=cover.png", "--css=epub.css", "--output=pandoc.epub"]
        pandoc.from_json(document(report, fragments), args, cwd=work, sandbox=False)
        book = Book.open(work / "pandoc.epub")
    placed = finish(book, report, fragments, pages, lambda message: warn(f"{path.name}: {message}") if warn else None)
    book.save(path, report.date)
    return placed


def finish(book: Book, report: Report, fragments: Fragments, pages: PageMap, warn: Callable[[str], None] | None = None) -> list[Placed]:
    """Everything pandoc leaves undone, then every file sanitised (:mod:`folio.sanitise`); see the module's docstring."""
    markup = environment(report).get_template("epub/markup.xhtml.j2").module
    for path in book.documents():  # right-to-left languages get their dir before any document is read as a tree
        book.files[path] = with_directions(book.files[path].decode("utf-8")).encode("utf-8")
    spine = book.spine()
    cover, title_page = spine[0], spine[1]
    namespace_ids(book)
    fix_links(book)
    add_backlinks(book, markup)
    contents_title = word(report.language, "contents.title")
    set_titles(book, report.title, {cover: word(report.language, "cover.label"), title_page: report.title, book.nav_path: contents_title})
    put_nav_in_spine(book, after=title_page)
    anchors = part_anchors(book, report, cover)
    placed = place_page_breaks(book, pages, anchors, lambda page: empty(fragment(markup.pagebreak(page))))
    finish_nav(book, markup, landmarks(book, report, anchors, contents_title), placed, contents_title)
    fonts = embed_fonts(book, report)
    for path in book.documents():
        tree_with_alttext(book.tree(path))
    for name, removed in clean_book(book).items():
        if warn is not None:
            warn(f"{name.removeprefix(book.base + '/')}: removed {removed.summary()}")
    refresh_properties(book)
    found = facts(book, report.language)
    summary = report.accessibility_summary or summary_text(report, fragments, found, [font.script for font in fonts])
    # The page list follows the PDF edition, which carries the report's identifier too.
    write_metadata(
        book,
        accessibility(found, summary),
        report.date,
        certified_by=report.publisher,
        page_source=report.identifier if found.pages else None,
    )
    return placed


def refresh_properties(book: Book) -> None:
    """Each document's manifest properties for what it holds now (inline SVG, MathML)."""
    for path in book.documents():
        item = book.item(href=path)
        book.set_properties(path, (set(item.properties) - {"svg", "mathml"}) | content_properties(book.tree(path)))


def empty(element):
    """An element written ``<span …></span>``: reading systems that parse XHTML as HTML mistake ``<span/>``."""
    element.text = ""
    return element
