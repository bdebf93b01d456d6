"""The editorial rules as check rules: appearances quoted, discrepancy notes comparing two places, outside context labelled
alike in both languages, the scale best to worst, standing pages, coverage of every claim, no untranslated copies."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Mapping
from itertools import pairwise
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from .addresses import on_this_site
from .compare import passages_not_in
from .i18n import N_, translate
from .languages import LANGUAGES
from .problems import Collector, each_language
from .project import Project
from .prose import is_templates_id
from .records import Claim, Discrepancy, Quote, Source, Text, Verdict, Where
from .schema import LANGUAGE_WORDS
from .standards import context_paragraphs, is_for_readers, places_count

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

STANDING_PAGES = ("about", "methodology", "corrections", "coverage", "funding")
"""The pages a publication for readers keeps: who it is, how it checks and corrects, what it covered, who pays."""


def check_claim_rules(claim: Claim, project: Project, problems: Collector) -> None:
    """The editorial rules of one claim whose quotes have been looked for in their sources."""
    # a quote of an unknown source may be the one that quotes an appearance: one mistake, one message
    if "sources" not in project.incomplete and claim.quoted_sources <= project.source_by_id.keys():
        for source in dict.fromkeys(claim.appearances):
            if source in project.source_by_id and source not in claim.quoted_sources:
                template = N_(
                    "this fact-check lists source {value} under `appearances:` but quotes nothing from it — "
                    "quote the words the claim appeared in, or take it out of `appearances:`"
                )
                problems.at(claim.marks.get("appearances", claim.where), template, value=source)
    for note in claim.discrepancies:
        quotes = [quote for quote in map(claim.quote, note.quotes) if quote is not None]
        if len(quotes) == len(note.quotes) and places_count(quotes) < 2:
            template = N_(
                "the discrepancy note “{title}” sets one passage beside itself — "
                "quote the differing words from two sources, or from two passages of one"
            )
            problems.at(note.where, template, **each_language("title", note.title))
        report_misquoted_notes(note, quotes, project, problems)
    if len({quote.id for quote in claim.quotes}) == len(claim.quotes):  # else the duplicate id is the one mistake told
        report_links_within(claim, problems)
        report_misnumbered_links(claim, problems)
    report_long_texts(claim, problems)
    labelled_alike(claim.summary, claim.marks.get("summary", claim.where), problems)
    report_copies(claim, claim.marks, claim.where, problems)
    for number, quote, copied in untranslated_quotes(claim, project.source_by_id):
        field = f"quotes[{number}].translation"
        if copied:  # published so, the other language's page would show the original as "our translation"
            problems.at(quote.where, COPIED_QUOTE, "warning", field=field)
        else:
            problems.at(quote.where, SOURCE_LANGUAGE, "warning", field=field, **each_language("language", other_language(quote, project)))


def report_links_within(claim: Claim, problems: Collector) -> None:
    """An error for each link to a place the check's page does not have: a quote or a discrepancy note it lacks, or a
    source's paragraph (numbered on the source's page, not here)."""
    quotes, notes = {quote.id for quote in claim.quotes}, {str(n) for n in range(1, len(claim.discrepancies) + 1)}
    for address, place in claim.links.items():
        if address.startswith("#evidence-") and address.removeprefix("#evidence-") not in quotes:
            template = N_("“{value}” leads to no quote of this fact-check — link one of its quotes: {known}")
            problems.at(place, template, value=address, known=", ".join(dict.fromkeys(f"#evidence-{q.id}" for q in claim.quotes)) or "—")
        elif address.startswith("#discrepancy-") and address.removeprefix("#discrepancy-") not in notes:
            template = N_("“{value}” leads to no discrepancy note of this fact-check — link one of its notes: {known}")
            problems.at(place, template, value=address, known=", ".join(f"#discrepancy-{n}" for n in sorted(notes, key=int)) or "—")
        elif address.startswith("#p-"):
            template = N_("“{value}” is a paragraph of a source, numbered on the source's page — link it there: /…/sources/ID/{value}")
            problems.at(place, template, value=address)
        elif (
            not address.startswith(("#evidence-", "#discrepancy-", "#p-"))
            and address.startswith("#")
            and not is_templates_id(unquote(address[1:]))
        ):
            places = [f"#evidence-{q.id}" for q in claim.quotes] + [f"#discrepancy-{n}" for n in sorted(notes, key=int)]
            template = N_("“{value}” leads to no place on this fact-check's page — link one of its quotes or discrepancy notes: {known}")
            problems.at(place, template, value=address, known=", ".join(dict.fromkeys(places)))


def report_misquoted_notes(note: Discrepancy, quotes: list[Quote], project: Project, problems: Collector) -> None:
    """A warning for each passage a discrepancy note quotes, in its sources' language, that neither source has."""
    if "sources" in project.incomplete or not {q.source for q in quotes} <= project.source_by_id.keys():
        return  # a source that failed to load is reported; its words cannot be looked for
    sources = [project.source_by_id[s] for s in dict.fromkeys(q.source for q in quotes)]
    for lang in dict.fromkeys(source.language for source in sources):
        for passage in passages_not_in(note.note.get(lang, ""), [s.text for s in sources if s.language == lang]):
            template = N_(
                "the note “{title}” quotes “{value}”, which its sources do not have — "
                "copy the words as the source writes them, or take away the quotation marks"
            )
            place = note.note_wheres.get(lang, note.where)
            problems.at(place, template, "warning", value=passage, **each_language("title", note.title))


