"""The publication's data: one frozen record type per concept."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

from .dates import PartialDate
from .memory import replaced

if TYPE_CHECKING:
    from .related import RelatedChecks

Text = Mapping[str, str]
"""A text in every language of the site, keyed by language code."""

R = TypeVar("R")


class BilingualText(Mapping[str, str]):
    """A text in Russian and English, as the mapping `{"ru": …, "en": …}` editors write.

    It keeps the two strings in 48 bytes where a dict takes 184: a claim holds a dozen texts, and every
    process rendering the site touches each of them (see `parallel.shared_map` on what that copies).
    """

    __slots__ = ("en", "ru")
    ru: str
    en: str

    def __init__(self, ru: str, en: str) -> None:
        object.__setattr__(self, "ru", ru)
        object.__setattr__(self, "en", en)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a {type(self).__name__} cannot be changed")

    def __getitem__(self, lang: str) -> str:
        if lang == "ru":
            return self.ru
        if lang == "en":
            return self.en
        raise KeyError(lang)

    def __iter__(self) -> Iterator[str]:
        return iter(("ru", "en"))

    def __len__(self) -> int:
        return 2

    def __repr__(self) -> str:
        return repr({"ru": self.ru, "en": self.en})

    def __reduce__(self) -> tuple[type[BilingualText], tuple[str, str]]:
        return BilingualText, (self.ru, self.en)


def pickled_by_fields(cls: type[R]) -> type[R]:
    """A frozen, slotted record that pickles as its class and its field values, and unpickles by calling
    the class: several times faster than dataclasses' own state functions, which look up the fields
    of every object (the cache and the parsing workers pickle some 50 of these per claim)."""
    names = [f.name for f in fields(cls) if f.init]  # type: ignore[arg-type]  # the rest are worked out from these
    assert len(names) > 1, "attrgetter of one name gives the value, not a tuple"
    values = attrgetter(*names)

    def reduce(self: Any) -> tuple[type[R], tuple[Any, ...]]:
        return cls, values(self)

    cls.__reduce__ = reduce  # type: ignore[assignment,method-assign]
    return cls


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Where:
    """A place in an editor's file: path (relative to the project), line and column."""

    path: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Site:
    """Site-wide settings from content/site.yaml."""

    title: Text
    description: Text
    base_url: str
    languages: tuple[str, ...]
    default_language: str
    publisher: Text
    repository_url: str | None
    license_name: str
    license_url: str

    @property
    def base_path(self) -> str:
        """The path part of the base URL, always starting and ending with '/'."""
        rest = self.base_url.split("://", 1)[-1]
        path = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        return path if path.endswith("/") else path + "/"


@dataclass(frozen=True)
class Verdict:
    """One label of the verdict scale."""

    key: str
    rating: int
    label: Text
    definition: Text
    where: Where


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Paragraph:
    """One line of an archived source; `number` is stable and used in anchors."""

    number: int
    text: str
    dateline: date | None = None
    body_start: int = 0
    """Where the paragraph's own words begin (after a dateline such as ` date 2025-11-07 `)."""


@dataclass(frozen=True)
class Source:
    """An archived article: its exact text, split into paragraphs, and its metadata."""

    id: str
    text: str
    paragraphs: tuple[Paragraph, ...]
    title: Text
    language: str
    published: date | None
    outlet: Text | None
    url: str | None
    attribution: Text
    sha256: str
    where: Where

    @property
    def headline(self) -> str:
        """The first paragraph's words: the article's headline as archived."""
        first = self.paragraphs[0]
        return first.text[first.body_start :].strip()


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Span:
    """Where a verified quote stands: paragraph number and character offsets inside it."""

    paragraph: int
    start: int
    end: int


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Quote:
    """Words copied from a source, with their translation and, once verified, their span."""

    claim: str
    id: str
    source: str
    text: str
    translation: str
    prefix: str | None
    suffix: str | None
    where: Where
    source_where: Where | None = None
    span: Span | None = None
    original: str = ""
    """The source's own characters for the quoted span (set by verification)."""

    @property
    def anchor(self) -> str:
        """The fragment id of the highlighted span on the source page.

        Claim ids never contain "--" and quote ids never start with "-", so ids cannot collide.
        """
        return f"q-{self.claim}--{self.id}"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Two or more quotes set side by side, with a note on how they differ."""

    title: Text
    quotes: tuple[str, ...]
    note: Text
    where: Where
    quote_wheres: tuple[Where, ...] = ()


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Correction:
    """A dated entry in a claim's corrections log."""

    date: date
    note: Text


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Claim:
    """One fact-check."""

    id: str
    headline: Text
    claim: Text
    claimant: Text
    appearances: tuple[str, ...]
    verdict: str
    explanation: Text
    summary: Text
    quotes: tuple[Quote, ...]
    discrepancies: tuple[Discrepancy, ...]
    published: date
    updated: date | None
    corrections: tuple[Correction, ...]
    events: tuple[str, ...]
    tags: tuple[str, ...]
    where: Where
    marks: Mapping[str, Where] = field(default_factory=dict)
    """Where each top-level field stands, for messages about cross-references."""
    digest: str = ""
    """A hash of the record's file, for caching and incremental builds."""
    source_ids: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """The ids of every source the claim appeared in or quotes, sorted (worked out from the fields above)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "source_ids", tuple(sorted(self.quoted_sources.union(self.appearances))))

    @property
    def sources(self) -> frozenset[str]:
        """Every source the claim appeared in or quotes."""
        return frozenset(self.source_ids)

    @property
    def quoted_sources(self) -> frozenset[str]:
        """The sources the claim quotes."""
        return frozenset(q.source for q in self.quotes)

    def quote(self, quote_id: str) -> Quote | None:
        """The quote with a local id, if any."""
        return next((q for q in self.quotes if q.id == quote_id), None)

    @property
    def modified(self) -> date:
        """The latest of publication, update and correction dates."""
        dates = [self.published, *(c.date for c in self.corrections)]
        if self.updated:
            dates.append(self.updated)
        return max(dates)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class QuoteRef:
    """A reference from the timeline to a quote of a claim."""

    claim: str
    quote: str
    where: Where


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Account:
    """One source's version of an event, where versions differ."""

    date: PartialDate | None
    quotes: tuple[QuoteRef, ...]
    note: Text


