"""PDF input (issue 8): layout, page provenance, OCR of scans, and bad files.

Every PDF here is made at test time by ``tests/pdf_fixtures.py`` and cached for the
session: the seeds typeset exactly as their text, two corpus documents (or the sample
plan) with a two-column header, bold headings, running header and page numbers, and
scans of them (pages rasterised and wrapped back into a PDF with no text layer).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest

import vbparser
from tests import pdf_fixtures as fx
from tests.conftest import Render, missing
from tests.generated_plans import generated_plans
from vbparser.cli import main
from vbparser.config import Config
from vbparser.errors import (
    ConfigError,
    EncryptedPdfError,
    LoadError,
    OcrError,
    PageLimitError,
    PdfError,
    warning_message,
)
from vbparser.evaluate import FIELDS, evaluate
from vbparser.loaders import load_path
from vbparser.loaders.pdf import load_pdf
from vbparser.loaders.pdf_layout import Fragment, Page, layout
from vbparser.model import Document
from vbparser.normalize import normalize
from vbparser.pipeline import DEFAULT_STAGES, Pipeline

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not fx.fonts_available(), reason=(
    "the DejaVu fonts are missing: apt-get install fonts-dejavu-core (make system-deps)"))


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def sample_pdf(render: Render) -> Path:
    return render("sample", fx.SAMPLE_PLAN,
                  fx.Layout(running_header="Kế hoạch số 42-KH/ĐU", footer="dash", size=13))


@pytest.fixture(scope="session")
def scanned_sample(render: Render, sample_pdf: Path) -> Path:
    """``sample_pdf`` scanned (made after it, so that its layout is the one scanned)."""
    return render("sample", fx.SAMPLE_PLAN, scanned=True)


def corpus_golds() -> list[Path]:
    """A Party plan and a state plan of the corpus, with gold (empty if not written yet)."""
    picked: dict[str, Path] = {}
    for gold in sorted(REPO.glob("corpora/campaign_*/gold/*.json")):
        doc = gold.parent.parent / "docs" / (gold.stem + ".txt")
        if not doc.is_file():
            continue
        head = load_path(doc).text[:400]
        kind = ("party" if "ĐẢNG CỘNG SẢN" in head else "state" if "CHỦ NGHĨA VIỆT NAM" in head
                else "")
        if kind and kind not in picked:
            picked[kind] = gold
    return list(picked.values())


def parse_pdf(path: Path, **options: object) -> Document:
    """``vbparser.parse`` of a PDF with loader options (``parse`` does not pass them yet)."""
    cfg = Config(**options)  # type: ignore[arg-type]
    loaded = load_pdf(path.read_bytes(), str(path), cfg)
    text, offsets, steps = normalize(loaded.text, cfg.normalize)
    doc = Document(source=loaded.source, text=text, warnings=loaded.warnings, steps=steps,
                   source_text=loaded.text, offsets=offsets, blocks=loaded.blocks)
    return Pipeline(DEFAULT_STAGES)(doc, cfg)


def page_texts(path: Path) -> dict[int, str]:
    document = pdfium.PdfDocument(path)
    try:
        return {i + 1: " ".join(document[i].get_textpage().get_text_range().split())
                for i in range(len(document))}
    finally:
        document.close()


def one_line_error(capsys: pytest.CaptureFixture[str], args: list[str], needle: str) -> str:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and needle in err, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    return err


# --- layout -------------------------------------------------------------------------------


def test_two_column_header_is_read_column_by_column(sample_pdf: Path) -> None:
    lines = load_path(sample_pdf).text.splitlines()
    assert lines[:7] == ["ĐẢNG BỘ HUYỆN ĐÔNG SƠN", "ĐẢNG ỦY XÃ HOÀNG SƠN", "*", "Số 42-KH/ĐU",
                         "ĐẢNG CỘNG SẢN VIỆT NAM", "Hoàng Sơn, ngày 20 tháng 11 năm 2023",
                         "KẾ HOẠCH"]
    closing = lines[lines.index("Nơi nhận:"):]
    assert closing == ["Nơi nhận:", "- Thường trực Huyện ủy (để báo cáo);",
                       "- Các chi bộ trực thuộc (để thực hiện);", "- Lưu Văn phòng Đảng ủy.",
                       "T/M ĐẢNG ỦY", "BÍ THƯ", "Lê Văn Bình"]


def test_wrapped_lines_are_rejoined_one_paragraph_per_line(sample_pdf: Path) -> None:
    lines = set(load_path(sample_pdf).text.splitlines())
    body = fx.SAMPLE_PLAN.split("-----\n", 1)[1].split("\nNơi nhận:")[0]
    for paragraph in filter(None, (x.strip() for x in body.splitlines())):
        assert paragraph in lines


def test_bold_and_centred_lines_are_marked(sample_pdf: Path) -> None:
    loaded = load_path(sample_pdf)
    blocks = {loaded.text[b.start:b.end]: b for b in loaded.blocks}
    assert blocks["KẾ HOẠCH"].bold and blocks["KẾ HOẠCH"].style == "center"
    assert blocks["I. MỤC ĐÍCH, YÊU CẦU"].bold and blocks["I. MỤC ĐÍCH, YÊU CẦU"].style is None
    assert blocks["ĐẢNG ỦY XÃ HOÀNG SƠN"].bold and blocks["ĐẢNG ỦY XÃ HOÀNG SƠN"].style == "column-left"
    assert not blocks["ĐẢNG BỘ HUYỆN ĐÔNG SƠN"].bold
    body = next(b for b in loaded.blocks if loaded.text[b.start:].startswith("Thực hiện"))
    assert not body.bold


@pytest.mark.parametrize("footer,shown", [("dash", "- 2 -"), ("bare", "2"), ("trang", "Trang 2")])
def test_page_numbers_and_running_headers_are_removed(render: Render, footer: str,
                                                      shown: str) -> None:
    filler = "\n".join(["Các chi bộ báo cáo kết quả kiểm điểm đúng thời gian quy định."] * 30)
    text = fx.SAMPLE_PLAN.replace("\nNơi nhận:", f"\n{filler}\nNơi nhận:")
    path = render(f"furniture-{footer}", text, fx.Layout(running_header="KH 42-KH/ĐU",
                                                         footer=footer))
    assert shown in page_texts(path)[2]
    lines = load_path(path).text.splitlines()
    assert shown not in lines and not any("KH 42-KH/ĐU" in x for x in lines)
    assert "Hoàng Sơn, ngày 20 tháng 11 năm 2023" in lines  # a year is not a page number


def test_every_block_points_to_its_page(render: Render, sample_pdf: Path) -> None:
    for path in (sample_pdf, render("sample-long", fx.SAMPLE_PLAN * 3)):
        loaded, pages = load_path(path), page_texts(path)
        assert loaded.source.pages == len(pages) and len(pages) > 1
        for block in loaded.blocks:
            assert loaded.text[block.start:block.end] in pages[block.page]


def test_block_at_gives_the_page_of_a_span_across_a_page_break(render: Render) -> None:
    path = render("sample-long", fx.SAMPLE_PLAN * 3)
    doc = vbparser.parse(path)
    loaded = load_path(path)
    split = [p for p in {b.paragraph for b in loaded.blocks}
             if len({b.page for b in loaded.blocks if b.paragraph == p}) > 1]
    assert split, "the fixture should break a paragraph across pages"
    pages = page_texts(path)
    for needle in ("IV. TỔ CHỨC THỰC HIỆN", "Lê Văn Bình"):
        start = doc.text.rindex(needle)
        block = doc.block_at((start, start + len(needle)))
        assert block is not None and needle in pages[block.page]


def test_hyphen_and_soft_hyphen_line_ends_join_without_a_space() -> None:
    def frag(top: float, text: str, x1: float = 500.0) -> Fragment:
        return Fragment(1, 50.0, x1, top, top + 14, text)

    page = Page(1, 595.0, 842.0, (
        frag(100, "Thực hiện Quy định số 124-"), frag(116, "QĐ/TW của Bộ Chính trị về công tác", 300),
        frag(140, "- Thông tin được cập nhật đầy đủ và kịp thời cho các infor\xad"),
        frag(156, "mation officers.", 200)))
    text, blocks = layout([page])
    assert text.splitlines() == ["Thực hiện Quy định số 124-QĐ/TW của Bộ Chính trị về công tác",
                                 ("- Thông tin được cập nhật đầy đủ và kịp thời cho các "
                                  "information officers.")]
    assert [text[b.start:b.end] for b in blocks][1] == "QĐ/TW của Bộ Chính trị về công tác"


def test_a_closing_table_split_by_a_page_break_is_read_column_by_column() -> None:
    """The left column goes on over the page break before the right one is read; items
    set in by a first-line indent, whose first lines happen to sit at the cell's centre,
    are rejoined with their wrapped lines. The right column has fewer, wider-spaced lines."""
    def frag(page: int, x0: float, x1: float, top: float, text: str) -> Fragment:
        return Fragment(page, x0, x1, top, top + 14, text)

    first = Page(1, 595.0, 842.0, (
        frag(1, 90, 480, 600, "Các cơ quan, đơn vị tổ chức thực hiện kế hoạch này."),
        frag(1, 134, 188, 700, "Nơi nhận:"), frag(1, 326, 428, 700, "T/M BAN THƯỜNG VỤ"),
        frag(1, 119, 227, 716, "- Các ban của Tỉnh"), frag(1, 359, 395, 718, "BÍ THƯ"),
        frag(1, 90, 108, 730, "uỷ,"), frag(1, 341, 413, 736, "Nguyễn Văn A")))
    second = Page(2, 595.0, 842.0, (
        frag(2, 119, 227, 57, "- Văn phòng các cơ"),
        frag(2, 90, 256, 71, "quan, đơn vị trực thuộc,"),
        frag(2, 119, 155, 89, "- Lưu.")))
    text, blocks = layout([first, second])
    assert text.splitlines()[1:] == [
        "Nơi nhận:", "- Các ban của Tỉnh uỷ,", "- Văn phòng các cơ quan, đơn vị trực thuộc,",
        "- Lưu.", "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn A"]
    assert [b.page for b in blocks] == [1, 1, 1, 1, 2, 2, 2, 1, 1, 1]


def test_purposes_set_beside_recipients_stay_with_them_in_the_left_column() -> None:
    """A scan's text layer, where the brace between the recipients and their purposes is
    only a picture: "để báo cáo" sits between the columns, beside its recipient. It goes
    with that recipient; the next item is a line of its own, and the signature column
    is read whole after the recipients."""
    def frag(x0: float, x1: float, top: float, bottom: float, text: str,
             bold: bool = False) -> Fragment:
        return Fragment(1, x0, x1, top, bottom, text, bold)

    body = [frag(71, 541, 423.0 + 18.1 * k, 435.0 + 18.1 * k,
                 "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các chi bộ, cơ")
            for k in range(3)]
    page = Page(1, 595.0, 842.0, (*body,  # the boxes pdfium gives for such a layer
        frag(71, 268, 477.3, 489.3, "để được hướng dẫn, giải quyết./."),
        frag(71, 131, 507.0, 519.9, "Nơi nhận:", True),
        frag(373, 525, 508.3, 522.4, "T/M BAN THƯỜNG VỤ", True),
        frag(71, 205, 522.9, 535.1, "- Ban Thường vụ Tỉnh ủy,"),
        frag(424, 477, 525.9, 540.0, "BÍ THƯ", True),
        frag(71, 190, 538.2, 550.4, "- Ban Tổ chức Tỉnh ủy,"),
        frag(298, 355, 538.2, 550.4, "để báo cáo"),
        frag(71, 286, 553.5, 565.7, "- Các đồng chí Ủy viên BCH Đảng bộ xã,"),
        frag(427, 471, 538.2, 550.4, "(Đã ký)"),  # a row of three: item, purpose, signature
        frag(71, 281, 584.1, 596.3, "- UBND xã, Ủy ban MTTQ xã,"),
        frag(298, 364, 584.1, 596.3, "để thực hiện"),
        frag(405, 494, 596.2, 610.3, "Vi Đức Trọng", True),
        frag(71, 247, 599.4, 611.6, "- Các trường học trên địa bàn xã,"),
        frag(71, 210, 614.7, 626.9, "- Lưu Văn phòng Đảng ủy.")))
    assert layout([page])[0].splitlines()[-11:] == [
        "Nơi nhận:", "- Ban Thường vụ Tỉnh ủy,", "- Ban Tổ chức Tỉnh ủy, để báo cáo",
        "- Các đồng chí Ủy viên BCH Đảng bộ xã,", "- UBND xã, Ủy ban MTTQ xã, để thực hiện",
        "- Các trường học trên địa bàn xã,", "- Lưu Văn phòng Đảng ủy.",
        "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "(Đã ký)", "Vi Đức Trọng"]


def test_drawn_braces_between_the_closing_columns_keep_the_region_whole() -> None:
    """Braces drawn between the recipients and the signature: a tall "}" spanning a
    group, the purpose beside it on one line ("} để báo cáo", as fpdf2 sets it) or apart
    and over two lines ("}" "để thực" "hiện", as a browser prints a table cell). No brace
    glues the recipients it spans into one row; it and its purpose go to the last line
    it spans, the end of its group, so the closing stays two columns and the signer and
    each group's purpose are read."""
    def frag(x0: float, x1: float, top: float, bottom: float, text: str) -> Fragment:
        return Fragment(1, x0, x1, top, bottom, text)

    page = Page(1, 595.0, 842.0, (
        frag(74, 541, 359.0, 372.0, "Quá trình thực hiện, nếu có vướng mắc, báo cáo về Ban Tổ chức."),
        frag(73, 131, 519.8, 532.2, "Nơi nhận:"),
        frag(384, 529, 519.9, 533.4, "T/M BAN THƯỜNG VỤ"),
        frag(363, 549, 536.9, 550.4, "PHÓ BÍ THƯ THƯỜNG TRỰC"),
        frag(74, 242, 537.2, 547.7, "- Ban Thường vụ Tỉnh ủy,"),
        frag(264, 320, 538.5, 557.1, "} để báo cáo"),
        frag(74, 229, 551.4, 561.8, "- Ban Tổ chức Tỉnh ủy,"),
        frag(74, 259, 565.5, 576.0, "- Các đồng chí Ủy viên Ban Chấp hành,"),
        frag(264, 274, 565.0, 604.0, "}"),
        frag(279, 314, 565.5, 576.0, "để thực"),
        frag(74, 248, 579.7, 590.2, "- Các chi bộ trực thuộc,"),
        frag(279, 300, 579.7, 590.2, "hiện"),
        frag(74, 258, 593.9, 604.4, "- Các đoàn thể xã,"),
        frag(412, 501, 612.0, 626.0, "Hà Văn Tường"),
        frag(74, 207, 612.5, 622.6, "- Lưu Văn phòng.")))
    assert layout([page])[0].splitlines()[1:] == [
        "Nơi nhận:", "- Ban Thường vụ Tỉnh ủy,", "- Ban Tổ chức Tỉnh ủy, } để báo cáo",
        "- Các đồng chí Ủy viên Ban Chấp hành,", "- Các chi bộ trực thuộc,",
        "- Các đoàn thể xã, } để thực hiện", "- Lưu Văn phòng.",
        "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "Hà Văn Tường"]


def test_a_signature_line_read_in_pieces_stays_one_line_of_the_right_column() -> None:
    """OCR read "KT. CHỦ TỊCH" as two words apart ("KT" and "CHỦ TỊCH"), beside a
    recipient: the row has three fragments, and the region still goes on."""
    def frag(x0: float, x1: float, top: float, text: str) -> Fragment:
        return Fragment(1, x0, x1, top, top + 12.7, text)

    body = [frag(83, 544, 300.0 + 15.0 * k, "quan, đơn vị kịp thời phản ánh về Sở Nội vụ để tổng")
            for k in range(3)]
    page = Page(1, 595.0, 842.0, (*body,
        frag(65, 125, 363.6, "Nơi nhận:"), frag(338, 510, 362.6, "TM. ỦY BAN NHÂN DÂN"),
        frag(66, 150, 377.4, "- Bộ Nội vụ (b/c);"), frag(373, 393, 381.6, "KT"),
        frag(402, 475, 379.8, "CHỦ TỊCH"), frag(66, 224, 404.2, "- Ban Tổ chức Tỉnh ủy;"),
        frag(370, 479, 399.8, "PHÓ CHỦ TỊCH"), frag(66, 143, 418.0, "- Lưu: VT, SNV."),
        frag(364, 485, 460.0, "Lương Văn Khê")))
    assert layout([page])[0].splitlines()[-8:] == [
        "Nơi nhận:", "- Bộ Nội vụ (b/c);", "- Ban Tổ chức Tỉnh ủy;", "- Lưu: VT, SNV.",
        "TM. ỦY BAN NHÂN DÂN", "KT CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Lương Văn Khê"]


def test_a_closing_table_opening_a_page_in_small_print_is_no_running_header() -> None:
    """The top line of a later page set smaller than the body is taken for a running
    header printed once, unless the lines below it are as small: then it opens a block,
    here the closing table moved whole to the next page."""
    def frag(page: int, x0: float, x1: float, top: float, text: str, size: float) -> Fragment:
        return Fragment(page, x0, x1, top, top + size, text)

    body = [frag(1, 90, 500, 80 + 20 * i, f"Dòng thứ {i} của nội dung kế hoạch, đủ dài.", 14)
            for i in range(30)]
    first = Page(1, 595.0, 842.0, tuple(body))
    second = Page(2, 595.0, 842.0, (
        frag(2, 90, 150, 57, "Nơi nhận:", 11), frag(2, 330, 450, 57, "T/M BAN THƯỜNG VỤ", 11),
        frag(2, 90, 250, 71, "- Thường trực Tỉnh ủy (b/c);", 11),
        frag(2, 365, 415, 71, "BÍ THƯ", 11), frag(2, 90, 160, 85, "- Lưu VP.", 11),
        frag(2, 350, 430, 120, "Nguyễn Văn A", 11)))
    lines = layout([first, second])[0].splitlines()
    assert lines[-6:] == ["Nơi nhận:", "- Thường trực Tỉnh ủy (b/c);", "- Lưu VP.",
                          "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Nguyễn Văn A"]
    running = Page(2, 595.0, 842.0, (frag(2, 90, 200, 40, "Kế hoạch số 18-KH/ĐU", 9),
                                     *[frag(2, 90, 500, 70 + 20 * i, f"Dòng {i} tiếp theo.", 14)
                                       for i in range(5)]))
    assert "Kế hoạch số 18-KH/ĐU" not in layout([first, running])[0]


def test_appendices_opening_pages_after_the_closing_are_read_after_it() -> None:
    """The closing table ends a page and each appendix opens one with its centred
    heading: the headings ("PHỤ LỤC 1", "PHỤ LỤC 2", at one height on two pages) are
    no running header, and the first does not go on with the closing's columns."""
    def frag(page: int, x0: float, x1: float, top: float, text: str) -> Fragment:
        return Fragment(page, x0, x1, top, top + 14, text)

    first = Page(1, 595.0, 842.0, (
        frag(1, 90, 480, 600, "Các cơ quan, đơn vị tổ chức thực hiện kế hoạch này./."),
        frag(1, 90, 150, 700, "Nơi nhận:"), frag(1, 326, 428, 700, "T/M BAN THƯỜNG VỤ"),
        frag(1, 90, 260, 716, "- Ban Tổ chức Trung ương (b/c),"),
        frag(1, 359, 395, 718, "BÍ THƯ"), frag(1, 90, 200, 732, "- Lưu Văn phòng."),
        frag(1, 341, 413, 750, "Mạc Quang Hiếu")))

    def appendix(page: int, number: int, title: str, row: str) -> Page:
        return Page(page, 595.0, 842.0, (
            frag(page, 262, 333, 57, f"PHỤ LỤC {number}"),
            frag(page, 120, 475, 75, title), frag(page, 90, 500, 100, row)))

    text = layout([first, appendix(2, 1, "ĐỐI TƯỢNG KIỂM ĐIỂM THEO TỪNG CẤP",
                                   "1 | Ban Thường vụ Tỉnh ủy | x | x"),
                   appendix(3, 2, "LỊCH TRÌNH THỰC HIỆN",
                            "1 | Xây dựng kế hoạch | Trước ngày 20/11/2025")])[0]
    assert text.splitlines()[1:] == [
        "Nơi nhận:", "- Ban Tổ chức Trung ương (b/c),", "- Lưu Văn phòng.",
        "T/M BAN THƯỜNG VỤ", "BÍ THƯ", "Mạc Quang Hiếu",
        "PHỤ LỤC 1", "ĐỐI TƯỢNG KIỂM ĐIỂM THEO TỪNG CẤP", "1 | Ban Thường vụ Tỉnh ủy | x | x",
        "PHỤ LỤC 2", "LỊCH TRÌNH THỰC HIỆN", "1 | Xây dựng kế hoạch | Trước ngày 20/11/2025"]


def test_a_label_set_apart_by_a_tab_is_one_line_with_its_text() -> None:
    """Word's automatic numbering: the label, a tab as wide as a column gap, the text
    (corpus a03 exported by LibreOffice). The heading is bold, its label regular."""
    def frag(x0: float, x1: float, top: float, text: str, bold: bool = False) -> Fragment:
        return Fragment(1, x0, x1, top, top + 12.4, text, bold)

    page = Page(1, 612.0, 792.0, (
        frag(90, 506, 270, "Căn cứ Quy định số 124-QĐ/TW ngày 04/10/2023 của Bộ Chính trị;"),
        frag(118, 126, 295, "I."), frag(162, 294, 295, "MỤC ĐÍCH, YÊU CẦU", True),
        frag(118, 129, 320, "1."), frag(162, 219, 320, "Mục đích", True),
        frag(90, 514, 345, "Thông qua kiểm điểm, mỗi tập thể và cá nhân nhìn nhận đúng kết"),
        frag(90, 237, 360, "quả công tác trong năm.")))
    text, blocks = layout([page])
    assert text.splitlines()[1:] == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", (
        "Thông qua kiểm điểm, mỗi tập thể và cá nhân nhìn nhận đúng kết quả công tác trong "
        "năm.")]
    assert [b.bold for b in blocks][1:3] == [True, True]


