"""The site's languages, and which one the command line speaks. No dependency: the set-up in build.py asks it before
the project's environment exists."""

from __future__ import annotations

LANGUAGES = ("ru", "en")


def cli_language(explicit: str | None, environ: dict[str, str]) -> str:
    """The language for command-line messages: --lang, then SVERKA_LANG, then the system's, as gettext finds it (LANGUAGE's
    list, then LC_ALL, LC_MESSAGES, LANG; the C locale is English)."""
    system = next((environ[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if environ.get(name)), "C")
    english = system.split(".")[0] in ("C", "POSIX")
    wanted = [explicit, environ.get("SVERKA_LANG"), *([] if english else [*environ.get("LANGUAGE", "").split(":"), system])]
    codes = (candidate[:2].lower() for candidate in wanted if candidate)
    return next((code for code in codes if code in LANGUAGES), "en")
