"""Feeds, sitemap and open data: Atom per language, sitemap.xml with alternates, robots.txt, claims.json."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
from conftest import JSON_VALUES, REPO, build_files, run_cli
from htmltree import parse_html
from hypothesis import given
from publishing_helpers import PUBLIC_BASE, build_published, make_published_project

from sverka.plan import feeds
from sverka.plan.opendata import as_json

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The published test publication, built once for this module."""
    return build_published(tmp_path_factory.mktemp("feeds") / "project")


def output_path(url: str) -> str:
    """The built file an absolute address of the site names."""
    assert url.startswith(PUBLIC_BASE), url
    path = url[len(PUBLIC_BASE) :]
    return path + "index.html" if path == "" or path.endswith("/") else path


def parse_feed(files: dict[str, bytes], lang: str) -> Any:
    """A language's Atom feed as feedparser reads it; it must be well-formed."""
    feed = feedparser.parse(files[f"{lang}/feed.xml"])
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_each_language_has_an_atom_feed_of_the_fact_checks_newest_first(files: dict[str, bytes], lang: str) -> None:
    feed = parse_feed(files, lang)
    assert feed.feed.title == {"ru": "Сверка", "en": "Sverka"}[lang]
    assert feed.feed.language == lang
    assert [entry.link for entry in feed.entries] == [f"{PUBLIC_BASE}{lang}/claims/{c}/" for c in ("talks-corrected", "talks-date")]
    assert [entry.id for entry in feed.entries] == [entry.link for entry in feed.entries]
    assert all(output_path(entry.link) in files for entry in feed.entries)
    headlines = {"ru": "Переговоры в Пхеньяне прошли 6 ноября", "en": "The talks in Pyongyang took place on 6 November"}
    assert feed.entries[1].title == headlines[lang]
    assert feed.entries[1].tags[0].label == {"ru": "Подтверждено", "en": "Confirmed"}[lang]


def test_a_corrected_fact_check_is_updated_on_its_last_correction_in_the_feed(files: dict[str, bytes]) -> None:
    feed = parse_feed(files, "en")
    corrected, plain = feed.entries
    assert (corrected.published, corrected.updated) == ("2026-11-22T00:00:00Z", "2026-11-25T00:00:00Z")
    assert (plain.published, plain.updated) == ("2026-11-21T00:00:00Z", "2026-11-21T00:00:00Z")
    assert feed.feed.updated == "2026-11-25T00:00:00Z"
    assert plain.summary == "Verdict: Confirmed. Both articles give the same date."
    content = parse_html(plain.content[0].value)
    assert content.find("strong").text() == "agree"  # type: ignore[union-attr]


def test_a_link_to_a_quote_in_a_feed_entry_leads_to_the_quote_on_the_checks_page(tmp_path: Path) -> None:
    root = make_published_project(tmp_path / "project")
    claim = root / "content/claims/talks-date.yaml"
    text = claim.read_text(encoding="utf-8").replace("on the date.", "on the date ([quote 1](#evidence-q1)).")
    claim.write_text(text, encoding="utf-8")
    feed = parse_feed(build_files(root, base_url=PUBLIC_BASE), "en")
    entry = next(entry for entry in feed.entries if entry.link.endswith("/talks-date/"))
    links = [a.get("href") for a in parse_html(entry.content[0].value).find_all("a")]
    assert links == [f"{PUBLIC_BASE}en/claims/talks-date/#evidence-q1"]  # not feed.xml#evidence-q1


@pytest.mark.parametrize("path", ["index.html", "ru/index.html", "en/claims/talks-date/index.html", "ru/about/index.html", "404.html"])
def test_every_page_links_the_feeds_from_its_head(files: dict[str, bytes], path: str) -> None:
    head = parse_html(files[path]).find("head")
    assert head is not None
    feeds = [link.get("href") for link in head.find_all("link", rel="alternate", type="application/atom+xml")]
    assert sorted(feeds) == ["/factcheck/en/feed.xml", "/factcheck/ru/feed.xml"]
    lang = parse_html(files[path]).find("html").get("lang")  # type: ignore[union-attr]
    assert feeds[0] == f"/factcheck/{lang}/feed.xml"
    for link in head.find_all("link", rel="alternate", type="application/atom+xml"):  # each title read in its own language
        assert link.get("href") == f"/factcheck/{link.get('lang')}/feed.xml"


def sitemap_urls(files: dict[str, bytes]) -> list[ET.Element]:
    """The <url> entries of sitemap.xml, checking the root and its namespace."""
    root = ET.fromstring(files["sitemap.xml"])
    assert root.tag == f"{SITEMAP}urlset"
    assert all(child.tag == f"{SITEMAP}url" for child in root)
    return list(root)


