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
from folio.source import formats, pagesize
from folio.source.brackets import MAX_BRACKETS, bracket_depth
from folio.source.fields import Fields, territories
from folio.source.glyphcheck import glyph_problems
from folio.source.keyfigures import load_key_figures
from folio.source.matter import MATTER_KINDS, check_order, crossref_page, header_fields, load_logos, matter_part
from folio.source.overrides import check_overrides
from folio.source.pictures.images import IMAGE_SUFFIXES, check_image
from folio.source.profiles import load_profile
from folio.source.readers import DEFAULT as DEFAULT_READER
from folio.source.readers import reader_field
from folio.source.schema import CHAPTER, REPORT
from folio.source.strings import word
from folio.source.version import check_folio_version
from folio.yamlfile import YamlList, YamlMap, line_of, load_yaml, parse_yaml, read_text

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
    fields.only(REPORT.names)
    check_folio_version(fields)
    language = REPORT["language"].read(fields) or "en"
    names = territories(language)
    title = REPORT["title"].read(fields)
    references, reference_lines = load_references(root, problems)
    report = dict(
        root=root,
        title=title,
        subtitle=REPORT["subtitle"].read(fields),
        short_title=REPORT["short_title"].read(fields) or title,
        slug=REPORT["slug"].read(fields),
        language=language,
        publisher=REPORT["publisher"].read(fields),
        authors=REPORT["authors"].read(fields),
        date=REPORT["date"].read(fields),
        identifier=identifier(fields),
        rights=REPORT["rights"].read(fields),
        description=REPORT["description"].read(fields),
        keywords=REPORT["keywords"].read(fields),
        cover=cover(fields, root),
        page_size=page_size(fields),
        accent=REPORT["accent"].read(fields),
        accessibility_summary=REPORT["accessibility_summary"].read(fields),
        pdf_standard=REPORT["pdf_standard"].read(fields),
        parts=contents(fields, root, names, reference_lines, language),
        references=references,
        reference_lines=reference_lines,
        crossref_page=crossref_page(fields),
        logos=load_logos(fields, root),
        style_dirs=search_path(root, "styles"),
        template_dirs=search_path(root, "templates"),
        fallback=REPORT["fallback"].read(fields),
        reader=reader_field(fields, REPORT["from"].name) or DEFAULT_READER,
    )
    check_overrides(root, PACKAGE, problems)
    checked = Report(**report, warnings=problems.sorted_warnings())
    # the later stages still check what could be read, so every mistake shows in one run
    found = problems.items + glyph_problems(checked, partial=bool(problems))
    if found:
        raise ReportError(found, partial=checked, warnings=checked.warnings)
    return checked


def unread_contents(root: Path, problems: Problems) -> Report:
    """A folder whose report.yaml could not be read, as far as the checks go: each chapter of ``chapters/`` in name order
    and each profile, so that their mistakes come in the same run as the report.yaml's. Never built."""
    chapters = []
    for path in formats.sources(root / "chapters", unlisted="error"):
        shown = f"chapters/{path.name}"
        real = None if path.name.startswith("_") else resolve_inside(root, shown, problems, shown, None, "file", "chapters", (path.suffix,))
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
        identifier="", rights=None, description=None, keywords=(), cover=None, page_size=REPORT["page_size"].default, accent=None,
        accessibility_summary=None, parts=(*chapters, ProfilesPart(title="", intro=None, profiles=tuple(profiles))),
        references=references, reference_lines=reference_lines, style_dirs=search_path(root, "styles"),
        template_dirs=search_path(root, "templates"),
    )  # fmt: skip


def search_path(root: Path, name: str) -> tuple[Path, ...]:
    """The report's own folder first (file by file), then the project's."""
    own = root / name
    if own.is_dir() and own.resolve().is_relative_to(root) and own.resolve() != BUILTIN[name]:
        return (own.resolve(), BUILTIN[name])
    return (BUILTIN[name],)


def identifier(fields: Fields) -> str | None:
    value = fields.text(REPORT["identifier"].name, REPORT["identifier"].required)
    if value is None:
        return None
    if value.startswith("urn:uuid:"):
        try:
            uuid.UUID(value.removeprefix("urn:uuid:"))
            return value
        except ValueError:
            pass
    elif value.startswith("urn:isbn:") and valid_isbn(value.removeprefix("urn:isbn:")):
        return value
    fields.bad("identifier", REPORT["identifier"].expects)
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
    field = REPORT["page_size"]
    value = fields.text(field.name)
    if value is None:
        return field.default
    size = pagesize.parse(value)
    if size is None:
        fields.bad(field.name, field.expects)
    return size or field.default


