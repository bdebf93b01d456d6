"""Incremental builds: what each page was made from, and whether the site still holds it.

Every file gets a fingerprint of its inputs: the inputs every page shares (code, templates,
catalogs, standing content, the list of sources, the claim index: all the plan of the site is made
from) and what its job's `Needs` name (whole claims; the headlines, explanations, correction notes,
quotes or discrepancy notes of claims; sources). A file whose fingerprint is unchanged since the
last build, and whose copy in site/ is untouched (same size and modification time; the live preview
keeps the manifest in memory instead, see memory.py), is kept as it is; everything else is rendered.
The output is therefore always the same as a clean build's.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .cache import code_version
from .memory import Memory, differing, replaced, signature
from .records import Claim, Project, Source

if TYPE_CHECKING:
    from .render import Needs, Rendered

T = TypeVar("T")

MANIFEST = "site-manifest.json"
STAMP = "inputs-stamp.json"
STAMPED_FOLDERS = ("content", "seeds", "templates", "locales")


def digest(parts: Iterable[str | bytes]) -> str:
    """A hash of a sequence of strings and bytes, each length-prefixed."""
    chunks = []
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        chunks += [len(data).to_bytes(8, "little"), data]
    return hashlib.sha256(b"".join(chunks)).hexdigest()


def input_files(root: Path) -> list[Path]:
    """The files every page may depend on: templates, catalogs and content except the claim records and sources."""
    claims = str(root / "content" / "claims")
    return sorted(Path(f) for folder in ("templates", "locales", "content") for f in walk_files(root / folder, skip=claims))


def claim_index_entry(claim: Claim) -> str:
    """What places a claim among the others: its id, verdict, dates, events, tags and sources, and whether
    it has discrepancy notes, decide which lists, pages and related checks show it, in what order, and
    which pages exist (the plan of the site, its page links and sitemap). A change here re-renders every page."""
    return json.dumps(
        [
            claim.id,
            claim.verdict,
            bool(claim.discrepancies),
            claim.published.isoformat(),
            claim.modified.isoformat(),
            [c.date.isoformat() for c in claim.corrections],
            list(claim.events),
            list(claim.tags),
            list(claim.source_ids),
        ],
        ensure_ascii=False,
    )


ASPECTS = {
    "headline": "headlines_of",
    "explanation": "explanations_of",
    "corrections": "corrections_of",
    "quotes": "quotes_of",
    "discrepancies": "discrepancies_of",
}
"""What pages show of a claim besides its whole record and index entry, and the field of `Needs` naming
the claims whose aspect a file shows."""


def aspect_entries(claim: Claim) -> tuple[str, ...]:
    """Each aspect of a claim (in the order of ASPECTS) as text: headline, explanation, correction notes,
    quotes where they stand, discrepancy notes."""
    return (
        repr(claim.headline),
        repr(claim.explanation),
        repr([c.note for c in claim.corrections]),
        repr([(q.id, q.source, q.text, q.original, q.translation, q.prefix, q.suffix, q.span) for q in claim.quotes]),
        repr([(d.title, d.quotes, d.note) for d in claim.discrepancies]),
    )


def source_entry(source: Source) -> str:
    """A source's metadata and a hash of its text."""
    return repr((source.id, source.title, source.language, source.published, source.outlet, source.url, source.attribution, source.sha256))


NUMBERS = itertools.count()


