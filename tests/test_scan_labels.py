"""Numbering labels on scanned pages: the number Word draws for an automatic list.

Word sets "I.", "2." or "a)" and then a tab before the heading or item it numbers, so on a
scan the label stands alone, a wide gap before its text. Tesseract's Vietnamese model
read such lone labels as words ("I." as "L", "II." as "IL", "III." as "HỆ", "2." as
"SÃ"): a .docx plan with automatic numbering, exported and scanned, lost every section
and most subjects. They are now read again (``loaders/ocr_labels``).
"""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw, ImageFont

import vbparser
from tests import pdf_fixtures as fx
from vbparser.loaders.ocr_labels import (
    as_label,
    counted_ones,
    label_places,
    misread_labels,
    relabel,
)
from vbparser.loaders.pdf_fragments import Fragment

pytestmark = pytest.mark.skipif(not fx.fonts_available(), reason=(
    "the DejaVu fonts are missing: apt-get install fonts-dejavu-core (make system-deps)"))

DPI = 300
SCALE = DPI / 72
# (label, text, bold): a plan's parts and items as Word numbers them, label and tab
LINES = [
    ("I.", "MỤC ĐÍCH, YÊU CẦU", True),
    ("1.", "Kiểm điểm, đánh giá đúng kết quả thực hiện nhiệm vụ năm 2025.", False),
    ("2.", "Việc kiểm điểm phải nghiêm túc, thực chất, đúng quy trình.", False),
    ("II.", "ĐỐI TƯỢNG", True),
    ("1.", "Tập thể Ban Thường vụ Đảng ủy xã, chi ủy các chi bộ trực thuộc.", False),
    ("2.", "Đảng viên trong Đảng bộ xã, trừ đảng viên được miễn sinh hoạt đảng.", False),
    ("III.", "TỔ CHỨC THỰC HIỆN", True),
    ("1.", "Văn phòng Đảng ủy giúp Ban Thường vụ theo dõi, tổng hợp.", False),
]


def numbered_page() -> bytes:
    """A scanned page, as an image-only PDF at 300 dpi: a plan's title, then ``LINES``,
    each label at the indent and its text a tab (about 14 mm) to the right."""
    image = Image.new("L", (round(595 * SCALE), round(842 * SCALE)), 255)
    draw = ImageDraw.Draw(image)
    # a serif face, as plans are set in: its "I" is what Tesseract misreads alone
    regular = ImageFont.truetype(str(fx.FONT_DIR / "DejaVuSerif.ttf"), round(12 * SCALE))
    bold = ImageFont.truetype(str(fx.FONT_DIR / "DejaVuSerif-Bold.ttf"), round(12 * SCALE))
    draw.text((250 * SCALE, 80 * SCALE), "KẾ HOẠCH", font=bold, fill=0)
    draw.text((120 * SCALE, 100 * SCALE), "kiểm điểm, đánh giá, xếp loại chất lượng năm 2025",
              font=bold, fill=0)
    y = 140.0
    for label, text, strong in LINES:
        font = bold if strong else regular
        draw.text((85 * SCALE, y * SCALE), label, font=font, fill=0)
        draw.text((125 * SCALE, y * SCALE), text, font=font, fill=0)
        y += 24
    out = io.BytesIO()
    image.save(out, format="PDF", resolution=DPI)
    return out.getvalue()


def test_lone_labels_of_a_scanned_page_open_their_sections(tesseract: str) -> None:
    """Here Tesseract reads "III." as "II." (the serifs of its strokes join); the
    strokes are counted."""
    doc = vbparser.parse(numbered_page())
    assert "VB104" in [w.code for w in doc.warnings]  # read with OCR
    assert [(s.path, s.title) for s in doc.sections if len(s.path) == 1] == [
        (("I",), "MỤC ĐÍCH, YÊU CẦU"), (("II",), "ĐỐI TƯỢNG"), (("III",), "TỔ CHỨC THỰC HIỆN")]
    assert ["/".join(s.path) for s in doc.sections] == [
        "I", "I/1", "I/2", "II", "II/1", "II/2", "III", "III/1"]
    for section in doc.sections:
        assert doc.text[section.span[0]:].startswith(section.label or "")


# --- the words chosen and mended, without Tesseract -------------------------------------------


def word(x0: float, x1: float, text: str, line: str, top: float = 100.0,
         block: str = "1") -> tuple[Fragment, float, tuple[str, ...]]:
    return Fragment(1, x0, x1, top, top + 10, text), 90.0, (block, "1", line)


