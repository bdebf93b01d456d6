"""A mistake in a template fails the build with one message at its line that says what to do, in the editor's words."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import make_project, run_cli
from htmltree import parse_html

from sverka.errorpage import render_error_page
from sverka.problems import Problem


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture project, built once; each test breaks one template and puts it back."""
    root = make_project(tmp_path_factory.mktemp("template-errors") / "project")
    assert run_cli(root, "--no-search").returncode == 0
    return root


def site_files(root: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in (root / "site").rglob("*") if path.is_file()}


def build_with(root: Path, template: str, old: str, new: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    """Build once with `old` replaced by `new` in a template (put back after): it fails, without a traceback, and site/
    stays as it was."""
    path = root / "templates" / template
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    before = site_files(root)
    path.write_text(text.replace(old, new), encoding="utf-8")
    try:
        result = run_cli(root, "--no-search", lang=lang)
    finally:
        path.write_text(text, encoding="utf-8")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert site_files(root) == before
    return result


def line_of(root: Path, template: str, text: str) -> int:
    lines = (root / "templates" / template).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if text in line)


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("templates/")]


def test_a_misspelt_filter_fails_the_build_at_its_line_naming_the_nearest_filter(built: Path) -> None:
    line = line_of(built, "claim.html", "{{ claim.claimant|tr|parts }}")
    result = build_with(built, "claim.html", "{{ claim.claimant|tr|parts }}", "{{ claim.claimant|trr|parts }}")
    assert errors(result) == [
        f"templates/claim.html:{line}:1: there is no filter “trr” — did you mean “tr”? Correct the name after the “|”"
    ]


def test_a_misspelt_field_of_a_record_names_the_nearest_field_and_no_name_of_the_program(built: Path) -> None:
    line = line_of(built, "claim.html", "{{ claim.claimant|tr|parts }}")
    result = build_with(built, "claim.html", "{{ claim.claimant|tr|parts }}", "{{ claim.claimantt|tr|parts }}")
    told = "Claim has no “claimantt” — did you mean “claimant”? Correct the name in the template"
    assert errors(result) == [f"templates/claim.html:{line}:1: {told}"]
    assert "sverka." not in result.stderr


def test_a_record_and_field_named_in_a_russian_message_stay_as_the_template_writes_them(built: Path) -> None:
    result = build_with(built, "claim.html", "{{ claim.claimant|tr|parts }}", "{{ claim.claimantt|tr|parts }}", lang="ru")
    (error,) = errors(result)
    assert "Claim" in error and ("“claimant”" in error or "«claimant»" in error)
    assert "Утверждение" not in error  # "Claim" is also a UI string, which the catalog translates


def test_a_misspelt_variable_names_the_nearest_one_the_template_has(built: Path) -> None:
    line = line_of(built, "claim.html", "{{ claim.claimant|tr|parts }}")
    result = build_with(built, "claim.html", "{{ claim.claimant|tr|parts }}", "{{ claimm.claimant|tr|parts }}")
    told = "“claimm” is not defined here — did you mean “claim”? Correct the name in the template"
    assert errors(result) == [f"templates/claim.html:{line}:1: {told}"]


def test_a_broken_tag_is_told_at_its_line_with_what_to_do_and_jinjas_own_words(built: Path) -> None:
    line = line_of(built, "claim.html", "{% block main %}")
    result = build_with(built, "claim.html", "{% block main %}", "{% block main %%}")
    told = "the template cannot be read here: expected token 'end of statement block', got '%' — correct the tag or expression on this line"
    assert errors(result) == [f"templates/claim.html:{line}:1: {told}"]


def test_an_include_of_a_template_that_does_not_exist_is_told_at_its_line_in_the_editors_words(built: Path) -> None:
    line = line_of(built, "claim.html", "{% block main %}")
    result = build_with(built, "claim.html", "{% block main %}", '{% block main %}{% include "partials/nothere.html" %}')
    told = "there is no template “partials/nothere.html” in templates/ — correct the name the template includes, imports or extends"
    assert sorted(set(errors(result))) == [f"templates/claim.html:{line}:1: {told}"]
    assert "search path" not in result.stderr  # Jinja's own words, and the folder's full path, are not the editor's


def test_a_template_that_includes_itself_is_told_as_a_loop_among_the_templates_not_as_a_python_error(built: Path) -> None:
    result = build_with(built, "claim.html", "{% block main %}", '{% block main %}{% include "claim.html" %}')
    told = [line for line in errors(result) if "the page never ends" in line]
    assert told and all("find the loop among templates/claim.html" in line for line in told), result.stderr
    assert "RecursionError" not in result.stderr


def test_a_template_saved_in_another_encoding_is_told_at_its_own_file_and_byte_not_at_one_that_uses_it(built: Path) -> None:
    path = built / "templates/base.html"
    text = path.read_text(encoding="utf-8")
    before = site_files(built)
    path.write_bytes(text.encode("cp1251"))  # as an editor on Windows might save it
    try:
        result = run_cli(built, "--no-search")
    finally:
        path.write_text(text, encoding="utf-8")
    first = text.encode("cp1251").index(next(c for c in text if c.encode("cp1251") != c.encode("utf-8")).encode("cp1251"))
    at = text.encode("cp1251")[:first]
    line, column = at.count(b"\n") + 1, first - at.rfind(b"\n")
    told = f"the file is not UTF-8 (byte 0x{text.encode('cp1251')[first]:02x} cannot be decoded) — save it as UTF-8"
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert errors(result) == [f"templates/base.html:{line}:{column}: {told}"]
    assert site_files(built) == before


@pytest.mark.parametrize("instead", ["nothing", "a file"])
def test_a_missing_templates_folder_is_told_once_at_it_not_at_every_page(tmp_path: Path, instead: str) -> None:
    root = make_project(tmp_path / "project")
    shutil.rmtree(root / "templates")
    if instead == "a file":
        (root / "templates").write_text("moved away\n", encoding="utf-8")
    result = run_cli(root, "--no-search")
    told = {
        "nothing": "the folder of the site's templates is missing — restore it: git checkout -- templates",
        "a file": "this is a file, but the build reads a folder of this name — move the file away and make the folder",
    }[instead]
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [line for line in result.stderr.splitlines() if ": " in line and not line.startswith(" ")] == [f"templates: {told}"]


def test_the_previews_plain_error_page_for_a_broken_error_template_speaks_the_language_of_the_address(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    (root / "templates" / "build-error.html").write_text("{{ problems|trr }}", encoding="utf-8")
    problem = Problem("templates/claim.html", 30, 1, "there is no filter “{name}”", (("name", "trr"),))
    page = parse_html(render_error_page(root, (problem,), 1, "ru", "/ru/"))
    heading = page.find("h1")
    assert heading is not None and heading.text() == "Сборка не удалась"
    assert page.find("html").get("lang") == "ru"  # type: ignore[union-attr]