def test_the_sitemap_lists_every_page_with_its_alternates_in_both_languages_and_x_default(files: dict[str, bytes]) -> None:
    entries = sitemap_urls(files)
    locations = [entry.findtext(f"{SITEMAP}loc") or "" for entry in entries]
    pages = sorted(path for path in files if path.endswith(".html") and path != "404.html")
    assert sorted(output_path(loc) for loc in locations) == pages
    assert len(set(locations)) == len(locations)
    for entry, loc in zip(entries, locations, strict=True):
        assert entry[0].tag == f"{SITEMAP}loc"
        assert {child.tag for child in entry} <= {f"{SITEMAP}loc", f"{SITEMAP}lastmod", f"{XHTML}link"}
        links = {link.get("hreflang"): link.get("href") or "" for link in entry.iter(f"{XHTML}link")}
        assert all(link.get("rel") == "alternate" for link in entry.iter(f"{XHTML}link"))
        assert set(links) == {"ru", "en", "x-default"}, loc
        assert loc in links.values()
        assert all(output_path(href) in files for href in links.values())


def test_the_sitemap_dates_each_fact_check_by_its_last_change(files: dict[str, bytes]) -> None:
    lastmod = {entry.findtext(f"{SITEMAP}loc"): entry.findtext(f"{SITEMAP}lastmod") for entry in sitemap_urls(files)}
    assert lastmod[PUBLIC_BASE + "en/claims/talks-corrected/"] == "2026-11-25"
    assert lastmod[PUBLIC_BASE + "ru/claims/talks-date/"] == "2026-11-21"


def test_robots_txt_points_at_the_sitemap_by_its_full_address(files: dict[str, bytes]) -> None:
    lines = files["robots.txt"].decode("utf-8").splitlines()
    assert "User-agent: *" in lines
    assert [line.split(":", 1)[1].strip() for line in lines if line.startswith("Sitemap:")] == [PUBLIC_BASE + "sitemap.xml"]


def test_an_address_in_cyrillic_is_published_as_the_web_writes_it(tmp_path: Path) -> None:
    files = build_files(make_published_project(tmp_path / "project"), base_url="https://сверка.рф/проверки/")
    ascii_base = "https://xn--80adju3ad.xn--p1ai/%D0%BF%D1%80%D0%BE%D0%B2%D0%B5%D1%80%D0%BA%D0%B8/"
    assert [line.split(":", 1)[1].strip() for line in files["robots.txt"].decode().splitlines() if line.startswith("Sitemap:")] == [
        ascii_base + "sitemap.xml"
    ]
    locations = [entry.findtext(f"{SITEMAP}loc") or "" for entry in sitemap_urls(files)]
    assert locations and all(loc.startswith(ascii_base) and loc.isascii() for loc in locations)
    canonical = parse_html(files["en/about/index.html"].decode()).find("link", rel="canonical")
    assert canonical is not None and canonical.get("href") == ascii_base + "en/about/"


def test_an_address_typed_in_capitals_is_published_as_browsers_show_it(tmp_path: Path) -> None:
    # the scheme and the host are not case-sensitive; the path is, and is kept
    files = build_files(make_published_project(tmp_path / "project"), base_url="HTTPS://Sverka.ORG/Checks/")
    canonical = parse_html(files["en/about/index.html"].decode()).find("link", rel="canonical")
    assert canonical is not None and canonical.get("href") == "https://sverka.org/Checks/en/about/"
    assert run_cli(make_published_project(tmp_path / "other"), "check", "--base-url", "HTTPS://Sverka.ORG/").returncode == 0


