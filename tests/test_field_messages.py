"""A value of the wrong kind, an empty one, an address that would send every link off the site, a merge key and a
moment out of range: each told once, at its place, with what to write instead."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_files, problems_of, run_cli, write
from htmltree import parse_html

from sverka.jsonschemas import KINDS
from sverka.schema import Nullable, Record, Spec
from sverka.yamlread import ADVICE

CLAIM = "content/claims/talks-date.yaml"
TIMELINE = """events:
  - id: talks
    date: 2025-11-06
    title: {ru: Переговоры, en: Talks}
    description: {ru: Переговоры в Пхеньяне., en: Talks in Pyongyang.}
    quotes: [{claim: talks-date, quote: q1}]
"""


def replace_in(root: Path, path: str, old: str, new: str) -> None:
    """Replace one passage of a project's file, which must be there."""
    text = (root / path).read_text(encoding="utf-8")
    assert old in text, old
    write(root, path, text.replace(old, new, 1))


LICENCE = (
    "license:\n  name: CC BY 4.0\n  url: https://creativecommons.org/licenses/by/4.0/\n"
    "  excludes: {ru: Кроме архивных текстов., en: Except the archived texts.}"
)
NUMBER = "write it in digits, without quotes or a decimal point, e.g. `rating: 7`"
BILINGUAL = "write under it, indented, the two lines `ru: …` and `en: …`"


@pytest.mark.parametrize(
    ("path", "old", "new", "told"),
    [
        ("content/verdicts.yaml", "rating: 2", 'rating: "2"', f"3:13: “verdicts[1].rating” must be a whole number, not text — {NUMBER}"),
        (
            "content/verdicts.yaml",
            "rating: 2",
            "rating: 6.5",
            f"3:13: “verdicts[1].rating” must be a whole number, not a decimal number — {NUMBER}",
        ),
        (
            "content/verdicts.yaml",
            "rating: 2",
            "rating:",
            f"3:12: “verdicts[1].rating” must be a whole number, not an empty value — {NUMBER}",
        ),
        (
            CLAIM,
            "headline:\n  ru: Переговоры в Пхеньяне прошли 6 ноября\n  en: The talks in Pyongyang took place on 6 November",
            "headline: null",
            f"1:11: “headline” must be a mapping with the keys ru and en, not an empty value — {BILINGUAL}",
        ),
        (
            CLAIM,
            "published: 2026-11-21",
            "published: 20261121",
            "29:12: “published” must be a date, not a whole number — write the day as YYYY-MM-DD, e.g. `published: 2026-11-21`",
        ),
        (
            "content/site.yaml",
            "title: {ru: Сверка, en: Sverka}",
            "title: Sverka",
            f"1:8: “title” must be a mapping with the keys ru and en, not text — {BILINGUAL}",
        ),
        (
            "content/site.yaml",
            LICENCE,
            "license: null",
            "17:10: “license” must be a mapping of fields, not an empty value — "
            "write under it, indented, the fields it takes: name, url, excludes",
        ),
        (
            "content/site.yaml",
            "base_url: https://example.org/",
            "base_url: null",
            "5:11: “base_url” is empty — write the whole address, e.g. `base_url: https://example.org/`",
        ),
        (
            "content/site.yaml",
            "default_language: ru",
            "default_language: [ru]",
            "7:19: “default_language” must be one of the listed values, not a list — use one of: ru, en",
        ),
        (
            "content/timeline.yaml",
            "date: 2025-11-06",
            "date: null",
            "3:11: “events[1].date” is empty — write the day as YYYY-MM-DD, e.g. `date: 2026-11-21`",
        ),
        (
            CLAIM,
            "    source: 001_36549a97ad93da46",
            "    source: ''",
            "18:13: “quotes[1].source” is empty — write the name of the source's text in seeds/ without .txt, "
            "e.g. `source: 001_36549a97ad93da46`",
        ),
        (
            "content/site.yaml",
            "contact_email: corrections@example.org",
            "contact_email: ''",
            "13:18: “publisher.contact_email” is empty — write it as `contact_email: name@example.org`, or `null` while it is not known",
        ),
        (  # a finished source, not a skeleton: told once, at its line, rather than at every quote of it
            "seeds/001_36549a97ad93da46.yaml",
            "sha256:",
            'url: ""\nsha256:',
            "5:6: “url” is empty — write the whole address, e.g. `url: https://example.org/`, or `null` while it is not known",
        ),
        (
            "seeds/001_36549a97ad93da46.yaml",
            "sha256: 766ee9092bc5aeee080b252b489b408807c6984112ba3e762bd08dc1faa73fdf",
            "sha256: ''",
            "5:9: “sha256” is empty — write the checksum of the archived text: `sha256sum` on the .txt file of this name gives it",
        ),
        (  # as PowerShell's Get-FileHash prints it
            "seeds/001_36549a97ad93da46.yaml",
            "sha256: 766ee9092bc5aeee080b252b489b408807c6984112ba3e762bd08dc1faa73fdf",
            "sha256: 766EE9092BC5AEEE080B252B489B408807C6984112BA3E762BD08DC1FAA73FDF",
            "5:9: “766EE9092BC5AEEE080B252B489B408807C6984112BA3E762BD08DC1FAA73FDF” is not a SHA-256 checksum — 64 hex digits in "
            "lower case (one printed in capitals, as PowerShell's Get-FileHash prints it, is written in lower case)",
        ),
    ],
)
def test_a_value_of_the_wrong_kind_or_empty_is_told_what_to_write_for_its_kind(
    project: Path, path: str, old: str, new: str, told: str
) -> None:
    write(project, "content/timeline.yaml", TIMELINE)
    replace_in(project, path, old, new)
    assert problems_of(project) == [f"{path}:{told}"]


