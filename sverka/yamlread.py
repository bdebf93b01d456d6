"""Reading YAML into node trees that remember where every value stands; the words for what a node holds and how to write
each kind of value."""

from __future__ import annotations

from pathlib import Path

import yaml

from .i18n import N_, os_reason
from .problems import Collector, Problem, freeze
from .yamlerrors import explain, place

try:  # the C parser is many times faster and still gives line and column marks
    from yaml import CSafeLoader as SafeLoader
except ImportError:  # pragma: no cover - only without libyaml
    from yaml import SafeLoader  # type: ignore[assignment]

Node = yaml.Node
ScalarNode = yaml.ScalarNode
MappingNode = yaml.MappingNode
SequenceNode = yaml.SequenceNode

YAML_TAG = "tag:yaml.org,2002:"
TAG_NAMES = {
    "bool": N_("a true/false value"),
    "int": N_("a whole number"),
    "float": N_("a decimal number"),
    "null": N_("an empty value"),
    "timestamp": N_("a date"),
    "str": N_("text"),
    "map": N_("a mapping of fields"),
    "seq": N_("a list"),
}

ADVICE = {
    N_("a value"): N_("write its value after the colon"),
    N_("text"): N_("write the text"),
    N_("an id"): N_("write an id of lowercase latin letters, digits and hyphens, e.g. `{line} talks-date`"),
    N_("an address"): N_("write the whole address, e.g. `{line} https://example.org/`"),
    N_("a source's id"): N_("write the name of the source's text in seeds/ without .txt, e.g. `{line} 001_36549a97ad93da46`"),
    N_("an email address"): N_("write it as `{line} name@example.org`"),
    N_("a mapping with the keys ru and en"): N_("write under it, indented, the two lines `ru: …` and `en: …`"),
    N_("a mapping of fields"): N_("write under it, indented, the fields it takes: {fields}"),
    N_("a list"): N_("write its items on the lines under it, each starting with “- ”"),
    N_("one of the listed values"): N_("use one of: {options}"),
    N_("a whole number"): N_("write it in digits, without quotes or a decimal point, e.g. `{line} 7`"),
    N_("a date"): N_("write the day as YYYY-MM-DD, e.g. `{line} 2026-11-21`"),
    N_("a date, or a date and time with its zone"): N_(
        "write a day, e.g. `{line} 2026-12-10`, or a day and time with its zone, e.g. 2026-12-10T09:00+03:00"
    ),
}
"""How to write each kind of value a field may expect (`schema.Spec.expected`): the end of a message on a wrong or empty one."""
FILE_ADVICE = N_("write the record's fields at the start of the lines, as `name: value`: {fields}")


def node_kind(node: Node) -> str:
    """A readable name of what YAML made of a node."""
    kind = "map" if isinstance(node, MappingNode) else "seq" if isinstance(node, SequenceNode) else node.tag.removeprefix(YAML_TAG)
    return TAG_NAMES.get(kind, node.tag)


def is_null(node: Node) -> bool:
    return isinstance(node, ScalarNode) and node.tag == YAML_TAG + "null"


def is_merge_key(node: Node) -> bool:
    """Whether a mapping's key is YAML's merge key, `<<` unquoted (which PyYAML merges only when it constructs objects)."""
    return isinstance(node, ScalarNode) and node.tag == YAML_TAG + "merge"


