"""The pdfium engine: pypdfium2 text pages read into positioned line fragments.

pdfium's text already comes in lines; each line costs a handful of calls (the loose
boxes of its first and last characters, its font, the number of text runs to find wide
gaps), so the layout adds little to bare extraction (``benchmarks/pdf.py``). Fonts are
described once: bold by weight or name, and whether pdfium made up their metrics
(fonts that state no ascent, as LibreOffice's subsets), for which line
boxes are made from the baselines and font sizes. A page whose fragments show the sign
of a data table (``pdf_tables.table_sign``) also has its ruled lines read
(``pdf_objects.ruled_lines``), and is read again cut at its vertical rules when a line
runs across one. A page whose text runs up, down or upside down is read turned
upright, character by character (``pdf_turns``); a page whose lines leave a band empty
has its pictures looked at (``ocr_pictures``). Nothing from pdfium leaves this module
but ``Fragment``\\ s, ``Rule``\\ s and ``Page``\\ s; ``pdf_pages`` reads a document's pages
with it.
"""

from __future__ import annotations

import ctypes
import math
import re
from typing import NamedTuple

from vbparser.loaders import pdf_turns as turns
from vbparser.loaders.ocr_pictures import holed, pictures_of
from vbparser.loaders.pdf_fragments import (
    Fragment,
    Page,
    Picture,
    Rule,
    wide_gap,
)
from vbparser.loaders.pdf_objects import image_boxes, ruled_lines, scanned_rules, unchecked
from vbparser.loaders.pdf_tables import crossed_walls, table_sign

try:  # pypdfium2 is a core dependency; keep the message clear if absent
    import pypdfium2 as pdfium  # type: ignore[import-untyped]
    import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]
except ImportError as exc:  # pragma: no cover
    raise ImportError("reading PDF needs pypdfium2: pip install pypdfium2") from exc

__all__ = ["Fonts", "pdfium", "read_page"]

_FORCE_BOLD = 1 << 18  # PDF font descriptor flag
_SPACES = re.compile(" +")
# pdfium's mark for a hyphen that ends a page line before a word goes on in the next
# one, where it writes no line break ("...NĐ" + mark + "CP ...": Chromium breaks a line
# after the hyphen of a document code).
_LINE_END_HYPHEN = "\ufffe"
# The box around the baseline given to characters of fonts with glyph boxes (``_Font``):
# a typical face's ascent and descent, in ems (DejaVu 0.93 and 0.24, Times 0.89 and 0.22).
_ASCENT, _DESCENT = 0.9, 0.23
# A font's ascent less its descent, in ems, under which pdfium made them up from glyphs:
# real faces span 1.1-1.2 (DejaVu 0.93 + 0.24, Times 0.89 + 0.22), LibreOffice's subsets,
# which state /Ascent 0 /Descent 0, come out 0.70-0.82 tall with descents of 0-0.18.
_MADE_UP_HEIGHT = 1.05


_loose_char_box = unchecked(pdfium_c.FPDFText_GetLooseCharBox)
_count_rects = unchecked(pdfium_c.FPDFText_CountRects)
_font_weight = unchecked(pdfium_c.FPDFText_GetFontWeight)
_text_object = unchecked(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p)
_object_font = unchecked(pdfium_c.FPDFTextObj_GetFont, ctypes.c_void_p)
_object_font.argtypes = (ctypes.c_void_p,)  # a handle as an int, which must not be cut to 32 bits
_char_origin = unchecked(pdfium_c.FPDFText_GetCharOrigin)
_font_ascent = unchecked(pdfium_c.FPDFFont_GetAscent)
_font_ascent.argtypes = (ctypes.c_void_p, ctypes.c_float, ctypes.c_void_p)
_font_descent = unchecked(pdfium_c.FPDFFont_GetDescent)
_font_descent.argtypes = (ctypes.c_void_p, ctypes.c_float, ctypes.c_void_p)
_font_size = unchecked(pdfium_c.FPDFText_GetFontSize, ctypes.c_double)
_char_angle = unchecked(pdfium_c.FPDFText_GetCharAngle, ctypes.c_float)


