"""Pictures of text on pages with a text layer (``loaders/ocr_pictures``), and tables whose
bottom border is left undrawn above a page break, in scans.

A schedule pasted into a plan as a picture (``fx.pictured_tables``: the part of each
page inside the table's borders rendered at 150 dpi and set where it stood) must give
the rows and deadlines its digital table gives; a picture that holds no text (a
photograph), or one too small to (a seal), leaves the text as it was.
"""

from __future__ import annotations

from collections.abc import Callable

import pypdfium2 as pdfium
import pytest

import vbparser
from tests import pdf_fixtures as fx
from tests.test_pdf_tables import LONG, rows, table_deadlines
from vbparser.config import Config
from vbparser.errors import OcrError, warning_message
from vbparser.loaders.ocr_rules import _standing
from vbparser.loaders.pdf_fragments import Rule
from vbparser.model import Document

pytestmark = pytest.mark.skipif(not fx.fonts_available(), reason=(
    "the DejaVu fonts are missing: apt-get install fonts-dejavu-core (make system-deps)"))


def _codes(doc: Document, code: str) -> list[str]:
    return [w.message for w in doc.warnings if w.code == code]


def _with_image(pdf: bytes, page: int, box: tuple[float, float, float, float],
                noise: bool) -> bytes:
    """The PDF with an image set on a page at ``box`` (left, bottom, right, top): grey
    noise, as a photograph reads, or a red disc, as a seal."""
    import numpy as np
    from PIL import Image, ImageDraw

    left, bottom, right, top = box
    size = (int((right - left) * 2), int((top - bottom) * 2))
    if noise:
        pixels = np.random.default_rng(7).integers(0, 255, (size[1], size[0]), dtype=np.uint8)
        picture = Image.fromarray(pixels).convert("RGB")
    else:
        picture = Image.new("RGB", size, "white")
        ImageDraw.Draw(picture).ellipse((0, 0, *size), outline="red", width=6)
    return fx.edit_pages(pdf, (page,), lambda document, target: fx.place_image(
        document, target, picture, box))


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_a_schedule_pasted_as_a_picture_reads_as_the_digital_one(
        engine: str, schedules: Callable[[str], bytes], tesseract: str) -> None:
    pdf = schedules("fpdf2")
    config = Config(pdf_engine=engine)
    digital = vbparser.parse(pdf, config=config)
    pictured = fx.pictured_tables(pdf)
    document = pdfium.PdfDocument(pictured)
    try:  # the rows on page 3 are gone from its text layer, the text before them kept
        text = document[2].get_textpage().get_text_range()
        assert "Chi bộ Trạm Y tế" not in text and "Nơi nhận" in text
    finally:
        document.close()
    doc = vbparser.parse(pictured, config=config)
    [recognised] = _codes(doc, "VB110")
    assert recognised.startswith(f"{warning_message('VB110')}: pages 3 (1 picture), mean "
                                 "confidence ")
    assert len(rows(doc)) == len(LONG)
    assert table_deadlines(doc) == table_deadlines(digital)
    row_pages = {b.page for b in doc.blocks
                 if doc.source_text[b.start:b.end].startswith(("12 |", "14 |"))}
    assert row_pages == {3}


@pytest.mark.slow
@pytest.mark.parametrize("scanned", [False, True])
def test_a_schedule_printed_by_a_browser_keeps_its_rows_as_a_picture_or_a_scan(
        scanned: bool, schedules: Callable[[str], bytes], tesseract: str) -> None:
    """Chromium leaves the table's bottom border undrawn above the page break, so its
    columns end open on page 2 (``ocr_rules._standing``; before, rows 1-8 were lost
    from the scan), and OCR misreads a letter of the header repeated on page 3 ("Đơn
    vị chủ tn"), which is still dropped, so the row broken over the page is joined
    (``pdf_tables._repeats``)."""
    pdf = schedules("chromium")
    digital = vbparser.parse(pdf)
    doc = vbparser.parse(fx.scan(pdf, 300) if scanned else fx.pictured_tables(pdf))
    assert len(_codes(doc, "VB104" if scanned else "VB110")) == 1
    assert len(rows(doc)) == len(LONG)
    assert [(due, bound, actor) for due, bound, actor, _ in table_deadlines(doc)] == [
        (due, bound, actor) for due, bound, actor, _ in table_deadlines(digital)]


def test_a_photograph_or_a_seal_beside_the_text_changes_nothing(
        schedules: Callable[[str], bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    """A wide picture that reads as no Vietnamese (grey noise) is left out; a seal is too
    small to be looked at (Tesseract is not even asked)."""
    pdf = schedules("fpdf2")
    digital = vbparser.parse(pdf)
    last = len(pdfium.PdfDocument(pdf))
    sealed = _with_image(pdf, last, (330, 60, 440, 170), noise=False)
    monkeypatch.setattr("vbparser.loaders.ocr_pictures.recognise",
                        lambda *args: pytest.fail("a seal was sent to OCR"))
    doc = vbparser.parse(sealed)
    assert doc.text == digital.text and not _codes(doc, "VB110")
    monkeypatch.undo()
    noisy = _with_image(pdf, last, (80, 40, 520, 160), noise=True)
    doc = vbparser.parse(noisy)
    assert doc.text == digital.text and not _codes(doc, "VB110")


def test_pictures_that_cannot_be_recognised_cost_only_themselves(
        schedules: Callable[[str], bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object) -> None:
        raise OcrError("Tesseract is not installed")

    monkeypatch.setattr("vbparser.loaders.ocr_pictures.recognise", fail)
    monkeypatch.setattr("vbparser.loaders.ocr.recognise", fail)
    pdf = fx.pictured_tables(schedules("fpdf2"), pages=(3,))
    doc = vbparser.parse(pdf)
    assert _codes(doc, "VB111") == [
        f"{warning_message('VB111')}: pages 3 (Tesseract is not installed)"]
    assert "Nơi nhận" in doc.text and "Chi bộ Trạm Y tế" not in doc.text
    assert not _codes(doc, "VB110")
    quiet = vbparser.parse(pdf, config=Config(ocr="never"))
    assert not _codes(quiet, "VB111") and quiet.text == doc.text


def _rule(x0: float, top: float, x1: float, bottom: float) -> Rule:
    return Rule(x0, top, x1, bottom)


def test_columns_left_open_together_at_the_bottom_are_a_tables_rules() -> None:
    """Three columns or more that start on a border and end at one height with none
    under them are a table's; a lone stroke left open is not (a letter's stem)."""
    across = [_rule(10, 10, 400, 11), _rule(10, 40, 400, 41)]
    columns = [(k, _rule(x, 10, x + 1, 300)) for k, x in enumerate((10, 60, 200, 399))]
    assert _standing(columns, across) == columns
    assert _standing(columns[:2], across) == []  # two open together: not enough
    stem = [(9, _rule(120, 12, 121, 30))]  # starts under the border, on nothing
    closed = [(k, _rule(x, 10, x + 1, 40)) for k, x in enumerate((10, 399))]
    assert _standing(closed + stem, across) == closed
