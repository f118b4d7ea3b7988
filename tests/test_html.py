"""Plans saved as web pages: the schedule plan of ``test_tables`` written as LibreOffice
and Word write a document "as a web page", read by ``loaders.html``.

The two pages below are written for the tests (fictional bodies). They hold what such
files hold: the header and the closing in layout tables, paragraphs broken and indented
across the HTML source, spans and fonts inside words' runs, a schedule table with a
header row and a cell spanning two rows, entities, Word's ``<o:p>`` and conditional
comments, a style sheet and a script.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import vbparser
from tests.test_invariants import _spans
from tests.test_pdf import one_line_error
from tests.test_tables import EXPECTED, deadlines, plan_docx
from vbparser.errors import LoadError
from vbparser.loaders import load_bytes, load_path
from vbparser.loaders.encoding import encode_tcvn3
from vbparser.normalize.fold import key
from vbparser.tables import MERGED, TABLE_CELL

LIBREOFFICE_PAGE = """<!DOCTYPE html>
<html>
<head>
	<meta http-equiv="content-type" content="text/html; charset=utf-8"/>
	<title></title>
	<style type="text/css">
		p { line-height: 115%; margin-bottom: 0.1in }
		td p { font-family: "Times New Roman", serif }
	</style>
</head>
<body lang="vi-VN" dir="ltr">
<table width="640" cellpadding="4" cellspacing="0">
	<col width="300"/><col width="340"/>
	<tr valign="top">
		<td width="300" style="border: none"><p align="center" style="margin-bottom: 0in">
			<span style="font-weight: normal">ĐẢNG BỘ HUYỆN
			AN PHÚ</span></p>
			<p align="center" style="margin-bottom: 0in"><b>ĐẢNG ỦY XÃ BÌNH
			LONG</b></p>
			<p align="center" style="margin-bottom: 0in">*</p>
			<p align="center">Số 15-KH/ĐU</p>
		</td>
		<td width="340" style="border: none"><p align="center"><u><b>ĐẢNG CỘNG SẢN
			VIỆT NAM</b></u></p>
			<p align="center"><br/></p>
			<p align="right"><i>Bình Long, ngày 20 tháng 11
			năm 2024</i></p>
		</td>
	</tr>
</table>
<p align="center" style="margin-bottom: 0in"><font size="4"><b>KẾ
HOẠCH</b></font></p>
<p align="center"><b>kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng
viên năm 2024</b></p>
<p><b>I. MỤC ĐÍCH, YÊU CẦU</b></p>
<p>1. Đánh giá đúng kết quả thực hiện nhiệm vụ của tập thể và cá
	nhân.</p>
<p><b>II. TIẾN ĐỘ THỰC HIỆN</b></p>
<table width="640" border="1" cellpadding="4" cellspacing="0">
	<thead>
	<tr><th>TT</th><th>Nội dung công việc</th><th>Thời gian</th>
		<th>Đơn vị chủ trì</th><th>Đơn vị phối hợp</th></tr>
	</thead>
	<tbody>
	<tr><td><p>1</p></td><td><p>Các chi bộ tổ chức kiểm điểm
		tập thể, cá nhân đảng viên</p></td><td><p>Trước ngày 15/12/2024</p></td>
		<td><p>Chi ủy các chi bộ</p></td><td><p>Văn phòng Đảng ủy</p></td></tr>
	<tr><td>2</td><td>Tổ chức hội nghị kiểm điểm Ban Chấp hành Đảng bộ xã</td>
		<td>Hoàn thành trước ngày 25/12/2024</td><td>Ban Thường vụ Đảng ủy</td>
		<td rowspan="2">Các đoàn thể</td></tr>
	<tr><td>3</td><td>Tổng hợp, báo cáo kết quả về Huyện ủy</td>
		<td>Chậm nhất ngày 10/01/2025</td><td>Văn phòng Đảng ủy</td></tr>
	</tbody>
</table>
<p><br/></p>
<table width="640" cellpadding="4" cellspacing="0">
	<tr valign="top">
		<td><p><b><i>Nơi nhận:</i></b><br/>- Ban Tổ chức Huyện ủy (b/c),<br/>
			- Lưu Văn phòng Đảng ủy.</p></td>
		<td><p align="center"><b>T/M ĐẢNG ỦY</b></p><p align="center"><b>BÍ THƯ</b></p>
			<p align="center"><br/><br/></p><p align="center"><b>Lê Văn Khoa</b></p></td>
	</tr>