def test_a_label_at_the_top_of_a_page_is_no_page_number() -> None:
    """A bare "2." at the top edge is a page number only when no text follows it on its row."""
    def frag(page: int, x0: float, x1: float, top: float, text: str) -> Fragment:
        return Fragment(page, x0, x1, top, top + 12.4, text)

    body = [frag(1, 90, 500, 100 + 15 * k, f"Dòng {k} của nội dung kế hoạch.") for k in range(5)]
    first = Page(1, 612.0, 792.0, tuple(body))
    second = Page(2, 612.0, 792.0, (
        frag(2, 300, 310, 40, "2"),
        frag(2, 118, 129, 72, "2."), frag(2, 162, 257, 72, "Đối với cá nhân"),
        frag(2, 90, 500, 97, "Phẩm chất chính trị, đạo đức, lối sống: tối đa 30 điểm.")))
    lines = layout([first, second])[0].splitlines()
    assert lines[-2:] == ["2. Đối với cá nhân",
                          "Phẩm chất chính trị, đạo đức, lối sống: tối đa 30 điểm."]


def test_a_header_column_set_lower_is_read_column_by_column() -> None:
    """A header table whose right cell is centred vertically: its first lines sit between
    the left cell's, alone on their rows, before the first row holding both columns."""
    def frag(x0: float, x1: float, top: float, text: str, bold: bool = False) -> Fragment:
        return Fragment(1, x0, x1, top, top + 14.7, text, bold)

    page = Page(1, 595.0, 842.0, (
        frag(102, 272, 58, "ĐẢNG BỘ HUYỆN ĐÔNG"), frag(171, 203, 76, "SƠN"),
        frag(322, 533, 88, "ĐẢNG CỘNG SẢN VIỆT NAM", True),
        frag(104, 270, 96, "ĐẢNG ỦY XÃ HOÀNG", True),
        frag(330, 526, 108, "Hoàng Sơn, ngày 20 tháng 11"), frag(171, 203, 114, "SƠN", True),
        frag(395, 461, 126, "năm 2023"), frag(184, 190, 134, "*"),
        frag(143, 231, 155, "Số 42-KH/ĐU"), frag(285, 367, 177, "KẾ HOẠCH", True),
        *(frag(85, 531, 200 + 18 * k, f"Các chi bộ thực hiện nội dung {k} của kế hoạch.")
          for k in range(6))))
    assert layout([page])[0].splitlines()[:7] == [
        "ĐẢNG BỘ HUYỆN ĐÔNG SƠN", "ĐẢNG ỦY XÃ HOÀNG SƠN", "*", "Số 42-KH/ĐU",
        "ĐẢNG CỘNG SẢN VIỆT NAM", "Hoàng Sơn, ngày 20 tháng 11 năm 2023", "KẾ HOẠCH"]


