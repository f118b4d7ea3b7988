"""Tables on scanned pages: a schedule read from its scan as from its .docx.

The schedules of ``test_pdf_tables`` are typeset by fpdf2 (cells centred vertically,
borders drawn round each cell), scanned here (``fx.scan``), and read with OCR. Their
ruled lines are found in the page image (``loaders/ocr_rules``), whited out, and the
cells read one below another (``loaders/ocr_cells``); the rows and the deadlines must
come out as the .docx gives them. Before, Tesseract ran the lines of neighbouring cells
together ("kiểm HÀ đàn, Tiên đẻ") and the rows were lost.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest
from PIL import Image, ImageDraw, ImageFont

import vbparser
from tests import office_fixtures as office
from tests import pdf_fixtures as fx
from tests.test_pdf_tables import (
    AFTER,
    LONG,
    MERGED_DEADLINES,
    MERGED_SCHEDULE,
    PLAN,
    SCHEDULE,
    row_cells,
    rows,
    table_deadlines,
)
from vbparser.loaders.ocr_cells import stack, unstack, without_tables
from vbparser.loaders.ocr_rules import table_rules
from vbparser.loaders.pdf_fragments import Fragment
from vbparser.model import Document

pytestmark = pytest.mark.skipif(not fx.fonts_available(), reason=(
    "the DejaVu fonts are missing: apt-get install fonts-dejavu-core (make system-deps)"))

SCALE = 300 / 72  # pixels per point of the images drawn here
COLUMNS = (60.0, 90.0, 260.0, 380.0, 520.0)  # a schedule's column edges, in points
ROWS = (100.0, 130.0, 190.0, 250.0)


def docx_rows(cells: fx.Cells) -> list[list[str]]:
    return [row_cells(line) for line in rows(vbparser.parse(office.schedule_docx(PLAN, cells,
                                                                                 AFTER)))]


def without_numbers(doc: Document) -> list[list[str]]:
    """The rows' cells after the first: Tesseract may misread a lone row number."""
    return [row_cells(line)[1:] for line in rows(doc)]


# --- whole scans, read with OCR ----------------------------------------------------------


@pytest.mark.parametrize(("dpi", "tilt", "turns"), [(300, 0.0, ()), (300, -2.0, (180,))],
                         ids=["straight", "tilted-upside-down"])
def test_a_scanned_schedule_gives_the_rows_and_deadlines_of_its_docx(
        tesseract: str, dpi: int, tilt: float, turns: tuple[int, ...]) -> None:
    scan = fx.scan(fx.render_schedule(PLAN, SCHEDULE, AFTER), dpi=dpi, tilt=tilt, turns=turns)
    doc = vbparser.parse(scan)
    reference = vbparser.parse(office.schedule_docx(PLAN, SCHEDULE, AFTER))
    assert "VB104" in [w.code for w in doc.warnings]
    assert without_numbers(doc) == [row[1:] for row in docx_rows(SCHEDULE)]
    assert table_deadlines(doc) == table_deadlines(reference)
    for deadline in doc.deadlines:
        assert doc.text[deadline.span[0]:deadline.span[1]] == deadline.expr


def test_a_scanned_schedule_with_merged_cells_gives_each_row_its_deadline(
        tesseract: str) -> None:
    """A time cell merged down three rows and an actor cell merged down two: the scan's
    grid tells the merged cells as a PDF's does, and each row gets its deadline."""
    doc = vbparser.parse(fx.scan(fx.render_schedule(PLAN, MERGED_SCHEDULE, AFTER), dpi=300))
    assert without_numbers(doc) == [row[1:] for row in docx_rows(MERGED_SCHEDULE)]
    # a line-end "Huyện ủy" may come out as "Huyện Ủy" (one shape for "ủ" and "Ủ")
    assert [(*d[:3], d[3] and d[3].casefold()) for d in table_deadlines(doc)] == [
        (*d[:3], d[3] and d[3].casefold()) for d in MERGED_DEADLINES]


@pytest.mark.slow
def test_a_scanned_word_processor_schedule_keeps_every_date(
        schedules: Callable[[str], bytes], tesseract: str) -> None:
    """The schedule LibreOffice exports, scanned: two dates came out wrong. A cell's
    "11/12/2023" was read as "1.17 122020 ziei", slashes lost and the date come apart,
    and only a word with a slash was read again (``ocr_dates``): the row lost its
    deadline. And "12/12/2023." in the text, read right but unsure (81), was read again
    as "4/12/2023." at confidence 0 and replaced: now a date read as a date gives way
    only to a surer reading."""
    pdf = schedules("libreoffice")
    digital, scanned = vbparser.parse(pdf), vbparser.parse(fx.scan(pdf, 300))
    assert [(d.due, d.bound, d.actor) for d in scanned.deadlines] == [
        (d.due, d.bound, d.actor) for d in digital.deadlines]
    for deadline in scanned.deadlines:
        assert scanned.text[deadline.span[0]:deadline.span[1]] == deadline.expr


