"""What the site is made of: every page and file, planned as jobs for the renderer."""

from __future__ import annotations

from .evidence import plan_discrepancies, plan_sources
from .feeds import plan_feeds, plan_sitemap
from .navigation import plan_navigation
from .opendata import plan_open_data
from .records import Project
from .render import PageJob, SitePlan, plan_pages
from .timeline import plan_timeline, plan_timeline_json

PLANNERS: tuple[SitePlan, ...] = (
    plan_pages,
    plan_navigation,
    plan_sources,
    plan_discrepancies,
    plan_timeline,
    plan_timeline_json,
    plan_feeds,
    plan_open_data,
)
"""Functions listing the site's pages and files (the sitemap is planned last, from the pages).

A planner decides which files exist, and what each shows, from the layout alone: the inputs every
page shares (standing content, templates, catalogs, the list of sources, the claim index) and which
claims have discrepancy notes (`Fingerprints.layout`). Jobs name records by id; their records are
looked up when a page is rendered. The live preview keeps a plan while its layout holds, so a planner
that reads anything else about a record must add it to the layout.
"""


def plan_site(project: Project) -> list[PageJob]:
    """Every page and file of the site, in a stable order."""
    jobs = [job for planner in PLANNERS for job in planner(project)]
    return jobs + plan_sitemap(project, jobs)
