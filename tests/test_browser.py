"""The built sites in a real browser: every page type in both languages, at a desktop and a phone width.

One page per type is chosen by its address (home, claim, source, standing page, discrepancies, timeline,
404, root, and any type added later); each is opened in headless Chromium over HTTP, checked for console
errors, failed requests and WCAG 2.1 A/AA violations (axe-core), and photographed into
test-artifacts/screenshots/ as `<type>-<lang>-<width>.png`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import unquote

import pytest
from axe_playwright_python.sync_playwright import Axe
from gates import PAGE_TYPES_REQUIRED, SCREENSHOTS, BrowserThread, BuiltSite, page_address, representatives

from sverka.plan.navigation import HOME_LATEST

BROWSED = ("repo", "mini")
"""The repository's own site and the small fixture (the hostile one has tests of its own)."""
WIDTHS = {1280: 800, 375: 740}
"""Viewport widths and heights: a desktop and a phone."""
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_SCRIPT = Axe().axe_script
"""axe-core's axe.min.js as bundled by axe-playwright-python."""


@dataclass
class Visit:
    """What happened while a page was open: problems seen by the browser and axe's violations."""

    url: str
    expected_status: int = 200
    problems: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)


@dataclass
class Watcher:
    """Listens to one browser tab and files what it sees under the visit in progress."""

    visit: Visit = field(default_factory=lambda: Visit(""))

    def attach(self, page: Any) -> None:
        """Record console errors, uncaught exceptions, dialogs, failed requests and error responses."""
        page.on("console", self.on_console)
        page.on("pageerror", lambda error: self.visit.problems.append(f"uncaught exception: {error}"))
        page.on("requestfailed", lambda r: self.visit.problems.append(f"request failed: {r.url} ({r.failure})"))
        page.on("response", self.on_response)
        page.on("dialog", self.on_dialog)

    def on_console(self, message: Any) -> None:
        origin = message.location.get("url", "")
        expected = origin == self.visit.url and self.visit.expected_status == 404 and "404" in message.text
        if message.type == "error" and not expected:
            self.visit.problems.append(f"console {message.type}: {message.text} ({origin})")

    def on_response(self, response: Any) -> None:
        expected = response.url == self.visit.url
        if (expected and response.status != self.visit.expected_status) or (not expected and response.status >= 400):
            self.visit.problems.append(f"HTTP {response.status} for {response.url}")

    def on_dialog(self, dialog: Any) -> None:
        self.visit.problems.append(f"a {dialog.type} dialog opened: {dialog.message}")
        dialog.dismiss()


def describe_violation(violation: dict[str, Any]) -> str:
    """An axe violation: rule, impact, help and the first offending elements."""
    nodes = "; ".join(f"{' '.join(map(str, n['target']))} → {n['html'][:160]}" for n in violation["nodes"][:4])
    more = f" (+{len(violation['nodes']) - 4} more)" if len(violation["nodes"]) > 4 else ""
    return f"{violation['id']} [{violation.get('impact')}] {violation['help']}: {nodes}{more}"


