"""Deadlines no day can be put on: a period counted from an event, and a day of every
month.

* "trong thời hạn 05 ngày làm việc kể từ ngày có quyết định xếp loại", "chậm nhất 02
  ngày sau hội nghị", "chậm nhất 05 ngày làm việc trước hội nghị kiểm điểm": a period
  counted from an event (domain.md 5.2: "trong thời hạn N ngày kể từ …" → by, due the
  event's day + N). The event's day is not in the plan, so ``due`` is None; ``stated``
  holds the period as an ISO 8601 duration ("P5D"; ``expr`` says whether the days are
  working days and which event they count from).
* "trước ngày 05 hằng tháng", "vào ngày 20 hằng tháng", "trước ngày 05 của tháng kế
  tiếp": a day of every month, bound "recurring", ``stated`` ISO 8601's day of every
  month ("---05"), ``due`` None.

A period must open with a cue of a limit ("trong", "trong thời hạn", "trong vòng",
"chậm nhất", "không quá", "tối đa"): "có hiệu lực sau 15 ngày kể từ ngày ký" is no
one's task. The words are in ``data/date_words.yaml`` (``period_cues``,
``period_links``, ``monthly``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from vbparser.extract.dates import word_alternation, words
from vbparser.model import Bound
from vbparser.spans import Span

_EVENT_END = re.compile(r"[.,;:!?()\n|]")
_EVENT_REACH = 160  # characters an event's words are read for


@dataclass(frozen=True, slots=True)
class Dateless:
    """A deadline phrase without a day: its span, bound and ``stated`` value."""

    span: Span
    bound: Bound
    stated: str


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    w = words()
    period = re.compile(
        rf"(?<!\w)(?:{word_alternation(w['period_cues'])})\s+(?P<n>\d{{1,3}})\s+ngày"
        rf"(?:\s+làm\s+việc)?\s*,?\s+(?:{word_alternation(w['period_links'])})(?!\w)")
    monthly = re.compile(
        rf"(?<!\w)(?:{word_alternation(w['monthly']['cues'])})\s+ngày\s+(?P<d>\d{{1,2}})\s+"
        rf"(?:{word_alternation(w['monthly']['every'])})(?!\w)")
    return period, monthly


def find_dateless(folded: str) -> list[Dateless]:
    """The dateless deadline phrases of a folded text (``normalize.fold.folded``), in
    order.

    >>> text = ("Chi ủy báo cáo trước ngày 05 hằng tháng. Văn phòng tổng hợp trong thời "
    ...         "hạn 05 ngày làm việc kể từ ngày có quyết định xếp loại, gửi Ban Tổ chức.")
    >>> [(text[d.span[0]:d.span[1]], d.bound.value, d.stated) for d in find_dateless(text.lower())]
    [('trước ngày 05 hằng tháng', 'recurring', '---05'), ('trong thời hạn 05 ngày làm \
việc kể từ ngày có quyết định xếp loại', 'by', 'P5D')]
    >>> find_dateless("quyết định có hiệu lực sau 15 ngày kể từ ngày ký")
    []
    """
    if "ngày" not in folded:
        return []
    period, monthly = _patterns()
    found = []
    for m in period.finditer(folded):
        end = _EVENT_END.search(folded, m.end(), m.end() + _EVENT_REACH)
        stop = end.start() if end else min(len(folded), m.end() + _EVENT_REACH)
        event = folded[m.end():stop].rstrip()
        if not event.strip() or int(m.group("n")) == 0:
            continue
        found.append(Dateless((m.start(), m.end() + len(event)), Bound.BY,
                              f"P{int(m.group('n'))}D"))
    for m in monthly.finditer(folded):
        day = int(m.group("d"))
        if 1 <= day <= 31:
            found.append(Dateless(m.span(), Bound.RECURRING, f"---{day:02d}"))
    return sorted(found, key=lambda d: d.span)