def _set_line_by_line(rights: list[float], top: float = 100.0) -> list[Fragment]:
    """Body lines of a text set line by line (as seed 001 is), ending at ``rights``:
    left-aligned, ragged, 12.7 points apart, the body's right edge about 461 points."""
    line = "Các chi bộ căn cứ Kế hoạch này xây dựng kế hoạch của chi bộ, hướng dẫn đảng viên"
    return [Fragment(1, 85.2, x1, top + 12.7 * k, top + 12.7 * k + 8.9, line)
            for k, x1 in enumerate(rights)]


_RAGGED = [452.0 + (7 * k) % 11 for k in range(30)]


def test_a_dash_opening_a_compound_wrapped_before_it_goes_on_the_line() -> None:
    """"chính trị" / "- xã hội xã." is one item wrapped, not two (corpus a09): items
    open in capitals."""
    def frag(x1: float, top: float, text: str) -> Fragment:
        return Fragment(1, 85.2, x1, top, top + 8.9, text)

    item = [frag(435.0, 500.0, "- Thường trực Hội đồng nhân dân, tập thể lãnh đạo Uỷ ban xã; Ban"),
            frag(442.0, 512.7, "Thường trực Uỷ ban Mặt trận Tổ quốc xã; ban chấp hành các tổ chức chính trị"),
            frag(134.6, 525.4, "- xã hội xã.")]
    text, _ = layout([Page(1, 595.0, 842.0, (*_set_line_by_line(_RAGGED[:25], 150), *item))])
    assert text.splitlines()[-1] == " ".join(f.text for f in item)


