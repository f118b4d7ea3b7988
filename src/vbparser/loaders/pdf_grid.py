"""The grid of a ruled table: its column and row edges, and its cells, merged or not.

Producers draw a table's borders their own way: LibreOffice one stroked line per border
of the table, Chromium a filled hairline rectangle per side of each cell, fpdf2 a box
around each cell (``pdf_tables.rules_of`` turns each into ``Rule``\\ s). Here the rules
along one line and touching are merged into segments, the segments that cross each other
make a table, and its columns and rows lie between the positions of its vertical and
horizontal segments (the ends of the others stand in for an outer border left undrawn).
Two neighbouring cells are one cell, merged, where no rule runs between them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from vbparser.loaders.pdf_fragments import Rule

__all__ = ["Grid", "grids"]

_SNAP = 2.0      # points: rules this far apart, or with this gap, are one line (a border
                 # drawn twice, by each of two cells; a stroke's width)
_MIN_CELL = 4.0  # points: edges closer than this are one edge (a double border)


class _Segment(NamedTuple):
    """A horizontal (or vertical) ruled segment: its y (or x), and where it starts and ends
    along its direction."""

    at: float
    start: float
    end: float

    def covers(self, at: float, along: float) -> bool:
        """Whether the segment runs at ``at`` (within ``_MIN_CELL``) across ``along``."""
        return (abs(self.at - at) <= _MIN_CELL
                and self.start - _SNAP <= along <= self.end + _SNAP)


@dataclass(frozen=True, slots=True)
class Grid:
    """A table's column edges ``xs`` and row edges ``ys`` (page points, left to right and
    top to bottom), the label of the cell each grid square belongs to (``labels[row]
    [column]``; squares of one merged cell share a label), and each label's first row and
    column; ``open_below``, the columns whose bottom border is not drawn where the
    others' is (a cell merged down that goes on over a page break)."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    labels: tuple[tuple[int, ...], ...]
    anchors: dict[int, tuple[int, int]]
    open_below: frozenset[int] = frozenset()

    def boxes(self) -> dict[int, tuple[float, float, float, float]]:
        """Each cell's box (left, top, right, bottom), merged cells whole, by label."""
        out: dict[int, tuple[float, float, float, float]] = {}
        for r, row in enumerate(self.labels):
            for c, label in enumerate(row):
                x0, top, x1, bottom = out.get(label, (self.xs[c], self.ys[r], 0.0, 0.0))
                out[label] = (x0, top, max(x1, self.xs[c + 1]), max(bottom, self.ys[r + 1]))
        return out

    def label_at(self, x: float, y: float) -> int | None:
        """The label of the cell at a point, or None outside the grid."""
        xs, ys = self.xs, self.ys
        if not (xs[0] <= x <= xs[-1] and ys[0] <= y <= ys[-1]):
            return None
        column = min(bisect_right(xs, x) - 1, len(xs) - 2)
        row = min(bisect_right(ys, y) - 1, len(ys) - 2)
        return self.labels[row][column]


def grids(rules: Sequence[Rule]) -> list[Grid]:
    """The grids of a page's ruled lines: one for each set of horizontal and vertical
    segments that cross each other, of two columns or more."""
    across = _segments([(r.top + r.bottom) / 2, r.x0, r.x1] for r in rules
                       if r.x1 - r.x0 >= r.bottom - r.top)
    down = _segments([(r.x0 + r.x1) / 2, r.top, r.bottom] for r in rules
                     if r.x1 - r.x0 < r.bottom - r.top)
    out = []
    for hs, vs in _crossing_sets(across, down):
        xs = _edges([v.at for v in vs] + [min(h.start for h in hs), max(h.end for h in hs)])
        ys = _edges([h.at for h in hs] + [min(v.start for v in vs), max(v.end for v in vs)])
        if len(xs) >= 3 and len(ys) >= 2:
            out.append(_grid(xs, ys, hs, vs))
    return out


def _segments(lines: Iterable[list[float]]) -> list[_Segment]:
    """Rules along one line (positions within ``_SNAP`` of the first's) that touch or
    overlap, merged into segments.

    >>> _segments([[303.9, 84, 200], [304.3, 199, 517], [329.9, 84, 517]])
    [_Segment(at=303.9, start=84, end=517), _Segment(at=329.9, start=84, end=517)]
    """
    out: list[_Segment] = []
    group: list[list[float]] = []
    for line in [*sorted(lines), None]:
        if line is not None and group and line[0] - group[0][0] <= _SNAP:
            group.append(line)
            continue
        if group:
            at = group[0][0]
            merged: list[list[float]] = []
            for _, start, end in sorted(group, key=lambda g: g[1]):
                if merged and start <= merged[-1][1] + _SNAP:
                    merged[-1][1] = max(merged[-1][1], end)
                else:
                    merged.append([start, end])
            out += [_Segment(at, start, end) for start, end in merged]
        group = [line] if line is not None else []
    return out


def _crossing_sets(across: list[_Segment],
                   down: list[_Segment]) -> list[tuple[list[_Segment], list[_Segment]]]:
    """The horizontal and vertical segments grouped by crossing: two segments are in one
    set when a chain of crossings links them. Sets without both kinds are left out (the
    rule under a header's motto)."""
    parent = list(range(len(across) + len(down)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(across):
        for j, v in enumerate(down):
            if h.covers(h.at, v.at) and v.covers(v.at, h.at):
                parent[root(i)] = root(len(across) + j)
    sets: dict[int, tuple[list[_Segment], list[_Segment]]] = {}
    for i, h in enumerate(across):
        sets.setdefault(root(i), ([], []))[0].append(h)
    for j, v in enumerate(down):
        sets.setdefault(root(len(across) + j), ([], []))[1].append(v)
    return [(hs, vs) for hs, vs in sets.values() if hs and vs]


def _edges(positions: list[float]) -> list[float]:
    """Positions sorted, those within ``_MIN_CELL`` of the previous kept one left out.

    >>> _edges([84.6, 83.8, 171.0, 516.6, 517.3])
    [83.8, 171.0, 516.6]
    """
    out: list[float] = []
    for at in sorted(positions):
        if not out or at - out[-1] > _MIN_CELL:
            out.append(at)
    return out


def _grid(xs: list[float], ys: list[float], hs: list[_Segment], vs: list[_Segment]) -> Grid:
    """The grid's squares labelled by cell: a square and its right (lower) neighbour are
    one cell when no vertical (horizontal) segment runs between them."""
    columns, rows = len(xs) - 1, len(ys) - 1
    parent = list(range(rows * columns))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(rows):
        middle_y = (ys[r] + ys[r + 1]) / 2
        for c in range(columns):
            here = r * columns + c
            if c + 1 < columns and not any(v.covers(xs[c + 1], middle_y) for v in vs):
                parent[root(here + 1)] = root(here)
            middle_x = (xs[c] + xs[c + 1]) / 2
            if r + 1 < rows and not any(h.covers(ys[r + 1], middle_x) for h in hs):
                parent[root(here + columns)] = root(here)
    labels = tuple(tuple(root(r * columns + c) for c in range(columns)) for r in range(rows))
    anchors: dict[int, tuple[int, int]] = {}
    for r, row in enumerate(labels):
        for c, label in enumerate(row):
            anchors.setdefault(label, (r, c))
    closed = [any(h.covers(ys[-1], (xs[c] + xs[c + 1]) / 2) for h in hs) for c in range(columns)]
    open_below = frozenset(c for c in range(columns) if not closed[c]) if any(closed) else None
    return Grid(tuple(xs), tuple(ys), labels, anchors, open_below or frozenset())
