"""Declarative field definitions: one source for validation, JSON Schema and skeletons."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .i18n import LANGUAGES, N_
from .problems import Collector
from .yamlread import MappingNode, Node, ScalarNode, SequenceNode, position

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QUOTE_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
SOURCE_ID = re.compile(r"^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$")
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


class Invalid:
    """The value of a field that failed validation (its problem is already recorded)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = Invalid()


class Rec(dict[str, Any]):
    """A validated mapping that remembers where it and each of its values stand."""

    pos: tuple[int, int] = (1, 1)
    positions: dict[str, tuple[int, int]]

    def at(self, name: str) -> tuple[int, int]:
        """The line and column of field `name`, or of the mapping when it is absent."""
        return self.positions.get(name, self.pos)


class Seq(list[Any]):
    """A validated list that remembers where each of its items stands."""

    pos: tuple[int, int] = (1, 1)
    positions: list[tuple[int, int]]


class Context:
    """Where validation is: the file, the field path, and the problem collector.

    The field path is spelled out only when a problem is reported: a valid record (nearly every one)
    never needs it, and a claim file has a few hundred fields.
    """

    __slots__ = ("name", "parent", "path", "problems")

    def __init__(self, path: str, problems: Collector, parent: Context | None = None, name: str | int = "") -> None:
        self.path, self.problems, self.parent, self.name = path, problems, parent, name

    def child(self, name: str | int) -> Context:
        """The context of a nested field or list item."""
        return Context(self.path, self.problems, self, name)

    @property
    def trail(self) -> str:
        """The field's path: `quotes[2].text` (list items counted from 1)."""
        if self.parent is None:
            return ""
        above = self.parent.trail
        if isinstance(self.name, int):
            return f"{above}[{self.name + 1}]"
        return f"{above}.{self.name}" if above else self.name

    def report(self, node: Node, template: str, **params: object) -> None:
        """Record a problem at `node`'s place."""
        line, column = position(node)
        self.problems.add(self.path, line, column, template, field=self.trail or "(file)", **params)


def node_kind(node: Node) -> str:
    """A readable name of what YAML made of a node."""
    if isinstance(node, MappingNode):
        return TAG_NAMES["map"]
    if isinstance(node, SequenceNode):
        return TAG_NAMES["seq"]
    return TAG_NAMES.get(node.tag.removeprefix(YAML_TAG), node.tag)


class Spec:
    """What one field may hold."""

    expected: str = N_("a value")

    def check(self, node: Node, ctx: Context) -> Any:
        """Validate `node`; return its Python value or INVALID after reporting why."""
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        """The same rule as JSON Schema, for editors' completion and underlines."""
        raise NotImplementedError

    def wrong_kind(self, node: Node, ctx: Context) -> Any:
        ctx.report(node, N_("“{field}” must be {expected}, not {actual}"), expected=self.expected, actual=node_kind(node))
        return INVALID


@dataclass
class Text(Spec):
    """A line or paragraph of plain text."""

    pattern: re.Pattern[str] | None = None
    hint: str = ""
    expected: str = N_("text")
    markdown: bool = False
    accept: tuple[str, ...] = ()
    """YAML types whose written form is taken as the text (an EDTF date like 2025 or 2025-11-06)."""

    def check(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, ScalarNode):
            return self.wrong_kind(node, ctx)
        tag = node.tag.removeprefix(YAML_TAG)
        if tag != "str" and tag not in self.accept and not node.style:  # plain (unquoted): None from PyYAML, "" from libyaml
            if tag == "null":
                ctx.report(node, N_("“{field}” is empty — write the text"))
                return INVALID
            ctx.report(
                node,
                N_('“{field}”: YAML read {value} as {actual}, but text is meant — put it in quotes: "{value}"'),
                value=node.value,
                actual=node_kind(node),
            )
            return INVALID
        value = node.value
        if not value.strip():
            ctx.report(node, N_("“{field}” is empty — write the text"))
            return INVALID
        if self.pattern is not None and not self.pattern.match(value):
            ctx.report(node, self.hint, value=value)
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        # blank text is refused like empty text; a field's own pattern already excludes it
        schema["pattern"] = self.pattern.pattern if self.pattern is not None else r"\S"
        if self.markdown:
            schema["description"] = "Markdown"
        if "int" in self.accept:  # a year written unquoted, as in `date: 2025`
            return {"anyOf": [schema, {"type": "integer", "minimum": 1000, "maximum": 9999}]}
        return schema