def cover(fields: Fields, root: Path) -> Image | None:
    value = fields.text(REPORT["cover"].name)
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
    if not fields.present("contents", REPORT["contents"].required):
        return ()
    items = fields.data["contents"]
    if not isinstance(items, YamlList) or not items:
        fields.bad("contents", REPORT["contents"].expects)
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
                f"contents: unknown part {quote(kind)}; use {', '.join(REPORT.item_names[:-1])} or {REPORT.item_names[-1]}",
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
    real = resolve_inside(root, path, fields.problems, "report.yaml", line, fields.name(key), "chapters", formats.suffixes())
    if real is None:
        used.add(named)
        return None
    if real in used:
        fields.problems.add("report.yaml", line, f"{fields.name(key)}: {quote(path)} is listed twice; list each chapter once")
        return None
    used.add(real)
    return load_chapter(real, path, fields.problems)


def load_chapter(path: Path, shown: str, problems: Problems) -> Chapter | None:
    """A chapter file: its YAML header checked, its body kept as text; its format (:mod:`folio.source.formats`) by its name."""
    text = read_text(path, problems, MAX_CHAPTER_BYTES, shown)
    if text is None:
        return None
    written = formats.of(shown) or formats.FORMATS[0]
    prepared = written.prepare(text, shown, problems) if written.prepare is not None else formats.Prepared(text)
    text = prepared.text
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
            return unchecked(path, shown, Source(path=shown, line=1, text=text, reader=written.reader))
        return None
    before = len(problems.items)
    header = parse_yaml(match.group(1) or "", shown, problems, first_line=prepared.header_line)
    body_line = text[: match.end()].count("\n") + 1 - prepared.added
    if not isinstance(header, YamlMap):
        if len(problems.items) == before:
            problems.add(shown, 2, "the header should be fields like 'title: Introduction'")
        return unchecked(path, shown, Source(path=shown, line=body_line, text=text[match.end() :], reader=written.reader))
    fields = Fields(header, shown, problems)
    fields.only(CHAPTER.names)
    title = CHAPTER["title"].read(fields)
    chapter_id = CHAPTER["id"].read(fields) or default_id(path.stem)
    short_title = CHAPTER["short_title"].read(fields)
    summary = CHAPTER["summary"].read(fields)
    extra = header_fields(fields)
    reader = reader_field(fields, CHAPTER["from"].name) or written.reader
    body = Source(path=shown, line=body_line, text=text[match.end() :], reader=reader)
    if len(problems.items) > before or title is None:
        return unchecked(path, shown, body, chapter_id)
    if not body.text.strip():
        # an empty chapter would be a blank page in every edition
        problems.add(
            shown,
            body_line - 1,
            f"has a header but no text below it; write the chapter, or rename the file _NAME{written.suffixes[0]} to keep it as a draft",
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
    """A chapter on disk but not in contents is a lost chapter, unless a draft; its format says whether that is an
    error or a warning.  Two listed chapters of one name in two formats (``intro.md``, ``intro.qmd``) are an error:
    a link to either file name would name both."""
    found = [path for path in formats.sources(root / "chapters") if not path.name.startswith("_")]
    listed = [path for path in found if real(path) in used or path in used]
    for path in found:
        shown = f"chapters/{path.name}"
        twin = next((other for other in listed if other.stem == path.stem and other != path), None)
        if path in listed:
            if twin is not None and listed.index(twin) < listed.index(path):
                problems.add(
                    shown,
                    None,
                    f"has the same name as chapters/{twin.name}, and contents lists both: a link to {twin.name} or "
                    f"{path.name} would name either; keep one of the two files (rename the other _NAME to keep it as a draft)",
                )
            continue
        written = formats.of(path.name) or formats.FORMATS[0]
        lost = "is not in report.yaml contents" if written.unlisted == "error" else "is not in report.yaml contents, so no edition has it"
        if twin is not None:
            fix = f"chapters/{twin.name} of the same name is; remove it, or rename it _{path.name} to keep it as a draft"
        else:
            fix = f"add '- chapter: {shown}' there, or rename it _{path.name} to keep it as a draft"
        (problems.add if written.unlisted == "error" else problems.warn)(shown, None, f"{lost}; {fix}")


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
