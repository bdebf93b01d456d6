"""Specs of single values beyond text: a choice of words, a whole number, a date or a moment."""

from __future__ import annotations

import re
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from .i18n import N_
from .schema import EMPTY, Context, Spec, Text
from .yamlread import YAML_TAG, Node, ScalarNode

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class Choice(Spec):
    options: tuple[str, ...]
    expected: str = N_("one of the listed values")

    def check(self, node: Node, ctx: Context) -> Any:
        blank = isinstance(node, ScalarNode) and (not node.value.strip() or (node.tag == YAML_TAG + "null" and not node.style))
        if blank:  # `status:`, `status: null` or `status: ""`: the options, not "write the text"
            return ctx.invalid(node, EMPTY, **self.advice(ctx))
        if not isinstance(node, ScalarNode):
            return self.wrong_kind(node, ctx)
        if node.value in self.options:
            return Text().check(node, ctx)
        # `status: yes` reads as true: the options say more than "put it in quotes"
        template = N_("“{value}” is not allowed in “{field}” — use one of: {options}")
        return ctx.invalid(node, template, value=node.value, options=", ".join(self.options))

    def named(self) -> dict[str, str]:
        return {"options": ", ".join(self.options)}

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.options)}


@dataclass
class Integer(Spec):
    expected: str = N_("a whole number")
    limit: int = 1_000_000
    """The largest magnitude taken: a number, not a mistake, and one every reader of the open data can hold."""

    def check(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, ScalarNode) or node.tag != YAML_TAG + "int":
            return self.wrong_kind(node, ctx)
        plain = re.fullmatch(r"[-+]?([0-9]+)", node.value)  # YAML also reads 0x10 and 1_000; int() refuses 4,300 digits
        if not plain or len(plain[1]) > len(str(self.limit)) or abs(int(node.value)) > self.limit:
            template = N_("“{value}” is not a whole number from -{limit} to {limit} — write it in plain digits, e.g. 3")
            return ctx.invalid(node, template, value=node.value, limit=self.limit)
        return int(node.value)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": -self.limit, "maximum": self.limit}


YEARS = range(1000, 3000)
"""The years a date of ours can fall in: beyond them a year is mistyped (and a day after 9999 cannot be reckoned)."""
FAR_YEAR = N_("“{value}” falls in the year {year}, which no article or check can date from — check the year")
FAR_MOMENT = N_(
    "“{value}” falls in the year {year}, and a build can be dated only in the years {first} to {last} — "
    "give a moment within them, e.g. 2026-12-10"
)
"""Of a moment given on the command line (`--now`) in the right form."""


@dataclass
class Date(Spec):
    """A calendar day, YYYY-MM-DD; with `moment`, also a date and time with its zone (a day alone counts from its start, UTC)."""

    moment: bool = False
    expected: str = N_("a date")

    def check(self, node: Node, ctx: Context) -> Any:
        if not isinstance(node, ScalarNode) or node.tag not in (YAML_TAG + "timestamp", YAML_TAG + "str"):
            return self.wrong_kind(node, ctx)
        text = node.value.strip()
        if not text:  # '' as a skeleton leaves it: the quotes hold nothing to quote back
            return ctx.invalid(node, EMPTY, **self.advice(ctx))
        with suppress(ValueError):
            found: date | None = None
            if ISO_DAY.fullmatch(text):
                day = date.fromisoformat(text)
                found = datetime(day.year, day.month, day.day, tzinfo=UTC) if self.moment else day
            elif self.moment and (moment := datetime.fromisoformat(text)).tzinfo is not None:
                found = moment
            if found is not None and found.year not in YEARS:
                return ctx.invalid(node, FAR_YEAR, value=node.value, year=found.year)
            if found is not None:
                return found
        if self.moment:
            hint = N_(
                "“{value}” is not a moment we can place — write a day (2026-12-10, from its start in UTC) or a day and time "
                "with the zone, e.g. 2026-12-10T09:00+03:00"
            )
            return ctx.invalid(node, hint, value=node.value)
        if ISO_DAY.fullmatch(text):  # written right, but the calendar has no such day
            return ctx.invalid(node, N_("“{value}” is no day of the calendar — check the month and the day"), value=node.value)
        return ctx.invalid(node, N_("“{value}” is not a valid date — write it as YYYY-MM-DD, e.g. 2025-11-07"), value=node.value)

    def json_schema(self) -> dict[str, Any]:
        if self.moment:
            return {"type": "string", "anyOf": [{"format": "date"}, {"format": "date-time"}]}
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
