"""Tables drawn in plain text read as one line per row.

A converter writes a Word table as a grid: "+----+-----+" rules between the rows and a
row's cells wrapped over several "|  |  |" lines; a table typed by hand in plain text may
draw its rules with bars at the corners ("|----|-----|"). A table may also be drawn with
no bars at all, its columns aligned by spaces under a rule of dash runs, one run per
column, beneath the header (pandoc's "simple table"; a typist's appendix), a cell too long
for its column going on in the same column of the next line, whose first column is blank.
The rest of vbparser reads a table as one line per row with "|" between the cells
(``vbparser.tables``), so each row here becomes that line, a cell's wrapped pieces joined
by single spaces, and the rules go. Every character of a cell keeps its place in the
source through the offset map.
"""

from __future__ import annotations

import re
from itertools import pairwise

from vbparser.spans import OffsetMap, TextBuilder

# A rule line: "+----+----+" (the header's "+====+", alignment colons allowed), or with
# bars at its corners, "|----|----|". A Markdown table's one rule under its header makes
# no grid: a grid has a rule after each row.
_RULE = re.compile(r"[ \t]*[+|](?:[-=:]+[+|]){2,}[ \t]*")
# The rule under a simple table's header: a dash run over each column, three columns at
# least (two runs are the underlines of a document's two-column header).
_DASHES = re.compile(r"^ *-{2,}(?: +-{2,}){2,} *$", re.MULTILINE)
_RUN = re.compile(r"-+")
_WORD = re.compile(r"\S+")


def grid_tables(text: str) -> tuple[str, OffsetMap]:
    """``text`` with each grid table's rows written one to a line.

    >>> table = ("+----+------------+\\n| TT | Thời gian  |\\n+====+============+\\n"
    ...          "| 1  | Trước ngày |\\n|    | 05/12/2025 |\\n+----+------------+\\n")
    >>> grid_tables("Lịch:\\n" + table)[0]
    'Lịch:\\n| TT | Thời gian |\\n| 1 | Trước ngày 05/12/2025 |\\n'
    """
    grids = "+-" in text or "+=" in text or "|-" in text
    if not grids and _DASHES.search(text) is None:
        return text, OffsetMap.identity(len(text))
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    lines = [(a, (starts[i + 1] - 1) if i + 1 < len(starts) else len(text))
             for i, a in enumerate(starts)]
    out, i, changed = TextBuilder(), 0, False
    copied = 0  # the source is copied up to here
    while i < len(lines):
        end = _table_end(text, lines, i) if grids else None
        if end is not None:
            out.copy(text, copied, lines[i][0])
            _write_rows(text, lines[i:end + 1], out)
        elif (simple := _simple_table(text, lines, i)) is not None and (
                lines[simple[0]][0] >= copied):  # its header is not a grid's last line
            head, columns, rows = simple
            end = rows[-1][-1]
            out.copy(text, copied, lines[head][0])
            for row in rows:
                _write_cells(text, [lines[k] for k in row], columns, out)
                out.put("\n", lines[row[-1]][1])
        else:
            i += 1
            continue
        copied = lines[end][1] + 1 if end + 1 < len(lines) else len(text)
        i, changed = end + 1, True
    if not changed:
        return text, OffsetMap.identity(len(text))
    out.copy(text, copied, len(text))
    return out.finish(len(text))


def _table_end(text: str, lines: list[tuple[int, int]], first: int) -> int | None:
    """The index of the last rule of the grid table whose first rule is line ``first``,
    if the lines from there make one: rules and rows whose bars stand where the first
    rule's corners do."""
    if _RULE.fullmatch(text, *lines[first]) is None:
        return None
    corners = _corners(text, *lines[first])
    last, k = None, first + 1
    while k < len(lines):
        a, b = lines[k]
        if _RULE.fullmatch(text, a, b):
            if _corners(text, a, b) != corners:
                break
            last = k
        elif not all(a + c < b and text[a + c] == "|" for c in corners):
            break
        k += 1
    return last if last is not None and last > first + 1 else None


def _corners(text: str, a: int, b: int) -> list[int]:
    """Where the corners ("+" or "|") of the rule line ``text[a:b]`` stand, from the
    line's start."""
    return [k - a for k in range(a, b) if text[k] in "+|"]


