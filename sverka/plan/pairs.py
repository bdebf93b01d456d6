"""The pairs of sources shown side by side: every two sources that one check, or one event through its checks, uses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import combinations

from ..project import Project


def pairs_among(source_ids: Iterable[str], known: Mapping[str, object]) -> list[tuple[str, str]]:
    """Every pair (first id, second id) of the known sources among `source_ids`."""
    return list(combinations(sorted({s for s in source_ids if s in known}), 2))


def compared_pairs(project: Project) -> tuple[tuple[str, str], ...]:
    """Every pair of sources compared side by side, once per project."""
    return project.derived("compared pairs", find_pairs)


def find_pairs(project: Project) -> tuple[tuple[str, str], ...]:
    """The pairs of `compared_pairs`: a planner reads only the claim index, so an event counts the sources of the checks
    it quotes (`Claim.source_ids`), not of the quotes themselves."""
    groups = [claim.source_ids for claim in project.claims]
    for event in project.events:
        cited = (project.claim_by_id.get(ref.claim) for ref in event.quote_refs)
        groups.append(tuple(source for claim in cited if claim is not None for source in claim.source_ids))
    return tuple(sorted({pair for group in groups for pair in pairs_among(group, project.source_by_id)}))


def partners(project: Project, source_id: str) -> tuple[str, ...]:
    """The sources a source is compared with side by side, by id."""
    return tuple(b if a == source_id else a for a, b in compared_pairs(project) if source_id in (a, b))


def pair_key(a: str, b: str) -> str:
    """The key of a pair's page, `url_for('compare', key)`: the ids in order, whichever is given first."""
    return "--".join(sorted((a, b)))
