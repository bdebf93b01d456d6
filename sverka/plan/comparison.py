"""Two sources side by side: a page for each pair of sources that a check or a timeline event uses both of."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, partial

from markupsafe import Markup

from ..alignment import ONLY_HERE, SHARED, Alignment, Sentence, align
from ..annotate import annotate_text, highlights, split_dateline
from ..compare import DiscrepancyView, view_discrepancies
from ..jobs import Needs, PageJob
from ..project import Project
from ..records import Claim, Paragraph, Quote, Source
from .evidence import compared_pairs, pair_key, quotes_by_paragraph, source_claims
from .navigation import ids

SIDES = ("a", "b")
"""The two columns: the source whose id sorts first is on the left."""


def both_sources(project: Project, a: str, b: str) -> tuple[Claim, ...]:
    """The checks that use both sources, by id."""
    return tuple(claim for claim in source_claims(project, project.source_by_id[a]) if b in claim.source_ids)


def plan_comparisons(project: Project) -> list[PageJob]:
    """A page for each compared pair in each language: both texts aligned, with the quotes of the checks using both."""
    jobs = []
    for a, b in compared_pairs(project):
        citing = ids(both_sources(project, a, b))
        needs = Needs(headlines_of=citing, quotes_of=citing, discrepancies_of=citing, sources=(a, b))
        key = f"compare/{pair_key(a, b)}/"
        for lang in project.site.languages:
            jobs.append(PageJob(f"{lang}/{key}", "compare.html", lang, key, partial(compare_context, a, b), needs))
    return jobs


@dataclass(frozen=True)
class Connection:
    """A discrepancy note setting quotes of one source against quotes of the other: numbered on the page."""

    number: int
    claim: Claim
    view: DiscrepancyView
    quotes: tuple[tuple[Quote, ...], tuple[Quote, ...]]
    """The quotes it compares from the left and from the right source."""


@dataclass(frozen=True)
class SentenceView:
    """A sentence in its column: its text with quoted spans marked, and what the page says of it."""

    anchor: str
    html: Markup
    shared: tuple[tuple[int, str], ...]
    """The shared passages it is part of: their number, and the anchor of the other source's sentence."""
    alone: bool
    compared: tuple[tuple[int, Quote], ...]
    """The discrepancy notes comparing a quote that ends in it: their number on the page, and the quote."""
    tail: str
    """The text between it and the next sentence."""


@dataclass(frozen=True)
class CellView:
    side: str
    source: Source
    paragraph: Paragraph
    lead: Markup
    """The paragraph's text before its first sentence (a dateline)."""
    sentences: tuple[SentenceView, ...]
    quotes: tuple[tuple[Quote, tuple[Connection, ...]], ...]

    @property
    def anchor(self) -> str:
        return f"{self.side}-p{self.paragraph.number}"


@dataclass(frozen=True)
class RowView:
    """Aligned paragraphs, each of them or a gap (None)."""

    number: int
    cells: tuple[CellView | None, CellView | None]
    similarity: float


def sentence_anchor(side: str, sentence: Sentence) -> str:
    return f"{side}-s{sentence.paragraph}-{sentence.number}"


def compare_context(a: str, b: str, project: Project) -> dict[str, object]:
    """What a page of two sources side by side shows: the same in both languages, so made once for the pair, whose
    two pages are rendered one after the other; only the last pair's is kept, as every pair's would fill memory."""
    last = project.derivations.get("compare rows")
    if last is None or last[0] != (a, b):
        last = project.derivations["compare rows"] = ((a, b), compare_rows(project, a, b))
    rows, claims = last[1]
    return {
        "sources": (project.source_by_id[a], project.source_by_id[b]),
        "rows": rows,
        "claims": claims,
        "shared_percent": round(SHARED * 100),
        "only_percent": round(ONLY_HERE * 100),
    }


def compare_rows(project: Project, a: str, b: str) -> tuple[tuple[RowView, ...], tuple[Claim, ...]]:
    """Both texts aligned row by row, with the quotes of the checks using both sources; and those checks."""
    alignment, claims = align(project.source_by_id[a], project.source_by_id[b]), both_sources(project, a, b)
    standing = tuple(quotes_by_paragraph(source, claims) for source in alignment.sources)
    page = Page(alignment, discrepancy_connections(project, alignment), (standing[0], standing[1]))
    rows = tuple(RowView(n, (page.cell(0, row.left), page.cell(1, row.right)), row.similarity) for n, row in enumerate(alignment.rows, 1))
    return rows, claims


