"""Stage 3: fill the Jinja templates for one edition.

Templates (``templates/``) and styles (``styles/``) are data: this module only
chooses which template an edition starts from and hands it the report, the
rendered Markdown and a few helpers.  Every value that comes from the report is
autoescaped; only pandoc's own output and our charts are marked safe.  A
report's own ``templates/`` folder takes precedence file by file, and runs in
Jinja's sandbox.
"""

from __future__ import annotations

import base64
import html as html_text
import re
from functools import lru_cache, partial
from pathlib import Path
from typing import Literal

from babel.dates import format_date
from babel.numbers import format_decimal
from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from folio import __version__, pandoc
from folio.assemble.bidi import with_directions
from folio.assemble.colophon import FACES as COLOPHON_FACES
from folio.assemble.colophon import fill_page as fill_colophon
from folio.assemble.inline import whole_stylesheet
from folio.assemble.languages import babel_locale, language_name
from folio.assemble.pictures import Role, cut_of, image_url
from folio.assemble.teamcss import team_css, with_team_css
from folio.assemble.web import FONT_FACES, add_fonts
from folio.assemble.wordbreaks import word_breaks
from folio.editions import LAID_OUT
from folio.editions import named as edition_named
from folio.markdown.render import Fragments
from folio.model import BibliographyPart, Chapter, GlossaryPart, KeyFiguresPart, ListPart, ProfilesPart, Report
from folio.sandbox import ReportSandbox
from folio.source import pagesize
from folio.source.strings import markup_word

EditionName = Literal["screen", "print", "press", "html", "epub"]
DEFAULT_ACCENT = "#0b5563"


def environment(report: Report) -> ImmutableSandboxedEnvironment:
    """The Jinja environment of a report's templates.

    One per template search path, its files and the language, so the EPUB's
    many small templates are compiled once a build, not once a call.  Jinja
    reloads a template whose file changed; a file added or removed (one of a
    report's own templates now shadowing folio's) makes a new environment.
    The live preview relies on both.
    """
    files = tuple(sorted(str(path) for folder in report.template_dirs for path in folder.rglob("*") if path.is_file()))
    return _environment(report.template_dirs, report.language, files)


