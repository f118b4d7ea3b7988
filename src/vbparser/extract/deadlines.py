"""Deadlines: who must do what by when, with the bound and the last admissible day.

A deadline is a date expression (``extract/dates.py``) introduced by a cue word —
"trước ngày", "đến ngày", "xong đến ngày", "chậm nhất", "trong tháng", "từ ngày ... đến
ngày", "... hằng năm" (``data/date_words.yaml``), or a bare "ngày X" inside a numbered
task ("2. Chi ủy họp ... ngày 02/12/2025": the day of the event, bound "on"). Any other
date is not a deadline: that keeps out the issue dates of cited documents ("Quy định số
24-QĐ/TU ngày 05/3/2019"), the plan's own date line, the campaign year of the title
("năm 2025") and durations ("chưa đủ 6 tháng"). A cue'd date that lies before the plan
and reads as a past period (a month, a year, "đã ...") is a past event; a cue'd day
before the plan is kept with warning VB502. Normalisation follows design.md: "trước
ngày X" → before, due X - 1; "đến/chậm nhất ngày X" → by, due X; "trong tháng/quý" →
within, due = the period's last day (start = its first); "từ A đến B" → range; "...
hằng năm" → recurring. Deadlines with no day to put on them ("trong thời hạn 05 ngày làm
việc kể từ ...", "trước ngày 05 hằng tháng") come from ``deadline_dateless``, with ``due``
None.

Each deadline is attached to the numbered item (paragraph) it sits in
(``deadline_context``): the actor is the subject that opens the sentence or the item
("Các Chi bộ hoàn thành ..." → "Các Chi bộ"; none for "Kiểm điểm tập thể ..."), the action
is the words between actor and deadline (``deadline_actors``), and the level comes from a
level label ("3.1. Cấp cơ sở:", or "3.3. Cấp Tỉnh:" above a bullet), from the actor's own
words ("Chi bộ" → branch), from enclosing sections, and last from the issuer's level.
``doc.meta`` and ``doc.sections`` are used when present; without them the plan's year,
date and level are read from the text. The cue words and the other patterns are compiled
in ``deadline_grammar``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import chain

from vbparser.config import Config
from vbparser.errors import DateError, ImpossibleDateError, warning_message
from vbparser.extract.dates import (
    DateMatch,
    DateValue,
    Kind,
    find_dates,
    resolve,
    words,
)
from vbparser.extract.deadline_actors import (
    action_phrase,
    actor_at,
    find_actor,
    heading_body,
    listed_tasks,
    naming,
    reviewed_body,
)
from vbparser.extract.deadline_context import (
    Context,
    actor_level,
    ancestors_of,
    item_of,
    level_of,
    list_lead,
    plan_context,
    sections_at,
    sentence_start,
)
from vbparser.extract.deadline_dateless import Dateless, counted_day, find_dateless
from vbparser.extract.deadline_grammar import Patterns, patterns
from vbparser.extract.deadline_tables import (
    in_time_cell,
    limit_cell,
    own_day,
    row_attachment,
    schedule_cell,
    shared_rows,
    superseded_cell,
)
from vbparser.model import Bound, Deadline, Document, Granularity, Level
from vbparser.model import Warning as DocWarning
from vbparser.normalize.fold import folded as folded_text
from vbparser.spans import Span
from vbparser.tables import line_at

_ONE_DAY = dt.timedelta(days=1)
# the day number opening "từ ngày 06 đến ngày 11 tháng 12": a number of its own
_BARE_DAY = re.compile(r"(?<![\w/.,-])(\d{1,2})\s*$")
_CUE_REACH = 60  # a cue ("chậm nhất là ngày") is read this far back from its date
_LAST_WORD = re.compile(r"\w+\Z")
_SINCE = re.compile(r"\s+[^\W\d]+(?:\s+[^\W\d]+){0,3}\s+từ\s*")  # " theo chế độ từ "
_SINCE_REACH = 30  # how far before it a cut-off word may stand with "từ" between
# "từ" right before a date with no cue of its own and no end after it: the start of a
# rule or of a period ("Từ ngày 01/01/2026, việc đánh giá ... thực hiện theo Luật ...",
# "áp dụng từ ngày 01/01/2026"), not a time limit.
_FROM = re.compile(r"(?<!\w)từ\s*$")
_DASH_JOIN = re.compile(r"\s*[-–—]\s*")  # "01/12 – 05/12/2026": two days, no "từ"

# --- deadline phrases -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Phrase:
    span: Span
    bound: Bound  # the bound as read, before "recurring" overrides it
    value: DateValue
    start: DateValue | None = None
    recurring: bool = False


class _AtomError(Exception):
    """An impossible date, with the expression it was read from."""

    def __init__(self, atom: DateMatch, error: ImpossibleDateError) -> None:
        super().__init__(str(error))
        self.atom = atom


def _checked(atom: DateMatch, year: int | None) -> DateValue:
    try:
        return resolve(atom, year)
    except ImpossibleDateError as exc:
        raise _AtomError(atom, exc) from exc


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int]) -> bool:
    return a is not None and a[0] < b[1] and b[0] < a[1]


def _phrases(ctx: Context, atoms: list[DateMatch]) -> Iterator[_Phrase | DocWarning]:
    """Deadline phrases in document order, and VB501 warnings for impossible dates.

    A date with a year is checked even when it is no deadline (a cited document's
    "30/02/2024"); a yearless one only inside a deadline phrase ("5/13" may be a ratio).
    """
    skip = -1
    for i, atom in enumerate(atoms):
        if i <= skip:
            continue
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        try:
            found = _range(ctx, atom, nxt) if nxt else None
            if found is not None:
                skip = i + 1
            else:
                found = _opened_by_day(ctx, atom) or _single(ctx, atom)
            if found is not None:
                yield found
            elif atom.year is not None and not _surely_possible(atom):
                _checked(atom, None)
        except _AtomError as err:
            span = err.atom.span
            yield _warning("VB501", f"{ctx.text[span[0]:span[1]]!r}: {err}", span)
        except DateError:
            pass  # no year anywhere: nothing to resolve against


def _surely_possible(atom: DateMatch) -> bool:
    """Whether ``atom`` exists in its year without resolving it (a value thrown away): a
    year, a month (``find_dates`` keeps months 1-12 only) or day 1-28 of a month 1-12."""
    if atom.kind is Kind.YEAR or atom.kind is Kind.MONTH:
        return True
    return atom.kind is Kind.DAY and 1 <= (atom.month or 0) <= 12 and 1 <= (atom.day or 0) <= 28


def _single(ctx: Context, atom: DateMatch) -> _Phrase | None:
    p = patterns()
    s = atom.span[0]
    cue = p.cue_tail.search(ctx.folded, max(0, s - _CUE_REACH), s) if _may_have_cue(
        ctx.folded, s, p) else None
    if cue is None:
        return _event_day(ctx, atom)
    kind = p.cue_kind.get(" ".join(cue.group("cue").split())) if cue.group("cue") else None
    gran = atom.granularity
    if not _cue_fits(atom, kind, cue.group(0), bool(cue.group("done") or cue.group("only"))):
        return None
    if atom.kind is Kind.DAY_RANGE:
        bound = Bound.RANGE
    elif kind in ("before", "by"):  # "trước 17 giờ ngày X": within day X, so by X
        bound = Bound.BY if cue.group("time") else Bound(kind)
    elif atom.kind is Kind.WEEK or atom.kind is Kind.HALF_MONTH:
        bound = Bound.WITHIN
    else:
        bound = Bound.ON if gran is Granularity.DAY else Bound.WITHIN
        bound = Bound.BY if kind is None and gran is Granularity.DAY else bound
    value = _resolve(ctx, atom)
    return _with_recurrence(ctx, _Phrase((cue.start(), atom.span[1]), bound, value), atom)


def _event_day(ctx: Context, atom: DateMatch) -> _Phrase | None:
    """A bare "ngày X" in a numbered task is the day of the event: bound "on" (in a table
    that says its dates are limits, "by": ``limit_cell``); "ngày 08–12/12" the days it
    takes, a range.

    Only inside a labelled item ("2. Chi ủy họp ... ngày 02/12/2025") or in the time
    column of a schedule table (with or without "ngày"), never after a cited document's
    symbol ("Kết luận số 14-KL/TU ngày ..."); prose dates and the date line are left
    alone, and past days are dropped later as history.
    """
    if atom.kind in _PERIODS:
        return _period_cell(ctx, atom)
    if atom.kind is not Kind.DAY and atom.kind is not Kind.DAY_RANGE:
        return None
    p = patterns()
    s = atom.span[0]
    day_word = None if atom.spelled else p.day_word.search(ctx.folded, max(0, s - 22), s)
    start = s if atom.spelled or (  # a whole date after a task's colon: "...: 12-12-2026"
        day_word is None and atom.year is not None and _AFTER_COLON.search(
            ctx.folded, max(0, s - 4), s)) else (day_word.start() if day_word else -1)
    if _overlaps(ctx.date_span, atom.span):
        return None  # the plan's own date ("* Bắc Sơn, ngày ...")
    in_table = False
    untasked = start < 0 or item_of(ctx, s).rank == 0
    if untasked and not (start >= 0 and _heads_items(ctx, start, atom.span[1])):
        # not in a task, unless it heads the tasks of that day ("Ngày 11/12/2025:" alone
        # on its line) or stands in a schedule's time column ("3 | ... | Ngày 07/12 | ..."),
        # or is a weekday's in a task's cell of a schedule ("Hội nghị (thứ Năm, 17/12)")
        cell = schedule_cell(ctx, s)
        if cell == "time":
            in_table = True
            start = max(start, _cell_start(ctx.text, s))
            start += len(ctx.text[start:s]) - len(ctx.text[start:s].lstrip())
        elif cell != "task" or day_word is None or not p.weekday.search(
                ctx.folded, day_word.start(), s):
            return None
    if p.cited.search(ctx.folded, max(0, start - 40), start):
        return None
    if atom.kind is Kind.DAY_RANGE:  # "08–12/12/2026": the days the event takes
        bound = Bound.RANGE
    else:
        bound = Bound.BY if in_table and limit_cell(ctx, s) else Bound.ON
    return _with_recurrence(ctx, _Phrase((start, atom.span[1]), bound, _resolve(ctx, atom)),
                            atom)


_AFTER_COLON = re.compile(r":[ \t]*$")


def _cell_start(text: str, pos: int) -> int:
    """Where the table cell holding ``pos`` starts: after the "|" before it, or at its
    line's start for a row's first cell."""
    return max(text.rfind("|", 0, pos), text.rfind("\n", 0, pos)) + 1


def _heads_items(ctx: Context, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is alone on its line before a colon, with labelled
    items below it (blank lines between them aside): a day heading its tasks."""
    text = ctx.text
    line_start, line_end = line_at(text, start)
    if text[line_start:start].strip() or text[end:line_end].strip() != ":":
        return False
    pos = line_end + 1
    while pos < len(text) and text[pos] == "\n":
        pos += 1
    return pos < len(text) and item_of(ctx, pos).rank > 0


