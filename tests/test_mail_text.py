"""A plan forwarded by e-mail and saved as text: the mail's headers, every line of the
plan quoted with "> " (``normalize/quotes.py``), and the sender's signature after a "--"
line. The plan is written here (fictional bodies and names)."""

from __future__ import annotations

import vbparser

MAIL = """\
From: Văn phòng Đảng ủy <vanphong@example.vn>
Sent: Tuesday, November 26, 2024 3:12 PM
Subject: Fw: KH kiem diem 2024

Kính gửi các đồng chí Bí thư chi bộ, Văn phòng chuyển tiếp Kế hoạch dưới đây.

---------- Forwarded message ---------
From: Dang uy xa <danguy@example.vn>

> ĐẢNG BỘ HUYỆN LỤC THỦY               ĐẢNG CỘNG SẢN VIỆT NAM
>      ĐẢNG ỦY XÃ BẾN ĐÁ
>             *                    Bến Đá, ngày 25 tháng 11 năm 2024
>      Số: 61-KH/ĐU
>
>                               KẾ HOẠCH
>         kiểm điểm, đánh giá, xếp loại chất lượng năm 2024
>
> Đảng ủy xã Bến Đá ban hành Kế hoạch như sau:
>
> I. MỤC ĐÍCH, YÊU CẦU
> 1. Đánh giá đúng kết quả thực hiện nhiệm vụ năm 2024 của tập thể và cá nhân
> (2), kiểm điểm gắn với nhiệm vụ được giao.
> II. TỔ CHỨC THỰC HIỆN
> 1. Các chi bộ tổ chức hội nghị kiểm điểm xong trước ngày 14/12/2024.
>
> Nơi nhận:                                   T/M ĐẢNG ỦY
> - Ban Tổ chức Huyện ủy (b/c),                   BÍ THƯ
> - Các chi bộ trực thuộc,
> - Lưu Văn phòng Đảng ủy.                    Hà Văn Lịch

--
Lò Thị Sen
Văn phòng Đảng ủy xã Bến Đá
"""


def test_a_plan_quoted_in_an_e_mail_is_read_as_the_plan() -> None:
    doc = vbparser.parse(MAIL)
    assert [s.id for s in doc.sections] == ["I", "I/1", "II", "II/1"]
    meta = doc.meta
    assert (meta.number_symbol, meta.date, meta.issuer.name) == (
        "61-KH/ĐU", "2024-11-25", "Đảng ủy xã Bến Đá")
    assert meta.signer is not None and (meta.signer.authority, meta.signer.name) == (
        "T/M ĐẢNG ỦY", "Hà Văn Lịch")
    # the sender's signature after "--" is no recipient
    assert [r.name for r in meta.recipients] == [
        "Ban Tổ chức Huyện ủy", "Các chi bộ trực thuộc", "Lưu Văn phòng Đảng ủy"]
    assert [(d.due, d.actor) for d in doc.deadlines] == [("2024-12-13", "Các chi bộ")]
    first = doc.sections[0]
    assert doc.text[first.span[0]:first.span[0] + 20] == "I. MỤC ĐÍCH, YÊU CẦU"
    assert doc.source_text[doc.offsets.to_source(first.span[0]) - 2:].startswith("> I.")


def test_a_line_opening_with_a_mark_alone_is_no_quote() -> None:
    doc = vbparser.parse("KẾ HOẠCH\nI. NỘI DUNG\n1. Tỷ lệ xếp loại xuất sắc\n> 20% số đảng viên.")
    assert "> 20%" in doc.text
