"""Scaffolding: commented skeletons of a claim, a source and a timeline event, made from the field definitions."""

from __future__ import annotations

import itertools
import os
import re
import unicodedata
from pathlib import Path

import yaml

from .confine import read_regular, refusal
from .i18n import N_, bilingual_doc, os_reason
from .kinds import CLAIM, EVENT, SOURCE
from .output import write_whole
from .problems import Problem, freeze
from .reading import relative
from .scalars import Choice
from .schema import LONGEST_ID, SLUG, SLUG_HINT, SOURCE_ID, Bilingual, Field, ListOf, Nullable, Record, Spec
from .sources import DOCUMENT_FILE, checksum, document_kind, stray_character, utf16_unmarked, words_as_saved

SCHEMA_LINE = "# yaml-language-server: $schema={path}"
INDENT = "  "
EXISTS = N_("{path} already exists — choose another id, or edit the existing file")
ARCHIVED = N_(
    "Archived {text} and wrote {meta}. Next: fill in its short name, title, language, date and attribution in {meta}, "
    "then quote it in a claim (python3 build.py new claim ID)."
)
DESCRIBE = N_("Wrote {meta} for the archived {text}. Next: fill in its short name, title, language, date and attribution in {meta}.")
SOURCE_EXISTS = N_("{path} already exists — give the new source another id with --id (an archived text is never replaced)")
SOURCE_ID_HINT = N_(
    "“{value}” is not a valid source id — use latin letters and digits, with a single - or _ between them and none at the start "
    "or the end, e.g. rbc-2025-11-07"
)


class Refused(Exception):  # noqa: N818 - reads as what happened: the command refused
    """The skeleton was not written; the note says why and what to do."""

    def __init__(self, template: str, **params: object):
        super().__init__(template)
        self.message = done(template, **params).message


def done(template: str, **params: object) -> Problem:
    """What was written and the next step, shown in the editor's language."""
    return Problem("", 0, 0, template, freeze(params))


def doc_comment(spec_field: Field, indent: str) -> list[str]:
    """The comment above a field: what it is for, its options, whether it may be left out."""
    parts = [bilingual_doc(spec_field.doc)] if spec_field.doc else []
    choice = spec_field.spec.inner if isinstance(spec_field.spec, Nullable) else spec_field.spec
    if isinstance(choice, Choice):
        parts.append(" | ".join(choice.options))
    if not spec_field.required:
        parts.append("optional · необязательно")
    return [f"{indent}# {' — '.join(parts)}"] if parts else []


def placeholder(spec: Spec) -> str:
    """An inline value to fill in: empty text fails the build until it is written."""
    return "null" if isinstance(spec, Nullable) else "[]" if isinstance(spec, ListOf) else '""'


def value_lines(name: str, spec: Spec, required: bool, indent: str, preset: dict[str, str]) -> list[str]:
    """A field's key and skeleton value, nested fields indented below it."""
    if name in preset:
        return [f"{indent}{name}: {preset[name]}"]
    if isinstance(spec, Bilingual):
        marker = "|" if spec.inner.markdown else '""'
        return [f"{indent}{name}:", *(f"{indent}{INDENT}{lang}: {marker}" for lang in ("ru", "en"))]
    if isinstance(spec, Record):
        return [f"{indent}{name}:", *record_lines(spec, indent + INDENT)]
    if isinstance(spec, ListOf) and isinstance(spec.item, Record):
        item = item_lines(spec.item, indent + INDENT)
        if required:
            return [f"{indent}{name}:", *item]
        example = [f"{indent}# {line[len(indent) :]}" for line in item if not line.lstrip().startswith("#")]
        return [f"{indent}# {name}:", *example, f"{indent}{name}: []"]
    return [f"{indent}{name}: {placeholder(spec)}"]


def record_lines(record: Record, indent: str, preset: dict[str, str] | None = None) -> list[str]:
    lines: list[str] = []
    for name, spec_field in record.fields.items():
        lines += doc_comment(spec_field, indent)
        lines += value_lines(name, spec_field.spec, spec_field.required, indent, preset or {})
    return lines


