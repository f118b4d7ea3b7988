"""Deadlines no day can be put on: a period counted from an event, and a day of every
month.

* "trong thời hạn 05 ngày làm việc kể từ ngày có quyết định xếp loại", "chậm nhất 02
  ngày sau hội nghị", "chậm nhất 05 ngày làm việc trước hội nghị kiểm điểm": a period
  counted from an event (domain.md 5.2: "trong thời hạn N ngày kể từ …" → by, due the
  event's day + N). Mostly the event's day is not in the plan, and ``due`` is None;
  when it is written with the period ("kể từ ngày 18/12/2026"), ``due`` is the day the
  period ends (``counted_day``, over weekends and public holidays). ``stated`` holds the
  period as an ISO 8601 duration ("P5D"; ``expr`` says whether the days are working
  days and which event they count from).
* "trước ngày 05 hằng tháng", "vào ngày 20 hằng tháng", "trước ngày 05 của tháng kế
  tiếp": a day of every month, bound "recurring", ``stated`` ISO 8601's day of every
  month ("---05"), ``due`` None.
* "trước ngày 10 của tháng đầu quý sau", "chậm nhất ngày 20 tháng cuối quý": a day of
  every quarter, bound "recurring", ``stated`` the day of the month with the quarter's
  three-month step ("---10/P3M"; ``expr`` says which month of the quarter), ``due`` None.

A period must open with a cue of a limit ("trong", "trong thời hạn", "trong vòng",
"chậm nhất", "không quá", "tối đa"), or with "sau" when it is counted ("sau 03 ngày kể
từ khi kết thúc hội nghị", the report's limit) and no rule takes effect before it: "có
hiệu lực sau 15 ngày kể từ ngày ký" is no one's task. The words are in
``data/date_words.yaml`` (``period_cues``, ``period_links``, ``period_after``,
``monthly``, ``quarterly``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from vbparser.extract.dates import holidays_of, word_alternation, words
from vbparser.model import Bound
from vbparser.patterns import word_start_matches
from vbparser.spans import Span

_EVENT_END = re.compile(r"[.,;:!?()\n|]")
_EVENT_REACH = 160  # characters an event's words are read for


@dataclass(frozen=True, slots=True)
class Dateless:
    """A deadline phrase without a day: its span, bound and ``stated`` value; for a period,
    its length in ``days`` (``working`` days or not), whether it runs ``back`` from its
    event ("05 ngày làm việc trước hội nghị") and where the event's words start."""

    span: Span
    bound: Bound
    stated: str
    days: int = 0
    working: bool = False
    back: bool = False
    event: int = 0


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    w = words()
    after = w["period_after"]
    # the first four open at a word's start: they are read by ``word_start_matches``

    def period(cues: list[str], links: list[str]) -> re.Pattern[str]:
        return re.compile(
            rf"(?:{word_alternation(cues)})\s+(?P<n>\d{{1,3}})\s+ngày"
            rf"(?P<working>\s+làm\s+việc)?\s*,?\s+(?P<link>{word_alternation(links)})(?!\w)")

    cued_day = rf"(?:{word_alternation(w['monthly']['cues'])})\s+ngày\s+(?P<d>\d{{1,2}})\s+"
    # a cue, or none before "hằng tháng" itself: "sinh hoạt thường kỳ (ngày 03 hằng tháng)"
    monthly = re.compile(
        rf"(?:{cued_day}(?:{word_alternation(w['monthly']['every'])})"
        rf"|ngày\s+(?P<bare>\d{{1,2}})\s+(?:{word_alternation(w['monthly']['each'])}))(?!\w)")
    quarterly = re.compile(
        rf"{cued_day}(?:của\s+)?(?:{word_alternation(w['quarterly']['month'])})\s+(?:của\s+)?"
        # "quý" alone is every quarter, not "quý IV/2026"
        rf"(?:(?:{word_alternation(w['quarterly']['quarter'])})|quý(?![ \t]+[ivx\d]+(?!\w)))"
        r"(?![\w/])")
    # the words of a rule taking effect, read back to the clause's start
    in_force = re.compile(rf"(?<!\w)(?:{word_alternation(after['not_after'])})(?!\w)[^.;:\n]*$")
    return (period(w["period_cues"], w["period_links"]),
            period(after["after_cues"], after["after_links"]), monthly, quarterly, in_force)


