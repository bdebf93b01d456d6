"""The YAML library's common syntax errors in plain words: what is wrong and what to do, at the place to fix."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from .i18n import N_
from .problems import INVISIBLE, INVISIBLE_CHARACTERS, LINE_BREAK, described

TAB = N_("a tab character — YAML indents with spaces only: replace the tab with spaces")
UNCLOSED_QUOTE = N_("the quote {quote} that opens this value is never closed — add {quote} at the end of the value")
QUOTE_CLOSED_LATE = N_(
    "the quote that opens this value is closed only on line {closed_line} — add the closing quote at the end of this value"
)
TEXT_AFTER_QUOTE = N_(
    "the value goes on after its closing quote — put the whole value in quotes, and write a quote mark that is part of the text "
    "as \\\" inside \"…\" or as '' inside '…'"
)
BAD_ESCAPE = N_("a backslash inside double quotes starts a code such as \\n — write \\\\ for a backslash itself, or use single quotes")
UNCLOSED_BRACKET = N_("this “{open}” is never closed — close it with “{close}” after the last item")
MISSING_COMMA = N_("a comma or “{close}” is missing here — separate the items with commas and close them with “{close}”")
COLON_IN_VALUE = N_("a colon followed by a space inside a value without quotes reads as a new field — put the whole value in double quotes")
FLOW_COLON = N_(
    "a colon followed by a space inside a value reads as a new field — add the comma missing before the next field, "
    "or put the value in double quotes"
)
NO_SPACE_AFTER_COLON = N_("a colon needs a space after it — write “name: value”")
CONTINUED_VALUE = N_(
    "YAML reads this line as the rest of the value above, so its colon is out of place — indent a field as much as "
    "the fields beside it, or put a value that holds a colon in double quotes"
)
BAD_INDENT = N_(
    "this line is indented differently from the fields above it — indent it as much as the fields it belongs with, using spaces"
)
LIST_AT_START = N_(
    "a value that begins with “[” is read as a list, and the text after the “]” breaks it — put the whole value in double "
    "quotes, or write `>-` here and the text on the next line, indented"
)
STRAY_LIST_ITEM = N_("a list item where a field was expected — indent the item under its field, further than the field's name")
LIST_ITEM_INDENT = N_(
    "this line does not line up with the list above — begin a new item with “- ”, or indent the line as much as the first field of its item"
)
MISSING_COLON = N_(
    "this line is neither a field nor a list item — write it as “name: value”, or indent it further than the field above "
    "if it continues its value"
)
RESERVED_START = N_("YAML gives “{char}” a special meaning at the start of a value — put the value in quotes")
MERGE_CONFLICT = N_(
    "an unresolved merge conflict: keep one version of the lines between <<<<<<< and >>>>>>> and delete the "
    "<<<<<<<, ======= and >>>>>>> lines"
)
INVISIBLE_CHARACTER = N_(
    "an invisible character ({name}, {code}) where YAML needs an ordinary space or nothing — delete it, retyping the text around the caret"
)
CONTROL_CHARACTER = N_("an invisible control character ({code}) that YAML does not allow — delete it, retyping the text around the caret")


@dataclass(frozen=True)
class Explained:
    """A syntax error in plain words: the message template, where to point (an index into the text) and its parameters."""

    template: str
    index: int
    params: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Failure:
    """What the library said: its words, where it stopped (`at`) and where the broken structure began (`opened`)."""

    text: str
    at: int
    opened: int | None
    context: str
    problem: str

    @property
    def char(self) -> str:
        """The character the library stopped at ("" at the end of the text)."""
        return self.text[self.at : self.at + 1]


def place(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of a character of `text`."""
    breaks = list(LINE_BREAK.finditer(text, 0, index))
    return len(breaks) + 1, index - (breaks[-1].end() if breaks else 0) + 1


def line_start(text: str, index: int) -> int:
    return max(text.rfind(mark, 0, index) for mark in "\n\r") + 1