def test_a_short_line_of_a_centred_right_column_is_not_full() -> None:
    """The right column's cell reaches the gutter even when the body, set line by line,
    stops short of the page's margin: "T/M CHI BỘ" does not run on into "PHÓ BÍ THƯ"
    (corpus a21)."""
    closing = [Fragment(1, 162.9, 223.4, 611.5, 621.4, "Nơi nhận:", True),
               Fragment(1, 382.3, 457.4, 608.7, 621.8, "T/M CHI BỘ", True),
               Fragment(1, 85.2, 296.5, 625.3, 635.6, "- Đảng uỷ xã Quảng Khê (để báo cáo);"),
               Fragment(1, 380.6, 461.0, 625.3, 636.2, "PHÓ BÍ THƯ", True),
               Fragment(1, 85.2, 157.0, 640.0, 648.9, "- Lưu Chi bộ."),
               Fragment(1, 380.4, 459.2, 641.1, 651.0, "Hồ Thị Nhàn", True)]
    text, _ = layout([Page(1, 595.0, 842.0, (*_set_line_by_line(_RAGGED), *closing))])
    assert text.splitlines()[-3:] == ["T/M CHI BỘ", "PHÓ BÍ THƯ", "Hồ Thị Nhàn"]


def test_a_hyphen_ending_a_page_line_is_kept_and_the_line_cut_there(tmp_path: Path) -> None:
    """pdfium writes no line break after a hyphen ending a page line, only a mark."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("Sans", "", str(fx.FONT_DIR / fx.FONTS[""]))
    pdf.add_page()
    pdf.set_font("Sans", "", 12)
    pdf.text(20, 30, "Căn cứ Nghị định số 90/2020/NĐ-")
    pdf.text(20, 37, "CP của Chính phủ;")
    pdf.text(20, 51, "Kế hoạch này thay thế kế hoạch trước.")
    loaded = load_pdf(fx.finish(pdf), "hyphen.pdf")
    assert loaded.text.splitlines() == ["Căn cứ Nghị định số 90/2020/NĐ-CP của Chính phủ;",
                                        "Kế hoạch này thay thế kế hoạch trước."]


def test_columns_on_one_baseline_are_split_at_the_gap(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("Sans", "", str(fx.FONT_DIR / fx.FONTS[""]))
    pdf.add_page()
    pdf.set_font("Sans", "", 12)
    rows = [("ĐẢNG BỘ TỈNH ĐỒNG SƠN", "ĐẢNG CỘNG SẢN VIỆT NAM"),
            ("ĐẢNG ỦY XÃ HOÀNG SƠN", "Hoàng Sơn, ngày 20 tháng 11 năm 2023"),
            ("Số 42-KH/ĐU", "")]
    for k, (left, right) in enumerate(rows):  # tab-set header: row by row in the stream
        pdf.text(30, 30 + 7 * k, left)
        if right:
            pdf.text(112, 30 + 7 * k, right)
    pdf.set_xy(10, 60)
    pdf.multi_cell(0, 7, "KẾ HOẠCH", align="C")
    path = tmp_path / "tabs.pdf"
    path.write_bytes(fx.finish(pdf))
    expected = ["ĐẢNG BỘ TỈNH ĐỒNG SƠN", "ĐẢNG ỦY XÃ HOÀNG SƠN", "Số 42-KH/ĐU",
                "ĐẢNG CỘNG SẢN VIỆT NAM", "Hoàng Sơn, ngày 20 tháng 11 năm 2023", "KẾ HOẠCH"]
    for engine in ("pdfium", "pdfplumber"):
        loaded = load_pdf(path.read_bytes(), str(path), Config(pdf_engine=engine))
        assert loaded.text.splitlines() == expected, engine


def test_both_engines_give_the_same_text_and_blocks(render: Render, sample_pdf: Path) -> None:
    paths = [sample_pdf, render("sample-long", fx.SAMPLE_PLAN * 3)]
    paths += sorted((REPO / "corpora" / "renderings" / "docs").glob("*.pdf"))[:2]
    for path in paths:
        data = path.read_bytes()
        fast = load_pdf(data, str(path), Config(pdf_engine="pdfium"))
        slow = load_pdf(data, str(path), Config(pdf_engine="pdfplumber"))
        assert fast.text == slow.text, path.name
        assert fast.blocks == slow.blocks, path.name


def test_config_rejects_unknown_pdf_options() -> None:
    with pytest.raises(ConfigError, match="pdfium, pdfplumber"):
        Config(pdf_engine="pymupdf")
    with pytest.raises(ConfigError, match="auto, always, never"):
        Config(ocr="sometimes")


# --- scores: text vs PDF vs scan ----------------------------------------------------------


def _scores(gold: Path, parse: Callable[[Path], Document] | None,
            doc_dirs: tuple[Path, ...] = ()) -> dict[str, float]:
    total = evaluate(gold, doc_dirs, parse=parse).total
    return {field: total[field].f1 for field in FIELDS if field in total}


def _compare(label: str, text: dict[str, float], other: dict[str, float], limit: float) -> None:
    print(f"\n{label}: " + ", ".join(f"{k} text {text[k]:.3f} / {other[k]:.3f}" for k in text))
    for field, value in text.items():
        assert abs(other[field] - value) <= limit, (label, field, value, other[field])


@pytest.mark.seeds
def test_seed_pdfs_score_like_the_seed_text(shared: Path, render: Render) -> None:
    def as_pdf(path: Path) -> Document:  # exactly the seed text, no header added
        return vbparser.parse(render(path.stem, load_path(path).text))

    gold = shared / "gold"
    _compare("seeds pdf", _scores(gold, None), _scores(gold, as_pdf), 0.02)


@pytest.mark.seeds
@pytest.mark.slow
def test_scanned_seed_pdfs_score_near_the_seed_text(shared: Path, render: Render,
                                                    tesseract: str) -> None:
    def as_scan(path: Path) -> Document:
        doc = vbparser.parse(render(path.stem, load_path(path).text, scanned=True))
        assert [w.code for w in doc.warnings if w.code == "VB104"] == ["VB104"]
        return doc

    gold = shared / "gold"
    _compare("seeds scanned", _scores(gold, None), _scores(gold, as_scan), 0.10)


@pytest.mark.skipif(not corpus_golds(), reason="no corpus documents with gold yet")
def test_corpus_pdfs_with_header_columns_score_like_their_text(render: Render) -> None:
    for gold in corpus_golds():
        docs = gold.parent.parent / "docs"

        def as_pdf(path: Path) -> Document:
            text = load_path(path).text
            layout = fx.layout_for(text, running_header="Kế hoạch", footer="trang")
            return vbparser.parse(render(path.stem, text, layout))

        _compare(gold.stem, _scores(gold, None, (docs,)), _scores(gold, as_pdf, (docs,)), 0.02)


def test_generated_plans_typeset_score_like_their_text(
        render: Render, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Plans from the generator, whose headers, wrapping and closings vary more than the
    hand-written corpus's; every field as from the text."""
    folder = generated_plans(tmp_path_factory.mktemp("generated"))

    def as_pdf(path: Path) -> Document:
        text = load_path(path).text
        layout = fx.layout_for(text, running_header="Kế hoạch", footer="dash")
        return vbparser.parse(render(f"gen-{path.stem}", text, layout))

    docs = (folder / "docs",)
    _compare("generated", _scores(folder / "gold", None, docs),
             _scores(folder / "gold", as_pdf, docs), 0.0)


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Path]:
    """``printed(name, text)``: a cached PDF of ``text`` printed by Chromium (CI fails
    instead of skipping when it is missing)."""
    executable = fx.chromium()
    if executable is None:
        missing("Debian's chromium is not installed: make system-deps")
    folder = tmp_path_factory.mktemp("printed")

    def make(name: str, text: str) -> Path:
        path = folder / f"{name}.pdf"
        if not path.exists():
            path.write_bytes(fx.print_plan(text, executable))
        return path

    return make


