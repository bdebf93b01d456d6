"""Claim pages, parsed: language, alternates, switcher, quotes with translations, escaping."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import build_files, correct_three_times, problems_of, write
from evidence_support import Built, checked, make_annotated
from htmltree import Element, parse_html

from sverka.plan import pages

BASE = "https://example.org/"


def page(files: dict[str, bytes], path: str) -> Element:
    """A built page, parsed."""
    return parse_html(files[path])


@pytest.fixture
def files(project: Path) -> dict[str, bytes]:
    return build_files(project)


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_a_claim_page_declares_its_language_and_both_alternates(files: dict[str, bytes], lang: str) -> None:
    doc = page(files, f"{lang}/claims/talks-date/index.html")
    assert doc.find("html").get("lang") == lang
    alternates = {link.get("hreflang"): link.get("href") for link in doc.find_all("link", rel="alternate") if link.get("hreflang")}
    assert alternates == {
        "ru": f"{BASE}ru/claims/talks-date/",
        "en": f"{BASE}en/claims/talks-date/",
        "x-default": f"{BASE}ru/claims/talks-date/",
    }
    assert doc.find("link", rel="canonical").get("href") == f"{BASE}{lang}/claims/talks-date/"


@pytest.mark.parametrize(("lang", "other"), [("ru", "en"), ("en", "ru")])
def test_the_language_switcher_leads_to_the_same_page_in_the_other_language(files: dict[str, bytes], lang: str, other: str) -> None:
    doc = page(files, f"{lang}/claims/talks-date/index.html")
    switcher = doc.find("nav", class_="language-switcher")
    links = [a for a in switcher.find_all("a") if a.get("hreflang") == other]
    assert [a.get("href") for a in links] == [f"/{other}/claims/talks-date/"]
    assert f"{other}/claims/talks-date/index.html" in files


def evidence(doc: Element) -> list[Element]:
    return doc.find("section", class_="evidence").find_all("figure", class_="quote")


def test_quotes_show_the_russian_original_on_both_pages_and_a_labelled_translation_in_english(files: dict[str, bytes]) -> None:
    ru_quotes = evidence(page(files, "ru/claims/talks-date/index.html"))
    en_quotes = evidence(page(files, "en/claims/talks-date/index.html"))
    original = "Встреча военных двух диктатур состоялась в Пхеньяне 6 ноября."
    for figures in (ru_quotes, en_quotes):
        block = figures[0].find("blockquote")
        assert block.get("lang") == "ru"
        assert block.text().strip() == original
    assert all(f.find(class_="translation") is None for f in ru_quotes)
    translation = en_quotes[0].find(class_="translation")
    assert translation.get("lang") == "en"
    assert translation.find(class_="translation-label").text().strip() != ""
    assert "The meeting of the two dictatorships' militaries took place in Pyongyang on 6 November." in " ".join(translation.text().split())


def test_the_home_page_lists_every_claim_with_its_verdict(files: dict[str, bytes]) -> None:
    for lang, label in (("ru", "Подтверждено"), ("en", "Confirmed")):
        doc = page(files, f"{lang}/index.html")
        links = [a for a in doc.find_all("a") if a.get("href") == f"/{lang}/claims/talks-date/"]
        assert links, lang
        assert any(label == el.text().strip() for el in doc.find_all(class_="verdict"))


def test_the_site_root_offers_both_languages_without_javascript(files: dict[str, bytes]) -> None:
    doc = page(files, "index.html")
    targets = {a.get("href") for a in doc.find("main").find_all("a")}
    assert {"/ru/", "/en/"} <= targets
    assert doc.find("script") is None or all(s.get("type") == "application/ld+json" for s in doc.find_all("script"))
    alternates = {link.get("hreflang"): link.get("href") for link in doc.find_all("link", rel="alternate") if link.get("hreflang")}
    assert alternates["x-default"] == BASE
    choices = {li.get("lang"): li for li in doc.find("ul", class_="language-choice").find_all("li")}
    assert {code: choices[code].find("a").text().strip() for code in choices} == {"ru": "Русский", "en": "English"}
    heading = doc.find("h1")
    assert heading is not None and " ".join(heading.text().split()) == "Выберите язык · Choose a language"  # the header names the site
    assert doc.find("nav", class_="site-nav") is None, "the root speaks no one language: no sections in one of them"
    for frame in (doc.find("header"), doc.find("footer")):
        assert frame is not None and {span.get("lang") for span in frame.find_all("span")} == {"en"}  # Russian, then English
    assert bilingual_head(doc) == ("Сверка · Sverka", "Сверка · Sverka")  # what a search result or a shared link shows


def bilingual_head(doc: Element) -> tuple[str, str]:
    """A page's title and its Open Graph title; each description, Russian then English, is checked to name both."""
    title, og = doc.find("title"), doc.find("meta", property="og:title")
    for meta in (doc.find("meta", name="description"), doc.find("meta", property="og:description")):
        assert meta is not None and " · " in (meta.get("content") or "")
        russian, english = (meta.get("content") or "").split(" · ")
        assert re.search("[а-я]", russian) and re.search("[a-z]", english) and not re.search("[а-я]", english)
    assert title is not None and og is not None
    return title.text(), og.get("content") or ""