@dataclass(frozen=True)
class Fingerprints:
    """The fingerprints of one build's inputs."""

    shared: str
    claims: dict[str, str]
    aspects: dict[str, dict[str, str]]
    """Each aspect of each claim (see ASPECTS), hashed: aspect → claim id → hash."""
    every: dict[str, str]
    """Each aspect of every claim, hashed together: aspect → hash."""
    sources: dict[str, str]
    all_sources: str
    known: dict[Needs, str] = field(default_factory=dict, compare=False)
    """Fingerprints worked out so far (the language versions of a page share their needs)."""
    naming: dict[tuple[str, str], list[Needs]] | None = field(default=None, compare=False)
    """The needs in `known` that name each claim, aspect of a claim, source (and every claim's aspect, every
    source), when the fingerprints are kept for the next build (`keep_known`); None otherwise. Lists, not
    sets: each needs is named once (see `named`), and 50,000 small sets took 27 MB more at N = 10,000."""
    named: set[Needs] = field(default_factory=set, compare=False)
    """The needs `naming` names (kept for the next build with it: a needs whose fingerprint is worked out
    again after an edit, such as a list of thousands of claims, is not named again)."""
    stale: set[Needs] | None = field(default=None, compare=False)
    """The last build's needs whose fingerprint may differ now (`keep_known`); None unless its were taken over."""
    number: int = field(default_factory=lambda: next(NUMBERS), compare=False)
    """Tells these fingerprints from those of any other build of this process."""
    taken_from: int | None = field(default=None, compare=False)
    """The number of the fingerprints `stale` is measured from."""
    claim_hashes: ClaimHashes | None = field(default=None, compare=False)
    """What the claims' fingerprints were made from, for the next build to hash only the claims changed since."""

    @cached_property
    def everything(self) -> str:
        """The fingerprint of a file that may show anything (worked out only if such a file is planned)."""
        ids = sorted(self.claims)
        return digest([self.shared, self.all_sources, *(self.claims[c] for c in ids), *(self.every[a] for a in ASPECTS)])

    def keep_known(self, last: Fingerprints | None, touched: list[str] | None = None) -> None:
        """Take over what the last build worked out, for every `needs` whose inputs are unchanged; `touched`:
        the ids of the only claims that may differ from `last`'s, if known."""
        assert self.naming is not None, "fingerprints that take over the last build's are kept for the next"
        if last is None or last.naming is None or last.shared != self.shared:
            return  # the shared inputs are part of every fingerprint
        self.known.update(last.known)
        self.naming.update(last.naming)
        object.__setattr__(self, "named", last.named)
        # The claims are the same (the index is), so an aspect whose hash over every claim is unchanged
        # is unchanged for each claim.
        moved = [aspect for aspect in ASPECTS if last.every[aspect] != self.every[aspect]]
        stale = [
            *(("claim", c) for c in changed(last.claims, self.claims, touched)),
            *((aspect, c) for aspect in moved for c in changed(last.aspects[aspect], self.aspects[aspect], touched)),
            *((f"every {aspect}", "") for aspect in moved),
            *(("source", s) for s in changed(last.sources, self.sources)),
            *([("all sources", "")] if last.all_sources != self.all_sources else []),
        ]
        found: set[Needs] = set()
        for name in stale:
            for needs in self.naming.get(name, ()):
                self.known.pop(needs, None)
                found.add(needs)
        object.__setattr__(self, "stale", found)
        object.__setattr__(self, "taken_from", last.number)

    def of(self, needs: Needs | None) -> str:
        """The fingerprint of a file that shows the shared inputs and what `needs` names (None: everything)."""
        if needs is None:
            return self.everything
        found = self.known.get(needs)
        if found is None:
            found = self.known[needs] = self.work_out(needs)
            if self.naming is None or needs in self.named:
                return found
            self.named.add(needs)
            names = [("claim", c) for c in needs.claims]
            for aspect, attribute in ASPECTS.items():
                wanted = getattr(needs, attribute)
                names += [(f"every {aspect}", "")] if wanted is None else [(aspect, c) for c in wanted]
            names += [("all sources", "")] if needs.sources is None else [("source", s) for s in needs.sources]
            for name in names:
                self.naming.setdefault(name, []).append(needs)
        return found

    def work_out(self, needs: Needs) -> str:
        """The fingerprint of `needs`, hashed."""
        parts = [self.shared, "claims", *[f"{c} {self.claims.get(c, 'absent')}" for c in needs.claims]]
        for aspect, attribute in ASPECTS.items():
            wanted = getattr(needs, attribute)
            if wanted is None:
                parts += [f"every {aspect}", self.every[aspect]]
            else:
                hashes = self.aspects[aspect]
                parts += [aspect, *[f"{c} {hashes.get(c, 'absent')}" for c in wanted]]
        if needs.sources is None:
            parts += ["all sources", self.all_sources]
        else:
            parts += ["sources", *[f"{s} {self.sources.get(s, 'absent')}" for s in needs.sources]]
        # Each record's id goes with its hash: a part showing another record with the same text is not the same part.
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()  # parts are hashes, words and ids: no line breaks


