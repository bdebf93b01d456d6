"""What a long-running build (the live preview) keeps in memory between rebuilds.

A one-off build starts from the files: it reads every record (or its cached copy), checks every
quote and plans every page. The preview rebuilds after each save, and an edit usually touches one
file; with a `Memory`, each stage re-does only the part whose inputs changed:

- load: a claim file whose signature (size, modification and change times, inode) is as before is
  not read again; the signatures come from the watcher's last look (`Look`), and the files whose
  signature changed are found by comparing lists in C; the claims folder is listed again only when
  the look sees other entries in it; the other records (sources, events, tags, pages, settings) are
  read again only when one of their files changed;
- check: a claim already checked against the same sources, tags and events is not checked again (while
  the claims stand where they were, the changed ones are found by comparing the lists in C); the
  orders and groups of claims are taken over from the last project while they hold
  (`records.Project.take_over`);
- fingerprint: the hashes of what places a claim among the others and of each aspect other pages
  show (headline, explanation, corrections, quotes, notes) are worked out once per record, and what
  is made of all claims' hashes only when one of them changed; a page's fingerprint is kept while
  none of the records it shows changed;
- render: the plan of the site (every page and file, and what each shows) and the related checks are
  kept while what they are made from holds (see below); only the files whose needs name a changed
  record are looked at; the parts of a file that each show a few records (an event of the timeline, a
  paragraph of a source) are kept while the fingerprint of what they show holds, and the catalogue's
  entries and the items of a source's list of fact-checks while their claim's file is the same;
- publish: the manifest of site/ stays in memory, so only the files that changed are looked at; they
  are staged side by side, not in a copy of their folders (`output.staged_name`).

Records and files are keyed by the identity of the record objects or by file signatures, never by
names alone, so a stale entry cannot be used: a changed file gives a new record object, and entries
of records and claim files that are gone are dropped at each build. What is worked out from many
records is keyed by a fingerprint of what it was made from: the plan and the related checks by the
shared inputs (which include the claim index), and page fingerprints are dropped when a record they
name changes and all together when the shared inputs do. A file changed within RACY_NS of the look
at it is not remembered at all. If another build publishes site/ meanwhile (it rewrites the manifest in .cache/), the manifest
is read from disk again and checked against site/.
"""

from __future__ import annotations

import operator
import os
import time
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from types import CodeType

    from .incremental import Entry, Fingerprints
    from .load import ClaimFiles, ClaimListing
    from .problems import Problem
    from .quotes import SourceIndex
    from .records import Claim, Project
    from .related import RelatedChecks
    from .render import PageJob

Signature = tuple[int, int, int, int]
"""A file's size, modification time, change time and inode: any write changes it."""


RACY_NS = 50_000_000
"""File times advance in clock ticks: a file changed this recently may change again within the same tick."""


def exact_signature(path: str) -> Signature | None:
    """The signature of a file as it is now; None if there is no such file."""
    try:
        return signature_of(os.stat(path))
    except OSError:
        return None


def signature_of(stat: os.stat_result) -> Signature:
    """The signature of a file from its `stat` (or a directory entry's)."""
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def signature(path: str) -> Signature | None:
    """The signature of a file; None if it cannot be read or changed too recently to be told apart from a next change."""
    return signatures([path])[0]


def signatures(paths: list[str], look: Look | None = None) -> list[Signature | None]:
    """`signature` of each file, in order (the preview looks at tens of thousands of claim files per
    rebuild); as the `look` saw them, if one is given, and a file it did not see as it is now."""
    # Taken first: a file is "recent" if it changed within RACY_NS before its own look, or later.
    now, seen = (look.taken_ns, look.files) if look is not None else (time.time_ns(), {})
    found: list[Signature | None] = []
    for path in paths:
        mark = seen.get(path) or exact_signature(path)
        # as git does for "racily clean" files: one changed too recently is not remembered, so read again next time
        found.append(mark if mark is not None and now - max(mark[1], mark[2]) >= RACY_NS else None)
    return found


def differing(new: list[Any], old: list[Any]) -> list[int]:
    """The places where two lists of the same length differ, found in C (the preview compares lists of
    10,000 claims' signatures or fingerprints after each edit: a Python loop over them took milliseconds)."""
    assert len(new) == len(old), "lists of different lengths"
    return places(list(map(operator.ne, new, old)), True)


