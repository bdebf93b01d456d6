"""The publication's standards as check rules: what a verdict's or flag's definition asks of a claim's
evidence, dated outside records, timeline dates no finer than what dates them, and the publisher's trust fields."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from .dates import Point
from .i18n import N_
from .kinds import TRUST_FIELDS
from .languages import LANGUAGES
from .problems import Collector, each_language
from .project import Project
from .records import Claim, Event, Flag, Quote, QuoteRef, Site, Verdict, Where
from .schema import Rec

CONTEXT_LABEL = {"ru": "Контекст (вне источников):", "en": "Context (outside the sources):"}
"""How a paragraph of outside context begins (methodology): a labelled, dated public record."""
YEAR = re.compile(r"\b(1[5-9]|20)\d\d\b")
MONTHS = (
    r"январ\w*|january|jan\.?",
    r"феврал\w*|february|feb\.?",
    r"март\w*|march",
    r"апрел\w*|april|apr\.?",
    r"ма[йяе]|may",
    r"июн\w*|june|jun\.?",
    r"июл\w*|july|jul\.?",
    r"август\w*|august|aug\.?",
    r"сентябр\w*|september|sept?\.?",
    r"октябр\w*|october|oct\.?",
    r"ноябр\w*|november|nov\.?",
    r"декабр\w*|december|dec\.?",
)
"""Each month's names in the sources' languages, Russian in every case form."""
RESERVED_HOSTS = re.compile(r"(^|\.)(test|example|invalid)$|(^|\.)example\.(com|net|org)$")
"""Names reserved for testing and documentation (RFC 2606, RFC 6761): never a publication's address."""


@dataclass(frozen=True)
class EvidenceTest:
    """One test a definition asks of a claim's evidence: whether the claim passes, and what to do if not."""

    passes: Callable[[Claim], bool]
    message: str


def places_count(quotes: list[Quote]) -> int:
    """How many places quotes stand in: overlapping spans in one paragraph are one place; a quote with no known span is one of its own."""
    spans = sorted((q.source, q.span.paragraph, q.span.start, q.span.end) for q in quotes if q.span)
    count, reach = len({q.id for q in quotes if not q.span}), None
    for source, paragraph, start, end in spans:
        if reach is not None and reach[:2] == (source, paragraph) and start < reach[2]:
            reach = (source, paragraph, max(end, reach[2]))  # overlaps the place before: the same place
        else:
            count, reach = count + 1, (source, paragraph, end)
    return count


def notes_quotes(claim: Claim) -> Iterator[list[Quote]]:
    for note in claim.discrepancies:
        yield [q for q in map(claim.quote, note.quotes) if q is not None]


def context_paragraphs(text: str, lang: str) -> list[str]:
    """The paragraphs of a text that give outside context (they begin with the methodology's label)."""
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip().startswith(CONTEXT_LABEL[lang])]


def cites_record(claim: Claim) -> bool:
    """Whether the claim's summary gives a labelled public record."""
    return any(context_paragraphs(claim.summary.get(lang, ""), lang) for lang in LANGUAGES)


def sets_side_by_side(claim: Claim) -> bool:
    """Whether a discrepancy note sets quotes from two places side by side."""
    return any(places_count(quotes) >= 2 for quotes in notes_quotes(claim))


def compares_within_one_report(claim: Claim) -> bool:
    """Whether a discrepancy note sets two passages of one report side by side."""
    return any(len({q.source for q in quotes}) == 1 and places_count(quotes) >= 2 for quotes in notes_quotes(claim))


TESTS: Mapping[str, EvidenceTest] = {
    "both-reports": EvidenceTest(
        lambda c: len(set(c.appearances)) >= 2 and set(c.appearances) <= c.quoted_sources,
        N_("“{name}” ({label}) needs the statement in at least two reports — list each under `appearances:` and quote each one"),
    ),
    "one-report": EvidenceTest(
        lambda c: len(set(c.appearances)) == 1,
        N_(
            "“{name}” ({label}) needs the statement in exactly one report — list only that report under `appearances:` "
            "(quote the other for comparison) or choose another verdict"
        ),
    ),
    "side-by-side": EvidenceTest(
        sets_side_by_side, N_("“{name}” ({label}) needs the differing passages side by side — add a discrepancy note quoting both")
    ),
    "within-one-report": EvidenceTest(
        compares_within_one_report,
        N_("“{name}” ({label}) needs two passages of one report side by side — add a discrepancy note quoting both"),
    ),
    "compared": EvidenceTest(
        lambda c: sets_side_by_side(c) or cites_record(c),
        N_(
            "“{name}” ({label}) needs the evidence that shows the problem — a discrepancy note quoting two places, "
            "or a labelled, dated public record in the summary"
        ),
    ),
    "no-outside-record": EvidenceTest(
        lambda c: not cites_record(c),
        N_(
            "“{name}” ({label}) says nothing settles the statement, yet the summary cites a public record — "
            "rate the claim by that record, or leave out a record that does not bear on it"
        ),
    ),
}
"""The tests verdicts and flags may require (kinds.EVIDENCE_TESTS), each with its message."""


