"""Checking: cross-references between records, and every quote against its source."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import replace
from urllib.parse import unquote, urlsplit

from .addresses import on_this_site
from .editions import linked
from .editorial import check_claim_rules, check_publication_rules
from .i18n import N_
from .jobs import PageJob
from .languages import LANGUAGES
from .plan.timeline import event_page
from .problems import HOLDS_INVISIBLE, Collector, each_language, invisible
from .project import Project
from .prose import headings, in_page_links, is_templates_id
from .quotes import SourceIndex, index_source, verify_quote
from .reading import report_missing_images
from .records import Claim, Event, Page, Quote, Verdict, Where
from .standards import check_evidence, check_timeline_dates


def check_project(project: Project, problems: Collector) -> Project:
    """Verify references and quotes; return the project with every quote's span known."""
    indexes = source_indexes(project)
    claims = tuple(check_claim(claim, project, indexes, problems) for claim in project.claims)
    return check_links(replace(project, claims=claims), problems)


DEAD_LINK = N_(
    "the link “{value}” leads to no page of this site — correct the address (a check's is /{language}/claims/ID/), "
    "or, if the page moved, give the check its old id under `aliases:`"
)
DEAD_PAGE_LINK = N_(
    "the link “{value}” leads to no page of this site — correct the address: a page of content/pages/ is at "
    "/{language}/NAME/, NAME being its file's name (a page that is renamed or removed takes its address with it)"
)
NO_LANGUAGE = N_("the link “{value}” leads to no page of this site — an address starts with the page's language: {suggested}")
DEAD_SOURCE_LINK = N_(
    "the link “{value}” leads to no page of this site — a source's address is /{language}/sources/ID/, ID being the name of its "
    "text in seeds/ without .txt: {options}"
)
SWAPPED_PAIR = N_("the link “{value}” leads to no page of this site — the pair is written the other way round: {suggested}")


def site_addresses(jobs: Iterable[PageJob]) -> frozenset[str]:
    """The addresses of a plan's files, below the site's root: each page's (`en/about/`) and each file's."""
    return frozenset(address for job in jobs for address in (job.path, job.output))


def check_addresses(project: Project, made: frozenset[str], problems: Collector) -> None:
    """Report each link in prose to this site that no file of the plan has (`made`: `site_addresses`), unless to a record held back."""
    records: tuple[Claim | Event | Page, ...] = (*project.claims, *project.events, *project.pages)
    for record in records:
        for address, place in record.links.items():
            within = on_this_site(address, project.site.base_url)
            if within is None:  # another site's
                continue
            path = unquote(urlsplit(within).path).removeprefix("/")
            if address.startswith("#"):  # a place on the page itself: a check's rules see to its quotes and notes
                if not isinstance(record, Claim) and not address.startswith("#evidence-"):
                    report_in_page_link(project, record, address, place, problems)
                if isinstance(record, Claim) or not address.startswith("#evidence-"):  # only a check has quotes
                    continue
            elif project.held.intersection(linked(address)):
                continue
            elif path in made or path + "/" in made:
                fragment = urlsplit(within).fragment
                if fragment and not has_anchor(project, path, fragment):
                    shown = event_page(project, fragment.removeprefix("event-")) if fragment.startswith("event-") else None
                    if shown is not None:  # a warning: events added elsewhere move the others between pages
                        template = N_("the link “{value}” leads to a page without this event — the timeline shows it at {suggested}")
                        problems.at(place, template, "warning", value=address, suggested=f"/{path.split('/')[0]}/{shown}#{fragment}")
                    else:
                        template = N_("the link “{value}” leads to a page with no place “#{fragment}” — correct the part after #")
                        problems.at(place, template, value=address, fragment=fragment)
                continue
            report_dead_link(project, address, path, made, place, problems)