_PERIODS = (Kind.MONTH, Kind.MONTHS, Kind.QUARTER, Kind.WEEK, Kind.HALF_MONTH)
_PERIOD_HEADS = ("", "trong")  # what may open a time cell before its month or quarter


def _period_cell(ctx: Context, atom: DateMatch) -> _Phrase | None:
    """A month, quarter or week alone in the time column of a schedule ("Tháng 01/2027",
    "Quý I/2027", "Tuần đầu tháng 12/2025"): the task is done within it."""
    s = atom.span[0]
    head = ctx.folded[_cell_start(ctx.text, s):s].strip()
    if head not in _PERIOD_HEADS or not in_time_cell(ctx, s):
        return None
    return _with_recurrence(ctx, _Phrase(atom.span, Bound.WITHIN, _resolve(ctx, atom)), atom)


def _may_have_cue(folded: str, end: int, p: Patterns) -> bool:
    """A cheap test before the search for a cue (``cue_tail``) ending at ``end``.

    Behind white space, a colon, comma or bracket and filler words ("ngày", "là", a
    weekday, "sáng"), the text must end with the last word of a cue ("trước", "đến",
    "nhất"): the dates of cited documents ("24-QĐ/TU ngày 05/3/2019") and most others
    stop here.
    """
    before = folded[max(0, end - _CUE_REACH):end]
    while before := before.rstrip().rstrip(":,(").rstrip():
        if before[-1] in p.clock_ends and (clock := p.clock_tail.search(before)):
            before = before[:clock.start()]  # "trước 17 giờ 00 ngày": the time is a filler
            continue
        word = _LAST_WORD.search(before.rsplit(None, 1)[-1])
        if word is None or word.group() in p.cue_ends:
            return word is not None
        if word.group() not in p.fillers:
            return False
        before = before[:len(before) - len(word.group())]  # drop the filler
    return False


