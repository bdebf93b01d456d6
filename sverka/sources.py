"""Archived source texts: their metadata, paragraphs, datelines and checksums."""

from __future__ import annotations

import hashlib
import os
import re
import shlex
import unicodedata
from contextlib import suppress
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from . import kinds
from .confine import refusal
from .i18n import N_
from .problems import UNFINISHED, Collector
from .reading import FOLDER_FOR_FILE, listed_files, read_linking_record, relative, where
from .records import Paragraph, Source
from .schema import EMPTY, LONGEST_ID, SOURCE_ID, Rec
from .yamlread import decode_utf8, read_bytes

DATELINE = re.compile(r"^ ?date (\d{4}-\d{2}-\d{2}) ")


def checksum(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Each non-empty line is a paragraph, numbered in order (blank lines between them count for nothing); a leading
    dateline is understood."""
    paragraphs: list[Paragraph] = []
    for line in text.split("\n"):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        number = len(paragraphs) + 1
        dateline, body_start = None, 0
        if not paragraphs:
            match = DATELINE.match(line)
            if match:
                with suppress(ValueError):  # a dateline naming no real day stays part of the text
                    dateline, body_start = date.fromisoformat(match[1]), match.end()
        paragraphs.append(Paragraph(number, line, dateline, body_start))
    return tuple(paragraphs)


DOCUMENTS = ((b"{\\rtf", "RTF"), (b"PK\x03\x04", ".docx, .odt"), (b"\xd0\xcf\x11\xe0", ".doc"), (b"%PDF", "PDF"))
"""How the files of word processors and PDF begin: a document whose text is in its own format, not an article's plain text."""
DOCUMENT_FILE = N_(
    "{path} is a document file ({kind}), not plain text — save the article from its program as plain text (UTF-8), "
    "one paragraph a line, and archive that"
)


def document_kind(raw: bytes) -> str | None:
    """The format of a word processor's or PDF file by its first bytes; None for any other."""
    return next((kind for signature, kind in DOCUMENTS if raw.lstrip(b"\xef\xbb\xbf").startswith(signature)), None)


STRAY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|[\u2028\u2029]|\r(?!\n)")
"""What an article's plain text never holds: control characters (a PDF's form feed, a terminal's escape, a NUL), which
are errors in HTML; Unicode line and paragraph separators, and carriage returns alone (old Mac line ends), which would
make the whole text one paragraph."""


def stray_character(text: str) -> tuple[int, int, str, bool] | None:
    """The first character of `text` that STRAY finds: its line, column, code (U+XXXX), and whether it breaks lines."""
    found = STRAY.search(text)
    if found is None:
        return None
    at, char = found.start(), found[0]
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at), f"U+{ord(char):04X}", char in "\r\u2028\u2029"


def has_stray_character(text: str, path: str, meta: str, problems: Collector) -> bool:
    """Whether an archived text holds a character no article's text holds, told at its place (a text saved as UTF-16
    without its byte-order mark reads as one full of them: told as such)."""
    stray = stray_character(text)
    if stray is not None and utf16_unmarked(text.encode("utf-8")):
        problems.add(path, 1, 1, UTF16, meta=meta)
    elif stray is not None:
        line, column, code, breaks = stray
        problems.add(path, line, column, STRAY_BREAK if breaks else STRAY_CONTROL, code=code, meta=meta)
    return stray is not None


def utf16_unmarked(raw: bytes) -> bool:
    """Whether bytes are lines of text in UTF-16 without its byte-order mark (what Windows' Notepad called “Unicode”)."""
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        if "\n" in text and STRAY.search(text) is None:
            return True
    return False


STRAY_BREAK = N_(
    "the text breaks its lines with {code}, which is not read as a line break — save it with ordinary line breaks, one "
    "paragraph a line, then record the text's new checksum in {meta}"
)
UTF16 = N_("the text is saved as UTF-16 — save it as UTF-8, then record the text's new checksum in {meta}")
STRAY_CONTROL = N_(
    "the text holds the control character {code}, which is no part of an article's words (copied from a PDF or a "
    "terminal) — delete it, then record the text's new checksum in {meta}"
)