PAYLOAD = '<b>bold</b> & "q" <script>alert(1)</script>'


def test_markup_in_every_text_field_is_shown_as_text(project: Path) -> None:
    path = project / "content/claims/talks-date.yaml"
    text = path.read_text(encoding="utf-8")
    for field in ("headline", "claim", "explanation", "summary"):
        text = text.replace(f"{field}:\n  ru:", f"{field}:\n  ru: '{PAYLOAD}'\n  xx:", 1)
    text = text.replace("  xx:", "  #")
    text = text.replace("claimant: {ru: Обе статьи, en: Both articles}", f"claimant: {{ru: '{PAYLOAD}', en: Both articles}}")
    write(project, "content/claims/talks-date.yaml", text)
    doc = page(build_files(project), "ru/claims/talks-date/index.html")
    assert doc.find("main").find_all("b") == []
    assert [s for s in doc.find_all("script") if s.get("type") != "application/ld+json"] == []
    body = doc.find("main").text()
    assert body.count('<b>bold</b> & "q"') >= 5  # headline, claim, claimant, explanation, summary


def test_links_work_under_a_sub_path(project: Path) -> None:
    files = build_files(project, base_url="https://user.github.io/repo/")
    doc = page(files, "en/claims/talks-date/index.html")
    hrefs = [a.get("href") for a in doc.find_all("a") if (a.get("href") or "").startswith("/")]
    assert hrefs and all(h.startswith("/repo/") for h in hrefs)
    assert doc.find("link", rel="stylesheet").get("href").startswith("/repo/")


@pytest.mark.parametrize(
    ("repository", "expected"), [("https://github.com/example/factcheck", "https://github.com/example/factcheck/issues/new"), (None, None)]
)
def test_the_corrections_page_says_how_to_report_an_error(project: Path, repository: str | None, expected: str | None) -> None:
    files = build_files(project, repository_url=repository)
    for lang in ("ru", "en"):
        section = page(files, f"{lang}/corrections/index.html").find("section", class_="report-error")
        assert section is not None and section.find("h2").text().strip()
        links = [a.get("href") for a in section.find_all("a")]
        assert links == ["mailto:corrections@example.org", *([expected] if expected else [])]


def test_without_an_address_for_error_reports_the_corrections_page_says_so_and_sends_the_reader_nowhere(project: Path) -> None:
    site = (project / "content/site.yaml").read_text(encoding="utf-8")
    write(project, "content/site.yaml", site.replace("contact_email: corrections@example.org", "contact_email: null"))
    for lang, told in (("ru", "издатель ещё не указал адрес"), ("en", "the publisher has not yet given an address")):
        section = page(build_files(project), f"{lang}/corrections/index.html").find("section", class_="report-error")
        assert section is not None and told in section.text() and not section.find_all("a")
        assert "issue" not in section.text() and "задач" not in section.text()  # no tracker it cannot name


