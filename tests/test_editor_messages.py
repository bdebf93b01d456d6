"""Messages an editor can act on: YAML mistakes in plain words in both languages, one message per mistake, the
verdict scale in order with a suggestion, corrections announced by `updated:`, and an honest `check` summary."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, problems_of, run_cli, write
from htmltree import parse_html

import build
from sverka.errorpage import render_error_page
from sverka.kinds import CLAIM as CLAIM_KIND
from sverka.problems import Problem, ProblemsFound

CLAIM = "content/claims/talks-date.yaml"
CLAIM_FIELDS = tuple(CLAIM_KIND.fields)
"""A claim's fields, as the message on an unknown one lists them."""


def edit(root: Path, old: str, new: str, path: str = CLAIM) -> None:
    """Replace one exact piece of a fixture file."""
    file = root / path
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def found(root: Path) -> list[Problem]:
    """The errors a build of `root` stops on."""
    with pytest.raises(ProblemsFound) as stopped:
        build.build_site(root)
    return [problem for problem in stopped.value.problems if problem.severity == "error"]


# ---- YAML syntax in plain words ---------------------------------------------------------------------

SYNTAX = [
    # (old text, new text, line:column, English message, the start of the Russian one)
    (
        "  en: Both articles give the same date.",
        "  en: Both articles: the same date.",
        "12:20",
        "a colon followed by a space inside a value without quotes reads as a new field — put the whole value in double quotes",
        "двоеточие с пробелом внутри значения без кавычек",
    ),
    (
        "  en: The talks in Pyongyang",
        " en: The talks in Pyongyang",
        "3:2",
        "this line is indented differently from the fields above it — indent it as much as the fields it belongs with, using spaces",
        "отступ этой строки не совпадает",
    ),
    (
        "  en: The talks in Pyongyang",
        "   en: The talks in Pyongyang",
        "3:6",
        "YAML reads this line as the rest of the value above, so its colon is out of place — indent a field as much as "
        "the fields beside it, or put a value that holds a colon in double quotes",
        "YAML читает эту строку как продолжение значения выше",
    ),
    (
        "    source: 000_65c26eebc33d0df9",
        "   source: 000_65c26eebc33d0df9",
        "22:4",
        "this line does not line up with the list above — begin a new item with “- ”, or indent the line as much as the first "
        "field of its item",
        "эта строка не выровнена со списком выше",
    ),
    (
        "verdict: confirmed",
        'verdict: "confirmed',
        "9:10",
        'the quote " that opens this value is never closed — add " at the end of the value',
        'кавычка ", которой начинается это значение, нигде не закрыта',
    ),
    (
        "  en: Both articles give the same date.",
        '  en: "Both articles give "the same" date."',
        "12:28",
        "the value goes on after its closing quote — put the whole value in quotes, and write a quote mark that is part of the "
        "text as \\\" inside \"…\" or as '' inside '…'",
        "значение продолжается после закрывающей кавычки",
    ),
    (
        "tags: [dates]",
        "tags: [dates",
        "30:7",
        "this “[” is never closed — close it with “]” after the last item",
        "скобка «[» нигде не закрыта",
    ),
    (
        "tags: [dates]",
        "tags: [dates,",  # the file ends where an item should follow
        "30:7",
        "this “[” is never closed — close it with “]” after the last item",
        "скобка «[» нигде не закрыта",
    ),
    (
        "claimant: {ru: Обе статьи, en: Both articles}",
        "claimant: {ru: Обе: статьи, en: Both articles}",
        "7:19",
        "a colon followed by a space inside a value reads as a new field — add the comma missing before the next field, "
        "or put the value in double quotes",
        "двоеточие с пробелом внутри значения читается как начало нового поля — поставьте недостающую запятую",
    ),
    (
        "  ru: Обе статьи называют",
        "\tru: Обе статьи называют",
        "11:1",
        "a tab character — YAML indents with spaces only: replace the tab with spaces",
        "символ табуляции",
    ),
    (
        "  en: Both articles give",
        "  en:Both articles give",
        "12:5",
        "a colon needs a space after it — write “name: value”",
        "после двоеточия нужен пробел",
    ),
    (
        "  en: Both articles give",
        "  en: Both articles\x07 give",
        "12:20",
        "an invisible control character (U+0007) that YAML does not allow — delete it, retyping the text around the caret",
        "невидимый управляющий символ (U+0007)",
    ),
    (
        "verdict: confirmed",
        "<<<<<<< HEAD\nverdict: confirmed\n=======\nverdict: imprecise\n>>>>>>> other-branch",  # git merged two edits
        "9:1",
        "an unresolved merge conflict: keep one version of the lines between <<<<<<< and >>>>>>> and delete the "
        "<<<<<<<, ======= and >>>>>>> lines",
        "неразрешённый конфликт слияния",
    ),
    (
        "verdict: confirmed",
        "verdict: confirmed\n=======",  # a conflict resolved by hand, its middle marker left behind
        "10:1",
        "an unresolved merge conflict: keep one version of the lines between <<<<<<< and >>>>>>> and delete the "
        "<<<<<<<, ======= and >>>>>>> lines",
        "неразрешённый конфликт слияния",
    ),
    (
        "verdict: confirmed",
        "verdict:\u00a0confirmed",  # a no-break space pasted after the colon
        "9:9",
        "an invisible character (no-break space, U+00A0) where YAML needs an ordinary space or nothing — delete it, "
        "retyping the text around the caret",
        "невидимый знак (U+00A0) там, где YAML ждёт обычный пробел",
    ),
    (
        "  en: The talks in Pyongyang",
        " \u00a0en: The talks in Pyongyang",
        "3:2",
        "an invisible character (no-break space, U+00A0) where YAML needs an ordinary space or nothing — delete it, "
        "retyping the text around the caret",
        "невидимый знак (U+00A0) там, где YAML ждёт обычный пробел",
    ),
    (
        "  en: Both articles give the same date.",
        "  en: Both articles give\n    6\u00a0November: the same date.",  # a no-break space in prose is no mistake
        "13:15",
        "YAML reads this line as the rest of the value above, so its colon is out of place — indent a field as much as "
        "the fields beside it, or put a value that holds a colon in double quotes",
        "YAML читает эту строку как продолжение значения выше",
    ),
    (
        "en: Both articles}",
        "en: @Both articles}",
        "7:32",
        "YAML gives “@” a special meaning at the start of a value — put the value in quotes",
        "знак «@» в начале значения",
    ),
    (
        "  en: Both articles give the same date.",
        "  en: [Both articles](/en/about/) give the same date.",  # a Markdown link opening the value
        "12:7",
        "a value that begins with “[” is read as a list, and the text after the “]” breaks it — put the whole value in "
        "double quotes, or write `>-` here and the text on the next line, indented",
        "значение, которое начинается с «[», читается как список",
    ),
]


@pytest.mark.parametrize(("old", "new", "where", "english", "russian"), SYNTAX, ids=[case[1].strip()[:24] for case in SYNTAX])
def test_a_yaml_mistake_is_one_plain_sentence_in_each_language_at_the_place_to_fix(
    project: Path, old: str, new: str, where: str, english: str, russian: str
) -> None:
    edit(project, old, new)
    [problem] = found(project)
    assert (f"{problem.line}:{problem.column}", problem.message("en")) == (where, english)
    assert problem.message("ru").startswith(russian)
    assert not re.search(r"[A-Za-z]{4,} [a-z]{4,} [a-z]{4,}", problem.message("ru").replace("YAML", "")), "English words in Russian"