@pytest.mark.seeds
def test_chromium_printed_plans_score_like_their_text(
        shared: Path, printed: Callable[[str, str], Path]) -> None:
    """A second producer, which writes each line as dozens of text runs."""
    def as_printed(path: Path) -> Document:
        return vbparser.parse(printed(path.stem, load_path(path).text))

    gold = shared / "gold"
    _compare("seeds printed", _scores(gold, None), _scores(gold, as_printed), 0.02)
    for corpus_gold in corpus_golds():
        docs = (corpus_gold.parent.parent / "docs",)
        _compare(corpus_gold.stem, _scores(corpus_gold, None, docs),
                 _scores(corpus_gold, as_printed, docs), 0.02)


def test_chromium_printed_header_columns_are_kept_whole(
        printed: Callable[[str, str], Path]) -> None:
    doc = vbparser.parse(printed("sample", fx.SAMPLE_PLAN))
    lines = doc.text.splitlines()
    assert lines[:3] == ["ĐẢNG BỘ HUYỆN ĐÔNG SƠN", "ĐẢNG ỦY XÃ HOÀNG SƠN", "*"], lines[:6]
    assert doc.meta.number_symbol == "42-KH/ĐU" and doc.meta.date == "2023-11-20"
    assert doc.meta.issuer.name == "Đảng ủy xã Hoàng Sơn"


