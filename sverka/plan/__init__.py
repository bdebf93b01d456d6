"""Planning: every page and file of the site as a job for the renderer, one module per kind of page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..i18n import N_
from ..jobs import PageJob
from ..problems import Collector, Problem, freeze
from ..project import Project
from .comparison import plan_comparisons
from .desk import plan_desk
from .evidence import plan_discrepancies, plan_sources
from .feeds import plan_feeds, plan_sitemap
from .navigation import plan_navigation
from .opendata import plan_open_data
from .pages import STATIC, icon_jobs, media_jobs, plan_pages, static_jobs
from .timeline import plan_timeline, plan_timeline_json

SitePlan = Callable[[Project], list[PageJob]]

PLANNERS: tuple[SitePlan, ...] = (
    plan_pages,
    plan_navigation,
    plan_sources,
    plan_discrepancies,
    plan_comparisons,
    plan_timeline,
    plan_timeline_json,
    plan_feeds,
    plan_open_data,
    plan_desk,
)
"""Functions listing the site's pages and files (the sitemap is planned last, from the pages). A planner decides which
files exist and what each shows from the shared inputs alone (`sverka.incremental.fingerprints`), naming records by id;
one that reads anything else about a claim must add it to the claim index there."""


def plan_site(project: Project) -> list[PageJob]:
    """Every page and file of the site, in a stable order."""
    jobs = [job for planner in PLANNERS for job in planner(project)]
    return jobs + plan_sitemap(project, jobs)


def plan(project: Project, root: Path, problems: Collector, planner: SitePlan = plan_site) -> list[PageJob]:
    """The jobs of the site and its static files, one per output path: a second job for a path is reported, not kept."""
    origin: dict[str, str] = {}
    jobs = []
    for job in [*planner(project), *static_jobs(root / "templates" / STATIC), *icon_jobs(root / "templates"), *media_jobs(project, root)]:
        if reserve_path(origin, job.output, made_from(project, job), problems):
            jobs.append(job)
    return jobs


def made_from(project: Project, job: PageJob) -> str:
    """What a job's file is made from, as messages name it: a standing page's file, else the template or path."""
    page = project.page_by_slug.get((job.key or "").strip("/")) if job.template == "page.html" else None
    return page.where.path if page is not None else job.template or job.path


def reserve_path(origin: dict[str, str], path: str, source: str, problems: Collector) -> bool:
    """Reserve an output path for one job; a second page on the same path is an error, not an overwrite, told at
    the editor's file if one of the two is made from one (a standing page named like a section of the site)."""
    if path in origin:
        first = origin[path]
        editors = [made for made in (first, source) if made.startswith("content/")]
        if len(editors) == 1:  # a standing page named like a section of the site: told once, not per language
            template = N_("the name “{name}” is the address of one of the site's own pages (/…/{name}/) — rename the file")
            problems.add_once(Problem(editors[0], 1, 1, template, freeze({"name": path.split("/")[1]})))
        else:
            template = N_("two pages would be written to site/{output} (from {first} and {second}) — rename one of them")
            problems.add(source, 1, 1, template, output=path, first=first, second=source)
        return False
    origin[path] = source
    return True
