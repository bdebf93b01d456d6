"""Verifying quotes word for word against their archived source."""

from __future__ import annotations

import difflib
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, replace
from itertools import pairwise

from .i18n import N_
from .problems import Collector
from .records import Paragraph, Quote, Source, Span, Where

SPACES = {*"\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", *"\t\n\r\v\f"}
INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u3164\ufe00-\ufe0f\ufeff\uffa0"
)
"""Characters that show nothing and that copying from a browser, a word processor or a PDF leaves in text (Unicode's
default-ignorable ones a text of ours may hold): soft hyphens, zero-width spaces and joiners, direction marks and
embeddings, variation selectors (after an emoji, say), fillers, the byte-order mark; a range, as in a regular expression."""
FOLD = {
    **dict.fromkeys("«»„“”‟″〝〞＂", '"'),
    **dict.fromkeys("‘’‚‛′`", "'"),
    **dict.fromkeys("‐‑‒–—―−", "-"),
    "…": "...",
    **{"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"},  # ligatures a PDF's text is copied with
    "ё": "е",
    "Ё": "Е",
}
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")
WORD = re.compile(r"\w+")
MARK_OPEN, MARK_CLOSE = "⟦", "⟧"
INVISIBLE_CHAR = re.compile(f"[{INVISIBLE}]")
FOLDED_CHARS = re.compile("[" + re.escape("".join(sorted(FOLD))) + INVISIBLE + "]")


