"""The reader's experience: verdict badges, navigation, colour contrast, the page budget and the layout in a browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO, build_files, correct_three_times, make_project, write
from gates import SCREENSHOTS, BuiltSite, page_address, representatives
from htmltree import Element, parse_html

from sverka.plan import pages
from sverka.related import TONES

STYLESHEET = REPO / "templates" / "static" / "style.css"
BUDGET_BYTES = 60 * 1024
WIDTHS = {"phone": 320, "desktop": 1280}


def page(files: dict[str, bytes], path: str) -> Element:
    """A built page, parsed."""
    return parse_html(files[path].decode("utf-8"))


def text_of(element: Element) -> str:
    """An element's text with whitespace collapsed."""
    return " ".join(element.text().split())


def badges(tree: Element) -> list[Element]:
    """Every verdict badge of a page."""
    return [e for e in tree.iter() if "verdict" in (e.attrs.get("class") or "").split()]


def tone_of(badge: Element) -> int:
    """The colour rank a badge carries."""
    found = [c for c in (badge.attrs.get("class") or "").split() if c.startswith("verdict-tone-")]
    assert len(found) == 1, badge.attrs
    return int(found[0].removeprefix("verdict-tone-"))


# ---- verdict badges ------------------------------------------------------------------------------

SCALE_OF_FOUR = """verdicts:
  - {key: accurate, rating: 10, label: {ru: Верно, en: "True"}, definition: {ru: Верно., en: Correct.}}
  - {key: mostly, rating: 7, label: {ru: В основном верно, en: Mostly true}, definition: {ru: Почти., en: Mostly.}}
  - {key: half, rating: 3, label: {ru: Наполовину, en: Half true}, definition: {ru: Наполовину., en: Half.}}
  - {key: confirmed, rating: 0, label: {ru: Неверно, en: "False"}, definition: {ru: Неверно., en: Wrong.}}
"""


def test_badge_colours_follow_the_rank_on_any_scale_from_worst_to_best(project: Path) -> None:
    write(project, "content/verdicts.yaml", SCALE_OF_FOUR)
    files = build_files(project)
    tones = {}
    for key in ("accurate", "mostly", "half", "confirmed"):
        heading = page(files, f"en/verdicts/{key}/index.html").find("h1")
        assert heading is not None
        (badge,) = badges(heading)
        tones[key] = tone_of(badge)
    assert tones["confirmed"] == 1 and tones["accurate"] == TONES
    assert tones["confirmed"] < tones["half"] < tones["mostly"] < tones["accurate"]


def test_a_verdict_badge_is_the_same_labelled_badge_on_every_page(project: Path) -> None:
    files = build_files(project)
    for lang, label in (("ru", "Подтверждено"), ("en", "Confirmed")):
        seen = set()
        for path in (f"{lang}/index.html", f"{lang}/claims/talks-date/index.html", f"{lang}/verdicts/confirmed/index.html"):
            for badge in badges(page(files, path)):
                if text_of(badge) == label:
                    seen.add((path, badge.attrs.get("class")))
        assert {path for path, _ in seen} == {
            f"{lang}/index.html",
            f"{lang}/claims/talks-date/index.html",
            f"{lang}/verdicts/confirmed/index.html",
        }
        assert len({classes for _, classes in seen}) == 1, seen


# ---- badge colours of the stylesheet -------------------------------------------------------------


def scheme_colours(css: str, dark: bool) -> dict[str, str]:
    """The colour custom properties of the light scheme, or of the light scheme overridden by the dark one."""
    light = re.search(r":root\s*\{(.*?)\}", css, re.S)
    assert light is not None
    blocks = [light.group(1)]
    if dark:
        media = re.search(r"@media \(prefers-color-scheme: dark\)\s*\{\s*:root\s*\{(.*?)\}", css, re.S)
        assert media is not None
        blocks.append(media.group(1))
    colours: dict[str, str] = {}
    for block in blocks:
        colours.update(dict(re.findall(r"--([a-z0-9-]+):\s*(#[0-9a-fA-F]{6})", block)))
    return colours


def test_badge_colours_are_distinct_in_each_scheme() -> None:
    css = STYLESHEET.read_text(encoding="utf-8")
    for dark in (False, True):
        colours = scheme_colours(css, dark)
        assert len({colours[f"tone-{n}"] for n in range(1, TONES + 1)}) == TONES


# ---- navigation ---------------------------------------------------------------------------------


