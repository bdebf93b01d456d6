"""Reading an editor's file: parse, validate against its kind, and say where each value stands."""

from __future__ import annotations

import os
from collections.abc import Container, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from .confine import OUTSIDE, SPECIAL, entry_refusal, refusal, walk_files
from .gallery import MEDIA, PREFIX
from .i18n import N_
from .inprose import read_prose
from .problems import UNFINISHED, Collector
from .records import Where
from .schema import INVALID, LONGEST_ID, SLUG, Rec, Record, Seq, validate
from .yamlread import MappingNode, Node, ScalarNode, SequenceNode, decode_utf8, read_bytes, yaml_from_bytes


def relative(root: Path, file: Path) -> str:
    """A project-relative path with forward slashes, as messages show it."""
    return file.relative_to(root).as_posix()


def read_linking_record(
    root: Path, file: Path, spec: Record, problems: Collector, drafts: tuple[str, Container[str]] | None = None
) -> tuple[Rec | None, dict[str, Where], Node | None]:
    """The record in a file, validated (None if it has problems), the addresses of this site its prose links to, each
    at its first place, and the file's node tree (for places deeper than the record keeps). `drafts`: a list field
    whose items have a status, and the statuses of drafts: such an item that does not validate is left out, its
    problems unfinished."""
    path = relative(root, file)
    raw = read_bytes(file, path, problems)
    node = yaml_from_bytes(raw, path, problems) if raw is not None else None
    found = Collector()
    value = validate(spec, node, path, found) if node is not None else None
    if drafts is not None and isinstance(value, Rec) and isinstance(node, MappingNode):
        without_unfinished(value, node, *drafts, found)
    problems.extend(found.problems)
    rec = None if value is None or has_invalid(value) else value
    if rec is None or node is None or raw is None:
        return rec, {}, node
    prose = read_prose(path, node, spec, raw, problems, first_heading=2)  # headings under the page's or event's title
    report_missing_images(prose.images, media_names(root) if prose.images else set(), problems)
    return rec, prose.links, node


def language_places(path: str, node: Node | None, name: str) -> dict[str, Where]:
    """Where each language's text of a bilingual field stands, by `name.lang` (a record keeps only the field's place)."""
    field = field_node(node, name)
    if not isinstance(field, MappingNode):
        return {}
    return {f"{name}.{k.value}": Where(path, k.start_mark.line + 1, k.start_mark.column + 1) for k, _ in field.value}


def checked_record(node: Node | None, path: str, spec: Record, problems: Collector) -> Rec | None:
    """Validate one file's node tree; None if it has any problem."""
    if node is None:
        return None
    value = validate(spec, node, path, problems)
    return None if has_invalid(value) else value


def without_unfinished(rec: Rec, node: MappingNode, name: str, statuses: Container[str], problems: Collector) -> None:
    """Drop from the list `rec[name]` each item that does not validate and has a draft's status; its errors become unfinished."""
    items, nodes = rec.get(name), field_node(node, name)
    if not isinstance(items, Seq) or not isinstance(nodes, SequenceNode):
        return
    dropped = [i for i, item in enumerate(items) if has_invalid(item) and held_back(nodes.value[i], statuses)]
    spans = [(nodes.value[i].start_mark.line + 1, nodes.value[i].end_mark.line) for i in dropped]  # 1-based, to the next item
    problems.problems = [
        replace(p, severity=UNFINISHED) if p.severity == "error" and any(a <= p.line <= b for a, b in spans) else p
        for p in problems.problems
    ]
    kept = Seq(item for i, item in enumerate(items) if i not in dropped)
    kept.pos, kept.positions = items.pos, [place for i, place in enumerate(items.positions) if i not in dropped]
    rec[name] = kept


def held_back(node: Node | None, statuses: Container[str]) -> bool:
    """Whether a record's file gives one of `statuses` (read from the node tree: the record may not validate)."""
    status = field_node(node, "status")
    return isinstance(status, ScalarNode) and status.value in statuses


def field_node(node: Node | None, name: str) -> Node | None:
    if not isinstance(node, MappingNode):
        return None
    return next((value for key, value in node.value if key.value == name), None)


def has_invalid(value: Any) -> bool:
    """Whether any nested value failed validation."""
    if isinstance(value, dict):
        return any(has_invalid(v) for v in value.values())
    if isinstance(value, list):
        return any(has_invalid(v) for v in value)
    return value is INVALID


