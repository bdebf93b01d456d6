"""A publication to test publishing on: the mini fixture plus a corrected claim, a funding page and a timeline."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, build_files, make_project, write

PUBLIC_BASE = "https://example.github.io/factcheck/"

ORIGINAL_URL = "https://news.example/2025/11/07/talks"
"""A recorded original address of an archived source (a reserved example domain)."""

HOSTILE_CLAIM = 'The talks "ended" </script><script>alert(1)</script> & <!-- more'
"""A claim text that would break out of a script element if the JSON-LD were not escaped."""


def corrected_claim() -> str:
    """A second claim, published later than the mini one, updated and corrected twice."""
    text = (FIXTURES / "mini" / "content" / "claims" / "talks-date.yaml").read_text(encoding="utf-8")
    text = text.replace("published: 2026-11-21", "published: 2026-11-22\nupdated: 2026-11-25")
    text = text.replace("  en: The meeting took place in Pyongyang on 6 November.", f"  en: '{HOSTILE_CLAIM}'")
    text = text.replace("  en: The talks in Pyongyang took place on 6 November", "  en: The talks were held in Pyongyang")
    return text + (
        "corrections:\n"
        "  - date: 2026-11-24\n"
        "    note: {ru: Исправлена дата., en: The date was corrected.}\n"
        "  - date: 2026-11-25\n"
        "    note: {ru: Исправлен заголовок., en: The headline was corrected.}\n"
        "events: [talks]\n"
    )


TIMELINE = """events:
  - id: talks
    date: 2025-11-06
    title: {ru: Переговоры, en: The talks}
    description: {ru: Переговоры в Пхеньяне., en: The talks in Pyongyang.}
    quotes:
      - {claim: talks-date, quote: q1}
"""

FUNDING = """title: {ru: Финансирование, en: Funding}
description: {ru: Кто нас финансирует., en: Who funds us.}
body: {ru: Текст., en: Text.}
"""


def make_published_project(dest: Path) -> Path:
    """The mini fixture with a corrected second claim, a funding page and a one-event timeline."""
    root = make_project(dest)
    write(root, "content/claims/talks-corrected.yaml", corrected_claim())
    write(root, "content/timeline.yaml", TIMELINE)
    write(root, "content/pages/funding.yaml", FUNDING)
    meta = root / "seeds" / "001_36549a97ad93da46.yaml"
    text = meta.read_text(encoding="utf-8").replace("published: null", f"published: 2025-11-07\nurl: {ORIGINAL_URL}")
    meta.write_text(text, encoding="utf-8")
    return root


def build_published(dest: Path) -> dict[str, bytes]:
    """The files of that publication built for a GitHub project site."""
    return build_files(make_published_project(dest), base_url=PUBLIC_BASE)