def test_the_header_links_every_main_section_and_the_same_page_in_the_other_language(project: Path) -> None:
    files = build_files(project)
    for lang, other in (("ru", "en"), ("en", "ru")):
        tree = page(files, f"{lang}/claims/talks-date/index.html")
        nav = tree.find("nav", class_="site-nav")
        assert nav is not None
        targets = [a.attrs["href"] for a in nav.find_all("a")]
        # "Fact-checks" leads where the breadcrumb of the same name does, the archive; the site's name leads home
        assert targets == [f"/{lang}/{key}" for key in ("claims/", "sources/", "discrepancies/", "timeline/", "methodology/", "search/")]
        for target in targets:
            assert f"{target.lstrip('/')}index.html" in files
        switcher = tree.find("nav", class_="language-switcher")
        assert switcher is not None
        assert [a.attrs["href"] for a in switcher.find_all("a")] == [f"/{other}/claims/talks-date/"]


def test_the_footer_links_only_standing_pages_that_exist(project: Path) -> None:
    (project / "content/pages/about.yaml").unlink()
    files = build_files(project)
    footer = page(files, "en/index.html").find("footer", class_="site-footer")
    assert footer is not None
    targets = [a.attrs["href"] for a in footer.find_all("a")]
    assert "/en/about/" not in targets
    assert "/en/corrections/" in targets and "/en/methodology/" in targets
    assert any(a.attrs.get("rel") == "license" for a in footer.find_all("a"))


def test_a_claim_page_has_breadcrumbs_home_fact_checks_headline(project: Path) -> None:
    files = build_files(project)
    crumbs = page(files, "en/claims/talks-date/index.html").find("nav", class_="breadcrumbs")
    assert crumbs is not None
    items = crumbs.find_all("li")
    assert [text_of(li) for li in items] == ["Home", "Fact-checks", "The talks in Pyongyang took place on 6 November"]
    assert items[-1].attrs.get("aria-current") == "page"


@pytest.mark.parametrize(
    ("path", "trail"),
    [
        ("en/sources/000_65c26eebc33d0df9/index.html", ["Home", "Sources", "Undated article"]),
        ("en/sources/index.html", ["Home", "Sources"]),
        ("en/discrepancies/index.html", ["Home", "Where the sources differ"]),
        ("en/timeline/index.html", ["Home", "Timeline"]),
        ("en/verdicts/index.html", ["Home", "Verdict scale"]),
        ("ru/verdicts/index.html", ["Главная", "Шкала вердиктов"]),
        ("en/methodology/index.html", ["Home", "Page methodology"]),  # the fixture's titles
        ("ru/corrections/index.html", ["Главная", "Страница corrections"]),
        ("en/search/index.html", ["Home", "Search"]),
    ],
)
def test_source_list_and_evidence_pages_have_breadcrumbs(project: Path, path: str, trail: list[str]) -> None:
    tree = page(build_files(project), path)
    crumbs = tree.find("nav", class_="breadcrumbs")
    assert crumbs is not None
    items = crumbs.find_all("li")
    assert [text_of(li) for li in items][: len(trail) - 1] == trail[:-1]
    assert items[-1].attrs.get("aria-current") == "page"
    if path.startswith("en/sources/000"):
        assert text_of(items[-1]) == text_of(tree.find("h1"))  # type: ignore[arg-type]
    else:
        assert [text_of(li) for li in items] == trail


SECOND_CLAIM = """headline: {ru: Второй, en: The second}
claim: {ru: Встреча., en: The meeting.}
claimant: {ru: Статья, en: An article}
appearances: [000_65c26eebc33d0df9]
verdict: disputed
explanation: {ru: Пояснение., en: Why.}
summary: {ru: Итог., en: Summary.}
quotes:
  - id: q1
    source: 000_65c26eebc33d0df9
    text: 6 ноября министр обороны КНДР Но Гван Чоль провел переговоры с Горемыкиным в Пхеньяне
    translation: on 6 November, DPRK Defence Minister No Kwang Chol held talks with Goremykin in Pyongyang
published: 2026-11-20
"""
UNRELATED_CLAIM = (
    SECOND_CLAIM.replace("Второй", "Третий")
    .replace("The second", "The third")
    .replace("appearances: [000_65c26eebc33d0df9]", "appearances: [001_36549a97ad93da46]")
    .replace("    source: 000_65c26eebc33d0df9", "    source: 001_36549a97ad93da46")
    .replace(
        "text: 6 ноября министр обороны КНДР Но Гван Чоль провел переговоры с Горемыкиным в Пхеньяне",
        "text: Встреча военных двух диктатур состоялась в Пхеньяне 6 ноября.",
    )
)


def related_headlines(files: dict[str, bytes], claim: str) -> list[str]:
    """The headlines a claim page links as related checks."""
    aside = page(files, f"en/claims/{claim}/index.html").find("aside", class_="related")
    return [] if aside is None else [text_of(a) for a in aside.find_all("a") if "verdict" not in (a.attrs.get("class") or "")]