def explain(error: yaml.YAMLError, text: str) -> Explained | None:
    """The error in plain words, or None for a rare one that only the library's own words describe."""
    if isinstance(error, yaml.reader.ReaderError):
        return Explained(CONTROL_CHARACTER, max(text.find(chr(error.character)), 0), {"code": f"U+{error.character:04X}"})
    if not isinstance(error, yaml.MarkedYAMLError) or error.problem_mark is None:
        return None
    opened = error.context_mark.index if error.context_mark is not None else None
    failure = Failure(text, error.problem_mark.index, opened, error.context or "", error.problem or "")
    return next((found for rule in RULES if (found := rule(failure)) is not None), None)


CONFLICT_MARKER = re.compile(r"^(?:(?:<{7}|>{7})(?: |$)|={7}$)", re.MULTILINE)


def merge_conflict(f: Failure) -> Explained | None:
    """Git's conflict markers anywhere in the file: whatever else the library tripped on follows from them."""
    marker = CONFLICT_MARKER.search(f.text)
    return Explained(MERGE_CONFLICT, marker.start()) if marker else None


def tab(f: Failure) -> Explained | None:
    """A tab in the indentation (or wherever the library stopped)."""
    start = line_start(f.text, f.at)
    indentation = re.match(r"[ \t-]*", f.text[start:])
    lead = indentation.group() if indentation else ""
    if "\t" in lead:
        return Explained(TAB, start + lead.index("\t"))
    return Explained(TAB, f.at) if f.char == "\t" else None


STRUCTURE = re.compile(
    rf"[ \t\-{INVISIBLE_CHARACTERS}]*"  # the indentation and a list item's dash
    rf"(?:[A-Za-z_{INVISIBLE_CHARACTERS}][\w\-{INVISIBLE_CHARACTERS}]*:.?)?",  # a field's name, its colon and what follows it
    re.ASCII,
)
"""What YAML reads as a line's structure, not as text: in prose (a Russian text's no-break spaces) nothing is looked at."""


def invisible_character(f: Failure) -> Explained | None:
    """A no-break or zero-width space pasted into the indentation, a field's name or the space after its colon, on the
    line the library stopped at or the one its structure began on: YAML reads it as text."""
    for index in (f.at, f.opened):
        if index is None:
            continue
        start = line_start(f.text, index)
        line = LINE_BREAK.split(f.text[start:], maxsplit=1)[0]
        structure = STRUCTURE.match(line)
        found = INVISIBLE.search(structure[0]) if structure else None
        if found is not None:
            return Explained(INVISIBLE_CHARACTER, start + found.start(), described(found[0]))
    return None


def quoting(f: Failure) -> Explained | None:
    """A quote never closed, or a backslash that starts no escape."""
    if f.context == "while scanning a quoted scalar" and "end of stream" in f.problem and f.opened is not None:
        return Explained(UNCLOSED_QUOTE, f.opened, {"quote": f.text[f.opened : f.opened + 1]})
    return Explained(BAD_ESCAPE, f.at) if "unknown escape character" in f.problem else None


def flow_collection(f: Failure) -> Explained | None:
    """A `[…]` or `{…}` left open, missing a comma, or holding an unquoted colon."""
    if f.context == "while parsing a flow node" and not f.text[f.at :].strip():  # the file ends inside it, after `[` or `,`
        return open_bracket(f.text)
    if not f.context.startswith("while parsing a flow") or "expected ','" not in f.problem or f.opened is None:
        return None
    bracket = f.text[f.opened : f.opened + 1]
    brackets: dict[str, object] = {"open": bracket, "close": "]" if bracket == "[" else "}"}
    if place(f.text, f.opened)[0] != place(f.text, f.at)[0]:
        return Explained(UNCLOSED_BRACKET, f.opened, brackets)
    return Explained(FLOW_COLON, f.at) if f.char == ":" else Explained(MISSING_COMMA, f.at, brackets)


def open_bracket(text: str) -> Explained | None:
    """The last `[` or `{` of the text that is never closed."""
    opened: list[int] = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                opened.append(token.start_mark.index)
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and opened:
                opened.pop()
    except yaml.YAMLError:
        pass
    if not opened:
        return None
    bracket = text[opened[-1]]
    return Explained(UNCLOSED_BRACKET, opened[-1], {"open": bracket, "close": "]" if bracket == "[" else "}"})


