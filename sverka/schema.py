"""Declarative field definitions: one source for validation, JSON Schema and skeletons."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from .addresses import NOT_REPOSITORY_URL, NOT_SITE_URL, NOT_URL, REPOSITORY_URL, SITE_URL, URL, why_refused
from .i18n import N_, lowercase_first, translate
from .languages import LANGUAGES
from .problems import HOLDS_INVISIBLE, Collector, each_language, invisible
from .yamlread import (
    ADVICE,
    FILE_ADVICE,
    YAML_TAG,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    comma_cut,
    is_merge_key,
    is_null,
    node_kind,
    position,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LONGEST_ID = 100
"""The longest id: ids name pages and files (two source ids together name a comparison), and a file system takes 255 bytes."""
LONG_ID = N_("“{field}” is {length} characters long — an id names pages and files: shorten it to at most {limit}")
SLUG_HINT = N_("“{value}” is not a safe id — use lowercase latin letters and digits, with single hyphens between them, e.g. talks-date")
QUOTE_ID = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
SOURCE_ID = re.compile(r"^[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*$")
LANGUAGE_WORDS = {"ru": N_("Russian"), "en": N_("English")}


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
    """Where validation is: the file, the field path (spelled out only for a problem), and the problem collector."""

    __slots__ = ("name", "parent", "path", "problems")

    def __init__(self, path: str, problems: Collector, parent: Context | None = None, name: str | int = "") -> None:
        self.path, self.problems, self.parent, self.name = path, problems, parent, name

    def child(self, name: str | int) -> Context:
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
        line, column = position(node)
        self.problems.add(self.path, line, column, template, field=self.trail or "(file)", **params)

    def invalid(self, node: Node, template: str, **params: object) -> Any:
        """Record a problem at `node`'s place and return INVALID."""
        self.report(node, template, **params)
        return INVALID


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
        template = WRONG_KIND if ctx.trail else N_("the file must hold {expected}, not {actual} — {advice}")
        return ctx.invalid(node, template, expected=self.expected, actual=node_kind(node), **self.advice(ctx))

    def advice(self, ctx: Context) -> dict[str, str]:
        """What to write instead, in each language: the advice for the kind expected, its example keyed as this field is."""
        template = ADVICE.get(self.expected, ADVICE[Spec.expected]) if ctx.trail else FILE_ADVICE
        values = {"line": f"{ctx.name}:" if isinstance(ctx.name, str) else "-", "fields": "", "options": "", **self.named()}
        return each_language("advice", {lang: translate(lang, template).format(**values) for lang in LANGUAGES})

    def named(self) -> dict[str, str]:
        """What the advice names beside an example: a record's fields, a choice's options."""
        return {}


