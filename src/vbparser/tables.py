"""Data tables in a document's text: one row per line, the cells joined by " | ".

A table of three columns or more in a plan is a schedule or an assignment ("TT | Nội
dung | Thời gian | Đơn vị thực hiện"). The loaders write such a table across its rows,
one line each, its cells joined by ``TABLE_CELL`` (``loaders/docx``); a Markdown pipe
table reads the same way once its outer pipes are ignored ("| 1 | Kiểm điểm | ... |"),
with a rule line ("|---|---|") under its header. Two-column layout tables (the header,
the closing) are read column by column and are not rows.

A cell merged down from the row above (Word's vertical merge, a PDF cell that spans
rows) is written ``MERGED`` ("^^", as Markdown table extensions write a row span) in each
row it goes on into, once however many columns it spans; ``is_ditto`` also takes the
ditto cells authors type ("nt", "-nt-", "Như trên", "〃").

``table_at`` finds the table around a position of the text and ``cells`` the spans of a
row's cells, so that a stage can read a date's row with the header above it;
``Table.origin`` and ``Table.continued`` follow a merged cell up and down.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from vbparser.spans import Span

C = TypeVar("C")  # a loader's table cell (``is_data``)

TABLE_CELL = " | "
MERGED = "^^"
_DITTO = frozenset({MERGED, "nt", "n.t", "như trên", "〃", '"', "''"})
_RULE = re.compile(r"[\s|:\-]*-{3}[\s|:\-]*")


def is_row(line: str) -> bool:
    """Whether a line is a row of a data table: three cells or more.

    A line between outer pipes is a Markdown row, whose cells are between them; else a
    pipe at the end is the border of an empty last cell, as the loaders write a row whose
    last cells are empty ("I | Tập thể | |": a group's row).

    >>> is_row("1 | Kiểm điểm | Trước ngày 15/12/2024"), is_row("| a | b |")
    (True, False)
    >>> is_row("I | Tập thể | |"), is_row("| I | Tập thể | | |"), is_row("Tập thể |")
    (True, True, False)
    """
    line = line.strip()
    pipes = line.count("|")
    return pipes - 2 * (line[:1] == line[-1:] == "|") >= 2


def is_data(grid: Sequence[Sequence[C | None]], has_text: Callable[[C], bool]) -> bool:
    """Whether a loader's table (its cells row by row, None where a merged cell goes on)
    is a table of data: two rows or more, and three columns or more that hold text
    (``has_text``); else a layout table, read column by column.

    >>> is_data([["TT", "Việc", "Hạn"], ["1", "Họp", None]], bool)
    True
    >>> is_data([["ĐẢNG ỦY XÃ A", "ĐẢNG CỘNG SẢN VIỆT NAM"], ["Số 5-KH/ĐU", ""]], bool)
    False
    """
    if len(grid) < 2:
        return False
    filled = {k for row in grid for k, cell in enumerate(row)
              if cell is not None and has_text(cell)}
    return len(filled) >= 3


def is_rule(line: str) -> bool:
    """Whether a line is a Markdown table's rule ("|---|:---:|")."""
    return "|" in line and _RULE.fullmatch(line) is not None


def is_ditto(cell: str) -> bool:
    """Whether a cell's text stands for the cell above: ``MERGED``, or a ditto an author
    typed.

    >>> [is_ditto(c) for c in ("^^", "-nt-", "Như trên.", "Ntr", "")]
    [True, True, True, False, False]
    """
    return cell.strip(" -.()").lower() in _DITTO


def cells(text: str, start: int, end: int, markdown: bool = True) -> list[Span]:
    """The spans of the cells of the row ``text[start:end]``, each stripped of spaces
    (an empty cell is an empty span).

    A Markdown table's row (``markdown``: the table has a rule line) may stand between
    outer pipes, which are left out; in a row the loaders wrote, a pipe at either end is
    the border of an empty first or last cell.

    >>> row = "| 1 | Kiểm điểm |  | Chi bộ |"
    >>> [row[a:b] for a, b in cells(row, 0, len(row))]
    ['1', 'Kiểm điểm', '', 'Chi bộ']
    >>> row = "1 | Kiểm điểm | Chi bộ |"
    >>> [row[a:b] for a, b in cells(row, 0, len(row))]
    ['1', 'Kiểm điểm', 'Chi bộ', '']
    >>> row = "| Kiểm điểm | Ngày 07/12 | Chi bộ |"
    >>> [row[a:b] for a, b in cells(row, 0, len(row), markdown=False)]
    ['', 'Kiểm điểm', 'Ngày 07/12', 'Chi bộ', '']
    """
    line = text[start:end]
    lo, hi = len(line) - len(line.lstrip()), len(line.rstrip())
    if markdown and line[lo:hi].startswith("|"):  # "| a | b |"; else "a | b |" ends empty
        lo += 1
        if line[lo:hi].endswith("|"):
            hi -= 1
    out = []
    at = lo
    for piece in line[lo:hi].split("|"):
        a, b = at, at + len(piece)
        a += len(piece) - len(piece.lstrip())
        b -= len(piece) - len(piece.rstrip())
        out.append((start + a, start + max(a, b)))
        at += len(piece) + 1
    return out


@dataclass(frozen=True, slots=True)
class Table:
    """The rows of a table (spans of their lines, the rule left out), which of them
    holds the position asked about, and whether it is a Markdown table (it has a rule
    line under its header)."""

    rows: tuple[Span, ...]
    current: int
    markdown: bool = False

    @property
    def header(self) -> Span:
        return self.rows[0]

    def cells(self, text: str, row: int) -> list[Span]:
        """The spans of the cells of row ``row`` (``cells``)."""
        return cells(text, *self.rows[row], markdown=self.markdown)

    def cell(self, text: str, row: int, column: int) -> Span | None:
        """The span of one cell, or None when the row has fewer cells."""
        found = self.cells(text, row)
        return found[column] if column < len(found) else None

    def origin(self, text: str, row: int, column: int) -> Span | None:
        """The cell that a cell of ``row`` shows: itself, or when it is a ditto
        (``is_ditto``), the first cell above it in its column that is none; None when
        there is no such cell (a ditto in the header's row, a column past a row's end).

        >>> text = "TT | Việc | Chủ trì\\n1 | Kiểm điểm | Chi ủy\\n2 | Báo cáo | ^^"
        >>> t = table_at(text, len(text) - 1)
        >>> a, b = t.origin(text, 2, 2)
        >>> text[a:b]
        'Chi ủy'
        """
        for above in range(row, 0, -1):
            span = self.cell(text, above, column)
            if span is None or not is_ditto(text[span[0]:span[1]]):
                return span
        return None

    def continued(self, text: str, row: int, column: int) -> list[int]:
        """The rows after ``row`` whose cell in ``column`` is a ditto of it (``is_ditto``),
        one after another.

        >>> text = "TT | Việc | Hạn\\n1 | Kiểm điểm | Tháng 12\\n2 | Báo cáo | ^^\\n3 | Tổng kết | nt"
        >>> table_at(text, 20).continued(text, 1, 2)
        [2, 3]
        """
        out = []
        for below in range(row + 1, len(self.rows)):
            span = self.cell(text, below, column)
            if span is None or not is_ditto(text[span[0]:span[1]]):
                break
            out.append(below)
        return out


def table_at(text: str, pos: int) -> Table | None:
    """The data table whose row holds ``pos``, or None when ``pos`` is in no row of a
    table of two rows or more.

    >>> text = "Lịch:\\nTT | Việc | Hạn\\n1 | Kiểm điểm | 15/12\\nHết."
    >>> t = table_at(text, text.index("15/12"))
    >>> [text[a:b] for a, b in t.rows], t.current
    (['TT | Việc | Hạn', '1 | Kiểm điểm | 15/12'], 1)
    >>> table_at(text, 0) is None
    True

    A line heading a group of rows ("Bước 2: Tổ chức kiểm điểm", "B. CÁ NHÂN") does not
    end the table:

    >>> text = "TT | Việc | Hạn\\nBước 1: Chuẩn bị\\n1 | Họp | 05/12\\nBước 2\\n2 | Báo cáo | 15/12"
    >>> t = table_at(text, text.index("15/12"))
    >>> [text[a:b] for a, b in t.rows], t.current
    (['TT | Việc | Hạn', '1 | Họp | 05/12', '2 | Báo cáo | 15/12'], 2)
    """
    start, end = line_at(text, pos)
    if not is_row(text[start:end]) or is_rule(text[start:end]):
        return None
    lines = [(start, end)]
    a = start
    while a > 0:  # up, through rows, rules and the headings of groups of rows
        b = a - 1
        a = text.rfind("\n", 0, b) + 1
        if a > 0 and _in_table(text, *line_at(text, a - 1)) and (
                _STAGE.match(text, a, b) or _bridged(text, line_at(text, a - 1), lines[0])):
            continue
        if (top := _group_run(text, (a, b), lines[0], up=True)) is not None:
            a = top  # "I. TẬP THỂ" / "A. CẤP TỈNH" over the rows: the table goes on above
            continue
        if not _in_table(text, a, b):
            break
        lines.insert(0, (a, b))
    b = end
    while b < len(text):  # down
        a = b + 1
        b = text.find("\n", a)
        b = len(text) if b < 0 else b
        if b < len(text) and _in_table(text, *line_at(text, b + 1)) and (
                _STAGE.match(text, a, b) or _bridged(text, lines[-1], line_at(text, b + 1))):
            continue
        if (bottom := _group_run(text, (a, b), None, up=False)) is not None:
            b = bottom
            continue
        if not _in_table(text, a, b):
            break
        lines.append((a, b))
    rows = tuple(line for line in lines if not is_rule(text[line[0]:line[1]]))
    if len(rows) < 2:
        return None
    return Table(rows, rows.index((start, end)), len(rows) < len(lines))


# A line heading a group of a table's rows, as a loader writes a row merged across the
# table ("Bước 1: Chuẩn bị", "Giai đoạn 2"): the table goes on below it.
_STAGE = re.compile(r"\s*(?:Bước|Giai đoạn|Đợt|Phần|Nhóm)\s+(?:\d{1,2}|[IVX]{1,4})\b[^|\n]{0,80}$",
                    re.IGNORECASE)


# A row merged across the table and written in capitals under a letter or a Roman number
# ("A. TỔ CHỨC ĐẢNG, TẬP THỂ LÃNH ĐẠO", "II. CÁ NHÂN"): it heads the rows below it.
_GROUP = re.compile(r"[^\S\n]*(?:[A-ZĐ]|[IVX]{1,4})[.)][^\S\n]+(?=\S)")
_MAX_GROUP = 100


def group_line(text: str, start: int, end: int) -> int | None:
    """Where the name of a group of a table's rows starts when ``text[start:end]`` is a
    line heading one (a label, then capitals), else None.

    >>> text = "B. CÁ NHÂN"
    >>> group_line(text, 0, len(text)), group_line("B. Cá nhân", 0, 10)
    (3, None)
    """
    m = _GROUP.match(text, start, end)
    if m is None or end - start > _MAX_GROUP or "|" in text[m.end():end]:
        return None
    return m.end() if text[m.end():end].isupper() else None


def heads_rows(text: str, start: int, end: int) -> bool:
    """Whether the line ``text[start:end]`` heads a group of a table's rows between two of
    them (``_group_run``): no heading of the document, though it looks like one.

    >>> text = "TT | Đối tượng | Ghi chú\\nI. TẬP THỂ\\n1 | Chi bộ | x\\nII. NỘI DUNG\\nHết."
    >>> heads_rows(text, 25, 35), heads_rows(text, 48, 60)
    (True, False)
    """
    bottom = _group_run(text, (start, end), None, up=False)
    if bottom is None:
        return False
    return _group_run(text, (start, end), line_at(text, bottom + 1), up=True) is not None


def _group_run(text: str, line: Span, below: Span | None, up: bool) -> int | None:
    """Where a run of group lines (``group_line``) holding ``line`` ends, going ``up``
    (its first line's start) or down (its last line's end), when the run stands between
    two rows and heads the rows below it: the row under it has a number or a date, unlike
    another table's header ("III. LỊCH HỌP" / "TT | Nội dung | Ngày | Đơn vị": a section
    between tables). ``below`` is the row under ``line`` when going up. None otherwise.
    """
    a, b = line
    if group_line(text, a, b) is None:
        return None
    if up:
        while a > 0 and group_line(text, *(above := line_at(text, a - 1))) is not None:
            a = above[0]
        beyond = line_at(text, a - 1) if a > 0 else None
        under = below
    else:
        while b < len(text) and group_line(text, *(nxt := line_at(text, b + 1))) is not None:
            b = nxt[1]
        beyond = under = line_at(text, b + 1) if b < len(text) else None
    if beyond is None or under is None or not _in_table(text, *beyond) or not any(
            ch.isdigit() for ch in text[under[0]:under[1]]):
        return None
    return a if up else b


def _bridged(text: str, above: Span, below: Span) -> bool:
    """Whether the rows ``above`` and ``below`` a line that is no row are numbered one
    after the other ("2 | ..." and "3 | ..."): the line fell between them from elsewhere
    (a footnote or a page number printed where a page broke the table), and the table
    goes on below it.

    >>> text = "TT | Việc | Hạn\\n1 | Họp | 05/12\\n3 Tỷ lệ tính riêng.\\n2 | Báo cáo | 15/12"
    >>> [text[a:b] for a, b in table_at(text, len(text) - 1).rows]
    ['TT | Việc | Hạn', '1 | Họp | 05/12', '2 | Báo cáo | 15/12']
    >>> text = "TT | Việc | Hạn\\n1 | Họp | 05/12\\nGhi chú.\\n1 | Báo cáo | 15/12"
    >>> table_at(text, len(text) - 1) is None  # a row on its own: no table
    True
    """
    first, second = (_ROW_NUMBER.match(text, *span) for span in (above, below))
    return (first is not None and second is not None
            and int(second.group(1)) == int(first.group(1)) + 1)


# The number in the first cell of a numbered row: "3 | ...", "| 3 | ...", "3. | ...".
_ROW_NUMBER = re.compile(r"\s*\|?\s*(\d{1,3})\.?\s*\|")


def _in_table(text: str, a: int, b: int) -> bool:
    return is_row(text[a:b]) or is_rule(text[a:b])


def line_at(text: str, pos: int) -> Span:
    """The span of the line holding ``pos``, without its line break."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end