def test_a_number_in_quotes_is_told_at_its_place_with_its_example_in_russian_too(project: Path) -> None:
    replace_in(project, "content/verdicts.yaml", "rating: 2", 'rating: "2"')
    for lang in ("en", "ru"):
        result = run_cli(project, "check", lang=lang)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        [head] = [line for line in result.stderr.splitlines() if line.startswith("content/verdicts.yaml:3:13: ")]
        assert "`rating: 7`" in head  # the example keeps the field's own name in either language


def test_a_file_that_is_not_a_mapping_is_told_the_fields_to_write(project: Path) -> None:
    write(project, "content/tags.yaml", "[dates]\n")
    assert problems_of(project) == [
        "content/tags.yaml:1:1: the file must hold a mapping of fields, not a list — "
        "write the record's fields at the start of the lines, as `name: value`: tags"
    ]


DOUBLED = "has a doubled slash, which would make the site's links lead off it or to no page — remove one slash"


@pytest.mark.parametrize("address", ["https://example.org//", "https://user.github.io/repo//", "https://example.org/fact//check/"])
def test_a_site_address_with_a_doubled_slash_is_refused_at_its_line(project: Path, address: str) -> None:
    replace_in(project, "content/site.yaml", "base_url: https://example.org/", f"base_url: {address}")
    assert problems_of(project) == [f"content/site.yaml:5:11: “{address}” {DOUBLED}"]


def test_a_site_address_with_a_doubled_slash_is_refused_on_the_command_line_and_nothing_is_built(project: Path) -> None:
    for command in ("build", "check"):
        result = run_cli(project, "--base-url", "https://user.github.io/repo//", command, "--strict")
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert f"argument --base-url: “https://user.github.io/repo//” {DOUBLED}" in result.stderr
    assert not (project / "site").exists()
    assert run_cli(project, "--base-url", "https://user.github.io/repo/", "check").returncode == 0
    assert run_cli(project, "--base-url", "https://user.github.io/repo/\n", "check").returncode == 2  # `$` matches before a line break


PAGE = "is the address of a page — give the folder the site is published at: https://user.github.io/repo/"
LANGUAGE = (
    "is the address of one language's pages — give the folder of the whole site: https://user.github.io/repo/ (the build adds ru/ and en/)"
)
COPIED = [
    ("https://user.github.io/repo/index.html", PAGE),
    ("https://user.github.io/repo/en/", LANGUAGE),
    ("https://user.github.io/repo/ru", LANGUAGE),
    ("https://user.github.io/repo/default.aspx", PAGE),
    ("https://user.github.io/repo/ru/index.html", LANGUAGE),  # the Russian home page, copied from the browser
]


@pytest.mark.parametrize(("address", "fault"), COPIED)
def test_a_site_address_copied_from_a_page_is_refused_with_the_folder_to_give(project: Path, address: str, fault: str) -> None:
    # every page's links would be made from it: …/index.html/en/claims/… and …/en/en/… lead nowhere
    replace_in(project, "content/site.yaml", "base_url: https://example.org/", f"base_url: {address}")
    assert problems_of(project) == [f"content/site.yaml:5:11: “{address}” {fault}"]
    result = run_cli(project, "--base-url", address, "check")
    assert result.returncode == 2 and f"argument --base-url: “{address}” {fault}" in result.stderr


@pytest.mark.parametrize("address", ["https://user.github.io/my.site", "https://example.ru/", "https://example.org/en-archive/"])
def test_a_site_address_that_only_looks_like_a_page_is_accepted(project: Path, address: str) -> None:
    replace_in(project, "content/site.yaml", "base_url: https://example.org/", f"base_url: {address}")
    files = build_files(project)
    assert f'<link rel="canonical" href="{address.rstrip("/")}/en/about/">' in files["en/about/index.html"].decode()


