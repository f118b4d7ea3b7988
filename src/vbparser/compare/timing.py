"""Dates the rules compare: a plan's date, its campaign horizon, deadlines per level.

Deadlines are compared by ``due``, the last admissible day (design.md "Bound
semantics"); a recurring deadline ("trước ngày 15/12 hằng năm") states a rule, not this
campaign's date, and is left out.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from vbparser.compare.plans import LEVEL_RANK
from vbparser.model import Bound, Deadline, Document, Level
from vbparser.normalize.fold import key


def plan_date(doc: Document) -> tuple[str | None, bool]:
    """The plan's date and whether it is exact.

    Without a header date, the latest date of a document it cites is a lower bound of
    its date (seed 000 cites a guidance of 10/11/2023, so it is not older).
    """
    if doc.meta.date:
        return doc.meta.date, True
    cited = [r.date for r in doc.legal_refs if r.date]
    return (max(cited), False) if cited else (None, False)


_ROLLOVER_DAYS = 180


def rolled_over(deadline: Deadline, on: str | None) -> str | None:
    """The plan-year reading of a deadline whose inferred year jumped ahead, else None.

    A date without a year ("xong đến ngày 03/11" in a plan of 05/11/2021) may be read in
    the next year when it would otherwise fall before the plan; a campaign deadline
    half a year or more after the plan is not plausible, and the plan's own year tells
    the real problem: a deadline before the plan's date.

    >>> from vbparser.model import Granularity
    >>> d = Deadline("đến ngày 03/11", "2022-11-03", Granularity.DAY, Bound.BY, "2022-11-03",
    ...              None, True, None, None, None, None, (0, 1))
    >>> rolled_over(d, "2021-11-05")
    '2021-11-03'
    """
    if not (deadline.year_inferred and deadline.due and on):
        return None
    due = dt.date.fromisoformat(deadline.due)
    if (due - dt.date.fromisoformat(on)).days <= _ROLLOVER_DAYS:
        return None
    try:
        return due.replace(year=int(on[:4])).isoformat()
    except ValueError:  # 29 February
        return None


def dated(deadlines: Iterable[Deadline]) -> list[Deadline]:
    """The deadlines that have a ``due`` day and are not recurring."""
    return [d for d in deadlines if d.due and d.bound != Bound.RECURRING]


def horizon(doc: Document) -> str | None:
    """The end of the plan's campaign: its latest deadline, at least the end of its year."""
    ends = [d.due for d in dated(doc.deadlines) if d.due]
    year = doc.meta.year or (int(doc.meta.date[:4]) if doc.meta.date else None)
    if year:
        ends.append(f"{year}-12-31")
    return max(ends) if ends else None


@lru_cache(maxsize=64)
def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    words = "|".join(re.escape(key(c)) for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)")


def is_report(deadline: Deadline, cues: tuple[str, ...], unless: tuple[str, ...] = ()) -> bool:
    """Whether the deadline's task is a report to the level above ("báo cáo", "gửi"),
    and no step before the review (``unless``: "xây dựng kế hoạch", "dự thảo")."""
    action = key(deadline.action or "")
    return bool(_cue_pattern(cues).search(action)) and not (
        unless and _cue_pattern(unless).search(action))


def level_of(deadline: Deadline, plan_level: Level | None) -> Level | None:
    """The level a deadline applies to: its own, else the plan's level."""
    return deadline.level or plan_level


def at_level(doc: Document, level: Level, plan_level: Level | None) -> list[Deadline]:
    """The plan's dated deadlines for ``level`` (a year read a year ahead left out)."""
    return [d for d in dated(doc.deadlines) if level_of(d, plan_level) == level
            and rolled_over(d, doc.meta.date) is None]


def levels_from(level: Level, stop: Level) -> list[Level]:
    """``level`` and the levels above it up to ``stop`` (branch → commune → ...)."""
    ladder = list(Level)
    lo, hi = LEVEL_RANK[stop], LEVEL_RANK[level]
    return [ladder[r] for r in range(hi, lo - 1, -1)] if hi >= lo else []


def latest(deadlines: Sequence[Deadline]) -> Deadline | None:
    """The deadline with the latest ``due`` (the first of equals)."""
    best = None
    for d in deadlines:
        if best is None or (d.due or "") > (best.due or ""):
            best = d
    return best


def upper_deadline(upper: Document, upper_level: Level | None, level: Level,
                   lower_level: Level) -> Deadline | None:
    """The upper plan's final deadline for ``level``.

    When the upper plan sets none for that level (a provincial plan rarely names chi bộ
    under a commune), the deadline of the nearest level above, down to the lower plan's
    own level, bounds it: a branch must finish before its commune does.
    """
    for step in levels_from(level, lower_level):
        found = latest(at_level(upper, step, upper_level))
        if found is not None:
            return found
    return None


def one_day_reading(lower: Deadline, upper: Deadline) -> bool:
    """Whether the two differ only by reading "trước ngày X" strictly (domain.md §5.2).

    >>> from vbparser.model import Granularity
    >>> mk = lambda bound, due: Deadline("", "2023-12-15", Granularity.DAY, bound, due,
    ...                                  None, False, None, None, None, None, (0, 1))
    >>> one_day_reading(mk(Bound.BY, "2023-12-15"), mk(Bound.BEFORE, "2023-12-14"))
    True
    """
    if upper.bound != Bound.BEFORE or lower.bound == Bound.BEFORE or not (lower.due and upper.due):
        return False
    gap = dt.date.fromisoformat(lower.due) - dt.date.fromisoformat(upper.due)
    return gap == dt.timedelta(days=1)
