"""Cross-links between records for the reader: verdict tones, related checks, lists per verdict and source."""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass
from datetime import date

from .editions import linked
from .project import Project
from .records import Claim, Correction, Verdict

TONES = 8
"""How many badge colours the stylesheet defines (`verdict-tone-1` worst … `verdict-tone-8` best)."""

RELATED_LIMIT = 3
RELATED_SPARE = 3
"""How many more candidates are kept than shown, for the checks a claim's prose links to: its page leaves those out,
and the plan, which does not read the prose, names all of them as the page's needs."""
RELATED_SCAN = 50
"""How many of the newest checks under each shared event, tag and source are scored: bounded work per page."""
WEIGHTS = {"event": 3, "tag": 2, "source": 1}
"""What sharing a timeline event, a tag or a source counts for in relating two checks."""


@dataclass(frozen=True)
class CorrectionEntry:
    """One correction of one claim, for the site-wide corrections list."""

    claim: Claim
    correction: Correction

    @property
    def date(self) -> date:
        return self.correction.date


def verdict_tone(project: Project, verdict: Verdict) -> int:
    """The badge colour of a verdict: its rank between worst (1) and best (TONES), so any scale works."""
    ratings = sorted({v.rating for v in project.verdicts})
    if len(ratings) < 2:
        return TONES
    position = ratings.index(verdict.rating) / (len(ratings) - 1)
    return 1 + round(position * (TONES - 1))


class RelatedChecks:
    """Related checks of each claim, computed once: other checks sharing events, tags or sources (weighted by WEIGHTS),
    most in common first, then newest. Candidates are the newest RELATED_SCAN claims under each of the claim's
    events, tags and sources, so the cost per page does not grow with the site; claims are ranks in `newest_claims`."""

    def __init__(self, project: Project) -> None:
        self.claims = project.claim_by_id
        """The claims by id (not the project, which caches these related checks: no reference cycle)."""
        self.ids = [claim.id for claim in project.newest_claims]
        self.rank = {claim_id: position for position, claim_id in enumerate(self.ids)}
        self.indexes = {"event": project.claims_by_event, "tag": project.claims_by_tag, "source": project.claims_by_source}
        self.places: dict[tuple[str, str], tuple[frozenset[int], list[int]]] = {}
        self.found: dict[int, tuple[int, ...]] = {}

    def place(self, kind: str, key: str) -> tuple[frozenset[int], list[int]]:
        """The ranks of the claims under an event, tag or source, and the newest RELATED_SCAN of them (computed when first asked)."""
        if (kind, key) not in self.places:
            ranks = [self.rank[claim.id] for claim in self.indexes[kind].get(key, ())]  # newest first: ascending ranks
            self.places[kind, key] = (frozenset(ranks), ranks[:RELATED_SCAN])
        return self.places[kind, key]

    def of(self, claim: Claim) -> list[Claim]:
        """The related checks of one claim: the best candidates its own prose does not link to (the reader has those)."""
        linked = linked_claims(claim)
        return [self.claims[self.ids[rank]] for rank in self.ranks(claim) if self.ids[rank] not in linked][:RELATED_LIMIT]

    def ids_of(self, claim: Claim) -> tuple[str, ...]:
        """The ids of the candidates for one claim's related checks: what its page may show."""
        return tuple(self.ids[rank] for rank in self.ranks(claim))

    def ranks(self, claim: Claim) -> tuple[int, ...]:
        own = self.rank[claim.id]
        if own not in self.found:
            self.found[own] = self.ranks_related(claim)
        return self.found[own]

    def ranks_related(self, claim: Claim) -> tuple[int, ...]:
        """The ranks of the candidates for a claim's related checks, best first."""
        places = [
            *((WEIGHTS["event"], ("event", key)) for key in dict.fromkeys(claim.events)),
            *((WEIGHTS["tag"], ("tag", key)) for key in dict.fromkeys(claim.tags)),
            *((WEIGHTS["source"], ("source", key)) for key in claim.source_ids),
        ]
        candidates: set[int] = set().union(*(self.place(*place)[1] for _, place in places))
        candidates.discard(self.rank[claim.id])
        # A candidate's score counts everything it shares, not only the places where it is among the newest.
        shared: Counter[int] = Counter()
        for weight, place in places:
            shared.update(dict.fromkeys(candidates.intersection(self.place(*place)[0]), weight))
        # Most in common first, then the newest (the lowest rank): the smallest of rank - shared × N.
        size = len(self.ids)
        best = heapq.nsmallest(RELATED_LIMIT + RELATED_SPARE, [rank - count * size for rank, count in shared.items()])
        return tuple(key % size for key in best)


def linked_claims(claim: Claim) -> set[str]:
    """The ids of the checks a claim's own prose links to: the reader has those already."""
    return {key.removeprefix("claim:") for address in claim.links for key in linked(address) if key.startswith("claim:")}


def related_checks(project: Project) -> RelatedChecks:
    return project.derived("related checks", RelatedChecks)


def corrections_log(project: Project) -> list[CorrectionEntry]:
    """Every correction of every claim, newest first."""
    entries = [CorrectionEntry(c, correction) for c in project.claims for correction in c.corrections]
    return sorted(entries, key=lambda e: (-e.date.toordinal(), e.claim.id))


def template_helpers(project: Project) -> dict[str, object]:
    """The functions templates use for navigation, bound to the project."""
    return {
        "verdict_tone": lambda verdict: verdict_tone(project, verdict),
        "verdict_scale": lambda: sorted(project.verdicts, key=lambda v: (-v.rating, v.key)),
        "claims_with_verdict": lambda key: list(project.claims_by_verdict.get(key, ())),
        "claims_citing": lambda source: list(project.claims_by_source.get(source.id, ())),
        "related_claims": related_checks(project).of,
    }
