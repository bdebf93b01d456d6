"""Rendering: each job of the plan as the bytes of its file (nothing is written here)."""

from __future__ import annotations

import difflib
import re
import traceback
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError
from jinja2 import BytecodeCache, Environment, TemplateError, TemplateNotFound, TemplateSyntaxError
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.utils import missing

from .environment import MissingNameError, make_environment
from .i18n import (
    N_,
    Messages,
    catalog_path,
    chooses_plurals_of,
    messages_from_catalog,
    parsed_catalog,
    placeholders,
    placeholders_match,
)
from .jobs import PageJob
from .languages import LANGUAGES
from .problems import Collector, Problem, ProblemsFound
from .project import Project
from .prose import tie_dashes
from .schema import LANGUAGE_WORDS
from .system import where_in


@dataclass
class Renderer:
    """The template environments of a project (one per language, made when first used) and the links they make."""

    project: Project
    root: Path
    messages: dict[str, Messages] = field(init=False)
    envs: dict[str, Environment] = field(init=False, default_factory=dict)
    bytecode: BytecodeCache | None = None
    """Jinja's cache of compiled templates, when a caller keeps one between renderers."""
    base_path: str = field(init=False)

    def __post_init__(self) -> None:
        self.base_path = self.project.site.base_path
        self.messages = {lang: readable_catalog(self.root, lang) for lang in self.project.site.languages}

    def href(self, path: str) -> str:
        return self.base_path + path

    def absolute(self, path: str) -> str:
        return self.project.site.base_url + path

    def translate(self, lang: str, message: str) -> str:
        """A UI string in a language other than the page's."""
        return self.messages[lang].gettext(message)

    def env(self, lang: str) -> Environment:
        if lang not in self.envs:
            templates = self.root / "templates"
            self.envs[lang] = make_environment(templates, self.messages[lang], self.project, self, self.translate, self.bytecode)
        return self.envs[lang]

    def alternates(self, job: PageJob) -> dict[str, str]:
        site = self.project.site
        if job.key is None:
            return {}
        links = {lang: self.absolute(f"{lang}/{job.key}") for lang in site.languages}
        links["x-default"] = self.absolute("") if job.key == "" else links[site.default_language]
        return links

    def context(self, job: PageJob, lang: str) -> dict[str, Any]:
        """What a page's template sees besides the environment's globals."""
        return {
            "lang": lang,
            "page_path": job.path,
            "page_key": job.key,
            "canonical": self.absolute(job.path) if job.path != "404.html" else None,
            "alternates": self.alternates(job),
            **(job.context(self.project) if callable(job.context) else job.context),
        }

    def render(self, job: PageJob) -> bytes:
        lang = job.lang or self.project.site.default_language
        template = self.env(lang).get_template(job.template)
        return template.render(self.context(job, lang)).encode("utf-8")

    def contents(self, job: PageJob) -> bytes:
        return job.make(self) if job.make is not None else self.render(job)


@dataclass(frozen=True)
class Made:
    """One job's outcome: the file's bytes or the template error that stopped it, and its untranslated UI strings (by language)."""

    output: str
    content: bytes | None
    error: Problem | None = None
    missing: tuple[tuple[str, str], ...] = ()


def make_file(renderer: Renderer, job: PageJob) -> Made:
    """Render one job; an error in a template, or in the code it calls, becomes a located problem."""
    before = {lang: set(table.missing) for lang, table in renderer.messages.items()}
    try:
        content, error = renderer.contents(job), None
    except Exception as failure:
        if isinstance(failure, OSError) and failure.filename is not None:
            raise  # a template the system refuses to read: told at its file, as any refusal
        content, error = None, render_problem(renderer, job, failure)
    missing = tuple((lang, m) for lang, table in renderer.messages.items() for m in sorted(table.missing - before[lang]))
    return Made(job.output, content, error, missing)


def render_problem(renderer: Renderer, job: PageJob, failure: Exception) -> Problem:
    """Where rendering failed (the template line, else the innermost code line, else the job's template) and what to do."""
    frames = [(frame.filename, frame.lineno or 1) for frame in traceback.extract_tb(failure.__traceback__)]
    in_templates = [frame for frame in frames if frame[0].endswith(".html")]
    if isinstance(failure, TemplateSyntaxError):
        path, line = relative_template(renderer.root, failure.filename or job.template), failure.lineno
    else:
        path, line = (in_templates or frames or [(job.template, 1)])[-1]
        path = relative_template(renderer.root, path)
    templates = [relative_template(renderer.root, name) for name in dict.fromkeys(name for name, _ in in_templates)]
    message, params = explained(renderer, job, failure, templates)
    return Problem(path, line, 1, message, as_written(params))


