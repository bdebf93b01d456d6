"""Only the project's own files are read: a link leading outside the project, or a special file, is refused with a
located message that shows nothing of what it leads to."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, problems_of, run_cli, write

from sverka.incremental.builder import Builder
from sverka.problems import Problem, ProblemsFound
from sverka.settings import Settings

SECRET = "private-words-of-another-file"
OUTSIDE = (
    "this is a link leading outside the project — the site reads only the project's own files: "
    "replace the link with a copy of what it leads to"
)
SPECIAL = "this is a special file (a pipe, device or socket) — remove it: the site reads only regular files"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the project holding a file that is not the project's."""
    return write(tmp_path / "elsewhere", "secret.yaml", f"{SECRET}: {SECRET}\n").parent


def cli(project: Path, lang: str) -> subprocess.CompletedProcess[str]:
    """`build.py check` as an editor runs it; a generous time limit, so that a build waiting on a pipe fails instead of hanging."""
    command = [sys.executable, str(REPO / "build.py"), "--root", str(project), "--lang", lang, "check"]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)


@pytest.mark.parametrize(
    "path",
    [
        "content/claims/linked.yaml",
        "content/pages/linked.yaml",
        "content/tags.yaml",
        "seeds/linked.txt",
        "templates/base.html",
        "locales/en/LC_MESSAGES/messages.po",
    ],
)
def test_a_link_to_a_file_outside_the_project_is_refused_without_showing_the_file(project: Path, outside: Path, path: str) -> None:
    link = project / path
    link.unlink(missing_ok=True)
    link.symlink_to(outside / "secret.yaml")
    assert problems_of(project) == [f"{path}:1:1: {OUTSIDE}"]
    for lang in ("en", "ru"):
        result = cli(project, lang)
        assert result.returncode == 1 and f"{path}:1:1: " in result.stderr
        assert SECRET not in result.stdout + result.stderr and "Traceback" not in result.stderr


def test_a_link_to_a_folder_outside_the_project_is_refused(project: Path, outside: Path) -> None:
    (project / "content/claims/more").symlink_to(outside)
    pages = project / "content/pages"
    os.rename(pages, project / "pages-moved-away")
    pages.symlink_to(outside)
    assert problems_of(project) == [f"content/claims/more:1:1: {OUTSIDE}", f"content/pages:1:1: {OUTSIDE}"]
    result = cli(project, "ru")
    assert result.returncode == 1 and SECRET not in result.stderr
    assert "content/pages:1:1: это ссылка за пределы проекта" in result.stderr


def test_a_pipe_among_the_claims_is_refused_rather_than_waited_on(project: Path) -> None:
    os.mkfifo(project / "content/claims/pipe.yaml")
    result = cli(project, "en")
    assert result.returncode == 1
    assert f"content/claims/pipe.yaml:1:1: {SPECIAL}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_link_that_stays_inside_the_project_is_followed(project: Path) -> None:
    about = project / "content/pages/about.yaml"
    os.rename(about, project / "about-kept-here.yaml")
    about.symlink_to(project / "about-kept-here.yaml")
    result = run_cli(project, "--no-search")
    assert result.returncode == 0, result.stderr
    assert (project / "site/en/about/index.html").is_file()


def test_the_preview_refuses_a_link_made_while_it_runs(project: Path, outside: Path) -> None:
    preview = Builder(Settings(project, search=False), keep_in_memory=True)
    preview.build()
    claim = project / "content/claims/linked.yaml"
    claim.symlink_to(outside / "secret.yaml")
    with pytest.raises(ProblemsFound) as found:
        preview.build({str(claim)})
    assert [p.format(project) for p in found.value.problems] == [f"content/claims/linked.yaml:1:1: {OUTSIDE}"]


def test_a_message_about_a_refused_file_quotes_none_of_its_lines(project: Path, outside: Path) -> None:
    (project / "content/claims/linked.yaml").symlink_to(outside / "secret.yaml")
    message = Problem("content/claims/linked.yaml", 1, 1, "something is wrong here").format(project)
    assert message == "content/claims/linked.yaml:1:1: something is wrong here"


FOLDER_FOR_FILE = "this is a folder, but the build reads a file of this name — move the folder away and put the file here"


@pytest.mark.parametrize("path", ["content/site.yaml", "content/tags.yaml", "seeds/000_65c26eebc33d0df9.txt"])
def test_a_folder_where_a_file_of_the_publication_belongs_is_told_as_such(project: Path, path: str) -> None:
    # Not "the file is missing", and never the file's records left out without a word.
    (project / path).unlink()
    (project / path).mkdir()
    assert f"{path}:0:0: {FOLDER_FOR_FILE}" in problems_of(project)  # and what the missing file leaves unknown
    result = cli(project, "ru")
    assert result.returncode == 1 and f"{path}: это папка, а сборка читает файл с этим именем" in result.stderr


def test_a_file_where_the_folder_of_checks_belongs_is_told_as_such(project: Path) -> None:
    os.rename(project / "content/claims", project / "claims-moved-away")
    (project / "content/claims").write_text("talks-date\n", encoding="utf-8")
    assert "content/claims:0:0: this is a file, but the build reads a folder of this name — move the file away and make the folder" in (
        problems_of(project)
    )


def test_a_symbolic_link_in_a_loop_is_told_to_be_removed_in_both_languages(project: Path) -> None:
    (project / "content/claims/loop.yaml").symlink_to("loop.yaml")
    for lang, words in (("en", "this symbolic link leads round in a loop — remove it"), ("ru", "эта символическая ссылка ведёт по кругу")):
        result = cli(project, lang)
        assert result.returncode == 1 and f"content/claims/loop.yaml: {words}" in result.stderr and "Traceback" not in result.stderr


def test_two_sources_whose_names_differ_only_in_capitals_are_refused(project: Path) -> None:
    # One file on Windows and macOS: a checkout there would lose one of them, and their pages would be one page.
    for suffix in (".txt", ".yaml"):
        shutil.copy(project / f"seeds/000_65c26eebc33d0df9{suffix}", project / f"seeds/000_65C26eebc33d0df9{suffix}")
    assert (
        "seeds/000_65c26eebc33d0df9.txt:0:0: the name differs from seeds/000_65C26eebc33d0df9.txt only in capitals, "
        "and Windows and macOS take them for one file — rename one"
    ) in problems_of(project)