def report_in_page_link(project: Project, record: Event | Page, address: str, place: Where, problems: Collector) -> None:
    """A link of a standing page to a heading, or of an event to another, that the page in the link's language lacks."""
    fragment = unquote(address[1:])
    if is_templates_id(fragment):
        return
    texts = record.body if isinstance(record, Page) else {lang: "\n\n".join(text) for lang, text in event_texts(record).items()}
    languages = [lang for lang, text in texts.items() if address in in_page_links(text)]
    missing = [lang for lang in languages if isinstance(record, Page) and not on_the_page(record, fragment, [lang])]
    # missing in every text linking it: told at its first place; else at the text of each language it is missing in
    for told in [missing] if missing == languages else [[lang] for lang in missing]:
        where = place if missing == languages else record.marks.get(f"body.{told[0]}", place)
        template = N_("the link “{value}” leads to no heading of this page — correct the part after #: {options}")
        problems.at(where, template, value=address, options=listing([f"#{s}" for lang in told for _, s, _ in headings(texts[lang])]))
    if isinstance(record, Event) and languages:
        target = fragment.removeprefix("event-")
        shown = event_page(project, target) if fragment.startswith("event-") else None
        if shown is None and (target not in project.event_by_id or target == fragment) and f"event:{target}" not in project.held:
            template = N_("the link “{value}” leads to no event of the timeline — link one by its id: #event-ID")
            problems.at(place, template, value=address)
        elif shown is not None and shown != event_page(project, record.id):  # events added elsewhere move the others
            template = N_("the link “{value}” leads to a page without this event — the timeline shows it at {suggested}")
            problems.at(place, template, "warning", value=address, suggested=f"/{languages[0]}/{shown}#{fragment}")


def event_texts(event: Event) -> dict[str, list[str]]:
    """An event's markdown texts in each language: its description and its sources' accounts."""
    return {lang: [text, *(account.note.get(lang, "") for account in event.accounts)] for lang, text in event.description.items()}


def report_dead_link(project: Project, address: str, path: str, made: frozenset[str], place: Where, problems: Collector) -> None:
    """A link to no page, with the advice its kind of address takes: a check's, a pair of sources', a page's."""
    parts = path.split("/")
    language = parts[0].lower() if parts[0].lower() in project.site.languages else project.site.default_language
    if parts[0].lower() not in project.site.languages and any(f"{lang}/{path}" in made for lang in project.site.languages):
        problems.at(place, NO_LANGUAGE, value=address, suggested=", ".join(f"/{lang}/{path}" for lang in project.site.languages))
        return
    if len(parts) > 2 and parts[1] == "compare" and "--" in parts[2]:
        swapped = "/".join([parts[0], parts[1], "--".join(reversed(parts[2].split("--", 1))), *parts[3:]])
        if swapped in made or swapped + "/" in made:
            problems.at(place, SWAPPED_PAIR, value=address, suggested="/" + swapped)
            return
    if len(parts) > 2 and parts[1] == "sources":
        options = listing([source.id for source in project.sources])
        problems.at(place, DEAD_SOURCE_LINK, value=address, language=language, options=options)
        return
    of_a_page = len(parts) in (2, 3) and parts[1] not in ("", "claims") and parts[2:] in ([], [""])  # lang/NAME/
    problems.at(place, DEAD_PAGE_LINK if of_a_page else DEAD_LINK, value=address, language=language)


def on_the_page(page: Page, fragment: str, languages: Iterable[str]) -> bool:
    """Whether a standing page in one of `languages` has the place a link names: a heading of its text, or a place its
    template makes."""
    fragment = unquote(fragment)
    return is_templates_id(fragment) or any(fragment == slug for lang in languages for _, slug, _ in headings(page.body[lang]))