@dataclass(frozen=True)
class Event:
    """A dated event on the timeline."""

    id: str
    date: PartialDate
    title: Text
    description: Text
    quotes: tuple[QuoteRef, ...]
    accounts: tuple[Account, ...]
    order: int
    where: Where

    @property
    def quote_refs(self) -> tuple[QuoteRef, ...]:
        """Every quote the event cites, in its own entry and in its sources' accounts."""
        return (*self.quotes, *(ref for account in self.accounts for ref in account.quotes))


@dataclass(frozen=True)
class Tag:
    """A topic label a claim may carry."""

    key: str
    label: Text


@dataclass(frozen=True)
class Page:
    """A standing page such as about or methodology."""

    slug: str
    title: Text
    description: Text
    body: Text
    where: Where


@dataclass(frozen=True)
class Project:
    """Everything the site is built from, loaded and checked."""

    site: Site
    verdicts: tuple[Verdict, ...]
    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    events: tuple[Event, ...]
    tags: tuple[Tag, ...]
    pages: tuple[Page, ...]
    incomplete: frozenset[str] = frozenset()
    """Kinds of record ("claims", "sources", "events", "tags") of which a file failed to load:
    references to them are not reported as unknown, since the record may be in the broken file."""

    @cached_property
    def verdict_by_key(self) -> dict[str, Verdict]:
        """Verdicts by key."""
        return {v.key: v for v in self.verdicts}

    @cached_property
    def source_by_id(self) -> dict[str, Source]:
        """Sources by id."""
        return {s.id: s for s in self.sources}

    @cached_property
    def claim_by_id(self) -> dict[str, Claim]:
        """Claims by id."""
        return {c.id: c for c in self.claims}

    @cached_property
    def newest_claims(self) -> tuple[Claim, ...]:
        """Claims from the newest publication date to the oldest, ties by id."""
        return tuple(sorted(self.claims, key=newest_first))

    def group_claims(self, keys_of: Callable[[Claim], Iterable[str]]) -> dict[str, tuple[Claim, ...]]:
        """Claims listed under each key they have, newest first."""
        groups: dict[str, list[Claim]] = {}
        for claim in self.newest_claims:
            for key in keys_of(claim):
                groups.setdefault(key, []).append(claim)
        return {key: tuple(claims) for key, claims in groups.items()}

    @cached_property
    def claims_by_source(self) -> dict[str, tuple[Claim, ...]]:
        """Claims by each source they appeared in or quote, newest first."""
        return self.group_claims(GROUPS["claims_by_source"])

    @cached_property
    def claims_by_event(self) -> dict[str, tuple[Claim, ...]]:
        """Claims by each timeline event they are about, newest first."""
        return self.group_claims(GROUPS["claims_by_event"])

    @cached_property
    def claims_by_tag(self) -> dict[str, tuple[Claim, ...]]:
        """Claims by each tag, newest first."""
        return self.group_claims(GROUPS["claims_by_tag"])

    @cached_property
    def claims_by_verdict(self) -> dict[str, tuple[Claim, ...]]:
        """Claims by verdict, newest first."""
        return self.group_claims(GROUPS["claims_by_verdict"])

    @cached_property
    def claims_with_discrepancies(self) -> tuple[Claim, ...]:
        """Claims with discrepancy notes, newest first."""
        return tuple(claim for claim in self.newest_claims if claim.discrepancies)

    def take_over(self, last: Project) -> bool:
        """Take the orders and groups of claims `last` worked out, with this project's records in them,
        when the two hold the same claims in the same places and every claim that is not the very record
        `last` held (an edited one) sorts and groups as its predecessor did. Whether they were taken.

        In the live preview, unchanged claims are the records of the last build: after an edit of a
        claim's text, the groups that hold it are made again, not the order of 10,000 claims and each
        group of them. Must be called before any of them is read.
        """
        if len(self.claims) != len(last.claims) or any(name in self.__dict__ for name in (*GROUPS, *ORDERS, "claim_by_id")):
            return False
        moved = replaced(self.claims, last.claims)
        if len(moved) > TAKE_OVER_LIMIT:
            return False
        swap: dict[int, Claim] = {}
        for place in moved:
            claim, before = self.claims[place], last.claims[place]
            if claim.id != before.id or not groups_alike(claim, before):
                return False
            swap[id(before)] = claim
        kept = last.__dict__
        for name in ORDERS:
            if name in kept:
                self.__dict__[name] = tuple(swap.get(id(claim), claim) for claim in kept[name])
        if "claim_by_id" in kept:
            self.__dict__["claim_by_id"] = {**kept["claim_by_id"], **{claim.id: claim for claim in swap.values()}}
        for name, keys_of in GROUPS.items():
            if name in kept:
                groups = dict(kept[name])
                for key in {key for claim in swap.values() for key in keys_of(claim)}:
                    groups[key] = tuple(swap.get(id(claim), claim) for claim in groups[key])
                self.__dict__[name] = groups
        self.__dict__["inheritance"] = (frozenset(claim.id for claim in swap.values()), dict(kept.get("derivations", {})))
        return True

    @cached_property
    def derivations(self) -> dict[str, Any]:
        """Values a later stage works out from the whole project, once per project (see `derived`)."""
        return {}

    def derived(self, name: str, make: Callable[[Project], R]) -> R:
        """`make(self)`, worked out once for this project under `name` (such as the timeline's view of
        every event, which the pages of both languages share)."""
        found = self.derivations.get(name)
        if found is None:
            found = self.derivations[name] = make(self)
        return found  # type: ignore[no-any-return]

    def inherited(self, name: str) -> tuple[frozenset[str], Any] | None:
        """When this project took over from the last one (`take_over`): the ids of the claims edited since,
        and what the last project derived under `name` (None if it derived nothing under it)."""
        inheritance = self.__dict__.get("inheritance")
        if inheritance is None or name not in inheritance[1]:
            return None
        return inheritance[0], inheritance[1][name]

    @cached_property
    def related_checks(self) -> RelatedChecks:
        """The related checks of each claim (see related.py), worked out for every claim when the site is
        planned. They come from the claim index alone, so the last build's are taken over, from memory
        or the cache, while it holds (`render.keep_related`)."""
        from .related import RelatedChecks  # related.py is built on these records

        return RelatedChecks(self)

    @cached_property
    def event_by_id(self) -> dict[str, Event]:
        """Events by id."""
        return {e.id: e for e in self.events}

    @cached_property
    def page_by_slug(self) -> dict[str, Page]:
        """Standing pages by slug."""
        return {p.slug: p for p in self.pages}

    @cached_property
    def tag_by_key(self) -> dict[str, Tag]:
        """Tags by key."""
        return {t.key: t for t in self.tags}


