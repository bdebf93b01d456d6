"""Structured data: schema.org JSON-LD (ClaimReview, NewsMediaOrganization) for the head of a page."""

from __future__ import annotations

import re
from typing import Any

import orjson
from markupsafe import Markup

from .project import Project
from .records import Claim, Source

SCHEMA_ORG = "https://schema.org"
CLAIM_PATH = re.compile(r"^(?P<lang>[a-z]{2})/claims/(?P<id>[a-z0-9-]+)/$")

JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}

Json = dict[str, Any]


def absolute(project: Project, path: str) -> str:
    return project.site.base_url + path


def claim_url(project: Project, claim: Claim, lang: str) -> str:
    return absolute(project, f"{lang}/claims/{claim.id}/")


def page_url(project: Project, slug: str, lang: str) -> str | None:
    """The address of a standing page, or None when the site has no such page."""
    return absolute(project, f"{lang}/{slug}/") if slug in project.page_by_slug else None


def organization(project: Project, lang: str) -> Json:
    """The publisher as a schema.org NewsMediaOrganization, with links to its policies where they exist."""
    org: Json = {
        "@type": "NewsMediaOrganization",
        "@id": absolute(project, f"{lang}/#publisher"),
        "name": project.site.publisher[lang],
        "url": absolute(project, f"{lang}/"),
    }
    policies = {
        "correctionsPolicy": page_url(project, "corrections", lang),
        "verificationFactCheckingPolicy": page_url(project, "methodology", lang),
        "ownershipFundingInfo": page_url(project, "funding", lang),
    }
    trust = project.site.trust
    known = {"legalName": trust.organisation[lang] if trust.organisation else None, "email": trust.contact_email}
    return org | {key: value for key, value in (policies | known).items() if value}


def news_article(project: Project, source: Source, lang: str) -> Json:
    """An archived source as a schema.org NewsArticle: only what is recorded, never guessed."""
    article: Json = {
        "@type": "NewsArticle",
        "inLanguage": source.language,
        "headline": source.title.get(source.language) or source.headline,
        "archivedAt": absolute(project, f"{lang}/sources/{source.id}/"),
    }
    if source.published:
        article["datePublished"] = source.published.isoformat()
    if source.url:
        article["url"] = source.url
    if source.outlet:
        article["publisher"] = {"@type": "Organization", "name": source.outlet.get(source.language) or source.outlet[lang]}
    return article


def claim_item(project: Project, claim: Claim, lang: str) -> Json:
    """The claim checked, with who made it and where it appeared."""
    sources = [project.source_by_id[s] for s in claim.appearances if s in project.source_by_id]
    item: Json = {
        "@type": "Claim",
        # The content model records who made a claim, not whether it is a person or an organisation.
        "author": {"@type": "Thing", "name": claim.claimant[lang]},
        "appearance": [news_article(project, source, lang) for source in sources],
    }
    first = project.first_appearance(claim)
    if first is not None or len(sources) == 1:  # named only where the dates show it, as the page does
        item["firstAppearance"] = news_article(project, project.source_by_id[first] if first else sources[0], lang)
    dates = sorted(s.published for s in sources if s.published)
    return {**item, "datePublished": dates[0].isoformat()} if dates else item


def translations(project: Project, claim: Claim, lang: str) -> Json:
    """Links between the language versions: the default language is the original, the others its translations."""
    original = project.site.default_language

    def ref(code: str) -> Json:
        return {"@type": "ClaimReview", "@id": claim_url(project, claim, code), "url": claim_url(project, claim, code), "inLanguage": code}

    if lang == original:
        return {"workTranslation": [ref(code) for code in project.site.languages if code != original]}
    return {"translationOfWork": ref(original)}


def claim_review(project: Project, claim: Claim, lang: str) -> Json:
    url, verdict = claim_url(project, claim, lang), project.verdict_by_key[claim.verdict]
    ratings = [v.rating for v in project.verdicts]
    review: Json = {
        "@context": SCHEMA_ORG,
        "@type": "ClaimReview",
        "@id": url,
        "url": url,
        "name": claim.headline[lang],
        "inLanguage": lang,
        "datePublished": claim.published.isoformat(),
        "dateModified": claim.modified.isoformat(),
        "claimReviewed": claim.claim[lang],
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": verdict.rating,
            "bestRating": max(ratings),
            "worstRating": min(ratings),
            "alternateName": verdict.label[lang],
            "ratingExplanation": claim.explanation[lang],
        },
        "itemReviewed": claim_item(project, claim, lang),
        "author": organization(project, lang),
        "publisher": organization(project, lang),
        **translations(project, claim, lang),
    }
    corrections = [{"@type": "CorrectionComment", "text": c.note[lang], "datePublished": c.date.isoformat()} for c in claim.corrections]
    return {**review, "correction": corrections} if corrections else review


def serialise(data: Json) -> str:
    """Deterministic JSON that cannot close or open anything inside an HTML script element."""
    text = orjson.dumps(data, option=orjson.OPT_SORT_KEYS).decode()  # compact, as every page carries it
    return re.sub("[<>&\u2028\u2029]", lambda m: JSON_ESCAPES[m.group()], text)


def structured_data(project: Project, path: str) -> Markup:
    """The `<script type="application/ld+json">` element of a page (by its path below the base), or nothing:
    a claim's page carries its ClaimReview, a language's home page the publisher."""
    match, home = CLAIM_PATH.match(path), path.rstrip("/")
    if match and match["lang"] in project.site.languages and match["id"] in project.claim_by_id:
        data = claim_review(project, project.claim_by_id[match["id"]], match["lang"])
    elif path.endswith("/") and home in project.site.languages:
        data = {"@context": SCHEMA_ORG, **organization(project, home), "description": project.site.description[home]}
    else:
        return Markup("")
    return Markup('<script type="application/ld+json">\n') + Markup(serialise(data)) + Markup("\n</script>")