def has_anchor(project: Project, path: str, fragment: str) -> bool:
    """Whether a page of the site has the place a link names: a check's quote, a source's paragraph, a timeline event, a
    heading of a page of content/pages/ (the places records make; any other fragment is taken as there)."""
    parts = path.strip("/").split("/")
    claim = project.claim_by_id.get(parts[2]) if len(parts) == 3 and parts[1] == "claims" else None
    source = project.source_by_id.get(parts[2]) if len(parts) == 3 and parts[1] == "sources" else None
    if claim is not None and fragment.startswith("evidence-"):
        return claim.quote(fragment.removeprefix("evidence-")) is not None
    if source is not None and fragment.startswith("p-"):
        return fragment.removeprefix("p-") in {str(paragraph.number) for paragraph in source.paragraphs}
    if parts[1:2] == ["timeline"] and fragment.startswith("event-"):  # the timeline is paginated: the event's own page
        return event_page(project, fragment.removeprefix("event-")) == "/".join(parts[1:]) + "/"
    page = next((page for page in project.pages if len(parts) == 2 and page.slug == parts[1]), None)
    if page is not None and parts[0] in page.body:
        return on_the_page(page, fragment, [parts[0]])
    return True


def source_indexes(project: Project) -> dict[str, SourceIndex]:
    return {source.id: index_source(source) for source in project.sources}


def check_links(project: Project, problems: Collector) -> Project:
    """What is checked across the claims once each is checked: the timeline's references, unused records, the editorial rules."""
    check_events(project, problems)
    check_aliases(project, problems)
    check_timeline_dates(project, problems)
    report_unused(project, problems)
    check_publication_rules(project, problems)
    return project


def check_aliases(project: Project, problems: Collector) -> None:
    """Each earlier address leads to one check, and none is the address of a check."""
    taken: dict[str, tuple[str, Where]] = {}
    told: set[str] = set()
    for claim in project.claims:
        for alias in claim.aliases:
            place = claim.item_place("aliases", alias)
            if alias in project.claim_by_id:
                template = N_(
                    "“{value}” is the id of a fact-check — an alias is an earlier address no check has now; take it out of `aliases:`"
                )
                problems.at(place, template, value=alias)
            elif alias in taken:  # told in both files: which one the address was merged into, the editor knows (a copied check, most often)
                other, first = taken[alias]
                if alias not in told:
                    problems.at(first, SHARED_ALIAS, value=alias, other=claim.id)
                    told.add(alias)
                problems.at(place, SHARED_ALIAS, value=alias, other=other)
            else:
                taken[alias] = (claim.id, place)


SHARED_ALIAS = N_(
    "“{value}” is an alias of fact-check “{other}” too, and an earlier address can lead to one check only — keep it in the check "
    "the old page was merged into and take it out of the other (a copied check keeps none of the original's aliases)"
)


def listing(values: list[str]) -> str:
    return ", ".join(sorted(set(values))) or "—"  # a duplicated id is told at its place, once


def check_claim(claim: Claim, project: Project, indexes: dict[str, SourceIndex], problems: Collector) -> Claim:
    check_references(claim, project, problems)
    quote_ids = {q.id for q in claim.quotes}
    for discrepancy in claim.discrepancies:
        for quote_id, place in zip(discrepancy.quotes, discrepancy.quote_wheres, strict=True):
            if quote_id not in quote_ids:
                template = N_("unknown quote id “{value}” in a discrepancy — this claim's quotes are: {options}")
                problems.at(place, template, value=quote_id, options=listing(list(quote_ids)))
    if claim.images and "media" not in project.incomplete:
        report_missing_images(claim.images, {image.name for image in project.media}, problems)
    checked = replace(claim, quotes=tuple(verify_quotes(claim, indexes, project, problems)))
    check_evidence(checked, project, problems)
    check_claim_rules(checked, project, problems)
    return checked