def check_evidence(claim: Claim, project: Project, problems: Collector) -> None:
    """The claim's flags exist, its evidence passes what its verdict's and flags' definitions require, and its outside records are dated."""
    verdict = project.verdict_by_key.get(claim.verdict)
    rated: list[tuple[Verdict | Flag, Where]] = [(verdict, claim.marks.get("verdict", claim.where))] if verdict else []
    for key in claim.flags:
        flag = project.flag_by_key.get(key)
        if flag is None:
            template = N_("unknown flag “{value}” — add it under `flags:` in content/verdicts.yaml or use one of: {options}")
            problems.at(claim.item_place("flags", key), template, value=key, options=", ".join(project.flag_by_key) or "—")
        else:
            rated.append((flag, claim.item_place("flags", key)))
    for definition, place in rated:
        for name in definition.requires:
            if not TESTS[name].passes(claim):
                problems.at(place, TESTS[name].message, name=definition.key, **each_language("label", definition.label))
    for lang in LANGUAGES:
        for paragraph in context_paragraphs(claim.summary.get(lang, ""), lang):
            if not YEAR.search(paragraph):
                template = N_("a paragraph of outside context gives no date — name the public record and its date")
                problems.at(claim.marks.get(f"summary.{lang}", claim.marks.get("summary", claim.where)), template)


def names_point(point: Point, text: str) -> bool:
    """Whether a text names a point's finest part: its day with the month, its month, or its year."""
    month = f"(?:{MONTHS[point.month - 1]})" if point.month else ""
    if point.day:
        pattern = rf"\b{point.day}\s+{month}\b|\b{month}\s+{point.day}\b"
    elif point.month:
        pattern = rf"\b{month}\b"
    else:
        pattern = rf"\b{point.year}\b"
    return re.search(pattern, text, re.IGNORECASE) is not None


def quoted_text(project: Project, refs: tuple[QuoteRef, ...]) -> str:
    """The words of the quotes a timeline entry cites."""
    quotes = (project.claim_by_id[r.claim].quote(r.quote) for r in refs)
    return "\n".join(q.text for q in quotes if q is not None)


def check_timeline_dates(project: Project, problems: Collector) -> None:
    """Every event and account is dated no more precisely than its quotes, unless its description gives the
    labelled public record that dates it (a warning, which `check --strict` turns into an error)."""
    if "claims" in project.incomplete:
        return
    for event in project.events:
        if any(context_paragraphs(event.description.get(lang, ""), lang) for lang in LANGUAGES):
            continue
        dated = event.marks.get("date", event.where)
        entries = [(event.date, event.quote_refs, dated), *((a.date, a.quotes, event.where) for a in event.accounts if a.date is not None)]
        for partial, refs, place in entries:
            if not all(r.claim in project.claim_by_id and project.claim_by_id[r.claim].quote(r.quote) for r in refs):
                continue  # a quote held back or not found (told apart) may be the one that dates it
            text = quoted_text(project, refs)
            undated = [point for point in (partial.start, partial.end) if point is not None and not names_point(point, text)]
            if undated:  # a range's two ends are one date to correct, told once
                report_undated(event, partial.text, undated[0], place, problems)


def report_undated(event: Event, value: str, point: Point, where: Where, problems: Collector) -> None:
    """A date the event's quotes do not give (more precise than they are, or another), at the date's place."""
    precisions = {"day": N_("to the day"), "month": N_("to the month"), "year": N_("to the year")}
    template = N_(
        "“{value}” dates event “{id}” {precision}, but the quotes it cites do not give that date — date it only as the "
        "quotes do, or add the public record that dates it to the description (“Context (outside the sources): …”)"
    )
    problems.at(where, template, "warning", value=value, id=event.id, precision=precisions[point.precision])


def is_for_readers(site: Site) -> bool:
    """Whether a build is for readers: its address is neither this machine, a private network nor a reserved name."""
    return not site.is_local and not RESERVED_HOSTS.search((urlsplit(site.base_url).hostname or "").rstrip(".").lower())


def report_trust_gaps(path: str, rec: Rec, site: Site, problems: Collector) -> None:
    """Each empty trust field of the publisher: a warning when building for readers (so `--strict` stops), else a notice (stops nothing)."""
    publisher = rec["publisher"]
    report = problems.warn if is_for_readers(site) else problems.notice
    for name in TRUST_FIELDS:
        if not publisher.get(name):
            template = N_(
                "the publisher's `{field}` is empty — fill it in before publishing: until then pages say “Not stated yet”, "
                "and a build for a public address stops on it under --strict"
            )
            line, column = publisher.at(name)
            report(path, line, column, template, field=name)
