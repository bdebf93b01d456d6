"""The discrepancy index: every note of every claim, quotes side by side, linked to claims and spans."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_files, make_project
from evidence_support import LANGS, Built, checked, ids_in, make_annotated, page, target_of


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The annotated fixture, checked and built once for this module."""
    root = make_annotated(tmp_path_factory)
    return checked(root), build_files(root)


@pytest.mark.parametrize("lang", LANGS)
def test_every_discrepancy_is_listed_under_its_claim_with_its_quotes_side_by_side(built: Built, lang: str) -> None:
    project, files = built
    doc = page(files, f"{lang}/discrepancies/index.html")
    groups = doc.find_all("section", class_="discrepancy-group")
    with_notes = [c for c in project.newest_claims if c.discrepancies]
    assert [g.get("id") for g in groups] == [f"claim-{c.id}" for c in with_notes]
    for group, claim in zip(groups, with_notes, strict=True):
        heading = group.find("h2")
        assert heading is not None and heading.text().strip() == claim.headline[lang]
        assert heading.find("a").get("href") == f"/{lang}/claims/{claim.id}/"  # type: ignore[union-attr]
        sections = group.find_all("section", class_="discrepancy")
        assert len(sections) == len(claim.discrepancies)
        for number, (section, discrepancy) in enumerate(zip(sections, claim.discrepancies, strict=True), start=1):
            title = section.find("h3")
            assert title is not None and title.text().strip() == discrepancy.title[lang]
            assert title.find("a").get("href") == f"/{lang}/claims/{claim.id}/#discrepancy-{number}"  # type: ignore[union-attr]
            sides = section.find("div", class_="side-by-side")
            assert sides is not None
            figures = sides.find_all("figure", class_="quote")
            quotes = [claim.quote(q) for q in discrepancy.quotes]
            assert [" ".join(f.find("blockquote").text().split()) for f in figures] == [q.original for q in quotes if q]  # type: ignore[union-attr]
            assert [f.find("a", class_="quote-source").get("href") for f in figures] == [  # type: ignore[union-attr]
                f"/{lang}/sources/{q.source}/#{q.anchor}" for q in quotes if q
            ]


@pytest.mark.parametrize("lang", LANGS)
def test_every_link_on_the_discrepancy_index_lands_on_an_existing_anchor(built: Built, lang: str) -> None:
    _, files = built
    doc = page(files, f"{lang}/discrepancies/index.html")
    main = doc.find("main")
    assert main is not None
    checked_links = 0
    for link in main.find_all("a"):
        href = link.get("href") or ""
        if href.startswith("https://") or "#" not in href:
            continue
        output, fragment = target_of(files, href)
        assert output in files and fragment in ids_in(page(files, output)), href
        checked_links += 1
    assert checked_links >= 6


@pytest.mark.parametrize("lang", LANGS)
def test_the_header_links_to_the_discrepancies_and_the_timeline(built: Built, lang: str) -> None:
    _, files = built
    nav = page(files, f"{lang}/index.html").find("header")
    assert nav is not None
    hrefs = {a.get("href") for a in nav.find_all("a")}
    assert {f"/{lang}/discrepancies/", f"/{lang}/timeline/"} <= hrefs
    assert f"{lang}/discrepancies/index.html" in files and f"{lang}/timeline/index.html" in files


def test_without_discrepancies_the_index_says_so_in_both_languages(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p")
    claim = root / "content/claims/talks-date.yaml"
    text = claim.read_text(encoding="utf-8")
    start = text.index("discrepancies:")
    end = text.index("published:")
    claim.write_text(text[:start] + text[end:], encoding="utf-8")
    files = build_files(root)
    for lang in LANGS:
        article = page(files, f"{lang}/discrepancies/index.html").find("article", class_="discrepancy-index")
        assert article is not None
        assert article.find("section") is None
        paragraphs = article.find_all("p")
        assert len(paragraphs) == 2 and paragraphs[1].text().strip()
