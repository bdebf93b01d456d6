"""Drafts and scheduled publication: what the published site leaves out, what the editors' edition shows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import build_files, make_project, problems_of, run_cli, write
from htmltree import parse_html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import build
from sverka.incremental.builder import Builder
from sverka.settings import Settings

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
BEFORE, AFTER = "2026-12-01T09:00+03:00", "2026-12-10T09:00+03:00"
CLAIMS = 3

QUOTES = (
    ("001_36549a97ad93da46", "Встреча военных двух диктатур состоялась в Пхеньяне 6 ноября."),
    ("000_65c26eebc33d0df9", "6 ноября министр обороны КНДР Но Гван Чоль провел переговоры с Горемыкиным в Пхеньяне"),
)


def workflow(status: str, when: str | None) -> str:
    """The workflow fields of a record, as an editor writes them."""
    return f"status: {status}\n" + (f"publish_at: {when}\n" if when else "")


def claim_yaml(number: int, status: str, when: str | None, events: list[str]) -> str:
    """A claim whose every own text carries its marker, `zq{number}`."""
    mark = f"zq{number}"
    quotes = "".join(
        f"  - id: q{i}\n    source: {source}\n    text: {text}\n    translation: Translation {mark}x{i}\n"
        for i, (source, text) in enumerate(QUOTES, 1)
    )
    return (
        f"headline: {{ru: Заголовок {mark}h, en: Headline {mark}h}}\n"
        f"claim: {{ru: Утверждение {mark}c, en: Statement {mark}c}}\n"
        f"claimant: {{ru: Автор {mark}a, en: Author {mark}a}}\n"
        f"appearances: [{QUOTES[0][0]}]\nverdict: confirmed\n"
        f"explanation: {{ru: Пояснение {mark}e, en: Explanation {mark}e}}\n"
        f"summary: {{ru: Разбор {mark}s, en: Analysis {mark}s}}\n"
        f"quotes:\n{quotes}"
        f"discrepancies:\n  - title: {{ru: Даты {mark}d, en: Dates {mark}d}}\n    quotes: [q1, q2]\n"
        f"    note: {{ru: Совпадают {mark}n, en: They match {mark}n}}\n"
        f"published: 2026-11-21\nevents: [{', '.join(events)}]\n" + workflow(status, when)
    )


def event_yaml(number: int, claim: int, status: str, when: str | None) -> str:
    """A timeline event citing a quote of a claim, its texts marked `ze{number}`."""
    mark = f"ze{number}"
    fields = workflow(status, when).replace("\n", "\n    ").rstrip()
    return (
        f"  - id: {mark}\n    date: 2025-11-06\n    title: {{ru: Событие {mark}t, en: Event {mark}t}}\n"
        f"    description: {{ru: Описание {mark}d, en: Description {mark}d}}\n"
        f"    quotes: [{{claim: zq{claim}, quote: q1}}]\n    {fields}\n"
    )


def page_yaml(status: str, when: str | None) -> str:
    """A standing page marked `zp`, linking every claim in its prose."""
    links = " ".join(f"[see {n}](/ru/claims/zq{n}/)" for n in range(CLAIMS))
    english = " ".join(f"[see {n}](/en/claims/zq{n}/)" for n in range(CLAIMS))
    head = "title: {ru: Страница zpt, en: Page zpt}\ndescription: {ru: Описание zpd, en: About zpd}\n"
    return head + f"body:\n  ru: Текст zpb {links}\n  en: Text zpb {english}\n" + workflow(status, when)


State = tuple[str, str | None]
STATES = st.sampled_from([("published", None), ("published", BEFORE), ("published", AFTER), ("draft", None), ("review", None)])


def is_out(state: State) -> bool:
    """Whether a record in this state is on the published site at NOW."""
    return state[0] == "published" and state[1] != AFTER


def write_records(root: Path, claims: list[State], events: list[State], page: State) -> None:
    """The generated records: claim n lists event n, which quotes claim n."""
    for number, (status, when) in enumerate(claims):
        write(root, f"content/claims/zq{number}.yaml", claim_yaml(number, status, when, [f"ze{number}"]))
    write(root, "content/timeline.yaml", "events:\n" + "".join(event_yaml(n, n, *state) for n, state in enumerate(events)))
    write(root, "content/pages/zp.yaml", page_yaml(*page))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    claims=st.lists(STATES, min_size=CLAIMS, max_size=CLAIMS),
    events=st.lists(STATES, min_size=CLAIMS, max_size=CLAIMS),
    page=STATES,
)
def test_a_published_build_holds_no_byte_of_a_record_not_yet_published(
    tmp_path_factory: pytest.TempPathFactory, claims: list[State], events: list[State], page: State
) -> None:
    root = make_project(tmp_path_factory.mktemp("editions") / "project")
    (root / "content" / "claims" / "talks-date.yaml").unlink()
    write_records(root, claims, events, page)
    held = [f"zq{n}" for n, state in enumerate(claims) if not is_out(state)]
    held += [f"ze{n}" for n, state in enumerate(events) if not is_out(state)]
    held += ["zp"] if not is_out(page) else []
    # an event or claim that is out while what it lists is not: the build stops, told where
    clashes = [n for n in range(CLAIMS) if is_out(claims[n]) != is_out(events[n])]
    if clashes:
        errors = problems_of(root, now=NOW)
        assert errors and all("content/claims/zq" in e or "content/timeline.yaml" in e for e in errors), errors
        assert all(("draft" in e or "review" in e or "held back until" in e) for e in errors), errors
        return
    files = build_files(root, now=NOW)
    for path, data in files.items():
        for marker in held:
            assert marker.encode() not in data, (marker, path)
    for n, state in enumerate(claims):
        assert (f"en/claims/zq{n}/index.html" in files) == is_out(state)


def schedule(project: Path, when: str) -> str:
    """Hold the fixture's claim back until `when`, dated the day it goes out; its text before."""
    claim = (project / "content" / "claims" / "talks-date.yaml").read_text(encoding="utf-8")
    dated = claim.replace("published: 2026-11-21", f"published: {when[:10]}")
    write(project, "content/claims/talks-date.yaml", dated + f"publish_at: {when}\n")
    return claim


