"""The timeline: chronological order, dates worded at their own precision, TimelineJS JSON, located errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import build_files, make_project, problems_of
from evidence_support import LANGS, Built, checked, ids_in, make_annotated, page, target_of
from htmltree import Element

import build
from sverka.dates import format_point_governed, parse_point
from sverka.plan import timeline
from sverka.problems import ProblemsFound

TIMELINE = "content/timeline.yaml"
ORDER = [
    "treaty-2024-06",
    "troops-range",
    "launches-2025",
    "approximate-2025-04",
    "uncertain-2025-04",
    "builders-since-2025-09",
    "talks-2025-11-06",
    "same-day-second",
]
DATES = {
    "ru": {
        "treaty-2024-06": ("июнь 2024 г.", ["2024-06"]),
        "troops-range": ("октябрь 2024 г. – ноябрь 2025 г.", ["2024-10", "2025-11"]),
        "launches-2025": ("2025 г.", ["2025"]),  # as a month's date has it: «июнь 2024 г.»
        "approximate-2025-04": ("апрель 2025 г. (приблизительно)", ["2025-04"]),
        "uncertain-2025-04": ("апрель 2025 г. (под вопросом)", ["2025-04"]),
        "builders-since-2025-09": ("с сентября 2025 г.", ["2025-09"]),
        "talks-2025-11-06": ("6 ноября 2025 г.", ["2025-11-06"]),
    },
    "en": {
        "treaty-2024-06": ("June 2024", ["2024-06"]),
        "troops-range": ("October 2024 – November 2025", ["2024-10", "2025-11"]),
        "launches-2025": ("2025", ["2025"]),
        "approximate-2025-04": ("April 2025 (approximate)", ["2025-04"]),
        "uncertain-2025-04": ("April 2025 (uncertain)", ["2025-04"]),
        "builders-since-2025-09": ("since September 2025", ["2025-09"]),
        "talks-2025-11-06": ("6 November 2025", ["2025-11-06"]),  # British, as the site spells
    },
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The annotated fixture, checked and built once for this module."""
    root = make_annotated(tmp_path_factory)
    return checked(root), build_files(root)


def entries(files: dict[str, bytes], lang: str) -> list[Element]:
    """The events of a timeline page, in page order."""
    timeline = page(files, f"{lang}/timeline/index.html").find("ol", class_="timeline")
    assert timeline is not None
    return [li for li in timeline.children if isinstance(li, Element) and li.tag == "li"]


def date_of(entry: Element) -> tuple[str, list[str]]:
    """An entry's date as read, and the datetime values of its <time> elements."""
    line = entry.find("p", class_="event-date")
    assert line is not None
    return " ".join(line.text().split()), [t.get("datetime") or "" for t in line.find_all("time")]


def add_events(root: Path, yaml_items: str) -> None:
    """Append events to the fixture's timeline."""
    with (root / TIMELINE).open("a", encoding="utf-8") as handle:
        handle.write(yaml_items)


@pytest.mark.parametrize("lang", LANGS)
def test_events_are_in_chronological_order_and_same_dates_keep_the_file_order(built: Built, lang: str) -> None:
    _, files = built
    assert [li.get("id") for li in entries(files, lang)] == [f"event-{e}" for e in ORDER]


