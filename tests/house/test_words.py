"""One word for each idea: an *edition* is an output, a *language* is the report in one language.

An edition is one of the outputs :mod:`folio.editions` declares (the screen,
print and press PDFs, the EPUB, the web page, the Word copy); ``--edition``
chooses among the PDF's.  The report in one language (the original, or a
translation under ``translations/LANG/``) is a *language*:
:class:`folio.model.Language`, ``Report.languages``.  A *target* is a word of
the command line (``pdf``, ``epub``, ``html``, ``docx``).  These tests read
the package's source with :mod:`ast`, so a name that mixes the two ideas up
again fails here, by file and line.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterator

import folio.model
from folio.editions import EDITIONS
from folio.editions.edition import Edition
from folio.paths import PACKAGE


def sources() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path.relative_to(PACKAGE.parent).as_posix(), ast.parse(path.read_text("utf-8"), str(path))


def named_nodes() -> Iterator[tuple[str, ast.AST, str]]:
    """Every class, function and module-level name of ``folio/``: (file, node, name)."""
    for shown, tree in sources():
        for node in ast.walk(tree):
            if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                yield shown, node, node.name
        for node in tree.body:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
            for target in targets:
                if isinstance(target, ast.Name):
                    yield shown, node, target.id


def test_the_only_thing_named_edition_is_the_output_an_edition_module_declares() -> None:
    named = [(shown, node, name) for shown, node, name in named_nodes()]
    found = [f"{shown}: {name}" for shown, node, name in named if name == "Edition"]
    assert found == ["folio/editions/edition.py: Edition"], found
    classes = [f"{shown}: {name}" for shown, node, name in named if isinstance(node, ast.ClassDef) and "edition" in name.lower()]
    assert all(entry.startswith("folio/editions/") for entry in classes), classes
    assert EDITIONS and all(type(edition) is Edition for edition in EDITIONS)


def test_the_model_calls_the_report_in_one_language_a_language() -> None:
    records = [value for value in vars(folio.model).values() if isinstance(value, type) and dataclasses.is_dataclass(value)]
    fields = [f"{record.__name__}.{field.name}" for record in records for field in dataclasses.fields(record)]
    assert not [name for name in fields if "edition" in name.lower()]
    assert "Report.languages" in fields
    assert {field.name for field in dataclasses.fields(folio.model.Language)} >= {"tag", "file_stem", "original"}


def test_a_function_named_for_an_edition_is_never_given_only_a_language() -> None:
    """``edition_key(target, edition, language)`` names an output in a language; ``edition(lang)`` would name a language."""
    wrong = []
    for shown, node, name in named_nodes():
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) or "edition" not in name.lower():
            continue
        parameters = {argument.arg for argument in [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]}
        if parameters & {"lang", "language"} and not parameters & {"edition", "target"}:
            wrong.append(f"{shown}:{node.lineno}: {name}({', '.join(sorted(parameters))})")
    assert not wrong, f"a function of one language named for an edition: {wrong}"


def test_reading_the_report_and_its_translations_names_no_edition() -> None:
    """``folio/source/`` reads a report and its languages; the editions are made later, from what it reads."""
    found = [
        f"{shown}:{node.lineno}: {name}"
        for shown, node, name in named_nodes()
        if shown.startswith("folio/source/") and "edition" in name.lower()
    ]
    assert not found, found


def test_templates_link_the_reports_languages_not_its_editions() -> None:
    found = []
    for path in sorted((PACKAGE / "templates").rglob("*.j2")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if re.search(r"\breport\.editions\b|\bhreflang=\"\{\{ *other\.language", line):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{number}")
    assert not found, found
    assert "{% for other in report.languages %}" in (PACKAGE / "templates" / "book.html.j2").read_text("utf-8")


def test_the_word_catalogs_title_a_language_link_by_language() -> None:
    """The ``hreflang`` link's title, ``language.original`` / ``language.translation``, in every catalog folio ships."""
    for path in sorted((PACKAGE / "strings").glob("*.yaml")):
        keys = set(re.findall(r"^([\w.]+):", path.read_text("utf-8"), re.MULTILINE))
        assert {"language.original", "language.translation"} <= keys, path.name
        assert not {key for key in keys if key.startswith("edition.")}, path.name
