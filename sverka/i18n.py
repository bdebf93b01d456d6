"""Translation catalogs and locale-aware formatting (Babel's CLDR data)."""

from __future__ import annotations

import codecs
import errno
import gettext as gettext_module
import io
import re
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_skeleton
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal, format_percent

LANGUAGE_NAMES = {"ru": "Русский", "en": "English"}
FORMAT_LOCALES = {"ru": "ru", "en": "en_GB"}
"""The CLDR locale that formats each language's dates and numbers: British English, as the site spells."""
PACKAGE_LOCALES = Path(__file__).resolve().parent.parent / "locales"


class Msgid(str):
    """An English message of the catalogs. A message's parameter is translated only when it is one: any other value,
    such as what an editor typed, is shown as given even when it happens to be a word the catalogs translate."""

    __slots__ = ()


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark for extraction"
    """Mark an English message for extraction; it is translated when shown."""
    return Msgid(message)


OS_REASONS = {
    errno.ENOENT: N_("there is no such file or folder"),
    errno.EACCES: N_("permission denied"),
    errno.EPERM: N_("the operation is not permitted"),
    errno.EROFS: N_("the disk is read-only"),
    errno.ENOSPC: N_("no space is left on the disk"),
    errno.EDQUOT: N_("the disk quota is used up"),
    errno.EISDIR: N_("it is a folder, not a file"),
    errno.ENOTDIR: N_("a part of the path is a file, not a folder"),
    errno.ELOOP: N_("the symbolic links go round in a loop"),
    errno.ENAMETOOLONG: N_("the name is too long"),
    errno.EMFILE: N_("too many files are open"),
    errno.EIO: N_("the disk could not be read or written"),
}
"""The system's reasons in words both catalogs translate (`os.strerror` speaks only the system's language)."""


def os_reason(error: OSError) -> str:
    """Why the system refused, as a message to translate; the system's own words for a reason not listed."""
    return OS_REASONS.get(error.errno or 0) or error.strerror or str(error)


def catalog_path(locales: Path, lang: str) -> Path:
    return locales / lang / "LC_MESSAGES" / "messages.po"


@dataclass
class Messages:
    """One language's catalog, which remembers every lookup it could not answer."""

    lang: str
    singular: dict[str, str]
    plural: dict[str, tuple[str, ...]]
    plural_index: Callable[[int], int]
    missing: set[str] = field(default_factory=set)

    def gettext(self, message: str) -> str:
        """Translate `message`; a missing entry is recorded and the English text returned."""
        found = self.singular.get(message)
        if not found:
            self.missing.add(message)
        return found or message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """Choose and translate the plural form for `n` (Russian has three)."""
        forms = self.plural.get(singular)
        if not forms or not all(forms):
            self.missing.add(singular)
            return singular if n == 1 else plural
        return forms[min(self.plural_index(int(n)), len(forms) - 1)]


PERCENT_PLACEHOLDER = re.compile(r"%\((\w+)\)")


class Blank:
    """A value any format specification accepts, for trying a translation's placeholders."""

    def __format__(self, spec: str) -> str:
        return ""


def placeholders(message: str) -> set[str]:
    """The names a message's text fills in: %(name)s as gettext and argparse write them, else {name} as str.format does."""
    if PERCENT_PLACEHOLDER.search(message):
        return set(PERCENT_PLACEHOLDER.findall(message))
    try:
        return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(message) if name}
    except ValueError:  # a lone brace: no placeholders in that style
        return set()


def placeholders_match(message: str, translation: str) -> bool:
    """Whether a translation can be filled in with its message's names: none other, none broken (it may leave one out, as
    gettext allows: "Fix this problem" for "Fix these %(count)s problems")."""
    names = placeholders(message)
    if not names:
        return True
    try:
        if PERCENT_PLACEHOLDER.search(message):
            translation % dict.fromkeys(names, 0)  # the formatting is the test
        else:
            translation.format(**dict.fromkeys(names, Blank()))
    except (KeyError, ValueError, TypeError, IndexError, AttributeError):
        return False
    return True


@lru_cache(maxsize=8)
def parsed_catalog(data: bytes, lang: str) -> Catalog:
    """A catalog from the bytes of its `.po` file, parsed once per content: every build reads the catalogs again."""
    # Babel reads a byte-order mark as text; what it cannot read it raises (PoFileError) instead of printing a warning
    return read_po(io.BytesIO(data.removeprefix(codecs.BOM_UTF8)), locale=lang, abort_invalid=True)


def messages_from_catalog(catalog: Catalog, lang: str) -> Messages:
    """Index a catalog for lookups; fuzzy entries, and those whose placeholders differ from their message's (which `build`
    reports), count as untranslated."""
    singular: dict[str, str] = {}
    plural: dict[str, tuple[str, ...]] = {}
    for entry in catalog:
        if not entry.id or entry.fuzzy:
            continue
        if isinstance(entry.id, tuple):
            forms = tuple(entry.string or ())
            plural[entry.id[0]] = forms if all(placeholders_match(entry.id[1], form) for form in forms if form) else ()
        elif isinstance(entry.id, str) and isinstance(entry.string, str) and placeholders_match(entry.id, entry.string):
            singular[entry.id] = entry.string
    return Messages(lang, singular, plural, gettext_module.c2py(catalog.plural_expr))


