"""Loaders: .txt/.md/.docx/strings, Word numbering, bad input as clear errors."""

from __future__ import annotations

import pytest

import vbparser
from tests.factories import numbered_docx
from vbparser.errors import LoadError


def test_docx_renders_word_numbering_and_header_columns(tmp_path):
    path = numbered_docx(tmp_path / "kh.docx", [
        (None, "KẾ HOẠCH"),
        (None, "kiểm điểm, đánh giá, xếp loại chất lượng năm 2024"),
        (0, "MỤC ĐÍCH, YÊU CẦU"),
        (1, "Nâng cao tinh thần tự phê bình và phê bình."),
        (1, "Đánh giá đúng thực chất."),
        (0, "NỘI DUNG"),
        (1, "Đối tượng kiểm điểm"),
        (2, "Tập thể"),
        (4, "Ban thường vụ Đảng ủy xã."),
        (2, "Cá nhân"),
        (3, "Đảng viên trong Đảng bộ xã."),
        (0, "TỔ CHỨC THỰC HIỆN"),
    ], header=(["ĐẢNG BỘ TỈNH HÀ NGUYÊN", "ĐẢNG ỦY XÃ AN PHÚ", "*", "Số 15-KH/ĐU"],
               ["ĐẢNG CỘNG SẢN VIỆT NAM", "An Phú, ngày 20 tháng 11 năm 2024"]))
    doc = vbparser.load(path)
    lines = doc.text.split("\n")
    assert lines[:6] == ["ĐẢNG BỘ TỈNH HÀ NGUYÊN", "ĐẢNG ỦY XÃ AN PHÚ", "*", "Số 15-KH/ĐU",
                         "ĐẢNG CỘNG SẢN VIỆT NAM", "An Phú, ngày 20 tháng 11 năm 2024"]
    for line in ("I. MỤC ĐÍCH, YÊU CẦU", "1. Nâng cao tinh thần tự phê bình và phê bình.",
                 "2. Đánh giá đúng thực chất.", "II. NỘI DUNG", "1. Đối tượng kiểm điểm",
                 "1.1. Tập thể", "- Ban thường vụ Đảng ủy xã.", "1.2. Cá nhân",
                 "a) Đảng viên trong Đảng bộ xã.", "III. TỔ CHỨC THỰC HIỆN"):
        assert line in lines, line
    assert doc.source.format == "docx"
    heading = doc.text.index("II. NỘI DUNG")
    block = doc.block_at((heading, heading + 5))
    assert block is not None and block.bold and block.paragraph is not None


def test_markdown_and_text_files(tmp_path):
    md = tmp_path / "kh.md"
    md.write_text("## KẾ HOẠCH\n\n#### **I. MỤC ĐÍCH**\n\n1. Nội dung.\n", encoding="utf-8")
    doc = vbparser.load(md)
    assert doc.source.format == "md"
    assert doc.text == "KẾ HOẠCH\nI. MỤC ĐÍCH\n1. Nội dung."
    i = doc.text.index("I. MỤC")
    start, end = doc.source_span((i, i + 11))
    assert doc.source_text[start:end] == "I. MỤC ĐÍCH"
    assert doc.block_at((i, i + 1)).line == 3


def test_plain_string_is_a_document():
    doc = vbparser.parse("KẾ HOẠCH\nI. MỤC ĐÍCH, YÊU CẦU\n1. Nội dung.")
    assert doc.source.format == "string" and doc.source.path is None


def test_a_long_one_line_string_is_text_not_a_path():
    line = "1. Các chi bộ tổ chức kiểm điểm xong trước ngày 15/12/2025. " * 5
    assert len(line.encode()) > 255  # longer than a file name may be
    doc = vbparser.parse(line)
    assert doc.source.format == "string" and doc.deadlines[0].due == "2025-12-14"


@pytest.mark.parametrize("content,message", [
    (b"", "is empty"), (b"   \n\n", "is empty"), (b"\x00\x01\x02binary\x00" * 20, "binary"),
])
def test_bad_files_raise_load_errors(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(LoadError, match=message):
        vbparser.parse(path)


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        vbparser.parse(tmp_path / "absent.txt")
    with pytest.raises(LoadError, match="is a directory"):
        vbparser.parse(tmp_path)


def test_fake_pdf_is_a_clear_load_error(tmp_path):
    path = tmp_path / "kh.pdf"
    path.write_bytes(b"%PDF-1.4\n%... truncated")
    with pytest.raises(LoadError) as info:
        vbparser.parse(path)
    assert str(path) in str(info.value) and "\n" not in str(info.value)


def test_corrupt_docx(tmp_path):
    path = tmp_path / "kh.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(LoadError, match="not a readable .docx"):
        vbparser.parse(path)


def test_config_reaches_the_pdf_loader(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_font("helvetica")
    for page in range(3):
        pdf.add_page()
        pdf.cell(0, 10, f"Trang {page + 1}")
    path = tmp_path / "three.pdf"
    pdf.output(str(path))
    with pytest.raises(LoadError, match="more than the limit of 2"):
        vbparser.parse(path, {"max_pages": 2})
    with pytest.raises(LoadError, match="more than the limit of 2"):
        vbparser.parse(path.read_bytes(), {"max_pages": 2})