def decode_utf8(raw: bytes, path: str, problems: Collector) -> str | None:
    """Decode a file's bytes; report the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line, column = before.count(b"\n") + 1, error.start - before.rfind(b"\n")
        template = N_("the file is not UTF-8 (byte 0x{byte} cannot be decoded) — save it as UTF-8")
        problems.add(path, line, column, template, byte=f"{raw[error.start]:02x}")
        return None


def parse_yaml(text: str, path: str, problems: Collector) -> Node | None:
    """Compose one YAML document into nodes; report a syntax error at its place."""
    text = text.removeprefix("\ufeff")
    try:
        nodes = list(yaml.compose_all(text, Loader=SafeLoader))
    except yaml.YAMLError as error:
        report_yaml_error(error, text, path, problems)
        return None
    if len(nodes) > 1:
        template = N_("the file holds more than one YAML document — keep one record per file and remove the `---` line")
        problems.add(path, *document_start(text, nodes[1]), template)
        return None
    if not nodes:
        problems.add(path, 1, 1, N_("the file is empty — write the record's fields here"))
        return None
    return nodes[0]


def report_yaml_error(error: yaml.YAMLError, text: str, path: str, problems: Collector) -> None:
    """A YAML error in plain words at the place to fix; the library's own words only for a rare one."""
    explained = explain(error, text)
    if explained is not None:
        problems.extend([Problem(path, *place(text, explained.index), explained.template, freeze(explained.params))])
    elif isinstance(error, yaml.MarkedYAMLError):
        report_syntax_error(error, path, problems)
    else:
        problems.add(path, 1, 1, N_("YAML error: {problem}"), problem=str(error))


def report_syntax_error(error: yaml.MarkedYAMLError, path: str, problems: Collector) -> None:
    """A syntax error at its place, with where the structure it breaks was opened when that is another line."""
    mark, opened = error.problem_mark or error.context_mark, error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = " ".join(filter(None, [error.context, error.problem]))
    if opened is not None and mark is not None and opened.line != mark.line:
        template = N_(
            "YAML syntax error: {problem} (the structure opened at line {opened_line}, column {opened_column}) — "
            "check brackets, indentation, colons and quotes there and on this line"
        )
        problems.add(path, line, column, template, problem=problem, opened_line=opened.line + 1, opened_column=opened.column + 1)
    else:
        template = N_("YAML syntax error: {problem} — check indentation, colons and quotes on this line or the one above")
        problems.add(path, line, column, template, problem=problem)


def read_bytes(file: str | Path, path: str, problems: Collector) -> bytes | None:
    """A file's bytes; None, reported at `path`, if it cannot be read."""
    try:
        with open(file, "rb") as handle:
            return handle.read()
    except OSError as error:
        template = N_("cannot read the file: {reason} — check that it exists and can be read, or remove it")
        problems.add(path, 1, 1, template, reason=os_reason(error))
        return None


def yaml_from_bytes(raw: bytes, path: str, problems: Collector) -> Node | None:
    """A file's bytes as a node tree, reporting bytes that are not UTF-8 and broken YAML."""
    text = decode_utf8(raw, path, problems)
    return parse_yaml(text, path, problems) if text is not None else None


def document_start(text: str, node: Node) -> tuple[int, int]:
    """Where the `---` line opening a node's document stands (the node itself starts after it), else the node."""
    lines = text.splitlines()
    for index in range(min(node.start_mark.line, len(lines) - 1), -1, -1):
        if lines[index].startswith("---"):
            return index + 1, 1
    return position(node)


def position(node: Node) -> tuple[int, int]:
    """The 1-based line and column where a node starts."""
    return node.start_mark.line + 1, node.start_mark.column + 1


def comma_cut(node: MappingNode, key_node: Node) -> str | None:
    """In `{ru: A, B, en: C}`, the words `B`, cut off `ru`'s value by the comma and read as a key with no value: the
    value as meant (`ru: "A, B"`)."""
    at = [key for key, _ in node.value].index(key_node)
    value = node.value[at][1]
    if not node.flow_style or at == 0 or not isinstance(value, ScalarNode) or value.value != "" or not value.tag.endswith(":null"):
        return None
    before, cut = node.value[at - 1]
    if not isinstance(before, ScalarNode) or not isinstance(cut, ScalarNode) or '"' in cut.value + str(key_node.value):
        return None
    return f'{before.value}: "{cut.value}, {key_node.value}"'