def test_a_scheduled_check_goes_out_once_its_time_has_come(project: Path) -> None:
    schedule(project, "2026-12-10T09:00+03:00")
    assert "en/claims/talks-date/index.html" not in build_files(project, now=NOW)
    later = datetime(2026, 12, 10, 6, 0, tzinfo=UTC)  # 09:00 in Moscow
    assert "en/claims/talks-date/index.html" in build_files(project, now=later)


def test_an_incremental_build_publishes_a_scheduled_check_without_any_file_changing(project: Path) -> None:
    schedule(project, "2026-12-10")
    assert Builder(Settings(project, search=False, now=NOW)).build().warnings == ()  # so the build leaves its inputs stamp
    assert not (project / "site" / "en" / "claims" / "talks-date").exists()
    Builder(Settings(project, search=False, now=NOW)).build()  # unchanged: the build may stop at once
    Builder(Settings(project, search=False, now=datetime(2026, 12, 10, tzinfo=UTC))).build()
    assert (project / "site" / "en" / "claims" / "talks-date" / "index.html").exists()
    home = parse_html((project / "site" / "en" / "index.html").read_text(encoding="utf-8"))
    assert any((a.get("href") or "").endswith("/en/claims/talks-date/") for a in home.find_all("a"))


def test_check_finds_what_would_stop_the_build_that_publishes_a_scheduled_check(project: Path) -> None:
    schedule(project, "2026-12-10")
    claim = project / "content" / "claims" / "talks-date.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("состоялась в Пхеньяне 6 ноября", "состоялась в Пхеньяне 7 ноября"))
    assert run_cli(project, "--no-search", "--now", "2026-12-05").returncode == 0  # today's site does not show it
    checked = run_cli(project, "check", "--now", "2026-12-05")
    assert checked.returncode == 1 and "Traceback" not in checked.stderr
    assert "content/claims/talks-date.yaml:" in checked.stderr and "The check found errors" in checked.stderr
    assert run_cli(project, "--no-search", "--now", "2026-12-10").returncode == 1  # the build it spoke for