def item_lines(record: Record, indent: str, preset: dict[str, str] | None = None) -> list[str]:
    """A record as one item of a YAML list (`- ` before its first field)."""
    lines = record_lines(record, indent + INDENT, preset)
    first = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
    lines[first] = indent + "- " + lines[first][len(indent) + len(INDENT) :]
    return [indent + line.lstrip() for line in lines[:first]] + lines[first:]


def skeleton(record: Record, schema: str, title: str, preset: dict[str, str] | None = None) -> str:
    """A whole file: the schema line, a title comment, then every field."""
    head = [
        SCHEMA_LINE.format(path=schema),
        f"# {title}",
        '# Fill in every "" and | below; delete the optional parts you do not need.',
        '# Заполните все "" и | ниже; необязательные части, которые не нужны, удалите.',
    ]
    return "\n".join([*head, *record_lines(record, "", preset)]) + "\n"


def refuse_existing(root: Path, *files: Path, template: str = EXISTS) -> None:
    for file in files:
        if file.exists():
            raise Refused(template, path=relative(root, file))


def write_new(file: Path, text: str, root: Path) -> None:
    """Write a new file; refuse to overwrite one."""
    refuse_existing(root, file)
    file.parent.mkdir(parents=True, exist_ok=True)
    write_whole(file, text.encode("utf-8"))


def require_slug(value: str) -> None:
    if not SLUG.match(value):
        raise Refused(SLUG_HINT, value=value)
    if len(value) > LONGEST_ID:
        raise Refused(N_("the id is {length} characters long — choose one of at most {limit}"), length=len(value), limit=LONGEST_ID)


DRAFT = {"status": "draft", "publish_at": "null"}
"""New records start as drafts: the published site leaves them out until an editor publishes them."""


def new_claim(root: Path, claim_id: str) -> Problem:
    """Write content/claims/<id>.yaml with every field of a fact-check."""
    require_slug(claim_id)
    owner = alias_owner(root, claim_id)
    if owner is not None:  # its page would take an address that leads readers of old links to that check
        template = N_("“{id}” is an earlier address of the check “{owner}” (listed under its `aliases:`) — choose another id")
        raise Refused(template, id=claim_id, owner=owner)
    file = root / "content" / "claims" / f"{claim_id}.yaml"
    write_new(file, skeleton(CLAIM, "../../schemas/claim.schema.json", f"Fact-check · Проверка: {claim_id}", DRAFT), root)
    template = N_(
        "Wrote {path}, a draft. Next: fill in every empty value (copy each quote from the source text in seeds/); "
        "`python3 build.py check --drafts` lists what is left, and `python3 build.py serve` shows the page once nothing is. "
        "Set `status: published` when it is ready."
    )
    return done(template, path=relative(root, file))


def alias_owner(root: Path, claim_id: str) -> str | None:
    """The check whose `aliases:` (its earlier ids) include this id, if one does; unreadable files are the build's to report."""
    for file in sorted((root / "content" / "claims").glob("*.yaml")):
        try:
            text = file.read_text(encoding="utf-8")
            data = yaml.load(text, Loader=yaml.SafeLoader) if "aliases" in text else None  # most checks have none
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        aliases = data.get("aliases") if isinstance(data, dict) else None
        if isinstance(aliases, list) and claim_id in aliases:
            return file.stem
    return None