def where(path: str, rec: Rec | Seq, name: str | int | None = None) -> Where:
    """The place of a record, or of one of its fields or items."""
    if name is None:
        line, column = rec.pos
    elif isinstance(rec, Seq):
        line, column = rec.positions[int(name)]
    else:
        line, column = rec.at(str(name))
    return Where(path, line, column)


def required_file(root: Path, name: str, problems: Collector) -> Path | None:
    """A file the project cannot do without; reported when missing or refused."""
    file = root / name
    if refused(root, file, problems):
        return None
    if not file.is_file():
        if not file.is_dir():  # a folder in its place is told with the rest of content/ (`report_unread`)
            problems.add(name, 1, 1, N_("the file is missing — create {name} (see docs/content-model.md)"), name=name)
        return None
    return file


def optional_file(root: Path, name: str, problems: Collector) -> Path | None:
    """A file the project may leave out; None when it does, or when it is refused (reported)."""
    file = root / name
    return None if refused(root, file, problems) or not file.is_file() else file


REFUSALS = {
    OUTSIDE: N_(
        "this is a link leading outside the project — the site reads only the project's own files: "
        "replace the link with a copy of what it leads to"
    ),
    SPECIAL: N_("this is a special file (a pipe, device or socket) — remove it: the site reads only regular files"),
}
"""What an editor is told about a path the site does not read (`sverka.confine`): nothing of what it leads to."""


def refused(root: Path, path: str | Path, problems: Collector, reason: str | None = None) -> bool:
    """Whether a path may not be read (a link outside the project, a special file), reported if so; `reason`: the refusal, if known."""
    reason = reason or refusal(root, path)
    if reason is not None:
        problems.add(relative(root, Path(path)), 1, 1, REFUSALS[reason])
    return reason is not None


def is_ignored(name: str) -> bool:
    """Editors' swap and backup files (and those `git mergetool` and `patch` leave), hidden files, caches and the files
    Windows leaves in folders of images: no build reads them, and the preview's watcher starts none for them."""
    special = name == "__pycache__" or name.lower() in ("thumbs.db", "desktop.ini", "ehthumbs.db")
    return special or name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".pyc", ".orig", ".bak", ".rej"))


def listed_files(root: Path, folder: str, problems: Collector, required: bool = False) -> list[os.DirEntry[str]]:
    """The files directly in a project folder, sorted by name, without ignored files and subfolders; a link leading outside
    the project or a special file (the folder itself included) is reported instead, and a `required` folder missing."""
    directory = root / folder
    if refused(root, directory, problems) or not directory.is_dir():
        if required and not directory.exists():  # else every record referring to what it holds would be told instead
            problems.add(folder, 0, 0, N_("the folder is missing — restore {name}/ (see docs/content-model.md)"), name=folder)
        elif required and directory.is_file():  # else, again, every record referring to what it holds
            problems.add(folder, 0, 0, FILE_FOR_FOLDER)
        return []
    found = []
    for entry in sorted((e for e in os.scandir(directory) if not is_ignored(e.name)), key=lambda e: e.name):
        reason = entry_refusal(root, entry)
        if reason is not None:
            refused(root, entry.path, problems, reason)
        elif not entry.is_dir():
            found.append(entry)
    return found


RENDERED_FROM = ("templates", "locales")
"""The folders rendering reads, checked at load (the loaders check content/ and seeds/) so a build stops before reading a stray file."""


CONTENT_ENTRIES = {
    "site.yaml": False,
    "verdicts.yaml": False,
    "tags.yaml": False,
    "timeline.yaml": False,
    "claims": True,
    "pages": True,
    "media": True,
}
"""What content/ holds, and whether it is a folder of records: anything else there, and any folder inside those, no build reads."""


FOLDER_FOR_FILE = N_("this is a folder, but the build reads a file of this name — move the folder away and put the file here")
FILE_FOR_FOLDER = N_("this is a file, but the build reads a folder of this name — move the file away and make the folder")


