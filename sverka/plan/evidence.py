"""The evidence pages: annotated sources with every quote in place, the pairs of sources compared side by side, and the
index of discrepancies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from itertools import combinations

from babel import Locale
from markupsafe import Markup

from ..annotate import annotate_text, highlights, split_dateline
from ..compare import DiscrepancyView, view_discrepancies
from ..jobs import Needs, PageJob
from ..project import Project
from ..records import Claim, Paragraph, Quote, Source
from .navigation import ids, paged_jobs


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


@dataclass(frozen=True)
class ParagraphView:
    paragraph: Paragraph
    quotes: tuple[Quote, ...]

    @cached_property
    def html(self) -> Markup:
        """The paragraph's text with every quoted span marked."""
        text = self.paragraph.text
        lead, start = split_dateline(self.paragraph, self.quotes)
        return lead + annotate_text(text[start:], highlights(self.quotes, start, len(text)))


def view_paragraphs(project: Project, source: Source) -> tuple[ParagraphView, ...]:
    """The source's paragraphs with highlights; quotes listed in reading order."""
    standing = quotes_by_paragraph(source, source_claims(project, source))
    return tuple(ParagraphView(paragraph, standing.get(paragraph.number, ())) for paragraph in source.paragraphs)


def quotes_by_paragraph(source: Source, claims: tuple[Claim, ...]) -> dict[int, tuple[Quote, ...]]:
    """The claims' verified quotes of a source by paragraph number, in reading order (outer spans first)."""
    found: dict[int, list[Quote]] = {}
    for quote in (q for claim in claims for q in claim.quotes if q.source == source.id):
        if quote.span is not None:
            found.setdefault(quote.span.paragraph, []).append(quote)
    order = lambda q: (q.span.start, -q.span.end, q.anchor) if q.span else (0, 0, "")  # noqa: E731
    return {number: tuple(sorted(quotes, key=order)) for number, quotes in found.items()}


def source_claims(project: Project, source: Source) -> tuple[Claim, ...]:
    """Claims that list the source as an appearance or quote it, in file order."""
    return tuple(sorted(project.claims_by_source.get(source.id, ()), key=lambda c: c.id))


def plan_sources(project: Project) -> list[PageJob]:
    """An annotated page for each source in each language (its paragraphs are marked up only if it is rendered)."""
    jobs = []
    for source in project.sources:
        citing = source_claims(project, source)
        needs = Needs(headlines_of=ids(citing), quotes_of=ids(citing), sources=(source.id, *partners(project, source.id)))
        for lang in project.site.languages:
            context = partial(source_context, source.id, lang)
            jobs.append(PageJob(f"{lang}/sources/{source.id}/", "source.html", lang, f"sources/{source.id}/", context, needs))
    return jobs


def source_context(source_id: str, lang: str, project: Project) -> dict[str, object]:
    source = project.source_by_id[source_id]
    return {
        "source": source,
        "paragraphs": view_paragraphs(project, source),
        "claims": source_claims(project, source),
        "compared": [(project.source_by_id[other], pair_key(source.id, other)) for other in partners(project, source.id)],
        "source_language": Locale.parse(lang).languages.get(source.language, source.language),  # «русский» / “Russian”
    }


DISCREPANCY_CLAIMS_PER_PAGE = 20
"""Fact-checks (each with all its discrepancy notes) per page of the discrepancy index."""
DISAGREEMENT_TESTS = frozenset({"side-by-side", "compared", "within-one-report"})
"""The tests of a verdict's or flag's definition that find a difference between reports (kinds.EVIDENCE_TESTS)."""


def turns_on_disagreement(project: Project, claim: Claim) -> bool:
    """Whether the claim's verdict or one of its flags is defined by a difference between the reports: its notes
    record disagreements, where the notes of other checks record agreement or a detail one report adds."""
    definitions = [project.verdict_by_key.get(claim.verdict), *map(project.flag_by_key.get, claim.flags)]
    return any(DISAGREEMENT_TESTS.intersection(d.requires) for d in definitions if d is not None)


def indexed_discrepancies(project: Project) -> tuple[Claim, ...]:
    """The checks with discrepancy notes: those that turn on a disagreement first, then the others, each newest first."""
    claims = project.claims_with_discrepancies
    return tuple(sorted(claims, key=lambda claim: not turns_on_disagreement(project, claim)))  # a stable sort


def discrepancy_groups(project: Project, share: Sequence[Claim]) -> dict[str, list[tuple[Claim, tuple[DiscrepancyView, ...]]]]:
    """A page's share of the index: the disagreements in full, the other checks' notes apart."""
    languages = {source.id: source.language for source in project.sources}
    groups: dict[str, list[tuple[Claim, tuple[DiscrepancyView, ...]]]] = {"disagreements": [], "others": []}
    for claim in share:
        group = "disagreements" if turns_on_disagreement(project, claim) else "others"
        groups[group].append((claim, view_discrepancies(claim, languages)))
    return groups


def plan_discrepancies(project: Project) -> list[PageJob]:
    """The index of every discrepancy note, disagreements first, grouped by claim, over numbered pages, in each language."""
    return paged_jobs(
        project,
        "discrepancies.html",
        "discrepancies/",
        indexed_discrepancies,
        DISCREPANCY_CLAIMS_PER_PAGE,
        view=discrepancy_groups,
        needs=lambda share: Needs(headlines_of=ids(share), quotes_of=ids(share), discrepancies_of=ids(share), sources=None),
    )
