"""The kinds of file an editor writes, defined once for validation, JSON Schema and skeletons."""

from __future__ import annotations

import re
from functools import partial

from .i18n import N_
from .languages import LANGUAGES
from .scalars import Choice, Date, Integer
from .schema import QUOTE_ID, SOURCE_ID, Bilingual, Field, ListOf, Markdown, Nullable, Record, RepositoryUrl, SiteUrl, Slug, Text, Url

EDTF = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?[~?%]?(?:/(?:\.\.|\d{4}(?:-\d{2}(?:-\d{2})?)?[~?%]?))?$")
"""A day, month or year, marked approximate or uncertain, or a range of them (open with ..); read by `dates.parse_partial`.
Written in the regular expressions JSON Schema and Python share (no named groups): the schemas carry it."""
EDTF_HINT = N_(
    "“{value}” is not a date we understand — write 2025-11-06, 2024-06, 2025, "
    "2025-09/.. (since), 2024-10/2025-11 (range), 2025-04~ (approximate) or 2025-04? (uncertain)"
)

SourceRef = partial(
    Text,
    SOURCE_ID,
    N_("“{value}” is not a valid source id — use the file name of the text in seeds/ without .txt"),
    expected=N_("a source's id"),
)
"""The id of a source: the file stem of its text in seeds/."""
QuoteId = partial(Text, QUOTE_ID, N_("“{value}” is not a valid quote id — use lowercase latin letters, digits, - or _, e.g. q1"))
"""A quote's id, local to its claim."""
EdtfDate = partial(Text, EDTF, EDTF_HINT, expected=N_("a date"), accept=("timestamp", "int"))
"""A date of any precision in the Extended Date/Time Format (ISO 8601-2) subset we support."""

LICENCE = Record(
    {
        "name": Field(Text(), doc=N_("The licence's name")),
        "url": Field(Url(), doc=N_("The licence's address")),
        "excludes": Field(Nullable(Bilingual()), required=False, doc=N_("What the licence does not cover, and why")),
    }
)
EMAIL = Text(
    re.compile(r"^(?!mailto:)[^@\s]+@[^@\s]+\.[^@\s]+$"),
    N_("“{value}” is not an email address — write it as name@example.org, without mailto:"),
    expected=N_("an email address"),
)
SHA256 = Text(
    re.compile(r"^[0-9a-f]{64}$"),
    N_(
        "“{value}” is not a SHA-256 checksum — 64 hex digits in lower case "
        "(one printed in capitals, as PowerShell's Get-FileHash prints it, is written in lower case)"
    ),
    empty=N_("“{field}” is empty — write the checksum of the archived text: `sha256sum` on the .txt file of this name gives it"),
)

TRUST_FIELDS = ("organisation", "legal_form", "responsible_editor", "contact_email", "funding")
"""The publisher's fields a reader needs to trust the publication; empty, they stop `check --strict` for a real address."""
PUBLISHER = Record(
    {
        "name": Field(Bilingual(), doc=N_("Who publishes the site")),
        "organisation": Field(Nullable(Bilingual()), required=False, doc=N_("The organisation that owns the publication")),
        "legal_form": Field(Nullable(Bilingual()), required=False, doc=N_("Its legal form and where it is registered")),
        "responsible_editor": Field(Nullable(Bilingual()), required=False, doc=N_("The editor responsible for what is published")),
        "contact_email": Field(Nullable(EMAIL), required=False, doc=N_("Where readers report errors and ask questions")),
        "funding": Field(ListOf(Bilingual()), required=False, doc=N_("Every source of the publication's money")),
    }
)

SITE = Record(
    {
        "title": Field(Bilingual(), doc=N_("The publication's name")),
        "description": Field(Bilingual(), doc=N_("One sentence about the publication")),
        "base_url": Field(SiteUrl(), doc=N_("The address the site is published at, ending in /")),
        "languages": Field(ListOf(Choice(LANGUAGES), min_items=1, unique=True), doc=N_("The site's languages")),
        "default_language": Field(Choice(LANGUAGES), doc=N_("The language of the site root and x-default")),
        "publisher": Field(PUBLISHER, doc=N_("The publisher")),
        "repository_url": Field(
            Nullable(RepositoryUrl()), required=False, doc=N_("The repository whose issue tracker takes error reports")
        ),
        "license": Field(LICENCE, doc=N_("The licence of the content")),
    },
    title="Site settings (content/site.yaml)",
)

