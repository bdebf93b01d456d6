"""Strict loading: every kind of bad input gets its own located message, all reported at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import REPO, problems_of, run_cli, write

CLAIM = "content/claims/talks-date.yaml"
UNKNOWN_VERDICT = (
    f"{CLAIM}:9:10: unknown verdict “mostly-true” — the scale in content/verdicts.yaml has no such key; its keys, best to worst: "
    "confirmed (Confirmed); disputed (Sources disagree)"
)


def replace_in(root: Path, path: str, old: str, new: str) -> None:
    """Edit a fixture file by replacing one exact piece of text."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_yaml_syntax_error_names_file_line_and_column(project: Path) -> None:
    replace_in(project, CLAIM, "verdict: confirmed", "verdict: [confirmed")
    [problem] = problems_of(project)
    assert problem == f"{CLAIM}:9:10: this “[” is never closed — close it with “]” after the last item"


def test_a_duplicate_key_is_rejected_at_its_second_place(project: Path) -> None:
    replace_in(project, CLAIM, "verdict: confirmed", "verdict: confirmed\nverdict: disputed")
    assert problems_of(project) == [f"{CLAIM}:10:1: duplicate field “verdict” (first given at line 9) — keep only one"]


def test_an_unknown_field_suggests_the_nearest_valid_name_and_only_that(project: Path) -> None:
    replace_in(project, CLAIM, "verdict: confirmed", "verdikt: confirmed")
    assert problems_of(project) == [f"{CLAIM}:9:1: unknown field “verdikt” — did you mean “verdict”?"]


def test_a_field_of_the_wrong_type_says_what_was_expected(project: Path) -> None:
    replace_in(project, CLAIM, "appearances: [001_36549a97ad93da46, 000_65c26eebc33d0df9]", "appearances: 001_36549a97ad93da46")
    assert problems_of(project) == [
        f"{CLAIM}:8:14: “appearances” must be a list, not text — write it in brackets, [001_36549a97ad93da46], "
        "or as lines starting with “- ”"
    ]
    replace_in(project, CLAIM, "appearances: 001_36549a97ad93da46", "appearances: [001_36549a97ad93da46]")
    replace_in(project, CLAIM, "claimant: {ru: Обе статьи, en: Both articles}", "claimant: [Обе статьи]")
    assert problems_of(project) == [
        f"{CLAIM}:7:11: “claimant” must be a mapping with the keys ru and en, not a list — "
        "write under it, indented, the two lines `ru: …` and `en: …`"
    ]
    replace_in(project, CLAIM, "claimant: [Обе статьи]", "claimant: {ru: Обе статьи, en: Both articles}")
    replace_in(project, CLAIM, "appearances: [001_36549a97ad93da46]", "appearances:")
    assert problems_of(project) == [
        f"{CLAIM}:8:13: “appearances” must be a list, not an empty value — write its items on the lines under it, each starting with “- ”"
    ]


@pytest.mark.parametrize(
    ("value", "kind"),
    [("yes", "a true/false value"), ("2025-11-06", "a date"), ("12", "a whole number")],
)
def test_a_value_yaml_turned_into_another_type_must_be_quoted(project: Path, value: str, kind: str) -> None:
    replace_in(project, CLAIM, "claimant: {ru: Обе статьи, en: Both articles}", f"claimant: {{ru: Обе статьи, en: {value}}}")
    assert problems_of(project) == [
        f'{CLAIM}:7:32: “claimant.en”: YAML read {value} as {kind}, but text is meant — put it in quotes: "{value}"'
    ]


def test_a_missing_language_names_the_field_and_the_language(project: Path) -> None:
    replace_in(project, CLAIM, "claimant: {ru: Обе статьи, en: Both articles}", "claimant: {ru: Обе статьи}")
    assert problems_of(project) == [f"{CLAIM}:7:11: “claimant” has no “en” text — add the line `en: …` with the English text"]


def test_an_unknown_language_key_is_rejected(project: Path) -> None:
    replace_in(project, CLAIM, "claimant: {ru: Обе статьи, en: Both articles}", "claimant: {ru: Обе статьи, en: Both, de: Beide}")
    assert problems_of(project) == [f"{CLAIM}:7:38: unknown language “de” in “claimant” — use only: ru, en"]


