"""Helpers for the evidence-page tests: the annotated fixture, built pages, and the checked project."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_files, make_project
from htmltree import Element, parse_html

from sverka.check import check_project
from sverka.load import load_project
from sverka.problems import Collector
from sverka.project import Project
from sverka.records import Quote

LANGS = ("ru", "en")
Built = tuple[Project, dict[str, bytes]]
"""A checked project and its built files."""


def make_annotated(factory: pytest.TempPathFactory) -> Path:
    """A copy of the fixture with overlapping quotes, a source URL and a timeline of every date precision."""
    return make_project(factory.mktemp("evidence") / "annotated", "annotated")


def checked(root: Path) -> Project:
    """The project as the build sees it after checking (every quote's span known)."""
    problems = Collector()
    project = load_project(root, problems)
    assert project is not None
    return check_project(project, problems)


def page(files: dict[str, bytes], path: str) -> Element:
    """A built page, parsed (raises on mis-nested tags)."""
    return parse_html(files[path])


def all_quotes(project: Project) -> list[Quote]:
    """Every quote of every claim."""
    return [q for claim in project.claims for q in claim.quotes]


def site_files(root: Path) -> dict[str, bytes]:
    """The whole built site in memory."""
    return build_files(root)


def target_of(files: dict[str, bytes], href: str, base_path: str = "/") -> tuple[str, str]:
    """The output file and fragment id a site-internal link points to (a query, such as `?from=`, set aside)."""
    path, _, fragment = href.partition("#")
    path = path.partition("?")[0]
    relative = path.removeprefix(base_path)
    output = relative + "index.html" if relative.endswith("/") or not relative else relative
    return output, fragment


def ids_in(element: Element) -> set[str]:
    """Every id in a page."""
    return {e.attrs["id"] or "" for e in element.iter() if "id" in e.attrs}
