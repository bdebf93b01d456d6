"""Catalog upkeep: `.venv/bin/python tools/catalog.py status` lists untranslated UI strings per language.

`.venv/bin/python tools/catalog.py fill-en` copies each untranslated English msgid into the English catalog
(English is the source language: msgids are the English text), leaving Russian to the translator.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALES = Path(__file__).resolve().parent.parent / "locales"


def catalog_file(lang: str) -> Path:
    """The .po file of a language."""
    return LOCALES / lang / "LC_MESSAGES" / "messages.po"


def untranslated(lang: str) -> list[str]:
    """Msgids without a (non-fuzzy) translation."""
    with catalog_file(lang).open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    out = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            out.append(message.id[0] if isinstance(message.id, tuple) else message.id)
    return out


def fill_english() -> int:
    """Give every untranslated English entry its msgid as translation."""
    path = catalog_file("en")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    count = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            if not all(message.string):
                message.string = (message.id[0], message.id[1])
                count += 1
        elif not message.string:
            message.string = message.id
            count += 1
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100)
    return count


def main(argv: list[str]) -> int:
    """Run one upkeep command."""
    command = argv[0] if argv else "status"
    if command == "fill-en":
        print(f"filled {fill_english()} English entries")
        return 0
    missing = {lang: untranslated(lang) for lang in ("ru", "en")}
    for lang, ids in missing.items():
        for message in ids:
            print(f"{lang}: {message}")
    return 1 if any(missing.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
