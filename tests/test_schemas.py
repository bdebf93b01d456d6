"""JSON Schemas for editors: generated from the build's own definitions, and agreeing with the build's validator."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
import regress
import yaml
from conftest import FIXTURES, REPO
from jsonschema import Draft202012Validator

from sverka.jsonschemas import KINDS, schema_document, schema_path, schema_text
from sverka.problems import Collector
from sverka.schema import INVALID, validate
from sverka.yamlread import parse_yaml

SCHEMA_OF_FILE = {
    "content/site.yaml": "site",
    "content/verdicts.yaml": "verdicts",
    "content/tags.yaml": "tags",
    "content/timeline.yaml": "timeline",
}


def kind_of(path: str) -> str:
    """Which schema a project file follows."""
    if path.startswith("content/claims/"):
        return "claim"
    if path.startswith("content/pages/"):
        return "page"
    if path.startswith("seeds/"):
        return "source"
    return SCHEMA_OF_FILE[path]


def as_json(value: Any) -> Any:
    """YAML's typed values as the JSON an editor's schema checker sees (dates become ISO text)."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def build_accepts(kind: str, text: str) -> bool:
    """Whether the build's validator accepts a record."""
    problems = Collector()
    node = parse_yaml(text, "record.yaml", problems)
    assert node is not None, problems.problems
    value = validate(KINDS[kind], node, "record.yaml", problems)
    return value is not INVALID and not problems.errors