def chooses_plurals_of(catalog: Catalog, lang: str) -> bool:
    """Whether a catalog's plural formula picks, for every number, the form the language's standard formula picks."""
    standard = get_plural(lang)
    try:
        chosen, expected = gettext_module.c2py(catalog.plural_expr), gettext_module.c2py(standard.plural_expr)
        return catalog.num_plurals == standard.num_plurals and all(chosen(n) == expected(n) for n in range(1000))
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError):  # a formula gettext cannot read or run
        return False


def load_messages(locales: Path, lang: str) -> Messages:
    return messages_from_catalog(parsed_catalog(catalog_path(locales, lang).read_bytes(), lang), lang)


@cache
def own_messages(lang: str) -> Messages:
    """The generator's own catalog, used for its command-line messages; while it is missing or cannot be read, their
    English (the build then reports the catalog at its line, as any project's)."""
    try:
        catalog = parsed_catalog(catalog_path(PACKAGE_LOCALES, lang).read_bytes(), lang)
        if chooses_plurals_of(catalog, lang):
            return messages_from_catalog(catalog, lang)
    except (OSError, ValueError, IndexError, PoFileError):  # what babel raises on a damaged file, UnicodeDecodeError too
        pass
    return Messages(lang, {}, {}, lambda n: 0 if n == 1 else 1)


def translate(lang: str, message: str) -> str:
    """A command-line message in `lang`; English is the source language."""
    return message if lang == "en" else own_messages(lang).singular.get(message) or message


def bilingual_doc(doc: str) -> str:
    """A field's description in English and Russian, as skeletons and editors show it."""
    russian = translate("ru", doc)
    return doc if russian == doc else f"{doc} · {russian}"


def count_summary(lang: str, errors: int, warnings: int, notes: int = 0) -> str:
    """“2 errors, 1 warning” (and “, 3 notes” when there are any) in the editor's language."""
    table = own_messages(lang)
    errors_text = table.ngettext("{n} error", "{n} errors", errors).format(n=errors)
    warnings_text = table.ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
    notes_text = table.ngettext("{n} note", "{n} notes", notes).format(n=notes)
    return f"{errors_text}, {warnings_text}" + (f", {notes_text}" if notes else "")


@lru_cache(maxsize=4096)
def format_day(value: date, lang: str) -> str:
    """A full date: «6 ноября 2025 г.» / “6 November 2025”."""
    return babel_format_date(value, "long", locale=FORMAT_LOCALES[lang])


def format_day_month(value: date, lang: str) -> str:
    """A day of a month, as a source's name may hold it: «7 ноября» / “7 November”."""
    return babel_format_date(value, "d MMMM", locale=FORMAT_LOCALES[lang])


def format_moment(value: datetime, lang: str) -> str:
    """A day and time in the zone it was written in: «10 декабря 2026 г., 09:00 (UTC+03:00)» / “10 December 2026, 09:00 (UTC+03:00)”."""
    zone = value.strftime("%z")
    return f"{format_day(value.date(), lang)}, {value:%H:%M} (UTC{zone[:3]}:{zone[3:]})"


def format_month(value: date, lang: str) -> str:
    """A month of a year: «июнь 2024 г.» / “June 2024”."""
    return format_skeleton("yMMMM", value, locale=FORMAT_LOCALES[lang])


def format_year(value: date, lang: str) -> str:
    """A year as a month's date gives it: «2025 г.», like «июнь 2024 г.» (CLDR's own year alone is a bare «2025») / “2025”."""
    return babel_format_date(value, year_pattern(FORMAT_LOCALES[lang]), locale=FORMAT_LOCALES[lang])


@cache
def month_year_pattern(locale: str) -> str:
    """CLDR's month-and-year pattern with the month in its format form, as after a preposition («с сентября 2025 г.»)."""
    return str(Locale.parse(locale).datetime_skeletons["yMMMM"]).replace("LLLL", "MMMM")


@cache
def year_pattern(locale: str) -> str:
    """The month-and-year pattern without its month: «y 'г'.» / «y»."""
    return re.sub(r"M+[\s,]*", "", month_year_pattern(locale)).strip()


@lru_cache(maxsize=4096)
def format_number(value: int | float, lang: str) -> str:
    """A number with the locale's grouping: «15 000» / “15,000”."""
    return format_decimal(value, locale=FORMAT_LOCALES[lang])


def format_seconds(value: float, lang: str) -> str:
    """A duration in seconds to the hundredth, as the locale writes decimals: «1,42» / “1.42”."""
    return str(format_decimal(value, "0.00", locale=FORMAT_LOCALES[lang]))


def percent(value: float, lang: str) -> str:
    """A share as the locale writes a percentage: «16 %» / “16%”."""
    return str(format_percent(value, locale=FORMAT_LOCALES[lang]))


def lowercase_first(text: str) -> str:
    """A sentence's first letter in lower case, unless the first word is an abbreviation (“URL”, “ЦТАК”)."""
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]