STATUSES = ("draft", "review", "published")
"""Where a record stands in the newsroom: only `published` records go out, and only once `publish_at` has come."""
HELD_BACK = ("draft", "review")
"""The statuses of records the published edition leaves out, finished or not."""
WORKFLOW = {
    # a change of either re-renders every page: it decides which records the site shows
    "status": Field(Choice(STATUSES), required=False, doc=N_("draft, review or published (the default)"), shown_by="index"),
    "publish_at": Field(
        Nullable(Date(moment=True, expected=N_("a date, or a date and time with its zone"))),
        required=False,
        doc=N_("Hold a published record back until then: a day (2026-12-10) or a time with its zone (2026-12-10T09:00+03:00)"),
        shown_by="index",
    ),
}
"""The fields that decide when a claim, an event or a page is published."""

EVIDENCE_TESTS = ("both-reports", "one-report", "side-by-side", "within-one-report", "compared", "no-outside-record")
"""What a verdict's or flag's definition asks of a claim's evidence, each a rule `check` applies (sverka/standards.py)."""
REQUIRES = Field(
    ListOf(Choice(EVIDENCE_TESTS), unique=True), required=False, doc=N_("The tests of the definition that `check` applies to each claim")
)

VERDICT = Record(
    {
        "key": Field(Slug(), doc=N_("The verdict's id, used in claims")),
        "rating": Field(Integer(), doc=N_("A number for machine-readable output; higher is more accurate")),
        "label": Field(Bilingual(), doc=N_("The verdict's short name")),
        "definition": Field(Bilingual(Markdown()), doc=N_("What the verdict means")),
        "requires": REQUIRES,
    }
)

FLAG = Record(
    {
        "key": Field(Slug(), doc=N_("The flag's id, used in claims")),
        "label": Field(Bilingual(), doc=N_("The flag's short name")),
        "definition": Field(Bilingual(Markdown()), doc=N_("What kind of problem it names")),
        "requires": REQUIRES,
    }
)

VERDICTS = Record(
    {
        "verdicts": Field(ListOf(VERDICT, min_items=1), doc=N_("The verdict scale, from best to worst")),
        "flags": Field(ListOf(FLAG), required=False, doc=N_("Kinds of problem a check may name beside its verdict")),
    },
    title="Verdict scale (content/verdicts.yaml)",
)

SOURCE = Record(
    {
        "name": Field(Nullable(Bilingual()), required=False, doc=N_("A short name readers meet in the checks, e.g. the undated article")),
        "title": Field(Bilingual(), doc=N_("The headline as the source gives it, and its translation")),
        "language": Field(Choice(LANGUAGES), doc=N_("The language of the source text")),
        "published": Field(Nullable(Date()), doc=N_("The date the source gives, or null")),
        "outlet": Field(Nullable(Bilingual()), required=False, doc=N_("Who published it, only when known")),
        "url": Field(Nullable(Url()), required=False, doc=N_("The original address, only when known")),
        "attribution": Field(Bilingual(), doc=N_("Who the text says its information came from")),
        "sha256": Field(SHA256, doc=N_("Checksum of the archived text")),
    },
    title="Source metadata (seeds/<id>.yaml)",
)

QUOTE = Record(
    {
        "id": Field(QuoteId(), doc=N_("The quote's id within this claim")),
        "source": Field(SourceRef(), doc=N_("The id of the source it is copied from")),
        "text": Field(Text(), doc=N_("The exact words of the source")),
        "translation": Field(
            Text(),
            doc=N_("A faithful translation into the site's other language: English for a Russian source, Russian for an English one"),
        ),
        "prefix": Field(Nullable(Text()), required=False, doc=N_("Text just before the quote, when it occurs twice")),
        "suffix": Field(Nullable(Text()), required=False, doc=N_("Text just after the quote, when it occurs twice")),
    }
)

DISCREPANCY = Record(
    {
        "title": Field(Bilingual(), doc=N_("What the sources disagree on")),
        "quotes": Field(ListOf(QuoteId(), min_items=2, unique=True), doc=N_("Two or more quote ids of this claim")),
        "note": Field(Bilingual(Markdown()), doc=N_("How they differ and what it means")),
    }
)

CORRECTION = Record(
    {
        "date": Field(Date(), doc=N_("When the correction was made")),
        "note": Field(Bilingual(Markdown()), doc=N_("What was corrected")),
    }
)

