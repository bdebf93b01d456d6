"""Pages for finding a check: the home page, the archive of every check, lists per verdict, the sources index, search.

Lists that grow with the publication are split into numbered pages (`…/page/2/`), so no page grows
without bound and an edit re-renders only the pages that show what changed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TypeVar

from .records import Project
from .related import claims_with_verdict
from .render import ALL_SOURCES, Needs, PageJob

T = TypeVar("T")

HOME_LATEST = 10
"""How many of the newest checks the home page shows (the archive lists them all)."""
PER_PAGE = 50
"""Checks per page of the archive and of each verdict's list."""
WINDOW = 2
"""Page numbers shown on each side of the current one in a pager."""


@dataclass(frozen=True)
class Pager:
    """Where a page stands in a list split over several pages."""

    number: int
    count: int
    first_key: str
    """The key of the first page (e.g. `claims/`); page n > 1 is `{first_key}page/{n}/`."""

    def key(self, number: int) -> str:
        """The key of page `number`."""
        return self.first_key if number == 1 else f"{self.first_key}page/{number}/"

    @property
    def previous(self) -> str | None:
        """The key of the page before, if any."""
        return self.key(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        """The key of the page after, if any."""
        return self.key(self.number + 1) if self.number < self.count else None

    @property
    def numbers(self) -> list[int | None]:
        """The page numbers to link: first, last and a window around this one; None marks a gap."""
        shown = sorted({1, self.count, *range(max(1, self.number - WINDOW), min(self.count, self.number + WINDOW) + 1)})
        out: list[int | None] = []
        for number in shown:
            if out and number - (out[-1] or 0) > 1:
                out.append(None)
            out.append(number)
        return out


def paginate(items: Sequence[T], size: int, first_key: str) -> list[tuple[Pager, Sequence[T]]]:
    """Split a list into pages of `size` (at least one page, even when the list is empty)."""
    count = max(1, -(-len(items) // size))
    return [(Pager(n, count, first_key), items[(n - 1) * size : n * size]) for n in range(1, count + 1)]


def paged_jobs(
    project: Project,
    template: str,
    first_key: str,
    items: Sequence[T],
    size: int,
    context: dict[str, object],
    view: Callable[[Sequence[T]], Sequence[object]] | None = None,
    needs: Callable[[Sequence[T]], Needs] = lambda share: ALL_SOURCES,
) -> list[PageJob]:
    """One job per page and language of a paginated list.

    Each page's template gets `pager`, `total` and `items`: its share of the list, passed through
    `view` (only when the page is rendered) if given. `needs` says what a page with that share shows.
    """
    jobs = []
    for pager, share in paginate(items, size, first_key):
        key = pager.key(pager.number)
        fixed = {**context, "pager": pager, "total": len(items)}
        page_context = partial(viewed, fixed, share, view) if view else {**fixed, "items": share}
        for lang in project.site.languages:
            jobs.append(PageJob(f"{lang}/{key}", template, lang, key, page_context, needs(share)))
    return jobs


def viewed(context: dict[str, object], share: Sequence[T], view: Callable[[Sequence[T]], Sequence[object]]) -> dict[str, object]:
    """A page's context with its share of a list made ready for the template."""
    return {**context, "items": view(share)}


def plan_navigation(project: Project) -> list[PageJob]:
    """The home page, the archive, one list per verdict, the sources index and the search page, in every language."""
    jobs: list[PageJob] = []
    sources = sorted(project.sources, key=lambda s: (-(s.published.toordinal() if s.published else 0), s.id))
    newest = project.newest_claims
    for lang in project.site.languages:
        home = {"claims": newest[:HOME_LATEST], "total": len(newest)}
        jobs.append(PageJob(f"{lang}/", "home.html", lang, "", home, ALL_SOURCES))
    jobs += paged_jobs(project, "claims.html", "claims/", newest, PER_PAGE, {})
    for verdict in project.verdicts:
        claims = claims_with_verdict(project, verdict.key)
        jobs += paged_jobs(project, "verdict_list.html", f"verdicts/{verdict.key}/", claims, PER_PAGE, {"verdict": verdict})
    for lang in project.site.languages:
        jobs.append(PageJob(f"{lang}/sources/", "sources.html", lang, "sources/", {"sources": sources}, ALL_SOURCES))
        jobs.append(PageJob(f"{lang}/search/", "search.html", lang, "search/", {}, Needs()))
    return jobs
