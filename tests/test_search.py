"""Search: Pagefind indexes the written site before it replaces the old one; each language is searched on its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import build_files, run_cli
from gates import BuiltSite
from htmltree import Element, parse_html

import build
import sverka.search as search
from sverka.problems import ProblemsFound


def page(files: dict[str, bytes], path: str) -> Element:
    """A built page, parsed."""
    return parse_html(files[path].decode("utf-8"))


def scripts_of(tree: Element) -> list[str]:
    """The addresses of a page's executable scripts (JSON-LD data blocks are not scripts a browser runs)."""
    return [
        s.attrs.get("src") or "inline"
        for s in tree.find_all("script")
        if (s.attrs.get("type") or "text/javascript") in {"text/javascript", "module"}
    ]


def test_a_claim_page_gives_the_indexer_its_body_headline_and_verdict(project: Path) -> None:
    files = build_files(project)
    tree = page(files, "en/claims/talks-date/index.html")
    (body,) = [e for e in tree.iter() if "data-pagefind-body" in e.attrs]
    assert body.tag == "main"
    title = body.find("h1")
    assert title is not None and title.attrs.get("data-pagefind-meta") == "title"
    (verdict,) = [e for e in body.iter() if e.attrs.get("data-pagefind-meta") == "verdict"]
    assert verdict.text().strip() == "Confirmed"
    # no `data-pagefind-filter`: Pagefind writes filter files in a random order, and builds must repeat byte for byte
    assert not [e for e in tree.iter() if "data-pagefind-filter" in e.attrs]
    crumbs = body.find("nav", class_="breadcrumbs")
    assert crumbs is not None and "data-pagefind-ignore" in crumbs.attrs


def test_only_the_search_page_loads_scripts_and_it_is_not_indexed_itself(project: Path) -> None:
    files = build_files(project)
    for path, content in files.items():
        if not path.endswith(".html"):
            continue
        tree = parse_html(content)
        if path.endswith("search/index.html"):
            lang = path.split("/")[0]
            assert scripts_of(tree) == [f"/pagefind/{lang}/pagefind-ui.js", "/static/search.js"]
            assert not [e for e in tree.iter() if "data-pagefind-body" in e.attrs]
        elif "/sources/" in path and path.count("/") == 3:  # a source page: the way back to the check, nothing else
            assert scripts_of(tree) == ["/static/back-to-check.js"], path
        else:
            assert scripts_of(tree) == [], path


@pytest.mark.parametrize(("lang", "load_more", "verdict"), [("ru", "Загрузить ещё", "Вердикт"), ("en", "Load more results", "Verdict")])
def test_the_search_page_gives_pagefind_its_strings_in_the_pages_language(project: Path, lang: str, load_more: str, verdict: str) -> None:
    tree = page(build_files(project), f"{lang}/search/index.html")
    (block,) = [s for s in tree.find_all("script") if s.attrs.get("id") == "search-strings"]
    assert block.attrs.get("type") == "application/json"
    strings = json.loads(block.text())
    assert strings["load_more"] == load_more and strings["verdict_label"] == verdict
    assert all(isinstance(value, str) and value for value in strings.values())


@pytest.mark.parametrize(("lang", "words"), [("ru", "Поиску нужны JavaScript"), ("en", "Search needs JavaScript")])
def test_without_javascript_the_search_page_says_so_and_offers_the_lists(project: Path, lang: str, words: str) -> None:
    files = build_files(project)
    tree = page(files, f"{lang}/search/index.html")
    fallback = tree.find("div", id="search-fallback")  # in the page itself: the search's script puts it away once started
    assert fallback is not None and fallback.get("hidden") is None
    assert words in fallback.text()
    targets = {a.attrs["href"] for a in fallback.find_all("a")}
    assert {f"/{lang}/claims/", f"/{lang}/verdicts/confirmed/", f"/{lang}/sources/"} <= targets


