"""Open data: `claims.json` (the catalogue: verdict scale, tags, fact-checks in brief, sources' metadata, the timeline),
its JSON Schema, and each whole record in `data/claims/<id>.json`, so an edit rewrites one small file and the catalogue
stays small."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

import orjson

from ..jobs import Needs, PageJob, Renders, check_list, file_job
from ..project import Project
from ..records import Claim, Event, Quote, QuoteRef, Source

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schemas" / "claims.schema.json"
FORMAT_VERSION = 2
CLAIM_DATA = "data/claims/{id}.json"
INDENTED = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS

Json = dict[str, Any]


def texts(value: Mapping[str, str] | None) -> dict[str, str] | None:
    """A bilingual text as a plain dict (None stays None)."""
    return dict(sorted(value.items())) if value is not None else None


def urls(renderer: Renders, path: str) -> dict[str, str]:
    return {lang: renderer.absolute(f"{lang}/{path}") for lang in renderer.project.site.languages}


def quote_data(quote: Quote) -> Json:
    """A quote with where it stands in its source (paragraph, and character offsets in that paragraph)."""
    span = quote.span
    return {
        "id": quote.id,
        "source": quote.source,
        "text": quote.text,
        "original": quote.original or quote.text,
        "translation": quote.translation,
        "prefix": quote.prefix,
        "suffix": quote.suffix,
        "position": {"paragraph": span.paragraph, "start": span.start, "end": span.end} if span else None,
    }


def claim_brief(renderer: Renders, claim: Claim) -> Json:
    """What both the catalogue and a fact-check's own document say of it."""
    return {
        "id": claim.id,
        "url": urls(renderer, f"claims/{claim.id}/"),
        "headline": texts(claim.headline),
        "verdict": claim.verdict,
        "explanation": texts(claim.explanation),
        "published": claim.published.isoformat(),
        "modified": claim.modified.isoformat(),
    }


def claim_data(renderer: Renders, claim: Claim) -> Json:
    return {
        **claim_brief(renderer, claim),
        "claim": texts(claim.claim),
        "claimant": texts(claim.claimant),
        "appearances": list(claim.appearances),
        "summary": texts(claim.summary),
        "quotes": [quote_data(q) for q in claim.quotes],
        "discrepancies": [{"title": texts(d.title), "quotes": list(d.quotes), "note": texts(d.note)} for d in claim.discrepancies],
        "updated": claim.updated.isoformat() if claim.updated else None,
        "corrections": [{"date": c.date.isoformat(), "note": texts(c.note)} for c in claim.corrections],
        "events": list(claim.events),
        "tags": list(claim.tags),
        "flags": list(claim.flags),
    }


def source_data(renderer: Renders, source: Source) -> Json:
    """An archived source's metadata (its text is on its page, checksummed)."""
    return {
        "id": source.id,
        "url": urls(renderer, f"sources/{source.id}/"),
        "name": texts(source.name),
        "title": texts(source.title),
        "language": source.language,
        "published": source.published.isoformat() if source.published else None,
        "outlet": texts(source.outlet),
        "original_url": source.url,
        "attribution": texts(source.attribution),
        "paragraphs": len(source.paragraphs),
        "sha256": source.sha256,
    }


def refs_data(refs: tuple[QuoteRef, ...]) -> list[Json]:
    return [{"claim": r.claim, "quote": r.quote} for r in refs]


def event_data(event: Event) -> Json:
    """A dated event of the timeline, with each source's differing account; dates are EDTF as the editors wrote them."""
    accounts = [{"date": a.date.text if a.date else None, "quotes": refs_data(a.quotes), "note": texts(a.note)} for a in event.accounts]
    return {
        "id": event.id,
        "date": event.date.text,
        "title": texts(event.title),
        "description": texts(event.description),
        "quotes": refs_data(event.quotes),
        "accounts": accounts,
    }


def document(renderer: Renders, kind: str) -> Json:
    """What every open-data document starts with: its format, version, schema and licence."""
    site = renderer.project.site
    licence = {"name": site.license_name, "url": site.license_url, "excludes": texts(site.license_excludes)}
    return {"format": kind, "version": FORMAT_VERSION, "schema": renderer.absolute("claims.schema.json"), "license": licence}


def publisher_data(project: Project) -> Json:
    """Who publishes the site, and who stands behind it (null or empty where the publisher has not said)."""
    site, trust = project.site, project.site.trust
    return {
        "name": texts(site.publisher),
        "organisation": texts(trust.organisation),
        "legal_form": texts(trust.legal_form),
        "responsible_editor": texts(trust.responsible_editor),
        "contact_email": trust.contact_email,
        "funding": [texts(source) for source in trust.funding],
    }


def catalogue_data(project: Project, renderer: Renders) -> Json:
    """The catalogue: everything but the fact-checks' whole records."""
    site = project.site
    return {
        **document(renderer, "sverka-claims"),
        "title": texts(site.title),
        "description": texts(site.description),
        "url": site.base_url,
        "languages": list(site.languages),
        "publisher": publisher_data(project),
        "verdicts": [
            {"key": v.key, "rating": v.rating, "label": texts(v.label), "definition": texts(v.definition)} for v in project.verdicts
        ],
        "flags": [{"key": f.key, "label": texts(f.label), "definition": texts(f.definition)} for f in project.flags],
        "tags": [{"key": t.key, "label": texts(t.label)} for t in sorted(project.tags, key=lambda t: t.key)],
        "claims": [{**claim_brief(renderer, c), "data": renderer.absolute(CLAIM_DATA.format(id=c.id))} for c in project.newest_claims],
        "sources": [source_data(renderer, s) for s in sorted(project.sources, key=lambda s: s.id)],
        "events": [event_data(e) for e in sorted(project.events, key=lambda e: (e.date.sort_key, e.order))],
    }


def as_json(data: Json) -> bytes:
    """A document as UTF-8 JSON, indented by two spaces, keys sorted, with a final newline: the bytes
    `json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)` gives, written faster by orjson."""
    return orjson.dumps(data, option=INDENTED | orjson.OPT_APPEND_NEWLINE)


def plan_open_data(project: Project) -> list[PageJob]:
    """`claims.json`, `claims.schema.json`, and `data/claims/<id>.json` for every fact-check."""
    jobs = [
        file_job("claims.json", lambda r: as_json(catalogue_data(r.project, r)), check_list(None, sources=None), __name__),
        file_job("claims.schema.json", lambda r: SCHEMA_FILE.read_bytes(), Needs(), __name__),
    ]
    for claim in project.claims:
        make = partial(claim_record_file, claim.id)
        jobs.append(file_job(CLAIM_DATA.format(id=claim.id), make, Needs(claims=(claim.id,), sources=claim.source_ids), __name__))
    return jobs


def claim_record_file(claim_id: str, renderer: Renders) -> bytes:
    claim = renderer.project.claim_by_id[claim_id]
    return as_json(
        {**document(renderer, "sverka-claim"), "catalogue": renderer.absolute("claims.json"), "claim": claim_data(renderer, claim)}
    )
