"""Two sources side by side: their sentences, how alike they are, and their paragraphs aligned in order. Similarity is
the longest common subsequence of word stems (`rapidfuzz`'s exact LCS in C++; `difflib`'s pure-Python approximation was
most of a build's time with many compared pairs). Paragraphs are aligned by Needleman–Wunsch global alignment, which
keeps each text's order and sets a paragraph without a counterpart beside a gap."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel, LCSseq

from .compare import folded
from .i18n import percent, translate
from .records import Paragraph, Source

STEM = 5  # letters of a word compared: truncation, the crudest stemmer, enough for Russian's endings (Горемыкин, -ым)
SHORTEST = 3  # shorter words (в, и, на, по) stand in every sentence and say nothing of what it is about
PAIRED = 0.15  # paragraphs less alike are left apart: a pair scores its similarity above this, a gap nothing
SHARED = 0.8
"""Two sentences are a shared passage, nearly word for word, when this share of the shorter one's words stands in the
other in the same order (a statement quoted inside a longer sentence with its attribution counts)."""
SHARED_WORDS = 5  # …and at least this many words: fewer are a phrase, not a passage
ONLY_HERE = 0.2  # below this share of words in common, in any order (quick_ratio), with each other sentence: only here
SENTENCE_END = re.compile(r"[.!?…]+[»\"”)]*(?=\s+[«\"„“(]?[A-ZА-ЯЁ0-9])")  # closing punctuation, then a capital or digit


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a paragraph: its place in the paragraph's text, its words and their stems."""

    paragraph: int
    number: int
    start: int
    end: int
    text: str
    stems: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Row:
    """Aligned paragraphs: one of each source, or one beside a gap (None), with their similarity."""

    left: Paragraph | None
    right: Paragraph | None
    similarity: float = 0.0


@dataclass(frozen=True, slots=True)
class SharedPassage:
    """A sentence of each source sharing nearly every word, in order: a common origin, such as an agency statement."""

    number: int
    left: Sentence
    right: Sentence
    similarity: float  # the share of the shorter sentence's words standing in the other in the same order


@dataclass(frozen=True)
class Alignment:
    """Two sources' paragraphs aligned, their shared passages, and the sentences of each found only in it."""

    left: Source
    right: Source
    rows: tuple[Row, ...]
    shared: tuple[SharedPassage, ...]
    only: tuple[frozenset[Sentence], frozenset[Sentence]]  # of the left and of the right source
    sentences: tuple[dict[int, tuple[Sentence, ...]], dict[int, tuple[Sentence, ...]]]  # of each, by paragraph number

    @property
    def sources(self) -> tuple[Source, Source]:
        return self.left, self.right


def stems(text: str) -> tuple[str, ...]:
    """The stems of a text's words, case, punctuation and short words set aside."""
    return tuple(word[:STEM] for word in map(folded, text.split()) if len(word) >= SHORTEST)


def split_sentences(paragraph: Paragraph) -> tuple[Sentence, ...]:
    """A paragraph's sentences after its dateline, each with its offsets in the paragraph's text."""
    text, position = paragraph.text, paragraph.body_start
    found: list[Sentence] = []
    for cut in [*(match.end() for match in SENTENCE_END.finditer(text, paragraph.body_start)), len(text)]:
        piece = text[position:cut]
        start = position + len(piece) - len(piece.lstrip())
        end = start + len(piece.strip())
        if end > start:
            found.append(Sentence(paragraph.number, len(found) + 1, start, end, text[start:end], stems(text[start:end])))
        position = cut
    return tuple(found)


def similarity(a: Sequence[str], b: Sequence[str]) -> float:
    """Twice the words two sequences of stems have in common, in order, over the words of both; 0 below PAIRED."""
    return Indel.normalized_similarity(a, b, score_cutoff=PAIRED) if a and b else 0.0


def align_paragraphs(
    left: Sequence[Paragraph], right: Sequence[Paragraph], words: tuple[Sequence[Sequence[str]], Sequence[Sequence[str]]]
) -> tuple[Row, ...]:
    """Both texts' paragraphs in order, paired where that raises the total similarity above PAIRED (Needleman–Wunsch);
    `words`: the stems of each paragraph of the left text and of the right."""
    alike = [[similarity(a, b) for b in words[1]] for a in words[0]]
    score = [[0.0] * (len(right) + 1) for _ in range(len(left) + 1)]
    for i in range(1, len(left) + 1):
        for j in range(1, len(right) + 1):
            score[i][j] = max(score[i - 1][j - 1] + alike[i - 1][j - 1] - PAIRED, score[i - 1][j], score[i][j - 1])
    rows: list[Row] = []
    i, j = len(left), len(right)
    while i or j:  # back from the end: a pair where it made the score, else a gap (deterministic on ties)
        if i and j and alike[i - 1][j - 1] > PAIRED and score[i][j] == score[i - 1][j - 1] + alike[i - 1][j - 1] - PAIRED:
            rows.append(Row(left[i - 1], right[j - 1], alike[i - 1][j - 1]))
            i, j = i - 1, j - 1
        elif i and (not j or score[i][j] == score[i - 1][j]):
            rows.append(Row(left[i - 1], None))
            i -= 1
        else:
            rows.append(Row(None, right[j - 1]))
            j -= 1
    return tuple(reversed(rows))