TEMPLATE_ERROR = N_("template error: {reason}")
UNREADABLE = N_("the template cannot be read here: {reason} — correct the tag or expression on this line")
FILTER_GUESS = N_("there is no filter “{name}” — did you mean “{nearest}”? Correct the name after the “|”")
FILTER_NONE = N_("there is no filter “{name}” — correct the name after the “|”; the site's own filters are {names}")
VARIABLE_GUESS = N_("“{name}” is not defined here — did you mean “{nearest}”? Correct the name in the template")
VARIABLE_NONE = N_("“{name}” is not defined here — correct the name, or give it a value before this line")
ATTRIBUTE_GUESS = N_("{owner} has no “{name}” — did you mean “{nearest}”? Correct the name in the template")
ATTRIBUTE_NONE = N_("{owner} has no “{name}” — correct the name in the template; it has: {names}")
EMPTY_VALUE = N_("“{name}” is looked up in an empty value (none) — check the name before it, or test the value with “if” first")
NO_TEMPLATE = N_("there is no template “{name}” in templates/ — correct the name the template includes, imports or extends")
RECURSION = N_(
    "the page never ends: a template includes, imports or extends one that leads back to it, or a macro calls itself "
    "without end — find the loop among {templates}"
)
UNKNOWN_FILTER = re.compile(r"No filter named '(?P<name>[^']+)'")
NAMES_LISTED = 12
"""The most names a message lists; more are cut with an ellipsis."""


def explained(renderer: Renderer, job: PageJob, failure: Exception, templates: list[str]) -> tuple[str, dict[str, str]]:
    """A template error's message and parameters: the common mistakes told with what to do, any other as Jinja or Python
    tells it (`templates`: those the failure went through, outermost first)."""
    lang, detail = job.lang or renderer.project.site.default_language, str(failure)
    if isinstance(failure, TemplateError) and (unknown := UNKNOWN_FILTER.search(detail)):
        env = renderer.env(lang)
        if (nearest := nearest_name(unknown["name"], env.filters)) is not None:
            return FILTER_GUESS, {"name": unknown["name"], "nearest": nearest}
        return FILTER_NONE, {"name": unknown["name"], "names": listed(sorted(set(env.filters) - set(JINJA_FILTERS)))}
    if isinstance(failure, MissingNameError) and isinstance(failure.name, str):
        return missing_name(renderer, job, failure)
    if isinstance(failure, TemplateNotFound):  # TemplatesNotFound too, its first name
        return NO_TEMPLATE, {"name": str(failure.templates[0] if failure.templates else failure.name)}
    if isinstance(failure, TemplateSyntaxError):
        return UNREADABLE, {"reason": detail}
    if isinstance(failure, RecursionError):
        return RECURSION, {"templates": listed(templates)}
    reason = detail if isinstance(failure, TemplateError) else f"{type(failure).__name__}: {failure}".rstrip(": ")
    return TEMPLATE_ERROR, {"reason": reason}


def missing_name(renderer: Renderer, job: PageJob, failure: MissingNameError) -> tuple[str, dict[str, str]]:
    """A variable the template does not have, or a name its value does not have, with the nearest there is."""
    name = str(failure.name)
    if failure.owner is missing:
        lang = job.lang or renderer.project.site.default_language
        nearest = nearest_name(name, set(renderer.env(lang).globals) | set(renderer.context(job, lang)))
        return (VARIABLE_GUESS, {"name": name, "nearest": nearest}) if nearest else (VARIABLE_NONE, {"name": name})
    if failure.owner is None:
        return EMPTY_VALUE, {"name": name}
    names, owner = attribute_names(failure.owner), type(failure.owner).__name__  # "Claim", not "sverka.records.Claim object"
    if (nearest := nearest_name(name, names)) is not None:
        return ATTRIBUTE_GUESS, {"owner": owner, "name": name, "nearest": nearest}
    return ATTRIBUTE_NONE, {"owner": owner, "name": name, "names": listed(names) or "—"}


def attribute_names(owner: object) -> list[str]:
    """The names a template can look up in a value: a table's keys, a record's fields (then its properties), else its public attributes."""
    if isinstance(owner, Mapping):
        return sorted(key for key in owner if isinstance(key, str))
    public = [name for name in dir(owner) if not name.startswith("_")]
    if is_dataclass(owner):
        properties = [name for name in public if isinstance(getattr(type(owner), name, None), property)]
        return [item.name for item in fields(owner)] + properties
    return public


