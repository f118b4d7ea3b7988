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
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable
from itertools import pairwise
from typing import Any, NamedTuple, Protocol

from vbparser.loaders.pdf_fragments import Fragment, wide_gap

Box = tuple[float, float, float, float]  # left, bottom, right, top, in PDF space (y up)
# A gap between two characters of a line wider than this share of its height stands for
# a space that pdfium did not write (a line printed as many runs, broken after each).
_SPACE_GAP = 0.15
_HYPHEN_MARK = "\ufffe"  # pdfium's mark for a hyphen that ends a page line
# The share of a line's height by which the middles of its characters' boxes may differ
# (an accented capital's box reaches higher): the lines of two cells of a table row set
# half a line apart are told apart.
_DRIFT = 0.3


def quarter(degrees: float) -> int:
    """An angle rounded to the nearest quarter turn, as 0, 90, 180 or 270.

    >>> [quarter(a) for a in (0.4, 89.7, 181, 269.9, 359.6, -90)]
    [0, 90, 180, 270, 0, 270]
    """
    return round(degrees / 90.0) % 4 * 90


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


def upright_chars(chars: list[dict[str, Any]], width: float,
                  height: float) -> tuple[list[dict[str, Any]], float, float, int]:
    """pdfplumber's characters of a page turned upright when most of them run sideways
    or upside down (``page_turn`` of their matrices), with the turned page's width and
    height and the turn (0: the characters as they came).

    Boxes keep pdfplumber's form (``x0``, ``x1``, ``top``, ``bottom``, from the top
    left), and the turned characters are marked upright for its word grouping.
    Characters that run across the rest (an upright page number stamped on a page set
    sideways, which pdfplumber shows running down a page it turned by ``/Rotate``) are
    set out as lines of their own after the page's text, at its foot, as the pdfium
    engine reads those of a turned page (``turned_fragments``).
    """
    turns = [char_turn(c["matrix"]) for c in chars]
    turn = page_turn(t for t, c in zip(turns, chars) if c["text"].strip())
    if not turn and not any(turns):
        return chars, width, height, 0
    left, bottom, right, top = upright_box(turn, 0.0, 0.0, width, height)
    out = []
    foot, x, last = top - bottom, 0.0, turn  # where the next character across goes
    for c, own in zip(chars, turns):
        x0, y0, x1, y1 = upright_box(turn, c["x0"], height - c["bottom"], c["x1"],
                                     height - c["top"])
        box = {"x0": x0 - left, "x1": x1 - left, "top": top - y1, "bottom": top - y0}
        if own != turn:
            along, thick = box["x1"] - box["x0"], box["bottom"] - box["top"]
            if (own - turn) % 180:
                along, thick = thick, along
            if last == turn:  # a new line across, under the one before
                foot, x = foot + 1.5 * thick, box["x0"]
            box = {"x0": x, "x1": x + along, "top": foot - thick, "bottom": foot}
            x += along
        last = own
        out.append({**c, **box, "upright": True})
    return out, right - left, top - bottom, turn


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
    """What ``turned_fragments`` needs of the pdfium engine's page reader."""

    number: int
    top: float
    left: float
    turn: int
    walls: list[tuple[float, float, float]]  # a table's vertical rules: x, bottom, top

    def upright(self, index: int) -> tuple[float, float, float, float]: ...
    def quarter(self, index: int) -> int: ...
    def font(self, index: int) -> _Styled: ...


class _Char(NamedTuple):
    """A character of a turned page, with its box turned upright (PDF space, y up)."""

    x0: float
    x1: float
    high: float
    low: float
    text: str
    at: int  # its index in the page's text
    rank: int = 0  # among the page's characters that run its way, in pdfium's order


