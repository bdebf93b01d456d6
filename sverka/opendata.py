"""Open data: `claims.json` (the catalogue) and one JSON document per fact-check, with their JSON Schema.

The catalogue holds the verdict scale, tags, every fact-check in brief, the sources' metadata and the
timeline; each fact-check's whole record is in `data/claims/<id>.json`. So an edit to one fact-check
rewrites one small file, and the catalogue stays small enough to download at any size of the site.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any

import orjson

from .records import Account, Claim, Event, Project, Quote, QuoteRef, Source
from .render import Needs, PageJob, Renderer, check_list, file_job

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schemas" / "claims.schema.json"
FORMAT_VERSION = 2
CLAIM_DATA = "data/claims/{id}.json"

Json = dict[str, Any]


def texts(value: Mapping[str, str] | None) -> dict[str, str] | None:
    """A bilingual text as a plain dict (None stays None)."""
    return dict(sorted(value.items())) if value is not None else None


def urls(renderer: Renderer, path: str) -> dict[str, str]:
    """A page's address in every language of the site."""
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


def claim_data(renderer: Renderer, claim: Claim) -> Json:
    """One fact-check, both languages."""
    return {
        "id": claim.id,
        "url": urls(renderer, f"claims/{claim.id}/"),
        "headline": texts(claim.headline),
        "claim": texts(claim.claim),
        "claimant": texts(claim.claimant),
        "appearances": list(claim.appearances),
        "verdict": claim.verdict,
        "explanation": texts(claim.explanation),
        "summary": texts(claim.summary),
        "quotes": [quote_data(q) for q in claim.quotes],
        "discrepancies": [{"title": texts(d.title), "quotes": list(d.quotes), "note": texts(d.note)} for d in claim.discrepancies],
        "published": claim.published.isoformat(),
        "updated": claim.updated.isoformat() if claim.updated else None,
        "modified": claim.modified.isoformat(),
        "corrections": [{"date": c.date.isoformat(), "note": texts(c.note)} for c in claim.corrections],
        "events": list(claim.events),
        "tags": list(claim.tags),
    }


def source_data(renderer: Renderer, source: Source) -> Json:
    """An archived source's metadata (its text is on its page, checksummed)."""
    return {
        "id": source.id,
        "url": urls(renderer, f"sources/{source.id}/"),
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
    """References to quotes of claims."""
    return [{"claim": r.claim, "quote": r.quote} for r in refs]


def account_data(account: Account) -> Json:
    """One source's version of an event."""
    return {"date": account.date.text if account.date else None, "quotes": refs_data(account.quotes), "note": texts(account.note)}


def event_data(event: Event) -> Json:
    """A dated event of the timeline; dates are EDTF as the editors wrote them."""
    return {
        "id": event.id,
        "date": event.date.text,
        "title": texts(event.title),
        "description": texts(event.description),
        "quotes": refs_data(event.quotes),
        "accounts": [account_data(a) for a in event.accounts],
    }


def claim_entry(renderer: Renderer, claim: Claim) -> Json:
    """A fact-check in brief, for the catalogue."""
    return {
        "id": claim.id,
        "url": urls(renderer, f"claims/{claim.id}/"),
        "data": renderer.absolute(CLAIM_DATA.format(id=claim.id)),
        "headline": texts(claim.headline),
        "verdict": claim.verdict,
        "explanation": texts(claim.explanation),
        "published": claim.published.isoformat(),
        "modified": claim.modified.isoformat(),
    }


def encoded_entries(renderer: Renderer, claims: Sequence[Claim]) -> orjson.Fragment:
    """The catalogue's fact-checks, encoded as they stand in it. The live preview keeps each entry while
    its claim's file is the same: after an edit, the catalogue of 10,000 fact-checks is written again
    from 9,999 kept entries and one new one."""
    ids = list(map(CLAIM_ID, claims))
    entries = renderer.fragments.of_claims("catalogue entry", ids, lambda index: nested(claim_entry(renderer, claims[index]), 2))
    return orjson.Fragment(nested_array(entries, 1))


CLAIM_ID = attrgetter("id")


def nested(value: Json, depth: int) -> bytes:
    """A value encoded as `as_json` writes it `depth` levels deep into a document (JSON strings hold no
    line breaks: every one in the bytes starts an indented line)."""
    return orjson.dumps(value, option=INDENTED).replace(b"\n", b"\n" + b"  " * depth)


def nested_array(items: list[bytes], depth: int) -> bytes:
    """An array of items encoded by `nested` one level deeper, as `as_json` writes it `depth` levels deep."""
    if not items:
        return b"[]"
    inner = b"\n" + b"  " * (depth + 1)
    head, tail = b"[" + inner, b"\n" + b"  " * depth + b"]"
    if len(items) == 1:
        return head + items[0] + tail
    # the brackets go onto the first and last items: the whole (10 MB for 10,000 entries) is copied once
    ends = [head + items[0], *items[1:-1], items[-1] + tail]
    return (b"," + inner).join(ends)


def licence(project: Project) -> Json:
    """The licence the data is published under."""
    return {"name": project.site.license_name, "url": project.site.license_url}


def catalogue_data(project: Project, renderer: Renderer) -> Json:
    """The catalogue: everything but the fact-checks' whole records."""
    site = project.site
    events = sorted(project.events, key=lambda e: (e.date.sort_key, e.order))
    return {
        "format": "sverka-claims",
        "version": FORMAT_VERSION,
        "schema": renderer.absolute("claims.schema.json"),
        "title": texts(site.title),
        "description": texts(site.description),
        "url": site.base_url,
        "languages": list(site.languages),
        "publisher": {"name": texts(site.publisher)},
        "license": licence(project),
        "verdicts": [
            {"key": v.key, "rating": v.rating, "label": texts(v.label), "definition": texts(v.definition)} for v in project.verdicts
        ],
        "tags": [{"key": t.key, "label": texts(t.label)} for t in sorted(project.tags, key=lambda t: t.key)],
        "claims": encoded_entries(renderer, project.newest_claims),
        "sources": [source_data(renderer, s) for s in sorted(project.sources, key=lambda s: s.id)],
        "events": [event_data(e) for e in events],
    }


def record_data(renderer: Renderer, claim: Claim) -> Json:
    """One fact-check's whole record, as its own document."""
    return {
        "format": "sverka-claim",
        "version": FORMAT_VERSION,
        "schema": renderer.absolute("claims.schema.json"),
        "catalogue": renderer.absolute("claims.json"),
        "license": licence(renderer.project),
        "claim": claim_data(renderer, claim),
    }


def as_json(data: Json) -> bytes:
    """A document as UTF-8 JSON, indented by two spaces, keys sorted, with a final newline: the bytes
    of `json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)`, written by orjson.

    The standard library writes indented JSON in pure Python: 0.3 s for the catalogue of 10,000
    fact-checks and 2.5 s of a core for their records; orjson writes the same bytes 6 to 20 times faster.
    """
    return orjson.dumps(data, option=INDENTED | orjson.OPT_APPEND_NEWLINE)


INDENTED = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


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


def claim_record_file(claim_id: str, renderer: Renderer) -> bytes:
    """The bytes of one fact-check's document."""
    return as_json(record_data(renderer, renderer.project.claim_by_id[claim_id]))
