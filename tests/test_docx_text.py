""".docx text that python-docx's ``Paragraph.text`` leaves out: a header set in text
boxes, tracked insertions and deletions, content controls (``loaders/docx_text.py``).

The plans are written here as Word writes them (fictional bodies).
"""

from __future__ import annotations

import io

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

import vbparser

_NS = (f'{nsdecls("w", "wp", "a")} '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
       'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
       'xmlns:v="urn:schemas-microsoft-com:vml"')
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADER = ["ĐẢNG BỘ HUYỆN AN PHÚ", "ĐẢNG ỦY XÃ BÌNH LONG", "*", "Số 15-KH/ĐU"]


def _box(lines: list[str]) -> str:
    return "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)


def text_box_run(lines: list[str]) -> object:
    """A run holding a text box as Word 2010+ saves it: the shape (mc:Choice) and its
    VML fallback (mc:Fallback), both with the same paragraphs."""
    return parse_xml(
        f'<w:r {_NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="0"'
        ' behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2500000" cy="900000"/><wp:wrapNone/><wp:docPr id="1" name="Text Box 1"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/'
        f'wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>{_box(lines)}'
        '</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>'
        '</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>'
        f'<w:txbxContent>{_box(lines)}</w:txbxContent></v:textbox></v:shape></w:pict>'
        '</mc:Fallback></mc:AlternateContent></w:r>')


def plan(tracked: bool = True) -> bytes:
    document = docx.Document()
    first = document.add_paragraph()
    first._p.append(text_box_run(HEADER))
    first.add_run("ĐẢNG CỘNG SẢN VIỆT NAM")
    document.add_paragraph("Bình Long, ngày 20 tháng 11 năm 2024")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("kiểm điểm, đánh giá, xếp loại chất lượng năm 2024")
    item = document.add_paragraph("1. Các chi bộ hoàn thành kiểm điểm ")
    if tracked:  # the deadline changed in review: the old date deleted, the new inserted
        item._p.append(parse_xml(
            f'<w:del {_NS} w:id="1" w:author="VP" w:date="2024-11-19T00:00:00Z"><w:r>'
            '<w:delText>trước ngày 10/12/2024.</w:delText></w:r></w:del>'))
        item._p.append(parse_xml(
            f'<w:ins {_NS} w:id="2" w:author="VP" w:date="2024-11-19T00:00:00Z"><w:r>'
            '<w:t>trước ngày 15/12/2024.</w:t></w:r></w:ins>'))
    else:
        item.add_run("trước ngày 15/12/2024.")
    control = document.add_paragraph("2. Đảng ủy xã tổng hợp báo cáo về Huyện ủy ")
    control._p.append(parse_xml(
        f'<w:sdt {_NS}><w:sdtPr><w:date/></w:sdtPr><w:sdtContent><w:r>'
        '<w:t>trước ngày 10/01/2025.</w:t></w:r></w:sdtContent></w:sdt>'))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_header_in_a_text_box_is_read_first_and_once() -> None:
    doc = vbparser.parse(plan())
    assert doc.text.splitlines()[:6] == [*HEADER, "ĐẢNG CỘNG SẢN VIỆT NAM",
                                         "Bình Long, ngày 20 tháng 11 năm 2024"]
    assert doc.text.count("ĐẢNG ỦY XÃ BÌNH LONG") == 1  # not again from the fallback
    issuer = doc.meta.issuer
    assert issuer is not None and (issuer.name, issuer.upper) == (
        "Đảng ủy xã Bình Long", "Huyện ủy An Phú")
    assert doc.meta.number_symbol == "15-KH/ĐU"
    assert doc.text[issuer.span[0]:issuer.span[1]].lower() == "đảng ủy xã bình long"


def test_tracked_changes_read_as_accepted() -> None:
    doc = vbparser.parse(plan())
    assert "1. Các chi bộ hoàn thành kiểm điểm trước ngày 15/12/2024." in doc.text
    assert "10/12/2024" not in doc.text
    assert [(d.due, d.actor) for d in doc.deadlines] == [
        ("2024-12-14", "Các chi bộ"), ("2025-01-09", "Đảng ủy xã")]
    assert vbparser.parse(plan(tracked=False)).text == doc.text


def test_text_box_lines_are_blocks_of_their_own() -> None:
    loaded = vbparser.load(plan())
    boxes = [loaded.source_text[b.start:b.end] for b in loaded.blocks if b.style == "textbox"]
    assert boxes == HEADER


def _cell_with_control(cell: object, before: str, inside: str) -> None:
    """Fill a table cell with a paragraph and, after it, a paragraph wrapped in a block
    content control, as templates hold the place-and-date line."""
    cell.paragraphs[0].text = before  # type: ignore[attr-defined]
    cell._tc.append(parse_xml(  # type: ignore[attr-defined]
        f'<w:sdt {_NS}><w:sdtPr><w:date w:fullDate="2025-11-20T00:00:00Z"/></w:sdtPr>'
        f'<w:sdtContent><w:p><w:r><w:t>{inside}</w:t></w:r></w:p></w:sdtContent></w:sdt>'))