# ---- each quote once; notes, events and the way back point at it ------------------------------------


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The fixture with overlapping quotes, a discrepancy note and timeline events, checked and built once."""
    root = make_annotated(tmp_path_factory)
    return checked(root), build_files(root)


@pytest.mark.parametrize(("lang", "word"), [("ru", "Цитата"), ("en", "Quote")])
def test_each_quote_is_shown_once_and_each_note_points_at_its_quotes_by_number(annotated: Built, lang: str, word: str) -> None:
    project, files = annotated
    claim = project.claim_by_id["overlap"]
    main = page(files, f"{lang}/claims/overlap/index.html").find("main")
    figures = main.find("section", class_="evidence").find_all("figure", class_="quote")
    assert [f.get("id") for f in figures] == [f"evidence-{q.id}" for q in claim.quotes]
    assert [" ".join(f.find(class_="quote-number").text().split()) for f in figures] == [f"{word} {n}" for n in range(1, 8)]
    assert len(main.find_all("blockquote")) == len(claim.quotes), "a quote appears once, in the evidence"
    note = main.find("section", class_="discrepancy")
    references = note.find("ul", class_="compared").find_all("a", class_="quote-number")
    assert [(a.get("href"), " ".join(a.text().split())) for a in references] == [
        ("#evidence-builders-000", f"{word} 5"),
        ("#evidence-builders-001", f"{word} 6"),
    ]
    marked = {f.get("id"): [" ".join(m.text().split()) for m in f.find_all("mark", class_="compared-words")] for f in figures}
    assert marked["evidence-builders-000"] == ["около 5000 «строителей»"]  # the words the note quotes, in bold in the quote itself
    assert marked["evidence-builders-001"] == ["около пяти тысяч наемников,"]
    assert marked["evidence-same"] == []
    for figure in figures:  # marking never changes the words of a quote
        quote = claim.quote((figure.get("id") or "").removeprefix("evidence-"))
        assert quote is not None and " ".join(figure.find("blockquote").text().split()) == " ".join(quote.original.split())


@pytest.mark.parametrize(("lang", "date"), [("ru", "6 ноября 2025\u202fг."), ("en", "6 November 2025")])
def test_a_claim_page_links_to_its_events_on_the_timeline(annotated: Built, lang: str, date: str) -> None:
    _, files = annotated
    events = page(files, f"{lang}/claims/talks-date/index.html").find("ul", class_="claim-events")
    assert events is not None
    (entry,) = events.find_all("li")
    assert entry.find("a").get("href") == f"/{lang}/timeline/#event-talks-2025-11-06"
    assert entry.find("time").get("datetime") == "2025-11-06" and entry.find("time").text() == date
    label = entry.find("span", class_="event-when")  # set apart from the title, which may name the date itself
    assert label is not None and " ".join(label.text().split()) == " ".join(date.split())
    timeline = page(files, f"{lang}/timeline/index.html")
    assert timeline.find("li", id="event-talks-2025-11-06") is not None


def test_a_source_page_offers_the_way_back_to_a_check_only_through_its_script(annotated: Built) -> None:
    project, files = annotated
    source = page(files, "en/sources/001_36549a97ad93da46/index.html")
    back = source.find("p", class_="back-to-check")
    assert back is not None and "hidden" in back.attrs, "without JavaScript the way back shows nothing"
    assert [s.get("src") for s in source.find_all("script") if s.get("src")] == ["/static/back-to-check.js"]
    listed = {
        a.get("data-claim"): a.get("href") for a in source.find("section", class_="source-claims").find_all("a") if a.get("data-claim")
    }
    assert listed == {c.id: f"/en/claims/{c.id}/" for c in project.claims if "001_36549a97ad93da46" in c.source_ids}


def test_an_earlier_address_of_a_check_leads_to_it_in_both_languages_and_stays_out_of_the_sitemap(project: Path) -> None:
    claim = project / "content/claims/talks-date.yaml"
    write(project, "content/claims/talks-date.yaml", claim.read_text(encoding="utf-8") + "aliases: [talks-on-6-november]\n")
    files = build_files(project, base_url="https://user.github.io/repo/")
    for lang, heading in (("ru", "Адрес изменился"), ("en", "This address has changed")):
        doc = page(files, f"{lang}/claims/talks-on-6-november/index.html")
        target = f"/repo/{lang}/claims/talks-date/"
        assert doc.find("html").get("lang") == lang and doc.find("h1").text() == heading
        assert doc.find("meta", http_equiv="refresh").get("content") == f"0; url={target}"
        assert doc.find("link", rel="canonical").get("href") == f"https://user.github.io{target}"
        assert doc.find("meta", name="robots").get("content") == "noindex"
        assert [a.get("href") for a in doc.find("main").find_all("a")] == [target]
    assert b"talks-on-6-november" not in files["sitemap.xml"]


def test_an_earlier_address_that_is_a_checks_own_or_another_checks_is_a_located_error(project: Path) -> None:
    text = (project / "content/claims/talks-date.yaml").read_text(encoding="utf-8")
    write(project, "content/claims/talks-date.yaml", text + "aliases: [talks-date]\n")
    write(project, "content/claims/talks-date-again.yaml", text + "aliases: [old-talks]\n")
    line = len(text.splitlines()) + 1
    assert problems_of(project) == [
        f"content/claims/talks-date.yaml:{line}:11: “talks-date” is the id of a fact-check — an alias is an earlier address "
        "no check has now; take it out of `aliases:`"
    ]
    write(project, "content/claims/talks-date.yaml", text + "aliases: [old-talks]\n")
    shared = "is an alias of fact-check “{}” too, and an earlier address can lead to one check only — keep it in the check the old page"
    assert sorted(problem.split(" was merged into")[0] for problem in problems_of(project)) == [  # in both files: either may be the copy
        f"content/claims/talks-date-again.yaml:{line}:11: “old-talks” {shared.format('talks-date')}",
        f"content/claims/talks-date.yaml:{line}:11: “old-talks” {shared.format('talks-date-again')}",
    ]


@pytest.mark.parametrize(
    ("lang", "line"),
    [("ru", "21 ноября 2026 г.; обновлено 22 ноября 2026 г.; исправлено"), ("en", "21 November 2026; updated 22 November 2026; corrected")],
)
def test_the_dates_of_a_corrected_check_read_as_one_line(project: Path, lang: str, line: str) -> None:
    claim = (project / "content/claims/talks-date.yaml").read_text(encoding="utf-8")
    corrected = "updated: 2026-11-22\ncorrections:\n  - date: 2026-11-22\n    note: {ru: Уточнён перевод., en: Translation made exact.}\n"
    write(project, "content/claims/talks-date.yaml", claim.replace("published: 2026-11-21\n", f"published: 2026-11-21\n{corrected}"))
    doc = page(build_files(project), f"{lang}/claims/talks-date/index.html")
    facts = doc.find("dl", **{"class": "claim-facts"})
    assert facts is not None
    terms = [" ".join(item.text().split()) for item in facts.find_all() if item.tag in ("dt", "dd")]
    assert terms[terms.index({"ru": "Опубликовано", "en": "Published"}[lang]) + 1] == line


@pytest.mark.parametrize(("lang", "summary"), [("ru", "2 более ранних исправления"), ("en", "2 earlier corrections")])
def test_a_long_corrections_log_shows_the_latest_correction_and_folds_the_earlier_ones(project: Path, lang: str, summary: str) -> None:
    correct_three_times(project)
    section = page(build_files(project), f"{lang}/claims/talks-date/index.html").find("section", class_="corrections")
    assert section is not None
    latest = section.find("div", class_="correction-latest")
    assert latest is not None and latest.find("time").get("datetime") == "2026-11-24"  # type: ignore[union-attr]
    folded = section.find("details", class_="corrections-earlier")
    assert folded is not None and folded.get("open") is None
    assert " ".join(folded.find("summary").text().split()) == summary  # type: ignore[union-attr]
    assert [t.get("datetime") for t in folded.find_all("time")] == ["2026-11-22", "2026-11-23"]


def test_a_single_correction_is_shown_whole_with_nothing_folded(project: Path) -> None:
    claim = (project / "content/claims/talks-date.yaml").read_text(encoding="utf-8")
    log = "corrections:\n  - date: 2026-11-22\n    note: {ru: Уточнён перевод., en: Translation made exact.}\n"
    write(
        project,
        "content/claims/talks-date.yaml",
        claim.replace("published: 2026-11-21\n", f"published: 2026-11-21\nupdated: 2026-11-22\n{log}"),
    )
    section = page(build_files(project), "en/claims/talks-date/index.html").find("section", class_="corrections")
    assert section is not None and section.find("details") is None
    assert " ".join(section.text().split()) == "Corrections Correction, 22 November 2026: Translation made exact."


@pytest.mark.parametrize(("lang", "count", "suffix"), [("ru", "3 исправления", "страница 2 из 2"), ("en", "3 corrections", "page 2 of 2")])
def test_the_corrections_log_goes_on_over_numbered_pages_below_the_policy(
    project: Path, monkeypatch: pytest.MonkeyPatch, lang: str, count: str, suffix: str
) -> None:
    monkeypatch.setattr(pages, "CORRECTIONS_PER_PAGE", 2)
    correct_three_times(project)
    files = build_files(project)
    docs, key = [], "corrections/"
    while key:  # following each page's link to the next
        docs.append(page(files, f"{lang}/{key}index.html"))
        following = docs[-1].find("a", rel="next")
        key = (following.get("href") or "").removeprefix(f"/{lang}/") if following is not None else ""
    assert len(docs) == 2
    logs = [doc.find("section", class_="corrections") for doc in docs]
    assert [[t.get("datetime") for t in log.find_all("time")] for log in logs] == [["2026-11-24", "2026-11-23"], ["2026-11-22"]]  # type: ignore[union-attr]
    assert [" ".join(log.find("p", class_="count").text().split()) for log in logs] == [count, count]  # type: ignore[union-attr]
    assert [doc.find("section", class_="report-error") is not None for doc in docs] == [True, False]  # the policy heads the first only
    assert suffix in docs[1].find("h1").text()  # type: ignore[union-attr]
    assert docs[1].find("main").find("a", href=f"/{lang}/corrections/") is not None  # type: ignore[union-attr]


def test_the_page_for_an_address_that_leads_nowhere_speaks_both_languages_in_its_frame(files: dict[str, bytes]) -> None:
    doc = page(files, "404.html")
    assert doc.find("nav", class_="site-nav") is None and doc.find("nav", class_="language-switcher") is None
    assert [section.get("lang") for section in doc.find_all("section", class_="not-found")] == ["ru", "en"]
    skip = doc.find("a", class_="skip-link")
    assert skip is not None and " ".join(skip.text().split()) == "Перейти к содержанию · Skip to content"
    title = "Страница не найдена · Page not found — Сверка · Sverka"
    assert bilingual_head(doc) == (title, title)


def test_russian_words_in_an_english_headline_are_marked_as_russian_where_it_is_shown(project: Path) -> None:
    claim = (project / "content/claims/talks-date.yaml").read_text(encoding="utf-8")
    headline = "en: The talks in Pyongyang took place on 6 November"
    write(project, "content/claims/talks-date.yaml", claim.replace(headline, "en: '“Но Гван Чоль”: the talks took place on 6 November'"))
    files = build_files(project)
    for path in ("en/claims/talks-date/index.html", "en/claims/index.html"):
        marked = [span.text() for span in page(files, path).find("main").find_all("span") if span.get("lang") == "ru"]  # type: ignore[union-attr]
        assert "Но Гван Чоль" in marked, path
    title = page(files, "en/claims/talks-date/index.html").find("title")
    assert title is not None and title.text().startswith("“Но Гван Чоль”")  # a title holds no markup
    assert not [s for s in page(files, "ru/claims/talks-date/index.html").find("h1").find_all("span")]  # type: ignore[union-attr]


def test_the_problems_found_read_as_separate_words(project: Path) -> None:
    flags = "flags:\n" + "".join(
        f"  - key: {key}\n    label: {{ru: {ru}, en: {en}}}\n    definition: {{ru: {ru}., en: {en}.}}\n"
        for key, ru, en in (("one", "Первая", "First kind"), ("two", "Вторая", "Second kind"))
    )
    write(project, "content/verdicts.yaml", (project / "content/verdicts.yaml").read_text(encoding="utf-8") + flags)
    claim = (project / "content/claims/talks-date.yaml").read_text(encoding="utf-8")
    write(project, "content/claims/talks-date.yaml", claim.replace("verdict: confirmed\n", "verdict: confirmed\nflags: [one, two]\n"))
    shown = page(build_files(project), "en/claims/talks-date/index.html").find("p", class_="flags")
    assert shown is not None and " ".join(shown.text().split()) == "Problems found: First kind Second kind"  # as copied or read aloud


@pytest.mark.parametrize(("first", "second", "marked"), [("2025-11-07", "2025-11-08", True), ("2025-11-07", "null", False)])
def test_a_report_is_called_the_first_appearance_only_when_the_dates_show_it(project: Path, first: str, second: str, marked: bool) -> None:
    for source, published in (("001_36549a97ad93da46", first), ("000_65c26eebc33d0df9", second)):  # listed in this order
        meta = (project / f"seeds/{source}.yaml").read_text(encoding="utf-8")
        write(project, f"seeds/{source}.yaml", meta.replace("published: null", f"published: {published}"))
    files = build_files(project)
    for lang, label in (("en", "first appearance"), ("ru", "первое появление")):
        items = page(files, f"{lang}/claims/talks-date/index.html").find("ul", class_="appearances").find_all("li")  # type: ignore[union-attr]
        assert [label in item.text() for item in items] == [marked, False]