def test_a_build_at_an_earlier_moment_after_one_with_a_later_now_takes_the_scheduled_check_back_out(project: Path) -> None:
    schedule(project, "2026-12-10")
    later = Builder(Settings(project, search=False, now=datetime(2026, 12, 11, tzinfo=UTC))).build()
    assert later.warnings == () and (project / "site" / "en" / "claims" / "talks-date" / "index.html").exists()
    Builder(Settings(project, search=False, now=NOW)).build()  # no file changed, but the moment shows another edition
    assert not (project / "site" / "en" / "claims" / "talks-date").exists()
    assert b"talks-date" not in (project / "site" / "sitemap.xml").read_bytes()


def test_the_editors_edition_shows_drafts_with_a_banner_and_keeps_them_from_search_engines(project: Path) -> None:
    claim = (project / "content" / "claims" / "talks-date.yaml").read_text(encoding="utf-8")
    write(project, "content/claims/talks-date.yaml", claim + "status: review\n")
    assert "en/claims/talks-date/index.html" not in build_files(project, now=NOW)
    files = build_files(project, now=NOW, drafts=True)
    for lang, words in (("en", "In review"), ("ru", "На проверке")):
        page = parse_html(files[f"{lang}/claims/talks-date/index.html"].decode())
        (banner,) = page.find_all("p", class_="unpublished")
        assert words in banner.text()
        assert any(m.get("name") == "robots" and m.get("content") == "noindex" for m in page.find_all("meta"))
        assert any((link.get("href") or "").endswith("/static/editors.css") for link in page.find_all("link"))
    about = parse_html(files["en/about/index.html"].decode())
    assert not about.find_all("p", class_="unpublished")
    published = build_files(project, now=NOW)["en/about/index.html"]
    assert b"editors.css" not in published and b"unpublished" not in published
    assert not any(m.get("name") == "robots" for m in about.find_all("meta"))
    # a copy of the site with drafts, shared with a reviewer, is closed to crawlers as a whole
    assert files["robots.txt"] == b"User-agent: *\nDisallow: /\n" and "sitemap.xml" not in files


def test_a_published_check_listing_a_draft_event_is_an_error_at_its_events_line(project: Path) -> None:
    write(project, "content/timeline.yaml", "events:\n" + event_yaml(0, 0, "draft", None).replace("zq0", "talks-date"))
    claim = (project / "content" / "claims" / "talks-date.yaml").read_text(encoding="utf-8")
    write(project, "content/claims/talks-date.yaml", claim + "events: [ze0]\n")
    line = len(claim.splitlines()) + 1
    assert problems_of(project, now=NOW) == [
        f"content/claims/talks-date.yaml:{line}:9: “ze0” is a draft — a published record cannot refer to it: "
        "publish it as well, or remove the reference"
    ]
    build_files(project, now=NOW, drafts=True)  # the editors' edition still builds: the preview keeps working


def test_a_link_in_prose_to_a_draft_shows_as_plain_words(project: Path) -> None:
    claim = (project / "content" / "claims" / "talks-date.yaml").read_text(encoding="utf-8")
    write(project, "content/claims/talks-date.yaml", claim + "status: draft\n")
    links = "body: {ru: 'Текст [см. проверку](/ru/claims/talks-date/)', en: 'Text [see the check](/en/claims/talks-date/#evidence-q1)'}\n"
    write(project, "content/pages/zp.yaml", page_yaml("published", None).split("body:")[0] + links)
    files = build_files(project, now=NOW)
    body = parse_html(files["en/zp/index.html"].decode())
    assert "Text see the check" in body.text() and b"talks-date" not in files["en/zp/index.html"]
    _, problems = build.build_site(project, now=NOW)
    noted = [f"{p.place}: {p.message('en')}" for p in problems.warnings if "plain words" in p.message("en")]
    line = (project / "content/pages/zp.yaml").read_text(encoding="utf-8").splitlines().index(links.rstrip("\n")) + 1
    column = links.index("/ru/claims/talks-date/") + 1
    assert noted == [f"content/pages/zp.yaml:{line}:{column}: the link to “talks-date” shows as plain words until it is published"]