</table>
<script>document.title = "Kế hoạch số 99-KH/ĐU";</script>
</body>
</html>
"""

# Word's "Save as Web Page": Office namespaces, MsoNormal paragraphs, <o:p>, list
# numbers written as text between conditional comments, letters as character entities.
WORD_PAGE = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word">
<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=Generator content="Microsoft Word 15">
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Print</w:View></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {margin:0cm; font-size:14.0pt;} --></style>
</head>
<body lang=EN-US style='tab-interval:36.0pt'>
<div class=WordSection1>
<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0>
 <tr>
  <td width=280 valign=top><p class=MsoNormal align=center style='text-align:center'>
  <span lang=VI>ĐẢNG BỘ HUYỆN AN PH&Uacute;<o:p></o:p></span></p>
  <p class=MsoNormal align=center style='text-align:center'><b><span lang=VI>ĐẢNG
  ỦY X&Atilde; B&#204;NH LONG<o:p></o:p></span></b></p>
  <p class=MsoNormal align=center style='text-align:center'><span lang=VI>*<o:p></o:p></span></p>
  <p class=MsoNormal align=center style='text-align:center'><span lang=VI>Số 15-KH/ĐU<o:p></o:p></span></p>
  </td>
  <td width=340 valign=top><p class=MsoNormal align=center style='text-align:center'><b><u>
  <span lang=VI>ĐẢNG CỘNG SẢN VIỆT NAM<o:p></o:p></span></u></b></p>
  <p class=MsoNormal align=right style='text-align:right'><i><span lang=VI>B&#236;nh Long,
  ng&agrave;y 20 th&aacute;ng 11 năm 2024<o:p></o:p></span></i></p>
  </td>
 </tr>
</table>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoNormal align=center style='text-align:center'><b><span lang=VI
style='font-size:16.0pt'>KẾ HOẠCH<o:p></o:p></span></b></p>
<p class=MsoNormal align=center style='text-align:center'><b><span lang=VI>kiểm điểm,
đ&aacute;nh gi&aacute;, xếp loại chất lượng tổ chức đảng, đảng vi&ecirc;n năm 2024<o:p></o:p></span></b></p>
<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><b><span
lang=VI><span style='mso-list:Ignore'>I.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;
</span></span></span></b><![endif]><b><span lang=VI>MỤC Đ&Iacute;CH, Y&Ecirc;U CẦU<o:p></o:p></span></b></p>
<p class=MsoNormal><span lang=VI>1. Đ&aacute;nh gi&aacute; đ&uacute;ng kết quả thực hiện
nhiệm vụ của tập thể v&agrave; c&aacute; nh&acirc;n.<o:p></o:p></span></p>
<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'><![if !supportLists]><b><span
lang=VI><span style='mso-list:Ignore'>II.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span></span></b><![endif]><b><span lang=VI>TIẾN ĐỘ THỰC HIỆN<o:p></o:p></span></b></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0>
 <tr><td><p class=MsoNormal><b>TT</b></p></td><td><p class=MsoNormal><b>Nội dung c&ocirc;ng việc</b></p></td>
  <td><p class=MsoNormal><b>Thời gian</b></p></td><td><p class=MsoNormal><b>Đơn vị chủ tr&igrave;</b></p></td>
  <td><p class=MsoNormal><b>Đơn vị phối hợp</b></p></td></tr>
 <tr><td><p class=MsoNormal>1</p></td><td><p class=MsoNormal>C&aacute;c chi bộ tổ chức kiểm điểm tập thể, c&aacute; nh&acirc;n đảng vi&ecirc;n</p></td>
  <td><p class=MsoNormal>Trước ng&agrave;y 15/12/2024</p></td><td><p class=MsoNormal>Chi ủy c&aacute;c chi bộ</p></td>
  <td><p class=MsoNormal>Văn ph&ograve;ng Đảng ủy</p></td></tr>
 <tr><td><p class=MsoNormal>2</p></td><td><p class=MsoNormal>Tổ chức hội nghị kiểm điểm Ban Chấp h&agrave;nh Đảng bộ x&atilde;</p></td>
  <td><p class=MsoNormal>Ho&agrave;n th&agrave;nh trước ng&agrave;y 25/12/2024</p></td>
  <td><p class=MsoNormal>Ban Thường vụ Đảng ủy</p></td><td><p class=MsoNormal>C&aacute;c đo&agrave;n thể</p></td></tr>
 <tr><td><p class=MsoNormal>3</p></td><td><p class=MsoNormal>Tổng hợp, b&aacute;o c&aacute;o kết quả về Huyện ủy</p></td>
  <td><p class=MsoNormal>Chậm nhất ng&agrave;y 10/01/2025</p></td><td><p class=MsoNormal>Văn ph&ograve;ng Đảng ủy</p></td>
  <td><p class=MsoNormal><o:p>&nbsp;</o:p></p></td></tr>
</table>
<p class=MsoNormal><b><i>Nơi nhận:</i></b></p>
<p class=MsoNormal>- Ban Tổ chức Huyện ủy (b/c),</p>
<p class=MsoNormal>- Lưu Văn ph&ograve;ng Đảng ủy.</p>
<p class=MsoNormal align=center style='text-align:center'><b>T/M ĐẢNG ỦY</b></p>
<p class=MsoNormal align=center style='text-align:center'><b>B&Iacute; THƯ</b></p>
<p class=MsoNormal align=center style='text-align:center'><b>L&ecirc; Văn Khoa</b></p>
</div>
</body>
</html>
"""


