"""Cross-links between records for the reader: verdict tones, related checks, lists per verdict and source."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from .records import Claim, Correction, Project, Source, Verdict

TONES = 8
"""How many badge colours the stylesheet defines (`verdict-tone-1` worst … `verdict-tone-8` best)."""

RELATED_LIMIT = 3
RELATED_SCAN = 50
"""How many of the newest checks under each shared event, tag and source are scored: bounded work per page."""


@dataclass(frozen=True)
class CorrectionEntry:
    """One correction of one claim, for the site-wide corrections list."""

    claim: Claim
    correction: Correction

    @property
    def date(self) -> date:
        """When the correction was made."""
        return self.correction.date


def scale_best_first(project: Project) -> list[Verdict]:
    """The verdict scale from the best rating to the worst."""
    return sorted(project.verdicts, key=lambda v: (-v.rating, v.key))


def verdict_tone(project: Project, verdict: Verdict) -> int:
    """The badge colour of a verdict: its rank between worst (1) and best (TONES), so any scale works."""
    ratings = sorted({v.rating for v in project.verdicts})
    if len(ratings) < 2:
        return TONES
    position = ratings.index(verdict.rating) / (len(ratings) - 1)
    return 1 + round(position * (TONES - 1))


def claims_with_verdict(project: Project, key: str) -> list[Claim]:
    """The claims rated with one verdict, newest first."""
    return list(project.claims_by_verdict.get(key, ()))


def claims_citing(project: Project, source: Source) -> list[Claim]:
    """The claims that appeared in or quote a source, newest first."""
    return list(project.claims_by_source.get(source.id, ()))


class RelatedChecks:
    """Related checks of each claim: a few other checks sharing events, tags or sources, most in common
    first, then newest; worked out once per claim, whatever the number of pages showing them.

    A shared event counts 3, a shared tag 2, a shared source 1. Candidates are the newest RELATED_SCAN
    claims indexed under each of the claim's own events, tags and sources, so the cost of a page does
    not grow with the site. Claims are handled as their rank in `newest_claims`, which orders them as
    the tie-break does (newest first, then by id).
    """

    def __init__(self, project: Project, limit: int = RELATED_LIMIT) -> None:
        self.project = project
        self.limit = limit
        self.found: dict[str, list[Claim]] = {}
        self.pools: dict[tuple[str, str], tuple[int, ...]] = {}
        self.keys: dict[int, frozenset[str]] = {}

    @cached_property
    def rank(self) -> dict[str, int]:
        """Each claim's position in `newest_claims`."""
        return {claim.id: position for position, claim in enumerate(self.project.newest_claims)}

    def of(self, claim: Claim) -> list[Claim]:
        """The related checks of one claim."""
        if claim.id not in self.found:
            project = self.project
            lookups = [
                ("event", project.claims_by_event, claim.events),
                ("tag", project.claims_by_tag, claim.tags),
                ("source", project.claims_by_source, claim.source_ids),
            ]
            candidates: set[int] = set().union(*(self.pool(kind, index, key) for kind, index, keys in lookups for key in keys))
            own = self.rank[claim.id]
            candidates.discard(own)
            mine = self.weighted_keys(own)
            best = heapq.nsmallest(self.limit, candidates, key=lambda other: (-len(mine & self.weighted_keys(other)), other))
            self.found[claim.id] = [self.project.newest_claims[rank] for rank in best]
        return self.found[claim.id]

    def pool(self, kind: str, index: dict[str, tuple[Claim, ...]], key: str) -> tuple[int, ...]:
        """The newest RELATED_SCAN claims under one event, tag or source (`kind`), from its `index`."""
        found = self.pools.get((kind, key))
        if found is None:
            found = self.pools[kind, key] = tuple(self.rank[c.id] for c in index.get(key, ())[:RELATED_SCAN])
        return found

    def weighted_keys(self, rank: int) -> frozenset[str]:
        """A claim's events (three times), tags (twice) and sources (once) as one set: what two claims
        share is the size of the intersection of their sets, worked out in one step."""
        if rank not in self.keys:
            claim = self.project.newest_claims[rank]
            self.keys[rank] = frozenset(
                [
                    *(f"{copy} event {key}" for key in claim.events for copy in range(3)),
                    *(f"{copy} tag {key}" for key in claim.tags for copy in range(2)),
                    *(f"source {key}" for key in claim.sources),
                ]
            )
        return self.keys[rank]


def all_corrections(project: Project) -> list[CorrectionEntry]:
    """Every correction of every claim, newest first."""
    entries = [CorrectionEntry(c, correction) for c in project.claims for correction in c.corrections]
    return sorted(entries, key=lambda e: (-e.date.toordinal(), e.claim.id))


def template_helpers(project: Project) -> dict[str, object]:
    """The functions templates use for navigation, bound to the project."""
    return {
        "verdict_tone": lambda verdict: verdict_tone(project, verdict),
        "verdict_scale": lambda: scale_best_first(project),
        "claims_with_verdict": lambda key: claims_with_verdict(project, key),
        "claims_citing": lambda source: claims_citing(project, source),
        "related_claims": RelatedChecks(project).of,
        "all_corrections": lambda: all_corrections(project),
        "newest_claims": lambda: project.newest_claims,
    }
