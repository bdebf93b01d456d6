"""The records of the last build, reused where their files are unchanged. A claim file is read again when its bytes may
have changed: every file in a one-off build, in the preview only those the watcher reports. A claim is checked again
when its file or the standing records changed."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..check import check_claim, check_links, source_indexes
from ..load import CLAIMS, assemble, claim_file, parse_claim
from ..problems import Collector, Problem, stops_loading
from ..project import Project
from ..quotes import SourceIndex
from ..reading import record_paths, report_strays
from ..records import Claim
from ..standing import Standing, load_standing
from ..yamlread import read_bytes
from .fingerprints import ClaimPrint, print_claim
from .hashing import code_version, digest
from .parallel import map_parallel

STANDING_FOLDERS = ("content", "seeds")
"""Where the standing records live (content/claims/ apart)."""


@dataclass(frozen=True)
class ClaimFile:
    """What a claim file gave: the cache key of its bytes, its record (None if broken) and its problems."""

    key: str
    claim: Claim | None
    problems: tuple[Problem, ...]


@dataclass(frozen=True)
class CheckedClaim:
    """A claim as checked against the standing records, with its problems and its hashes."""

    key: str
    claim: Claim
    problems: tuple[Problem, ...]
    print: ClaimPrint


@dataclass
class RecordStore:
    """The records loaded and checked by the last build, by claim file."""

    root: Path
    base_url: str | None
    repository_url: str | None
    standing: Standing | None = None
    files: dict[str, ClaimFile] = field(default_factory=dict)
    checked: dict[str, CheckedClaim] = field(default_factory=dict)
    indexes: dict[str, SourceIndex] | None = None
    listing: tuple[list[str], tuple[Problem, ...]] | None = None
    """The claim files as last listed, and the problems of the names that are no claim's."""

    def relists(self, path: str) -> bool:
        """Whether a changed path may add or remove a claim file: the folder itself, or a file in it that was no claim's or is gone."""
        folder = str(self.root / CLAIMS)
        if path == folder or folder.startswith(path + os.sep):
            return True
        return os.path.dirname(path) == folder and (path not in self.files or not os.path.exists(path))

    def load(self, problems: Collector, changed: Iterable[str] | None = None) -> Project | None:
        """The project, reading only files that may have changed (`changed`: paths the watcher reported since the last call; None: any)."""
        dirty = None if changed is None else {os.path.abspath(path) for path in changed}
        if self.standing is None or dirty is None or any(touches_standing(self.root, path) for path in dirty):
            self.standing, self.checked, self.indexes = load_standing(self.root, self.base_url, self.repository_url), {}, None
        problems.extend(list(self.standing.problems))
        report_strays(self.root, problems)
        if dirty is None or self.listing is None or any(self.relists(path) for path in dirty):
            found = Collector()
            self.listing = (record_paths(self.root, CLAIMS, found, required=True), tuple(found.problems))
        paths, listed = self.listing
        self.read_claims([path for path in paths if dirty is None or path not in self.files or is_dirty(path, dirty)])
        self.files = {path: self.files[path] for path in paths}
        claim_problems = [*listed, *(problem for file in self.files.values() for problem in file.problems)]
        problems.extend(claim_problems)
        claims = tuple(file.claim for file in self.files.values() if file.claim is not None)
        return assemble(self.standing, claims, complete=not any(map(stops_loading, claim_problems)))

    def read_claims(self, paths: list[str]) -> None:
        """Parse claim files, on every core."""
        for path, (key, claim, problems) in zip(paths, map_parallel(parse_claim_file, paths, 250), strict=True):
            self.files[path] = ClaimFile(key, claim, problems)

    def check(self, project: Project, problems: Collector) -> Project:
        """The project with each claim checked, reusing the outcome where its file and the standing records are unchanged."""
        checked: dict[str, CheckedClaim] = {}
        for path, file in self.files.items():
            if file.claim is None or file.claim.id not in project.claim_by_id:  # broken, or held back from the edition
                continue
            shown = project.claim_by_id[file.claim.id]
            # the edition may have made links to records held back plain words: then the claim is not the file's
            key = file.key if shown is file.claim else f"{file.key} {digest([repr(shown)])}"
            known = self.checked.get(path)
            if known is None or known.key != key:
                if self.indexes is None:
                    self.indexes = source_indexes(project)
                found = Collector()
                claim = check_claim(shown, project, self.indexes, found)
                known = CheckedClaim(key, claim, tuple(found.problems), print_claim(claim, key))
            checked[path] = known
            problems.extend(list(known.problems))
        self.checked = checked
        claims = tuple(known.claim for known in checked.values())
        return check_links(replace(project, claims=claims), problems)

    def prints(self) -> dict[str, ClaimPrint]:
        """The hashes of every checked claim, by claim id."""
        return {known.claim.id: known.print for known in self.checked.values()}


def touches_standing(root: Path, path: str) -> bool:
    """Whether a changed path may hold a standing record: anything in content/ or seeds/ but the claims."""
    parts = Path(os.path.relpath(path, root)).parts
    return bool(parts) and parts[0] in STANDING_FOLDERS and parts[:2] != ("content", "claims")


def is_dirty(path: str, dirty: set[str]) -> bool:
    """Whether a file was reported changed, or is in a folder that was (made, moved or removed as a whole)."""
    return path in dirty or any(path.startswith(folder + os.sep) for folder in dirty)


def parse_claim_file(path: str) -> tuple[str, Claim | None, tuple[Problem, ...]]:
    """Parse one claim file: the hash of the very bytes parsed, the record (None if broken), its problems."""
    problems, claim_id = Collector(), os.path.basename(path).removesuffix(".yaml")
    raw = read_bytes(path, claim_file(claim_id), problems)
    if raw is None:
        return "", None, tuple(problems.problems)
    claim = parse_claim(claim_file(claim_id), claim_id, raw, problems)
    return digest([code_version(), "claim", claim_file(claim_id), raw]), claim, tuple(problems.problems)
