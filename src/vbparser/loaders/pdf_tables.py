"""Data tables in a PDF: ruled grids of three columns or more, read across their rows.

A plan's schedule or assignment table ("TT | Nội dung công việc | Thời gian | Đơn vị chủ
trì | Đơn vị phối hợp") is set in cells whose lines wrap; read line by line, or as
two-column regions, its cells come out scrambled. The .docx loader writes such a table
one line per row, its cells joined by ``TABLE_CELL`` (``vbparser.tables``); so does this
module for a PDF, from the borders the producer drew around the cells:

1. an engine reads a page's ruled lines (``Rule``: thin path objects, and the sides of
   boxes drawn in outline) only when its fragments show the sign of a table
   (``table_sign``: two rows or more of three fragments side by side), or when the page
   before had ruled lines (a table's last row alone on a new page shows no sign), so
   that a page of prose costs one sort of its fragments; where a fragment runs across a
   vertical rule (two cells' lines that the engine wrote as one) the engine reads the
   page again and cuts it there (``crossed_walls``);
2. ``take_tables`` builds the grid of each set of crossing rules (``pdf_grid``), puts each
   fragment in the cell that holds its centre, and keeps the grids of two rows or more
   and three columns or more that hold text, or that go on with such a table from the
   foot of the previous page (a repeated header row is dropped, a row broken by the page
   break is joined); their fragments leave the page;
3. ``place_tables`` puts each table's rows, one ``Line`` each (flow "table-row", so each
   is a paragraph of its own and its block's style is "table-row"), where the table
   stands in the page's reading order.

A cell's lines are joined by a space (a hyphen at a line end joins without one, as in a
paragraph); an empty cell is an empty string; a cell merged down several rows gives its
text in its first row and ``tables.MERGED`` in the others, once however many grid columns
it spans, and a cell merged across columns is one cell — as ``loaders/docx`` reads them.
Two-column tables (the header, the closing) are no data tables and are read as before
(``pdf_columns``), and so are tables drawn without borders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from operator import attrgetter, gt
from typing import NamedTuple

from vbparser.loaders.pdf_columns import Columns, emit_region, group_rows, reading_order
from vbparser.loaders.pdf_fragments import Flow, Fragment, Line, Metrics, Page, Rule, piece
from vbparser.loaders.pdf_grid import Grid, grids
from vbparser.normalize.fold import strip_marks
from vbparser.tables import MERGED, TABLE_CELL

__all__ = ["Placed", "crossed_walls", "is_box", "place_tables", "rules_of", "table_sign",
           "take_tables"]

_SIGN_CELLS = 3  # fragments side by side in a row of a data table
_SIGN_ROWS = 2   # such rows on a page: the sign of a table
# How far fragments side by side overlap at least, in line heights: a level crossing the
# lines of three cells. Chromium centres cells vertically, so that the lines of a cell of
# two lines stand half a pitch above and below a one-line neighbour (0.35-0.45 overlap);
# the lines of one column of prose, or of a header column, overlap each other by none.
_SIGN_OVERLAP = 0.3
_SIGN_FOOT = 0.3  # of the page height: a row alone this low may open a table going on
_RULE_WIDTH = 3.0    # points: a ruled line is at most this thick (hairline to a 2 1/4 pt border)
_RULE_LENGTH = 6.0   # points: and at least this long (not a dot or a dash of a pattern)
_BOX_SEGMENTS = 5    # path segments of a box drawn in outline: move, three or four lines, close
_CROSS = 1.0         # points: how far past a rule a fragment reaches to run across it
_MIN_COLUMNS = 3     # columns that hold text in a data table
_MIN_ROWS = 2        # rows of a data table
_CLOSE = 0.85        # how alike a header cell read again with a misread letter is
_EDGE = 0.12         # of the page height: the top and bottom bands of furniture (pdf_furniture)
_SAME_EDGE = 5.0     # points: how far a column edge may move between two pages' parts of a table
_TOP = attrgetter("top")
_BOTTOM = attrgetter("bottom")


def table_sign(fragments: Sequence[Fragment], height: float | None = None) -> bool:
    """Whether a page may hold a data table: two rows or more, one below the other, where
    a level crosses three fragments side by side (``_SIGN_OVERLAP``), or one such row
    in the lowest ``_SIGN_FOOT`` of the page (``height``: a table's first row, the header,
    that the page break left alone at the foot of the page).

    Cheap, as it runs on every page: one sort of the fragments by their tops, and a test
    that no fragment reaches below the top of the one two places after it (true of any
    page of prose or of two columns) before the sweep that keeps the bottoms of the
    fragments still open at each top.

    >>> cells = [Fragment(1, x, x + 40, top, top + 12, "ô") for x in (90, 180, 270)
    ...          for top in (300, 330)]
    >>> table_sign(cells), table_sign(cells[::2]), table_sign(cells[::2], height=400)
    (True, False, True)
    """
    if len(fragments) < _SIGN_CELLS:
        return False
    ordered = sorted(fragments, key=_TOP)
    if not any(map(gt, map(_BOTTOM, ordered), map(_TOP, ordered[_SIGN_CELLS - 1:]))):
        return False
    rows = 0
    floor = float("-inf")  # the bottom of the last row found: the next must start below
    foot = float("inf") if height is None else (1 - _SIGN_FOOT) * height
    open_: list[float] = []
    for frag in ordered:
        top = frag.top
        level = top + _SIGN_OVERLAP * (frag.bottom - top)
        open_ = [bottom for bottom in open_ if bottom > level]
        open_.append(frag.bottom)
        if len(open_) >= _SIGN_CELLS and top >= floor:
            rows += 1
            if rows == _SIGN_ROWS or top > foot:
                return True
            floor = max(open_)
    return False


def rules_of(x0: float, top: float, x1: float, bottom: float, box: bool) -> list[Rule]:
    """The ruled lines a drawn path makes, given its bounds in page points: itself when it
    is thin and long (a stroked line, a filled hairline rectangle), the four sides of a
    box drawn in outline (``box``: a cell's border as fpdf2 draws it), else none (a
    shaded cell, a logo, a curve).

    >>> rules_of(84, 303, 517, 304, False), len(rules_of(28, 45, 62, 68, True))
    ([Rule(x0=84, top=303, x1=517, bottom=304)], 4)
    """
    width, height = x1 - x0, bottom - top
    if min(width, height) <= _RULE_WIDTH:
        return [Rule(x0, top, x1, bottom)] if max(width, height) >= _RULE_LENGTH else []
    if not box:
        return []
    return [Rule(x0, top, x1, top), Rule(x0, bottom, x1, bottom),
            Rule(x0, top, x0, bottom), Rule(x1, top, x1, bottom)]


def is_box(stroked: bool, segments: int) -> bool:
    """Whether a path the engine describes may be a box drawn in outline (``rules_of``)."""
    return stroked and 0 < segments <= _BOX_SEGMENTS


def crossed_walls(fragments: Sequence[Fragment], rules: Sequence[Rule]) -> list[Rule]:
    """The vertical rules of a page when a fragment runs across one of them, else none:
    the engine reads the page again, cutting its lines at these walls.

    Such a fragment is two cells' lines the engine wrote as one: with a gap too narrow to
    cut, or running back to the left (Chromium may write a line of a cell merged down
    right before the line of the cell to its left on the same baseline, and the
    fragment's first character then stands right of its last).
    """
    walls = [r for r in rules if r.bottom - r.top > r.x1 - r.x0]
    for frag in fragments:
        left, right = min(frag.x0, frag.x1), max(frag.x0, frag.x1)
        for wall in walls:
            x = (wall.x0 + wall.x1) / 2
            if (left + _CROSS < x < right - _CROSS
                    and frag.top < wall.bottom and wall.top < frag.bottom):
                return walls
    return []


@dataclass(slots=True)
class _Table:
    """A grid on a page, its cells' texts row by row, and the fragments it took."""

    page: Page
    grid: Grid
    rows: list[list[str]]
    bold: list[bool]
    taken: set[int]
    text_columns: int

    @property
    def top(self) -> float:
        return self.grid.ys[0]

    @property
    def bottom(self) -> float:
        return self.grid.ys[-1]


class Placed(NamedTuple):
    """A data table as the layout places it: where it starts on its page, and its rows."""

    top: float
    rows: list[Line]


def take_tables(pages: Sequence[Page]) -> tuple[list[Page], dict[int, list[Placed]]]:
    """Take the data tables out of the pages: the pages without their cells' fragments,
    and the tables of each page that has one, top to bottom (``place_tables``). Pages
    without ruled lines are returned as they are.
    """
    if not any(page.rules for page in pages):
        return list(pages), {}
    candidates = [table for page in pages if page.rules for table in _candidates(page)]
    kept = _data_tables(candidates)
    out: list[Page] = []
    placed: dict[int, list[Placed]] = {}
    for page in pages:
        mine = [t for t in kept if t.page is page]
        if not mine:
            out.append(page)
            continue
        taken = set().union(*(t.taken for t in mine))
        out.append(Page(page.number, page.width, page.height,
                        tuple(f for i, f in enumerate(page.fragments) if i not in taken)))
        placed[page.number] = [Placed(t.top, _row_lines(t)) for t in mine]
    return out, placed


def place_tables(frags: list[Fragment], tables: list[Placed], m: Metrics, body: Flow,
                 region: int, carried: Columns | None,
                 out: list[Line]) -> tuple[int, Columns | None]:
    """``reading_order`` for a page that holds tables (``take_tables``): the lines above
    each table, then its rows, then the rest. A two-column region still open above a
    table ends there."""
    rest = frags
    for table in tables:
        above = [f for f in rest if f.top < table.top]
        rest = [f for f in rest if f.top >= table.top]
        region, carried = reading_order(above, m, body, region, carried, out)
        if carried is not None:
            emit_region(carried, m, region, out)
            carried = None
        out.extend(table.rows)
    return reading_order(rest, m, body, region, carried, out)


def _candidates(page: Page) -> list[_Table]:
    """The grids of a page's ruled lines, each with the fragments whose centre it holds,
    top to bottom."""
    out = []
    for grid in sorted(grids(page.rules), key=lambda g: g.ys[0]):
        cells: dict[int, list[Fragment]] = {}
        taken = set()
        for index, frag in enumerate(page.fragments):
            label = grid.label_at(frag.center, (frag.top + frag.bottom) / 2)
            if label is not None:
                cells.setdefault(label, []).append(frag)
                taken.add(index)
        if taken:
            out.append(_table(page, grid, cells, taken))
    return out


def _table(page: Page, grid: Grid, cells: dict[int, list[Fragment]], taken: set[int]) -> _Table:
    """A grid's rows of cell texts (see the module's notes on merged cells)."""
    rows, bold = [], []
    filled: set[int] = set()
    for r, labels in enumerate(grid.labels):
        row: list[str] = []
        frags: list[Fragment] = []
        seen: set[int] = set()
        for label in labels:
            first_row, first_column = grid.anchors[label]
            if label in seen:
                continue  # merged across: one cell
            seen.add(label)
            if first_row < r:
                row.append(MERGED)  # merged down: the cell above goes on
            else:
                mine = cells.get(label, [])
                frags += mine
                row.append(_cell_text(mine))
                if row[-1]:
                    filled.add(first_column)
        rows.append(row)
        bold.append(bool(frags) and all(f.bold for f in frags))
    return _Table(page, grid, rows, bold, taken, len(filled))


def _cell_text(frags: list[Fragment]) -> str:
    """A cell's lines, top to bottom, joined as a paragraph's are (``piece``)."""
    if not frags:
        return ""
    lines = [" ".join(f.text.strip() for f in row)
             for row in group_rows(sorted(frags, key=attrgetter("top", "x0")))]
    return _joined(lines)


def _joined(texts: list[str]) -> str:
    """Texts joined by a space, or by nothing after a hyphen at a line end (``piece``)."""
    parts: list[str] = []
    for text in texts[:-1]:
        parts += piece(text)
    return "".join(parts) + texts[-1].strip()


def _data_tables(candidates: list[_Table]) -> list[_Table]:
    """The candidates that are data tables: two rows or more and three columns or more
    that hold text (or one row, at a page's foot, that the next page's table goes on
    with: a header row the page break left alone), or the part on a new page of a data
    table (``_continues``), whose
    header row, when repeated, is dropped, and whose first row, when it goes on with the
    last row above the page break, is joined to it (else takes the merged cells that go
    on over the break, ``_go_on``)."""
    kept: list[_Table] = []
    header: list[str] = []  # the header row of the table the last one kept belongs to
    for k, table in enumerate(candidates):
        last = kept[-1] if kept else None
        if last is not None and _continues(last, table, candidates):
            first = 0  # the grid row of the part's first row
            if table.rows and _repeats(table.rows[0], header):
                del table.rows[0], table.bold[0]
                first = 1
            if _broken_row(last, table):
                last.rows[-1] = [_joined([a, b]) if a and b else a or b
                                 for a, b in zip(last.rows[-1], table.rows[0])]
                last.bold[-1] = last.bold[-1] and table.bold[0]
                del table.rows[0], table.bold[0]
            else:
                _go_on(last, table, first)
            kept.append(table)
        elif table.text_columns >= _MIN_COLUMNS and (
                len(table.rows) >= _MIN_ROWS
                or k + 1 < len(candidates) and _continues(table, candidates[k + 1], candidates)):
            header = table.rows[0]
            kept.append(table)
    return kept


def _repeats(row: list[str], header: list[str]) -> bool:
    """Whether a row repeats the table's header row: cell by cell the same but for case
    and marks, or empty, and two cells the same at least (a scan's repeated header may
    lose a cell, "TT", or misread a mark, "Thòi gian"; a row broken over the page break
    keeps cells of its own, which must not be dropped as a header). As many cells as
    are the same may differ by a misread letter or two (``_misread``: "Đơn vị chủ tr",
    "TL").

    >>> header = ["TT", "Nội dung", "Thời gian", "Chủ trì"]
    >>> _repeats(["", "Nội dung", "Thòi gian", "Chủ trì"], header)
    True
    >>> _repeats(["TL", "Nội dung", "Thời gian", "Chủ tr"], header)
    True
    >>> _repeats(["", "tập thể chi ủy", "06/12/2024", "Chủ trì"], header)
    False
    >>> _repeats(["12", "Nội dung", "Thời gian", "Chủ trì"], header)
    False
    """
    if len(row) != len(header):
        return False
    same = close = 0
    for cell, head in zip(row, header):
        if not cell:
            continue
        a, b = strip_marks(cell).casefold(), strip_marks(head).casefold()
        if a == b:
            same += 1
        elif _misread(a, b):
            close += 1
        else:
            return False
    return same >= 2 and close <= same


def _misread(a: str, b: str) -> bool:
    """Whether two cells' texts differ only as OCR misreads a word: a short one by one
    letter in place ("tl", "tt"), a longer one by little (a ratio of 0.85: "don vi chu
    tr", "don vi chu tri").

    >>> _misread("tl", "tt"), _misread("12", "tt"), _misread("don vi chu tr", "don vi chu tri")
    (True, False, True)
    """
    if len(a) <= 3 or len(b) <= 3:
        return len(a) == len(b) and a[0] == b[0] and sum(x != y for x, y in zip(a, b)) == 1
    return SequenceMatcher(None, a, b).ratio() >= _CLOSE


def _go_on(last: _Table, table: _Table, first: int) -> None:
    """Write ``MERGED`` in the empty cells of a part's first row (grid row ``first``)
    under a cell that is not, where a merged cell goes on over the page break: under a
    column whose bottom border the last part left undrawn (``Grid.open_below``, as
    Chromium draws it), or spanning rows themselves (as LibreOffice draws the rest). The
    rest of a merged cell that covers one row, borders drawn, is an empty cell."""
    labels = table.grid.labels
    if not (last.rows and table.rows) or first >= len(labels):
        return
    above, below = last.rows[-1], table.rows[0]
    if len(above) != len(below):
        return
    spanning = {c for c, label in enumerate(labels[first])
                if first + 1 < len(labels) and labels[first + 1][c] == label}
    for column in sorted(last.grid.open_below | spanning):
        at = _cell_index(labels[first], column)
        if at < len(below) and not below[at] and above[at]:
            below[at] = MERGED


def _cell_index(labels: Sequence[int], column: int) -> int:
    """The index among a row's cells (each merged cell once) of the cell over a grid
    column."""
    return len(set(labels[:column + 1])) - 1


def _continues(last: _Table, table: _Table, candidates: list[_Table]) -> bool:
    """Whether ``table`` goes on with ``last`` over a page break: ``last`` ends its page
    and ``table`` opens the next, with nothing but furniture beyond them (a running
    header, a page number), and their columns are the same."""
    if table.page.number != last.page.number + 1:
        return False
    if [t for t in candidates if t.page is last.page][-1] is not last:
        return False  # not the last table of its page
    if next(t for t in candidates if t.page is table.page) is not table:
        return False  # not the first of its page
    a, b = last.grid.xs, table.grid.xs
    if len(a) != len(b) or any(abs(x - y) > _SAME_EDGE for x, y in zip(a, b)):
        return False
    foot = last.page.height * (1 - _EDGE)
    if any(last.bottom < f.top < foot for i, f in enumerate(last.page.fragments)
           if i not in last.taken):
        return False
    head = table.page.height * _EDGE
    return not any(head < f.bottom < table.top for i, f in enumerate(table.page.fragments)
                   if i not in table.taken)


def _broken_row(last: _Table, table: _Table) -> bool:
    """Whether the first row of a table's part on a new page goes on with the last row
    above the break: its first cell (the row's number) is empty where the other's is
    not, and it has as many cells."""
    if not (last.rows and table.rows):
        return False
    above, below = last.rows[-1], table.rows[0]
    return (len(above) == len(below) and bool(above) and bool(above[0])
            and not below[0] and any(below))


def _row_lines(table: _Table) -> list[Line]:
    """One line per row: the cells joined by ``TABLE_CELL``, each in a flow of its own,
    so that no row joins its neighbours (``pdf_layout._continues``)."""
    x0, x1, top = table.grid.xs[0], table.grid.xs[-1], table.top
    return [Line(Fragment(table.page.number, x0, x1, top, table.bottom,
                          TABLE_CELL.join(cells), bold), Flow("table-row", x0, x1), "L")
            for cells, bold in zip(table.rows, table.bold)]
