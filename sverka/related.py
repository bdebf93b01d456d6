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


def newest_first(claims: tuple[Claim, ...] | list[Claim]) -> list[Claim]:
    """Claims from the newest publication date to the oldest, ties by id."""
    return sorted(claims, key=lambda c: (-c.published.toordinal(), c.id))


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
    return newest_first([c for c in project.claims if c.verdict == key])


def sources_of(claim: Claim) -> set[str]:
    """Every source a claim appeared in or quotes."""
    return set(claim.appearances) | {q.source for q in claim.quotes}


def claims_citing(project: Project, source: Source) -> list[Claim]:
    """The claims that appeared in or quote a source, newest first."""
    return newest_first([c for c in project.claims if source.id in sources_of(c)])


def related_claims(project: Project, claim: Claim, limit: int = RELATED_LIMIT) -> list[Claim]:
    """A few other checks sharing events, tags or sources with `claim`: most in common first, then newest."""
    own_sources, own_events, own_tags = sources_of(claim), set(claim.events), set(claim.tags)
    scored = []
    for other in project.claims:
        if other.id == claim.id:
            continue
        score = 3 * len(own_events & set(other.events)) + 2 * len(own_tags & set(other.tags)) + len(own_sources & sources_of(other))
        if score:
            scored.append((-score, -other.published.toordinal(), other.id, other))
    return [entry[-1] for entry in sorted(scored, key=lambda e: e[:3])[:limit]]


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
        "newest_claims": lambda: newest_first(project.claims),
    }