def _cue_fits(atom: DateMatch, kind: str | None, cue_text: str, done: bool) -> bool:
    """Weak cues need more: "trong 1/3" is a fraction, "trong năm 2025" a period."""
    if atom.kind is Kind.DAY and atom.year is None and not atom.spelled:
        return (kind in ("before", "by") or "ngày" in cue_text
                or patterns().weekday.search(cue_text) is not None)
    if atom.kind is Kind.YEAR and kind not in ("before", "by"):
        return done or not words()["year_needs_done"]
    return True


def _range(ctx: Context, first: DateMatch, last: DateMatch) -> _Phrase | None:
    """"từ ngày A đến ngày B": the year of B fills A.

    Without "từ", two days or months joined by a dash ("trong các ngày 01/12 – 05/12/2026",
    "Tháng 12/2026 - tháng 01/2027" in a schedule's time cell) are a
    range wherever the first alone would be a deadline that is not a "before" (a cue, or
    "ngày" in a task or a schedule's time cell); the phrase opens where the first's would.
    """
    p = patterns()
    s = first.span[0]
    if not p.range_join.match(ctx.folded, first.span[1], last.span[0]):
        return None
    opener = p.range_open.search(ctx.folded, max(0, s - 30), s)
    if opener is not None:
        opened = opener.start()
    elif (first.kind is last.kind and first.kind in (Kind.DAY, Kind.MONTH)
          and _DASH_JOIN.fullmatch(ctx.text, first.span[1], last.span[0])):
        alone = _single(ctx, replace(first, year=first.year or last.year,
                                     month=first.month or last.month))
        if alone is None or alone.bound is Bound.BEFORE:
            return None
        opened = alone.span[0]
    else:
        return None
    end = _resolve(ctx, last)
    start = _checked(first, end.date.year)
    if start.date > end.date and first.year is None:
        start = _checked(first, end.date.year - 1)
    value = replace(end, stated=f"{start.stated}/{end.stated}")
    return _with_recurrence(ctx, _Phrase((opened, last.span[1]), Bound.RANGE, value, start),
                            last)