@pytest.mark.parametrize(
    "written",
    [
        "https://github.com/example/factcheck/",
        "https://github.com/example/factcheck//",
        "https://github.com/example/factcheck.git",
        "https://github.com/example/factcheck/issues",  # the tracker's own page, copied from the browser
        "https://github.com/example/factcheck/tree/main",
    ],
)
def test_a_repository_address_with_a_final_slash_or_git_suffix_links_to_its_issue_tracker(project: Path, written: str) -> None:
    replace_in(project, "content/site.yaml", "repository_url: null", f"repository_url: {written}")
    for files in (build_files(project), build_files(project, repository_url=written)):
        for lang in ("ru", "en"):
            section = parse_html(files[f"{lang}/corrections/index.html"].decode()).find("section", class_="report-error")
            assert section is not None
            links = [a.get("href") for a in section.find_all("a")]
            assert links == ["mailto:corrections@example.org", "https://github.com/example/factcheck/issues/new"]


MERGE = "YAML merge keys (`<<:`) are not supported here — write the fields out"


@pytest.mark.parametrize(
    ("edits", "place"),
    [
        ([("claimant: {ru: Обе статьи, en: Both articles}", "claimant: {<<: {ru: Обе статьи}, en: Both articles}")], "7:12"),
        ([("headline:", "headline: &said"), ("claimant: {ru: Обе статьи, en: Both articles}", "claimant: {<<: *said}")], "7:12"),
        ([("headline:", "<<: {tags: [dates]}\nheadline:")], "1:1"),
    ],
)
def test_a_merge_key_is_told_once_at_its_place_without_a_knock_on_missing_field(
    project: Path, edits: list[tuple[str, str]], place: str
) -> None:
    for old, new in edits:
        replace_in(project, CLAIM, old, new)
    assert problems_of(project) == [f"{CLAIM}:{place}: {MERGE}"]


def test_a_moment_in_the_right_form_but_out_of_range_is_told_the_years_allowed(project: Path) -> None:
    for moment, year in (("9999-12-31", "9999"), ("0999-12-31T10:00+03:00", "999")):
        result = run_cli(project, "--now", moment, "check")
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert (
            f"argument --now: “{moment}” falls in the year {year}, and a build can be dated only in the years 1000 to 2999" in result.stderr
        )
    wrong = run_cli(project, "--now", "31.12.2026", "check")
    assert "write a day (2026-12-10) or a day and time with its zone" in wrong.stderr
    far = run_cli(project, "--now", "0000-12-10", "check")
    assert far.returncode == 2 and "“0000-12-10” falls in the year 0, and a build can be dated only in the years 1000 to 2999" in far.stderr
    for impossible in ("2026-02-30", "2026-13-01T09:00+03:00"):
        wrong = run_cli(project, "--now", impossible, "check")
        assert wrong.returncode == 2 and f"“{impossible}” is not a day of the calendar — its month or day does not exist" in wrong.stderr


def specs_within(spec: Spec) -> list[Spec]:
    """A spec and every spec it holds (a record's fields, a list's items, a nullable's or a bilingual's text)."""
    inner = [f.spec for f in spec.fields.values()] if isinstance(spec, Record) else []
    inner += [held] if isinstance(held := getattr(spec, "inner", getattr(spec, "item", None)), Spec) else []
    return [spec, *(found for child in inner for found in specs_within(child))]


def test_every_kind_of_value_a_file_takes_has_its_own_advice() -> None:
    kinds = {spec.expected for record in KINDS.values() for spec in specs_within(record) if not isinstance(spec, Nullable)}
    assert kinds and kinds <= set(ADVICE) - {Spec.expected}  # none falls back to the advice for any value


@pytest.mark.parametrize("written", ["https://github.com", "https://github.com/", "https://github.com/example"])
def test_a_repository_address_without_its_owner_and_name_is_refused_in_the_file_and_on_the_command_line(
    project: Path, written: str
) -> None:
    refused = f"“{written}” is not a repository's address — write the address of its page, with its owner and name"
    replace_in(project, "content/site.yaml", "repository_url: null", f"repository_url: {written}")
    assert [problem.split(", e.g.")[0] for problem in problems_of(project)] == [f"content/site.yaml:16:17: {refused}"]
    replace_in(project, "content/site.yaml", f"repository_url: {written}", "repository_url: null")
    result = run_cli(project, "--repository-url", written, "check")
    assert result.returncode == 2 and "Traceback" not in result.stderr and refused in result.stderr
    russian = run_cli(project, "--repository-url", written, "check", lang="ru")
    assert russian.returncode == 2 and "не адрес репозитория" in russian.stderr