# --- OCR ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_scanned_pdf_is_recognised_with_a_confidence_warning(tesseract: str,
                                                             scanned_sample: Path) -> None:
    scanned = scanned_sample
    loaded = load_path(scanned)
    (warning,) = loaded.warnings
    assert warning.code == "VB104" and "pages 1-2" in warning.message
    assert "mean confidence" in warning.message
    lines = loaded.text.splitlines()
    assert lines[:6] == ["ĐẢNG BỘ HUYỆN ĐÔNG SƠN", "ĐẢNG ỦY XÃ HOÀNG SƠN.", "*", "Số 42-KH/ĐU",
                         "ĐẢNG CỘNG SẢN VIỆT NAM", "Hoàng Sơn, ngày 20 tháng 11 năm 2023"]
    for phrase in ("KẾ HOẠCH", "I. MỤC ĐÍCH", "trước ngày 12/12/2023", "T/M ĐẢNG ỦY"):
        assert phrase in loaded.text
    assert {b.page for b in loaded.blocks} == {1, 2}


@pytest.mark.parametrize("text", [
    "Số 12/QĐ-TW ngày 04/10/2023 (Đảng ủy)", "Kõ ho¹ch sè 12\u00a0®¶ng", "abc def", "",
    "x²ñ_ủy\tđ1ê chỉ-bộ  “Tỉnh uỷ”",
])
def test_garbage_check_words_are_the_regex_words(text: str) -> None:
    from vbparser.loaders.ocr import _WORD, _non_ascii_words

    assert _non_ascii_words(text) == {w for w in _WORD.findall(text) if not w.isascii()}


