"""Discrepancy notes as pages show them: each quote referred to by its number in the evidence, cut to the words
the note itself quotes from it, so that a note points at the evidence instead of repeating it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .records import Claim, Discrepancy, Quote

QUOTED = re.compile(r"«((?:[^«»]|«[^«»]*»)*)»|“([^“”]*)”|\"([^\"]*)\"")
"""A passage in quotation marks, as notes quote the sources' words: «…» (with „…“ or «…» inside), “…” or "…"."""
ELLIPSIS = re.compile(r"\s*(?:…|\.\.\.)\s*")
NOT_A_LETTER = re.compile(r"\W+")
CONTEXT = 1
"""Words kept on each side of a marked run when a quote is shortened."""


@dataclass(frozen=True)
class Segment:
    """A run of a quote's words, marked if the note quotes them, or a gap where words are left out."""

    text: str
    marked: bool = False


GAP = Segment("…")


@dataclass(frozen=True)
class Compared:
    """A quote as a discrepancy note refers to it: its number in the evidence and the words the note quotes."""

    number: int
    quote: Quote
    words: tuple[Segment, ...]
    """Empty when the note quotes none of its words."""


@dataclass(frozen=True)
class DiscrepancyView:
    """A discrepancy note with its number on the claim page and its quotes."""

    number: int
    discrepancy: Discrepancy
    quotes: tuple[Compared, ...]


def view_discrepancies(claim: Claim, languages: dict[str, str]) -> tuple[DiscrepancyView, ...]:
    """A claim's discrepancy notes, numbered as on its page, each quote numbered as in the evidence and cut to
    the words the note quotes in the source's language (`languages`: each source's)."""
    numbers = {quote.id: number for number, quote in enumerate(claim.quotes, start=1)}
    views = []
    for number, discrepancy in enumerate(claim.discrepancies, start=1):
        quotes = (q for q in map(claim.quote, discrepancy.quotes) if q is not None)
        compared = (Compared(numbers[q.id], q, excerpt(q, note_in(discrepancy, q, languages))) for q in quotes)
        views.append(DiscrepancyView(number, discrepancy, tuple(compared)))
    return tuple(views)


def folded(word: str) -> str:
    """A word as it is compared: case, punctuation and ё/е set aside."""
    return NOT_A_LETTER.sub("", word.casefold().replace("ё", "е"))


def quoted_phrases(note: str) -> list[list[str]]:
    """The passages a note puts in quotation marks, split at ellipses, as folded words."""
    passages = (group for match in QUOTED.finditer(note) for group in match.groups() if group)
    phrases = (ELLIPSIS.split(passage) for passage in passages)
    return [words for part in phrases for piece in part if (words := [w for w in map(folded, piece.split()) if w])]


def passages_not_in(note: str, texts: list[str]) -> list[str]:
    """The passages a note puts in quotation marks (each part between ellipses) that none of `texts` has, word by
    word; words are compared by their first four letters, so that a passage put in another grammatical case passes."""
    missing = []
    for match in QUOTED.finditer(note):
        for piece in ELLIPSIS.split(next(group for group in match.groups() if group)):
            words = stems(piece)
            if words.strip() and not any(words in stems(text) for text in texts):
                missing.append(piece)
    return missing


@lru_cache(maxsize=1024)  # a source's text is compared with every note that quotes it
def stems(text: str) -> str:
    """A text's words by their first four letters, each between spaces, so that a run of words is a substring."""
    return " " + " ".join(w[:4] for w in map(folded, text.split()) if w) + " "


def marked_words(words: list[str], note: str) -> list[bool]:
    """Which words of a quote stand in a passage the note quotes."""
    mine = [folded(word) for word in words]
    marked = [False] * len(words)
    for phrase in quoted_phrases(note):
        for start in range(len(mine) - len(phrase) + 1):
            if mine[start : start + len(phrase)] == phrase:
                marked[start : start + len(phrase)] = [True] * len(phrase)
    return marked


def words_of(quote: Quote) -> list[str]:
    """A quote's words, in the source's own characters."""
    return (quote.original or quote.text).split()


def note_in(discrepancy: Discrepancy, quote: Quote, languages: dict[str, str]) -> str:
    """The note in the language of the quote's source, whose quoted passages are the source's own words."""
    return discrepancy.note.get(languages.get(quote.source, ""), "")


def runs(words: list[str], marked: list[bool], kept: list[bool]) -> tuple[Segment, ...]:
    """The kept words in runs of marked and unmarked ones, a gap wherever words are left out."""
    segments: list[Segment] = []
    for word, mark, keep in zip(words, marked, kept, strict=True):
        last = segments[-1] if segments else None
        if not keep:
            if last is not GAP:
                segments.append(GAP)
        elif last is not None and last is not GAP and last.marked == mark:
            segments[-1] = Segment(f"{last.text} {word}", mark)
        else:
            segments.append(Segment(word, mark))
    return tuple(segments)


def excerpt(quote: Quote, note: str) -> tuple[Segment, ...]:
    """The quote cut to the words the note quotes, marked, with a word on each side of them."""
    words = words_of(quote)
    marked = marked_words(words, note)
    if not any(marked):
        return ()
    return runs(words, marked, [any(marked[max(0, i - CONTEXT) : i + CONTEXT + 1]) for i in range(len(words))])


def marked_quotes(claim: Claim, languages: dict[str, str]) -> dict[str, tuple[Segment, ...]]:
    """Each quote a note compares, whole, with the words any of the claim's notes quotes from it marked."""
    marks: dict[str, list[bool]] = {}
    for discrepancy in claim.discrepancies:
        for quote in (q for q in map(claim.quote, discrepancy.quotes) if q is not None):
            words = words_of(quote)
            found = marked_words(words, note_in(discrepancy, quote, languages))
            marks[quote.id] = [a or b for a, b in zip(marks.get(quote.id, found), found, strict=True)]
    quotes = {quote.id: quote for quote in claim.quotes}
    return {key: runs(words_of(quotes[key]), marked, [True] * len(marked)) for key, marked in marks.items() if any(marked)}
