"""A file holding two documents (``structure.document_parts``): a covering Công văn and
the plan it sends, as an e-office system sends them, or a Quyết định and the plan it
issues. Sections are read in each; ``meta`` describes the plan sent, or the Quyết định
that issues a plan with no number of its own.

The documents are written here (fictional bodies and names).
"""

from __future__ import annotations

import pytest

import vbparser
from tests import pdf_fixtures as fx
from vbparser.structure import document_parts

LETTER = """\
ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ HÒA VĂN      Độc lập - Tự do - Hạnh phúc
Số: 512/UBND-VP      Hòa Văn, ngày 21 tháng 11 năm 2025
V/v triển khai Kế hoạch đánh giá, xếp loại công chức năm 2025
Kính gửi: Các cơ quan, đơn vị thuộc Ủy ban nhân dân xã.
Ủy ban nhân dân xã gửi kèm Kế hoạch số 88/KH-UBND ngày 20/11/2025 và đề nghị:
1. Thủ trưởng các cơ quan, đơn vị phổ biến Kế hoạch đến công chức trước ngày 26/11/2025.
2. Văn phòng theo dõi, tổng hợp việc thực hiện./.
Nơi nhận:      KT. CHỦ TỊCH
- Như trên;      PHÓ CHỦ TỊCH
- Lưu: VT.      Đàm Thị Nguyệt
"""

PLAN = """\
ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ HÒA VĂN      Độc lập - Tự do - Hạnh phúc
Số: 88/KH-UBND      Hòa Văn, ngày 20 tháng 11 năm 2025
KẾ HOẠCH
Đánh giá, xếp loại chất lượng công chức năm 2025
Căn cứ Nghị định số 90/2020/NĐ-CP ngày 13 tháng 8 năm 2020 của Chính phủ, Ủy ban nhân dân xã ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Đánh giá đúng thực chất kết quả công tác của công chức.
II. ĐỐI TƯỢNG
1. Công chức làm việc tại Ủy ban nhân dân xã.
2. Người lao động làm việc theo hợp đồng.
III. THỜI GIAN THỰC HIỆN
1. Công chức tự đánh giá, nộp phiếu trước ngày 05/12/2025.
Nơi nhận:      TM. ỦY BAN NHÂN DÂN
- Ủy ban nhân dân tỉnh (b/c);      CHỦ TỊCH
- Lưu: VT, VHXH.      Phùng Văn Khải
"""

DECISION = """\
ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LAM ĐÔNG      Độc lập - Tự do - Hạnh phúc
Số: 1402/QĐ-UBND      Lam Đông, ngày 25 tháng 11 năm 2026
QUYẾT ĐỊNH
Về việc ban hành Kế hoạch đánh giá, xếp loại chất lượng công chức năm 2026
CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LAM ĐÔNG
Căn cứ Nghị định số 335/2025/NĐ-CP ngày 21 tháng 12 năm 2025 của Chính phủ;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Kế hoạch đánh giá, xếp loại chất lượng công chức năm 2026.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Giám đốc các sở, Chủ tịch Ủy ban nhân dân các xã, phường chịu trách nhiệm thi hành Quyết định này./.
Nơi nhận:      KT. CHỦ TỊCH
- Như Điều 3;      PHÓ CHỦ TỊCH
- Lưu: VT, NC.      Ôn Thị Lựu
ỦY BAN NHÂN DÂN      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LAM ĐÔNG      Độc lập - Tự do - Hạnh phúc
KẾ HOẠCH
Đánh giá, xếp loại chất lượng công chức năm 2026
(Ban hành kèm theo Quyết định số 1402/QĐ-UBND ngày 25/11/2026 của Chủ tịch Ủy ban nhân dân tỉnh)
I. MỤC ĐÍCH
1. Đánh giá đúng kết quả thực hiện nhiệm vụ năm 2026.
II. TỔ CHỨC THỰC HIỆN
1. Các sở hoàn thành việc đánh giá trước ngày 20/12/2026.
"""


def test_a_covering_letter_alone_is_a_cong_van_with_its_subject_line() -> None:
    meta = vbparser.parse(LETTER).meta
    assert (meta.doc_type, meta.number_symbol, meta.date) == (
        "Công văn", "512/UBND-VP", "2025-11-21")
    assert meta.title == "triển khai Kế hoạch đánh giá, xếp loại công chức năm 2025"
    assert meta.year == 2025


