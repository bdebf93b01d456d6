"""Checking: cross-references between records, and every quote against its source."""

from __future__ import annotations

from dataclasses import replace

from .i18n import N_
from .problems import Collector
from .quotes import SourceIndex, index_source, verify_quote
from .reading import at
from .records import Claim, Project, Quote


def check_project(project: Project, problems: Collector) -> Project:
    """Verify references and quotes; return the project with every quote's span known."""
    indexes = source_indexes(project)
    claims = tuple(check_claim(claim, project, indexes, problems) for claim in project.claims)
    return check_links(replace(project, claims=claims), problems)


def source_indexes(project: Project) -> dict[str, SourceIndex]:
    """Every source prepared for finding quotes in it."""
    return {source.id: index_source(source) for source in project.sources}


def check_links(project: Project, problems: Collector) -> Project:
    """What is checked across the claims once each is checked: the timeline's references, unused records."""
    check_events(project, problems)
    report_unused(project, problems)
    return project


def listing(values: list[str]) -> str:
    """Values for a message, sorted and comma-separated."""
    return ", ".join(sorted(values)) or "—"


def check_claim(claim: Claim, project: Project, indexes: dict[str, SourceIndex], problems: Collector) -> Claim:
    """Check one claim's references and verify its quotes."""
    check_references(claim, project, problems)
    quote_ids = {q.id for q in claim.quotes}
    for discrepancy in claim.discrepancies:
        for quote_id, place in zip(discrepancy.quotes, discrepancy.quote_wheres, strict=True):
            if quote_id not in quote_ids:
                template = N_("unknown quote id “{value}” in a discrepancy — this claim's quotes are: {options}")
                at(problems, place, template, value=quote_id, options=listing(list(quote_ids)))
    return replace(claim, quotes=tuple(verify_quotes(claim, indexes, "sources" in project.incomplete, problems)))


def check_references(claim: Claim, project: Project, problems: Collector) -> None:
    """The claim's verdict, sources, tags and events exist (unless a file that may hold them failed to load)."""
    if claim.verdict not in project.verdict_by_key:
        template = N_("unknown verdict “{value}” — use one of: {options}")
        at(problems, claim.marks["verdict"], template, value=claim.verdict, options=listing(list(project.verdict_by_key)))
    references = (
        ("appearances", "sources", project.source_by_id, N_("unknown source “{value}” in appearances — known sources: {options}")),
        ("tags", "tags", project.tag_by_key, N_("unknown tag “{value}” — add it to content/tags.yaml or use one of: {options}")),
        ("events", "events", project.event_by_id, N_("unknown timeline event “{value}” — known events: {options}")),
    )
    for field, kind, known, template in references:
        if kind in project.incomplete:
            continue
        for value in getattr(claim, field):
            if value not in known:
                at(problems, claim.marks[field], template, value=value, options=listing(list(known)))


def verify_quotes(claim: Claim, indexes: dict[str, SourceIndex], sources_incomplete: bool, problems: Collector) -> list[Quote]:
    """Each quote of a claim located in its source (or a problem recorded)."""
    verified = []
    for quote in claim.quotes:
        index = indexes.get(quote.source)
        if index is None and sources_incomplete:
            verified.append(quote)
            continue
        if index is None:
            at(
                problems,
                quote.source_where or quote.where,
                N_("unknown source “{value}” for quote “{quote}” — known sources: {options}"),
                value=quote.source,
                quote=quote.id,
                options=listing(list(indexes)),
            )
            verified.append(quote)
            continue
        verified.append(verify_quote(quote, index, problems))
    return verified


def check_events(project: Project, problems: Collector) -> None:
    """Every timeline reference points at an existing claim and quote."""
    for event in project.events:
        for ref in event.quote_refs:
            claim = project.claim_by_id.get(ref.claim)
            if claim is None and "claims" in project.incomplete:
                continue
            if claim is None:
                at(
                    problems,
                    ref.where,
                    N_("unknown claim “{value}” — known claims: {options}"),
                    value=ref.claim,
                    options=listing(list(project.claim_by_id)),
                )
            elif claim.quote(ref.quote) is None:
                at(
                    problems,
                    ref.where,
                    N_("claim “{claim}” has no quote “{value}” — its quotes are: {options}"),
                    claim=ref.claim,
                    value=ref.quote,
                    options=listing([q.id for q in claim.quotes]),
                )


def report_unused(project: Project, problems: Collector) -> None:
    """Warnings an editor may want to act on; errors only in strict mode."""
    if project.incomplete:
        return
    quoted = {quote.source for claim in project.claims for quote in claim.quotes}
    for source in project.sources:
        if source.id not in quoted:
            problems.warn(
                source.where.path,
                source.where.line,
                source.where.column,
                N_("no claim quotes source {value} — quote it in a claim or remove it"),
                value=source.id,
            )
    linked = set().union(*(c.events for c in project.claims))
    for event in project.events:
        if event.id not in linked:
            problems.warn(
                event.where.path,
                event.where.line,
                event.where.column,
                N_("no claim links timeline event “{value}” — list it under `events:` of the claims about it"),
                value=event.id,
            )
    for claim in project.claims:
        if not claim.discrepancies and len(claim.quoted_sources) > 1:
            problems.warn(
                claim.where.path,
                claim.where.line,
                claim.where.column,
                N_("claim “{value}” quotes two sources but records no discrepancy — say whether they agree"),
                value=claim.id,
            )
