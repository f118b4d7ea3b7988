"""Deadlines in a schedule table: the action and the actor are cells of the date's row.

A row such as "2 | Đảng ủy xã tổ chức kiểm điểm | Trước ngày 25/12/2024 | Ban Thường
vụ Đảng ủy" (``vbparser.tables``) gives its date's action from the column headed
"Nội dung" / "Công việc" and its actor from the one headed "Đơn vị thực hiện" / "Chủ
trì" (the header words are in ``data/deadline_actors.yaml``, ``table_columns``). Without
such headers, the longest cell before the date's is the action and the first non-empty
cell after it the actor. A date written inside the action's own cell is read as a
sentence opening at the cell. A time cell merged down over several rows (``^^`` in the
rows below, ``tables.MERGED``, or a ditto typed by hand) is each of those rows' time
(``shared_rows``), and a merged actor or action cell is each row's (``Table.origin``).
A date alone in a cell is the day of an event unless the table says it is a limit
(``limit_cell``). A table whose header names no column of actions or actors, each of its
date columns headed by a step and who takes it ("Kỳ đánh giá | Các chi bộ gửi kết quả về
Đảng ủy xã | Ban Thường vụ quyết định"), takes each date's actor and action from the
header of its column; so does a date in a column whose header reads as a step and who
takes it although it opens with an actor's word ("Chi bộ họp đánh giá"). A column headed
by the period a row is about ("Kỳ đánh giá" over "Quý I/2026") holds no times. A period in
the time cell ("Tuần 1 (01 – 07/12)", merged down over several rows) is not the time of a
row whose task names a day of its own ("Hội nghị quán triệt (sáng thứ Tư, 02/12)",
"..., chậm nhất ngày 16/12"): that day is (``own_day``).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from vbparser import data
from vbparser.extract.dates import word_alternation, words
from vbparser.extract.deadline_actors import action_phrase, actor_at
from vbparser.extract.deadline_context import Context
from vbparser.normalize.fold import strip_marks
from vbparser.spans import Span
from vbparser.tables import Table, line_at, table_at

_ROLES = ("partner", "action", "time", "actor", "number", "subject", "level", "period")
_MAX_ACTOR_WORDS = 20
_NUMBER = re.compile(r"[\dIVXivx.,)\s]*")
_WORD = re.compile(r"[^\W\d_]+")
_TASK_WORDS = 4  # words of a task's cell, beyond a date's "Trước", "ngày", "sáng thứ Tư"
# a day and month in a cell ("02/12", "16/12/2026"); a fraction ("2/3 số đảng viên") reads
# as one too, rare in a task's cell beside a period
_DAY = re.compile(r"(?<![\w/.-])(?:0?[1-9]|[12]\d|3[01])\s*/\s*(?:0?[1-9]|1[0-2])(?![\d%])")


@cache
def _headers() -> dict[str, re.Pattern[str]]:
    """A pattern per role, matching the header cells that open with one of its words,
    the words and cells without their marks (``column_roles``); and under "superseded",
    one found anywhere in a time column's header that makes it the old times'; and under
    "acted_upon", one found anywhere in an actor's header that names those acted upon;
    under "kept", a new time's cell that keeps the old one ("Giữ nguyên")."""
    words = data.load_keys("deadline_actors", ("table_columns",))["table_columns"]
    # a level's column is headed by its words alone: "Cấp thẩm định" names who appraises
    patterns = {role: re.compile(rf"(?:{word_alternation(map(strip_marks, words[role]))})(?!\w)"
                                 + (r"\W*$" if role == "level" else ""))
                for role in _ROLES}
    for role in ("superseded", "acted_upon", "kept"):
        patterns[role] = re.compile(
            rf"(?<!\w)(?:{word_alternation(map(strip_marks, words[role]))})(?!\w)")
    return patterns