@pytest.fixture(scope="module")
def docx_plan() -> vbparser.Document:
    return vbparser.parse(plan_docx())


@pytest.mark.parametrize("page", [LIBREOFFICE_PAGE, WORD_PAGE], ids=["libreoffice", "word"])
def test_a_web_page_reads_as_its_word_file(page: str, docx_plan: vbparser.Document,
                                           tmp_path: Path) -> None:
    path = tmp_path / "plan.htm"
    path.write_text(page, encoding="utf-8")
    doc = vbparser.parse(path)
    assert doc.source.format == "html" and doc.source.encoding == "utf-8"
    assert deadlines(doc) == EXPECTED
    for field in ("doc_type", "number_symbol", "date", "place", "title"):
        assert getattr(doc.meta, field) == getattr(docx_plan.meta, field), field
    assert doc.meta.issuer.name == docx_plan.meta.issuer.name == "Đảng ủy xã Bình Long"
    assert [s.label for s in doc.sections] == [s.label for s in docx_plan.sections]
    assert doc.meta.signer is not None and doc.meta.signer.name == "Lê Văn Khoa"
    assert [r.name for r in doc.meta.recipients] == [r.name for r in docx_plan.meta.recipients]
    assert "document.title" not in doc.text and "line-height" not in doc.text
    for kind, (start, end), text in _spans(doc):
        assert 0 <= start < end <= len(doc.text), kind
        if text is not None:
            assert key(text) in key(doc.text[start:end]), (kind, text)


def test_layout_tables_column_by_column_data_tables_row_by_row() -> None:
    lines = [line for line in load_bytes(LIBREOFFICE_PAGE.encode(), "p.html", ".html")
             .text.splitlines() if line.strip()]
    # each header column whole, its wrapped source lines joined
    assert lines[:6] == ["ĐẢNG BỘ HUYỆN AN PHÚ", "ĐẢNG ỦY XÃ BÌNH LONG", "*", "Số 15-KH/ĐU",
                         "ĐẢNG CỘNG SẢN VIỆT NAM", "Bình Long, ngày 20 tháng 11 năm 2024"]
    assert "1. Đánh giá đúng kết quả thực hiện nhiệm vụ của tập thể và cá nhân." in lines
    rows = [line for line in lines if TABLE_CELL in line]
    assert rows[0] == TABLE_CELL.join(["TT", "Nội dung công việc", "Thời gian",
                                       "Đơn vị chủ trì", "Đơn vị phối hợp"])
    # the partner spanning rows 2 and 3 goes on into row 3
    assert rows[3].split(TABLE_CELL)[-1] == MERGED
    # the closing: recipients (lines broken by <br>), then the signature column
    tail = lines[lines.index("Nơi nhận:"):]
    assert tail == ["Nơi nhận:", "- Ban Tổ chức Huyện ủy (b/c),", "- Lưu Văn phòng Đảng ủy.",
                    "T/M ĐẢNG ỦY", "BÍ THƯ", "Lê Văn Khoa"]


def test_lists_numbered_as_a_browser_draws_them() -> None:
    page = ("<html><body><p><b>II. NỘI DUNG</b></p><ol type='1'><li>Kiểm điểm tập thể."
            "<ol type='a'><li>Ban Thường vụ;</li><li>Ban Chấp hành.</li></ol></li>"
            "<li>Kiểm điểm cá nhân.</li></ol><ul><li>Lưu ý thời gian.</li></ul>"
            "<ol start='3'><li>Tổng hợp kết quả.</li></ol></body></html>")
    lines = load_bytes(page.encode(), "p.htm", ".htm").text.splitlines()
    assert lines == ["II. NỘI DUNG", "1. Kiểm điểm tập thể.", "a. Ban Thường vụ;",
                     "b. Ban Chấp hành.", "2. Kiểm điểm cá nhân.", "- Lưu ý thời gian.",
                     "3. Tổng hợp kết quả."]


