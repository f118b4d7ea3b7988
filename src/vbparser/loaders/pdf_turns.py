"""Pages whose text runs up, down or upside down across the page as it is stored.

A landscape page (an appendix's schedule table) often reaches the reader stored turned:
a portrait sheet drawn with its text running up or down, and ``/Rotate`` set so that a
viewer shows it upright; or the same sheet without ``/Rotate``, which a reader turns in
the hand. pdfium reads the characters of such a line in their order along it, but
gives their boxes in the sheet's stored space, where the layout steps (lines read left
to right and top to bottom) would see each line as a column of characters.

So the pdfium engine finds the way most of a page's characters run (``page_turn``) and
turns every box the other way (``upright_box``): the page is laid out as the reader who
turns it reads it. pdfium's own line breaks cannot be trusted on such a page (it joins
a paragraph's lines, or breaks a line printed as many runs after every run, dropping
its spaces), so a turned page is read character by character into fragments
(``turned_fragments``). pdfplumber applies ``/Rotate`` itself; its characters of a
sideways page are turned the same way (``upright_chars``). Angles are in degrees
clockwise, as pdfium gives a character's angle: a line running up the stored page is
at 270.

Lines that run across the rest of their page are read in their own direction
(``notes``). In a cell of a ruled table they are the cell's text (a narrow column's
header set running up, as Word's text direction sets it: ``into_cells``); elsewhere (a
note up the margin, a copy's mark) they are kept out of the page's text.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any, NamedTuple, Protocol

from vbparser.loaders.pdf_fragments import Fragment, Rule, wide_gap
from vbparser.loaders.pdf_grid import grids

Box = tuple[float, float, float, float]  # left, bottom, right, top, in PDF space (y up)
# A gap between two characters of a line wider than this share of its height stands for
# a space that pdfium did not write (a line printed as many runs, broken after each).
_SPACE_GAP = 0.15
_HYPHEN_MARK = "\ufffe"  # pdfium's mark for a hyphen that ends a page line
# The share of a line's height by which the middles of its characters' boxes may differ
# (an accented capital's box reaches higher): the lines of two cells of a table row set
# half a line apart are told apart.
_DRIFT = 0.3
# Degrees from the nearest quarter turn from which a character is set at a slant
# (``slanted``); text typed straight is within a degree of one.
_SLANT = 20.0


def quarter(degrees: float) -> int:
    """An angle rounded to the nearest quarter turn, as 0, 90, 180 or 270.

    >>> [quarter(a) for a in (0.4, 89.7, 181, 269.9, 359.6, -90)]
    [0, 90, 180, 270, 0, 270]
    """
    return round(degrees / 90.0) % 4 * 90


def slanted(degrees: float) -> bool:
    """Whether an angle lies well between two quarter turns (``_SLANT`` or more from
    both): text set at a slant across the page, a copy's or draft's watermark ("BẢN SAO"
    at 45°), which runs across every line it meets.

    >>> [slanted(a) for a in (0.4, 45, 30, 89, 315, 350)]
    [False, True, True, False, True, False]
    """
    off = degrees % 90.0
    return min(off, 90.0 - off) >= _SLANT


def page_turn(angles: Iterable[float]) -> int:
    """The quarter turn that most of the angles round to; 0 when none is given or when
    the upright characters are as many as any other turn's.

    >>> page_turn([270.0, 270.0, 0.0]), page_turn([90.0, 0.0]), page_turn([])
    (270, 0, 0)
    """
    counts = Counter(quarter(a) for a in angles)
    turn, most = max(counts.items(), key=lambda item: (item[1], item[0] == 0), default=(0, 0))
    return turn if most > counts[0] else 0


def text_turn(text: str, angle: Callable[[int], float], samples: int = 16) -> int:
    """The way most of a page's text runs (``page_turn``), from the angles (in radians,
    clockwise; negative when unknown) that ``angle`` gives of up to ``samples`` of its
    characters spread over the page (by index in ``text``).

    >>> text_turn("Kế hoạch số 12", lambda i: 3 * math.pi / 2)
    270
    """
    step = max(1, len(text) // samples)
    return page_turn(math.degrees(radians) for i in range(0, len(text), step)
                     if not text[i].isspace() and (radians := angle(i)) >= 0)


def upright_point(turn: int, x: float, y: float) -> tuple[float, float]:
    """A point of a page whose text runs at ``turn``, turned so that its text runs left
    to right (counter-clockwise by ``turn``).

    >>> upright_point(270, 65.0, 113.0), upright_point(180, 1.0, 2.0)
    ((113.0, -65.0), (-1.0, -2.0))
    """
    if turn == 90:
        return -y, x
    if turn == 180:
        return -x, -y
    if turn == 270:
        return y, -x
    return x, y


def upright_box(turn: int, left: float, bottom: float, right: float, top: float) -> Box:
    """A box turned as ``upright_point`` turns its corners, as left, bottom, right, top.

    >>> upright_box(270, 57.0, 109.0, 72.0, 117.0)
    (109.0, -72.0, 117.0, -57.0)
    >>> upright_box(90, 57.0, 109.0, 72.0, 117.0)
    (-117.0, 57.0, -109.0, 72.0)
    """
    x0, y0 = upright_point(turn, left, bottom)
    x1, y1 = upright_point(turn, right, top)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def char_turn(matrix: tuple[float, ...]) -> int:
    """The quarter turn of a character drawn with a text matrix ``(a, b, c, d, e, f)``
    in PDF space (y up), clockwise as ``page_turn`` counts.

    >>> char_turn((1, 0, 0, 1, 0, 0)), char_turn((0, 1, -1, 0, 0, 0))
    (0, 270)
    """
    return quarter(-math.degrees(math.atan2(matrix[1], matrix[0])))


def upright_chars(chars: list[dict[str, Any]], width: float, height: float
                  ) -> tuple[list[dict[str, Any]], float, float, int, list[Note]]:
    """pdfplumber's characters of a page turned upright when most of them run sideways
    or upside down (``page_turn`` of their matrices), with the turned page's width and
    height, the turn (0: the characters as they came) and the lines of the characters
    that run across the rest, set aside (``notes``; a page number stamped upright on a
    page set sideways, which pdfplumber shows running down a page it turned by
    ``/Rotate``).

    Boxes keep pdfplumber's form (``x0``, ``x1``, ``top``, ``bottom``, from the top
    left), and the turned characters are marked upright for its word grouping.
    """
    turns = [char_turn(c["matrix"]) for c in chars]
    turn = page_turn(t for t, c in zip(turns, chars) if c["text"].strip())
    if not turn and not any(turns):
        return chars, width, height, 0, []
    left, bottom, right, top = upright_box(turn, 0.0, 0.0, width, height)
    out = []
    for c, own in zip(chars, turns):
        if own == turn:
            x0, y0, x1, y1 = upright_box(turn, c["x0"], height - c["bottom"], c["x1"],
                                         height - c["top"])
            out.append({**c, "x0": x0 - left, "x1": x1 - left, "top": top - y1,
                        "bottom": top - y0, "upright": True})
    across = [(c, own) for c, own in zip(chars, turns) if own != turn]
    lines = plumber_notes([c for c, _ in across], [own for _, own in across], height, turn,
                          left, top)
    return out, right - left, top - bottom, turn, lines


def upright_rule(turn: int, x0: float, top: float, x1: float, bottom: float,
                 width: float, height: float) -> Box:
    """A box given from the top left of a ``width`` x ``height`` page (pdfplumber's
    lines and rectangles), turned with the page's text: returned as x0, top, x1,
    bottom from the turned page's top left.

    >>> upright_rule(90, 0.0, 0.0, 10.0, 2.0, 100.0, 50.0)
    (0.0, 90.0, 2.0, 100.0)
    """
    left, _, _, page_top = upright_box(turn, 0.0, 0.0, width, height)
    a, b, c, d = upright_box(turn, x0, height - bottom, x1, height - top)
    return a - left, page_top - d, c - left, page_top - b


class _Styled(Protocol):
    """A font, as far as ``turned_fragments`` needs it."""

    @property
    def bold(self) -> bool: ...


class Reader(Protocol):
    """What ``turned_fragments`` and ``notes`` need of the pdfium engine's page reader."""

    number: int
    top: float
    left: float
    turn: int
    walls: list[tuple[float, float, float]]  # a table's vertical rules: x, bottom, top
    across: list[int]  # the characters set aside as running across the page

    def upright(self, index: int, turn: int) -> tuple[float, float, float, float]: ...
    def quarter(self, index: int) -> int: ...
    def font(self, index: int) -> _Styled: ...