Made = tuple[tuple[str, ...], str, object]
"""A part made by a render worker, for the parent to keep: its key, fingerprint and value."""


@dataclass
class Fragments:
    """Parts of files kept between the builds of the live preview, each under the fingerprint of what it shows.

    A page listing thousands of claims (the timeline) is rendered again whenever one of their headlines
    changes. Made of parts that each show a few records (an event with its quotes and the fact-checks
    about it), it need only make again the parts whose records changed. A part names what it shows as
    a file does (`Needs`; tests/test_dependencies.py checks that they cover the fields of claims,
    quotes and sources a part reads), and is taken as kept only while the fingerprint of that is the
    same (the shared inputs, templates, catalogs and code among them). Without fingerprints (a build
    that keeps nothing), every part is made. The parts a forked worker makes are sent back to the
    parent (`take_made`) and kept there.
    """

    fingerprints: Fingerprints | None = None
    kept: dict[tuple[str, ...], tuple[str, object]] = field(default_factory=dict)
    """Key → the fingerprint the part was made under, and the part."""
    made: list[Made] = field(default_factory=list)
    """The parts made since `take_made` was last called."""
    lists: dict[str, tuple[list[str], list[str | None], list[object]]] = field(default_factory=dict)
    """The keys of the last list of parts of each kind (`listed`), their fingerprints and the parts."""

    @property
    def keeping(self) -> bool:
        """Whether parts are kept (only in the live preview, which gives fingerprints)."""
        return self.fingerprints is not None

    def parts(self, kind: str, keys: list[str], needs: list[Needs], make: Callable[[int], T]) -> list[T]:
        """A part for each key (under `(kind, key)`) showing what its needs name: the entries of the
        timeline, say; `make(i)` makes the i-th. See `listed`."""
        if self.fingerprints is None:
            return [make(index) for index in range(len(keys))]
        return self.listed(kind, keys, list(map(self.fingerprints.of, needs)), make)

    def of_claims(self, kind: str, claim_ids: list[str], make: Callable[[int], T]) -> list[T]:
        """A part for each claim (under `(kind, claim id)`) showing what the claim's file says, kept
        while the file is the same (what checking adds to the record, where its quotes stand in their
        sources, is not part of that): the catalogue's entries, say; `make(i)` makes the i-th. See `listed`."""
        if self.fingerprints is None:
            return [make(index) for index in range(len(claim_ids))]
        return self.listed(kind, claim_ids, list(map(self.fingerprints.claims.get, claim_ids)), make)

    def listed(self, kind: str, keys: list[str], prints: list[str | None], make: Callable[[int], T]) -> list[T]:
        """The parts of a list, each under its key and fingerprint (empty or None: not to be kept), in one
        call. When the keys are those of the last call for `kind`, in the same order, its parts are taken
        as a list and only those whose fingerprint differs are made again: the catalogue takes 10,000
        entries after every edit, and looking up each in turn took 7 ms."""
        last = self.lists.get(kind)
        changed: Iterable[int]
        if last is not None and last[0] == keys and all(prints):
            parts: list[Any] = list(last[2])
            changed = differing(prints, last[1])
        else:
            parts, changed = [None] * len(keys), range(len(keys))
        for index in changed:
            parts[index] = self.under((kind, keys[index]), prints[index] or "", partial(make, index))
        self.lists[kind] = (keys, prints, parts)
        return parts

    def under(self, key: tuple[str, ...], fingerprint: str, make: Callable[[], T]) -> T:
        """The part under `key` made from inputs whose hash is `fingerprint` (besides the shared inputs, on
        which every kept part depends): kept, or made now by `make` and kept. Without a fingerprint, or
        in a build that keeps nothing, it is made."""
        if self.fingerprints is None or not fingerprint:
            return make()
        found = self.kept.get(key)
        if found is not None and found[0] == fingerprint:
            return found[1]  # type: ignore[return-value]
        value = make()
        self.kept[key] = (fingerprint, value)
        self.made.append((key, fingerprint, value))
        return value

    def take_made(self) -> list[Made]:
        """The parts made since the last call (a worker returns them with the files it rendered)."""
        made, self.made = self.made, []
        return made

    def keep(self, made: Iterable[Made]) -> None:
        """Keep parts a worker made."""
        for key, fingerprint, value in made:
            self.kept[key] = (fingerprint, value)

    def forget(self) -> None:
        """Keep no part of this build's or earlier ones (made while a UI string had no translation, a
        part would not report it again when taken as kept)."""
        self.kept.clear()
        self.lists.clear()


