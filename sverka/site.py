"""What the site is made of: the page planners and the generators of other files."""

from __future__ import annotations

from .evidence import plan_discrepancies, plan_sources
from .feeds import atom_feeds, sitemap_generator
from .navigation import plan_navigation
from .opendata import claims_json
from .render import Generator, PagePlanner, plan_pages
from .timeline import plan_timeline, timeline_json

PLANNERS: tuple[PagePlanner, ...] = (plan_pages, plan_navigation, plan_sources, plan_discrepancies, plan_timeline)
"""Functions listing the templated pages (HTML) of the site."""

GENERATORS: tuple[Generator, ...] = (timeline_json, atom_feeds, claims_json, sitemap_generator(PLANNERS))
"""Functions producing other files (feeds, JSON, sitemap) from the checked project."""
