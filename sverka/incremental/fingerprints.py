"""Page fingerprints: a hash of everything a file of the site is made from (the shared inputs: code, settings,
templates, catalogs, standing content, the list of sources, the claim index; and what its job's `Needs` name). A file
whose fingerprint is unchanged is not rendered again."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from ..confine import is_inside, read_regular, walk_files
from ..jobs import Needs, PageJob
from ..kinds import CLAIM
from ..project import Project
from ..records import Claim, Source
from .hashing import code_version, digest

SHARED_FOLDERS = ("templates", "locales", "content")
"""The folders of the shared inputs (content/claims/ apart: claims enter through the claim index)."""


INDEX_FIELDS = tuple(name for name, spec in CLAIM.fields.items() if spec.shown_by == "index")
"""The fields of a claim that place it among the others (`shown_by` in kinds.CLAIM)."""

ASPECTS = {spec.shown_by: name for name, spec in CLAIM.fields.items() if spec.shown_by not in ("", "index")}
"""What other pages show of a claim: the field of `Needs` naming the claims a page shows it of → the
claim's field (`shown_by` in kinds.CLAIM)."""


def claim_index_entry(claim: Claim) -> str:
    """A claim's index entry: which pages exist, which lists and related checks show it and in what order; changes re-render all."""
    derived = (bool(claim.discrepancies), claim.modified, [c.date for c in claim.corrections], claim.source_ids)
    return repr((claim.id, *(getattr(claim, name) for name in INDEX_FIELDS), *derived))


@dataclass(frozen=True)
class ClaimPrint:
    """The hashes of a checked claim: its whole record, its index entry and each aspect (see ASPECTS)."""

    whole: str
    index: str
    aspects: dict[str, str]


def print_claim(claim: Claim, file_key: str) -> ClaimPrint:
    """The hashes of one checked claim, from the hash of its file's bytes (`file_key`) and what checking added."""
    # repr leaves out where a record stands in the editor's file: moving lines about changes no page
    aspects = {needs: digest([repr(getattr(claim, name))]) for needs, name in ASPECTS.items()}
    whole = digest([file_key, aspects["quotes_of"]])  # the file says everything but where the quotes stand
    return ClaimPrint(whole, digest([claim_index_entry(claim)]), aspects)


def print_source(source: Source) -> str:
    """The hash of a source's metadata and text (the text through its checksum; its place in its file shows nowhere)."""
    return digest([repr([getattr(source, f.name) for f in fields(source) if f.name not in ("text", "paragraphs", "where")])])


def shared_files(root: Path) -> list[str]:
    claims = str(root / "content" / "claims")
    return sorted(path for folder in SHARED_FOLDERS for path in walk_files(root, root / folder, skip=claims))


def read_input(root: Path, path: str) -> bytes:
    """A shared input's bytes, or a marker for one unreadable (a dangling link) or refused (`sverka.confine`: loading reports it)."""
    try:
        return read_regular(path) if is_inside(root, path) else b"\0outside"
    except OSError:
        return b"\0unreadable"