def kept_fragments(fingerprints: Fingerprints | None, memory: Memory | None) -> Fragments:
    """The parts kept by the last builds while the shared inputs are the same (all parts depend on them);
    a fresh store otherwise. Only the live preview keeps parts: a build without a memory makes every part."""
    if memory is None or fingerprints is None:
        return Fragments()
    if memory.fragments is None or memory.fragments[0] != fingerprints.shared:
        memory.fragments = (fingerprints.shared, {}, {})
    return Fragments(fingerprints, memory.fragments[1], lists=memory.fragments[2])


def fingerprint_project(project: Project, root: Path, settings: str, memory: Memory | None = None) -> Fingerprints:
    """Fingerprints for a checked project; `settings` holds command-line overrides such as the base URL."""
    files = input_files(root)
    base = digest([code_version(), settings, *(p for f in files for p in (f.relative_to(root).as_posix(), file_bytes(f, memory)))])
    last = memory.fingerprints if memory is not None else None
    hashes, touched = hash_claims(project.claims, last.claim_hashes if last is not None else None)
    shared = digest([base, hashes.index, *sorted(s.id for s in project.sources)])
    sources = {s.id: digest([source_entry(s)]) for s in project.sources}
    all_sources = digest(sources[s] for s in sorted(sources))
    naming: dict[tuple[str, str], list[Needs]] | None = None if memory is None else {}
    claims, aspects, every = hashes.digests, hashes.aspects, hashes.every
    fingerprints = Fingerprints(shared, claims, aspects, every, sources, all_sources, naming=naming, claim_hashes=hashes)
    if memory is not None:
        fingerprints.keep_known(last, touched)
        memory.fingerprints = fingerprints
    return fingerprints


@dataclass(frozen=True)
class ClaimHashes:
    """The hashes of every claim's index entry and aspects, and what fingerprints are made of them."""

    claims: tuple[Claim, ...]
    ids: list[str]
    entries: list[tuple[str, ...]]
    """Each claim's hashes (see `claim_entry`), in the claims' order."""
    order: list[int]
    """The claims' places in the order of their ids (whatever the order of their files)."""
    index: str
    """The claim index: every claim's index entry, hashed together."""
    digests: dict[str, str]
    """Claim id → the hash of its file."""
    aspects: dict[str, dict[str, str]]
    """Aspect → claim id → the hash of that aspect of the claim."""
    every: dict[str, str]
    """Aspect → the hashes of that aspect of every claim, hashed together."""