def test_a_portals_menu_side_column_and_footer_are_not_read() -> None:
    """A plan kept on an office portal: the site's menu, its side column of recent
    documents (with their own dates) and its footer are the page, not the plan."""
    page = ("<html><body><div id='menu'><ul><li>Trang chủ</li><li>Văn bản đi</li></ul></div>"
            "<div id='wrap'><div id='main'><p>KẾ HOẠCH</p>"
            "<p>1. Các đảng viên nộp bản kiểm điểm trước ngày 02/12/2025.</p></div>"
            "<div id='side'><h3>Văn bản mới</h3><ul><li>Giấy mời họp giao ban ngày "
            "28/11/2025</li></ul></div></div><nav>Liên kết</nav>"
            "<div class='site-footer'>Phiên bản 3.2 - cập nhật 15/10/2025</div></body></html>")
    text = load_bytes(page.encode(), "p.html", ".html").text
    assert text.splitlines() == ["KẾ HOẠCH",
                                 "1. Các đảng viên nộp bản kiểm điểm trước ngày 02/12/2025."]


@pytest.mark.parametrize("suffix", [".doc", ".txt", ""])
def test_a_web_page_under_another_name_is_read_as_one(suffix: str, tmp_path: Path) -> None:
    """Word's web page is often saved as .doc: its first bytes tell what it is, and it is
    neither sent to LibreOffice nor read as text full of tags."""
    path = tmp_path / f"plan{suffix}"
    path.write_bytes(WORD_PAGE.encode("utf-8"))
    loaded = load_path(path)
    assert loaded.source.format == "html"
    assert "<" not in loaded.text and "MsoNormal" not in loaded.text
    assert "Ban Chấp hành Đảng bộ xã" in loaded.text


def test_a_legacy_encoded_page_is_decoded_with_a_warning(tmp_path: Path) -> None:
    page = ("<html><body><p>ĐẢNG ỦY XÃ BÌNH LONG</p><p>KẾ HOẠCH</p>"
            "<p>kiểm điểm, đánh giá, xếp loại chất lượng đảng viên năm 2024</p></body></html>")
    path = tmp_path / "plan.htm"
    path.write_bytes(encode_tcvn3(page))
    loaded = load_path(path)
    assert "kiểm điểm, đánh giá, xếp loại chất lượng" in vbparser.parse(path).text
    assert [(w.code, w.message.rpartition(": ")[2]) for w in loaded.warnings] == [
        ("VB101", "TCVN3")]


@pytest.mark.parametrize("page, message", [
    ((b"<!DOCTYPE html><html><head><title>K\xe1\xba\xbf ho\xe1\xba\xa1ch</title></head>"
      b"<body><script>var a = 1;</script></body></html>"), "the web page has no text"),
    (b"<html><body>\x00\x01\x02\x03\x00\x00\x04\x05</body></html>", "binary"),
])
def test_a_page_without_text_is_a_one_line_error(page: bytes, message: str, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.html"
    path.write_bytes(page)
    with pytest.raises(LoadError, match=message):
        load_path(path)
    one_line_error(capsys, ["parse", str(path)], message)


def test_a_folder_of_web_pages_is_a_batch(tmp_path: Path) -> None:
    (tmp_path / "kh_xa.htm").write_text(LIBREOFFICE_PAGE, encoding="utf-8")
    (tmp_path / "kh_xa_word.html").write_text(WORD_PAGE, encoding="utf-8")
    (tmp_path / "style.css").write_text("p { margin: 0 }", encoding="utf-8")
    docs = list(vbparser.parse_many([tmp_path], jobs=1))
    assert [(Path(d.source.path or "").name, d.meta.number_symbol) for d in docs] == [
        ("kh_xa.htm", "15-KH/ĐU"), ("kh_xa_word.html", "15-KH/ĐU")]


def test_a_pages_own_banner_and_post_line_are_not_read() -> None:
    """A <header> outside the page's main part is the site's banner (its name, its
    motto), and the line of who posted the page and when is the portal's: neither is the
    plan's header, whose issuer block comes after."""
    page = ("<html><body><header class='site'><div class='brand'>TRƯỜNG ĐẠI HỌC LAM VĨ – "
            "KHOA CÔNG NGHỆ THÔNG TIN</div><div>Sáng tạo – Trách nhiệm</div></header>"
            "<main><div class='post-meta'>Đăng ngày: 22/05/2026 | Lượt xem: 418</div>"
            "<p>TRƯỜNG ĐẠI HỌC LAM VĨ</p><p>KẾ HOẠCH</p>"
            "<footer><p>1. Các bộ môn họp trước ngày 02/6/2026.</p></footer></main>"
            "<footer>Bản quyền thuộc Trường Đại học Lam Vĩ</footer></body></html>")
    text = load_bytes(page.encode(), "p.html", ".html").text
    assert text.splitlines() == ["TRƯỜNG ĐẠI HỌC LAM VĨ", "KẾ HOẠCH",
                                 "1. Các bộ môn họp trước ngày 02/6/2026."]