class _Char(NamedTuple):
    """A character with its box turned upright (PDF space, y up)."""

    x0: float
    x1: float
    high: float
    low: float
    text: str
    at: int  # its index in the page's text
    rank: int = 0  # among the characters read with it, in the order they came


def turned_fragments(reader: Reader, text: str) -> list[Fragment]:
    """The fragments of a turned page (its ``text`` as pdfium gives it), read from its
    characters' boxes (``_rows``, ``_pieces``). Characters that run across the page's
    text (an upright page number stamped on a page set sideways) are set aside in
    ``reader.across`` (see ``notes``)."""
    chars: list[_Char] = []
    reader.across = []
    for index, char in enumerate(text):
        if char.isspace():
            continue
        if reader.quarter(index) == reader.turn:
            chars.append(_char(reader, text, index, reader.turn, len(chars)))
        else:
            reader.across.append(index)
    out = []
    for row in _rows(chars):
        for piece in _pieces(row, reader.walls):
            first, last = piece[0], piece[-1]
            bold = reader.font(first.at).bold and reader.font(last.at).bold
            out.append(Fragment(reader.number, first.x0 - reader.left, last.x1 - reader.left,
                                reader.top - max(first.high, last.high),
                                reader.top - min(first.low, last.low), _words(piece, text),
                                bold))
    return out


