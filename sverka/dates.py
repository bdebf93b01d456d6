"""Dates of any precision (an EDTF subset) and their localised wording."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date

from .i18n import FORMAT_LOCALES, format_day, format_month, format_year, month_year_pattern

FORMATS: dict[str, Callable[[date, str], str]] = {"day": format_day, "month": format_month, "year": format_year}
POINT = re.compile(r"^(?P<y>\d{4})(?:-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?(?P<q>[~?%])?$")


@dataclass(frozen=True, order=True)
class Point:
    """A day, a month or a year; `month`/`day` are 0 when not given."""

    year: int
    month: int = 0
    day: int = 0
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> str:
        """'day', 'month' or 'year'."""
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> date:
        """The earliest calendar day the point covers (used for sorting and formatting)."""
        return date(self.year, self.month or 1, self.day or 1)

    def iso(self) -> str:
        """The point in ISO 8601 at its own precision (for `<time datetime>`)."""
        return "-".join([f"{self.year:04d}", *(f"{part:02d}" for part in (self.month, self.day) if part)])


@dataclass(frozen=True)
class PartialDate:
    """A point, a closed range, or an open range ("since …"), as the sources give it."""

    start: Point
    end: Point | None = None
    open_end: bool = False
    text: str = ""

    @property
    def sort_key(self) -> tuple[date, int]:
        """Chronological order: by first day, coarser precision first."""
        return self.start.first_day(), ("year", "month", "day").index(self.start.precision)


def parse_point(text: str) -> Point:
    """Parse `2025`, `2025-06`, `2025-06-07`, optionally followed by ~, ? or %."""
    match = POINT.match(text)
    if not match:
        raise ValueError(text)
    year, month, day = int(match["y"]), int(match["m"] or 0), int(match["d"] or 0)
    date(year, month or 1, day or 1)  # raises ValueError for 2025-13 or 2025-02-30
    qualifier = match["q"]
    return Point(year, month, day, qualifier in ("~", "%"), qualifier in ("?", "%"))


def parse_partial(text: str) -> PartialDate:
    """Parse an EDTF date, interval (`a/b`) or open interval (`a/..`); ValueError if invalid."""
    text = text.strip()
    left, slash, right = text.partition("/")
    start = parse_point(left)
    if not slash:
        return PartialDate(start, text=text)
    if right == "..":
        return PartialDate(start, None, True, text)
    end = parse_point(right)
    if end.first_day() < start.first_day():
        raise BackwardsRangeError(text)
    return PartialDate(start, end, False, text)


class BackwardsRangeError(ValueError):
    """A range whose end comes before its start."""


def format_point(point: Point, lang: str) -> str:
    return FORMATS[point.precision](point.first_day(), lang)


def format_point_governed(point: Point, lang: str) -> str:
    """A point as it reads after a preposition such as “since” / «с»: «с сентября 2025 г.», «с 2025 г.»."""
    if point.precision != "month":
        return format_point(point, lang)
    locale = FORMAT_LOCALES[lang]
    return format_date(point.first_day(), month_year_pattern(locale), locale=locale)