def find_dateless(folded: str) -> list[Dateless]:
    """The dateless deadline phrases of a folded text (``normalize.fold.folded``), in
    order.

    >>> text = ("Chi ủy báo cáo trước ngày 05 hằng tháng. Văn phòng tổng hợp trong thời "
    ...         "hạn 05 ngày làm việc kể từ ngày có quyết định xếp loại, gửi Ban Tổ chức.")
    >>> [(text[d.span[0]:d.span[1]], d.bound.value, d.stated) for d in find_dateless(text.lower())]
    [('trước ngày 05 hằng tháng', 'recurring', '---05'), ('trong thời hạn 05 ngày làm \
việc kể từ ngày có quyết định xếp loại', 'by', 'P5D')]
    >>> [d.stated for d in find_dateless("chi bộ sinh hoạt thường kỳ (ngày 03 hằng tháng)")]
    ['---03']
    >>> find_dateless("quyết định có hiệu lực sau 15 ngày kể từ ngày ký")
    []
    >>> text = "chi ủy gửi báo cáo sau 03 ngày kể từ khi kết thúc hội nghị."
    >>> [(text[d.span[0]:d.span[1]], d.stated) for d in find_dateless(text)]
    [('sau 03 ngày kể từ khi kết thúc hội nghị', 'P3D')]
    >>> text = "kết quả quý gửi về văn phòng trước ngày 10 của tháng đầu quý sau."
    >>> [(text[d.span[0]:d.span[1]], d.bound.value, d.stated) for d in find_dateless(text)]
    [('trước ngày 10 của tháng đầu quý sau', 'recurring', '---10/P3M')]
    >>> find_dateless("hoàn thành trước ngày 10 tháng cuối quý iv/2026")
    []
    """
    if "ngày" not in folded:
        return []
    period, after, monthly, quarterly, in_force = _patterns()
    found = []
    periods = [*word_start_matches(period, folded),
               *(m for m in word_start_matches(after, folded)
                 if not in_force.search(folded, max(0, m.start() - _EVENT_REACH), m.start()))]
    for m in periods:
        end = _EVENT_END.search(folded, m.end(), m.end() + _EVENT_REACH)
        stop = end.start() if end else min(len(folded), m.end() + _EVENT_REACH)
        event = folded[m.end():stop].rstrip()
        if not event.strip() or int(m.group("n")) == 0:
            continue
        days = int(m.group("n"))
        found.append(Dateless((m.start(), m.end() + len(event)), Bound.BY, f"P{days}D", days,
                              m.group("working") is not None,
                              m.group("link").startswith("trước"), m.end()))
    for m in word_start_matches(monthly, folded):
        day = int(m.group("d") or m.group("bare"))
        if 1 <= day <= 31:
            found.append(Dateless(m.span(), Bound.RECURRING, f"---{day:02d}"))
    for m in word_start_matches(quarterly, folded):
        day = int(m.group("d"))
        if 1 <= day <= 31:
            found.append(Dateless(m.span(), Bound.RECURRING, f"---{day:02d}/P3M"))
    return sorted(found, key=lambda d: d.span)


def counted_day(found: Dateless, event: dt.date) -> dt.date:
    """The last day of a period counted from its event's day (domain.md 5.1, Civil Code
    art. 147–148): N days run from the day after the event, and a last day that falls on
    a day off moves to the next working day; N working days step over the days off. A
    period back from its event ("02 ngày làm việc trước phiên họp") counts the other way.

    >>> period = find_dateless("trong thời hạn 10 ngày làm việc kể từ ngày 18/12/2026")[0]
    >>> counted_day(period, dt.date(2026, 12, 18))  # over a weekend and New Year's Day
    datetime.date(2027, 1, 4)
    >>> period = find_dateless("trong vòng 15 ngày kể từ ngày 13/11/2026")[0]
    >>> counted_day(period, dt.date(2026, 11, 13))  # the 28th is a Saturday
    datetime.date(2026, 11, 30)
    """
    step = dt.timedelta(days=-1 if found.back else 1)
    if not found.working:
        day = event + found.days * step
        while not found.back and _day_off(day):
            day += step
        return day
    day, left = event, found.days
    while left:
        day += step
        left -= not _day_off(day)
    return day


def _day_off(day: dt.date) -> bool:
    """A Saturday, a Sunday or a public holiday of Viet Nam (``holidays_of``)."""
    return day.weekday() >= 5 or day in holidays_of(day.year)