def turned_fragments(reader: Reader, text: str, height: float) -> list[Fragment]:
    """The fragments of a turned page (its ``text`` as pdfium gives it, ``height`` the
    turned page's height), read from its characters' boxes.

    pdfium's order of the characters is not kept (on a page turned a quarter clockwise
    it puts the rest of a word before its first letter): the characters are sorted
    into lines by the middles of their boxes (``_DRIFT``), each line from left to
    right, and cut into fragments at wide gaps, at walls, and between characters that
    pdfium does not read one after the other (``_cut``). Characters that run across the
    page's text (an upright page number stamped on a page set sideways) are read as
    lines of their own, one per run of them in pdfium's order, set after the page's
    text at its foot.
    """
    chars: list[_Char] = []
    across: list[list[_Char]] = []
    crossing = False
    for index, char in enumerate(text):
        if char.isspace():
            crossing = crossing and char not in "\r\n"
            continue
        item = _Char(*reader.upright(index), "-" if char == _HYPHEN_MARK else char, index,
                     len(chars))
        if reader.quarter(index) == reader.turn:
            chars.append(item)
            crossing = False
        elif crossing:
            across[-1].append(item)
        else:
            across.append([item])
            crossing = True
    out: list[Fragment] = []
    chars.sort(key=lambda c: c.low + c.high, reverse=True)
    line: list[_Char] = []
    for item in chars:
        if line and (abs(item.low + item.high - line[0].low - line[0].high)
                     > 2 * _DRIFT * (line[0].high - line[0].low)):
            out += _pieces(reader, sorted(line), text)
            line = []
        line.append(item)
    if line:
        out += _pieces(reader, sorted(line), text)
    foot = height
    for note in across:  # thick as its characters are wide on the turned page
        thick = max(c.x1 - c.x0 for c in note)
        words = "".join(f" {c.text}" if c.at and text[c.at - 1] == " " else c.text
                        for c in note).strip()
        left = min(c.x0 for c in note) - reader.left
        out.append(Fragment(reader.number, left, left + 0.6 * thick * len(words), foot,
                            foot + thick, words, reader.font(note[0].at).bold))
        foot += 1.5 * thick
    return out


def _pieces(reader: Reader, line: list[_Char], text: str) -> list[Fragment]:
    """A line's characters, left to right, as fragments (cut where ``_cut`` says).

    A space is written at a gap wider than ``_SPACE_GAP`` of the line's height, or
    where pdfium wrote one between the two characters (not where it put a character of
    another line between them, and a space after it). A fragment's top and bottom are those of its first and last
    characters, as on an upright page.
    """
    height = max(c.high for c in line) - min(c.low for c in line)
    middle = (line[0].high + line[0].low) / 2
    pieces = [[line[0]]]
    for before, char in pairwise(line):
        if _cut(before, char, height, middle, reader.walls):
            pieces.append([char])
        else:
            pieces[-1].append(char)
    out = []
    for piece in pieces:
        words = piece[0].text + "".join(
            f" {char.text}" if (char.x0 - before.x1 > _SPACE_GAP * height
                                or (text[char.at - 1] == " " and char.rank == before.rank + 1))
            else char.text for before, char in pairwise(piece))
        first, last = piece[0], piece[-1]
        bold = reader.font(first.at).bold and reader.font(last.at).bold
        out.append(Fragment(reader.number, first.x0 - reader.left, last.x1 - reader.left,
                            reader.top - max(first.high, last.high),
                            reader.top - min(first.low, last.low), words, bold))
    return out


def _cut(before: _Char, char: _Char, height: float, middle: float,
         walls: list[tuple[float, float, float]]) -> bool:
    """Whether a line of ``height`` is cut between two characters side by side: at a gap
    wider than ``wide_gap`` or with a wall in it (at the line's ``middle``), and at a
    gap as wide as a space between characters that pdfium does not read one after the
    other (two cells of a header table)."""
    gap = char.x0 - before.x1
    return (gap >= wide_gap(height)
            or (gap > _SPACE_GAP * height and abs(char.rank - before.rank) > 1)
            or any(before.x1 - 1 <= x <= char.x0 + 1 and bottom <= middle <= top
                   for x, bottom, top in walls))
