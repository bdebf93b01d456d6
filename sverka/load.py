"""Loading: every editor's file read, validated and made into records."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from . import kinds
from .i18n import N_
from .problems import Collector
from .reading import checked_record, record_paths, report_duplicates, where
from .records import Claim, Correction, Discrepancy, Project, Quote
from .schema import ListOf, Rec, Seq
from .standing import Standing, load_standing
from .yamlread import read_bytes, yaml_from_bytes

CLAIMS = "content/claims"


def load_project(root: Path, problems: Collector, base_url: str | None = None, repository_url: str | None = None) -> Project | None:
    """Read the whole project under `root`; None when the settings or the verdict scale are unusable.

    Records whose files have problems are left out, and the project says which kinds are
    incomplete, so that the check stage can still report every other problem at once.
    """
    standing = load_standing(root, base_url, repository_url)
    problems.extend(list(standing.problems))
    found = Collector()
    claims = tuple(claim for file in claim_files(root, found) if (claim := read_claim(file, found)) is not None)
    problems.extend(found.problems)
    return assemble(standing, claims, complete=not found.errors)


def assemble(standing: Standing, claims: tuple[Claim, ...], complete: bool) -> Project | None:
    """The project from its standing records and the claims that loaded (`complete`: every claim file did)."""
    if standing.site is None or standing.verdicts is None:
        return None
    incomplete = standing.incomplete | (frozenset() if complete else frozenset({"claims"}))
    return Project(standing.site, standing.verdicts, standing.sources, claims, standing.events, standing.tags, standing.pages, incomplete)


def claim_files(root: Path, problems: Collector) -> list[str]:
    """The claim files of content/claims/, sorted by name."""
    return record_paths(root, CLAIMS, problems)


def claim_name(file: str) -> str:
    """A claim file's project-relative path, as messages show it."""
    return f"{CLAIMS}/{os.path.basename(file)}"


def read_claim(file: str, problems: Collector) -> Claim | None:
    """One claim file's record (None if it has problems, which are reported)."""
    raw = read_bytes(file, claim_name(file), problems)
    if raw is None:
        return None
    return parse_claim(claim_name(file), os.path.basename(file).rpartition(".")[0], raw, problems)


def parse_claim(path: str, claim_id: str, raw: bytes, problems: Collector) -> Claim | None:
    """One claim file's record from its bytes (None if broken), its problems reported."""
    rec = checked_record(yaml_from_bytes(raw, path, problems), path, kinds.CLAIM, problems)
    return build_claim(claim_id, path, rec, problems) if rec is not None else None


NESTED = ("quotes", "discrepancies", "corrections")
"""The fields of a claim made into records of their own; every other field is taken as validated (lists as tuples)."""


def build_claim(claim_id: str, path: str, rec: Rec, problems: Collector) -> Claim:
    """A claim record from its validated fields."""
    plain: dict[str, Any] = {}
    for name, spec in kinds.CLAIM.fields.items():
        if name not in NESTED:
            plain[name] = tuple(rec.get(name) or ()) if isinstance(spec.spec, ListOf) else rec.get(name)
    return Claim(
        id=claim_id,
        **plain,
        quotes=build_quotes(claim_id, path, rec["quotes"], problems),
        discrepancies=build_discrepancies(path, rec.get("discrepancies") or Seq()),
        corrections=tuple(Correction(c["date"], c["note"]) for c in rec.get("corrections") or ()),
        where=where(path, rec),
        marks={name: where(path, rec, name) for name in rec.positions},
    )


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
