"""Rendering: every page of the site as bytes keyed by its output path (nothing is written here)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from jinja2 import Environment, FileSystemLoader, StrictUndefined, TemplateError

from .annotate import text_fragment_url
from .i18n import LANGUAGE_NAMES, N_, Messages, format_day, format_number, load_messages
from .incremental import Fingerprints
from .parallel import map_in_chunks
from .problems import Collector
from .prose import render_inline, render_markdown
from .records import Project
from .related import template_helpers
from .schema import LANGUAGE_WORDS
from .structured import structured_data

STATIC = "static"


@dataclass(frozen=True)
class PageJob:
    """One page to render: where it goes, with which template, in which language."""

    path: str
    """The URL path below the base, e.g. `ru/claims/talks-date/` or `404.html`."""
    template: str
    lang: str | None
    key: str | None
    """The same page in every language: `{lang}/{key}`; None when it has no counterpart."""
    context: Mapping[str, Any] = field(default_factory=dict)
    depends: tuple[str, ...] | None = None
    """What the page shows beyond site-wide data: `("claim", id)` or `("source", id)`; None means everything."""

    @property
    def output(self) -> str:
        """The file the page is written to, relative to site/."""
        return self.path + "index.html" if self.path.endswith("/") or not self.path else self.path


@dataclass
class Renderer:
    """Jinja environments (one per language) and the helpers templates use."""

    project: Project
    root: Path
    messages: dict[str, Messages]
    envs: dict[str, Environment] = field(default_factory=dict)

    def href(self, path: str) -> str:
        """A link to a page of this site, under the base path."""
        return self.project.site.base_path + path

    def absolute(self, path: str) -> str:
        """A full address of a page of this site."""
        return self.project.site.base_url + path

    def env(self, lang: str) -> Environment:
        """The template environment of a language (UI strings through its catalog)."""
        if lang not in self.envs:
            self.envs[lang] = make_environment(self.root / "templates", self.messages[lang], self)
        return self.envs[lang]

    def alternates(self, job: PageJob) -> dict[str, str]:
        """The page's address in each language, and `x-default`."""
        site = self.project.site
        if job.key is None:
            return {}
        links = {lang: self.absolute(f"{lang}/{job.key}") for lang in site.languages}
        links["x-default"] = self.absolute("") if job.key == "" else links[site.default_language]
        return links

    def render(self, job: PageJob) -> bytes:
        """Render one page to UTF-8 bytes."""
        lang = job.lang or self.project.site.default_language
        template = self.env(lang).get_template(job.template)
        context = {
            "lang": lang,
            "page_path": job.path,
            "page_key": job.key,
            "canonical": self.absolute(job.path) if job.path != "404.html" else None,
            "alternates": self.alternates(job),
            **job.context,
        }
        return template.render(context).encode("utf-8")


def make_environment(templates: Path, messages: Messages, renderer: Renderer) -> Environment:
    """A strict, autoescaping Jinja environment with our filters and one language's catalog."""
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=True,
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.install_gettext_callables(messages.gettext, messages.ngettext, newstyle=True)  # type: ignore[attr-defined]
    project, lang = renderer.project, messages.lang
    base_path = project.site.base_path
    env.globals.update(
        site=project.site,
        project=project,
        href=renderer.href,
        absolute=renderer.absolute,
        language_names=LANGUAGE_NAMES,
        ui=lambda code, message: renderer.messages[code].gettext(message),
        other_languages=[code for code in project.site.languages if code != lang],
        text_fragment=text_fragment_url,
        structured_data=lambda path: structured_data(project, path),
        **template_helpers(project),
    )
    env.filters.update(
        tr=lambda text: text[lang],
        md=lambda text: render_markdown(text, base_path),
        md_inline=lambda text: render_inline(text, base_path),
        day=lambda value: format_day(value, lang),
        number=lambda value: format_number(value, lang),
        iso=lambda value: value.isoformat(),
    )
    return env


def plan_pages(project: Project) -> list[PageJob]:
    """Every page of the site, in a stable order."""
    jobs = [PageJob("", "root.html", None, ""), PageJob("404.html", "404.html", None, None)]
    claims = project.newest_claims
    for lang in project.site.languages:
        jobs.append(PageJob(f"{lang}/", "home.html", lang, "", {"claims": claims}))
        for claim in project.claims:
            path, key = f"{lang}/claims/{claim.id}/", f"claims/{claim.id}/"
            jobs.append(PageJob(path, "claim.html", lang, key, {"claim": claim}, ("claim", claim.id)))
        for page in project.pages:
            jobs.append(PageJob(f"{lang}/{page.slug}/", "page.html", lang, f"{page.slug}/", {"page": page}))
    return jobs


PagePlanner = Callable[[Project], list[PageJob]]
Generator = Callable[[Project, "Renderer"], Iterable[tuple[str, bytes]]]


@dataclass
class Rendered:
    """A build's output: the files rendered now, the files kept from the last build, and every fingerprint."""

    files: dict[str, bytes]
    kept: frozenset[str] = frozenset()
    fingerprints: dict[str, str] = field(default_factory=dict)


