"""The build end to end: pages for both languages, atomic output, determinism."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, build_files, run_cli, write


def test_every_claim_gets_a_russian_and_an_english_page(project: Path) -> None:
    files = build_files(project)
    assert "ru/claims/talks-date/index.html" in files
    assert "en/claims/talks-date/index.html" in files
    assert "index.html" in files


def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(project: Path) -> None:
    assert run_cli(project).returncode == 0
    before = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    write(project, "content/claims/broken.yaml", "headline: [unclosed\n")
    result = run_cli(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    after = {p.relative_to(project / "site"): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before


def test_two_builds_of_the_same_input_are_byte_identical(project: Path) -> None:
    assert build_files(project) == build_files(project)


def test_two_pages_on_one_path_fail_the_build_instead_of_overwriting(project: Path) -> None:
    from sverka.check import check_project
    from sverka.load import load_project
    from sverka.plan import plan
    from sverka.plan.pages import plan_pages
    from sverka.problems import Collector

    problems = Collector()
    loaded = load_project(project, problems)
    assert loaded is not None
    checked = check_project(loaded, problems)
    plan(checked, project, problems, lambda p: plan_pages(p) + plan_pages(p))
    messages = {p.message("en") for p in problems.errors}
    assert (
        "two pages would be written to site/ru/claims/talks-date/index.html (from claim.html and claim.html) — rename one of them"
        in messages
    )


@pytest.mark.parametrize(
    ("args", "environ", "told"),
    [
        (["--lang", "ru"], {}, "Зависимости проекта не удалось установить в .venv (сообщение pip выше): проверьте связь с PyPI"),
        (["--lang=en"], {"LANG": "ru_RU.UTF-8"}, "The project's dependencies could not be installed into .venv (pip's message is above)"),
        ([], {"LANG": "ru_RU.UTF-8", "SVERKA_ENVIRONMENT_INSTALLED": "1"}, "Окружение проекта в .venv неполное"),
    ],
    ids=["install fails, --lang ru", "install fails, --lang=en on a Russian system", "still incomplete after installing"],
)
def test_a_set_up_that_fails_says_what_to_do_in_the_editors_language_not_a_traceback(
    tmp_path: Path, args: list[str], environ: dict[str, str], told: str
) -> None:
    """On a fresh machine build.py makes .venv and installs the dependencies there; here pip is missing from it, as when
    PyPI cannot be reached the install fails."""
    shutil.copy2(REPO / "build.py", tmp_path / "build.py")
    shutil.copytree(REPO / "sverka", tmp_path / "sverka", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / ".venv")], check=True)
    result = subprocess.run(
        [str(tmp_path / ".venv/bin/python"), str(tmp_path / "build.py"), *args],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": os.environ["PATH"], **environ},
        timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.splitlines()[-1].startswith(told), result.stderr