def run_axe(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is laid out now (axe already injected)."""
    options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    results = page.evaluate(f"axe.run(document, {options})")
    return [describe_violation(v) for v in results["violations"]]


ICON_STATUSES = "Promise.all([...document.querySelectorAll('link[rel~=icon]')].map(l => fetch(l.href).then(r => [l.href, r.status])))"
"""Each icon a page links, fetched as the browser fetches it for the tab (an error status is also seen by the Watcher)."""


def icon_problems(page: Any) -> list[str]:
    """A page without an icon makes the browser ask the host's root for /favicon.ico, which a site served under a
    base path does not have: every page links its icons, and each must load."""
    statuses = page.evaluate(ICON_STATUSES)
    missing = [] if statuses else ["no <link rel=icon>: the browser asks the host for /favicon.ico"]
    return missing + [f"icon {href}: HTTP {status}" for href, status in statuses if status != 200]


def survey_site(chromium: Any, site: BuiltSite) -> dict[tuple[str, str, int], Visit]:
    """Open every representative page once; at each width run axe and save a screenshot."""
    folder = SCREENSHOTS if site.name == "repo" else SCREENSHOTS / site.name
    folder.mkdir(parents=True, exist_ok=True)
    visits: dict[tuple[str, str, int], Visit] = {}
    watcher = Watcher()
    context = chromium.new_context(viewport={"width": 1280, "height": WIDTHS[1280]})
    page = context.new_page()
    watcher.attach(page)
    try:
        for (kind, lang), path in representatives(site).items():
            watcher.visit = Visit(page_address(site, path), 404 if path == "404.html" else 200)
            if page.goto(watcher.visit.url, wait_until="load") is None:
                watcher.visit.problems.append("no response")
            watcher.visit.problems += icon_problems(page)
            page.evaluate(AXE_SCRIPT)
            for width, height in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": height})
                visit = replace(watcher.visit, violations=run_axe(page))
                page.screenshot(path=str(folder / f"{kind}-{lang}-{width}.png"), full_page=True)
                visits[kind, lang, width] = visit
            page.set_viewport_size({"width": 1280, "height": WIDTHS[1280]})
    finally:
        context.close()
    return visits


SURVEYS: dict[str, dict[tuple[str, str, int], Visit]] = {}


@pytest.fixture(scope="module")
def survey(browser: BrowserThread, sites: dict[str, BuiltSite]) -> Callable[[str], dict[tuple[str, str, int], Visit]]:
    """Every representative page of a site at both widths, visited once per session."""

    def run(name: str) -> dict[tuple[str, str, int], Visit]:
        if name not in SURVEYS:
            SURVEYS[name] = browser.run(survey_site, sites[name])
        return SURVEYS[name]

    return run


def report(lines: dict[str, list[str]]) -> str:
    """Problems grouped by page."""
    return "\n".join(f"{page}:\n  " + "\n  ".join(problems) for page, problems in lines.items() if problems)


@pytest.mark.slow
@pytest.mark.parametrize("name", BROWSED)
def test_every_page_type_is_present_in_both_languages(name: str, sites: dict[str, BuiltSite]) -> None:
    chosen = representatives(sites[name])
    for kind in PAGE_TYPES_REQUIRED:
        langs = ("mul",) if kind in ("root", "404") else ("ru", "en")
        for lang in langs:
            assert (kind, lang) in chosen, f"no {kind} page in {lang}; page types found: {sorted(chosen)}"
    for kind, lang in chosen:
        if lang != "mul":
            other = "en" if lang == "ru" else "ru"
            assert (kind, other) in chosen, f"the {kind} page type exists in {lang} only"


@pytest.mark.slow
@pytest.mark.parametrize("name", BROWSED)
def test_every_page_type_loads_without_console_errors_or_failed_requests(name: str, survey: Callable[..., Any]) -> None:
    visits = survey(name)
    problems = {f"{kind}/{lang}/{width}px {visit.url}": visit.problems for (kind, lang, width), visit in visits.items()}
    assert not any(problems.values()), report(problems)


@pytest.mark.slow
@pytest.mark.parametrize("name", BROWSED)
def test_axe_finds_no_wcag_2_1_a_or_aa_violation_on_any_page_type_at_either_width(name: str, survey: Callable[..., Any]) -> None:
    visits = survey(name)
    problems = {f"{kind}/{lang}/{width}px {visit.url}": visit.violations for (kind, lang, width), visit in visits.items()}
    assert not any(problems.values()), report(problems)


def other_language(lang: str) -> str:
    """The counterpart language."""
    return "en" if lang == "ru" else "ru"


def switcher_problems(chromium: Any, site: BuiltSite) -> list[str]:
    """Follow the language switcher of every representative page; where it does not reach the counterpart."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems = []
    try:
        for (kind, lang), path in representatives(site).items():
            if lang == "mul":
                continue  # the root and 404 pages are bilingual: they have no counterpart
            other = other_language(lang)
            page.goto(page_address(site, path))
            switch = page.locator(f".language-switcher a[hreflang='{other}'], nav a[hreflang='{other}'][lang='{other}']").first
            if switch.count() == 0:
                problems.append(f"{kind}/{lang} {path}: no link to the {other} version")
                continue
            switch.click()
            page.wait_for_load_state("load")
            expected = site.url(f"{other}/{path[len(lang) + 1 :].removesuffix('index.html')}")
            html_lang = page.evaluate("document.documentElement.lang")
            if page.url != expected or html_lang != other:
                problems.append(f"{kind}/{lang} {path}: the switcher led to {page.url} (lang={html_lang}), expected {expected}")
    finally:
        context.close()
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("name", BROWSED)
def test_the_language_switcher_leads_to_the_same_page_in_the_other_language(
    name: str, sites: dict[str, BuiltSite], browser: BrowserThread
) -> None:
    problems = browser.run(switcher_problems, sites[name])
    assert not problems, "\n".join(problems)


def listed_claims(chromium: Any, site: BuiltSite, lang: str, start: str) -> list[str]:
    """The ids of the claims a list links to, in order, as the browser sees it, following its pages (`rel=next`)."""
    context = chromium.new_context()
    page = context.new_page()
    paths: list[str] = []
    try:
        address: str | None = site.url(f"{lang}/{start}")
        while address is not None:
            page.goto(address)
            paths += page.eval_on_selector_all("main ol.check-list a[href]", "links => links.map(a => a.pathname)")
            address = page.eval_on_selector_all("a[rel=next]", "links => links.length ? links[0].href : null")
    finally:
        context.close()
    claim_path = re.escape(f"{site.base_path}{lang}/claims/") + r"([^/]+)/"
    return [match[1] for path in paths if (match := re.fullmatch(claim_path, path))]


@pytest.mark.slow
@pytest.mark.parametrize("name", BROWSED)
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_archive_lists_every_claim_once_and_the_home_page_as_many_as_it_shows(
    name: str, lang: str, sites: dict[str, BuiltSite], browser: BrowserThread
) -> None:
    site = sites[name]
    assert site.claim_ids, "the project has no claims"
    archive = browser.run(listed_claims, site, lang, "claims/")
    assert sorted(archive) == sorted(site.claim_ids)
    home = browser.run(listed_claims, site, lang, "")  # in the editor's order (tests/test_design.py)
    assert len(set(home)) == len(home) == min(HOME_LATEST, len(archive)) and set(home) <= set(archive)


TARGET_STATE = """(id) => {
  const el = document.getElementById(id);
  if (!el) return null;
  const box = el.getBoundingClientRect();
  const look = (e) => { const s = getComputedStyle(e);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.backgroundColor, s.boxShadow, s.textDecorationLine].join('|'); };
  const targeted = look(el);
  const isTarget = el.matches(':target');
  location.hash = 'main';
  const untargeted = look(el);
  return {tag: el.tagName.toLowerCase(), text: el.textContent, isTarget, targeted, untargeted,
          inView: box.height > 0 && box.bottom > 0 && box.top < innerHeight,
          marked: el.tagName === 'MARK' || getComputedStyle(el).backgroundColor !== 'rgba(0, 0, 0, 0)'};
}"""


def normal(text: str) -> str:
    """Text with runs of whitespace made single spaces."""
    return " ".join(text.split())


def quote_link_problems(chromium: Any, site: BuiltSite) -> tuple[int, list[str]]:
    """Follow every quote's link on the representative claim pages; how many were followed, and what is wrong."""
    claim_pages = sorted(path for (kind, _), path in representatives(site).items() if kind == "claim")
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    problems: list[str] = []
    followed = 0
    try:
        for path in claim_pages:
            page.goto(page_address(site, path))
            quotes = page.eval_on_selector_all(
                "main figure:has(blockquote)",
                """figures => figures.map(f => ({quote: f.querySelector('blockquote').textContent,
                    links: [...f.querySelectorAll('a[href*="/sources/"]')].map(a => a.href).filter(h => h.includes('#q-'))}))""",
            )
            if not quotes:
                problems.append(f"{path}: no quotes shown")
            for number, item in enumerate(quotes, 1):
                where = f"{path}, quote {number}"
                if not item["links"]:
                    problems.append(f"{where}: no link to the quoted passage (#q-…) on the source page")
                    continue
                link = item["links"][0]
                page.goto(link)
                state = page.evaluate(TARGET_STATE, unquote(link.split("#", 1)[1]))
                followed += 1
                problems.extend(f"{where} → {link}: {p}" for p in target_problems(state, item["quote"]))
    finally:
        context.close()
    return followed, problems


def target_problems(state: dict[str, Any] | None, quote: str) -> list[str]:
    """What is wrong with the element a quote link landed on."""
    if state is None:
        return ["no element has that id"]
    problems = []
    if normal(state["text"]) != normal(quote):
        problems.append(f"the passage reads {normal(state['text'])!r}, not the quote {normal(quote)!r}")
    if not (state["isTarget"] and state["inView"]):
        problems.append(f"the passage is not the :target in view ({state})")
    if not state["marked"] or state["targeted"] == state["untargeted"]:
        problems.append(f"the passage is not highlighted, or :target does not change its look ({state})")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("name", BROWSED)
def test_a_quote_link_on_a_claim_page_lands_on_the_highlighted_passage_of_the_source(
    name: str, sites: dict[str, BuiltSite], browser: BrowserThread
) -> None:
    followed, problems = browser.run(quote_link_problems, sites[name])
    assert followed, "no quote link was followed"
    assert not problems, "\n".join(problems)


def gate_findings(chromium: Any) -> tuple[list[str], list[str]]:
    """What the watcher and axe find on a page with a script error, no icon and an image without a text alternative."""
    watcher = Watcher(Visit("about:blank"))
    context = chromium.new_context()
    page = context.new_page()
    watcher.attach(page)
    try:
        page.set_content('<html lang="en"><title>t</title><main><img src="data:,"><script>console.error("broken")</script></main></html>')
        page.evaluate(AXE_SCRIPT)
        return watcher.visit.problems + icon_problems(page), run_axe(page)
    finally:
        context.close()


@pytest.mark.slow
def test_the_browser_gates_do_catch_a_console_error_a_missing_icon_and_an_accessibility_violation(browser: BrowserThread) -> None:
    problems, violations = browser.run(gate_findings)
    assert any("broken" in p for p in problems), problems
    assert any("no <link rel=icon>" in p for p in problems), problems
    assert any(v.startswith("image-alt ") for v in violations), violations


def way_back(chromium: Any, site: BuiltSite) -> dict[str, Any]:
    """Follow a claim page's first quote link to its source page; what the way back offers, and offers to a stranger."""
    claim_path = min(path for (kind, lang), path in representatives(site).items() if kind == "claim" and lang == "en")
    context = chromium.new_context()
    page = context.new_page()
    state = """() => { const p = document.querySelector('.back-to-check'), a = p.querySelector('a');
      return {hidden: p.hidden, href: a && a.href}; }"""
    in_sight = """() => { const back = document.querySelector('.back-to-check').getBoundingClientRect();
      const quote = document.getElementById(decodeURIComponent(location.hash.slice(1))).getBoundingClientRect();
      return {scrolled: window.scrollY > 0, back: back.top >= 0 && back.bottom <= innerHeight, quote: quote.top >= back.bottom}; }"""
    try:
        page.goto(page_address(site, claim_path))
        link = page.eval_on_selector("figure.quote a.quote-source", "a => a.href")
        page.set_viewport_size({"width": 375, "height": 300})  # a phone's screen, the quote well down the page
        claim = link.split("?from=", 1)[1].split("#", 1)[0]

        def russian_word_listed(route: Any) -> None:  # as an English page lists a long headline quoting Russian
            body = re.sub(f'(data-claim="{claim}">)([^<]+)', r'\1<span lang="ru">\2</span> \2 \2', route.fetch().text(), count=1)
            route.fulfill(body=body, content_type="text/html; charset=utf-8")

        page.route(lambda url: url.split("?", 1)[0] == link.split("?", 1)[0], russian_word_listed)
        page.goto(link)
        headline = """() => [document.querySelector('.back-to-check .headline').innerHTML,
          document.querySelector('a[data-claim="' + new URLSearchParams(location.search).get('from') + '"]').innerHTML]"""
        came = page.evaluate(state) | {"sight": page.evaluate(in_sight), "headline": page.evaluate(headline)}
        page.goto(link.replace("?from=", "?from=not-a-check-"))
        stranger = page.evaluate(state)
    finally:
        context.close()
    return {"claim": page_address(site, claim_path), "link": link, "came": came, "stranger": stranger}


@pytest.mark.slow
def test_a_source_page_reached_from_a_quote_offers_the_way_back_to_that_quote(sites: dict[str, BuiltSite], browser: BrowserThread) -> None:
    found = browser.run(way_back, sites["mini"])
    quote = unquote(found["link"].split("#q-", 1)[1]).split("--", 1)[1]
    assert found["came"] == {
        "hidden": False,
        "href": f"{found['claim']}#evidence-{quote}",
        "sight": {"scrolled": True, "back": True, "quote": True},  # the way back in sight above the quote, not at the top of the page
        "headline": [found["came"]["headline"][1]] * 2,  # the check's headline as the page lists it, its markup too
    }
    assert found["came"]["headline"][0].startswith('<span lang="ru">')
    assert found["stranger"] == {"hidden": True, "href": None}


def shared_search(chromium: Any, site: BuiltSite, lang: str, term: str) -> dict[str, Any]:
    """Open the search page with `?q=` in its address, as a shared link would."""
    context = chromium.new_context()
    page = context.new_page()
    try:
        page.goto(site.url(f"{lang}/search/?q={term}"))
        page.wait_for_selector(".pagefind-ui__result-link", timeout=15000)  # a result's link comes after its box, as it loads
        return page.evaluate(
            """() => ({
              typed: document.querySelector('.pagefind-ui__search-input').value,
              pages: [...document.querySelectorAll('.pagefind-ui__result-link')].map(a => a.getAttribute('href')),
              nested: document.querySelectorAll('.pagefind-ui__result-nested').length,
              tags: [...document.querySelectorAll('.pagefind-ui__result-tag')].map(t => t.textContent.trim()),
              switcher: [...document.querySelectorAll('.language-switcher a[hreflang]')].map(a => a.href),
              fallback: document.getElementById('search-fallback').getClientRects().length > 0,
              styled: (() => {  // the site's colours, not pagefind-ui.css's own: a result looks like a link, a match like a quote
                const link = getComputedStyle(document.querySelector('.pagefind-ui__result-link')).color;
                const mark = document.querySelector('.pagefind-ui mark');
                const probe = document.createElement('mark'), plain = document.createElement('a');
                probe.style.background = 'var(--mark)'; plain.href = '#'; document.querySelector('main').append(probe, plain);
                return {link: link === getComputedStyle(plain).color,
                        mark: !!mark && getComputedStyle(mark).backgroundColor === getComputedStyle(probe).backgroundColor};
              })(),
            })"""
        )
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.parametrize(("lang", "term", "label"), [("ru", "Пхеньян", "Вердикт:"), ("en", "Pyongyang", "Verdict:")])
def test_a_search_in_the_address_runs_at_once_one_result_per_page_and_follows_the_language_switch(
    lang: str, term: str, label: str, sites: dict[str, BuiltSite], browser: BrowserThread
) -> None:
    site = sites["mini"]
    found = browser.run(shared_search, site, lang, term)
    assert found["typed"] == term
    assert found["pages"] and len(found["pages"]) == len(set(found["pages"])) and found["nested"] == 0
    assert found["tags"] and all(tag.startswith(label) for tag in found["tags"]), found["tags"]
    other = other_language(lang)
    assert [unquote(href) for href in found["switcher"]] == [site.url(f"{other}/search/?q={term}")]
    assert not found["fallback"]  # the lists for when search cannot start are put away once it has
    assert found["styled"] == {"link": True, "mark": True}


def search_without_its_files(chromium: Any, site: BuiltSite, lang: str) -> list[str]:
    """The search page's visible links when the search's own files fail to load."""
    context = chromium.new_context()
    context.route("**/pagefind/**", lambda route: route.abort())
    page = context.new_page()
    try:
        page.goto(site.url(f"{lang}/search/"))
        page.wait_for_load_state("load")
        return page.evaluate(
            "() => [...document.querySelectorAll('#search-fallback a')].filter(a => a.getClientRects().length).map(a => a.href)"
        )
    finally:
        context.close()


@pytest.mark.slow
def test_the_search_page_still_leads_to_every_check_when_its_search_files_fail_to_load(
    sites: dict[str, BuiltSite], browser: BrowserThread
) -> None:
    site = sites["mini"]
    shown = browser.run(search_without_its_files, site, "en")
    assert site.url("en/sources/") in shown and any("/en/verdicts/" in href for href in shown)
