"""The corrections policy held against the last commit: a published check keeps its verdict and its corrections unless a
new correction says what changed, and it does not vanish. Only `check` asks (the editors' gate before a commit); outside
a git work tree there is no last commit, and nothing is said."""

from __future__ import annotations

import re
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from .i18n import N_
from .problems import Collector
from .project import Project

CLAIMS, SEEDS = "content/claims", "seeds"
VERDICT_UNNOTED = N_(
    "the verdict was “{before}” in the last commit and is “{after}” now, with no new correction — a published verdict "
    "changes only with a correction saying what was wrong and what changed"
)
CORRECTION_GONE = N_("a correction of the last commit is gone — a published correction stays on the page for good: put it back")
CHECK_GONE = N_(
    "this check was published in the last commit and its file is gone, so its address would lead nowhere — put the file "
    "back, or name its id under `aliases:` of the check it went into"
)

SOURCE_GONE = N_(
    "this archived text was in the last commit and is gone, so its source's pages and every link to its paragraphs would "
    "lead nowhere — put it back: a source keeps its id for good (a new id is a new source, archived with `new source`)"
)


def report_unnoted_changes(root: Path, project: Project, now: datetime, problems: Collector) -> None:
    """A warning for each published check of the last commit whose verdict changed without a new correction, whose
    corrections were removed, or whose file is gone without another check taking over its address; and for each
    archived text gone."""
    aliases = {alias for claim in project.claims for alias in claim.aliases}
    for status, path in changed_files(root, SEEDS):
        if status == "D" and path.endswith(".txt") and Path(path).stem not in project.source_by_id:
            problems.warn(path, 0, 0, SOURCE_GONE)
    for status, path in changed_files(root, CLAIMS):
        before = committed(root, path)
        if not published(before, now):
            continue
        if status == "D" and Path(path).stem not in aliases:
            problems.warn(path, 0, 0, CHECK_GONE)
        elif status == "M":
            text = (root / path).read_text(encoding="utf-8", errors="replace")
            report_changed(path, text, before, problems)


def report_changed(path: str, text: str, before: dict[str, Any], problems: Collector) -> None:
    """The verdict and the corrections of one check, now and as committed."""
    try:
        after = yaml.safe_load(text)
    except yaml.YAMLError:
        return  # the build tells what is wrong with the file
    if not isinstance(after, dict):
        return
    earlier, later = len(before.get("corrections") or ()), len(after.get("corrections") or ())
    if later < earlier:
        problems.warn(path, *line_of(text, "corrections"), CORRECTION_GONE)
    elif later == earlier and after.get("verdict") != before.get("verdict"):
        problems.warn(path, *line_of(text, "verdict"), VERDICT_UNNOTED, before=before.get("verdict"), after=after.get("verdict"))


def published(record: Any, now: datetime) -> bool:
    """Whether a committed check was out: published, and its `publish_at`, if any, come."""
    if not isinstance(record, dict) or record.get("status", "published") != "published":
        return False
    moment = record.get("publish_at")
    if isinstance(moment, date) and not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    return not isinstance(moment, datetime) or moment.tzinfo is None or moment <= now


def line_of(text: str, field: str) -> tuple[int, int]:
    """Where a top-level field's value stands (1-based line and column); the whole file if the field is not there."""
    found = re.search(rf"^{field}: *", text, re.MULTILINE)
    return (text.count("\n", 0, found.start()) + 1, found.end() - found.start() + 1) if found else (0, 0)


def changed_files(root: Path, folder: str) -> list[tuple[str, str]]:
    """The files of a folder changed (M) or deleted (D) since the last commit, as paths from the project's root."""
    listing = git(root, "diff", "--name-status", "-z", "--no-renames", "--relative", "HEAD", "--", folder)
    if listing is None:
        return []
    fields = listing.split("\0")
    return [(status, path) for status, path in zip(fields[::2], fields[1::2], strict=False) if status in ("M", "D")]


def committed(root: Path, path: str) -> Any:
    """A check as the last commit holds it, read as YAML; None if it cannot be read."""
    text = git(root, "show", f"HEAD:./{path}")
    try:
        return yaml.safe_load(text) if text is not None else None
    except yaml.YAMLError:
        return None


def git(root: Path, *arguments: str) -> str | None:
    """A git command's output in the project's folder; None without git, outside a work tree or without a commit."""
    try:
        done = subprocess.run(["git", "-C", str(root), *arguments], capture_output=True, check=False, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else None
