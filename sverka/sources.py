"""Archived source texts: paragraphs, datelines and checksums."""

from __future__ import annotations

import hashlib
import re
from contextlib import suppress
from datetime import date

from .records import Paragraph

DATELINE = re.compile(r"^ ?date (\d{4}-\d{2}-\d{2}) ")


def checksum(raw: bytes) -> str:
    """The SHA-256 of an archived text, as lowercase hex."""
    return hashlib.sha256(raw).hexdigest()


def split_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """Each non-empty line is a paragraph numbered by its line; a leading dateline is understood."""
    paragraphs: list[Paragraph] = []
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        dateline, body_start = None, 0
        if not paragraphs:
            match = DATELINE.match(line)
            if match:
                with suppress(ValueError):  # a dateline naming no real day stays part of the text
                    dateline, body_start = date.fromisoformat(match[1]), match.end()
        paragraphs.append(Paragraph(number, line, dateline, body_start))
    return tuple(paragraphs)
