"""The ruled lines of a scanned page: a table's borders, found in its image.

A digital PDF draws a table's borders as path objects, which the engines read as
``Rule``\\ s (``pdf_tables``); a scan has only pixels. Here the borders are found as
ink that runs on unbroken far longer than any stroke of a letter: a grey opening of the
dark pixels (a running minimum, then a running maximum, ``scipy.ndimage``) along rows
keeps the horizontal runs of ``_ACROSS`` points or more, and along columns the vertical
runs of ``_DOWN`` points or more; each connected piece that is long and thin is a rule.

When the rules make a table's grid (``pdf_grid.grids``), they are whited out of the
image before Tesseract reads it (a border left in reads as "|", "I" or "l" glued to a
cell's words), and the table's cells are read apart from the rest of the page
(``ocr_cells``). The rules then go with the page's fragments, so that the same code
that reads a digital PDF's tables reads the scan's (``pdf_tables``). A page without a
table (an underlined heading, the rule under the motto) keeps its image as it is.

About a twentieth of a second for an A4 page at 300 dpi, against two to three seconds
for Tesseract to read it.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from vbparser.loaders.pdf_fragments import Rule
from vbparser.loaders.pdf_grid import Grid, grids

__all__ = ["INK", "Ruled", "coarse_ink", "table_rules"]

# A pixel is ink when darker than this (of 255): a border printed in grey (a table's
# light lines, a faded copy) still is, the paper's speckle is not.
INK = 160
# Points of unbroken ink along a row: longer than any letter's stroke or a dash, shorter
# than a table's narrowest column.
_ACROSS = 30.0
# Points of unbroken ink down a column: shorter than a table row of one line (the row
# left alone at a page's foot when its table goes on over the page), as long as a stem
# of a heading's capitals; a vertical rule must also end on horizontal ones (``_TOUCH``),
# which no letter does, or at its bottom where this many others end with no rule under
# them too (a table whose bottom border a browser leaves undrawn above a page break).
_DOWN = 10.0
_TOUCH = 3.0
_OPEN_TOGETHER = 3
# A rule is at least this many times longer than thick (a black box, a photo, is not).
_THIN = 8.0
# Pixels (of the image the rules are looked for in) around a rule also whited out: the
# grey edge a scanner leaves along a line.
_MARGIN = 1
# The rules are looked for at about this many pixels per point (a half of a 300 dpi
# scan's 4.2): a hairline still covers a pixel, and the search takes a fourth of the time.
_FINE = 2.0


class Ruled(NamedTuple):
    """A page image's ruled lines (points from the top left), the image with the rules
    of its tables whited out (or as it was, without a table), and the tables' grids."""

    rules: tuple[Rule, ...]
    image: Any
    grids: list[Grid]


def table_rules(image: Any, scale: float) -> Ruled:
    """The ruled lines of a greyscale page image, and the tables they make (``Ruled``).

    Args:
        image: a greyscale PIL image.
        scale: its pixels per point.
    """
    import numpy as np
    from PIL import Image

    step = max(1, int(scale / _FINE))
    dark = coarse_ink(np.asarray(image), step)
    scale /= step
    across_labels, across = _pieces(_opened(dark, round(_ACROSS * scale), axis=1), scale)
    down_labels, down = _pieces(_opened(dark, round(_DOWN * scale), axis=0), scale)
    horizontal = [rule for _, rule in across]
    vertical = _standing(down, horizontal)
    rules = tuple(horizontal + [rule for _, rule in vertical])
    tables = grids(rules) if rules else []
    if not tables:
        return Ruled(rules, image, [])
    from scipy import ndimage

    ruled = (_only(across_labels, [label for label, _ in across])
             | _only(down_labels, [label for label, _ in vertical]))
    ruled = ndimage.binary_dilation(ruled, iterations=_MARGIN)
    clean = np.array(image)
    ruled = ruled.repeat(step, axis=0).repeat(step, axis=1)[:clean.shape[0], :clean.shape[1]]
    clean[ruled] = 255
    return Ruled(rules, Image.fromarray(clean), tables)


def coarse_ink(pixels: Any, step: int) -> Any:
    """The ink of a greyscale image (an array), at ``1/step`` of its resolution: a pixel
    is ink when any of the ``step`` by ``step`` pixels it stands for is (so that a
    hairline stays, and a sliver one pixel wide along the image's last row or column).

    >>> import numpy as np
    >>> page = np.full((5, 5), 255, dtype=np.uint8)
    >>> page[:, 4] = 0  # a sliver down the last column
    >>> coarse_ink(page, 2).astype(int).tolist()
    [[0, 0, 1], [0, 0, 1], [0, 0, 1]]
    """
    import numpy as np

    dark = pixels < INK
    dark = np.pad(dark, ((0, -dark.shape[0] % step), (0, -dark.shape[1] % step)), mode="edge")
    blocks = dark.reshape(dark.shape[0] // step, step, dark.shape[1] // step, step)
    return blocks.any(axis=(1, 3)).astype(np.uint8)


def _opened(dark: Any, length: int, axis: int) -> Any:
    """The dark pixels that lie on a run of ``length`` dark pixels or more along ``axis``."""
    from scipy import ndimage

    kept = ndimage.minimum_filter1d(dark, length, axis=axis)
    return ndimage.maximum_filter1d(kept, length, axis=axis)


def _pieces(mask: Any, scale: float) -> tuple[Any, list[tuple[int, Rule]]]:
    """The connected pieces of ``mask`` (an array of their labels), and the long thin
    ones as rules, in points, with their labels."""
    from scipy import ndimage

    labels, _ = ndimage.label(mask)
    out = []
    for label, (rows, columns) in enumerate(ndimage.find_objects(labels), start=1):
        height, width = rows.stop - rows.start, columns.stop - columns.start
        if max(width, height) >= _THIN * min(width, height):
            out.append((label, Rule(columns.start / scale, rows.start / scale,
                                    columns.stop / scale, rows.stop / scale)))
    return labels, out


def _only(labels: Any, kept: list[int]) -> Any:
    """The pixels of the pieces labelled ``kept``."""
    import numpy as np

    wanted = np.zeros(int(labels.max()) + 1, dtype=bool)
    wanted[kept] = True
    return wanted[labels]


def _standing(down: list[tuple[int, Rule]],
              horizontal: list[Rule]) -> list[tuple[int, Rule]]:
    """The vertical pieces that are a table's rules: those whose top and bottom both lie
    on horizontal rules, and those whose top does while their bottom is left open at
    the height where ``_OPEN_TOGETHER`` of them or more end (a table's columns over an
    undrawn bottom border)."""
    ends = [(label, rule, _ends_on(rule, rule.top, horizontal),
             _ends_on(rule, rule.bottom, horizontal)) for label, rule in down]
    open_bottoms = [rule.bottom for _, rule, top, bottom in ends if top and not bottom]
    return [(label, rule) for label, rule, top, bottom in ends
            if top and (bottom or sum(abs(rule.bottom - y) <= _TOUCH for y in open_bottoms)
                        >= _OPEN_TOGETHER)]


def _ends_on(rule: Rule, y: float, horizontal: list[Rule]) -> bool:
    """Whether a vertical rule's end at height ``y`` lies on a horizontal rule."""
    x = (rule.x0 + rule.x1) / 2
    return any(h.x0 - _TOUCH <= x <= h.x1 + _TOUCH and h.top - _TOUCH <= y <= h.bottom + _TOUCH
               for h in horizontal)