def source_id_from(name: str) -> str:
    """A safe source id made from a file name: lowercase latin letters, digits, - and _."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[-_]{2,}", "-", re.sub(r"[^a-z0-9_-]+", "-", ascii_name)).strip("-_")
    if len(slug) > LONGEST_ID:  # a whole word at the end, where there is a break to cut at
        slug = slug[: LONGEST_ID + 1].rsplit("-", 1)[0] if "-" in slug[:LONGEST_ID] else slug[:LONGEST_ID]
    return slug.strip("-_")


def read_article(text_file: Path) -> bytes:
    """The bytes of an article's text file; refuse one that cannot be read, is not UTF-8 or is empty."""
    try:
        if text_file.exists() and not text_file.is_file() and not text_file.is_dir():  # reading a pipe would wait for a writer
            template = N_("{path} is a special file (a pipe, device or socket), not a text — give the path of the article's text file")
            raise Refused(template, path=text_file)
        raw = text_file.read_bytes()
        if document_kind(raw) is not None:
            raise Refused(DOCUMENT_FILE, path=text_file, kind=document_kind(raw))
        raw.decode("utf-8")
    except OSError as error:
        template = N_("cannot read {path}: {reason} — give the path of the article's text file")
        raise Refused(template, path=text_file, reason=os_reason(error)) from None
    except UnicodeDecodeError:
        raise Refused(N_("{path} is not UTF-8 text — save the article as UTF-8 plain text first"), path=text_file) from None
    if not raw.strip():
        raise Refused(N_("{path} is empty — save the article's text in it first"), path=text_file)
    refuse_stray(raw, text_file)
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")  # a saved web page opens with its doctype or tag, or is tags all over
    if re.match(rb"<(!doctype|html)\b", head, re.IGNORECASE) or len(re.findall(rb"</?(p|div|br|span)\b[^>]*>", head, re.I)) >= 3:
        template = N_(
            "{path} is a web page's code, not the article's text — copy the text from the page into a plain text file, "
            "one paragraph per line, and archive that"
        )
        raise Refused(template, path=text_file)
    refuse_wrapped(raw.decode("utf-8"), text_file)
    return raw


def refuse_stray(raw: bytes, text_file: Path) -> None:
    """Refuse a text holding a character no article's text holds, at its place, or UTF-16 text, which reads as one."""
    stray = stray_character(raw.decode("utf-8"))
    if stray is not None and utf16_unmarked(raw):
        raise Refused(N_("{path} is UTF-16 text — save the article as UTF-8 plain text first"), path=text_file)
    if stray is not None:
        line, column, code, breaks = stray
        if breaks:
            template = N_(
                "{path} breaks its lines with {code} (line {line}, column {column}), which is not read as a line break — "
                "save it with ordinary line breaks, one paragraph a line, and archive it then"
            )
        else:
            template = N_(
                "{path} holds the control character {code} at line {line}, column {column}, which is no part of an "
                "article's words (copied from a PDF or a terminal) — delete it and archive the text then"
            )
        raise Refused(template, path=text_file, line=line, column=column, code=code)


def refuse_wrapped(text: str, text_file: Path) -> None:
    """Refuse a text wrapped at a fixed width (as e-mail and some editors save it): each of its lines would count as a
    paragraph, and a quote running over a break would be found nowhere. A break inside a sentence is a line ending in a
    letter, a digit or a comma before a line beginning with a small letter; one may be the article's own, two are not."""
    lines = [line.rstrip() for line in text.splitlines()]  # a wrapping mail program leaves a space at each break
    breaks = [
        n
        for n, (line, following) in enumerate(itertools.pairwise(lines), 1)
        if (line[-1:].isalnum() or line.endswith(",")) and following[:1].islower()
    ]
    if len(breaks) >= 2:
        template = N_(
            "{path} breaks sentences across lines (the first at the end of line {line}): it looks wrapped at a fixed width — "
            "join each paragraph's lines into one line, one paragraph a line, and archive it then"
        )
        raise Refused(template, path=text_file, line=breaks[0])


def article_at(root: Path, text_file: Path) -> Path:
    """The article's file: a relative path is the shell's, from the current folder, else one within the project (--root)."""
    if text_file.is_absolute() or os.path.lexists(text_file) or not os.path.lexists(root / text_file):
        return text_file
    return root / text_file