@lru_cache(maxsize=8)
def _environment(template_dirs: tuple[Path, ...], language: str, files: tuple[str, ...]) -> ImmutableSandboxedEnvironment:
    # ``files`` only keys the cache: Jinja finds them through the loader
    env = ReportSandbox(
        loader=FileSystemLoader([str(d) for d in template_dirs]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["longdate"] = lambda d: format_date(d, format="long", locale=babel_locale(language))
    env.filters["year"] = lambda d: d.year
    env.filters["thousands"] = lambda n: format_decimal(n, locale=babel_locale(language))
    env.globals["t"] = partial(markup_word, language)
    env.globals["language_name"] = partial(language_name, language)
    env.globals["in_lang"] = in_lang
    env.globals["lang_attr"] = lang_attr
    env.globals["colophon_faces"] = COLOPHON_FACES
    env.globals.update(
        Markup=Markup,
        isinstance=isinstance,
        Chapter=Chapter,
        ProfilesPart=ProfilesPart,
        KeyFiguresPart=KeyFiguresPart,
        BibliographyPart=BibliographyPart,
        GlossaryPart=GlossaryPart,
        ListPart=ListPart,
    )
    return env


def in_lang(text: str, lang: str | None) -> Markup:
    """``text`` marked with its language when it is not the report's (a part set in the original)."""
    return Markup('<span lang="{}">{}</span>').format(lang, text) if lang else Markup.escape(text)


def lang_attr(lang: str | None) -> Markup:
    """`` lang="…"`` for an element whose text is not in the report's language; nothing otherwise."""
    return Markup(' lang="{}"').format(lang) if lang else Markup("")


def context(report: Report, fragments: Fragments, edition: EditionName, *, linked: bool = False) -> dict:
    """Everything a template may use; ``linked``: pictures stay links to the report folder (the live preview serves them)."""
    accent = report.accent or DEFAULT_ACCENT

    def fragment(path: str, flavour: str = "print") -> Markup:
        part = fragments.parts[path]
        html = part.web_html if flavour == "web" else part.print_html
        return Markup(IMG_SRC.sub(lambda match: image_attributes(match, body_image(match.group(2)), edition), html))

    def notes(path: str) -> Markup:
        return Markup(fragments.parts[path].web_notes)

    def headings(path: str) -> tuple:
        return fragments.parts[path].headings

    def chapter_number(chapter: Chapter) -> int | None:
        numbered = [c for c in report.parts if isinstance(c, Chapter) and c.matter == "body"]
        return numbered.index(chapter) + 1 if chapter in numbered else None

    env = environment(report)

    def chart(data) -> str:
        svg = env.get_template(f"charts/{data.kind}.svg.j2").render(chart=data, accent=accent)
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")

    def chart_markup(data) -> Markup:
        """The chart as SVG inside the page, for the web edition: a picture's text could not use the page's fonts."""
        svg = env.get_template(f"charts/{data.kind}.svg.j2").render(chart=data, accent=accent)
        return Markup(svg.replace("<svg ", f'<svg class="chart chart-{data.kind}" ', 1))

    references = {ref["id"]: ref for ref in report.references}

    def image_src(src: str, role: Role = "body") -> str:
        """A picture of the report folder, sized for where it is set (:mod:`folio.assemble.pictures`)."""
        return src if linked else image_url(report, src, role, edition)

    def photo_src(photo) -> str:
        """A profile photo, cut as its ``crop:`` asks (also in the live preview, which otherwise links the file)."""
        cut = cut_of(photo)
        return photo.src if linked and cut is None else image_url(report, photo.src, "photo", "html" if linked else edition, cut)

    def folio_src(src: str) -> Markup:
        """`` data-folio-src="images/…"``: the picture's file, for the PDF's messages; published editions never carry it."""
        return Markup(' data-folio-src="{}"').format(src) if edition in LAID_OUT else Markup("")

    def body_image(escaped: str) -> str:
        # pandoc's <img src>: a checked path of the report folder (an URL or data: was refused in stage 2)
        src = html_text.unescape(escaped)
        return image_src(src) if (report.root / src).is_file() else src

    def cite(key: str) -> Markup:
        return Markup('<a href="#ref-{0}">{1}</a>').format(key, short_citation(references[key]))

    return {
        "report": report,
        "chart": chart,
        "chart_markup": chart_markup,
        "image_src": image_src,
        "photo_src": photo_src,
        "folio_src": folio_src,
        "cite": cite,
        "edition": edition,
        "fragments": fragments,
        "fragment": fragment,
        "notes": notes,
        "headings": headings,
        "chapter_number": chapter_number,
        "recommendations": fragments.recommendations,
        "numbered": fragments.numbered,
        "bibliography": Markup(fragments.bibliography_html),
        "page_size": pagesize.css_size(report.page_size),
        "page_design": pagesize.design(report.page_size),
        "page_narrow": pagesize.narrow(report.page_size),
        "accent": accent,
        "tools": {"folio": __version__, "pandoc": pandoc.version(), "weasyprint": weasyprint_version()},
        "build_date": report.date,
    }


IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


def image_attributes(match: re.Match, url: str, edition: str) -> str:
    """An ``<img>``'s new ``src``; in a PDF edition's HTML, a picture carried as ``data:`` keeps its file's name in ``data-folio-src``.

    The name is for the PDF's messages (a picture too small for the press); a published file never carries it.
    """
    shown = f' data-folio-src="{match.group(2)}"' if url.startswith("data:") and edition in LAID_OUT else ""
    return match.group(1) + html_text.escape(url) + match.group(3) + shown


"""The picture of an ``<img>`` as pandoc writes it (always double-quoted)."""


def short_citation(ref: dict) -> str:
    """``Publisher (2021)``: who and when, for a figure's source line."""
    who = ""
    for person in ref.get("author") or []:
        if isinstance(person, dict):
            who = person.get("literal") or person.get("family") or ""
            break
    who = who or ref.get("publisher") or ref.get("container-title") or ref.get("title-short") or ref.get("title", "")
    who = re.sub(r"\[([^\]]*)\]\{\.nocase\}", r"\1", str(who))  # CSL rich text, shown plain
    issued = ref.get("issued")
    year = ""
    if isinstance(issued, dict) and issued.get("date-parts"):
        year = str(issued["date-parts"][0][0])
    elif issued:
        year = str(issued)[:4]
    return f"{who} ({year})" if year else who


def weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


def assemble(report: Report, fragments: Fragments, edition: EditionName) -> str:
    """The complete HTML document of one edition."""
    env = environment(report)
    declared = edition_named(edition)
    template = env.get_template(declared.template)
    if not declared.self_contained:
        page = with_team_css(report, template.render(**context(report, fragments, edition), inline_css=""))
        return word_breaks(with_directions(fill_colophon(report, page)))
    allowed = (report.root, *[folder.resolve() for folder in report.style_dirs])
    css = "\n".join(whole_stylesheet(path, allowed) for path in stylesheets(report, edition))
    page = template.render(**context(report, fragments, edition), inline_css=Markup(FONT_FACES + "\n" + css + "\n" + team_css(report)))
    return add_fonts(report, with_directions(fill_colophon(report, page)), css)


def render_template(report: Report, fragments: Fragments, name: str, edition: EditionName, *, linked: bool = False, **extra: object) -> str:
    """One template on its own (a chart, a profile's fact box for the EPUB, the cover, the live preview's page)."""
    env = environment(report)
    return env.get_template(name).render(**context(report, fragments, edition, linked=linked), **extra)


def stylesheets(report: Report, edition: EditionName) -> list[Path]:
    """The CSS files of an edition, each from the first style folder that has it."""
    names = edition_named(edition).stylesheets  # :mod:`folio.editions` lists them
    return [find_style(report, name) for name in names]


def find_style(report: Report, name: str) -> Path:
    for folder in report.style_dirs:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"styles/{name} is missing from folio's own styles")
