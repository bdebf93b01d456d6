"""A claim file broken at random (keys deleted, doubled, misspelt or given values of another type, the file cut
short, control characters typed in) never crashes the build: it stops with located messages naming the file, in
both languages, and leaves site/ as it was; or the edit happened to be valid and the build is clean."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from conftest import make_project, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import build
from sverka.languages import LANGUAGES
from sverka.problems import Problem, ProblemsFound

CLAIM = "content/claims/talks-date.yaml"
KEY_LINE = re.compile(r"^(?P<indent>[ ]*(?:- )?)(?P<key>[A-Za-z_]+):(?P<value>.*)$", re.DOTALL)
VALUES = ("", " 12", " yes", " null", " 2025-01-01", " [a, b]", " {ru: x}", ' "', " '", " - x", " a: b", " *x", " |")
"""Values of other types, and starts of values that YAML reads specially."""
CONTROLS = (*map(chr, [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]), "\t", "\ufeff")
KINDS = ("delete", "duplicate", "retype", "rename", "truncate", "control")
MUTATIONS = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=3)
"""Each mutation: what to do, where (a key line, or a character offset) and with what (a value, a control character)."""

Mutation = tuple[str, int, int]


def mutate(text: str, mutation: Mutation) -> str:
    """The text with one mutation applied."""
    kind, where, pick = mutation
    if kind == "truncate":
        return text[: where % (len(text) + 1)]
    if kind == "control":
        offset = where % (len(text) + 1)
        return text[:offset] + CONTROLS[pick % len(CONTROLS)] + text[offset:]
    lines = text.splitlines(keepends=True)
    keyed = [number for number, line in enumerate(lines) if KEY_LINE.match(line)]
    if not keyed:
        return text
    number = keyed[where % len(keyed)]
    line = KEY_LINE.match(lines[number])
    assert line is not None
    if kind == "delete":
        del lines[number]
    elif kind == "duplicate":
        lines.insert(number, lines[number])
    elif kind == "retype":
        lines[number] = f"{line['indent']}{line['key']}:{VALUES[pick % len(VALUES)]}\n"
    else:  # rename: one letter dropped
        key, letter = line["key"], pick % len(line["key"])
        lines[number] = f"{line['indent']}{key[:letter]}{key[letter + 1 :]}:{line['value']}"
    return "".join(lines)


def broken_claim(root: Path, original: str, mutations: list[Mutation]) -> str:
    """Write the claim file with the mutations applied; return its text."""
    text = original
    for mutation in mutations:
        text = mutate(text, mutation)
    (root / CLAIM).write_text(text, encoding="utf-8")
    return text


def assert_reported(problems: list[Problem], root: Path, text: str) -> None:
    """At least one error names the claim file; every message renders, located, in each language."""
    assert any(p.path == CLAIM and p.severity == "error" for p in problems), (text, [p.message() for p in problems])
    for problem in problems:
        for lang in LANGUAGES:
            shown = problem.format(root, lang)
            assert shown.startswith(f"{problem.path}:{problem.line}:{problem.column}: ") and problem.message(lang), shown


@pytest.fixture(scope="module")
def fixture_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the small fixture project, shared by the examples (each puts the claim file back)."""
    return make_project(tmp_path_factory.mktemp("fuzz") / "project")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=MUTATIONS)
def test_a_randomly_broken_claim_gives_located_messages_and_never_a_crash(fixture_project: Path, mutations: list[Mutation]) -> None:
    original = (fixture_project / CLAIM).read_text(encoding="utf-8")
    try:
        text = broken_claim(fixture_project, original, mutations)
        build.build_site(fixture_project)  # a valid edit builds clean
    except ProblemsFound as stopped:
        assert_reported(stopped.problems, fixture_project, text)
    finally:
        (fixture_project / CLAIM).write_text(original, encoding="utf-8")


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file of a folder: its content hash and modification time."""
    return {
        path.relative_to(folder).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.slow
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=MUTATIONS)
def test_the_command_line_stops_on_a_broken_claim_without_a_traceback_and_keeps_site(
    fixture_project: Path, mutations: list[Mutation]
) -> None:
    assert run_cli(fixture_project, "--no-search").returncode == 0
    before = snapshot(fixture_project / "site")
    original = (fixture_project / CLAIM).read_text(encoding="utf-8")
    try:
        broken_claim(fixture_project, original, mutations)
        results = [run_cli(fixture_project, "--no-search", lang=lang) for lang in LANGUAGES]
    finally:
        (fixture_project / CLAIM).write_text(original, encoding="utf-8")
    for result in results:
        assert "Traceback" not in result.stderr, result.stderr
        if result.returncode != 0:
            assert result.returncode == 1 and f"{CLAIM}:" in result.stderr, result.stderr
            assert snapshot(fixture_project / "site") == before