def check_references(claim: Claim, project: Project, problems: Collector) -> None:
    """The claim's verdict, sources, tags and events exist (unless a file that may hold them failed to load)."""
    if claim.verdict not in project.verdict_by_key:
        report_unknown_verdict(claim, project.verdicts, problems)
    references = (
        ("appearances", "sources", project.source_by_id, N_("unknown source “{value}” in appearances — known sources: {options}")),
        ("tags", "tags", project.tag_by_key, N_("unknown tag “{value}” — add it to content/tags.yaml or use one of: {options}")),
        ("events", "events", project.event_by_id, N_("unknown timeline event “{value}” — known events: {options}")),
    )
    none_yet = {
        "tags": N_("unknown tag “{value}” — content/tags.yaml lists no tags: add the tag to it (or restore the file, if it was lost)"),
        "events": N_(
            "unknown timeline event “{value}” — content/timeline.yaml lists no events: add it with `build.py new event {value}` "
            "(or restore the file, if it was lost)"
        ),
    }
    for field, kind, known, template in references:
        message = template if known else none_yet.get(kind, template)
        if kind in project.incomplete:
            continue
        for value in getattr(claim, field):
            if value in known or f"{field[:-1]}:{value}" in project.held:  # the edition reports those held back
                continue
            place = claim.item_place(field, value)
            if field != "appearances" or not report_unfinished_source(place, value, project.unfinished_sources, problems):
                problems.at(place, message, value=value, options=listing(list(known)))
            if hidden := invisible(value):
                problems.at(place, HOLDS_INVISIBLE, **hidden)


def report_unknown_verdict(claim: Claim, scale: tuple[Verdict, ...], problems: Collector) -> None:
    """An unknown verdict, with the scale in order and labelled in the message's language, and the nearest verdict suggested."""
    options = {lang: "; ".join(f"{v.key} ({v.label[lang]})" for v in scale) for lang in LANGUAGES}
    nearest = nearest_verdict(claim.verdict, scale)
    if nearest is None:
        template, suggestion = (
            N_("unknown verdict “{value}” — the scale in content/verdicts.yaml has no such key; its keys, best to worst: {options}"),
            {},
        )
    else:
        template = N_(
            "unknown verdict “{value}” — did you mean “{suggestion}” ({label})? "
            "The scale in content/verdicts.yaml, best to worst: {options}"
        )
        suggestion = {"suggestion": nearest.key, **each_language("label", nearest.label)}
    problems.at(claim.marks["verdict"], template, value=claim.verdict, **suggestion, **each_language("options", options))
    if hidden := invisible(claim.verdict):
        problems.at(claim.marks["verdict"], HOLDS_INVISIBLE, **hidden)


def nearest_verdict(value: str, scale: tuple[Verdict, ...]) -> Verdict | None:
    """The verdict meant, if it is clear: the one whose key or label (in either language) has every word typed, else the
    closest, if a slip of the keyboard away. A name that adds or drops a negation (“sources agree”, “sources disagree”) is
    another verdict, often the opposite."""
    names = {spoken(name): verdict for verdict in scale for name in (verdict.key, *verdict.label.values())}
    typed = spoken(value)
    words = set(typed.split())
    holding = {v.key: v for name, v in names.items() if words and words <= set(name.split()) and not NEGATIONS & set(name.split()) - words}
    if len(holding) == 1:
        return next(iter(holding.values()))
    close = difflib.get_close_matches(typed, list(names), n=3, cutoff=0.75)
    return next((names[name] for name in close if not negates(typed, name)), None)


NEGATIONS = frozenset({"dis", "un", "in", "im", "non", "not", "no", "cannot", "mis", "не", "нет", "без", "невозможно", "нельзя"})
"""What turns a verdict's name into its opposite (“Cannot be verified”): the words or prefixes a slip of the keyboard does not add."""


def spoken(name: str) -> str:
    """A key or label as its words: `sources-disagree` and “Sources disagree” alike."""
    return " ".join(re.findall(r"\w+", name.casefold()))


def negates(typed: str, name: str) -> bool:
    """Whether one of the two has a negation the other has not."""
    changes = difflib.SequenceMatcher(None, typed, name).get_opcodes()
    return any(tag in ("insert", "delete") and (typed[i1:i2] + name[j1:j2]).strip() in NEGATIONS for tag, i1, i2, j1, j2 in changes)


