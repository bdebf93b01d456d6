"""Reading an editor's file: parse, validate against its kind, and say where each value stands."""

from __future__ import annotations

import os
import re
from collections.abc import Container, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from .confine import OUTSIDE, SPECIAL, entry_refusal, refusal, walk_files
from .gallery import MEDIA, PREFIX
from .i18n import N_
from .problems import LINE_BREAK, UNFINISHED, Collector
from .prose import IMAGE_FINDER, link_targets, linked_words
from .records import Where
from .schema import INVALID, SLUG, Bilingual, ListOf, Nullable, Rec, Record, Seq, Spec, Text, validate
from .yamlread import MappingNode, Node, ScalarNode, SequenceNode, read_bytes, yaml_from_bytes

SLUG_FILE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+$")
"""A file name safe in an address: a safe id and a suffix."""


def relative(root: Path, file: Path) -> str:
    """A project-relative path with forward slashes, as messages show it."""
    return file.relative_to(root).as_posix()


def read_record(root: Path, file: Path, spec: Record, problems: Collector) -> Rec | None:
    """Read and validate one YAML file; None if it has any problem. Each image its prose shows must be in the gallery."""
    return read_linking_record(root, file, spec, problems)[0]


def read_linking_record(
    root: Path, file: Path, spec: Record, problems: Collector, drafts: tuple[str, Container[str]] | None = None
) -> tuple[Rec | None, dict[str, Where], Node | None]:
    """`read_record`, the addresses of this site its prose links to, each at its first place, and the file's node
    tree (for places deeper than the record keeps). `drafts`: a list field whose items have a status, and the
    statuses of drafts: such an item that does not validate is left out, its problems unfinished."""
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
    images = images_shown(path, node, spec, raw, problems)
    report_missing_images(images, media_names(root) if images else set(), problems)
    report_markup(path, node, spec, raw, problems, first_heading=2)  # under the page's or event's title
    return rec, links_made(path, node, spec, raw), node


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
    """Editors' swap and backup files, hidden files, caches and the files Windows leaves in folders of images: no
    build reads them, and the preview's watcher starts none for them."""
    special = name == "__pycache__" or name.lower() in ("thumbs.db", "desktop.ini", "ehthumbs.db")
    return special or name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".pyc"))


def listed_files(root: Path, folder: str, problems: Collector) -> list[os.DirEntry[str]]:
    """The files directly in a project folder, sorted by name, without ignored files and subfolders; a link leading outside
    the project or a special file (the folder itself included) is reported instead."""
    directory = root / folder
    if refused(root, directory, problems) or not directory.is_dir():
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


def report_unread(root: Path, problems: Collector) -> None:
    """A warning for each entry of content/ that no build reads: a record saved in the wrong place is otherwise silently left out."""
    content = root / "content"
    if not content.is_dir() or refusal(root, content) is not None:
        return
    for entry in sorted(os.scandir(content), key=lambda e: e.name):
        path = f"content/{entry.name}"
        if is_ignored(entry.name):
            continue
        if entry.name not in CONTENT_ENTRIES:
            template = N_(
                "no build reads this — checks go in content/claims/, standing pages in content/pages/, images in content/media/: "
                "move it there, or away"
            )
            problems.warn(path, 0, 0, template)
        elif CONTENT_ENTRIES[entry.name] and entry.is_dir() and not entry.is_symlink():
            for inner in sorted((e for e in os.scandir(entry.path) if e.is_dir() and not is_ignored(e.name)), key=lambda e: e.name):
                template = N_("no build reads this folder — its files belong directly in {parent}")
                problems.warn(f"{path}/{inner.name}", 0, 0, template, parent=f"{path}/")


def report_strays(root: Path, problems: Collector) -> None:
    """Report links outside the project and special files below the folders rendering reads, and what no build reads in content/."""
    report_unread(root, problems)
    for folder in RENDERED_FROM:
        if not refused(root, root / folder, problems):
            for path in walk_files(root, root / folder):
                refused(root, path, problems)


