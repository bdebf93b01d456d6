"""The timeline: events in order with their dates worded per locale, as a page and as TimelineJS JSON."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import Any

from markupsafe import Markup

from ..dates import PartialDate, Point, format_point, format_point_governed
from ..gallery import Gallery
from ..jobs import Needs, PageJob, Renders, file_job
from ..project import Project
from ..prose import render_markdown
from ..records import Claim, Event, Quote, QuoteRef
from .navigation import Pager, paginate
from .opendata import as_json

WHEN_TEMPLATE = "partials/when.html"
EVENTS_PER_PAGE = 50
"""Events per page of the timeline: each shows its quotes, so a long timeline is split like the other lists."""


@dataclass(frozen=True)
class PointView:
    """One end of a date, ready for a template: ISO value at its precision and its wording."""

    iso: str
    text: str
    governed: str
    """The wording after a preposition (“since …” / «с …»), with the month in the genitive in Russian."""
    approximate: bool
    uncertain: bool


@dataclass(frozen=True)
class When:
    """A partial date for a template: a point, a closed range, or an open range."""

    start: PointView
    end: PointView | None
    open_end: bool


@dataclass(frozen=True)
class AccountView:
    """One source's version of an event: its date (if it gives one), quotes and note."""

    when: When | None
    quotes: tuple[Quote, ...]
    note: dict[str, str]


@dataclass(frozen=True)
class EventBasis:
    """What an event's entry shows that no language changes: computed once per project for both pages."""

    quotes: tuple[Quote, ...]
    account_quotes: tuple[tuple[Quote, ...], ...]
    """The quotes each of the event's accounts cites."""
    claim_ids: tuple[str, ...]


@dataclass(frozen=True)
class EventView:
    """An event with everything its entry on the timeline shows in one language."""

    project: Project = field(repr=False, compare=False)
    event: Event
    lang: str
    basis: EventBasis

    @property
    def quotes(self) -> tuple[Quote, ...]:
        return self.basis.quotes

    @cached_property
    def when(self) -> When:
        return describe_date(self.event.date, self.lang)

    @cached_property
    def claims(self) -> tuple[Claim, ...]:
        return tuple(self.project.claim_by_id[claim_id] for claim_id in self.basis.claim_ids)

    @cached_property
    def accounts(self) -> tuple[AccountView, ...]:
        return tuple(
            AccountView(describe_date(account.date, self.lang) if account.date else None, quotes, dict(account.note))
            for account, quotes in zip(self.event.accounts, self.basis.account_quotes, strict=True)
        )


def describe_point(point: Point, lang: str) -> PointView:
    return PointView(point.iso(), format_point(point, lang), format_point_governed(point, lang), point.approximate, point.uncertain)


def describe_date(value: PartialDate, lang: str) -> When:
    end = describe_point(value.end, lang) if value.end else None
    return When(describe_point(value.start, lang), end, value.open_end)


def chronological(events: Iterable[Event]) -> list[Event]:
    """Events by date (coarser precision first on the same first day); same dates keep file order."""
    return sorted(events, key=lambda e: (e.date.sort_key, e.order))


def resolve_quotes(project: Project, refs: Iterable[QuoteRef]) -> tuple[Quote, ...]:
    """The quotes a list of references points to (unknown ones were already reported by the check)."""
    claims = project.claim_by_id
    found = (claims[ref.claim].quote(ref.quote) if ref.claim in claims else None for ref in refs)
    return tuple(quote for quote in found if quote is not None and quote.span is not None)


def event_claim_ids(project: Project, event: Event) -> tuple[str, ...]:
    """The ids of the claims listing the event under `events` and of the claims whose quotes it cites, sorted."""
    ids = {ref.claim for ref in event.quote_refs}.union(claim.id for claim in project.claims_by_event.get(event.id, ()))
    return tuple(sorted(claim_id for claim_id in ids if claim_id in project.claim_by_id))


