"""Loading: read every editor's file, validate its shape, and build the records."""

from __future__ import annotations

import io
import os
import pickle
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from . import kinds
from .cache import Cache, NoCache, key_of
from .dates import PartialDate, parse_partial
from .i18n import N_
from .incremental import walk_files
from .memory import Look, Memory, Signature, differing, places, signatures
from .parallel import collector_paused, map_in_chunks
from .problems import Collector, Problem
from .records import (
    Account,
    Claim,
    Correction,
    Discrepancy,
    Event,
    Page,
    Project,
    Quote,
    QuoteRef,
    Site,
    Source,
    Tag,
    Verdict,
    Where,
)
from .schema import INVALID, SLUG, Rec, Record, Seq, validate
from .sources import checksum, split_paragraphs
from .yamlread import Node, decode_utf8, read_bytes, read_yaml, yaml_from_bytes


def load_project(
    root: Path,
    problems: Collector,
    base_url: str | None = None,
    repository_url: str | None = None,
    cache: Cache | None = None,
    memory: Memory | None = None,
) -> Project | None:
    """Read the whole project under `root`; None when the settings or the verdict scale are unusable.

    Records whose files have problems are left out, and the project says which kinds are
    incomplete, so that the check stage can still report every other problem at once. With a
    `memory`, only the files changed since the last build are read.
    """
    look = None
    if memory is not None:
        look, memory.look = memory.look, None  # a look is good for the build it was taken for
    standing = load_standing(root, base_url, repository_url, memory, look)
    problems.extend(list(standing.problems))
    before = len(problems.errors)
    claims = load_claims(root, problems, cache, memory, look)
    incomplete = standing.incomplete | ({"claims"} if len(problems.errors) > before else set())
    if standing.site is None or standing.verdicts is None:
        return None
    return Project(
        standing.site,
        standing.verdicts,
        standing.sources,
        claims,
        standing.events,
        standing.tags,
        standing.pages,
        frozenset(incomplete),
    )


@dataclass(frozen=True)
class Standing:
    """Every record but the claims: settings, verdict scale, tags, sources, timeline, pages; and their problems."""

    site: Site | None
    verdicts: tuple[Verdict, ...] | None
    tags: tuple[Tag, ...]
    sources: tuple[Source, ...]
    events: tuple[Event, ...]
    pages: tuple[Page, ...]
    problems: tuple[Problem, ...]
    incomplete: frozenset[str]
    """The kinds with a file that failed to load."""


STANDING_FOLDERS = ("content", "seeds")


def standing_signature(root: Path, settings: tuple[str | None, ...], look: Look | None = None) -> tuple[object, ...]:
    """Where the files of the standing records stand (every file of content/ and seeds/ but the claims)."""
    claims = str(root / "content" / "claims")
    files = [f for folder in STANDING_FOLDERS for f in walk_files(root / folder, skip=claims)]
    files.sort()
    return (settings, *zip(files, signatures(files, look), strict=True))


def load_standing(
    root: Path, base_url: str | None, repository_url: str | None, memory: Memory | None = None, look: Look | None = None
) -> Standing:
    """The standing records, from memory when none of their files changed since the last build (or the preview's `look`)."""
    mark = standing_signature(root, (base_url, repository_url), look) if memory is not None else None
    if memory is not None and memory.standing is not None and memory.standing[0] == mark:
        return memory.standing[1]  # type: ignore[no-any-return]
    problems = Collector()
    incomplete = set()
    loaded: dict[str, Any] = {}
    for kind, loader in (
        ("site", lambda: load_site(root, problems, base_url, repository_url)),
        ("verdicts", lambda: load_verdicts(root, problems)),
        ("tags", lambda: load_tags(root, problems)),
        ("sources", lambda: load_sources(root, problems)),
        ("events", lambda: load_events(root, problems)),
        ("pages", lambda: load_pages(root, problems)),
    ):
        before = len(problems.errors)
        loaded[kind] = loader()
        if len(problems.errors) > before:
            incomplete.add(kind)
    incomplete -= {"site", "verdicts"}  # without them there is no project at all
    standing = Standing(**loaded, problems=tuple(problems.problems), incomplete=frozenset(incomplete))
    if memory is not None:
        remembered = all(sign is not None for _, sign in mark[1:])  # type: ignore[index,misc]
        memory.standing = (mark, standing) if remembered else None
        memory.generation += 1
    return standing


