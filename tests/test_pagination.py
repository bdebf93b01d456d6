"""Lists that grow with the publication are split into numbered pages that together list everything once."""

from __future__ import annotations

import json
import sys
import xml.etree.ElementTree as ET

import pytest
from conftest import REPO, build_files
from htmltree import Element, parse_html

import build
from sverka.plan.evidence import DISCREPANCY_CLAIMS_PER_PAGE, indexed_discrepancies
from sverka.plan.feeds import FEED_ENTRIES
from sverka.plan.navigation import HOME_LATEST, PER_PAGE, leading_claims
from sverka.project import Project
from sverka.settings import Settings

sys.path.insert(0, str(REPO / "benchmarks"))
from corpus import write_project

CLAIMS = 130
LANGS = ("ru", "en")

Built = tuple[Project, dict[str, bytes]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A synthetic project with more checks than fit on one page."""
    root = tmp_path_factory.mktemp("paged") / "project"
    write_project(root, CLAIMS, seed=3)
    project, _ = build.load_and_check(Settings(root))
    return project, build_files(root)


def page(files: dict[str, bytes], key: str, lang: str) -> Element:
    return parse_html(files[f"{lang}/{key}index.html"])


def follow(files: dict[str, bytes], first: str, lang: str) -> list[Element]:
    """Every page of a paginated list, reached by following its `rel=next` links from the first."""
    pages, key, seen = [], first, set()
    while key is not None:
        assert key not in seen, f"the pager loops at {key}"
        seen.add(key)
        doc = page(files, key, lang)
        pages.append(doc)
        following = doc.find("a", rel="next")
        key = following.get("href").removeprefix(f"/{lang}/") if following is not None else None  # type: ignore[union-attr]
    return pages


def listed(doc: Element) -> list[str]:
    """The claim ids a list page links to, in order."""
    items = doc.find("ol", class_="check-list")
    if items is None:
        return []
    hrefs = [a.get("href") or "" for li in items.find_all("li") for a in li.find_all("a")]
    return [href.split("/")[-2] for href in hrefs if "/claims/" in href]


@pytest.mark.parametrize("lang", LANGS)
def test_the_archive_lists_every_check_once_newest_first_over_numbered_pages(built: Built, lang: str) -> None:
    project, files = built
    pages = follow(files, "claims/", lang)
    assert len(pages) == -(-CLAIMS // PER_PAGE) > 1
    ids = [claim_id for doc in pages for claim_id in listed(doc)]
    assert ids == [c.id for c in project.newest_claims]
    assert all(len(listed(doc)) <= PER_PAGE for doc in pages)
    for number, doc in enumerate(pages, start=1):
        pager = doc.find("nav", class_="pager")
        assert pager is not None
        current = [a for a in pager.find_all("a") if a.get("aria-current") == "page"]
        assert [a.text().split()[-1] for a in current] == [str(number)]
        previous = doc.find("a", rel="prev")
        assert (previous is None) == (number == 1)
        title = doc.find("title").text()  # type: ignore[union-attr]
        if number > 1:
            assert str(number) in title and str(len(pages)) in title
    assert f"{lang}/claims/page/{len(pages)}/index.html" in files
    assert f"{lang}/claims/page/{len(pages) + 1}/index.html" not in files


@pytest.mark.parametrize("lang", LANGS)
def test_the_home_page_shows_the_leading_checks_and_links_the_archive(built: Built, lang: str) -> None:
    project, files = built
    home = parse_html(files[f"{lang}/index.html"])
    assert listed(home) == [c.id for c in leading_claims(project)[:HOME_LATEST]]
    other = parse_html(files[f"{'en' if lang == 'ru' else 'ru'}/index.html"])
    assert listed(home) == listed(other)  # both languages lead with the same checks, whatever their headlines
    more = home.find("a", class_="more", href=f"/{lang}/claims/")
    assert more is not None and f"{CLAIMS}" in more.text().replace("\u00a0", "").replace(" ", "")


@pytest.mark.parametrize("lang", LANGS)
def test_each_verdict_list_covers_exactly_its_checks_across_its_pages(built: Built, lang: str) -> None:
    project, files = built
    for verdict in project.verdicts:
        pages = follow(files, f"verdicts/{verdict.key}/", lang)
        ids = [claim_id for doc in pages for claim_id in listed(doc)]
        assert ids == [c.id for c in project.newest_claims if c.verdict == verdict.key]
        for doc in pages:  # the verdict is the list's heading, not repeated on every item
            assert doc.find("h1").find(class_="verdict") is not None  # type: ignore[union-attr]
            assert doc.find("ol", class_="check-list") is None or not doc.find("ol", class_="check-list").find_all(class_="verdict")  # type: ignore[union-attr]


@pytest.mark.parametrize("lang", LANGS)
def test_the_discrepancy_index_covers_every_check_with_discrepancies_across_its_pages(built: Built, lang: str) -> None:
    project, files = built
    pages = follow(files, "discrepancies/", lang)
    in_full = [g.get("id") for doc in pages for g in doc.find_all("section", class_="discrepancy-group")]
    in_brief = [
        li.get("id")
        for doc in pages
        for ul in doc.find_all("ul", class_="other-notes-list")
        for li in ul.children
        if isinstance(li, Element)
    ]
    groups = in_full + in_brief  # on each page the disagreements come first: over the pages, too
    assert groups == [f"claim-{c.id}" for c in indexed_discrepancies(project)]
    assert sorted(groups) == sorted(f"claim-{c.id}" for c in project.claims if c.discrepancies)
    assert len(pages) == -(-len(groups) // DISCREPANCY_CLAIMS_PER_PAGE) > 1


def test_a_numbered_page_links_its_counterpart_in_the_other_language(built: Built) -> None:
    _, files = built
    doc = page(files, "claims/page/2/", "ru")
    alternates = {link.get("hreflang"): link.get("href") for link in doc.find_all("link", rel="alternate") if link.get("hreflang")}
    assert alternates["en"].endswith("/en/claims/page/2/") and alternates["ru"].endswith("/ru/claims/page/2/")


def test_feeds_carry_the_newest_checks_and_the_sitemap_every_numbered_page(built: Built) -> None:
    project, files = built
    atom = "{http://www.w3.org/2005/Atom}"
    for lang in LANGS:
        entries = ET.fromstring(files[f"{lang}/feed.xml"]).findall(f"{atom}entry")
        assert [e.findtext(f"{atom}id").split("/")[-2] for e in entries] == [c.id for c in project.newest_claims[:FEED_ENTRIES]]  # type: ignore[union-attr]
    locs = {loc.text for loc in ET.fromstring(files["sitemap.xml"]).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert any(loc and loc.endswith("/en/claims/page/3/") for loc in locs)


def test_every_check_has_its_own_open_data_file_listed_in_the_catalogue(built: Built) -> None:
    project, files = built
    catalogue = json.loads(files["claims.json"])
    assert [entry["id"] for entry in catalogue["claims"]] == [c.id for c in project.newest_claims]
    assert sorted(p for p in files if p.startswith("data/claims/")) == sorted(f"data/claims/{c.id}.json" for c in project.claims)
