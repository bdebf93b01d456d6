"""Loading: every editor's file read, validated and made into records."""

from __future__ import annotations

import itertools
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import kinds
from .i18n import N_
from .inprose import read_prose
from .problems import UNFINISHED, Collector, stops_loading
from .project import Project
from .reading import (
    checked_record,
    field_node,
    held_back,
    language_places,
    record_paths,
    report_duplicates,
    report_strays,
    where,
)
from .records import Claim, Correction, Discrepancy, Quote, Where
from .schema import ListOf, Rec, Seq
from .standing import Standing, load_standing
from .yamlread import Node, SequenceNode, read_bytes, yaml_from_bytes

CLAIMS = "content/claims"


def load_project(root: Path, problems: Collector, base_url: str | None = None, repository_url: str | None = None) -> Project | None:
    """Read the whole project under `root`; None when the settings or the verdict scale are unusable. Records whose files
    have problems are left out and their kinds marked incomplete, so the check stage still reports every other problem."""
    standing = load_standing(root, base_url, repository_url)
    problems.extend(list(standing.problems))
    report_strays(root, problems)
    found = Collector()
    claims = tuple(claim for file in record_paths(root, CLAIMS, found, required=True) if (claim := read_claim(file, found)) is not None)
    problems.extend(found.problems)
    return assemble(standing, claims, complete=not any(map(stops_loading, found.problems)))


def assemble(standing: Standing, claims: tuple[Claim, ...], complete: bool) -> Project | None:
    """The project from its standing records and the claims that loaded (`complete`: every claim file did)."""
    if standing.site is None or standing.verdicts is None:
        return None
    incomplete = standing.incomplete | (frozenset() if complete else frozenset({"claims"}))
    records = (standing.site, standing.verdicts, standing.sources, claims, standing.events, standing.tags, standing.pages)
    return Project(*records, incomplete, standing.flags, standing.media, unfinished_sources=standing.unfinished)


def claim_file(claim_id: str) -> str:
    """The project-relative path of a claim's file (`record_paths` reads only `.yaml` files, named by id)."""
    return f"{CLAIMS}/{claim_id}.yaml"


def read_claim(file: str, problems: Collector) -> Claim | None:
    """One claim file's record (None if it has problems, which are reported)."""
    claim_id = os.path.basename(file).removesuffix(".yaml")
    raw = read_bytes(file, claim_file(claim_id), problems)
    return None if raw is None else parse_claim(claim_file(claim_id), claim_id, raw, problems)


def parse_claim(path: str, claim_id: str, raw: bytes, problems: Collector) -> Claim | None:
    """One claim file's record from its bytes (None if broken); its problems are reported, as unfinished for a draft or claim in review."""
    found = Collector()
    node = yaml_from_bytes(raw, path, found)
    rec = checked_record(node, path, kinds.CLAIM, found)
    claim = None
    if rec is not None and node is not None and corrections_announced(path, rec, found):
        prose = read_prose(path, node, kinds.CLAIM, raw, found, first_heading=3)  # headings under the check's own sections
        claim = build_claim(claim_id, path, rec, found, prose.images, prose.links)
        # messages about one language's text
        marks = dict(claim.marks)
        for key in ("summary", "headline", "explanation"):
            marks |= language_places(path, node, key)
        claim = replace(claim, marks=marks, quote_links=tuple(prose.quote_links), discrepancies=placed_notes(path, node, claim))
    if found.errors and held_back(node, kinds.HELD_BACK):
        problems.extend([replace(p, severity=UNFINISHED) if p.severity == "error" else p for p in found.problems])
        return None
    problems.extend(found.problems)
    return claim


def placed_notes(path: str, node: Node, claim: Claim) -> tuple[Discrepancy, ...]:
    """The claim's discrepancy notes, each with where its note stands in each language."""
    items = field_node(node, "discrepancies")
    if not isinstance(items, SequenceNode) or len(items.value) != len(claim.discrepancies):
        return claim.discrepancies
    places = [{k.removeprefix("note."): at for k, at in language_places(path, item, "note").items()} for item in items.value]
    return tuple(replace(note, note_wheres=at) for note, at in zip(claim.discrepancies, places, strict=True))


