"""`build.py check`: the build's messages and exit status, nothing written; warnings fail only with --strict."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run_cli

from sverka.records import Site

SITE = Site({"en": "S"}, {"en": "D"}, "https://example.org/", ("en",), "en", {"en": "P"}, None, "CC BY 4.0", "https://example.org/l")


def drop_discrepancies(project: Path) -> None:
    """Make the fixture claim quote two sources without recording whether they agree (a warning)."""
    claim = project / "content/claims/talks-date.yaml"
    text = claim.read_text(encoding="utf-8")
    start, end = text.index("discrepancies:"), text.index("published:")
    claim.write_text(text[:start] + text[end:], encoding="utf-8")


def test_check_of_a_clean_project_exits_0_and_writes_nothing(project: Path) -> None:
    result = run_cli(project, "check")
    assert result.returncode == 0, result.stderr
    assert "No problems found." in result.stderr
    assert not (project / "site").exists()


def test_check_reports_the_same_problems_as_the_build_and_exits_1(project: Path) -> None:
    claim = project / "content/claims/talks-date.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("verdict: confirmed", "verdict: confimred"), encoding="utf-8")
    checked, built = run_cli(project, "check"), run_cli(project)
    assert checked.returncode == 1 and built.returncode == 1
    problems = checked.stderr.removesuffix("The check found errors; it writes nothing.\n")
    assert problems == built.stderr.removesuffix("The build stopped; site/ was left as it was.\n") != checked.stderr
    assert (
        "content/claims/talks-date.yaml:9:10: unknown verdict “confimred” — did you mean “confirmed” (Confirmed)? "
        "The scale in content/verdicts.yaml, best to worst: confirmed (Confirmed); disputed (Sources disagree)" in checked.stderr
    )
    assert not (project / "site").exists()


def test_check_speaks_the_editors_language(project: Path) -> None:
    claim = project / "content/claims/talks-date.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("verdict: confirmed", "verdict: confimred"), encoding="utf-8")
    result = run_cli(project, "check", lang="ru")
    assert result.returncode == 1
    assert "confimred" in result.stderr and "unknown verdict" not in result.stderr


def test_a_warning_is_reported_but_fails_only_in_strict_mode(project: Path) -> None:
    drop_discrepancies(project)
    relaxed = run_cli(project, "check")
    assert relaxed.returncode == 0
    assert "warning: claim “talks-date” quotes two sources but records no discrepancy" in relaxed.stderr
    strict = run_cli(project, "check", "--strict")
    assert strict.returncode == 1
    assert "quotes two sources but records no discrepancy" in strict.stderr
    assert strict.stderr.rstrip().endswith("--strict counts the warnings above as errors; the check writes nothing.")
    assert "found errors" not in strict.stderr  # there are none: “0 errors, 1 warning”
    built = run_cli(project, "--no-search", "--strict", lang="ru")
    assert built.returncode == 1 and "--strict считает предупреждения выше ошибками" in built.stderr


def test_strict_tells_every_error_too_not_only_the_warnings_found_first(project: Path) -> None:
    # the warning is found while checking the claims, the dead link only once the pages are planned
    drop_discrepancies(project)
    claim = project / "content/claims/talks-date.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("on the date.", "on the [date](/en/metodology/)."), encoding="utf-8")
    for command in (["check", "--strict"], ["--no-search", "--strict"]):
        told = run_cli(project, *command)
        assert told.returncode == 1
        assert "records no discrepancy" in told.stderr and "the link “/en/metodology/” leads to no page" in told.stderr
        assert "1 error, 1 warning" in told.stderr
    assert not (project / "site").exists()


def test_an_unquoted_source_and_an_unlinked_event_are_warnings(project: Path) -> None:
    (project / "content/timeline.yaml").write_text(
        "events:\n  - id: lonely\n    date: '2025'\n    title: {ru: a, en: a}\n    description: {ru: a, en: a}\n"
        "    quotes: [{claim: talks-date, quote: q1}]\n",
        encoding="utf-8",
    )
    claim = project / "content/claims/talks-date.yaml"
    text = claim.read_text(encoding="utf-8")
    old_quote = (
        "    source: 000_65c26eebc33d0df9\n"
        "    text: 6 ноября министр обороны КНДР Но Гван Чоль провел переговоры с Горемыкиным в Пхеньяне\n"
    )
    new_quote = "    source: 001_36549a97ad93da46\n    text: Со стороны КНДР делегацию принимал министр обороны КНДР Но Гван Чоль.\n"
    assert old_quote in text
    text = text.replace("appearances: [001_36549a97ad93da46, 000_65c26eebc33d0df9]", "appearances: [001_36549a97ad93da46]")
    claim.write_text(text.replace(old_quote, new_quote), encoding="utf-8")
    result = run_cli(project, "check")
    assert result.returncode == 0, result.stderr
    assert "no claim links timeline event “lonely”" in result.stderr
    assert "no claim quotes source 000_65c26eebc33d0df9" in result.stderr
    assert run_cli(project, "check", "--strict").returncode == 1


def test_the_pre_commit_hook_runs_check() -> None:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local"
    assert hook["entry"] == "python3 build.py check" and hook["pass_filenames"] is False


def test_a_build_for_this_machines_address_warns_in_both_languages_and_strict_stops_it(project: Path) -> None:
    site = project / "content/site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8").replace("base_url: https://example.org/", "base_url: http://localhost:8000/"), encoding="utf-8"
    )
    relaxed = run_cli(project, "check")
    assert relaxed.returncode == 0
    assert "content/site.yaml:5:11: warning: the site's address http://localhost:8000/ is on this machine" in relaxed.stderr
    assert "адрес сайта http://localhost:8000/ указывает на этот компьютер" in run_cli(project, "check", lang="ru").stderr
    assert run_cli(project, "check", "--strict").returncode == 1
    built = run_cli(project, "build", "--no-search")
    assert built.returncode == 0 and "is on this machine" in built.stderr
    published = run_cli(project, "--base-url", "https://factcheck.example.net/", "check", "--strict")
    assert published.returncode == 0 and "is on this machine" not in published.stderr


@pytest.mark.parametrize("address", ["http://127.0.0.1:8000/", "http://192.168.1.5/", "http://sverka.local/", "http://[::1]:8000/"])
def test_loopback_private_and_local_names_are_this_machines_addresses(address: str) -> None:
    assert replace(SITE, base_url=address).is_local
    assert not replace(SITE, base_url="https://user.github.io/repo/").is_local


def test_notes_are_labelled_as_notes_and_stop_no_check_even_when_strict(project: Path) -> None:
    site = project / "content/site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("{ru: Пример, en: Example}", "null", 1), encoding="utf-8")
    for lang, label, closing in (
        ("en", "note: ", "No errors; the notes above stop no build."),
        ("ru", "замечание: ", "Ошибок нет; замечания выше не останавливают сборку."),
    ):
        result = run_cli(project, "check", "--strict", lang=lang)
        assert result.returncode == 0, result.stderr
        assert f"content/site.yaml:10:17: {label}" in result.stderr
        assert closing in result.stderr and "No problems found." not in result.stderr