LONG_TEXTS = {
    # Google's former limit for an article's headline in structured data; search results and link previews cut longer ones
    "headline": (
        110,
        N_(
            "the headline in “{lang}” is {length} characters long: search results and link previews cut it after "
            "about {limit} — shorten it; the claim itself stands in full under `claim:`"
        ),
    ),
    # about a hundred words: it stands beside the verdict, under the check in every list and as the page's description
    "explanation": (
        600,
        N_(
            "the explanation in “{lang}” is {length} characters long: it stands beside the verdict and under the check in "
            "every list — say why in one or two sentences (up to about {limit} characters) and move the detail into `summary:`"
        ),
    ),
}
"""The plain texts of a check with a length past which they are a warning at their language: the longest, the message."""


def report_long_texts(claim: Claim, problems: Collector) -> None:
    for field, (limit, template) in LONG_TEXTS.items():
        for lang, text in getattr(claim, field).items():
            if len(text) > limit:
                place = claim.marks.get(f"{field}.{lang}", claim.marks.get(field, claim.where))
                problems.at(place, template, "warning", lang=lang, length=len(text), limit=limit)


NUMBERED = re.compile(r"(?:(?:quotes?|цитат\w*)\s+)?(\d+)", re.IGNORECASE)
"""The words of a link naming a quote by its number: “quote 2”, «цитаты 1» or a bare “3”."""


def report_misnumbered_links(claim: Claim, problems: Collector) -> None:
    """A warning for each link to a quote of the check whose words give another number than the page shows it under
    (quotes are numbered in the order of `quotes:`, which an inserted quote changes)."""
    shown = {f"#evidence-{quote.id}": number for number, quote in enumerate(claim.quotes, 1)}
    for address, words, place in claim.quote_links:
        said = NUMBERED.fullmatch(words.strip())
        if address in shown and said and int(said.group(1)) != shown[address]:
            template = N_("the link “{words}” leads to {value}, which the page shows as quote {number} — correct the number in its words")
            problems.at(place, template, "warning", words=words, value=address, number=shown[address])


COPY = N_("`{field}` reads the same in both languages — a copy not yet translated: write the text in each language")
COPIED_QUOTE = N_("`{field}` repeats the quote's original words — write our translation of them")
SOURCE_LANGUAGE = N_(
    "`{field}` is in the language of the quote's source — write our translation into {language}: pages in that language show it"
)
UNTRANSLATED = (COPY, COPIED_QUOTE, SOURCE_LANGUAGE)
"""The notes on texts not yet translated, which the editor's desk lists apart."""


SWAPPED = N_("`{field}` has English under `ru:` and Russian under `en:` — swap the two texts")


