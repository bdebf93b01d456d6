"""Annotated source pages: every quote highlighted in place, overlaps nested validly, links that land."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote as percent_encoded
from urllib.parse import unquote

import pytest
from evidence_support import LANGS, Built, all_quotes, checked, ids_in, make_annotated, page, site_files, target_of
from htmltree import Element, parse_html
from hypothesis import given, settings
from hypothesis import strategies as st

from sverka.annotate import Highlight, annotate_text, encode_directive_part, split_segments, text_fragment_url

SOURCE_001 = "001_36549a97ad93da46"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The annotated fixture, checked and built once for this module."""
    root = make_annotated(tmp_path_factory)
    return checked(root), site_files(root)


def marks_of(root: Element, anchor: str) -> list[Element]:
    """Every piece of a highlight, first piece (the one with the id) first."""
    return [m for m in root.find_all("mark") if m.get("data-quote") == anchor]


def wrap(text: str, spans: list[tuple[int, int, str]]) -> Element:
    """Annotate a text and parse the result inside a paragraph (raises on mis-nesting)."""
    html = annotate_text(text, [Highlight(s, e, a) for s, e, a in spans])
    paragraph = parse_html(f"<p>{html}</p>").find("p")
    assert paragraph is not None
    return paragraph


# --- the pure annotator -------------------------------------------------------------------------


def test_crossing_spans_are_split_so_that_tags_nest_and_no_text_is_lost() -> None:
    text = "one two three four"
    paragraph = wrap(text, [(0, 7, "a"), (4, 13, "b")])
    assert paragraph.text() == text
    assert "".join(m.text() for m in marks_of(paragraph, "b")) == "two three"
    assert [m.get("id") for m in marks_of(paragraph, "b")] == ["b", None]
    assert paragraph.find("mark", id="a").text() == "one two"  # type: ignore[union-attr]


def test_a_nested_span_sits_inside_the_outer_one_unsplit() -> None:
    paragraph = wrap("alpha beta gamma", [(0, 16, "outer"), (6, 10, "inner")])
    outer = paragraph.find("mark", id="outer")
    inner = paragraph.find("mark", id="inner")
    assert outer is not None and inner is not None
    assert outer in list(inner.ancestors())
    assert len(marks_of(paragraph, "outer")) == 1 and inner.text() == "beta"


def test_two_claims_quoting_the_same_words_each_keep_an_element_with_their_id() -> None:
    paragraph = wrap("same words here", [(0, 10, "x"), (0, 10, "y")])
    assert paragraph.find("mark", id="x").text() == "same words"  # type: ignore[union-attr]
    assert paragraph.find("mark", id="y").text() == "same words"  # type: ignore[union-attr]
    assert paragraph.text() == "same words here"


def test_text_is_escaped_and_a_text_without_quotes_has_no_marks() -> None:
    html = annotate_text('a <b> & "c"', [])
    assert str(html) == "a &lt;b&gt; &amp; &#34;c&#34;"
    assert split_segments("abc", []) == split_segments("abc", [Highlight(2, 2, "empty")])


@settings(deadline=None)  # the machine may be busy; correctness, not speed, is tested here
@given(
    text=st.text(alphabet="аб <&>\"'x", min_size=1, max_size=30),
    raw=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=5),
)
def test_any_set_of_spans_keeps_the_text_and_each_span_reads_back_exactly(text: str, raw: list[tuple[int, int]]) -> None:
    spans = [(min(a, b), max(a, b), f"s{i}") for i, (a, b) in enumerate(raw) if min(a, b) < max(a, b) <= len(text)]
    paragraph = wrap(text, spans)
    assert paragraph.text() == text
    for start, end, anchor in spans:
        pieces = marks_of(paragraph, anchor)
        assert "".join(m.text() for m in pieces) == text[start:end]
        assert [m.get("id") for m in pieces] == [anchor] + [None] * (len(pieces) - 1)


# --- text fragments -------------------------------------------------------------------------------