def test_a_moment_without_its_zone_is_told_how_to_write_it(project: Path) -> None:
    claim = (project / "content" / "claims" / "talks-date.yaml").read_text(encoding="utf-8")
    write(project, "content/claims/talks-date.yaml", claim + "publish_at: 2026-12-10T09:00\n")
    (error,) = problems_of(project, now=NOW)
    assert error.startswith(f"content/claims/talks-date.yaml:{len(claim.splitlines()) + 1}:13: “2026-12-10T09:00” is not a moment")
    assert "2026-12-10T09:00+03:00" in error


def test_build_now_and_drafts_from_the_command_line(project: Path) -> None:
    schedule(project, "2026-12-10")
    assert run_cli(project, "--no-search", "--now", "2026-12-09T23:00+00:00").returncode == 0
    assert not (project / "site" / "en" / "claims" / "talks-date").exists()
    assert run_cli(project, "--no-search", "--now", "2026-12-10").returncode == 0
    assert (project / "site" / "en" / "claims" / "talks-date" / "index.html").exists()
    wrong = run_cli(project, "--now", "next week")
    assert wrong.returncode == 2 and "2026-12-10T09:00+03:00" in wrong.stderr and "Traceback" not in wrong.stderr


def test_the_editors_timeline_marks_an_event_not_yet_published(project: Path) -> None:
    write(project, "content/timeline.yaml", "events:\n" + event_yaml(0, 0, "draft", None).replace("zq0", "talks-date"))
    files = build_files(project, now=NOW, drafts=True)
    for lang, words in (("en", "Draft"), ("ru", "Черновик")):
        timeline = parse_html(files[f"{lang}/timeline/index.html"].decode())
        (title,) = [h for h in timeline.find_all("h2") if h.get("id") == "event-ze0--title"]
        (tag,) = title.find_all("span", class_="state-tag")
        assert tag.text().strip() == words
    assert b"ze0" not in build_files(project, now=NOW)["en/timeline/index.html"]


def test_a_check_dated_before_it_goes_out_is_told_to_take_that_date(project: Path) -> None:
    claim = schedule(project, "2026-12-10T09:00+03:00")
    write(project, "content/claims/talks-date.yaml", claim + "publish_at: 2026-12-10T09:00+03:00\n")
    result = run_cli(project, "--no-search", "check")
    line = next(n for n, text in enumerate(claim.splitlines(), 1) if text.startswith("published:"))
    assert f"talks-date.yaml:{line}:12: warning: the check goes out on 2026-12-10 but says it was published on 2026-11-21" in result.stderr


def test_check_finds_what_would_stop_a_build_between_two_scheduled_moments(project: Path) -> None:
    schedule(project, "2026-12-10")
    claim = project / "content" / "claims" / "talks-date.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("tags: [dates]", "events: [talks]\ntags: [dates]"), encoding="utf-8")
    event = "    quotes: [{claim: talks-date, quote: q1}]\n    publish_at: 2026-12-12\n"
    write(
        project,
        "content/timeline.yaml",
        "events:\n  - id: talks\n    date: '2025-11-06'\n    title: {ru: П, en: T}\n"
        "    description: {ru: Переговоры., en: The talks.}\n" + event,
    )
    assert run_cli(project, "--no-search", "--now", "2026-12-10T12:00+00:00").returncode == 1  # the claim is out, its event not yet
    checked = run_cli(project, "check", "--now", "2026-12-05")
    assert checked.returncode == 1 and "The site as it will be published at 2026-12-10:" in checked.stderr
    assert "“talks” is held back until 2026-12-12" in checked.stderr


