"""The publication's editorial rules are `check` rules: each broken on a fixture project gives a located message,
each kept gives none; and the real publication, or one an editor has added to, passes its own checks."""

from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter
from datetime import date, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, build_files, problems_of, run_cli, write
from htmltree import parse_html

import build
from sverka.problems import ProblemsFound

CLAIM = "content/claims/talks-date.yaml"
READERS = "https://sverka.github.io/"
"""A public address (no reserved name): a build for readers."""
COVERAGE = """title: {ru: Охват, en: Coverage}
description: {ru: Что проверено., en: What was checked.}
body:
  ru: |
    - [Абзац 5](/ru/sources/001_36549a97ad93da46/#p-5): [дата переговоров](/ru/claims/talks-date/).
  en: |
    - [Paragraph 5](/en/sources/001_36549a97ad93da46/#p-5): ENGLISH_LINK.
"""


def reported(root: Path, base_url: str | None = None) -> list[str]:
    """Every problem a strict check reports, errors and warnings, as `path:line:column: message` (English)."""
    try:
        build.build_site(root, base_url=base_url, strict=True)
    except ProblemsFound as found:
        return [f"{p.path}:{p.line}:{p.column}: {p.message('en')}" for p in found.problems]
    return []


def place(root: Path, path: str, marker: str) -> str:
    """`path:line:column` of the first character of `marker` in a project file."""
    text = (root / path).read_text(encoding="utf-8")
    index = text.index(marker)
    return f"{path}:{text.count(chr(10), 0, index) + 1}:{index - text.rfind(chr(10), 0, index)}"


def edit(root: Path, path: str, old: str, new: str) -> None:
    """Replace one passage of a project file."""
    text = (root / path).read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    write(root, path, text.replace(old, new))


# ---- the rules on a fixture project -----------------------------------------------------------------


def test_the_coverage_page_must_link_every_claim_in_both_languages(project: Path) -> None:
    write(project, "content/pages/coverage.yaml", COVERAGE.replace("ENGLISH_LINK", "the date of the talks"))
    assert reported(project) == [
        f"{place(project, 'content/pages/coverage.yaml', 'en: |')}: the coverage page does not link fact-check “talks-date” in "
        "`body.en` — add a link to /en/claims/talks-date/ under the paragraphs of the sources it checks: "
        "the page accounts for every fact-check"
    ]
    russian = run_cli(project, "check", "--strict", lang="ru")
    assert russian.returncode == 1
    assert (
        "content/pages/coverage.yaml:6:3: предупреждение: страница «Что проверено» не ссылается на проверку «talks-date» в `body.en`"
        in (russian.stderr)
    )
    write(project, "content/pages/coverage.yaml", COVERAGE.replace("ENGLISH_LINK", "[the date of the talks](/en/claims/talks-date/)"))
    assert reported(project) == []
    write(project, "content/pages/coverage.yaml", COVERAGE.replace("ENGLISH_LINK", "[the date](/en/claims/date-of-talks/)"))
    write(project, CLAIM, (project / CLAIM).read_text(encoding="utf-8") + "aliases: [date-of-talks]\n")
    assert reported(project) == []  # an earlier address leads to the check as well


def test_a_claim_must_quote_every_report_it_says_the_statement_appeared_in(project: Path) -> None:
    text = (project / CLAIM).read_text(encoding="utf-8")
    write(project, CLAIM, text[: text.index("  - id: q2")] + text[text.index("published:") :])  # only source 001 is quoted
    assert problems_of(project) == [
        f"{place(project, CLAIM, '[001_')}: this fact-check lists source 000_65c26eebc33d0df9 under `appearances:` but quotes "
        "nothing from it — quote the words the claim appeared in, or take it out of `appearances:`"
    ]
    edit(project, CLAIM, "appearances: [001_36549a97ad93da46, 000_65c26eebc33d0df9]", "appearances: [001_36549a97ad93da46]")
    assert not [p for p in reported(project) if "under `appearances:`" in p]


def test_a_text_that_reads_the_same_in_both_languages_is_a_located_note_that_stops_no_build(project: Path) -> None:
    edit(project, CLAIM, "note: {ru: Даты совпадают., en: The dates match.}", "note: {ru: Даты совпадают., en: Даты совпадают.}")
    edit(project, "content/pages/about.yaml", "en: Description of about.", "en: Описание about.")
    result = run_cli(project, "check", "--strict")
    assert result.returncode == 0, result.stderr
    note = place(project, CLAIM, "title: {ru: Одна дата")
    assert f"{note}: note: `discrepancies[1].note` reads the same in both languages" in result.stderr
    assert f"{place(project, 'content/pages/about.yaml', '{ru: Описание')}: note: `description` reads the same" in result.stderr
    russian = run_cli(project, "check", lang="ru").stderr
    assert f"{note}: замечание: `discrepancies[1].note` совпадает на обоих языках" in russian


