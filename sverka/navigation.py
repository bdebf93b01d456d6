"""Pages for finding a check: lists per verdict, the index of sources, the search page."""

from __future__ import annotations

from .records import Project
from .related import claims_with_verdict
from .render import PageJob


def plan_navigation(project: Project) -> list[PageJob]:
    """One list per verdict, the sources index and the search page, in every language."""
    jobs: list[PageJob] = []
    sources = sorted(project.sources, key=lambda s: (-(s.published.toordinal() if s.published else 0), s.id))
    for lang in project.site.languages:
        for verdict in project.verdicts:
            key = f"verdicts/{verdict.key}/"
            context = {"verdict": verdict, "claims": claims_with_verdict(project, verdict.key)}
            jobs.append(PageJob(f"{lang}/{key}", "verdict_list.html", lang, key, context))
        jobs.append(PageJob(f"{lang}/sources/", "sources.html", lang, "sources/", {"sources": sources}))
        jobs.append(PageJob(f"{lang}/search/", "search.html", lang, "search/", {"claims": project.newest_claims}))
    return jobs