def corrections_announced(path: str, rec: Rec, problems: Collector) -> bool:
    """Whether the claim's dates agree: `updated:` not before publication, corrections after it and listed oldest first,
    and `updated:` as late as the latest (the claim page shows that date); each exception reported at the date to fix."""
    published, updated, entries = rec["published"], rec.get("updated"), rec.get("corrections") or Seq()
    before = len(problems.errors)
    if updated is not None and updated < published:
        template = N_(
            "`updated: {updated}` is before `published: {published}` — a check is updated after it is published: correct either date"
        )
        problems.at(where(path, rec, "updated"), template, updated=updated, published=published)
    for entry in entries:
        if entry["date"] < published:
            template = N_("the correction is dated {date}, before the claim was published ({published}) — check its date")
            problems.at(where(path, entry, "date"), template, date=entry["date"], published=published)
    for earlier, entry in itertools.pairwise(entries):
        if entry["date"] < earlier["date"]:
            template = N_("the correction of {date} is listed after the one of {earlier} — list corrections oldest first")
            problems.at(where(path, entry, "date"), template, date=entry["date"], earlier=earlier["date"])
    latest = max(entries, key=lambda entry: entry["date"], default=None)
    if latest is not None and updated is None:
        template = N_("a correction needs the claim's `updated:` date — add `updated: {date}` so that readers see the claim was updated")
        problems.at(where(path, latest, "date"), template, date=latest["date"])
    elif latest is not None and updated < latest["date"]:
        template = N_("the correction of {date} is later than `updated: {updated}` — set `updated: {date}` so that readers see it")
        problems.at(where(path, latest, "date"), template, date=latest["date"], updated=updated)
    return len(problems.errors) == before


NESTED = ("quotes", "discrepancies", "corrections")
"""The fields of a claim made into records of their own; every other field is taken as validated (lists as tuples)."""


def build_claim(claim_id: str, path: str, rec: Rec, problems: Collector, images: dict[str, Where], links: dict[str, Where]) -> Claim:
    plain: dict[str, Any] = {}
    for name, spec in kinds.CLAIM.fields.items():
        if name not in NESTED:
            plain[name] = tuple(rec.get(name) or ()) if isinstance(spec.spec, ListOf) else rec.get(name)
    plain["status"] = rec.get("status") or "published"
    return Claim(
        id=claim_id,
        **plain,
        quotes=build_quotes(claim_id, path, rec["quotes"], problems),
        discrepancies=build_discrepancies(path, rec.get("discrepancies") or Seq()),
        corrections=tuple(Correction(c["date"], c["note"]) for c in rec.get("corrections") or ()),
        where=where(path, rec),
        marks={name: where(path, rec, name) for name in rec.positions} | item_marks(path, rec) | correction_marks(path, rec),
        images=images,
        links=links,
    )


def item_marks(path: str, rec: Rec) -> dict[str, Where]:
    """Where each item of a list of ids stands (`tags:dates`), for messages about one of them."""
    return {
        f"{name}:{item}": where(path, items, index)
        for name, items in rec.items()
        if isinstance(items, Seq)
        for index, item in enumerate(items)
        if isinstance(item, str)
    }


def correction_marks(path: str, rec: Rec) -> dict[str, Where]:
    """Where each correction's date stands (`corrections:2026-12-06`)."""
    return {f"corrections:{entry['date']}": where(path, entry, "date") for entry in rec.get("corrections") or ()}


def build_quotes(claim_id: str, path: str, items: Seq, problems: Collector) -> tuple[Quote, ...]:
    """A claim's quotes; a quote id used twice is reported."""
    template = N_("duplicate quote id “{id}” (first at line {first}) — give each quote of a claim its own id")
    report_duplicates([(q["id"], where(path, q, "id")) for q in items], template, problems)
    return tuple(
        Quote(
            claim_id,
            q["id"],
            q["source"],
            q["text"],
            q["translation"],
            q.get("prefix"),
            q.get("suffix"),
            where(path, q, "text"),
            where(path, q, "source"),
            (where(path, q, "prefix"), where(path, q, "suffix")),
        )
        for q in items
    )


def build_discrepancies(path: str, items: Seq) -> tuple[Discrepancy, ...]:
    """A claim's discrepancy notes, with the place of each quote id they name."""
    return tuple(
        Discrepancy(
            d["title"],
            tuple(d["quotes"]),
            d["note"],
            where(path, items, i),
            tuple(where(path, d["quotes"], k) for k in range(len(d["quotes"]))),
        )
        for i, d in enumerate(items)
    )
