"""Grid tables (pandoc's and reStructuredText's) read as one line per row.

A converter writes a Word table as a grid: "+----+-----+" rules between the rows and a
row's cells wrapped over several "|  |  |" lines; a table typed by hand in plain text may
draw its rules with bars at the corners ("|----|-----|"). The rest of vbparser reads a table as
one line per row with "|" between the cells (``vbparser.tables``), so each row here
becomes that line, a cell's wrapped pieces joined by single spaces, and the rules go.
Every character of a cell keeps its place in the source through the offset map.
"""

from __future__ import annotations

import re
from itertools import pairwise

from vbparser.spans import OffsetMap, TextBuilder

# A rule line: "+----+----+" (the header's "+====+", alignment colons allowed), or with
# bars at its corners, "|----|----|". A Markdown table's one rule under its header makes
# no grid: a grid has a rule after each row.
_RULE = re.compile(r"[ \t]*[+|](?:[-=:]+[+|]){2,}[ \t]*")


def grid_tables(text: str) -> tuple[str, OffsetMap]:
    """``text`` with each grid table's rows written one to a line.

    >>> table = ("+----+------------+\\n| TT | Thời gian  |\\n+====+============+\\n"
    ...          "| 1  | Trước ngày |\\n|    | 05/12/2025 |\\n+----+------------+\\n")
    >>> grid_tables("Lịch:\\n" + table)[0]
    'Lịch:\\n| TT | Thời gian |\\n| 1 | Trước ngày 05/12/2025 |\\n'
    """
    if "+-" not in text and "+=" not in text and "|-" not in text:
        return text, OffsetMap.identity(len(text))
    starts = [0, *(m.end() for m in re.finditer("\n", text))]
    lines = [(a, (starts[i + 1] - 1) if i + 1 < len(starts) else len(text))
             for i, a in enumerate(starts)]
    out, i, changed = TextBuilder(), 0, False
    copied = 0  # the source is copied up to here
    while i < len(lines):
        end = _table_end(text, lines, i)
        if end is None:
            i += 1
            continue
        out.copy(text, copied, lines[i][0])
        _write_rows(text, lines[i:end + 1], out)
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
        written = False
        for a, _ in row:
            piece = text[a + left + 1:a + right]
            stripped = piece.strip()
            if not stripped:
                continue
            if written:
                out.put(" ", a + left)
            lead = a + left + 1 + len(piece) - len(piece.lstrip())
            out.copy(text, lead, lead + len(stripped))
            written = True
        out.put(" ", row[0][0] + right)
        out.put("|", row[0][0] + right, row[0][0] + right + 1)