@pytest.mark.parametrize(
    ("old", "new", "shown"),
    [
        ("verdict: confirmed", "verd\u200bict: confirmed", "verd[U+200B]ict"),  # a field's name
        ("verdict: confirmed", "verdict: confirmed\u200b", "confirmed[U+200B]"),  # a verdict
        ("tags: [dates]", "tags: [dates\u00a0]", "dates[U+00A0]"),  # an id
        ("  en: The talks in Pyongyang", "  \u00a0 en: The talks in Pyongyang", "[U+00A0] en"),  # a language
    ],
)
def test_an_invisible_character_in_a_name_is_shown_where_it_stands(project: Path, old: str, new: str, shown: str) -> None:
    edit(project, old, new)
    messages = [problem.message("en") for problem in found(project)]
    assert any(
        m.startswith(f"“{shown}” holds an invisible character, ") and m.endswith(" — delete it and retype the name") for m in messages
    ), messages
    assert len(messages) == 2, messages  # beside the name not known, which looks like one that is


def test_a_yaml_mistake_keeps_the_offending_line_and_the_caret_in_the_terminal(project: Path) -> None:
    edit(project, "  en: Both articles give the same date.", "  en: Both articles: the same date.")
    result = run_cli(project, "check", lang="ru")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{CLAIM}:12:20: двоеточие с пробелом"))
    assert lines[index + 1 : index + 3] == ["      en: Both articles: the same date.", "                       ^"]
    assert "mapping values" not in result.stderr


def test_a_rare_yaml_error_still_names_the_place_in_the_librarys_words(project: Path) -> None:
    edit(project, "tags: [dates]", "tags: [dates, , x]")
    assert problems_of(project) == [
        f"{CLAIM}:30:15: YAML syntax error: while parsing a flow node did not find expected node content — "
        "check indentation, colons and quotes on this line or the one above"
    ]


# ---- one mistake, one message -----------------------------------------------------------------------


@pytest.mark.parametrize(("written", "where"), [("tags: [dates, figurez]", "30:15"), ("tags:\n  - dates\n  - figurez", "32:5")])
def test_an_unknown_id_in_a_list_is_told_at_its_item(project: Path, written: str, where: str) -> None:
    edit(project, "tags: [dates]", written)
    [problem] = found(project)
    assert (f"{problem.line}:{problem.column}", problem.message("en").split(" — ")[0]) == (where, "unknown tag “figurez”")


def test_a_control_character_written_as_an_escape_is_refused_at_its_text(project: Path) -> None:
    edit(project, "  en: The talks in Pyongyang took place on 6 November", '  en: "The talks\\e in Pyongyang took place on 6 November"')
    [problem] = found(project)
    assert (problem.line, problem.column) == (3, 7)
    assert problem.message("en") == "“headline.en” holds an invisible control character (U+001B) — delete the escape that writes it"


@pytest.mark.parametrize("empty", ["null", '""', ""])
def test_an_empty_choice_lists_the_values_it_takes(project: Path, empty: str) -> None:
    edit(project, "verdict: confirmed", f"verdict: confirmed\nstatus: {empty}".rstrip())
    [problem] = found(project)
    assert (problem.line, problem.message("en")) == (10, "“status” is empty — use one of: draft, review, published")


@pytest.mark.parametrize("written", ["yes", "on", "1", "Draft"])
def test_a_choice_yaml_reads_as_another_kind_lists_the_values_it_takes(project: Path, written: str) -> None:
    edit(project, "verdict: confirmed", f"verdict: confirmed\nstatus: {written}")
    [problem] = found(project)
    assert (problem.line, problem.message("en")) == (10, f"“{written}” is not allowed in “status” — use one of: draft, review, published")


@pytest.mark.parametrize("written", ["Published", "Draft", "publish", "Search"])
def test_what_the_editor_wrote_is_quoted_as_written_in_either_language_though_the_catalogs_translate_the_word(
    project: Path, written: str
) -> None:
    # the catalogs translate “Published” (a label of the site): a value of the editor's is never looked up in them
    edit(project, "tags: [dates]", f"tags: [dates, {written.lower()}]")
    [tag] = found(project)
    assert tag.message("ru").startswith(f"неизвестная метка «{written.lower()}» — ")
    edit(project, "verdict: confirmed", f"verdict: confirmed\nstatus: {written}")
    [status] = found(project)
    assert status.message("ru") == f"«{written}» недопустимо в «status» — используйте одно из: draft, review, published"


def test_markdown_the_site_would_not_render_as_meant_is_a_warning_at_its_line(project: Path) -> None:
    summary = "  en: |\n    ## Our reading\n\n    The articles <b>agree</b>[^1].\n\n    [^1]: A note.\n"
    edit(project, "  en: The articles **agree** on the date.\n", summary)
    _, problems = build.build_site(project)
    assert [f"{p.line}:{p.column}: {p.message('en').split(' — ')[0]}" for p in problems.warnings if p.path == CLAIM] == [
        "16:5: a heading of level 2 competes with the page's own headings here",
        "18:18: HTML shows on the page as typed",
        "18:30: footnotes are not supported and show as typed",
    ]


def test_a_code_block_an_indent_or_fence_makes_is_a_warning_at_it_and_an_item_going_on_is_not(project: Path) -> None:
    summary = (
        "  en: |\n    The articles agree.\n\n        Indented by mistake.\n\n    - A list item\n\n"
        "      goes on here.\n\n    ```\n    fenced\n    ```\n"
    )
    edit(project, "  en: The articles **agree** on the date.\n", summary)
    files, problems = build.build_site(project)
    assert [f"{p.line}:{p.column}: {p.message('en')}" for p in problems.warnings if p.path == CLAIM] == [
        f"{line}:{column}: this shows as code, in a fixed-width font with its lines as typed: a line indented by four spaces "
        "or more, or set between ``` marks, is code in Markdown — write it as a paragraph: indented as the text around it, "
        "with no ``` marks"
        for line, column in ((18, 9), (24, 5))
    ]
    assert [" ".join(pre.text().split()) for pre in parse_html(files["en/claims/talks-date/index.html"]).find_all("pre")] == [
        "Indented by mistake.",
        "fenced",
    ]  # shown as the Markdown says, and told


def test_a_one_word_footnote_shows_as_typed_as_its_warning_says_not_as_a_link(project: Path) -> None:
    summary = "  en: |\n    The articles agree[^1] ([see][about]).\n\n    [^1]: TASS.\n    [about]: /en/about/\n"
    edit(project, "  en: The articles **agree** on the date.\n", summary)
    files, problems = build.build_site(project)
    assert [p.message("en").split(" — ")[0] for p in problems.warnings if p.path == CLAIM] == [
        "footnotes are not supported and show as typed"
    ]  # CommonMark reads “[^1]: TASS.” as a link's definition: no relative address “TASS.” is told, none is made
    section = parse_html(files["en/claims/talks-date/index.html"]).find("section", class_="summary")
    assert section is not None and "[^1]: TASS." in section.text() and "[about]" not in section.text()
    assert [a.get("href") for a in section.find_all("a")] == ["/en/about/"]  # a link's definition after the note still is one


def summary_link_warnings(project: Path, summary: str) -> list[str]:
    """The warnings told at the claim once its English summary is `summary`, as `path:line:column: message`."""
    edit(project, "  en: The articles **agree** on the date.", f"  en: {summary}")
    _, problems = build.build_site(project)
    return [f"{p.place}: {p.message('en')}" for p in problems.warnings if p.path == CLAIM]