def report_copies(record: DataclassInstance, marks: Mapping[str, Where], where: Where, problems: Collector) -> None:
    """For each bilingual text of a record, at its field (or its list item, if that has a place): a note when it is
    the same in both languages, a warning when each language holds the other's text."""
    for path, place, swapped in same_texts(record, "", marks, where):
        if swapped:
            problems.at(place, SWAPPED, "warning", field=path)
        else:
            problems.at(place, COPY, "notice", field=path)


def same_texts(record: DataclassInstance, path: str, marks: Mapping[str, Where], where: Where) -> Iterator[tuple[str, Where, bool]]:
    """The paths (`discrepancies[1].note`, items counted from 1) of a record's bilingual texts whose languages say
    the same, or each the other's (True), each with its place: its field's mark, else the record's place."""
    for field in dataclasses.fields(record):
        value, here, place = getattr(record, field.name), f"{path}.{field.name}" if path else field.name, marks.get(field.name, where)
        for number, item in enumerate(value, 1) if isinstance(value, tuple) else ((0, value),):
            at = f"{here}[{number}]" if number else here
            if isinstance(item, dict):
                if item.keys() == set(LANGUAGES) and len({str(text).strip() for text in item.values()}) == 1:
                    yield at, place, False
                elif item.keys() == set(LANGUAGES) and in_script(str(item["ru"]), LATIN) and in_script(str(item["en"]), CYRILLIC):
                    yield at, place, True
            elif dataclasses.is_dataclass(item) and not isinstance(item, (type, Where)):
                yield from same_texts(item, at, {}, getattr(item, "where", place))


CYRILLIC, LATIN, LETTERS = re.compile(r"[а-яё]+", re.IGNORECASE), re.compile(r"[a-z]+", re.IGNORECASE), re.compile(r"[^\W\d_]+")


def in_script(text: str, script: re.Pattern[str]) -> bool:
    """Whether at least nine in ten of a text's letters (and 20 at least: a name is no text) are of one script (`script`
    matches a run of its letters; runs are counted in C, for every text of every record passes here). Letters are word
    characters other than digits and `_`: superscripts and fractions (², ½) count too, too rare to matter."""
    letters = sum(map(len, LETTERS.findall(text)))
    return letters >= 20 and sum(map(len, script.findall(text))) >= 0.9 * letters


SCRIPTS = {"ru": CYRILLIC, "en": LATIN}


def untranslated_quotes(claim: Claim, sources: Mapping[str, Source]) -> Iterator[tuple[int, Quote, bool]]:
    """The quotes of a check (numbered from 1) whose translation, into the site's other language than the source's, repeats
    the original (True) or is written in the source's own script (False)."""
    for number, quote in enumerate(claim.quotes, 1):
        source = sources.get(quote.source)
        if source is None or source.language not in SCRIPTS:
            continue
        if quote.translation.strip() == quote.text.strip():
            yield number, quote, True
        elif in_script(quote.translation, SCRIPTS[source.language]):
            yield number, quote, False


def other_language(quote: Quote, project: Project) -> dict[str, str]:
    """The name, in each language, of the language a quote's translation is into: the site's other one than its source's."""
    language = next(lang for lang in LANGUAGES if lang != project.source_by_id[quote.source].language)
    return {lang: translate(lang, LANGUAGE_WORDS[language]) for lang in LANGUAGES}


def labelled_alike(text: Text, place: Where, problems: Collector) -> None:
    """A warning when the two languages label different numbers of paragraphs as outside context."""
    counts = {lang: len(context_paragraphs(text.get(lang, ""), lang)) for lang in LANGUAGES}
    if counts["ru"] != counts["en"]:
        template = N_(
            "the languages label different numbers of paragraphs as outside context (Russian: {ru}, English: {en}) — "
            "begin the same paragraphs with “Контекст (вне источников):” and “Context (outside the sources):”"
        )
        problems.at(place, template, "warning", ru=counts["ru"], en=counts["en"])


LARGE_TEXT = 2_000_000
"""Bytes of an archived text: an article's is rarely a twentieth of this; a larger one is most often a saved site's text
or a whole document around the article."""


