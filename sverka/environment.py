"""The Jinja environment: strict, autoescaping, one per language, with the site's filters and helpers."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from functools import partial
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, UndefinedError
from jinja2.utils import missing
from markupsafe import Markup

from .annotate import text_fragment_url
from .gallery import Gallery
from .i18n import LANGUAGE_NAMES, Messages, format_day, format_day_month, format_moment, format_number
from .jobs import Renders
from .project import Project
from .prose import in_parts, render_markdown, sections
from .related import template_helpers
from .structured import structured_data

BADGE_TEMPLATE = "partials/verdict.html"
QUOTE_TEMPLATE = "partials/quote.html"


ROUTES = {
    "home": "{lang}/",
    "claims": "{lang}/claims/",
    "claim": "{lang}/claims/{key}/",
    "sources": "{lang}/sources/",
    "source": "{lang}/sources/{key}/",
    "compare": "{lang}/compare/{key}/",
    "verdict": "{lang}/verdicts/{key}/",
    "page": "{lang}/{key}",
    "file": "{key}",
}
"""Where each kind of page lives below the base path: `url_for(name, key)` in templates."""


def url_maker(links: Renders, page_lang: str) -> Callable[..., str]:
    """`url_for(name, key="", lang=page's, full=false)`: the link to a page of a kind (see ROUTES), or its full address."""

    def url_for(name: str, key: str = "", lang: str = page_lang, full: bool = False) -> str:
        path = ROUTES[name].format(lang=lang, key=key)
        return links.absolute(path) if full else links.href(path)

    return url_for


class MissingNameError(UndefinedError):
    """A name a template uses that is not there: `owner` is the value it was looked up in (`missing` for a variable)."""

    def __init__(self, message: str | None = None, owner: object = missing, name: object = None) -> None:
        super().__init__(message)
        self.owner, self.name = owner, name


class NamingUndefined(StrictUndefined):
    """StrictUndefined whose error keeps what was missing and where it was looked up, so that the build's message can name
    the nearest name there is (Jinja's own says only "'sverka.records.Claim object' has no attribute …")."""

    __slots__ = ()

    def __init__(self, hint: str | None = None, obj: Any = missing, name: str | None = None, exc: Any = UndefinedError) -> None:
        if exc is UndefinedError:
            exc = partial(MissingNameError, owner=obj, name=name)
        super().__init__(hint, obj, name, exc)


TEMPLATE_OPTIONS: dict[str, Any] = {
    "autoescape": True,
    "undefined": NamingUndefined,
    "extensions": ["jinja2.ext.i18n"],
    "trim_blocks": True,
    "lstrip_blocks": True,
    "keep_trailing_newline": True,
}
"""How every template of the project is read: safe by default (autoescaping, undefined names fail), gettext."""


def make_environment(
    templates: Path,
    messages: Messages,
    project: Project,
    links: Renders,
    ui: Callable[[str, str], str],
    bytecode: BytecodeCache | None = None,
) -> Environment:
    """A strict, autoescaping Jinja environment with our filters and one language's catalog. `ui(lang, message)` translates
    into another language (the language switcher names each language in itself); `bytecode`: Jinja's compiled templates."""
    env = Environment(loader=FileSystemLoader(str(templates)), bytecode_cache=bytecode, auto_reload=False, **TEMPLATE_OPTIONS)
    env.install_gettext_callables(messages.gettext, messages.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.globals["_"] = direct_gettext(messages.gettext)
    lang, base_path = messages.lang, project.site.base_path
    env.globals.update(
        lang=lang,  # the environment's language: macros imported without the page's context see it
        site=project.site,
        public_address=not project.site.is_local,  # printed pages give full addresses only where readers can follow them
        project=project,
        url_for=url_maker(links, lang),
        language_names=LANGUAGE_NAMES,
        ui=ui,
        other_languages=[code for code in project.site.languages if code != lang],
        text_fragment=text_fragment_url,
        structured_data=lambda path: structured_data(project, path),
        verdict_badge=rendered_once(env, BADGE_TEMPLATE, "badge", lambda key, link=False, indexed=False: (key, link, indexed)),
        quote_under_paragraph=rendered_once(env, QUOTE_TEMPLATE, "under_paragraph", lambda quote: (quote.claim, quote.id)),
        **template_helpers(project),
    )
    env.filters.update(filters(lang, base_path, project.media))
    return env


def filters(lang: str, base_path: str, gallery: Gallery) -> dict[str, Callable[..., Any]]:
    """The filters of one language's templates: its half of a bilingual text, markdown (showing the gallery's images), dates and numbers."""
    return {
        "tr": lambda text: text[lang],
        "md": partial(render_markdown, base_path=base_path, gallery=gallery, lang=lang),  # `md(anchors=true)`: ids on headings
        "parts": lambda text: in_parts(text, lang),
        "sections": sections,
        "day": lambda value: format_day(value, lang),
        "day_month": lambda value: format_day_month(value, lang),
        "number": lambda value: format_number(value, lang),
        "iso": lambda value: value.isoformat(),
        "moment": lambda value: format_moment(value, lang),
    }


def rendered_once(env: Environment, template: str, name: str, key: Callable[..., Hashable]) -> Callable[..., Markup]:
    """Macro `name` of `template`, rendered once per `key(*arguments)` and reused: what a page shows many times, or many
    pages show (the project does not change while its environment lives)."""
    made: dict[Hashable, Markup] = {}

    def call(*arguments: Any, **options: Any) -> Markup:
        found = made.get(made_key := key(*arguments, **options))
        if found is None:
            macro = getattr(env.get_template(template).module, name)
            found = made[made_key] = Markup(macro(*arguments, **options))
        return found

    return call


def direct_gettext(gettext: Callable[[str], str]) -> Callable[..., Markup]:
    """`_()` as the i18n extension's new-style gettext behaves with autoescaping (the translation is safe,
    `%(name)s` placeholders are filled in escaped), with labels without placeholders translated once."""

    plain: dict[str, Markup] = {}

    def translated(message: str, /, **variables: object) -> Markup:
        if variables:
            return Markup(gettext(message)) % variables
        if message not in plain:
            plain[message] = Markup(gettext(message)) % variables
        return plain[message]

    return translated
