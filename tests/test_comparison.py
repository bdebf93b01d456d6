"""Two sources side by side: the alignment, the compare pages of a fixture project, and `build.py compare`."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import build_files, make_project, run_cli, write
from evidence_support import LANGS, Built, checked, make_annotated, page, site_files, target_of
from htmltree import Element

from sverka.alignment import Alignment, align, split_sentences
from sverka.records import Paragraph, Source, Where
from sverka.sources import split_paragraphs

UNDATED, NOVEMBER = "000_65c26eebc33d0df9", "001_36549a97ad93da46"
PAIR = f"{UNDATED}--{NOVEMBER}"


def made_up(source_id: str, *lines: str) -> Source:
    """A source of made-up paragraphs, one a line."""
    text = "\n".join(lines)
    return Source(source_id, text, split_paragraphs(text), {}, "ru", None, None, None, {}, "", Where(f"seeds/{source_id}.yaml"))


def numbers(alignment: Alignment) -> list[tuple[int | None, int | None]]:
    """Each row as (left paragraph number, right paragraph number), None for a gap."""
    return [(row.left.number if row.left else None, row.right.number if row.right else None) for row in alignment.rows]


STATEMENT = "Стороны обсудили расширение и углубление двусторонних отношений под стратегическим руководством глав государств."
LEFT = made_up(
    "left",
    "Министр обороны провел переговоры с делегацией в столице шестого ноября.",
    "Северная Корея выпустила баллистическую ракету в направлении Японского моря.",
    f"Агентство сообщило об итогах. {STATEMENT}",
)
RIGHT = made_up(
    "right",
    "Шестого ноября в столице министр обороны провел переговоры с делегацией.",
    f"«{STATEMENT[:-1]}», — сказано в сообщении агентства.",
    "Договор о партнерстве подписали в июне прошлого года.",
)


def test_a_statement_both_texts_give_word_for_word_is_one_shared_passage_and_a_paraphrase_is_not() -> None:
    alignment = align(LEFT, RIGHT)
    assert [(p.left.paragraph, p.left.number, p.right.paragraph, p.right.number) for p in alignment.shared] == [(3, 2, 2, 1)]
    assert alignment.shared[0].number == 1 and alignment.shared[0].similarity >= 0.8


def test_a_sentence_no_sentence_of_the_other_text_resembles_is_found_only_in_its_own() -> None:
    alignment = align(LEFT, RIGHT)
    assert {s.text for s in alignment.only[0]} == {"Северная Корея выпустила баллистическую ракету в направлении Японского моря."}
    assert {s.text for s in alignment.only[1]} == {"Договор о партнерстве подписали в июне прошлого года."}
    # the first paragraphs say the same in another order: neither is alone
    assert not any(s.paragraph == 1 for side in alignment.only for s in side)


def test_paragraphs_are_aligned_in_each_texts_order_with_gaps_beside_those_without_a_counterpart() -> None:
    assert numbers(align(LEFT, RIGHT)) == [(1, 1), (2, None), (3, 2), (None, 3)]


def test_two_pairs_in_crossed_order_keep_each_texts_order_by_leaving_one_apart() -> None:
    first, second = LEFT.paragraphs[0].text, LEFT.paragraphs[2].text
    rows = numbers(align(made_up("a", first, second), made_up("b", second, first)))
    assert [r for r in rows if None not in r] in ([(1, 2)], [(2, 1)])
    assert [a for a, _ in rows if a] == [1, 2] and [b for _, b in rows if b] == [1, 2]


def test_the_alignment_is_the_same_every_time() -> None:
    assert align(LEFT, RIGHT) == align(LEFT, RIGHT)


def test_sentences_stand_at_their_offsets_and_a_dateline_is_not_one() -> None:
    paragraph = Paragraph(1, " date 2025-11-07 Первое предложение. Второе «в кавычках». 3 ноября — третье.", body_start=17)
    sentences = split_sentences(paragraph)
    assert [s.text for s in sentences] == ["Первое предложение.", "Второе «в кавычках».", "3 ноября — третье."]
    assert all(paragraph.text[s.start : s.end] == s.text for s in sentences)


# --- the pages of a fixture project ------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The annotated fixture (two checks quoting both sources, a discrepancy note between them), built once."""
    root = make_annotated(tmp_path_factory)
    return checked(root), site_files(root)


