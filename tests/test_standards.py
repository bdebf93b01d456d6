"""The publication's standards as check rules: a verdict's and a flag's definition against the evidence a
claim quotes, dated outside records, timeline dates no finer than what dates them, the publisher's trust
fields; and how the trust fields, flags, source names and the licence's exclusions reach the pages."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import build_files, problems_of, run_cli, write
from htmltree import Element, parse_html

CLAIM = "content/claims/talks-date.yaml"
SCALE = """verdicts:
  - key: agree
    rating: 3
    requires: [both-reports]
    label: {ru: Совпадают, en: Reports agree}
    definition: {ru: Оба сообщения., en: Both reports.}
  - key: one
    rating: 2
    requires: [one-report, no-outside-record]
    label: {ru: Одно, en: One report}
    definition: {ru: Одно сообщение., en: One report.}
  - key: imprecise
    rating: 1
    requires: [compared]
    label: {ru: Неточность, en: Imprecise}
    definition: {ru: Неточно., en: Imprecise.}
flags:
  - key: self
    requires: [within-one-report]
    label: {ru: Противоречит себе, en: Contradicts itself}
    definition: {ru: Два места одного сообщения., en: Two passages of one report.}
"""
CONTEXT = {
    "ru": "Контекст (вне источников): по календарю 7 ноября 2025 года — пятница.",
    "en": "Context (outside the sources): in the calendar 7 November 2025 is a Friday.",
}


def page(files: dict[str, bytes], path: str) -> Element:
    return parse_html(files[path])


def edit(project: Path, path: str, old: str, new: str) -> None:
    """Replace one passage of a project's file, which must be there."""
    text = (project / path).read_text(encoding="utf-8")
    assert old in text, old
    (project / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def with_scale(project: Path, verdict: str) -> Path:
    """The fixture with the test scale, its claim rated `verdict`."""
    write(project, "content/verdicts.yaml", SCALE)
    edit(project, CLAIM, "verdict: confirmed", f"verdict: {verdict}")
    return project


def add_context(project: Path, ru: str = CONTEXT["ru"], en: str = CONTEXT["en"]) -> None:
    """A labelled outside-context paragraph in the claim's summary."""
    edit(project, CLAIM, "  ru: Статьи **согласны** в дате.", f"  ru: |\n    Статьи **согласны** в дате.\n\n    {ru}")
    edit(project, CLAIM, "  en: The articles **agree** on the date.", f"  en: |\n    The articles **agree** on the date.\n\n    {en}")


def test_the_fixture_meets_the_definition_of_its_verdict(project: Path) -> None:
    assert build_files(with_scale(project, "agree"))


def test_a_verdict_that_needs_both_reports_names_the_claim_that_quotes_one(project: Path) -> None:
    with_scale(project, "agree")
    edit(project, CLAIM, "appearances: [001_36549a97ad93da46, 000_65c26eebc33d0df9]", "appearances: [001_36549a97ad93da46]")
    assert problems_of(project) == [
        f"{CLAIM}:9:10: “agree” (Reports agree) needs the statement in at least two reports — "
        "list each under `appearances:` and quote each one"
    ]


def test_a_one_report_verdict_refuses_a_statement_both_reports_make(project: Path) -> None:
    with_scale(project, "one")
    (problem,) = problems_of(project)
    assert problem.startswith(f"{CLAIM}:9:10: “one” (One report) needs the statement in exactly one report")


def test_cannot_be_verified_refuses_a_public_record_that_would_settle_it(project: Path) -> None:
    with_scale(project, "one")
    edit(project, CLAIM, "appearances: [001_36549a97ad93da46, 000_65c26eebc33d0df9]", "appearances: [001_36549a97ad93da46]")
    add_context(project)
    (problem,) = problems_of(project)
    assert "“one” (One report) says nothing settles the statement, yet the summary cites a public record" in problem


def test_a_verdict_naming_an_error_needs_the_evidence_side_by_side_or_a_public_record(project: Path) -> None:
    with_scale(project, "imprecise")
    text = (project / CLAIM).read_text(encoding="utf-8")
    start, end = text.index("discrepancies:"), text.index("published:")
    (project / CLAIM).write_text(text[:start] + text[end:], encoding="utf-8")
    (problem,) = problems_of(project)
    assert "“imprecise” (Imprecise) needs the evidence that shows the problem" in problem
    add_context(project)
    assert build_files(project)


def test_a_flag_is_checked_against_its_own_definition(project: Path) -> None:
    with_scale(project, "agree")
    edit(project, CLAIM, "tags: [dates]", "flags: [self, nonsense]\ntags: [dates]")
    problems = problems_of(project)
    assert problems == [
        f"{CLAIM}:30:9: “self” (Contradicts itself) needs two passages of one report side by side — add a discrepancy note quoting both",
        f"{CLAIM}:30:15: unknown flag “nonsense” — add it under `flags:` in content/verdicts.yaml or use one of: self",
    ]


def test_outside_context_must_name_its_date(project: Path) -> None:
    with_scale(project, "agree")
    add_context(project, en="Context (outside the sources): the calendar says so.")
    (problem,) = problems_of(project)
    assert problem == f"{CLAIM}:18:3: a paragraph of outside context gives no date — name the public record and its date"  # at `en:`


def timeline(date: str, description: str = "Переговоры.", english: str = "The talks.") -> str:
    return (
        f"events:\n  - id: talks\n    date: '{date}'\n    title: {{ru: a, en: a}}\n"
        f"    description:\n      ru: {description}\n      en: {english}\n"
        "    quotes: [{claim: talks-date, quote: q1}]\n"
    )


@pytest.mark.parametrize("date", ["2025-11-06", "2025-11", "2025-11-06/.."])
def test_a_timeline_date_as_precise_as_its_quotes_passes(project: Path, date: str) -> None:
    write(project, "content/timeline.yaml", timeline(date))
    edit(project, CLAIM, "tags: [dates]", "events: [talks]\ntags: [dates]")
    assert build_files(project, strict=True)


def test_a_timeline_date_finer_than_its_quotes_stops_a_strict_check_unless_a_public_record_dates_it(project: Path) -> None:
    write(project, "content/timeline.yaml", timeline("2025-11-05"))
    edit(project, CLAIM, "tags: [dates]", "events: [talks]\ntags: [dates]")
    strict = run_cli(project, "check", "--strict")
    assert strict.returncode == 1
    assert (
        "content/timeline.yaml:3:11: warning: “2025-11-05” dates event “talks” to the day, but the quotes it cites do not give "
        "that date — date it only as the quotes do, or add the public record that dates it to the description"
    ) in strict.stderr
    record = "'Переговоры.\n\n\n        Контекст (вне источников): дата по протоколу от 5 ноября 2025 года.'"
    english = "'The talks.\n\n\n        Context (outside the sources): dated by the minutes of 5 November 2025.'"
    write(project, "content/timeline.yaml", timeline("2025-11-05", record, english))
    assert run_cli(project, "check", "--strict").returncode == 0


def test_a_date_range_neither_end_of_which_its_quotes_give_is_told_once(project: Path) -> None:
    write(project, "content/timeline.yaml", timeline("2025-01/2025-03"))
    edit(project, CLAIM, "tags: [dates]", "events: [talks]\ntags: [dates]")
    result = run_cli(project, "check")
    told = [line for line in result.stderr.splitlines() if "dates event" in line]
    assert len(told) == 1 and told[0].startswith("content/timeline.yaml:3:11: warning: “2025-01/2025-03” dates event “talks”"), told


def empty_trust_fields(project: Path) -> None:
    """The fixture's publisher with every trust field left empty, as in a publication not yet set up."""
    site = project / "content/site.yaml"
    lines = site.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [
        line
        for line in lines
        if not line.startswith(("  organisation", "  legal_form", "  responsible_editor", "  contact_email", "  funding", "    - "))
    ]
    site.write_text("".join(kept), encoding="utf-8")


def test_empty_trust_fields_warn_and_stop_a_strict_build_for_a_public_address(project: Path) -> None:
    empty_trust_fields(project)
    public = ("--base-url", "https://news.example.com.ua/")
    relaxed = run_cli(project, "check", *public)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "content/site.yaml:9:3: warning: the publisher's `contact_email` is empty" in relaxed.stderr
    strict = run_cli(project, "check", "--strict", *public)
    assert strict.returncode == 1
    assert strict.stderr.count("warning: the publisher's") == 5


@pytest.mark.parametrize("address", ["http://localhost:8000/", "http://127.0.0.1:8000/", "https://example.org/", "https://sverka.test/"])
def test_empty_trust_fields_are_reported_but_stop_no_build_for_a_local_or_example_address(project: Path, address: str) -> None:
    empty_trust_fields(project)
    strict = run_cli(project, "check", "--strict", "--base-url", address)
    assert strict.returncode == 0, strict.stderr
    assert strict.stderr.count("note: the publisher's") == 5
    assert "0 errors, 0 warnings, 5 notes" in strict.stderr


@pytest.mark.parametrize("value", ["corrections", "mailto:corrections@example.org"])  # the page writes mailto: itself
def test_an_invalid_contact_address_is_refused(project: Path, value: str) -> None:
    edit(project, "content/site.yaml", "contact_email: corrections@example.org", f"contact_email: {value}")
    (problem,) = problems_of(project)
    assert problem == f"content/site.yaml:13:18: “{value}” is not an email address — write it as name@example.org, without mailto:"


def test_the_trust_fields_are_shown_where_readers_look_for_them(project: Path) -> None:
    files = build_files(project)
    about = page(files, "en/about/index.html").find("dl", class_="publisher-facts")
    assert about is not None
    assert [dd.text().strip() for dd in about.find_all("dd")] == [
        "Sverka — The editors",
        "Example",
        "A non-profit organisation",
        "The responsible editor",
        "corrections@example.org",
    ]
    for path in ("en/corrections/index.html", "en/claims/talks-date/index.html"):
        mail = [a.get("href") for a in page(files, path).find_all("a") if (a.get("href") or "").startswith("mailto:")]
        assert mail == ["mailto:corrections@example.org"], path
    assert page(files, "ru/claims/talks-date/index.html").find("footer", class_="check-footer") is not None


def test_empty_trust_fields_read_as_not_stated(project: Path) -> None:
    empty_trust_fields(project)
    write(project, "content/pages/funding.yaml", "title: {ru: Деньги, en: Funding}\ndescription: {ru: д, en: d}\nbody: {ru: д, en: d}\n")
    files = build_files(project)
    about = page(files, "en/about/index.html").find("dl", class_="publisher-facts")
    assert about is not None and len(about.find_all("span", class_="unstated")) == 4
    funding = page(files, "en/funding/index.html").find("section", class_="funding")
    assert funding is not None and funding.find("span", class_="unstated") is not None
    footer = page(files, "en/claims/talks-date/index.html").find("footer", class_="check-footer")
    assert footer is not None and footer.find("a", href="/en/corrections/") is not None
    assert not [a for a in footer.find_all("a") if (a.get("href") or "").startswith("mailto:")]


@pytest.mark.parametrize(("email", "repository"), [(True, True), (True, False), (False, True), (False, False)])
def test_a_check_offers_every_channel_for_reporting_an_error(project: Path, email: bool, repository: bool) -> None:
    if not email:
        empty_trust_fields(project)
    tracker = "https://github.com/example/factcheck"
    files = build_files(project, base_url="https://news.example.org/", repository_url=tracker if repository else None)
    for lang in ("ru", "en"):
        footer = page(files, f"{lang}/claims/talks-date/index.html").find("footer", class_="check-footer")
        assert footer is not None
        links = [a.get("href") or "" for a in footer.find_all("a")]
        assert ("mailto:corrections@example.org" in links) is email, links
        issue = [link for link in links if link.startswith(f"{tracker}/issues/new?")]
        assert len(issue) == int(repository), links
        if issue:  # the new issue is titled with the check and gives its address
            query = parse_qs(urlsplit(issue[0]).query)
            headline = " ".join(page(files, f"{lang}/claims/talks-date/index.html").find("h1").text().split())  # no-break spaces as spaces
            assert query["title"] == [headline] and query["body"] == [f"https://news.example.org/{lang}/claims/talks-date/"]
        unstated = "адрес для сообщений" if lang == "ru" else "address for error reports"
        assert (unstated in footer.text()) is not (email or repository), footer.text()
        assert f"/{lang}/corrections/" in links


def test_the_archived_texts_are_kept_out_of_the_sites_licence(project: Path) -> None:
    files = build_files(project)
    footer = page(files, "en/index.html").find("footer", class_="site-footer")
    assert footer is not None and "Except the archived texts." in footer.text()
    rights = page(files, "ru/sources/000_65c26eebc33d0df9/index.html").find("dl", class_="source-meta")
    assert rights is not None and "не распространяется" in rights.text()
    catalogue = json.loads(files["claims.json"])
    assert catalogue["license"]["excludes"] == {"en": "Except the archived texts.", "ru": "Кроме архивных текстов."}
    assert json.loads(files["data/claims/talks-date.json"])["license"]["excludes"]["en"] == "Except the archived texts."


def test_a_sources_short_name_stands_for_it_on_the_pages(project: Path) -> None:
    edit(project, "seeds/001_36549a97ad93da46.yaml", "title:", "name: {ru: Статья от 7 ноября, en: 7 November article}\ntitle:")
    files = build_files(project)
    claim = page(files, "en/claims/talks-date/index.html")
    captions = [a.text() for a in claim.find_all("a", class_="quote-source")]
    assert "7 November article" in captions
    heading = page(files, "en/sources/001_36549a97ad93da46/index.html").find("h1")
    assert heading is not None and heading.text() == "7 November article"
    assert json.loads(files["claims.json"])["sources"][1]["name"] == {"en": "7 November article", "ru": "Статья от 7 ноября"}


def test_flags_stand_beside_the_verdict_and_are_defined_on_the_methodology_page(project: Path) -> None:
    with_scale(project, "agree")
    edit(project, CLAIM, "  - id: q2\n    source: 000_65c26eebc33d0df9", "  - id: q2\n    source: 001_36549a97ad93da46")
    edit(
        project,
        CLAIM,
        "6 ноября министр обороны КНДР Но Гван Чоль провел переговоры с Горемыкиным в Пхеньяне",
        "Со стороны КНДР делегацию принимал министр обороны КНДР Но Гван Чоль.",
    )
    edit(project, CLAIM, "appearances: [001_36549a97ad93da46, 000_65c26eebc33d0df9]", "appearances: [001_36549a97ad93da46]")
    edit(project, "content/verdicts.yaml", "requires: [both-reports]", "requires: []")
    edit(project, CLAIM, "tags: [dates]", "flags: [self]\ntags: [dates]")
    files = build_files(project)
    flags = page(files, "en/claims/talks-date/index.html").find("p", class_="flags")
    assert flags is not None
    (link,) = flags.find_all("a", class_="flag")
    assert link.text() == "Contradicts itself" and link.get("href") == "/en/methodology/#flag-self"
    assert page(files, "en/methodology/index.html").find("li", id="flag-self") is not None
    assert json.loads(files["data/claims/talks-date.json"])["claim"]["flags"] == ["self"]