def test_a_link_to_the_other_languages_page_or_a_relative_address_is_a_warning_at_the_link(project: Path) -> None:
    summary = "See [the date](/ru/claims/talks-date/) and [this](claims/talks-date/), [again](/ru/claims/talks-date/)."
    assert summary_link_warnings(project, summary) == [
        f"{CLAIM}:15:22: the text in “en” links to /ru/claims/talks-date/, a page in “ru” — link /en/claims/talks-date/",
        f"{CLAIM}:15:57: claims/talks-date/ is a relative address, which leads elsewhere from each page — "
        "write it from the site's root: /en/…",
        f"{CLAIM}:15:86: the text in “en” links to /ru/claims/talks-date/, a page in “ru” — link /en/claims/talks-date/",
    ]  # the same mistake twice in one text: told at each place


def test_a_link_copied_from_the_previews_address_bar_is_a_warning_that_stops_a_strict_build(project: Path) -> None:
    summary = (
        "See [the date](http://127.0.0.1:8000/en/claims/talks-date/), [home](http://localhost:8000/en/) and [rbc](https://www.rbc.ru/)."
    )
    assert summary_link_warnings(project, summary) == [
        f"{CLAIM}:15:22: http://127.0.0.1:8000/en/claims/talks-date/ leads to a computer of the editor's (the preview, say), which no "
        "reader can open — link this site's page from its root, /en/…, or a page of the web, https://…",
        f"{CLAIM}:15:75: http://localhost:8000/en/ leads to a computer of the editor's (the preview, say), which no "
        "reader can open — link this site's page from its root, /en/…, or a page of the web, https://…",
    ]
    strict = run_cli(project, "check", "--strict", lang="ru")
    assert strict.returncode == 1 and "ведёт на компьютер редакции" in strict.stderr


def test_a_link_beginning_with_two_slashes_is_a_warning_that_it_leads_to_another_site(project: Path) -> None:
    assert summary_link_warnings(project, "See [the date](//en/claims/talks-date/).") == [
        f"{CLAIM}:15:22: //en/claims/talks-date/ begins with two slashes, so a browser takes what follows for the name of "
        "another site — write this site's page with one, /en/…, or a page of the web in full, https://…"
    ]


def test_a_link_the_site_cannot_make_or_that_is_not_one_is_a_warning_at_it(project: Path) -> None:
    text = "[a](javascript:alert(1)) [b](C:\\doc.pdf) [c]() [d](/en/about us/) [e] (/en/about/) [f][1] [sic] [g](/en/about/)"
    text += " [the troops] (about 10,000) [sic] (so in the text) [1][2] \\[h\\] \\(/en/about/\\) [^1] (a note)"
    edit(project, "  en: The articles **agree** on the date.", f"  en: |\n    {text}")
    _, problems = build.build_site(project)
    assert [f"{p.line}:{p.column}: {p.message('en').split(' — ')[0]}" for p in problems.warnings if p.path == CLAIM] == [
        "16:9: javascript:alert(1) is not an address a reader can open from the site (the page shows no link, or a broken one)",
        "16:34: C:\\doc.pdf is not an address a reader can open from the site (the page shows no link, or a broken one)",
        "16:50: the link has no address, so it leads back to this page",
        "16:52: “[d](/en/about us/)” shows on the page as typed, not as a link",
        "16:71: “[e] (/en/about/)” shows on the page as typed, not as a link",
        "16:196: footnotes are not supported and show as typed",
    ]  # editorial brackets with no address after them, citation numbers and escaped brackets are no link


def test_a_phone_link_written_with_spaces_or_brackets_is_a_warning_that_it_shows_as_typed(project: Path) -> None:
    summary = "Call [us](tel:+7 495 000-00-00) or [here](tel:+7 (495) 000-00-00), not [there](tel:+74950000000)."
    assert [warning.split(" — ")[0] for warning in summary_link_warnings(project, summary)] == [
        f"{CLAIM}:15:12: “[us](tel:+7 495 000-00-00)” shows on the page as typed, not as a link",
        f"{CLAIM}:15:42: “[here](tel:+7 (495) 000-00-00)” shows on the page as typed, not as a link",
    ]


def test_a_link_without_words_is_a_warning_at_its_address(project: Path) -> None:
    text = "See [](/en/about/), [ ](https://example.org/) and [**](/en/about/)."  # the last shows its marks: words enough
    assert summary_link_warnings(project, text) == [
        f"{CLAIM}:15:14: the link to /en/about/ has no words, so the page shows nothing to follow — "
        "write them in the brackets: [words](/en/about/)",
        f"{CLAIM}:15:31: the link to https://example.org/ has no words, so the page shows nothing to follow — "
        "write them in the brackets: [words](https://example.org/)",
    ]


def test_a_link_missing_a_bracket_is_a_warning_at_it(project: Path) -> None:
    text = "See [the date](/en/about/ and [the source(https://example.org/a) or [fine](/en/about/) (here)"
    text += " [see the note (#evidence-q1) below] [so (https://example.org/b)]."  # editorial brackets: no link meant
    edit(project, "  en: The articles **agree** on the date.", f"  en: {text}")
    _, problems = build.build_site(project)
    assert [f"{p.line}:{p.column}: {p.message('en')}" for p in problems.warnings if p.path == CLAIM] == [
        "15:11: “[the date](/en/about/” shows on the page as typed, not as a link — a bracket is missing: write [words](address)",
        "15:37: “[the source(https://example.org/a)” shows on the page as typed, not as a link — a bracket is missing: "
        "write [words](address)",
    ]


def test_a_text_whose_languages_were_swapped_is_a_warning_at_its_field(project: Path) -> None:
    russian, english = "Переговоры в Пхеньяне прошли 6 ноября", "The talks in Pyongyang took place on 6 November"
    edit(project, f"headline:\n  ru: {russian}\n  en: {english}", f"headline:\n  ru: {english}\n  en: {russian}")
    _, problems = build.build_site(project)
    assert [f"{p.line}: {p.message('en')}" for p in problems.warnings if p.path == CLAIM] == [
        "2: `headline` has English under `ru:` and Russian under `en:` — swap the two texts"
    ]
    assert problems.warnings[0].message("ru") == "в `headline` под `ru:` английский текст, а под `en:` русский — поменяйте их местами"


def test_markdown_in_a_plain_text_field_is_a_warning_at_its_first_mark(project: Path) -> None:
    edit(project, "  en: Both articles give the same date.", "  en: Both articles give **the same** date ([q1](#evidence-q1)).")
    _, problems = build.build_site(project)
    assert [f"{p.line}:{p.column}: {p.message('en')}" for p in problems.warnings if p.path == CLAIM] == [
        "12:26: “**the same**” shows on the page as typed: this field is plain text, not Markdown — write it without the marks"
    ]  # the summary's “**agree**” is Markdown, as its field is


def test_a_misspelt_field_name_gets_only_the_did_you_mean_message(project: Path) -> None:
    edit(project, "explanation:", "explanaton:")
    [problem] = found(project)
    assert (problem.line, problem.column) == (10, 1)
    assert problem.message("en") == "unknown field “explanaton” — did you mean “explanation”?"
    assert problem.message("ru") == "неизвестное поле «explanaton» — может быть, «explanation»?"


def test_an_unknown_field_unlike_any_still_leaves_the_missing_field_reported(project: Path) -> None:
    edit(project, "explanation:", "reasoning:")
    assert problems_of(project) == [
        f"{CLAIM}:1:1: missing field “explanation” (one or two sentences: why this verdict) — add it",
        f"{CLAIM}:10:1: unknown field “reasoning” — the fields allowed here are: {', '.join(CLAIM_FIELDS)}",
    ]
    assert CLAIM_FIELDS[:3] == ("headline", "claim", "claimant")  # in the order of the field table (sverka.kinds)


def test_a_misspelt_language_suggests_the_language_it_leaves_missing(project: Path) -> None:
    edit(project, "claimant: {ru: Обе статьи, en: Both articles}", "claimant: {ru: Обе статьи, eng: Both articles}")
    assert problems_of(project) == [f"{CLAIM}:7:28: unknown language “eng” in “claimant” — did you mean “en”?"]


