"""Reading an editor's file: parse, validate against its kind, and say where each value stands."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .i18n import N_
from .problems import Collector
from .records import Where
from .schema import INVALID, SLUG, Rec, Record, Seq, validate
from .yamlread import Node, read_yaml


def relative(root: Path, file: Path) -> str:
    """A project-relative path with forward slashes, as messages show it."""
    return file.relative_to(root).as_posix()


def at(problems: Collector, where: Where, template: str, **params: object) -> None:
    """Record a problem at a record's place."""
    problems.add(where.path, where.line, where.column, template, **params)


def read_record(root: Path, file: Path, spec: Record, problems: Collector) -> Rec | None:
    """Read and validate one YAML file; None if it has any problem."""
    path = relative(root, file)
    return checked_record(read_yaml(file, path, problems), path, spec, problems)


def checked_record(node: Node | None, path: str, spec: Record, problems: Collector) -> Rec | None:
    """Validate one file's node tree; None if it has any problem."""
    if node is None:
        return None
    value = validate(spec, node, path, problems)
    return None if has_invalid(value) else value


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
    """A file the project cannot do without; reported when missing."""
    file = root / name
    if not file.is_file():
        problems.add(name, 1, 1, N_("the file is missing — create {name} (see docs/content-model.md)"), name=name)
        return None
    return file


def report_duplicates(items: list[tuple[str, Where]], template: str, problems: Collector) -> None:
    """Report every id that appears twice, at its second place."""
    first: dict[str, Where] = {}
    for key, place in items:
        if key in first:
            at(problems, place, template, id=key, first=first[key].line)
        else:
            first[key] = place


def record_paths(root: Path, folder: str, problems: Collector) -> list[str]:
    """The `.yaml` files of a content folder, sorted by name; their names (the records' ids) must be safe slugs."""
    directory = root / folder
    if not directory.is_dir():
        return []
    paths = []
    for entry in sorted(os.scandir(directory), key=lambda e: e.name):
        if entry.name.startswith(".") or entry.is_dir():
            continue
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
