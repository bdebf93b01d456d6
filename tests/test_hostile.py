"""Hostile content: a fixture whose every text field carries markup and script payloads builds, shows them as
text and never runs them; its JSON-LD and JSON outputs stay valid and cannot be broken out of.

The fixture is tests/fixtures/hostile/ (quotes stay real source text, since they are verified against the
archived articles; every other text carries the payloads below).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urlsplit

import pytest
from gates import BrowserThread, BuiltSite, page_address, scan_page

SCRIPT = "<script>window.__pwned=1</script>"
QUOTES = "Tom & \"Jerry\" 'O'Neil' <tag>"
RLO = "\u202e"
LONG_WORD = "supercalifragilistic" * 25
UNSAFE_SCHEMES = ("javascript", "data", "vbscript")


@pytest.fixture(scope="module")
def hostile(sites: dict[str, BuiltSite]) -> BuiltSite:
    """The hostile fixture, built and served."""
    return sites["hostile"]


def test_the_fixture_carries_every_payload_in_its_texts() -> None:
    from conftest import FIXTURES

    claim = (FIXTURES / "hostile/content/claims/talks-date.yaml").read_text(encoding="utf-8")
    decoded = json.loads(next(line for line in claim.splitlines() if line.startswith("  en:")).split(": ", 1)[1])
    for payload in (
        SCRIPT,
        '<img src=x onerror="window.__pwned=1">',
        '"><svg onload=window.__pwned=1>',
        "[x](javascript:window.__pwned=1)",
        "[y](data:text/html,",
        "<b><i>unclosed",
        QUOTES,
        RLO,
        LONG_WORD,
    ):
        assert payload in decoded


@pytest.mark.slow
def test_no_payload_becomes_markup_on_any_page(hostile: BuiltSite) -> None:
    problems = []
    for path in hostile.html_files():
        scan = scan_page(hostile.folder / path)
        for tag, attributes in scan.elements:
            handlers = sorted(name for name in attributes if name.startswith("on"))
            if handlers:
                problems.append(f"{path}: <{tag}> has event handler attributes {handlers}")
            if tag in ("svg", "tag", "iframe", "object", "embed") or (tag == "img" and attributes.get("src") == "x"):
                problems.append(f"{path}: a <{tag}> element from a payload")
        for tag, attribute, value in scan.links:
            if urlsplit(value.strip()).scheme.lower() in UNSAFE_SCHEMES:
                problems.append(f"{path}: <{tag} {attribute}={value!r}> uses an unsafe scheme")
        for kind, text in scan.scripts:
            if kind != "application/ld+json" and "__pwned" in text:
                problems.append(f"{path}: a payload became a script: {text[:80]!r}")
    assert not problems, "\n".join(problems)


def json_strings(value: Any) -> list[str]:
    """Every string inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in json_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in json_strings(item)]
    return []


@pytest.mark.slow
def test_json_ld_and_json_files_stay_valid_and_keep_the_payloads_as_data(hostile: BuiltSite) -> None:
    documents: dict[str, Any] = {}
    for path in hostile.html_files():
        for number, (kind, text) in enumerate(scan_page(hostile.folder / path).scripts, 1):
            if kind == "application/ld+json":
                try:
                    documents[f"{path} (JSON-LD {number})"] = json.loads(text)
                except json.JSONDecodeError as error:
                    pytest.fail(f"{path}: JSON-LD block {number} is not valid JSON ({error}): {text[:200]!r}")
    for file in sorted(hostile.folder.rglob("*.json")):
        name = file.relative_to(hostile.folder).as_posix()
        try:
            documents[name] = json.loads(file.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            pytest.fail(f"{name} is not valid JSON: {error}")
    if not documents:
        pytest.skip("the build has no JSON-LD and no JSON files yet")
    strings = [s for document in documents.values() for s in json_strings(document)]
    assert any(SCRIPT in s for s in strings), "no hostile text reached the JSON outputs, so breaking out of them is untested"


@pytest.mark.slow
def test_feeds_and_sitemaps_stay_well_formed_xml(hostile: BuiltSite) -> None:
    files = sorted(hostile.folder.rglob("*.xml"))
    if not files:
        pytest.skip("the build has no XML files yet")
    for file in files:
        ET.fromstring(file.read_bytes())  # raises on anything a payload broke


PAGE_STATE = "() => ({pwned: typeof window.__pwned, text: document.body.textContent})"


def payload_problems(chromium: Any, site: BuiltSite) -> list[str]:
    """Open every page of the site; where a payload ran or the hostile texts are not shown literally."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    events: list[str] = []
    page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: events.append(f"uncaught exception: {error}"))
    problems = []
    try:
        for path in site.html_files():
            events.clear()
            page.goto(page_address(site, path), wait_until="load")
            state = page.evaluate(PAGE_STATE)
            if state["pwned"] != "undefined" or events:
                problems.append(f"{path}: a payload ran (window.__pwned is {state['pwned']}; {events})")
            if SCRIPT not in state["text"] or QUOTES not in state["text"] or RLO not in state["text"]:
                problems.append(f"{path}: the hostile texts are not shown literally")
    finally:
        context.close()
    return problems


@pytest.mark.slow
def test_no_payload_runs_in_the_browser_and_every_page_shows_them_as_text(hostile: BuiltSite, browser: BrowserThread) -> None:
    problems = browser.run(payload_problems, hostile)
    assert not problems, "\n".join(problems)