def event_basis(project: Project, event: Event) -> EventBasis:
    quotes = resolve_quotes(project, event.quotes)
    account_quotes = tuple(resolve_quotes(project, account.quotes) for account in event.accounts)
    return EventBasis(quotes, account_quotes, event_claim_ids(project, event))


def timeline_events(project: Project) -> list[tuple[Event, EventBasis]]:
    """The events in timeline order with their bases, computed once per project (both languages show them)."""
    return project.derived("timeline", lambda project: [(event, event_basis(project, event)) for event in chronological(project.events)])


def timeline_pages(project: Project) -> list[tuple[Pager, slice]]:
    return paginate(len(project.events), EVENTS_PER_PAGE, "timeline/")


def event_page(project: Project, event_id: str) -> str | None:
    """The key of the timeline page showing an event (`timeline/page/2/`); None for an event there is not."""

    def keys(project: Project) -> dict[str, str]:
        events = chronological(project.events)
        return {event.id: pager.key(pager.number) for pager, share in timeline_pages(project) for event in events[share]}

    return project.derived("timeline pages", keys).get(event_id)


def event_address(project: Project, event_id: str) -> str:
    """Where an event stands on the timeline: its page's key with its anchor (`timeline/page/2/#event-…`)."""
    return f"{event_page(project, event_id) or 'timeline/'}#event-{event_id}"


def plan_timeline(project: Project) -> list[PageJob]:
    """The timeline over numbered pages, in every language; each page shows its events' quotes and their checks' headlines."""
    events, jobs = chronological(project.events), []  # the order only: planning reads no quote
    for pager, share in timeline_pages(project):
        quoted = sorted({ref.claim for event in events[share] for ref in event.quote_refs})
        listed = sorted({claim_id for event in events[share] for claim_id in event_claim_ids(project, event)})
        needs = Needs(headlines_of=tuple(listed), quotes_of=tuple(quoted), sources=None)
        key = pager.key(pager.number)
        for lang in project.site.languages:
            jobs.append(PageJob(f"{lang}/{key}", "timeline.html", lang, key, partial(timeline_context, lang, pager, share), needs))
    return jobs


def timeline_context(lang: str, pager: Pager, share: slice, project: Project) -> dict[str, object]:
    events = timeline_events(project)
    return {"events": [EventView(project, event, lang, basis) for event, basis in events[share]], "pager": pager, "total": len(events)}


def timeline_point(point: Point) -> dict[str, str]:
    """A TimelineJS date object: year, and month and day only when the date gives them."""
    return {name: str(value) for name, value in (("year", point.year), ("month", point.month), ("day", point.day)) if value}


def timeline_entry(event: Event, lang: str, word: Callable[[When], str], base_path: str, gallery: Gallery) -> dict[str, object]:
    entry: dict[str, object] = {
        "unique_id": event.id,
        "start_date": timeline_point(event.date.start),
        "display_date": word(describe_date(event.date, lang)),
        "text": {"headline": event.title[lang], "text": str(render_markdown(event.description[lang], base_path, gallery, lang))},
    }
    if event.date.end is not None:
        entry["end_date"] = timeline_point(event.date.end)
    return entry


def plan_timeline_json(project: Project) -> list[PageJob]:
    """`<lang>/timeline.json` for each language: the events in TimelineJS's shape, in timeline order."""
    return [file_job(f"{lang}/timeline.json", partial(timeline_json, lang), Needs(), __name__) for lang in project.site.languages]


def timeline_json(lang: str, renderer: Renders) -> bytes:
    project = renderer.project
    module: Any = renderer.env(lang).get_template(WHEN_TEMPLATE).make_module({"lang": lang})

    def word(when: When) -> str:  # plain text, worded by the same macro as the timeline page
        return Markup(module.when(when, True)).striptags()

    events = [timeline_entry(event, lang, word, project.site.base_path, project.media) for event in chronological(project.events)]
    return as_json({"events": events})
