"""Editions: which records a build shows. The published edition holds only claims, events and pages whose status is
`published` and whose `publish_at` has come; held-back records leave no trace in it. The editors' edition (the preview,
`--drafts`) shows every record, marking the unpublished. A published claim listing a held-back event, or an event
quoting a held-back claim, stops the published build; a prose link to a held-back claim or page shows as plain words
(with a note) until it is out."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from .i18n import N_
from .problems import UNFINISHED, Collector
from .project import Project
from .records import Claim, Event, Page, Where

R = TypeVar("R")
PUBLISHED, SCHEDULED = "published", "scheduled"
AT_ONCE = datetime.min.replace(tzinfo=UTC)

Workflowed = Claim | Event | Page
LINK = re.compile(r"/(?:ru|en)/(?:(claims)/)?([a-z0-9]+(?:-[a-z0-9]+)*)/")
"""The address of a claim (`/ru/claims/ID/`) or a standing page (`/en/SLUG/`)."""
MARKDOWN_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\]]*\])*)\]\((\S+?)\)")
"""A markdown link `[words](address)`, as editors write them."""

HELD_TOLD = {
    "draft": N_("“{value}” is a draft — a published record cannot refer to it: publish it as well, or remove the reference"),
    "review": N_("“{value}” is still in review — a published record cannot refer to it: publish it as well, or remove the reference"),
    SCHEDULED: N_(
        "“{value}” is held back until {moment} — a record that goes out earlier cannot refer to it: "
        "hold this one back as long, or remove the reference"
    ),
}


def key(kind: str, name: str) -> str:
    """A record's key among those with a status: `claim:ID`, `event:ID` or `page:SLUG`."""
    return f"{kind}:{name}"


def state(record: Workflowed, now: datetime) -> str:
    """Where a record stands at `now`: draft, review, scheduled or published."""
    if record.status != PUBLISHED:
        return record.status
    return SCHEDULED if record.publish_at is not None and record.publish_at > now else PUBLISHED


def readable(moment: datetime) -> str:
    """A moment as editors write it: the day alone when `publish_at` gave one, else the day, time and zone."""
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return moment.date().isoformat()
    return moment.isoformat(sep=" ", timespec="minutes")


def out_from(record: Workflowed) -> datetime | None:
    """When a record goes out (AT_ONCE: already), or None while it is a draft or in review."""
    if record.status != PUBLISHED:
        return None
    return record.publish_at or AT_ONCE


def with_status(project: Project) -> Iterator[tuple[str, Workflowed]]:
    """Every record that has a status, by key."""
    yield from ((key("claim", claim.id), claim) for claim in project.claims)
    yield from ((key("event", event.id), event) for event in project.events)
    yield from ((key("page", page.slug), page) for page in project.pages)


def reported(project: Project, problems: Collector) -> Project:
    """The editors' edition with the warnings and notes its build found, for the desk; the published edition as it is."""
    return replace(project, report=tuple(sorted(problems.warnings))) if project.drafts else project


def next_due(project: Project, now: datetime) -> datetime | None:
    return min((r.publish_at for _, r in with_status(project) if r.publish_at is not None and state(r, now) == SCHEDULED), default=None)


def last_due(project: Project, now: datetime) -> datetime | None:
    """When the last scheduled record went out, as of `now`: a build at an earlier moment shows another edition."""
    out = (r.publish_at for _, r in with_status(project) if r.status == PUBLISHED and r.publish_at is not None and r.publish_at <= now)
    return max(out, default=None)