def test_a_date_not_in_the_expected_form_is_rejected_with_the_form(project: Path) -> None:
    replace_in(project, CLAIM, "published: 2026-11-21", "published: 21.11.2026")
    assert problems_of(project) == [f"{CLAIM}:29:12: “21.11.2026” is not a valid date — write it as YYYY-MM-DD, e.g. 2025-11-07"]
    replace_in(project, CLAIM, "published: 21.11.2026", "published: ''")  # as a skeleton leaves it: nothing to quote back
    assert problems_of(project) == [f"{CLAIM}:29:12: “published” is empty — write the day as YYYY-MM-DD, e.g. `published: 2026-11-21`"]


def test_a_day_the_calendar_does_not_have_is_told_as_such_not_as_a_wrong_form(project: Path) -> None:
    replace_in(project, CLAIM, "published: 2026-11-21", "published: 2026-02-29")
    assert problems_of(project) == [f"{CLAIM}:29:12: “2026-02-29” is no day of the calendar — check the month and the day"]


def test_a_moment_in_a_year_no_check_can_have_is_told_at_its_place_without_a_traceback(project: Path) -> None:
    # The last minute of 9999 once crashed every check: the day after it, where the date may already be, cannot be reckoned.
    replace_in(project, CLAIM, "published: 2026-11-21", "published: 2026-11-21\npublish_at: 9999-12-31T23:59+00:00")
    assert problems_of(project) == [
        f"{CLAIM}:30:13: “9999-12-31T23:59+00:00” falls in the year 9999, which no article or check can date from — check the year"
    ]
    result = run_cli(project, "--now", "9999-12-31T20:00+00:00", "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr and "--now" in result.stderr


def test_an_unknown_verdict_lists_the_valid_ones(project: Path) -> None:
    replace_in(project, CLAIM, "verdict: confirmed", "verdict: true")
    replace_in(project, CLAIM, "verdict: true", "verdict: mostly-true")
    assert problems_of(project) == [UNKNOWN_VERDICT]


def test_an_unknown_source_lists_the_known_sources(project: Path) -> None:
    replace_in(project, CLAIM, "    source: 000_65c26eebc33d0df9", "    source: 002_missing")
    assert problems_of(project) == [
        f"{CLAIM}:22:13: unknown source “002_missing” for quote “q2” — known sources: 000_65c26eebc33d0df9, 001_36549a97ad93da46"
    ]


def test_an_unknown_quote_in_a_discrepancy_lists_the_claims_quotes(project: Path) -> None:
    replace_in(project, CLAIM, "quotes: [q1, q2]", "quotes: [q1, q3]")
    assert problems_of(project) == [f"{CLAIM}:27:18: unknown quote id “q3” in a discrepancy — this claim's quotes are: q1, q2"]


@pytest.mark.parametrize("folder", ["seeds", "content/claims"])
def test_a_missing_folder_of_records_is_told_once_not_at_every_record_that_refers_to_it(project: Path, folder: str) -> None:
    shutil.rmtree(project / folder)
    assert problems_of(project) == [f"{folder}:0:0: the folder is missing — restore {folder}/ (see docs/content-model.md)"]


@pytest.mark.parametrize("folder", ["seeds", "content/claims"])
def test_a_file_in_place_of_a_folder_of_records_is_told_once_not_at_every_record_that_refers_to_it(project: Path, folder: str) -> None:
    shutil.rmtree(project / folder)
    (project / folder).write_text("moved away\n", encoding="utf-8")
    told = "this is a file, but the build reads a folder of this name — move the file away and make the folder"
    assert problems_of(project) == [f"{folder}:0:0: {told}"]


def test_an_event_or_a_tag_of_a_file_that_lists_none_names_the_file(project: Path) -> None:
    replace_in(project, CLAIM, "tags: [dates]", "tags: [dates]\nevents: [talks]")
    (project / "content/tags.yaml").unlink()
    assert problems_of(project) == [
        f"{CLAIM}:30:8: unknown tag “dates” — content/tags.yaml lists no tags: add the tag to it (or restore the file, if it was lost)",
        f"{CLAIM}:31:10: unknown timeline event “talks” — content/timeline.yaml lists no events: add it with "
        "`build.py new event talks` (or restore the file, if it was lost)",
    ]


def test_duplicate_quote_ids_are_rejected(project: Path) -> None:
    replace_in(project, CLAIM, "  - id: q2", "  - id: q1")
    problems = problems_of(project)
    assert f"{CLAIM}:21:9: duplicate quote id “q1” (first at line 17) — give each quote of a claim its own id" in problems


def test_a_duplicate_quote_id_is_not_followed_by_messages_about_the_links_to_the_quotes(project: Path) -> None:
    replace_in(
        project,
        CLAIM,
        "en: The articles **agree** on the date.",
        "en: The articles agree ([quote 1](#evidence-q1), [quote 2](#evidence-q2)).",
    )
    replace_in(project, CLAIM, "  - id: q2", "  - id: q1")
    problems = problems_of(project)
    assert any("duplicate quote id “q1”" in problem for problem in problems)
    assert not [problem for problem in problems if "#evidence-" in problem], problems


@pytest.mark.parametrize(
    ("affixes", "place"), [("    prefix: солдат\n", "22:13"), ("    prefix: Как отмечается,\n    suffix: солдат\n", "23:13")]
)
def test_a_wrong_prefix_or_suffix_is_told_at_its_own_line(project: Path, affixes: str, place: str) -> None:
    replace_in(project, CLAIM, "  - id: q2\n", "  - id: q2\n" + affixes)  # the source has “Как отмечается, 6 ноября…”
    assert f"{CLAIM}:{place}: the quote is in source 000_65c26eebc33d0df9, but not with this prefix/suffix" in "\n".join(
        problems_of(project)
    )


def test_an_id_that_is_not_a_safe_slug_is_rejected(project: Path) -> None:
    (project / CLAIM).rename(project / "content/claims/Talks_Date.yaml")
    assert problems_of(project) == [
        "content/claims/Talks_Date.yaml:1:1: “Talks_Date” is not a safe id for a file name — "
        "use lowercase latin letters, digits and hyphens"
    ]


def test_an_id_too_long_to_name_a_page_is_told_where_it_is_written(project: Path) -> None:
    long = "talks-" + "x" * 110
    replace_in(project, CLAIM, "published: 2026-11-21\n", f"published: 2026-11-21\naliases: [{long}]\n")
    line = (project / CLAIM).read_text(encoding="utf-8").splitlines().index(f"aliases: [{long}]") + 1
    assert problems_of(project) == [
        f"{CLAIM}:{line}:11: “aliases[1]” is 116 characters long — an id names pages and files: shorten it to at most 100"
    ]
    (project / CLAIM).rename(project / f"content/claims/{long}.yaml")
    assert problems_of(project) == [
        f"content/claims/{long}.yaml:1:1: the file's name, its record's id, is 116 characters long — shorten it to at most 100"
    ]


def test_a_claim_file_that_cannot_be_read_is_named_with_what_to_do(project: Path) -> None:
    (project / "content/claims/moved-away.yaml").symlink_to(project / "content/claims/nowhere.yaml")  # a link left dangling
    assert problems_of(project) == [
        "content/claims/moved-away.yaml:1:1: cannot read the file: there is no such file or folder — "
        "check that it exists and can be read, or remove it"
    ]
    result = run_cli(project, "--lang", "ru")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "content/claims/moved-away.yaml:1:1: не удаётся прочитать файл: такого файла или папки нет" in result.stderr


def test_a_link_left_dangling_among_the_templates_does_not_stop_the_build(project: Path) -> None:
    (project / "templates/partials/old.html").symlink_to(project / "templates/partials/gone.html")
    result = run_cli(project, "--no-search")
    assert result.returncode == 0, result.stderr
    assert (project / "site/en/claims/talks-date/index.html").is_file()


def test_a_file_that_is_not_utf8_is_rejected_at_the_first_bad_byte(project: Path) -> None:
    path = project / CLAIM
    path.write_bytes(path.read_bytes().replace("Обе статьи".encode(), "Обе статьи".encode("cp1251"), 1))
    assert problems_of(project) == [f"{CLAIM}:7:16: the file is not UTF-8 (byte 0xce cannot be decoded) — save it as UTF-8"]


def test_a_changed_archived_source_fails_its_checksum_and_only_that_is_told(project: Path) -> None:
    seed = project / "seeds/000_65c26eebc33d0df9.txt"
    changed = seed.read_bytes().replace("пятницу".encode(), "субботу".encode())
    seed.write_bytes(changed.replace("Чоль провел переговоры".encode(), "Чоль провел встречу".encode()))
    [problem] = problems_of(project)  # not also "the quote is not in the source" for a quote of the right text
    assert problem.startswith("seeds/000_65c26eebc33d0df9.yaml:5:9: the archived text seeds/000_65c26eebc33d0df9.txt has changed")


def test_an_archived_source_saved_again_in_another_encoding_is_told_to_be_restored_not_resaved(project: Path) -> None:
    seed = project / "seeds/000_65c26eebc33d0df9.txt"
    seed.write_bytes(seed.read_bytes().decode("utf-8").encode("cp1251", errors="replace"))  # opened and saved by a Windows editor
    [problem] = problems_of(project)  # not "save it as UTF-8", after which the checksum would fail all the same
    assert problem.startswith("seeds/000_65c26eebc33d0df9.yaml:5:9: the archived text seeds/000_65c26eebc33d0df9.txt has changed")
    assert "restore the original text" in problem


def test_an_archived_source_whose_line_endings_were_converted_is_told_so(project: Path) -> None:
    seed = project / "seeds/000_65c26eebc33d0df9.txt"
    seed.write_bytes(seed.read_bytes().replace(b"\n", b"\r\n"))  # what git's conversion on Windows does
    [problem] = problems_of(project)
    assert problem.startswith("seeds/000_65c26eebc33d0df9.yaml:5:9: the archived text seeds/000_65c26eebc33d0df9.txt differs")
    assert "only in its line endings" in problem and (REPO / ".gitattributes").read_text().count("seeds/*.txt -text") == 1


def test_every_problem_in_every_file_is_reported_sorted_then_one_exit(project: Path) -> None:
    replace_in(project, CLAIM, "verdict: confirmed", "verdict: mostly-true")
    write(project, "content/pages/about.yaml", "title: {ru: О нас}\nbody: {ru: Текст, en: Text}\nextra: 1\n")
    result = run_cli(project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    heads = [line for line in result.stderr.splitlines() if line.startswith("content/")]
    assert (
        heads
        == [
            UNKNOWN_VERDICT,
            "content/pages/about.yaml:1:1: missing field “description” (one sentence for search engines and link previews) — add it",
            "content/pages/about.yaml:1:8: “title” has no “en” text — add the line `en: …` with the English text",
            "content/pages/about.yaml:3:1: unknown field “extra” — the fields allowed here are: title, description, body",
        ]
        or sorted(heads) == heads
    )


def test_a_report_shows_the_offending_line_under_each_message(project: Path) -> None:
    replace_in(project, CLAIM, "verdict: confirmed", "verdict: mostly-true")
    result = run_cli(project)
    lines = result.stderr.splitlines()
    index = lines.index(UNKNOWN_VERDICT)
    assert lines[index + 1] == "    verdict: mostly-true"
    assert lines[index + 2] == "             ^"
    assert "1 error, 0 warnings" in result.stderr


def test_messages_are_given_in_russian_too(project: Path) -> None:
    replace_in(project, CLAIM, "verdict: confirmed", "verdict: mostly-true")
    result = run_cli(project, lang="ru")
    assert (
        f"{CLAIM}:9:10: неизвестный вердикт «mostly-true» — в шкале content/verdicts.yaml нет такого ключа; её ключи от лучшего к худшему: "
        "confirmed (Подтверждено); disputed (Источники расходятся)" in result.stderr
    )
    assert "1 ошибка, 0 предупреждений" in result.stderr


def test_a_claim_read_back_from_the_record_cache_equals_the_parsed_record() -> None:
    import pickle

    from conftest import REPO

    from sverka.load import load_project
    from sverka.problems import Collector

    loaded = load_project(REPO, Collector())  # the publication's own claims (nothing is written)
    assert loaded is not None and len(loaded.claims) >= 2
    for claim in loaded.claims:
        again = pickle.loads(pickle.dumps(claim))
        assert again == claim and again.source_ids == claim.source_ids
        assert dict(again.headline) == dict(claim.headline) and set(again.headline) == {"ru", "en"}
        assert again.marks == claim.marks and again.where == claim.where


def test_editors_backup_and_autosave_files_beside_the_records_are_not_read(project: Path) -> None:
    claim = (project / "content/claims/talks-date.yaml").read_text(encoding="utf-8")
    for name in ("talks-date.yaml~", "#talks-date.yaml#", "talks-date.yaml.swp", "talks-date.yaml.orig", "talks-date.yaml.bak"):
        write(project, f"content/claims/{name}", claim.replace("verdict: confirmed", "verdict: broken"))  # .orig: git mergetool's
    write(project, "content/claims/notes.txt", "not a record")
    write(project, "content/claims/talks-date.yml", claim)  # renaming it as told would replace the check
    assert problems_of(project) == [
        "content/claims/notes.txt:1:1: only .yaml files belong in content/claims — rename it to end in .yaml or move it away",
        "content/claims/talks-date.yml:1:1: only .yaml files belong in content/claims, and talks-date.yaml is there already — "
        "move what this file adds into it and remove this one",
    ]


@pytest.mark.parametrize(
    ("saved", "meant"),
    [
        ("content/verdicts.yml", "content/verdicts.yaml"),
        ("seeds/000_65c26eebc33d0df9.yml", "seeds/000_65c26eebc33d0df9.yaml"),
        ("seeds/000_65c26eebc33d0df9.md", "seeds/000_65c26eebc33d0df9.txt"),
    ],
)
def test_a_file_saved_under_another_ending_is_told_the_name_the_build_reads(project: Path, saved: str, meant: str) -> None:
    (project / meant).rename(project / saved)
    assert f"{saved}:0:0: no build reads this name — rename it to {meant}" in problems_of(project)


def test_a_file_in_seeds_that_no_build_reads_is_a_warning(project: Path) -> None:
    write(project, "seeds/notes.md", "# notes")
    result = run_cli(project, "check")
    assert result.returncode == 0 and "seeds/notes.md: warning: no build reads this — seeds/ holds archived texts" in result.stderr


def test_a_record_saved_where_no_build_reads_it_is_a_warning_at_its_path(project: Path) -> None:
    claim = (project / "content/claims/talks-date.yaml").read_text(encoding="utf-8")
    write(project, "content/claims/2025/talks-date.yaml", claim)
    write(project, "content/talks-date.yaml", claim)
    result = run_cli(project, "check")
    assert result.returncode == 0, result.stderr
    assert "content/claims/2025: warning: no build reads this folder — its files belong directly in content/claims/" in result.stderr
    assert "content/talks-date.yaml: warning: no build reads this — checks go in content/claims/" in result.stderr
    assert run_cli(project, "check", "--strict").returncode == 1


def test_a_file_that_is_a_list_instead_of_fields_is_told_as_the_whole_file(project: Path) -> None:
    write(project, "content/claims/talks-date.yaml", "- a\n- b\n")
    assert problems_of(project) == [
        "content/claims/talks-date.yaml:1:1: the file must hold a mapping of fields, not a list — write the record's fields at the "
        "start of the lines, as `name: value`: headline, claim, claimant, appearances, verdict, flags, explanation, summary, quotes, "
        "discrepancies, published, updated, corrections, events, tags, aliases, priority, status, publish_at"
    ]


@pytest.mark.parametrize("second", ["---\nheadline: x\n", "--- # another record\n\nheadline: x\n", "--- {headline: x}\n"])
def test_a_second_yaml_document_is_placed_at_its_dashes_the_line_to_remove(project: Path, second: str) -> None:
    text = (project / CLAIM).read_text(encoding="utf-8")
    write(project, CLAIM, text + second)
    line = text.count("\n") + 1
    assert problems_of(project) == [
        f"{CLAIM}:{line}:1: the file holds more than one YAML document — keep one record per file and remove the `---` line"
    ]


def test_an_empty_verdict_asks_for_a_key_of_the_scale_not_a_text(project: Path) -> None:
    replace_in(project, CLAIM, "verdict: confirmed", 'verdict: ""')
    assert problems_of(project) == [f"{CLAIM}:9:10: “verdict” is empty — write a key of the verdict scale in content/verdicts.yaml"]


@pytest.mark.parametrize("rating", ["0x10", "1_000", "99999999999999999999999999", "9" * 5000])
def test_a_number_yaml_reads_in_another_form_or_too_large_is_refused_at_its_place(project: Path, rating: str) -> None:
    replace_in(project, "content/verdicts.yaml", "rating: 2", f"rating: {rating}")
    assert problems_of(project) == [
        f"content/verdicts.yaml:3:13: “{rating}” is not a whole number from -1000000 to 1000000 — write it in plain digits, e.g. 3"
    ]
