"""One schema for the fields of report.yaml, a chapter's header and a profile (:mod:`folio.source.schema`).

The loaders read exactly the declared fields (from their source, and by
loading a wrong value of each), each declared example loads without a
problem, and ``folio new`` writes every declared field under its meaning.
"""

from __future__ import annotations

import ast
import datetime
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import REPORTS, ROOT

from folio.errors import Problems, ReportError
from folio.source.fields import territories
from folio.source.load import load_chapter, load_report
from folio.source.profiles import load_profile
from folio.source.schema import SCHEMAS
from folio.starter.report import LAST, plain
from folio.starter.write import write_starter

WRONG_VALUES = ("{folio-probe: [1]}", "[[1]]", '"?"', "-1", "true")
"""Values tried on a field: each declared field refuses at least one of them."""


# -- the loaders read exactly the declared fields ---------------------------------------------


def declared_reads() -> dict[str, set[str]]:
    """Each schema's fields as the loaders (``folio/source/``) name them: ``REPORT["title"]``."""
    found: dict[str, set[str]] = {name.upper(): set() for name in SCHEMAS}
    for path in sorted((ROOT / "folio" / "source").rglob("*.py")):
        if "schema" in path.relative_to(ROOT / "folio" / "source").parts:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and node.value.id in found:
                assert isinstance(node.slice, ast.Constant), f"{path}:{node.lineno}: name a field by its name"
                found[node.value.id].add(node.slice.value)
    return found


def test_every_declared_field_is_read_through_its_declaration_and_nothing_else() -> None:
    reads = declared_reads()
    for key, schema in SCHEMAS.items():
        assert reads[key.upper()] == set(schema.names), key


def test_no_loader_keeps_a_list_of_field_names_of_its_own() -> None:
    """A tuple of the declared names written out again in a loader would drift from the schema."""
    for path in sorted((ROOT / "folio" / "source").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Tuple) and len(node.elts) > 3 and all(isinstance(e, ast.Constant) for e in node.elts):
                words = {e.value for e in node.elts}
                for key, schema in SCHEMAS.items():
                    assert not words >= set(schema.names[:4]), f"{path}:{node.lineno}: the fields of {key} come from the schema"


def starter(tmp_path: Path) -> Path:
    folder = tmp_path / "probe"
    write_starter(folder, datetime.date(2025, 6, 30))
    shutil.copy(REPORTS / "structure" / "images" / "process.png", folder / "images" / "cover.png")
    shutil.copy(REPORTS / "structure" / "images" / "logo.svg", folder / "images" / "logo.svg")
    return folder


