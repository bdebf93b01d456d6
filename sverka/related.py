"""Cross-links between records for the reader: verdict tones, related checks, lists per verdict and source."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .records import Claim, Correction, Project, Source, Verdict

TONES = 8
"""How many badge colours the stylesheet defines (`verdict-tone-1` worst … `verdict-tone-8` best)."""

RELATED_LIMIT = 3


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

    A shared event counts 3, a shared tag 2, a shared source 1. Only the claims indexed under the
    claim's own events, tags and sources are scored, so the cost does not grow with the whole site.
    """
    scores: dict[str, int] = {}
    for weight, index, keys in (
        (3, project.claims_by_event, set(claim.events)),
        (2, project.claims_by_tag, set(claim.tags)),
        (1, project.claims_by_source, claim.sources),
    ):
        for key in keys:
            for other in index.get(key, ()):
                scores[other.id] = scores.get(other.id, 0) + weight
    scores.pop(claim.id, None)
    ranked = sorted(scores, key=lambda other: (-scores[other], -project.claim_by_id[other].published.toordinal(), other))
    return [project.claim_by_id[other] for other in ranked[:limit]]


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
        "related_claims": lambda claim: related_claims(project, claim),
        "all_corrections": lambda: all_corrections(project),
        "newest_claims": lambda: project.newest_claims,
    }