def test_an_archived_text_far_larger_than_an_article_is_a_note_at_it_that_stops_no_build(project: Path) -> None:
    meta = sorted((project / "seeds").glob("*.yaml"))[0]
    text = ("Абзац о переговорах в Пхеньяне. " * 40 + "\n\n").encode() * 1200  # 2.6 MB
    (project / "seeds" / "dump.txt").write_bytes(text)
    record = re.sub(r"sha256: .*", f"sha256: {hashlib.sha256(text).hexdigest()}", meta.read_text(encoding="utf-8"))
    (project / "seeds" / "dump.yaml").write_text(record, encoding="utf-8")
    result = run_cli(project, "check")
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    notes = [line for line in result.stderr.splitlines() if "where an article's is rarely over 0.1 MB" in line]
    assert notes == [
        "seeds/dump.txt:1:1: note: the archived text is 3 MB, where an article's is rarely over 0.1 MB, and its page on the "
        "site will be as large — check that the file holds the article alone"
    ], result.stderr
    assert "архивный текст занимает 3 МБ" in run_cli(project, "check", lang="ru").stderr


ENGLISH_SOURCE = "Pyongyang talks\nThe defence minister met the Russian delegation in Pyongyang on 6 November.\n"


@pytest.mark.parametrize(
    ("translation", "told"),
    [
        ("The defence minister met the Russian delegation in Pyongyang on 6 November.", "repeats the quote's original words"),
        ("The minister of defence met the delegation from Russia in Pyongyang on 6 November.", "is in the language of the quote's source"),
        ("Министр обороны встретился с российской делегацией в Пхеньяне 6 ноября.", None),
    ],
)
def test_a_quote_from_an_english_source_takes_our_russian_translation(project: Path, translation: str, told: str | None) -> None:
    write(project, "seeds/en-report.txt", ENGLISH_SOURCE)
    assert run_cli(project, "new", "source", str(project / "seeds/en-report.txt")).returncode == 0
    meta = project / "seeds/en-report.yaml"
    described = {"title": {"ru": "Переговоры", "en": "Pyongyang talks"}, "language": "en", "attribution": {"ru": "Нет", "en": "None"}}
    fields = yaml.safe_load(meta.read_text(encoding="utf-8")) | described | {"name": {"ru": "Отчёт", "en": "Report"}}
    write(project, "seeds/en-report.yaml", yaml.safe_dump(fields, allow_unicode=True))
    quote = f"  - id: q3\n    source: en-report\n    text: {ENGLISH_SOURCE.splitlines()[1]}\n    translation: {translation}\n"
    edit(project, CLAIM, "discrepancies:\n", quote + "discrepancies:\n")
    edit(project, CLAIM, "appearances: [", "appearances: [en-report, ")
    files, problems = build.build_site(project)
    messages = [f"{p.place}: {p.message('en')}" for p in problems.problems if p.path == CLAIM and "quotes[3]" in p.message("en")]
    at = place(project, CLAIM, "The defence minister met")  # the quote's words, which the translation is of
    assert [message.split(" — ")[0] for message in messages] == ([] if told is None else [f"{at}: `quotes[3].translation` {told}"])
    if told is None:  # the Russian page shows it, marked as Russian; the English page shows the source's words alone
        russian = parse_html(files["ru/claims/talks-date/index.html"]).find_all("p", class_="translation")
        assert [(p.get("lang"), " ".join(p.text().split(":", 1)[1].split())) for p in russian][-1] == ("ru", translation)
        english = parse_html(files["en/claims/talks-date/index.html"]).find_all("p", class_="translation")
        assert translation not in " ".join(p.text() for p in english)


THIRD_QUOTE = "  - id: q3\n    source: 001_36549a97ad93da46\n    text: Встреча военных двух диктатур\n    translation: The same words.\n"
SECOND_NOTE = "  - title: {ru: Одно место, en: One place}\n    quotes: [q1, q3]\n    note: {ru: Сравнение., en: A comparison.}\n"