@pytest.mark.parametrize("lang", LANGS)
def test_a_long_timeline_is_split_over_numbered_pages_and_checks_link_to_the_page_of_their_event(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    monkeypatch.setattr(timeline, "EVENTS_PER_PAGE", 3)
    root = make_project(tmp_path / "annotated", "annotated")
    files = build_files(root)
    pages, key = [], "timeline/"
    while key:  # following each page's link to the next
        doc = page(files, f"{lang}/{key}index.html")
        pages.append(doc)
        following = doc.find("a", rel="next")
        key = (following.get("href") or "").removeprefix(f"/{lang}/") if following is not None else ""
    assert len(pages) == 3
    shown = [[li.get("id") for li in doc.find("ol", class_="timeline").children if isinstance(li, Element)] for doc in pages]  # type: ignore[union-attr]
    assert [event for ids in shown for event in ids] == [f"event-{e}" for e in ORDER] and all(len(ids) <= 3 for ids in shown)
    assert (" · page 3 of 3" if lang == "en" else " · страница 3 из 3") in pages[2].find("h1").text()  # type: ignore[union-attr]
    link = page(files, f"{lang}/claims/talks-date/index.html").find("ul", class_="claim-events").find("a")  # type: ignore[union-attr]
    assert link.get("href") == f"/{lang}/timeline/page/3/#event-talks-2025-11-06"  # type: ignore[union-attr]


def test_a_link_to_an_event_on_another_page_of_the_timeline_is_told_the_page_that_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(timeline, "EVENTS_PER_PAGE", 3)
    root = make_project(tmp_path / "annotated", "annotated")
    events = (root / TIMELINE).read_text(encoding="utf-8")
    linked = "en: 'A treaty was signed ([the talks](/en/timeline/#event-talks-2025-11-06)).'"  # quoted: brackets in {…}
    (root / TIMELINE).write_text(events.replace("en: A treaty was signed.", linked), encoding="utf-8")
    line = next(n for n, text in enumerate(events.splitlines(), 1) if "en: A treaty was signed." in text)
    # a warning, not an error: an event added elsewhere moves the others between pages, and must not stop the build
    (warning,) = [p for p in build.build_site(root)[1].warnings if "leads to" in p.message("en")]
    assert (warning.path, warning.line) == (TIMELINE, line)
    assert warning.message("en") == (
        "the link “/en/timeline/#event-talks-2025-11-06” leads to a page without this event — "
        "the timeline shows it at /en/timeline/page/3/#event-talks-2025-11-06"
    )
    (root / TIMELINE).write_text(
        events.replace("en: A treaty was signed.", linked.replace("/timeline/#", "/timeline/page/3/#")), encoding="utf-8"
    )
    assert not [p for p in build.build_site(root)[1].warnings if "leads to" in p.message("en")]  # the event's own page


@pytest.mark.parametrize("lang", LANGS)
def test_each_date_is_worded_at_its_own_precision_with_a_matching_datetime(built: Built, lang: str) -> None:
    _, files = built
    found = {(li.get("id") or "").removeprefix("event-"): date_of(li) for li in entries(files, lang)}
    for event_id, expected in DATES[lang].items():
        assert found[event_id] == (expected[0], expected[1])


def test_open_ranges_from_a_day_or_a_year_and_doubly_qualified_dates_read_correctly(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", "annotated")
    add_events(
        root,
        "".join(
            f"""  - id: {key}
    date: "{value}"
    title: {{ru: Т, en: T}}
    description: {{ru: Т., en: T.}}
    quotes: [{{claim: talks-date, quote: q1}}]
"""
            for key, value in (("from-day", "2023-03-08/.."), ("from-year", "2022/.."), ("both", "2021-05%"))
        ),
    )
    files = build_files(root)
    expected = {
        "ru": {"from-day": "с 8 марта 2023 г.", "from-year": "с 2022 г.", "both": "май 2021 г. (приблизительно, под вопросом)"},
        "en": {"from-day": "since 8 March 2023", "from-year": "since 2022", "both": "May 2021 (approximate, uncertain)"},
    }
    for lang in LANGS:
        found = {(li.get("id") or "").removeprefix("event-"): date_of(li)[0] for li in entries(files, lang)}
        assert {k: found[k] for k in expected[lang]} == expected[lang]


def test_a_month_after_since_takes_the_genitive_in_russian() -> None:
    assert format_point_governed(parse_point("2025-09"), "ru") == "сентября 2025\u202fг."
    assert format_point_governed(parse_point("2025-09"), "en") == "September 2025"
    assert format_point_governed(parse_point("2025"), "ru") == "2025\u202fг."


@pytest.mark.parametrize("lang", LANGS)
def test_an_event_shows_its_quotes_linked_to_their_spans_and_the_claims_about_it(built: Built, lang: str) -> None:
    project, files = built
    by_id = {(li.get("id") or "").removeprefix("event-"): li for li in entries(files, lang)}
    talks = by_id["talks-2025-11-06"]
    claims = talks.find("ul", class_="event-claims")
    assert claims is not None
    assert [a.get("href") for a in claims.find_all("a")] == [f"/{lang}/claims/overlap/", f"/{lang}/claims/talks-date/"]
    spans = [a.get("href") for a in talks.find_all("a", class_="quote-source")]
    event = project.event_by_id["talks-2025-11-06"]
    expected = []
    for ref in event.quotes:
        quote = project.claim_by_id[ref.claim].quote(ref.quote)
        assert quote is not None
        expected.append(f"/{lang}/sources/{quote.source}/#{quote.anchor}")
    assert spans == expected
    for href in spans:
        output, fragment = target_of(files, href or "")
        assert fragment in ids_in(page(files, output))
    same_day = by_id["same-day-second"].find("ul", class_="event-claims")
    assert same_day is not None and [a.get("href") for a in same_day.find_all("a")] == [f"/{lang}/claims/talks-date/"]


@pytest.mark.parametrize("lang", LANGS)
def test_differing_accounts_are_shown_side_by_side_each_with_its_own_date(built: Built, lang: str) -> None:
    project, files = built
    entry = next(li for li in entries(files, lang) if li.get("id") == "event-builders-since-2025-09")
    accounts = entry.find("section", class_="event-accounts")
    assert accounts is not None
    sides = accounts.find("div", class_="side-by-side")
    assert sides is not None
    columns = sides.find_all("section", class_="account")
    assert len(columns) == 2
    first_date = columns[0].find("p", class_="account-date")
    assert first_date is not None and [t.get("datetime") for t in first_date.find_all("time")] == ["2025-09"]
    assert columns[1].find("p", class_="account-date") is None
    overlap = project.claim_by_id["overlap"]
    # the first account's quote stands whole among the event's quotes above: named and linked here, not repeated
    assert columns[0].find("blockquote") is None
    named = columns[0].find("p", class_="account-quote")
    link = named.find("a") if named is not None else None
    assert link is not None
    quote = overlap.quote("builders-000")
    assert quote is not None
    assert target_of(files, link.attrs["href"]) == (f"{lang}/sources/{quote.source}/index.html", quote.anchor)
    assert " ".join(columns[1].find("blockquote").text().split()) == overlap.quote("builders-001").original  # type: ignore[union-attr]
    shown = [figure.find("blockquote").get("cite") for figure in entry.find_all("figure", class_="quote")]  # type: ignore[union-attr]
    assert len(shown) == len(set(shown)) == 2  # each quote of the event once
    heading = accounts.find("h3")
    assert heading is not None and heading.text() == {"ru": "Где источники расходятся", "en": "Where the sources differ"}[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_timeline_json_has_timelinejs_shape_in_timeline_order(built: Built, lang: str) -> None:
    _, files = built
    raw = files[f"{lang}/timeline.json"]
    data = json.loads(raw)
    assert raw.endswith(b"\n") and raw.decode("utf-8") == json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n"
    events = data["events"]
    assert [e["unique_id"] for e in events] == ORDER
    page_dates = {(li.get("id") or "").removeprefix("event-"): date_of(li)[0] for li in entries(files, lang)}
    for event in events:
        assert set(event) <= {"unique_id", "start_date", "end_date", "display_date", "text", "group"}
        assert set(event["text"]) == {"headline", "text"} and event["text"]["headline"]
        assert event["display_date"] == page_dates[event["unique_id"]]
        for key in ("start_date", "end_date"):
            if key in event:
                assert all(isinstance(v, str) and v.isdigit() for v in event[key].values())
    by_id = {e["unique_id"]: e for e in events}
    assert by_id["talks-2025-11-06"]["start_date"] == {"year": "2025", "month": "11", "day": "6"}
    assert by_id["treaty-2024-06"]["start_date"] == {"year": "2024", "month": "6"}
    assert by_id["launches-2025"]["start_date"] == {"year": "2025"}
    assert by_id["troops-range"]["end_date"] == {"year": "2025", "month": "11"}
    assert "end_date" not in by_id["builders-since-2025-09"]


def test_an_impossible_event_date_fails_with_its_place(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", "annotated")
    text = (root / TIMELINE).read_text(encoding="utf-8")
    text = text.replace('date: "2025-11-06"', 'date: "2025-02-30"', 1).replace("date: 2024-10/2025-11", "date: 2025-11/2024-10")
    (root / TIMELINE).write_text(text, encoding="utf-8")
    assert problems_of(root) == [
        f"{TIMELINE}:3:11: “2025-02-30” is not a valid date — the month, day or range does not exist",
        f"{TIMELINE}:34:11: the range “2025-11/2024-10” ends before it starts — write the earlier date first: 2024-10/2025-11",
    ]


def test_a_range_starting_and_ending_on_one_date_is_a_warning_to_write_the_date_alone(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", "annotated")
    text = (root / TIMELINE).read_text(encoding="utf-8")
    (root / TIMELINE).write_text(text.replace("date: 2024-10/2025-11", "date: 2025-11/2025-11"), encoding="utf-8")
    _, problems = build.build_site(root)
    ranges = [f"{p.place}: {p.message('en')}" for p in problems.warnings if p.message("en").startswith("the range")]
    assert ranges == [f"{TIMELINE}:34:11: the range “2025-11/2025-11” starts and ends with the same date — write that date alone: 2025-11"]


def test_an_event_date_in_another_format_fails_with_the_forms_we_understand(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", "annotated")
    text = (root / TIMELINE).read_text(encoding="utf-8")
    (root / TIMELINE).write_text(text.replace('date: "2025-11-06"', 'date: "06.11.2025"', 1), encoding="utf-8")
    [problem] = problems_of(root)
    assert problem.startswith(f"{TIMELINE}:3:11: ")
    assert "“06.11.2025” is not a date we understand — write 2025-11-06, 2024-06, 2025" in problem


def test_an_event_date_with_a_space_inside_its_quotes_is_told_the_space(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", "annotated")
    text = (root / TIMELINE).read_text(encoding="utf-8")
    (root / TIMELINE).write_text(text.replace('date: "2025-11-06"', 'date: "2025-11-06 "', 1), encoding="utf-8")
    assert problems_of(root) == [f"{TIMELINE}:3:11: “2025-11-06 ” has a space before or after it — write “2025-11-06”"]


def test_events_citing_unknown_claims_or_quotes_and_claims_citing_unknown_events_fail_with_their_places(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", "annotated")
    text = (root / TIMELINE).read_text(encoding="utf-8")
    text = text.replace("      - {claim: talks-date, quote: q2}\n", "      - {claim: no-such-claim, quote: q2}\n", 1)
    text = text.replace("quotes: [{claim: overlap, quote: builders-001}]", "quotes: [{claim: overlap, quote: q9}]")
    (root / TIMELINE).write_text(text, encoding="utf-8")
    claim = root / "content/claims/talks-date.yaml"
    claim_text = claim.read_text(encoding="utf-8").replace("events: [talks-2025-11-06]", "events: [talks-2025-11-06, no-such-event]")
    claim.write_text(claim_text, encoding="utf-8")
    assert problems_of(root) == [
        "content/claims/talks-date.yaml:30:28: unknown timeline event “no-such-event” — known events: " + ", ".join(sorted(ORDER)),
        f"{TIMELINE}:8:9: unknown claim “no-such-claim” — known claims: overlap, talks-date",
        f"{TIMELINE}:19:18: claim “overlap” has no quote “q9” — its quotes are: "
        "builders-000, builders-001, cross, nested, same, since-october, treaty",
    ]


def test_an_event_citing_a_check_renamed_without_an_alias_is_offered_the_new_id_and_told_to_keep_the_old_address(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", "annotated")
    (root / "content/claims/talks-date.yaml").rename(root / "content/claims/talks-date-2025.yaml")
    with pytest.raises(ProblemsFound) as stopped:
        build_files(root)
    told = {p.message(lang) for p in stopped.value.problems if p.path == TIMELINE and p.severity == "error" for lang in ("en", "ru")}
    assert (
        "unknown claim “talks-date” — if the check is now “talks-date-2025”, write that here, and give the check its old id under "
        "`aliases:` so that its published address keeps working; known claims: overlap, talks-date-2025" in told
    )
    assert any(
        message.startswith("неизвестная проверка «talks-date» — если проверка теперь называется «talks-date-2025»") for message in told
    )


def test_an_event_citing_a_renamed_claim_by_its_earlier_id_is_told_the_new_one_and_nothing_else(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", "annotated")
    old = root / "content/claims/talks-date.yaml"
    (root / "content/claims/talks-date-2025.yaml").write_text(old.read_text(encoding="utf-8") + "aliases: [talks-date]\n", encoding="utf-8")
    old.unlink()
    with pytest.raises(ProblemsFound) as stopped:
        build_files(root)
    errors = [p.message("en") for p in stopped.value.problems if p.path == TIMELINE and p.severity == "error"]
    assert errors and set(errors) == {"“talks-date” is an earlier id of the claim “talks-date-2025” — write “talks-date-2025”"}
    dated = {p.params for p in stopped.value.problems if "dates event" in p.message("en")}
    _, unchanged = build.build_site(make_project(tmp_path / "q", "annotated"))
    assert dated <= {p.params for p in unchanged.warnings}  # none for the events whose quotes are only misnamed
