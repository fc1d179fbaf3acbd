"""Safe YAML that remembers where every value came from.

PyYAML's safe loader forgets line numbers once it has built Python objects, so
this module composes the node tree itself and converts it to plain values,
keeping each value's line on the containers (:class:`YamlMap`,
:class:`YamlList`).  Only the standard YAML tags are accepted, aliases are
bounded (an alias bomb fails fast instead of eating memory) and duplicate keys
are reported instead of silently keeping the last one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from folio.errors import Problems, field_name
from folio.folder import NotAFile, read_file, real

MAX_YAML_BYTES = 1_000_000
"""A YAML file larger than this is refused: no report needs one."""

MAX_NODES = 50_000
"""Values visited while converting, aliases counted each time they are used."""

MAX_DEPTH = 40

_STANDARD_TAGS = {"tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map")}


class YamlMap(dict):
    """A mapping that knows its own line and the line of each key."""

    line: int
    lines: dict[Any, int]


class YamlList(list):
    """A sequence that knows its own line and the line of each item."""

    line: int
    lines: list[int]


def line_of(container: Any, key: Any = None, default: int | None = None) -> int | None:
    """The 1-based line of ``container[key]`` (or of the container itself)."""
    if key is None:
        return getattr(container, "line", default)
    if isinstance(container, YamlMap):
        return container.lines.get(key, getattr(container, "line", default))
    if isinstance(container, YamlList) and isinstance(key, int) and key < len(container.lines):
        return container.lines[key]
    return getattr(container, "line", default)


class _TooLarge(Exception):
    pass


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, stopped before its recursive composer runs out of stack."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                event = self.peek_event()
                raise _TooDeep(event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _TooDeep(Exception):
    pass


class _Converter:
    """Turns a composed node tree into located plain values."""

    def __init__(self, path: str, problems: Problems, first_line: int) -> None:
        self.path = path
        self.problems = problems
        self.offset = first_line - 1
        self.visited = 0
        self.scalars = SafeConstructor()

    def line(self, node: Node) -> int:
        line = node.start_mark.line + 1 + self.offset
        if isinstance(node, ScalarNode) and node.style in ("|", ">"):
            line += 1  # a block scalar's text starts below its indicator
        return line

    def convert(self, node: Node, depth: int = 0, key: str = "") -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise _TooLarge(node, f"more than {MAX_NODES} values once aliases (*name) are expanded")
        if depth > MAX_DEPTH:
            raise _TooLarge(node, f"nested more than {MAX_DEPTH} levels deep")
        if node.tag not in _STANDARD_TAGS:
            # Refused, and read on as if the tag were not there, so the one
            # mistake gives one message (not also "missing" or "expected text").
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            field = f"{field_name(key)}: " if key else ""
            self.problems.add(
                self.path, self.line(node), f"{field}the YAML tag {tag} is not allowed; write the value out plainly, without tags"
            )
            self.problems.seal(self.path, self.line(node))
            if isinstance(node, ScalarNode):
                return node.value
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            items = YamlList(self.convert(child, depth + 1, key) for child in node.value)
            items.line = self.line(node)
            items.lines = [self.line(child) for child in node.value]
            return items
        assert isinstance(node, MappingNode)
        mapping = YamlMap()
        mapping.line = self.line(node)
        mapping.lines = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.add(self.path, self.line(key_node), "<<: merge keys are not allowed; write the fields out in full")
                continue
            key = self.convert(key_node, depth + 1, "key")
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                self.problems.add(self.path, self.line(key_node), "a key must be a plain word, not a list or mapping")
                continue
            key = str(key) if not isinstance(key, str) else key
            if key in mapping:
                self.problems.add(
                    self.path,
                    self.line(key_node),
                    f"{field_name(key)}: appears twice in the same mapping; keep one",
                )
                continue
            mapping[key] = self.convert(value_node, depth + 1, key)
            mapping.lines[key] = self.line(value_node) if not _is_empty(value_node) else self.line(key_node)
        return mapping

    def scalar(self, node: ScalarNode) -> Any:
        if node.tag == "tag:yaml.org,2002:int" and ":" in node.value:
            return node.value  # YAML 1.1's base-60 numbers: 4:3 is a ratio or a time as written, never 243
        try:
            return self.scalars.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            # e.g. an impossible date such as 2022-02-30; keep the text so the
            # field's own check can say what is wrong with it.
            return node.value


def _is_empty(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.value == "" and node.style is None


def _tab_indented(text: str, mark: yaml.Mark) -> bool:
    """Whether the tab PyYAML stopped at is in the line's leading white space."""
    line = text.splitlines()[mark.line]
    return "\t" in line[: len(line) - len(line.lstrip())]