def test_a_discrepancy_note_must_set_two_places_side_by_side(project: Path) -> None:
    edit(project, CLAIM, "discrepancies:", THIRD_QUOTE + "discrepancies:")  # q1's passage again
    edit(project, CLAIM, "published:", SECOND_NOTE + "published:")
    assert problems_of(project) == [
        f"{place(project, CLAIM, 'title: {ru: Одно место')}: the discrepancy note “One place” sets one passage beside itself — "
        "quote the differing words from two sources, or from two passages of one"
    ]
    edit(project, CLAIM, "text: Встреча военных двух диктатур\n", "text: двух диктатур состоялась\n")  # overlapping q1: one place still
    assert len(problems_of(project)) == 1
    edit(project, CLAIM, "text: двух диктатур состоялась\n", "text: Предварительно известно\n")  # another passage of the same report
    assert reported(project) == []


def test_a_discrepancy_note_quotes_its_sources_words_as_they_stand(project: Path) -> None:
    note = (
        "note:\n      ru: Одна пишет о «встрече военных двух диктатур», другая — «провел переговоры … в Пхеньяне» и "
        "«подтвердили прибытие».\n      en: One says “meeting”, the other “held talks” and “confirmed the arrival”.\n"
    )
    edit(project, CLAIM, "note: {ru: Даты совпадают., en: The dates match.}\n", note)
    assert reported(project) == [
        f"{place(project, CLAIM, 'ru: Одна пишет о')}: the note “One date” quotes “подтвердили прибытие”, which its "
        "sources do not have — copy the words as the source writes them, or take away the quotation marks"
    ]  # “встрече” for «Встреча» is the same word in another case; an ellipsis leaves words out
    edit(project, CLAIM, "«подтвердили прибытие»", "«переговоры с Горемыкиным»")
    assert reported(project) == []
    seed = project / "seeds/000_65c26eebc33d0df9.txt"
    seed.write_bytes(seed.read_bytes().replace("Горемыкиным".encode(), "Горемыкином".encode()))
    assert [problem.split(": ", 1)[1][:20] for problem in reported(project)] == ["the archived text se"]  # its words not looked for


def test_a_headline_longer_than_search_results_show_is_a_warning_at_its_language(project: Path) -> None:
    long = "The talks in Pyongyang took place on 6 November, as both of the archived articles say, and no article gives another day"
    assert len(long) > 110
    edit(project, CLAIM, "  en: The talks in Pyongyang took place on 6 November\n", f"  en: {long}\n")
    assert reported(project) == [
        f"{place(project, CLAIM, 'en: ' + long)}: the headline in “en” is {len(long)} characters long: search results and link "
        "previews cut it after about 110 — shorten it; the claim itself stands in full under `claim:`"
    ]


def test_an_explanation_of_more_than_a_hundred_words_is_a_warning_at_its_language(project: Path) -> None:
    reason = "Both articles give the same date, 6 November, in the paragraph that retells the agency's report. "
    long = reason * 7
    assert 600 < len(long.strip()) < 700
    edit(project, CLAIM, "  en: Both articles give the same date.\n", f"  en: {long.strip()}\n")
    assert reported(project) == [
        f"{place(project, CLAIM, 'en: ' + reason)}: the explanation in “en” is {len(long.strip())} characters long: it stands "
        "beside the verdict and under the check in every list — say why in one or two sentences (up to about 600 characters) "
        "and move the detail into `summary:`"
    ]
    edit(project, CLAIM, f"  en: {long.strip()}\n", f"  en: {(reason * 6).strip()}\n")  # 588 characters: kept
    assert reported(project) == []


def test_outside_context_must_be_labelled_alike_in_both_languages(project: Path) -> None:
    context = "\n\n    Context (outside the sources): the treaty was signed in June 2024.\n"
    edit(project, CLAIM, "  en: The articles **agree** on the date.\n", "  en: |\n    The articles **agree** on the date." + context)
    assert reported(project) == [
        f"{place(project, CLAIM, 'ru: Статьи **согласны**')}: the languages label different numbers of paragraphs as outside "
        "context (Russian: 0, English: 1) — begin the same paragraphs with “Контекст (вне источников):” and "
        "“Context (outside the sources):”"
    ]
    edit(
        project,
        CLAIM,
        "  ru: Статьи **согласны** в дате.\n",
        "  ru: |\n    Статьи **согласны** в дате.\n\n    Контекст (вне источников): договор подписан в июне 2024 года.\n",
    )
    assert reported(project) == []