def test_a_comma_in_a_value_written_on_one_line_is_told_with_the_value_quoted(project: Path) -> None:
    # the comma ends `ru`'s value and YAML reads the rest as a key: the language list's complaint would mislead
    edit(project, "claimant: {ru: Обе статьи, en: Both articles}", "claimant: {ru: Обе статьи, ЦТАК, en: Both articles}")
    assert problems_of(project) == [
        f"{CLAIM}:7:28: a comma ends the value before it here, so “ЦТАК” was read as a field of its own — put that value in quotes: "
        '`ru: "Обе статьи, ЦТАК"`'
    ]


# ---- the verdict scale ------------------------------------------------------------------------------

LOWEST = "  - key: awaiting\n    rating: 0\n    label: {ru: Ждёт проверки, en: Awaiting}\n    definition: {ru: Ещё нет., en: Not yet.}\n"
SCALE_EN = "confirmed (Confirmed); disputed (Sources disagree); awaiting (Awaiting)"
SCALE_RU = "confirmed (Подтверждено); disputed (Источники расходятся); awaiting (Ждёт проверки)"


@pytest.fixture
def scale(project: Path) -> Path:
    """The fixture project with a third verdict at the bottom of its scale (first in alphabetical order)."""
    (project / "content/verdicts.yaml").write_text(
        (project / "content/verdicts.yaml").read_text(encoding="utf-8") + LOWEST, encoding="utf-8"
    )
    return project


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("confimred", "confirmed"),
        ("Disputd", "disputed"),
        ("sources disagree", "disputed"),
        ("Источники расходятся", "disputed"),
        ("disagree", "disputed"),  # every word typed is the label's
        ("Ждёт", "awaiting"),
    ],
)
def test_an_unknown_verdict_suggests_the_nearest_by_key_or_label_and_lists_the_scale_in_order(
    scale: Path, written: str, meant: str
) -> None:
    edit(scale, "verdict: confirmed", f"verdict: {written}")
    [problem] = found(scale)
    labels = {
        "confirmed": ("Confirmed", "Подтверждено"),
        "disputed": ("Sources disagree", "Источники расходятся"),
        "awaiting": ("Awaiting", "Ждёт проверки"),
    }[meant]
    assert (problem.line, problem.column) == (9, 10)
    assert problem.message("en") == (
        f"unknown verdict “{written}” — did you mean “{meant}” ({labels[0]})? The scale in content/verdicts.yaml, best to worst: {SCALE_EN}"
    )
    assert problem.message("ru") == (
        f"неизвестный вердикт «{written}» — может быть, «{meant}» ({labels[1]})? Шкала в content/verdicts.yaml от лучшего к худшему: "
        f"{SCALE_RU}"
    )


@pytest.mark.parametrize("written", ["xyz", "undisputed", "sources-agree", "sources-agre", "не подтверждено", "Published"])
def test_a_verdict_like_none_names_the_scale_file_and_lists_it_in_order_with_labels(scale: Path, written: str) -> None:
    # a verdict removed from the scale, or its opposite (“undisputed”), is not a slip of the keyboard: no suggestion
    edit(scale, "verdict: confirmed", f"verdict: {written}")
    [problem] = found(scale)
    assert problem.message("en") == (
        f"unknown verdict “{written}” — the scale in content/verdicts.yaml has no such key; its keys, best to worst: {SCALE_EN}"
    )
    assert problem.message("ru") == (
        f"неизвестный вердикт «{written}» — в шкале content/verdicts.yaml нет такого ключа; её ключи от лучшего к худшему: {SCALE_RU}"
    )


def test_a_verdict_key_given_twice_is_the_one_error_told_not_every_claim_of_the_other_verdict(project: Path) -> None:
    edit(project, "  - key: confirmed", "  - key: disputed", path="content/verdicts.yaml")  # the fixture's claim is confirmed
    assert problems_of(project) == ["content/verdicts.yaml:6:5: duplicate verdict key “disputed” (first at line 2) — keys must be unique"]


# ---- check's summary --------------------------------------------------------------------------------


def without_discrepancies(project: Path) -> Path:
    """The fixture claim quoting two sources without saying whether they agree: one warning."""
    text = (project / CLAIM).read_text(encoding="utf-8")
    write(project, CLAIM, text[: text.index("discrepancies:")] + text[text.index("published:") :])
    return project


@pytest.mark.parametrize(
    ("lang", "count", "clean", "closing"),
    [
        ("en", "0 errors, 1 warning", "No problems found.", "No errors; the warnings above stop only `check --strict`."),
        (
            "ru",
            "0 ошибок, 1 предупреждение",
            "Проблем не найдено.",
            "Ошибок нет; предупреждения выше останавливают только `check --strict`.",
        ),
    ],
)
def test_check_never_says_no_problems_under_a_warning(project: Path, lang: str, count: str, clean: str, closing: str) -> None:
    result = run_cli(without_discrepancies(project), "check", lang=lang)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert lines[-2:] == [count, closing]
    assert clean not in result.stderr


# ---- corrections ------------------------------------------------------------------------------------

CORRECTION = "corrections:\n  - date: {day}\n    note: {{ru: Исправлена дата., en: The date was corrected.}}\n"


def corrected(project: Path, day: str, updated: str | None) -> Path:
    """The fixture claim (published 2026-11-21) with one correction, and `updated:` if given."""
    extra = CORRECTION.format(day=day) + (f"updated: {updated}\n" if updated else "")
    edit(project, "tags: [dates]\n", "tags: [dates]\n" + extra)
    return project


def test_a_correction_without_updated_is_an_error_at_its_date(project: Path) -> None:
    [problem] = found(corrected(project, "2026-12-01", None))
    assert (problem.path, problem.line, problem.column) == (CLAIM, 32, 11)
    assert problem.message("en") == (
        "a correction needs the claim's `updated:` date — add `updated: 2026-12-01` so that readers see the claim was updated"
    )
    assert problem.message("ru") == (
        "исправлению нужна дата `updated:` у проверки — добавьте `updated: 2026-12-01`, чтобы читатели видели, что проверка обновлена"
    )


def test_a_correction_later_than_updated_is_an_error(project: Path) -> None:
    assert problems_of(corrected(project, "2026-12-01", "2026-11-25")) == [
        f"{CLAIM}:32:11: the correction of 2026-12-01 is later than `updated: 2026-11-25` — "
        "set `updated: 2026-12-01` so that readers see it"
    ]


def test_a_correction_before_publication_is_an_error(project: Path) -> None:
    [problem] = found(corrected(project, "2026-11-01", "2026-12-01"))
    assert (problem.line, problem.column) == (32, 11)
    assert problem.message("en") == "the correction is dated 2026-11-01, before the claim was published (2026-11-21) — check its date"
    assert problem.message("ru") == "исправление датировано 2026-11-01, раньше публикации проверки (2026-11-21) — проверьте дату"


def test_an_update_before_publication_is_an_error_at_updated(project: Path) -> None:
    edit(project, "tags: [dates]\n", "tags: [dates]\nupdated: 2026-11-20\n")
    assert problems_of(project) == [
        f"{CLAIM}:31:10: `updated: 2026-11-20` is before `published: 2026-11-21` — "
        "a check is updated after it is published: correct either date"
    ]