def report_duplicates(items: list[tuple[str, Where]], template: str, problems: Collector) -> None:
    """Report every id that appears twice, at its second place."""
    first: dict[str, Where] = {}
    for key, place in items:
        if key in first:
            problems.at(place, template, id=key, first=first[key].line)
        else:
            first[key] = place


def record_paths(root: Path, folder: str, problems: Collector) -> list[str]:
    """The `.yaml` files of a content folder, sorted by name; their names (the records' ids) must be safe slugs."""
    paths = []
    for entry in listed_files(root, folder, problems):
        stem, dot, suffix = entry.name.rpartition(".")
        path = f"{folder}/{entry.name}"
        if not dot or suffix != "yaml":
            template = N_("only .yaml files belong in {folder} — rename it to end in .yaml or move it away")
            problems.add(path, 1, 1, template, folder=folder)
        elif not SLUG.match(stem):
            template = N_("“{value}” is not a safe id for a file name — use lowercase latin letters, digits and hyphens")
            problems.add(path, 1, 1, template, value=stem)
        else:
            paths.append(entry.path)
    return paths


NOT_OWN_IMAGE = N_(
    "the image “{value}” is not one of the project's files — a page loads nothing from other sites: "
    "save the image in content/media/ and show it as ![description](media/NAME)"
)


UNSAFE_IMAGE_NAME = N_(
    "“{value}” is not a safe name for an image — rename the file in content/media/ with lowercase latin letters, digits "
    "and hyphens, e.g. map-of-pyongyang.png, and show it under that name"
)


RAW_HTML = N_("HTML shows on the page as typed — write it in Markdown (**bold**, *italic*, [words](/en/…), lists)")
FOOTNOTE = N_("footnotes are not supported and show as typed — put the note in the text, in brackets")
HIGH_HEADING = N_("a heading of level {level} competes with the page's own headings here — start it with {marks}")
NO_ALT = N_("the image has no description for readers who cannot see it — write what it shows: ![what it shows]({value})")


def report_markup(path: str, node: Node, spec: Spec, raw: bytes, problems: Collector, first_heading: int) -> None:
    """A warning for Markdown the site does not render as meant: raw HTML, footnotes, headings above `first_heading`
    (the page's own title and sections use those), and images without a description."""
    if not any(mark in raw for mark in (b"<", b"[^", b"#", b"![")):
        return
    lines = LINE_BREAK.split(raw.decode("utf-8"))
    for scalar in markdown_scalars(node, spec, ""):
        found: list[tuple[str, str, dict[str, object]]] = []
        for token in IMAGE_FINDER.parse(scalar.value):
            if token.type == "html_block":
                found.append((token.content.strip().split("\n")[0], RAW_HTML, {}))
            elif token.type == "heading_open" and int(token.tag[1]) < first_heading and token.map is not None:
                found.append(
                    (scalar.value.split("\n")[token.map[0]].strip(), HIGH_HEADING, {"level": token.tag[1], "marks": "#" * first_heading})
                )
            for child in token.children or ():
                if child.type == "html_inline":
                    found.append((child.content, RAW_HTML, {}))
                elif child.type == "image" and not child.content.strip():
                    found.append((str(child.attrGet("src")), NO_ALT, {"value": child.attrGet("src")}))
        found += [(mark.group(), FOOTNOTE, {}) for mark in re.finditer(r"\[\^[^\]\s]+\]", scalar.value)]
        told: set[str] = set()
        for needle, template, params in found:
            if template == NO_ALT or template not in told:  # raw HTML and footnotes once per text: one habit, one message
                told.add(template)
                problems.at(place_in(path, scalar, needle, lines), template, "warning", **params)


def images_shown(path: str, node: Node, spec: Spec, raw: bytes, problems: Collector) -> dict[str, Where]:
    """The images a file's markdown shows (`media/NAME`), each at its first place; any other image is reported where it stands."""
    found: dict[str, Where] = {}
    if b"![" not in raw:  # every markdown image starts so
        return found
    lines = LINE_BREAK.split(raw.decode("utf-8"))
    for scalar in markdown_scalars(node, spec, "!["):
        for source in link_targets(scalar.value, "image", "src"):
            place = place_in(path, scalar, source, lines)
            if source.startswith(PREFIX) and SLUG_FILE.match(source.removeprefix(PREFIX)):
                found.setdefault(source, place)
            elif source.startswith(PREFIX):  # the project's folder, under a name no image there may have
                problems.at(place, UNSAFE_IMAGE_NAME, value=source.removeprefix(PREFIX))
            else:
                problems.at(place, NOT_OWN_IMAGE, value=source)
    return found