def write_event(project: Path, description: str) -> None:
    """A timeline of one event, the check's, with this description (its `ru:` and `en:` lines)."""
    edit(project, CLAIM, "tags: [dates]", "tags: [dates]\nevents: [talks]")
    event = "events:\n  - id: talks\n    date: 2025-11-06\n    title: {ru: Переговоры, en: The talks}\n    description:\n"
    write(project, "content/timeline.yaml", event + description + "    quotes: [{claim: talks-date, quote: q1}]\n")


def test_an_event_description_must_label_outside_context_alike_in_both_languages(project: Path) -> None:
    write_event(
        project, "      ru: Переговоры.\n      en: |\n        The talks.\n\n        Context (outside the sources): a treaty of June 2024.\n"
    )
    assert reported(project) == [
        f"{place(project, 'content/timeline.yaml', 'id: talks')}: the languages label different numbers of paragraphs as outside "
        "context (Russian: 0, English: 1) — begin the same paragraphs with “Контекст (вне источников):” and "
        "“Context (outside the sources):”"
    ]


def test_a_link_to_a_place_a_check_page_does_not_have_is_an_error_naming_those_it_has(project: Path) -> None:
    edit(project, CLAIM, "  ru: Статьи **согласны** в дате.\n", "  ru: Статьи [согласны](#итог) в дате, см. [разбор](#summary-heading).\n")
    assert reported(project) == [
        f"{place(project, CLAIM, '#итог')}: “#итог” leads to no place on this fact-check's page — link one of its quotes or "
        "discrepancy notes: #evidence-q1, #evidence-q2, #discrepancy-1"
    ]


def test_a_checks_note_shown_on_the_lists_of_all_notes_and_corrections_links_to_the_checks_page(project: Path) -> None:
    disagreement = "definition: {ru: Источники расходятся., en: The sources disagree.}"  # the index lists its notes in full
    edit(project, "content/verdicts.yaml", disagreement, disagreement + "\n    requires: [side-by-side]")
    edit(project, CLAIM, "verdict: confirmed", "verdict: disputed")
    edit(project, CLAIM, "note: {ru: Даты совпадают.,", "note: {ru: 'Даты совпадают ([цитата 2](#evidence-q2)).',")
    correction = "  - date: 2026-11-22\n    note: {ru: '[Цитата 1](#evidence-q1) исправлена.', en: Quote 1 corrected.}\n"
    edit(project, CLAIM, "tags: [dates]", f"updated: 2026-11-22\ncorrections:\n{correction}tags: [dates]")
    assert reported(project) == []
    files = build_files(project)
    claim_page = parse_html(files["ru/claims/talks-date/index.html"].decode())
    notes = claim_page.find_all("div", class_="discrepancy-note")
    assert [a.get("href") for note in notes for a in note.find_all("a")] == ["#evidence-q2"]  # on its own page, a place there
    for listing in ("discrepancies", "corrections"):
        page = parse_html(files[f"ru/{listing}/index.html"].decode())
        hrefs = {a.get("href") for a in page.find_all("a") if "evidence" in (a.get("href") or "")}
        assert hrefs and all(href.startswith("/ru/claims/talks-date/#evidence-q") for href in hrefs), (listing, hrefs)


def test_a_link_to_a_heading_of_a_standing_page_is_checked_in_its_own_language(project: Path) -> None:
    about = "content/pages/about.yaml"
    body = "body:\n  ru: |\n    ## Что мы делаем\n\n    См. [ниже](#what-we-do).\n"
    body += "  en: |\n    ## What we do\n\n    See [below](#what-we-do).\n"
    edit(project, about, "body: {ru: Текст страницы about., en: Text of page about.}\n", body)
    assert reported(project) == [  # the link is in both texts: the place is the language's text
        f"{place(project, about, 'ru: |')}: the link “#what-we-do” leads to no heading of this page — correct the part after #: "
        "#что-мы-делаем"
    ]
    edit(project, about, "[ниже](#what-we-do)", "[ниже](#что-мы-делаем)")
    assert reported(project) == []


def test_a_link_of_an_event_to_a_place_the_timeline_does_not_have_is_an_error(project: Path) -> None:
    write_event(project, "      ru: Переговоры, см. [событие](#event-talk).\n      en: The talks, see [the event](#event-talks).\n")
    assert reported(project) == [
        f"{place(project, 'content/timeline.yaml', '#event-talk)')}: the link “#event-talk” leads to no event of the timeline — "
        "link one by its id: #event-ID"
    ]


