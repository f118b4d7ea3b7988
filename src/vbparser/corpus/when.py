"""Dates in deadline quotes of plan sources: the stated value and the last admissible day.

Only the corpus tools use this: a plan source marks a deadline quote and names its bound
(``before``, ``by``, ``on``, ``within``, ``range``, ``recurring``); the stated date and the
due day follow from the quote by the rules of design.md ("trước ngày 15/10/2023" → due
2023-10-14; "trong tháng 11/2023" → due 2023-11-30; a date without a year takes the plan's
year). The forms recognised are the ones the corpus writes, not a general grammar;
their words are matched in any case ("Từ ngày" opens a table cell).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from vbparser.errors import ConfigError

BOUNDS = ("before", "by", "on", "within", "range", "recurring")
_ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4}

_D = r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}))?(?!\d)"
_RANGE = re.compile(r"từ(?: ngày)?\s+" + _D + r"\s+(?:đến|tới)(?: hết)?(?: ngày)?\s+" + _D,
                    re.IGNORECASE)
WORDS_PATTERN = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?",
                           re.IGNORECASE)
_MONTH = re.compile(r"tháng\s+(\d{1,2})\s*(?:/|năm)\s*(\d{4})", re.IGNORECASE)
_QUARTER = re.compile(r"quý\s+(IV|III|II|I)\s*(?:/|năm)\s*(\d{4})")
DAY_PATTERN = re.compile(_D)
_YEAR = re.compile(r"năm\s+(\d{4})", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class When:
    """The date a deadline quote states."""

    stated: str  # "2023-10-15", "2023-11", "2023-Q4" or "2023"
    granularity: str  # day | month | quarter | year
    first: date  # first day of the stated period
    last: date  # last day of the stated period
    start: str | None = None  # for ranges: the first day
    year_inferred: bool = False


def _day(d: str, m: str, y: str | None, plan_year: int) -> tuple[date, bool]:
    try:
        return date(int(y or plan_year), int(m), int(d)), y is None
    except ValueError:
        raise ConfigError(f"impossible date {d}/{m}/{y or plan_year}") from None


def read_when(quote: str, plan_year: int) -> When:
    """Read the stated date of a deadline quote.

    >>> read_when("trước ngày 15/10/2023", 2023).stated
    '2023-10-15'
    >>> w = read_when("trong quý IV/2023", 2023); (w.stated, w.last.isoformat())
    ('2023-Q4', '2023-12-31')
    >>> read_when("đến ngày 27/11", 2023).year_inferred
    True
    >>> read_when("Từ ngày 03/12 đến ngày 05/12/2025", 2025).start  # a table cell's capital
    '2025-12-03'

    Raises:
        ConfigError: the quote holds no date the corpus knows how to write.
    """
    if m := _RANGE.search(quote):
        first, inferred_a = _day(m[1], m[2], m[3], plan_year)
        last, inferred_b = _day(m[4], m[5], m[6], plan_year)
        return When(last.isoformat(), "day", last, last, first.isoformat(),
                    inferred_a or inferred_b)
    if m := WORDS_PATTERN.search(quote):
        day, inferred = _day(m[1], m[2], m[3], plan_year)
        return When(day.isoformat(), "day", day, day, None, inferred)
    if m := _MONTH.search(quote):
        year, month = int(m.group(2)), int(m.group(1))
        end = date(year, month, calendar.monthrange(year, month)[1])
        return When(f"{year}-{month:02d}", "month", date(year, month, 1), end)
    if m := _QUARTER.search(quote):
        year, quarter = int(m.group(2)), _ROMAN_QUARTERS[m.group(1)]
        first = date(year, 3 * quarter - 2, 1)
        end_month = 3 * quarter
        end = date(year, end_month, calendar.monthrange(year, end_month)[1])
        return When(f"{year}-Q{quarter}", "quarter", first, end)
    if m := DAY_PATTERN.search(quote):
        day, inferred = _day(m[1], m[2], m[3], plan_year)
        return When(day.isoformat(), "day", day, day, None, inferred)
    if m := _YEAR.search(quote):
        year = int(m.group(1))
        return When(str(year), "year", date(year, 1, 1), date(year, 12, 31))
    raise ConfigError(f"no date in deadline quote {quote!r}")


def due_date(when: When, bound: str, quote: str) -> date:
    """Return the last admissible day for a deadline with ``bound``.

    >>> due_date(read_when("trước ngày 15/10/2023", 2023), "before", "").isoformat()
    '2023-10-14'
    >>> due_date(read_when("trong tháng 11/2023", 2023), "within", "").isoformat()
    '2023-11-30'

    Raises:
        ConfigError: ``bound`` is unknown.
    """
    if bound not in BOUNDS:
        raise ConfigError(f"unknown bound {bound!r}; known: {', '.join(BOUNDS)}")
    if bound == "before" or (bound == "recurring" and "trước" in quote.lower()):
        return when.first - timedelta(days=1)
    return when.last
