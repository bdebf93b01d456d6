"""Editor prose: markdown without raw HTML or unsafe links, site links under the base path."""

from __future__ import annotations

import pytest
from htmltree import parse_html
from markupsafe import Markup

from sverka.inprose import link_mistake
from sverka.prose import in_parts, render_markdown, russian_marked


def test_markdown_renders_emphasis_lists_and_links() -> None:
    doc = parse_html(render_markdown("**bold** and [text](https://example.org/a)\n\n- one\n- two"))
    assert doc.find("strong").text() == "bold"
    link = doc.find("a")
    assert link.get("href") == "https://example.org/a" and link.get("rel") == "noopener"
    assert [li.text() for li in doc.find_all("li")] == ["one", "two"]


def test_raw_html_is_shown_as_text() -> None:
    html = render_markdown('<script>alert(1)</script> <img src=x onerror="alert(1)">')
    doc = parse_html(html)
    assert doc.find("script") is None and doc.find("img") is None
    assert "<script>alert(1)</script>" in doc.text()


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:x",
        "file:///etc/passwd",
    ],
)
def test_unsafe_link_schemes_do_not_become_links(target: str) -> None:
    doc = parse_html(render_markdown(f"[click]({target})"))
    assert doc.find("a") is None


@pytest.mark.parametrize("target", ["https://example.org/", "mailto:corrections@example.org", "tel:+74950000000"])
def test_every_scheme_the_check_accepts_becomes_a_link(target: str) -> None:
    # `check` stays silent on these schemes, so the page must not show the Markdown as typed
    assert link_mistake(target, "en") is None
    doc = parse_html(render_markdown(f"[write]({target})"))
    assert doc.find("a").get("href") == target


def test_site_absolute_links_are_put_under_the_base_path() -> None:
    doc = parse_html(render_markdown("[method](/en/methodology/)", "/repo/"))
    assert doc.find("a").get("href") == "/repo/en/methodology/"


def test_each_cell_of_a_table_is_labelled_with_its_columns_heading_for_the_phone_layout() -> None:
    table = "| What | Undated *article* | `7 Nov` |\n|---|---|---|\n| Date | 6 November | 6 November |\n| Place | Pyongyang | |\n"
    doc = parse_html(render_markdown(table))
    assert doc.find("table").get("role") == "table"
    assert [th.get("role") for th in doc.find_all("th")] == ["columnheader"] * 3
    rows = doc.find("tbody").find_all("tr")
    assert [[td.get("data-label") for td in row.find_all("td")] for row in rows] == [["What", "Undated article", "7 Nov"]] * 2
    assert all(td.get("role") == "cell" for td in doc.find_all("td"))


def test_russian_words_in_english_prose_and_english_words_russian_prose_quotes_are_marked_as_theirs() -> None:
    # WCAG 2.2, 3.1.2 (language of parts): a screen reader reads «Как отмечается» in a Russian voice, not spelled out.
    english = render_markdown("the words “Как отмечается” and **«обсудили»** (discussed), [see](/en/about/)", lang="en")
    assert '“<span lang="ru">Как отмечается</span>”' in english and '<strong>«<span lang="ru">обсудили</span>»</strong>' in english
    assert "<span" not in render_markdown("Слова «Как отмечается» (KCNA), «NIS»", lang="ru")  # a name is read as the text reads
    assert render_markdown("были названы «officers», подпись «KCNA via REUTERS»", lang="ru") == (
        '<p>были названы «<span lang="en">officers</span>», подпись «<span lang="en">KCNA via REUTERS</span>»</p>\n'
    )  # English that Russian text quotes is read in an English voice
    assert render_markdown("a <b> & “Да”", lang="en") == '<p>a &lt;b&gt; &amp; “<span lang="ru">Да</span>”</p>\n'


def test_russian_words_broken_across_two_lines_of_english_prose_are_one_run() -> None:
    assert render_markdown('Both spell “Но\nГван Чоль” and <span lang="ru">\nx', lang="en") == (
        '<p>Both spell “<span lang="ru">Но\nГван Чоль</span>” and &lt;span lang=&quot;ru&quot;&gt;\nx</p>\n'
    )


def test_a_run_of_russian_words_takes_in_the_numbers_between_them_but_not_the_english_texts_own_marks() -> None:
    marked = russian_marked("около 15 тысяч, “Пак Ен Иль”, “Ким Чон Гю”; Путин (1, 2), Ким")
    assert marked == (
        '<span lang="ru">около 15 тысяч</span>, “<span lang="ru">Пак Ен Иль</span>”, “<span lang="ru">Ким Чон Гю</span>”; '
        '<span lang="ru">Путин</span> (1, 2), <span lang="ru">Ким</span>'
    )  # paragraph numbers in brackets are the English text's own, read in an English voice
    assert russian_marked("“около 5000 ‘строителей’”") == '“<span lang="ru">около 5000 ‘строителей</span>’”'  # an inner quote


def test_plain_text_for_a_visible_place_is_escaped_and_html_is_refused() -> None:
    assert in_parts("a <b> & «Да»", "en") == 'a &lt;b&gt; &amp; «<span lang="ru">Да</span>»'
    assert in_parts("a <b> & «Да»", "ru") == "a &lt;b&gt; &amp; «Да»"
    with pytest.raises(TypeError):  # its tags would be searched for Russian words: <a title="Да"> would break
        in_parts(Markup('<a title="Да">x</a>'), "en")


@pytest.mark.parametrize(
    ("text", "lang", "tied"),
    [
        ("Статья от 7 ноября — и договор", "ru", "Статья от 7\u00a0ноября\u00a0— и договор"),
        ("The 7 November article — in its **own** words", "en", "The 7\u00a0November article\u00a0— in its own words"),
        ("в 2024 году, 15 000 человек, 1.5 мая", "ru", "в 2024 году, 15 000 человек, 1.5 мая"),  # no day, no dash: left as typed
        ("слова ЦТАК —\nэто одно сообщение", "ru", "слова ЦТАК\u00a0—\nэто одно сообщение"),  # a dash ending a source line
        ("слова ЦТАК\n— это одно сообщение", "ru", "слова ЦТАК\u00a0— это одно сообщение"),  # or opening one
    ],
)
def test_a_line_never_starts_with_a_dash_or_parts_a_day_from_its_month(text: str, lang: str, tied: str) -> None:
    if "\n" not in text:  # a field of plain text is one line
        assert parse_html(str(in_parts(text.replace("**", ""), lang))).text() == tied
    assert parse_html(str(render_markdown(text, lang=lang))).text().strip() == tied