class _Font(NamedTuple):
    """What a font tells about its characters, found once for a document (``_TextPage.font``).

    ``glyph_boxes``: pdfium's loose boxes of its characters follow their glyphs, not the
    font's ascent and descent. LibreOffice writes ``/Ascent 0 /Descent 0`` for its subset
    fonts, and pdfium then makes up metrics from some glyphs of the subset (``_made_up``):
    a box reaches above them only where a glyph does (an accented capital "Ủ"). Lines
    set in such a font get boxes made from their baselines and font sizes instead
    (``_TextPage.em_box``), so that a line of short letters ("nhân.") is as tall as the
    line above it and as one opening with "Ủy".
    """

    bold: bool
    glyph_boxes: bool


# The fonts of a document, described once by name (``read_page``).
Fonts = dict[bytes, _Font]


class _TextPage:
    """One pdfium text page read into fragments, with reused ctypes buffers.

    Most lines cost six calls: the number of text runs (to find wide gaps), the loose
    boxes of the first and last characters, and the font of the first character (of the
    last one too when the first is bold), described once a page (``font``). A
    line of several runs is cut at the spaces inside wide gaps: the boxes of the
    characters around each run of spaces tell the gap, a few calls per space (some
    producers, such as Chromium, write a line as dozens of runs, so reading every run's
    rectangle would cost far more).
    """

    def __init__(self, raw: object, number: int, top: float, left: float,
                 known: dict[bytes, _Font] | None = None, turn: int = 0) -> None:
        self.raw = raw
        self.number = number
        self.top = top  # the page's top and left in PDF space (turned upright by ``turn``)
        self.left = left
        self.turn = turn  # the way the page's text runs (``pdf_turns``)
        self.across: list[int] = []  # characters running across it (``aside``)
        self.text = ""
        self.rect = pdfium_c.FS_RECTF()
        self.rect_ref = ctypes.byref(self.rect)
        self.name = ctypes.create_string_buffer(128)
        self.flags = ctypes.c_int()
        self.x, self.y = ctypes.c_double(), ctypes.c_double()
        self.fonts: dict[int | None, _Font] = {}  # by the font's handle on this page
        self.known = {} if known is None else known  # by the font's name, for the document
        # vertical rules a line is cut at, in PDF space: (x, bottom, top); see ``cuts``
        self.walls: list[tuple[float, float, float]] = []
        # a slanted character met on its own (a watermark's letter, ``aside``), and then
        # all the page's slanted characters, which are cut out of the lines (``line``)
        self.slant_seen = False
        self.slants: frozenset[int] = frozenset()

    def fragments(self, text: str) -> list[Fragment]:
        """The page's text (lines joined by CRLF, as pdfium gives it) as fragments.

        A line holding pdfium's line-end hyphen mark is two page lines or more: it is cut
        after each mark, which becomes the hyphen it stands for. Lines that run across
        the page are set aside (``aside``).
        """
        out: list[Fragment] = []
        self.text = text
        self.across = []
        hyphens = _LINE_END_HYPHEN in text
        pos = 0
        for line in text.split("\r\n"):
            if hyphens and _LINE_END_HYPHEN in line:
                *heads, line = line.split(_LINE_END_HYPHEN)
                for head in heads:
                    self.line(f"{head}-", pos, out)  # the mark's box is the hyphen's
                    pos += len(head) + 1
            self.line(line, pos, out)
            pos += len(line) + 2
        return out

    def line(self, line: str, pos: int, out: list[Fragment]) -> None:
        """Append the fragments of one line, starting at char ``pos``, to ``out``.

        The slanted characters of a page known to hold them (``slants``) are set aside
        first, and the runs between them read as lines: pdfium writes a watermark's
        letters into the lines they cross ("kiểm điểm tập B thể chi ủy").
        """
        end = pos + len(line)
        if self.slants and (cuts := sorted(self.slants.intersection(range(pos, end)))):
            self.across += cuts
            for a, b in zip([pos, *(c + 1 for c in cuts)], [*cuts, end]):
                if b > a:
                    self.line(self.text[a:b], a, out)
            return
        stripped = line.strip()
        if stripped:
            first = pos + len(line) - len(line.lstrip())
            if len(stripped) <= 3 and self.aside(first, first + len(stripped) - 1):
                return
            # only a line with a space can be cut into columns (see ``cuts``)
            if " " in stripped and _count_rects(self.raw, first, len(stripped)) > 1:
                self.split(stripped, first, out)
            else:
                self.fragment(stripped, first, first + len(stripped) - 1, out)

    def fragment(self, text: str, i0: int, i1: int, out: list[Fragment]) -> None:
        """Append the fragment of characters ``i0..i1``: loose boxes of its ends, and weight.

        When the last character lies wholly below the first, pdfium has written two page
        lines as one (a body line and a table cell that starts just below it, as Chromium
        prints them): the text is cut where the characters drop to the lower line.
        """
        raw, rect, ref = self.raw, self.rect, self.rect_ref
        font = self.font(i0)
        _loose_char_box(raw, i0, ref)
        x0, x1, high, low = rect.left, rect.right, rect.top, rect.bottom
        if font.glyph_boxes:
            high, low = self.em_box(i0)
        if i1 != i0:
            _loose_char_box(raw, i1, ref)
            x1, top, bottom = rect.right, rect.top, rect.bottom
            if font.glyph_boxes:
                top, bottom = self.em_box(i1)
            if (top < low or bottom > high) and self.aside(i0, i1):
                return
            if top < low:
                cut = self.drop(i0, i1, (low + top) / 2) - i0
                self.line(text[:cut], i0, out)
                self.line(text[cut:], i0 + cut, out)
                return
            high, low = max(high, top), min(low, bottom)
        bold = font.bold and (i1 == i0 or self.font(i1).bold)  # may reuse ``rect``
        out.append(Fragment(self.number, x0 - self.left, x1 - self.left, self.top - high,
                            self.top - low, text, bold))

    def drop(self, i0: int, i1: int, level: float) -> int:
        """The first of the characters ``i0..i1`` whose middle lies below ``level``
        (``i1``'s does, ``i0``'s does not), by bisection: the line above comes first."""
        raw, rect, ref = self.raw, self.rect, self.rect_ref
        while i1 - i0 > 1:
            mid = (i0 + i1) // 2
            _loose_char_box(raw, mid, ref)
            if rect.top + rect.bottom < 2 * level:
                i1 = mid
            else:
                i0 = mid
        return i1

    def em_box(self, index: int, turn: int = 0) -> tuple[float, float]:
        """The top and bottom of a box of one em around a character's baseline (on a
        page turned upright by ``turn``)."""
        _char_origin(self.raw, index, ctypes.byref(self.x), ctypes.byref(self.y))
        size = _font_size(self.raw, index)
        y = self.y.value
        if turn:
            y = turns.upright_point(turn, self.x.value, y)[1]
        return y + _ASCENT * size, y - _DESCENT * size

    def upright(self, index: int, turn: int) -> tuple[float, float, float, float]:
        """A character's box turned upright by ``turn`` (``pdf_turns``): its left,
        right, top and bottom, the last two those of ``em_box`` in a font with glyph
        boxes."""
        _loose_char_box(self.raw, index, self.rect_ref)
        r = self.rect
        x0, low, x1, high = turns.upright_box(turn, r.left, r.bottom, r.right, r.top)
        if self.font(index).glyph_boxes:
            high, low = self.em_box(index, turn)
        return x0, x1, high, low

    def aside(self, i0: int, i1: int) -> bool:
        """Set the characters ``i0..i1`` aside as running across the page when the
        first one does (a note up the margin): checked for short lines and lines whose
        ends stand one above the other, the shape pdfium gives such text; a slanted
        line (a watermark, ``pdf_turns.slanted``) runs across the page whichever way."""
        degrees = math.degrees(radians := _char_angle(self.raw, i0))
        if radians >= 0 and turns.slanted(degrees):
            self.slant_seen = True
        elif turns.quarter(degrees) == self.turn:
            return False
        self.across += [i for i in range(i0, i1 + 1) if not self.text[i].isspace()]
        return True

    def slanted(self, index: int) -> bool:
        """Whether a character is set at a slant (``pdf_turns.slanted``)."""
        radians = _char_angle(self.raw, index)
        return radians >= 0 and turns.slanted(math.degrees(radians))

    def quarter(self, index: int) -> int:
        """The way a character runs, as a quarter turn (``pdf_turns.quarter``)."""
        return turns.quarter(math.degrees(_char_angle(self.raw, index)))

    def font(self, index: int) -> _Font:
        """The font of a character (``_Font``), looked up by its handle on the page.

        A font met for the first time on the page is described once for the document,
        by its name: whether it is bold, and whether its metrics are made up.
        """
        handle = _object_font(_text_object(self.raw, index))
        found = self.fonts.get(handle)
        if found is None:
            named = pdfium_c.FPDFText_GetFontInfo(self.raw, index, self.name, 128,
                                                  ctypes.byref(self.flags)) > 0
            found = self.known.get(self.name.value) if named else None
            if found is None:
                found = _Font(self.bold(index, named), _made_up(handle))
                if named:
                    self.known[self.name.value] = found
            self.fonts[handle] = found
        return found

    def bold(self, index: int, named: bool) -> bool:
        """Bold by the font's weight, or by name and flags (just read into ``self.name``
        and ``self.flags`` when ``named``) when the weight says less.

        pdfium guesses a weight from the stems when the font does not state it, and a
        bold subset font without one can come out under 600 (Chromium's
        "DejaVuSerif-Bold" at 455, its regular face at 380; LibreOffice's
        "DejaVuSerif-Bold" at 400, as its regular face): the name decides then.
        """
        if _font_weight(self.raw, index) >= 600:
            return True
        return named and (b"bold" in self.name.value.lower()
                          or bool(self.flags.value & _FORCE_BOLD))

    def split(self, text: str, first: int, out: list[Fragment]) -> None:
        """Append a line of several text runs (starting at char ``first``), cut at wide
        gaps."""
        cuts = self.cuts(text, first)
        if not cuts:
            self.fragment(text, first, first + len(text) - 1, out)
            return
        for a, b in zip([first, *cuts], [*cuts, first + len(text)]):
            piece = text[a - first:b - first]
            stripped = piece.strip()
            if stripped:
                i0 = a + len(piece) - len(piece.lstrip())
                self.fragment(stripped, i0, i0 + len(stripped) - 1, out)

    def cuts(self, text: str, first: int) -> list[int]:
        """Indexes where a line splits into columns: at the spaces of a wide gap.

        A run of spaces is a gap as wide as from the right edge of the character before
        it to the left edge of the one after it; when that is wider than ``wide_gap``,
        each space of the run whose box lies in the gap is a cut. When a wall (a table's
        vertical rule, ``walls``) stands in a narrower gap, or in one that runs back to
        the left, the run's first space is the cut.
        """
        gap = wide_gap(self.height(first))
        cuts = []
        for run in _SPACES.finditer(text, 1, len(text) - 1):
            a, b = run.span()
            lo = self.box(first + a - 1)[1]
            hi = self.box(first + b)[0]
            if hi - lo <= gap:
                if self.walls and self.walled(lo, hi):
                    cuts.append(first + a)
                continue
            for k in range(a, b):
                x0, x1 = self.box(first + k)
                if lo - 1 <= x0 and x1 <= hi + 1:
                    cuts.append(first + k)
        return cuts

    def walled(self, lo: float, hi: float) -> bool:
        """Whether a wall stands between ``lo`` and ``hi`` (in either order: a line may
        run back to the left, ``pdf_tables.crossed_walls``) at the height of the
        character whose box was read last."""
        middle = (self.rect.top + self.rect.bottom) / 2
        lo, hi = min(lo, hi), max(lo, hi)
        return any(lo <= x <= hi and bottom <= middle <= top for x, bottom, top in self.walls)

    def height(self, index: int) -> float:
        _loose_char_box(self.raw, index, self.rect_ref)
        return float(self.rect.top - self.rect.bottom)

    def box(self, index: int) -> tuple[float, float]:
        """The left and right edges of a character's loose box."""
        _loose_char_box(self.raw, index, self.rect_ref)
        return self.rect.left, self.rect.right


