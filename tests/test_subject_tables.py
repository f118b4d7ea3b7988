"""Subjects set out as a table: each row's subject cell is a subject, nothing else is.

Provincial and district plans often list who is reviewed as a table ("TT | Đối tượng |
Nơi kiểm điểm | Cấp đánh giá, xếp loại"); before ``extract/subject_tables`` the whole
row, with the place of review and the body that assesses, came out as one subject. The
plans here are written for these tests about fictional bodies; the corpus plan b24 sets
its subjects as a Word table.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import vbparser
from tests import office_fixtures as office
from tests import pdf_fixtures as fx
from tests.conftest import missing
from vbparser.model import Document

REPO = Path(__file__).resolve().parent.parent

HEAD = """ĐẢNG BỘ TỈNH HÀ NGUYÊN
HUYỆN ỦY SƠN TUYỀN
*
Số 45-KH/HU
ĐẢNG CỘNG SẢN VIỆT NAM
Sơn Tuyền, ngày 20 tháng 11 năm 2025

KẾ HOẠCH
kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2025

Thực hiện Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị, Ban Thường vụ Huyện ủy
xây dựng kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Đánh giá đúng thực chất kết quả thực hiện nhiệm vụ năm 2025.
2. Việc kiểm điểm phải nghiêm túc, đúng quy định.

"""
TAIL = """
III. THỜI GIAN THỰC HIỆN
- Các chi bộ trực thuộc hoàn thành kiểm điểm trước ngày 15/12/2025.
- Ban Thường vụ Huyện ủy kiểm điểm xong trước ngày 31/12/2025.

Nơi nhận:
- Ban Tổ chức Tỉnh ủy,
- Lưu Văn phòng Huyện ủy.

T/M BAN THƯỜNG VỤ
BÍ THƯ

