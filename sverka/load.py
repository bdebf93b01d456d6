"""Loading: read every editor's file, validate its shape, and build the records."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import kinds
from .dates import PartialDate, parse_partial
from .i18n import N_
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
    return Project(
        standing.site,
        standing.verdicts,
        standing.sources,
        claims,
        standing.events,
        standing.tags,
        standing.pages,
        standing.incomplete | (frozenset() if complete else frozenset({"claims"})),
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


def load_standing(root: Path, base_url: str | None, repository_url: str | None) -> Standing:
    """The standing records and their problems."""
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
    return Standing(**loaded, problems=tuple(problems.problems), incomplete=frozenset(incomplete))


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
    """`record_files` as strings."""
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


def build_claim(claim_id: str, path: str, rec: Rec, problems: Collector) -> Claim:
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