def colon(f: Failure) -> Explained | None:
    """A colon where YAML cannot start a field: inside a value, after a colon without a space, or on a misindented line."""
    if not f.problem.startswith("mapping values are not allowed"):
        return None
    start = line_start(f.text, f.at)
    if re.search(r":[ \t]", f.text[start : f.at]):  # the line's own field name came first
        return Explained(COLON_IN_VALUE, f.at)
    above = f.text[: max(start - 1, 0)].rstrip()
    bare = colon_without_space(above, line_start(above, len(above)))
    return Explained(NO_SPACE_AFTER_COLON, bare) if bare is not None else Explained(CONTINUED_VALUE, f.at)


def colon_without_space(text: str, start: int) -> int | None:
    """The colon of `name:value` on the line starting at `start`, when the line has no `: ` (a field meant, a space forgotten)."""
    line = text[start:].split("\n", 1)[0]
    bare = re.match(r"[ \t]*(?:- +)?[\w-]+:(?=[^\s/])", line)
    return start + bare.end() - 1 if bare and not re.search(r":\s", line) else None


BRACKETED_START = re.compile(r"[ \t]*(?:-[ \t]+)?(?:[\w-]+:[ \t]+)?(\[)[^\[\]\n]*\][ \t]*$")
"""A line whose value is a `[…]` the text goes on after: words in brackets (a Markdown link) that YAML read as a list."""


def block_structure(f: Failure) -> Explained | None:
    """A line that fits neither the fields nor the list above it."""
    start = line_start(f.text, f.at)
    if f.context in ("while parsing a block mapping", "while parsing a block collection") and (
        bracket := BRACKETED_START.match(f.text, start, f.at)
    ):
        return Explained(LIST_AT_START, bracket.start(1))
    if f.context == "while scanning a simple key" and f.opened is not None:
        bare = colon_without_space(f.text, line_start(f.text, f.opened))
        return Explained(NO_SPACE_AFTER_COLON, bare) if bare is not None else Explained(MISSING_COLON, f.opened)
    if f.context == "while parsing a block collection":
        return Explained(LIST_ITEM_INDENT, f.at)
    if f.context != "while parsing a block mapping":
        return None
    quote, line = quoted_value_before(f.text, f.at), place(f.text, f.at)[0]
    if quote is not None and place(f.text, quote)[0] != line:
        return Explained(QUOTE_CLOSED_LATE, quote, {"closed_line": str(line)})
    if quote is not None:
        return Explained(TEXT_AFTER_QUOTE, f.at)
    return Explained(STRAY_LIST_ITEM if f.char == "-" else BAD_INDENT, f.at)


def reserved(f: Failure) -> Explained | None:
    """A value starting with a character YAML reserves (@, `, %, an alias *, an anchor &, a list's - or a key's ?)."""
    scanning = f.context in ("while scanning an alias", "while scanning an anchor") and f.opened is not None
    starts = ("cannot start any token", "undefined alias", "block sequence entries are not allowed", "mapping keys are not allowed")
    if not scanning and not any(words in f.problem for words in starts):
        return None
    at = f.opened if scanning and f.opened is not None else f.at
    return Explained(RESERVED_START, at, {"char": f.text[at : at + 1]})


def quoted_value_before(text: str, index: int) -> int | None:
    """Where the quoted value that ends just before `index` begins, if one does (as in `"a" b`)."""
    end = len(text[:index].rstrip(" \t"))
    if not text[:end].endswith(("'", '"')):
        return None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, yaml.ScalarToken) and token.style and token.end_mark.index == end:
                return int(token.start_mark.index)
            if token.start_mark.index >= index:
                break
    except yaml.YAMLError:
        pass
    return None


RULES: tuple[Callable[[Failure], Explained | None], ...] = (
    merge_conflict,
    tab,
    quoting,
    flow_collection,
    invisible_character,
    colon,
    block_structure,
    reserved,
)
"""In order: conflict markers explain anything; a tab explains whatever else went wrong on its line."""
