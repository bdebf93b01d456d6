"""The project: every record the site is built from, with the indexes later stages look them up by."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, TypeVar

from .gallery import Gallery
from .problems import Problem
from .records import Claim, Event, Flag, Page, Site, Source, Tag, Verdict

R = TypeVar("R")


@dataclass(frozen=True)
class Project:
    """Everything the site is built from, loaded and checked."""

    site: Site
    verdicts: tuple[Verdict, ...]
    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    events: tuple[Event, ...]
    tags: tuple[Tag, ...]
    pages: tuple[Page, ...]
    incomplete: frozenset[str] = frozenset()
    """Kinds of record ("claims", "sources", …) with a broken file: references to them are not reported as unknown (it may hold them)."""
    flags: tuple[Flag, ...] = ()
    """The kinds of problem a check may name, from content/verdicts.yaml."""
    media: Gallery = ()
    unfinished_sources: frozenset[str] = frozenset()
    """The ids of sources whose metadata is a skeleton not filled in yet: left out, and named as such when quoted."""
    # set by `editions.edition`: whether this is the editors' edition; there, the state of each record not yet
    # published, by key (`editions.key`); in the published edition, the keys of the records held back, and the
    # ids of the sources and events they use (not reported as unused)
    drafts: bool = False
    unpublished: Mapping[str, str] = field(default_factory=dict)
    held: frozenset[str] = frozenset()
    reserved: frozenset[str] = frozenset()
    scheduled: tuple[datetime, ...] = ()
    """In the published edition: the moments, in order, at which records held back by their `publish_at` go out."""
    report: tuple[Problem, ...] = ()  # the editors' edition's warnings and notes, which the desk shows

    @cached_property
    def verdict_by_key(self) -> dict[str, Verdict]:
        return {v.key: v for v in self.verdicts}

    @cached_property
    def flag_by_key(self) -> dict[str, Flag]:
        return {f.key: f for f in self.flags}

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        return {s.id: s for s in self.sources}

    @cached_property
    def claim_by_id(self) -> dict[str, Claim]:
        return {c.id: c for c in self.claims}

    @cached_property
    def newest_claims(self) -> tuple[Claim, ...]:
        """Claims from the newest publication date to the oldest, ties by id."""
        return tuple(sorted(self.claims, key=lambda claim: (-claim.published.toordinal(), claim.id)))

    def group_claims(self, keys_of: Callable[[Claim], Iterable[str]]) -> dict[str, tuple[Claim, ...]]:
        """Claims listed under each key they have, newest first."""
        groups: dict[str, list[Claim]] = {}
        for claim in self.newest_claims:
            for key in keys_of(claim):
                groups.setdefault(key, []).append(claim)
        return {key: tuple(claims) for key, claims in groups.items()}

    @cached_property
    def claims_by_source(self) -> dict[str, tuple[Claim, ...]]:
        """Claims by each source they appeared in or quote, newest first."""
        return self.group_claims(lambda claim: claim.source_ids)

    @cached_property
    def claims_by_event(self) -> dict[str, tuple[Claim, ...]]:
        """Claims by each timeline event they are about, newest first."""
        return self.group_claims(lambda claim: dict.fromkeys(claim.events))

    @cached_property
    def claims_by_tag(self) -> dict[str, tuple[Claim, ...]]:
        return self.group_claims(lambda claim: dict.fromkeys(claim.tags))

    @cached_property
    def claims_by_verdict(self) -> dict[str, tuple[Claim, ...]]:
        return self.group_claims(lambda claim: (claim.verdict,))

    @cached_property
    def claims_with_discrepancies(self) -> tuple[Claim, ...]:
        return tuple(claim for claim in self.newest_claims if claim.discrepancies)

    @cached_property
    def derivations(self) -> dict[str, Any]:
        """Values later stages compute from the whole project, once per project (see `derived`)."""
        return {}

    def derived(self, name: str, make: Callable[[Project], R]) -> R:
        """`make(self)`, computed once for this project under `name` (e.g. related checks, used by planning and pages)."""
        if name not in self.derivations:
            self.derivations[name] = make(self)
        return self.derivations[name]  # type: ignore[no-any-return]

    @cached_property
    def event_by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    @cached_property
    def page_by_slug(self) -> dict[str, Page]:
        return {p.slug: p for p in self.pages}

    @cached_property
    def tag_by_key(self) -> dict[str, Tag]:
        return {t.key: t for t in self.tags}

    def first_appearance(self, claim: Claim) -> str | None:
        """The report a claim appeared in first, when the reports' dates show it (listed first, dated earliest); else None,
        as the order of reports without a date says nothing of which came first."""
        dates = [self.source_by_id[key].published if key in self.source_by_id else None for key in claim.appearances]
        known = [day for day in dates if day is not None]
        if len(dates) < 2 or len(known) < len(dates) or known[0] >= min(known[1:]):
            return None
        return claim.appearances[0]