def test_related_checks_share_a_source_and_never_include_the_page_itself(project: Path) -> None:
    write(project, "content/claims/second.yaml", SECOND_CLAIM)
    write(project, "content/claims/third.yaml", UNRELATED_CLAIM)
    files = build_files(project)
    assert related_headlines(files, "second") == ["The talks in Pyongyang took place on 6 November"]
    assert related_headlines(files, "talks-date") == ["The second", "The third"]
    assert related_headlines(files, "third") == ["The talks in Pyongyang took place on 6 November"]


def test_a_check_its_summary_already_links_to_is_not_offered_again_as_related(project: Path) -> None:
    linking = SECOND_CLAIM.replace("en: Summary.}", "en: 'See [the date](/en/claims/talks-date/).'}")
    write(project, "content/claims/second.yaml", linking)
    write(project, "content/claims/third.yaml", UNRELATED_CLAIM)
    files = build_files(project)
    assert related_headlines(files, "second") == []  # its one related check is linked from its summary
    assert page(files, "en/claims/second/index.html").find("aside", class_="related") is None
    assert related_headlines(files, "talks-date") == ["The second", "The third"]  # the link goes one way


def test_a_linked_check_leaves_room_for_the_next_related_one(project: Path) -> None:
    for number, name in enumerate(("second", "third", "fourth", "fifth"), 1):  # all share the fixture check's source
        claim = SECOND_CLAIM.replace("The second", f"The {name}").replace("2026-11-20", f"2026-11-{20 - number}")
        write(project, f"content/claims/{name}.yaml", claim.replace("en: Summary.}", "en: 'See [the second](/en/claims/second/).'}"))
    shown = related_headlines(build_files(project), "third")  # without the link, "The second" would be among the three
    assert sorted(shown) == ["The fifth", "The fourth", "The talks in Pyongyang took place on 6 November"]


def test_each_verdict_lists_exactly_its_checks_and_the_scale_page_counts_them(project: Path) -> None:
    write(project, "content/claims/second.yaml", SECOND_CLAIM)
    files = build_files(project)
    disputed = page(files, "en/verdicts/disputed/index.html")
    assert [text_of(h) for h in disputed.find_all("h2") if h.find("a")] == ["The second"]
    scale = page(files, "ru/verdicts/index.html").find("ul", class_="scale")
    assert scale is not None
    counts = {li.attrs["id"]: text_of(li.find(class_="count") or li) for li in scale.find_all("li")}
    assert counts == {"verdict-confirmed": "1 проверка", "verdict-disputed": "1 проверка"}
    crumbs = disputed.find("nav", class_="breadcrumbs")
    assert crumbs is not None and [a.attrs["href"] for a in crumbs.find_all("a")] == ["/en/", "/en/verdicts/"]


def test_the_home_page_leads_with_who_we_are_and_the_verdicts_as_chips_near_the_top(project: Path) -> None:
    write(project, "content/claims/second.yaml", SECOND_CLAIM)
    main = page(build_files(project), "en/index.html").find("main")
    assert main is not None
    heading = main.find("h1")
    assert heading is not None and "visually-hidden" not in (heading.attrs.get("class") or "")
    description = yaml.safe_load((project / "content/site.yaml").read_text(encoding="utf-8"))["description"]["en"]
    assert text_of(heading) == description  # who we are, in a line
    sections = main.find_all("section")
    legend, checks = sections[0], sections[1]  # the verdicts come before the first list of checks
    assert "legend" in (legend.attrs.get("class") or "") and checks.find("ol", class_="check-list") is not None
    chips = {text_of(b): text_of(b.parent.find(class_="visually-hidden")) for b in badges(legend)}  # type: ignore[union-attr]
    assert chips == {"Confirmed": "1 fact-check", "Sources disagree": "1 fact-check"}
    assert [a.attrs["href"] for a in legend.find_all("a") if "verdict" not in (a.attrs.get("class") or "")] == ["/en/verdicts/"]


