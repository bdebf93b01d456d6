"""The preview's pages of its own: a failed build's problems, the notice shown while the site is built, and the one at
the address of a check not finished yet."""

from __future__ import annotations

import html
import textwrap
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader

from .environment import TEMPLATE_OPTIONS
from .i18n import Messages, load_messages, translate
from .languages import LANGUAGES
from .problems import Problem, read_line

ERROR_TEMPLATE = "build-error.html"
LAST_GOOD = "last-good"
"""The query parameter that shows the last good version of a page while the build is broken."""


def page_language(path: str, fallback: str) -> str:
    """The language of the page at a URL path: its first segment, /ru/… or /en/…."""
    first = path.lstrip("/").split("/", 1)[0]
    return first if first in LANGUAGES else fallback


def is_page_request(path: str) -> bool:
    """Whether a URL path asks for a page (not a stylesheet, image or data file)."""
    name = path.rsplit("/", 1)[-1]
    return name == "" or name.endswith(".html") or "." not in name


def other_language_path(path: str, lang: str) -> str | None:
    """The same page in the other language, when the path starts with a language."""
    parts = path.lstrip("/").split("/", 1)
    if parts[0] not in LANGUAGES:
        return None
    other = next(code for code in LANGUAGES if code != lang)
    return "/" + other + "/" + (parts[1] if len(parts) > 1 else "")


def problem_view(problem: Problem, root: Path, lang: str) -> dict[str, Any]:
    excerpt = read_line(root, problem.path, problem.line) if problem.path else None
    message, _, detail = problem.message(lang).partition("\n")
    return {
        "path": problem.path,
        "place": problem.place,
        "warning": problem.severity != "error",
        "note": problem.severity == "notice",
        "message": message,
        "detail": textwrap.dedent(detail),  # further lines (a quote's closest passage) keep their layout in a <pre>
        "excerpt": excerpt.rstrip("\n") if excerpt is not None else None,
        "caret": " " * max(0, min(problem.column - 1, len(excerpt or ""))) + "^",
    }


def error_context(root: Path, problems_found: tuple[Problem, ...], number: int, lang: str, path: str) -> dict[str, Any]:
    problems = [problem_view(p, root, lang) for p in sorted(problems_found, key=lambda p: (p.severity != "error", p))]  # errors first
    kept = root / "site" / path.lstrip("/")  # the page as the last good build left it, if there is one
    return {
        "lang": lang,
        "problems": problems,
        "errors": sum(1 for p in problems if not p["warning"]),
        "build_number": number,
        "stylesheet": "/static/style.css",
        "last_good": f"{path}?{LAST_GOOD}" if kept.is_file() or (kept / "index.html").is_file() else None,
        "other_language": other_language_path(path, lang),
    }


def error_messages(root: Path, lang: str) -> Messages:
    """The catalog of `lang` for the error page; English msgids when the catalog cannot be read."""
    try:
        return load_messages(root / "locales", lang)
    except Exception:  # the catalog itself may be what the editor just broke
        return Messages(lang, {}, {}, lambda n: 0 if n == 1 else 1)


def render_error_page(root: Path, problems: tuple[Problem, ...], number: int, lang: str, path: str) -> bytes:
    """The build's problems as a page styled like the site (a plain page if the template itself fails)."""
    context = error_context(root, problems, number, lang, path)
    messages = error_messages(root, lang)
    try:
        env = Environment(loader=FileSystemLoader(str(root / "templates")), **TEMPLATE_OPTIONS)
        env.install_gettext_callables(messages.gettext, messages.ngettext, newstyle=True)  # type: ignore[attr-defined]
        return env.get_template(ERROR_TEMPLATE).render(context).encode("utf-8")
    except Exception as error:  # the template may be what the editor just broke
        return plain_error_page(context, f"templates/{ERROR_TEMPLATE}: {error}")


def plain_error_page(context: dict[str, Any], reason: str) -> bytes:
    """A minimal error page that needs no template."""
    items = "".join(
        f"<li><code>{html.escape(p['place'])}</code> {html.escape(p['message'])}"
        + (f'<pre class="detail">{html.escape(p["detail"])}</pre>' if p["detail"] else "")
        + (f"<pre>{html.escape(p['excerpt'])}\n{p['caret']}</pre>" if p["excerpt"] is not None else "")
        + "</li>"
        for p in context["problems"]
    )
    title = translate(context["lang"], "The build failed")  # the page's own words, which its template holds
    stylesheet = f'<link rel="stylesheet" href="{html.escape(context["stylesheet"])}">'
    return bare_page(context["lang"], title, f"<ul>{items}</ul><p>{html.escape(reason)}</p>", stylesheet)


def bare_page(lang: str, title: str, body: str, head: str = "") -> bytes:
    """A page of the preview's own that needs no template: `title` as text, `body` and `head` as HTML."""
    title = html.escape(title)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">{head}<title>{title}</title></head>'
        f"<body><main><h1>{title}</h1>{body}</main></body></html>"
    ).encode()


def building_page(lang: str) -> bytes:
    """What a page request gets while the preview builds a site/ that is not there yet: a notice asking the browser to
    retry in a second."""
    text = html.escape(translate(lang, "The preview is building the site; this page reloads by itself when it is done."))
    return bare_page(lang, translate(lang, "Building the site…"), f"<p>{text}</p>", '<meta http-equiv="refresh" content="1">')


def unfinished_claim(root: Path, path: str) -> str | None:
    """The file of the check whose page a missing address is (`ru/claims/ID/`), if there is one: a draft that does
    not load yet, which every edition leaves out."""
    parts = path.strip("/").removesuffix("index.html").strip("/").split("/")
    if len(parts) != 3 or parts[0] not in LANGUAGES or parts[1] != "claims" or not parts[2].isascii():
        return None
    file = f"content/claims/{parts[2]}.yaml"
    return file if (root / file).is_file() else None


def unfinished_page(lang: str, file: str, desk: str) -> bytes:
    """What the address of a check not finished yet gets in the preview: where to see what is missing. The preview's
    reload script goes into it as into every page, so the check appears once it loads."""
    text = translate(lang, "{file} has empty or invalid fields, so the site leaves it out until they are filled in.")
    where = translate(lang, "The terminal running the preview and the editor's desk list them:")
    body = f'<p>{html.escape(text.format(file=file))}</p><p>{html.escape(where)} <a href="{html.escape(desk)}">{html.escape(desk)}</a></p>'
    return bare_page(lang, translate(lang, "This check is not finished yet"), body)
