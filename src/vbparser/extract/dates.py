"""Vietnamese date grammar: find temporal expressions and resolve them to dates.

Plans write dates day-first (``15/10/2025``, ``15-10-2025``, ``15.10.2025``, ``15/10/25``),
spelled (``ngày 14 tháng 10 năm 2025``), as months (``tháng 11/2025``, ``tháng 11 năm 2025``),
quarters (``quý IV/2025``), parts of a year (``6 tháng đầu năm 2024``), calendar anchors
(``cuối tháng 11``, Civil Code art. 146), weeks of a month (``tuần thứ hai của tháng
12/2025``: Monday to Sunday, the first one the month's first seven days), years
(``năm 2025``) and often without a year (``đến 20/11``). ``find_dates`` returns each
expression as a ``DateMatch`` with its span; ``resolve`` turns one into a
``DateValue(date, granularity)`` given the year to assume.

Nothing here reads the clock: a missing year comes from the caller (the plan's year),
never from today. Day-month order is fixed. The words come from
``data/date_words.yaml``; matching runs on ``normalize.fold.match_text``, which keeps
offsets, so every span indexes the text as written.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

import holidays

from vbparser import data
from vbparser.errors import ImpossibleDateError, MissingYearError
from vbparser.model import Granularity
from vbparser.normalize.fold import match_text
from vbparser.patterns import digit_runs
from vbparser.spans import Span

LAST_DAY = -1  # ``DateMatch.day`` of "cuối tháng": the month's last day
_CENTURY = 2000  # added to a year written with two digits ("10/12/24")


class Kind(StrEnum):
    """What a date expression names."""

    DAY = "day"
    DAY_RANGE = "day_range"  # "20-25/11/2025"
    MONTH = "month"
    MONTHS = "months"  # "6 tháng đầu năm 2024"
    QUARTER = "quarter"
    YEAR = "year"
    WEEK = "week"  # "tuần thứ hai của tháng 12": days of a month, ``day`` the week's number
    HALF_MONTH = "half_month"  # "nửa đầu tháng 12": days ``first_day`` to ``day`` of a month


@dataclass(frozen=True, slots=True)
class DateMatch:
    """One temporal expression as written, before a year is supplied.

    ``month`` is the first month and ``end_month`` the last for ``MONTHS``; ``first_day``
    is the opening day of a ``DAY_RANGE``; ``day`` may be ``LAST_DAY``, and is the week's
    number in its month (or ``LAST_DAY``) for a ``WEEK``.
    """

    kind: Kind
    span: Span
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    end_month: int | None = None
    first_day: int | None = None
    spelled: bool = False  # written with "ngày" ("ngày 14 tháng 10 ...")
    weekday: int | None = None  # of a ``WEEK``: its one day ("thứ Sáu tuần đầu"; 0: Monday)
    lunar_new_year: bool = False  # a ``DAY``: the first day of the lunar year ``year``

    @property
    def granularity(self) -> Granularity:
        return _GRANULARITY[self.kind]


_GRANULARITY = {Kind.DAY: Granularity.DAY, Kind.DAY_RANGE: Granularity.DAY,
                Kind.MONTH: Granularity.MONTH, Kind.MONTHS: Granularity.MONTH,
                Kind.QUARTER: Granularity.QUARTER, Kind.YEAR: Granularity.YEAR,
                Kind.WEEK: Granularity.DAY,  # a week is stated by its days
                Kind.HALF_MONTH: Granularity.DAY}


@dataclass(frozen=True, slots=True)
class DateValue:
    """A resolved date: the first day it covers, its granularity and its last day.

    ``stated`` is the value as written, in ISO form by granularity: ``2025-10-15``,
    ``2025-11``, ``2025-Q4``, ``2025``, or an ISO interval for a span of days or months
    (``2025-11-20/2025-11-25``, ``2024-01/2024-06``).
    """

    date: dt.date
    granularity: Granularity
    span: Span
    end: dt.date
    stated: str
    year_inferred: bool = False


# --- patterns, built from data/date_words.yaml ---------------------------------------


def word_alternation(words: Any) -> str:
    """A regex alternation of data words, longest first, spaces as ``\\s+``."""
    keys = sorted({match_text(str(w)) for w in words}, key=len, reverse=True)
    return "|".join(r"\s+".join(re.escape(p) for p in k.split()) for k in keys)


def words() -> dict[str, Any]:
    """The date vocabulary (``data/date_words.yaml``)."""
    return data.load("date_words")  # type: ignore[no-any-return]


_YEAR_TAIL = r"(?:(?:\s*/\s*|,?\s+năm\s+)(?P<y>\d{4}))?"
# between an anchor and what it anchors in: "cuối cùng của tháng 12", "ngày cuối quý IV"
_OF = r"(?:\s+cùng)?(?:\s+của)?"


def _sources() -> tuple[tuple[Kind, str], ...]:
    """The atoms of the grammar in priority order (an earlier one wins at a position)."""
    w = words()
    month = rf"(?P<m>\d{{1,2}}|{word_alternation(w['months'])})(?!\w)"
    counts = word_alternation(w["part_of_year_counts"])
    quarter = word_alternation(w["quarters"])
    return (
        # ngày 14 tháng 10 năm 2025 · ngày 15 tháng 12
        # ngày mười lăm tháng Mười Hai: the day in words too
        (Kind.DAY, (rf"(?<!\w)ngày\s+(?P<d>\d{{1,2}}|{word_alternation(w['days'])})\s+tháng\s+"
                    rf"{month}{_YEAR_TAIL}")),
        # 20-25/11/2025: a span of days (tried before d-m-y, which it resembles)
        (Kind.DAY_RANGE, (r"(?<![\w/.\-])(?P<d0>\d{1,2})\s*[-\u2013]\s*(?P<d>\d{1,2})"
                          r"/(?P<m>\d{1,2})(?:/(?P<y>\d{4}))?(?![\d/])")),
        # các ngày 27 và 28/11/2025 · hai ngày 05, 06/12/2025: two days, the month written
        # once (read as the span from the first to the second)
        (Kind.DAY_RANGE, ("(?:" + "|".join(f"(?<={re.escape(p)} ngày )" for p in w["day_pairs"])
                          + r")(?P<d0>\d{1,2})\s*(?:,|và)\s*(?P<d>\d{1,2})"
                          r"/(?P<m>\d{1,2})(?:/(?P<y>\d{4}))?(?![\d/])")),
        # 15/10/2025 · 01-10-1997 · 4.10.2025 (one separator; never a symbol "12/2024/NĐ")
        (Kind.DAY, (r"(?<![\w/.\-])(?P<d>\d{1,2})(?P<sep>[/.\-])(?P<m>\d{1,2})"
                    r"(?P=sep)(?P<y>\d{4})(?![\d/]|-\w)")),
        # 10/12/24: a year of two digits, with slashes only (20yy)
        (Kind.DAY, r"(?<![\w/.\-])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{2})(?![\w/]|[.\-]\d)"),
        # 15/12 (no year: the plan's)
        (Kind.DAY, r"(?<![\w/.\-])(?P<d>\d{1,2})/(?P<m>\d{1,2})(?![\w/]|[.\-]\d)"),
        # ngày 8-12 · ngày 8.12: no year, another separator, only after "ngày"
        (Kind.DAY, r"(?<=ngày )(?P<d>\d{1,2})[.\-](?P<m>\d{1,2})(?![\w/]|[.\-]\d)"),
        # 6 tháng đầu năm 2024 · chín tháng cuối năm
        (Kind.MONTHS, (rf"(?<!\w)(?P<n>\d{{1,2}}|{counts})\s+tháng\s+"
                       r"(?P<pos>đầu|cuối)\s+năm(?:\s+(?P<y>\d{4}))?(?![\w/])")),
        # tuần đầu tháng 12/2025 · tuần thứ hai của tháng 12 · tuần cuối tháng 11
        # thứ Sáu tuần đầu tháng 12: that day of the week
        (Kind.WEEK, (rf"(?<!\w)(?:(?P<wd>{word_alternation(w['weekdays'])})\s+)?"
                     rf"(?:{word_alternation(w['week_words'])})\s+"
                     rf"(?P<wk>{word_alternation(w['week_ordinals'])})(?!\w)"
                     rf"(?:\s+của)?\s+tháng\s+{month}{_YEAR_TAIL}")),
        # nửa đầu tháng 12/2024 (days 1-15) · nửa cuối tháng 12 (16 to the last)
        (Kind.HALF_MONTH, (rf"(?<!\w)(?:{word_alternation(w['half_words'])})\s+"
                           rf"(?P<half>{word_alternation(w['halves'])})\s+tháng\s+"
                           rf"{month}{_YEAR_TAIL}")),
        # cuối tháng 11/2025 · đầu tháng 12 · ngày cuối cùng của tháng 12/2026
        (Kind.DAY, (rf"(?<!\w)(?:ngày\s+)?(?P<a>đầu|giữa|cuối){_OF}\s+tháng\s+"
                    rf"{month}{_YEAR_TAIL}")),
        # ngày cuối cùng của quý IV/2026: the quarter's last day
        (Kind.DAY, (rf"(?<!\w)ngày\s+cuối{_OF}\s+"
                    rf"(?:{word_alternation(w['quarter_words'])})\s+(?P<qe>{quarter})(?!\w)"
                    rf"{_YEAR_TAIL}")),
        # cuối năm 2025 · giữa năm · ngày cuối cùng của năm 2026
        (Kind.DAY, (rf"(?<!\w)(?:ngày\s+)?(?P<ay>đầu|giữa|cuối){_OF}\s+năm"
                    r"(?:\s+(?P<y>\d{4}))?(?![\w/])")),
        # tháng 11/2025 · tháng 11 năm 2025 · tháng Tư · tháng 12
        (Kind.MONTH, rf"(?<!\w)tháng\s+{month}{_YEAR_TAIL}(?![\d/])"),
        # quý IV/2025 · quý 4 năm 2025 · quý I
        (Kind.QUARTER, (rf"(?<!\w)(?:{word_alternation(w['quarter_words'])})\s+"
                        rf"(?P<q>{quarter})(?!\w){_YEAR_TAIL}")),
        # Tết Nguyên đán Đinh Mùi · Tết Nguyên đán năm 2027 (06/02/2027): the lunar new year
        # (Tết Nguyên đán alone: of the year the reader supplies)
        (Kind.DAY, (rf"(?<!\w)(?P<tt>{word_alternation(w['tet_words'])})(?:(?:\s+năm)?\s+"
                    rf"(?P<tet>\d{{4}}|(?:{word_alternation(w['year_stems'])})\s+"
                    rf"(?:{word_alternation([*w['year_branches'], *w['year_branch_variants']])}))"
                    r"(?!\w)(?:\s*\(\d{1,2}/\d{1,2}/\d{4}\))?)?(?!\w)")),
        # năm 2025 (never "hằng năm")
        (Kind.YEAR, r"(?<!\w)(?<!hằng )(?<!hàng )năm\s+(?P<y>\d{4})(?!\d)"),
    )


_GROUP_NAME = re.compile(r"\(\?P([<=])(\w+)")


@dataclass(frozen=True, slots=True)
class _Grammar:
    """All atoms in one alternation (one pass over the text instead of ten)."""

    pattern: re.Pattern[str]
    trigger: re.Pattern[str]  # where an atom can start: a number or a date word
    starters: tuple[str, ...]  # the first words of the date words of ``trigger``, folded
    kinds: tuple[Kind, ...]
    names: tuple[tuple[tuple[str, str], ...], ...]  # each atom's (name, group name) pairs


@cache
def _grammar() -> _Grammar:
    parts, kinds, names = [], [], []
    for i, (kind, source) in enumerate(_sources()):
        names.append(tuple((name, f"{name}_{i}") for name in
                           dict.fromkeys(re.findall(r"\(\?P<(\w+)>", source))))
        parts.append(f"(?P<k{i}>" + _GROUP_NAME.sub(rf"(?P\1\2_{i}", source) + ")")
        kinds.append(kind)
    w = words()
    starters = ["ngày", "tháng", "năm", "đầu", "giữa", "cuối", *w["quarter_words"],
                *w["part_of_year_counts"], *w["week_words"], *w["half_words"], *w["weekdays"],
                *(str(t).split()[0] for t in w["tet_words"])]  # "Tết Nguyên đán." ends a line
    # What every atom opens with: a word (its pattern starts with "(?<!\w)" or stricter)
    # that is either a number of one or two digits followed by a separator, a comma or a
    # space ("15/", "20-", "05, 06/12", "6 tháng") or a date word followed by a space.
    # Only there is the whole grammar tried: not inside words, years or other numbers.
    trigger = re.compile(rf"(?<!\w)(?:\d\d?(?=[/.\-\u2013\s,])"
                         rf"|(?:{word_alternation(starters)})(?=\s))")
    first_words = tuple(dict.fromkeys(match_text(str(s)).split()[0] for s in starters))
    return _Grammar(re.compile("|".join(parts)), trigger, first_words, tuple(kinds),
                    tuple(names))


# --- finding ---------------------------------------------------------------------------


def find_dates(text: str, folded: str | None = None) -> list[DateMatch]:
    """Find every date expression in ``text``, in order and without overlaps.

    Args:
        text: the text as written (spans index it).
        folded: ``match_text(text)`` if the caller has it already.

    Returns:
        The expressions; impossible ones (31/11/2025) are returned too, so that the
        caller can warn about them: ``resolve`` raises on them.

    >>> [(m.kind.value, m.day, m.month, m.year) for m in find_dates("trước ngày 15/10/2025")]
    [('day', 15, 10, 2025)]
    >>> [(m.day, m.month) for m in find_dates("chậm nhất ngày mười lăm tháng Mười Hai")]
    [(15, 12)]
    """
    mt = match_text(text) if folded is None else folded
    grammar = _grammar()
    out: list[DateMatch] = []
    done = 0
    for start in _starts(text, mt, grammar):
        if start < done:
            continue
        m = grammar.pattern.match(mt, start)
        if m is None:
            continue
        i = int((m.lastgroup or "k0")[1:])
        groups = {name: m.group(group) for name, group in grammar.names[i]}
        month_at = m.start(f"m_{i}") if "m" in groups else -1
        atom = _atom(grammar.kinds[i], groups, m.span(), text[month_at:month_at + 1],
                     spelled=mt.startswith("ngày", m.start()))
        if atom is not None:  # else not a date after all: look again inside it
            out.append(atom)
            done = m.end()
    return out


def _starts(text: str, mt: str, grammar: _Grammar) -> list[int]:
    """Where ``grammar.trigger`` matches in ``mt``, in order, found without a scan of its
    own: at the short runs of ``digit_runs(text)`` (one scan shared with the citations)
    and at the occurrences of the date words, which ``str.find`` finds quickly."""
    trigger, last = grammar.trigger.match, len(mt) - 1
    found = {start for start, end in digit_runs(text) if end - start <= 2 and trigger(mt, start)}
    for word in grammar.starters:
        at = mt.find(word)
        while at >= 0:
            after = at + len(word)  # a date word is followed by white space ("ban" is not)
            if after <= last and mt[after].isspace() and trigger(mt, at):
                found.add(at)
            at = mt.find(word, at + 1)
    return sorted(found)


def _number(value: str | None, table: dict[str, int]) -> int | None:
    """A numeral as digits or a data word ("Tư" → 4)."""
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    return table.get(" ".join(value.split()))


def _atom(kind: Kind, groups: dict[str, str | None], span: Span, month_initial: str,
          spelled: bool = False) -> DateMatch | None:
    """Build a ``DateMatch`` from the groups of one atom, or None when it is no date."""
    raw_month = groups.get("m")
    if raw_month and not raw_month.isdigit() and not month_initial.isupper():
        return None  # month words only when capitalised: "ngày tháng năm" is not May
    raw_year = groups.get("y")
    year = int(raw_year) if raw_year else None
    if year is not None and len(raw_year or "") == 2:
        year += _CENTURY
    if year is not None and not 1900 <= year <= 2199:
        return None
    if kind is Kind.YEAR:
        return DateMatch(kind, span, year)
    if kind is Kind.QUARTER:
        return DateMatch(kind, span, year, quarter=_number(groups["q"], _table("quarters")))
    if kind is Kind.MONTHS:
        return _part_of_year(groups, span, year)
    if groups.get("tt"):
        tet = groups.get("tet")
        return (_lunar_new_year(tet, span) if tet
                else DateMatch(Kind.DAY, span, lunar_new_year=True))
    if groups.get("qe"):  # the quarter's last day
        quarter = _number(groups["qe"], _table("quarters")) or 0
        return DateMatch(Kind.DAY, span, year, 3 * quarter, LAST_DAY) if quarter else None
    month = _number(raw_month, _table("months"))
    if groups.get("ay"):
        month, day = _year_anchor(groups["ay"] or "")
        return DateMatch(Kind.DAY, span, year, month, day)
    if groups.get("a"):
        return DateMatch(Kind.DAY, span, year, month, _month_anchor(groups["a"] or ""))
    if kind is Kind.MONTH:
        return DateMatch(kind, span, year, month) if month and month <= 12 else None
    if kind is Kind.HALF_MONTH:
        first_day, last_day = words()["halves"][" ".join((groups["half"] or "").split())]
        return DateMatch(kind, span, year, month, LAST_DAY if last_day == "last" else last_day,
                         first_day=first_day)
    if kind is Kind.WEEK:
        week = words()["week_ordinals"][" ".join((groups["wk"] or "").split())]
        wd = groups.get("wd")
        weekday = _table("weekdays")[" ".join(wd.split())] if wd else None
        return DateMatch(kind, span, year, month, LAST_DAY if week == "last" else int(week),
                         weekday=weekday)
    first = int(groups["d0"] or 0) if groups.get("d0") else None
    number = _number(groups["d"] or "0", _table("days"))
    return DateMatch(kind, span, year, month, number or 0, first_day=first, spelled=spelled)


_CYCLE_FROM = 2000  # a year named in the sixty-year cycle is read in 2000-2059


def _lunar_new_year(name: str, span: Span) -> DateMatch | None:
    """The first day of the lunar year ``name`` ("2027", "đinh mùi": 6/2/2027), from the
    holiday calendar of Viet Nam (``holidays``), found when it is resolved (``_bounds``);
    None for a name no year bears or a year the calendar does not know.

    >>> resolve(_lunar_new_year("đinh mùi", (0, 1))).date.isoformat()
    '2027-02-06'
    >>> _lunar_new_year("giáp sửu", (0, 1)) is None  # no year bears that name
    True
    """
    year = int(name) if name.isdigit() else _cycle().get(" ".join(name.split()))
    if year is None:
        return None  # no such year: a stem and a branch of different parity
    return None if _new_year_day(year) is None else DateMatch(Kind.DAY, span, year,
                                                                 lunar_new_year=True)


@cache
def _cycle() -> dict[str, int]:
    """Each name of the sixty-year cycle, folded ("đinh mùi"; with a branch's other
    spelling too: "đinh mẹo" as "đinh mão"), and its year in 2000-2059.

    >>> _cycle()["đinh mùi"], _cycle()["đinh mẹo"] == _cycle()["đinh mão"]
    (2027, True)
    """
    w = words()
    stems = [match_text(x) for x in w["year_stems"]]
    branches = [match_text(x) for x in w["year_branches"]]
    years = {f"{stems[y % 10]} {branches[y % 12]}": y
             for y in range(_CYCLE_FROM, _CYCLE_FROM + 60)}
    for variant, branch in w["year_branch_variants"].items():
        years.update({f"{stem} {match_text(variant)}": y for stem in stems
                      if (y := years.get(f"{stem} {match_text(branch)}")) is not None})
    return years


def _new_year_day(year: int) -> dt.date | None:
    return next((day for day, name in holidays_of(year).items() if name == "Lunar New Year"),
                None)


@cache
def holidays_of(year: int) -> dict[dt.date, str]:
    """The public holidays of Viet Nam in ``year``, lunar Tết too (``holidays``), with
    their English names."""
    return dict(holidays.country_holidays("VN", years=year, language="en_US"))


@cache
def _table(name: str) -> dict[str, int]:
    return {match_text(str(k)): int(v) for k, v in words()[name].items()}


def _part_of_year(groups: dict[str, str | None], span: Span,
                  year: int | None) -> DateMatch | None:
    """"6 tháng đầu năm" → months 1-6; "3 tháng cuối năm" → months 10-12."""
    count = _number(groups["n"], _table("part_of_year_counts"))
    if not count or not 1 <= count <= 12:
        return None
    side = words()["part_of_year"][groups["pos"] or ""]
    first, last = (1, count) if side == "first" else (13 - count, 12)
    return DateMatch(Kind.MONTHS, span, year, first, end_month=last)


def _month_anchor(word: str) -> int:
    value = words()["anchors"]["month"][word]
    return LAST_DAY if value == "last" else int(value)


def _year_anchor(word: str) -> tuple[int, int]:
    month, day = str(words()["anchors"]["year"][word]).split("-")
    return int(month), int(day)


# --- resolving -------------------------------------------------------------------------


def resolve(match: DateMatch, default_year: int | None = None) -> DateValue:
    """Turn a ``DateMatch`` into a ``DateValue``, taking ``default_year`` if it has none.

    Raises:
        MissingYearError: the expression has no year and ``default_year`` is None.
        ImpossibleDateError: the day or month does not exist.

    >>> v = resolve(find_dates("trong tháng 11/2025")[0])
    >>> v.stated, v.granularity.value, v.end.isoformat()
    ('2025-11', 'month', '2025-11-30')
    >>> resolve(find_dates("ngày 31/11/2025")[0])
    Traceback (most recent call last):
    ...
    vbparser.errors.ImpossibleDateError: day 31 is not in month 11 of 2025
    """
    year = match.year if match.year is not None else default_year
    if year is None:
        raise MissingYearError("the date has no year and none was given")
    first, last, stated = _bounds(match, year)
    return DateValue(first, match.granularity, match.span, last, stated,
                     year_inferred=match.year is None)


def _bounds(match: DateMatch, year: int) -> tuple[dt.date, dt.date, str]:
    """First day, last day and stated form of ``match`` in ``year``."""
    if match.kind is Kind.YEAR:
        return dt.date(year, 1, 1), dt.date(year, 12, 31), f"{year:04d}"
    if match.kind is Kind.QUARTER:
        q = match.quarter or 0
        return _month(year, 3 * q - 2)[0], _month(year, 3 * q)[1], f"{year:04d}-Q{q}"
    if match.kind is Kind.MONTHS:
        a, b = match.month or 0, match.end_month or 0
        return _month(year, a)[0], _month(year, b)[1], f"{year:04d}-{a:02d}/{year:04d}-{b:02d}"
    if match.kind is Kind.MONTH:
        first, last = _month(year, match.month or 0)
        return first, last, f"{year:04d}-{first.month:02d}"
    if match.kind is Kind.WEEK:
        start, end = _week(year, match.month or 0, match.day or 0)
        if match.weekday is not None:  # "thứ Sáu tuần đầu tháng 12/2026": 2026-12-04
            day = start + dt.timedelta(days=(match.weekday - start.weekday()) % 7)
            if not start <= day <= end:
                raise ImpossibleDateError(f"week {match.day} of month {match.month} has no "
                                          f"weekday {match.weekday}")
            return day, day, day.isoformat()
        return start, end, f"{start.isoformat()}/{end.isoformat()}"
    if match.lunar_new_year:
        new_year = _new_year_day(year)
        if new_year is None:
            raise ImpossibleDateError(f"no lunar new year is known in {year}")
        return new_year, new_year, new_year.isoformat()
    day = _day(year, match.month or 0, match.day or 0)
    if match.kind is Kind.DAY_RANGE or match.kind is Kind.HALF_MONTH:
        start = _day(year, day.month, match.first_day or 0)
        if start > day:
            raise ImpossibleDateError(f"day range {match.first_day}-{day.day} runs backwards")
        return start, day, f"{start.isoformat()}/{day.isoformat()}"
    return day, day, day.isoformat()


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _month(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    if not 1 <= month <= 12:
        raise ImpossibleDateError(f"there is no month {month}")
    last = 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1]
    return dt.date(year, month, 1), dt.date(year, month, last)


def _week(year: int, month: int, number: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month's week ``number`` (``LAST_DAY``: its last week).

    Weeks run Monday to Sunday and are counted from the week holding day 1, unless the
    month opens on a Friday, Saturday or Sunday: those few days are no week of their own
    (ISO 8601's rule for a year's first week), and the count starts at the first Monday.
    The first week is the month's first seven days from its start, as writers read
    "tuần đầu tháng" (so it may overlap the second); the last week runs to the month's
    last day from the Monday before it.

    >>> [d.isoformat() for d in _week(2026, 12, 1)]  # 1/12/2026 is a Tuesday
    ['2026-12-01', '2026-12-07']
    >>> [d.isoformat() for d in _week(2026, 12, 2)]
    ['2026-12-07', '2026-12-13']
    >>> [d.isoformat() for d in _week(2026, 11, 1)]  # 1/11/2026 is a Sunday
    ['2026-11-02', '2026-11-08']
    >>> [d.isoformat() for d in _week(2025, 11, LAST_DAY)]
    ['2025-11-24', '2025-11-30']
    """
    first, last = _month(year, month)
    if number == LAST_DAY:
        return max(first, last - dt.timedelta(days=last.weekday())), last
    monday = first - dt.timedelta(days=first.weekday())  # of the week holding day 1
    if first.weekday() >= _FRIDAY:
        monday += dt.timedelta(days=7)
    start = max(first, monday) if number == 1 else monday + dt.timedelta(days=7 * (number - 1))
    if not 1 <= number or start > last:
        raise ImpossibleDateError(f"month {month} of {year} has no week {number}")
    return start, min(last, start + dt.timedelta(days=6))


_FRIDAY = 4


def _day(year: int, month: int, day: int) -> dt.date:
    """A calendar day; ``LAST_DAY`` is the month's last."""
    first, last = _month(year, month)
    if day == LAST_DAY:
        return last
    if not 1 <= day <= last.day:
        raise ImpossibleDateError(f"day {day} is not in month {month} of {year}")
    return first.replace(day=day)


def parse_date(text: str, default_year: int | None = None) -> DateValue | None:
    """Resolve the first date expression in ``text`` (None if there is none).

    >>> parse_date("ngày 14 tháng 10 năm 2025").date.isoformat()
    '2025-10-14'
    >>> parse_date("quý IV/2025").stated
    '2025-Q4'
    >>> parse_date("trước ngày 15/12 hằng năm", 2024).stated
    '2024-12-15'
    """
    found = find_dates(text)
    return resolve(found[0], default_year) if found else None
