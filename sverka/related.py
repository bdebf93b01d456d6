"""Cross-links between records for the reader: verdict tones, related checks, lists per verdict and source."""

from __future__ import annotations

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


def related_claims(project: Project, claim: Claim, limit: int = RELATED_LIMIT) -> list[Claim]:
    """A few other checks sharing events, tags or sources with `claim`: most in common first, then newest.

    A shared event counts 3, a shared tag 2, a shared source 1. Candidates are the newest
    RELATED_SCAN claims indexed under each of the claim's own events, tags and sources, so the cost
    of a page does not grow with the site.
    """
    candidates: set[str] = set()
    for index, keys in (
        (project.claims_by_event, claim.events),
        (project.claims_by_tag, claim.tags),
        (project.claims_by_source, claim.sources),
    ):
        for key in keys:
            candidates.update(other.id for other in index.get(key, ())[:RELATED_SCAN])
    candidates.discard(claim.id)
    events, tags, sources = set(claim.events), set(claim.tags), claim.sources
    scores = {}
    for other_id in candidates:
        other = project.claim_by_id[other_id]
        scores[other_id] = (
            3 * len(events.intersection(other.events)) + 2 * len(tags.intersection(other.tags)) + len(sources & other.sources)
        )
    ranked = sorted(scores, key=lambda other: (-scores[other], -project.claim_by_id[other].published.toordinal(), other))
    return [project.claim_by_id[other] for other in ranked[:limit]]


def all_corrections(project: Project) -> list[CorrectionEntry]:
    """Every correction of every claim, newest first."""
    entries = [CorrectionEntry(c, correction) for c in project.claims for correction in c.corrections]
    return sorted(entries, key=lambda e: (-e.date.toordinal(), e.claim.id))


def template_helpers(project: Project) -> dict[str, object]:
    """The functions templates use for navigation, bound to the project."""
    memo: dict[str, list[Claim]] = {}

    def related(claim: Claim) -> list[Claim]:
        """Related checks, worked out once per claim for both languages."""
        if claim.id not in memo:
            memo[claim.id] = related_claims(project, claim)
        return memo[claim.id]

    return {
        "verdict_tone": lambda verdict: verdict_tone(project, verdict),
        "verdict_scale": lambda: scale_best_first(project),
        "claims_with_verdict": lambda key: claims_with_verdict(project, key),
        "claims_citing": lambda source: claims_citing(project, source),
        "related_claims": related,
        "all_corrections": lambda: all_corrections(project),
        "newest_claims": lambda: project.newest_claims,
    }