def test_the_home_page_puts_the_editors_priorities_first_then_the_newest_then_by_headline(project: Path) -> None:
    write(project, "content/claims/second.yaml", SECOND_CLAIM.replace("published: 2026-11-20", "published: 2026-11-21"))
    write(project, "content/claims/third.yaml", UNRELATED_CLAIM.replace("published: 2026-11-20", "published: 2026-11-19"))
    write(
        project,
        "content/claims/fourth.yaml",
        SECOND_CLAIM.replace("The second", "«A fourth»").replace("published: 2026-11-20", "published: 2026-11-21"),
    )

    def leading(files: dict[str, bytes]) -> tuple[str, list[str]]:
        home = page(files, "en/index.html")
        listing, heading = home.find("ol", class_="check-list"), home.find("h2", id="latest-heading")
        assert listing is not None and heading is not None
        return text_of(heading), [text_of(h) for h in listing.find_all("h3")]

    assert leading(build_files(project)) == (
        "Latest fact-checks",
        ["«A fourth»", "The second", "The talks in Pyongyang took place on 6 November", "The third"],
    )
    third = project / "content/claims/third.yaml"
    third.write_text(third.read_text(encoding="utf-8") + "priority: 1\n", encoding="utf-8")
    heading, order = leading(build_files(project))
    assert (heading, order[0]) == ("Selected fact-checks", "The third")  # the editors' choice, said as such


def test_the_sources_index_lists_every_source_with_its_number_of_checks(project: Path) -> None:
    write(project, "content/claims/second.yaml", SECOND_CLAIM)
    files = build_files(project)
    listing = page(files, "en/sources/index.html").find("ul", class_="source-list")
    assert listing is not None
    entries = {li.find("a").attrs["href"]: text_of(li.find("p", class_="meta")) for li in listing.find_all("li")}  # type: ignore[union-attr]
    assert set(entries) == {"/en/sources/000_65c26eebc33d0df9/", "/en/sources/001_36549a97ad93da46/"}
    assert entries["/en/sources/000_65c26eebc33d0df9/"].endswith("quoted by 2 fact-checks")
    assert entries["/en/sources/001_36549a97ad93da46/"].endswith("quoted by 1 fact-check")


def test_methodology_shows_the_scale_and_corrections_lists_every_correction(project: Path) -> None:
    claim = project / "content/claims/talks-date.yaml"
    correction = "updated: 2026-11-22\ncorrections:\n  - date: 2026-11-22\n    note: {ru: Уточнили дату., en: We fixed the date.}\n"
    claim.write_text(claim.read_text(encoding="utf-8") + correction, encoding="utf-8")
    files = build_files(project)
    methodology = page(files, "en/methodology/index.html").find("ul", class_="scale")
    assert methodology is not None and len(badges(methodology)) == 2
    corrections = page(files, "en/corrections/index.html").find("section", class_="corrections")
    assert corrections is not None
    (entry,) = corrections.find_all("li")
    assert "We fixed the date." in text_of(entry)
    assert entry.find("a").attrs["href"] == "/en/claims/talks-date/#corrections-heading"  # type: ignore[union-attr]


# ---- the budget -----------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_claim_page_with_its_stylesheet_stays_under_60_kb(tmp_path: Path) -> None:
    """The templates' own weight, on the fixture: how long the publication's checks are is an editor's matter."""
    files = build_files(make_project(tmp_path / "project"))
    css = len(files["static/style.css"])
    claims = [path for path in files if re.fullmatch(r"[a-z]{2}/claims/[^/]+/index\.html", path)]
    assert claims
    oversized = {path: len(files[path]) + css for path in claims if len(files[path]) + css > BUDGET_BYTES}
    assert not oversized


# ---- the layout in a browser ----------------------------------------------------------------------


def page_types(site: BuiltSite) -> dict[tuple[str, str], str]:
    """One page per page type and language, plus a list per verdict and the search page."""
    chosen = representatives(site)
    for path in site.html_files():
        for kind in ("verdicts", "search"):
            if path.split("/")[1:2] == [kind]:
                chosen.setdefault((kind, path.split("/")[0]), path)
    return chosen


SHOT_HEIGHT = 1000
"""Screenshots show the first screen of each page (the whole of a long page adds nothing to a review but time)."""


def photograph(tab: object, target: Path) -> None:
    """Save the first screen of the open page; Chromium under load sometimes refuses once, so try twice."""
    from playwright.sync_api import Error

    try:
        tab.screenshot(path=str(target))  # type: ignore[attr-defined]
    except Error:
        tab.screenshot(path=str(target))  # type: ignore[attr-defined]


def survey_layout(chromium: object, site: BuiltSite, name: str, schemes: tuple[str, ...]) -> list[tuple[object, ...]]:
    """Open every page type at each width and scheme; photograph it; list the pages wider than the window."""
    folder = SCREENSHOTS / "design"
    folder.mkdir(parents=True, exist_ok=True)
    overflowing: list[tuple[object, ...]] = []
    for device, width in WIDTHS.items():
        for scheme in schemes:
            context = chromium.new_context(viewport={"width": width, "height": SHOT_HEIGHT}, color_scheme=scheme)  # type: ignore[attr-defined]
            tab = context.new_page()
            for (kind, lang), path in page_types(site).items():
                tab.goto(page_address(site, path), wait_until="load")
                scroll, client = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
                if scroll > client:
                    overflowing.append((path, device, scheme, scroll, client))
                photograph(tab, folder / f"{name}-{kind}-{lang}-{device}-{scheme}.png")
            context.close()
    return overflowing


