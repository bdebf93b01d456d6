"""Structured data and link previews: ClaimReview JSON-LD, the publisher, canonical, Open Graph and Twitter cards."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import JSON_VALUES, REPO, build_files
from htmltree import Element, parse_html
from hypothesis import given
from publishing_helpers import HOSTILE_CLAIM, ORIGINAL_URL, PUBLIC_BASE, build_published, make_published_project

from sverka.structured import serialise

OG_LOCALES = {"ru": "ru_RU", "en": "en_GB"}
CLAIMS = ("talks-date", "talks-corrected")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The published test publication, built once for this module."""
    return build_published(tmp_path_factory.mktemp("structured") / "project")


def json_ld(page: bytes) -> list[dict[str, Any]]:
    """Every JSON-LD object of a page, parsed from its script elements."""
    tree = parse_html(page)
    return [json.loads(script.text()) for script in tree.find_all("script", type="application/ld+json")]


def meta(tree: Element, key: str) -> list[str]:
    """The contents of the meta elements with this property or name."""
    return [m.get("content") or "" for m in tree.find_all("meta") if key in (m.get("property"), m.get("name"))]


def built_page(files: dict[str, bytes], url: str) -> bool:
    """Whether an absolute address names a page or file of the build."""
    assert url.startswith(PUBLIC_BASE), url
    path = url[len(PUBLIC_BASE) :].split("#", 1)[0]
    return (path + "index.html" if path == "" or path.endswith("/") else path) in files


def urls_in(value: Any, key: str = "") -> list[tuple[str, str]]:
    """Every (key, value) pair of a JSON object whose value is a URL, at any depth."""
    if isinstance(value, dict):
        return [pair for k, v in value.items() if k != "@context" for pair in urls_in(v, k)]
    if isinstance(value, list):
        return [pair for item in value for pair in urls_in(item, key)]
    return [(key, value)] if isinstance(value, str) and "://" in value else []


def claim_review(files: dict[str, bytes], lang: str, claim: str) -> dict[str, Any]:
    """The one ClaimReview of a claim page."""
    objects = json_ld(files[f"{lang}/claims/{claim}/index.html"])
    assert [o["@type"] for o in objects] == ["ClaimReview"]
    return objects[0]


@pytest.mark.parametrize("lang", ["ru", "en"])
@pytest.mark.parametrize("claim", CLAIMS)
def test_every_claim_page_carries_a_claim_review_valid_against_the_repository_schema(
    files: dict[str, bytes], lang: str, claim: str
) -> None:
    schema = json.loads((REPO / "schemas" / "claimreview.schema.json").read_text(encoding="utf-8"))
    review = claim_review(files, lang, claim)
    jsonschema.Draft202012Validator(schema).validate(review)
    rating = review["reviewRating"]
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert review["url"] == f"{PUBLIC_BASE}{lang}/claims/{claim}/" and review["inLanguage"] == lang
    for key, url in urls_in(review):
        if key == "url" and url == ORIGINAL_URL:
            continue  # the original article's own address, recorded in its metadata
        assert built_page(files, url), f"{key}: {url} is not a page of the build"


def test_a_claim_review_states_the_claim_the_verdict_and_the_appearances_in_the_page_language(files: dict[str, bytes]) -> None:
    review = claim_review(files, "en", "talks-date")
    assert review["claimReviewed"] == "The meeting took place in Pyongyang on 6 November."
    assert review["reviewRating"] | {} == {
        "@type": "Rating",
        "ratingValue": 2,
        "bestRating": 2,
        "worstRating": 1,
        "alternateName": "Confirmed",
        "ratingExplanation": "Both articles give the same date.",
    }
    item = review["itemReviewed"]
    assert item["author"]["name"] == "Both articles"
    assert "firstAppearance" not in item  # the other report is undated: which came first is not known, as the page says
    assert item["datePublished"] == "2025-11-07"
    assert [a["headline"] for a in item["appearance"]] == ["Заголовок 001_36549a97ad93da46", "Заголовок 000_65c26eebc33d0df9"]
    assert "url" not in item["appearance"][1] and "datePublished" not in item["appearance"][1]
    assert claim_review(files, "ru", "talks-date")["reviewRating"]["alternateName"] == "Подтверждено"


def test_the_publisher_links_its_corrections_methodology_and_funding_pages(files: dict[str, bytes]) -> None:
    author = claim_review(files, "ru", "talks-date")["author"]
    assert author["@type"] == "NewsMediaOrganization" and author["name"] == "Редакция"
    assert author["correctionsPolicy"] == PUBLIC_BASE + "ru/corrections/"
    assert author["verificationFactCheckingPolicy"] == PUBLIC_BASE + "ru/methodology/"
    assert author["ownershipFundingInfo"] == PUBLIC_BASE + "ru/funding/"


def test_corrections_and_updates_appear_as_correction_comments_and_date_modified(files: dict[str, bytes]) -> None:
    review = claim_review(files, "en", "talks-corrected")
    assert review["datePublished"] == "2026-11-22" and review["dateModified"] == "2026-11-25"
    assert review["correction"] == [
        {"@type": "CorrectionComment", "text": "The date was corrected.", "datePublished": "2026-11-24"},
        {"@type": "CorrectionComment", "text": "The headline was corrected.", "datePublished": "2026-11-25"},
    ]
    assert "correction" not in claim_review(files, "en", "talks-date")


