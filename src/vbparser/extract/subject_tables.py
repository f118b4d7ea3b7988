"""Subjects listed in a table: only the cell that names who is reviewed is read.

Provincial and district plans often set out their subjects as a table: "TT | Đối tượng |
Nơi kiểm điểm | Cấp đánh giá, xếp loại", one subject per row, the other cells saying where
it is reviewed and by whom (``vbparser.tables`` writes each row as one line, its cells
joined by " | "). The subject column is the first whose header cell opens with a word of
``table_columns`` in ``data/subject_kinds.yaml`` ("Đối tượng", "Tập thể, cá nhân"); a
table without such a header takes the column where most rows name a known subject, unless
its header names the columns of a timetable ("Nội dung", "Thời gian": then the names in
it are those who act). A table with no subject column gives no subjects.

Each row becomes a ``SubjectCell``: the span of its subject cell, its "Ghi chú" cell
(where a row's exclusions may be written), and a rank, so that a
row heading a group ("I | Tập thể | |", its other cells empty) is above the rows under
it ("1 | Ban Thường vụ ... | Hội nghị ... | ..."), and "I" above "1 | Cấp huyện | |".
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from vbparser.extract.deadline_tables import column_roles
from vbparser.extract.subject_grammar import grammar, kind_of, named_category
from vbparser.model import SubjectCategory
from vbparser.spans import Span
from vbparser.tables import Table, group_line, is_ditto, table_at

# Ranks of rows: a group's by its number cell, an item's below every group's; all above
# the bullet ranks (0, 1) of plain lines, so a line after the table ends its groups.
_ROMAN, _NUMBER, _SUB_NUMBER, _ITEM = 10, 11, 12, 13
# A header naming a column of these roles (``deadline_tables``) heads a timetable.
_TIMETABLE = frozenset({"action", "time"})
# A group's number cell below the top: "1" or "1.1", "a"; any other ("I", "A", a misread
# number) is at the top.
_NUMBER_CELL = re.compile(r"(?P<number>\d{1,3})|(?P<sub>\d{1,3}(?:\.\d{1,3})+|[a-zđ])")


# The header of a column of people's names ("Họ và tên", "Họ, tên"): a list of members,
# whose form column ("Kiểm điểm đảng viên") names no subject of its own.
_MEMBER_NAMES = re.compile(r"\s*(?:họ\s+và\s+tên|họ,?\s+tên)(?!\w)")


class SubjectCell(NamedTuple):
    """A row of a subject table: its subject cell (None for a row to pass over: the
    header, a ditto, an empty cell) and the rank of the row."""

    span: Span | None
    rank: int
    note: Span | None = None  # the row's "Ghi chú" cell, when it has one and it is filled
    listed: bool = False  # the note's column lists exclusions ("Trường hợp không thực hiện")
    # what the row's unit is rated as, when its subject cell names a unit and another
    # cell says which of it is rated ("Tập thể; Trưởng phòng": the unit's collective)
    category: SubjectCategory | None = None


def subject_column(text: str, fold: str, table: Table) -> tuple[int, bool] | None:
    """The column of the table's subjects and whether its header row names it, or None.

    ``fold`` is the folded text (``match_text``) of which ``text`` is the original.

    >>> from vbparser.normalize.fold import folded
    >>> text = "TT | Đối tượng | Cấp đánh giá\\n1 | Chi bộ thôn | Đảng ủy xã"
    >>> subject_column(text, folded(text), table_at(text, 0))
    (1, True)
    >>> text = "1 | Họp ngày 10/12 | Chi bộ thôn | Đảng ủy xã\\n2 | Họp ngày 15/12 | Đảng viên | Chi bộ"
    >>> subject_column(text, folded(text), table_at(text, 0))
    (2, False)
    >>> text = "TT | Nội dung | Thời gian | Chủ trì\\n1 | Kiểm điểm | Tháng 12 | Chi bộ thôn"
    >>> subject_column(text, folded(text), table_at(text, 0)) is None
    True
    >>> text = "TT | Họ và tên | Chức vụ | Hình thức\\n1 | Lê Văn An | Bí thư | Kiểm điểm đảng viên"
    >>> subject_column(text, folded(text), table_at(text, 0)) is None
    True
    """
    header = table.cells(text, 0)
    if any(_MEMBER_NAMES.match(fold, a, b) for a, b in header):
        return None  # a chi bộ's members by name: who they are, each reviewed as a member
    if (k := _named_column(fold, header)) is not None:
        return _units_for(text, fold, table, k), True
    if column_roles(fold, header).keys() & _TIMETABLE:
        return None
    hits: Counter[int] = Counter()
    for row in range(len(table.rows)):
        for k, (a, b) in enumerate(table.cells(text, row)):
            if a < b and kind_of(fold[a:b]) is not None:
                hits[k] += 1
    if not hits:
        return None
    most = max(hits.values())
    return min(k for k, n in hits.items() if n == most), False


def _named_column(fold: str, header: list[Span]) -> int | None:
    """The column whose header names the subjects ("Đối tượng ..."), if any."""
    return next((k for k, (a, b) in enumerate(header)
                 if grammar().table_column.match(fold, a, b)), None)


def _said(fold: str, cell: Span) -> SubjectCategory | None:
    """The category a cell opens with ("Tập thể; Trưởng phòng" → collective)."""
    a, b = cell
    first = fold[a:b].split(";")[0].strip(" .")
    m = grammar().category_word.fullmatch(first)
    return None if m is None else named_category(m)


def _units_for(text: str, fold: str, table: Table, column: int) -> int:
    """The column of the units a subject column rates, when its cells only say which of
    them ("Cơ quan, đơn vị | Đối tượng đánh giá" over "Phòng Văn hóa - Xã hội | Tập thể;
    Trưởng phòng"): the units are the subjects; else ``column`` itself."""
    g = grammar()
    units = next((k for k, (a, b) in enumerate(table.cells(text, 0))
                  if k != column and g.unit_column.fullmatch(fold, a, b)), None)
    if units is None:
        return column
    said = named = 0
    for row in range(1, len(table.rows)):
        cells = table.cells(text, row)
        if column >= len(cells) or cells[column][0] == cells[column][1]:
            continue
        said += 1
        named += _said(fold, cells[column]) is not None
    return units if said and named * 2 > said else column


def _rank(text: str, cells: list[Span], column: int) -> int:
    """The rank of a row: a row with no cell filled but its number and its subject heads
    a group, ranked by its number cell ("I" above "1" above "1.1"; a number OCR misread
    counts as "I"); every other row is an item, below every group."""
    if any(a < b for k, (a, b) in enumerate(cells) if k not in (0, column)):
        return _ITEM
    if column == 0:
        return _ROMAN
    a, b = cells[0]
    m = _NUMBER_CELL.fullmatch(text[a:b].rstrip(".)"))
    group = (m.lastgroup or "") if m else ""
    return {"number": _NUMBER, "sub": _SUB_NUMBER}.get(group, _ROMAN)


def subject_cells(text: str, fold: str, pos: int) -> dict[int, SubjectCell]:
    """Every row of the table around ``pos``, by the offset where its line starts;
    empty when ``pos`` is in no table.

    A table without a subject column gives each of its rows a ``SubjectCell`` without a
    span, so none of them is read.

    >>> from vbparser.normalize.fold import folded
    >>> text = "TT | Đối tượng | Nơi kiểm điểm\\nI | Tập thể |\\n1 | Chi bộ thôn | Hội nghị chi bộ"
    >>> found = subject_cells(text, folded(text), 0)
    >>> [(text[c.span[0]:c.span[1]] if c.span else None, c.rank) for c in found.values()]
    [(None, 13), ('Tập thể', 10), ('Chi bộ thôn', 13)]
    """
    table = table_at(text, pos)
    if table is None:
        return {}
    found = subject_column(text, fold, table)
    header = table.cells(text, 0)
    note, listed = _note_column(fold, header) if found and found[1] else (None, False)
    named = _named_column(fold, header) if found and found[1] else None
    said = named if named is not None and found is not None and named != found[0] else None
    out: dict[int, SubjectCell] = {}
    if found is not None:  # rows merged across the table heading groups ("B. CÁ NHÂN")
        out |= _group_lines(text, table.rows[0][1], table.rows[-1][0])
    # a header row names the subject column, or the numbers' ("TT | Tên chi bộ | ...")
    headed = found is not None and (found[1] or "number" in column_roles(fold, header))
    total = grammar().total_row
    for row, (start, _) in enumerate(table.rows):
        cells = table.cells(text, row)
        if found is None or (row == 0 and headed) or found[0] >= len(cells):
            out[start] = SubjectCell(None, _ITEM)
            continue
        a, b = cells[found[0]]
        empty = a == b or is_ditto(text[a:b]) or total.fullmatch(fold, a, b)
        remark = cells[note] if note is not None and note < len(cells) else None
        if remark and not any(c.isalpha() for c in text[remark[0]:remark[1]]):
            remark = None  # empty, or "—": no remark
        category = _said(fold, cells[said]) if said is not None and said < len(cells) else None
        out[start] = SubjectCell(None if empty else (a, b), _rank(text, cells, found[0]),
                                 remark, listed, category)
    return out


def _group_lines(text: str, start: int, end: int) -> dict[int, SubjectCell]:
    """The lines between ``start`` and ``end`` (inside a table) that head a group of its
    rows as a row merged across the table ("A. TỔ CHỨC ĐẢNG, TẬP THỂ LÃNH ĐẠO"), by the
    offset where each starts; their name is the cell, ranked at the top."""
    out = {}
    pos = text.find("\n", start, end) + 1
    while 0 < pos < end:
        stop = text.find("\n", pos)
        stop = len(text) if stop < 0 else stop
        if (name := group_line(text, pos, stop)) is not None:
            out[pos] = SubjectCell((name, stop), _ROMAN)
        pos = stop + 1
    return out


def is_group(line_rank: int) -> bool:
    """Whether a line of this rank is a table's row heading a group of rows."""
    return _ROMAN <= line_rank < _ITEM


def _note_column(fold: str, header: list[Span]) -> tuple[int | None, bool]:
    """The column of remarks ("Ghi chú"), whose cells may hold a row's exclusions after
    "Trừ ...", or the column that lists them ("Trường hợp không thực hiện"), and which."""
    g = grammar()
    for k, (a, b) in enumerate(header):
        if g.exclusion_column.fullmatch(fold, a, b):
            return k, True
    return next((k for k, (a, b) in enumerate(header) if g.note.fullmatch(fold, a, b)),
                None), False