def relative(root: Path, file: Path) -> str:
    """A project-relative path with forward slashes, as messages show it."""
    return file.relative_to(root).as_posix()


def read_record(root: Path, file: Path, spec: Record, problems: Collector) -> Rec | None:
    """Read and validate one YAML file; None if it has any problem."""
    path = relative(root, file)
    return checked_record(read_yaml(file, path, problems), path, spec, problems)


def checked_record(node: Node | None, path: str, spec: Record, problems: Collector) -> Rec | None:
    """Validate one file's node tree; None if it has any problem."""
    if node is None:
        return None
    value = validate(spec, node, path, problems)
    if value is INVALID or has_invalid(value):
        return None
    return value


def has_invalid(value: Any) -> bool:
    """Whether any nested value failed validation."""
    if value is INVALID:
        return True
    if isinstance(value, dict):
        return any(has_invalid(v) for v in value.values())
    if isinstance(value, list):
        return any(has_invalid(v) for v in value)
    return False


def where(path: str, rec: Rec | Seq, name: str | int | None = None) -> Where:
    """The place of a record, or of one of its fields or items."""
    if name is None:
        line, column = rec.pos
    elif isinstance(rec, Seq):
        line, column = rec.positions[int(name)]
    else:
        line, column = rec.at(str(name))
    return Where(path, line, column)


def required_file(root: Path, name: str, problems: Collector) -> Path | None:
    """A file the project cannot do without; reported when missing."""
    file = root / name
    if not file.is_file():
        problems.add(name, 1, 1, N_("the file is missing — create {name} (see docs/content-model.md)"), name=name)
        return None
    return file


def load_site(root: Path, problems: Collector, base_url: str | None, repository_url: str | None = None) -> Site | None:
    """Site-wide settings; `base_url` and `repository_url` override the file's values."""
    file = required_file(root, "content/site.yaml", problems)
    rec = file and read_record(root, file, kinds.SITE, problems)
    if not rec or file is None:
        return None
    path = relative(root, file)
    if sorted(rec["languages"]) != sorted(("ru", "en")):
        problems.add(path, *rec.at("languages"), N_("the site is published in Russian and English — set `languages: [ru, en]`"))
    if rec["default_language"] not in rec["languages"]:
        problems.add(path, *rec.at("default_language"), N_("the default language must be one of `languages`"))
    url = base_url or rec["base_url"]
    return Site(
        title=rec["title"],
        description=rec["description"],
        base_url=url if url.endswith("/") else url + "/",
        languages=tuple(rec["languages"]),
        default_language=rec["default_language"],
        publisher=rec["publisher"]["name"],
        repository_url=repository_url or rec.get("repository_url"),
        license_name=rec["license"]["name"],
        license_url=rec["license"]["url"],
    )


def load_verdicts(root: Path, problems: Collector) -> tuple[Verdict, ...] | None:
    """The verdict scale."""
    file = required_file(root, "content/verdicts.yaml", problems)
    rec = file and read_record(root, file, kinds.VERDICTS, problems)
    if not rec or file is None:
        return None
    path = relative(root, file)
    items = rec["verdicts"]
    verdicts = tuple(Verdict(v["key"], v["rating"], v["label"], v["definition"], where(path, items, i)) for i, v in enumerate(items))
    report_duplicates(
        [(v.key, v.where) for v in verdicts], N_("duplicate verdict key “{id}” (first at line {first}) — keys must be unique"), problems
    )
    return verdicts


def load_tags(root: Path, problems: Collector) -> tuple[Tag, ...]:
    """Tags claims may carry (optional file)."""
    file = root / "content/tags.yaml"
    if not file.is_file():
        return ()
    rec = read_record(root, file, kinds.TAGS, problems)
    if not rec:
        return ()
    path = relative(root, file)
    report_duplicates(
        [(t["key"], where(path, rec["tags"], i)) for i, t in enumerate(rec["tags"])],
        N_("duplicate tag key “{id}” (first at line {first}) — keys must be unique"),
        problems,
    )
    return tuple(Tag(t["key"], t["label"]) for t in rec["tags"])


