"""The fact-check pages, the standing pages, the entry pages and the static files."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

from ..compare import marked_quotes, view_discrepancies
from ..gallery import MEDIA
from ..jobs import ALL_SOURCES, Needs, PageJob, Renders, file_job
from ..project import Project
from ..related import CorrectionEntry, corrections_log, related_checks
from .evidence import pair_key, pairs_among
from .navigation import paged_jobs
from .timeline import chronological, describe_date, event_address

STATIC = "static"
CORRECTIONS_PER_PAGE = 50
"""Corrections per page of the corrections log: the first page is the standing page, its policy above the newest."""


def plan_pages(project: Project) -> list[PageJob]:
    """The entry pages, every claim's page and the standing pages, in a stable order."""
    jobs = [PageJob("", "root.html", None, "", needs=Needs()), PageJob("404.html", "404.html", None, None, needs=Needs())]
    related = related_checks(project)
    for lang in project.site.languages:
        for claim in project.claims:
            listed = related.ids_of(claim)
            needs = Needs(claims=(claim.id,), headlines_of=listed, sources=claim.source_ids)
            context = partial(claim_context, claim.id, lang)
            jobs.append(
                PageJob(f"{lang}/claims/{claim.id}/", "claim.html", lang, f"claims/{claim.id}/", context, needs, modified=claim.modified)
            )
            moved, shown = {"claim_id": claim.id}, Needs(headlines_of=(claim.id,))  # earlier addresses leading to the page
            jobs += [PageJob(f"{lang}/claims/{alias}/", "moved.html", lang, None, moved, shown) for alias in claim.aliases]
        for page in project.pages:
            if page.slug != "corrections":
                context = partial(page_context, page.slug)
                jobs.append(PageJob(f"{lang}/{page.slug}/", "page.html", lang, f"{page.slug}/", context, ALL_SOURCES))
    if "corrections" in project.page_by_slug:
        jobs += corrections_jobs(project)
    return jobs


def corrections_jobs(project: Project) -> list[PageJob]:
    """The corrections page (a standing page) over the newest corrections, each under its claim's headline, and the
    older ones on numbered pages (`corrections/page/2/`): a headline edit re-renders only the page showing its check."""
    return paged_jobs(
        project,
        "corrections.html",
        "corrections/",
        corrections_log,
        CORRECTIONS_PER_PAGE,
        partial(page_context, "corrections"),
        needs=corrected,
        first_template="page.html",
    )  # ordered by the claim index's dates: planning reads no note


def corrected(share: Sequence[CorrectionEntry]) -> Needs:
    shown = tuple(sorted({entry.claim.id for entry in share}))
    return Needs(headlines_of=shown, corrections_of=shown, sources=None)


def claim_context(claim_id: str, lang: str, project: Project) -> dict[str, object]:
    """What a claim's page shows: the claim, its quotes with the words its notes compare marked, those notes, and its events dated."""
    claim = project.claim_by_id[claim_id]
    languages = {key: project.source_by_id[key].language for key in claim.source_ids if key in project.source_by_id}
    events = chronological(project.event_by_id[key] for key in claim.events if key in project.event_by_id)
    return {
        "claim": claim,
        "discrepancies": view_discrepancies(claim, languages),
        "marked": marked_quotes(claim, languages),
        "events": [(event, describe_date(event.date, lang), event_address(project, event.id)) for event in events],
        "first_appearance": project.first_appearance(claim),
        "compared": [
            (project.source_by_id[a], project.source_by_id[b], pair_key(a, b))
            for a, b in pairs_among(claim.source_ids, project.source_by_id)
        ],
    }


def page_context(slug: str, project: Project) -> dict[str, object]:
    return {"page": project.page_by_slug[slug]}


def static_jobs(folder: Path) -> list[PageJob]:
    """Every static asset (stylesheets, scripts) copied as it is, sorted."""
    if not folder.is_dir():
        return []
    files = sorted(f for f in folder.rglob("*") if f.is_file())
    return [file_job(f"{STATIC}/{f.relative_to(folder).as_posix()}", partial(read_static, f), Needs(), "templates/static") for f in files]


ICON = "favicon.ico"
"""The icon every browser asks a site's root for; pages link it, and static/favicon.svg, under the base path."""


def icon_jobs(templates: Path) -> list[PageJob]:
    file = templates / ICON
    return [file_job(ICON, partial(read_static, file), Needs(), f"templates/{ICON}")] if file.is_file() else []


def media_jobs(project: Project, root: Path) -> list[PageJob]:
    """Every image of the gallery, copied under its published name."""
    return [file_job(image.output, partial(read_static, root / "content" / image.name), Needs(), MEDIA) for image in project.media]


def read_static(file: Path, renderer: Renders) -> bytes:
    return file.read_bytes()