@pytest.mark.slow
def test_garbage_text_layer_is_replaced_by_ocr(tmp_path: Path, sample_pdf: Path,
                                               tesseract: str) -> None:
    """Page images under an invisible text layer that is not Vietnamese (a broken font)."""
    from fpdf import FPDF
    from fpdf.enums import TextMode

    document = pdfium.PdfDocument(sample_pdf)
    image = document[0].render(scale=200 / 72, grayscale=True).to_pil()
    document.close()
    pdf = FPDF(format="A4")
    pdf.add_font("Sans", "", str(fx.FONT_DIR / fx.FONTS[""]))
    pdf.add_page()
    pdf.image(image, x=0, y=0, w=210, h=297)
    pdf.set_font("Sans", "", 10)
    pdf.text_mode = TextMode.INVISIBLE  # as OCR layers and broken exports are
    letters = "ñéûẵÿỗþàëüßöầẽøẫðĩçờỹ"
    junk = [letters[k % 21] + letters[(3 * k + 1) % 21] + letters[(7 * k + 2) % 21]
            for k in range(60)]
    for k in range(30):
        pdf.text(20, 20 + 8 * k, " ".join(junk[k:k + 12]))
    path = tmp_path / "garbage.pdf"
    path.write_bytes(fx.finish(pdf))
    loaded = load_path(path)
    assert loaded.warnings[0].code == "VB104"
    assert "not readable Vietnamese" in loaded.warnings[0].message
    assert "KẾ HOẠCH" in loaded.text and junk[0] not in loaded.text


@pytest.mark.slow
def test_a_text_layer_of_glyph_numbers_is_replaced_by_ocr(tesseract: str) -> None:
    """Fonts without a Unicode map: the page prints clearly, but its text layer holds the
    glyph numbers as control characters (no letters at all), so no word can be judged."""
    data = fx.render_plan(fx.SAMPLE_PLAN, dataclasses.replace(fx.layout_for(fx.SAMPLE_PLAN),
                                                              unicode_map=False))
    bare = load_pdf(data, "no-map.pdf", Config(ocr="never")).text
    assert "KẾ" not in bare and sum(ch < " " and ch not in "\n\t" for ch in bare) > 200
    loaded = load_pdf(data, "no-map.pdf")
    assert loaded.warnings[0].code == "VB104"
    assert "not readable Vietnamese" in loaded.warnings[0].message
    doc = vbparser.parse(loaded.text)
    assert doc.meta.number_symbol == "42-KH/ĐU"
    assert [d.due for d in doc.deadlines] == ["2023-12-05", "2023-12-11"]


