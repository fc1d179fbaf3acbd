"""Broken report folders: each gives exit 1, exact located messages, and an untouched dist/.

Every case is a small mutation of a fixture report (tests/reports/minimal or
letter-scripts).  The build runs in-process through the real command line
(``folio.cli.main`` with the recipe) asking for the PDF and the EPUB,
over an output folder that already holds a previous edition, and each case
asserts:

* exit status 1, and no traceback;
* exactly the expected ``path:line: message`` lines, then the count line;
* the output folder byte for byte as it was, and no staging folder left behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, copy_report

from folio import recipe
from folio.cli import main

THIS_YEAR = __import__("datetime").date.today().year
UUID = "urn:uuid:6f1c1f4e-4a8e-4d1a-9d64-0b8f5b1c2a10"


# -- helpers: small edits of a copied fixture ------------------------------------------


def write(rel: str, text: str | bytes) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")

    return edit


def replace(rel: str, old: str, new: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return edit


def append(rel: str, text: str) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        with (folder / rel).open("a", encoding="utf-8") as stream:
            stream.write(text)

    return edit


def chapter(body: str, header: str = "title: The only chapter\n") -> Callable[[Path], None]:
    """Replace the minimal report's one chapter (header lines 1-3, body from line 4)."""
    return write("chapters/one.md", f"---\n{header}---\n{body}")