def _opened_by_day(ctx: Context, last: DateMatch) -> _Phrase | None:
    """"từ ngày 06 đến ngày 11 tháng 12 năm 2023": a bare day number opening a range
    takes its month and year from the day that closes it."""
    if last.kind is not Kind.DAY or last.month is None or last.day is None:
        return None  # a week, or the lunar new year ("từ ngày 20 đến Tết"): no month
    join = patterns().range_join.search(ctx.folded, max(0, last.span[0] - 20), last.span[0])
    day = _BARE_DAY.search(ctx.folded, max(0, join.start() - 3), join.start()) if join else None
    if day is None:
        return None
    first = replace(last, span=day.span(1), day=int(day.group(1)), spelled=False)
    return _range(ctx, first, last)


def _resolve(ctx: Context, atom: DateMatch) -> DateValue:
    """Resolve a date; a yearless one takes the year that puts it nearest the plan's date.

    That is the plan's year (design.md), except across the turn of the year: a plan of
    20/12/2025 asking for "trước ngày 15/01" means January 2026. A yearless day shortly
    before the plan's date keeps the plan's year, so the deadline-before-the-plan check
    still sees it.
    """
    value = _checked(atom, ctx.year)
    if not (value.year_inferred and ctx.date and ctx.year):
        return value
    nearest = value
    for year in (ctx.year - 1, ctx.year + 1):
        try:
            other = _checked(atom, year)
        except _AtomError:  # 29/02 in a year without it
            continue
        if abs((other.end - ctx.date).days) < abs((nearest.end - ctx.date).days):
            nearest = other
    return nearest


def _with_recurrence(ctx: Context, phrase: _Phrase, atom: DateMatch) -> _Phrase:
    """Mark "hằng năm" phrases recurring; their ``stated`` is the first occurrence on or
    after the plan's date (a yearless "10/01" in a March plan is next January)."""
    p = patterns()
    after = p.recurring_after.match(ctx.folded, phrase.span[1])
    before = p.recurring_before.search(ctx.folded, max(0, phrase.span[0] - 20), phrase.span[0])
    if after is not None:
        span = (phrase.span[0], after.end())
    elif before is not None:
        span = (before.start(), phrase.span[1])
    else:
        return phrase
    value = phrase.value
    if value.year_inferred and ctx.date and value.end < ctx.date:
        value = _checked(atom, value.date.year + 1)
    return replace(phrase, span=span, recurring=True, value=value)