def _write_rows(text: str, lines: list[tuple[int, int]], out: TextBuilder) -> None:
    """Write the rows between the rules of one grid table, one line each."""
    corners = _corners(text, *lines[0])
    row: list[tuple[int, int]] = []
    for a, b in lines[1:]:
        if _RULE.fullmatch(text, a, b):
            if row:
                _write_row(text, row, corners, out)
                out.put("\n", b)
            row = []
        else:
            row.append((a, b))


def _write_row(text: str, row: list[tuple[int, int]], corners: list[int],
               out: TextBuilder) -> None:
    """One row: "| " and each cell's pieces, joined by a space, then " |" after each."""
    out.put("|", row[0][0] + corners[0], row[0][0] + corners[0] + 1)
    for left, right in pairwise(corners):
        out.put(" ", row[0][0] + left)
        _write_pieces(text, [(a + left + 1, a + right) for a, _ in row], out)
        out.put(" ", row[0][0] + right)
        out.put("|", row[0][0] + right, row[0][0] + right + 1)


def _simple_table(text: str, lines: list[tuple[int, int]],
                  rule: int) -> tuple[int, list[tuple[int, int]], list[list[int]]] | None:
    """The simple table whose header rule is line ``rule``, if it makes one: its header
    line's index, its columns (from, to; from the line's start) and its rows as lists of
    line indexes (the header first). Every word of the header stands over a dash run; the
    rows, down to a blank line or a closing rule, keep every word inside one column; a line
    with its first column blank goes on with the row above."""
    a, b = lines[rule]
    if rule == 0 or _DASHES.fullmatch(text, a, b) is None:
        return None
    runs = [(m.start() - a, m.end() - a) for m in _RUN.finditer(text, a, b)]
    head = lines[rule - 1]
    if not _fits(text, *head, [(x - 1, y + 1) for x, y in runs], strict=True):
        return None
    columns = [(x - (j == 0), runs[j + 1][0] - 1 if j + 1 < len(runs) else 1 << 30)
               for j, (x, _) in enumerate(runs)]
    rows: list[list[int]] = [[rule - 1]]
    k = rule + 1
    while k < len(lines):
        a, b = lines[k]
        if a == b or text[a:b].isspace() or _DASHES.fullmatch(text, a, b):
            break
        if not _fits(text, a, b, columns, strict=False):
            break
        if len(rows) > 1 and not text[a:min(b, a + columns[0][1] + 1)].strip():
            rows[-1].append(k)
        else:
            rows.append([k])
        k += 1
    return (rule - 1, columns, rows) if len(rows) > 2 else None


def _fits(text: str, a: int, b: int, columns: list[tuple[int, int]], strict: bool) -> bool:
    """Whether every word of the line ``text[a:b]`` lies inside one of ``columns`` (from,
    to; from the line's start), and, if ``strict``, every column holds a word."""
    held = set()
    for m in _WORD.finditer(text, a, b):
        start, end = m.start() - a, m.end() - a - 1
        column = next((j for j, (x, y) in enumerate(columns) if x <= start <= y), None)
        if column is None or end > columns[column][1]:
            return False
        held.add(column)
    return len(held) == len(columns) if strict else bool(held)


def _write_cells(text: str, row: list[tuple[int, int]], columns: list[tuple[int, int]],
                 out: TextBuilder) -> None:
    """One row of a simple table: "| ", each cell's pieces joined by a space, " |" after
    each; a bar, having no character in the source, stands at its cell's end there."""
    a0, b0 = row[0]
    out.put("|", a0)
    for x, y in columns:
        out.put(" ", min(a0 + x, b0))
        _write_pieces(text, [(min(a + max(x, 0), b), min(a + y + 1, b)) for a, b in row], out)
        out.put(" |", min(a0 + y + 1, b0))


def _write_pieces(text: str, pieces: list[tuple[int, int]], out: TextBuilder) -> None:
    """One cell: its pieces (a slice of each of its lines), stripped, the blank ones left
    out, joined by a space that stands for the character before the piece."""
    written = False
    for lo, hi in pieces:
        piece = text[lo:hi]
        stripped = piece.strip()
        if not stripped:
            continue
        if written:
            out.put(" ", lo - 1)
        lead = lo + len(piece) - len(piece.lstrip())
        out.copy(text, lead, lead + len(stripped))
        written = True