def report_messages(folder: Path, data: dict) -> list[str]:
    (folder / "report.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        load_report(folder)
    except ReportError as error:
        return [p.message for p in error.problems]
    return []


def chapter_messages(folder: Path, header: dict) -> list[str]:
    path = folder / "chapters" / "probe.md"
    path.write_text(f"---\n{yaml.safe_dump(header, allow_unicode=True)}---\n\nText.\n", encoding="utf-8")
    problems = Problems(root=folder)
    load_chapter(path, "chapters/probe.md", problems)
    return [p.message for p in problems.items]


def profile_messages(folder: Path, data: dict) -> list[str]:
    path = folder / "profiles" / "probe.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problems = Problems(root=folder)
    load_profile(path, "profiles/probe.yaml", problems, territories("en"))
    return [p.message for p in problems.items]


LOADERS = {"report": report_messages, "chapter": chapter_messages, "profile": profile_messages}


def valid(folder: Path, key: str) -> dict:
    """A file of this kind that loads without a problem, every field set to its declared example."""
    data = {field.name: yaml.safe_load(f"{field.name}: {field.example}")[field.name] for field in SCHEMAS[key]}
    if key == "report":
        data = {**yaml.safe_load((folder / "report.yaml").read_text("utf-8")), **data}
        data["contents"] = yaml.safe_load((folder / "report.yaml").read_text("utf-8"))["contents"]
        data["slug"] = "probe"
    return data


@pytest.mark.parametrize("key", list(SCHEMAS))
def test_every_example_loads_and_every_declared_field_is_read(tmp_path: Path, key: str) -> None:
    """All examples together load without a problem; a wrong value of any declared field is said at that field."""
    folder = starter(tmp_path)
    load = LOADERS[key]
    data = valid(folder, key)
    assert load(folder, data) == []
    for name in SCHEMAS[key].names:
        said = []
        for wrong in WRONG_VALUES:
            said = [m for m in load(folder, {**data, name: yaml.safe_load(wrong)}) if re.match(rf"{name}\b", m)]
            if said:
                break
        assert said, f"{key}: no wrong value of {name} is refused; is it read?"
    assert load(folder, {**data, "watermark": "x"}) == [f"watermark: unknown field; allowed fields: {', '.join(SCHEMAS[key].names)}"]


@pytest.mark.parametrize("key", list(SCHEMAS))
def test_a_missing_required_field_is_said_and_a_missing_optional_one_is_not(tmp_path: Path, key: str) -> None:
    folder = starter(tmp_path)
    data = valid(folder, key)
    for field in SCHEMAS[key]:
        said = LOADERS[key](folder, {k: v for k, v in data.items() if k != field.name})
        missing = f"{field.name}: missing; this field is required"
        assert (missing in said) == field.required, (key, field.name, said)


def test_each_declaration_is_whole() -> None:
    for key, schema in SCHEMAS.items():
        assert schema.intro and len(set(schema.names)) == len(schema.names), key
        for field in schema:
            assert field.meaning.strip() and field.example.strip() and field.expected(), (key, field.name)
            assert not (field.required and (field.default is not None or field.default_words)), (key, field.name)


# -- folio new's report.yaml ------------------------------------------------------------------


def blocks(text: str) -> list[list[str]]:
    return [block.splitlines() for block in text.strip().split("\n\n")]


def test_the_starters_report_yaml_is_every_field_under_its_meaning(tmp_path: Path) -> None:
    folder = starter(tmp_path)
    text = (folder / "report.yaml").read_text("utf-8")
    schema = SCHEMAS["report"]
    heading, *fields = blocks(text)
    assert all(line.startswith("# ") for line in heading)
    set_values = yaml.safe_load(text)
    order = [name for name in schema.names if name not in LAST] + list(LAST)
    written = []
    for block in fields:
        comments = [line for line in block if line.startswith("#")]
        lines = [line for line in block if not line.startswith("#")]
        if lines:  # set: the meaning, then the field
            name = lines[0].split(":")[0]
            meaning = comments
            assert name in set_values
        else:  # commented out: the meaning, then the field with its example
            *meaning, line = comments
            name, example = line.removeprefix("# ").split(": ", 1)
            assert example == schema[name].example and name not in set_values
        assert " ".join(line.removeprefix("# ") for line in meaning).startswith(plain(schema[name].meaning)), name
        written.append(name)
    assert written == order
    assert set(set_values) == {"folio", *schema.required}  # the starter sets what it must, and the version it follows


def test_the_starter_with_every_field_uncommented_loads(tmp_path: Path) -> None:
    folder = starter(tmp_path)
    report = folder / "report.yaml"
    uncommented = [
        block if not all(line.startswith("#") for line in block) else [*block[:-1], block[-1][2:]] for block in blocks(report.read_text())
    ]
    report.write_text("\n\n".join("\n".join(block) for block in uncommented[1:]) + "\n", encoding="utf-8")
    assert set(yaml.safe_load(report.read_text("utf-8"))) == set(SCHEMAS["report"].names)
    assert load_report(folder).cover is not None


def test_the_declared_defaults_are_what_an_absent_field_gives(tmp_path: Path) -> None:
    report = load_report(starter(tmp_path))
    schema = SCHEMAS["report"]
    assert report.page_size == schema["page_size"].default
    assert report.pdf_standard == schema["pdf_standard"].default
    assert report.reader == schema["from"].default
    assert report.short_title == report.title and schema["short_title"].default_words == "the title"
    assert report.cover is None and report.fallback is None and report.crossref_page is False