def _due(ctx: Context, phrase: _Phrase) -> dt.date:
    if phrase.bound is Bound.BEFORE:
        return phrase.value.date - _ONE_DAY if ctx.strict else phrase.value.date
    return phrase.value.end


_CUTOFF_REACH = 12  # characters around a phrase's start a cut-off word is looked for in
_TERM_REACH = 90  # characters back from a term's end its "áp dụng từ ..." is looked for in
_TERM_ENDS = ("đến", "tới")
_DATA_REACH = 60  # characters back from a data cut-off's end its "chốt số liệu" is looked for in


def _is_past(ctx: Context, phrase: _Phrase, due: dt.date) -> bool:
    """A cue'd period or event that ended before the plan: history, not a deadline."""
    ref = ctx.date or (dt.date(ctx.year, 1, 1) if ctx.year else None)
    if phrase.recurring or ref is None or due >= ref:
        return False
    if phrase.bound in (Bound.WITHIN, Bound.ON, Bound.RANGE):
        return True
    if phrase.value.granularity is Granularity.YEAR:
        return True
    start = sentence_start(ctx.text, line_at(ctx.text, phrase.span[0])[0], phrase.span[0])
    return bool(patterns().past.search(ctx.folded, start, phrase.span[0]))


def _is_old(ctx: Context, start: int) -> bool:
    """A limit the plan replaces, recalled in brackets after the new one ("(trước đây là
    trước ngày 05/12/2025)", "(Kế hoạch số 05-KH/TU quy định trước ngày 25/11/2025)") or
    in a schedule's column of the old times ("Thời gian theo kế hoạch cũ")."""
    line_start = ctx.text.rfind("\n", 0, start) + 1
    return bool(patterns().old_limit.search(ctx.folded, max(line_start, start - 120), start)
                ) or superseded_cell(ctx, start)


def _is_start(ctx: Context, phrase: _Phrase) -> bool:
    """A bare date ("ngày 01/01/2026", bound "on") right after a lone "từ": when a
    period starts or a rule applies, not when a task is due.

    >>> from vbparser.api import load
    >>> doc = load("1. Từ ngày 01/01/2026, việc đánh giá công chức thực hiện theo Luật.")
    >>> extract_deadlines(doc, Config()).deadlines
    ()
    """
    start = phrase.span[0]
    return (phrase.bound is Bound.ON and phrase.start is None and not phrase.recurring
            and _FROM.search(ctx.folded, max(0, start - 8), start) is not None)


def _is_cutoff(ctx: Context, phrase: _Phrase) -> bool:
    """A date right after a cut-off word ("tính đến ngày ...", "thôi việc trước ngày
    ...", "kể từ ngày ..."), or a few words on after "từ" ("nghỉ hưu theo chế độ từ
    ngày ..."): a condition's limit or a rule's start, not a deadline. The word may end
    inside the phrase ("tính" + "đến ngày ..."). The end of a term a rule applies over
    ("Thời gian áp dụng từ kỳ đánh giá tháng 02/2026 đến hết năm 2026") is none either,
    nor the last day of the data a result rests on ("chốt số liệu kinh doanh đến ngày
    30/11/2026").

    >>> from vbparser.api import load
    >>> text = ("1. Thời gian áp dụng từ kỳ đánh giá tháng 02/2026 đến hết năm 2026.\\n"
    ...         "2. Các phòng gửi báo cáo đến hết ngày 20/12/2026.\\n"
    ...         "3. Xếp loại sau khi chốt số liệu kinh doanh đến ngày 30/11/2026.")
    >>> [d.expr for d in extract_deadlines(load(text), Config()).deadlines]
    ['đến hết ngày 20/12/2026']
    """
    start = phrase.span[0]
    if ctx.folded.startswith(_TERM_ENDS, start) and (
            patterns().term.search(ctx.folded, max(0, start - _TERM_REACH), start)
            or patterns().data_cutoff.search(ctx.folded, max(0, start - _DATA_REACH), start)):
        return True
    low = max(0, start - _CUTOFF_REACH - _SINCE_REACH)
    for word in patterns().cutoff.finditer(ctx.folded, low, start + _CUTOFF_REACH):
        gap = ctx.folded[word.end():start] if word.end() <= start else ""
        near = word.start() >= start - _CUTOFF_REACH
        if near and (word.end() > start or not gap.strip(" \t,")) or _SINCE.fullmatch(gap):
            return word.start() < start
    return False