def test_a_failing_indexer_stops_the_build_in_both_languages_and_keeps_the_old_site(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_cli(project).returncode == 0
    before = (project / "site" / "en" / "index.html").read_bytes()
    assert (project / "site" / "pagefind" / "en" / "pagefind.js").is_file()
    monkeypatch.setattr(search, "pagefind_command", lambda: ["/bin/false"])
    claim = project / "content" / "claims" / "talks-date.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("on 6 November", "on 6 November (edited)"), encoding="utf-8")
    for lang, words in (("en", "the search indexer (Pagefind) failed"), ("ru", "поисковый индекс (Pagefind) не построен")):
        assert build.main(["--root", str(project), "--lang", lang]) == 1
        assert words in capsys.readouterr().err
    assert (project / "site" / "en" / "index.html").read_bytes() == before
    assert not (project / ".site.staging").exists()


def test_an_indexer_that_cannot_start_is_reported_at_a_place_not_as_a_traceback(tmp_path: Path) -> None:
    with pytest.raises(ProblemsFound) as found:
        search.index_search(tmp_path, command=[str(tmp_path / "no-such-program")])
    (problem,) = found.value.problems
    assert problem.path == "pyproject.toml" and "Pagefind" in problem.message("en")


def test_checking_never_runs_the_indexer(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> list[str]:
        raise AssertionError("check ran the indexer")

    monkeypatch.setattr(search, "pagefind_command", refuse)
    assert build.main(["--root", str(project), "check"]) == 0


def test_each_language_has_its_own_index_of_its_own_pages(project: Path) -> None:
    assert run_cli(project).returncode == 0
    counts = {}
    for lang in ("ru", "en"):
        entry = (project / "site" / "pagefind" / lang / "pagefind-entry.json").read_text(encoding="utf-8")
        languages = json.loads(entry)["languages"]
        assert list(languages) == [lang]
        counts[lang] = languages[lang]["page_count"]
    assert counts["ru"] == counts["en"] > 0


# ---- in a browser ---------------------------------------------------------------------------------


def search_results(chromium: object, site: BuiltSite, lang: str, query: str) -> tuple[list[list[str]], list[str]]:
    """Type a query on a search page: the result links (text, address) and any request that left the site."""
    context = chromium.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    outside: list[str] = []
    tab.on("request", lambda request: outside.append(request.url) if not request.url.startswith(site.base_url) else None)
    tab.goto(site.url(f"{lang}/search/"))
    tab.fill(".pagefind-ui__search-input", query)
    tab.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
    links = tab.eval_on_selector_all(
        ".pagefind-ui__result-link",
        "els => els.filter(e => !e.closest('.pagefind-ui__result-nested')).map(e => [e.textContent, e.getAttribute('href')])",
    )
    context.close()
    return links, outside


@pytest.mark.slow
@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [
        ("ru", "Пхеньяне", "Переговоры в Пхеньяне прошли 6 ноября"),
        ("en", "Pyongyang", "The talks in Pyongyang took place on 6 November"),
    ],
)
def test_a_query_finds_pages_in_the_language_of_the_search_page(
    lang: str, query: str, expected: str, sites: dict[str, BuiltSite], browser: object
) -> None:
    site = sites["mini"]
    links, outside = browser.run(search_results, site, lang, query)  # type: ignore[attr-defined]
    assert links
    assert all(href.startswith(f"{site.base_path}{lang}/") for _, href in links), links
    titles = [text for text, href in links if "/claims/" in href]
    assert expected in [" ".join(text.split()) for text in titles], links  # the headline alone: the verdict is a chip of its own
    assert outside == []


def test_the_index_lists_its_languages_in_a_fixed_order_so_builds_repeat(tmp_path: Path) -> None:
    entry = tmp_path / "pagefind-entry.json"
    entry.write_text('{"version":"1","languages":{"ru":{"page_count":2},"en":{"page_count":2}}}', encoding="utf-8")
    search.sort_entry(entry)
    assert list(json.loads(entry.read_text(encoding="utf-8"))["languages"]) == ["en", "ru"]


def test_a_build_without_the_index_drops_an_out_of_date_one_and_the_next_full_build_restores_it(project: Path) -> None:
    assert run_cli(project).returncode == 0
    bundle = project / "site" / "pagefind" / "en" / "pagefind.js"
    assert bundle.is_file()
    assert run_cli(project, "--no-search").returncode == 0  # nothing changed: the index still holds
    assert bundle.is_file()
    claim = project / "content" / "claims" / "talks-date.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("on 6 November", "on 6 November (edited)"), encoding="utf-8")
    assert run_cli(project, "--no-search").returncode == 0
    assert not (project / "site" / "pagefind").exists()
    assert "(edited)" in (project / "site" / "en" / "claims" / "talks-date" / "index.html").read_text(encoding="utf-8")
    assert run_cli(project).returncode == 0
    assert bundle.is_file()


def test_timings_name_every_stage_of_a_build(project: Path) -> None:
    result = run_cli(project, "--timings")
    assert result.returncode == 0
    stages = [line.split()[0] for line in result.stderr.splitlines() if line.rstrip().endswith(" s") and not line.startswith("Built")]
    assert stages == ["load", "check", "fingerprint", "plan", "render", "search", "publish"]
    again = run_cli(project, "--timings")
    assert [line.split()[0] for line in again.stderr.splitlines() if line.rstrip().endswith(" s") and not line.startswith("Built")] == [
        "unchanged"
    ]


def test_a_published_site_is_indexed_beside_it_and_a_failed_run_keeps_the_last_index(project: Path) -> None:
    assert run_cli(project, "--no-search").returncode == 0
    site = project / "site"
    search.index_published_site(site)
    entry = site / "pagefind" / "en" / "pagefind-entry.json"
    indexed = entry.read_bytes()
    with pytest.raises(ProblemsFound):
        search.index_published_site(site, command=["/bin/false"])
    assert entry.read_bytes() == indexed
    assert not (project / ".site.search").exists()
