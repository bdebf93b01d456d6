"""Every internal link and anchor on every built page resolves: a crawler over the built files, not a sample."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import build_files, make_project
from gates import SITES, BuiltSite, scan_page
from htmltree import parse_html


def target_file(site: BuiltSite, url: str) -> Path | None:
    """The built file an address inside the site points at, or None when there is none."""
    path = unquote(urlsplit(url).path)
    if not path.startswith(site.base_path):
        return None
    relative = path[len(site.base_path) :]
    candidate = site.folder / relative
    if relative == "" or relative.endswith("/"):
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def is_internal(site: BuiltSite, url: str) -> bool:
    """A link into this site (relative, site-absolute, or a full address under the base URL)."""
    parts = urlsplit(url)
    if parts.scheme in ("http", "https"):
        return url.startswith(site.base_url.split("//", 1)[0] + "//" + parts.netloc) and url.startswith(site.base_url[:-1])
    return parts.scheme == "" and not url.startswith("//")


def broken_links(site: BuiltSite) -> list[str]:
    """Every link or anchor of every HTML file that does not resolve, as `page: tag attr=value — why`."""
    scans = {path: scan_page(site.folder / path) for path in site.html_files()}
    ids = {path: set(scan.ids) for path, scan in scans.items()}
    problems = []
    for path, scan in scans.items():
        duplicates = sorted({i for i in scan.ids if scan.ids.count(i) > 1})
        if duplicates:
            problems.append(f"{path}: duplicate ids {duplicates}")
        page_url = site.url(path.removesuffix("index.html"))
        for tag, attribute, value in scan.links:
            where = f"{path}: <{tag} {attribute}={value!r}>"
            if value.strip() in ("", "#"):
                problems.append(f"{where} — an empty link")
                continue
            url = urljoin(page_url, value)
            if not is_internal(site, value) and not is_internal(site, url):
                if urlsplit(url).scheme in ("javascript", "data", "vbscript"):
                    problems.append(f"{where} — an unsafe scheme")
                continue
            target = target_file(site, url)
            if target is None:
                problems.append(f"{where} — no such file in the build")
                continue
            fragment = unquote(urlsplit(url).fragment)
            if fragment and not fragment.startswith(":~:") and target.suffix == ".html":
                known = ids[target.relative_to(site.folder).as_posix()]
                if fragment not in known:
                    problems.append(f"{where} — no element with id “{fragment}” there")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("name", SITES)
def test_every_internal_link_and_anchor_of_every_page_resolves(name: str, sites: dict[str, BuiltSite]) -> None:
    site = sites[name]
    assert site.html_files(), "the build has no HTML pages"
    problems = broken_links(site)
    assert not problems, "\n".join(problems)


def test_the_crawler_reports_a_missing_page_and_a_missing_anchor(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    (folder / "ru").mkdir(parents=True)
    (folder / "ru" / "index.html").write_text('<p id="here"><a href="/x/ru/#here">ok</a></p>', encoding="utf-8")
    (folder / "index.html").write_text(
        '<a href="ru/">ok</a> <a href="/x/en/">missing page</a> <a href="ru/#nowhere">missing anchor</a>'
        ' <a href="https://example.org/">outside</a> <img src="/x/static/none.png" alt="">',
        encoding="utf-8",
    )
    site = BuiltSite("x", folder, "http://127.0.0.1:1/x/", (), ())
    problems = broken_links(site)
    assert [p.split(" — ")[1] for p in problems] == [
        "no such file in the build",
        "no element with id “nowhere” there",
        "no such file in the build",
    ]


def test_ids_an_editor_may_choose_never_give_two_elements_of_a_page_one_id(tmp_path: Path) -> None:
    # Each page's own ids end in a suffix after "--", which no id of a record can hold: "x-title" or a quote
    # "heading" is a record's id like any other.
    project = make_project(tmp_path / "project")
    claim = (project / "content/claims/talks-date.yaml").read_text(encoding="utf-8")
    claim = claim.replace("  - id: q1", "  - id: heading").replace("quotes: [q1, q2]", "quotes: [heading, q2]")
    (project / "content/claims/talks-date.yaml").write_text(claim + "events: [talks, talks-title]\n", encoding="utf-8")
    (project / "content/claims/talks-date-heading.yaml").write_text(claim, encoding="utf-8")
    event = (
        "  - id: {id}\n    date: '2025-11'\n    title: {{ru: Т, en: T}}\n    description: {{ru: О., en: D.}}\n"
        "    quotes: [{{claim: talks-date, quote: heading}}]\n"
    )
    (project / "content/timeline.yaml").write_text(
        "events:\n" + event.format(id="talks") + event.format(id="talks-title"), encoding="utf-8"
    )
    files = build_files(project)
    for path, data in files.items():
        if path.endswith(".html"):
            ids = [element.get("id") for element in parse_html(data).iter() if element.get("id")]
            assert len(ids) == len(set(ids)), (path, [i for i in ids if ids.count(i) > 1])
