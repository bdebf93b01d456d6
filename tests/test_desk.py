"""The editor's desk: in the editors' edition only, every check by state, the build's warnings, what is left to read,
what lacks its counterpart or its translation, in both languages."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import build_files, make_project, write
from htmltree import Element, parse_html

import build
from sverka.i18n import format_moment
from sverka.incremental.builder import Builder
from sverka.plan import desk as desk_plan
from sverka.settings import Settings

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
GOING_OUT = datetime(2026, 12, 10, 9, 0, tzinfo=timezone(timedelta(hours=3)))
DESKS = {"ru": "_desk/index.html", "en": "en/_desk/index.html"}
CLAIM = "content/claims/talks-date.yaml"
UNQUOTED = "000_65c26eebc33d0df9"
"""The source the mini project's check stops quoting in `quoting_one_source`."""


def desk(files: dict[str, bytes], lang: str = "en") -> Element:
    """The desk in a language, parsed."""
    return parse_html(files[DESKS[lang]])


def one(element: Element, tag: str | None = None, **attrs: str) -> Element:
    """The first element inside that matches, which must be there."""
    found = element.find(tag, **attrs)
    assert found is not None, (tag, attrs)
    return found


def section(page: Element, heading: str) -> Element:
    """The section under a heading of the desk, by the heading's id."""
    found = page.find(id=heading)
    assert found is not None and found.parent is not None, heading
    return found.parent


def links(element: Element) -> list[str]:
    """The addresses an element links to, in order."""
    return [str(a.get("href")) for a in element.find_all("a")]


def add_check(root: Path, name: str, workflow: str) -> None:
    """A copy of the mini project's check under another name and headline, with workflow fields."""
    text = (root / CLAIM).read_text(encoding="utf-8").replace("took place on 6 November", f"({name})")
    write(root, f"content/claims/{name}.yaml", text + workflow)


def quoting_one_source(root: Path) -> None:
    """The mini project's check citing and quoting only one of the two sources (its second quote and its note
    comparing the two removed): the other source is left without checks."""
    text = (root / CLAIM).read_text(encoding="utf-8").replace(f"001_36549a97ad93da46, {UNQUOTED}]", "001_36549a97ad93da46]")
    write(root, CLAIM, text[: text.index("  - id: q2")] + text[text.index("published:") :])


def test_the_desk_is_in_the_editors_edition_in_both_languages_and_never_in_the_published_site(project: Path) -> None:
    drafts = build_files(project, drafts=True, now=NOW)
    for lang, other in (("ru", "/en/_desk/"), ("en", "/_desk/")):
        page = desk(drafts, lang)
        assert one(page, "html").get("lang") == lang
        assert links(one(page, "nav", class_="language-switcher")) == [other]
        assert one(page, "meta", name="robots").get("content") == "noindex"
        assert "data-pagefind-body" not in one(page, "main").attrs  # nor in the search index
    unlisted = ("robots.txt", "ru/feed.xml", "en/feed.xml", "claims.json")  # the editors' edition has no sitemap
    assert not [name for name in unlisted if b"_desk" in drafts[name]]
    published = build_files(project, now=NOW)
    assert not [path for path, data in published.items() if "_desk" in path or b"_desk" in data]


def test_each_check_is_listed_under_its_state_with_its_verdict_and_last_change(project: Path) -> None:
    add_check(project, "in-draft", "status: draft\n")
    add_check(project, "in-review", "status: review\n")
    add_check(project, "going-out", f"publish_at: {GOING_OUT.isoformat()}\n")
    for lang in DESKS:
        page = desk(build_files(project, drafts=True, now=NOW), lang)
        states = {state: one(page, "section", id=f"state-{state}") for state in ("draft", "review", "scheduled", "published")}
        assert {state: links(found) for state, found in states.items()} == {
            "draft": [f"/{lang}/claims/in-draft/"],
            "review": [f"/{lang}/claims/in-review/"],
            "scheduled": [f"/{lang}/claims/going-out/"],
            "published": [f"/{lang}/claims/talks-date/"],
        }
        scheduled = states["scheduled"]
        assert one(scheduled, "span", class_="verdict").text() == ("Confirmed" if lang == "en" else "Подтверждено")
        assert one(scheduled, "time").get("datetime") == "2026-11-21"  # the check's last change
        assert format_moment(GOING_OUT, lang) in scheduled.text()  # “10 December 2026, 09:00 (UTC+03:00)”