def schema_accepts(kind: str, text: str) -> bool:
    """Whether the committed JSON Schema accepts the same record."""
    schema = json.loads(schema_path(REPO, kind).read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return validator.is_valid(as_json(yaml.safe_load(text)))


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_committed_schema_equals_the_generated_one(kind: str) -> None:
    committed = schema_path(REPO, kind).read_text(encoding="utf-8")
    assert committed == schema_text(kind), f"schemas/{kind}.schema.json is out of date — run `make schemas`"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_schema_is_a_valid_json_schema(kind: str) -> None:
    Draft202012Validator.check_schema(schema_document(kind))


def patterns(value: Any) -> list[str]:
    """Every `pattern` of a schema document."""
    if isinstance(value, dict):
        return [found for key, inner in value.items() for found in ([inner] if key == "pattern" else patterns(inner))]
    return [found for inner in value for found in patterns(inner)] if isinstance(value, list) else []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_pattern_is_a_regular_expression_the_editors_tools_can_read(kind: str) -> None:
    # JSON Schema's patterns are ECMA-262 expressions, as editors' YAML tools (JavaScript) read them; the build's are
    # Python's, which accept more (named groups as (?P<name>…), escaped quotation marks): an unreadable pattern
    # breaks the editor's checking of the whole file.
    for pattern in patterns(schema_document(kind)):
        regress.Regex(pattern, "u")


SOURCE = """title: {ru: Заголовок, en: Headline}
language: ru
published: 2025-11-07
attribution: {ru: ЦТАК, en: KCNA}
sha256: 766ee9092bc5aeee080b252b489b408807c6984112ba3e762bd08dc1faa73fdf
"""
PAGE = "title: {ru: О нас, en: About}\ndescription: {ru: Кто мы., en: Who we are.}\nbody: {ru: Текст., en: Text.}\n"
TAGS = "tags:\n  - key: dates\n    label: {ru: Даты, en: Dates}\n"
TIMELINE = """events:
  - id: talks
    date: 2025-11-06
    title: {ru: Переговоры, en: Talks}
    description: {ru: Переговоры., en: Talks.}
    quotes: [{claim: talks-date, quote: q1}]
"""
VERDICTS = (
    "verdicts:\n  - key: confirmed\n    rating: 2\n    label: {ru: Подтверждено, en: Confirmed}\n    definition: {ru: Да., en: Agreed.}\n"
)

CASES = [
    # (kind, record, accepted)
    ("source", SOURCE, True),
    ("source", SOURCE.replace("published: 2025-11-07", "published: null"), True),
    ("source", SOURCE.replace("published: 2025-11-07", "published: '2025-11-07'"), True),
    ("source", SOURCE + "outlet: null\nurl: https://example.org/a\n", True),
    ("source", SOURCE + "publisher: x\n", False),  # unknown field
    ("source", SOURCE.replace("en: Headline}", "}"), False),  # a missing language
    ("source", SOURCE.replace("{ru: ЦТАК, en: KCNA}", "{ru: ЦТАК, en: KCNA, de: KCNA}"), False),  # an unknown language
    ("source", SOURCE.replace("en: Headline", "en: ''"), False),  # empty text
    ("source", SOURCE.replace("en: Headline", "en: '   '"), False),  # blank text
    ("source", SOURCE.replace("en: Headline", "en: 42"), False),  # a number where text is meant
    ("source", SOURCE.replace("language: ru", "language: de"), False),  # not one of the choices
    ("source", SOURCE.replace("2025-11-07", "'2025-02-30'"), False),  # a day that does not exist
    ("source", SOURCE.replace("2025-11-07", "'7 November 2025'"), False),  # not YYYY-MM-DD
    ("source", SOURCE.replace("766ee9", "XYZ"), False),  # not a checksum
    ("source", SOURCE + "url: example.org\n", False),  # not an absolute address
    ("source", SOURCE.replace("sha256:", "# sha256:"), False),  # a missing required field
    ("page", PAGE, True),
    ("page", PAGE.replace("body", "bdy"), False),
    ("tags", TAGS, True),
    ("tags", TAGS.replace("key: dates", "key: Dates"), False),  # not a safe slug
    ("tags", TAGS.replace("key: dates", "key: two words"), False),
    ("tags", "tags: []\n", True),
    ("tags", "tags:\n", True),  # a list with no items may be left empty
    ("timeline", TIMELINE, True),
    ("timeline", TIMELINE.replace("date: 2025-11-06", "date: 2025-11~"), True),
    ("timeline", TIMELINE.replace("date: 2025-11-06", "date: 2025"), True),  # a year, unquoted
    ("timeline", TIMELINE.replace("date: 2025-11-06", "date: 2024-10/.."), True),
    ("timeline", TIMELINE.replace("date: 2025-11-06", "date: November 2025"), False),
    ("timeline", TIMELINE.replace("quotes: [{claim: talks-date, quote: q1}]", "quotes: []"), False),  # at least one quote
    ("timeline", TIMELINE + "    accounts:\n", True),  # an optional list left empty
    ("verdicts", VERDICTS, True),
    ("verdicts", VERDICTS.replace("rating: 2", "rating: '2'"), False),  # text where a number is meant
    ("verdicts", VERDICTS.replace("rating: 2", "rating: 2.5"), False),
    ("verdicts", VERDICTS.replace("rating: 2", "rating: true"), False),
    ("verdicts", "verdicts: []\n", False),  # the scale needs a verdict
]


@pytest.mark.parametrize(("kind", "text", "accepted"), CASES)
def test_the_build_and_the_editors_schema_agree(kind: str, text: str, accepted: bool) -> None:
    assert (build_accepts(kind, text), schema_accepts(kind, text)) == (accepted, accepted)


def test_the_build_is_stricter_than_the_editors_schema_only_on_values_yaml_would_retype() -> None:
    # YAML 1.1 (the build) reads `yes` as a boolean and an unquoted date as a date; editors' YAML 1.2 tooling reads both as
    # text. The build refuses them where text is meant and says to quote them; the schema cannot see the difference.
    record = SOURCE.replace("en: Headline", "en: yes")
    assert not build_accepts("source", record)


def project_files(root: Path) -> list[str]:
    """Every editor's YAML file of a project."""
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml"))


@pytest.mark.parametrize("fixture", ["mini", "editing"])
def test_every_fixture_file_follows_its_schema(fixture: str) -> None:
    root = FIXTURES / fixture
    files = project_files(root)
    assert files
    for path in files:
        assert schema_accepts(kind_of(path), (root / path).read_text(encoding="utf-8")), path


def test_the_schema_line_of_a_content_file_points_at_an_existing_schema() -> None:
    root = FIXTURES / "editing"
    for path in project_files(root):
        first = (root / path).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (root / path).parent / first.split("=", 1)[1]
        assert target.resolve().relative_to(root.resolve()).as_posix() == f"schemas/{kind_of(path)}.schema.json", path
