"""Stage 1: read and check the whole report folder.

``load_report`` reads ``report.yaml``, every chapter header, every profile,
the references and the key-figures data, checks every field and every rule of
the authoring contract that needs no Markdown parsing, and returns a frozen
:class:`Report`.  All problems of the folder are collected and raised once.
"""

from __future__ import annotations

import re
import uuid
from functools import partial
from pathlib import Path

from folio.errors import Problems, ReportError, quote
from folio.folder import real, resolve_inside
from folio.model import BibliographyPart, Chapter, Image, Part, Profile, ProfilesPart, Report, Source
from folio.paths import BUILTIN, PACKAGE
from folio.project import docs
from folio.source import pagesize
from folio.source.brackets import MAX_BRACKETS, bracket_depth
from folio.source.fields import HEX_COLOUR, ID, SLUG, Fields, territories
from folio.source.glyphcheck import glyph_problems
from folio.source.keyfigures import load_key_figures
from folio.source.matter import HEADER_FIELDS, MATTER_KINDS, check_order, crossref_page, header_fields, load_logos, matter_part
from folio.source.overrides import check_overrides
from folio.source.pictures.images import IMAGE_SUFFIXES, check_image
from folio.source.profiles import load_profile
from folio.source.readers import DEFAULT as DEFAULT_READER
from folio.source.readers import reader_field
from folio.source.strings import word
from folio.source.version import check_folio_version
from folio.yamlfile import YamlList, YamlMap, line_of, load_yaml, parse_yaml, read_text

REPORT_FIELDS = (
    "title", "subtitle", "short_title", "slug", "language", "publisher", "authors",
    "date", "identifier", "rights", "description", "keywords", "cover", "page_size",
    "accent", "accessibility_summary", "contents", "folio", "pdf_standard",
    "fallback", "crossref", "logo", "from",
)  # fmt: skip
CHAPTER_FIELDS = ("title", "id", "short_title", "summary", "from", *HEADER_FIELDS)
MAX_CHAPTER_BYTES = 2_000_000
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def load_report(source: Path) -> Report:
    """Read and check the report folder ``source``; raise ``ReportError``.

    The checks include the characters: once the report is whole, every one of
    its characters must be in a font folio ships (:mod:`folio.source.fonts.glyphs`).
    """
    root = source.resolve()
    problems = Problems(root=root)
    if not (root / "report.yaml").is_file():
        problems.add(
            "report.yaml", None, f"not found in {source}; a report folder needs a report.yaml (see {docs('reference/report-yaml/')})"
        )
        problems.raise_if_any()
    data = load_yaml(root / "report.yaml", problems, "report.yaml")
    if not isinstance(data, YamlMap):
        if data is None and not problems:
            problems.add("report.yaml", None, "is empty; write the report's fields (title: …, slug: …, contents: …)")
        elif data is not None:
            problems.add(
                "report.yaml",
                line_of(data, default=1),
                f"should be a mapping of fields, got {quote(data)}; write title: …, slug: …, contents: … on lines of their own",
            )
        partial = unread_contents(root, problems)
        raise ReportError(problems.items + glyph_problems(partial, partial=True), partial=partial)
    fields = Fields(data, "report.yaml", problems)
    fields.only(REPORT_FIELDS)
    check_folio_version(fields)
    language = fields.language("language", required=True) or "en"
    names = territories(language)
    title = fields.text("title", required=True, max_len=300)
    references, reference_lines = load_references(root, problems)
    report = dict(
        root=root,
        title=title,
        subtitle=fields.text("subtitle", max_len=300),
        short_title=fields.text("short_title", max_len=120) or title,
        slug=fields.pattern("slug", SLUG, "lower-case letters, digits and hyphens, like my-report", required=True),
        language=language,
        publisher=fields.text("publisher", required=True, max_len=300),
        authors=fields.texts("authors"),
        date=fields.date("date", required=True),
        identifier=identifier(fields),
        rights=fields.text("rights", max_len=1000),
        description=fields.text("description", max_len=5000),
        keywords=fields.texts("keywords"),
        cover=cover(fields, root),
        page_size=page_size(fields),
        accent=fields.pattern("accent", HEX_COLOUR, 'a colour like "#0b5c7a"'),
        accessibility_summary=fields.text("accessibility_summary", max_len=2000),
        pdf_standard=pdf_standard(fields),
        parts=contents(fields, root, names, reference_lines, language),
        references=references,
        reference_lines=reference_lines,
        crossref_page=crossref_page(fields),
        logos=load_logos(fields, root),
        style_dirs=search_path(root, "styles"),
        template_dirs=search_path(root, "templates"),
        fallback=fallback(fields),
        reader=reader_field(fields) or DEFAULT_READER,
    )
    check_overrides(root, PACKAGE, problems)
    checked = Report(**report)
    # the later stages still check what could be read, so every mistake shows in one run
    found = problems.items + glyph_problems(checked, partial=bool(problems))
    if found:
        raise ReportError(found, partial=checked)
    return checked