def render_site(
    project: Project,
    root: Path,
    problems: Collector,
    planners: tuple[PagePlanner, ...] = (plan_pages,),
    generators: tuple[Generator, ...] = (),
) -> dict[str, bytes]:
    """Render every page, generated file and static file; report template errors and missing UI strings."""
    return render_changes(project, root, problems, planners, generators).files


def render_changes(
    project: Project,
    root: Path,
    problems: Collector,
    planners: tuple[PagePlanner, ...] = (plan_pages,),
    generators: tuple[Generator, ...] = (),
    fingerprints: Fingerprints | None = None,
    previous: Mapping[str, str] | None = None,
) -> Rendered:
    """Render what changed since `previous` (output path → fingerprint); everything when it is None."""
    messages = {lang: load_messages(root / "locales", lang) for lang in project.site.languages}
    renderer = Renderer(project, root, messages)
    previous = previous or {}
    output: dict[str, bytes] = {}
    origin: dict[str, str] = {}
    prints: dict[str, str] = {}
    kept: set[str] = set()
    todo: list[PageJob] = []
    for job in [job for planner in planners for job in planner(project)]:
        if not claim_path(origin, job.output, job.template, problems):
            continue
        if fingerprints is not None:
            prints[job.output] = fingerprints.of(job.depends)
            if previous.get(job.output) == prints[job.output]:
                kept.add(job.output)
                continue
        todo.append(job)
    for job, content, missing, error in render_jobs(renderer, todo):
        for lang, message in missing:
            messages[lang].missing.add(message)
        if error is None:
            output[job.output] = content
        else:
            problems.add(relative_template(root, error[0]), error[1], 1, N_("template error: {reason}"), reason=error[2])
    generated = {path: value for path, value in previous.items() if path not in origin}
    if fingerprints is not None and generated and all(value == fingerprints.everything for value in generated.values()):
        kept.update(generated)  # nothing changed at all: feeds, data files and static files stay as they are
        prints.update(generated)
    else:
        extra = [(path, content, g.__module__) for g in generators for path, content in g(project, renderer)]
        extra += [(f"{STATIC}/{path}", content, "templates/static") for path, content in static_files(root / "templates" / STATIC)]
        for path, content, source in extra:
            if claim_path(origin, path, source, problems):
                output[path] = content
                if fingerprints is not None:
                    prints[path] = fingerprints.everything
    report_missing_messages(root, messages, problems)
    return Rendered(output, frozenset(kept), prints)


RenderResult = tuple[PageJob, bytes, list[tuple[str, str]], tuple[str, int, str] | None]
ACTIVE: list[Renderer] = []
"""The renderer a forked worker inherits from the parent."""
PARALLEL_FROM, CHUNK = 64, 48


def render_jobs(renderer: Renderer, jobs: list[PageJob]) -> list[RenderResult]:
    """Render pages, on every core when there are many; results come back in the jobs' order."""
    ACTIVE[:] = [renderer]
    try:
        return map_in_chunks(render_chunk, jobs, CHUNK, PARALLEL_FROM)
    finally:
        ACTIVE.clear()


def render_chunk(jobs: list[PageJob]) -> list[RenderResult]:
    """A worker's share of the pages, rendered with the renderer inherited at fork."""
    return [render_one(ACTIVE[0], job) for job in jobs]


def render_one(renderer: Renderer, job: PageJob) -> RenderResult:
    """One page, with the UI strings it lacked and any template error (file, line, reason)."""
    before = {lang: set(table.missing) for lang, table in renderer.messages.items()}
    try:
        content = renderer.render(job)
        error = None
    except TemplateError as failure:
        content = b""
        error = (getattr(failure, "filename", None) or job.template, getattr(failure, "lineno", None) or 1, str(failure))
    missing = [(lang, m) for lang, table in renderer.messages.items() for m in sorted(table.missing - before[lang])]
    return job, content, missing, error


def report_missing_messages(root: Path, messages: dict[str, Messages], problems: Collector) -> None:
    """A UI string used by a page but absent from a catalog fails the build, at the template line using it."""
    missing = {(lang, message) for lang, table in messages.items() for message in table.missing}
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


def claim_path(origin: dict[str, str], path: str, source: str, problems: Collector) -> bool:
    """Reserve an output path; a second page on the same path is an error, not an overwrite."""
    if path in origin:
        problems.add(
            source,
            1,
            1,
            N_("two pages would be written to site/{output} (from {first} and {second}) — rename one of them"),
            output=path,
            first=origin[path],
            second=source,
        )
        return False
    origin[path] = source
    return True


def relative_template(root: Path, name: str) -> str:
    """A template's path as messages show it."""
    candidate = Path(name)
    if candidate.is_absolute():
        try:
            return candidate.relative_to(root).as_posix()
        except ValueError:
            return candidate.as_posix()
    return f"templates/{name}"


def static_files(folder: Path) -> list[tuple[str, bytes]]:
    """Every static asset (stylesheets, images), sorted."""
    if not folder.is_dir():
        return []
    return [(f.relative_to(folder).as_posix(), f.read_bytes()) for f in sorted(folder.rglob("*")) if f.is_file()]
