"""The editor's desk, in the editors' edition only: every check by state, the build's warnings and notes,
what of each source is left to read, and what lacks its counterpart or its translation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

from markupsafe import Markup, escape

from ..editions import PUBLISHED, SCHEDULED, key
from ..editorial import UNTRANSLATED
from ..i18n import translate
from ..jobs import Needs, PageJob
from ..load import claim_file
from ..problems import SEVERITY_LABELS, Problem
from ..project import Project
from ..records import Claim, Paragraph, Source
from .timeline import event_address

DESK = "_desk/"
STATES = ("draft", "review", SCHEDULED, PUBLISHED)
"""The states in the order a check passes through them."""
COVERED = re.compile(r"/(?:ru|en)/sources/([^/\s)]+)/#p-(\d+)\b")
"""A link of the coverage page to a paragraph of a source (`/ru/sources/ID/#p-N`)."""


SHOWN = Needs(headlines_of=None, quotes_of=None, sources=None, report=True)
"""What the desk shows beyond the claim index: every check's headline, where every quote stands (what is left to
read), every source, and the build's warnings and notes. An edit of a check's own page leaves it as it was."""


def plan_desk(project: Project) -> list[PageJob]:
    if not project.drafts:
        return []
    # `_desk/` in the site's default language, `{lang}/_desk/` in the others
    paths = {lang: DESK if lang == project.site.default_language else f"{lang}/{DESK}" for lang in project.site.languages}
    return [PageJob(path, "desk.html", lang, None, partial(desk_context, lang, paths), SHOWN) for lang, path in paths.items()]


@dataclass(frozen=True)
class Reported:
    """A warning or note of the build as the desk lists it, with the page of the record it is about, if any."""

    place: str
    label: str
    message: Markup
    page: tuple[str, str] | None
    """The route and key of the record's page (`url_for`)."""


@dataclass(frozen=True)
class Entry:
    """A record as the desk lists it: its page (route and key, for `url_for`), its title, and the field meant, if any."""

    page: tuple[str, str]
    title: Mapping[str, str]


LATEST_PUBLISHED = 50
"""Published checks the desk lists: a desk is about what changes, and thousands would make every preview rebuild render them all."""


def desk_context(lang: str, paths: Mapping[str, str], project: Project) -> dict[str, object]:
    pages = record_pages(project)
    return {
        "language_paths": paths,
        "claim_file": claim_file,
        "problems": [told(problem, lang, pages) for problem in project.report if problem.template not in UNTRANSLATED],
        "untranslated": [told(problem, lang, pages) for problem in project.report if problem.template in UNTRANSLATED],
        **project.derived("desk", desk_lists),  # the same in both languages: made once
    }


def desk_lists(project: Project) -> dict[str, object]:
    return {
        "states": checks_by_state(project),
        "unread": unread_paragraphs(project),
        "lone_sources": [Entry(("source", s.id), s.short_name) for s in project.sources if s.id not in project.claims_by_source],
        "lone_events": [
            Entry(("page", event_address(project, e.id)), e.title) for e in project.events if e.id not in project.claims_by_event
        ],
        "lone_checks": [Entry(("claim", c.id), c.headline) for c in project.newest_claims if not c.events],
    }


def checks_by_state(project: Project) -> list[tuple[str, list[Claim], int]]:
    """The checks under each state, with how many it has: scheduled ones by the moment they go out, the others by their
    last change, newest first; of the published, only the LATEST_PUBLISHED last changed (the archive lists them all)."""
    groups: dict[str, list[Claim]] = {state: [] for state in STATES}
    for claim in sorted(project.claims, key=lambda c: (-c.modified.toordinal(), c.id)):
        groups[project.unpublished.get(key("claim", claim.id), PUBLISHED)].append(claim)
    groups[SCHEDULED].sort(key=lambda c: (c.publish_at, c.id))
    return [(state, claims[:LATEST_PUBLISHED] if state == PUBLISHED else claims, len(claims)) for state, claims in groups.items()]


def record_pages(project: Project) -> dict[str, tuple[str, str]]:
    """The page of each record's file: checks, sources, standing pages and the timeline, by path."""
    pages = {event.where.path: ("page", "timeline/") for event in project.events}
    pages |= {claim_file(claim.id): ("claim", claim.id) for claim in project.claims}
    pages |= {source.where.path: ("source", source.id) for source in project.sources}
    return pages | {page.where.path: ("page", f"{page.slug}/") for page in project.pages}


def told(problem: Problem, lang: str, pages: Mapping[str, tuple[str, str]]) -> Reported:
    label = translate(lang, SEVERITY_LABELS.get(problem.severity, problem.severity))
    return Reported(problem.place, label, as_code(problem.message(lang)), pages.get(problem.path))


def as_code(message: str) -> Markup:
    """A message with the names it puts in backticks (`published: 2026-12-10`) set as code, the rest escaped."""
    parts = message.split("`")
    if len(parts) % 2 == 0:  # a stray backtick: shown as written
        return escape(message)
    return Markup("").join(Markup("<code>%s</code>") % part if number % 2 else escape(part) for number, part in enumerate(parts))


def unread_paragraphs(project: Project) -> list[tuple[Source, list[Paragraph]]]:
    """Each source with the paragraphs that no check quotes and the coverage page does not link (sources with none left out)."""
    read = {(quote.source, quote.span.paragraph) for claim in project.claims for quote in claim.quotes if quote.span is not None}
    coverage = project.page_by_slug.get("coverage")
    if coverage is not None:
        read |= {(found[1], int(found[2])) for text in coverage.body.values() for found in COVERED.finditer(text)}
    left = [(source, [p for p in source.paragraphs if (source.id, p.number) not in read]) for source in project.sources]
    return [(source, paragraphs) for source, paragraphs in left if paragraphs]