def unread_contents(root: Path, problems: Problems) -> Report:
    """A folder whose report.yaml could not be read, as far as the checks go: each chapter of ``chapters/`` in name order
    and each profile, so that their mistakes come in the same run as the report.yaml's. Never built."""
    chapters = []
    for path in sorted((root / "chapters").glob("*.md")) if (root / "chapters").is_dir() else ():
        shown = f"chapters/{path.name}"
        real = None if path.name.startswith("_") else resolve_inside(root, shown, problems, shown, None, "file", "chapters", (".md",))
        if real is not None and (chapter := load_chapter(real, shown, problems)) is not None:
            chapters.append(chapter)
    profiles = []
    for path in sorted((root / "profiles").glob("*.y*ml")) if (root / "profiles").is_dir() else ():
        shown = f"profiles/{path.name}"
        real = None if path.name.startswith(("_", ".")) else resolve_inside(root, shown, problems, shown, None, "file", "profiles")
        if real is not None and (profile := load_profile(real, shown, problems, territories("en"))) is not None:
            profiles.append(profile)
    references, reference_lines = load_references(root, problems)
    return Report(
        root=root, title="", subtitle=None, short_title="", slug="", language="en", publisher="", authors=(), date=None,
        identifier="", rights=None, description=None, keywords=(), cover=None, page_size="A4", accent=None,
        accessibility_summary=None, parts=(*chapters, ProfilesPart(title="", intro=None, profiles=tuple(profiles))),
        references=references, reference_lines=reference_lines, style_dirs=search_path(root, "styles"),
        template_dirs=search_path(root, "templates"),
    )  # fmt: skip


def fallback(fields: Fields) -> str | None:
    """``fallback: original``: a part not yet translated is set in the original language, not an error."""
    value = fields.text("fallback")
    if value is not None and value != "original":
        fields.bad("fallback", "original (an untranslated part is set in the original language), or no fallback field")
        return None
    return value


def search_path(root: Path, name: str) -> tuple[Path, ...]:
    """The report's own folder first (file by file), then the project's."""
    own = root / name
    if own.is_dir() and own.resolve().is_relative_to(root) and own.resolve() != BUILTIN[name]:
        return (own.resolve(), BUILTIN[name])
    return (BUILTIN[name],)


def identifier(fields: Fields) -> str | None:
    value = fields.text("identifier", required=True)
    if value is None:
        return None
    expected = "urn:uuid: followed by a UUID, or urn:isbn: followed by a valid ISBN"
    if value.startswith("urn:uuid:"):
        try:
            uuid.UUID(value.removeprefix("urn:uuid:"))
            return value
        except ValueError:
            pass
    elif value.startswith("urn:isbn:") and valid_isbn(value.removeprefix("urn:isbn:")):
        return value
    fields.bad("identifier", expected)
    return None


def valid_isbn(text: str) -> bool:
    digits = text.replace("-", "").replace(" ", "").upper()
    if len(digits) == 13 and digits.isdigit():
        return sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        total = sum((10 - i) * (10 if d == "X" else int(d)) for i, d in enumerate(digits))
        return total % 11 == 0
    return False


