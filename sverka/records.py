"""The publication's data: one frozen record type per concept."""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from urllib.parse import urlsplit

from .dates import PartialDate

Text = Mapping[str, str]
"""A text in every language of the site, keyed by language code."""


@dataclass(frozen=True, slots=True)
class Where:
    """A place in an editor's file: path (relative to the project), line and column."""

    path: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True)
class Trust:
    """Who stands behind the publication, from site.yaml's publisher: empty until the real publisher fills it in."""

    organisation: Text | None = None
    legal_form: Text | None = None
    responsible_editor: Text | None = None
    contact_email: str | None = None
    funding: tuple[Text, ...] = ()


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
    license_excludes: Text | None = None
    """What the licence does not cover (the archived third-party texts), or None."""
    trust: Trust = field(default_factory=Trust)

    @property
    def base_path(self) -> str:
        """The path part of the base URL, always starting and ending with '/'."""
        rest = self.base_url.split("://", 1)[-1]
        path = "/" + rest.split("/", 1)[1] if "/" in rest else "/"
        return path if path.endswith("/") else path + "/"

    @property
    def is_local(self) -> bool:
        return is_local(self.base_url)


def is_local(url: str) -> bool:
    """Whether an address points at this machine or a private network, where no reader can follow it."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
        address = ipaddress.ip_address(host)
    except ValueError:  # a name, or an address that cannot be parsed
        return host in ("", "localhost") or host.endswith((".localhost", ".local"))
    return address.is_loopback or address.is_private or address.is_link_local or address.is_unspecified


@dataclass(frozen=True)
class Verdict:
    """One label of the verdict scale."""

    key: str
    rating: int
    label: Text
    definition: Text
    where: Where
    requires: tuple[str, ...] = ()
    """The tests of the definition that `check` applies to each claim with this verdict (kinds.EVIDENCE_TESTS)."""


@dataclass(frozen=True)
class Flag:
    """A kind of problem a check may name beside its verdict, independent of the rating."""

    key: str
    label: Text
    definition: Text
    where: Where
    requires: tuple[str, ...] = ()


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
    name: Text | None = None
    """A short name readers meet in the checks; the title when none is given."""
    published_where: Where | None = field(default=None, repr=False, compare=False)

    @property
    def short_name(self) -> Text:
        return self.name or self.title

    @property
    def headline(self) -> str:
        """The first paragraph's words: the article's headline as archived."""
        first = self.paragraphs[0]
        return first.text[first.body_start :].strip()


@dataclass(frozen=True, slots=True)
class Span:
    """Where a verified quote stands: paragraph number and character offsets inside it."""

    paragraph: int
    start: int
    end: int


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
    where: Where = field(repr=False)  # places in the editor's file are no part of what pages show (see repr)
    source_where: Where | None = field(default=None, repr=False)
    affix_wheres: tuple[Where, Where] | None = field(default=None, repr=False)  # where `prefix:` and `suffix:` stand
    span: Span | None = None
    original: str = ""
    """The source's own characters for the quoted span (set by verification)."""

    @property
    def anchor(self) -> str:
        """The span's fragment id on the source page, unique since claim ids never contain "--" and quote ids never start with "-"."""
        return f"q-{self.claim}--{self.id}"


@dataclass(frozen=True, slots=True)
class Discrepancy:
    """Two or more quotes set side by side, with a note on how they differ."""

    title: Text
    quotes: tuple[str, ...]
    note: Text
    where: Where = field(repr=False)
    quote_wheres: tuple[Where, ...] = field(default=(), repr=False)
    note_wheres: Mapping[str, Where] = field(default_factory=dict, repr=False)
    """Where the note stands in each language."""


@dataclass(frozen=True, slots=True)
class Correction:
    """A dated entry in a claim's corrections log."""

    date: date
    note: Text


@dataclass(frozen=True)
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
    flags: tuple[str, ...] = ()
    """Keys of the flags naming the kinds of problem found, beside the verdict."""
    priority: int | None = None
    """The editor's placing on the home page: higher first."""
    aliases: tuple[str, ...] = ()
    """Ids it was published under before (its own, or of checks merged into it): their addresses lead to it."""
    images: Mapping[str, Where] = field(default_factory=dict)  # the images its prose shows (media/NAME), at their first places
    links: Mapping[str, Where] = field(default_factory=dict)  # the addresses its prose links to, at their first places (Prose.links)
    quote_links: tuple[tuple[str, str, Where], ...] = ()  # each link of its prose to one of its quotes: address, words, place
    status: str = "published"  # draft, review or published; with publish_at, what `editions` decides on
    publish_at: datetime | None = None

    def item_place(self, field: str, value: str) -> Where:
        """Where one id listed under a field stands: the item, else the field."""
        return self.marks.get(f"{field}:{value}") or self.marks.get(field, self.where)

    @cached_property
    def source_ids(self) -> tuple[str, ...]:
        """The ids of every source the claim appeared in or quotes, sorted."""
        return tuple(sorted(self.quoted_sources.union(self.appearances)))

    @property
    def quoted_sources(self) -> frozenset[str]:
        return frozenset(q.source for q in self.quotes)

    def quote(self, quote_id: str) -> Quote | None:
        """The quote with a local id, if any."""
        return next((q for q in self.quotes if q.id == quote_id), None)

    def quote_number(self, quote_id: str) -> int:
        """A quote's number in the check's evidence, from 1, as pages name it (“Quote 2”)."""
        return next(number for number, q in enumerate(self.quotes, 1) if q.id == quote_id)

    @property
    def modified(self) -> date:
        """The latest of publication, update and correction dates."""
        return max(self.published, self.updated or self.published, *(c.date for c in self.corrections))


@dataclass(frozen=True, slots=True)
class QuoteRef:
    """A reference from the timeline to a quote of a claim."""

    claim: str
    quote: str
    where: Where


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
    status: str = "published"
    publish_at: datetime | None = None
    links: Mapping[str, Where] = field(default_factory=dict)
    """The addresses of this site its description and accounts link to, at their first places."""
    marks: Mapping[str, Where] = field(default_factory=dict)
    """Where each of its fields stands in the timeline file."""

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
    marks: Mapping[str, Where] = field(default_factory=dict)
    """Where each field stands, for messages about what the page says."""
    status: str = "published"
    publish_at: datetime | None = None
    links: Mapping[str, Where] = field(default_factory=dict)
    """The addresses its body links to, at their first places (Prose.links)."""