def check_publication_rules(project: Project, problems: Collector) -> None:
    """The editorial rules across records: the scale's order, the archived texts' size, the timeline's labels, the standing pages."""
    ordered_scale(project.verdicts, problems)
    report_large_texts(project.sources, problems)
    for event in project.events:
        labelled_alike(event.description, event.where, problems)
        report_copies(event, {}, event.where, problems)
    for page in project.pages:
        report_copies(page, page.marks, page.where, problems)
    if "pages" in project.incomplete:
        return
    if is_for_readers(project.site):
        for slug in STANDING_PAGES:
            if slug not in project.page_by_slug:
                template = N_(
                    "the standing page “{value}” is missing — write content/pages/{value}.yaml before publishing: "
                    "readers look for who publishes, how the checks are made and corrected, what they cover and who pays"
                )
                problems.warn(f"content/pages/{slug}.yaml", 1, 1, template, value=slug)
    report_unlinked_pages(project, problems)
    coverage_links_every_claim(project, problems)


def report_large_texts(sources: tuple[Source, ...], problems: Collector) -> None:
    """A note at an archived text far larger than an article: its page on the site is as large."""
    for source in sources:
        size = len(source.text.encode("utf-8"))
        if size > LARGE_TEXT:
            template = N_(
                "the archived text is {size} MB, where an article's is rarely over 0.1 MB, and its page on the site will be "
                "as large — check that the file holds the article alone"
            )
            problems.at(Where(f"seeds/{source.id}.txt"), template, "notice", size=round(size / 1_000_000))


def report_unlinked_pages(project: Project, problems: Collector) -> None:
    """A note for a page of content/pages/ that neither the footer (the standing pages) nor any text links to."""
    addresses = [address for records in (project.claims, project.events, project.pages) for record in records for address in record.links]
    within = [urlsplit(path).path.strip("/").split("/") for a in addresses if (path := on_this_site(a, project.site.base_url))]
    linked = {parts[1] for parts in within if len(parts) == 2}  # /{lang}/{slug}/
    for page in project.pages:
        if page.slug not in STANDING_PAGES and page.slug not in linked:
            template = N_(
                "no page links to “{value}”, so readers reach it only by its address — link it from a page they reach, "
                "e.g. `[…](/{lang}/{value}/)` in content/pages/about.yaml"
            )
            problems.at(page.where, template, "notice", value=page.slug, **each_language("lang", {lang: lang for lang in LANGUAGES}))


def ordered_scale(verdicts: tuple[Verdict, ...], problems: Collector) -> None:
    """Each verdict rated below the one listed before it, so the file's order is the scale's, best to worst."""
    for above, verdict in pairwise(verdicts):
        if verdict.rating >= above.rating:
            template = N_(
                "verdict “{value}” is rated {rating}, not below “{above}” ({above_rating}) listed before it — "
                "list the scale from best to worst, each rating lower than the one above"
            )
            problems.at(verdict.where, template, value=verdict.key, rating=verdict.rating, above=above.key, above_rating=above.rating)


def coverage_links_every_claim(project: Project, problems: Collector) -> None:
    """A warning for each claim the coverage page, where it exists, does not link in each language."""
    page = project.page_by_slug.get("coverage")
    if page is None:
        return
    place = page.marks.get("body", page.where)
    for claim in project.claims:
        if f"claim:{claim.id}" in project.unpublished:  # linked once it goes out: a link to it before shows as plain words
            continue
        for lang in LANGUAGES:
            url = f"/{lang}/claims/{claim.id}/"
            earlier = (f"/{lang}/claims/{alias}/" for alias in claim.aliases)  # an old address leads to the check too
            if not any(address in page.body.get(lang, "") for address in (url, *earlier)):
                template = N_(
                    "the coverage page does not link fact-check “{value}” in `body.{lang}` — add a link to {url} "
                    "under the paragraphs of the sources it checks: the page accounts for every fact-check"
                )
                text = page.marks.get(f"body.{lang}", place)  # the language's text, where the link is missing
                problems.at(text, template, "warning", value=claim.id, lang=lang, url=url)