WRONG_KIND = N_("“{field}” must be {expected}, not {actual} — {advice}")
EMPTY = N_("“{field}” is empty — {advice}")
"""The message on an empty value, which a skeleton not filled in yet is left with (`sources.load_source`)."""
EMPTY_OR_NULL = N_("“{field}” is empty — {advice}, or `null` while it is not known")


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Control characters other than tab and line breaks: invalid in XML, invisible on a page."""


@dataclass
class Text(Spec):
    """A line or paragraph of plain text."""

    pattern: re.Pattern[str] | None = None
    hint: str = ""
    expected: str = N_("text")
    markdown: bool = False
    accept: tuple[str, ...] = ()
    """YAML types whose written form is taken as the text (an EDTF date like 2025 or 2025-11-06)."""
    empty: str = ""
    """What to say when the value is empty, if not the advice for the kind expected (a key of a file named, say)."""
    longest: int = 0
    """The most characters the text may have (ids), or 0."""

    def check(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, ScalarNode):
            return self.wrong_kind(node, ctx)
        tag, value = node.tag.removeprefix(YAML_TAG), node.value
        retyped = tag != "str" and tag not in self.accept and not node.style  # plain (unquoted): None from PyYAML, "" from libyaml
        if retyped and tag != "null":
            template = N_('“{field}”: YAML read {value} as {actual}, but text is meant — put it in quotes: "{value}"')
            return ctx.invalid(node, template, value=value, actual=node_kind(node))
        if retyped or not value.strip():
            return ctx.invalid(node, self.empty) if self.empty else ctx.invalid(node, EMPTY, **self.advice(ctx))
        if self.pattern is not None and not self.pattern.fullmatch(value) and self.pattern.fullmatch(value.strip(" ")):
            return ctx.invalid(
                node, N_("“{value}” has a space before or after it — write “{stripped}”"), value=value, stripped=value.strip(" ")
            )
        if self.pattern is not None and not self.pattern.fullmatch(value):  # `$` alone would let a final line break through
            template, values = why_refused(value, self.hint)
            ctx.report(node, template, value=value, **values)
            if hidden := invisible(value):
                ctx.report(node, HOLDS_INVISIBLE, **hidden)
            return INVALID
        if self.longest and len(value) > self.longest:
            return ctx.invalid(node, LONG_ID, length=len(value), limit=self.longest)
        control = CONTROL.search(value)  # written as an escape such as "\e": pages and feeds cannot carry it
        if control is not None:
            template = N_("“{field}” holds an invisible control character ({code}) — delete the escape that writes it")
            return ctx.invalid(node, template, code=f"U+{ord(control.group()):04X}")
        return value

    def json_schema(self) -> dict[str, Any]:
        pattern = self.pattern.pattern if self.pattern is not None else r"\S"  # blank text is refused like empty text
        schema: dict[str, Any] = {"type": "string", "minLength": 1, "pattern": pattern}
        if self.longest:
            schema["maxLength"] = self.longest
        if self.markdown:
            schema["description"] = "Markdown"
        if "int" in self.accept:  # a year written unquoted, as in `date: 2025`
            return {"anyOf": [schema, {"type": "integer", "minimum": 1000, "maximum": 9999}]}
        return schema


# Kinds of text, named like types for the field tables:
Slug = partial(Text, SLUG, SLUG_HINT, expected=N_("an id"), longest=LONGEST_ID)
"""A safe id: lowercase latin letters, digits and hyphens."""
Markdown = partial(Text, markdown=True)
Url = partial(Text, URL, NOT_URL, expected=N_("an address"))
SiteUrl = partial(Text, SITE_URL, NOT_SITE_URL, expected=N_("an address"))
RepositoryUrl = partial(Text, REPOSITORY_URL, NOT_REPOSITORY_URL, expected=N_("an address"))


@dataclass
class Nullable(Spec):
    """A field that may be left empty (null) when the fact is not known."""

    inner: Spec

    def check(self, node: Node, ctx: Context) -> Any:
        if isinstance(node, ScalarNode) and node.style and not node.value.strip():  # `url: ""`: not a skeleton's blank
            return ctx.invalid(node, EMPTY_OR_NULL, **self.inner.advice(ctx))
        return None if is_null(node) else self.inner.check(node, ctx)

    def json_schema(self) -> dict[str, Any]:
        return {"anyOf": [self.inner.json_schema(), {"type": "null"}]}


@dataclass
class Bilingual(Spec):
    """The same text in every language of the site: `{ru: …, en: …}`."""

    inner: Text = field(default_factory=Text)
    expected: str = N_("a mapping with the keys ru and en")
    languages: dict[str, Field] = field(init=False, repr=False, compare=False)
    """One required field of `inner` text per language (built once and shared by every check)."""

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
        properties = {lang: self.inner.json_schema() for lang in LANGUAGES}
        return {"type": "object", "properties": properties, "required": list(LANGUAGES), "additionalProperties": False}


@dataclass
class ListOf(Spec):
    item: Spec
    min_items: int = 0
    expected: str = N_("a list")
    unique: bool = False
    """Each item at most once (a list of ids or keys)."""

    def check(self, node: Node, ctx: Context) -> Any:
        empty = self.min_items == 0 and is_null(node)
        one_id = isinstance(node, ScalarNode) and not node.style and not is_null(node) and not isinstance(self.item, (Record, Bilingual))
        if one_id and not empty and ctx.trail:  # `tags: dates` for `tags: [dates]`
            template = N_("“{field}” must be a list, not text — write it in brackets, [{value}], or as lines starting with “- ”")
            return ctx.invalid(node, template, value=node.value)
        if not empty and not isinstance(node, SequenceNode):
            return self.wrong_kind(node, ctx)
        items = [] if empty else node.value
        result = Seq(self.item.check(child, ctx.child(index)) for index, child in enumerate(items))
        result.pos, result.positions = position(node), [position(child) for child in items]
        if len(items) < self.min_items:
            return ctx.invalid(node, N_("“{field}” lists too few items — it needs {count} at the least"), count=self.min_items)
        if self.unique:
            first: dict[object, int] = {}
            for index, value in enumerate(result):
                if isinstance(value, str) and first.setdefault(value, index) != index:
                    template = N_("“{value}” is listed twice in “{field}” (first at line {first}) — list it once")
                    result[index] = ctx.invalid(items[index], template, value=value, first=result.positions[first[value]][0])
        return result

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema(), **({"uniqueItems": True} if self.unique else {})}
        if self.min_items:
            return {**schema, "minItems": self.min_items}
        return {"anyOf": [schema, {"type": "null"}]}  # an optional list may be left empty, as check() allows


@dataclass(frozen=True)
class Field:
    """A record's field: what it holds, whether it is required, what it is for (`doc`), which other pages show it."""

    spec: Spec
    required: bool = True
    doc: str = ""
    shown_by: str = ""
    """Of a claim: "index" when it places the claim among the others (lists, related checks, which pages
    exist), or the field of `jobs.Needs` naming the claims whose value of it a page shows; "" when only
    the claim's own pages show it. Incremental builds re-render pages from this."""

    def json_schema(self) -> dict[str, Any]:
        schema = self.spec.json_schema()
        return {**schema, "description": self.doc} if self.doc else schema


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

    def named(self) -> dict[str, str]:
        return {"fields": ", ".join(self.fields)}

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {name: spec_field.json_schema() for name, spec_field in self.fields.items()},
            "required": [name for name, spec_field in self.fields.items() if spec_field.required],
            "additionalProperties": False,
        }
        return {**schema, "title": self.title} if self.title else schema