def load_sources(root: Path, problems: Collector) -> tuple[Source, ...]:
    """Archived texts in seeds/ with the metadata beside each."""
    folder = root / "seeds"
    texts = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    sources = []
    for text_file in texts:
        source = load_source(root, text_file, problems)
        if source is not None:
            sources.append(source)
    for meta in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if not meta.with_suffix(".txt").is_file():
            problems.add(
                relative(root, meta),
                1,
                1,
                N_("metadata without a text — add the archived article as {name} or remove this file"),
                name=relative(root, meta.with_suffix(".txt")),
            )
    return tuple(sources)


def load_source(root: Path, text_file: Path, problems: Collector) -> Source | None:
    """One archived text and its metadata; the checksum must match."""
    source_id = text_file.stem
    text_path = relative(root, text_file)
    raw = text_file.read_bytes()
    text = decode_utf8(raw, text_path, problems)
    meta_file = text_file.with_suffix(".yaml")
    if not meta_file.is_file():
        problems.add(
            text_path,
            1,
            1,
            N_("the source has no metadata — create {name} (python build.py new source writes a skeleton)"),
            name=relative(root, meta_file),
        )
        return None
    rec = read_record(root, meta_file, kinds.SOURCE, problems)
    if rec is None or text is None:
        return None
    meta_path = relative(root, meta_file)
    actual = checksum(raw)
    if actual != rec["sha256"]:
        problems.add(
            meta_path,
            *rec.at("sha256"),
            N_(
                "the archived text {name} has changed: its SHA-256 is {actual}, the metadata records {expected} — "
                "restore the original text (an archived source is never edited); if this is a new archive, update sha256"
            ),
            name=text_path,
            actual=actual,
            expected=rec["sha256"],
        )
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        problems.add(text_path, 1, 1, N_("the source text is empty — archive the article's text here"))
        return None
    return Source(
        id=source_id,
        text=text,
        paragraphs=paragraphs,
        title=rec["title"],
        language=rec["language"],
        published=rec["published"],
        outlet=rec.get("outlet"),
        url=rec.get("url"),
        attribution=rec["attribution"],
        sha256=rec["sha256"],
        where=where(meta_path, rec),
    )


def record_files(root: Path, folder: str, problems: Collector) -> list[Path]:
    """The `.yaml` files of a content folder in a stable order; ids must be safe slugs."""
    return [Path(path) for path in record_paths(root, folder, problems)]


