"""Apply a dictionary of Russian translations to the Russian catalog.

python tools/translate_ru.py FILE.py   # FILE.py defines RU = {msgid: str} and PLURALS = {msgid: (one, few, many)}
"""

from __future__ import annotations

import runpy
import sys

from babel.messages.pofile import read_po, write_po
from catalog import catalog_file


def main(argv: list[str]) -> int:
    """Fill the Russian catalog from a translations file; report ids it does not know."""
    data = runpy.run_path(argv[0])
    singular, plural = data.get("RU", {}), data.get("PLURALS", {})
    path = catalog_file("ru")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale="ru")
    used = set()
    for message in catalog:
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        if isinstance(message.id, tuple) and key in plural:
            message.string, _ = tuple(plural[key]), used.add(key)
        elif key in singular:
            message.string, _ = singular[key], used.add(key)
        else:
            continue
        message.flags.discard("fuzzy")
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100)
    unknown = (set(singular) | set(plural)) - used
    for key in sorted(unknown):
        print(f"not in the catalog: {key}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