@pytest.mark.slow
@pytest.mark.parametrize(("name", "schemes"), [("repo", ("light", "dark")), ("mini", ("light",))])
def test_no_page_scrolls_sideways_on_a_phone_or_a_desktop(
    name: str, schemes: tuple[str, ...], sites: dict[str, BuiltSite], browser: object
) -> None:
    """Every page type at 320 px and at desktop width; the publication's own pages are also photographed in both schemes."""
    assert not browser.run(survey_layout, sites[name], name, schemes)  # type: ignore[attr-defined]


# ---- colour contrast of what is rendered ----------------------------------------------------------

CONTRAST_WALK = """() => {
  const parse = (value) => {
    const parts = (value.match(/rgba?\\(([^)]*)\\)/) || [, ""])[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return parts.length >= 3 ? [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1] : null;
  };
  const over = (top, under) => [0, 1, 2].map((i) => top[i] * top[3] + under[i] * (1 - top[3])).concat([1]);
  const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const luminance = (c) => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const canvas = parse(getComputedStyle(document.documentElement).backgroundColor);
  const backdrop = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const colour = parse(getComputedStyle(e).backgroundColor);
      if (colour && colour[3] > 0) { layers.push(colour); if (colour[3] === 1) break; }
    }
    const dark = matchMedia("(prefers-color-scheme: dark)").matches;
    let colour = canvas && canvas[3] === 1 ? canvas : dark ? [18, 18, 18, 1] : [255, 255, 255, 1];  // the browser's canvas
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const failures = [];
  const seen = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const element = walker.currentNode.parentElement;
    if (!walker.currentNode.textContent.trim() || seen.has(element)) continue;
    seen.add(element);
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    const unseen = style.visibility !== "visible" || box.width < 2 || box.height < 2;
    if (unseen || element.closest(".visually-hidden, noscript, [hidden]")) continue;
    const ground = backdrop(element);
    const ink = over(parse(style.color), ground);
    const [light, dark] = [luminance(ink), luminance(ground)].sort((a, b) => b - a);
    const ratio = (light + 0.05) / (dark + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (parseInt(style.fontWeight, 10) >= 700 && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) {
      const what = `${element.tagName.toLowerCase()}.${element.className} “${element.textContent.trim().slice(0, 40)}”`;
      failures.push(`${what}: ${style.color} on rgb(${ground.slice(0, 3).map(Math.round)}) = ${ratio.toFixed(2)}`);
    }
  }
  return failures;
}"""
"""Every element with text of its own, as the browser renders it: its computed colour over the backgrounds it
stands on (alpha composited up to the first opaque one), against WCAG AA (4.5:1, or 3:1 for large text)."""
SEARCHED = {"ru": "Пхеньян", "en": "Pyongyang"}
"""A word both sites' search finds, so that the search page is checked with its results shown."""


def contrast_address(site: BuiltSite, kind: str, lang: str, path: str) -> str:
    """Where a page is opened for the walk: a source page at a quoted passage (its :target look), search with results."""
    address = page_address(site, path)
    if kind == "source":
        anchor = re.search(rb'<mark [^>]*id="([^"]+)"', (site.folder / path).read_bytes())
        return address + (f"#{anchor.group(1).decode()}" if anchor else "")
    return address + (f"?q={SEARCHED[lang]}" if kind == "search" else "")


def low_contrast(chromium: object, site: BuiltSite) -> list[str]:
    """Every rendered text below WCAG AA on every page type, in the light and the dark scheme."""
    failures: list[str] = []
    for scheme in ("light", "dark"):
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)  # type: ignore[attr-defined]
        tab = context.new_page()
        for (kind, lang), path in page_types(site).items():
            tab.goto(contrast_address(site, kind, lang, path), wait_until="load")
            if kind == "search":  # the results themselves, not the placeholders shown while they load
                tab.wait_for_selector(".pagefind-ui__result", timeout=15000)
                tab.wait_for_function("!document.querySelector('.pagefind-ui__loading')", timeout=15000)
            failures += [f"{scheme} {path}: {failure}" for failure in tab.evaluate(CONTRAST_WALK)]
        context.close()
    return failures