def report_case_clashes(texts: list[str], problems: Collector) -> None:
    """An error for a text whose name differs from another's only in capitals: on Windows and macOS the two are one file,
    and so would their pages be."""
    first: dict[str, str] = {}
    for name in texts:
        other = first.setdefault(name.casefold(), name)
        if other != name:
            template = N_("the name differs from seeds/{other} only in capitals, and Windows and macOS take them for one file — rename one")
            problems.add(f"seeds/{name}", 0, 0, template, other=other)


def load_sources(root: Path, problems: Collector) -> tuple[Source, ...]:
    """Archived texts in seeds/ with the metadata beside each."""
    folder, names = root / "seeds", {entry.name for entry in listed_files(root, "seeds", problems, required=True)}
    texts = sorted(name for name in names if name.endswith(".txt"))
    for name in sorted(name for name in names if name.lower().endswith(".txt") and not name.endswith(".txt")):
        template = N_("an archived text's name ends in .txt, in small letters — rename it to {name}")
        problems.add(f"seeds/{name}", 0, 0, template, name=name[:-4] + ".txt")
    report_case_clashes(texts, problems)
    texts = [name for name in texts if is_source_id(name.removesuffix(".txt"), problems)]
    sources = [source for name in texts if (source := load_source(root, folder / name, problems))]
    for meta in sorted(folder / name for name in names if name.endswith(".yaml")):
        if meta.with_suffix(".txt").is_dir() and not meta.with_suffix(".txt").is_symlink():  # a link is judged as such
            problems.add(relative(root, meta.with_suffix(".txt")), 0, 0, FOLDER_FOR_FILE)
        elif not os.path.lexists(meta.with_suffix(".txt")) and not misnamed(meta.stem, ".txt", names, problems):
            template = N_("metadata without a text — add the archived article as {name} or remove this file")
            problems.add(relative(root, meta), 1, 1, template, name=relative(root, meta.with_suffix(".txt")))
    report_unread_seeds(names, problems)
    report_same_texts(sources, problems)
    return tuple(sources)


def words_as_saved(text: str) -> tuple[str, ...]:
    """A text's lines with their words, whatever a saving editor did to its mark, line endings, spaces and Unicode form."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    return tuple(words for line in text.splitlines() if (words := " ".join(line.split())))


def report_same_texts(sources: list[Source], problems: Collector) -> None:
    """A warning for an article archived twice (two branches merged, a copy made by hand): the two would be compared as
    two reports that agree."""
    first: dict[tuple[str, ...], Source] = {}
    for source in sources:
        other = first.setdefault(words_as_saved(source.text), source)
        if other is not source:
            template = N_(  # which of the two to keep is the one the checks quote, which loading cannot know
                "this is the text of seeds/{other}.txt again: one article is one source — keep the one the checks quote, "
                "give its id to the other's quotes and appearances, and remove the other text and its metadata"
            )
            problems.warn(f"seeds/{source.id}.txt", 1, 1, template, other=other.id)


def misnamed(stem: str, wanted: str, names: set[str], problems: Collector) -> bool:
    """Whether seeds/ holds the file a source lacks under another ending (`x.yml` for `x.yaml`, `x.md` for `x.txt`),
    told as the name to give it."""
    others = sorted(name for name in names if name.rpartition(".")[0] == stem and name.lower().endswith(UNREAD_ENDINGS))
    for other in others:
        problems.add(f"seeds/{other}", 0, 0, N_("no build reads this name — rename it to seeds/{name}"), name=stem + wanted)
    return bool(others)


UNREAD_ENDINGS = (".yml", ".md", ".text", ".markdown")
"""Endings under which an archived text or its metadata is saved by mistake: no build reads them."""


def report_unread_seeds(names: set[str], problems: Collector) -> None:
    """A warning for a file in seeds/ with an ending no build reads, beside no source of its name (told by `misnamed`)."""
    stems = {name.rpartition(".")[0] for name in names if name.endswith((".txt", ".yaml"))}
    for name in sorted(names):
        if name.lower().endswith(UNREAD_ENDINGS) and name.rpartition(".")[0] not in stems:
            template = N_(
                "no build reads this — seeds/ holds archived texts (.txt), each with its metadata (.yaml) beside it: "
                "rename it, or move it away"
            )
            problems.warn(f"seeds/{name}", 0, 0, template)


def is_source_id(name: str, problems: Collector) -> bool:
    """Whether an archived text's name can be its source's id, which names its pages; if not, what to do, told at its file."""
    length, valid = len(name.encode("utf-8")), SOURCE_ID.match(name) is not None
    if not valid:
        template = N_(
            "“{name}” cannot be a source's id, which names its pages: an id has latin letters, digits, - and _ — "
            "`python3 build.py new source {text} --id ID` renames the text and writes its metadata"
        )
        problems.add(f"seeds/{name}.txt", 0, 0, template, name=name, text=shlex.quote(f"seeds/{name}.txt"))
    elif length > LONGEST_ID:
        template = N_(
            "this source's id is {length} characters long, and a source id has at most {limit}: the page comparing two "
            "sources is named by both — shorten the names of its .txt and .yaml files, and its id in the quotes citing it"
        )
        problems.add(f"seeds/{name}.txt", 0, 0, template, length=length, limit=LONGEST_ID)
    return valid  # a long id is loaded still: the quotes citing it are checked


def archived_as_recorded(raw: bytes, rec: Rec, meta_path: str, text_path: str, problems: Collector) -> bool:
    """Whether the archived text's checksum is the one its metadata records; if not, what changed, told at sha256."""
    actual = checksum(raw)
    if actual == rec["sha256"]:
        return True
    line_ends = {checksum(raw.replace(b"\r\n", b"\n")), checksum(raw.replace(b"\n", b"\r\n"))} if b"\n" in raw else set()
    if rec["sha256"] in line_ends:
        template = N_(
            "the archived text {name} differs from the original only in its line endings (a Windows editor or git's "
            "line-ending conversion changed them) — restore the original bytes, e.g. `git checkout -- {name}`"
        )
        problems.add(meta_path, *rec.at("sha256"), template, name=text_path)
    else:
        template = N_(
            "the archived text {name} has changed: its SHA-256 is {actual}, the metadata records {expected} — "
            "restore the original text (an archived source is never edited); if this is a new archive, update sha256"
        )
        problems.add(meta_path, *rec.at("sha256"), template, name=text_path, actual=actual, expected=rec["sha256"])
    return False