def test_a_text_fragment_percent_encodes_dashes_commas_ampersands_and_everything_else() -> None:
    url = text_fragment_url("https://example.org/a?x=1#top", "Нет - да, и & «так»")
    assert url.startswith("https://example.org/a?x=1#:~:text=")
    directive = url.split("#:~:text=", 1)[1]
    assert "-" not in directive and "," not in directive and "&" not in directive and " " not in directive
    assert "%2D" in directive and "%2C" in directive and "%26" in directive
    assert unquote(directive) == "Нет - да, и & «так»"


def test_a_text_fragment_carries_prefix_and_suffix_in_the_spec_form() -> None:
    url = text_fragment_url("https://example.org/", "a-b", prefix="before,", suffix="after")
    assert url == "https://example.org/#:~:text=before%2C-,a%2Db,-after"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40))
def test_a_text_fragment_term_is_percent_encoded_as_the_standard_library_would_with_dashes_too(text: str) -> None:
    assert encode_directive_part(text) == percent_encoded(text, safe="").replace("-", "%2D")


def test_a_text_fragment_collapses_line_breaks_and_runs_of_spaces() -> None:
    assert text_fragment_url("https://e.org/", "a\n  b") == "https://e.org/#:~:text=a%20b"


# --- built pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_quote_is_highlighted_exactly_at_its_verified_span(built: Built, lang: str) -> None:
    project, files = built
    for quote in all_quotes(project):
        assert quote.span is not None
        doc = page(files, f"{lang}/sources/{quote.source}/index.html")
        pieces = marks_of(doc, quote.anchor)
        assert pieces and pieces[0].get("id") == quote.anchor
        assert "".join(m.text() for m in pieces) == quote.original
        paragraph = project.source_by_id[quote.source].paragraphs
        text = next(p.text for p in paragraph if p.number == quote.span.paragraph)
        assert quote.original == text[quote.span.start : quote.span.end]
        holder = next(a for a in pieces[0].ancestors() if a.tag == "li" and (a.get("id") or "").startswith("p-"))
        assert holder.get("id") == f"p-{quote.span.paragraph}"


@pytest.mark.parametrize("lang", LANGS)
def test_overlapping_quotes_keep_every_paragraph_exactly_as_archived(built: Built, lang: str) -> None:
    project, files = built
    for source in project.sources:
        doc = page(files, f"{lang}/sources/{source.id}/index.html")
        for paragraph in source.paragraphs:
            item = doc.find("li", id=f"p-{paragraph.number}")
            assert item is not None and item.get("value") == str(paragraph.number)
            assert item.find("p", class_="paragraph-text").text() == paragraph.text  # type: ignore[union-attr]
    overlapped = page(files, f"{lang}/sources/{SOURCE_001}/index.html").find("li", id="p-5")
    assert overlapped is not None and len(overlapped.find_all("mark", class_="quote-span-continued")) == 1


@pytest.mark.parametrize("lang", LANGS)
def test_the_archives_dateline_is_marked_as_a_date_in_english_on_the_source_and_side_by_side(built: Built, lang: str) -> None:
    project, files = built
    (first, *_) = project.source_by_id[SOURCE_001].paragraphs
    assert first.dateline is not None and first.text.startswith(" date 2025-11-07 ")  # as the archive has it
    compare = next(path for path in files if path.startswith(f"{lang}/compare/") and SOURCE_001 in path)
    for where in (page(files, f"{lang}/sources/{SOURCE_001}/index.html").find("li", id="p-1"), page(files, compare)):
        dates = where.find_all("time", class_="dateline") if where is not None else []
        assert [(d.get("datetime"), d.get("lang"), d.text()) for d in dates] == [("2025-11-07", "en", " date 2025-11-07 ")]


