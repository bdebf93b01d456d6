"""Jobs: the files of the site as planning lists them, each with what it shows, for rendering to make."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any, Protocol

from jinja2 import Environment

from .i18n import Messages
from .project import Project


@dataclass(frozen=True)
class Needs:
    """What a file shows beyond the inputs every page shares (code, templates, catalogs, standing content, the list of
    sources, the claim index: `sverka.incremental.fingerprints`), so an edit re-renders exactly the files that show it;
    `tests/test_dependencies.py` fails on any record field a file reads that is not named. None: every claim (or source)."""

    claims: tuple[str, ...] = ()
    """Claims whose whole record the file shows (summary, quotes, discrepancies)."""
    headlines_of: tuple[str, ...] | None = ()
    """Claims the file links to by headline (lists, related checks, the claims citing a source)."""
    explanations_of: tuple[str, ...] | None = ()
    """Claims whose explanation of the verdict the file shows (lists of checks)."""
    corrections_of: tuple[str, ...] | None = ()
    """Claims whose correction notes the file shows (the corrections page)."""
    quotes_of: tuple[str, ...] | None = ()
    discrepancies_of: tuple[str, ...] | None = ()
    sources: tuple[str, ...] | None = ()
    """Sources whose metadata or text the file shows."""
    report: bool = False
    """Whether the file shows the build's warnings and notes (the editor's desk)."""


ALL_SOURCES = Needs(sources=None)


def check_list(ids: tuple[str, ...] | None, sources: tuple[str, ...] | None = ()) -> Needs:
    """What a list of checks shows of each (partials/checks.html): headline and explanation; and `sources`."""
    return Needs(headlines_of=ids, explanations_of=ids, sources=sources)


class Renders(Protocol):
    """What a function making a file (a feed, a JSON export, a static file) may use."""

    project: Project
    messages: dict[str, Messages]

    def env(self, lang: str) -> Environment:
        """The template environment of a language."""

    def href(self, path: str) -> str:
        """A link to a page of this site, under the base path."""

    def absolute(self, path: str) -> str:
        """A full address of a page of this site."""

    def render(self, job: PageJob) -> bytes:
        """One templated page as bytes."""

    def alternates(self, job: PageJob) -> dict[str, str]:
        """The page's address in each language, and `x-default`."""


@dataclass(frozen=True)
class PageJob:
    """One file to make: where it goes, how (a template in a language, or a function), and what it shows. It names
    records by id and looks them up when rendered, so a plan can be reused while its inputs are unchanged."""

    path: str
    """The URL path below the base, e.g. `ru/claims/talks-date/` or `404.html`."""
    template: str
    lang: str | None
    key: str | None
    """The same page in every language: `{lang}/{key}`; None when it has no counterpart."""
    context: Mapping[str, Any] | Callable[[Project], Mapping[str, Any]] = field(default_factory=dict)
    """The template's variables: fixed values, or a function of the project making them."""
    needs: Needs | None = None
    """What the file shows beyond the shared inputs; None means everything, the build's warnings and notes too."""
    make: Callable[[Renders], bytes] | None = None
    """For files that are not templated pages (feeds, JSON, static files): the function making the bytes."""
    modified: date | None = None
    """When what the page shows last changed, if the sitemap should say (fact-checks)."""

    @cached_property
    def output(self) -> str:
        """The file the page is written to, relative to site/."""
        return self.path + "index.html" if self.path.endswith("/") or not self.path else self.path

    @property
    def is_page(self) -> bool:
        """An HTML page (listed in the sitemap) rather than another file."""
        return self.make is None


def file_job(path: str, make: Callable[[Renders], bytes], needs: Needs | None = None, source: str = "") -> PageJob:
    """A job for a file made by a function rather than a template (`source` names its maker in messages)."""
    return PageJob(path, source, None, None, needs=needs, make=make)