def check_mapping(node: MappingNode, ctx: Context, fields: dict[str, Field], language_keys: bool = False) -> Any:
    """Validate a mapping's keys and values against `fields`; report every problem."""
    result = Rec()
    result.pos, result.positions = position(node), {}
    seen: dict[str, int] = {}
    unknown: list[tuple[Node, str]] = []
    ok = True
    for key_node, value_node in node.value:
        key = check_key(key_node, ctx, fields, seen, unknown)
        if key is None:
            ok = False
            continue
        result.positions[key] = position(value_node)
        result[key] = fields[key].spec.check(value_node, ctx.child(key))
    # one mistake, one message: a misspelt name explains the required field it leaves missing
    cut = {key_node: meant for key_node, _ in unknown if (meant := comma_cut(node, key_node))}
    for key_node, meant in cut.items():
        template = N_(
            "a comma ends the value before it here, so “{name}” was read as a field of its own — put that value in quotes: `{meant}`"
        )
        ctx.report(key_node, template, name=key_node.value, meant=meant)
    suggested = {report_unknown_key(key_node, key, ctx, fields, language_keys) for key_node, key in unknown if key_node not in cut}
    merged = any(is_merge_key(key_node) for key_node, _ in node.value)  # fields merged in are not missing, only not written out
    missing = [name for name, spec_field in fields.items() if spec_field.required and name not in seen and not merged]
    for name in missing:
        if name not in suggested:
            report_missing(node, name, ctx, fields[name], language_keys)
    return INVALID if missing or not ok else result


def check_key(key_node: Node, ctx: Context, fields: dict[str, Field], seen: dict[str, int], unknown: list[tuple[Node, str]]) -> str | None:
    """A key's field name, noted in `seen` with its line; None if not text or repeated (reported) or unknown (added to `unknown`)."""
    key = key_node.value if isinstance(key_node, ScalarNode) else None
    if is_merge_key(key_node):  # refused: a field merged in would be told at another record's line, one overridden as given twice
        ctx.report(key_node, N_("YAML merge keys (`<<:`) are not supported here — write the fields out"))
        return None
    if not isinstance(key, str):
        ctx.report(key_node, N_("a field name must be plain text"))
        return None
    if key in seen:
        template = N_("duplicate field “{name}” (first given at line {first}) — keep only one")
        ctx.child(key).report(key_node, template, name=key, first=seen[key])
        return None
    seen[key] = position(key_node)[0]
    if key not in fields:
        unknown.append((key_node, key))
        return None
    return key


def report_missing(node: Node, name: str, ctx: Context, spec_field: Field, language_keys: bool) -> None:
    """A required field left out: a language's text, or a field with what it is for."""
    if language_keys:
        template = N_("“{field}” has no “{lang}” text — add the line `{lang}: …` with the {language} text")
        ctx.report(node, template, lang=name, language=LANGUAGE_WORDS[name])
    else:
        # The description starts a sentence where JSON Schemas and skeletons show it; here it follows a name.
        lowered = {lang: lowercase_first(translate(lang, spec_field.doc)) for lang in LANGUAGES}
        ctx.report(node, N_("missing field “{name}” ({doc}) — add it"), name=name, **each_language("doc", lowered))


def report_unknown_key(key_node: Node, key: str, ctx: Context, fields: dict[str, Field], language_keys: bool) -> str | None:
    """An unknown field, with the nearest valid name suggested; returns that name."""
    options = ", ".join(fields)
    nearest = next(iter(difflib.get_close_matches(key.casefold(), list(fields), n=1, cutoff=0.6)), None)
    if language_keys and nearest:
        template = N_("unknown language “{name}” in “{field}” — did you mean “{suggestion}”?")
        ctx.report(key_node, template, name=key, suggestion=nearest)
    elif language_keys:
        ctx.report(key_node, N_("unknown language “{name}” in “{field}” — use only: {options}"), name=key, options=options)
    elif nearest:
        ctx.report(key_node, N_("unknown field “{name}” — did you mean “{suggestion}”?"), name=key, suggestion=nearest)
    else:
        ctx.report(key_node, N_("unknown field “{name}” — the fields allowed here are: {options}"), name=key, options=options)
    if hidden := invisible(key):
        ctx.report(key_node, HOLDS_INVISIBLE, **hidden)
    return nearest


def validate(spec: Spec, node: Node, path: str, problems: Collector) -> Any:
    return spec.check(node, Context(path, problems))