def edition(project: Project, now: datetime, drafts: bool, problems: Collector) -> Project:
    """The project as the edition shows it at `now`; references to records held back reported (errors in the published edition)."""
    settle_unfinished(problems, drafts)
    records = dict(with_status(project))
    states = {name: state(record, now) for name, record in records.items()}
    if any(st != PUBLISHED for st in states.values()):  # else no reference is to a record held back
        report_held_references(records, now, problems, errors=not drafts)
    for claim in project.claims:  # told in every edition, the claim held back or not
        been_out = bool(claim.corrections) or claim.updated is not None  # then holding it back is the mistake, told below
        if claim.publish_at is not None and claim.published < claim.publish_at.date() and not been_out:
            template = N_("the check goes out on {day} but says it was published on {published} — set `published: {day}`")
            place = claim.marks.get("published", claim.where)
            problems.at(place, template, "warning", day=claim.publish_at.date(), published=claim.published)
        report_future_dates(claim, now, problems)
        report_withdrawn(claim, states[key("claim", claim.id)], problems)
    report_dated_after_today(project, now, problems)
    if drafts:
        return replace(project, drafts=True, unpublished={name: st for name, st in states.items() if st != PUBLISHED})
    shown = {name for name, st in states.items() if st == PUBLISHED}
    held = frozenset(states.keys() - shown)
    kept = {name: unlinked(record, held, problems) for name, record in with_status(project) if name in shown}
    return replace(
        project,
        claims=tuple(r for r in kept.values() if isinstance(r, Claim)),
        events=tuple(r for r in kept.values() if isinstance(r, Event)),
        pages=tuple(r for r in kept.values() if isinstance(r, Page)),
        held=held,
        scheduled=tuple(sorted({r.publish_at for n, r in records.items() if states[n] == SCHEDULED and r.publish_at})),
        reserved=frozenset(name for c in project.claims if key("claim", c.id) in held for name in (*c.source_ids, *c.events)),
    )


def report_dated_after_today(project: Project, now: datetime, problems: Collector) -> None:
    """A warning for a source that came out, or a timeline event that happened, after today (a mistyped year, most often)."""
    latest = today_somewhere(now)
    for source in project.sources:
        if source.published is not None and source.published > latest:
            template = N_("`published: {day}` is later than today ({today}) — correct the date the article came out")
            problems.at(source.published_where or source.where, template, "warning", day=source.published, today=latest)
    for event in project.events:
        out = max(latest, event.publish_at.date()) if event.publish_at is not None else latest  # scheduled: dated by then
        if event.date.start.first_day() > out:
            template = N_(
                "`date: {day}` is later than the day the event goes out ({today}) — the timeline records what has happened: "
                "correct the date"
            )
            problems.at(event.marks.get("date", event.where), template, "warning", day=event.date.text, today=out)


def today_somewhere(now: datetime) -> date:
    """The latest day begun anywhere (UTC+14): an article of Pyongyang's morning, or a check an editor in Moscow dates after
    midnight, is still of yesterday in UTC."""
    return (now + timedelta(hours=14)).date()


def report_future_dates(claim: Claim, now: datetime, problems: Collector) -> None:
    """A warning for a date of publication or correction after the day a check goes out (a mistyped year, most often)."""
    scheduled = claim.publish_at is not None and claim.publish_at.date() >= now.date()  # its day, not today, is the limit
    out = claim.publish_at.date() if claim.publish_at is not None and scheduled else today_somewhere(now)
    dated = [("published", claim.published), ("updated", claim.updated), *(("corrections", c.date) for c in claim.corrections)]
    for field, day in dated:
        if day is None or day <= out:
            continue
        if field == "corrections":
            place = claim.marks.get(f"corrections:{day}", claim.where)
            template = LATE_CORRECTION if scheduled else FUTURE_CORRECTION
        else:
            place = claim.marks.get(field, claim.where)
            template = LATE_DATE if scheduled else FUTURE_DATE
        problems.at(place, template, "warning", field=field, day=day, out=out)


FUTURE_DATE = N_("`{field}: {day}` is later than today ({out}) — a check is not dated in the future: correct the date")
LATE_DATE = N_("`{field}: {day}` is later than the day the check goes out ({out}) — correct the date")
FUTURE_CORRECTION = N_("the correction is dated {day}, later than today ({out}) — correct its date")
LATE_CORRECTION = N_("the correction is dated {day}, later than the day the check goes out ({out}) — correct its date")


def report_withdrawn(claim: Claim, at: str, problems: Collector) -> None:
    """A warning for a check held back that has been out: one corrected or updated was published, and a published
    fact-check is corrected openly, never taken down without a word (the corrections policy)."""
    since = max((c.date for c in claim.corrections), default=claim.updated)
    if at == PUBLISHED or since is None:
        return
    if claim.status == PUBLISHED and claim.publish_at is not None and since >= claim.publish_at.date():
        return  # updated on or after the day it is to go out: no sign it was out before
    if claim.status != PUBLISHED:
        field, fix = "status", N_("set `status: published` back")
    else:
        field, fix = "publish_at", N_("remove `publish_at`")
    template = N_(
        "this check was published (it has a correction or an update of {day}), and this takes it off the site — "
        "a published check is corrected, not withdrawn: {fix} and correct it in a correction"
    )
    problems.at(claim.marks.get(field, claim.where), template, "warning", day=since, fix=fix)


