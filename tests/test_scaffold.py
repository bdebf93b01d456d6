"""`build.py new`: commented skeletons made from the field definitions, which build once filled in."""

from __future__ import annotations

import errno
import hashlib
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, build_files, make_project, problems_of, run_cli, write
from htmltree import parse_html

import build
from sverka import kinds
from sverka.scaffold import source_id_from


def load(file: Path) -> Any:
    """A YAML file as plain data."""
    return yaml.safe_load(file.read_text(encoding="utf-8"))


def save(file: Path, data: Any, first_line: str) -> None:
    """Write plain data back as YAML under the file's schema line."""
    file.write_text(first_line + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def both(text: str) -> dict[str, str]:
    """The same text for both languages."""
    return {"ru": text, "en": text}


def test_a_new_claim_has_every_field_with_both_languages_and_its_schema_line(project: Path) -> None:
    result = run_cli(project, "new", "claim", "new-claim")
    assert result.returncode == 0, result.stderr
    file = project / "content/claims/new-claim.yaml"
    text = file.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schemas/claim.schema.json"
    data = load(file)
    assert list(data) == list(kinds.CLAIM.fields)
    for name in ("headline", "claim", "claimant", "explanation", "summary"):
        assert set(data[name]) == {"ru", "en"}
    assert set(data["quotes"][0]) == set(kinds.QUOTE.fields)
    for name, spec_field in kinds.CLAIM.fields.items():
        assert f"# {spec_field.doc}" in text, name
    assert "Заголовок страницы" in text  # the Russian description beside the English one


def test_an_unfilled_claim_skeleton_is_listed_field_by_field_but_stops_no_edition(project: Path) -> None:
    assert run_cli(project, "new", "claim", "new-claim").returncode == 0
    editors = run_cli(project, "--drafts", "--no-search")  # the preview's edition: the rest of the site stays in view
    assert editors.returncode == 0, editors.stderr
    assert re.search(r"content/claims/new-claim.yaml:\d+:\d+: warning: “headline.ru” is empty", editors.stderr)
    assert "warning: “appearances” lists too few items — it needs 1 at the least" in editors.stderr
    assert (project / "site/en/claims/talks-date/index.html").exists() and not (project / "site/en/claims/new-claim").exists()
    assert run_cli(project, "--drafts", "check", "--strict").returncode == 1
    published = run_cli(project, "--no-search")
    assert published.returncode == 0, published.stderr
    assert re.search(
        r"content/claims/new-claim.yaml:\d+:\d+: note: a draft not finished yet: the published site leaves it out", published.stderr
    )
    assert "“headline.ru” is empty" not in published.stderr
    assert not (project / "site/en/claims/new-claim").exists()


def test_an_unfilled_event_skeleton_stops_no_edition_until_it_is_set_to_published(project: Path) -> None:
    assert run_cli(project, "new", "event", "talks").returncode == 0
    editors = run_cli(project, "--drafts", "check")
    assert editors.returncode == 0 and re.search(r"content/timeline.yaml:\d+:\d+: warning: “events\[1\].date” is empty", editors.stderr)
    published = run_cli(project, "--no-search")
    assert published.returncode == 0, published.stderr
    assert re.search(r"content/timeline.yaml:\d+:\d+: note: a draft not finished yet", published.stderr)
    text = (project / "content/timeline.yaml").read_text(encoding="utf-8").replace("status: draft", "status: published")
    write(project, "content/timeline.yaml", text)
    assert any("“events[1].date” is empty" in p for p in problems_of(project))


def test_a_claim_set_to_published_before_it_is_finished_stops_every_build(project: Path) -> None:
    assert run_cli(project, "new", "claim", "new-claim").returncode == 0
    file = project / "content/claims/new-claim.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace("status: draft", "status: published", 1), encoding="utf-8")
    assert any("new-claim.yaml" in p and "“headline.ru” is empty" in p for p in problems_of(project))


def test_a_filled_in_claim_skeleton_builds(project: Path) -> None:
    assert run_cli(project, "new", "claim", "new-claim").returncode == 0
    file = project / "content/claims/new-claim.yaml"
    first_line = file.read_text(encoding="utf-8").splitlines(keepends=True)[0]
    data = load(file)
    for name in ("headline", "claim", "claimant", "explanation", "summary"):
        data[name] = both(f"Text of {name}")
    data["appearances"] = ["001_36549a97ad93da46"]
    data["verdict"] = "confirmed"
    data["quotes"][0].update(
        id="q1",
        source="001_36549a97ad93da46",
        text="Встреча военных двух диктатур состоялась в Пхеньяне 6 ноября.",
        translation="The meeting took place on 6 November.",
    )
    data["published"] = "2026-11-21"
    assert data["status"] == "draft"  # a new check starts as a draft: the published site leaves it out
    save(file, data, first_line)
    assert "en/claims/new-claim/index.html" not in build_files(project)
    assert "en/claims/new-claim/index.html" in build_files(project, drafts=True)
    data["status"] = "published"
    save(file, data, first_line)
    files = build_files(project)
    assert "en/claims/new-claim/index.html" in files


def test_new_refuses_to_overwrite_an_existing_claim(project: Path) -> None:
    file = project / "content/claims/talks-date.yaml"
    before = file.read_bytes()
    result = run_cli(project, "new", "claim", "talks-date")
    assert result.returncode == 1
    assert "content/claims/talks-date.yaml already exists" in result.stderr
    assert "Traceback" not in result.stderr
    assert file.read_bytes() == before


def test_new_refuses_an_id_another_check_keeps_as_an_earlier_address(project: Path) -> None:
    claim = project / "content" / "claims" / "talks-date.yaml"
    claim.write_text(claim.read_text(encoding="utf-8") + "aliases: [talks-day]\n", encoding="utf-8")
    result = run_cli(project, "new", "claim", "talks-day")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "“talks-day” is an earlier address of the check “talks-date”" in result.stderr
    assert not (project / "content" / "claims" / "talks-day.yaml").exists()


def test_new_refuses_an_unsafe_claim_id(project: Path) -> None:
    result = run_cli(project, "new", "claim", "Talks Date")
    assert result.returncode == 1
    assert "is not a safe id" in result.stderr
    assert not (project / "content/claims/Talks Date.yaml").exists()


def test_new_tells_the_next_step_in_the_editors_language(project: Path) -> None:
    english = run_cli(project, "new", "claim", "one")
    russian = run_cli(project, "new", "claim", "two", lang="ru")
    assert "python3 build.py check" in english.stderr and "Next:" in english.stderr
    assert "Дальше:" in russian.stderr


def test_new_source_archives_the_text_byte_for_byte_with_its_checksum(project: Path, tmp_path: Path) -> None:
    article = tmp_path / "RBC Report 2025.txt"
    raw = "Первая строка.\r\nВторая\u00a0строка.\n".encode()
    article.write_bytes(raw)
    result = run_cli(project, "new", "source", str(article))
    assert result.returncode == 0, result.stderr
    assert (project / "seeds/rbc-report-2025.txt").read_bytes() == raw
    meta_file = project / "seeds/rbc-report-2025.yaml"
    assert meta_file.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../schemas/source.schema.json\n")
    meta = load(meta_file)
    assert meta["sha256"] == hashlib.sha256(raw).hexdigest()
    assert list(meta) == list(kinds.SOURCE.fields)


@pytest.mark.parametrize("page", ["<!DOCTYPE html>\n<html><body><p>Текст.</p></body></html>\n", "<p>Первый абзац.</p>\n<p>Второй.</p>\n"])
def test_a_saved_web_page_is_refused_as_a_source_text(project: Path, tmp_path: Path, page: str) -> None:
    article = tmp_path / "article.html"
    article.write_text(page, encoding="utf-8")
    result = run_cli(project, "new", "source", str(article), "--id", "web")
    assert result.returncode == 1 and "is a web page's code, not the article's text" in result.stderr
    assert not (project / "seeds/web.txt").exists()
    article.write_text("Статья о теге <p> и <переговорах>, p < 0.05.\n", encoding="utf-8")  # a text naming a tag is no page
    assert run_cli(project, "new", "source", str(article), "--id", "web").returncode == 0


@pytest.mark.parametrize(
    ("name", "start", "kind"),
    [
        ("article.rtf", b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} \\f0 Text.}", "RTF"),
        ("article.docx", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml", ".docx, .odt"),
        ("article.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", ".doc"),
        ("article.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    ],
)
def test_a_word_processor_or_pdf_file_is_refused_as_a_document_not_plain_text(
    project: Path, tmp_path: Path, name: str, start: bytes, kind: str
) -> None:
    article = tmp_path / name
    article.write_bytes(start)
    result = run_cli(project, "new", "source", str(article), "--id", "document", lang="en")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"is a document file ({kind}), not plain text — save the article from its program as plain text (UTF-8)" in result.stderr
    assert not (project / "seeds/document.txt").exists()


def test_a_text_wrapped_at_a_fixed_width_is_refused_as_its_lines_would_be_paragraphs(project: Path, tmp_path: Path) -> None:
    article = tmp_path / "wrapped.txt"
    article.write_text(
        "Власти КНДР в пятницу подтвердили приезд\nделегации российских военных во главе с\nзаместителем министра.\n\n"
        "Об этом сообщило агентство ЦТАК.\n",
        encoding="utf-8",
    )
    result = run_cli(project, "new", "source", str(article), "--id", "wrapped", lang="en")
    assert result.returncode == 1 and "breaks sentences across lines (the first at the end of line 1)" in result.stderr
    assert not (project / "seeds/wrapped.txt").exists()
    article.write_text(article.read_text(encoding="utf-8").replace("\n", " \n"), encoding="utf-8")  # as mail programs wrap
    result = run_cli(project, "new", "source", str(article), "--id", "wrapped", lang="en")
    assert result.returncode == 1 and "breaks sentences across lines (the first at the end of line 1)" in result.stderr
    # one paragraph a line; a single break before a small letter (a list, a quoted line) is the article's own
    article.write_text("Стороны обсудили:\n— сотрудничество;\nи обмен делегациями.\nВсё, сказано в сообщении.\n", encoding="utf-8")
    assert run_cli(project, "new", "source", str(article), "--id", "wrapped").returncode == 0
    # a list copied without its bullets, one item a line, is no wrapped text either
    article.write_text("Стороны обсудили:\nрасширение сотрудничества;\nобмен делегациями;\nсовместные учения.\n", encoding="utf-8")
    assert run_cli(project, "new", "source", str(article), "--id", "listed").returncode == 0


@pytest.mark.parametrize("saved", ["as archived", "again on Windows", "in decomposed Unicode"])
def test_a_text_archived_already_is_refused_naming_its_source(project: Path, tmp_path: Path, saved: str) -> None:
    archived = project / "seeds/001_36549a97ad93da46.txt"
    if saved == "again on Windows":  # a byte-order mark, CRLF line endings, a blank line at the end
        again = tmp_path / "saved-again.txt"
        again.write_bytes(b"\xef\xbb\xbf" + archived.read_bytes().replace(b"\n", b"\r\n") + b"\r\n")
        archived = again
    if saved == "in decomposed Unicode":  # й as и + a combining breve, as some macOS tools save it
        again = tmp_path / "decomposed.txt"
        again.write_text(unicodedata.normalize("NFD", archived.read_text(encoding="utf-8")), encoding="utf-8")
        assert again.read_bytes() != archived.read_bytes()
        archived = again
    before = sorted(path.name for path in (project / "seeds").iterdir())
    result = run_cli(project, "new", "source", str(archived), "--id", "rbc-again")
    assert result.returncode == 1
    assert "this text is archived already, as seeds/001_36549a97ad93da46.txt — quote that source (id “001_36549a97ad93da46”)" in (
        result.stderr
    )
    assert sorted(path.name for path in (project / "seeds").iterdir()) == before


def test_looking_for_the_text_among_the_archive_reads_only_its_regular_files(project: Path, tmp_path: Path) -> None:
    # A pipe among the archived texts is told by the build; the command must not wait on it forever.
    os.mkfifo(project / "seeds/stray.txt")
    (project / "seeds/folder.txt").mkdir()
    article = tmp_path / "article.txt"
    article.write_text("Министерство сообщило о переговорах.\n", encoding="utf-8")
    command = [sys.executable, str(REPO / "build.py"), "--root", str(project), "new", "source", str(article), "--id", "fresh"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)  # fails, not hangs
    assert result.returncode == 0, result.stderr
    assert (project / "seeds/fresh.txt").read_bytes() == article.read_bytes()


def test_a_source_skeleton_not_filled_in_yet_stops_no_build_and_is_listed_for_the_editor(project: Path, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Одна строка текста.\n", encoding="utf-8")
    assert run_cli(project, "new", "source", str(article), "--id", "fresh").returncode == 0
    built = run_cli(project, "--no-search")
    assert built.returncode == 0, built.stderr  # the published site leaves it out, with a note
    assert "seeds/fresh.yaml:9:7: note: a draft not finished yet" in built.stderr
    assert not (project / "site/en/sources/fresh").exists()
    _, problems = build.build_site(project, drafts=True)  # the preview: the rest of the site stays up
    assert [f"{p.line}: {p.message('en')}" for p in problems.warnings if p.path == "seeds/fresh.yaml"][:2] == [
        "9: “title.ru” is empty — write the text",
        "10: “title.en” is empty — write the text",
    ]
    strict = run_cli(project, "check", "--drafts", "--strict")
    assert strict.returncode == 1 and "“language” is empty — use one of: ru, en" in strict.stderr


def test_a_claim_quoting_a_source_skeleton_is_told_to_finish_it_not_that_the_source_is_unknown(project: Path, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Одна строка текста.\n", encoding="utf-8")
    assert run_cli(project, "new", "source", str(article), "--id", "fresh").returncode == 0
    claim = project / "content/claims/talks-date.yaml"
    text = claim.read_text(encoding="utf-8").replace("source: 000_65c26eebc33d0df9", "source: fresh")
    claim.write_text(text.replace("000_65c26eebc33d0df9]", "fresh]"), encoding="utf-8")
    unfinished = "the source “fresh” is not finished yet: seeds/fresh.yaml has empty fields — fill them in"
    assert [p for p in problems_of(project) if "fresh" in p] == [  # once in the file, not at each of its quotes too
        f"content/claims/talks-date.yaml:8:37: {unfinished} (`python3 build.py check --drafts` lists them), then its quotes are checked",
    ]
    russian = run_cli(project, "check", lang="ru")
    assert russian.returncode == 1 and "источник «fresh» ещё не готов" in russian.stderr and "unknown" not in russian.stderr


def test_a_filled_in_source_skeleton_builds(project: Path, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Одна строка текста.\n", encoding="utf-8")
    assert run_cli(project, "new", "source", str(article), "--id", "my_source-1").returncode == 0
    meta_file = project / "seeds/my_source-1.yaml"
    first_line = meta_file.read_text(encoding="utf-8").splitlines(keepends=True)[0]
    meta = load(meta_file)
    meta.update(title=both("Headline"), language="ru", attribution=both("Nobody"))
    save(meta_file, meta, first_line)
    assert "ru/sources/my_source-1/index.html" in build_files(project)


def test_a_source_saved_with_a_byte_order_mark_is_archived_as_it_is_and_read_without_it(tmp_path: Path) -> None:
    text = " date 2025-11-07 Заголовок статьи\nОдна строка текста.\n"
    pages = []
    for mark in ("", "\ufeff"):  # Notepad saves UTF-8 with the mark
        project = make_project(tmp_path / f"project{len(mark)}")
        article = tmp_path / f"article{len(mark)}.txt"
        article.write_bytes((mark + text).encode())
        assert run_cli(project, "new", "source", str(article), "--id", "new-source").returncode == 0
        assert (project / "seeds/new-source.txt").read_bytes() == (mark + text).encode()
        meta_file = project / "seeds/new-source.yaml"
        first_line = meta_file.read_text(encoding="utf-8").splitlines(keepends=True)[0]
        meta = load(meta_file)
        meta.update(title=both("Headline"), language="ru", attribution=both("Nobody"))
        save(meta_file, meta, first_line)
        pages.append(build_files(project)["en/sources/new-source/index.html"].replace(meta["sha256"].encode(), b"SHA-256"))
    assert pages[1] == pages[0]  # but for the checksum: the dateline read as one, no invisible character on the page


def test_new_source_refuses_an_existing_id_and_a_file_that_is_not_text(project: Path, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Текст.\n", encoding="utf-8")
    taken = run_cli(project, "new", "source", str(article), "--id", "001_36549a97ad93da46")
    assert taken.returncode == 1
    assert "seeds/001_36549a97ad93da46.txt already exists — give the new source another id with --id" in taken.stderr
    assert "edit the existing file" not in taken.stderr  # an archived text is never edited
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\xff\xfe\x00text")
    refused = run_cli(project, "new", "source", str(binary))
    assert refused.returncode == 1 and "not UTF-8" in refused.stderr
    assert not (project / "seeds/scan.txt").exists()


@pytest.mark.parametrize("name", ["статья2.txt", "Café Пхеньян.txt"])
def test_a_file_name_with_letters_an_id_cannot_hold_asks_for_an_id_rather_than_losing_them(
    project: Path, tmp_path: Path, name: str
) -> None:
    article = tmp_path / name
    article.write_text("Текст.\n", encoding="utf-8")
    refused = run_cli(project, "new", "source", str(article))
    assert refused.returncode == 1 and f"the file name “{name}” has letters an id cannot hold" in refused.stderr
    assert not (project / "seeds" / "2.txt").exists() and not (project / "seeds" / "cafe.txt").exists()
    named = run_cli(project, "new", "source", str(article), "--id", "rbc-2025-11-07")
    assert named.returncode == 0 and (project / "seeds" / "rbc-2025-11-07.txt").read_bytes() == article.read_bytes()


@pytest.mark.parametrize("given", ["", " ", "a--b", "_a", "a-"])
def test_an_empty_or_malformed_source_id_is_refused_stating_the_rule(project: Path, tmp_path: Path, given: str) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Текст.\n", encoding="utf-8")
    before = sorted(os.listdir(project / "seeds"))
    refused = run_cli(project, "new", "source", str(article), "--id", given)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    if given.strip():
        assert "with a single - or _ between them and none at the start or the end, e.g. rbc-2025-11-07" in refused.stderr
    else:  # not the file's own name taken in its place
        assert "--id is empty — write the id after it" in refused.stderr
    assert sorted(os.listdir(project / "seeds")) == before


def test_new_source_given_a_path_within_the_project_from_another_folder_finds_it_there(project: Path, tmp_path: Path) -> None:
    (project / "incoming").mkdir()
    (project / "incoming" / "article.txt").write_text("Текст.\n", encoding="utf-8")
    command = [sys.executable, str(REPO / "build.py"), "--root", str(project), "new", "source", "incoming/article.txt"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert (project / "seeds" / "article.txt").read_text(encoding="utf-8") == "Текст.\n"


def test_a_source_id_is_a_safe_slug_of_the_file_name() -> None:
    assert source_id_from("RBC Report (7 Nov) 2025") == "rbc-report-7-nov-2025"
    assert source_id_from("001_36549a97ad93da46") == "001_36549a97ad93da46"
    assert source_id_from("Статья") == ""


def test_new_event_creates_the_timeline_and_a_filled_in_event_builds(project: Path) -> None:
    assert not (project / "content/timeline.yaml").exists()
    result = run_cli(project, "new", "event", "talks-2025-11-06")
    assert result.returncode == 0, result.stderr
    timeline = project / "content/timeline.yaml"
    first_line = timeline.read_text(encoding="utf-8").splitlines(keepends=True)[0]
    assert first_line == "# yaml-language-server: $schema=../schemas/timeline.schema.json\n"
    data = load(timeline)
    [event] = data["events"]
    assert event["id"] == "talks-2025-11-06" and set(event) == set(kinds.EVENT.fields)
    event.update(date="2025-11-06", title=both("Talks"), description=both("Talks."), quotes=[{"claim": "talks-date", "quote": "q1"}])
    save(timeline, data, first_line)
    assert "ru/claims/talks-date/index.html" in build_files(project)


def test_new_event_appends_to_the_timeline_and_refuses_an_existing_id(project: Path) -> None:
    write(
        project,
        "content/timeline.yaml",
        "events:\n  - id: first\n    date: '2025'\n    title: {ru: a, en: a}\n"
        "    description: {ru: a, en: a}\n    quotes: [{claim: talks-date, quote: q1}]\n",
    )
    assert run_cli(project, "new", "event", "second").returncode == 0
    assert [e["id"] for e in load(project / "content/timeline.yaml")["events"]] == ["first", "second"]
    before = (project / "content/timeline.yaml").read_bytes()
    again = run_cli(project, "new", "event", "first")
    assert again.returncode == 1 and "already exists" in again.stderr
    assert (project / "content/timeline.yaml").read_bytes() == before


@pytest.mark.parametrize("text", ["", "# the publication's timeline\n"])
def test_new_event_starts_the_list_in_an_empty_timeline(project: Path, text: str) -> None:
    write(project, "content/timeline.yaml", text)
    result = run_cli(project, "new", "event", "talks")
    assert result.returncode == 0, result.stderr
    assert [e["id"] for e in load(project / "content/timeline.yaml")["events"]] == ["talks"]


def test_new_event_follows_a_timeline_whose_events_are_not_indented(project: Path) -> None:
    write(
        project,
        "content/timeline.yaml",
        "events:\n# the first\n- id: first\n  date: '2025'\n  title: {ru: a, en: a}\n"
        "  description: {ru: a, en: a}\n  quotes: [{claim: talks-date, quote: q1}]\n",
    )
    result = run_cli(project, "new", "event", "second")
    assert result.returncode == 0, result.stderr
    assert [e["id"] for e in load(project / "content/timeline.yaml")["events"]] == ["first", "second"]


@pytest.mark.parametrize("empty", ["events: []\n", "events: []  # none yet\n", "events:\n  []\n", "events:   [ ]   \n"])
def test_new_event_turns_an_empty_timeline_into_a_list(project: Path, empty: str) -> None:
    write(project, "content/timeline.yaml", "# yaml-language-server: $schema=../schemas/timeline.schema.json\n" + empty)
    result = run_cli(project, "new", "event", "only")
    assert result.returncode == 0, result.stderr
    assert [e["id"] for e in load(project / "content/timeline.yaml")["events"]] == ["only"]
    assert ("# none yet" in empty) == ("events:  # none yet\n" in (project / "content/timeline.yaml").read_text(encoding="utf-8"))


def test_new_event_that_cannot_be_placed_is_given_to_add_by_hand_without_blaming_the_file(project: Path) -> None:
    write(project, "content/timeline.yaml", "events: !!seq []\n")  # valid YAML this command does not take apart
    result = run_cli(project, "new", "event", "only")
    assert result.returncode == 1 and "add it at the end of `events:` by hand" in result.stderr
    assert "does not read as YAML" not in result.stderr


def test_new_event_refuses_a_timeline_that_does_not_read_as_yaml(project: Path) -> None:
    write(project, "content/timeline.yaml", "events: [\n")
    result = run_cli(project, "new", "event", "x")
    assert result.returncode == 1 and "does not read as YAML" in result.stderr


def test_an_id_option_for_a_claim_or_event_is_refused_rather_than_ignored(project: Path) -> None:
    for kind in ("claim", "event"):
        result = run_cli(project, "new", kind, "first-name", "--id", "second-name")
        assert result.returncode == 2 and f"build.py new {kind} second-name" in result.stderr
        assert not list(project.rglob("*first-name*")) and not list(project.rglob("*second-name*"))
    assert not (project / "content/timeline.yaml").exists()  # the fixture has none: no event was added


@pytest.mark.parametrize("full", ["the text", "its metadata", "the timeline"])
def test_a_disk_that_fills_up_while_new_writes_leaves_every_file_as_it_was(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], full: str
) -> None:
    article = tmp_path / "report.txt"
    article.write_bytes("Первая строка.\n".encode())
    timeline = project / "content/timeline.yaml"
    before = {path: path.read_bytes() for path in project.rglob("*") if path.is_file()}
    real = Path.write_bytes

    def fill_up(path: Path, data: bytes) -> int:  # half the bytes of the file named reach the disk, then it is full
        if {"the text": ".txt", "its metadata": ".yaml", "the timeline": "timeline.yaml"}[full] in path.name:
            real(path, data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(path, data)

    monkeypatch.setattr(Path, "write_bytes", fill_up)
    command = ["new", "event", "next"] if full == "the timeline" else ["new", "source", str(article)]
    assert build.main(["--root", str(project), *command]) == 1
    assert "no space left on the device" in capsys.readouterr().err
    assert {path: path.read_bytes() for path in project.rglob("*") if path.is_file()} == before
    monkeypatch.undo()
    assert build.main(["--root", str(project), *command]) == 0  # once there is room, the same command does it
    assert "next" in timeline.read_text(encoding="utf-8") if full == "the timeline" else (project / "seeds/report.txt").exists()


def test_a_skeleton_or_schema_the_system_refuses_is_told_without_a_traceback(project: Path) -> None:
    for kind in ("claim", "event"):
        long = run_cli(project, "new", kind, "a" * 300)
        assert long.returncode == 1 and "Traceback" not in long.stderr
        assert "the id is 300 characters long — choose one of at most 100" in long.stderr
    assert not (project / "content/claims").joinpath("a" * 100).with_suffix(".yaml").exists()
    timeline = project / "content/timeline.yaml"
    assert not timeline.exists() or "a" * 100 not in timeline.read_text(encoding="utf-8")
    (project / "schemas").write_text("", encoding="utf-8")  # a file where the folder should be
    blocked = run_cli(project, "schemas", lang="ru")
    assert blocked.returncode == 1 and "Traceback" not in blocked.stderr
    assert blocked.stderr.startswith("schemas: это файл, а сборке здесь нужна папка")


def test_new_event_keeps_the_line_ends_of_a_timeline_saved_with_windows_line_ends(project: Path) -> None:
    timeline = project / "content/timeline.yaml"
    lines = ["events:", "  - id: first", "    date: '2025'", "    title: {ru: a, en: a}", "    description: {ru: a, en: a}"]
    timeline.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    assert run_cli(project, "new", "event", "second").returncode == 0
    raw = timeline.read_bytes()
    assert raw.startswith(("\r\n".join(lines) + "\r\n").encode("utf-8")) and b"\n" not in raw.replace(b"\r\n", b"")
    assert [e["id"] for e in load(timeline)["events"]] == ["first", "second"]


def test_new_source_given_an_archived_text_whose_metadata_was_lost_writes_the_metadata_alone(project: Path) -> None:
    meta = project / "seeds/001_36549a97ad93da46.yaml"
    text = (project / "seeds/001_36549a97ad93da46.txt").read_bytes()
    meta.unlink()
    told = run_cli(project, "--no-search")
    assert told.returncode == 1 and "`python3 build.py new source seeds/001_36549a97ad93da46.txt` writes a skeleton" in told.stderr
    result = run_cli(project, "new", "source", str(project / "seeds/001_36549a97ad93da46.txt"))
    assert result.returncode == 0, result.stderr
    assert (project / "seeds/001_36549a97ad93da46.txt").read_bytes() == text
    assert load(meta)["sha256"] == hashlib.sha256(text).hexdigest()


def test_a_text_put_into_seeds_by_hand_is_described_by_the_command_the_build_gives(project: Path) -> None:
    (project / "seeds/RBC.txt").write_text("Заголовок\nТекст статьи.\n", encoding="utf-8")
    told = run_cli(project, "check")
    assert told.returncode == 1 and "`python3 build.py new source seeds/RBC.txt` writes a skeleton of seeds/RBC.yaml" in told.stderr
    result = run_cli(project, "new", "source", str(project / "seeds/RBC.txt"))  # its name is its id: not “rbc”, no clash with itself
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project / "seeds").glob("RBC.*")) == ["RBC.txt", "RBC.yaml"]


@pytest.mark.parametrize("name", ["Статья РБК", "rbc#1"])
def test_a_text_put_into_seeds_under_a_name_no_id_can_be_is_refused_and_renamed_by_the_command_given(project: Path, name: str) -> None:
    text = "Заголовок\nТекст статьи.\n".encode()
    (project / f"seeds/{name}.txt").write_bytes(text)
    told = run_cli(project, "check")
    command = f"`python3 build.py new source 'seeds/{name}.txt' --id ID` renames the text and writes its metadata"
    assert told.returncode == 1 and f"seeds/{name}.txt: “{name}” cannot be a source's id" in told.stderr and command in told.stderr
    result = run_cli(project, "new", "source", str(project / f"seeds/{name}.txt"), "--id", "rbc-article")
    assert result.returncode == 0, result.stderr
    assert not (project / f"seeds/{name}.txt").exists() and (project / "seeds/rbc-article.txt").read_bytes() == text
    assert load(project / "seeds/rbc-article.yaml")["sha256"] == hashlib.sha256(text).hexdigest()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_new_source_refuses_a_pipe_at_once_instead_of_waiting_for_a_writer(project: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "article.txt"
    os.mkfifo(pipe)
    result = run_cli(project, "new", "source", str(pipe), timeout=30)
    assert result.returncode == 1 and "is a special file (a pipe, device or socket), not a text" in result.stderr
    assert not list((project / "seeds").glob("article*"))


def test_new_source_refuses_an_id_that_differs_from_an_archived_one_only_in_capitals(project: Path, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Другой текст.\n", encoding="utf-8")
    result = run_cli(project, "new", "source", str(article), "--id", "001_36549A97AD93DA46")
    assert result.returncode == 1 and "“001_36549a97ad93da46” differs from this id only in capitals" in result.stderr
    assert not (project / "seeds/001_36549A97AD93DA46.txt").exists()


def test_a_claim_id_as_long_as_an_id_may_be_is_written(project: Path) -> None:
    name = "a" * 100  # as long as a source id: an id names pages and files
    result = run_cli(project, "new", "claim", name)
    assert result.returncode == 0, result.stderr
    assert (project / f"content/claims/{name}.yaml").exists()
    assert build_files(project)  # and the site builds with it


def test_a_source_id_made_from_a_long_file_name_is_cut_at_a_word_to_fit_a_page_comparing_two(project: Path, tmp_path: Path) -> None:
    article = tmp_path / ("russia-is-negotiating-with-the-dprk-over-new-mercenaries-" * 3 + ".txt")
    article.write_text("Заголовок\nТекст статьи.\n", encoding="utf-8")
    assert run_cli(project, "new", "source", str(article)).returncode == 0
    (text,) = [path for path in (project / "seeds").glob("russia-*.txt")]
    assert len(text.stem) <= 100 and article.stem.startswith(text.stem + "-")
    too_long = run_cli(project, "new", "source", str(article), "--id", "a" * 101)
    assert too_long.returncode == 1 and "the id is 101 characters long — give one of at most 100 with --id" in too_long.stderr


def test_an_archived_source_whose_id_is_too_long_to_name_a_comparison_is_told_at_its_file(project: Path) -> None:
    name = "s" * 130
    for suffix in (".txt", ".yaml"):
        (project / f"seeds/001_36549a97ad93da46{suffix}").rename(project / f"seeds/{name}{suffix}")
    result = run_cli(project, "check")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"seeds/{name}.txt: this source's id is 130 characters long, and a source id has at most 100" in result.stderr


def test_new_source_on_a_hand_dropped_text_that_is_described_or_archived_already_or_given_the_placeholder_id(project: Path) -> None:
    seeds = project / "seeds"
    (seeds / "RBC.txt").write_text("Заголовок\nТекст статьи.\n", encoding="utf-8")
    assert run_cli(project, "new", "source", str(seeds / "RBC.txt")).returncode == 0
    again = run_cli(project, "new", "source", str(seeds / "RBC.txt"))  # run twice: not a clash with itself
    assert again.returncode == 1 and "seeds/RBC.yaml exists already: fill it in" in again.stderr
    (seeds / "dupe.txt").write_bytes((seeds / "001_36549a97ad93da46.txt").read_bytes())
    copy = run_cli(project, "new", "source", str(seeds / "dupe.txt"))
    assert copy.returncode == 1 and "archived already, as seeds/001_36549a97ad93da46.txt" in copy.stderr
    assert not (seeds / "dupe.yaml").exists()
    (seeds / "dupe.txt").unlink()
    (seeds / "rbc#1.txt").write_text("Другой текст.\n", encoding="utf-8")
    placeholder = run_cli(project, "new", "source", str(seeds / "rbc#1.txt"), "--id", "ID")
    assert placeholder.returncode == 1 and "“ID” stands for the id you choose" in placeholder.stderr
    assert not (seeds / "ID.txt").exists() and (seeds / "rbc#1.txt").exists()


def test_an_archived_text_named_in_capital_letters_txt_is_told_to_be_renamed(project: Path) -> None:
    (project / "seeds/news.TXT").write_text("Текст.\n", encoding="utf-8")
    assert "seeds/news.TXT:0:0: an archived text's name ends in .txt, in small letters — rename it to news.txt" in problems_of(project)


def test_new_source_on_a_text_in_seeds_given_by_a_relative_path_says_its_metadata_exists(project: Path) -> None:
    command = [sys.executable, str(REPO / "build.py"), "--lang", "en", "new", "source", "seeds/001_36549a97ad93da46.txt"]
    for given in (project, project / "seeds"):  # the path as the guide writes it, from the project or beside it
        path = "001_36549a97ad93da46.txt" if given.name == "seeds" else "seeds/001_36549a97ad93da46.txt"
        result = subprocess.run([*command[:-1], path, "--root", str(project)], cwd=given, capture_output=True, text=True, check=False)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "seeds/001_36549a97ad93da46.yaml exists already: fill it in" in result.stderr


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("Первый абзац\x0cс переводом страницы.\nВторой.\n", "holds the control character U+000C at line 1, column 13"),
        ("Первый абзац.\nВторой\x00 абзац.\n", "holds the control character U+0000 at line 2, column 7"),
        ("Первый абзац.\rВторой абзац.\r", "breaks its lines with U+000D (line 1, column 14)"),
        ("Первый абзац.\u2029Второй абзац.\n", "breaks its lines with U+2029 (line 1, column 14)"),
    ],
)
def test_new_source_refuses_a_text_with_characters_no_article_holds_naming_where(
    project: Path, tmp_path: Path, text: str, told: str
) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes(text.encode())
    for lang in ("en", "ru"):
        result = run_cli(project, "new", "source", str(article), "--id", "odd", lang=lang)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        if lang == "en":
            assert told in result.stderr, result.stderr
        else:
            assert "управляющий символ" in result.stderr or "строки разделены" in result.stderr, result.stderr
    assert not (project / "seeds/odd.txt").exists()


def archive_by_hand(project: Path, source_id: str, raw: bytes) -> None:
    """A text put into seeds/ with filled-in metadata, as if archived before these rules or merged from a branch."""
    (project / "seeds" / f"{source_id}.txt").write_bytes(raw)
    meta = (project / "seeds/001_36549a97ad93da46.yaml").read_text(encoding="utf-8")
    meta = re.sub(r"sha256: \w+", f"sha256: {hashlib.sha256(raw).hexdigest()}", meta)
    (project / "seeds" / f"{source_id}.yaml").write_text(meta, encoding="utf-8")


def test_an_archived_text_holding_a_control_character_is_told_at_its_place(project: Path) -> None:
    archive_by_hand(project, "pdf-copy", "Первый абзац.\nВторой\x1b[31m абзац.\n".encode())
    assert problems_of(project) == [
        "seeds/pdf-copy.txt:2:7: the text holds the control character U+001B, which is no part of an article's words "
        "(copied from a PDF or a terminal) — delete it, then record the text's new checksum in seeds/pdf-copy.yaml"
    ]


def test_a_text_saved_as_utf16_without_its_mark_is_told_as_utf16_not_as_control_characters(project: Path, tmp_path: Path) -> None:
    text = "Власти КНДР в пятницу, 7 ноября, подтвердили приезд делегации.\nОб этом сообщило агентство ЦТАК.\n"
    article = tmp_path / "notepad.txt"
    article.write_bytes(text.encode("utf-16-le"))  # Windows' “Unicode”, with no byte-order mark
    result = run_cli(project, "new", "source", str(article), "--id", "notepad")
    assert result.returncode == 1 and f"{article} is UTF-16 text — save the article as UTF-8 plain text first" in result.stderr
    assert not (project / "seeds/notepad.txt").exists()
    archive_by_hand(project, "notepad", text.encode("utf-16-le"))  # or put into seeds/ by hand, checksum and all
    assert problems_of(project) == [
        "seeds/notepad.txt:1:1: the text is saved as UTF-16 — save it as UTF-8, then record the text's new checksum in seeds/notepad.yaml"
    ]


def test_paragraphs_are_numbered_in_order_whatever_blank_lines_stand_between_them(project: Path) -> None:
    archive_by_hand(project, "spaced", "Первый абзац.\n\nВторой абзац.\n\n\nТретий абзац.\n".encode())
    files = build_files(project)
    doc = parse_html(files["en/sources/spaced/index.html"].decode())
    numbered = [li.get("id") for li in doc.find_all("li") if (li.get("id") or "").startswith("p-")]
    assert numbered == ["p-1", "p-2", "p-3"]


def test_an_article_archived_twice_is_a_warning_at_the_copy(project: Path) -> None:
    archived = (project / "seeds/001_36549a97ad93da46.txt").read_bytes()
    archive_by_hand(project, "zz-copy", archived.replace(b"\n", b"\r\n"))
    result = run_cli(project, "check")
    assert (
        "seeds/zz-copy.txt:1:1: warning: this is the text of seeds/001_36549a97ad93da46.txt again: one article is one source — "
        "keep the one the checks quote" in result.stderr
    ), result.stderr