def replaced(new: Sequence[Any], old: Sequence[Any]) -> list[int]:
    """The places where two sequences of the same length hold other objects (records of this build that
    are not the very records of the last one), found in C."""
    assert len(new) == len(old), "sequences of different lengths"
    return places(list(map(operator.is_not, new, old)), True)


def places(values: list[Any], value: object) -> list[int]:
    """The places in a list that hold `value` (or an equal one), found by `list.index`, in C."""
    found: list[int] = []
    with suppress(ValueError):
        while True:
            found.append(values.index(value, found[-1] + 1 if found else 0))
    return found


@dataclass(frozen=True)
class Look:
    """The signature of every file in the editor's folders, as the live preview saw them when it
    decided to build (it looks at them a few times a second to see a change), and when it looked.

    The build takes the claim files' and standing records' signatures from it rather than looking at
    10,000 files again (a `stat` of each took as long as the look itself: 30–40 ms at N = 10,000). A file
    written after the look is read by this build or not, as it happens; the preview's next look sees
    the new signature either way, and builds again."""

    files: dict[str, Signature]
    taken_ns: int = field(compare=False)
    """The clock (`time.time_ns`) before the first file was looked at: files changed since are treated as recent."""
    folders: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)
    """Every entry of each folder looked at, in the order listed (files the watcher ignores too)."""


@dataclass(frozen=True)
class CheckedClaims:
    """The claims the last build checked: as loaded, what they were checked against, as checked, and
    the problems of those that have any, by place."""

    loaded: tuple[Claim, ...]
    against: Any
    checked: tuple[Claim, ...]
    problems: dict[int, tuple[Problem, ...]]


@dataclass(frozen=True)
class Published:
    """A build that published: its jobs, the number of its fingerprints (`Fingerprints.number`), each
    file's fingerprint, and the manifest it left."""

    jobs: list[PageJob]
    fingerprints: int
    prints: dict[str, str]
    manifest: dict[str, Entry]


@dataclass
class Memory:
    """The state kept between rebuilds; every field starts empty and is filled by the first build."""

    look: Look | None = None
    """The preview's look at the files just before this build; taken by the build (None: look now)."""
    claim_listing: ClaimListing | None = None
    """The files of content/claims/ as last listed (see `load.list_claims`)."""
    claim_files: ClaimFiles | None = None
    """What the last build read from content/claims/ (see `load.ClaimFiles`)."""
    standing: tuple[Any, ...] | None = None
    """The other records with the signatures of their files and their problems (see load.load_standing)."""
    generation: int = 0
    """Counts the times the other records were read again: claims checked in another generation are checked again."""
    checked: CheckedClaims | None = None
    """The claims the last build checked (see `check.check_claims_again`)."""
    project: Project | None = None
    """The last project checked, with the orders and groups of claims worked out for it (see `Project.take_over`)."""
    source_indexes: tuple[int, dict[str, SourceIndex]] | None = None
    """The generation and the word indexes of the sources quotes are looked up in."""
    input_files: dict[str, tuple[Signature, bytes]] = field(default_factory=dict)
    """Templates, catalogs and standing content: path → signature and bytes."""
    manifest: dict[str, Entry] | None = None
    """The manifest of site/ as the last build left it (None: read it from .cache/)."""
    manifest_mark: Signature | None = None
    """The signature of .cache/site-manifest.json then: another build that publishes rewrites that file."""
    fingerprints: Fingerprints | None = None
    """The last build's fingerprints, with those it worked out for each page's needs."""
    published: Published | None = None
    """What the last build that published left (see `render.sort_out`)."""
    needs_index: tuple[list[PageJob], dict[Any, list[int]]] | None = None
    """Where each job's needs are in the kept plan's jobs."""
    plan: tuple[Any, str, list[PageJob], tuple[Problem, ...]] | None = None
    """The last plan of the site: the planning function, the shared inputs it was made from, its jobs and problems."""
    related: tuple[str, RelatedChecks] | None = None
    """The related checks worked out so far, with the fingerprint of the shared inputs (the claim index
    among them, from which alone related checks are worked out)."""
    fragments: tuple[str, dict[tuple[str, ...], tuple[str, object]], dict[str, Any]] | None = None
    """Parts of files (the timeline's events, source pages' paragraphs, the catalogue's entries) under the
    fingerprint each was made with, and the last list of parts of each kind (`Fragments.lists`), kept
    while the shared inputs are as the fingerprint given first (see `incremental.Fragments`)."""
    bytecode: dict[str, tuple[str, CodeType]] = field(default_factory=dict)
    """Compiled templates by Jinja's key (of the template's name), with the checksum of their source."""