def test_a_scanned_table_over_a_page_break_keeps_its_rows(tesseract: str) -> None:
    """Fifteen rows over two pages at 200 dpi: the header repeated on the new page is
    read once, and every row keeps its cells."""
    doc = vbparser.parse(fx.scan(fx.render_schedule(PLAN, LONG, AFTER), dpi=200))
    assert without_numbers(doc) == [row[1:] for row in docx_rows(LONG)]
    assert len({b.page for b in doc.blocks if b.style == "table-row"}) == 2


# --- the rules of a page image -------------------------------------------------------------


def page(draw_table: bool = True, underline: bool = False) -> Image.Image:
    """A white A4 page at 300 dpi with a ruled table of four columns and three rows (a
    text in each cell, centred on its row), and a line of text above it (underlined)."""
    image = Image.new("L", (round(595 * SCALE), round(842 * SCALE)), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(fx.FONT_DIR / fx.FONTS[""]), round(12 * SCALE))
    draw.text((60 * SCALE, 60 * SCALE), "Kế hoạch kiểm điểm năm 2024", font=font, fill=0)
    if underline:
        draw.line([(60 * SCALE, 78 * SCALE), (240 * SCALE, 78 * SCALE)], fill=0,
                  width=round(0.6 * SCALE))
    if not draw_table:
        return image
    width = max(1, round(0.5 * SCALE))
    for x in COLUMNS:
        draw.line([(x * SCALE, ROWS[0] * SCALE), (x * SCALE, ROWS[-1] * SCALE)], fill=0,
                  width=width)
    for y in ROWS:
        draw.line([(COLUMNS[0] * SCALE, y * SCALE), (COLUMNS[-1] * SCALE, y * SCALE)],
                  fill=0, width=width)
    for r in range(len(ROWS) - 1):
        for c in range(len(COLUMNS) - 1):
            middle = (ROWS[r] + ROWS[r + 1]) / 2
            draw.text(((COLUMNS[c] + 4) * SCALE, (middle - 6) * SCALE), "Ủy ban" if c else
                      str(r), font=font, fill=0)
    return image


def test_a_tables_borders_are_found_and_whited_out() -> None:
    image = page()
    ruled = table_rules(image, SCALE)
    (grid,) = ruled.grids
    assert [round(x) for x in grid.xs] == [round(x) for x in COLUMNS]
    assert [round(y) for y in grid.ys] == [round(y) for y in ROWS]
    dark = ruled.image.point(lambda v: 255 if v < 160 else 0)
    for x in COLUMNS:  # no ink left on a border, away from the text
        assert not dark.crop((round(x * SCALE) - 3, round(ROWS[0] * SCALE),
                              round(x * SCALE) + 4, round(ROWS[-1] * SCALE))).getbbox()
    text = (round(92 * SCALE), round(105 * SCALE), round(255 * SCALE), round(125 * SCALE))
    assert ruled.image.crop(text).tobytes() == image.crop(text).tobytes()  # the text stays


def test_a_page_without_a_table_is_read_as_it_is() -> None:
    """An underlined line is a ruled line, but no table: the image is left alone, and
    no letter's stem is taken for a vertical rule."""
    image = page(draw_table=False, underline=True)
    ruled = table_rules(image, SCALE)
    assert ruled.grids == [] and ruled.image is image
    assert all(r.x1 - r.x0 > r.bottom - r.top for r in ruled.rules)  # horizontal only
    assert len(ruled.rules) == 1


def test_the_cells_are_set_one_below_another_and_moved_back() -> None:
    ruled = table_rules(page(), SCALE)
    strip, cells = stack(ruled.image, ruled.grids, SCALE)
    assert strip is not None and len(cells) == 3 * 4  # every cell holds text
    assert all(a.bottom < b.top for a, b in itertools.pairwise(cells))  # one below another
    assert strip.width < (COLUMNS[2] - COLUMNS[1] + 40) * SCALE
    # a word read at the top left of the second cell of the strip lands in its cell
    second = cells[1]
    word = Fragment(1, 12.0, 40.0, second.top + 1, second.top + 13, "Ủy")
    (moved, _, key), = unstack([(word, 90.0, ("1", "1", "1"))], cells)
    assert COLUMNS[1] < moved.x0 < COLUMNS[2] and ROWS[0] < moved.top < ROWS[1]
    assert key[:2] == ("cell", "1")
    body = without_tables(ruled.image, ruled.grids, SCALE)
    inside = (round(COLUMNS[0] * SCALE), round(ROWS[0] * SCALE),
              round(COLUMNS[-1] * SCALE), round(ROWS[-1] * SCALE))
    assert body.crop(inside).getextrema() == (255, 255)
    assert body.crop((0, 0, inside[2], inside[1])).getextrema()[0] < 160  # the line above