# --- attachment: actor, action, level ---------------------------------------------------


def _attach(ctx: Context, span: Span, prev_end: int) -> tuple[str | None, str | None,
                                                                 Level | None]:
    """Actor, action and level of the deadline phrase at ``span`` (in a table row: from
    its cells)."""
    s = span[0]
    line_start, line_end = line_at(ctx.text, s)
    if "|" in ctx.text[line_start:line_end] and (row := row_attachment(ctx, s)) is not None:
        cell, action, named = row  # a column of levels says the level; else the actor
        return (ctx.text[cell[0]:cell[1]] if cell else None), action, _row_level(
            ctx, cell, named)
    item = item_of(ctx, s)
    actor, (act_from, act_to) = find_actor(ctx, item, span)
    ancestors = ancestors_of(ctx, item)
    parent = next(ancestors, None)
    if actor is None and s > item.line[1]:  # a paragraph under the item's own heading
        actor = heading_body(ctx, item.body, item.line[1])
    if actor is None and (lead := list_lead(ctx, item)) is not None:
        actor = actor_at(ctx, lead.body, lead.line[1])  # "Các cơ quan … theo các mốc sau:"
    if actor is None and parent:
        actor = (actor_at(ctx, parent.body, parent.line[1])
                 if ctx.text[parent.line[1] - 1] == ":"
                 else heading_body(ctx, parent.body, parent.line[1]))
    # A body holding its own review acts, but where the plan puts the review: its name
    # does not set the level (a cell reviews the commune's military command).
    names_level = actor is not None
    actor = actor or reviewed_body(ctx, item, s)
    if act_from < prev_end < act_to:  # a second deadline in the same sentence
        act_from = prev_end
    action = action_phrase(ctx, act_from, act_to, after_actor=actor is not None)
    level = item.label_level or (actor_level(ctx, naming(ctx, actor))
                                 if actor and names_level else None)
    if level is None and parent is not None:
        level = next((a.label_level for a in chain((parent,), ancestors) if a.label_level),
                     None)
    name = ctx.text[actor[0]:actor[1]] if actor else None
    return name, action, level or ctx.level


def _is_period(deadline: Deadline) -> bool:
    """A range of days or a week, month or quarter: a time a row's own day is inside."""
    return deadline.bound is Bound.RANGE or deadline.bound is Bound.WITHIN


def _shared(ctx: Context, deadline: Deadline) -> list[Deadline]:
    """The same deadline for each table row below the deadline's that shares its time
    cell (merged down, or a ditto: ``shared_rows``), with that row's actor and action;
    the span stays the deadline's, where the time is written."""
    s = deadline.span[0]
    line_start, line_end = line_at(ctx.text, s)
    if "|" not in ctx.text[line_start:line_end]:
        return []
    out = []
    for cell, action, named in shared_rows(ctx, s, _is_period(deadline)):
        out.append(replace(deadline, actor=ctx.text[cell[0]:cell[1]] if cell else None,
                           action=action, level=_row_level(ctx, cell, named)))
    return out


def _row_level(ctx: Context, actor: Span | None, named: Span | None) -> Level | None:
    """The level of a table row's deadline: the one its cell of levels names, else its
    actor's, else the plan's."""
    return (level_of(ctx.folded, named) if named else None) or (
        actor_level(ctx, actor) if actor else None) or ctx.level


# --- the stage ------------------------------------------------------------------------


def _warning(code: str, detail: str, span: Span) -> DocWarning:
    return DocWarning(code, f"{warning_message(code)}: {detail}", span)


def _deadline(ctx: Context, phrase: _Phrase, prev_end: int) -> Deadline:
    actor, action, level = _attach(ctx, phrase.span, prev_end)
    sections = sections_at(ctx, phrase.span[0])
    start = phrase.start.date if phrase.start else (
        phrase.value.date if phrase.bound in (Bound.WITHIN, Bound.RANGE) else None)
    return Deadline(
        expr=ctx.text[phrase.span[0]:phrase.span[1]], stated=phrase.value.stated,
        granularity=phrase.value.granularity,
        bound=Bound.RECURRING if phrase.recurring else phrase.bound,
        due=_due(ctx, phrase).isoformat(), start=start.isoformat() if start else None,
        year_inferred=phrase.value.year_inferred or bool(
            phrase.start and phrase.start.year_inferred),
        actor=actor, action=action, level=level,
        section=sections[0].id if sections else None, span=phrase.span)


