"""PDF pages stored turned: read as the reader who turns them reads them.

A landscape page (an appendix's schedule) often comes stored on a portrait sheet with
its text running up or down, shown upright by ``/Rotate``; or set sideways with no
``/Rotate`` at all, for the reader to turn. ``fx.turned`` makes such pages from upright
PDFs of three producers (fpdf2, Chromium, LibreOffice), drawing each page's own objects
turned, as a driver writes them. Whatever the turn, a plan must read exactly as its
upright PDF does: the same text, so the same spans, items and pages. Both engines are
held to it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest

import vbparser
from tests import pdf_fixtures as fx
from tests.test_pdf import corpus_golds
from tests.test_pdf_tables import LONG, rows, table_deadlines
from vbparser.config import Config
from vbparser.errors import warning_message
from vbparser.loaders import load_path
from vbparser.model import Document

pytestmark = pytest.mark.skipif(not fx.fonts_available(), reason=(
    "the DejaVu fonts are missing: apt-get install fonts-dejavu-core (make system-deps)"))

ENGINES = ["pdfium", "pdfplumber"]
# (turn of the text on the stored sheet, /Rotate set to show it upright, pages turned)
TURNS = [(270, True, ()), (90, True, ()), (180, True, ()), (90, False, ()), (270, False, ())]
TABLE_TURNS = [(270, True, ()), (90, False, (2, 3)), (180, True, (2,))]


@pytest.fixture(scope="session")
def plan_pdf() -> tuple[bytes, Path]:
    """A corpus plan with gold, typeset with a running header and page numbers."""
    golds = corpus_golds()
    if not golds:
        pytest.skip("the corpus has no gold yet")
    path = golds[0].parent.parent / "docs" / f"{golds[0].stem}.txt"
    text = load_path(path).text
    return fx.render_plan(text, fx.layout_for(text, running_header="Kế hoạch",
                                              footer="trang")), path


def _items(doc: Document) -> dict[str, object]:
    """What a parse found, without the source (its bytes differ)."""
    found = doc.to_dict()
    return {key: value for key, value in found.items() if key != "source"}


def test_the_fixture_stores_pages_turned(plan_pdf: tuple[bytes, Path]) -> None:
    upright = pdfium.PdfDocument(plan_pdf[0])
    turned = pdfium.PdfDocument(fx.turned(plan_pdf[0], 270, pages=(2,)))
    try:
        assert turned[1].get_rotation() == 90 and turned[0].get_rotation() == 0
        assert turned[1].get_size() == pytest.approx(upright[1].get_size())  # shown upright
        left, bottom, right, top = turned[1].get_bbox()  # stored landscape
        assert right - left > top - bottom
        assert turned[1].get_textpage().get_text_range() == \
            upright[1].get_textpage().get_text_range()
    finally:
        upright.close()
        turned.close()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("turn", "rotate", "pages"), TURNS)
def test_a_turned_plan_reads_as_its_upright_pdf(
        engine: str, turn: int, rotate: bool, pages: tuple[int, ...],
        plan_pdf: tuple[bytes, Path]) -> None:
    config = Config(pdf_engine=engine)
    upright = vbparser.parse(plan_pdf[0], config=config)
    doc = vbparser.parse(fx.turned(plan_pdf[0], turn, pages, rotate), config=config)
    assert doc.text == upright.text
    assert _items(doc) == _items(upright)
    assert doc.deadlines and doc.sections and doc.meta.issuer.name
    assert [(b.start, b.page) for b in doc.blocks] == [(b.start, b.page) for b in upright.blocks]
    for deadline in doc.deadlines:  # spans still point at the words they came from
        start, end = deadline.span
        assert doc.text[start:end] == deadline.expr
        assert doc.block_at(deadline.span) == upright.block_at(deadline.span)


@pytest.mark.parametrize("producer", ["fpdf2", "chromium", "libreoffice"])
@pytest.mark.parametrize(("turn", "rotate", "pages"), TABLE_TURNS)
def test_a_schedule_on_turned_pages_keeps_its_rows_and_deadlines(
        producer: str, turn: int, rotate: bool, pages: tuple[int, ...],
        schedules: Callable[[str], bytes]) -> None:
    pdf = schedules(producer)
    for engine in ENGINES:
        config = Config(pdf_engine=engine)
        upright = vbparser.parse(pdf, config=config)
        doc = vbparser.parse(fx.turned(pdf, turn, pages, rotate), config=config)
        assert len(rows(doc)) == len(LONG), (engine, rows(doc))
        assert rows(doc) == rows(upright), engine
        assert table_deadlines(doc) == table_deadlines(upright), engine
        assert doc.text == upright.text, engine


def _set_aside(doc: Document) -> list[str]:
    return [w.message for w in doc.warnings if w.code == "VB109"]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("rotate", [True, False])
def test_an_upright_stamp_on_a_turned_page_is_set_aside(
        engine: str, rotate: bool, schedules: Callable[[str], bytes]) -> None:
    """A line running across a turned page's text is kept out of the text, where it
    would cut the table that runs over the page, and quoted in a VB109 warning; a page
    number goes without one, as on an upright page."""
    pdf = schedules("fpdf2")
    config = Config(pdf_engine=engine)
    upright = vbparser.parse(pdf, config=config)
    numbered = vbparser.parse(fx.turned(pdf, 270, (2,), rotate, page_label="Trang 2"),
                              config=config)
    assert numbered.text == upright.text and not _set_aside(numbered)
    stamped = vbparser.parse(fx.turned(pdf, 270, (2,), rotate, page_label="BAN SAO"),
                             config=config)
    assert stamped.text == upright.text
    assert table_deadlines(stamped) == table_deadlines(upright)
    assert _set_aside(stamped) == [f"{warning_message('VB109')}: page 2: 'BAN SAO'"]


@pytest.mark.parametrize("producer", ["fpdf2", "chromium", "libreoffice"])
def test_a_note_up_the_margin_of_an_upright_page_is_set_aside(
        producer: str, schedules: Callable[[str], bytes]) -> None:
    """A draft's mark running up the margin of the pages a schedule runs over: before,
    its letters were read in pieces among the rows ("BA", "N", "DU", …) or inside one."""
    note = "BAN DU THAO - KHONG PHAT HANH"
    pdf = schedules(producer)
    for engine in ENGINES:
        config = Config(pdf_engine=engine)
        upright = vbparser.parse(pdf, config=config)
        doc = vbparser.parse(fx.margin_note(pdf, note, (2, 3)), config=config)
        assert doc.text == upright.text, engine
        assert table_deadlines(doc) == table_deadlines(upright), engine
        assert _set_aside(doc) == [
            f"{warning_message('VB109')}: page 2: {note!r}; page 3: {note!r}"], engine


@pytest.mark.parametrize("producer", ["fpdf2", "libreoffice"])
def test_a_slanted_watermark_across_the_pages_is_set_aside(
        producer: str, schedules: Callable[[str], bytes]) -> None:
    """A copy's mark set large at 45° across the pages a schedule runs over is kept out
    of the text and quoted in a VB109 warning: before, its letters were read into the
    lines and the table cells they crossed ("kiểm điểm tập B thể"), and a closing it
    crossed came out of order ("Vũ Đình Thạc" above "PHÓ BÍ THƯ")."""
    mark = "BAN SAO"
    pdf = schedules(producer)
    config = Config(pdf_engine="pdfium")
    upright = vbparser.parse(pdf, config=config)
    doc = vbparser.parse(fx.watermark(pdf, mark, (1, 2)), config=config)
    assert doc.text == upright.text
    assert table_deadlines(doc) == table_deadlines(upright)
    assert _set_aside(doc) == [
        f"{warning_message('VB109')}: page 1: {mark!r}; page 2: {mark!r}"]


@pytest.mark.parametrize("producer", ["chromium", "libreoffice"])
def test_a_header_cell_set_running_up_is_read_into_its_cell(
        producer: str, schedules: Callable[[str], bytes]) -> None:
    """A narrow column's header set running up (Word's text direction, CSS's
    writing-mode), as schedules often set "TT" and "Thời gian": before, its lines were
    set aside as running across the page, with a VB109 warning, and the header row came
    out with those cells empty ("| Nội dung công việc | | Đơn vị chủ trì | …"). They
    are read in their own direction into their cell now, with both engines."""
    from tests import office_fixtures as office
    from tests.test_pdf_tables import AFTER, PLAN

    plain = schedules(producer)  # skips without the producer
    pdf = (fx.print_html(fx.schedule_html(PLAN, LONG, AFTER, running_up=(0, 2)))
           if producer == "chromium" else
           office.export_pdfs({"plan": office.schedule_docx(PLAN, LONG, AFTER,
                                                            running_up=(0, 2))})["plan"])
    for engine in ENGINES:
        config = Config(pdf_engine=engine)
        doc, upright = vbparser.parse(pdf, config=config), vbparser.parse(plain, config=config)
        assert rows(doc)[0] == " | ".join(LONG[0]), engine
        assert rows(doc) == rows(upright), engine
        assert table_deadlines(doc) == table_deadlines(upright), engine
        assert not _set_aside(doc), engine


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_a_page_drawn_as_glyph_outlines_is_recognised(
        engine: str, schedules: Callable[[str], bytes], tesseract: str) -> None:
    """A page whose text is drawn as glyph outlines (a "flattened" print) has no text:
    before, it was left out without a word (the schedule's 11 rows on it and their
    deadlines were lost); it is recognised as a scan is, with a VB104 warning."""
    pdf = schedules("fpdf2")
    config = Config(pdf_engine=engine)
    upright = vbparser.parse(pdf, config=config)
    drawn = fx.outlined(pdf, (2,))
    document = pdfium.PdfDocument(drawn)
    try:
        assert not document[1].get_textpage().get_text_range().strip()
    finally:
        document.close()
    doc = vbparser.parse(drawn, config=config)
    recognised = [w.message for w in doc.warnings if w.code == "VB104"]
    assert len(recognised) == 1 and "pages 2 (no text layer)" in recognised[0]
    assert table_deadlines(doc) == table_deadlines(upright)
    assert len(rows(doc)) == len(LONG)
    row_pages = [b.page for b in doc.blocks
                 if doc.source_text[b.start:b.end].startswith(("1 |", "11 |"))]
    assert row_pages == [2, 2]  # the first and last rows on the page, from its picture