@pytest.mark.slow
@pytest.mark.parametrize("name", ["repo", "mini"])
def test_every_rendered_text_meets_wcag_aa_contrast_in_both_schemes(name: str, sites: dict[str, BuiltSite], browser: object) -> None:
    failures = browser.run(low_contrast, sites[name])  # type: ignore[attr-defined]
    assert not failures, "\n".join(failures)


def walk_sample(chromium: object) -> dict[str, list[str]]:
    """The walk over a highlight whose pale background keeps the text colour of the scheme (readable only in light)."""
    found = {}
    for scheme in ("light", "dark"):
        context = chromium.new_context(color_scheme=scheme)  # type: ignore[attr-defined]
        tab = context.new_page()
        tab.set_content(
            "<style>:root { --text: #1b1c1e; --bg: #fbfaf7 }"
            " @media (prefers-color-scheme: dark) { :root { --text: #e7e5e0; --bg: #141619 } }"
            " body { background: var(--bg); color: var(--text) } mark { background: #fff1a8; color: inherit }</style>"
            "<p>plain text <mark>highlighted</mark></p>"
        )
        found[scheme] = tab.evaluate(CONTRAST_WALK)
        context.close()
    return found


@pytest.mark.slow
def test_the_contrast_walk_catches_a_highlight_unreadable_in_the_dark_scheme_only(browser: object) -> None:
    found = browser.run(walk_sample)  # type: ignore[attr-defined]
    assert found["light"] == []
    assert len(found["dark"]) == 1 and "“highlighted”" in found["dark"][0], found


# ---- print -----------------------------------------------------------------------------------------

PRINTED_ADDRESSES = """() => [...document.querySelectorAll("main a")].map((a) => [a.className, getComputedStyle(a, "::after").content])
  .filter(([, content]) => content && content !== "none" && content !== "normal")"""


def printed_addresses(chromium: object, html: str, css: str) -> list[list[str]]:
    """The addresses a claim page prints after its links (class of the link, the printed text)."""
    context = chromium.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.set_content(html)
    tab.add_style_tag(content=css)
    tab.emulate_media(media="print")
    found: list[list[str]] = tab.evaluate(PRINTED_ADDRESSES)
    context.close()
    return found


@pytest.mark.slow
def test_a_printed_claim_page_gives_each_paragraph_link_its_address_and_never_this_machines(project: Path, browser: object) -> None:
    public = build_files(project)
    local = build_files(project, base_url="http://localhost:8000/")
    css = public["static/style.css"].decode("utf-8")
    printed = browser.run(printed_addresses, public["en/claims/talks-date/index.html"].decode("utf-8"), css)  # type: ignore[attr-defined]
    paragraphs = sorted(content for kind, content in printed if kind == "quote-paragraph")
    assert paragraphs == [
        '" (https://example.org/en/sources/000_65c26eebc33d0df9/#p-4)"',
        '" (https://example.org/en/sources/001_36549a97ad93da46/#p-5)"',
    ]
    printed = browser.run(printed_addresses, local["en/claims/talks-date/index.html"].decode("utf-8"), css)  # type: ignore[attr-defined]
    assert not [content for _, content in printed if "localhost" in content], printed
    assert not [kind for kind, _ in printed if kind == "quote-paragraph"], "an address no reader can follow is not printed"


PRINTED = """() => ({
  address: [...document.querySelectorAll(".print-address")].filter((e) => e.getClientRects().length).map((e) => e.textContent),
  links: [...document.querySelectorAll(".check-footer a, .to-compare a, .site-footer ul a")]
    .filter((a) => a.getClientRects().length).map((a) => a.textContent.trim()),
})"""


def printed_page(chromium: object, html: str, css: str, media: str) -> dict[str, list[str]]:
    """The page's own printed address, and the links printed that lead nowhere on paper (this site's, shown bare)."""
    context = chromium.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.set_content(html)
    tab.add_style_tag(content=css)
    tab.emulate_media(media=media)
    found: dict[str, list[str]] = tab.evaluate(PRINTED)
    context.close()
    return found


@pytest.mark.slow
def test_a_printed_claim_page_gives_its_own_address_and_leaves_out_links_that_lead_nowhere_on_paper(project: Path, browser: object) -> None:
    files = build_files(project)
    html, css = files["en/claims/talks-date/index.html"].decode("utf-8"), files["static/style.css"].decode("utf-8")
    printed = browser.run(printed_page, html, css, "print")  # type: ignore[attr-defined]
    assert printed["address"] == ["https://example.org/en/claims/talks-date/"]
    assert printed["links"] == []
    on_screen = browser.run(printed_page, html, css, "screen")  # type: ignore[attr-defined]
    assert on_screen["address"] == [] and "The sources side by side" in on_screen["links"]