def steps(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        for one in edits:
            one(folder)

    return edit


def remove(rel: str) -> Callable[[Path], None]:
    return lambda folder: (folder / rel).unlink()


def symlink(rel: str, target: Callable[[Path], Path]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.unlink()
        path.symlink_to(target(folder))

    return edit


def outside_file(folder: Path) -> Path:
    """A file next to the report folder, never to be read by a build."""
    secret = folder.parent / "outside" / "secret.md"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text("---\ntitle: Not yours\n---\n\nsecret\n")
    return secret


def key_figures(text: str) -> Callable[[Path], None]:
    return steps(append("report.yaml", "  - key_figures: data/figures.yaml\n"), write("data/figures.yaml", text))


PNG_1x1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082"
)


@dataclass(frozen=True)
class Case:
    name: str
    edit: Callable[[Path], None]
    expected: tuple[str, ...]
    base: str = "minimal"


CASES = [
    # -- report.yaml: the file itself ----------------------------------------------------
    Case(
        "no-report-yaml",
        remove("report.yaml"),
        (
            "report.yaml: not found in {source}; a report folder needs a report.yaml (see https://folio-report.github.io/folio/reference/report-yaml/)",
        ),
    ),
    Case(
        "empty-report-yaml",
        write("report.yaml", ""),
        ("report.yaml: is empty; write the report's fields (title: …, slug: …, contents: …)",),
    ),
    Case(
        "report-yaml-is-a-list",
        write("report.yaml", "- title\n- slug\n"),
        ('report.yaml:1: should be a mapping of fields, got "[title, slug]"; write title: …, slug: …, contents: … on lines of their own',),
    ),
    Case(
        "yaml-syntax",
        replace("report.yaml", "title: A Minimal Report", 'title: "A Minimal Report'),
        ("report.yaml:9: YAML syntax: found unexpected end of stream; check the indentation and quoting here",),
    ),
    Case(
        "yaml-tab",
        replace("report.yaml", "slug: minimal", "\tslug: minimal"),
        ("report.yaml:2: YAML does not allow tabs for indentation; use spaces",),
    ),
    Case(
        "yaml-python-tag",
        replace("report.yaml", "title: A Minimal Report", "title: !!python/object/apply:os.system [echo hacked]"),
        ("report.yaml:1: title: the YAML tag !!python/object/apply:os.system is not allowed; write the value out plainly, without tags",),
    ),
    Case(
        "yaml-alias-bomb",
        append("report.yaml", "".join(f"x{i}: &x{i} [{', '.join([f'*x{i - 1}'] * 9) if i else 'lol'}]\n" for i in range(9))),
        (
            "report.yaml:9: the YAML here is too large: more than 50000 values once aliases (*name) are expanded; write the values out plainly",
        ),
    ),
    Case(
        "yaml-deep",
        append("report.yaml", "deep: " + "[" * 2000 + "]" * 2000 + "\n"),
        ("report.yaml:9: the YAML here is too large: nested more than 40 levels deep; write the values out plainly",),
    ),
    Case(
        "yaml-duplicate-key",
        append("report.yaml", "title: Again\n"),
        ("report.yaml:9: title: appears twice in the same mapping; keep one",),
    ),
    Case(
        "yaml-not-utf8",
        write("report.yaml", "title: Caf\xe9\n".encode("latin-1")),
        ("report.yaml:1: is not UTF-8 text; save the file as UTF-8",),
    ),
    # -- report.yaml: fields --------------------------------------------------------------
    Case(
        "unknown-field-did-you-mean",
        replace("report.yaml", "publisher:", "publsher:"),
        ("report.yaml:1: publisher: missing; this field is required", "report.yaml:4: publsher: unknown field; did you mean publisher?"),
    ),
    Case(
        "wrong-type-for-every-field",
        write(
            "report.yaml",
            "title: [a, b]\nsubtitle: {x: 1}\nslug: My Report\nlanguage: english!\npublisher: true\nauthors: Ana\n"
            "date: tomorrow\nidentifier: isbn 123\nrights: [x]\nkeywords: {a: 1}\ncover: images/none.png\n"
            "page_size: A7\naccent: red\naccessibility_summary: [1]\ncontents: chapters/one.md\n",
        ),
        (
            'report.yaml:1: title: expected text, got "[a, b]"',
            'report.yaml:2: subtitle: expected text, got "{x: 1}"',
            'report.yaml:3: slug: expected lower-case letters, digits and hyphens, like my-report, got "My Report"',
            'report.yaml:4: language: expected a BCP 47 language tag like en, ja, mi or zh-Hant, got "english!"',
            'report.yaml:5: publisher: expected text, got "true"',
            "report.yaml:6: authors: expected a list of text items (lines starting with '- '), got \"Ana\"",
            'report.yaml:7: date: expected a date like 2022-06-30 (YYYY-MM-DD), got "tomorrow"',
            'report.yaml:8: identifier: expected urn:uuid: followed by a UUID, or urn:isbn: followed by a valid ISBN, got "isbn 123"',
            'report.yaml:9: rights: expected text, got "[x]"',
            "report.yaml:10: keywords: expected a list of text items (lines starting with '- '), got \"{a: 1}\"",
            'report.yaml:11: cover: "images/none.png" does not exist; check the file name',
            'report.yaml:12: page_size: expected A4, letter, A5, B5, 6x9in, or a width and height like "170mm 240mm" (100 to 500 mm), got "A7"',
            'report.yaml:13: accent: expected a colour like "#0b5c7a", got "red"',
            'report.yaml:14: accessibility_summary: expected text, got "[1]"',
            "report.yaml:15: contents: expected a list of parts, e.g. '- chapter: chapters/intro.md', got \"chapters/one.md\"",
        ),
    ),
    Case(
        "impossible-date",
        replace("report.yaml", "2024-03-01", "2024-02-30"),
        ('report.yaml:5: date: expected a date like 2022-06-30 (YYYY-MM-DD), got "2024-02-30"',),
    ),
    Case(
        "bad-isbn-checksum",
        replace("report.yaml", UUID, "urn:isbn:978-3-16-148410-1"),
        (
            'report.yaml:6: identifier: expected urn:uuid: followed by a UUID, or urn:isbn: followed by a valid ISBN, got "urn:isbn:978-3-16-148410-1"',
        ),
    ),
    # -- contents -------------------------------------------------------------------------------
    Case(
        "contents-items",
        append(
            "report.yaml", "  - chapter: chapters/one.md\n  - chapters: chapters/x.md\n  - just text\n  - profiles: yes\n  - chapter:\n"
        ),
        (
            'report.yaml:9: contents: chapter: "chapters/one.md" is listed twice; list each chapter once',
            'report.yaml:10: contents: unknown part "chapters"; use front, chapter, profiles, key_figures, appendix, glossary, list_of_figures, list_of_tables or bibliography',
            "report.yaml:11: contents: expected one of 'chapter: chapters/NAME.md', 'profiles: {title: …}', 'key_figures: data/NAME.yaml' or 'bibliography: {title: …}', got \"just text\"",
            'report.yaml:12: contents: profiles: expected a mapping of fields (indented key: value lines), got "true"',
            "report.yaml:13: contents: chapter: missing; this field is required",
        ),
    ),
    Case(
        "chapter-missing",
        replace("report.yaml", "chapters/one.md", "chapters/two.md"),
        (
            "chapters/one.md: is not in report.yaml contents; add '- chapter: chapters/one.md' there, or rename it _one.md to keep it as a draft",
            'report.yaml:8: contents: chapter: "chapters/two.md" does not exist; check the file name',
        ),
    ),
    Case(
        "chapter-leaves-folder",
        append("report.yaml", "  - chapter: ../outside/secret.md\n"),
        ('report.yaml:9: contents: chapter: "../outside/secret.md" leaves the report folder; write a path inside it like chapters/NAME',),
    ),
    Case(
        "chapter-symlink-outside",
        steps(symlink("chapters/link.md", outside_file), append("report.yaml", "  - chapter: chapters/link.md\n")),
        ('report.yaml:9: contents: chapter: "chapters/link.md" is a link that leads outside the report folder; copy the file in instead',),
    ),
    Case(
        "chapter-is-a-directory",
        steps(lambda f: (f / "chapters" / "dir.md").mkdir(), append("report.yaml", "  - chapter: chapters/dir.md\n")),
        ('report.yaml:9: contents: chapter: "chapters/dir.md" is a folder, not a file; name a file like chapters/NAME.md',),
    ),
    Case(
        "chapter-wrong-folder",
        replace("report.yaml", "chapters/one.md", "one.md"),
        (
            "chapters/one.md: is not in report.yaml contents; add '- chapter: chapters/one.md' there, or rename it _one.md to keep it as a draft",
            'report.yaml:8: contents: chapter: "one.md" is not in chapters/; write chapters/NAME.md',
        ),
    ),
    Case(
        "forgotten-chapter",
        write("chapters/lost.md", "---\ntitle: Lost\n---\n\nText.\n"),
        (
            "chapters/lost.md: is not in report.yaml contents; add '- chapter: chapters/lost.md' there, or rename it _lost.md to keep it as a draft",
        ),
    ),
    # -- chapter files ---------------------------------------------------------------------------
    Case(
        "chapter-binary",
        write("chapters/one.md", b"---\ntitle: x\n---\n\n\x89PNG\r\n\x1a\n\xff\xfe\x00"),
        ("chapters/one.md:5: is not UTF-8 text; save the file as UTF-8",),
    ),
    Case(
        "chapter-nul-byte",
        write("chapters/one.md", "---\ntitle: x\n---\n\nText\x00more\n"),
        ("chapters/one.md:5: contains a NUL byte; is this a text file?",),
    ),
    Case(
        "chapter-empty",
        write("chapters/one.md", ""),
        ("chapters/one.md: is empty; write a YAML header ('---', 'title: …', '---') and the chapter's text",),
    ),
    Case(
        "chapter-no-header",
        write("chapters/one.md", "# Intro\n\nText.\n"),
        ("chapters/one.md:1: has no YAML header, got \"# Intro\"; start the file with '---', a line 'title: …', and '---'",),
    ),
    Case(
        "chapter-header-not-closed",
        write("chapters/one.md", "---\ntitle: Intro\n\nText.\n"),
        ("chapters/one.md:1: the YAML header that starts here is never closed; end it with a line '---'",),
    ),
    Case(
        "chapter-header-only",
        write("chapters/one.md", "---\ntitle: Intro\n---\n\n\n"),
        ("chapters/one.md:3: has a header but no text below it; write the chapter, or rename the file _NAME.md to keep it as a draft",),
    ),
    Case(
        "chapter-header-fields",
        chapter("\nText.\n", header="titl: Intro\nid: 9lives\nsummary: [a]\n"),
        (
            "chapters/one.md:2: titl: unknown field; did you mean title?",
            "chapters/one.md:2: title: missing; this field is required",
            'chapters/one.md:3: id: expected an id of letters, digits and hyphens, starting with a letter, got "9lives"',
            'chapters/one.md:4: summary: expected text, got "[a]"',
        ),
    ),
    Case(
        "chapter-too-large",
        chapter("\n" + "word " * 420_000 + "\n"),
        ("chapters/one.md: is larger than 2000 kB; split it into smaller files",),
    ),
    Case(
        "crlf-and-bom-keep-lines",
        write("chapters/one.md", "\ufeff---\r\ntitle: Windows\r\n---\r\n\r\nFirst.\r\n\r\nSee [notes](#notes).\r\n"),
        (
            "chapters/one.md:7: link to #notes: no chapter, heading or profile has this id; link to a chapter id, a heading id or profile-STEM",
        ),
    ),
    Case(
        "duplicate-chapter-ids",
        steps(
            write("chapters/two.md", "---\ntitle: Two\nid: one\n---\n\nText.\n"), append("report.yaml", "  - chapter: chapters/two.md\n")
        ),
        ('chapters/two.md:2: id: "one" is already the id of chapters/one.md; give this chapter its own id',),
    ),
    # -- Markdown -------------------------------------------------------------------------------
    Case(
        "links",
        chapter("\nSee [a](other.md), [b](file:///etc/passwd)\nand [c](javascript:alert(1)) and [d]().\n\nAlso [e](#the-only-chaptr).\n"),
        (
            'chapters/one.md:5: link to "file:///etc/passwd": file: links are not allowed; link to #ID or an absolute https://, http:// or mailto: URL',
            'chapters/one.md:6: link to "javascript:alert(1)": javascript: links are not allowed; link to #ID or an absolute https://, http:// or mailto: URL',
            "chapters/one.md:8: link to #the-only-chaptr: no chapter, heading or profile has this id; link to a chapter id, a heading id or profile-STEM",
        ),
    ),
    Case(
        "link-did-you-mean",
        chapter("\n## Market access {#market-access}\n\nSee [it](#market-acess).\n"),
        ("chapters/one.md:7: link to #market-acess: no chapter, heading or profile has this id; did you mean #market-access?",),
    ),
    Case(
        "reference-link-located-at-definition",
        chapter("\nFirst [ref][x].\n\nMore text.\n\n[x]: #nowhere\n"),
        (
            "chapters/one.md:9: link to #nowhere: no chapter, heading or profile has this id; link to a chapter id, a heading id or profile-STEM",
        ),
    ),
    Case(
        "images",
        chapter("\n![A kiln](../../secret.png)\n\n![](images/x.png)\n\n![Remote](https://example.com/x.png)\n\n![Text](chapters/one.md)\n"),
        (
            'chapters/one.md:5: image: "../../secret.png" leaves the report folder; write a path inside it like images/NAME',
            'chapters/one.md:7: image "images/x.png" has no alt text; describe it in ![…](…), or mark it {.decorative}',
            'chapters/one.md:7: image: "images/x.png" does not exist; check the file name (folio looked for images/x.png and chapters/images/x.png)',
            'chapters/one.md:9: image "https://example.com/x.png": images are never fetched; put the file in images/ and write images/NAME',
            'chapters/one.md:11: image: "chapters/one.md" is not a picture; use a PNG, JPEG or SVG file',
        ),
    ),
    Case(
        "image-symlink-outside",
        steps(symlink("images/x.png", lambda f: outside_file(f)), chapter("\n![A picture](images/x.png)\n")),
        ('chapters/one.md:5: image: "images/x.png" is a link that leads outside the report folder; copy the file in instead',),
    ),
    Case(
        "image-files-that-are-not-images",
        steps(
            write("images/text.png", "not a picture\n"),
            write("images/photo.png", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
            write("images/page.svg", "<html><body>hi</body></html>\n"),
            write("images/ok.png", PNG_1x1),
            chapter("\n![a](images/text.png)\n\n![b](images/photo.png)\n\n![c](images/page.svg)\n\n![d](images/ok.png)\n"),
        ),
        (
            "images/page.svg:1: is not an SVG drawing (its root element is <html>); export the picture as SVG",
            "images/photo.png: is not a PNG image (or is damaged); export the picture again as PNG",
            "images/text.png: is not a PNG image (or is damaged); export the picture again as PNG",
        ),
    ),
    Case(
        "hostile-svg",
        steps(
            write(
                "images/x.svg",
                '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
                "<script>alert(1)</script>\n"
                '<image xlink:href="file:///etc/passwd"/>\n'
                '<rect onload="x" style="fill:url(https://example.com/p)"/>\n'
                "</svg>\n",
            ),
            write(
                "images/y.svg",
                '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaa">]>\n<svg xmlns="http://www.w3.org/2000/svg">&a;</svg>\n',
            ),
            chapter("\n![x](images/x.svg)\n\n![y](images/y.svg)\n"),
        ),
        (
            "images/x.svg:2: <script>: scripts, embedded documents and media are not allowed in pictures; remove it",
            'images/x.svg:3: <image href="file:///etc/passwd">: a picture may not load other files or URLs; embed the content in the SVG',
            "images/x.svg:4: <rect onload>: event attributes never run; remove onload",
            'images/x.svg:4: url("https://example.com/p") in an SVG\'s style would load a file; remove it',
            "images/y.svg:2: an SVG whose <!DOCTYPE> declares entities ([ … ]) is not allowed; export it again as plain SVG",
        ),
    ),
    Case(
        "citation-without-references",
        chapter("\nAs shown [@oecd-2019].\n"),
        ("chapters/one.md:5: citation @oecd-2019 is not in references.yaml; create references.yaml with this id",),
    ),
    Case(
        "citation-did-you-mean",
        replace("chapters/tables.md", "repeat its header row.[^t]", "repeat its header row [@fixture-bok].[^t]"),
        ("chapters/tables.md:6: citation @fixture-bok is not in references.yaml; did you mean @fixture-book?",),
        base="letter-scripts",
    ),
    Case(
        "raw-html",
        chapter(
            '\n<script>alert(1)</script>\n\n<p onclick="x">Hi</p>\n\n<a href="javascript:x">y</a> <a href="notes.html">z</a>\n\n<iframe src="https://example.com"></iframe>\n'
        ),
        (
            'chapters/one.md:7: raw HTML <p onclick="x">: event attributes never run; remove onclick',
            'chapters/one.md:9: raw HTML <a href="javascript:x">: javascript: URLs are not allowed; link to #ID or an https:// address',
            'chapters/one.md:9: raw HTML <a href="notes.html">: relative links are not allowed; link to #ID or an absolute https:// address',
        ),
    ),
    Case(
        "markdown-attributes",
        chapter('\n[x]{onclick="alert(1)"} and [y]{style="background: url(/etc/passwd)"}\n\n::: {href="javascript:x"}\nz\n:::\n'),
        (
            'chapters/one.md:5: attribute onclick="alert(1)": event attributes never run; remove onclick',
            'chapters/one.md:5: attribute style="background: url(/etc/passwd)": url() in a style would fetch a file; remove it, or style the part in styles/',
            'chapters/one.md:7: attribute href="javascript:x": javascript: URLs are not allowed; link to #ID or an https:// address',
        ),
    ),
    Case(
        "footnotes",
        chapter("\nCalled[^a] and never defined; a [^my note] with a space is text.\n\nUnused below.\n\n[^b]: Never called.\n"),
        (
            "chapters/one.md:5: footnote [^a] is called but never defined; add a line '[^a]: the note' below the paragraph",
            "chapters/one.md:9: footnote [^b] is defined but never called; call it with [^b] in the text or delete it",
        ),
    ),
    Case(
        "bad-lang-tag",
        chapter("\nIn [Tokyo]{lang=japanese!} today.\n"),
        ('chapters/one.md:5: lang="japanese!": expected a BCP 47 language tag like ja, ko or mi',),
    ),
    Case(
        "character-no-font-has",
        chapter("\nA snowman \u2603 is set; a cuneiform sign \U00012000 is not.\n"),
        (
            "chapters/one.md:5: "
            + 'no font folio has sets "𒀀" (U+12000): Cuneiform; add a font that has them: its files in styles/fonts/ and a styles/fonts/fonts.yaml with family: Noto Sans Cuneiform and languages: [<language>], then mark the text with its language, [...]{lang=<language>} (see https://folio-report.github.io/folio/guides/scripts-and-fonts/#a-teams-own-fonts)',
        ),
    ),
    # -- profiles, references, key figures ------------------------------------------------------
    Case(
        "profile-fields",
        steps(
            replace("profiles/vn-ca-phe.yaml", "country: VN", "country: vn"),
            replace("profiles/vn-ca-phe.yaml", "founded: 2019", "founded: last year"),
            replace("profiles/vn-ca-phe.yaml", "employees: 4", "employees: 0"),
            replace("profiles/vn-ca-phe.yaml", "markets: [JP, KR, AU]", "markets: [JP, XX]"),
            append("profiles/vn-ca-phe.yaml", "website: ftp://example.com\nphoto: {src: images/bars.svg}\ncolour: red\n"),
        ),
        (
            'profiles/vn-ca-phe.yaml:3: country: expected an ISO 3166-1 alpha-2 country code like JP or NZ (upper case: VN), got "vn"',
            f'profiles/vn-ca-phe.yaml:6: founded: expected a year like 2015 (1800 to {THIS_YEAR}), got "last year"',
            'profiles/vn-ca-phe.yaml:7: employees: expected a whole number of people, 1 or more, got "0"',
            'profiles/vn-ca-phe.yaml:8: markets: expected ISO 3166-1 alpha-2 country codes like JP or NZ, got "XX"',
            'profiles/vn-ca-phe.yaml:19: website: expected an absolute URL starting https://…, got "ftp://example.com"',
            "profiles/vn-ca-phe.yaml:20: photo.alt: missing; this field is required",
            "profiles/vn-ca-phe.yaml:21: colour: unknown field; did you mean country?",
        ),
        base="letter-scripts",
    ),
    Case(
        "profile-story-is-checked-like-a-chapter",
        replace(
            "profiles/vn-ca-phe.yaml", "  [^p]: Shipping by air parcel.", "  [^p]: Shipping by air parcel.\n\n  See [our shop](#shop)."
        ),
        (
            "profiles/vn-ca-phe.yaml:15: link to #shop: no chapter, heading or profile has this id; link to a chapter id, a heading id or profile-STEM",
        ),
        base="letter-scripts",
    ),
    Case(
        "profile-file-name-not-an-id",
        lambda f: (f / "profiles" / "vn-ca-phe.yaml").rename(f / "profiles" / "vn ca phe.yaml"),
        (
            'profiles/vn ca phe.yaml: the file name "vn ca phe" cannot be an id; use letters, digits and hyphens, e.g. jp-kumo-ceramics.yaml',
        ),
        base="letter-scripts",
    ),
    Case(
        "profile-empty",
        write("profiles/vn-ca-phe.yaml", ""),
        ("profiles/vn-ca-phe.yaml: is empty; a profile needs name, country, city, sector, founded, summary and story",),
        base="letter-scripts",
    ),
    Case(
        "profile-same-stem-twice",
        lambda f: (f / "profiles" / "vn-ca-phe.yml").write_bytes((f / "profiles" / "vn-ca-phe.yaml").read_bytes()),
        ("profiles/vn-ca-phe.yml: has the same id as profiles/vn-ca-phe.yaml; keep one of the two files",),
        base="letter-scripts",
    ),
    Case(
        "profiles-include",
        replace("report.yaml", "      title: Profiles\n", "      title: Profiles\n      include: [vn-ca-phe, vn-ca-fe]\n"),
        ("report.yaml:18: contents: profiles.include: no file profiles/vn-ca-fe.yaml; check the name (without .yaml)",),
        base="letter-scripts",
    ),
    Case(
        "references",
        write(
            "references.yaml",
            "references:\n  - id: fixture-book\n    type: book\n  - id: fixture-book\n    type: book\n    title: Again\n  - just text\n",
        ),
        (
            "references.yaml:2: fixture-book: title: missing; every reference needs a title",
            'references.yaml:4: id: "fixture-book" is used twice (first on line 2); make each id unique',
            'references.yaml:7: item 3: expected a mapping with id, type and title, got "just text"',
        ),
        base="letter-scripts",
    ),
    Case(
        "reference-text-hides-markup",
        replace("references.yaml", "    title: A Book for Fixtures", '    title: "A Book <img src=x onerror=alert(1)> [more](../x.html)"'),
        (
            'references.yaml:4: title: HTML, links and images are not allowed in a reference, got "A Book <img src=x onerror=alert(1)> [more](../x.html)"; write plain text (*…* for italics) and put an address in URL',
        ),
        base="letter-scripts",
    ),
    Case(
        "raw-image-checked-like-a-markdown-image",
        chapter('\n<img src="images/none.png" alt="A" onclick="x()">\n\n<div><img src=images/none.png></div>\n'),
        (
            'chapters/one.md:5: attribute onclick="x()": event attributes never run; remove onclick',
            'chapters/one.md:5: image: "images/none.png" does not exist; check the file name (folio looked for images/none.png and chapters/images/none.png)',
            'chapters/one.md:7: image "images/none.png" has no alt text; describe it in ![…](…), or mark it {.decorative}',
            'chapters/one.md:7: image: "images/none.png" does not exist; check the file name (folio looked for images/none.png and chapters/images/none.png)',
        ),
    ),
    Case(
        "heading-id-the-editions-keep-for-themselves",
        chapter("\n## Footnotes {#folio-contents}\n\nText.\n"),
        (
            'chapters/one.md:5: heading id "folio-contents" is already used in folio\'s editions (ids starting folio- are their own); '
            "give this heading its own {#id}",
        ),
    ),
    Case(
        "key-figures",
        key_figures(
            "title: Numbers\nfigures:\n  - display: 60%\n    label: of something\n    cite: nobody-2020\n    chart: {kind: share, value: 120, total: 100, text: t}\n  - label: no display\n"
        ),
        (
            'data/figures.yaml:5: figures[1].cite: "nobody-2020" is not an id in references.yaml; add it there or fix the key',
            "data/figures.yaml:6: figures[1].chart.value: expected a number between 0 and total (100), got 120",
            "data/figures.yaml:7: figures[2].display: missing; this field is required",
        ),
    ),
    # -- the report's own styles and templates ------------------------------------------------------
    Case(
        "own-stylesheet-fetches",
        write(
            "styles/report.css",
            'body { color: #222; }\n/* url(https://in-a-comment) */\nh1 { background: url("https://example.com/x.png"); }\n@import "/etc/passwd";\np { background: url(../../x.png) }\n',
        ),
        (
            'styles/report.css:3: url() "https://example.com/x.png": a stylesheet fetches nothing from the network or elsewhere; put the file in the report folder and give its relative path',
            'styles/report.css:4: @import "/etc/passwd" leads outside the report folder; put the file in the report folder and give its relative path',
            'styles/report.css:5: url() "../../x.png" leads outside the report folder; put the file in the report folder and give its relative path',
        ),
    ),
    Case(
        "own-styles-link-outside",
        symlink("styles", lambda f: outside_file(f).parent),
        ("styles: is a link that leads outside the report folder; copy the files in instead",),
    ),
    Case(
        "own-template-reaches-out",
        write("templates/book.html.j2", 'Hello\n{% include "../../../etc/passwd" %}\n{% include "parts/nope.html.j2" %}\n{{ broken }\n'),
        ("templates/book.html.j2:4: template syntax: \"unexpected '}'\"; fix the template, or delete it to use folio's own",),
    ),
    Case(
        "own-template-includes",
        write("templates/book.html.j2", 'Hello\n{% include "../../../etc/passwd" %}\n{% include "parts/nope.html.j2" %}\n'),
        (
            'templates/book.html.j2:2: template "../../../etc/passwd" leads outside the templates folder; name a template inside it',
            'templates/book.html.j2:3: template "parts/nope.html.j2" does not exist in templates/ or in folio\'s own templates; check the name',
        ),
    ),
    # failures only rendering can find: the PDF is already written aside when the EPUB fails
    Case(
        "own-template-reads-a-file-at-render",
        write("templates/epub/colophon.html.j2", '<p>\n{{ report.root.joinpath("../outside/secret.md").read_text() }}\n</p>\n'),
        (
            "templates/epub/colophon.html.j2:2: template error: \"access to attribute 'root' of 'Report' object is unsafe.\"; fix the template, or delete it to use folio's own",
        ),
    ),
    Case(
        "own-template-undefined-at-render",
        write("templates/book.html.j2", "<html>\n\n{{ report.no_such_field }}\n</html>\n"),
        (
            "templates/book.html.j2:3: template error: \"'folio.model.Report object' has no attribute 'no_such_field'\"; fix the template, or delete it to use folio's own",
        ),
    ),
]


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder`` (hidden ones too) with its bytes and modification time."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file()}


def staging_folders() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("folio-*")}


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of the test's own, so other builds on the machine do not show in it."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def previous_dist(folder: Path) -> Path:
    """An output folder holding the editions of an earlier build."""
    dist = folder / "dist"
    dist.mkdir()
    (dist / "previous.pdf").write_bytes(b"%PDF-1.7 the previous edition")
    (dist / "previous.epub").write_bytes(b"PK the previous edition")
    (dist / "SHA256SUMS").write_text("0  previous.pdf\n")
    return dist


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_broken_folder(case: Case, tmp_path: Path, private_tmp: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_report(case.base, tmp_path)
    case.edit(folder)
    dist = previous_dist(folder)
    before, staged = snapshot(dist), staging_folders()

    code = main(["pdf", "epub", "-q", "--source", str(folder)], build=recipe.build)

    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    expected = [line.replace("{source}", str(folder)) for line in case.expected]
    count = len(expected)
    expected.append(f"{count} error{'s' if count != 1 else ''}; nothing was written to {dist}")
    assert err.splitlines() == expected
    assert code == 1
    assert snapshot(dist) == before
    assert staging_folders() <= staged


def test_the_table_is_broad() -> None:
    assert len(CASES) >= 25
    assert len({case.name for case in CASES}) == len(CASES)


def test_messages_name_the_field_and_what_to_write() -> None:
    """Every expected message has the form path[:line]: what: …, and says what to write instead."""
    for case in CASES:
        for line in case.expected:
            assert ": " in line and ("; " in line or "expected " in line), line


def test_errors_come_from_the_real_command_line(tmp_path: Path) -> None:
    """The same table row through ``python build.py``: exit 1, stderr only the messages."""
    from conftest import run_build

    folder = copy_report("minimal", tmp_path)
    chapter("\nSee [a](#other).\n")(folder)
    run = run_build("-q", "--source", folder)
    assert run.code == 1
    assert run.stderr.splitlines() == [
        "chapters/one.md:5: link to #other: no chapter, heading or profile has this id; link to a chapter id, a heading id or profile-STEM",
        f"1 error; nothing was written to {folder / 'dist'}",
    ]
    assert not (folder / "dist").exists()


def test_check_writes_nothing_and_reports_the_same(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_report("minimal", tmp_path)
    chapter("\nSee [a](#other).\n")(folder)
    assert main(["check", "-q", "--source", str(folder)], build=recipe.build) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("chapters/one.md:5: link to #other")
    assert err[-1] == "1 error"  # check never writes, so it does not say what it did not write
    assert not (folder / "dist").exists()


def test_a_country_by_name_and_a_tab_in_yaml_say_what_to_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_report("letter-scripts", tmp_path)
    profile = next((folder / "profiles").glob("*.yaml"))
    text = profile.read_text("utf-8")
    code = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("country:"))
    profile.write_text(text.replace(f"country: {code}", "country: Samoa", 1), encoding="utf-8")
    (folder / "references.yaml").write_text(
        (folder / "references.yaml").read_text("utf-8") + "x-note:\n\tindented: true\n", encoding="utf-8"
    )
    assert main(["check", "-q", "--source", str(folder)], build=recipe.build) == 1
    err = capsys.readouterr().err
    assert 'country: expected an ISO 3166-1 alpha-2 country code like JP or NZ (did you mean WS for Samoa?), got "Samoa"' in err
    assert "references.yaml:" in err and "YAML does not allow tabs for indentation; use spaces" in err


def test_a_bug_keeps_its_traceback_and_another_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_report("minimal", tmp_path)

    def broken(request, log) -> None:
        raise RuntimeError("a bug in folio")

    assert main(["check", "--source", str(folder)], build=broken) == 70
    err = capsys.readouterr().err
    assert "Traceback" in err and "RuntimeError: a bug in folio" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["pdff"], "unknown target 'pdff'"),
        (["check", "pdf"], "check validates only; give it alone"),
        (["epub", "--edition", "print"], "--edition goes with the pdf target"),
        (["--source", "/nonexistent/folder"], "--source /nonexistent/folder: no such folder"),
    ],
)
def test_command_line_mistakes_exit_2(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv, default_source=ROOT, build=recipe.build) == 2
    assert message in capsys.readouterr().err


def test_out_that_cannot_be_a_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = copy_report("minimal", tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--source", str(folder), "--out", str(blocker / "dist")], build=recipe.build) == 2
    assert "cannot be written" in capsys.readouterr().err
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert main(["--source", str(folder), "--out", str(locked / "dist")], build=recipe.build) == 2