def newest_first(claim: Claim) -> tuple[int, str]:
    """The sort key of `Project.newest_claims`: newest publication date first, ties by id."""
    return (-claim.published.toordinal(), claim.id)


GROUPS: dict[str, Callable[[Claim], Iterable[str]]] = {
    "claims_by_source": attrgetter("source_ids"),
    "claims_by_event": lambda claim: dict.fromkeys(claim.events),
    "claims_by_tag": lambda claim: dict.fromkeys(claim.tags),
    "claims_by_verdict": lambda claim: (claim.verdict,),
}
"""The groups of claims a project works out: the keys each claim is listed under."""
ORDERS = ("newest_claims", "claims_with_discrepancies")
"""The orders of claims a project works out (by `newest_first`; the second holds the claims with discrepancy notes)."""
TAKE_OVER_LIMIT = 64
"""`Project.take_over` gives up beyond this many edited claims: making the groups afresh is then as quick."""


def groups_alike(claim: Claim, before: Claim) -> bool:
    """Whether a claim sorts and groups as `before` did: the same date, the same keys in each group (in
    the same order) and, as `claims_with_discrepancies` goes, discrepancy notes or none as before."""
    return (
        claim.published == before.published
        and bool(claim.discrepancies) == bool(before.discrepancies)
        and all(list(keys_of(claim)) == list(keys_of(before)) for keys_of in GROUPS.values())
    )