def test_a_date_after_the_day_a_check_goes_out_is_a_warning_at_its_field(project: Path) -> None:
    claim = project / "content/claims/talks-date.yaml"
    corrected = "updated: 2027-11-25\ncorrections:\n  - date: 2027-11-25\n    note: {ru: Уточнён перевод., en: Translation made exact.}\n"
    claim.write_text(
        claim.read_text(encoding="utf-8").replace("published: 2026-11-21", "published: 2027-11-21") + corrected, encoding="utf-8"
    )
    line = claim.read_text(encoding="utf-8").count("\n") - 4
    _, problems = build.build_site(project, now=datetime(2026, 12, 6, tzinfo=UTC))
    assert [f"{p.place}: {p.message('en')}" for p in problems.warnings if "later than" in p.message("en")] == [
        "content/claims/talks-date.yaml:29:12: `published: 2027-11-21` is later than today (2026-12-06) — "
        "a check is not dated in the future: correct the date",
        f"content/claims/talks-date.yaml:{line + 1}:10: `updated: 2027-11-25` is later than today (2026-12-06) — "
        "a check is not dated in the future: correct the date",
        f"content/claims/talks-date.yaml:{line + 3}:11: the correction is dated 2027-11-25, later than today (2026-12-06) — "
        "correct its date",
    ]
    scheduled = (
        claim.read_text(encoding="utf-8").replace("published: 2027-11-21", "published: 2026-12-20").replace("2027-11-25", "2026-12-21")
        + "publish_at: 2026-12-10\n"
    )
    claim.write_text(scheduled, encoding="utf-8")
    _, problems = build.build_site(project, now=datetime(2026, 12, 6, tzinfo=UTC), drafts=True)
    assert next(f"{p.line}: {p.message('en')}" for p in problems.warnings if "later than" in p.message("en")) == (
        "29: `published: 2026-12-20` is later than the day the check goes out (2026-12-10) — correct the date"
    )


def test_a_check_dated_today_east_of_greenwich_is_not_dated_in_the_future(project: Path) -> None:
    # 01:00 on 7 December in Moscow is 22:00 on the 6th in UTC: the editor's today is no mistake, and `check --strict` passes
    claim = project / "content/claims/talks-date.yaml"
    corrected = "updated: 2026-12-07\ncorrections:\n  - date: 2026-12-07\n    note: {ru: Уточнён перевод., en: Translation made exact.}\n"
    claim.write_text(claim.read_text(encoding="utf-8") + corrected, encoding="utf-8")
    _, problems = build.build_site(project, now=datetime(2026, 12, 6, 22, tzinfo=UTC))
    assert not [p for p in problems.warnings if "later than" in p.message("en")]
    _, problems = build.build_site(project, now=datetime(2026, 12, 5, 22, tzinfo=UTC))  # a day earlier it is a day too early everywhere
    assert len([p for p in problems.warnings if "later than today (2026-12-06)" in p.message("en")]) == 2


def test_a_source_dated_after_today_is_a_warning_at_its_date(project: Path) -> None:
    meta = project / "seeds/001_36549a97ad93da46.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("published: null", "published: 2052-11-07"), encoding="utf-8")
    _, problems = build.build_site(project, now=datetime(2026, 12, 6, tzinfo=UTC))
    assert [f"{p.place}: {p.message('en')}" for p in problems.warnings if p.path.startswith("seeds/")] == [
        "seeds/001_36549a97ad93da46.yaml:3:12: `published: 2052-11-07` is later than today (2026-12-06) — "
        "correct the date the article came out"
    ]
    # the day it came out has begun somewhere (Pyongyang's 7 November morning is 6 November in UTC)
    assert not [p for p in build.build_site(project, now=datetime(2052, 11, 6, 22, tzinfo=UTC))[1].warnings if p.path.startswith("seeds/")]