def page_size(fields: Fields) -> str:
    value = fields.text("page_size")
    if value is None:
        return "A4"
    size = pagesize.parse(value)
    if size is None:
        fields.bad("page_size", 'A4, letter, A5, B5, 6x9in, or a width and height like "170mm 240mm" (100 to 500 mm)')
    return size or "A4"


def pdf_standard(fields: Fields) -> str:
    """The reading PDFs' PDF/UA level: ``ua-1`` (PDF 1.7) unless ``ua-2`` (PDF 2.0) is asked for."""
    value = fields.text("pdf_standard")
    if value is None:
        return "ua-1"
    if value.lower() in ("ua-1", "ua-2"):
        return value.lower()
    fields.bad("pdf_standard", "ua-1 or ua-2")
    return "ua-1"


def cover(fields: Fields, root: Path) -> Image | None:
    value = fields.text("cover")
    if value is None:
        return None
    path = resolve_inside(root, value, fields.problems, fields.path, fields.line("cover"), "cover", "images", IMAGE_SUFFIXES)
    if path is not None:
        fields.problems.extend(check_image(path, fields.problems.relative(path)))
    return Image(src=value, alt="", line=fields.line("cover")) if path else None


# -- contents ----------------------------------------------------------------


def contents(fields: Fields, root: Path, names: dict[str, str], reference_lines: dict[str, int], language: str) -> tuple[Part, ...]:
    """The reading order, every named file loaded and checked."""
    problems = fields.problems
    if not fields.present("contents", True):
        return ()
    items = fields.data["contents"]
    if not isinstance(items, YamlList) or not items:
        fields.bad("contents", "a list of parts, e.g. '- chapter: chapters/intro.md'")
        return ()
    parts: list[Part] = []
    used: set[Path] = set()
    kinds: list[tuple[str, int | None]] = []
    for index, item in enumerate(items):
        line = line_of(items, index)
        kinds.append((next(iter(item)) if isinstance(item, YamlMap) and len(item) == 1 else "", line))
        if not isinstance(item, YamlMap) or len(item) != 1:
            problems.add(
                "report.yaml",
                line,
                "contents: expected one of 'chapter: chapters/NAME.md', 'profiles: {title: …}', "
                f"'key_figures: data/NAME.yaml' or 'bibliography: {{title: …}}', got {quote(item)}",
            )
            continue
        kind = next(iter(item))
        item_fields = Fields(item, "report.yaml", problems, prefix="contents: ")
        if kind == "chapter":
            chapter = chapter_at(item_fields, "chapter", root, used)
            if chapter:
                parts.append(chapter)
        elif kind in MATTER_KINDS:
            part = matter_part(kind, item_fields, root, language, partial(chapter_at, item_fields, kind, root, used), kinds)
            if part:
                parts.append(part)
        elif kind == "profiles":
            part = profiles_part(item_fields, root, names, used)
            if part:
                parts.append(part)
        elif kind == "key_figures":
            path = item_fields.text("key_figures", required=True)
            if path is not None:
                real = resolve_inside(
                    root, path, problems, "report.yaml", item_fields.line("key_figures"), "contents: key_figures", None, (".yaml", ".yml")
                )
                if real is not None:
                    part = load_key_figures(real, path, problems, reference_lines)
                    if part:
                        parts.append(part)
        elif kind == "bibliography":
            title = word(language, "part.references")
            if isinstance(item["bibliography"], str):
                title = item["bibliography"].strip() or title
            elif item["bibliography"] is not None:
                sub = item_fields.sub("bibliography")
                if sub is not None:
                    sub.only(("title",))
                    title = sub.text("title") or title
            parts.append(BibliographyPart(title=title))
        else:
            problems.add(
                "report.yaml",
                line,
                f"contents: unknown part {quote(kind)}; use front, chapter, profiles, key_figures, appendix, glossary, "
                "list_of_figures, list_of_tables or bibliography",
            )
    check_order(kinds, problems)
    forgotten_chapters(root, used, problems)
    check_unique_ids(parts, problems)
    return tuple(parts)