def parse_yaml(text: str, path: str, problems: Problems, first_line: int = 1) -> Any:
    """Parse YAML text; problems go to ``problems``; returns ``None`` on failure.

    ``first_line`` is the file line where ``text`` starts (for front matter).
    """
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
    except _TooDeep as error:
        line = error.args[0].line + first_line
        problems.add(path, line, f"the YAML here is too large: nested more than {MAX_DEPTH} levels deep; write the values out plainly")
        return None
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + first_line
        character = error.character if isinstance(error.character, str) else chr(error.character)
        problems.add(path, line, f"the character U+{ord(character):04X} is not allowed in YAML; delete it (it may be invisible)")
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + first_line if mark is not None else None
        what = error.problem or "not valid YAML"
        if "'\\t'" in what and mark is not None and text.splitlines()[mark.line : mark.line + 1] and _tab_indented(text, mark):
            problems.add(path, line, "YAML does not allow tabs for indentation; use spaces")
        else:
            problems.add(path, line, f"YAML syntax: {what}; check the indentation and quoting here")
        return None
    except yaml.YAMLError as error:
        problems.add(path, first_line, f"YAML syntax: {error}; check the file")
        return None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return None
    converter = _Converter(path, problems, first_line)
    try:
        return converter.convert(node)
    except _TooLarge as error:
        bad, why = error.args
        problems.add(path, converter.line(bad), f"the YAML here is too large: {why}; write the values out plainly")
        return None


def read_text(path: Path, problems: Problems, limit: int, shown: str) -> str | None:
    """Read a UTF-8 text file within ``limit`` bytes, or report why not."""
    if problems.root is not None and not real(path).is_relative_to(problems.root):
        problems.add(shown, None, "is a link that leads outside the report folder; copy the file in instead")
        return None
    try:
        data = read_file(path, limit)
    except NotAFile as error:
        problems.add(shown, None, f"{error}; put the file itself here")
        return None
    except OSError as error:
        problems.add(shown, None, f"cannot be read ({error.strerror}); check the file")
        return None
    if data is None:
        problems.add(shown, None, f"is larger than {limit // 1000} kB; split it into smaller files")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(shown, line, "is not UTF-8 text; save the file as UTF-8")
        return None
    if "\x00" in text:
        problems.add(shown, text[: text.index("\x00")].count("\n") + 1, "contains a NUL byte; is this a text file?")
        return None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def load_yaml(path: Path, problems: Problems, shown: str) -> Any:
    """Read and parse one YAML file; ``None`` when it cannot be used."""
    text = read_text(path, problems, MAX_YAML_BYTES, shown)
    if text is None:
        return None
    return parse_yaml(text, shown, problems)


def load_mapping(path: Path, problems: Problems, shown: str, expected: str) -> YamlMap | None:
    """Read a YAML file that must hold a mapping; ``None`` when it does not.

    What it holds instead gets ``expected`` at its line, unless reading it
    already said what is wrong.
    """
    before = len(problems.items)
    data = load_yaml(path, problems, shown)
    if isinstance(data, YamlMap):
        return data
    if len(problems.items) == before:
        problems.add(shown, line_of(data), expected)
    return None