def test_corrections_out_of_order_are_an_error_at_the_later_listed(project: Path) -> None:
    corrected(project, "2026-12-03", "2026-12-03")
    edit(project, "corrections:\n", "corrections:\n" + CORRECTION.format(day="2026-12-02").removeprefix("corrections:\n"))
    text = (project / CLAIM).read_text(encoding="utf-8")
    assert text.index("2026-12-02") < text.index("2026-12-03")
    edit(project, "2026-12-02", "2026-12-04")
    edit(project, "updated: 2026-12-03", "updated: 2026-12-04")
    assert [p.split(": ", 1)[1] for p in problems_of(project)] == [
        "the correction of 2026-12-03 is listed after the one of 2026-12-04 — list corrections oldest first"
    ]


def test_an_id_listed_twice_is_an_error_at_the_second(project: Path) -> None:
    edit(project, "tags: [dates]", "tags: [dates, dates]")
    edit(project, "    quotes: [q1, q2]", "    quotes: [q1, q2, q1]")
    assert problems_of(project) == [
        f"{CLAIM}:27:22: “q1” is listed twice in “discrepancies[1].quotes” (first at line 27) — list it once",
        f"{CLAIM}:30:15: “dates” is listed twice in “tags” (first at line 30) — list it once",
    ]


def test_a_standing_page_named_like_a_section_of_the_site_is_told_at_its_file(project: Path) -> None:
    write(project, "content/pages/claims.yaml", (project / "content/pages/about.yaml").read_text(encoding="utf-8"))
    assert problems_of(project) == [
        "content/pages/claims.yaml:1:1: the name “claims” is the address of one of the site's own pages (/…/claims/) — rename the file"
    ]  # once, though both languages' pages would collide


def test_a_correction_announced_by_updated_builds_and_shows_the_update(project: Path) -> None:
    files, _ = build.build_site(corrected(project, "2026-12-01", "2026-12-01"))
    dates = parse_html(files["en/claims/talks-date/index.html"]).find_all("time", datetime="2026-12-01")
    assert len(dates) == 2, "the update and the correction, each with its date"
    feed = files["en/feed.xml"].decode("utf-8")
    assert "<updated>2026-12-01T00:00:00Z</updated>" in feed


# ---- the preview's error page -----------------------------------------------------------------------


def quote_mismatch_page(project: Path) -> bytes:
    """The preview's error page for a quote that is not in its source (the message lists the closest passage)."""
    edit(project, "Встреча военных двух диктатур состоялась", "Встреча военных двух стран состоялась")
    return render_error_page(project, tuple(found(project)), 1, "en", "/en/")


def test_the_error_page_shows_a_quotes_closest_passage_as_a_preformatted_block(project: Path) -> None:
    [item] = parse_html(quote_mismatch_page(project)).find_all("li", class_="problem")
    message, detail = item.find("p", class_="message"), item.find("pre", class_="detail")
    assert message is not None and message.text().startswith("the quote is not in source 001_36549a97ad93da46 — copy it exactly")
    assert detail is not None
    source, quote = detail.text().splitlines()
    assert source.startswith("source: Встреча военных двух ⟦") and quote.startswith("quote:  Встреча военных двух ⟦")


def test_a_problem_with_a_whole_file_is_placed_by_its_path_alone_in_the_terminal_and_on_the_error_page(project: Path) -> None:
    whole = Problem("templates/base.html", 0, 0, "the file cannot be read")
    located = Problem(CLAIM, 3, 5, "a problem at a place")
    assert whole.format(project).startswith("templates/base.html: the file cannot be read")
    page = parse_html(render_error_page(project, (whole, located), 1, "en", "/en/"))
    assert [code.text() for code in page.find_all("code", class_="location")] == [f"{CLAIM}:3:5", "templates/base.html"]


def test_the_error_page_labels_a_warning_and_a_note_as_the_terminal_does(project: Path) -> None:
    error = Problem(CLAIM, 1, 1, "an error")
    warned = Problem(CLAIM, 2, 1, "a warning", severity="warning")
    noted = Problem(CLAIM, 3, 1, "a note", severity="notice")
    for lang, labels in (("en", ["", " · warning", " · note"]), ("ru", ["", " · предупреждение", " · замечание"])):
        page = parse_html(render_error_page(project, (error, warned, noted), 1, lang, f"/{lang}/"))
        metas = [meta.text().strip() for meta in page.find_all("p", class_="meta")]
        assert [meta.removeprefix(f"{CLAIM}:{n}:1") for n, meta in enumerate(metas, 1)] == labels
        assert noted.format(project, lang).split(": ")[1] == labels[2].removeprefix(" · ")  # the terminal's word


def test_the_error_page_lists_the_errors_first_and_offers_the_last_good_page_only_when_there_is_one(project: Path) -> None:
    warned, error = Problem("content/a.yaml", 2, 1, "a warning", severity="warning"), Problem("content/b.yaml", 1, 1, "an error")
    page = parse_html(render_error_page(project, (warned, error), 1, "en", "/en/"))
    assert [code.text() for code in page.find_all("code", class_="location")] == ["content/b.yaml:1:1", "content/a.yaml:2:1"]
    assert page.find("a", class_="last-good") is None  # no build has left /en/ in site/ yet
    write(project, "site/en/index.html", "<!doctype html><title>kept</title>")
    assert parse_html(render_error_page(project, (error,), 1, "en", "/en/")).find("a", class_="last-good") is not None


def measure_error_page(chromium: object, page: str, stylesheet: str) -> tuple[int, int, int, int]:
    """At phone width: the page's scroll and window widths, the passage block's height and its line height."""
    tab = chromium.new_page(viewport={"width": 320, "height": 640})  # type: ignore[attr-defined]
    tab.set_content(page)
    tab.add_style_tag(content=stylesheet)
    sizes = tab.evaluate(
        "() => { const d = document.querySelector('.detail'), s = getComputedStyle(d);"
        " return [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " d.getBoundingClientRect().height, parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.2]; }"
    )
    tab.close()
    return tuple(round(size) for size in sizes)  # type: ignore[return-value]