def chapter_at(fields: Fields, key: str, root: Path, used: set[Path]) -> Chapter | None:
    path = fields.text(key, required=True)
    if path is None:
        return None
    line = fields.line(key)
    named = root / path  # named in contents, so never also reported as forgotten
    real = resolve_inside(root, path, fields.problems, "report.yaml", line, fields.name(key), "chapters", (".md",))
    if real is None:
        used.add(named)
        return None
    if real in used:
        fields.problems.add("report.yaml", line, f"{fields.name(key)}: {quote(path)} is listed twice; list each chapter once")
        return None
    used.add(real)
    return load_chapter(real, path, fields.problems)


def load_chapter(path: Path, shown: str, problems: Problems) -> Chapter | None:
    """A chapter file: its YAML header checked, its body kept as text."""
    text = read_text(path, problems, MAX_CHAPTER_BYTES, shown)
    if text is None:
        return None
    match = FRONT_MATTER.match(text)
    if match is None:
        if not text.strip():
            problems.add(shown, None, "is empty; write a YAML header ('---', 'title: …', '---') and the chapter's text")
        elif re.match(r"---[ \t]*\n", text):
            problems.add(shown, 1, "the YAML header that starts here is never closed; end it with a line '---'")
        else:
            problems.add(
                shown,
                1,
                f"has no YAML header, got {quote(text.lstrip().splitlines()[0])}; start the file with '---', a line 'title: …', and '---'",
            )
            return unchecked(path, shown, Source(path=shown, line=1, text=text))
        return None
    before = len(problems.items)
    header = parse_yaml(match.group(1) or "", shown, problems, first_line=2)
    body_line = text[: match.end()].count("\n") + 1
    if not isinstance(header, YamlMap):
        if len(problems.items) == before:
            problems.add(shown, 2, "the header should be fields like 'title: Introduction'")
        return unchecked(path, shown, Source(path=shown, line=body_line, text=text[match.end() :]))
    fields = Fields(header, shown, problems)
    fields.only(CHAPTER_FIELDS)
    title = fields.text("title", required=True, max_len=300)
    chapter_id = fields.pattern("id", ID, "an id of letters, digits and hyphens, starting with a letter") or default_id(path.stem)
    short_title = fields.text("short_title", max_len=120)
    summary = fields.text("summary", max_len=2000)
    extra = header_fields(fields)
    reader = reader_field(fields)
    body = Source(path=shown, line=body_line, text=text[match.end() :], reader=reader)
    if len(problems.items) > before or title is None:
        return unchecked(path, shown, body, chapter_id)
    if not body.text.strip():
        # an empty chapter would be a blank page in every edition
        problems.add(
            shown, body_line - 1, "has a header but no text below it; write the chapter, or rename the file _NAME.md to keep it as a draft"
        )
        return None
    spans = lang_spans(title)
    plain = "".join(text for text, _ in spans)
    return Chapter(
        path=shown,
        id=chapter_id,
        title=plain,
        short_title=short_title,
        summary=summary,
        body=body,
        title_spans=spans if any(lang for _, lang in spans) else (),
        **extra,
    )


def unchecked(path: Path, shown: str, body: Source, chapter_id: str | None = None) -> Chapter | None:
    """A chapter whose header has a mistake, kept so that its text is checked in the same run; never built."""
    if not body.text.strip():
        return None
    return Chapter(path=shown, id=chapter_id or default_id(path.stem), title=path.stem, short_title=None, summary=None, body=body)


LANG_SPAN = re.compile(r"\[([^\[\]]+)\]\{\s*lang=[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)[\"']?\s*\}")


