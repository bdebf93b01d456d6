"""Machine-readable companions of the pages: an Atom feed per language, the sitemap and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from functools import partial

from ..jobs import Needs, PageJob, Renders, file_job
from ..project import Project
from ..prose import render_markdown
from ..records import Claim

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = date(1970, 1, 1)
"""The `updated` of a feed with no entries yet (Atom requires one; no clock is read)."""


def timestamp(day: date) -> str:
    """A day as an RFC 3339 timestamp (midnight UTC), as Atom requires."""
    return f"{day.isoformat()}T00:00:00Z"


def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    child = ET.SubElement(parent, tag, attributes)
    if text is not None:
        child.text = text
    return child


def serialise_xml(root: ET.Element) -> bytes:
    """An XML document as UTF-8 bytes with a declaration and a final newline."""
    ET.indent(root)
    written: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return written + b"\n"


def atom_entry(feed: ET.Element, renderer: Renders, claim: Claim, lang: str) -> None:
    project = renderer.project
    verdict = project.verdict_by_key[claim.verdict]
    url = renderer.absolute(f"{lang}/claims/{claim.id}/")
    entry = add(feed, "entry")
    add(entry, "id", url)
    add(entry, "title", claim.headline[lang], type="text")
    add(entry, "link", rel="alternate", type="text/html", hreflang=lang, href=url)
    add(entry, "published", timestamp(claim.published))
    add(entry, "updated", timestamp(claim.modified))
    add(add(entry, "author"), "name", project.site.publisher[lang])
    add(entry, "category", term=verdict.key, label=verdict.label[lang])
    label = renderer.messages[lang].gettext("Verdict")
    add(entry, "summary", f"{label}: {verdict.label[lang]}. {claim.explanation[lang]}", type="text")
    summary = str(render_markdown(claim.summary[lang], project.site.base_path, project.media, lang))
    # a link to the page's own quote or note (#evidence-q1) would resolve against the feed: it is made to lead to the page
    add(entry, "content", summary.replace('href="#', f'href="{url}#'), type="html")


FEED_ENTRIES = 50
"""How many of the newest fact-checks a feed carries (the archive and claims.json list them all)."""
SITEMAP_URLS = 10_000
"""Addresses per sitemap file; with more pages, sitemap.xml becomes an index of numbered sitemaps."""
UNLISTED = ("404.html", "desk.html", "moved.html")
"""The templates of pages no search engine should list: the error page, the editor's desk and the earlier addresses of checks."""


def atom_feed(lang: str, renderer: Renders) -> bytes:
    project = renderer.project
    url = renderer.absolute(f"{lang}/feed.xml")
    # Namespaces are declared on the root by hand: ElementTree cannot mix a default namespace with plain attributes.
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: lang})
    add(feed, "id", url)
    add(feed, "title", project.site.title[lang], type="text")
    add(feed, "subtitle", project.site.description[lang], type="text")
    add(feed, "link", rel="self", type="application/atom+xml", href=url)
    add(feed, "link", rel="alternate", type="text/html", hreflang=lang, href=renderer.absolute(f"{lang}/"))
    add(feed, "link", rel="license", href=project.site.license_url)
    add(feed, "updated", timestamp(max((c.modified for c in project.claims), default=EPOCH)))
    add(add(feed, "author"), "name", project.site.publisher[lang])
    add(feed, "rights", project.site.license_name, type="text")
    for claim in project.newest_claims[:FEED_ENTRIES]:
        atom_entry(feed, renderer, claim, lang)
    return serialise_xml(feed)


def plan_feeds(project: Project) -> list[PageJob]:
    needs = Needs(claims=tuple(c.id for c in project.newest_claims[:FEED_ENTRIES]))
    return [file_job(f"{lang}/feed.xml", partial(atom_feed, lang), needs, __name__) for lang in project.site.languages]


def plan_sitemap(project: Project, jobs: list[PageJob]) -> list[PageJob]:
    """`sitemap.xml` listing every HTML page with its alternates (split when large), and `robots.txt` pointing at it;
    the editors' edition, a copy of the site with drafts, is closed to crawlers and has no sitemap."""
    if project.drafts:
        return [file_job("robots.txt", robots_closed, Needs(), __name__)]
    pages = sorted(
        (job for job in jobs if job.is_page and job.output.endswith(".html") and job.template not in UNLISTED), key=lambda j: j.path
    )
    parts = [tuple(pages[i : i + SITEMAP_URLS]) for i in range(0, len(pages), SITEMAP_URLS)] or [()]
    out = [file_job("robots.txt", robots_txt, Needs(), __name__)]
    if len(parts) == 1:
        return [*out, file_job("sitemap.xml", partial(urlset_file, parts[0]), Needs(), __name__)]
    names = [f"sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    out.append(file_job("sitemap.xml", partial(sitemap_index, tuple(names)), Needs(), __name__))
    return out + [file_job(name, partial(urlset_file, part), Needs(), __name__) for name, part in zip(names, parts, strict=True)]


def urlset_file(jobs: tuple[PageJob, ...], renderer: Renders) -> bytes:
    """A sitemap: each page's address, last change (fact-checks) and language alternates."""
    urlset = ET.Element("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})
    for job in jobs:
        entry = add(urlset, "url")
        add(entry, "loc", renderer.absolute(job.path))
        if job.modified is not None:
            add(entry, "lastmod", job.modified.isoformat())
        for code, href in sorted(renderer.alternates(job).items()):
            add(entry, "xhtml:link", rel="alternate", hreflang=code, href=href)
    return serialise_xml(urlset)


def sitemap_index(names: tuple[str, ...], renderer: Renders) -> bytes:
    index = ET.Element("sitemapindex", {"xmlns": SITEMAP})
    for name in names:
        add(add(index, "sitemap"), "loc", renderer.absolute(name))
    return serialise_xml(index)


def robots_closed(renderer: Renders) -> bytes:
    """robots.txt of the editors' edition: nothing may be crawled."""
    return b"User-agent: *\nDisallow: /\n"


def robots_txt(renderer: Renders) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {renderer.absolute('sitemap.xml')}\n".encode()
