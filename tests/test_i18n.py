"""Both languages first-class: catalogs, plurals, dates and numbers from Babel, missing strings fail."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import REPO, build_files, make_project, problems_of, run_cli, write
from htmltree import parse_html
from markupsafe import Markup

from sverka.dates import format_point, parse_partial
from sverka.environment import direct_gettext
from sverka.i18n import format_day, format_month, format_number, load_messages, messages_from_catalog, parsed_catalog
from sverka.languages import cli_language
from sverka.render import CATALOG_PLACEHOLDER, catalog_mistakes


@pytest.fixture(scope="module")
def ru():
    return load_messages(REPO / "locales", "ru")


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1 проверка"),
        (2, "2 проверки"),
        (5, "5 проверок"),
        (11, "11 проверок"),
        (21, "21 проверка"),
        (22, "22 проверки"),
        (111, "111 проверок"),
    ],
)
def test_russian_plurals_follow_one_few_many(ru, n: int, expected: str) -> None:
    assert ru.ngettext("%(num)s fact-check", "%(num)s fact-checks", n) % {"num": n} == expected


def test_english_plurals_follow_one_other() -> None:
    en = load_messages(REPO / "locales", "en")
    assert [en.ngettext("%(num)s fact-check", "%(num)s fact-checks", n) % {"num": n} for n in (1, 2)] == ["1 fact-check", "2 fact-checks"]


def test_dates_are_formatted_for_each_locale() -> None:
    assert format_day(date(2025, 11, 6), "ru") == "6 ноября 2025\u202fг."
    assert format_day(date(2025, 11, 6), "en") == "6 November 2025"  # British, as the site spells
    assert format_month(date(2024, 6, 1), "ru") == "июнь 2024\u202fг."
    assert format_month(date(2024, 6, 1), "en") == "June 2024"


def test_numbers_are_grouped_for_each_locale() -> None:
    assert format_number(15000, "ru") == "15\u00a0000"
    assert format_number(15000, "en") == "15,000"


def test_a_partial_date_keeps_its_precision() -> None:
    assert format_point(parse_partial("2025").start, "en") == "2025"
    assert format_point(parse_partial("2025").start, "ru") == "2025\u202fг."  # as «июнь 2024 г.» has it
    assert format_point(parse_partial("2024-06").start, "ru") == "июнь 2024\u202fг."
    since = parse_partial("2025-09/..")
    assert since.open_end and since.start.iso() == "2025-09"
    assert parse_partial("2025-04~").start.approximate and parse_partial("2025-04?").start.uncertain
    with pytest.raises(ValueError):
        parse_partial("2025-13")


def test_every_catalog_entry_is_translated_in_both_languages() -> None:
    for lang in ("ru", "en"):
        messages = load_messages(REPO / "locales", lang)
        assert messages.singular and all(messages.singular.values()), lang
        assert all(all(forms) for forms in messages.plural.values()), lang


def test_a_ui_string_without_a_translation_fails_the_build_at_the_template_line(project: Path) -> None:
    base = (project / "templates/page.html").read_text(encoding="utf-8")
    write(
        project,
        "templates/page.html",
        base.replace("{% block main %}", '{% block main %}\n<p>{{ _("A sentence nobody translated") }}</p>', 1),
    )
    problems = problems_of(project)
    expected_line = base.splitlines().index(next(line for line in base.splitlines() if "{% block main %}" in line)) + 2
    assert problems == [
        f"templates/page.html:{expected_line}:1: the UI string “A sentence nobody translated” has no English translation — "
        "run `make messages`, then translate it in locales/en/LC_MESSAGES/messages.po",
        f"templates/page.html:{expected_line}:1: the UI string “A sentence nobody translated” has no Russian translation — "
        "run `make messages`, then translate it in locales/ru/LC_MESSAGES/messages.po",
    ]


def test_a_ui_string_is_translated_with_its_placeholders_filled_in_escaped() -> None:
    catalog = {"Cited in %(title)s": "Цитируется в %(title)s", "%(message)s, again": "%(message)s, снова"}
    translate = direct_gettext(lambda message: catalog.get(message, message))
    assert translate("Cited in %(title)s", title="<b>“A & B”</b>") == Markup("Цитируется в &lt;b&gt;“A &amp; B”&lt;/b&gt;")
    assert translate("%(message)s, again", message="x") == "x, снова"  # any placeholder name works
    assert isinstance(translate("Home"), Markup)


@pytest.mark.parametrize("damage", ["not utf-8", "missing"])
def test_a_damaged_or_missing_catalog_is_told_at_its_file_without_a_traceback(project: Path, damage: str) -> None:
    catalog = project / "locales/ru/LC_MESSAGES/messages.po"
    if damage == "missing":
        catalog.unlink()
    else:
        catalog.write_bytes(catalog.read_text(encoding="utf-8").encode("cp1251", "replace"))
    result = run_cli(project, "--no-search")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("locales/ru/LC_MESSAGES/messages.po: ")


UNQUOTED = 'this line is not a text in quotation marks — close its quotation marks or delete it: msgstr "…"'
PLACEHOLDER = "the translation names a placeholder its message does not fill in, or breaks one — write them as in msgid: %(day)s"


@pytest.mark.parametrize(
    ("new", "below", "expected"),
    [
        ('msgstr "обновлено %(day)s', 0, UNQUOTED),  # the page would show “обновлено %(day)” and lose a letter
        ('msgstr "обновлено %(day)s"\nthis line is no entry', 1, UNQUOTED),  # left out of the catalog unseen
        ('msgstr "обновлено %(date)s"', 0, PLACEHOLDER),  # no page could be made
        ('msgstr "обновлено %(day)"', 0, PLACEHOLDER),
    ],
)
def test_a_catalog_line_that_would_show_or_fill_in_another_text_is_an_error_at_it(
    project: Path, new: str, below: int, expected: str
) -> None:
    catalog = project / "locales/ru/LC_MESSAGES/messages.po"
    text = catalog.read_text(encoding="utf-8")
    old = 'msgstr "обновлено %(day)s"'
    catalog.write_text(text.replace(old, new, 1), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1 + below
    assert problems_of(project) == [f"locales/ru/LC_MESSAGES/messages.po:{line}:1: {expected}"]


STANDARD_RU = (
    "nplurals=3; plural=(n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2);"
)


@pytest.mark.parametrize("formula", ["(n%10===1 &&", "(n%7+(n%10==1 &&", "(n%10==1 && n%100!=11 ? 0 : 1) + (0 &&"])
def test_a_plural_formula_that_does_not_choose_the_languages_forms_is_an_error_at_the_header(project: Path, formula: str) -> None:
    catalog = project / "locales/ru/LC_MESSAGES/messages.po"  # unreadable; a form out of range; other forms than Russian's
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("(n%10==1 &&", formula, 1), encoding="utf-8")
    line = text[: text.index("Plural-Forms:")].count("\n") + 1
    expected = f'the “Plural-Forms” header does not choose this language’s plural forms — write it as: "Plural-Forms: {STANDARD_RU}\\n"'
    assert problems_of(project) == [f"locales/ru/LC_MESSAGES/messages.po:{line}:2: {expected}"]


@pytest.mark.slow
def test_a_broken_plural_formula_in_the_generators_own_catalog_leaves_its_messages_in_english_not_a_traceback(tmp_path: Path) -> None:
    for name in ("build.py", "sverka", "templates", "locales", "content", "seeds", "schemas"):  # the project as editors have it
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy2)(REPO / name, tmp_path / name)
    catalog = tmp_path / "locales/ru/LC_MESSAGES/messages.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace("(n%10==1 &&", "(n%10===1 &&", 1), encoding="utf-8")
    line = text[: text.index("Plural-Forms:")].count("\n") + 1
    result = subprocess.run(
        [sys.executable, str(tmp_path / "build.py"), "--root", str(tmp_path), "--lang", "ru", "--no-search"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert result.stderr.startswith(f"locales/ru/LC_MESSAGES/messages.po:{line}:2: the “Plural-Forms” header"), result.stderr


def test_a_msgid_whose_msgstr_was_deleted_is_an_error_at_it_not_babels_unlocated_warning(project: Path) -> None:
    catalog = project / "locales/ru/LC_MESSAGES/messages.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text.replace('msgid "Home"\nmsgstr "Главная"\n', 'msgid "Home"\n', 1), encoding="utf-8")
    line = text[: text.index('msgid "Home"')].count("\n") + 1
    result = run_cli(project, "--no-search")
    assert result.returncode == 1 and "WARNING" not in result.stderr and "Traceback" not in result.stderr
    told = 'this entry cannot be read (missing msgstr for msgid \'Home\') — write it as in the others: msgid "…", then msgstr "…"'
    assert result.stderr.startswith(f"locales/ru/LC_MESSAGES/messages.po:{line}:1: {told}"), result.stderr


def test_a_message_written_twice_in_a_catalog_is_an_error_at_the_second_not_the_last_one_silently_used(project: Path) -> None:
    catalog = project / "locales/ru/LC_MESSAGES/messages.po"
    text = catalog.read_text(encoding="utf-8")
    catalog.write_text(text + '\nmsgid ""\n"Home"\nmsgstr "Начало"\n', encoding="utf-8")  # the same text, written on two lines
    first = text[: text.index('msgid "Home"')].count("\n") + 1
    second = text.count("\n") + 2
    told = f"this message is in the catalog twice, first at line {first} — keep one of the two entries and delete the other"
    assert problems_of(project) == [f"locales/ru/LC_MESSAGES/messages.po:{second}:1: {told}"]


def test_what_gettext_reads_as_written_is_no_catalog_mistake() -> None:
    text = (
        '\ufeff# a byte-order mark a translator’s editor left\nmsgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
        'msgid "Line {x}"\nmsgstr "Строка\u2028{x}"\n\n'  # a line separator inside a text: gettext breaks lines at \n only
        '#, fuzzy\nmsgid "Day %(day)s"\nmsgstr "День %(date)s"\n\n'  # a fuzzy entry is not used
        'msgctxt "menu"\nmsgid "Open \\"%(name)s\\""\nmsgstr ""\n"Открыть «%(name)s»"\n\n'
        'msgid "Open \\"%(name)s\\""\nmsgstr "Открыть %(name)s"\n\n'  # the same message in another context: not twice
        'msgid "%(n)s check"\nmsgid_plural "%(n)s checks"\nmsgstr[0] "%(n)s проверка"\nmsgstr[1] "%(n)s проверки"\n'
        'msgstr[2] "%(n)s проверок"\n\n#~ msgid "gone"\n#~ msgstr "broken\n'
    )
    assert catalog_mistakes("ru.po", text.encode(), "ru") == ()
    wrong = text.replace('msgstr[1] "%(n)s проверки"', 'msgstr[1] "%(m)s проверки"')
    assert [(p.line, p.template) for p in catalog_mistakes("ru.po", wrong.encode(), "ru")] == [
        (24, CATALOG_PLACEHOLDER)
    ]  # at the form that is wrong


def test_a_translation_that_cannot_be_filled_in_leaves_the_command_line_in_english_not_a_traceback(tmp_path: Path) -> None:
    catalog = tmp_path / "ru.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Language: ru\\n"\n\n'
        'msgid "%(prog)s: error: %(message)s"\nmsgstr "%(bogus)s: ошибка: %(message)s"\n\n'
        'msgid "Built {pages} pages"\nmsgstr "Собрано {pages} страниц"\n',
        encoding="utf-8",
    )
    messages = messages_from_catalog(parsed_catalog(catalog.read_bytes(), "ru"), "ru")
    assert messages.gettext("%(prog)s: error: %(message)s") == "%(prog)s: error: %(message)s"
    assert messages.gettext("Built {pages} pages") == "Собрано {pages} страниц"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "ru_RU.UTF-8"}, "ru"),
        ({"LC_ALL": "ru_RU.UTF-8", "LANG": "en_US.UTF-8"}, "ru"),  # LC_ALL overrides LANG
        ({"LC_MESSAGES": "ru_RU.UTF-8", "LANG": "en_GB.UTF-8"}, "ru"),
        ({"LANGUAGE": "de:ru", "LANG": "en_US.UTF-8"}, "ru"),  # the first of LANGUAGE's list we have
        ({"LC_ALL": "C", "LANG": "ru_RU.UTF-8", "LANGUAGE": "ru"}, "en"),  # the C locale speaks English, whatever LANGUAGE says
        ({"SVERKA_LANG": "en", "LC_ALL": "ru_RU.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_messages_speak_the_language_the_system_asks_for_as_gettext_reads_it(environ: dict[str, str], expected: str) -> None:
    assert cli_language(None, environ) == expected
    assert cli_language("ru", environ) == "ru"


def test_every_russian_word_on_an_english_page_is_marked_as_russian(tmp_path: Path) -> None:
    # WCAG 2.2, 3.1.2 (language of parts): a screen reader reads each Russian word in a Russian voice, wherever an
    # editor's English text quotes it (headline, explanation, claim, claimant, a note's title, a translation, an event) or a
    # quote shows it.
    root = make_project(tmp_path / "annotated", "annotated")
    claim = root / "content/claims/overlap.yaml"
    text = claim.read_text(encoding="utf-8")
    russian = "«около 5000 строителей» — "
    for english in ("A check of overlapping quotes", "The meeting was held in Pyongyang", "Both articles", "Builders or mercenaries"):
        text = replaced(text, english, russian + english)
    text = replaced(text, "The articles describe the dispatch", "«Строители» and «наемники», the articles describe the dispatch")
    text = replaced(text, "of the two dictatorships\n", "of the two dictatorships [«двух диктатур»]\n")
    claim.write_text(replaced(text, '"builders" to Russia', "«строителей» (builders) to Russia"), encoding="utf-8")  # compared
    timeline = root / "content/timeline.yaml"
    events = replaced(timeline.read_text(encoding="utf-8"), "Talks in Pyongyang", "Talks in Pyongyang («в Пхеньяне»)")
    timeline.write_text(events, encoding="utf-8")
    files = build_files(root)
    english = b"".join(content for path, content in files.items() if path.startswith("en/") and path.endswith(".html")).decode()
    for shown in ("dictatorships [«", "about 5,000 «", "Pyongyang («", "» — A check of"):  # translations, an event, a headline
        assert shown in english, shown
    unmarked = []
    for path, content in files.items():
        if not (path.startswith("en/") and path.endswith(".html")):
            continue
        body = parse_html(content).find("body")
        assert body is not None
        for element in body.iter():
            own = "".join(child for child in element.children if isinstance(child, str))
            if element.tag in ("script", "style") or not CYRILLIC.search(own):
                continue
            language = next((e.get("lang") for e in (element, *element.ancestors()) if e.get("lang")), None)
            if language != "ru":
                unmarked.append((path, element.tag, element.get("class"), own.strip()[:60]))
    assert not unmarked, unmarked


CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def replaced(text: str, old: str, new: str) -> str:
    """`text` with `old` replaced once by `new`; `old` must be there."""
    assert old in text, old
    return text.replace(old, new, 1)