def test_meta_describes_the_plan_a_covering_letter_sends() -> None:
    doc = vbparser.parse(LETTER + PLAN)
    parts = document_parts(doc.text)
    assert len(parts) == 2 and doc.text[parts[1][0]:].startswith("ỦY BAN NHÂN DÂN")
    meta = doc.meta
    assert (meta.doc_type, meta.number_symbol, meta.date) == ("Kế hoạch", "88/KH-UBND",
                                                              "2025-11-20")
    assert meta.title == "Đánh giá, xếp loại chất lượng công chức năm 2025"
    assert meta.signer is not None and meta.signer.name == "Phùng Văn Khải"
    assert [r.name for r in meta.recipients] == ["Ủy ban nhân dân tỉnh", "Lưu: VT, VHXH"]
    assert meta.issuer.name == "Ủy ban nhân dân xã Hòa Văn"
    number = meta.spans.number_symbol
    assert number is not None and number[0] > parts[1][0]  # read in the plan's header


def test_sections_of_both_documents_each_with_its_own_outline() -> None:
    doc = vbparser.parse(LETTER + PLAN)
    assert [s.id for s in doc.sections] == ["1", "2", "I", "I/1", "II", "II/1", "II/2",
                                            "III", "III/1"]
    letter_end = document_parts(doc.text)[0][1]
    assert doc.sections[1].span[1] <= doc.text.index("Nơi nhận") < letter_end
    assert [(s.text, s.section) for s in doc.subjects][:1] == [
        ("Công chức làm việc tại Ủy ban nhân dân xã", "II/1")]
    assert {d.due for d in doc.deadlines} == {"2025-11-25", "2025-12-04"}


def test_a_decision_issuing_a_plan_is_described_by_its_own_meta() -> None:
    doc = vbparser.parse(DECISION)
    meta = doc.meta
    assert (meta.doc_type, meta.number_symbol) == ("Quyết định", "1402/QĐ-UBND")
    assert meta.signer is not None and (meta.signer.authority, meta.signer.name) == (
        "KT. CHỦ TỊCH", "Ôn Thị Lựu")
    assert [r.name for r in meta.recipients] == ["Như Điều 3", "Lưu: VT, NC"]
    ids = [s.id for s in doc.sections]
    assert ids == ["Điều 1", "Điều 2", "Điều 3", "I", "I/1", "II", "II/1"]
    article = doc.sections[2]
    assert doc.text[slice(*article.span)].startswith("Điều 3. Giám đốc các sở")
    assert "Nơi nhận" not in doc.text[slice(*article.span)]


def test_articles_are_sections_only_after_an_enacting_line() -> None:
    text = ("KẾ HOẠCH\nkiểm điểm năm 2025\nI. NỘI DUNG\n1. Thực hiện theo quy định tại\n"
            "Điều 5. Quy định số 366-QĐ/TW.\n2. Các chi bộ báo cáo.")
    assert [s.id for s in vbparser.parse(text).sections] == ["I", "I/1", "I/2"]


def test_a_form_after_the_closing_is_no_second_document() -> None:
    form = ("ĐẢNG BỘ XÃ HÒA VĂN      ĐẢNG CỘNG SẢN VIỆT NAM\n"
            "BẢN TỰ KIỂM ĐIỂM CÁ NHÂN\nNăm 2025\n1. Ưu điểm\n2. Hạn chế\n")
    doc = vbparser.parse(PLAN + form)
    assert len(document_parts(doc.text)) == 1
    assert [s.id for s in doc.sections][-1] == "III/1"


@pytest.mark.skipif(not fx.fonts_available(), reason=(
    "the DejaVu fonts are missing: apt-get install fonts-dejavu-core (make system-deps)"))
def test_a_pdf_of_a_letter_and_its_plan_keeps_both_headers_and_closings_apart() -> None:
    doc = vbparser.parse(fx.joined(fx.render_plan(LETTER), fx.render_plan(PLAN)))
    # the same issuer and motto printed at the top of both pages are no running header
    assert doc.text.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT") == 2
    # the letter's signature is read before the plan's header, not after its left column
    assert doc.text.index("Đàm Thị Nguyệt") < doc.text.index("Số: 88/KH-UBND")
    assert doc.meta.number_symbol == "88/KH-UBND"
    assert doc.meta.signer is not None and doc.meta.signer.name == "Phùng Văn Khải"
