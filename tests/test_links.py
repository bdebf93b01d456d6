"""Every internal link and anchor on every built page resolves: a crawler over the built files, not a sample."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from gates import SITES, BuiltSite, scan_page


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