def test_the_verdict_scale_runs_from_best_to_worst(project: Path) -> None:
    edit(project, "content/verdicts.yaml", "rating: 1", "rating: 2")
    assert problems_of(project) == [
        f"{place(project, 'content/verdicts.yaml', 'key: disputed')}: verdict “disputed” is rated 2, not below “confirmed” (2) "
        "listed before it — list the scale from best to worst, each rating lower than the one above"
    ]


def test_a_build_for_readers_names_each_missing_standing_page(project: Path) -> None:
    assert reported(project) == []  # a test address: the fixture keeps only the pages it shows
    missing = (
        "is missing — write content/pages/{0}.yaml before publishing: "
        "readers look for who publishes, how the checks are made and corrected, what they cover and who pays"
    )
    assert reported(project, READERS) == [
        f"content/pages/{slug}.yaml:1:1: the standing page “{slug}” {missing.format(slug)}" for slug in ("coverage", "funding")
    ]
    write(project, "content/pages/coverage.yaml", COVERAGE.replace("ENGLISH_LINK", "[the date of the talks](/en/claims/talks-date/)"))
    write(
        project,
        "content/pages/funding.yaml",
        "title: {ru: Деньги, en: Funding}\ndescription: {ru: Кто платит., en: Who pays.}\nbody: {ru: Грант., en: A grant.}\n",
    )
    assert reported(project, READERS) == []


# ---- the real publication ---------------------------------------------------------------------------

TEST_ADDRESS = ("--base-url", "https://example.org/")
"""A reserved test address: the real site's address and its publisher's details are settings of publishing (their
warnings stop a strict build for a public address), not rules about the content."""


def test_the_publications_own_content_has_no_errors() -> None:
    # Not --strict: a warning (a source added but not yet quoted, a draft) is an editor's work in progress and
    # must not turn the tests red; `check --strict` is the editors' own gate before publishing.
    result = run_cli(REPO, *TEST_ADDRESS, "check")
    assert result.returncode == 0, result.stderr


NEW_TEXT = (
    "Министерство обороны сообщило о переговорах 7 ноября 2025 года.\n"
    "По словам ведомства, стороны обсудили «вопросы безопасности» и договорились встретиться снова.\n"
)


def load(path: Path) -> Any:
    """A YAML file as data."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def dump(path: Path, data: Any) -> None:
    """Data back into a YAML file, in the file's field order."""
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def bilingual(ru: str, en: str) -> dict[str, str]:
    """A text in both languages."""
    return {"ru": ru, "en": en}


def fill_source(root: Path, name: str) -> None:
    """The new source's metadata, as the guide's section 1 asks."""
    meta = root / f"seeds/{name}.yaml"
    data = load(meta)
    assert data["sha256"] and data["title"] == bilingual("", "")  # the skeleton `new source` wrote
    data |= {
        "title": bilingual("О переговорах", "On the talks"),
        "language": "ru",
        "attribution": bilingual("министерство", "the ministry"),
    }
    dump(meta, data)


def fill_claim(root: Path, name: str, verdict: str, published: date) -> None:
    """The new claim, quoting the new source word for word, as the guide's sections 2 and 3 ask."""
    path = root / f"content/claims/{name}.yaml"
    data = load(path)
    assert data["headline"] == bilingual("", "") and data["quotes"][0]["text"] == ""  # the skeleton `new claim` wrote
    assert data["status"] == "draft"
    data |= {
        "headline": bilingual("Стороны обсудили вопросы безопасности", "The sides discussed security"),
        "claim": bilingual("Стороны обсудили вопросы безопасности.", "The sides discussed security."),
        "claimant": bilingual("Министерство обороны", "The defence ministry"),
        "appearances": [name],
        "verdict": verdict,
        "explanation": bilingual("Так пишет только одно сообщение.", "Only one report says so."),
        "summary": bilingual("Сообщение одно.\n", "There is one report.\n"),
        "quotes": [
            {"id": "q1", "source": name, "text": "Министерство обороны сообщило о переговорах 7 ноября 2025 года."},
            {"id": "q2", "source": name, "text": "стороны обсудили «вопросы безопасности»"},
        ],
        "published": published,
        "events": [name],
        "status": "published",  # ready: the guide's section 8
    }
    data["quotes"][0]["translation"] = "The defence ministry reported talks on 7 November 2025."
    data["quotes"][1]["translation"] = "the sides discussed “security matters”"
    dump(path, data)