def compare_sentences(
    left: Sequence[Sentence], right: Sequence[Sentence]
) -> tuple[tuple[SharedPassage, ...], tuple[frozenset[Sentence], ...]]:
    """The shared passages of two texts' sentences, and the sentences of each with no similar one in the other."""
    having: dict[str, list[tuple[int, int]]] = {}  # stem → the right sentences having it, and how often
    for index, sentence in enumerate(right):
        for stem, count in Counter(sentence.stems).items():
            having.setdefault(stem, []).append((index, count))
    shared: list[SharedPassage] = []
    matched: tuple[set[Sentence], set[Sentence]] = (set(), set())
    for a in left:
        common: dict[int, int] = {}  # the words in common in any order, with each right sentence sharing one
        for stem, count in Counter(a.stems).items():
            for index, theirs in having.get(stem, ()):
                common[index] = common.get(index, 0) + min(count, theirs)
        for index, words in sorted(common.items()):
            b, shorter = right[index], min(len(a.stems), len(right[index].stems))
            if 2 * words >= ONLY_HERE * (len(a.stems) + len(b.stems)):  # difflib's quick_ratio: a fact retold in other order
                matched[0].add(a)
                matched[1].add(b)
            if words >= SHARED_WORDS and words >= SHARED * shorter:  # only then can enough stand in the same order
                in_order = LCSseq.similarity(a.stems, b.stems)
                if in_order >= SHARED_WORDS and in_order >= SHARED * shorter:
                    shared.append(SharedPassage(len(shared) + 1, a, b, in_order / shorter))
    return tuple(shared), (frozenset(set(left) - matched[0]), frozenset(set(right) - matched[1]))


def align(left: Source, right: Source) -> Alignment:
    """Two sources side by side: paragraphs aligned, shared passages numbered in the left text's order, lone sentences."""
    split = tuple({paragraph.number: split_sentences(paragraph) for paragraph in source.paragraphs} for source in (left, right))
    shared, only = compare_sentences(*(tuple(s for found in side.values() for s in found) for side in split))
    words = tuple([tuple(stem for sentence in found for stem in sentence.stems) for found in side.values()] for side in split)
    rows = align_paragraphs(left.paragraphs, right.paragraphs, (words[0], words[1]))
    return Alignment(left, right, rows, shared, (only[0], only[1]), (split[0], split[1]))


def describe(alignment: Alignment, lang: str) -> str:
    """The alignment for the terminal: each row with its similarity, each sentence with its marks (A left, B right)."""
    lines = [f"{side}: {source.short_name[lang]} [{source.id}]" for side, source in zip("AB", alignment.sources, strict=True)]
    counts = translate(lang, "aligned rows: {rows}; shared passages: {shared}; sentences only in one source: {only}")
    lines.append(counts.format(rows=len(alignment.rows), shared=len(alignment.shared), only=sum(map(len, alignment.only))))
    marks = sentence_marks(alignment, lang)
    for row in alignment.rows:
        numbers = [str(p.number) if p else "—" for p in (row.left, row.right)]
        heading = translate(lang, "¶ {left} ↔ ¶ {right} · similarity {similarity}") if row.left and row.right else "¶ {left} ↔ ¶ {right}"
        lines += ["", heading.format(left=numbers[0], right=numbers[1], similarity=percent(row.similarity, lang))]
        for side, paragraph in zip("AB", (row.left, row.right), strict=True):
            lines += [f"  {side} {s.text}{marks.get((side, s), '')}" for s in (split_sentences(paragraph) if paragraph else ())]
    return "\n".join(lines) + "\n"


def sentence_marks(alignment: Alignment, lang: str) -> dict[tuple[str, Sentence], str]:
    """What the terminal shows after a sentence: the shared passages it is part of, or that it is found only here."""
    marks: dict[tuple[str, Sentence], str] = {}
    shared = translate(lang, "[shared passage {number}: {percent} of the words in the same order]")
    for passage in alignment.shared:
        for key in (("A", passage.left), ("B", passage.right)):
            marks[key] = marks.get(key, "") + " " + shared.format(number=passage.number, percent=percent(passage.similarity, lang))
    for side, lone in zip("AB", alignment.only, strict=True):
        marks.update({(side, sentence): " " + translate(lang, "[only in this source]") for sentence in lone})
    return marks
