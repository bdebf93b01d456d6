"""Pages for finding a check: the home page, the archive, lists per verdict, the sources index, search. Growing lists
are split into numbered pages (`…/page/2/`), so no page grows without bound and an edit re-renders only the pages
showing it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from operator import attrgetter
from typing import TypeVar

from ..jobs import ALL_SOURCES, Needs, PageJob, check_list
from ..project import Project
from ..records import Claim

T = TypeVar("T")

HOME_LATEST = 10
"""How many checks the home page shows, in the editor's order (the archive lists them all, newest first)."""
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
        return self.first_key if number == 1 else f"{self.first_key}page/{number}/"

    @property
    def previous(self) -> str | None:
        return self.key(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.key(self.number + 1) if self.number < self.count else None

    def window(self, width: int) -> set[int]:
        return {1, self.count, *range(max(1, self.number - width), min(self.count, self.number + width) + 1)}

    @property
    def numbers(self) -> list[tuple[int | None, str]]:
        """The page numbers to link, first, last and a window around this one, None marking a gap; each with where it
        shows: everywhere (""), only on a wide screen ("wide") or only on a phone ("narrow"), where the window is
        one page either side so that the pager keeps to one row."""
        wide, narrow = self.window(WINDOW), self.window(1)
        out: list[tuple[int | None, str]] = []
        last = {"wide": 0, "narrow": 0}  # the number each layout showed last
        for number in sorted(wide):
            shown_on = [screen for screen, shown in (("wide", wide), ("narrow", narrow)) if number in shown]
            gaps = [screen for screen in shown_on if number - last[screen] > 1]
            if gaps:
                out.append((None, "" if len(gaps) == 2 else gaps[0]))
            out.append((number, "" if len(shown_on) == 2 else "wide"))
            last.update(dict.fromkeys(shown_on, number))
        return out


def paginate(count: int, size: int, first_key: str) -> list[tuple[Pager, slice]]:
    """Split a list of `count` items into pages of `size`: each page's pager and share of the list (at least one page)."""
    pages = max(1, -(-count // size))
    return [(Pager(n, pages, first_key), slice((n - 1) * size, n * size)) for n in range(1, pages + 1)]


def paged_jobs(
    project: Project,
    template: str,
    first_key: str,
    items_of: Callable[[Project], Sequence[T]],
    size: int,
    context: Callable[[Project], dict[str, object]] | None = None,
    view: Callable[[Project, Sequence[T]], object] | None = None,
    *,
    needs: Callable[[Sequence[T]], Needs],
    first_template: str | None = None,
) -> list[PageJob]:
    """One job per page and language of a paginated list. Each page's template gets `pager`, `total` and `items` (its
    share of `items_of(project)`, through `view` if given) besides what `context` makes; `needs` says what a share shows.
    `first_template`: the first page's, when it is a page of its own with the list below (the corrections page)."""
    items = project.derived(f"list {first_key}", items_of)
    jobs = []
    for pager, share in paginate(len(items), size, first_key):
        key = pager.key(pager.number)
        page_context = partial(list_page, items_of, share, pager, context, view)
        made_with = first_template if first_template is not None and pager.number == 1 else template
        for lang in project.site.languages:
            jobs.append(PageJob(f"{lang}/{key}", made_with, lang, key, page_context, needs(items[share])))
    return jobs


def list_page(
    items_of: Callable[[Project], Sequence[T]],
    share: slice,
    pager: Pager,
    context: Callable[[Project], dict[str, object]] | None,
    view: Callable[[Project, Sequence[T]], object] | None,
    project: Project,
) -> dict[str, object]:
    items = project.derived(f"list {pager.first_key}", items_of)  # sorted once, not once per page
    fixed = context(project) if context is not None else {}
    return {**fixed, "pager": pager, "total": len(items), "items": view(project, items[share]) if view is not None else items[share]}


def plan_navigation(project: Project) -> list[PageJob]:
    """The home page, the archive, the verdict scale and one list per verdict, the sources index and search, in every language."""
    jobs: list[PageJob] = []
    # the page shows the leading checks' headlines and explanations, and lists every source
    home = Needs(headlines_of=None, explanations_of=None, sources=None)
    for lang in project.site.languages:
        jobs.append(PageJob(f"{lang}/", "home.html", lang, "", home_context, home))
    jobs += paged_jobs(project, "claims.html", "claims/", attrgetter("newest_claims"), PER_PAGE, needs=listed)
    for verdict in project.verdicts:
        first_key, context = f"verdicts/{verdict.key}/", partial(verdict_context, verdict.key)
        jobs += paged_jobs(project, "verdict_list.html", first_key, partial(verdict_claims, verdict.key), PER_PAGE, context, needs=listed)
    for lang in project.site.languages:
        jobs.append(PageJob(f"{lang}/sources/", "sources.html", lang, "sources/", sources_context, ALL_SOURCES))
        jobs.append(PageJob(f"{lang}/search/", "search.html", lang, "search/", {}, Needs()))
        jobs.append(PageJob(f"{lang}/verdicts/", "verdicts.html", lang, "verdicts/", {}, Needs()))
    return jobs


def ids(claims: Sequence[Claim]) -> tuple[str, ...]:
    return tuple(claim.id for claim in claims)


def listed(share: Sequence[Claim]) -> Needs:
    return check_list(ids(share))


def verdict_claims(key: str, project: Project) -> Sequence[Claim]:
    """The checks rated with one verdict, newest first."""
    return project.claims_by_verdict.get(key, ())


def verdict_context(key: str, project: Project) -> dict[str, object]:
    return {"verdict": project.verdict_by_key[key]}


def home_context(project: Project) -> dict[str, object]:
    return {"claims": leading_claims(project)[:HOME_LATEST], "total": len(project.claims)}


def leading_claims(project: Project) -> list[Claim]:
    """The checks in the editor's order: by `priority` (higher first, then those without one), newest, last updated first;
    the same in both languages, so that both home pages lead with the same checks."""
    return sorted(
        project.claims,
        key=lambda c: (c.priority is None, -(c.priority or 0), -c.published.toordinal(), -(c.updated or c.published).toordinal(), c.id),
    )


def sources_context(project: Project) -> dict[str, object]:
    """The sources index: newest publication first."""
    return {"sources": sorted(project.sources, key=lambda s: (-(s.published.toordinal() if s.published else 0), s.id))}