def hash_claims(claims: tuple[Claim, ...], last: ClaimHashes | None) -> tuple[ClaimHashes, list[str] | None]:
    """The claims' hashes, worked out only for records that `last` (the last build's, if kept) does not
    hold; and the ids of the claims that are other records than in `last` (None when the claims are not
    the same ones in the same places, and all must be compared).

    The preview rebuilds after each save with the same claims in the same places but one or two: their
    hashes are worked out again, and what is made of all claims only if one of theirs changed.
    """
    if last is not None and len(last.claims) == len(claims):
        moved = replaced(claims, last.claims)
        if all(claims[place].id == last.ids[place] for place in moved):
            return patched_hashes(last, claims, moved), [last.ids[place] for place in moved]
    ids = [claim.id for claim in claims]
    kept = {id(claim): (claim, entry) for claim, entry in zip(last.claims, last.entries, strict=True)} if last is not None else {}
    entries = []
    for claim in claims:
        found = kept.get(id(claim))  # the records `last` holds are alive: their ids are theirs
        entries.append(found[1] if found is not None and found[0] is claim else claim_entry(claim))
    order = sorted(range(len(ids)), key=ids.__getitem__)  # by id, whatever the order of the files
    aspects = {aspect: {c: entry[kind] for c, entry in zip(ids, entries, strict=True)} for kind, aspect in enumerate(ASPECTS, 1)}
    return ClaimHashes(
        claims,
        ids,
        entries,
        order,
        joined_hash(entries, order, 0),
        dict(zip(ids, map(attrgetter("digest"), claims), strict=True)),
        aspects,
        {aspect: joined_hash(entries, order, kind) for kind, aspect in enumerate(ASPECTS, 1)},
    ), None


def patched_hashes(last: ClaimHashes, claims: tuple[Claim, ...], moved: list[int]) -> ClaimHashes:
    """`last` with the claims at the places `moved` (with the same ids) hashed again."""
    if not moved:
        return replace(last, claims=claims)
    entries = list(last.entries)
    digests = dict(last.digests)
    for place in moved:
        claim = claims[place]
        entries[place] = claim_entry(claim)
        digests[last.ids[place]] = claim.digest
    index = joined_hash(entries, last.order, 0) if any(entries[p][0] != last.entries[p][0] for p in moved) else last.index
    aspects, every = dict(last.aspects), dict(last.every)
    for kind, aspect in enumerate(ASPECTS, 1):
        differ = [place for place in moved if entries[place][kind] != last.entries[place][kind]]
        if differ:
            aspects[aspect] = {**last.aspects[aspect], **{last.ids[place]: entries[place][kind] for place in differ}}
            every[aspect] = joined_hash(entries, last.order, kind)
    return ClaimHashes(claims, last.ids, entries, last.order, index, digests, aspects, every)


def joined_hash(entries: list[tuple[str, ...]], order: list[int], kind: int) -> str:
    """One kind of hash of every claim (see `claim_entry`) in the order given, hashed together."""
    return digest(["".join([entries[place][kind] for place in order])])  # hashes all have the same length


def changed(before: dict[str, str], after: dict[str, str], among: list[str] | None = None) -> set[str]:
    """The keys whose value differs, added and removed ones included; only keys `among` those given, if given."""
    if among is not None:
        return {key for key in among if before.get(key) != after.get(key)}
    return {key for key, _ in after.items() - before.items()} | (before.keys() - after.keys())


def claim_entry(claim: Claim) -> tuple[str, ...]:
    """The hashes of a claim's index entry and of each of its aspects, in the order of ASPECTS."""
    return tuple(digest([entry]) for entry in (claim_index_entry(claim), *aspect_entries(claim)))


UNREADABLE = b"\0unreadable"
"""What a file that cannot be read contributes to a fingerprint."""


def file_bytes(file: Path, memory: Memory | None) -> bytes:
    """A file's bytes, from memory when its signature is as before (an unreadable file, such as a link
    left dangling, counts as a file of its own: whoever uses it reports it)."""
    name = str(file)
    mark = signature(name) if memory is not None else None
    known = memory.input_files.get(name) if memory is not None else None
    if mark is not None and known is not None and known[0] == mark:
        return known[1]
    try:
        data = file.read_bytes()
    except OSError:
        return UNREADABLE
    if memory is not None and mark is not None:
        memory.input_files[name] = (mark, data)
    return data


@dataclass(frozen=True)
class Entry:
    """What the manifest remembers of one file of site/."""

    fingerprint: str
    size: int
    mtime_ns: int
    sha256: str