LINKING = ("](/", "]: /", "#evidence-")
"""How a link to this site (inline or by reference) or to a quote of a check's own evidence starts."""


def links_made(path: str, node: Node, spec: Spec, raw: bytes) -> dict[str, Where]:
    """The addresses of this site (`/ru/…`) and of its own quotes (`#evidence-q1`) a file's markdown links to, each at its first place."""
    found: dict[str, Where] = {}
    if not any(start.encode() in raw for start in LINKING):
        return found
    lines = LINE_BREAK.split(raw.decode("utf-8"))
    for scalar in markdown_scalars(node, spec, "]"):
        if not any(start in scalar.value for start in LINKING):
            continue
        for target in link_targets(scalar.value):
            if (target.startswith("/") and not target.startswith("//")) or target.startswith("#evidence-"):
                found.setdefault(target, place_in(path, scalar, target, lines))
    return found


def quote_links_made(path: str, node: Node, spec: Spec, raw: bytes) -> tuple[tuple[str, str, Where], ...]:
    """Each link of a record's markdown to a quote of its own evidence (`#evidence-q1`): its address, its words, its place."""
    if b"#evidence-" not in raw:
        return ()
    lines, found = LINE_BREAK.split(raw.decode("utf-8")), []
    for scalar in markdown_scalars(node, spec, "#evidence-"):
        for address, words in linked_words(scalar.value):
            if address.startswith("#evidence-"):
                written = f"[{words}]({address})"  # as most links are written; else the address alone is looked for
                if written in scalar.value:
                    place = place_in(path, scalar, written, lines)
                    found.append((address, words, replace(place, column=place.column + len(words) + 3)))  # at the address
                else:
                    found.append((address, words, place_in(path, scalar, address, lines)))
    return tuple(found)


def markdown_scalars(node: Node, spec: Spec, holding: str) -> Iterator[ScalarNode]:
    """The texts of a validated node tree that its kind reads as markdown and that hold `holding`."""
    if isinstance(spec, Text) and spec.markdown and isinstance(node, ScalarNode) and holding in node.value:
        yield node
    elif isinstance(spec, Nullable):
        yield from markdown_scalars(node, spec.inner, holding)
    elif isinstance(spec, ListOf) and isinstance(node, SequenceNode):
        for item in node.value:
            yield from markdown_scalars(item, spec.item, holding)
    elif isinstance(spec, Record | Bilingual) and isinstance(node, MappingNode):
        fields = spec.fields if isinstance(spec, Record) else spec.languages
        for key, value in node.value:
            if key.value in fields:
                yield from markdown_scalars(value, fields[key.value].spec, holding)


def place_in(path: str, scalar: ScalarNode, source: str, lines: list[str]) -> Where:
    """Where an address stands within a text of the file: on the first of its lines that holds it, else at the text."""
    first, last = scalar.start_mark.line, scalar.end_mark.line
    for number in range(first, min(last, len(lines) - 1) + 1):
        column = lines[number].find(source, scalar.start_mark.column if number == first else 0)
        if column >= 0:
            return Where(path, number + 1, column + 1)
    return Where(path, first + 1, scalar.start_mark.column + 1)


def media_names(root: Path) -> set[str]:
    """The names prose may give the project's images (the gallery itself reports the files that are no image)."""
    return {PREFIX + entry.name for entry in listed_files(root, MEDIA, Collector())}


def report_missing_images(images: Mapping[str, Where], known: Container[str], problems: Collector) -> None:
    for name, place in images.items():
        if name not in known:
            template = N_("there is no image {name} in content/media/ — add the file there or correct the name")
            problems.at(place, template, name=name.removeprefix(PREFIX))