def discrepancy_connections(project: Project, alignment: Alignment) -> tuple[Connection, ...]:
    """The discrepancy notes that set a quote of one source against a quote of the other, numbered in the order a reader
    meets them down the rows, left column first, each after the sentence its quote ends in (ties in order of check and note)."""
    sources = alignment.sources
    languages = {source.id: source.language for source in sources}  # only these two: the page shows no other
    row_of = tuple(
        {getattr(row, side).number: n for n, row in enumerate(alignment.rows) if getattr(row, side)} for side in ("left", "right")
    )
    found: list[tuple[tuple[int, int, int, int], Claim, DiscrepancyView, tuple[tuple[Quote, ...], tuple[Quote, ...]]]] = []
    for claim in both_sources(project, sources[0].id, sources[1].id):
        for view in view_discrepancies(claim, languages):
            sides = tuple(tuple(item.quote for item in view.quotes if item.quote.source == source.id) for source in sources)
            if sides[0] and sides[1]:
                places = [
                    (row_of[side].get(q.span.paragraph, 0), side, q.span.paragraph, ending_sentence(alignment, side, q))
                    for side in (0, 1)
                    for q in sides[side]
                    if q.span
                ]
                found.append((min(places, default=(len(alignment.rows), 2, 0, 0)), claim, view, (sides[0], sides[1])))  # unplaced: last
    found.sort(key=lambda note: note[0])  # stable: notes met at one place keep the order of check and note
    return tuple(Connection(number, claim, view, quotes) for number, (_, claim, view, quotes) in enumerate(found, 1))


def ending_sentence(alignment: Alignment, side: int, quote: Quote) -> int:
    """The number of the sentence a quote ends in, in its paragraph (0 before the first): where its labels stand."""
    sentences = alignment.sentences[side].get(quote.span.paragraph, ()) if quote.span else ()
    return max((s.number for s in sentences if quote.span and s.start < quote.span.end), default=0)


@dataclass(frozen=True)
class Page:
    """What the cells of one page are made from: the alignment, the notes connecting quotes, the quotes by paragraph."""

    alignment: Alignment
    connections: tuple[Connection, ...]
    standing: tuple[dict[int, tuple[Quote, ...]], dict[int, tuple[Quote, ...]]]

    @cached_property
    def comparing(self) -> tuple[dict[str, list[Connection]], dict[str, list[Connection]]]:
        """The notes on this page comparing each quote, by its anchor, on the left and on the right."""
        found: tuple[dict[str, list[Connection]], dict[str, list[Connection]]] = ({}, {})
        for connection in self.connections:
            for side in (0, 1):
                for quote in connection.quotes[side]:
                    found[side].setdefault(quote.anchor, []).append(connection)
        return found

    def compared(self, side: int, quote: Quote) -> tuple[Connection, ...]:
        return tuple(self.comparing[side].get(quote.anchor, ()))

    def cell(self, side: int, paragraph: Paragraph | None) -> CellView | None:
        """One source's paragraph as its column shows it, or None for a gap."""
        if paragraph is None:
            return None
        quotes = self.standing[side].get(paragraph.number, ())
        sentences = self.alignment.sentences[side][paragraph.number]
        opened: set[str] = set()  # a quote running over two sentences has its id in the first
        first = sentences[0].start if sentences else len(paragraph.text)
        dateline, start = split_dateline(paragraph, quotes)
        lead = dateline + annotate_text(paragraph.text[start:first], highlights(quotes, start, first), opened)
        ends = {q.anchor: ending_sentence(self.alignment, side, q) for q in quotes}
        views = []
        for sentence, following in zip(sentences, [*(s.start for s in sentences[1:]), len(paragraph.text)], strict=True):
            ending = tuple(q for q in quotes if ends[q.anchor] == sentence.number)
            views.append(self.sentence(side, sentence, quotes, ending, opened, paragraph.text[sentence.end : following]))
        about = tuple((quote, self.compared(side, quote)) for quote in quotes)
        return CellView(SIDES[side], self.alignment.sources[side], paragraph, lead, tuple(views), about)

    def sentence(
        self, side: int, sentence: Sentence, quotes: tuple[Quote, ...], ending: tuple[Quote, ...], opened: set[str], tail: str
    ) -> SentenceView:
        """A sentence with its quoted spans marked, its shared passages, and the notes comparing the quotes ending in it."""
        html = annotate_text(sentence.text, highlights(quotes, sentence.start, sentence.end), opened)
        other = 1 - side
        shared = tuple(
            (passage.number, sentence_anchor(SIDES[other], (passage.left, passage.right)[other]))
            for passage in self.alignment.shared
            if (passage.left, passage.right)[side] == sentence
        )
        compared = tuple(sorted(((c.number, q) for q in ending for c in self.compared(side, q)), key=lambda label: label[0]))
        alone = sentence in self.alignment.only[side]
        return SentenceView(sentence_anchor(SIDES[side], sentence), html, shared, alone, compared, tail)