def test_of_the_published_checks_the_desk_lists_the_latest_changed_and_leads_to_the_archive_for_all(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(desk_plan, "LATEST_PUBLISHED", 1)
    add_check(project, "older", "")  # the same last change as talks-date: ordered by id, before it
    files = build_files(project, drafts=True, now=NOW)
    for lang in DESKS:
        published = one(desk(files, lang), "section", id="state-published")
        assert links(published)[:-1] == [f"/{lang}/claims/older/"]
        assert links(published)[-1] == f"/{lang}/claims/"
        assert one(published, "span", class_="count").text() == "(2)"
        archive = parse_html(files[f"{lang}/claims/index.html"])
        assert {f"/{lang}/claims/older/", f"/{lang}/claims/talks-date/"} <= set(links(archive))


def test_every_warning_of_the_build_is_on_the_desk_by_place_in_the_pages_language(project: Path) -> None:
    add_check(project, "going-out", "publish_at: 2026-12-10T09:00+03:00\n")  # dated before it goes out: a warning
    files, problems = build.build_site(project, drafts=True, now=NOW)
    assert any(p.path == "content/claims/going-out.yaml" for p in problems.warnings)
    for lang in DESKS:
        items = section(desk(files, lang), "problems-heading").find_all("li")
        listed = [f"{one(item, 'code').text()}: {one(item, 'strong').text()} {one(item, 'span').text()}" for item in items]
        assert listed == [problem.format(None, lang).replace("`", "") for problem in sorted(problems.warnings)]  # as `check` tells them
        about_the_check = [item for item in items if "going-out" in item.text()]
        assert [links(item) for item in about_the_check] == [[f"/{lang}/claims/going-out/"]]
        assert one(one(about_the_check[0], "span"), "code").text() == "published: 2026-12-10"  # what to write, as code


def test_a_paragraph_no_check_quotes_is_left_to_read_until_quoted_or_linked_from_the_coverage_page(project: Path) -> None:
    def unread() -> list[str]:
        return links(section(desk(build_files(project, drafts=True, now=NOW)), "unread-heading"))

    paragraph, other = f"/en/sources/{UNQUOTED}/#p-5", f"/en/sources/{UNQUOTED}/#p-8"
    assert {paragraph, other} <= set(unread())
    claim = (project / CLAIM).read_text(encoding="utf-8")
    quote = "  - id: q3\n    source: 000_65c26eebc33d0df9\n    text: В сообщении сказано\n    translation: The report says\n"
    write(project, CLAIM, claim.replace("discrepancies:", quote + "discrepancies:"))
    assert paragraph not in unread() and other in unread()
    body = f"[Абзац 8](/ru/sources/{UNQUOTED}/#p-8)"
    write(
        project,
        "content/pages/coverage.yaml",
        f"title: {{ru: Охват, en: Coverage}}\ndescription: {{ru: Охват, en: Coverage}}\nbody: {{ru: '{body}', en: Text}}\n",
    )
    assert other not in unread()


def test_sources_and_events_without_checks_and_checks_without_events_are_listed(project: Path) -> None:
    quoting_one_source(project)
    title = "{ru: Встреча, en: Meeting “в Пхеньяне”}"
    event = f"  - id: lonely\n    date: 2025-11-06\n    title: {title}\n    description: {{ru: Встреча., en: Meeting.}}\n"
    write(project, "content/timeline.yaml", "events:\n" + event + "    quotes: [{claim: talks-date, quote: q1}]\n")
    page = desk(build_files(project, drafts=True, now=NOW))
    assert links(section(page, "lone-heading")) == [f"/en/sources/{UNQUOTED}/", "/en/timeline/#event-lonely", "/en/claims/talks-date/"]
    assert [span.text() for span in section(page, "lone-heading").find_all("span", lang="ru")] == ["в Пхеньяне"]  # read in Russian
    write(project, CLAIM, (project / CLAIM).read_text(encoding="utf-8") + "events: [lonely]\n")
    assert links(section(desk(build_files(project, drafts=True, now=NOW)), "lone-heading")) == [f"/en/sources/{UNQUOTED}/"]


def test_texts_alike_in_both_languages_and_quotes_translated_as_themselves_are_missing_translations(project: Path) -> None:
    claim = (project / CLAIM).read_text(encoding="utf-8")
    claim = claim.replace("en: Both articles give the same date.", "en: Обе статьи называют одну и ту же дату.")
    claim = claim.replace(
        "translation: The meeting of the two dictatorships' militaries took place in Pyongyang on 6 November.",
        "translation: Встреча военных двух диктатур состоялась в Пхеньяне 6 ноября.",
    )
    write(project, CLAIM, claim)
    page = desk(build_files(project, drafts=True, now=NOW))
    items = section(page, "untranslated-heading").find_all("li")
    lines = {text.strip(): number for number, text in enumerate(claim.splitlines(), 1)}
    explanation, translation = lines["explanation:"], lines["translation: Встреча военных двух диктатур состоялась в Пхеньяне 6 ноября."]
    assert [(links(item), [code.text() for code in item.find_all("code")]) for item in items] == [
        (["/en/claims/talks-date/"], [f"{CLAIM}:{explanation + 1}:3", "explanation"]),
        (["/en/claims/talks-date/"], [f"{CLAIM}:{translation - 1}:11", "quotes[1].translation"]),
    ]
    assert "explanation" not in section(page, "problems-heading").text()  # listed once, under the translations


def test_the_banner_of_a_page_not_yet_published_links_the_desk_in_the_pages_language(project: Path) -> None:
    write(project, CLAIM, (project / CLAIM).read_text(encoding="utf-8") + "status: draft\n")
    files = build_files(project, drafts=True, now=NOW)
    for lang, address in (("ru", "/_desk/"), ("en", "/en/_desk/")):
        banner = parse_html(files[f"{lang}/claims/talks-date/index.html"]).find("p", class_="unpublished")
        assert banner is not None and links(banner) == [address]
        assert address.removeprefix("/") + "index.html" in files


def test_the_desk_follows_the_warnings_in_incremental_builds_and_the_preview(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", "mini")
    quoting_one_source(root)  # the source no check quotes is warned about, at the start of its metadata
    shutil.copytree(root, tmp_path / "previewed")
    preview = Builder(Settings(tmp_path / "previewed", search=False, drafts=True, now=NOW), keep_in_memory=True)
    Builder(Settings(root, search=False, drafts=True, now=NOW)).build()
    preview.build()
    assert f"seeds/{UNQUOTED}.yaml:1:1".encode() in (root / "site" / DESKS["en"]).read_bytes()
    for folder in (root, tmp_path / "previewed"):
        metadata = folder / "seeds" / f"{UNQUOTED}.yaml"
        metadata.write_text("# The article's metadata.\n" + metadata.read_text(encoding="utf-8"), encoding="utf-8")
    Builder(Settings(root, search=False, drafts=True, now=NOW)).build()  # no page shows the line that moved: the warning did
    preview.build([str(tmp_path / "previewed" / "seeds" / f"{UNQUOTED}.yaml")])
    for folder in (root, tmp_path / "previewed"):
        clean = build_files(folder, drafts=True, now=NOW)
        assert f"seeds/{UNQUOTED}.yaml:2:1".encode() in clean[DESKS["en"]]
        assert {lang: (folder / "site" / path).read_bytes() for lang, path in DESKS.items()} == {
            lang: clean[path] for lang, path in DESKS.items()
        }


def test_every_link_of_the_desk_leads_to_a_page_and_place_of_the_editors_edition(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", "annotated")  # events without checks, paragraphs left to read
    files = build_files(root, drafts=True, now=NOW)
    for lang in DESKS:
        addresses = [href for href in links(one(desk(files, lang), "main")) if not href.startswith("#")]
        assert any("#event-" in href for href in addresses) and any("#p-" in href for href in addresses)
        for href in addresses:
            path, _, fragment = href.removeprefix("/").partition("#")
            assert path + "index.html" in files, href
            assert not fragment or one(parse_html(files[path + "index.html"]), id=fragment), href