FOLDED = """() => [...document.querySelectorAll(".corrections-earlier li")].map((li) => li.checkVisibility())"""


def folded_shown(chromium: object, html: str, css: str, media: str) -> list[bool]:
    """Whether each folded correction shows, in the given medium."""
    context = chromium.new_context()  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.set_content(html)
    tab.add_style_tag(content=css)
    tab.emulate_media(media=media)
    found: list[bool] = tab.evaluate(FOLDED)
    context.close()
    return found


@pytest.mark.slow
def test_the_earlier_corrections_folded_on_screen_are_printed_whole(project: Path, browser: object) -> None:
    correct_three_times(project)
    files = build_files(project)
    html, css = files["en/claims/talks-date/index.html"].decode("utf-8"), files["static/style.css"].decode("utf-8")
    assert browser.run(folded_shown, html, css, "screen") == [False, False]  # type: ignore[attr-defined]
    assert browser.run(folded_shown, html, css, "print") == [True, True]  # type: ignore[attr-defined]


PAGER = """() => [...document.querySelectorAll(".pager a")].map((a) => ({
  text: a.textContent.replace(/\\s+/g, " ").trim(), top: Math.round(a.getBoundingClientRect().top),
  shown: a.getClientRects().length > 0, name: a.getAttribute("aria-label"),
  gaps: [...document.querySelectorAll(".pager .gap")].filter((gap) => gap.getClientRects().length > 0).length,
  word: a.querySelector(".pager-word") ? a.querySelector(".pager-word").getBoundingClientRect().width > 1 : null }))"""


def pager_links(chromium: object, html: str, css: str, width: int) -> list[dict[str, object]]:
    """The pager's links as laid out in a window `width` pixels wide: text, top edge, whether the word shows."""
    context = chromium.new_context(viewport={"width": width, "height": 740})  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.set_content(html)
    tab.add_style_tag(content=css)
    found: list[dict[str, object]] = tab.evaluate(PAGER)
    context.close()
    return found


@pytest.mark.slow
def test_a_pager_is_one_row_of_links_on_a_phone_with_arrows_for_the_words(
    project: Path, browser: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "CORRECTIONS_PER_PAGE", 1)  # three corrections: three pages
    correct_three_times(project)
    files = build_files(project)
    html, css = files["en/corrections/page/2/index.html"].decode("utf-8"), files["static/style.css"].decode("utf-8")
    phone = browser.run(pager_links, html, css, 375)  # type: ignore[attr-defined]
    assert [link["text"] for link in phone] == ["← Previous", "Page 1", "Page 2", "Page 3", "Next →"]
    assert [phone[0]["name"], phone[-1]["name"]] == ["Previous page", "Next page"]  # what a screen reader says
    tops = [int(link["top"]) for link in phone]  # type: ignore[call-overload]
    assert max(tops) - min(tops) < 20, phone  # one row: a second would start a link's height lower
    assert [link["word"] for link in phone] == [False, None, None, None, False]  # the arrows stand for the words
    desktop = browser.run(pager_links, html, css, 1280)  # type: ignore[attr-defined]
    assert [link["word"] for link in desktop] == [True, None, None, None, True]


@pytest.mark.slow
def test_a_pager_of_many_pages_keeps_to_one_row_on_a_phone_with_one_page_either_side(
    project: Path, browser: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "CORRECTIONS_PER_PAGE", 1)  # nine corrections: nine pages
    claim = (project / "content/claims/talks-date.yaml").read_text(encoding="utf-8")
    log = "".join(f"  - date: 2026-11-1{day}\n    note: {{ru: Поправка {day}., en: Fix {day}.}}\n" for day in range(1, 10))
    write(
        project,
        "content/claims/talks-date.yaml",
        claim.replace("published: 2026-11-21\n", f"published: 2026-11-09\nupdated: 2026-11-19\ncorrections:\n{log}"),
    )
    files = build_files(project)
    css = files["static/style.css"].decode("utf-8")
    for lang, page, previous, following in (("en", "Page", "← Previous", "Next →"), ("ru", "Страница", "← Предыдущая", "Следующая →")):
        html = files[f"{lang}/corrections/page/5/index.html"].decode("utf-8")
        desktop = [link for link in browser.run(pager_links, html, css, 1280) if link["shown"]]  # type: ignore[attr-defined]
        assert [link["text"] for link in desktop][1:-1] == [f"{page} {n}" for n in (1, 3, 4, 5, 6, 7, 9)]
        assert [desktop[0]["text"], desktop[-1]["text"], desktop[0]["gaps"]] == [previous, following, 2]
        phone = [link for link in browser.run(pager_links, html, css, 375) if link["shown"]]  # type: ignore[attr-defined]
        assert [link["text"] for link in phone][1:-1] == [f"{page} {n}" for n in (1, 4, 5, 6, 9)]
        assert phone[0]["gaps"] == 2  # 1 … 4 5 6 … 9: what is left out is still shown as left out
        for links in (desktop, phone):
            tops = [int(link["top"]) for link in links]  # type: ignore[call-overload]
            assert max(tops) - min(tops) < 20, (lang, links)  # one row