class Note(NamedTuple):
    """A line running across the rest of its page, read in its own direction, with its
    box on the page as a ``Fragment``'s (points from the page's top left, the page as it
    is read) and its weight."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    bold: bool = False


def notes(reader: Reader, text: str) -> list[Note]:
    """The lines of the characters a page reader set aside as running across the rest
    of the page (``reader.across``: a note up the margin, a copy's or draft's mark, a
    page number stamped upright on a turned page, a table cell's text set running up),
    each read in its own direction.

    They are kept out of the page's lines: among them they would cut a paragraph or a
    table's rows. Those in a table's cell go into it (``into_cells``); the loader
    reports the others in a warning.
    """
    turned: dict[int, list[_Char]] = {}
    for index in reader.across:
        turn = reader.quarter(index)
        group = turned.setdefault(turn, [])
        group.append(_char(reader, text, index, turn, len(group)))

    def place(at: int) -> tuple[float, float, float, float, bool]:
        x0, x1, high, low = reader.upright(at, reader.turn)
        return (x0 - reader.left, x1 - reader.left, reader.top - high, reader.top - low,
                reader.font(at).bold)

    return _note_lines(turned, text, place)


def plumber_notes(chars: list[dict[str, Any]], turns: list[int], height: float, turn: int,
                  left: float, page_top: float) -> list[Note]:
    """``notes`` of pdfplumber's characters (from the top left of a page ``height``
    tall) that run at ``turns`` across the rest of their page, itself read turned by
    ``turn`` (its box turned so: ``left`` and ``page_top``, see ``upright_chars``)."""
    turned: dict[int, list[_Char]] = {}
    boxes: list[tuple[float, float, float, float, bool]] = []
    for c, own in zip(chars, turns):
        if c["text"].strip():
            group = turned.setdefault(own, [])
            x0, low, x1, high = upright_box(own, c["x0"], height - c["bottom"], c["x1"],
                                            height - c["top"])
            group.append(_Char(x0, x1, high, low, c["text"], len(boxes), len(group)))
            a, b, d, e = upright_box(turn, c["x0"], height - c["bottom"], c["x1"],
                                     height - c["top"])
            boxes.append((a - left, d - left, page_top - e, page_top - b,
                          "bold" in c.get("fontname", "").lower()))
    return _note_lines(turned, None, boxes.__getitem__)


def _note_lines(turned: dict[int, list[_Char]], text: str | None,
                place: Callable[[int], tuple[float, float, float, float, bool]]
                ) -> list[Note]:
    """The lines of characters grouped by the way they run, each group read upright,
    with their boxes on the page (``place``: a character's by its ``at``)."""
    out = []
    for chars in turned.values():
        for row in _rows(chars):
            boxes = [place(c.at) for c in row]
            out.append(Note(" ".join(_words(piece, text) for piece in _pieces(row, [])),
                            min(b[0] for b in boxes), max(b[1] for b in boxes),
                            min(b[2] for b in boxes), max(b[3] for b in boxes),
                            all(b[4] for b in boxes)))
    return out


def into_cells(notes: list[Note], rules: Iterable[Rule], number: int
               ) -> tuple[list[Fragment], list[Note]]:
    """The notes that stand in a cell of a ruled table, as one fragment a cell (their
    lines joined in their own reading order, over the box they cover), and the others.

    >>> rules = [Rule(0, 0, 100, 1), Rule(0, 60, 100, 61), Rule(0, 80, 100, 81),
    ...          Rule(0, 0, 1, 81), Rule(30, 0, 31, 81), Rule(99, 0, 100, 81)]
    >>> up = [Note("Thời gian", 10, 18, 5, 55, True), Note("hoàn thành", 19, 27, 5, 55, True),
    ...       Note("BẢN DỰ THẢO", 110, 118, 0, 80)]
    >>> held, left = into_cells(up, rules, 2)
    >>> [(f.text, f.x0, f.x1, f.bold) for f in held], [n.text for n in left]
    ([('Thời gian hoàn thành', 10, 27, True)], ['BẢN DỰ THẢO'])
    """
    tables = grids(list(rules))
    cells: dict[tuple[int, int], list[Note]] = {}
    others = []
    for note in notes:
        x, y = (note.x0 + note.x1) / 2, (note.top + note.bottom) / 2
        cell = next(((k, label) for k, grid in enumerate(tables)
                     if (label := grid.label_at(x, y)) is not None), None)
        if cell is None:
            others.append(note)
        else:
            cells.setdefault(cell, []).append(note)
    held = [Fragment(number, min(n.x0 for n in lines), max(n.x1 for n in lines),
                     min(n.top for n in lines), max(n.bottom for n in lines),
                     " ".join(n.text for n in lines), all(n.bold for n in lines))
            for lines in cells.values()]
    return held, others


def _char(reader: Reader, text: str, index: int, turn: int, rank: int) -> _Char:
    char = text[index]
    return _Char(*reader.upright(index, turn), "-" if char == _HYPHEN_MARK else char, index,
                 rank)


def _rows(chars: list[_Char]) -> list[list[_Char]]:
    """Characters sorted into lines, top to bottom, each from left to right.

    The order they came in is not kept (pdfium, on a page turned a quarter clockwise,
    puts the rest of a word before its first letter): a line is the characters whose
    boxes' middles lie within ``_DRIFT`` of its highest one's.
    """
    rows: list[list[_Char]] = []
    for item in sorted(chars, key=lambda c: c.low + c.high, reverse=True):
        seed = rows[-1][0] if rows else None
        if seed is None or (abs(item.low + item.high - seed.low - seed.high)
                            > 2 * _DRIFT * (seed.high - seed.low)):
            rows.append([item])
        else:
            rows[-1].append(item)
    return [sorted(row) for row in rows]


def _pieces(line: list[_Char], walls: list[tuple[float, float, float]]) -> list[list[_Char]]:
    """A line's characters, left to right, cut where ``_cut`` says."""
    height = max(c.high for c in line) - min(c.low for c in line)
    middle = (line[0].high + line[0].low) / 2
    pieces = [[line[0]]]
    for before, char in pairwise(line):
        if _cut(before, char, height, middle, walls):
            pieces.append([char])
        else:
            pieces[-1].append(char)
    return pieces


def _words(piece: list[_Char], text: str | None) -> str:
    """The text of characters side by side. A space is written at a gap wider than
    ``_SPACE_GAP`` of their height, or where pdfium wrote one between the two (not where
    it put a character of another line between them, and a space after it)."""
    height = max(c.high for c in piece) - min(c.low for c in piece)
    return piece[0].text + "".join(
        f" {char.text}" if (char.x0 - before.x1 > _SPACE_GAP * height
                            or (text is not None and text[char.at - 1] == " "
                                and char.rank == before.rank + 1))
        else char.text for before, char in pairwise(piece))


def _cut(before: _Char, char: _Char, height: float, middle: float,
         walls: list[tuple[float, float, float]]) -> bool:
    """Whether a line of ``height`` is cut between two characters side by side: at a gap
    wider than ``wide_gap`` or with a wall in it (at the line's ``middle``), and at a
    gap as wide as a space between characters that did not come one after the other
    (two cells of a header table)."""
    gap = char.x0 - before.x1
    return (gap >= wide_gap(height)
            or (gap > _SPACE_GAP * height and abs(char.rank - before.rank) > 1)
            or any(before.x1 - 1 <= x <= char.x0 + 1 and bottom <= middle <= top
                   for x, bottom, top in walls))