def settle_unfinished(problems: Collector, drafts: bool) -> None:
    """The problems of drafts that do not load yet, which every edition leaves out: warnings in the editors' edition
    (the preview goes on showing the rest of the site while a new draft is written); one note per file in the published one."""
    unfinished = [problem for problem in problems.problems if problem.severity == UNFINISHED]
    if not unfinished:
        return
    problems.problems = [problem for problem in problems.problems if problem.severity != UNFINISHED]
    if drafts:
        problems.extend([replace(problem, severity="warning") for problem in unfinished])
        return
    template = N_("a draft not finished yet: the published site leaves it out — `python3 build.py check --drafts` lists what to fill in")
    first = {problem.path: problem for problem in sorted(unfinished, reverse=True)}  # a file's first, where the draft is
    for problem in sorted(first.values()):
        problems.notice(problem.path, problem.line, problem.column, template)


def unlinked(record: Workflowed, held: frozenset[str], problems: Collector) -> Workflowed:
    """The record with each markdown link to a record held back made its words alone, each noted where the record stands."""
    targets: set[str] = set()

    def collect(text: str) -> str:
        targets.update(held.intersection(linked(text)))
        return text

    if held:
        rewritten(record, collect)  # every text the record holds, looked at
    if not targets:
        return record
    whole = record.marks.get("body", record.where) if isinstance(record, Page) else record.where
    for target in sorted(targets):
        place = next((where for address, where in record.links.items() if target in set(linked(address))), whole)  # the link itself
        template = N_("the link to “{value}” shows as plain words until it is published")
        problems.at(place, template, "notice", value=target.partition(":")[2])

    def words(match: re.Match[str]) -> str:
        return match[1] if held.intersection(linked(match[2])) else match[0]

    return rewritten(record, lambda text: MARKDOWN_LINK.sub(words, text))


def linked(text: str) -> Iterator[str]:
    """The keys of the claims and pages a text's addresses point at."""
    return (key("claim" if match[1] else "page", match[2]) for match in LINK.finditer(text))


def report_held_references(records: Mapping[str, Workflowed], now: datetime, problems: Collector, errors: bool) -> None:
    """Each reference of a record (by key) that goes out to one that goes out later or never: an error when
    the referring record is published now (`errors`), a warning for the day it is due."""
    for record in records.values():
        since = out_from(record)
        if since is None:
            continue
        for target, place in references(record, records):
            later = out_from(records[target])
            if later is not None and max(later, now) <= max(since, now):  # out by the time the record is
                continue
            template = HELD_TOLD[state(records[target], now) if later is not None else records[target].status]
            params = {"value": target.partition(":")[2], "moment": readable(later) if later else ""}
            if errors and state(record, now) == PUBLISHED:
                problems.at(place, template, **params)
            else:
                problems.at(place, template, "warning", **params)


def references(record: Workflowed, records: Mapping[str, Workflowed]) -> Iterator[tuple[str, Where]]:
    """The records with a status that a record lists (by key, known ones only), each with where it does."""
    found: list[tuple[str, Where]] = []
    if isinstance(record, Claim):
        found += [(key("event", event), record.marks.get("events", record.where)) for event in record.events]
    if isinstance(record, Event):
        found += [(key("claim", ref.claim), ref.where) for ref in record.quote_refs]
    return iter([(target, where) for target, where in dict.fromkeys(found) if target in records])


def rewritten(value: R, change: Callable[[str], str]) -> R:
    """A copy of a record with `change` applied to every text it holds (places in files apart)."""
    if isinstance(value, str):
        return change(value)  # type: ignore[return-value]
    if isinstance(value, Mapping):
        return {name: rewritten(item, change) for name, item in value.items()}  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(rewritten(item, change) for item in value)  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, (type, Where)):
        fields = {item.name: rewritten(getattr(value, item.name), change) for item in dataclasses.fields(value) if item.init}
        return replace(value, **fields)
    return value