@pytest.fixture(scope="module")
def open_data(files: dict[str, bytes]) -> dict[str, Any]:
    """claims.json, parsed and validated against the schema kept in the repository."""
    data = json.loads(files["claims.json"])
    schema = json.loads((REPO / "schemas" / "claims.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert json.loads(files["claims.schema.json"]) == schema
    return data


def test_the_open_data_states_its_licence_and_is_valid_against_its_schema(open_data: dict[str, Any]) -> None:
    assert open_data["license"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
        "excludes": {"ru": "Кроме архивных текстов.", "en": "Except the archived texts."},
    }
    assert open_data["schema"] == PUBLIC_BASE + "claims.schema.json"
    assert open_data["languages"] == ["ru", "en"]


def claim_record(files: dict[str, bytes], entry: dict[str, Any]) -> dict[str, Any]:
    """The whole record a catalogue entry points to, validated against the same schema."""
    data = json.loads(files[output_path(entry["data"])])
    schema = json.loads((REPO / "schemas" / "claims.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    assert data["format"] == "sverka-claim" and data["catalogue"] == PUBLIC_BASE + "claims.json"
    assert data["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    return data["claim"]


def test_the_open_data_lists_every_claim_and_holds_each_with_its_quotes_at_their_places_in_the_sources(
    open_data: dict[str, Any], files: dict[str, bytes]
) -> None:
    entries = {entry["id"]: entry for entry in open_data["claims"]}
    assert [entry["id"] for entry in open_data["claims"]] == ["talks-corrected", "talks-date"]  # newest first
    assert entries["talks-date"]["data"] == PUBLIC_BASE + "data/claims/talks-date.json"
    claims = {key: claim_record(files, entry) for key, entry in entries.items()}
    claim = claims["talks-date"]
    assert claim["verdict"] == entries["talks-date"]["verdict"] == "confirmed"
    assert claim["claimant"] == {"ru": "Обе статьи", "en": "Both articles"}
    assert claim["headline"] == entries["talks-date"]["headline"] and claim["url"] == entries["talks-date"]["url"]
    assert all(output_path(url) in files for url in claim["url"].values())
    sources = {source["id"]: source for source in open_data["sources"]}
    for quote in claim["quotes"]:
        position = quote["position"]
        archived = (REPO / "seeds" / f"{quote['source']}.txt").read_text(encoding="utf-8").split("\n")
        assert archived[position["paragraph"] - 1][position["start"] : position["end"]] == quote["original"]
        assert quote["original"] == quote["text"]
        assert all(output_path(url) in files for url in sources[quote["source"]]["url"].values())
    assert [d["quotes"] for d in claim["discrepancies"]] == [["q1", "q2"]]
    assert claims["talks-corrected"]["modified"] == entries["talks-corrected"]["modified"] == "2026-11-25"
    assert [c["date"] for c in claims["talks-corrected"]["corrections"]] == ["2026-11-24", "2026-11-25"]


def test_a_record_in_the_wrong_shape_fails_the_schema(open_data: dict[str, Any], files: dict[str, bytes]) -> None:
    schema = json.loads((REPO / "schemas" / "claims.schema.json").read_text(encoding="utf-8"))
    record = json.loads(files["data/claims/talks-date.json"])
    del record["claim"]["quotes"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(record)
    broken = {**open_data, "claims": [{**open_data["claims"][0], "data": "not a url"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(schema).validate(broken)


@given(JSON_VALUES)
def test_open_data_files_are_utf8_json_indented_by_two_spaces_with_sorted_keys(value: object) -> None:
    """The documented format of claims.json, the records and timeline.json: what Python's json module
    writes with indent=2, sort_keys and ensure_ascii off (any text: Cyrillic, quotes, control characters)."""
    written = as_json({"value": value})
    assert written == (json.dumps({"value": value}, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
    assert json.loads(written) == {"value": value}


def test_the_open_data_holds_the_timeline_and_the_verdict_scale(open_data: dict[str, Any]) -> None:
    events = [(e["id"], e["date"], e["quotes"]) for e in open_data["events"]]
    assert events == [("talks", "2025-11-06", [{"claim": "talks-date", "quote": "q1"}])]
    assert [(v["key"], v["rating"]) for v in open_data["verdicts"]] == [("confirmed", 2), ("disputed", 1)]


def test_the_about_page_states_the_licence_and_links_the_open_data(files: dict[str, bytes]) -> None:
    for lang in ("ru", "en"):
        section = parse_html(files[f"{lang}/about/index.html"]).find("section", class_="open-data")
        assert section is not None
        hrefs = [a.get("href") for a in section.find_all("a")]
        assert hrefs == ["/factcheck/claims.json", "/factcheck/claims.schema.json", "https://creativecommons.org/licenses/by/4.0/"]
        assert section.find("a", rel="license").text() == "CC BY 4.0"  # type: ignore[union-attr]


def test_a_large_site_gets_a_sitemap_index_whose_sitemaps_list_every_page_once(
    files: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = sorted(entry.findtext(f"{SITEMAP}loc") or "" for entry in sitemap_urls(files))
    monkeypatch.setattr(feeds, "SITEMAP_URLS", 7)
    files = build_published(tmp_path / "project")
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{SITEMAP}sitemapindex"
    parts = [loc.text or "" for loc in index.iter(f"{SITEMAP}loc")]
    assert parts == [f"{PUBLIC_BASE}sitemap-{n}.xml" for n in range(1, len(parts) + 1)] and len(parts) == -(-len(whole) // 7)
    listed = []
    for part in parts:
        urlset = ET.fromstring(files[output_path(part)])
        assert urlset.tag == f"{SITEMAP}urlset" and len(urlset.findall(f"{SITEMAP}url")) <= 7
        listed += [entry.findtext(f"{SITEMAP}loc") or "" for entry in urlset.findall(f"{SITEMAP}url")]
    assert sorted(listed) == whole