def test_missing_tesseract_is_a_clear_error(scanned_sample: Path,
                                            monkeypatch: pytest.MonkeyPatch,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr("vbparser.loaders.ocr_tesseract.TESSERACT", "/nonexistent/tesseract")
    scanned = scanned_sample
    err = one_line_error(capsys, ["parse", str(scanned)],
                         "apt-get install tesseract-ocr tesseract-ocr-vie")
    assert "no text layer" in err and "Tesseract is not installed" in err
    with pytest.raises(OcrError):
        load_path(scanned)


def test_missing_language_model_is_a_clear_error(scanned_sample: Path, tesseract: str) -> None:
    scanned = scanned_sample
    with pytest.raises(OcrError, match="no 'xyz' language model.*apt-get install"):
        load_pdf(scanned.read_bytes(), str(scanned), Config(ocr_language="xyz"))


def test_a_scanned_page_without_tesseract_costs_only_that_page(
        scanned_sample: Path, sample_pdf: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("vbparser.loaders.ocr_tesseract.TESSERACT", "/nonexistent/tesseract")
    scanned = scanned_sample
    mixed = pdfium.PdfDocument(sample_pdf)
    mixed.import_pages(pdfium.PdfDocument(scanned), [1])
    path = sample_pdf.with_name("mixed.pdf")
    mixed.save(path)
    mixed.close()
    loaded = load_path(path)
    assert [w.code for w in loaded.warnings] == ["VB106"] and "pages 3" in loaded.warnings[0].message
    assert loaded.text.startswith("ĐẢNG BỘ HUYỆN ĐÔNG SƠN")


def test_ocr_off_leaves_a_scan_without_text(scanned_sample: Path) -> None:
    scanned = scanned_sample
    with pytest.raises(LoadError, match="has no text"):
        load_pdf(scanned.read_bytes(), str(scanned), Config(ocr="never"))


# --- bad files ----------------------------------------------------------------------------


def test_encrypted_pdf_with_a_user_password(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(fx.encrypted("Kế hoạch kiểm điểm năm 2023", user_password="mat-khau"))
    one_line_error(capsys, ["parse", str(path)], "encrypted with a password")
    with pytest.raises(EncryptedPdfError, match="password given does not open"):
        load_pdf(path.read_bytes(), str(path), Config(pdf_password="sai"))
    loaded = load_pdf(path.read_bytes(), str(path), Config(pdf_password="mat-khau"))
    assert loaded.text == "Kế hoạch kiểm điểm năm 2023"


def test_encrypted_pdf_without_a_user_password_is_read_with_a_warning(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "owner-only.pdf"
    path.write_bytes(fx.encrypted("Kế hoạch kiểm điểm năm 2023", user_password=None))
    assert main(["parse", str(path), "-f", "jsonl"]) == 0
    assert "Kế hoạch kiểm điểm năm 2023" in capsys.readouterr().out
    assert [w.code for w in load_path(path).warnings] == ["VB105"]


@pytest.mark.parametrize("cut", [0.05, 0.5, 0.97])
def test_truncated_pdf(sample_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                       cut: float) -> None:
    data = sample_pdf.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[:int(len(data) * cut)])
    one_line_error(capsys, ["parse", str(path)], "damaged or truncated")


def test_corrupt_pdf(sample_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = bytearray(sample_pdf.read_bytes())
    data[200:len(data) - 200] = bytes(range(256)) * ((len(data) - 400) // 256) + bytes(
        (len(data) - 400) % 256)
    path = tmp_path / "corrupt.pdf"
    path.write_bytes(bytes(data))
    with pytest.raises(PdfError):
        load_path(path)
    one_line_error(capsys, ["parse", str(path)], "damaged or truncated")


def test_a_pdf_pdfium_gives_up_on_without_a_reason(
        sample_pdf: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """pdfium can fail to open a damaged file and leave its error code at 0, which it
    words "Success": a garbled chunk of a LibreOffice export did. The message then gives
    no reason rather than "(PDFium: Success)"."""
    import pypdfium2 as pdfium

    def gives_up(*args: object, **kwargs: object) -> None:
        raise pdfium.PdfiumError("Failed to load document (PDFium: Success).", err_code=0)

    monkeypatch.setattr(pdfium, "PdfDocument", gives_up)
    message = one_line_error(capsys, ["parse", str(sample_pdf)], "damaged or truncated")
    assert message.strip().endswith("the PDF is damaged or truncated and cannot be read")


def _with_page_broken(pdf: bytes, number: int) -> bytes:
    """``pdf`` (fpdf2's, its objects uncompressed) with page ``number``'s object no
    longer a page ("/Type /Pagz"): pdfium opens the file but cannot load that page."""
    import re

    at = [m.start() for m in re.finditer(rb"/Type /Page\b", pdf)][number - 1]
    return pdf[:at] + b"/Type /Pagz" + pdf[at + len(b"/Type /Page"):]


def test_a_pdf_with_a_damaged_page_keeps_its_other_pages(
        sample_pdf: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One page object broken (a merged file, a bad copy): the other pages are read,
    and a VB112 warning names the page left out. Before, the whole plan was refused
    ("page 2 of the PDF is damaged"): 7 of 225 damaged copies of corpus PDFs failed
    so, each with its other pages intact."""
    whole = load_path(sample_pdf)
    assert whole.source.pages == 2
    path = tmp_path / "page-2-broken.pdf"
    path.write_bytes(_with_page_broken(sample_pdf.read_bytes(), 2))
    first = [b for b in whole.blocks if b.page == 1]
    for engine in ("pdfium", "pdfplumber"):  # pdfplumber read the page as blank, silently
        loaded = load_path(path, Config(pdf_engine=engine))
        assert [w.message for w in loaded.warnings if w.code == "VB112"] == [
            f"{warning_message('VB112')}: page 2"], engine
        assert loaded.text == whole.text[:first[-1].end], engine
        assert {b.page for b in loaded.blocks} == {1}, engine
    assert main(["parse", str(path), "-f", "jsonl"]) == 0
    assert "VB112" in capsys.readouterr().out


def test_a_pdf_whose_every_page_is_damaged_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(_with_page_broken(fx.render_plan("KẾ HOẠCH\nkiểm điểm năm 2023"), 1))
    one_line_error(capsys, ["parse", str(path)], "no page of it can be read")
    with pytest.raises(PdfError, match="no page of it can be read"):
        load_path(path, Config(pdf_engine="pdfplumber"))


def test_zero_byte_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    one_line_error(capsys, ["parse", str(path)], "is empty")
    with pytest.raises(LoadError, match="is empty"):
        load_pdf(b"", "empty.pdf")


def test_page_limit_is_checked_before_reading(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "huge.pdf"
    path.write_bytes(fx.many_pages(2000))
    one_line_error(capsys, ["parse", str(path)], "2000 pages, more than the limit of 500")
    with pytest.raises(PageLimitError, match="limit of 1999"):
        load_pdf(path.read_bytes(), str(path), Config(max_pages=1999))
    with pytest.raises(LoadError, match="has no text"):  # allowed, then found blank
        load_pdf(path.read_bytes(), str(path), Config(max_pages=2000, ocr="never"))


@pytest.mark.parametrize("content,needle", [
    ("Kế hoạch số 12-KH/ĐU\nI. MỤC ĐÍCH\n".encode(), "plain text; rename it to .txt"),
    (b"PK\x03\x04" + bytes(200), "ZIP archive, perhaps a .docx"),
    (b"\x89PNG\r\n\x1a\n" + bytes(200), "an image"),
    (b"<!DOCTYPE html><html><body>x</body></html>", "web page"),
])
def test_not_a_pdf_despite_its_name(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                    content: bytes, needle: str) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(content)
    err = one_line_error(capsys, ["parse", str(path)], "not a PDF file despite its name")
    assert needle in err


def test_a_digital_signature_stamp_is_set_aside() -> None:
    """The small boxed stamp an e-office system prints where a document was signed
    digitally, over the header and beside the signature, is no text of the plan: the
    signer's name stays with the signature and every recipient is read."""
    stamp = ("Người ký: Văn phòng Đảng ủy", "Email: vanphong@example.vn",
             "Cơ quan: Đảng ủy xã", "Thời gian ký: 20.11.2024 16:05:33 +07:00")
    plain = vbparser.parse(fx.render_plan(fx.SAMPLE_PLAN))
    doc = vbparser.parse(fx.render_plan(fx.SAMPLE_PLAN, fx.Layout(stamp=stamp)))
    assert "Người ký" not in doc.text and "Thời gian ký" not in doc.text
    assert doc.meta.signer == plain.meta.signer and doc.meta.signer is not None
    assert doc.meta.recipients == plain.meta.recipients and doc.meta.recipients
    assert (doc.meta.number_symbol, doc.meta.date) == (plain.meta.number_symbol,
                                                       plain.meta.date)


def test_a_title_centred_under_a_header_with_a_short_right_column_opens_the_body() -> None:
    """A header as LibreOffice exports it from Word: the issuer's block four lines deep,
    the right column only the motto and the date. "KẾ HOẠCH", centred on the page below,
    ends before the right column starts but reaches into the gutter; nearer the page's
    centre than the left column's, it opens the body, after both columns, and the title
    under it is not joined to the date line."""
    def frag(x0: float, x1: float, top: float, text: str) -> Fragment:
        return Fragment(1, x0, x1, top, top + 12.0, text)

    page = Page(1, 595.0, 842.0, (
        frag(91, 331, 56.0, "ĐẢNG BỘ ỦY BAN NHÂN DÂN TỈNH LAM VĨ"),
        frag(372, 555, 56.0, "ĐẢNG CỘNG SẢN VIỆT NAM"),
        frag(98, 331, 72.0, "ĐẢNG ỦY TRƯỜNG ĐẠI HỌC LAM VĨ"),
        frag(211, 218, 89.0, "*"),
        frag(363, 553, 93.0, "Lam Vĩ, ngày 12 tháng 11 năm 2026"),
        frag(174, 255, 107.0, "Số 45-KH/ĐU"),
        frag(268, 356, 150.0, "KẾ HOẠCH"),
        frag(118, 505, 172.0, "kiểm điểm, đánh giá, xếp loại chất lượng năm 2026"),
        frag(85, 538, 235.0, "Căn cứ Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị;")))
    lines = layout([page])[0].splitlines()
    assert lines[lines.index("KẾ HOẠCH") - 2:lines.index("KẾ HOẠCH") + 2] == [
        "ĐẢNG CỘNG SẢN VIỆT NAM", "Lam Vĩ, ngày 12 tháng 11 năm 2026", "KẾ HOẠCH",
        "kiểm điểm, đánh giá, xếp loại chất lượng năm 2026"]
