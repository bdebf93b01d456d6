"""Problems found in the editor's files: located, collected, reported together."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from .confine import read_regular, refusal
from .i18n import N_, Msgid, count_summary, translate
from .records import Where

SEVERITY_LABELS = {"warning": N_("warning"), "notice": N_("note")}
"""How a problem that does not stop the build is labelled."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in an editor's file, at a line and column (both 1-based)."""

    path: str
    line: int
    column: int
    template: str
    params: tuple[tuple[str, str], ...] = ()
    severity: str = field(default="error", compare=False)

    def message(self, lang: str = "en") -> str:
        """The message in `lang`, its placeholders filled."""
        params = {key: translate(lang, value) if isinstance(value, Msgid) else value for key, value in self.params}
        params |= {key.removesuffix("@" + lang): value for key, value in self.params if key.endswith("@" + lang)}
        return translate(lang, self.template).format(**params)

    @property
    def place(self) -> str:
        """`path:line:column`, or the path alone when the problem is with the whole file (line 0)."""
        return f"{self.path}:{self.line}:{self.column}" if self.line else self.path

    def format(self, root: Path | None = None, lang: str = "en") -> str:
        """Render as `path:line:col: message` followed by the offending line (`path: message` for a whole file)."""
        head = f"{self.place}: " if self.path else ""
        if self.severity != "error":
            head += translate(lang, SEVERITY_LABELS[self.severity]) + ": "
        text = head + self.message(lang)
        excerpt = read_line(root, self.path, self.line)
        if excerpt is None:
            return text
        excerpt, caret = clipped(excerpt, max(0, min(self.column - 1, len(excerpt))))
        return f"{text}\n    {excerpt}\n    {' ' * caret}^"


EXCERPT_WIDTH = 160
"""The most of a line a message shows: a very long line is cut around the place, marked with ellipses."""


def clipped(line: str, caret: int) -> tuple[str, int]:
    """A line cut to at most EXCERPT_WIDTH characters around the caret, and where the caret stands in it."""
    if len(line) <= EXCERPT_WIDTH:
        return line, caret
    start = max(0, min(caret - EXCERPT_WIDTH // 2, len(line) - EXCERPT_WIDTH))
    head, tail = ("…" if start else ""), ("…" if start + EXCERPT_WIDTH < len(line) else "")
    return head + line[start : start + EXCERPT_WIDTH] + tail, caret - start + len(head)


UNFINISHED = "unfinished"
"""The severity of an error in a record still a draft or in review: a warning in the editors' edition, one note
in the published edition, which leaves the record out (`editions.settle_unfinished`)."""


def stops_loading(problem: Problem) -> bool:
    """Whether a problem left a record out of the project: an error, or one in an unfinished draft."""
    return problem.severity in ("error", UNFINISHED)


class ProblemsFound(Exception):  # noqa: N818 - not an error of the program: the editor's problems
    """Raised by a stage that found problems; carries every one of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = sorted(replace(p, severity="error") if p.severity == UNFINISHED else p for p in problems)


def fail_on(problems: Collector, strict: bool) -> None:
    """Stop on errors, and on warnings too in strict mode (never on notices)."""
    if problems.errors or (strict and any(p.severity == "warning" for p in problems.problems)):
        raise ProblemsFound(problems.problems)


class Collector:
    """Gathers problems across a stage so that all of them are reported at once."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: str, line: int, column: int, template: str, **params: object) -> None:
        """Record one error; `template` is an English message marked with N_()."""
        self.problems.append(Problem(path, line, column, template, freeze(params)))

    def add_once(self, problem: Problem) -> None:
        """Record a problem unless the same one is recorded already (one mistake that many pages or languages meet)."""
        if problem not in self.problems:
            self.problems.append(problem)

    def warn(self, path: str, line: int, column: int, template: str, **params: object) -> None:
        """Record one warning: reported, but it stops the build only in strict mode."""
        self.problems.append(Problem(path, line, column, template, freeze(params), "warning"))

    def notice(self, path: str, line: int, column: int, template: str, **params: object) -> None:
        """Record one notice: reported as a warning, but it stops no build, not even in strict mode."""
        self.problems.append(Problem(path, line, column, template, freeze(params), "notice"))

    def at(self, where: Where, template: str, severity: str = "error", /, **params: object) -> None:
        self.problems.append(Problem(where.path, where.line, where.column, template, freeze(params), severity))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        """Only the problems that stop the build."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Only the problems that are reported but do not stop the build."""
        return [p for p in self.problems if p.severity != "error"]


LINE_BREAK = re.compile(r"\r\n|[\n\r\x85\u2028\u2029]")
"""A line break as YAML counts lines (and Jinja, which counts fewer, never past the line it means)."""

INVISIBLE_CHARACTERS = r"\u00a0\u00ad\u115f\u1160\u180e\u2000-\u200f\u202a-\u202f\u205f-\u2064\u3000\ufeff"
"""Characters that look like a space or like nothing, often pasted in with a copied word (a regular expression's class)."""
INVISIBLE = re.compile(f"[{INVISIBLE_CHARACTERS}]")
HOLDS_INVISIBLE = N_("“{shown}” holds an invisible character, {name}, where [{code}] stands — delete it and retype the name")


def invisible(value: str) -> dict[str, object] | None:
    """What to tell of an invisible character in a name that was not found, if it holds one."""
    found = INVISIBLE.search(value)
    if found is None:
        return None
    shown = INVISIBLE.sub(lambda char: f"[U+{ord(char[0]):04X}]", value)
    return {"shown": shown, **described(found[0])}


def described(char: str) -> dict[str, object]:
    """A character's Unicode name and code point, for a message: "no-break space", "U+00A0"."""
    return {"name": unicodedata.name(char, "").lower(), "code": f"U+{ord(char):04X}"}


VISIBLE = {**{code: 0x2400 + code for code in range(0x20)}, 0x7F: 0x2421, 0x09: 0x2192}
"""Control characters shown as their pictures (␇) and a tab as →, so that an excerpt keeps one column per character."""


def read_line(root: Path | None, path: str, line: int) -> str | None:
    """Return line `line` of `root/path` as text, or None when it cannot be read."""
    if root is None or line < 1 or refusal(root, root / path) is not None:
        return None  # nothing of what a refused path leads to is shown (sverka.confine)
    try:
        lines = LINE_BREAK.split(read_regular(root / path).decode("utf-8", errors="replace"))
    except OSError:
        return None
    return lines[line - 1].translate(VISIBLE) if line <= len(lines) else None


def freeze(params: dict[str, object]) -> tuple[tuple[str, str], ...]:
    """Make message parameters hashable and printable."""
    return tuple(sorted((k, v if isinstance(v, str) else str(v)) for k, v in params.items()))


def each_language(name: str, texts: Mapping[str, str]) -> dict[str, str]:
    """A message parameter that differs by language (a label from the content): `{name}` shows the message's language's text."""
    return {f"{name}@{lang}": text for lang, text in texts.items()}


def format_report(problems: list[Problem], root: Path | None, lang: str = "en") -> str:
    """Every problem, sorted by file and line, with a closing count."""
    errors, notes = (sum(1 for p in problems if p.severity == kind) for kind in ("error", "notice"))
    tail = count_summary(lang, errors, len(problems) - errors - notes, notes)
    return "\n".join([*(p.format(root, lang) for p in sorted(problems)), tail])