def load_source(root: Path, text_file: Path, problems: Collector) -> Source | None:
    """One archived text and its metadata; the checksum must match."""
    text_path, meta_file = relative(root, text_file), text_file.with_suffix(".yaml")
    raw = read_bytes(text_file, text_path, problems)
    undecoded = Collector()  # told unless the checksum tells more: an archived text re-saved in another encoding is restored
    text = decode_utf8(raw, text_path, undecoded) if raw is not None else None
    if not os.path.lexists(meta_file):
        problems.extend(undecoded.problems)
        if misnamed(text_file.stem, ".yaml", {entry.name for entry in os.scandir(text_file.parent)}, problems):
            return None
        template = N_("the source has no metadata — `python3 build.py new source {text}` writes a skeleton of {name} to fill in")
        problems.add(text_path, 1, 1, template, name=relative(root, meta_file), text=shlex.quote(text_path))
        return None
    if refusal(root, meta_file) is not None:
        problems.extend(undecoded.problems)
        return None  # reported as seeds/ was listed
    found = Collector()
    rec = read_linking_record(root, meta_file, kinds.SOURCE, found)[0]
    if found.errors and {p.template for p in found.errors} <= {EMPTY}:  # a skeleton not filled in yet
        found.problems = [replace(p, severity=UNFINISHED) if p.severity == "error" else p for p in found.problems]
    problems.extend(found.problems)
    if rec is None or raw is None:
        problems.extend(undecoded.problems)
        return None
    if not archived_as_recorded(raw, rec, relative(root, meta_file), text_path, problems):
        return None  # its quotes are not looked for in a text that is not the archived one: one cause, one message
    problems.extend(undecoded.problems)
    if text is None:
        return None
    text = text.removeprefix("\ufeff")  # a byte-order mark (saved by Windows editors) is no part of the text
    if has_stray_character(text, text_path, relative(root, meta_file), problems):
        return None
    paragraphs = split_paragraphs(text)
    if not paragraphs:
        problems.add(text_path, 1, 1, N_("the source text is empty — archive the article's text here"))
        return None
    fields: dict[str, Any] = {name: rec.get(name) for name in kinds.SOURCE.fields}
    meta_path = relative(root, meta_file)
    dated = where(meta_path, rec, "published") if "published" in rec.positions else None
    return Source(id=text_file.stem, text=text, paragraphs=paragraphs, **fields, where=where(meta_path, rec), published_where=dated)