def read_manifest(cache_folder: Path, site: Path) -> tuple[dict[str, Entry], bool]:
    """The last build's manifest, with only the entries whose file in site/ is untouched; and whether all are."""
    try:
        raw = json.loads((cache_folder / MANIFEST).read_text(encoding="utf-8"))
        entries = {path: Entry(*values) for path, values in raw.items()}
    except (OSError, ValueError, TypeError):
        return {}, False
    valid = {}
    prefix = f"{site}{os.sep}"
    for path, entry in entries.items():
        try:
            stat = os.stat(prefix + path)
        except OSError:
            continue
        if stat.st_size == entry.size and stat.st_mtime_ns == entry.mtime_ns:
            valid[path] = entry
    return valid, bool(entries) and len(valid) == len(entries)


def updated_manifest(site: Path, previous: dict[str, Entry], rendered: Rendered) -> dict[str, Entry]:
    """The manifest after publishing: files made now are recorded again, kept files keep their entry."""
    entries = dict(previous)
    for path in rendered.removed:
        del entries[path]
    for path, sha in rendered.hashes.items():
        old = previous.get(path)
        if old is None or path in rendered.written:
            stat = os.stat(site / path)
            entries[path] = Entry(rendered.fingerprints[path], stat.st_size, stat.st_mtime_ns, sha)
        else:
            entries[path] = Entry(rendered.fingerprints[path], old.size, old.mtime_ns, sha)
    return entries


def write_manifest(cache_folder: Path, entries: dict[str, Entry]) -> None:
    """Remember each file's fingerprint, size, modification time and content hash as now in site/."""
    cache_folder.mkdir(parents=True, exist_ok=True)
    temporary = cache_folder / (MANIFEST + ".tmp")
    data = {path: [e.fingerprint, e.size, e.mtime_ns, e.sha256] for path, e in entries.items()}
    temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    temporary.replace(cache_folder / MANIFEST)


def inputs_stamp(root: Path, settings: str) -> str:
    """A hash of where every input file stands (path, size, times, inode), the code and the settings.

    Reading no file's contents, it tells in milliseconds that nothing was touched since the last
    build; any write to a file changes its ctime, which no tool can set back.
    """
    parts: list[str] = [code_version(), settings]
    for folder in STAMPED_FOLDERS:
        for path in sorted(walk_files(root / folder)):
            try:
                stat = os.stat(path)
            except OSError:  # a link left dangling, or a file deleted meanwhile: the loader reports it
                parts.append(f"{path}\0unreadable")
                continue
            parts.append(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\0{stat.st_ctime_ns}\0{stat.st_ino}")
    return digest(parts)


def walk_files(folder: Path, skip: str | None = None) -> list[str]:
    """Every file below a folder but those below `skip`, as paths (os.scandir: no Path object per file).

    Linked folders are followed, each real folder once.
    """
    found: list[str] = []
    stack, seen = [str(folder)], set()
    while stack:
        current = stack.pop()
        try:
            real = os.path.realpath(current)
            if real in seen:
                continue
            seen.add(real)
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                continue
            if is_folder:
                if entry.path != skip:
                    stack.append(entry.path)
            else:
                found.append(entry.path)
    return found


def read_stamp(cache_folder: Path) -> str | None:
    """The inputs stamp of the last build that succeeded without warnings, if any."""
    try:
        data = json.loads((cache_folder / STAMP).read_text(encoding="utf-8"))
        return str(data["stamp"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_stamp(cache_folder: Path, stamp: str | None) -> None:
    """Remember the inputs stamp of a build (None forgets it: the next build checks everything)."""
    target = cache_folder / STAMP
    if stamp is None:
        target.unlink(missing_ok=True)
        return
    cache_folder.mkdir(parents=True, exist_ok=True)
    temporary = cache_folder / (STAMP + ".tmp")
    temporary.write_text(json.dumps({"stamp": stamp}), encoding="utf-8")
    temporary.replace(target)