def scroll_widths(chromium: object, html: str, css: str, width: int) -> list[int]:
    """The page's scrolling width and its window's, laid out `width` pixels wide."""
    context = chromium.new_context(viewport={"width": width, "height": 700})  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.set_content(html)
    tab.add_style_tag(content=css)
    found: list[int] = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    context.close()
    return found


@pytest.mark.slow
def test_a_long_line_of_code_in_a_text_wraps_on_a_phone(project: Path, browser: object) -> None:
    line = "a line kept as typed, " * 12 + "https://example.org/" + "a/" * 60
    summary = f"  en: |\n    The articles agree.\n\n        {line}\n\n    ```\n    {line}\n    ```\n"
    claim = (project / "content/claims/talks-date.yaml").read_text(encoding="utf-8")
    write(project, "content/claims/talks-date.yaml", claim.replace("  en: The articles **agree** on the date.\n", summary))
    files = build_files(project)
    html, css = files["en/claims/talks-date/index.html"].decode("utf-8"), files["static/style.css"].decode("utf-8")
    assert html.count("<pre>") == 2
    scroll, window = browser.run(scroll_widths, html, css, 320)  # type: ignore[attr-defined]
    assert scroll <= window


def table_layout(chromium: object, html: str, css: str) -> dict[str, object]:
    """At 320 px: the page's scrolling width and its window's; at 1,280 px: whether the widest table scrolls."""
    found: dict[str, object] = {}
    for width in (320, 1280):
        context = chromium.new_context(viewport={"width": width, "height": 700})  # type: ignore[attr-defined]
        tab = context.new_page()
        tab.set_content(html)
        tab.add_style_tag(content=css)
        found[f"widths@{width}"] = tab.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if width == 1280:
            widest = "[...document.querySelectorAll('table')].sort((a, b) => b.scrollWidth - a.scrollWidth)[0]"
            found["scrolls"] = tab.evaluate(f"(() => {{ const t = {widest}; return t.scrollWidth > t.clientWidth; }})()")
        context.close()
    return found


@pytest.mark.slow
def test_a_table_in_any_text_of_a_check_stays_within_a_phone_and_a_wide_one_scrolls_by_keyboard(project: Path, browser: object) -> None:
    narrow = (
        "| Что сравнивается | Статья без даты | Статья от 7 ноября | Примечание |\n|---|---|---|---|\n| Имя | «Горемыкин» | — | совпадает |"
    )
    wide = "| " + " | ".join(f"Сравниваемая подробность {n}" for n in range(1, 9)) + " |\n|" + "---|" * 8 + "\n|" + " x |" * 8
    block = "\n".join(f"        {line}" for line in narrow.splitlines())
    claim = (project / "content/claims/talks-date.yaml").read_text(encoding="utf-8")
    claim = claim.replace(  # in a discrepancy note and a correction note, which are not the summary
        "    note: {ru: Даты совпадают., en: The dates match.}\n",
        f"    note:\n      ru: |\n        Даты совпадают.\n\n{block}\n      en: The dates match.\n",
    ).replace(
        "published: 2026-11-21\n",
        f"published: 2026-11-21\nupdated: 2026-11-22\ncorrections:\n  - date: 2026-11-22\n    note:\n      ru: |\n{block}\n"
        "      en: We fixed the date.\n",
    )
    summary = "\n".join(f"    {line}" for line in wide.splitlines())
    write(project, "content/claims/talks-date.yaml", claim.replace("  ru: Статьи **согласны** в дате.\n", f"  ru: |\n{summary}\n", 1))
    files = build_files(project)
    html, css = files["ru/claims/talks-date/index.html"].decode("utf-8"), files["static/style.css"].decode("utf-8")
    assert html.count("<table") == 3
    found = browser.run(table_layout, html, css)  # type: ignore[attr-defined]
    scroll, window = found["widths@320"]  # type: ignore[misc]
    assert scroll <= window, found
    assert found["scrolls"], found
    # Chromium lets Tab reach a scrolling box by itself; Safari does not, and axe asks for it (scrollable-region-focusable)
    assert [table.get("tabindex") for table in parse_html(html).find_all("table")] == ["0", "0", "0"]
