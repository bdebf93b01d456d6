"""Quotes are verified word for word against their source, with typography normalised on both sides."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import problems_of
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sverka.problems import Collector
from sverka.quotes import find_all, fold, index_source, locate, mark_differences, normalize, verify_quote
from sverka.records import Quote, Source, Where
from sverka.sources import split_paragraphs

TEXT = (
    "Первая строка\n"
    "«Переговоры прошли в дружественной обстановке» — сказано в сообщении.\n"
    "Около 15\u00a0000 военных… Это ещё не всё.\n"
    "Это ещё не всё.\n"
)


def source(text: str = TEXT) -> Source:
    """A source made from a text, without metadata worth speaking of."""
    return Source(
        "s",
        text,
        split_paragraphs(text),
        {"ru": "t", "en": "t"},
        "ru",
        None,
        None,
        None,
        {"ru": "a", "en": "a"},
        "0" * 64,
        Where("seeds/s.yaml"),
    )


def quote(text: str, prefix: str | None = None, suffix: str | None = None) -> Quote:
    """A quote of source `s` as an editor would write it."""
    return Quote("c", "q1", "s", text, "translation", prefix, suffix, Where("content/claims/c.yaml", 5, 11))


def verify(q: Quote, src: Source | None = None) -> tuple[Quote, list[str]]:
    """Verify a quote and return it with the English messages of any problems."""
    problems = Collector()
    result = verify_quote(q, index_source(src or source()), problems)
    return result, [p.message("en") for p in problems.problems]


@pytest.mark.parametrize(
    "typed",
    [
        '"Переговоры прошли в дружественной обстановке" - сказано',  # straight quotes, hyphen
        "„Переговоры прошли в дружественной\u00a0обстановке“ – сказано",  # German quotes, en dash, no-break space
        "«Перего\u00adворы прошли в дружест\u200bвенной  обстановке» — сказано",  # soft hyphen, zero width, double space
        "«Переговоры\u200e прошли в \u2066дружественной\u2069 обстановке»\u200f — сказано",  # direction marks and isolates
        "«Переговоры\ufe0f прошли в дружественной\u034f обстановке» — сказано",  # a variation selector, a grapheme joiner
    ],
)
def test_typography_is_normalised_the_same_way_on_both_sides(typed: str) -> None:
    result, problems = verify(quote(typed))
    assert problems == []
    assert result.span is not None and result.span.paragraph == 2
    assert result.original == "«Переговоры прошли в дружественной обстановке» — сказано"


def test_a_quote_copied_from_a_pdf_with_ligatures_is_found_in_a_text_without_them() -> None:
    src = source("The first official report confirmed the flight.\n")
    result, problems = verify(quote("The \ufb01rst o\ufb03cial report con\ufb01rmed the \ufb02ight."), src)
    assert problems == [] and result.original == "The first official report confirmed the flight."


def test_the_page_shows_the_sources_own_characters_for_ellipsis_and_spaces() -> None:
    result, problems = verify(quote("Около 15 000 военных..."))
    assert problems == []
    assert result.original == "Около 15\u00a0000 военных…"
    assert result.span is not None
    paragraph = source().paragraphs[2]
    assert paragraph.text[result.span.start : result.span.end] == result.original


def test_unicode_composition_and_yo_do_not_matter() -> None:
    decomposed = "Около 15 000 военных… Это еще\u0308 не все\u0308"  # е + combining diaeresis
    result, problems = verify(quote(decomposed))
    assert problems == []
    assert result.original == "Около 15\u00a0000 военных… Это ещё не всё"
    result, problems = verify(quote("Около 15 000 военных… Это еще не все"))  # ё typed as е
    assert problems == [] and result.span is not None


def places_paragraph_by_paragraph(q: Quote, src: Source) -> list[tuple[int, int, int]]:
    """Where a quote stands, found by searching each paragraph on its own, its prefix and suffix in the text around (the
    paragraphs before and after included, each paragraph's end read as a space): what `locate` must agree with."""
    needle, prefix, suffix = fold(q.text), fold(q.prefix or ""), fold(q.suffix or "")
    texts = [normalize(paragraph.text) for paragraph in src.paragraphs]
    places = []
    for number, (paragraph, norm) in enumerate(zip(src.paragraphs, texts, strict=True)):
        for start in find_all(norm.text, needle):
            end = start + len(needle)
            preceding = " ".join([*(t.text for t in texts[:number]), norm.text[:start]]).rstrip()
            following = " ".join([norm.text[end:], *(t.text for t in texts[number + 1 :])]).lstrip()
            if (not prefix or preceding.endswith(prefix)) and (not suffix or following.startswith(suffix)):
                places.append((paragraph.number, *norm.original_span(start, end)))
    return places


WORDS = st.sampled_from(["да", "нет", "Да", "«да»", "— да", "ещё", "еще", "…", "...", "a", " ", "\u00a0", "\n", "\n\n"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(WORDS, min_size=1, max_size=30).map("".join), st.lists(WORDS, max_size=4).map("".join), st.sampled_from([None, "да", "нет"])
)
def test_a_quote_is_found_in_every_paragraph_it_stands_in_and_nowhere_else(text: str, words: str, prefix: str | None) -> None:
    src = source(text + "\n")
    q = quote(words, prefix=prefix)
    assume(fold(words))  # a quote with nothing visible is reported, not looked for
    found = [(paragraph.number, start, end) for paragraph, start, end in locate(q, index_source(src))]
    assert found == places_paragraph_by_paragraph(q, src)


def test_a_line_repeated_in_a_source_is_told_apart_by_the_words_ending_the_paragraph_before() -> None:
    src = source("Заголовок\nПервый абзац.\nЧитайте также: новости КНДР\nВторой абзац про военных.\nЧитайте также: новости КНДР\n")
    result, problems = verify(quote("Читайте также: новости КНДР", prefix="про военных."), src)
    assert problems == [] and result.span is not None and result.span.paragraph == 5
    result, problems = verify(quote("Первый абзац.", suffix="Читайте также:"), src)
    assert problems == [] and result.span is not None and result.span.paragraph == 2
    result, problems = verify(quote("новости КНДР", prefix="военных. Читайте также:"), src)  # across the paragraph's start
    assert problems == [] and result.span is not None and result.span.paragraph == 5


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200b\u00ad\u2060", "\ufeff"])
def test_a_quote_of_only_invisible_characters_is_reported_not_searched_for(invisible: str) -> None:
    result, problems = verify(quote(invisible, prefix="да"))
    assert result.span is None
    assert problems == [
        "the quote has no visible characters (only spaces or invisible ones such as soft hyphens) — copy the words from the source"
    ]


@pytest.mark.parametrize(
    ("text", "word"), [("ереговоры прошли", "Переговоры"), ("прошли в дружеств", "дружественной"), ("15\u00a0000 во", "военных")]
)
def test_a_quote_that_begins_or_ends_inside_a_word_is_found_with_a_warning(text: str, word: str) -> None:
    result, problems = verify(quote(text))
    assert result.span is not None
    assert problems == [f"the quote cuts the source's word “{word}” — begin and end it with whole words"]


def test_a_quote_of_whole_words_and_numbers_gets_no_warning() -> None:
    assert verify(quote("Переговоры прошли"))[1] == verify(quote("15\u00a0000 военных"))[1] == []


def test_a_quote_found_twice_needs_a_prefix_or_suffix() -> None:
    _, problems = verify(quote("Это ещё не всё."))
    assert problems == [
        "the quote occurs more than once in source s (paragraphs 3, 4) — add `prefix:` or `suffix:` "
        "with the words just before or after the one you mean"
    ]


@pytest.mark.parametrize("mark", ["…", "...", "[…]", "(...)"])
def test_a_quote_leaving_words_out_is_told_to_be_two_quotes(mark: str) -> None:
    _, problems = verify(quote(f"Переговоры прошли {mark} обстановке"))
    assert problems == [
        f"the quote leaves words of source s out where it has “{mark}” — a quote gives the source's words without a gap: "
        "quote the part before it and the part after it as two quotes"
    ]


def test_a_prefix_picks_one_of_two_places() -> None:
    result, problems = verify(quote("Это ещё не всё.", prefix="военных…"))
    assert problems == []
    assert result.span is not None and result.span.paragraph == 3


def test_a_wrong_prefix_is_reported_as_such() -> None:
    _, problems = verify(quote("Это ещё не всё.", prefix="солдат"))
    assert problems == ["the quote is in source s, but not with this prefix/suffix — copy the words right before/after it exactly"]


def test_latin_look_alike_letters_in_cyrillic_are_reported() -> None:
    _, problems = verify(quote("Переговоры прошли в дружественной oбстановке"))  # Latin "o"
    assert problems == [
        "the quote mixes Latin look-alike letters into Cyrillic in “oбстановке” (Latin: o) — retype the word or copy it from the source"
    ]


def test_a_one_letter_word_typed_in_the_latin_layout_is_named() -> None:
    _, problems = verify(quote("Договор o партнёрстве"), source("Заголовок\nДоговор о партнёрстве подписан.\n"))  # Latin "o"
    assert problems == [
        "the quote mixes Latin look-alike letters into Cyrillic in “o” (Latin: o) — retype the word or copy it from the source"
    ]


def test_a_quote_running_over_two_paragraphs_is_told_to_be_split() -> None:
    _, problems = verify(quote("сказано в сообщении. Около 15\u00a0000 военных"))
    assert problems == ["the quote runs over paragraphs 2 and 3 of source s — split it into two quotes, one per paragraph"]


def test_a_missing_quote_shows_the_closest_passage_with_differences_marked() -> None:
    _, problems = verify(quote("Переговоры прошли в дружеской обстановке"))
    assert problems == [
        "the quote is not in source s — copy it exactly; the closest passage is in paragraph 2 (differences marked ⟦ ⟧):\n"
        "      source: Переговоры прошли в дружес⟦твенн⟧ой обстановке\n"
        "      quote:  Переговоры прошли в дружес⟦к⟧ой обстановке"
    ]


def test_differences_are_marked_on_both_sides() -> None:
    assert mark_differences("до пяти тысяч", "до 5 тысяч") == ("до ⟦пяти⟧ тысяч", "до ⟦5⟧ тысяч")


def test_the_marked_texts_are_shown_as_written_with_only_real_differences_marked() -> None:
    written = '"Переговоры прошли" в дружеской\nобстановке, еще'
    source, quote = mark_differences("«Переговоры прошли» в дружественной  обстановке, ещё", written)
    assert source == "«Переговоры прошли» в дружес⟦твенн⟧ой обстановке, ещё"
    assert quote == '"Переговоры прошли" в дружес⟦к⟧ой обстановке, еще'


def test_normalisation_maps_back_to_original_offsets() -> None:
    text = "a\u00a0 «b» — c…"
    norm = normalize(text)
    assert norm.text == 'a "b" - c...'
    start, end = norm.original_span(2, 5)
    assert text[start:end] == "«b»"


def test_a_quote_missing_from_its_source_fails_the_build_at_the_quote(project: Path) -> None:
    path = project / "content/claims/talks-date.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("состоялась в Пхеньяне 6 ноября.", "состоялась в Пхеньяне 7 ноября."), encoding="utf-8"
    )
    [problem] = problems_of(project)
    assert problem.startswith(
        "content/claims/talks-date.yaml:19:11: the quote is not in source 001_36549a97ad93da46 — copy it exactly; "
        "the closest passage is in paragraph 5"
    )
    assert "в Пхеньяне ⟦6⟧ ноября." in problem and "в Пхеньяне ⟦7⟧ ноября." in problem


def test_the_archived_dateline_is_understood_without_altering_the_text() -> None:
    raw = Path(__file__).resolve().parent.parent.joinpath("seeds/001_36549a97ad93da46.txt").read_text(encoding="utf-8")
    first = split_paragraphs(raw)[0]
    assert first.number == 1
    assert first.dateline is not None and first.dateline.isoformat() == "2025-11-07"
    assert first.text[first.body_start :].startswith("Россия договаривается с КНДР о новых наемниках")
    assert first.text.startswith(" date 2025-11-07 ")
