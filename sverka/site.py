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

A planner decides which files exist, and what each shows, from the inputs every page shares alone
(`Fingerprints.shared`: standing content, templates, catalogs, the list of sources, and the claim
index, which says what places each claim among the others and whether it has discrepancy notes). Jobs
name records by id; their records are looked up when a page is rendered. Since every file's
fingerprint includes the shared inputs, what a file takes from the plan (page counts and links, the
sitemap's addresses) is always current; and the live preview keeps a plan while they hold. A planner
that reads anything else about a record must add it to `incremental.claim_index_entry`.
"""


def plan_site(project: Project) -> list[PageJob]:
    """Every page and file of the site, in a stable order."""
    jobs = [job for planner in PLANNERS for job in planner(project)]
    return jobs + plan_sitemap(project, jobs)