@pytest.mark.slow
def test_the_error_page_wraps_a_long_passage_on_a_phone_instead_of_overflowing(project: Path, browser: object) -> None:
    stylesheet = (REPO / "templates/static/style.css").read_text(encoding="utf-8")
    page = quote_mismatch_page(project).decode("utf-8")
    scroll, window, block, line = browser.run(measure_error_page, page, stylesheet)  # type: ignore[attr-defined]
    assert scroll <= window
    assert block >= 3 * line, "two lines of passage, wrapped at 320 px"


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("{{ nothing.here }}", "“nothing” is not defined here — correct the name, or give it a value before this line"),
        ("{{ 1 // 0 }}", "template error: ZeroDivisionError: integer division or modulo by zero"),
    ],
)
def test_an_error_while_a_template_renders_is_one_message_at_its_line_and_the_site_stays(
    project: Path, expression: str, reason: str
) -> None:
    assert run_cli(project, "--no-search").returncode == 0
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    template = project / "templates/page.html"
    lines = template.read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if "{% block main %}" in text) + 1
    lines.insert(line - 1, expression)
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli(project, "--no-search")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    errors = [text for text in result.stderr.splitlines() if text.startswith("templates/")]
    assert errors == [f"templates/page.html:{line}:1: {reason}"]  # once, though every standing page uses the template
    assert {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("option", ["--base-url", "--repository-url"])
@pytest.mark.parametrize("value", ["notaurl", "javascript:alert(1)", "example.org/news"])
def test_an_address_on_the_command_line_that_is_not_http_is_refused_before_anything_is_built(
    project: Path, option: str, value: str
) -> None:
    result = run_cli(project, "--no-search", option, value)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    told = "is not an address for the site" if option == "--base-url" else "is not a repository's address"
    assert f"argument {option}: “{value}” {told}" in result.stderr
    assert not (project / "site").exists()


@pytest.mark.parametrize(
    "value",
    [
        "https://sverka.org/?x=1",
        "https://sverka.org/#top",
        "https://sverka.org/my site/",
        "https://sverka.org:99999/",
        'https://sverka.org/x"y/',
    ],
)
def test_a_site_address_every_page_address_could_not_be_made_from_is_refused_in_site_yaml_and_on_the_command_line(
    project: Path, value: str
) -> None:
    result = run_cli(project, "--no-search", "--base-url", value)
    assert result.returncode == 2 and f"“{value}” is not an address for the site" in result.stderr
    text = (project / "content/site.yaml").read_text(encoding="utf-8")
    write(project, "content/site.yaml", re.sub(r"base_url: .*", f"base_url: '{value}'", text, count=1))
    [problem] = found(project)
    assert problem.message("en").startswith(f"“{value}” is not an address for the site — write it as https://example.org/path/")


def test_argparse_speaks_english_again_once_the_command_line_is_read() -> None:
    build.parse_arguments(["--lang", "ru", "check"], build.ROOT)
    assert argparse.ArgumentParser(prog="other").format_usage().startswith("usage: other")


@pytest.mark.parametrize(
    ("lang", "usage", "strict_help", "error"),
    [
        (
            "ru",
            "использование: build.py",
            "считать предупреждения ошибками",
            "ошибка: аргумент {build,check,serve,new,schemas,compare}: недопустимое значение 'bild'",
        ),
        (
            "en",
            "usage: build.py",
            "treat warnings as errors",
            "error: argument {build,check,serve,new,schemas,compare}: invalid choice: 'bild'",
        ),
    ],
)
def test_the_command_line_help_and_its_mistakes_are_told_in_the_editors_language(
    project: Path, lang: str, usage: str, strict_help: str, error: str
) -> None:
    shown = run_cli(project, "--help", lang=lang)
    assert shown.returncode == 0 and shown.stdout.startswith(usage) and strict_help in shown.stdout
    mistaken = run_cli(project, "bild", lang=lang)
    assert mistaken.returncode == 2 and error in mistaken.stderr and not (project / "site").exists()
    missing = run_cli(project, "new", lang=lang)
    named = {"ru": "{claim,source,event}, имя", "en": "{claim,source,event}, name"}[lang]
    assert named in missing.stderr and ("обязательных" in missing.stderr) == (lang == "ru")
    missing = run_cli(project, "compare", lang=lang)
    assert {"ru": "первый, второй", "en": "first, second"}[lang] in missing.stderr
    placeholders = {"ru": ["--root ПАПКА", "--base-url АДРЕС", "--now МОМЕНТ"], "en": ["--root FOLDER", "--base-url URL", "--now MOMENT"]}
    assert all(shown in run_cli(project, "--help", lang=lang).stdout for shown in placeholders[lang])


@pytest.mark.parametrize(
    ("kind", "name", "told"),
    [
        ("claim", "-talks-date", "an id begins with a letter or a digit"),
        ("event", "-talks", "an id begins with a letter or a digit"),
        ("source", "-article.txt", "give the file as ./-article.txt"),
    ],
)
def test_a_new_name_beginning_with_a_hyphen_is_told_as_such_not_as_missing(project: Path, kind: str, name: str, told: str) -> None:
    for given in ([name], ["--lang", "en", name]):
        result = run_cli(project, "new", kind, *given)
        assert result.returncode == 2 and f"“{name}” begins with a hyphen, so it is read as an option — {told}" in result.stderr
        assert "required" not in result.stderr and "Traceback" not in result.stderr
    assert run_cli(project, "new", kind, "--help").returncode == 0


def test_an_id_beginning_with_a_hyphen_given_to_a_new_source_is_told_as_an_id_not_as_a_file(project: Path) -> None:
    result = run_cli(project, "new", "source", "article.txt", "--id", "-lead")
    told = "“-lead” begins with a hyphen, so it is read as an option — an id begins with a letter or a digit, e.g. talks-date"
    assert result.returncode == 2 and told in result.stderr, result.stderr


def test_a_name_after_a_double_hyphen_and_abbreviated_options_are_left_to_argparse(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "-article.txt").write_text("Текст статьи.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # the file named as the shell gives it, beginning with a hyphen
    archived = run_cli(project, "new", "source", "--i", "article", "--", "-article.txt")
    assert archived.returncode == 0, archived.stderr
    assert (project / "seeds/article.txt").read_bytes() == "Текст статьи.\n".encode()


@pytest.mark.parametrize("given", [["--lang", "de"], ["--lang"]])
def test_a_wrong_language_option_is_refused_in_the_language_the_environment_asks_for(project: Path, given: list[str]) -> None:
    environment = {**os.environ, "SVERKA_LANG": "ru"}
    result = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "--root", str(project), *given, "check"],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "ошибка: аргумент --lang:" in result.stderr and "error:" not in result.stderr


# ---- links of the prose to pages of this site ------------------------------------------------------------

DEAD = "leads to no page of this site — correct the address"


def dead_links(root: Path) -> list[str]:
    """The dead-link errors of a build of `root` (empty when it builds)."""
    try:
        build.build_site(root)
    except ProblemsFound as stopped:
        return [f"{p.place}: {p.message('en')}".split(" — ")[0] for p in stopped.problems if DEAD in p.message("en")]
    return []


def test_a_dead_link_to_a_page_or_to_a_pair_written_backwards_gets_advice_for_its_kind(project: Path) -> None:
    pair = "000_65c26eebc33d0df9--001_36549a97ad93da46"
    backwards = "--".join(reversed(pair.split("--")))
    linked = f"  en: See [the method](/en/metodology/), [both](/en/compare/{backwards}/), [about](/about/), [src](/en/sources/nope/#p-2)."
    edit(project, "  en: The articles **agree** on the date.", linked)
    assert [p.message("en") for p in found(project)] == [
        "the link “/en/metodology/” leads to no page of this site — correct the address: a page of content/pages/ is at "
        "/en/NAME/, NAME being its file's name (a page that is renamed or removed takes its address with it)",
        f"the link “/en/compare/{backwards}/” leads to no page of this site — the pair is written the other way round: /en/compare/{pair}/",
        "the link “/about/” leads to no page of this site — an address starts with the page's language: /ru/about/, /en/about/",
        "the link “/en/sources/nope/#p-2” leads to no page of this site — a source's address is /en/sources/ID/, ID being the name "
        f"of its text in seeds/ without .txt: {pair.replace('--', ', ')}",
    ]


def test_a_dead_link_written_with_escapes_is_told_at_the_link_not_at_the_start_of_its_text(project: Path) -> None:
    # Markdown editors escape punctuation (\\-, \\_); an address may be typed with character references too
    linked = "  en: |\n    The articles agree.\n\n    See [a](/en/claims/troops\\-1500/) and [b](/en/claims/troops&#45;15/)."
    edit(project, "  en: The articles **agree** on the date.", linked)
    assert dead_links(project) == [
        f"{CLAIM}:18:13: the link “/en/claims/troops-1500/” leads to no page of this site",
        f"{CLAIM}:18:47: the link “/en/claims/troops-15/” leads to no page of this site",
    ]


def test_a_full_address_of_this_site_is_checked_like_a_short_one(project: Path) -> None:
    # copied from the published site's address bar: https://example.org/ is the fixture's base_url
    linked = (
        "  en: See [the method](https://example.org/en/metodology/), [the date](https://EXAMPLE.org/en/claims/talks-date/#evidence-q7), "
        "[ours](https://example.org/en/claims/talks-date/), [theirs](https://example.com/en/nothing/)."
    )
    edit(project, "  en: The articles **agree** on the date.", linked)
    assert [f"{p.place}: {p.message('en')}".split(" — ")[0] for p in found(project)] == [
        f"{CLAIM}:15:24: the link “https://example.org/en/metodology/” leads to no page of this site",
        f"{CLAIM}:15:72: the link “https://EXAMPLE.org/en/claims/talks-date/#evidence-q7” leads to a page with no place “#evidence-q7”",
    ]
    edit(project, "(https://EXAMPLE.org/en/claims/talks-date/#evidence-q7)", "(https://сверка.рф/en/claims/talks-dat/)")
    with pytest.raises(ProblemsFound) as stopped:  # the address as the browser shows it, the site's as DNS has it
        build.build_site(project, base_url="https://xn--80adju3ad.xn--p1ai/")
    assert [p.message("en").split(" — ")[0] for p in stopped.value.problems if p.severity == "error"] == [
        "the link “https://сверка.рф/en/claims/talks-dat/” leads to no page of this site"
    ]
    files, _ = build.build_site(project, base_url="https://example.org/sverka/")  # published elsewhere: these lead off the site
    assert b'href="https://example.org/en/metodology/"' in files["en/claims/talks-date/index.html"]


def test_a_link_to_a_note_the_check_does_not_have_or_to_a_paragraph_is_an_error_at_the_link(project: Path) -> None:
    linked = "  en: The articles **agree** ([the note](#discrepancy-1), [another](#discrepancy-2), [para 3](#p-3), [top](#main))."
    edit(project, "  en: The articles **agree** on the date.", linked)
    assert [f"{p.place}: {p.message('en')}" for p in found(project)] == [
        f"{CLAIM}:15:69: “#discrepancy-2” leads to no discrepancy note of this fact-check — link one of its notes: #discrepancy-1",
        f"{CLAIM}:15:95: “#p-3” is a paragraph of a source, numbered on the source's page — link it there: /…/sources/ID/#p-3",
    ]


def test_a_pages_headings_can_be_linked_to_and_a_link_to_a_heading_it_does_not_have_is_an_error(project: Path) -> None:
    write(
        project,
        "content/pages/methodology.yaml",
        "title: {ru: Методология, en: Methodology}\ndescription: {ru: Как мы работаем., en: How we work.}\n"
        "body:\n  ru: |\n    ## Как выбираются утверждения\n\n    Текст.\n\n    ## Шкала: одна ось\n\n    Текст.\n"
        "  en: |\n    ## How claims are chosen\n\n    Text.\n\n    ## Notes\n\n    One.\n\n    ## Notes\n\n    Two.\n",
    )
    linked = "  en: The articles **agree** ([how](/en/methodology/#how-claims-are-chosen), [notes](/en/methodology/#notes-2))."
    edit(project, "  en: The articles **agree** on the date.", linked)
    files, _ = build.build_site(project)
    headings = parse_html(files["en/methodology/index.html"].decode()).find_all("h2")
    assert [h.get("id") for h in headings][:4] == ["jump-heading", "how-claims-are-chosen", "notes", "notes-2"]
    russian = parse_html(files["ru/methodology/index.html"].decode()).find_all("h2")
    assert [h.get("id") for h in russian][1:3] == ["как-выбираются-утверждения", "шкала-одна-ось"]
    # the page opens with a list of its sections, its text's and then the scale's, each leading to its heading
    for lang, first in (("en", "How claims are chosen"), ("ru", "Как выбираются утверждения")):
        document = parse_html(files[f"{lang}/methodology/index.html"].decode())
        jump = document.find("nav", class_="jump-list")
        assert jump is not None and jump.find("a").text() == first
        targets = [a.get("href") for a in jump.find_all("a")]
        assert targets[-1] == "#scale-heading" or targets[-2:] == ["#scale-heading", "#flags-heading"]
        ids = {element.get("id") for element in document.iter()}
        assert all(target.removeprefix("#") in ids for target in targets), (targets, ids)
    edit(project, "#notes-2", "#notes-3")
    assert [p.message("en") for p in found(project)] == [
        "the link “/en/methodology/#notes-3” leads to a page with no place “#notes-3” — correct the part after #"
    ]


def test_heading_ids_are_unique_on_the_page_and_made_of_the_words_shown(project: Path) -> None:
    sections = ["## Intro", "A.", "## Intro 2", "B.", "## Intro", "C.", "## Main", "D.", "## See [the scale](/en/verdicts/)", "E."]
    body = "\n\n    ".join(sections)
    page = f"title: {{ru: Методология, en: Methodology}}\ndescription: {{ru: Как., en: How.}}\nbody:\n  ru: |\n    {body}\n"
    page += f"  en: |\n    {body}\n"
    write(project, "content/pages/methodology.yaml", page.replace("E.", "E, [back](#intro-3), [nowhere](#nowhere)."))
    assert [f"{p.place}: {p.message('en')}" for p in found(project)] == [  # told at its first place
        "content/pages/methodology.yaml:23:36: the link “#nowhere” leads to no heading of this page — correct the part after #: "
        "#intro, #intro-2, #intro-3, #main-2, #see-the-scale"
    ]
    write(project, "content/pages/methodology.yaml", page)
    files, _ = build.build_site(project)
    document = parse_html(files["en/methodology/index.html"].decode())
    assert [h.get("id") for h in document.find_all("h2")][:6] == ["jump-heading", "intro", "intro-2", "intro-3", "main-2", "see-the-scale"]
    ids = [element.get("id") for element in document.iter() if element.get("id")]
    assert len(ids) == len(set(ids))


def test_a_link_to_a_quote_the_check_does_not_have_is_an_error_at_the_link(project: Path) -> None:
    linked = "  en: The articles **agree** ([quote 2](#evidence-q2), [quote 3](#evidence-q3))."
    edit(project, "  en: The articles **agree** on the date.", linked)
    messages = [f"{p.place}: {p.message('en')}" for p in found(project)]
    assert messages == [
        f"{CLAIM}:15:66: “#evidence-q3” leads to no quote of this fact-check — link one of its quotes: #evidence-q1, #evidence-q2"
    ]
    edit(project, "(#evidence-q3)", "(#evidence-q1)")
    files, _ = build.build_site(project)
    assert b'href="#evidence-q1"' in files["en/claims/talks-date/index.html"]


def test_a_quote_link_whose_words_give_another_number_than_the_page_is_a_warning_at_the_link(project: Path) -> None:
    # the editor put q2 first: the summary's “quote 1” now leads to what the page shows as quote 2
    edit(project, "  en: The articles **agree** on the date.", "  en: The articles agree ([quote 1](#evidence-q1), [2](#evidence-q2)).")
    edit(project, "  ru: Статьи **согласны** в дате.", "  ru: Статьи согласны ([абзац 4](#evidence-q2)).")  # not a quote's number
    text = (project / CLAIM).read_text(encoding="utf-8")
    first, second, end = text.index("  - id: q1"), text.index("  - id: q2"), text.index("discrepancies:")
    (project / CLAIM).write_text(text[:first] + text[second:end] + text[first:second] + text[end:])
    _, problems = build.build_site(project)
    assert [f"{p.place}: {p.message('en')}" for p in problems.warnings if "quote" in p.message("en")] == [
        f"{CLAIM}:15:37: the link “quote 1” leads to #evidence-q1, which the page shows as quote 2 — correct the number in its words",
        f"{CLAIM}:15:56: the link “2” leads to #evidence-q2, which the page shows as quote 1 — correct the number in its words",
    ]
    assert problems.warnings[0].message("ru").startswith("ссылка «quote 1» ведёт на #evidence-q1")


@pytest.mark.parametrize("written", ["[quote][e]\n\n    [e]: #evidence-q9", "[quote](<#evidence-q9>)"])
def test_a_quote_link_written_another_way_is_checked_too(project: Path, written: str) -> None:
    edit(project, "  en: The articles **agree** on the date.", f"  en: |\n    The articles agree, {written}")
    assert [p.message("en").split(" — ")[0] for p in found(project)] == ["“#evidence-q9” leads to no quote of this fact-check"]


def test_a_quote_link_on_a_standing_page_is_a_dead_link(project: Path) -> None:
    body = "body: {ru: 'Текст [ц](#evidence-q1).', en: 'Text [q](/en/claims/talks-date/#evidence-q1).'}\n"
    write(project, "content/pages/about.yaml", "title: {ru: О нас, en: About}\ndescription: {ru: О нас., en: About us.}\n" + body)
    assert [p.message("en").split(" — ")[0] for p in found(project)] == ["the link “#evidence-q1” leads to no page of this site"]


def test_a_page_no_text_links_to_is_a_note_at_the_page_until_one_does(project: Path) -> None:
    body = "body: {ru: Состав редакции., en: The editorial team.}\n"
    write(project, "content/pages/team.yaml", "title: {ru: Редакция, en: Team}\ndescription: {ru: Кто мы., en: Who we are.}\n" + body)
    _, problems = build.build_site(project)
    assert [f"{p.place}: {p.message('en')}" for p in problems.warnings if "team" in p.path] == [
        "content/pages/team.yaml:1:1: no page links to “team”, so readers reach it only by its address — link it from a page they "
        "reach, e.g. `[…](/en/team/)` in content/pages/about.yaml"
    ]
    edit(project, "  en: The articles **agree** on the date.", "  en: The articles **agree** ([who checked](/en/team/)).")
    assert not [p for p in build.build_site(project)[1].warnings if "team" in p.path]


def test_a_link_to_a_place_another_page_does_not_have_is_an_error_at_the_address(project: Path) -> None:
    body = (
        "body: {ru: 'См. [цитату](/ru/claims/talks-date/#evidence-q9) и [абзац](/ru/sources/000_65c26eebc33d0df9/#p-999).', "
        "en: 'See [the quote](/en/claims/talks-date/#evidence-q2) and [the paragraph](/en/sources/000_65c26eebc33d0df9/#p-2).'}\n"
    )
    write(project, "content/pages/about.yaml", "title: {ru: О нас, en: About}\ndescription: {ru: О нас., en: About us.}\n" + body)
    assert [p.message("en").split(" — ")[0] for p in found(project)] == [
        "the link “/ru/claims/talks-date/#evidence-q9” leads to a page with no place “#evidence-q9”",
        "the link “/ru/sources/000_65c26eebc33d0df9/#p-999” leads to a page with no place “#p-999”",
    ]


def test_a_dead_link_written_in_capitals_is_shown_the_address_in_its_own_language(project: Path) -> None:
    edit(project, "  en: The articles **agree** on the date.", "  en: The articles agree; see [it](/EN/claims/talks-date/).")
    [problem] = found(project)
    assert "(a check's is /en/claims/ID/)" in problem.message("en")


def test_a_link_to_no_page_of_the_site_is_an_error_at_the_address_in_a_check_a_page_and_the_timeline(project: Path) -> None:
    edit(
        project,
        "  en: The articles **agree** on the date.",
        "  en: The articles **agree** on the date; see [the other](/en/claims/talk-date/).",
    )
    write(
        project,
        "content/pages/about.yaml",
        "title: {ru: О нас, en: About}\ndescription: {ru: О нас., en: About us.}\n"
        "body:\n  ru: |\n    Текст.\n\n    [Метод](/ru/metodology/)\n  en: Text.\n",
    )
    write(
        project,
        "content/timeline.yaml",
        "events:\n  - id: talks\n    date: '2025-11-06'\n    title: {ru: Переговоры, en: Talks}\n"
        "    description: {ru: 'См. [здесь](/ru/claims/nowhere/#evidence-q1).', en: See above.}\n"
        "    quotes: [{claim: talks-date, quote: q1}]\n",
    )
    edit(project, "tags: [dates]", "tags: [dates]\nevents: [talks]")
    expected = [
        f"{place(project, path, address)}: the link “{address}” leads to no page of this site"
        for path, address in (
            (CLAIM, "/en/claims/talk-date/"),
            ("content/pages/about.yaml", "/ru/metodology/"),
            ("content/timeline.yaml", "/ru/claims/nowhere/#evidence-q1"),
        )
    ]
    assert dead_links(project) == expected
    result = run_cli(project, "--no-search", lang="ru")
    assert result.returncode == 1 and f"{place(project, CLAIM, '/en/claims/talk-date/')}: " in result.stderr
    assert "Traceback" not in result.stderr


def place(root: Path, path: str, text: str) -> str:
    """`path:line:column` of the first place `text` stands in a file."""
    lines = (root / path).read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if text in line)
    return f"{path}:{number}:{lines[number - 1].index(text) + 1}"