def record_paths(root: Path, folder: str, problems: Collector) -> list[str]:
    """`record_files` as strings (a folder may hold tens of thousands of claims; path objects cost)."""
    directory = root / folder
    if not directory.is_dir():
        return []
    paths = []
    for entry in sorted(os.scandir(directory), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.is_dir():
            continue
        stem, dot, suffix = entry.name.rpartition(".")
        if not dot or suffix != "yaml":
            problems.add(
                relative(root, Path(entry.path)),
                1,
                1,
                N_("only .yaml files belong in {folder} — rename it to end in .yaml or move it away"),
                folder=folder,
            )
            continue
        if not SLUG.match(stem):
            problems.add(
                relative(root, Path(entry.path)),
                1,
                1,
                N_("“{value}” is not a safe id for a file name — use lowercase latin letters, digits and hyphens"),
                value=stem,
            )
            continue
        paths.append(entry.path)
    return paths


def load_claims(
    root: Path, problems: Collector, cache: Cache | None = None, memory: Memory | None = None, look: Look | None = None
) -> tuple[Claim, ...]:
    """Every fact-check in content/claims/: from memory or the cache when a file is unchanged (since the
    last build, or the preview's `look`), in parallel otherwise."""
    listing = list_claims(root, problems, memory, look)
    files = listing.paths
    last = memory.claim_files if memory is not None else None
    if last is not None and look is not None and last.listing is listing:
        # The same files as last time: only those whose signature in the look is not the one remembered
        # are looked at (found in C, by comparing the look with what is remembered: at N = 50,000,
        # looking at each file in turn took a quarter of a second).
        records, found, marks = list(last.records), dict(last.problems), dict(last.marks)
        trusted = list(map(last.marks.get, files))
        wanted = sorted({*differing(list(map(look.files.get, files)), trusted), *places(trusted, None)})
        fresh = signatures([files[index] for index in wanted], look)
    else:
        remembered = last.by_path() if last is not None else {}
        records, found, marks = [None] * len(files), {}, {}
        looks = signatures(files, look) if memory is not None else [None] * len(files)  # taken before reading: a later write is seen
        wanted, fresh = [], []
        for index, (file, mark) in enumerate(zip(files, looks, strict=True)):
            known = remembered.get(file)
            if mark is not None and known is not None and known[0] == mark:
                records[index] = known[1]
                if known[2]:
                    found[index] = known[2]
                marks[file] = mark
                continue
            wanted.append(index)
            fresh.append(mark)
    for index, mark in zip(wanted, fresh, strict=True):
        records[index] = None
        found.pop(index, None)
        marks.pop(files[index], None)
        if mark is not None:
            marks[files[index]] = mark
    read_claims(files, wanted, records, found, cache or NoCache(), listing)
    for index in sorted(found):
        problems.extend(list(found[index]))
    if memory is not None:
        memory.claim_files = ClaimFiles(listing, marks, records, found)
    return tuple(filter(None, records))


def read_claims(
    files: list[str],
    wanted: list[int],
    records: list[Claim | None],
    found: dict[int, tuple[Problem, ...]],
    store: Cache | NoCache,
    listing: ClaimListing,
) -> None:
    """Read the `wanted` files (by index) into `records` and their problems into `found`: from the
    cache when it holds a record of the file's bytes, parsed (in parallel) otherwise."""
    shards = store.read_shards("claim", [claim_name(files[index]) for index in wanted]) if wanted else {}
    packed = {name: entry for pack in shards.values() for name, entry in pack.items()}
    misses: list[str] = []
    with collector_paused():  # unpickling makes records only
        for index in wanted:
            file = files[index]
            entry = packed.get(claim_name(file))  # a file is read here only if the cache holds a record under its name
            claim = unpickled(entry[1]) if entry is not None and entry[0] == claim_key(file) else None
            if claim is None:
                misses.append(file)
            records[index] = claim
    changed: dict[str, tuple[str, bytes] | None] = {}
    parsed = parse_claims(misses)
    with collector_paused():
        for file, key, payload, file_problems in parsed:
            index = listing.index[file]
            records[index] = read_back(payload) if payload is not None else None
            if file_problems:
                found[index] = tuple(file_problems)
            changed[claim_name(file)] = (key, payload) if payload is not None and not file_problems else None
    if changed:
        store.update_packs("claim", changed, listing.names, shards)


@dataclass(frozen=True)
class ClaimFiles:
    """What a build read from content/claims/: the files it listed, the signatures it may trust next time
    (by path), the record read from each file in the listing's order (None if broken), and the problems
    of the files that have some (by index)."""

    listing: ClaimListing
    marks: dict[str, Signature]
    records: list[Claim | None]
    problems: dict[int, tuple[Problem, ...]]

    def by_path(self) -> dict[str, tuple[Signature, Claim | None, tuple[Problem, ...]]]:
        """Each file whose signature may be trusted: its signature, record and problems."""
        index = self.listing.index
        return {path: (mark, self.records[index[path]], self.problems.get(index[path], ())) for path, mark in self.marks.items()}


CLAIMS = "content/claims"


@dataclass(frozen=True)
class ClaimListing:
    """The files of content/claims/ as `record_paths` lists them, with their names (`claim_name`) and the
    problems of the names that are not a claim's; with the entries of the folder the preview's look
    saw before they were listed (None: listed without a look)."""

    folder: str
    seen: tuple[str, ...] | None
    paths: list[str]
    names: frozenset[str]
    problems: tuple[Problem, ...]

    @cached_property
    def index(self) -> dict[str, int]:
        """Each path's place in the listing."""
        return {path: index for index, path in enumerate(self.paths)}


def list_claims(root: Path, problems: Collector, memory: Memory | None = None, look: Look | None = None) -> ClaimListing:
    """The claim files; in the preview, the last listing while the look sees the same entries in the
    folder as the look before it (every entry, those the watcher ignores too: the listing reports a
    stray file). Listing 10,000 files and checking their names took as long as reading the signatures
    of the files. The entries are compared, not the folder's times, which some file systems keep to the
    second or two."""
    folder = str(root / CLAIMS)
    seen = look.folders.get(folder) if look is not None else None
    kept = memory.claim_listing if memory is not None else None
    if kept is not None and seen is not None and kept.seen == seen and kept.folder == folder:
        problems.extend(list(kept.problems))
        return kept
    found = Collector()
    paths = record_paths(root, CLAIMS, found)  # after the look: an entry added meanwhile changes the next look
    problems.extend(found.problems)
    listing = ClaimListing(folder, seen, paths, frozenset(claim_name(path) for path in paths), tuple(found.problems))
    if memory is not None:
        memory.claim_listing = listing
    return listing


def claim_name(file: str) -> str:
    """A claim file's project-relative path (claims are the files directly in content/claims/, listed by
    `os.scandir`, so their paths end in a separator and the file's name)."""
    return f"{CLAIMS}/{file.rpartition(os.sep)[2]}"


def claim_key(file: str, raw: bytes | None = None) -> str:
    """The cache key of a claim file's bytes (read now unless given); empty if the file cannot be read."""
    try:
        if raw is None:
            with open(file, "rb") as handle:
                raw = handle.read()
        return key_of("claim", claim_name(file), raw)
    except OSError:
        return ""


def unpickled(payload: bytes) -> Claim | None:
    """A claim from its cached bytes; None if they do not hold one (the file is then parsed again)."""
    try:
        return read_back(payload)
    except Exception:
        return None


def read_back(payload: bytes) -> Claim:
    """A claim pickled just now by this version of the code: failing to read it back is a fault of the
    generator, not of the editor's file, and stops the build rather than dropping the claim."""
    claim = NameSharingUnpickler(io.BytesIO(payload)).load()
    if not isinstance(claim, Claim):
        raise TypeError(f"a claim was pickled as a {type(claim).__name__}")
    return claim


def pickled(claim: Claim) -> bytes:
    """A claim as bytes for the cache and for the way back from a parsing worker."""
    out = io.BytesIO()
    NameSharingPickler(out, protocol=pickle.HIGHEST_PROTOCOL).dump(claim)
    return out.getvalue()


NAME_LENGTH = 48


class NameSharingPickler(pickle.Pickler):
    """Pickles names apart from other strings: ids of sources, quotes and events, tags, field names
    (of the places of fields), file paths — short strings without spaces, which recur across records."""

    def persistent_id(self, obj: object) -> str | None:
        return obj if type(obj) is str and len(obj) <= NAME_LENGTH and " " not in obj else None


class NameSharingUnpickler(pickle.Unpickler):
    """Unpickles the names a `NameSharingPickler` set apart as one shared (interned) string each: 10,000
    claims then hold one "headline" and one copy of each source id, not 10,000."""

    def persistent_load(self, pid: object) -> str:
        if type(pid) is not str:
            raise pickle.UnpicklingError("not a claim's name")
        return sys.intern(pid)


Parsed = tuple[str, str, bytes | None, list[Problem]]
"""A parsed claim file: its path, the key of the bytes parsed, the pickled record (None if broken), its problems."""


def parse_claims(files: list[str]) -> list[Parsed]:
    """Parse and validate claim files, on every core when there are many."""
    return map_in_chunks(parse_claim_chunk, files, CHUNK, PARALLEL_FROM)


PARALLEL_FROM, CHUNK = 200, 250


def parse_claim_chunk(chunk: list[str]) -> list[Parsed]:
    """A worker's share of the claim files, each record pickled under the key of the very bytes it was parsed from."""
    done: list[Parsed] = []
    for file in chunk:
        local = Collector()
        raw = read_bytes(file, claim_name(file), local)
        if raw is None:
            done.append((file, "", None, local.problems))
            continue
        key = claim_key(file, raw)
        claim_id = os.path.basename(file).rpartition(".")[0]
        claim = parse_claim(claim_name(file), claim_id, raw, local, digest=key)
        payload = pickled(claim) if claim is not None else None
        done.append((file, key, payload, local.problems))
    return done


def parse_claim(path: str, claim_id: str, raw: bytes, problems: Collector, digest: str = "") -> Claim | None:
    """One claim file's record from its bytes (None if broken), its problems reported; `digest` names the bytes."""
    rec = checked_record(yaml_from_bytes(raw, path, problems), path, kinds.CLAIM, problems)
    return build_claim(claim_id, path, rec, problems, digest) if rec is not None else None


def build_claim(claim_id: str, path: str, rec: Rec, problems: Collector, digest: str = "") -> Claim:
    """A claim record from its validated fields."""
    quote_list = rec["quotes"]
    quotes = tuple(
        Quote(
            claim=claim_id,
            id=q["id"],
            source=q["source"],
            text=q["text"],
            translation=q["translation"],
            prefix=q.get("prefix"),
            suffix=q.get("suffix"),
            where=where(path, q, "text"),
            source_where=where(path, q, "source"),
        )
        for q in quote_list
    )
    report_duplicates(
        [(q["id"], where(path, q, "id")) for q in quote_list],
        N_("duplicate quote id “{id}” (first at line {first}) — give each quote of a claim its own id"),
        problems,
    )
    discrepancy_list = rec.get("discrepancies") or Seq()
    discrepancies = tuple(
        Discrepancy(
            d["title"],
            tuple(d["quotes"]),
            d["note"],
            where(path, discrepancy_list, i),
            tuple(where(path, d["quotes"], k) for k in range(len(d["quotes"]))),
        )
        for i, d in enumerate(discrepancy_list)
    )
    corrections = tuple(Correction(c["date"], c["note"]) for c in rec.get("corrections") or ())
    return Claim(
        id=claim_id,
        headline=rec["headline"],
        claim=rec["claim"],
        claimant=rec["claimant"],
        appearances=tuple(rec["appearances"]),
        verdict=rec["verdict"],
        explanation=rec["explanation"],
        summary=rec["summary"],
        quotes=quotes,
        discrepancies=discrepancies,
        published=rec["published"],
        updated=rec.get("updated"),
        corrections=corrections,
        events=tuple(rec.get("events") or ()),
        tags=tuple(rec.get("tags") or ()),
        where=where(path, rec),
        marks={name: where(path, rec, name) for name in rec.positions},
        digest=digest,
    )


def load_events(root: Path, problems: Collector) -> tuple[Event, ...]:
    """The timeline (optional file)."""
    file = root / "content/timeline.yaml"
    if not file.is_file():
        return ()
    rec = read_record(root, file, kinds.TIMELINE, problems)
    if rec is None:
        return ()
    path = relative(root, file)
    items = rec["events"]
    events = []
    for order, item in enumerate(items):
        start = parse_date(item["date"], where(path, item, "date"), problems)
        if start is None:
            continue
        accounts = []
        for account in item.get("accounts") or ():
            account_date = account.get("date")
            parsed = parse_date(account_date, where(path, account, "date"), problems) if account_date else None
            accounts.append(Account(parsed, quote_refs(path, account["quotes"]), account["note"]))
        events.append(
            Event(
                item["id"],
                start,
                item["title"],
                item["description"],
                quote_refs(path, item["quotes"]),
                tuple(accounts),
                order,
                where(path, items, order),
            )
        )
    report_duplicates(
        [(e.id, e.where) for e in events], N_("duplicate event id “{id}” (first at line {first}) — ids must be unique"), problems
    )
    return tuple(events)


def parse_date(text: str, at: Where, problems: Collector) -> PartialDate | None:
    """An EDTF date, or a located problem when it names a day that does not exist."""
    try:
        return parse_partial(text)
    except ValueError:
        problems.add(
            at.path,
            at.line,
            at.column,
            N_("“{value}” is not a valid date — the month, day or range does not exist"),
            value=text,
        )
        return None


def quote_refs(path: str, items: Seq) -> tuple[QuoteRef, ...]:
    """References to quotes of claims."""
    return tuple(QuoteRef(r["claim"], r["quote"], where(path, items, i)) for i, r in enumerate(items))


def load_pages(root: Path, problems: Collector) -> tuple[Page, ...]:
    """Standing pages in content/pages/."""
    pages = []
    for file in record_files(root, "content/pages", problems):
        rec = read_record(root, file, kinds.PAGE, problems)
        if rec is not None:
            pages.append(Page(file.stem, rec["title"], rec["description"], rec["body"], where(relative(root, file), rec)))
    return tuple(pages)


def report_duplicates(items: list[tuple[str, Where]], template: str, problems: Collector) -> None:
    """Report every id that appears twice, at its second place."""
    first: dict[str, Where] = {}
    for key, at in items:
        if key in first:
            problems.add(at.path, at.line, at.column, template, id=key, first=first[key].line)
        else:
            first[key] = at