def compare_page(built: Built, lang: str) -> Element:
    """The compare page of the fixture's two sources."""
    return page(built[1], f"{lang}/compare/{PAIR}/index.html")


def visible_text(element: Element) -> str:
    """An element's text without the labels the page adds to a source's words (each after a space of its own)."""
    out = ""
    for child in element.children:
        if isinstance(child, str):
            out += child
        elif child.matches("class_", "passage-label"):
            out = out.removesuffix(" ")
        else:
            out += visible_text(child)
    return out


def test_a_compare_page_exists_in_both_languages_with_the_switcher_and_the_sitemap_leading_to_it(built: Built) -> None:
    files = built[1]
    assert sorted(path for path in files if "/compare/" in path) == [f"{lang}/compare/{PAIR}/index.html" for lang in ("en", "ru")]
    for lang in LANGS:
        other = "en" if lang == "ru" else "ru"
        switcher = compare_page(built, lang).find("nav", class_="language-switcher")
        assert switcher is not None
        assert [target_of(files, a.get("href") or "")[0] for a in switcher.find_all("a")] == [f"{other}/compare/{PAIR}/index.html"]
    assert f"/compare/{PAIR}/" in files["sitemap.xml"].decode()


def test_both_texts_stand_in_two_columns_each_paragraph_once_verbatim_and_linked_to_its_place(built: Built) -> None:
    project, files = built
    tree = compare_page(built, "en")
    rows = tree.find_all("li", class_="compare-row")
    assert rows and all([cell.get("data-side") for cell in row.find_all("div", class_="compare-cell")] == ["a", "b"] for row in rows)
    for side, source_id in (("a", UNDATED), ("b", NOVEMBER)):
        source = project.source_by_id[source_id]
        cells = [c for c in tree.find_all("div", class_="compare-cell") if c.get("data-side") == side and c.get("id")]
        assert [c.get("id") for c in cells] == [f"{side}-p{p.number}" for p in source.paragraphs]
        for cell, paragraph in zip(cells, source.paragraphs, strict=True):
            text = cell.find("p", class_="compare-text")
            assert text is not None and text.get("lang") == "ru" and visible_text(text) == paragraph.text
            hrefs = [target_of(files, a.get("href") or "") for a in cell.find_all("a")]
            assert (f"en/sources/{source_id}/index.html", f"p-{paragraph.number}") in hrefs


def test_every_quote_of_the_checks_using_both_sources_is_highlighted_in_its_column_and_linked_to_its_check(built: Built) -> None:
    project, files = built
    tree = compare_page(built, "en")
    quotes = [q for claim in project.claims for q in claim.quotes if q.span]
    assert quotes
    for quote in quotes:
        mark = tree.find("mark", id=quote.anchor)
        assert mark is not None, quote.anchor
        cell = next(a for a in mark.ancestors() if a.matches("class_", "compare-cell"))
        assert cell.get("id") == f"{'a' if quote.source == UNDATED else 'b'}-p{quote.span.paragraph}"
        about = tree.find("li", id=f"about-{quote.anchor}")
        assert about is not None
        links = [target_of(files, a.get("href") or "") for a in about.find_all("a")]
        assert (f"en/claims/{quote.claim}/index.html", f"evidence-{quote.id}") in links