def extract_deadlines(doc: Document, config: Config) -> Document:
    """Find the deadlines of a plan, normalised and attached to actor and level.

    Args:
        doc: a normalised document; its ``meta`` and ``sections`` are used if present.
        config: ``strict_deadlines`` decides whether "trước ngày X" is due X - 1.

    Returns:
        ``doc`` with ``deadlines`` set and VB501/VB502 warnings added.

    >>> from vbparser.api import load
    >>> doc = extract_deadlines(load("2. Các chi bộ họp kiểm điểm xong đến ngày 12/12/2025."),
    ...                         Config())
    >>> d = doc.deadlines[0]
    >>> d.expr, d.bound.value, d.due, d.actor, d.level.value
    ('xong đến ngày 12/12/2025', 'by', '2025-12-12', 'Các chi bộ', 'branch')
    """
    folded = folded_text(doc.text)
    atoms = find_dates(doc.text, folded)
    ctx = plan_context(doc, atoms, folded, config)
    deadlines: list[Deadline] = []
    warnings: list[DocWarning] = []
    prev_end = 0
    # the old wording an amending plan quotes: "điều chỉnh từ “trước ngày 10/12” thành “...”"
    replaced = [m.span(m.lastgroup or 0) for m in patterns().replaced.finditer(folded)] \
        if "“" in folded or '"' in folded else []
    # One warning per impossible date: an earlier stage (citations) may have reported it.
    reported = [w.span for w in doc.warnings if w.code == "VB501" and w.span is not None]
    for found in _phrases(ctx, atoms):
        if isinstance(found, DocWarning):
            if not any(_overlaps(found.span, span) for span in reported):
                warnings.append(found)
            continue
        due = _due(ctx, found)
        # an old limit: quoted as replaced, followed by "...; nay điều chỉnh thành ...", or
        # recalled in brackets or in a column of old times (``_is_old``)
        if _is_past(ctx, found, due) or _is_cutoff(ctx, found) or _is_start(ctx, found) or any(
                a <= found.span[0] and found.span[1] <= b for a, b in replaced) or (
                patterns().superseded.match(folded, found.span[1])) or _is_old(
                ctx, found.span[0]):
            continue
        deadline = _deadline(ctx, found, prev_end)
        if not (_is_period(deadline) and own_day(ctx, found.span[0])):  # the row's own
            # day is its time
            deadlines += [replace(deadline, actor=actor, action=action, level=level)
                          for actor, action, level in listed_tasks(ctx, found.span)] or [deadline]
        deadlines += _shared(ctx, deadline)
        prev_end = found.span[1]
        if ctx.date and due < ctx.date and not found.recurring:
            warnings.append(_warning("VB502", f"{deadlines[-1].expr!r} is due {due} but the "
                                     f"plan is dated {ctx.date}", found.span))
    deadlines = _with_dateless(ctx, atoms, _meetings_held(doc.text, deadlines), replaced)
    return replace(doc, deadlines=tuple(deadlines), warnings=doc.warnings + tuple(warnings))


def _meetings_held(text: str, deadlines: list[Deadline]) -> list[Deadline]:
    """Drop a month that names a regular meeting ("tại kỳ sinh hoạt chi bộ thường kỳ
    tháng 12") when a day of that month stands in the same sentence or table row: the
    day the meeting is held ("..., tổ chức vào ngày 03/12/2026").

    >>> from vbparser.api import parse
    >>> text = ("1. Chi ủy phổ biến Kế hoạch tại kỳ sinh hoạt chi bộ thường kỳ tháng 12, "
    ...         "tổ chức vào ngày 03/12/2026.")
    >>> [d.expr for d in parse(text).deadlines]
    ['vào ngày 03/12/2026']
    """
    meeting = patterns().month_meeting
    months = [(d, d.due[:7]) for d in deadlines if d.granularity is Granularity.MONTH
              and d.due and meeting.search(folded_text(d.expr))]
    if not months:
        return deadlines
    days = [(d, d.due[:7]) for d in deadlines if d.granularity is Granularity.DAY and d.due]
    dropped = {id(month) for month, which in months
               if any(of == which and _same_sentence(text, month.span, day.span)
                      for day, of in days)}
    return [d for d in deadlines if id(d) not in dropped]