def lang_spans(title: str) -> tuple[tuple[str, str | None], ...]:
    """``Trade with [日本]{lang=ja}`` as ``(("Trade with ", None), ("日本", "ja"))``: the span's words, not its Markdown."""
    runs: list[tuple[str, str | None]] = []
    at = 0
    for match in LANG_SPAN.finditer(title):
        if match.start() > at:
            runs.append((title[at : match.start()], None))
        runs.append((match.group(1), match.group(2)))
        at = match.end()
    if at < len(title):
        runs.append((title[at:], None))
    return tuple(runs)


def default_id(stem: str) -> str:
    """The file stem as an id; a stem starting with a digit gets a ``ch-`` prefix."""
    clean = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-") or "chapter"
    return clean if clean[0].isalpha() else f"ch-{clean}"


def profiles_part(fields: Fields, root: Path, names: dict[str, str], used: set[Path]) -> ProfilesPart | None:
    problems = fields.problems
    sub = fields.sub("profiles")
    if sub is None:
        return None
    sub.only(("title", "intro", "include", "glance"))
    title = sub.text("title", required=True, max_len=300)
    intro = chapter_at(sub, "intro", root, used) if sub.present("intro", False) else None
    glance_numbered = sub.data.get("glance") == "numbered"
    glance = glance_numbered or (sub.flag("glance") if "glance" in sub.data else True)
    folder = root / "profiles"
    available: dict[str, Path] = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() in (".yaml", ".yml") and not path.name.startswith((".", "_")):
                if path.stem in available:
                    problems.add(
                        f"profiles/{path.name}", None, f"has the same id as profiles/{available[path.stem].name}; keep one of the two files"
                    )
                    continue
                available[path.stem] = path
    if sub.present("include", False):
        stems = sub.texts("include")
        include_list = sub.data["include"]
        chosen = []
        for index, stem in enumerate(stems):
            if stem in available:
                chosen.append(stem)
            else:
                problems.add(
                    "report.yaml",
                    line_of(include_list, index),
                    f"contents: profiles.include: no file profiles/{stem}.yaml; check the name (without .yaml)",
                )
        if len(set(chosen)) != len(chosen):
            problems.add("report.yaml", sub.line("include"), "contents: profiles.include: a profile is listed twice; list each once")
    else:
        chosen = list(available)
    loaded: list[Profile] = []
    for stem in chosen:
        shown = f"profiles/{available[stem].name}"
        real = resolve_inside(root, shown, problems, shown, None, "file", "profiles")
        if real is None:
            continue
        profile = load_profile(real, shown, problems, names)
        if profile is not None:
            photo_ok(profile, root, problems)  # a wrong photo stops the build, not the checks of the story
            loaded.append(profile)
    if not sub.present("include", False):
        loaded.sort(key=lambda p: (p.economy, p.name))
    # without a title (a problem already), the profiles are still checked in this run
    return ProfilesPart(title=title or "Profiles", intro=intro, profiles=tuple(loaded), glance=glance, glance_numbered=glance_numbered)


def photo_ok(profile: Profile, root: Path, problems: Problems) -> bool:
    if profile.photo is None:
        return True
    real = resolve_inside(root, profile.photo.src, problems, profile.path, profile.photo.line, "photo.src", "images", IMAGE_SUFFIXES)
    if real is None:
        return False
    found = check_image(real, problems.relative(real))
    problems.extend(found)
    return not found


def forgotten_chapters(root: Path, used: set[Path], problems: Problems) -> None:
    """A chapter on disk but not in contents is a lost chapter, unless a draft."""
    folder = root / "chapters"
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.md")):
        if path.name.startswith("_") or real(path) in used or path in used:
            continue
        problems.add(
            f"chapters/{path.name}",
            None,
            f"is not in report.yaml contents; add '- chapter: chapters/{path.name}' there, or rename it _{path.name} to keep it as a draft",
        )


def check_unique_ids(parts: list[Part], problems: Problems) -> None:
    seen: dict[str, str] = {}
    for part in parts:
        chapters = [part] if isinstance(part, Chapter) else ([part.intro] if isinstance(part, ProfilesPart) and part.intro else [])
        for chapter in chapters:
            if chapter.id in seen:
                problems.add(
                    chapter.path, 2, f"id: {quote(chapter.id)} is already the id of {seen[chapter.id]}; give this chapter its own id"
                )
            seen[chapter.id] = chapter.path