def test_only_words_a_tab_before_their_text_that_are_no_labels_are_read_again() -> None:
    words = [word(85, 92, "L", "1"), word(125, 200, "MỤC", "1"),      # a misread "I."
             word(85, 92, "1.", "2"), word(125, 200, "Kiểm", "2"),    # a label read right
             word(85, 99, "Số", "3"), word(102, 130, "06-KH/ĐU", "3"),  # a word, a space
             word(85, 150, "Những", "4"), word(190, 230, "việc", "4"),  # a long word
             word(85, 95, "SÃ", "5", top=200), word(125, 200, "Kết", "6", top=201),
             (Fragment(1, 85, 92, 300, 310, "ø)"), 90.0, ("cell", "0", "1.1.1")),
             (Fragment(1, 125, 200, 300, 310, "Chi"), 90.0, ("cell", "0", "1.1.1"))]
    # "SÃ" is a line of its own, level with its text; a table cell's words are left
    places = label_places(words)
    assert [words[k][0].text for k in places] == ["L", "1.", "SÃ"]
    assert [words[k][0].text for k in misread_labels(words, places)] == ["L", "SÃ"]


def test_a_second_reading_replaces_the_first_only_with_a_label() -> None:
    words = [word(85, 92, "L", "1"), word(125, 200, "MỤC", "1"),
             word(85, 95, "2;", "2"), word(125, 200, "Kết", "2"),
             word(85, 95, "HỆ", "3"), word(125, 200, "TỔ", "3")]
    read = [(Fragment(1, 10, 40, 10, 40, "I."), 90.0, ("1", "1", "1")),
            (Fragment(1, 10, 40, 110, 140, "2"), 90.0, ("1", "1", "2")),  # its stop lost
            (Fragment(1, 10, 40, 210, 240, "er"), 40.0, ("1", "1", "3"))]
    out = relabel(words, [0, 2, 4], read, [60.0, 160.0, 260.0])
    assert [w.text for w, _, _ in out] == ["I.", "MỤC", "2.", "Kết", "HỆ", "TỔ"]
    assert [as_label(t) for t in ("a)", "đ.", "1.2.", "XV.", "l", "I", "Ik.")] == [
        "a)", "đ.", "1.2.", "XV.", None, None, None]


def test_labels_of_ones_are_written_with_as_many_strokes_as_they_have() -> None:
    image = Image.new("L", (400, 200), 255)
    draw = ImageDraw.Draw(image)
    for x in (20, 34, 48):  # "III." drawn as three strokes and a dot
        draw.rectangle([x, 20, x + 6, 60], fill=0)
    draw.rectangle([60, 55, 64, 60], fill=0)
    draw.rectangle([20, 120, 26, 160], fill=0)  # "1." drawn as one stroke
    draw.rectangle([32, 155, 36, 160], fill=0)
    words = [(Fragment(1, 18, 66, 20, 61, "II."), 90.0, ("1", "1", "1")),
             (Fragment(1, 18, 38, 120, 161, "1."), 90.0, ("1", "1", "2")),
             (Fragment(1, 18, 38, 120, 161, "H."), 90.0, ("1", "1", "3")),
             (Fragment(1, 80, 200, 120, 161, "MỤC"), 90.0, ("1", "1", "3")),
             (Fragment(1, 18, 38, 120, 161, "l."), 90.0, ("1", "1", "4")),
             (Fragment(1, 80, 200, 120, 161, "Kiểm"), 90.0, ("1", "1", "4"))]
    out = counted_ones(words, [0, 1, 2, 4], image, 1.0)
    # a digit is left as read; "H." over one stroke before a part's title is a lone
    # "I."; "l." before a sentence may be a misread "1." and is left
    assert [w.text for w, _, _ in out] == ["III.", "1.", "I.", "MỤC", "l.", "Kiểm"]


def test_a_number_read_again_follows_the_labels_above_at_its_indent() -> None:
    """Word sets an automatic list's labels at one indent: "2." read alone as "Ạ." and
    again as "4." is the number after the "1." above it; after a part's Roman label the
    first item is "1."; a letter's label read again is kept."""
    words = [word(85, 92, "II.", "1", top=100), word(125, 200, "ĐỐI", "1", top=100),
             word(85, 92, "SÃ", "2", top=130), word(125, 200, "Tập", "2", top=130),
             word(85, 92, "Ạ.", "3", top=160), word(125, 200, "Đảng", "3", top=160),
             word(85, 92, "ạ", "4", top=190), word(125, 200, "Chi", "4", top=190)]
    read = [(Fragment(1, 10, 40, 10, 40, "d."), 60.0, ("1", "1", "1")),
            (Fragment(1, 10, 40, 110, 140, "4."), 90.0, ("1", "1", "2")),
            (Fragment(1, 10, 40, 210, 240, "a)"), 90.0, ("1", "1", "3"))]
    out = relabel(words, [2, 4, 6], read, [60.0, 160.0, 260.0])
    assert [w.text for w, _, _ in out][::2] == ["II.", "1.", "2.", "a)"]
