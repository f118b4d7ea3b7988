"""A scanned table read cell by cell: its cells set one below another, read at once.

Tesseract finds text lines across the whole page. In a table whose cells centre their
text vertically, the lines of neighbouring cells stand half a line apart, and Tesseract
runs them together into one line that it reads as gibberish ("kiểm HÀ đàn, Tiên đẻ");
a cell holding only a row number ("1") is often dropped as a speck. So a page with a
ruled table (``ocr_rules``) is read in two parts: the page with its tables whited out,
as before, and a strip of the tables' cells cropped and set one below another, each
alone on its lines, with a blank line between cells (``stack``). The strip's words are
moved back where their cells stand on the page (``unstack``), so that what follows
cannot tell them from words read in place.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from vbparser.loaders.ocr_rules import INK
from vbparser.loaders.pdf_fragments import Fragment
from vbparser.loaders.pdf_grid import Grid

__all__ = ["Cell", "one_below_another", "stack", "unstack", "without_tables"]

_INSET = 1.0  # points inside a cell's borders that are cropped off (a border's grey edge)
_GAP = 14.0   # points of blank paper between two cells in the strip: a line of text
_MARGIN = 10  # points of blank paper around the strip


class Cell(NamedTuple):
    """Where a cell stands in the strip (``top`` to ``bottom``, in points) and how far its
    words move back to the page (``dx``, ``dy``, in points)."""

    top: float
    bottom: float
    dx: float
    dy: float


def without_tables(image: Any, tables: list[Grid], scale: float) -> Any:
    """The page image with the area of each table whited out."""
    from PIL import ImageDraw

    out = image.copy()
    draw = ImageDraw.Draw(out)
    for grid in tables:
        draw.rectangle([grid.xs[0] * scale, grid.ys[0] * scale,
                        grid.xs[-1] * scale, grid.ys[-1] * scale], fill=255)
    return out


def stack(image: Any, tables: list[Grid], scale: float) -> tuple[Any, list[Cell]]:
    """The cells with ink in them, in reading order (table by table, row by row, left to
    right), cropped from a page image whose rules are whited out and set one below
    another on a strip; and where each stands (``Cell``). The strip is None when no cell
    holds ink."""
    import numpy as np

    pixels = np.asarray(image)
    crops: list[tuple[Any, float, float]] = []  # the crop, and the cell's left and top
    for grid in tables:
        boxes = grid.boxes()
        ordered = sorted(boxes, key=lambda label: (boxes[label][1], boxes[label][0]))
        for label in ordered:
            x0, top, x1, bottom = boxes[label]
            box = [round((x0 + _INSET) * scale), round((top + _INSET) * scale),
                   round((x1 - _INSET) * scale), round((bottom - _INSET) * scale)]
            if box[2] <= box[0] or box[3] <= box[1]:
                continue
            if not (pixels[box[1]:box[3], box[0]:box[2]] < INK).any():
                continue  # an empty cell
            crops.append((image.crop(box), box[0] / scale, box[1] / scale))
    if not crops:
        return None, []
    margin = round(_MARGIN * scale)
    strip, tops = one_below_another([crop for crop, _, _ in crops], margin,
                                    round(_GAP * scale))
    return strip, [Cell(y / scale, (y + crop.height) / scale, left - margin / scale,
                        top - y / scale) for (crop, left, top), y in zip(crops, tops)]


def one_below_another(crops: list[Any], margin: int, gap: int) -> tuple[Any, list[int]]:
    """The images set one below another on white paper, ``gap`` pixels between two and
    ``margin`` around them, flush left; and the pixel row at which each stands."""
    from PIL import Image

    strip = Image.new("L", (max(crop.width for crop in crops) + 2 * margin,
                            sum(crop.height for crop in crops) + gap * (len(crops) - 1)
                            + 2 * margin), 255)
    tops = []
    y = margin
    for crop in crops:
        strip.paste(crop, (margin, y))
        tops.append(y)
        y += crop.height + gap
    return strip, tops


def unstack(words: Iterable[tuple[Fragment, float, tuple[str, ...]]],
            cells: list[Cell]) -> Iterator[tuple[Fragment, float, tuple[str, ...]]]:
    """The strip's words (with their confidences and line keys) moved back to the page;
    a word's line key names its cell and then its line, so that no line joins two cells
    and a cell's lines are one paragraph.

    >>> word = Fragment(1, 12.0, 40.0, 30.0, 42.0, "Trước")
    >>> [(w.x0, w.top, key) for w, _, key in unstack([(word, 95.0, ("1", "1", "1"))],
    ...                                              [Cell(10.0, 50.0, 250.0, 300.0)])]
    [(262.0, 330.0, ('cell', '0', '1.1.1'))]
    """
    for word, confidence, key in words:
        middle = (word.top + word.bottom) / 2
        at = next((k for k, cell in enumerate(cells) if cell.top - _GAP / 2 <= middle
                   <= cell.bottom + _GAP / 2), None)
        if at is None:
            continue
        cell = cells[at]
        moved = Fragment(word.page, word.x0 + cell.dx, word.x1 + cell.dx, word.top + cell.dy,
                         word.bottom + cell.dy, word.text, word.bold)
        yield moved, confidence, ("cell", str(at), ".".join(key))
