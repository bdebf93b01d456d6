"""The discrepancy index: the disagreements in full, each note pointing at its quotes by number; other comparisons in brief."""

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


QUOTE_WORD = {"ru": "Цитата", "en": "Quote"}


@pytest.mark.parametrize("lang", LANGS)
def test_a_disagreement_is_listed_in_full_its_quotes_by_number_cut_to_the_words_the_note_quotes(built: Built, lang: str) -> None:
    project, files = built
    doc = page(files, f"{lang}/discrepancies/index.html")
    groups = doc.find_all("section", class_="discrepancy-group")
    assert [g.get("id") for g in groups] == ["claim-overlap"]  # its verdict requires the sources side by side
    (group,) = groups
    claim = project.claim_by_id["overlap"]
    heading = group.find("h2")
    assert heading is not None and heading.text().strip() == claim.headline[lang]
    assert heading.find("a").get("href") == f"/{lang}/claims/overlap/"  # type: ignore[union-attr]
    (section,) = group.find_all("section", class_="discrepancy")
    title = section.find("h3")
    assert title is not None and title.text().strip() == claim.discrepancies[0].title[lang]
    assert title.find("a").get("href") == f"/{lang}/claims/overlap/#discrepancy-1"  # type: ignore[union-attr]
    links = section.find("ul", class_="compared").find_all("a", class_="quote-number")  # type: ignore[union-attr]
    assert [a.get("href") for a in links] == [f"/{lang}/claims/overlap/#evidence-{q}" for q in ("builders-000", "builders-001")]
    assert [" ".join(a.text().split()) for a in links] == [f"{QUOTE_WORD[lang]} 5", f"{QUOTE_WORD[lang]} 6"]  # their places in the evidence
    marked = [" ".join(m.text().split()) for m in section.find_all("mark", class_="compared-words")]
    assert marked == ["около 5000 «строителей»", "около пяти тысяч наемников,"]  # the words the Russian note quotes
    assert not group.find_all("blockquote"), "the quotes themselves are on the claim page, not repeated here"
    translations = [" ".join(t.text().split()) for t in section.find_all("span", class_="translation")]
    if lang == "ru":
        assert translations == [], "a Russian reader reads the Russian words themselves"
    else:  # an English reader is told what each Russian quote says
        assert translations == [
            'Our translation: North Korea has sent about 5,000 "builders" to Russia since September',
            "Our translation: Pyongyang has sent about five thousand more mercenaries, who have been arriving in Russia since September",
        ]


@pytest.mark.parametrize("lang", LANGS)
def test_a_check_whose_verdict_does_not_rest_on_a_disagreement_is_listed_apart_in_brief(built: Built, lang: str) -> None:
    project, files = built
    doc = page(files, f"{lang}/discrepancies/index.html")
    others = doc.find("section", class_="other-notes")
    assert others is not None and others.get("id") == "other-notes"
    (entry,) = others.find("ul", class_="other-notes-list").find_all("li", id="claim-talks-date")  # type: ignore[union-attr]
    note = entry.find("ul").find("a")  # type: ignore[union-attr]
    assert note is not None and note.get("href") == f"/{lang}/claims/talks-date/#discrepancy-1"
    assert note.text().strip() == project.claim_by_id["talks-date"].discrepancies[0].title[lang]
    jump = doc.find("nav", class_="jump-list")
    assert jump is not None and [a.get("href") for a in jump.find_all("a")] == ["#claim-overlap", "#other-notes"]


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
        output, fragment = target_of(files, href) if not href.startswith("#") else (f"{lang}/discrepancies/index.html", href[1:])
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