@pytest.mark.parametrize(
    "address",
    ["/en/claims/talks-date/", "/ru/claims/talks-date/#evidence-q1", "/en/about", "/en/about/?from=check", "/", "/sitemap.xml"],
)
def test_a_link_to_a_page_or_file_the_site_has_builds(project: Path, address: str) -> None:
    edit(project, "  en: The articles **agree** on the date.", f"  en: The articles **agree** on the [date]({address}).")
    assert dead_links(project) == []


def test_a_link_to_a_checks_earlier_address_builds_and_one_to_a_draft_is_words_alone(project: Path) -> None:
    edit(project, "tags: [dates]", "tags: [dates]\naliases: [talks-day]")
    edit(project, "  en: The articles **agree** on the date.", "  en: The articles **agree** on the [date](/en/claims/talks-day/).")
    write(
        project,
        "content/pages/about.yaml",
        "title: {ru: О нас, en: About}\ndescription: {ru: О нас., en: About us.}\nbody: {ru: '[Черновик](/ru/draft-page/)', en: Text.}\n",
    )
    write(
        project,
        "content/pages/draft-page.yaml",
        "title: {ru: Ч, en: D}\ndescription: {ru: Ч., en: D.}\nbody: {ru: Ч., en: D.}\nstatus: draft\n",
    )
    assert dead_links(project) == []