CLAIM = Record(
    {
        "headline": Field(Bilingual(), doc=N_("The page title"), shown_by="headlines_of"),
        "claim": Field(Bilingual(), doc=N_("What the claimant said, quoted or closely paraphrased")),
        "claimant": Field(Bilingual(), doc=N_("Who made the statement")),
        "appearances": Field(
            ListOf(SourceRef(), min_items=1, unique=True), doc=N_("Sources where it appeared, the first one first"), shown_by="index"
        ),
        # any text, not only an id: an unknown verdict is told the nearest one by key or label
        "verdict": Field(
            Text(empty=N_("“{field}” is empty — write a key of the verdict scale in content/verdicts.yaml")),
            doc=N_("A key from content/verdicts.yaml"),
            shown_by="index",
        ),
        # flags place a claim among the others: the discrepancy index lists first the checks that turn on a disagreement
        "flags": Field(
            ListOf(Slug(), unique=True),
            required=False,
            doc=N_("Keys of flags from content/verdicts.yaml: the kinds of problem found"),
            shown_by="index",
        ),
        "explanation": Field(Bilingual(), doc=N_("One or two sentences: why this verdict"), shown_by="explanations_of"),
        "summary": Field(Bilingual(Markdown()), doc=N_("The reasoning, in markdown")),
        "quotes": Field(ListOf(QUOTE, min_items=1), doc=N_("The evidence, copied from the sources"), shown_by="quotes_of"),
        "discrepancies": Field(ListOf(DISCREPANCY), required=False, doc=N_("Where the sources disagree"), shown_by="discrepancies_of"),
        "published": Field(Date(), doc=N_("Publication date of this fact-check"), shown_by="index"),
        "updated": Field(Nullable(Date()), required=False, doc=N_("Date of the last substantive update"), shown_by="index"),
        "corrections": Field(ListOf(CORRECTION), required=False, doc=N_("The corrections log, oldest first"), shown_by="corrections_of"),
        "events": Field(ListOf(Slug(), unique=True), required=False, doc=N_("Ids of timeline events"), shown_by="index"),
        "tags": Field(ListOf(Slug(), unique=True), required=False, doc=N_("Keys from content/tags.yaml"), shown_by="index"),
        # the addresses of checks merged into this one, or of its earlier id: links to them keep working
        "aliases": Field(
            ListOf(Slug(), unique=True),
            required=False,
            doc=N_("Ids this check was published under before, its own or those of checks merged into it: their addresses lead here"),
            shown_by="index",
        ),
        "priority": Field(
            Nullable(Integer()),
            required=False,
            doc=N_("Where the home page places it: higher first; checks without one follow, newest first"),
            shown_by="index",
        ),
        **WORKFLOW,
    },
    title="Fact-check (content/claims/<id>.yaml)",
)

QUOTE_REF = Record(
    {
        "claim": Field(Slug(), doc=N_("The id of the claim that holds the quote")),
        "quote": Field(QuoteId(), doc=N_("The quote's id in that claim")),
    }
)

ACCOUNT = Record(
    {
        "date": Field(Nullable(EdtfDate()), required=False, doc=N_("The date this account gives")),
        "quotes": Field(ListOf(QUOTE_REF, min_items=1), doc=N_("The quotes of this account")),
        "note": Field(Bilingual(Markdown()), doc=N_("What this account says")),
    }
)

EVENT = Record(
    {
        "id": Field(Slug(), doc=N_("The event's id")),
        "date": Field(EdtfDate(), doc=N_("EDTF date: 2025-11-06, 2024-06, 2025, 2025-09/.., 2024-10/2025-11, 2025-04~")),
        "title": Field(Bilingual(), doc=N_("What happened, in a line")),
        "description": Field(Bilingual(Markdown()), doc=N_("What happened, in more detail")),
        "quotes": Field(ListOf(QUOTE_REF, min_items=1), doc=N_("The quotes it rests on")),
        "accounts": Field(ListOf(ACCOUNT), required=False, doc=N_("Differing dates or figures given by the sources")),
        **WORKFLOW,
    }
)

TIMELINE = Record(
    {"events": Field(ListOf(EVENT), doc=N_("Dated events; those on one date keep this order"))},
    title="Timeline (content/timeline.yaml)",
)

TAG = Record({"key": Field(Slug(), doc=N_("The tag's id, used in claims")), "label": Field(Bilingual(), doc=N_("The tag's name"))})

TAGS = Record({"tags": Field(ListOf(TAG), doc=N_("Tags that claims may carry"))}, title="Tags (content/tags.yaml)")

PAGE = Record(
    {
        "title": Field(Bilingual(), doc=N_("The page title")),
        "description": Field(Bilingual(), doc=N_("One sentence for search engines and link previews")),
        "body": Field(Bilingual(Markdown()), doc=N_("The page text, in markdown")),
        **WORKFLOW,
    },
    title="Page (content/pages/<slug>.yaml)",
)