def column_roles(folded: str, header: list[Span]) -> dict[str, int]:
    """The column of each role named by a header cell (the first such column).

    Header cells are matched without their marks: a scan's OCR misreads a mark in a
    header as readily as anywhere ("Người thục hiện"), and the few words of a header
    cell are not mistaken for one another without them.
    """
    roles: dict[str, int] = {}
    for k, (a, b) in enumerate(header):
        role = _cell_role(folded[a:b])
        if role is not None:
            roles.setdefault(role, k)
    if "superseded" in roles and "time" not in roles:  # "Thời gian theo kế hoạch" alone
        roles["time"] = roles.pop("superseded")
    return roles


@lru_cache(maxsize=1024)  # a table's header is read again for each of its dates
def _cell_role(cell: str) -> str | None:
    """The role a header cell's words name (``_headers``), the first in ``_ROLES``; a
    time column of the limits a plan replaces ("Thời gian theo kế hoạch cũ") is
    "superseded"."""
    bare = strip_marks(cell)
    patterns = _headers()
    role = next((role for role in _ROLES if patterns[role].match(bare)), None)
    if role == "time" and patterns["superseded"].search(bare):
        return "superseded"
    if role == "actor" and patterns["acted_upon"].search(bare):
        return None  # "Đảng bộ được giám sát": those a team visits
    return role


def _row_cell(ctx: Context, pos: int) -> tuple[list[Span], int, dict[str, int]] | None:
    """The cells of the table row on ``pos``'s line, the index of the one holding
    ``pos`` and the roles of the table's columns; None off a table's rows."""
    start, end = line_at(ctx.text, pos)
    found = _date_cell(ctx, pos) if "|" in ctx.text[start:end] else None
    if found is None:
        return None
    table, row, at = found
    return row, at, column_roles(ctx.folded, table.cells(ctx.text, 0))


def superseded_cell(ctx: Context, pos: int) -> bool:
    """Whether ``pos`` is in a schedule's column of the limits the plan replaces: "TT |
    Nội dung | Thời gian theo kế hoạch cũ | Thời gian thực hiện mới"."""
    found = _row_cell(ctx, pos)
    if found is None or found[2].get("superseded") != found[1]:
        return False
    row, _, roles = found
    new = roles.get("time")  # "Giữ nguyên (đã thực hiện)": the old time stands
    return new is None or not (new < len(row) and _headers()["kept"].match(
        strip_marks(ctx.folded[row[new][0]:row[new][1]]).lstrip()))


def in_time_cell(ctx: Context, pos: int) -> bool:
    """Whether ``pos`` is in the time column of a schedule table: the column headed
    "Thời gian" / "Thời hạn", or, with no such header, a cell that opens with the date
    or its day word ("Ngày 07/12/2025"), outside a column of the periods rows are about
    ("Kỳ đánh giá")."""
    return schedule_cell(ctx, pos) == "time"


def schedule_cell(ctx: Context, pos: int) -> str | None:
    """"time" for ``pos`` in the time column of a schedule table (``in_time_cell``),
    "task" for it in another cell of a row of a table with a time column, else None."""
    found = _row_cell(ctx, pos)
    if found is None:
        return None
    row, at, roles = found
    if _is_time(ctx, row, at, roles, pos):
        return "time"
    return "task" if roles.get("time") not in (None, at) else None


def _is_time(ctx: Context, row: list[Span], at: int, roles: dict[str, int], pos: int) -> bool:
    if roles.get("period") == at:
        return False
    time_col = roles.get("time")
    if time_col is not None:  # or the column of old times (a kept one is read)
        return at in (time_col, roles.get("superseded"))
    head = ctx.folded[row[at][0]:pos].strip()
    return head in ("", "ngay", "ngày")


