"""Dates of any precision (an EDTF subset) and their localised wording."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from babel import Locale
from babel.dates import format_date, format_interval

from .i18n import format_day, format_month, format_year

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
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text


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
        rank = {"year": 0, "month": 1, "day": 2}[self.start.precision]
        return self.start.first_day(), rank

    @property
    def approximate(self) -> bool:
        """Whether any end of the date is marked approximate (~ or %)."""
        return self.start.approximate or bool(self.end and self.end.approximate)

    @property
    def uncertain(self) -> bool:
        """Whether any end of the date is marked uncertain (? or %)."""
        return self.start.uncertain or bool(self.end and self.end.uncertain)


def parse_point(text: str) -> Point:
    """Parse `2025`, `2025-06`, `2025-06-07`, optionally followed by ~, ? or %."""
    match = POINT.match(text)
    if not match:
        raise ValueError(text)
    year, month, day = int(match["y"]), int(match["m"] or 0), int(match["d"] or 0)
    date(year, month or 1, day or 1)  # raises ValueError for 2025-13 or 2025-02-30
    qualifier = match["q"] or ""
    return Point(year, month, day, qualifier in "~%" and bool(qualifier), qualifier in "?%" and bool(qualifier))


def parse_partial(text: str) -> PartialDate:
    """Parse an EDTF date, interval (`a/b`) or open interval (`a/..`); ValueError if invalid."""
    text = text.strip()
    if "/" not in text:
        return PartialDate(parse_point(text), text=text)
    left, right = text.split("/", 1)
    start = parse_point(left)
    if right == "..":
        return PartialDate(start, None, True, text)
    end = parse_point(right)
    if end.first_day() < start.first_day():
        raise ValueError(text)
    return PartialDate(start, end, False, text)


def format_point(point: Point, lang: str) -> str:
    """A point in words at its own precision."""
    day = point.first_day()
    if point.precision == "day":
        return format_day(day, lang)
    if point.precision == "month":
        return format_month(day, lang)
    return format_year(day, lang)


SKELETONS = {"day": "yMMMMd", "month": "yMMMM", "year": "y"}


def format_range(start: Point, end: Point, lang: str) -> str:
    """A closed range, shortened the way CLDR does for the locale."""
    if start.precision == end.precision:
        return format_interval(start.first_day(), end.first_day(), SKELETONS[start.precision], locale=lang)
    return f"{format_point(start, lang)} – {format_point(end, lang)}"


def month_pattern(lang: str) -> str:
    """CLDR's “month and year” pattern with the month in its format form (genitive in Russian: «сентября»)."""
    return str(Locale.parse(lang).datetime_skeletons["yMMMM"]).replace("LLLL", "MMMM")


def year_pattern(lang: str) -> str:
    """The month-and-year pattern without its month («y 'г'.» / «y»), for a year after a preposition."""
    return re.sub(r"M+[\s,]*", "", month_pattern(lang)).strip()


def format_point_governed(point: Point, lang: str) -> str:
    """A point as it reads after a preposition such as “since” / «с»: «с сентября 2025 г.», «с 2025 г.»."""
    if point.precision == "day":
        return format_day(point.first_day(), lang)
    pattern = month_pattern(lang) if point.precision == "month" else year_pattern(lang)
    return format_date(point.first_day(), pattern, locale=lang)
