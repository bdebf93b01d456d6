"""EDITING.md: every YAML example in it is a file of a small project that the tests build."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import FIXTURES, REPO, build_files, make_project
from htmltree import parse_html

GUIDE = REPO / "EDITING.md"
EXAMPLES = FIXTURES / "editing"
BLOCK = re.compile(r'^```yaml title="(?P<path>[^"]+)"\n(?P<body>.*?)^```$', re.MULTILINE | re.DOTALL)


def halves() -> tuple[str, str]:
    """The Russian and the English half of the guide."""
    russian, english = GUIDE.read_text(encoding="utf-8").split("\n---\n", 1)
    return russian, english


def blocks(text: str) -> list[tuple[str, str]]:
    """The fenced YAML examples of a text, each with the file it shows."""
    return [(match["path"], match["body"]) for match in BLOCK.finditer(text)]


def test_every_yaml_example_in_the_guide_equals_its_fixture_file() -> None:
    found = blocks(GUIDE.read_text(encoding="utf-8"))
    assert found, 'no ```yaml title="…"``` examples in EDITING.md'
    assert not re.search(r"^```yaml\s*$", GUIDE.read_text(encoding="utf-8"), re.MULTILINE), "a yaml example without its file name"
    for path, body in found:
        assert (EXAMPLES / path).read_text(encoding="utf-8") == body, f"EDITING.md's example of {path} differs from its fixture file"


def test_both_halves_show_the_same_examples_and_sections() -> None:
    russian, english = halves()
    assert blocks(russian) == blocks(english)
    assert len(re.findall(r"^## ", russian, re.MULTILINE)) == len(re.findall(r"^## ", english, re.MULTILINE))
    assert re.findall(r"^## (.+)", russian, re.MULTILINE)[-1].endswith("Устранение неполадок")
    assert re.findall(r"^## (.+)", english, re.MULTILINE)[-1].endswith("Troubleshooting")
    assert re.findall(r"^```(\w+)", russian, re.MULTILINE) == re.findall(r"^```(\w+)", english, re.MULTILINE)


def test_the_guides_project_builds_without_warnings(tmp_path: Path) -> None:
    files = build_files(make_project(tmp_path / "editing", "editing"), strict=True)
    page = parse_html(files["en/claims/talks-date/index.html"])
    h1 = page.find("h1")
    assert h1 is not None and " ".join(h1.text().split()) == "The talks in Pyongyang took place on 6 November"
    assert "ru/sources/001_36549a97ad93da46/index.html" in files
