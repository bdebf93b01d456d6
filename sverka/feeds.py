"""Machine-readable companions of the pages: an Atom feed per language, the sitemap and robots.txt."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date

from .prose import render_markdown
from .records import Claim, Project
from .render import Generator, PagePlanner, Renderer

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
    """Append a child element with optional text and attributes."""
    child = ET.SubElement(parent, tag, attributes)
    if text is not None:
        child.text = text
    return child


def serialise_xml(root: ET.Element) -> bytes:
    """An XML document as UTF-8 bytes with a declaration and a final newline."""
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def atom_entry(feed: ET.Element, renderer: Renderer, claim: Claim, lang: str) -> None:
    """One fact-check as an Atom entry in one language."""
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
    add(entry, "content", str(render_markdown(claim.summary[lang], project.site.base_path)), type="html")


def atom_feed(renderer: Renderer, lang: str) -> bytes:
    """The Atom feed of one language: every fact-check, newest first."""
    project = renderer.project
    claims = project.newest_claims
    url = renderer.absolute(f"{lang}/feed.xml")
    # Namespaces are declared on the root by hand: ElementTree cannot mix a default namespace with plain attributes.
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: lang})
    add(feed, "id", url)
    add(feed, "title", project.site.title[lang], type="text")
    add(feed, "subtitle", project.site.description[lang], type="text")
    add(feed, "link", rel="self", type="application/atom+xml", href=url)
    add(feed, "link", rel="alternate", type="text/html", hreflang=lang, href=renderer.absolute(f"{lang}/"))
    add(feed, "link", rel="license", href=project.site.license_url)
    add(feed, "updated", timestamp(max((c.modified for c in claims), default=EPOCH)))
    add(add(feed, "author"), "name", project.site.publisher[lang])
    add(feed, "rights", project.site.license_name, type="text")
    for claim in claims:
        atom_entry(feed, renderer, claim, lang)
    return serialise_xml(feed)


def atom_feeds(project: Project, renderer: Renderer) -> Iterable[tuple[str, bytes]]:
    """`<lang>/feed.xml` for every language of the site."""
    for lang in project.site.languages:
        yield f"{lang}/feed.xml", atom_feed(renderer, lang)


def sitemap_generator(planners: tuple[PagePlanner, ...]) -> Generator:
    """A generator of `sitemap.xml` and `robots.txt` listing the HTML pages the planners make."""

    def sitemap_files(project: Project, renderer: Renderer) -> Iterable[tuple[str, bytes]]:
        """`sitemap.xml` with every page and its language alternates, and `robots.txt` pointing at it."""
        urlset = ET.Element("urlset", {"xmlns": SITEMAP, "xmlns:xhtml": XHTML})
        jobs = sorted((job for planner in planners for job in planner(project)), key=lambda job: job.path)
        for job in jobs:
            if job.path == "404.html" or not job.output.endswith(".html"):
                continue
            entry = add(urlset, "url")
            add(entry, "loc", renderer.absolute(job.path))
            claim = job.context.get("claim")
            if isinstance(claim, Claim):
                add(entry, "lastmod", claim.modified.isoformat())
            for code, href in sorted(renderer.alternates(job).items()):
                add(entry, "xhtml:link", rel="alternate", hreflang=code, href=href)
        yield "sitemap.xml", serialise_xml(urlset)
        yield "robots.txt", f"User-agent: *\nAllow: /\n\nSitemap: {renderer.absolute('sitemap.xml')}\n".encode()

    return sitemap_files
