"""Cross-links between records for the reader: verdict tones, related checks, lists per verdict and source."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass
from datetime import date

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
    first, then newest; computed once per claim, whatever the number of pages showing them.

    A shared event counts 3, a shared tag 2, a shared source 1. Candidates are the newest RELATED_SCAN
    claims indexed under each of the claim's own events, tags and sources, so the cost of a page does
    not grow with the site. Claims are handled as their rank in `newest_claims`, which orders them as
    the tie-break does (newest first, then by id).
    """

    def __init__(self, project: Project, limit: int = RELATED_LIMIT) -> None:
        self.claims = project.claim_by_id
        """The claims by id (not the project, which memoizes these related checks: no reference cycle)."""
        self.limit = limit
        self.ids = [claim.id for claim in project.newest_claims]
        self.rank = {claim_id: position for position, claim_id in enumerate(self.ids)}
        indexes = (("event", project.claims_by_event), ("tag", project.claims_by_tag), ("source", project.claims_by_source))
        self.members = {(kind, key): frozenset(self.rank[c.id] for c in claims) for kind, index in indexes for key, claims in index.items()}
        self.pools = {place: sorted(ranks)[:RELATED_SCAN] for place, ranks in self.members.items()}
        self.found: dict[int, tuple[int, ...]] = {}

    def of(self, claim: Claim) -> list[Claim]:
        """The related checks of one claim."""
        return [self.claims[self.ids[rank]] for rank in self.ranks(claim)]

    def ids_of(self, claim: Claim) -> tuple[str, ...]:
        """The ids of the related checks of one claim."""
        return tuple(self.ids[rank] for rank in self.ranks(claim))

    def ranks(self, claim: Claim) -> tuple[int, ...]:
        """The ranks of the related checks of one claim, computed once."""
        own = self.rank[claim.id]
        found = self.found.get(own)
        if found is None:
            found = self.found[own] = self.ranks_related(claim)
        return found

    def ranks_related(self, claim: Claim) -> tuple[int, ...]:
        """The ranks of a claim's related checks, best first."""
        own = self.rank[claim.id]
        places = [
            *((WEIGHTS["event"], ("event", key)) for key in dict.fromkeys(claim.events)),
            *((WEIGHTS["tag"], ("tag", key)) for key in dict.fromkeys(claim.tags)),
            *((WEIGHTS["source"], ("source", key)) for key in claim.source_ids),
        ]
        candidates: set[int] = set().union(*(self.pools.get(place, ()) for _, place in places))
        candidates.discard(own)
        # What each candidate shares with the claim, counted over everything it is indexed under
        # (not only the newest few under each place, where it may have been found).
        shared: Counter[int] = Counter()
        for weight, place in places:
            hits = candidates.intersection(self.members.get(place, ()))
            for _ in range(weight):
                shared.update(hits)
        # Most in common first, then the newest (the lowest rank): the smallest of rank - shared × N.
        size = len(self.ids)
        best = heapq.nsmallest(self.limit, [rank - count * size for rank, count in shared.items()])
        return tuple(key % size for key in best)


WEIGHTS = {"event": 3, "tag": 2, "source": 1}
"""What sharing a timeline event, a tag or a source counts for in relating two checks."""


def related_checks(project: Project) -> RelatedChecks:
    """The related checks of the project's claims, computed once per project."""
    return project.derived("related checks", RelatedChecks)


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
        "related_claims": related_checks(project).of,
        "all_corrections": lambda: all_corrections(project),
        "newest_claims": lambda: project.newest_claims,
    }