def _same_sentence(text: str, a: Span, b: Span) -> bool:
    """Whether nothing between spans ``a`` and ``b`` ends a line or a sentence."""
    between = text[min(a[1], b[1]):max(a[0], b[0])]
    return "\n" not in between and ". " not in between


def _event_date(ctx: Context, atoms: list[DateMatch],
                found: Dateless) -> tuple[DateValue, Span] | None:
    """The day a period counts from, and where it is written: a day right after the
    period's link ("kể từ ngày 18/12/2026") or the day of its event given after the
    event's words in the same clause ("trước phiên họp xét, xếp loại ngày 21/01/2027");
    else None."""
    if not found.days:
        return None
    stop = _CLAUSE_END.search(ctx.folded, found.event, found.event + _EVENT_DAY_REACH)
    end = stop.start() if stop else found.event + _EVENT_DAY_REACH
    for atom in atoms:
        if atom.span[0] >= end:
            break
        gap = ctx.folded[found.event:atom.span[0]]
        if patterns().later_limit.search(gap):  # "..., nhưng không muộn hơn ngày 22/12/2025"
            return None
        if atom.span[0] >= found.event and atom.kind is Kind.DAY and (
                not gap.strip() or atom.spelled or _DAY_WORD_END.search(gap)):
            try:
                return _resolve(ctx, atom), atom.span
            except (DateError, _AtomError):  # a day to be warned of where it stands
                return None
    return None


# The end of the clause a period's event day is looked for in, and how far on.
_CLAUSE_END = re.compile(r"[;\n]|\.(?!\d)")
_EVENT_DAY_REACH = 120
_DAY_WORD_END = re.compile(r"(?<!\w)ngày\s*$")
# An event's day recalled in brackets: "(ngày 23/12/2025)".
_RECALLED = re.compile(r"\((?:\s*ngày)?\s*$")


def _with_dateless(ctx: Context, atoms: list[DateMatch], deadlines: list[Deadline],
                   replaced: list[Span]) -> list[Deadline]:
    """``deadlines`` with the dateless ones (``deadline_dateless``) among them, in
    document order; a dateless phrase that overlaps a dated deadline is left out. A
    period counted from a day written right after it ("trong thời hạn 10 ngày làm việc
    kể từ ngày 18/12/2026") is due on the day it ends (``counted_day``)."""
    dated = sorted({d.span for d in deadlines})
    added: list[Deadline] = []
    for found in find_dateless(ctx.folded):
        span = found.span
        if any(a <= span[0] and span[1] <= b for a, b in replaced) or _is_old(ctx, span[0]):
            continue
        event = _event_date(ctx, atoms, found)
        dropped = [d for d in deadlines if _overlaps(span, d.span)]
        if dropped:
            # "chậm nhất 02 ngày làm việc trước ngày 21/01/2027": the day is the one the
            # period counts back from, not a limit of its own
            if event is None or not all(_overlaps(event[1], d.span) for d in dropped):
                continue
        elif event and _RECALLED.search(ctx.folded, max(0, event[1][0] - 12), event[1][0]):
            # "... kể từ ngày kết thúc hội nghị (ngày 23/12/2025)": the event's day recalled
            # in brackets is no step of its own
            dropped = [d for d in deadlines if _overlaps(event[1], d.span)]
        if dropped:
            deadlines = [d for d in deadlines if d not in dropped]
            dated = sorted({d.span for d in deadlines})
        prev_end = max((end for _, end in dated if end <= span[0]), default=0)
        actor, action, level = _attach(ctx, span, prev_end)
        sections = sections_at(ctx, span[0])
        deadline = Deadline(
            expr=ctx.text[span[0]:span[1]], stated=found.stated, granularity=Granularity.DAY,
            bound=found.bound,
            due=counted_day(found, event[0].date).isoformat() if event else None, start=None,
            year_inferred=event[0].year_inferred if event else False, actor=actor,
            action=action, level=level, section=sections[0].id if sections else None,
            span=span)
        added += [deadline, *_shared(ctx, deadline)]
    if not added:
        return deadlines
    return sorted(deadlines + added, key=lambda d: d.span[0])