def Slug() -> Text:  # noqa: N802 - reads as a type in field tables
    """A safe id: lowercase latin letters, digits and hyphens."""
    return Text(
        SLUG,
        N_("“{value}” is not a safe id — use lowercase latin letters, digits and hyphens, e.g. talks-date"),
        expected=N_("an id"),
    )


def Markdown() -> Text:  # noqa: N802
    """Text formatted with markdown."""
    return Text(markdown=True)


URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


def Url() -> Text:  # noqa: N802
    """An absolute http(s) address."""
    return Text(URL, N_("“{value}” is not an absolute http(s) address — write it as https://…"), expected=N_("an address"))


@dataclass
class Choice(Spec):
    """One of a fixed set of words."""

    options: tuple[str, ...]
    expected: str = N_("one of the listed values")

    def check(self, node: Node, ctx: Context) -> Any:
        value = Text().check(node, ctx)
        if value is INVALID:
            return INVALID
        if value not in self.options:
            ctx.report(
                node, N_("“{value}” is not allowed in “{field}” — use one of: {options}"), value=value, options=", ".join(self.options)
            )
            return INVALID
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.options)}


@dataclass
class Integer(Spec):
    """A whole number."""

    expected: str = N_("a whole number")

    def check(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, ScalarNode) or node.tag != YAML_TAG + "int":
            return self.wrong_kind(node, ctx)
        return int(node.value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer"}


@dataclass
class Date(Spec):
    """A calendar day, written YYYY-MM-DD."""

    expected: str = N_("a date")

    def check(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, ScalarNode) or node.tag not in (YAML_TAG + "timestamp", YAML_TAG + "str"):
            return self.wrong_kind(node, ctx)
        try:
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", node.value.strip()):
                raise ValueError(node.value)
            return date.fromisoformat(node.value.strip())
        except ValueError:
            ctx.report(node, N_("“{value}” is not a valid date — write it as YYYY-MM-DD, e.g. 2025-11-07"), value=node.value)
            return INVALID

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}


@dataclass
class Nullable(Spec):
    """A field that may be left empty (null) when the fact is not known."""

    inner: Spec

    def check(self, node: Node, ctx: Context) -> Any:
        if isinstance(node, ScalarNode) and node.tag == YAML_TAG + "null":
            return None
        return self.inner.check(node, ctx)

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [self.inner.json_schema(), {"type": "null"}]}


@dataclass
class Bilingual(Spec):
    """The same text in every language of the site: `{ru: …, en: …}`."""

    inner: Text = field(default_factory=Text)
    expected: str = N_("a mapping with the keys ru and en")
    languages: dict[str, Field] = field(init=False, repr=False, compare=False)
    """One required field of `inner` text per language (made once: every record has many such mappings)."""

    def __post_init__(self) -> None:
        self.languages = {lang: Field(self.inner) for lang in LANGUAGES}

    def check(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, MappingNode):
            return self.wrong_kind(node, ctx)
        values = check_mapping(node, ctx, self.languages, language_keys=True)
        if values is INVALID or any(v is INVALID for v in values.values()):
            return INVALID
        return {lang: values[lang] for lang in LANGUAGES}

    def json_schema(self) -> dict[str, Any]:
        return {
            "type": "object",
            "properties": {lang: self.inner.json_schema() for lang in LANGUAGES},
            "required": list(LANGUAGES),
            "additionalProperties": False,
        }