def _with_footnotes(document: object, notes: list[str]) -> None:
    """Add a footnotes part holding ``notes`` (ids 1, 2, ...; the two separators Word
    writes as ids -1 and 0)."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    body = "".join(
        f'<w:footnote w:id="{k}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve">'
        f' {note}</w:t></w:r></w:p></w:footnote>' for k, note in enumerate(notes, 1))
    blob = (f'<w:footnotes {nsdecls("w")}><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
            '<w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator"'
            ' w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
            f'{body}</w:footnotes>').encode()
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob,
                document.part.package)  # type: ignore[attr-defined]
    document.part.relate_to(part, RT.FOOTNOTES)  # type: ignore[attr-defined]


def _note_mark(paragraph: object, note: int) -> None:
    paragraph._p.append(parse_xml(  # type: ignore[attr-defined]
        f'<w:r {_NS}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
        f'<w:footnoteReference w:id="{note}"/></w:r>'))


def noted_plan() -> bytes:
    """A plan whose header cells hold content controls and whose legal bases give their
    numbers only in footnotes."""
    document = docx.Document()
    header = document.add_table(rows=1, cols=2)
    _cell_with_control(header.cell(0, 0), "ĐẢNG ỦY XÃ HÒA VĂN", "Số 21-KH/ĐU")
    _cell_with_control(header.cell(0, 1), "ĐẢNG CỘNG SẢN VIỆT NAM",
                       "Hòa Văn, ngày 20 tháng 11 năm 2025")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("kiểm điểm, đánh giá, xếp loại chất lượng năm 2025")
    bases = document.add_paragraph("Thực hiện Quy định của Bộ Chính trị về kiểm điểm và đánh "
                                   "giá, xếp loại chất lượng đối với tập thể, cá nhân")
    _note_mark(bases, 1)
    bases.add_run("; Hướng dẫn của Ban Tổ chức Trung ương về một số nội dung kiểm điểm")
    _note_mark(bases, 2)
    bases.add_run(", Đảng ủy xã Hòa Văn ban hành Kế hoạch như sau:")
    bases._p.addnext(parse_xml(  # a body paragraph inside a content control
        f'<w:sdt {_NS}><w:sdtPr><w:text/></w:sdtPr><w:sdtContent><w:p><w:r>'
        '<w:t>I. MỤC ĐÍCH, YÊU CẦU</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    document.add_paragraph("1. Các chi bộ hoàn thành kiểm điểm trước ngày 15/12/2025.")
    document.add_paragraph("Nơi nhận:")
    document.add_paragraph("- Lưu Văn phòng.")
    _with_footnotes(document, [
        "Quy định số 366-QĐ/TW, ngày 30/8/2025 của Bộ Chính trị.",
        "Hướng dẫn số 43-HD/BTCTW, ngày 31/10/2025 của Ban Tổ chức Trung ương."])
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_paragraphs_inside_content_controls_are_read() -> None:
    doc = vbparser.parse(noted_plan())
    assert doc.meta.place == "Hòa Văn" and doc.meta.date == "2025-11-20"
    assert doc.meta.number_symbol == "21-KH/ĐU"
    assert [s.id for s in doc.sections] == ["I", "I/1"]


def test_footnotes_give_the_numbers_of_the_legal_bases() -> None:
    doc = vbparser.parse(noted_plan())
    refs = [(r.full_id, r.date, r.issuer, r.relation.value) for r in doc.legal_refs]
    assert refs == [("366-QĐ/TW", "2025-08-30", "Bộ Chính trị", "basis"),
                    ("43-HD/BTCTW", "2025-10-31", "Ban Tổ chức Trung ương", "basis")]
    first = doc.legal_refs[0].mentions[0]
    assert doc.text[first[0]:first[1]].startswith("Quy định của Bộ Chính trị")
    assert "[^" not in doc.text.split("Nơi nhận")[0]  # the marks are gone from the body
    assert doc.text.rstrip().endswith("ngày 31/10/2025 của Ban Tổ chức Trung ương.")
    assert doc.meta.recipients[-1].name == "Lưu Văn phòng"  # the notes are no recipients


def _wrap_in_control(element: object) -> None:
    """Put ``element`` (a row or a cell) inside a content control, where it stood, as a
    template's repeating section holds a schedule's rows."""
    control = parse_xml(f'<w:sdt {_NS}><w:sdtPr><w:repeatingSectionItem/></w:sdtPr>'
                        '<w:sdtContent/></w:sdt>')
    element.addprevious(control)  # type: ignore[attr-defined]
    control[1].append(element)


def scheduled_plan() -> bytes:
    """A plan whose schedule rows (and one cell, merged down from the row above) sit
    inside content controls."""
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("kiểm điểm, đánh giá, xếp loại chất lượng năm 2025")
    document.add_paragraph("III. TIẾN ĐỘ THỰC HIỆN")
    rows = [["TT", "Nội dung", "Thời gian", "Đơn vị thực hiện"],
            ["1", "Kiểm điểm chi ủy, đảng viên", "Xong trước 15/12/2025", "Các chi bộ"],
            ["2", "Tổng hợp kết quả", "Chậm nhất ngày 22/12/2025", "Ban Xây dựng Đảng"],
            ["3", "Báo cáo Ban Thường vụ", "Trước ngày 26/12/2025", ""]]
    table = document.add_table(rows=len(rows), cols=4)
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(2, 3).merge(table.cell(3, 3))  # the last two rows share their unit
    for row in table.rows[1:]:
        _wrap_in_control(row._tr)
    _wrap_in_control(table._tbl.findall(f"{{{_W}}}sdt")[0][1][0].tc_lst[1])
    document.add_paragraph("IV. TỔ CHỨC THỰC HIỆN")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_schedule_rows_inside_content_controls_are_read() -> None:
    doc = vbparser.parse(scheduled_plan())
    rows = [line for line in doc.text.splitlines() if " | " in line]
    assert rows[1] == "1 | Kiểm điểm chi ủy, đảng viên | Xong trước 15/12/2025 | Các chi bộ"
    assert len(rows) == 4
    assert [(d.due, d.actor) for d in doc.deadlines] == [
        ("2025-12-14", "Các chi bộ"), ("2025-12-22", "Ban Xây dựng Đảng"),
        ("2025-12-25", "Ban Xây dựng Đảng")]