def test_a_very_long_line_is_shown_cut_around_the_mistake_with_the_caret_under_it(project: Path) -> None:
    long = " ".join(["word"] * 2000)
    edit(project, "  en: Both articles give the same date.", f"  en: {long} date: wrong {long}")
    result = run_cli(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{CLAIM}:12:"))
    excerpt, caret = lines[index + 1], lines[index + 2]
    assert excerpt.startswith("    …") and excerpt.endswith("…") and len(excerpt) < 200
    assert excerpt[len(caret) - 1 : len(caret) + 5] == ": wron"


@pytest.mark.parametrize("command", [("check",), ("new", "claim", "abc"), ("new", "event", "abc")])
def test_a_root_that_is_not_a_project_folder_is_refused_and_nothing_is_made_there(tmp_path: Path, command: tuple[str, ...]) -> None:
    for wrong in (tmp_path / "nowhere", tmp_path / "project" / "content"):  # a typo, or one folder too deep
        wrong.mkdir(parents=True, exist_ok=wrong.name == "content")
        before = sorted(wrong.rglob("*"))
        result = run_cli(wrong, *command)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert f"“{wrong}” is not a project folder: it has no content/ folder" in result.stderr
        assert sorted(wrong.rglob("*")) == before


def test_a_root_that_does_not_exist_or_is_a_file_is_told_as_such(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    said = {"missing": "there is no folder", "notes.txt": "is a file, not a folder"}
    for name, told in said.items():
        result = run_cli(tmp_path / name, "check")
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert told in result.stderr and "give the folder that holds content/ and seeds/" in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["notes.txt"]