def report_unfinished_source(place: Where, source: str, unfinished: frozenset[str], problems: Collector) -> bool:
    """Whether `source` is a skeleton not filled in yet, told at a reference to it (a sure sign it is about to be)."""
    if source not in unfinished:
        return False
    template = N_(
        "the source “{value}” is not finished yet: seeds/{value}.yaml has empty fields — fill them in "
        "(`python3 build.py check --drafts` lists them), then its quotes are checked"
    )
    told = (place.path, template, (("value", source),))
    if all((p.path, p.template, p.params) != told for p in problems.problems):  # once per file: the fix is in the source's
        problems.at(place, template, value=source)
    return True


def verify_quotes(claim: Claim, indexes: dict[str, SourceIndex], project: Project, problems: Collector) -> list[Quote]:
    """Each quote of a claim located in its source (or a problem recorded)."""
    sources_incomplete, unfinished = "sources" in project.incomplete, project.unfinished_sources
    verified = []
    for quote in claim.quotes:
        index = indexes.get(quote.source)
        if index is None and sources_incomplete:
            verified.append(quote)
            continue
        if index is None:
            place = quote.source_where or quote.where
            if not report_unfinished_source(place, quote.source, unfinished, problems):
                template = N_("unknown source “{value}” for quote “{quote}” — known sources: {options}")
                problems.at(place, template, value=quote.source, quote=quote.id, options=listing(list(indexes)))
            verified.append(quote)
            continue
        verified.append(verify_quote(quote, index, problems))
    return verified


RENAMED_CLAIM = N_(
    "unknown claim “{value}” — if the check is now “{nearest}”, write that here, and give the check its old id under `aliases:` "
    "so that its published address keeps working; known claims: {options}"
)


def report_unknown_claim(place: Where, value: str, project: Project, problems: Collector) -> None:
    """A reference to no claim, most often to one renamed: the nearest id is offered with what a rename also needs."""
    options = listing(list(project.claim_by_id))
    nearest = difflib.get_close_matches(value, list(project.claim_by_id), n=1, cutoff=0.6)
    if nearest:
        problems.at(place, RENAMED_CLAIM, value=value, nearest=nearest[0], options=options)
    else:
        problems.at(place, N_("unknown claim “{value}” — known claims: {options}"), value=value, options=options)


def check_events(project: Project, problems: Collector) -> None:
    """Every timeline reference points at an existing claim and quote."""
    for event in project.events:
        for ref in event.quote_refs:
            claim = project.claim_by_id.get(ref.claim)
            if claim is None and ("claims" in project.incomplete or f"claim:{ref.claim}" in project.held):
                continue
            renamed = next((c.id for c in project.claims if ref.claim in c.aliases), None) if claim is None else None
            if renamed is not None:
                template = N_("“{value}” is an earlier id of the claim “{claim}” — write “{claim}”")
                problems.at(ref.where, template, value=ref.claim, claim=renamed)
            elif claim is None:
                report_unknown_claim(ref.where, ref.claim, project, problems)
            elif claim.quote(ref.quote) is None:
                problems.at(
                    ref.where,
                    N_("claim “{claim}” has no quote “{value}” — its quotes are: {options}"),
                    claim=ref.claim,
                    value=ref.quote,
                    options=listing([q.id for q in claim.quotes]),
                )


def report_unused(project: Project, problems: Collector) -> None:
    """Warnings an editor may want to act on; errors only in strict mode."""
    if project.incomplete:
        return
    quoted = {quote.source for claim in project.claims for quote in claim.quotes}
    for source in (s for s in project.sources if s.id not in quoted | project.reserved):
        problems.at(source.where, N_("no claim quotes source {value} — quote it in a claim or remove it"), "warning", value=source.id)
    linked = set().union(*(c.events for c in project.claims))
    for event in (e for e in project.events if e.id not in linked | project.reserved):
        template = N_("no claim links timeline event “{value}” — list it under `events:` of the claims about it")
        problems.at(event.where, template, "warning", value=event.id)
    for claim in (c for c in project.claims if not c.discrepancies and len(c.quoted_sources) > 1):
        template = N_("claim “{value}” quotes two sources but records no discrepancy — say whether they agree")
        problems.at(claim.where, template, "warning", value=claim.id)