def new_source(root: Path, text_file: Path, source_id: str | None = None) -> Problem:
    """Archive a text file byte for byte as seeds/<id>.txt and write its metadata skeleton with the checksum."""
    text_file = article_at(root, text_file)
    raw = read_article(text_file)
    source_id, in_seeds = chosen_id(root, text_file, source_id)
    text_target, meta_target = root / "seeds" / f"{source_id}.txt", root / "seeds" / f"{source_id}.yaml"
    meta = skeleton(SOURCE, "../schemas/source.schema.json", f"Source · Источник: {source_id}", {"sha256": checksum(raw)})
    if text_target.exists() and not os.path.lexists(meta_target) and same_file(text_file, text_target):
        refuse_archived(root, raw, text_target)  # a copy of an archived text, put into seeds/ by hand
        write_new(meta_target, meta, root)  # an archived text whose metadata was lost: the text stays as it is
        return done(DESCRIBE, meta=relative(root, meta_target), text=relative(root, text_target))
    refuse_existing(root, text_target, meta_target, template=SOURCE_EXISTS)
    refuse_alike(root, source_id, text_file if in_seeds else None)
    refuse_archived(root, raw, text_file if in_seeds else None)
    text_target.parent.mkdir(parents=True, exist_ok=True)
    write_whole(text_target, raw)
    try:
        write_new(meta_target, meta, root)
    except BaseException:  # the text without its metadata would stop every build, and a second try
        text_target.unlink(missing_ok=True)
        raise
    if in_seeds:
        text_file.unlink()  # renamed to its id: archived once, under a name its pages' addresses can take
    return done(ARCHIVED, text=relative(root, text_target), meta=relative(root, meta_target))


def chosen_id(root: Path, text_file: Path, given: str | None) -> tuple[str, bool]:
    """The id a new source takes (`--id`, else one made from the file's name), and whether the file is one put into
    seeds/ by hand, without metadata: its own name is its id then, or it is renamed to `--id`."""
    if given is not None and not given.strip():
        raise Refused(N_("--id is empty — write the id after it, e.g. `--id rbc-2025-11-07` (latin letters, digits, - and _)"))
    if given == "ID":
        raise Refused(N_("“ID” stands for the id you choose — write one, e.g. `--id rbc-2025-11-07` (latin letters, digits, - and _)"))
    in_seeds, meta = same_file(text_file.parent, root / "seeds"), text_file.with_suffix(".yaml")
    if in_seeds and not given and os.path.lexists(meta):
        template = N_("{meta} exists already: fill it in (`python3 build.py check --drafts` lists what is empty) — nothing to archive")
        raise Refused(template, meta=relative(root, root / "seeds" / meta.name))  # the path as typed may be relative
    in_seeds = in_seeds and not os.path.lexists(meta)
    if in_seeds and not given and SOURCE_ID.match(text_file.stem) and len(text_file.stem) <= LONGEST_ID:
        return text_file.stem, in_seeds
    if not given and any(ch.isalpha() and not unicodedata.normalize("NFKD", ch).encode("ascii", "ignore") for ch in text_file.stem):
        template = N_("the file name “{name}” has letters an id cannot hold (latin letters, digits, - and _) — give an id with --id")
        raise Refused(template, name=text_file.name)  # else «статья2» would become the id “2”
    source_id = given or source_id_from(text_file.stem)
    if not source_id:
        raise Refused(N_("cannot make an id from the file name “{name}” — give one with --id"), name=text_file.name)
    if not SOURCE_ID.match(source_id):
        raise Refused(SOURCE_ID_HINT, value=source_id)
    if len(source_id) > LONGEST_ID:
        raise Refused(
            N_("the id is {length} characters long — give one of at most {limit} with --id"), length=len(source_id), limit=LONGEST_ID
        )
    return source_id, in_seeds


def is_renamed(archived: Path, renamed: Path | None) -> bool:
    return renamed is not None and same_file(renamed, archived)


def same_file(given: Path, archived: Path) -> bool:
    try:
        return given.samefile(archived)
    except OSError:
        return False


def refuse_alike(root: Path, source_id: str, renamed: Path | None) -> None:
    """Refuse an id that differs from an archived source's only in capitals: Windows and macOS take the two for one file.
    `renamed`: the file in seeds/ that takes this id, which is no other source."""
    for archived in sorted((root / "seeds").glob("*.txt")):
        if archived.stem != source_id and archived.stem.casefold() == source_id.casefold() and not is_renamed(archived, renamed):
            template = N_(
                "the source “{id}” differs from this id only in capitals, and Windows and macOS take them for one file — "
                "give another id with --id"
            )
            raise Refused(template, id=archived.stem)