ONE_SOURCE_CHECK = """headline: {ru: Ракетный пуск, en: The missile launch}
claim: {ru: КНДР выпустила ракету., en: The DPRK launched a missile.}
claimant: {ru: РБК-Украина, en: RBC-Ukraine}
appearances: [000_65c26eebc33d0df9]
verdict: confirmed
explanation: {ru: Статья сообщает о пуске., en: The article reports the launch.}
summary: {ru: Статья сообщает о пуске., en: The article reports the launch.}
quotes:
  - id: launch
    source: 000_65c26eebc33d0df9
    text: Северная Корея выпустила по меньшей мере одну неизвестную баллистическую ракету
    translation: North Korea launched at least one unidentified ballistic missile
published: 2026-11-22
"""


def test_a_check_using_only_one_of_the_two_sources_is_on_that_sources_page_and_not_side_by_side(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    root = make_annotated(tmp_path_factory)
    write(root, "content/claims/missile.yaml", ONE_SOURCE_CHECK)
    files = build_files(root)
    for lang in LANGS:
        source_page = page(files, f"{lang}/sources/{UNDATED}/index.html")
        assert source_page.find("mark", id="q-missile--launch") is not None
        assert source_page.find("li", id="about-q-missile--launch") is not None
        side_by_side = page(files, f"{lang}/compare/{PAIR}/index.html")
        assert side_by_side.find("mark", id="q-missile--launch") is None
        assert side_by_side.find("li", id="about-q-missile--launch") is None
        assert side_by_side.find("mark", id="q-talks-date--q2") is not None  # the checks using both stay marked
        listed = side_by_side.find("section", class_="compare-claims")
        assert listed is not None and "missile" not in " ".join(a.get("href") or "" for a in listed.find_all("a"))


def labelled(tree: Element, quote_anchor: str) -> dict[str, str]:
    """The discrepancy numbers a quote's entry gives, with where each leads ("Discrepancy 1" → the other quote's entry)."""
    about = tree.find("li", id=f"about-{quote_anchor}")
    assert about is not None
    found = {}
    for line in about.find_all("p", class_="compare-discrepancy"):
        label = line.find("strong")
        assert label is not None
        found[label.text()] = next(a.get("href") or "" for a in line.find_all("a") if (a.get("href") or "").startswith("#about-"))
    return found


def test_quotes_a_discrepancy_note_sets_against_each_other_carry_the_same_number_on_both_sides(built: Built) -> None:
    tree = compare_page(built, "en")
    builders_000, builders_001 = labelled(tree, "q-overlap--builders-000"), labelled(tree, "q-overlap--builders-001")
    shared_numbers = set(builders_000) & set(builders_001)
    assert len(shared_numbers) == 1
    number = shared_numbers.pop()
    assert builders_000[number] == "#about-q-overlap--builders-001" and builders_001[number] == "#about-q-overlap--builders-000"
    # the number stands in the text too, after the sentence where each quote ends
    in_text = [a.text() for a in tree.find_all("a", class_="discrepancy-label") if a.get("href") == "#about-q-overlap--builders-000"]
    assert in_text == [number.lower()]


@pytest.mark.parametrize("lang", LANGS)
def test_discrepancy_numbers_count_up_as_a_reader_meets_them_down_the_page(built: Built, lang: str) -> None:
    rows = compare_page(built, lang).find("ol", class_="compare-rows")
    assert rows is not None
    met: list[str] = []
    for label in rows.find_all("a", class_="discrepancy-label"):
        if label.text() not in met:
            met.append(label.text())
    assert len(met) >= 2 and [int(text.split()[-1]) for text in met] == list(range(1, len(met) + 1)), met


@pytest.mark.parametrize("lang", LANGS)
def test_the_interfaces_own_sentences_never_start_a_line_with_a_dash(built: Built, lang: str) -> None:
    notes = compare_page(built, lang).find_all("p", class_="compare-discrepancy")
    assert notes and all("\u00a0— " in note.text() and " — " not in note.text() for note in notes)


def test_the_shared_passage_is_marked_in_words_on_both_sides_each_leading_to_the_other(built: Built) -> None:
    tree = compare_page(built, "en")
    left, right = tree.find("span", id="a-s6-2"), tree.find("span", id="b-s7-1")  # KCNA's words, in both articles
    assert left is not None and right is not None
    assert left.matches("class_", "shared") and right.matches("class_", "shared")
    labels = {a.get("href"): a.text() for a in tree.find_all("a", class_="shared-label")}
    assert labels == {"#b-s7-1": "shared passage 1", "#a-s6-2": "shared passage 1"}


def test_a_sentence_only_one_source_has_is_labelled_so(built: Built) -> None:
    tree = compare_page(built, "en")
    missile = tree.find("span", id="a-s8-1")  # a missile launch: the 7 November article says nothing of it
    assert missile is not None and missile.matches("class_", "alone")
    assert missile.parent is not None
    after = missile.parent.children[missile.parent.children.index(missile) + 1]
    assert isinstance(after, str) or after.text() == "only here"
    assert any(label.text() == "only here" for label in tree.find_all("span", class_="only-label"))


def test_the_interface_is_in_the_pages_language_and_the_texts_stay_as_archived(built: Built) -> None:
    project, _ = built
    russian, english = compare_page(built, "ru"), compare_page(built, "en")
    assert [a.text() for a in russian.find_all("a", class_="shared-label")] == ["общий фрагмент 1"] * 2
    assert russian.find("p", class_="translation") is None  # the texts are Russian: nothing to translate
    translations = [p.text() for p in english.find_all("p", class_="translation")]
    assert "Our translation: " + project.claim_by_id["overlap"].quote("treaty").translation in translations  # type: ignore[union-attr]
    texts = [visible_text(p) for p in russian.find_all("p", class_="compare-text")]
    assert texts == [visible_text(p) for p in english.find_all("p", class_="compare-text")]


def test_both_source_pages_and_every_check_using_both_sources_link_to_the_compare_page(built: Built) -> None:
    project, files = built
    for lang in LANGS:
        target = f"{lang}/compare/{PAIR}/index.html"
        pages = [f"{lang}/sources/{s}/index.html" for s in (UNDATED, NOVEMBER)]
        pages += [f"{lang}/claims/{c.id}/index.html" for c in project.claims if {UNDATED, NOVEMBER} <= set(c.source_ids)]
        assert len(pages) == 4
        for path in pages:
            assert target in [target_of(files, a.get("href") or "")[0] for a in page(files, path).find_all("a")], path


def extra_source(root: Path) -> None:
    """A third archived source that no check quotes."""
    text = "Третья статья о переговорах в Пхеньяне.\nВторой абзац третьей статьи.\n".encode()
    (root / "seeds" / "extra.txt").write_bytes(text)
    write(
        root,
        "seeds/extra.yaml",
        "title: {ru: Третья статья, en: A third article}\nlanguage: ru\npublished: 2025-11-08\n"
        f"attribution: {{ru: нет, en: none}}\nsha256: {hashlib.sha256(text).hexdigest()}\n",
    )


def test_a_source_no_check_or_event_uses_with_another_has_no_compare_page(tmp_path_factory: pytest.TempPathFactory) -> None:
    root = make_annotated(tmp_path_factory)
    extra_source(root)
    files = build_files(root)
    assert "en/sources/extra/index.html" in files
    assert not [path for path in files if "/compare/" in path and "extra" in path]


# --- build.py compare ---------------------------------------------------------------------------------


def test_the_compare_command_prints_each_aligned_pair_with_its_similarity_and_marks_in_the_editors_language(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", "annotated")
    english = run_cli(root, "compare", UNDATED, NOVEMBER)
    assert english.returncode == 0, english.stderr
    lines = english.stdout.splitlines()
    assert lines[0].startswith("A: ") and lines[0].endswith(f"[{UNDATED}]") and lines[1].endswith(f"[{NOVEMBER}]")
    assert "¶ 6 ↔ ¶ 7 · similarity 57%" in lines and "¶ 8 ↔ ¶ —" in lines
    shared = [line for line in lines if "[shared passage 1:" in line]
    assert [line[:4] for line in shared] == ["  A ", "  B "]
    assert any(line.startswith("  A Ранее стало известно") and line.endswith("[only in this source]") for line in lines)
    russian = run_cli(root, "compare", UNDATED, NOVEMBER, lang="ru")
    assert "¶ 6 ↔ ¶ 7 · сходство 57\u00a0%" in russian.stdout and "[общий фрагмент 1:" in russian.stdout  # CLDR: «57 %»
    completed = run_cli(root, "compare", f"seeds/{UNDATED}.txt", f"./seeds/{NOVEMBER}.yaml")  # the files, as the shell completes them
    assert (completed.returncode, completed.stdout) == (0, english.stdout)


def test_an_unknown_source_is_named_with_the_known_ones_and_the_command_fails_without_a_traceback(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", "annotated")
    for lang, expected in (("en", "there is no source “nope”"), ("ru", "источника «nope» нет")):
        result = run_cli(root, "compare", UNDATED, "nope", lang=lang)
        assert result.returncode == 1 and result.stdout == ""
        assert expected in result.stderr and f"{UNDATED}, {NOVEMBER}" in result.stderr and "Traceback" not in result.stderr
    same = run_cli(root, "compare", UNDATED, UNDATED)
    assert same.returncode == 1 and "given twice" in same.stderr


def test_a_source_archived_but_not_yet_described_is_named_with_what_to_fill_in_without_a_traceback(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", "annotated")
    article = tmp_path / "fresh.txt"
    article.write_text("Заголовок\nПервый абзац новой статьи.\n", encoding="utf-8")
    assert run_cli(root, "new", "source", str(article)).returncode == 0  # its metadata is a skeleton still
    for lang in ("en", "ru"):
        result = run_cli(root, "compare", "fresh", UNDATED, lang=lang)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "seeds/fresh.yaml:" in result.stderr and "there is no source" not in result.stderr
    assert (
        "the source “fresh” is archived but not described yet — fill in seeds/fresh.yaml"
        in run_cli(root, "compare", "fresh", UNDATED).stderr
    )


def test_a_source_whose_text_changed_is_named_as_unreadable_not_as_one_still_to_describe(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project", "annotated")
    text = root / "seeds" / f"{NOVEMBER}.txt"
    text.write_bytes(text.read_bytes().replace("Пхеньян".encode(), "Пхеньн".encode(), 1))  # a typo fixed, or made, by hand
    result = run_cli(root, "compare", UNDATED, NOVEMBER)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert f"the archived text seeds/{NOVEMBER}.txt has changed" in result.stderr
    assert f"the source “{NOVEMBER}” cannot be read — correct its text or its metadata as the lines above say" in result.stderr
    assert "not described yet" not in result.stderr


@pytest.mark.parametrize(
    ("lang", "name", "dated"), [("ru", "Статья от 7 ноября", "Статья от 7 ноября"), ("en", "The news", "The news, 7 November 2025")]
)
def test_a_column_gives_its_sources_date_unless_the_name_holds_it(tmp_path: Path, lang: str, name: str, dated: str) -> None:
    root = make_project(tmp_path / "annotated", "annotated")
    meta = root / "seeds" / f"{NOVEMBER}.yaml"
    names = "{ru: Статья от 7 ноября, en: The news}"  # the Russian name says the day, the English does not
    meta.write_text(meta.read_text(encoding="utf-8") + f"name: {names}\n", encoding="utf-8")
    heads = page(build_files(root), f"{lang}/compare/{PAIR}/index.html").find("div", class_="compare-heads")
    assert heads is not None
    assert [" ".join(p.text().split()) for p in heads.find_all("p")][1] == dated