@dataclass
class ListOf(Spec):
    """A list of items of one kind."""

    item: Spec
    min_items: int = 0
    expected: str = N_("a list")

    def check(self, node: Node, ctx: Context) -> Any:
        if isinstance(node, ScalarNode) and node.tag == YAML_TAG + "null" and self.min_items == 0:
            result = Seq()
            result.pos, result.positions = position(node), []
            return result
        if not isinstance(node, SequenceNode):
            return self.wrong_kind(node, ctx)
        result = Seq()
        result.pos, result.positions = position(node), []
        for index, child in enumerate(node.value):
            result.append(self.item.check(child, ctx.child(index)))
            result.positions.append(position(child))
        if len(node.value) < self.min_items:
            ctx.report(node, N_("“{field}” needs at least {count} item(s)"), count=self.min_items)
            return INVALID
        return result

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
            return schema
        return {"anyOf": [schema, {"type": "null"}]}  # an optional list may be left empty, as check() allows


@dataclass(frozen=True)
class Field:
    """A named field of a record: what it holds, whether it is required, what it is for."""

    spec: Spec
    required: bool = True
    doc: str = ""


@dataclass
class Record(Spec):
    """A mapping with known fields; unknown fields are rejected with a suggestion."""

    fields: dict[str, Field]
    title: str = ""
    expected: str = N_("a mapping of fields")

    def check(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, MappingNode):
            return self.wrong_kind(node, ctx)
        return check_mapping(node, ctx, self.fields)

    def json_schema(self) -> dict[str, Any]:
        properties = {}
        for name, spec_field in self.fields.items():
            schema = spec_field.spec.json_schema()
            if spec_field.doc:
                schema = {**schema, "description": spec_field.doc}
            properties[name] = schema
        schema_out: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "required": [name for name, f in self.fields.items() if f.required],
            "additionalProperties": False,
        }
        if self.title:
            schema_out["title"] = self.title
        return schema_out


def check_mapping(node: MappingNode, ctx: Context, fields: dict[str, Field], language_keys: bool = False) -> Any:
    """Validate a mapping's keys and values against `fields`; report every problem."""
    result = Rec()
    result.pos, result.positions = position(node), {}
    seen: dict[str, tuple[int, int]] = {}
    ok = True
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, ScalarNode) else None
        if key is None or not isinstance(key, str):
            ctx.report(key_node, N_("a field name must be plain text"))
            ok = False
            continue
        line, column = position(key_node)
        if key in seen:
            ctx.child(key).report(
                key_node, N_("duplicate field “{name}” (first given at line {first}) — keep only one"), name=key, first=seen[key][0]
            )
            ok = False
            continue
        seen[key] = (line, column)
        if key not in fields:
            report_unknown_key(key_node, key, ctx, fields, language_keys)
            ok = False
            continue
        result.positions[key] = position(value_node)
        result[key] = fields[key].spec.check(value_node, ctx.child(key))
    for name, spec_field in fields.items():
        if spec_field.required and name not in seen:
            if language_keys:
                ctx.report(
                    node,
                    N_("“{field}” has no “{lang}” text — add the line `{lang}: …` with the {language} text"),
                    lang=name,
                    language=LANGUAGE_WORDS[name],
                )
            else:
                ctx.report(node, N_("missing field “{name}” ({doc}) — add it"), name=name, doc=spec_field.doc)
            ok = False
    if not ok:
        return INVALID
    return result


LANGUAGE_WORDS = {"ru": N_("Russian"), "en": N_("English")}


def report_unknown_key(key_node: Node, key: str, ctx: Context, fields: dict[str, Field], language_keys: bool) -> None:
    """An unknown field, with the nearest valid name suggested."""
    if language_keys:
        ctx.report(key_node, N_("unknown language “{name}” in “{field}” — use only: {options}"), name=key, options=", ".join(fields))
        return
    nearest = difflib.get_close_matches(key, list(fields), n=1, cutoff=0.6)
    if nearest:
        ctx.report(key_node, N_("unknown field “{name}” — did you mean “{suggestion}”?"), name=key, suggestion=nearest[0])
    else:
        ctx.report(key_node, N_("unknown field “{name}” — the fields allowed here are: {options}"), name=key, options=", ".join(fields))


def validate(spec: Spec, node: Node, path: str, problems: Collector) -> Any:
    """Validate one file's node tree against its record definition."""
    return spec.check(node, Context(path, problems))