def _made_up(handle: int | None) -> bool:
    """Whether pdfium made up a font's ascent and descent from its glyphs (``_Font``):
    their span is short of any real face's (``_MADE_UP_HEIGHT``)."""
    if handle is None:
        return False
    ascent, descent = ctypes.c_float(), ctypes.c_float()
    if not (_font_ascent(handle, ctypes.c_float(1.0), ctypes.byref(ascent))
            and _font_descent(handle, ctypes.c_float(1.0), ctypes.byref(descent))):
        return False
    return ascent.value - descent.value < _MADE_UP_HEIGHT


def read_page(page: pdfium.PdfPage, number: int, fonts: Fonts,
                 ruled: bool = False) -> tuple[Page, list[str], list[Picture]]:
    """A page's fragments, and its ruled lines when the fragments show the sign of a data
    table or the page before had ruled lines (``ruled``); read again, cut at the
    vertical rules, when a fragment runs across one. Also the lines set aside as running
    across the page, and the pictures on it that may hold text, looked for when its
    lines leave a band empty (``ocr_pictures``)."""
    textpage = page.get_textpage()
    rules: tuple[Rule, ...] = ()
    try:
        text = textpage.get_text_range()
        turn = turns.text_turn(text, lambda i: _char_angle(textpage.raw, i))
        left, bottom, right, top = turns.upright_box(turn, *page.get_bbox())
        reader = _TextPage(textpage.raw, number, top, left, fonts, turn)
        read = turns.turned_fragments if turn else _TextPage.fragments
        fragments = read(reader, text)
        if reader.slant_seen:  # a watermark: its letters may sit inside other lines too
            reader.slants = frozenset(i for i, ch in enumerate(text)
                                      if not ch.isspace() and reader.slanted(i))
            fragments = read(reader, text)
        if ruled or reader.across or table_sign(fragments, top - bottom):
            rules = ruled_lines(page.raw, top, left, turn)
            if not rules and not turn:  # a scan with a text layer: rules only as pixels
                rules = scanned_rules(page, top, left, right - left, top - bottom)
            walls = crossed_walls(fragments, rules)
            if walls:
                reader.walls = [(left + (w.x0 + w.x1) / 2, top - w.bottom, top - w.top)
                                for w in walls]
                fragments = read(reader, text)
        marks = _slanted_runs(text, reader.slants)
        if reader.slants:  # a watermark's letters are no cell's text, whatever they cross
            reader.across = [i for i in reader.across if i not in reader.slants]
        notes = turns.notes(reader, text) if reader.across else []
        if notes and rules:  # a cell's text set running up or down
            held, notes = turns.into_cells(notes, rules, number)
            fragments += held
    finally:
        textpage.close()
    width, height = right - left, top - bottom
    pictures = []
    # pictures are rendered as shown: looked for when the text is upright as shown
    if fragments and (turn + page.get_rotation()) % 360 == 0 and holed(fragments, height):
        pictures = pictures_of(number, image_boxes(page, top, left, turn), fragments, width,
                               height)
    return (Page(number, width, height, tuple(fragments), rules),
            [n.text for n in notes] + marks, pictures)


def _slanted_runs(text: str, slants: frozenset[int]) -> list[str]:
    """The runs of a page's slanted characters as pdfium wrote them, each a watermark's
    words ("BAN SAO"): characters apart by nothing but spaces are one run.

    >>> _slanted_runs("Kế hoạch\\r\\nBAN SAO", frozenset({10, 11, 12, 14, 15, 16}))
    ['BAN SAO']
    """
    runs: list[str] = []
    start = last = -1
    for index in sorted(slants):
        if start < 0 or text[last + 1:index].strip():
            if start >= 0:
                runs.append(text[start:last + 1])
            start = index
        last = index
    if start >= 0:
        runs.append(text[start:last + 1])
    return runs
