"""Editorial coverage rules, checked over the real content of the publication (not a fixture).

The content is read with the package's own loader and checker, exactly as the build reads it, so these
tests see parsed records, verified quote spans and resolved references — never raw text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from conftest import REPO

from sverka.check import check_project
from sverka.load import load_project
from sverka.problems import Collector
from sverka.records import Claim, Project, Quote

LANGUAGES = ("ru", "en")
STANDING_PAGES = ("about", "methodology", "corrections", "coverage", "funding")
CONTEXT_LABELS = {"ru": "Контекст (вне источников):", "en": "Context (outside the sources):"}


@pytest.fixture(scope="module")
def checked() -> tuple[Project, Collector]:
    """The repository's own content, loaded and checked once for the whole module."""
    problems = Collector()
    project = load_project(Path(REPO), problems)
    assert project is not None, [p.format(Path(REPO)) for p in problems.errors]
    return check_project(project, problems), problems


@pytest.fixture(scope="module")
def project(checked: tuple[Project, Collector]) -> Project:
    return checked[0]


def claim_ids(project: Project) -> list[str]:
    return [claim.id for claim in project.claims]


def bilingual_fields(claim: Claim) -> Iterator[tuple[str, Mapping[str, str]]]:
    """Every bilingual text of a claim, with a readable name of where it stands."""
    for name in ("headline", "claim", "claimant", "explanation", "summary"):
        yield name, getattr(claim, name)
    for index, discrepancy in enumerate(claim.discrepancies, start=1):
        yield f"discrepancies[{index}].title", discrepancy.title
        yield f"discrepancies[{index}].note", discrepancy.note
    for index, correction in enumerate(claim.corrections, start=1):
        yield f"corrections[{index}].note", correction.note


def place(quote: Quote) -> tuple[str, int, int, int]:
    """Where a verified quote stands: source, paragraph and character span."""
    assert quote.span is not None
    return quote.source, quote.span.paragraph, quote.span.start, quote.span.end


def test_the_real_content_loads_and_checks_without_errors(checked: tuple[Project, Collector]) -> None:
    _, problems = checked
    assert not problems.errors, [p.format(Path(REPO)) for p in problems.errors]


def test_there_is_something_to_check(project: Project) -> None:
    assert len(project.claims) >= 20
    assert project.events
    assert {source.id for source in project.sources} >= {
        "000_65c26eebc33d0df9",
        "001_36549a97ad93da46",
    }


def test_every_claim_has_both_languages_in_every_bilingual_field(project: Project) -> None:
    gaps = [
        f"{claim.id}: {name}.{lang}"
        for claim in project.claims
        for name, text in bilingual_fields(claim)
        for lang in LANGUAGES
        if not (text.get(lang) or "").strip()
    ]
    assert not gaps


def test_every_claim_has_a_verdict_from_the_scale(project: Project) -> None:
    scale = set(project.verdict_by_key)
    assert {claim.id: claim.verdict for claim in project.claims if claim.verdict not in scale} == {}


def test_every_claim_has_at_least_one_verified_quote_with_a_translation(project: Project) -> None:
    for claim in project.claims:
        verified = [q for q in claim.quotes if q.span is not None]
        assert verified, f"{claim.id} has no quote found in its source"
        assert all(q.span is not None for q in claim.quotes), f"{claim.id} has a quote not found in its source"
        assert all(q.translation.strip() for q in claim.quotes), f"{claim.id} has a quote without a translation"


def test_every_appearance_of_a_claim_is_quoted(project: Project) -> None:
    """A claim may quote other sources for comparison, but must quote each source it says it appeared in."""
    for claim in project.claims:
        assert set(claim.appearances) <= {q.source for q in claim.quotes}, f"{claim.id} lists an appearance it does not quote"


def test_every_discrepancy_cites_quotes_from_at_least_two_places(project: Project) -> None:
    for claim in project.claims:
        for index, discrepancy in enumerate(claim.discrepancies, start=1):
            quotes = [claim.quote(quote_id) for quote_id in discrepancy.quotes]
            assert all(q is not None for q in quotes), f"{claim.id}: discrepancy {index} cites an unknown quote"
            places = {place(q) for q in quotes if q is not None}
            assert len(places) >= 2, f"{claim.id}: discrepancy {index} does not set two sources or two distinct passages side by side"


def test_every_timeline_event_cites_at_least_one_verified_quote(project: Project) -> None:
    for event in project.events:
        assert event.quotes, f"event {event.id} cites no quote"
        refs = [*event.quotes, *(ref for account in event.accounts for ref in account.quotes)]
        for ref in refs:
            claim = project.claim_by_id.get(ref.claim)
            assert claim is not None, f"event {event.id} cites unknown claim {ref.claim}"
            quote = claim.quote(ref.quote)
            assert quote is not None and quote.span is not None, f"event {event.id} cites {ref.claim}/{ref.quote}"


def test_every_timeline_event_and_account_is_written_in_both_languages(project: Project) -> None:
    for event in project.events:
        texts = [event.title, event.description, *(account.note for account in event.accounts)]
        assert all((text.get(lang) or "").strip() for text in texts for lang in LANGUAGES), event.id


def test_every_timeline_event_is_linked_from_a_claim(project: Project) -> None:
    linked = {event_id for claim in project.claims for event_id in claim.events}
    assert [event.id for event in project.events if event.id not in linked] == []


def test_the_verdict_scale_is_bilingual_and_ordered_by_distinct_ratings(project: Project) -> None:
    ratings = [verdict.rating for verdict in project.verdicts]
    assert len(set(ratings)) == len(ratings)
    assert ratings == sorted(ratings, reverse=True), "verdicts.yaml lists the scale from best to worst"
    for verdict in project.verdicts:
        for text in (verdict.label, verdict.definition):
            assert all((text.get(lang) or "").strip() for lang in LANGUAGES), verdict.key


def test_the_standing_pages_exist_in_both_languages(project: Project) -> None:
    pages = {page.slug: page for page in project.pages}
    assert set(STANDING_PAGES) <= set(pages)
    for slug in STANDING_PAGES:
        page = pages[slug]
        for text in (page.title, page.description, page.body):
            assert all((text.get(lang) or "").strip() for lang in LANGUAGES), slug


def test_the_coverage_page_links_every_claim(project: Project) -> None:
    coverage = next(page for page in project.pages if page.slug == "coverage")
    for lang in LANGUAGES:
        missing = [cid for cid in claim_ids(project) if f"/{lang}/claims/{cid}/" not in coverage.body[lang]]
        assert missing == [], f"coverage ({lang}) does not account for {missing}"


def test_outside_context_is_labelled_in_both_languages_alike(project: Project) -> None:
    for claim in project.claims:
        counts = {lang: claim.summary[lang].count(CONTEXT_LABELS[lang]) for lang in LANGUAGES}
        assert counts["ru"] == counts["en"], f"{claim.id}: context paragraphs differ between languages {counts}"


def test_source_metadata_is_bilingual(project: Project) -> None:
    for source in project.sources:
        for text in (source.title, source.attribution, *([source.outlet] if source.outlet else [])):
            assert all((text.get(lang) or "").strip() for lang in LANGUAGES), source.id
