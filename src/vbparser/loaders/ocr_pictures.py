"""Pictures of text on pages that have a text layer: a schedule pasted as a screenshot.

Offices often paste a table into a plan as a picture (a screenshot of a spreadsheet, a
scan of an annex): the page has text, so it is not recognised as a scan is, and the
picture's rows, with their deadlines, would be lost without a word. A page whose text
leaves a wide band empty (``holed``: between its lines, or at its top or foot beyond
the margins) has its pictures looked at (``pictures_of``): one
across at least ``_MIN_WIDTH`` of the page and ``_MIN_HEIGHT`` of its height, with no
text over it (a letterhead under the text is no picture of text). Each is rendered
alone and recognised by Tesseract as a scanned page is (``read_pictures``); what reads
as Vietnamese lines is set into the page where the picture stands, with its ruled lines
(a table in the picture is read cell by cell), and a VB110 warning tells the pages
(VB111 when Tesseract cannot run: only the pictures are lost). A seal or a signature,
narrower, is not looked at; a photograph gives no Vietnamese lines, or gives them with
a low confidence, and is left as it was.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from vbparser.config import Config
from vbparser.errors import OcrError, warning_message
from vbparser.loaders.ocr_tesseract import PageImage, recognise
from vbparser.loaders.pdf_fragments import Fragment, Page, Picture, Rule
from vbparser.model import Warning

_MIN_WIDTH = 0.4   # of the page's width: a picture of text spans most of the text's width
_MIN_HEIGHT = 0.05  # of the page's height: two lines of text or more
# Of the page's height: an empty band between lines that may hold a picture, and one at
# the page's top or foot, where the margin takes 7-12% of the height (Word's 2 cm, a
# browser's print, a last line short of the foot).
_HOLE = 0.08
_EDGE_HOLE = 0.15
# Words a picture must give, the share of them that must be Vietnamese syllables, and
# their mean confidence: Tesseract's Vietnamese model reads syllables into grey noise
# too ("ca", "có", "nói"), but with a confidence under 50.
_MIN_WORDS = 6
_MIN_SYLLABLES = 0.6
_MIN_CONFIDENCE = 70.0
# Points of the page rendered around a picture: its borders must not touch the image's
# edges, where Tesseract's reader takes dark shapes for a scanner's shadow.
_MARGIN = 6.0


def holed(fragments: Sequence[Fragment], height: float) -> bool:
    """Whether a page's lines leave a band of ``_HOLE`` of its height or more empty
    between them, or of ``_EDGE_HOLE`` at its top or foot: where a picture may stand.
    Cheap: it is asked of every page with text, before its objects are looked at.

    >>> lines = [Fragment(1, 70, 500, 60 + 15 * k, 73 + 15 * k, "dòng") for k in range(48)]
    >>> holed(lines, 842.0), holed(lines[:10] + lines[20:], 842.0), holed(lines[:30], 842.0)
    (False, True, True)
    """
    edges = sorted((f.top, f.bottom) for f in fragments)
    reach = 0.0
    for top, bottom in edges:
        if top - reach > (_HOLE if reach else _EDGE_HOLE) * height:
            return True
        reach = max(reach, bottom)
    return height - reach > _EDGE_HOLE * height


def pictures_of(number: int, boxes: Sequence[tuple[float, float, float, float]],
                fragments: Sequence[Fragment], width: float, height: float) -> list[Picture]:
    """The pictures of a page (``boxes``: its images as x0, top, x1, bottom in points
    from the top left) that may hold text: wide and tall enough, with no line of the
    page's text standing on them.

    >>> line = Fragment(1, 70, 500, 100, 113, "Các công việc cụ thể như sau:")
    >>> pictures_of(1, [(70, 120, 520, 400), (350, 600, 470, 700), (0, 0, 595, 842)],
    ...             [line], 595.0, 842.0)
    [Picture(page=1, x0=70, top=120, x1=520, bottom=400)]
    """
    out = []
    for x0, top, x1, bottom in boxes:
        if x1 - x0 < _MIN_WIDTH * width or bottom - top < _MIN_HEIGHT * height:
            continue
        if any(x0 <= (f.x0 + f.x1) / 2 <= x1 and top <= (f.top + f.bottom) / 2 <= bottom
               for f in fragments):
            continue  # text over it: a background, not a picture of text
        out.append(Picture(number, x0, top, x1, bottom))
    return out


def read_pictures(document: Any, pages: list[Page], pictures: Sequence[Picture], cfg: Config,
                  readable: Callable[[list[Page]], float | None]) -> tuple[list[Page], list[Warning]]:
    """Recognise the pictures and set what reads as Vietnamese text into their pages.

    ``readable`` gives the share of a page's words that are Vietnamese syllables
    (``ocr._syllable_share``). Pictures on pages recognised whole are skipped by the
    caller. Tesseract missing or failing costs the pictures only: a VB111 warning.
    """
    if not pictures or cfg.ocr == "never":
        return pages, []
    workers = min(cfg.ocr_workers or os.cpu_count() or 1, len(pictures))
    try:
        result = recognise(_crops(document, pictures, cfg.ocr_dpi), cfg.ocr_language,
                           cfg.ocr_dpi, workers, cfg.ocr_timeout)
    except OcrError as exc:
        where = ", ".join(str(p) for p in sorted({p.page for p in pictures}))
        return pages, [Warning("VB111", f"{warning_message('VB111')}: pages {where} ({exc})")]
    read: dict[int, list[tuple[Picture, Page]]] = {}
    for picture, page in zip(pictures, result.pages):
        words = sum(len(f.text.split()) for f in page.fragments)
        share = readable([page])
        if (words >= _MIN_WORDS and share is not None and share >= _MIN_SYLLABLES
                and result.page_confidence.get(page.number, 0.0) >= _MIN_CONFIDENCE):
            read.setdefault(picture.page, []).append((picture, page))
    if not read:
        return pages, []
    out = [_set_in(page, read[page.number]) if page.number in read else page for page in pages]
    where = ", ".join(f"{n} ({len(read[n])} picture{'s' if len(read[n]) > 1 else ''})"
                      for n in sorted(read))
    return out, [Warning("VB110", f"{warning_message('VB110')}: pages {where}, mean "
                                  f"confidence {result.confidence:.0f}%")]


def _crops(document: Any, pictures: Sequence[Picture], dpi: int) -> Iterator[PageImage]:
    """Render each picture's part of its page with ``_MARGIN`` around it (``_framed``),
    numbered in order."""
    scale = dpi / 72
    for k, picture in enumerate(pictures):
        page = document[picture.page - 1]
        try:
            width, height = page.get_size()
            x0, top, x1, bottom = _framed(picture, width, height)
            image = page.render(scale=scale, crop=(x0, height - bottom, width - x1,
                                                   top)).to_pil()
        finally:
            page.close()
        yield PageImage(k + 1, _blank_around(image, scale, (picture.x0 - x0, picture.top - top,
                                                            picture.x1 - x0, picture.bottom - top)),
                        scale, x1 - x0, bottom - top)


def _blank_around(image: Any, scale: float, box: tuple[float, float, float, float]) -> Any:
    """The image with all but ``box`` (points from its top left) painted white: the
    margin keeps the picture's borders off the edges, but the page's own lines beside
    it are not to be read again."""
    from PIL import Image

    blank = Image.new(image.mode, image.size, "white")
    left, top, right, bottom = (round(v * scale) for v in box)
    blank.paste(image.crop((left, top, right, bottom)), (left, top))
    return blank


def _framed(picture: Picture, width: float, height: float) -> tuple[float, float, float, float]:
    """The part of the page rendered for a picture: its box and ``_MARGIN`` around it,
    within the page."""
    return (max(0.0, picture.x0 - _MARGIN), max(0.0, picture.top - _MARGIN),
            min(width, picture.x1 + _MARGIN), min(height, picture.bottom + _MARGIN))


def _set_in(page: Page, read: list[tuple[Picture, Page]]) -> Page:
    """A page with the lines and ruled lines recognised in its pictures set in where the
    pictures stand."""
    fragments = list(page.fragments)
    rules = list(page.rules)
    for picture, found in read:
        dx, dy = _framed(picture, page.width, page.height)[:2]
        fragments += [f._replace(page=page.number, x0=f.x0 + dx, x1=f.x1 + dx, top=f.top + dy,
                                 bottom=f.bottom + dy) for f in found.fragments]
        rules += [Rule(r.x0 + dx, r.top + dy, r.x1 + dx, r.bottom + dy) for r in found.rules]
    return Page(page.number, page.width, page.height, tuple(fragments), tuple(rules))
