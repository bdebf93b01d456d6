"""What the site is made of: the page planners and the generators of other files."""

from __future__ import annotations

from .render import Generator, PagePlanner, plan_pages

PLANNERS: tuple[PagePlanner, ...] = (plan_pages,)
"""Functions listing the templated pages (HTML) of the site."""

GENERATORS: tuple[Generator, ...] = ()
"""Functions producing other files (feeds, JSON, sitemap) from the checked project."""