@dataclass
class Fingerprints:
    """The fingerprints of one build's inputs, and of each job's needs as they are asked for."""

    shared: str
    claims: dict[str, ClaimPrint]
    sources: dict[str, str]
    report: str = ""
    """The hash of the warnings and notes the project carries (the editors' edition's desk shows them)."""
    known: dict[Needs | None, str] = field(default_factory=dict)
    aggregates: dict[str, str] = field(default_factory=dict)

    def of(self, needs: Needs | None) -> str:
        """The fingerprint of a file that shows the shared inputs and what `needs` names (None: everything)."""
        found = self.known.get(needs)
        if found is None:
            found = self.known[needs] = digest(self.parts(needs))
        return found

    def parts(self, shown: Needs | None) -> list[str]:
        """What a fingerprint is made of: each record's id with its hash (showing another record with the same text is another part)."""
        needs = shown or EVERYTHING
        parts = [self.shared, "claims", *(f"{c} {self.whole(c)}" for c in needs.claims)]
        for aspect in ASPECTS:
            wanted = getattr(needs, aspect)
            parts += [aspect, self.every(aspect)] if wanted is None else [aspect, *(f"{c} {self.aspect(c, aspect)}" for c in wanted)]
        if needs.sources is None:
            parts += ["sources", self.all_sources]
        else:
            parts += ["sources", *(f"{s} {self.sources.get(s, 'absent')}" for s in needs.sources)]
        if shown is None:
            parts += ["whole claims", "\n".join(f"{c} {self.whole(c)}" for c in sorted(self.claims))]
        if needs.report:
            parts += ["report", self.report]
        return parts

    def every(self, aspect: str) -> str:
        """The hash of one aspect of every claim (computed once per build)."""
        key = f"every {aspect}"
        if key not in self.aggregates:
            self.aggregates[key] = digest(["\n".join(f"{c} {self.claims[c].aspects[aspect]}" for c in sorted(self.claims))])
        return self.aggregates[key]

    @property
    def all_sources(self) -> str:
        if "all sources" not in self.aggregates:
            self.aggregates["all sources"] = digest(f"{s} {self.sources[s]}" for s in sorted(self.sources))
        return self.aggregates["all sources"]

    def whole(self, claim_id: str) -> str:
        found = self.claims.get(claim_id)
        return found.whole if found is not None else "absent"

    def aspect(self, claim_id: str, aspect: str) -> str:
        found = self.claims.get(claim_id)
        return found.aspects[aspect] if found is not None else "absent"


EVERYTHING = Needs(
    headlines_of=None, explanations_of=None, corrections_of=None, quotes_of=None, discrepancies_of=None, sources=None, report=True
)
"""The needs of a file that may show anything (a job without needs)."""


def fingerprint_project(project: Project, root: Path, settings: str, prints: dict[str, ClaimPrint]) -> Fingerprints:
    """Fingerprints of a checked project from its claims' prints (by id); `settings`: the command line's overrides, such as the base URL."""
    files = shared_files(root)
    inputs = digest([code_version(), settings, *(part for path in files for part in (os.path.relpath(path, root), read_input(root, path)))])
    index = digest(prints[claim.id].index for claim in sorted(project.claims, key=lambda claim: claim.id))
    shared = digest([inputs, index, *sorted(source.id for source in project.sources)])
    report = digest(repr(problem) for problem in project.report)
    return Fingerprints(shared, prints, {source.id: print_source(source) for source in project.sources}, report)


class NeedsIndex:
    """For each record, the jobs whose needs name it; made once per plan, to find the files an edit may change."""

    def __init__(self, jobs: list[PageJob]) -> None:
        self.named: dict[tuple[str, str], list[int]] = {}
        """(field of Needs, record id) → the jobs naming that record there."""
        self.every: dict[str, list[int]] = {}
        """Field of Needs → the jobs naming every record there (None)."""
        for index, job in enumerate(jobs):
            needs = job.needs or EVERYTHING
            for name, ids in (
                ("claims", needs.claims),
                *((aspect, getattr(needs, aspect)) for aspect in ASPECTS),
                ("sources", needs.sources),
            ):
                if ids is None:
                    self.every.setdefault(name, []).append(index)
                else:
                    for record in ids:
                        self.named.setdefault((name, record), []).append(index)
            if job.needs is None:
                self.every.setdefault("claims", []).append(index)
            if needs.report:
                self.every.setdefault("report", []).append(index)

    def showing(self, before: Fingerprints, after: Fingerprints) -> set[int]:
        """The jobs showing a record whose hash differs between two builds with the same shared inputs (and so the same claims)."""
        edited = [c for c, claim in after.claims.items() if before.claims[c].whole != claim.whole]
        changed = {"claims": edited, "sources": [s for s, hashed in after.sources.items() if before.sources[s] != hashed]}
        for aspect in ASPECTS:
            changed[aspect] = [c for c in edited if before.claims[c].aspects[aspect] != after.claims[c].aspects[aspect]]
        found: set[int] = set(self.every.get("report", ())) if before.report != after.report else set()
        for name, ids in changed.items():
            if ids:
                found.update(self.every.get(name, ()))
                for record in ids:
                    found.update(self.named.get((name, record), ()))
        return found