def test_the_two_language_versions_point_at_each_other(files: dict[str, bytes]) -> None:
    russian, english = claim_review(files, "ru", "talks-date"), claim_review(files, "en", "talks-date")
    assert [t["url"] for t in russian["workTranslation"]] == [english["url"]]
    assert english["translationOfWork"]["url"] == russian["url"]
    assert english["translationOfWork"]["inLanguage"] == "ru"


def test_text_that_closes_a_script_element_stays_inside_the_json_ld(files: dict[str, bytes]) -> None:
    page = files["en/claims/talks-corrected/index.html"]
    assert claim_review(files, "en", "talks-corrected")["claimReviewed"] == HOSTILE_CLAIM
    assert page.count(b"alert(1)") == 2  # once in the JSON-LD, once as visible (escaped) text
    scripts = parse_html(page).find_all("script")
    assert all("alert" not in script.text() or script.get("type") == "application/ld+json" for script in scripts)
    assert serialise({"a": "</script>&<!--\u2028"}) == '{"a":"\\u003c/script\\u003e\\u0026\\u003c!--\\u2028"}'


@given(JSON_VALUES)
def test_structured_data_is_compact_json_with_sorted_keys_and_nothing_html_could_read(value: object) -> None:
    """What Python's json module writes compactly with sorted keys and ensure_ascii off, with <, >, & and
    the line separators escaped (any text: Cyrillic, quotes, control characters)."""
    written = serialise({"value": value})
    plain = json.dumps({"value": value}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert written == re.sub("[<>&\u2028\u2029]", lambda m: f"\\u{ord(m.group()):04x}", plain)
    assert not set("<>&\u2028\u2029") & set(written)
    assert json.loads(written) == {"value": value}


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_each_home_page_carries_the_publisher_as_a_news_media_organization(files: dict[str, bytes], lang: str) -> None:
    objects = json_ld(files[f"{lang}/index.html"])
    assert len(objects) == 1
    org = objects[0]
    assert org["@context"] == "https://schema.org" and org["@type"] == "NewsMediaOrganization"
    assert org["name"] == {"ru": "Редакция", "en": "The editors"}[lang] and org["url"] == f"{PUBLIC_BASE}{lang}/"
    assert all(built_page(files, url) for _, url in urls_in(org))


def html_pages(files: dict[str, bytes]) -> list[str]:
    """Every HTML page of the build except the 404 page."""
    return sorted(path for path in files if path.endswith(".html") and path != "404.html")


def test_every_page_has_a_canonical_link_open_graph_and_a_twitter_card_in_its_language(files: dict[str, bytes]) -> None:
    pages = html_pages(files)
    assert len(pages) > 10
    for path in pages:
        tree = parse_html(files[path])
        lang = tree.find("html").get("lang")  # type: ignore[union-attr]
        canonical = [link.get("href") for link in tree.find_all("link", rel="canonical")]
        assert len(canonical) == 1 and built_page(files, canonical[0] or ""), path
        assert meta(tree, "og:url") == canonical, path
        title = tree.find("title").text()  # type: ignore[union-attr]
        assert meta(tree, "og:title") == [title] == meta(tree, "twitter:title"), path
        description = meta(tree, "description")
        assert meta(tree, "og:description") == description == meta(tree, "twitter:description") and description[0], path
        assert meta(tree, "og:locale") == [OG_LOCALES[lang]], path
        assert meta(tree, "og:locale:alternate") == [code for other, code in OG_LOCALES.items() if other != lang], path
        assert meta(tree, "og:site_name") == [{"ru": "Сверка", "en": "Sverka"}[lang]], path
        assert meta(tree, "og:type") == ["article" if "/claims/" in path else "website"], path
        assert meta(tree, "twitter:card") == ["summary"], path


def test_a_claim_page_previews_with_its_headline_and_explanation(files: dict[str, bytes]) -> None:
    tree = parse_html(files["ru/claims/talks-date/index.html"])
    assert meta(tree, "og:title")[0].startswith("Переговоры в Пхеньяне прошли 6 ноября")
    assert meta(tree, "og:description") == ["Обе статьи называют одну и ту же дату."]


def test_the_404_page_is_not_indexed(files: dict[str, bytes]) -> None:
    tree = parse_html(files["404.html"])
    assert meta(tree, "robots") == ["noindex"]
    assert tree.find_all("link", rel="canonical") == []


def test_the_first_appearance_is_named_when_the_reports_dates_show_it(tmp_path: Path) -> None:
    root = make_published_project(tmp_path / "project")
    meta = root / "seeds" / "000_65c26eebc33d0df9.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("published: null", "published: 2025-11-08"), encoding="utf-8")
    item = claim_review(build_files(root, base_url=PUBLIC_BASE), "en", "talks-date")["itemReviewed"]
    assert item["firstAppearance"]["url"] == ORIGINAL_URL and item["firstAppearance"]["datePublished"] == "2025-11-07"