def fill_event(root: Path, name: str) -> None:
    """The new timeline event, resting on the new claim's quote, as the guide's section 5 asks."""
    path = root / "content/timeline.yaml"
    data = load(path)
    event = data["events"][-1]
    assert event["id"] == name and event["date"] == "" and event["status"] == "draft"  # the skeleton `new event` appended
    event |= {
        "date": "2025-11-07",
        "title": bilingual("Переговоры о безопасности", "Talks on security"),
        "description": bilingual("Министерство сообщило о переговорах.\n", "The ministry reported talks.\n"),
        "quotes": [{"claim": name, "quote": "q1"}],
        "status": "published",
    }
    dump(path, data)


def link_from_coverage(root: Path, claim_id: str) -> None:
    """The coverage page, where the publication has one, links the new claim in both languages."""
    path = root / "content/pages/coverage.yaml"
    if path.is_file():
        data = load(path)
        data["body"] = {lang: f"{text}\n- [{claim_id}](/{lang}/claims/{claim_id}/)\n" for lang, text in data["body"].items()}
        dump(path, data)


def correct(root: Path, name: str, published: date) -> None:
    """A correction of the new claim a day after publication, with `updated:` set to its date (the guide's section 6)."""
    path = root / f"content/claims/{name}.yaml"
    data = load(path)
    day = published + timedelta(days=1)
    data |= {"updated": day, "corrections": [{"date": day, "note": bilingual("Уточнён перевод.", "The translation was made exact.")}]}
    dump(path, data)


def unused_id(root: Path) -> str:
    """An id that no source, claim or event of the project has yet: the new source, claim and event all take it."""
    timeline = (root / "content/timeline.yaml").read_text(encoding="utf-8")
    taken = {*(p.stem for p in (root / "seeds").iterdir()), *(p.stem for p in (root / "content/claims").iterdir())}
    return next(f"added-{n}" for n in count(1) if f"added-{n}" not in taken and f"id: added-{n}\n" not in timeline)


def new(root: Path, *args: str) -> None:
    """Run `build.py new …` in the project, as the guide shows."""
    result = run_cli(root, "new", *args)
    assert result.returncode == 0, result.stderr


PROBLEM = re.compile(r"^([\w./-]+)(?::\d+:\d+)?: (.*)")
"""The first line of a reported problem: `path:line:column: message` (or `path: message` for a whole file)."""


def problems_reported(root: Path) -> Counter[tuple[str, str]]:
    """What `check` reports on the project, which must have no error: each problem's file and message, counted (the
    test rewrites whole files, which moves lines)."""
    checked = run_cli(root, *TEST_ADDRESS, "check")
    assert checked.returncode == 0, checked.stderr
    return Counter((found[1], found[2]) for line in checked.stderr.splitlines() if (found := PROBLEM.match(line)))


@pytest.mark.slow
def test_a_source_claim_event_and_correction_added_as_the_guide_shows_pass_the_checks_and_build(tmp_path: Path) -> None:
    # On a copy of the publication as it stands, whatever warnings its editors' work in progress gives (a draft, a
    # source not quoted yet): the additions must bring no problem of their own.
    root = tmp_path / "publication"
    for folder in ("content", "seeds", "templates", "locales"):
        shutil.copytree(REPO / folder, root / folder)
    before = problems_reported(root)
    article = tmp_path / "article.txt"
    article.write_bytes(NEW_TEXT.encode("utf-8"))
    name = unused_id(root)
    new(root, "source", str(article), "--id", name)
    assert (root / f"seeds/{name}.txt").read_bytes() == article.read_bytes()
    fill_source(root, name)
    verdict = next(v["key"] for v in load(root / "content/verdicts.yaml")["verdicts"] if set(v.get("requires") or ()) <= {"one-report"})
    published = date.today() - timedelta(days=1)  # out already, whatever checks are scheduled
    new(root, "claim", name)
    fill_claim(root, name, verdict, published)
    new(root, "event", name)
    fill_event(root, name)
    link_from_coverage(root, name)
    assert problems_reported(root) <= before
    correct(root, name, published)
    assert problems_reported(root) <= before
    built = run_cli(root, *TEST_ADDRESS, "--no-search")
    assert built.returncode == 0, built.stderr
    page = parse_html((root / f"site/en/claims/{name}/index.html").read_bytes())
    h1 = page.find("h1")
    assert h1 is not None and " ".join(h1.text().split()) == "The sides discussed security"
    assert (root / f"site/ru/sources/{name}/index.html").is_file()