# -- references ----------------------------------------------------------------


def load_references(root: Path, problems: Problems) -> tuple[tuple[dict, ...], dict[str, int]]:
    """``references.yaml`` as CSL items, with the line of each id."""
    path = root / "references.yaml"
    if not path.exists():
        return (), {}
    real = resolve_inside(root, "references.yaml", problems, "references.yaml", None, "file")
    if real is None:
        return (), {}
    data = load_yaml(real, problems, "references.yaml")
    if data is None:
        return (), {}
    items = data.get("references") if isinstance(data, YamlMap) else data
    if not isinstance(items, YamlList):
        problems.add("references.yaml", line_of(data), "should hold a list 'references:' of CSL items (id, type, title, …)")
        return (), {}
    found: list[dict] = []
    lines: dict[str, int] = {}
    for index, item in enumerate(items):
        line = line_of(items, index)
        if not isinstance(item, YamlMap):
            problems.add("references.yaml", line, f"item {index + 1}: expected a mapping with id, type and title, got {quote(item)}")
            continue
        fields = Fields(item, "references.yaml", problems)
        ref_id = fields.pattern(
            "id", re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_:.#$%&+?<>~/-]*$"), "a citation key like oecd-2019", required=True
        )
        fields.text("type", required=True)
        if "title" not in item:
            fields.fail(None, f"{ref_id or 'item'}: title: missing; every reference needs a title")
        if ref_id is None:
            continue
        if ref_id in lines:
            problems.add(
                "references.yaml",
                fields.line("id"),
                f"id: {quote(ref_id)} is used twice (first on line {lines[ref_id]}); make each id unique",
            )
            continue
        lines[ref_id] = fields.line("id") or line or 1
        if reference_markup(item, problems) or deep_brackets(item, problems):
            continue
        found.append(plain(item))
    return tuple(found), lines


REFERENCE_MARKUP = re.compile(r"<[A-Za-z!/?]|\]\(|\]\[|!\[|\{=")


def reference_markup(item: YamlMap, problems: Problems, field: str = "") -> bool:
    """Reference text is read as Markdown (for *italics*): raw HTML, links and images may not hide in it."""
    bad = False
    for key, value in item.items():
        name = f"{field}{key}"
        if isinstance(value, str) and REFERENCE_MARKUP.search(value):
            problems.add(
                "references.yaml",
                line_of(item, key),
                f"{name}: HTML, links and images are not allowed in a reference, got {quote(value)}; "
                "write plain text (*…* for italics) and put an address in URL",
            )
            bad = True
        elif isinstance(value, YamlMap):
            bad = reference_markup(value, problems, f"{name}.") or bad
        elif isinstance(value, YamlList):
            for entry in value:
                if isinstance(entry, YamlMap):
                    bad = reference_markup(entry, problems, f"{name}.") or bad
                elif isinstance(entry, str) and REFERENCE_MARKUP.search(entry):
                    problems.add(
                        "references.yaml",
                        line_of(item, key),
                        f"{name}: HTML, links and images are not allowed in a reference, got {quote(entry)}; write plain text",
                    )
                    bad = True
    return bad


def deep_brackets(item: YamlMap, problems: Problems) -> bool:
    """Reference text goes through pandoc's Markdown reader too: square brackets nested past its limit are refused."""
    bad = False
    for key, value in item.items():
        for text in [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] if isinstance(value, list) else []:
            if bracket_depth(text) > MAX_BRACKETS:
                problems.add(
                    "references.yaml",
                    line_of(item, key),
                    f"{key}: square brackets nested more than {MAX_BRACKETS} deep; write \\[ and \\] for brackets that are only text",
                )
                bad = True
                break
    return bad


def plain(value):
    """Located YAML values back to plain data (for citeproc's JSON)."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