def as_written(params: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """A template error's parameters, names and Jinja's or Python's own words, as written in every language (a name may
    read like a UI string, “Claim”, which the catalog would translate)."""
    return tuple(sorted((f"{key}@{lang}", value) for key, value in params.items() for lang in LANGUAGES))


def nearest_name(name: str, names: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(name, sorted(names), n=1)
    return matches[0] if matches else None


def listed(names: list[str]) -> str:
    """Names for a message, the first NAMES_LISTED of them."""
    return ", ".join(names[:NAMES_LISTED]) + (", …" if len(names) > NAMES_LISTED else "")


def render_site(project: Project, root: Path, jobs: list[PageJob], problems: Collector) -> dict[str, bytes]:
    """Every file of the site in memory, by output path; template errors and missing UI strings reported."""
    renderer = Renderer(project, root)
    files: dict[str, bytes] = {}
    made = [make_file(renderer, job) for job in jobs]
    for outcome in made:
        if outcome.content is not None:
            files[outcome.output] = outcome.content
    report_outcomes(root, made, problems)
    return files


def report_outcomes(root: Path, made: Iterable[Made], problems: Collector) -> None:
    missing: set[tuple[str, str]] = set()
    for outcome in made:
        if outcome.error is not None:  # one mistake fails many pages
            problems.add_once(outcome.error)
        missing.update(outcome.missing)
    report_missing_messages(root, missing, problems)


def report_missing_messages(root: Path, missing: set[tuple[str, str]], problems: Collector) -> None:
    """A UI string used by a page but absent from a catalog fails the build, at the template line using it."""
    if not missing:
        return
    places = message_locations(root / "templates")
    for lang, message in sorted(missing):
        path, line = places.get(message, (f"locales/{lang}/LC_MESSAGES/messages.po", 1))
        problems.add(
            path,
            line,
            1,
            N_("the UI string “{value}” has no {language} translation — run `make messages`, then translate it in {catalog}"),
            value=message,
            language=LANGUAGE_WORDS[lang],
            catalog=f"locales/{lang}/LC_MESSAGES/messages.po",
        )


def message_locations(templates: Path) -> dict[str, tuple[str, int]]:
    """Where each UI string is first used in the templates (file and line)."""
    keywords = {**DEFAULT_KEYWORDS, "ui": (2,)}
    options = {"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    places: dict[str, tuple[str, int]] = {}
    for filename, line, message, _, _ in extract_from_dir(str(templates), [("**.html", "jinja2")], options, keywords=keywords):
        key = message[0] if isinstance(message, tuple) else message
        places.setdefault(key, (f"templates/{filename}", line))
    return places


def relative_template(root: Path, name: str) -> str:
    """A template's path as messages show it."""
    return where_in(root, name) if Path(name).is_absolute() else f"templates/{name}"


def readable_catalog(root: Path, lang: str) -> Messages:
    """A language's catalog of UI strings; raise ProblemsFound, at its file, when it is missing or cannot be read, and at
    each line that would show a text other than the one written (a quotation mark left open, a line that is no entry's) or
    fail to fill in a translation (a placeholder that is not its message's)."""
    path = catalog_path(root / "locales", lang).relative_to(root).as_posix()
    try:
        data = catalog_path(root / "locales", lang).read_bytes()
        mistakes = catalog_mistakes(path, data, lang)
        if mistakes:
            raise ProblemsFound(list(mistakes))
        messages = messages_from_catalog(parsed_catalog(data, lang), lang)  # the very bytes checked
        return replace(
            messages,  # as pages show them: no line starting with a dash
            singular={key: tie_dashes(text) for key, text in messages.singular.items()},
            plural={key: tuple(tie_dashes(form) for form in forms) for key, forms in messages.plural.items()},
        )
    except FileNotFoundError:
        template = N_("there is no catalog of UI strings for “{lang}” — restore {path} (`make messages` writes it from the templates)")
        raise ProblemsFound([Problem(path, 0, 0, template, (("lang", lang), ("path", path)))]) from None
    except PoFileError as error:  # an entry babel cannot read, e.g. a msgid without its msgstr
        template = N_('this entry cannot be read ({reason}) — write it as in the others: msgid "…", then msgstr "…"')
        reason = str(error).removesuffix(f" on {error.lineno}")
        raise ProblemsFound([Problem(path, error.lineno + 1, 1, template, (("reason", reason),))]) from None
    except (UnicodeDecodeError, ValueError, IndexError) as error:  # what babel raises on a damaged file
        template = N_("the catalog cannot be read ({reason}) — save it as UTF-8 and check its entries")
        raise ProblemsFound([Problem(path, 0, 0, template, (("reason", str(error)),))]) from None


PO_STRING = re.compile(r'(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?"(?:[^"\\]|\\.)*"[ \t]*')
"""A line of an entry's text: its keyword (msgid, msgstr[1]…) or none, then one quoted string."""
CATALOG_LINE = N_('this line is not a text in quotation marks — close its quotation marks or delete it: msgstr "…"')
CATALOG_TWICE = N_("this message is in the catalog twice, first at line {first} — keep one of the two entries and delete the other")
CATALOG_PLURALS = N_('the “Plural-Forms” header does not choose this language’s plural forms — write it as: "Plural-Forms: {forms}\\n"')
CATALOG_PLACEHOLDER = N_(
    "the translation names a placeholder its message does not fill in, or breaks one — write them as in msgid: {names}"
)


def written_twice(lines: list[str]) -> list[tuple[int, int]]:
    """Each entry whose message (with its context) an earlier entry has: its `msgid` line and the earlier one's."""
    first: dict[tuple[str, str], int] = {}
    twice: list[tuple[int, int]] = []
    field, number, text, context = "", 0, "", ""
    for index, line in enumerate([*lines, ""], start=1):
        head = line.strip()
        if field and head.startswith('"'):  # a text continued on the next line
            text += head[1:-1]
            continue
        if field == "msgctxt":
            context = text
        elif field == "msgid":
            if text and (context, text) in first:  # the header's msgid is the empty one
                twice.append((number, first[context, text]))
            first.setdefault((context, text), number)
            context = ""
        keyword, _, rest = head.partition(" ")
        field, number, text = (keyword, index, rest.strip()[1:-1]) if keyword in ("msgctxt", "msgid") else ("", 0, "")
    return twice


def plurals_mistake(path: str, lines: list[str], lang: str) -> Problem:
    """The catalog's plural formula told at its header line, with the language's own."""
    number = next((n for n, line in enumerate(lines, start=1) if "Plural-Forms:" in line), 1)
    column = max(1, lines[number - 1].find("Plural-Forms:") + 1) if lines else 1
    standard = get_plural(lang)
    forms = f"nplurals={standard.num_plurals}; plural=({standard.plural_expr});"
    return Problem(path, number, column, CATALOG_PLURALS, (("forms", forms),))


@lru_cache(maxsize=8)  # the preview reads the catalogs again on every rebuild
def catalog_mistakes(path: str, data: bytes, lang: str) -> tuple[Problem, ...]:
    """What in a catalog would show a text other than the one written, or fail to be filled in, at its line."""
    lines = [line.rstrip("\r") for line in data.decode("utf-8-sig").split("\n")]  # as gettext reads them: at \n only
    for number, line in enumerate(lines, start=1):
        if line.strip() and not line.lstrip().startswith("#") and not PO_STRING.fullmatch(line.strip()):
            return (Problem(path, number, 1, CATALOG_LINE, ()),)  # what follows it is read wrongly
    if twice := written_twice(lines):  # gettext would use the last silently
        return tuple(Problem(path, number, 1, CATALOG_TWICE, (("first", str(first)),)) for number, first in twice)
    catalog = parsed_catalog(data, lang)
    if not chooses_plurals_of(catalog, lang):  # every plural text would be read wrongly, or not at all
        return (plurals_mistake(path, lines, lang),)
    mistakes = []
    for entry in catalog:
        message = entry.id[-1] if isinstance(entry.id, tuple | list) else entry.id
        forms = entry.string if isinstance(entry.string, tuple | list) else (entry.string or "",)
        wrong = [index for index, form in enumerate(forms) if form and not placeholders_match(message, form)]
        if message and wrong and not entry.fuzzy:  # a fuzzy entry is not used
            starts = [n for n in range(entry.lineno or 1, len(lines) + 1) if lines[n - 1].startswith("msgstr")]
            names = ", ".join(sorted(f"%({n})s" if "%(" in message else f"{{{n}}}" for n in placeholders(message)))
            number = starts[wrong[0]] if wrong[0] < len(starts) else entry.lineno or 1
            mistakes.append(Problem(path, number, 1, CATALOG_PLACEHOLDER, (("names", names),)))
    return tuple(mistakes)