def refuse_archived(root: Path, raw: bytes, renamed: Path | None) -> None:
    """Refuse a text archived already: one article, one source (two would be compared as if they agreed). The same text
    saved again differs at most in what a save changes: a byte-order mark, line endings, blank lines, spaces. `renamed`:
    the file in seeds/ being archived under its id, which is this text."""
    wanted = words_as_saved(raw.decode("utf-8", errors="replace"))
    for archived in sorted(path for path in (root / "seeds").glob("*.txt") if not is_renamed(path, renamed)):
        try:  # only the project's own regular files: a pipe would be waited on forever (the build reports the rest)
            same = refusal(root, archived) is None and words_as_saved(read_regular(archived).decode("utf-8", errors="replace")) == wanted
        except OSError:
            same = False
        if same:
            template = N_("this text is archived already, as {path} — quote that source (id “{id}”) instead of archiving it again")
            raise Refused(template, path=relative(root, archived), id=archived.stem)


def new_event(root: Path, event_id: str) -> Problem:
    """Append a skeleton event to content/timeline.yaml (created when missing); refuse an existing id."""
    require_slug(event_id)
    file = root / "content" / "timeline.yaml"
    path = relative(root, file)
    if not file.exists():
        head = SCHEMA_LINE.format(path="../schemas/timeline.schema.json") + "\n"
        write_new(file, head + "events:\n" + "\n".join(item_lines(EVENT, INDENT, {"id": event_id, **DRAFT})) + "\n", root)
    else:
        raw = file.read_bytes()
        text = raw.decode("utf-8").replace("\r\n", "\n")
        block = "\n".join(item_lines(EVENT, item_indent(text), {"id": event_id, **DRAFT})) + "\n"
        result = appended_timeline(text, event_id, block, path)
        write_whole(file, (result.replace("\n", "\r\n") if b"\r\n" in raw else result).encode("utf-8"))  # the file's line ends kept
    template = N_(
        "Added the event “{id}” to {path}, a draft. Next: fill in its date, title, description and quotes, "
        "list it under `events:` of the claims about it, and set `status: published` when it is ready."
    )
    return done(template, id=event_id, path=path)


def item_indent(text: str) -> str:
    """The indentation of the timeline's events, which a new one follows (YAML also allows none before `- `)."""
    found = re.search(r"(?m)^events:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*( *)-[ \t]", text)
    return found[1] if found else INDENT


def appended_timeline(text: str, event_id: str, block: str, path: str) -> str:
    """The timeline's text with the new event at the end of `events:`, checked to still read as YAML."""
    ids = event_ids(text, path)
    if event_id in ids:
        raise Refused(N_("the timeline event “{id}” already exists in {path} — choose another id"), id=event_id, path=path)
    if not ids:  # `events: []` (a comment after it kept, the brackets perhaps on the next line) opens the list
        text = re.sub(r"(?m)^events:(?:\s*\[\s*\])?([ \t]*#.*)?[ \t]*$", lambda m: "events:" + (m[1] or ""), text, count=1)
        if not re.search(r"(?m)^events:", text):  # an empty file, or comments alone
            text = text.rstrip("\n") + ("\n" if text.strip() else "") + "events:"
    result = text.rstrip("\n") + "\n" + block
    try:
        added = event_id in event_ids(result, path)
    except Refused:  # the file reads as YAML (checked above); the event does not fit where it was put
        added = False
    if not added:
        template = N_("cannot add the event to {path} by itself — add it at the end of `events:` by hand:\n{block}")
        raise Refused(template, path=path, block=block)
    return result


def event_ids(text: str, path: str) -> list[str]:
    """The ids of a timeline's events; refuse a file that does not read as YAML."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        template = N_("{path} does not read as YAML — fix it first (`python3 build.py check` shows where), then run this again")
        raise Refused(template, path=path) from None
    events = data.get("events") if isinstance(data, dict) else None
    return [str(e.get("id")) for e in events or [] if isinstance(e, dict)]