@pytest.mark.parametrize("lang", LANGS)
def test_each_highlight_is_described_by_and_reachable_from_a_link_to_the_claim(built: Built, lang: str) -> None:
    project, files = built
    for quote in all_quotes(project):
        doc = page(files, f"{lang}/sources/{quote.source}/index.html")
        mark = doc.find("mark", id=quote.anchor)
        assert mark is not None and mark.get("tabindex") == "-1"
        about = doc.find("li", id=mark.get("aria-describedby") or "")
        assert about is not None
        hrefs = [a.get("href") for a in about.find_all("a")]
        assert f"#{quote.anchor}" in hrefs
        assert f"/{lang}/claims/{quote.claim}/#evidence-{quote.id}" in hrefs
        # named by the number the check's page gives it, so that two quotes of one check under a paragraph read apart
        number = [q.id for q in project.claim_by_id[quote.claim].quotes].index(quote.id) + 1
        to_span = about.find("a", class_="to-span")
        assert to_span is not None and to_span.text() == {"ru": f"Цитата {number}", "en": f"Quote {number}"}[lang]


def test_the_english_page_says_the_source_is_in_russian_and_the_russian_page_does_not(built: Built) -> None:
    _, files = built
    english = page(files, f"en/sources/{SOURCE_001}/index.html")
    note = english.find("p", class_="source-language-note")
    assert note is not None and "Russian" in note.text()
    assert english.find("ol", class_="source-text").get("lang") == "ru"  # type: ignore[union-attr]
    assert page(files, f"ru/sources/{SOURCE_001}/index.html").find("p", class_="source-language-note") is None


@pytest.mark.parametrize("lang", LANGS)
def test_a_source_page_lists_the_claims_using_it_with_their_verdicts(built: Built, lang: str) -> None:
    project, files = built
    section = page(files, f"{lang}/sources/{SOURCE_001}/index.html").find("section", class_="source-claims")
    assert section is not None
    items = section.find_all("li")
    assert [li.find("a").get("href") for li in items] == [f"/{lang}/claims/overlap/", f"/{lang}/claims/talks-date/"]  # type: ignore[union-attr]
    labels = [li.find("span", class_="verdict").text() for li in items]  # type: ignore[union-attr]
    assert labels == [project.verdict_by_key[v].label[lang] for v in ("disputed", "confirmed")]


@pytest.mark.parametrize("lang", LANGS)
def test_every_link_on_a_claim_page_lands_on_an_existing_anchor(built: Built, lang: str) -> None:
    project, files = built
    for claim in project.claims:
        doc = page(files, f"{lang}/claims/{claim.id}/index.html")
        for figure in doc.find_all("figure", class_="quote"):
            for link in figure.find_all("a"):
                href = link.get("href") or ""
                if href.startswith("https://"):
                    continue
                output, fragment = target_of(files, href)
                assert output in files, href
                assert fragment in ids_in(page(files, output)), href
        span_links = {a.get("href") for a in doc.find_all("a", class_="quote-source")}
        assert span_links == {f"/{lang}/sources/{q.source}/?from={claim.id}#{q.anchor}" for q in claim.quotes}


def test_a_quote_from_a_source_with_an_address_links_to_the_original_words(built: Built) -> None:
    project, files = built
    quote = project.claim_by_id["talks-date"].quote("q1")
    assert quote is not None
    doc = page(files, "en/claims/talks-date/index.html")
    links = [a.get("href") for a in doc.find_all("a", class_="quote-original")]
    other = project.claim_by_id["talks-date"].quote("q2")
    assert other is not None and project.source_by_id[other.source].url is None
    assert set(links) == {text_fragment_url("https://example.org/articles/delegation", quote.original)}


def test_the_built_source_page_is_the_same_bytes_each_time(tmp_path_factory: pytest.TempPathFactory) -> None:
    root: Path = make_annotated(tmp_path_factory)
    first, second = site_files(root), site_files(root)
    assert {k: v for k, v in first.items() if "sources/" in k or "timeline" in k} == {
        k: v for k, v in second.items() if "sources/" in k or "timeline" in k
    }