def test_a_timeline_event_dated_after_today_is_a_warning_at_its_date(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", "editing")
    timeline = project / "content/timeline.yaml"
    timeline.write_text(timeline.read_text(encoding="utf-8").replace("date: 2025-11-06", "date: 2027-11-06"), encoding="utf-8")
    _, problems = build.build_site(project, now=datetime(2026, 12, 6, tzinfo=UTC))
    assert [f"{p.place}: {p.message('en')}" for p in problems.warnings if p.path == "content/timeline.yaml"] == [
        "content/timeline.yaml:4:11: `date: 2027-11-06` is later than the day the event goes out (2026-12-06) — "
        "the timeline records what has happened: correct the date"
    ]
    scheduled = timeline.read_text(encoding="utf-8").replace("date: 2027-11-06", "date: 2027-11-06\n    publish_at: 2027-11-07")
    timeline.write_text(scheduled, encoding="utf-8")  # dated by the day it goes out (the editors' edition shows it now)
    _, problems = build.build_site(project, now=datetime(2026, 12, 6, tzinfo=UTC), drafts=True)
    assert not [p for p in problems.warnings if "later than" in p.message("en")]


@pytest.mark.parametrize(("field", "value"), [("status", "draft"), ("status", "review"), ("publish_at", "2099-01-01")])
def test_taking_a_corrected_check_off_the_site_is_a_warning_where_it_is_done(project: Path, field: str, value: str) -> None:
    path = project / "content/claims/talks-date.yaml"
    corrected = "updated: 2026-11-22\ncorrections:\n  - date: 2026-11-22\n    note: {ru: Уточнён перевод., en: Translation made exact.}\n"
    path.write_text(path.read_text(encoding="utf-8") + corrected + f"{field}: {value}\n", encoding="utf-8")
    line = path.read_text(encoding="utf-8").count("\n")
    _, problems = build.build_site(project)
    assert [f"{p.line}:{p.column}: {p.message('en')}" for p in problems.warnings if "off the site" in p.message("en")] == [
        f"{line}:{len(field) + 3}: this check was published (it has a correction or an update of 2026-11-22), and this takes it off the "
        f"site — a published check is corrected, not withdrawn: {FIXES[field]} and correct it in a correction"
    ]

    assert not [p for p in problems.warnings if "set `published:" in p.message("en")]  # it has been out: the date is right


def test_a_scheduled_check_updated_on_its_day_or_later_is_not_taken_for_one_withdrawn(project: Path) -> None:
    path = project / "content/claims/talks-date.yaml"
    text = path.read_text(encoding="utf-8").replace("published: 2026-11-21", "published: 2026-12-20")
    for updated in ("2026-12-20", "2026-12-25"):
        path.write_text(text + f"updated: {updated}\npublish_at: 2026-12-20\n", encoding="utf-8")
        for now in (datetime(2026, 12, 6, tzinfo=UTC), datetime(2026, 12, 20, 12, tzinfo=UTC)):  # today, and the day it goes out
            _, problems = build.build_site(project, now=now)
            told = [p.message("en") for p in problems.warnings if p.path.endswith("talks-date.yaml")]
            assert not [m for m in told if "off the site" in m or "later than today" in m], told  # `remove publish_at` would publish it
            late = f"`updated: {updated}` is later than the day the check goes out (2026-12-20) — correct the date"
            assert told == ([] if updated == "2026-12-20" else [late])


FIXES = {"status": "set `status: published` back", "publish_at": "remove `publish_at`"}
"""How a check taken off the site is put back, by the field that took it off."""


def test_a_check_out_since_its_publish_at_may_be_updated_and_corrected_later(project: Path) -> None:
    path = project / "content/claims/talks-date.yaml"
    corrected = "updated: 2026-11-25\ncorrections:\n  - date: 2026-11-25\n    note: {ru: Уточнён перевод., en: Translation made exact.}\n"
    path.write_text(path.read_text(encoding="utf-8") + corrected + "publish_at: 2026-11-21T10:00+03:00\n", encoding="utf-8")
    _, problems = build.build_site(project, now=datetime(2026, 12, 6, tzinfo=UTC))
    assert not [p.message("en") for p in problems.warnings if "later than the day the check goes out" in p.message("en")]