Nguyễn Văn An
"""
TITLE = "II. ĐỐI TƯỢNG KIỂM ĐIỂM, ĐÁNH GIÁ, XẾP LOẠI"
# The subject table, as a Word user sets it: rows heading the two groups, a body that
# assesses merged down over two rows (None), an exclusion written in a subject's cell.
ROWS: list[list[str | None]] = [
    ["TT", "Đối tượng", "Nơi kiểm điểm", "Cấp đánh giá, xếp loại"],
    ["I", "Tập thể", "", ""],
    ["1", "Ban Thường vụ Huyện ủy", "Hội nghị Ban Chấp hành Đảng bộ huyện",
     "Ban Thường vụ Tỉnh ủy"],
    ["2", "Đảng ủy các xã, thị trấn", "Hội nghị Ban Chấp hành đảng bộ xã",
     "Ban Thường vụ Huyện ủy"],
    ["3", "Tập thể lãnh đạo Ủy ban nhân dân huyện", "Hội nghị tập thể lãnh đạo", None],
    ["II", "Cá nhân", "", ""],
    ["1", "Ủy viên Ban Thường vụ Huyện ủy", "Hội nghị Ban Thường vụ", "Ban Thường vụ Tỉnh ủy"],
    ["2", "Đảng viên (trừ đảng viên được miễn công tác và sinh hoạt đảng)",
     "Chi bộ nơi sinh hoạt", "Chi bộ"],
]
# (text, category, kind, exclusions) of every subject the table lists.
EXPECTED = [
    ("Ban Thường vụ Huyện ủy", "collective", "standing_committee", ()),
    ("Đảng ủy các xã, thị trấn", "collective", "party_committee", ()),
    ("Tập thể lãnh đạo Ủy ban nhân dân huyện", "collective", "peoples_committee", ()),
    ("Ủy viên Ban Thường vụ Huyện ủy", "individual", "committee_members", ()),
    ("Đảng viên (trừ đảng viên được miễn công tác và sinh hoạt đảng)", "individual",
     "party_members", ("được miễn công tác và sinh hoạt đảng",)),
]


def _row(cells: list[str | None]) -> str:
    return " | ".join("^^" if c is None else c for c in cells).rstrip()


def _plan(rows: list[str]) -> str:
    return HEAD + TITLE + "\n" + "\n".join(rows) + "\n" + TAIL


def _read(doc: Document) -> list[tuple[str, str, str | None, tuple[str, ...]]]:
    return [(s.text, s.category.value, s.kind, s.exclusions) for s in doc.subjects]


def _check_spans(doc: Document) -> None:
    for s in doc.subjects:
        assert doc.text[s.span[0]:s.span[1]] == s.text
        assert "|" not in s.text


def test_each_row_gives_only_its_subject_cell() -> None:
    doc = vbparser.parse(_plan([_row(r) for r in ROWS]))
    assert _read(doc) == EXPECTED
    assert {s.purpose.value for s in doc.subjects} == {"both"}
    _check_spans(doc)
    assert not [w for w in doc.warnings if w.code == "VB601"]


def test_a_markdown_table_reads_as_the_loaders_rows() -> None:
    rows = ["| " + " | ".join("^^" if c is None else c for c in r) + " |" for r in ROWS]
    doc = vbparser.parse(_plan(rows[:1] + ["|---|---|---|---|"] + rows[1:]))
    assert _read(doc) == EXPECTED
    _check_spans(doc)


def test_group_rows_give_the_category_of_the_rows_under_them() -> None:
    # a name of no known kind takes the category of the group row above it; a chi bộ is
    # a party organisation rated, under any group
    rows = [ROWS[0], ["I", "Tập thể", "", ""], ["1", "Tổ bảo vệ các trường học", "Tổ", "x"],
            ["II", "Tổ chức đảng", "", ""], ["1", "Tổ đảng các thôn", "Chi bộ", "x"],
            ["III", "Tập thể", "", ""], ["1", "Chi bộ các trường học", "Chi bộ", "x"]]
    doc = vbparser.parse(_plan([_row(r) for r in rows]))
    assert [(s.text, s.category.value) for s in doc.subjects] == [
        ("Tổ bảo vệ các trường học", "collective"), ("Tổ đảng các thôn", "party_org"),
        ("Chi bộ các trường học", "party_org")]


def test_groups_inside_groups_give_category_and_level() -> None:
    rows = [ROWS[0], ["I", "Tập thể", "", ""], ["1", "Cấp huyện", "", ""],
            ["1.1", "Ban Thường vụ Huyện ủy", "Hội nghị", "Ban Thường vụ Tỉnh ủy"],
            ["2", "Cấp xã", "", ""], ["2.1", "Đảng ủy các xã", "Hội nghị", "Ban Thường vụ Huyện ủy"],
            ["II", "Cá nhân", "", ""], ["1", "Đảng viên", "Chi bộ", "Chi bộ"]]
    doc = vbparser.parse(_plan([_row(r) for r in rows]))
    assert [(s.text, s.category.value, s.level and s.level.value) for s in doc.subjects] == [
        ("Ban Thường vụ Huyện ủy", "collective", "district"),
        ("Đảng ủy các xã", "collective", "commune"), ("Đảng viên", "individual", None)]


def test_group_rows_whose_number_ocr_misread_still_head_their_rows() -> None:
    # as a scan of the table read them: "II" as "lÌ" or "H", a lost "1"
    rows = [ROWS[0], ["lÏ", "Tập thể", "", ""], ["1", "Tổ bảo vệ các trường học", "Tổ", "x"],
            ["H", "Tổ chức đảng", "", ""], ["", "Tổ đảng các thôn", "Chi bộ", "x"],
            ["°4", "Tổ đảng quân sự", "Chi bộ", "x"]]
    doc = vbparser.parse(_plan([_row(r) for r in rows]))
    assert [(s.text, s.category.value) for s in doc.subjects] == [
        ("Tổ bảo vệ các trường học", "collective"), ("Tổ đảng các thôn", "party_org"),
        ("Tổ đảng quân sự", "party_org")]


def test_rows_merged_across_the_table_head_groups_and_are_no_subjects() -> None:
    # as the Word loader writes a table whose group rows span every column ("A. ..."), the
    # numbers written in the subject cells, no number column
    rows = ["Đối tượng | Nơi kiểm điểm | Cấp đánh giá, xếp loại",
            "A. TỔ CHỨC ĐẢNG, TẬP THỂ LÃNH ĐẠO, QUẢN LÝ",
            "1. Ban Thường vụ Huyện ủy | Hội nghị Ban Chấp hành | Ban Thường vụ Tỉnh ủy",
            ("2. Đảng bộ bộ phận; chi bộ trực thuộc đảng ủy cơ sở | Không kiểm điểm riêng"
             " | Đảng ủy cơ sở"),
            "B. CÁ NHÂN",
            ("3. Cán bộ thuộc diện Ban Thường vụ Huyện ủy quản lý | Tại tập thể lãnh đạo nơi"
             " công tác và tại chi bộ nơi sinh hoạt | Ban Thường vụ Huyện ủy")]
    doc = vbparser.parse(_plan(rows))
    assert [(s.text, s.category.value) for s in doc.subjects] == [
        ("Ban Thường vụ Huyện ủy", "collective"), ("Đảng bộ bộ phận", "party_org"),
        ("chi bộ trực thuộc đảng ủy cơ sở", "party_org"),
        ("Cán bộ thuộc diện Ban Thường vụ Huyện ủy quản lý", "individual")]
    assert [s.id for s in doc.sections if s.id.startswith("II")] == ["II", "III"]
    _check_spans(doc)


def test_group_rows_under_the_plans_own_numerals_open_no_section() -> None:
    # "I. TẬP THỂ" over "A. CẤP TỈNH", merged across an x-marked table: the table goes on
    # and the plan's sections do not restart at "I"; a remark's second sentence includes
    rows = ["TT | Đối tượng | Kiểm điểm | Đánh giá, xếp loại | Ghi chú",
            "I. TẬP THỂ", "A. CẤP HUYỆN",
            "1 | Ban Thường vụ Huyện ủy | x | x |",
            "II. CÁ NHÂN",
            ("2 | Đảng viên trong Đảng bộ huyện | x | x | Trừ đảng viên được miễn công tác"
             " và sinh hoạt đảng, đảng viên bị đình chỉ sinh hoạt đảng. Cấp ủy viên bị đình"
             " chỉ sinh hoạt cấp ủy vẫn phải kiểm điểm")]
    doc = vbparser.parse(_plan(rows))
    assert [s.id for s in doc.sections if s.id.startswith("I")] == ["I", "I/1", "I/2", "II",
                                                                    "III"]
    assert [(s.text, s.category.value, s.exclusions, s.inclusions) for s in doc.subjects] == [
        ("Ban Thường vụ Huyện ủy", "collective", (), ()),
        ("Đảng viên trong Đảng bộ huyện", "individual",
         ("được miễn công tác và sinh hoạt đảng", "bị đình chỉ sinh hoạt đảng"),
         ("Cấp ủy viên bị đình chỉ sinh hoạt cấp ủy",))]
    _check_spans(doc)


def test_a_remark_denying_the_row_or_ruling_on_collectives() -> None:
    # "Không thực hiện đối với: ..." lists the row's exclusions; "Chỉ kiểm điểm tập thể có
    # từ 03 thành viên trở lên" beside a row is a condition of its own
    rows = ["Đối tượng | Kiểm điểm | Đánh giá, xếp loại | Ghi chú",
            ("1. Tập thể lãnh đạo các trường học và Trạm Y tế xã | x | x | Chỉ kiểm điểm"
             " tập thể có từ 03 thành viên trở lên"),
            ("2. Đảng viên trong Đảng bộ xã | x | x | Không thực hiện đối với: đảng viên"
             " được miễn công tác và sinh hoạt đảng; đảng viên bị đình chỉ sinh hoạt đảng.")]
    doc = vbparser.parse(_plan(rows))
    assert [(s.text, s.category.value, s.exclusions) for s in doc.subjects] == [
        ("Tập thể lãnh đạo các trường học và Trạm Y tế xã", "collective", ()),
        ("tập thể có từ 03 thành viên trở lên", "condition", ()),
        ("Đảng viên trong Đảng bộ xã", "individual",
         ("được miễn công tác và sinh hoạt đảng", "bị đình chỉ sinh hoạt đảng"))]
    _check_spans(doc)


def test_a_table_without_a_header_takes_the_column_that_names_subjects() -> None:
    rows = ["1 | Ban Thường vụ Huyện ủy | Hội nghị Ban Chấp hành | Ban Thường vụ Tỉnh ủy",
            "2 | Đảng ủy các xã | Hội nghị đảng ủy | Ban Thường vụ Huyện ủy",
            "3 | Đảng viên | Chi bộ | Đảng ủy cơ sở"]
    doc = vbparser.parse(_plan(rows))
    assert [s.text for s in doc.subjects] == ["Ban Thường vụ Huyện ủy", "Đảng ủy các xã",
                                              "Đảng viên"]
    _check_spans(doc)


def test_units_beside_a_column_saying_which_of_them_is_rated_are_the_subjects() -> None:
    # "Đối tượng đánh giá" says only what of each unit is rated: the units are the subjects
    rows = ["| TT | Cơ quan, đơn vị | Đối tượng đánh giá | Cấp đánh giá, xếp loại |",
            "|----|----|----|----|",
            "| 1 | Phòng Văn hóa - Xã hội | Tập thể; Trưởng phòng | Chủ tịch UBND huyện |",
            "| 2 | Trường Mầm non Sơn Tuyền | Tập thể; Hiệu trưởng | Chủ tịch UBND huyện |",
            "| 3 | Công chức các phòng chuyên môn | Cá nhân | Chủ tịch UBND huyện |"]
    doc = vbparser.parse(_plan(rows))
    assert [(s.text, s.category.value) for s in doc.subjects] == [
        ("Phòng Văn hóa - Xã hội", "collective"), ("Trường Mầm non Sơn Tuyền", "collective"),
        ("Công chức các phòng chuyên môn", "individual")]
    _check_spans(doc)


def test_a_timetable_in_the_subject_section_gives_no_subjects() -> None:
    # those who act in a timetable are not those reviewed
    rows = ["- Các chi bộ trực thuộc; đảng viên trong Đảng bộ huyện.",
            "TT | Nội dung | Thời gian | Đơn vị thực hiện",
            "1 | Chi bộ kiểm điểm | Tháng 12/2025 | Các chi bộ trực thuộc",
            "2 | Tổng hợp kết quả | Tháng 01/2026 | Ban Tổ chức Huyện ủy"]
    doc = vbparser.parse(_plan(rows))
    assert [s.text for s in doc.subjects] == ["Các chi bộ trực thuộc",
                                              "đảng viên trong Đảng bộ huyện"]
    assert not [w for w in doc.warnings if w.code == "VB601"]


def _made_by(producer: str) -> bytes:
    """The plan with the subject table ``ROWS``, as "docx" writes it or a producer sets
    it as a PDF ("fpdf2", "libreoffice", "chromium")."""
    if not fx.fonts_available():
        missing("the DejaVu fonts are missing: make system-deps (fonts-dejavu-core)")
    text = HEAD + TITLE + "\n" + TAIL
    if producer == "fpdf2":
        return fx.render_schedule(text, ROWS, TITLE)
    if producer == "chromium":
        if fx.chromium() is None:
            missing("Debian's chromium is not installed: make system-deps")
        return fx.print_html(fx.schedule_html(text, ROWS, TITLE))
    docx = office.schedule_docx(text, ROWS, TITLE)
    if producer == "docx":
        return docx
    if office.libreoffice() is None:
        missing("LibreOffice is not installed: make system-deps")
    return office.export_pdfs({"plan": docx})["plan"]


@pytest.mark.parametrize("producer", ["docx", "fpdf2", "libreoffice", "chromium"])
def test_a_word_table_and_its_pdfs_give_the_same_subjects(producer: str) -> None:
    doc = vbparser.parse(_made_by(producer))
    assert _read(doc) == EXPECTED
    _check_spans(doc)


def test_the_corpus_plan_with_a_subject_table_names_each_subject_by_its_cell() -> None:
    path = REPO / "corpora" / "campaign_b" / "docs" / "b24_danguy_lacson.docx"
    gold = json.loads((path.parent.parent / "gold" / f"{path.stem}.json").read_text())
    doc = vbparser.parse(path)
    _check_spans(doc)
    texts = [s.text for s in doc.subjects]
    for want in gold["subjects"]:  # the gold's phrase opens a subject's text
        assert any(t.startswith(want["contains"]) for t in texts), want
    assert len(texts) == len(gold["subjects"])


@pytest.mark.parametrize("producer", ["fpdf2", "libreoffice"])
def test_a_scanned_subject_table_gives_the_same_subjects(producer: str, tesseract: str) -> None:
    # the scan misreads the bold group numbers ("II" as "lÌ") and the part heading after
    # the table ("III." as "HI."): the group rows still head their rows, and the plan's
    # time limits are not read as subjects of part II
    doc = vbparser.parse(fx.scan(_made_by(producer), dpi=300))
    assert _read(doc) == EXPECTED
    assert [(s.label, s.title) for s in doc.sections if s.depth == 1][-1] == (
        "III", "THỜI GIAN THỰC HIỆN")
    _check_spans(doc)