@cache
def _limits() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The header of a column of limits, a note's limit words, and its words for the
    table (``table_limits`` in ``data/date_words.yaml``)."""
    w = words()["table_limits"]
    return (re.compile(rf"(?:{word_alternation(w['headers'])})(?!\w)"),
            re.compile(rf"(?<!\w)(?:{word_alternation(w['note'])})(?!\w)"),
            re.compile(rf"(?<!\w)(?:{word_alternation(w['table'])})(?!\w)"))


_NOTE_LINES = 3  # lines above a table a note about its dates is looked for in


def limit_cell(ctx: Context, pos: int) -> bool:
    """Whether a date alone in a table cell at ``pos`` is a limit (bound "by") rather
    than the day of an event: its column is headed by a limit ("Thời hạn", "Hạn hoàn
    thành"), or a note just above the table says the table's dates are the latest
    ("Ghi chú: thời gian ghi trong bảng là thời hạn chậm nhất").

    >>> from vbparser.api import load
    >>> from vbparser.config import Config
    >>> from vbparser.extract.deadline_context import plan_context
    >>> from vbparser.normalize.fold import folded
    >>> def limits(text):
    ...     ctx = plan_context(load(text), [], folded(text), Config())
    ...     return limit_cell(ctx, text.index("05/12"))
    >>> rows = "TT | Đơn vị | Kiểm điểm\\n1 | Chi bộ Trường Tiểu học | 05/12/2025"
    >>> limits("Thời gian ghi trong bảng là thời hạn chậm nhất.\\n" + rows), limits(rows)
    (True, False)
    >>> limits(rows.replace("Kiểm điểm", "Thời hạn hoàn thành"))
    True
    """
    found = _date_cell(ctx, pos)
    if found is None:
        return False
    table, _, at = found
    header_re, note_re, table_re = _limits()
    header = table.cells(ctx.text, 0)
    if at < len(header) and header_re.match(ctx.folded, header[at][0], header[at][1]):
        return True
    start = table.header[0]
    above = [line for line in ctx.folded[max(0, start - 600):start].split("\n")
             if line.strip()][-_NOTE_LINES:]
    return any(note_re.search(line) and table_re.search(line) for line in above)


def row_attachment(ctx: Context,
                   pos: int) -> tuple[Span | None, str | None, Span | None] | None:
    """The actor span, the action and the level cell (a column of levels: "Cấp" over
    "Cấp cơ sở", "Cấp huyện và tương đương") of a date at ``pos`` in a table row, or None
    when ``pos`` is in no table or in its header.

    A date in a cell that reads as a sentence (the action's own cell, or a row with no
    other text before it) gets the subject opening that cell as its actor, as in the
    text ("Các chi bộ hoàn thành ... trước ngày 15/12"), else the actor column's.
    """
    found = _date_cell(ctx, pos)
    if found is None:
        return None
    table, row, at = found
    header = table.cells(ctx.text, 0)
    roles = column_roles(ctx.folded, header)
    level = _level_of_row(ctx, table, table.current, roles, at)
    return (*_actor_and_action(ctx, table, row, at, header, roles, pos), level)


def _actor_and_action(ctx: Context, table: Table, row: list[Span], at: int,
                      header: list[Span], roles: dict[str, int],
                      pos: int) -> tuple[Span | None, str | None]:
    """The actor span and the action of the date at ``pos``, in cell ``at`` of ``row``
    (``row_attachment``)."""
    action_col = _action_column(ctx.text, roles, row, at)
    if action_col is None or action_col == at:  # the date is in a sentence of its own cell
        actor = actor_at(ctx, row[at][0], pos)
        if actor is not None:
            return actor, action_phrase(ctx, actor[1], pos, after_actor=True)
        return (_checked_actor(ctx, table, table.current, roles.get("actor"), at),
                action_phrase(ctx, row[at][0], pos, after_actor=False))
    # "Kỳ đánh giá | Các chi bộ hoàn thành đánh giá, gửi kết quả ... | Ban Thường vụ quyết
    # định ...": with no column of actions or actors, or in the column named for actors,
    # a date's header says who does what
    if (not roles.keys() & {"action", "actor"} or roles.get("actor") == at) and (
            at < len(header) and (step := _step_header(ctx, header[at])) is not None):
        return step
    label = _LABEL.search(ctx.text, pos, _part_end(ctx.text, pos, row[at][1]))
    return _from_columns(ctx, table, table.current, roles, action_col, at,
                         label.group() if label else None)


# "Trước 10/12/2024 (cấp phòng); trước 15/12/2024 (cấp huyện)" beside "Các phòng, ban
# (cấp phòng); Phòng Nội vụ (cấp huyện)": a cell's dates and the row's actors paired by
# the label each carries.
_LABEL = re.compile(r"\([^()\n|;]{2,40}\)")


def _step_header(ctx: Context, cell: Span) -> tuple[Span, str | None] | None:
    """The actor and the action of a header cell that names who takes a step
    ("Các chi bộ gửi kết quả về Đảng ủy xã", "Chi bộ họp đánh giá"); None when the words
    after the actor are a header's own ("Đơn vị thực hiện", "Cơ quan chủ trì")."""
    actor = actor_at(ctx, *cell)
    if actor is None:
        return None
    rest = ctx.folded[actor[1]:cell[1]].strip(" ,")
    if not rest or _cell_role(rest) is not None:
        return None
    return actor, action_phrase(ctx, actor[1], cell[1], after_actor=True)


def _part_end(text: str, start: int, end: int) -> int:
    """The end of the part of a cell from ``start``: its next ";" or the cell's end."""
    cut = text.find(";", start, end)
    return end if cut < 0 else cut


def _labelled(text: str, cell: Span | None, label: str | None) -> Span | None:
    """The part of a cell ("A (cấp phòng); B (cấp huyện)") that carries ``label``,
    without it; the whole cell when no part does."""
    if cell is None or label is None:
        return cell
    start = cell[0]
    for part in text[cell[0]:cell[1]].split(";"):
        at = part.find(label)
        if at >= 0:
            head = part[:at]
            a = start + len(head) - len(head.lstrip())
            b = start + len(head.rstrip())
            return (a, b) if b > a else cell
        start += len(part) + 1
    return cell


def _level_of_row(ctx: Context, table: Table, r: int, roles: dict[str, int],
                  at: int) -> Span | None:
    """Row ``r``'s cell in the column of levels, if the table has one (not the date's)."""
    column = roles.get("level")
    if column is None or column == at:
        return None
    cell = table.origin(ctx.text, r, column)
    return cell if cell is not None and cell[1] > cell[0] else None


def shared_rows(ctx: Context, pos: int, period: bool = False
                ) -> list[tuple[Span | None, str | None, Span | None]]:
    """The actor span, the action and the level cell (``row_attachment``) of each row below
    a date's that shares its time cell: a cell merged down from it, or a ditto ("nt"),
    ``Table.continued``. A row whose action would be read from the date's own column
    shares nothing; one that names a day of its own does not share a ``period``.
    """
    found = _date_cell(ctx, pos)
    if found is None:
        return []
    table, _, at = found
    below = table.continued(ctx.text, table.current, at)
    if not below:
        return []
    roles = column_roles(ctx.folded, table.cells(ctx.text, 0))
    out = []
    for r in below:
        cells = table.cells(ctx.text, r)
        action_col = _action_column(ctx.text, roles, cells, at)
        if action_col is None or action_col == at:
            break
        if period and _names_day(ctx, cells, at, roles.get("superseded")):
            continue  # a row with a day of its own ("chậm nhất ngày 16/12")
        out.append((*_from_columns(ctx, table, r, roles, action_col, at),
                    _level_of_row(ctx, table, r, roles, at)))
    return out


def own_day(ctx: Context, pos: int) -> bool:
    """Whether ``pos`` is in a schedule's time cell whose row names a day of its own in
    another cell ("Hội nghị quán triệt (sáng thứ Tư, 02/12)", "... chậm nhất ngày 16/12"
    beside "Tuần 1 (01 – 07/12)"): the row's own day is its time, not the period."""
    found = _row_cell(ctx, pos)
    if found is None:
        return False
    row, at, roles = found
    return _is_time(ctx, row, at, roles, pos) and _names_day(ctx, row, at,
                                                             roles.get("superseded"))


def _names_day(ctx: Context, row: list[Span], at: int, old: int | None = None) -> bool:
    """Whether a task's cell of ``row`` other than the time cell ``at`` (and the column
    of old times ``old``) names a day: a cell of words, not one more column of dates
    ("04/12/2026", "Trước 08/12/2026")."""
    return any(_DAY.search(ctx.text, a, b) and len(_WORD.findall(ctx.text, a, b)) >= _TASK_WORDS
               for k, (a, b) in enumerate(row) if k not in (at, old))


def _action_column(text: str, roles: dict[str, int], row: list[Span], at: int) -> int | None:
    """The action's column: the one headed so, else the longest cell before the date's."""
    action_col = roles.get("action")
    return _longest_before(text, row, at) if action_col is None else action_col


def _from_columns(ctx: Context, table: Table, r: int, roles: dict[str, int],
                  action_col: int, at: int,
                  label: str | None = None) -> tuple[Span | None, str | None]:
    """The actor span and the action of row ``r`` read from its columns, a ditto cell
    read as the cell it stands for (``Table.origin``); without an actor column (and no
    action column either), the first non-empty cell after the date's is the actor, and
    without one still, a subject opening the action's cell. A date carrying a ``label``
    takes the parts of those cells that carry it (``_LABEL``)."""
    row = table.cells(ctx.text, r)
    # without a column of who acts, a column of who is reviewed: "Đối tượng | Hình thức |
    # Thời gian hoàn thành" dates each one's own review
    actor_col = roles.get("actor", roles.get("subject"))
    if actor_col is None and "action" not in roles:
        actor_col = next((k for k in range(at + 1, len(row)) if row[k][1] > row[k][0]), None)
    cell = _labelled(ctx.text, table.origin(ctx.text, r, action_col), label)
    if actor_col is None and cell is not None and (actor := actor_at(ctx, *cell)) is not None:
        # no column of who acts: the action's cell may open with who does it, as a
        # sentence would ("Ban Thường vụ Tỉnh ủy kiểm điểm tập thể, cá nhân")
        return actor, action_phrase(ctx, actor[1], cell[1], after_actor=True)
    action = action_phrase(ctx, *cell, after_actor=False) if cell is not None else None
    return _labelled(ctx.text, _checked_actor(ctx, table, r, actor_col, at), label), action


def _checked_actor(ctx: Context, table: Table, r: int, actor_col: int | None,
                   at: int) -> Span | None:
    """The actor cell of row ``r`` (a ditto read as the cell it stands for), or None when
    there is none, it is empty, it is the date's own, it holds a time ("Ngày 03/4/2026"
    under "Chi bộ họp đánh giá"), or too long for a name. A remark in
    parentheses closing the cell ("Các đảng ủy cơ sở (phối hợp với lãnh đạo các phòng,
    đơn vị)") is left out of the name."""
    if actor_col is None or actor_col == at:
        return None
    actor = table.origin(ctx.text, r, actor_col)
    if actor is None or actor[1] <= actor[0]:
        return None
    a, b = actor
    if _TIME_CELL.match(ctx.folded, a, b):
        return None
    if ctx.text[b - 1] == ")" and (open_ := ctx.text.find("(", a, b)) > a \
            and ctx.text.find(")", open_, b) == b - 1:
        b = len(ctx.text[:open_].rstrip())
    if len(ctx.text[a:b].split()) > _MAX_ACTOR_WORDS:
        return None
    return a, b


# A cell that opens with a time: "Ngày 03/4/2026", "05/4/2026", "Quý I/2026".
_TIME_CELL = re.compile(r"\s*(?:(?:ngày|tháng|quý|tuần)\s+)?\d|\s*quý\s+[ivx]+(?!\w)")


def _date_cell(ctx: Context, pos: int) -> tuple[Table, list[Span], int] | None:
    """The table of a date at ``pos``, the cells of its row, and the index of the cell
    holding it; None when ``pos`` is in no table or in its header."""
    table = table_at(ctx.text, pos)
    if table is None or table.current == 0:
        return None
    row = table.cells(ctx.text, table.current)
    at = next((k for k, (a, b) in enumerate(row) if a <= pos <= b), None)
    return None if at is None else (table, row, at)


def _longest_before(text: str, row: list[Span], at: int) -> int | None:
    """The longest cell before the date's that is not a number ("1", "II.", "2.3")."""
    best = None
    for k in range(at):
        a, b = row[k]
        if b > a and not _NUMBER.fullmatch(text[a:b]) and (
                best is None or b - a > row[best][1] - row[best][0]):
            best = k
    return best
