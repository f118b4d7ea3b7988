"""Positioned text fragments: what the PDF engines and OCR read a page into.

A ``Fragment`` is a run of text on one line with no wide gap inside, with its box in
points (origin top left) and weight; a ``Page`` holds a page's fragments, and the ruled
lines drawn on it (``Rule``) when it may hold a data table (``pdf_tables``). The layout
steps (``pdf_furniture``, ``pdf_columns``, ``pdf_layout``) place fragments in a ``Flow``
(the body, or one side of a two-column region) as ``Line``\\ s, measured against the
document's ``Metrics``.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

_WIDE_GAP = 1.8       # in line heights: a gap that separates columns, not words
_MIN_PAGE_CHARS = 10  # fewer characters than this on a page: a scan or a blank page
# Path segments a page with no text draws from this many on: its text drawn as glyph
# outlines (a page of text is tens of thousands; a bare table grid, a few hundred).
DRAWN_SEGMENTS = 2000
LABEL_GAP = 6.0  # in line heights: the widest tab between a bare list label and its text


class Fragment(NamedTuple):
    """A run of text on one line of a page, with its box in points from the top left.

    A named tuple rather than a frozen dataclass: the loader makes one per PDF line, and
    a tuple is built several times faster (the PDF budget is 2x bare extraction).
    """

    page: int  # 1-based
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    bold: bool = False

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2


class Rule(NamedTuple):
    """A ruled line drawn on a page (a table's border), as a box in points from the top
    left: thin across, long along."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Page:
    """One page's size and fragments, as an engine read them, and its ruled lines: read
    only when the fragments show a sign of a data table (``pdf_tables.table_sign``)."""

    number: int
    width: float
    height: float
    fragments: tuple[Fragment, ...]
    rules: tuple[Rule, ...] = ()


class Picture(NamedTuple):
    """A picture on a page that may hold text (``ocr_pictures``), in points from the
    page's top left."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


class Read(NamedTuple):
    """What an engine read of a PDF: its pages, the numbers of those that show text only
    as a picture (for OCR: no text, but an image or glyph outlines), the lines set aside
    as running across their page (a note up the margin), with its number, the
    pictures that may hold text on pages with text, and the pages that could not be
    loaded."""

    pages: list[Page]
    pictured: list[int]
    asides: list[tuple[int, str]]
    pictures: list[Picture]
    damaged: tuple[int, ...] = ()  # pages that could not be loaded, read as blank


@dataclass(frozen=True, slots=True)
class Flow:
    """Where a line sits: the body, or one side of a two-column region, and its bounds."""

    kind: str  # body | column-left | column-right
    left: float
    right: float
    region: int = 0

    @property
    def center(self) -> float:
        return (self.left + self.right) / 2


class Line(NamedTuple):
    """A fragment placed in a flow; ``align`` is "C" (centred), "F" (full width: centred
    and left-aligned alike) or "L" (left-aligned, maybe indented)."""

    frag: Fragment
    flow: Flow
    align: str


@dataclass(frozen=True, slots=True)
class Metrics:
    """The document's body margins, line pitch and mean character width, in points."""

    left: float
    right: float
    pitch: float
    char: float

    @property
    def tolerance(self) -> float:
        """How far off its flow's centre a centred line may be, in points."""
        return max(3.0, 0.6 * self.char)


def split_wide_gaps(words: Sequence[Fragment]) -> list[Fragment]:
    """Merge the words of one row into fragments, cutting where the gap is wide.

    A gap is wide when it exceeds ``_WIDE_GAP`` line heights, or, in a row of several
    words, when it is both over half a line height and 1.8 times the row's median gap
    (two header cells set close together, as OCR finds them on one line).

    >>> w = [Fragment(1, 0, 20, 0, 10, "Số"), Fragment(1, 23, 60, 0, 10, "12"),
    ...      Fragment(1, 200, 260, 0, 10, "Hà Nội")]
    >>> [f.text for f in split_wide_gaps(w)]
    ['Số 12', 'Hà Nội']
    """
    ordered = sorted(words, key=lambda w: w.x0)
    gaps = [b.x0 - a.x1 for a, b in pairwise(ordered)]
    typical = statistics.median(gaps) if len(gaps) >= 3 else None
    out: list[Fragment] = []
    for k, word in enumerate(ordered):
        last = out[-1] if out else None
        if last is not None:
            height = max(last.bottom - last.top, word.bottom - word.top)
            gap = gaps[k - 1]
            wide = gap > _WIDE_GAP * height or (
                typical is not None and gap > 0.5 * height and gap > 1.8 * max(typical, 1.0))
            if not wide:
                out[-1] = Fragment(last.page, last.x0, max(last.x1, word.x1),
                                   min(last.top, word.top), max(last.bottom, word.bottom),
                                   f"{last.text} {word.text}", last.bold and word.bold)
                continue
        out.append(word)
    return out


def wide_gap(height: float) -> float:
    """The horizontal gap, in points, that separates columns for text ``height`` high."""
    return _WIDE_GAP * height


def textless(page: Page) -> bool:
    """Whether a page has (almost) no text: a scan, or a blank page."""
    frags = page.fragments
    return len(frags) < 3 and sum(len(f.text) for f in frags) < _MIN_PAGE_CHARS


def piece(text: str) -> tuple[str, str]:
    """A line's text and what joins it to the next line of its paragraph.

    A soft hyphen at the end is dropped and a hard one kept, both without a space
    ("124-" + "QĐ/TW" is "124-QĐ/TW"); a dash after a space is a dash ("Chính trị -").

    >>> piece("Quy định số 124-"), piece("kiểm\xad")
    (('Quy định số 124-', ''), ('kiểm', ''))
    """
    text = text.strip()
    if text.endswith(("\xad", "\x02")):
        return text[:-1], ""
    if text.endswith("-") and len(text) > 1 and not text[-2].isspace():
        return text, ""
    return text, " "


def page_ranges(numbers: list[int]) -> str:
    """Page numbers (ascending) as compact ranges, for warnings.

    >>> page_ranges([1, 2, 3, 5])
    '1-3, 5'
    """
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev != start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(out)