@dataclass(frozen=True)
class Normalized:
    """Text with typography folded, and for each of its characters the original span."""

    text: str
    starts: tuple[int, ...] | None
    ends: tuple[int, ...] | None
    """Offset maps; None when the text needed no folding and offsets are the same."""

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalized text back to offsets in the original."""
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


def normalize(text: str) -> Normalized:
    """Fold typography the same way on both sides: NFC, spaces, invisibles, quotes, dashes, dots."""
    if unicodedata.is_normalized("NFC", text) and not FOLDED_CHARS.search(text) and " ".join(text.split()) == text:
        return Normalized(text, None, None)  # nothing to fold: the common case, at C speed
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        for char in cluster:
            if INVISIBLE_CHAR.match(char):
                continue
            if char in SPACES or char.isspace():
                if out and out[-1] == " ":
                    ends[-1] = j
                    continue
                char = " "
            for folded in FOLD.get(char, char):
                out.append(folded)
                starts.append(i)
                ends.append(j)
        i = j
    return Normalized("".join(out), tuple(starts), tuple(ends))


def fold(text: str) -> str:
    """Only the folded text, trimmed (for comparing short strings)."""
    if unicodedata.is_normalized("NFC", text) and not FOLDED_CHARS.search(text):
        return " ".join(text.split())  # the common case, at C speed: only whitespace to fold
    return normalize(text).text.strip()


def find_all(haystack: str, needle: str) -> list[int]:
    """Every start offset of `needle` in `haystack`, overlapping ones included."""
    found, start = [], haystack.find(needle)
    while start != -1:
        found.append(start)
        start = haystack.find(needle, start + 1)
    return found


LOOKALIKES = frozenset("aceopxyABCEHKMOPTX")
"""Latin letters that look like Cyrillic ones: typed alone in the wrong layout, they make a one-letter word such as «o»."""


def mixed_words(text: str) -> list[str]:
    """Words that mix Latin letters into Cyrillic ones (a pasted look-alike such as Latin “а”), and one-letter Latin
    look-alike words in a Cyrillic text (the preposition «о» typed in the Latin layout)."""
    if not (LATIN.search(text) and CYRILLIC.search(text)):
        return []
    return [w for w in WORD.findall(text) if (CYRILLIC.search(w) and LATIN.search(w)) or w in LOOKALIKES]


def mark_differences(source: str, quote: str) -> tuple[str, str]:
    """Both texts as written, with the characters that differ wrapped in ⟦ ⟧; compared folded, so that a typographic
    difference (ё and е, « and ") is not marked, and shown on one line."""
    source, quote = source.strip(), quote.strip()
    folded_source, folded_quote = normalize(source), normalize(quote)
    matcher = difflib.SequenceMatcher(None, folded_source.text, folded_quote.text, autojunk=False)
    left, right = [], []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        left.append(shown(source, folded_source, a1, a2, op != "equal"))
        right.append(shown(quote, folded_quote, b1, b2, op != "equal"))
    return "".join(left).strip(), "".join(right).strip()


def shown(text: str, folded: Normalized, start: int, end: int, marked: bool) -> str:
    """The stretch of `text` that folded to `start`–`end`, its spaces and line breaks as single spaces, marked if asked."""
    first, last = (original_offset(text, folded, at) for at in (start, end))
    part = re.sub(r"\s+", " ", text[first:last])
    return MARK_OPEN + part + MARK_CLOSE if marked else part


def original_offset(text: str, folded: Normalized, at: int) -> int:
    """Where the folded text's character `at` (or its end) begins in the original."""
    if folded.starts is None:
        return at
    return folded.starts[at] if at < len(folded.starts) else len(text)


def closest_passage(paragraphs: tuple[Paragraph, ...], quote: str) -> tuple[Paragraph, str, float]:
    """The stretch of the source most like `quote`: its paragraph, its text and the similarity."""
    target = fold(quote)
    best: tuple[Paragraph, str, float] = (paragraphs[0], "", -1.0)
    for paragraph in paragraphs:
        norm = normalize(paragraph.text)
        matcher = difflib.SequenceMatcher(None, norm.text, target, autojunk=False)
        for block in matcher.get_matching_blocks()[:-1]:
            start, stop = align_window(norm.text, target, max(0, block.a - block.b))
            if stop <= start:
                continue
            ratio = difflib.SequenceMatcher(None, norm.text[start:stop], target, autojunk=False).ratio()
            if ratio > best[2]:
                first, last = norm.original_span(start, stop)
                best = (paragraph, paragraph.text[first:last], ratio)
    return best


def align_window(text: str, target: str, offset: int) -> tuple[int, int]:
    """Fit a window of `text` near `offset` to `target`: trim or extend its ends to the matching words."""
    slack = max(8, len(target) // 4)
    lo, hi = max(0, offset - slack), min(len(text), offset + len(target) + slack)
    blocks = [b for b in difflib.SequenceMatcher(None, text[lo:hi], target, autojunk=False).get_matching_blocks() if b.size]
    if not blocks:
        return offset, min(len(text), offset + len(target))
    start = max(0, lo + blocks[0].a - blocks[0].b)
    stop = min(len(text), lo + blocks[-1].a + blocks[-1].size + (len(target) - blocks[-1].b - blocks[-1].size))
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < stop < len(text) and text[stop].isalnum() and text[stop - 1].isalnum():
        stop += 1
    return start, stop


@dataclass(frozen=True)
class SourceIndex:
    """A source prepared once for matching many quotes against it."""

    source: Source
    paragraphs: tuple[tuple[Paragraph, Normalized], ...]
    mixed: frozenset[str]
    text: str
    """Every paragraph's folded text, joined by line breaks (which folded text never holds, so no match runs across paragraphs)."""
    starts: tuple[int, ...]
    """Where each paragraph's folded text starts in `text`."""


def index_source(source: Source) -> SourceIndex:
    paragraphs = tuple((p, normalize(p.text)) for p in source.paragraphs)
    starts, offset = [], 0
    for _, norm in paragraphs:
        starts.append(offset)
        offset += len(norm.text) + 1
    text = "\n".join(norm.text for _, norm in paragraphs)
    return SourceIndex(source, paragraphs, frozenset(mixed_words(source.text)), text, tuple(starts))


def locate(quote: Quote, index: SourceIndex) -> list[tuple[Paragraph, int, int]]:
    """Every place in the source where the quote stands, narrowed by its prefix and suffix."""
    needle = fold(quote.text)
    prefix = fold(quote.prefix) if quote.prefix else ""
    suffix = fold(quote.suffix) if quote.suffix else ""
    if not needle:
        return []  # nothing visible to look for (`verify_quote` reports it)
    places = []
    for at in find_all(index.text, needle):  # every paragraph searched in one go
        number = bisect_right(index.starts, at) - 1
        paragraph, norm = index.paragraphs[number]
        start = at - index.starts[number]
        end = start + len(needle)
        # the words around may run into the paragraphs before or after, a paragraph's end read as a space (a repeated
        # line is told apart so)
        if prefix and not index.text[max(0, at - len(prefix) - 3) : at].replace("\n", " ").rstrip().endswith(prefix):
            continue
        if suffix and not index.text[at + len(needle) : at + len(needle) + len(suffix) + 3].replace("\n", " ").lstrip().startswith(suffix):
            continue
        first, last = norm.original_span(start, end)
        places.append((paragraph, first, last))
    return places


NO_VISIBLE_CHARACTERS = N_(
    "the quote has no visible characters (only spaces or invisible ones such as soft hyphens) — copy the words from the source"
)


def cut_word(text: str, start: int, end: int) -> str | None:
    """The word of `text` that the span start–end begins or ends inside, if there is one."""
    for at in (start, end):
        if 0 < at < len(text) and text[at - 1].isalnum() and text[at].isalnum():
            before, after = re.search(r"\w*$", text[:at]), re.match(r"\w*", text[at:])
            return (before.group() if before else "") + (after.group() if after else "")
    return None


def verify_quote(quote: Quote, index: SourceIndex, problems: Collector) -> Quote:
    """Find the quote in its source; record why not, or return it with its span."""
    suspicious = [w for w in mixed_words(quote.text) if w not in index.mixed]
    places = locate(quote, index) if fold(quote.text) and not suspicious else []
    if len(places) == 1:
        paragraph, start, end = places[0]
        original = paragraph.text[start:end]
        original = quote.text if original == quote.text else original  # one string in memory when they agree
        word = cut_word(paragraph.text, start, end)
        if word is not None:
            problems.at(
                quote.where, N_("the quote cuts the source's word “{word}” — begin and end it with whole words"), "warning", word=word
            )
        return replace(quote, span=Span(paragraph.number, start, end), original=original)
    template, params = why_not_found(quote, index, suspicious, places)
    problems.at(affix_where(quote, index) if template == AFFIX_NOT_FOUND else quote.where, template, **params)
    return quote


AFFIX_NOT_FOUND = N_("the quote is in source {source}, but not with this prefix/suffix — copy the words right before/after it exactly")


def affix_where(quote: Quote, index: SourceIndex) -> Where:
    """Where the prefix or suffix that keeps a quote from being found stands: the suffix, if the prefix alone finds it."""
    if quote.affix_wheres is None:
        return quote.where
    prefix, suffix = quote.affix_wheres
    return suffix if quote.suffix and (not quote.prefix or locate(replace(quote, suffix=None), index)) else prefix


OMISSION = re.compile(r"\s*(?:[\[(](?:…|\.\.\.)[\])]|…|\.\.\.)\s*")
"""An ellipsis marking words left out, as a newsroom writes it: …, ..., […] or (…)."""


OCCURS_AGAIN = N_(
    "the quote occurs more than once in source {source} (paragraphs {paragraphs}) — add `prefix:` or `suffix:` "
    "with the words just before or after the one you mean"
)
OMITS_WORDS = N_(
    "the quote leaves words of source {source} out where it has “{mark}” — a quote gives the source's words "
    "without a gap: quote the part before it and the part after it as two quotes"
)


def omission(text: str, source: Source) -> str | None:
    """The ellipsis in a quote whose parts before and after it are each in the source: words left out there."""
    parts = [part for part in OMISSION.split(text) if fold(part)]
    found = OMISSION.search(text)
    if found is None or len(parts) < 2 or not all(any(fold(part) in fold(p.text) for p in source.paragraphs) for part in parts):
        return None
    return found[0].strip()


def why_not_found(
    quote: Quote, index: SourceIndex, suspicious: list[str], places: list[tuple[Paragraph, int, int]]
) -> tuple[str, dict[str, object]]:
    """The message saying why a quote was not found once in its source, and its parameters."""
    source = index.source
    if not fold(quote.text):
        return NO_VISIBLE_CHARACTERS, {}
    if suspicious:
        letters = ", ".join(sorted(set(LATIN.findall(suspicious[0]))))
        template = N_(
            "the quote mixes Latin look-alike letters into Cyrillic in “{word}” (Latin: {letters}) — "
            "retype the word or copy it from the source"
        )
        return template, {"word": suspicious[0], "letters": letters}
    if places:
        return OCCURS_AGAIN, {"source": source.id, "paragraphs": ", ".join(str(p.number) for p, _, _ in places)}
    if (quote.prefix or quote.suffix) and locate(replace(quote, prefix=None, suffix=None), index):
        return AFFIX_NOT_FOUND, {"source": source.id}
    wanted = fold(quote.text)
    for first, second in pairwise(source.paragraphs):
        if wanted in fold(f"{first.text} {second.text}"):
            template = N_(
                "the quote runs over paragraphs {first} and {second} of source {source} — split it into two quotes, one per paragraph"
            )
            return template, {"first": first.number, "second": second.number, "source": source.id}
    mark = omission(quote.text, source)
    if mark is not None:
        return OMITS_WORDS, {"source": source.id, "mark": mark}
    paragraph, passage, _ = closest_passage(source.paragraphs, quote.text)
    marked_source, marked_quote = mark_differences(passage, quote.text)
    template = N_(
        "the quote is not in source {source} — copy it exactly; the closest passage is in paragraph {paragraph} "
        "(differences marked ⟦ ⟧):\n      source: {marked_source}\n      quote:  {marked_quote}"
    )
    return template, {"source": source.id, "paragraph": paragraph.number, "marked_source": marked_source, "marked_quote": marked_quote}
