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
            jobs.append(PageJob(f"{lang}/claims/{claim.id}/", "claim.html", lang, f"claims/{claim.id}/", {"claim": claim}))
        for page in project.pages:
            jobs.append(PageJob(f"{lang}/{page.slug}/", "page.html", lang, f"{page.slug}/", {"page": page}))
    return jobs


PagePlanner = Callable[[Project], list[PageJob]]
Generator = Callable[[Project, "Renderer"], Iterable[tuple[str, bytes]]]


def render_site(
    project: Project,
    root: Path,
    problems: Collector,
    planners: tuple[PagePlanner, ...] = (plan_pages,),
    generators: tuple[Generator, ...] = (),
) -> dict[str, bytes]:
    """Render every page, generated file and static file; report template errors and missing UI strings."""
    messages = {lang: load_messages(root / "locales", lang) for lang in project.site.languages}
    renderer = Renderer(project, root, messages)
    output: dict[str, bytes] = {}
    origin: dict[str, str] = {}
    for job in [job for planner in planners for job in planner(project)]:
        try:
            content = renderer.render(job)
        except TemplateError as error:
            line = getattr(error, "lineno", None) or 1
            name = getattr(error, "filename", None) or job.template
            problems.add(relative_template(root, name), line, 1, N_("template error: {reason}"), reason=str(error))
            continue
        claim_output(output, origin, job.output, content, job.template, problems)
    for generator in generators:
        for path, content in generator(project, renderer):
            claim_output(output, origin, path, content, generator.__module__, problems)
    for path, content in static_files(root / "templates" / STATIC):
        claim_output(output, origin, f"{STATIC}/{path}", content, "templates/static", problems)
    report_missing_messages(root, messages, problems)
    return output


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


def claim_output(output: dict[str, bytes], origin: dict[str, str], path: str, content: bytes, source: str, problems: Collector) -> None:
    """Add a file to the output; two files on one path are an error, not an overwrite."""
    if path in output:
        problems.add(
            source,
            1,
            1,
            N_("two pages would be written to site/{output} (from {first} and {second}) — rename one of them"),
            output=path,
            first=origin[path],
            second=source,
        )
        return
    output[path] = content
    origin[path] = source


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