def report_unread(root: Path, problems: Collector) -> None:
    """A warning for each entry of content/ that no build reads: a record saved in the wrong place is otherwise silently left out."""
    content = root / "content"
    if not content.is_dir() or refusal(root, content) is not None:
        return
    for entry in sorted(os.scandir(content), key=lambda e: e.name):
        path = f"content/{entry.name}"
        if is_ignored(entry.name):
            continue
        meant = f"{entry.name.rpartition('.')[0]}.yaml"
        if entry.name not in CONTENT_ENTRIES and meant in CONTENT_ENTRIES and not os.path.lexists(content / meant):
            problems.add(path, 0, 0, N_("no build reads this name — rename it to content/{name}"), name=meant)  # e.g. timeline.yml
        elif entry.name not in CONTENT_ENTRIES:
            template = N_(
                "no build reads this — checks go in content/claims/, standing pages in content/pages/, images in content/media/: "
                "move it there, or away"
            )
            problems.warn(path, 0, 0, template)
        elif not entry.is_symlink() and entry.is_dir() != CONTENT_ENTRIES[entry.name]:  # else left out without a word
            if entry.is_dir() or path != "content/claims":  # a file for the claims' folder: their loader tells it (listed_files)
                problems.add(path, 0, 0, FOLDER_FOR_FILE if entry.is_dir() else FILE_FOR_FOLDER)
        elif CONTENT_ENTRIES[entry.name] and not entry.is_symlink():
            for inner in sorted((e for e in os.scandir(entry.path) if e.is_dir() and not is_ignored(e.name)), key=lambda e: e.name):
                template = N_("no build reads this folder — its files belong directly in {parent}")
                problems.warn(f"{path}/{inner.name}", 0, 0, template, parent=f"{path}/")


def report_strays(root: Path, problems: Collector) -> None:
    """Report links outside the project and special files below the folders rendering reads, what no build reads in
    content/, and the templates rendering could not read: the folder missing, or a template not in UTF-8."""
    report_unread(root, problems)
    for folder in RENDERED_FROM:
        if refused(root, root / folder, problems):
            continue
        if folder == "templates" and not (root / folder).is_dir():  # else every page would be told it has no template
            missing = N_("the folder of the site's templates is missing — restore it: git checkout -- templates")
            problems.add(folder, 0, 0, FILE_FOR_FOLDER if (root / folder).exists() else missing)
        for path in walk_files(root, root / folder):
            if not refused(root, path, problems) and folder == "templates":
                report_not_utf8(root, path, problems)


def report_not_utf8(root: Path, path: str, problems: Collector) -> None:
    """A template's first byte that is not UTF-8, told at it: Jinja would tell it at a template that uses this one."""
    if path.endswith(".html") and os.path.isfile(path):  # a link to nothing is left to Jinja, as any template not used
        raw = read_bytes(path, relative(root, Path(path)), problems)
        if raw is not None:
            decode_utf8(raw, relative(root, Path(path)), problems)


def report_duplicates(items: list[tuple[str, Where]], template: str, problems: Collector) -> None:
    """Report every id that appears twice, at its second place."""
    first: dict[str, Where] = {}
    for key, place in items:
        if key in first:
            problems.at(place, template, id=key, first=first[key].line)
        else:
            first[key] = place


def record_paths(root: Path, folder: str, problems: Collector, required: bool = False) -> list[str]:
    """The `.yaml` files of a content folder, sorted by name; their names (the records' ids) must be safe slugs."""
    paths = []
    for entry in listed_files(root, folder, problems, required):
        stem, dot, suffix = entry.name.rpartition(".")
        path = f"{folder}/{entry.name}"
        if not dot or suffix != "yaml":
            if os.path.lexists(f"{entry.path.rpartition('.')[0] if dot else entry.path}.yaml"):  # renaming would replace it
                template = N_(
                    "only .yaml files belong in {folder}, and {name} is there already — "
                    "move what this file adds into it and remove this one"
                )
            else:
                template = N_("only .yaml files belong in {folder} — rename it to end in .yaml or move it away")
            problems.add(path, 1, 1, template, folder=folder, name=f"{stem if dot else entry.name}.yaml")
        elif not SLUG.match(stem):
            template = N_("“{value}” is not a safe id for a file name — use lowercase latin letters, digits and hyphens")
            problems.add(path, 1, 1, template, value=stem)
        elif len(stem) > LONGEST_ID:
            template = N_("the file's name, its record's id, is {length} characters long — shorten it to at most {limit}")
            problems.add(path, 1, 1, template, length=len(stem), limit=LONGEST_ID)
        else:
            paths.append(entry.path)
    return paths


def media_names(root: Path) -> set[str]:
    """The names prose may give the project's images (the gallery itself reports the files that are no image)."""
    return {PREFIX + entry.name for entry in listed_files(root, MEDIA, Collector())}


def report_missing_images(images: Mapping[str, Where], known: Container[str], problems: Collector) -> None:
    for name, place in images.items():
        if name not in known:
            template = N_("there is no image {name} in content/media/ — add the file there or correct the name")
            problems.at(place, template, name=name.removeprefix(PREFIX))
