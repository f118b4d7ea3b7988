"""PDF fixtures rendered at test time: plans typeset with fpdf2 and DejaVu, and scans of them.

Nothing here is checked in as binary: every PDF the PDF tests read is made by these
functions from text (the seeds, a corpus document, or the sample plan below), so the
fixtures follow the text they come from. ``render_plan`` typesets a plan the way Word
exports look: an optional two-column header (issuer block | national motto, place and
date), a centred bold type name and trích yếu, justified wrapped paragraphs with a
first-line indent, bold headings, a running header and a page-number footer from page 2
on, and the recipients beside the signature. ``scan`` rasterises a PDF and wraps the page
images back into a PDF with no text layer, as a scanner would. ``print_plan`` typesets the
same parts as HTML and prints them with Chromium (Debian's ``chromium``, headless), a
second producer: it writes a line as dozens of positioned text runs, as browsers and
office suites do, where fpdf2 writes one run per line.
"""

from __future__ import annotations

import html
import io
import math
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from vbparser.loaders.encoding import encode_tcvn3, encode_vni

if TYPE_CHECKING:
    from fpdf import FPDF

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
_FIXED = datetime(2024, 1, 1, tzinfo=UTC)
_MOTTOS = ("ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
_MD_HEADING = re.compile(r"^#+\s*")
_MD_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LABEL = re.compile(r"^([IVX]+[.-]|\d+(\.\d+)*\.|[a-zđ]\)|\(\d+\))\s")

# A short plan of our own, used when the corpus is absent; it has every layout feature.
SAMPLE_PLAN = """ĐẢNG BỘ HUYỆN ĐÔNG SƠN
ĐẢNG ỦY XÃ HOÀNG SƠN
*
Số 42-KH/ĐU
ĐẢNG CỘNG SẢN VIỆT NAM
Hoàng Sơn, ngày 20 tháng 11 năm 2023

KẾ HOẠCH
kiểm điểm, đánh giá, xếp loại chất lượng đối với tổ chức đảng, đảng viên
và tập thể, cá nhân cán bộ lãnh đạo, quản lý năm 2023
-----

Thực hiện Quy định số 124-QĐ/TW ngày 04/10/2023 của Bộ Chính trị về việc kiểm điểm và đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân trong hệ thống chính trị; Hướng dẫn số 25-HD/BTCTW ngày 10/11/2023 của Ban Tổ chức Trung ương về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm, Đảng ủy xã Hoàng Sơn ban hành Kế hoạch kiểm điểm, đánh giá, xếp loại chất lượng năm 2023 như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Đánh giá đúng thực chất kết quả lãnh đạo, chỉ đạo và thực hiện nhiệm vụ năm 2023 của tập thể, cá nhân; phát huy ưu điểm, kịp thời khắc phục những hạn chế, khuyết điểm trong công tác.
2. Việc kiểm điểm phải bảo đảm khách quan, công khai, dân chủ, đúng quy trình; kết quả xếp loại phản ánh đúng chất lượng hoạt động của tổ chức và mức độ hoàn thành nhiệm vụ của từng cá nhân.
II. NỘI DUNG
1. Đối tượng kiểm điểm
- Ban Thường vụ Đảng ủy xã; chi ủy các chi bộ trực thuộc (chi bộ nơi không có chi ủy); tập thể lãnh đạo Ủy ban nhân dân xã và các đoàn thể chính trị - xã hội xã.
- Đảng viên trong Đảng bộ xã (trừ đảng viên được miễn công tác và sinh hoạt đảng; đảng viên mới kết nạp chưa đủ 6 tháng).
2. Nội dung kiểm điểm
Thực hiện theo Quy định số 124-QĐ/TW và Hướng dẫn số 25-HD/BTCTW nêu trên; tập trung làm rõ kết quả thực hiện chức trách, nhiệm vụ được giao, việc khắc phục hạn chế, khuyết điểm đã được chỉ ra qua kiểm điểm năm trước và qua kiểm tra, giám sát.
III. TIẾN ĐỘ, THỜI GIAN THỰC HIỆN
1. Các chi bộ tổ chức kiểm điểm chi ủy, đảng viên và đề xuất xếp loại, hoàn thành đến ngày 05/12/2023.
2. Ban Thường vụ Đảng ủy xem xét, quyết định xếp loại chi bộ, đảng viên và báo cáo Ban Thường vụ Huyện ủy (qua Ban Tổ chức Huyện ủy) trước ngày 12/12/2023.
IV. TỔ CHỨC THỰC HIỆN
Các chi bộ căn cứ Kế hoạch này xây dựng kế hoạch của chi bộ, hướng dẫn đảng viên viết bản kiểm điểm và tổ chức hội nghị kiểm điểm đúng thời gian. Văn phòng Đảng ủy giúp Ban Thường vụ theo dõi, đôn đốc, tổng hợp kết quả kiểm điểm, đánh giá, xếp loại./.

Nơi nhận:
- Thường trực Huyện ủy (để báo cáo);
- Các chi bộ trực thuộc (để thực hiện);
- Lưu Văn phòng Đảng ủy.
T/M ĐẢNG ỦY
BÍ THƯ
Lê Văn Bình
"""


@dataclass(frozen=True, slots=True)
class Layout:
    """How ``render_plan`` typesets a text.

    Attributes:
        columns: read the header (before "KẾ HOẠCH") and the closing ("Nơi nhận:" and
            the signature) as two-column tables; False renders every line in order.
        running_header: text printed at the top of every page but the first.
        footer: page-number style from page 2 on: "dash" ("- 2 -"), "bare" ("2"),
            "trang" ("Trang 2") or "" for none.
        size: body font size in points.
        wrap: typeset each line as a paragraph, wrapped and justified; False sets each
            line of the text as one line of the page (for text that is itself a dump of
            a PDF, broken at the original line width, as seed 001), at a size that fits
            the longest line.
        encoding: "TCVN3", "TCVN3H" or "VNI" to set every string as the codes of a legacy
            font, each byte drawn as its Windows-1252 character (``legacy_codes``): the
            text layer then holds what a .VnTime, .VnTimeH or VNI-Times export holds.
            The layout is still decided on the Unicode text.
        stamp: the lines of a digital signature's stamp, printed in small type as an
            e-office system prints them: in the top margin of the first page, over the
            header's right column, and beside the signature on the last.
        unicode_map: False drops the fonts' ``/ToUnicode`` maps, as PDFs from old tools
            lack them: the page prints as before, but its text layer holds the subset
            font's glyph numbers, which pdfium reads as control characters.
    """

    columns: bool = True
    running_header: str = ""
    footer: str = "dash"
    size: float = 14.0
    wrap: bool = True
    encoding: str = ""
    stamp: tuple[str, ...] = ()
    unicode_map: bool = True


def legacy_codes(text: str, encoding: str) -> str:
    """``text`` encoded as TCVN3 or VNI, each byte read as Windows-1252 (Latin-1 where
    Windows-1252 has no character): "Đảng ủy" → "§¶ng ñy" (TCVN3).

    "TCVN3H" is TCVN3 as a .VnTimeH capital font gives it: a text in capitals is typed
    in small letters' codes with the plain letters in capitals ("KẾ HOẠCH" → "KÕ HO¹CH").
    """
    if encoding == "TCVN3H":
        if not text.isupper():
            return legacy_codes(text, "TCVN3")
        return "".join(c.upper() if c.isascii() else c
                       for c in legacy_codes(text.lower(), "TCVN3"))
    data = {"TCVN3": encode_tcvn3, "VNI": encode_vni}[encoding](text)
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


def layout_for(text: str, **options: object) -> Layout:
    """A layout that suits ``text``: line by line for hard-wrapped dumps, else wrapped.

    A dump has short lines of similar length with blank lines between them (seed 001).
    """
    lines = [x.strip() for x in text.splitlines() if x.strip()]
    lengths = sorted(len(x) for x in lines)
    dump = len(lines) > 8 and lengths[int(0.9 * (len(lengths) - 1))] <= 110
    return Layout(wrap=not dump, **options)  # type: ignore[arg-type]


@dataclass(slots=True)
class _Parts:
    left: list[str] = field(default_factory=list)
    right: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)


def fonts_available() -> bool:
    """Whether the DejaVu fonts (Debian fonts-dejavu-core) are installed."""
    return all((FONT_DIR / name).is_file() for name in FONTS.values())


def render_plan(text: str, layout: Layout = Layout()) -> bytes:
    """Typeset ``text`` as an A4 PDF and return its bytes.

    Args:
        text: the plan, one paragraph per line (markdown ``#``/``**`` marks become bold).
        layout: header columns, running header, footer and size.
    """
    from fpdf import FPDF

    footer_style = layout.footer
    running = layout.running_header
    encoding = layout.encoding

    class _PDF(FPDF):
        # Every string drawn goes through normalize_text once; a legacy font's "ư"
        # (TCVN3 0xAD) is a soft hyphen, which must be printed, not used to hyphenate.
        def normalize_text(self, text: str) -> str:
            return super().normalize_text(legacy_codes(text, encoding) if encoding else text)

        def multi_cell(self, *args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault("print_sh", bool(encoding))
            return super().multi_cell(*args, **kwargs)

        def text_columns(self, *args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault("print_sh", bool(encoding))
            return super().text_columns(*args, **kwargs)

        def header(self) -> None:
            if running and self.page_no() > 1:
                self.set_font("Sans", "I", 9)
                self.cell(0, 6, running, align="R", new_x="LMARGIN", new_y="NEXT")
                self.ln(2)

        def footer(self) -> None:
            if footer_style and self.page_no() > 1:
                self.set_y(-15)
                self.set_font("Sans", "", 10)
                number = self.page_no()
                label = {"dash": f"- {number} -", "bare": str(number),
                         "trang": f"Trang {number}"}[footer_style]
                self.cell(0, 8, label, align="C")

    pdf = _a4(_PDF(format="A4"))
    parts = _split(text, layout.columns)
    if layout.stamp:  # in the top margin, over the header's right column
        _signature_stamp(pdf, layout.stamp, pdf.w - pdf.r_margin - 55, 3)
        pdf.set_xy(pdf.l_margin, pdf.t_margin)
    if parts.left or parts.right:
        _columns(pdf, [(_header_style(i, parts.left), x) for i, x in enumerate(parts.left)],
                 [("B" if x in _MOTTOS else "I" if "ngày" in x else "", x)
                  for x in parts.right], 12.5)
    if layout.wrap:
        _body(pdf, parts.body, layout.size)
    else:
        _dump(pdf, parts.body, layout.size)
    if parts.recipients or parts.signature:
        pdf.ln(3)
        closing_top = pdf.get_y()
        _columns(pdf, [("B" if i == 0 else "", x) for i, x in enumerate(parts.recipients)],
                 [("B", x) for x in parts.signature], 11)
        if layout.stamp:
            _signature_stamp(pdf, layout.stamp, pdf.w - pdf.r_margin - 34, closing_top + 4)
    if layout.unicode_map:
        return finish(pdf)
    pdf.set_compression(False)  # the font dictionaries written as plain text
    # blanked with as many spaces, so that the cross-reference offsets still hold
    return re.sub(rb"/ToUnicode \d+ 0 R", lambda m: b" " * len(m.group()), finish(pdf))


def _signature_stamp(pdf: FPDF, lines: Sequence[str], x: float, y: float) -> None:
    """A digital signature's stamp: ``lines`` in 6.5-point type in a thin box at (x, y)."""
    pdf.set_font("Sans", "", 6.5)
    width = max(pdf.get_string_width(line) for line in lines) + 2
    pdf.rect(x - 1, y - 0.5, width, 3 * len(lines) + 1)
    for k, line in enumerate(lines):
        pdf.set_xy(x, y + 3 * k)
        pdf.cell(width - 2, 3, line)


def _a4(pdf: FPDF) -> FPDF:
    """``pdf`` set up as every fixture is: a fixed date, margins of 30/20/20 mm, the
    DejaVu faces as "Sans", and a first page."""
    pdf.set_creation_date(_FIXED)
    pdf.set_margins(30, 20, 20)
    pdf.set_auto_page_break(True, margin=22)
    for style, name in FONTS.items():
        pdf.add_font("Sans", style, str(FONT_DIR / name))
    pdf.add_page()
    return pdf


def finish(pdf: FPDF) -> bytes:
    """The PDF bytes; the font files fontTools keeps open are closed (ResourceWarning)."""
    data = bytes(pdf.output())
    for font in pdf.fonts.values():
        ttfont = getattr(font, "ttfont", None)
        if ttfont is not None:
            ttfont.close()
    return data


def _header_style(index: int, left: list[str]) -> str:
    """The issuer (the line above "*" or above "Số") is bold; the superior is not."""
    anchor = left.index("*") if "*" in left else len(left) - 1
    return "B" if index == anchor - 1 else ""


def _split(text: str, columns: bool) -> _Parts:
    lines = [line.strip() for line in text.splitlines()]
    parts = _Parts()
    if not columns:
        parts.body = [x for x in lines if x]
        return parts
    # the header ends at the type line, or, in a Công văn, which has none, at "Kính gửi"
    start = next((i for i, x in enumerate(lines)
                  if _MD_HEADING.sub("", x).upper() in ("KẾ HOẠCH", "HƯỚNG DẪN")
                  or x.startswith("Kính gửi")), 0)
    closing = next((i for i, x in enumerate(lines) if x.startswith("Nơi nhận")), len(lines))
    parts.body = [x for x in lines[start:closing] if x]
    right_seen = False
    for line in (x for x in lines[:start] if x):
        left, right = _gap(line)
        right_seen = right_seen or left in _MOTTOS
        if right is not None:
            parts.left.append(left)
            parts.right.append(right)
        else:
            (parts.right if right_seen else parts.left).append(left)
    for line in (x for x in lines[closing:] if x):
        left, right = _gap(line)
        if right is not None:
            parts.recipients.append(left)
            parts.signature.append(right)
        elif left.startswith(("-", "+", "Nơi nhận")):
            parts.recipients.append(left)
        else:
            parts.signature.append(left)
    return parts


def _gap(line: str) -> tuple[str, str | None]:
    """Split a line the text file laid out as two columns ("Nơi nhận:     T/M ĐẢNG ỦY")."""
    pieces = re.split(r"\s{3,}", line, maxsplit=1)
    return (pieces[0], pieces[1]) if len(pieces) == 2 else (line, None)


def _columns(pdf: FPDF, left: list[tuple[str, str]], right: list[tuple[str, str]],
             size: float) -> None:
    """Two cells side by side, each line centred in its cell (as in a header table)."""
    split = 68.0
    cells = ((pdf.l_margin, split, left), (pdf.l_margin + split, pdf.epw - split, right))
    if pdf.get_y() + max(_height(pdf, w, lines, size) for _, w, lines in cells) > pdf.h - 25:
        pdf.add_page()  # keep both columns on one page
    top = pdf.get_y()
    bottoms = []
    for x, width, lines in cells:
        pdf.set_xy(x, top)
        for style, text in lines:
            pdf.set_font("Sans", style, size)
            pdf.set_x(x)
            pdf.multi_cell(width, 6, text, align="L" if text.startswith("-") else "C",
                           new_x="LEFT", new_y="NEXT")
        bottoms.append(pdf.get_y())
    pdf.set_xy(pdf.l_margin, max(bottoms) + 5)


def _height(pdf: FPDF, width: float, lines: list[tuple[str, str]], size: float) -> float:
    total = 0.0
    for style, text in lines:
        pdf.set_font("Sans", style, size)
        total += 6 * len(pdf.multi_cell(width, 6, text, dry_run=True, output="LINES"))
    return total


_OPENERS = ("Thực hiện", "Căn cứ", "Triển khai", "Ngày ")


def _title_end(lines: list[str]) -> int:
    """Index of the last line of the title block (type name, trích yếu, rule)."""
    rule = next((i for i, x in enumerate(lines[:12]) if x.strip().startswith("---")), None)
    if rule is not None:
        return rule
    for i, x in enumerate(lines[:8]):
        text = _MD_HEADING.sub("", x).strip()
        if i and (len(text) > 90 or _LABEL.match(text) or text.startswith(_OPENERS)):
            return i - 1
    return 0


def _body(pdf: FPDF, lines: list[str], size: float) -> None:
    title_end = _title_end(lines)
    for index, raw in enumerate(lines):
        heading = bool(_MD_HEADING.match(raw)) or raw.startswith("**")
        text = _MD_BOLD.sub(r"\1", _MD_HEADING.sub("", raw)).replace("**", "").strip()
        if not text:
            continue
        caps = text.upper() == text and any(c.isalpha() for c in text)
        if index <= title_end:  # type name, trích yếu and the rule: centred
            bold = "B" if caps or heading or text.startswith("---") else ""
            _line(pdf, text, bold, size + 2 if caps and len(text) < 30 else size, "C")
            continue
        bold = heading or (caps and bool(_LABEL.match(text))) or _is_heading(text)
        _paragraph(pdf, text, "B" if bold else "", size)


def _dump(pdf: FPDF, lines: list[str], size: float) -> None:
    """One page line per text line, left-aligned, the title block centred."""
    rule = _title_end(lines)
    pdf.set_font("Sans", "", size)
    longest = max(pdf.get_string_width(x) for x in lines)
    size = min(size, size * pdf.epw / longest)
    for index, text in enumerate(lines):
        caps = text.upper() == text and any(c.isalpha() for c in text)
        label_heading = caps and bool(_LABEL.match(text))
        pdf.set_font("Sans", "B" if caps and (index <= rule or label_heading) else "", size)
        pdf.cell(0, size * 0.5, text, align="C" if index <= rule else "L",
                 new_x="LMARGIN", new_y="NEXT")


def _is_heading(text: str) -> bool:
    """A short labelled line with no full stop at the end ("1. Đối tượng kiểm điểm")."""
    return bool(_LABEL.match(text)) and len(text) < 60 and not text.endswith((".", ";", ":"))


def _line(pdf: FPDF, text: str, style: str, size: float, align: str) -> None:
    pdf.set_font("Sans", style, size)
    pdf.multi_cell(0, size * 0.5, text, align=align,
                   new_x="LMARGIN", new_y="NEXT")


def _paragraph(pdf: FPDF, text: str, style: str, size: float) -> None:
    """A justified paragraph with a 10 mm first-line indent and a small space after."""
    pdf.set_font("Sans", style, size)
    indent = 0 if text.startswith(("-", "+")) or style else 10
    with (pdf.text_columns(text_align="J", line_height=1.15) as columns,
          columns.paragraph(first_line_indent=indent, bottom_margin=1.2) as paragraph):
        paragraph.write(text)


def scan(pdf_bytes: bytes, dpi: int = 200, turns: Sequence[int] = (),
         tilt: float = 0.0, specks: float = 0.0) -> bytes:
    """Rasterise every page (grey, ``dpi``) and wrap the images in a PDF with no text layer.

    As paper goes through a scanner: page ``k`` turned ``turns[k % len(turns)]``
    degrees clockwise (90: on its right side, 180: upside down), every page tilted
    ``tilt`` degrees anticlockwise on the glass, and ``specks`` of its pixels made
    dark one by one (dust on the glass, a worn drum; drawn from a fixed seed).
    """
    import pypdfium2 as pdfium
    from PIL import Image

    document = pdfium.PdfDocument(pdf_bytes)
    try:
        images = [document[i].render(scale=dpi / 72, grayscale=True).to_pil()
                  for i in range(len(document))]
    finally:
        document.close()
    for k, image in enumerate(images):
        if turns and turns[k % len(turns)]:
            image = image.rotate(-turns[k % len(turns)], expand=True)
        if tilt:
            image = image.rotate(tilt, resample=Image.Resampling.BICUBIC, expand=True,
                                 fillcolor=255)
        if specks:
            image = _specked(image, specks, seed=k)
        images[k] = image
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:],
                   resolution=float(dpi))
    return out.getvalue()


def _specked(image: Any, share: float, seed: int) -> Any:
    """``image`` (grey) with ``share`` of its pixels dark grey, one by one."""
    import numpy as np
    from PIL import Image

    rng = np.random.default_rng(seed)
    pixels = np.array(image)
    dark = rng.random(pixels.shape) < share
    pixels[dark] = rng.choice(np.array([40, 70, 110], dtype=np.uint8), int(dark.sum()))
    return Image.fromarray(pixels)


def joined(*pdfs: bytes) -> bytes:
    """One PDF holding the pages of ``pdfs`` in turn (a covering letter, then the plan it
    sends, as an e-office system sends them)."""
    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument.new()
    parts = [pdfium.PdfDocument(data) for data in pdfs]
    try:
        for part in parts:
            merged.import_pages(part)
        out = io.BytesIO()
        merged.save(out)
    finally:
        for document in (*parts, merged):
            document.close()
    return out.getvalue()


def edit_pages(pdf_bytes: bytes, pages: Sequence[int], edit: Callable[[Any, Any], None]) -> bytes:
    """The PDF with ``edit(document, page)`` done to some of its pages (1-based; all when
    empty), as pypdfium2 objects, and each such page's content written again."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf_bytes)
    try:
        for index in range(len(document)):
            if pages and index + 1 not in pages:
                continue
            page = document[index]
            try:
                edit(document, page)
                page.gen_content()
            finally:
                page.close()
        out = io.BytesIO()
        document.save(out)
    finally:
        document.close()
    return out.getvalue()


def text_layer_scan(pdf_bytes: bytes, dpi: int = 150) -> bytes:
    """The PDF as a scanner's OCR leaves it: each page an image of itself, under its own
    text made invisible (render mode 3), with no drawn lines (a table's borders are only
    pixels)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    def scanned(document: Any, page: Any) -> None:
        width, height = page.get_size()
        bitmap = page.render(scale=dpi / 72, grayscale=True)
        for obj in list(page.get_objects(max_depth=1)):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                page.remove_obj(obj)
            elif obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                pdfium_c.FPDFTextObj_SetTextRenderMode(obj.raw,
                                                       pdfium_c.FPDF_TEXTRENDERMODE_INVISIBLE)
        image = pdfium.PdfImage.new(document)
        image.set_bitmap(bitmap)
        image.set_matrix(pdfium.PdfMatrix().scale(width, height))
        page.insert_obj(image)

    return edit_pages(pdf_bytes, (), scanned)


def turned(pdf_bytes: bytes, turn: int, pages: Sequence[int] = (), rotate: bool = True,
           page_label: str | None = None) -> bytes:
    """The PDF with some pages stored turned: their text runs ``turn`` degrees clockwise
    across the stored sheet (270: up it, as a landscape page kept on a portrait sheet).

    Every object of those pages (``pages``, 1-based; all when empty) is drawn turned on
    a sheet of the turned size, in the page's own content, as a driver that keeps pages
    portrait writes them. With ``rotate`` the page says ``/Rotate`` so that a viewer
    shows it upright; without, it is a page set sideways that the reader turns.
    ``page_label``: a line of text drawn upright on the stored sheet, at its foot, on
    each turned page (a page number stamped on after the turn), in Helvetica: Latin-1
    letters only.
    """
    import pypdfium2 as pdfium

    def turn_page(document: Any, page: Any) -> None:
        width, height = page.get_size()
        size = (height, width) if turn in (90, 270) else (width, height)
        shift = {90: (0.0, width), 180: (width, height), 270: (height, 0.0)}[turn]
        matrix = pdfium.PdfMatrix().rotate(turn, ccw=False).translate(*shift)
        for item in list(page.get_objects(max_depth=0)):
            item.transform(matrix)
        page.set_mediabox(0, 0, *size)
        page.set_cropbox(0, 0, *size)
        if rotate:
            page.set_rotation((360 - turn) % 360)
        if page_label:
            _stamp(document, page, page_label, (1, 0, 0, 1, size[0] / 2, 20))

    return edit_pages(pdf_bytes, pages, turn_page)


def margin_note(pdf_bytes: bytes, note: str, pages: Sequence[int] = ()) -> bytes:
    """The PDF with ``note`` running up the left margin of some upright pages (1-based;
    all when empty), as a draft's or a copy's mark is set; Helvetica, Latin-1 only."""
    return edit_pages(pdf_bytes, pages, lambda document, page: _stamp(
        document, page, note, (0, 1, -1, 0, 40, page.get_height() / 3)))


def watermark(pdf_bytes: bytes, mark: str, pages: Sequence[int] = ()) -> bytes:
    """The PDF with ``mark`` set large and slanted at 45° across the middle of some pages
    (1-based; all when empty), as an office stamps the copies it makes ("BAN SAO")."""
    scale, slant = 4.0, math.sqrt(0.5)
    return edit_pages(pdf_bytes, pages, lambda document, page: _stamp(
        document, page, mark, (scale * slant, scale * slant, -scale * slant, scale * slant,
                               page.get_width() / 4, page.get_height() / 3)))


def _stamp(document: Any, page: Any, text: str, matrix: tuple[float, ...]) -> None:
    """Draw ``text`` on a pypdfium2 page in Helvetica 10, placed by ``matrix``."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    label = pdfium_c.FPDFPageObj_NewTextObj(document.raw, b"Helvetica", 10.0)
    wide = (text + "\0").encode("utf-16-le")  # pdfium's FPDF_WIDESTRING
    pdfium_c.FPDFText_SetText(label, ctypes.cast(ctypes.c_char_p(wide),
                                                 ctypes.POINTER(ctypes.c_ushort)))
    pdfium_c.FPDFPageObj_Transform(label, *matrix)
    pdfium_c.FPDFPage_InsertObject(page.raw, label)


def outlined(pdf_bytes: bytes, pages: Sequence[int] = ()) -> bytes:
    """The PDF with the text of some pages (1-based; all when empty) drawn as filled
    glyph outlines instead of text, as a "flattened" print or a design program writes it:
    the page looks the same and has no text left. Only PDFs set in DejaVu Sans by
    ``render_plan`` (its outlines are read from the font files)."""
    import ctypes

    import pypdfium2.raw as pdfium_c
    from fontTools.ttLib import TTFont

    faces = {style: TTFont(FONT_DIR / name) for style, name in FONTS.items()}
    name = ctypes.create_string_buffer(128)
    x, y = ctypes.c_double(), ctypes.c_double()

    def outline(document: Any, page: Any) -> None:
        textpage = page.get_textpage()
        for k in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, k))
            if char.isspace() or not pdfium_c.FPDFText_GetFontInfo(textpage.raw, k, name, 128,
                                                                    None):
                continue
            font = name.value.decode()
            face = faces["B" if "Bold" in font else "I" if "Oblique" in font else ""]
            glyph = face.getBestCmap().get(ord(char))
            if glyph is None:
                continue
            pdfium_c.FPDFText_GetCharOrigin(textpage.raw, k, ctypes.byref(x), ctypes.byref(y))
            scale = pdfium_c.FPDFText_GetFontSize(textpage.raw, k) / face["head"].unitsPerEm
            glyphs = face.getGlyphSet()
            pen = _PathPen(glyphs, x.value, y.value, scale)
            glyphs[glyph].draw(pen)
            if pen.path is not None:
                pdfium_c.FPDFPath_SetDrawMode(pen.path, pdfium_c.FPDF_FILLMODE_WINDING, 0)
                pdfium_c.FPDFPage_InsertObject(page.raw, pen.path)
        textpage.close()
        for item in list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=0)):
            page.remove_obj(item)
            item.close()

    return edit_pages(pdf_bytes, pages, outline)


class _PathPen:
    """A fontTools pen drawing one glyph into a new pdfium path object, at ``x``, ``y``
    on the page, ``scale`` points to a font unit."""

    def __init__(self, glyphs: Any, x: float, y: float, scale: float) -> None:
        import pypdfium2.raw as pdfium_c
        from fontTools.pens.basePen import BasePen

        outer = self

        class Pen(BasePen):  # type: ignore[misc]
            def _moveTo(self, p: tuple[float, float]) -> None:
                if outer.path is None:
                    outer.path = pdfium_c.FPDFPageObj_CreateNewPath(*outer.at(p))
                else:
                    pdfium_c.FPDFPath_MoveTo(outer.path, *outer.at(p))

            def _lineTo(self, p: tuple[float, float]) -> None:
                pdfium_c.FPDFPath_LineTo(outer.path, *outer.at(p))

            def _curveToOne(self, a: tuple[float, float], b: tuple[float, float],
                            c: tuple[float, float]) -> None:
                pdfium_c.FPDFPath_BezierTo(outer.path, *outer.at(a), *outer.at(b),
                                           *outer.at(c))

            def _closePath(self) -> None:
                pdfium_c.FPDFPath_Close(outer.path)

        self.path: Any = None
        self.x, self.y, self.scale = x, y, scale
        self.pen = Pen(glyphs)

    def at(self, point: tuple[float, float]) -> tuple[float, float]:
        return self.x + point[0] * self.scale, self.y + point[1] * self.scale

    def __getattr__(self, name: str) -> Any:  # the pen's drawing calls
        return getattr(self.pen, name)


def pictured_tables(pdf_bytes: bytes, pages: Sequence[int] = (), dpi: int = 150) -> bytes:
    """The PDF with the ruled table of some pages (1-based; all with one when empty)
    pasted as a picture, as a screenshot of a spreadsheet is: the part of the page
    inside the table's borders rendered at ``dpi`` and set where it stood, in place of
    its text and lines."""
    import pypdfium2.raw as pdfium_c

    def paste(document: Any, page: Any) -> None:
        paths = list(page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=0))
        if not paths:
            return
        boxes = [item.get_bounds() for item in paths]
        left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
        right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
        width, height = page.get_size()
        picture = page.render(scale=dpi / 72, crop=(left, bottom, width - right,
                                                    height - top)).to_pil()
        for item in list(page.get_objects(max_depth=0)):
            l, b, r, t = item.get_bounds()
            if left - 1 <= (l + r) / 2 <= right + 1 and bottom - 1 <= (b + t) / 2 <= top + 1:
                page.remove_obj(item)
                item.close()
        place_image(document, page, picture, (left, bottom, right, top))

    return edit_pages(pdf_bytes, pages, paste)


def place_image(document: Any, page: Any, picture: Any,
                box: tuple[float, float, float, float]) -> None:
    """Set a PIL image on a pypdfium2 page over ``box`` (left, bottom, right, top)."""
    import pypdfium2 as pdfium

    left, bottom, right, top = box
    image = pdfium.PdfImage.new(document)
    image.set_bitmap(pdfium.PdfBitmap.from_pil(picture))
    image.set_matrix(pdfium.PdfMatrix(right - left, 0, 0, top - bottom, left, bottom))
    page.insert_obj(image)


def wrapped(pdf_bytes: bytes) -> bytes:
    """The PDF with each page's content wrapped whole in a form XObject, as merging and
    stamping tools write the pages they take from another PDF."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(pdf_bytes)
    out = pdfium.PdfDocument.new()
    try:
        for index in range(len(source)):
            width, height = source[index].get_size()
            form = source.page_as_xobject(index, out).as_pageobject()
            page = out.new_page(width, height)
            page.insert_obj(form)
            page.gen_content()
            page.close()
        buffer = io.BytesIO()
        out.save(buffer)
    finally:
        out.close()
        source.close()
    return buffer.getvalue()


def many_pages(count: int) -> bytes:
    """A valid PDF with ``count`` empty pages, built cheaply (one shared page object)."""
    kids = b" ".join(b"3 0 R" for _ in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count " + str(count).encode() + b" >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
    ]
    return _assemble(objects)


def _assemble(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def encrypted(text: str, user_password: str | None) -> bytes:
    """A one-page PDF of ``text``, encrypted with an owner password and maybe a user one
    (fpdf2 takes Latin-1 passwords)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(_FIXED)
    pdf.add_font("Sans", "", str(FONT_DIR / FONTS[""]))
    pdf.set_encryption(owner_password="owner-secret", user_password=user_password)
    pdf.add_page()
    pdf.set_font("Sans", "", 12)
    pdf.multi_cell(0, 6, text)
    return finish(pdf)


# --- a second producer: Chromium's print to PDF ------------------------------------------

_PRINT_CSS = """
@page { size: A4; margin: 20mm 20mm 22mm 30mm; }
body { font-family: 'DejaVu Serif', serif; font-size: 13pt; line-height: 1.5; }
table { width: 100%; border-collapse: collapse; margin-bottom: 8pt; }
td { vertical-align: top; text-align: center; font-size: 12pt; padding: 0; }
td.left { width: 38%; } td p.item { text-align: left; }
p { margin: 0 0 3pt 0; text-align: justify; text-indent: 10mm; }
p.title { text-align: center; text-indent: 0; } p.flush { text-indent: 0; }
p.line { text-align: left; text-indent: 0; margin: 0; font-size: 10pt; }
b, .bold { font-weight: bold; }
"""


def chromium() -> str | None:
    """The path of Debian's chromium, or None when it is not installed."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def plan_html(text: str) -> str:
    """The plan as an HTML page laid out as ``render_plan`` lays it out: a two-column
    header table, the centred title block, bold headings, justified paragraphs (or, for a
    hard-wrapped text, one page line per text line), and the recipients beside the
    signature."""
    parts = _split(text, columns=True)
    out = [(f"<!doctype html><html><head><meta charset='utf-8'><style>{_PRINT_CSS}</style>"
            "</head><body>")]
    if parts.left or parts.right:
        out.append(_html_columns([(_header_style(i, parts.left) == "B", x)
                                  for i, x in enumerate(parts.left)],
                                 [(x in _MOTTOS, x) for x in parts.right]))
    title_end = _title_end(parts.body)
    dump = not layout_for(text).wrap  # a hard-wrapped text: each line a line of the page
    for index, raw in enumerate(parts.body):
        heading = bool(_MD_HEADING.match(raw)) or raw.startswith("**")
        line = _MD_BOLD.sub(r"\1", _MD_HEADING.sub("", raw)).replace("**", "").strip()
        if not line:
            continue
        caps = line.upper() == line and any(c.isalpha() for c in line)
        bold = heading or caps and (index <= title_end or bool(_LABEL.match(line))) or (
            index > title_end and _is_heading(line))
        css = "title" if index <= title_end else "line" if dump else "flush" if (
            bold or line.startswith(("-", "+"))) else ""
        body = f"<b>{html.escape(line)}</b>" if bold else html.escape(line)
        out.append(f"<p class='{css}'>{body}</p>")
    if parts.recipients or parts.signature:
        out.append(_html_columns([(i == 0, x) for i, x in enumerate(parts.recipients)],
                                 [(True, x) for x in parts.signature], items=True))
    out.append("</body></html>")
    return "".join(out)


def _html_columns(left: list[tuple[bool, str]], right: list[tuple[bool, str]],
                  items: bool = False) -> str:
    def cell(lines: list[tuple[bool, str]], css: str) -> str:
        paragraphs = "".join(
            f"<p class='{'item' if items and x.startswith(('-', '+')) else 'title'}'>"
            f"{'<b>' if bold else ''}{html.escape(x)}{'</b>' if bold else ''}</p>"
            for bold, x in lines)
        return f"<td class='{css}'>{paragraphs}</td>"

    return f"<table><tr>{cell(left, 'left')}{cell(right, 'right')}</tr></table>"


def print_plan(text: str, executable: str | None = None) -> bytes:
    """Print ``text`` laid out by ``plan_html`` to an A4 PDF with headless Chromium.

    Raises:
        RuntimeError: Chromium is missing or does not write the PDF.
    """
    return print_html(plan_html(text), executable)


# --- data tables: a plan with a ruled schedule table, from each producer ------------------

Cells = Sequence[Sequence[str | None]]
"""A data table's rows of cell texts, the header row first; None stands for a cell merged
down with the one above it (which then spans both rows)."""

_TEXT_PT = 160 / 25.4 * 72  # the text width of every producer here: A4, margins 30 and 20 mm
_CHAR_PT = 8.0     # the width of a character of 12-point DejaVu Serif, a little over its mean
_PADDING_PT = 14.0  # a cell's left and right padding and borders

_GRID_CSS = """
table.grid { table-layout: fixed; margin: 4pt 0 8pt 0; }
table.grid td, table.grid th { border: 0.75pt solid #000; padding: 2pt 4pt; font-size: 12pt;
  line-height: 1.3; text-align: left; vertical-align: middle; }
table.grid th { text-align: center; font-weight: bold; }
"""


def spans(rows: Cells) -> list[list[int]]:
    """How many rows each cell spans (0 for a cell merged into the one above)."""
    out = [[0 if cell is None else 1 for cell in row] for row in rows]
    for c in range(len(rows[0])):
        anchor = 0
        for r in range(len(rows)):
            if rows[r][c] is None:
                out[anchor][c] += 1
            else:
                anchor = r
    return out


def column_widths(rows: Cells) -> list[float]:
    """Shares of the text width: each column as wide as its longest word needs (a date
    is not broken), the width left over shared by the length of each column's longest
    cell."""
    def need(column: int) -> float:
        words = [w for row in rows for w in (row[column] or "").split()] or [""]
        return (max(map(len, words)) * _CHAR_PT + _PADDING_PT) / _TEXT_PT

    columns = range(len(rows[0]))
    least = [need(c) for c in columns]
    longest = [max(len(row[c] or "") for row in rows) for c in columns]
    spare = max(0.0, 1 - sum(least))
    return [x + spare * n / (sum(longest) or 1) for x, n in zip(least, longest)]


def schedule_html(text: str, rows: Cells, after: str, repeat_header: bool = True,
                  running_up: Sequence[int] = ()) -> str:
    """``plan_html(text)`` with a ruled data table (``rows``) right after the paragraph
    that holds ``after``: a header row repeated on each page (``<thead>``, unless not
    ``repeat_header``), cells centred vertically as a browser sets them, merged cells as
    ``rowspan``; the header cells of the columns ``running_up`` set running up
    (``writing-mode: sideways-lr``)."""
    page = plan_html(text).replace("</style>", f"{_GRID_CSS}</style>", 1)
    widths = "".join(f"<col style='width:{100 * w:.1f}%'>" for w in column_widths(rows))
    grid = spans(rows)
    body = []
    for r, row in enumerate(rows):
        tag = "th" if r == 0 else "td"
        up = " style='writing-mode: sideways-lr; height: 2.5cm'"
        cells = "".join(f"<{tag}{f' rowspan={n}' if n > 1 else ''}"
                        f"{up if r == 0 and c in running_up else ''}>"
                        f"{html.escape(cell or '')}</{tag}>"
                        for c, (cell, n) in enumerate(zip(row, grid[r])) if n)
        body.append(f"<tr>{cells}</tr>")
    head = f"<thead>{body.pop(0)}</thead>" if repeat_header else ""
    table = (f"<table class='grid'><colgroup>{widths}</colgroup>{head}"
             f"<tbody>{''.join(body)}</tbody></table>")
    at = page.index("</p>", page.index(html.escape(after))) + len("</p>")
    return page[:at] + table + page[at:]


def print_html(page: str, executable: str | None = None) -> bytes:
    """Print an HTML page to an A4 PDF with headless Chromium.

    Raises:
        RuntimeError: Chromium is missing or does not write the PDF.
    """
    browser = executable or chromium()
    if browser is None:
        raise RuntimeError("Debian's chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as folder:
        source, pdf = Path(folder, "page.html"), Path(folder, "page.pdf")
        source.write_text(page, encoding="utf-8")
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                        "--no-first-run", "--disable-background-networking",
                        f"--user-data-dir={folder}/profile", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", source.as_uri()],
                       capture_output=True, timeout=120, check=False)
        if not pdf.is_file():
            raise RuntimeError("chromium did not print the PDF")
        return pdf.read_bytes()


def render_schedule(text: str, rows: Cells, after: str, size: float = 13.0) -> bytes:
    """Typeset ``text`` as ``render_plan`` does (header and closing columns, wrapped
    paragraphs; no running header or footer) with a ruled data table (``rows``, drawn by
    ``FPDF.table``: a box around each cell, the header row bold and repeated on each
    page) right after the line that holds ``after``."""
    from fpdf import FPDF

    pdf = _a4(FPDF(format="A4"))
    parts = _split(text, columns=True)
    _columns(pdf, [(_header_style(i, parts.left), x) for i, x in enumerate(parts.left)],
             [("B" if x in _MOTTOS else "I" if "ngày" in x else "", x) for x in parts.right],
             12.5)
    split = next(i for i, x in enumerate(parts.body) if after in x) + 1
    _body(pdf, parts.body[:split], size)
    _fpdf_table(pdf, rows, size - 2)
    for raw in parts.body[split:]:
        line = _MD_BOLD.sub(r"\1", _MD_HEADING.sub("", raw)).replace("**", "").strip()
        _paragraph(pdf, line, "B" if _is_heading(line) else "", size)
    pdf.ln(3)
    _columns(pdf, [("B" if i == 0 else "", x) for i, x in enumerate(parts.recipients)],
             [("B", x) for x in parts.signature], 11)
    return finish(pdf)


def _fpdf_table(pdf: FPDF, rows: Cells, size: float) -> None:
    pdf.set_font("Sans", "", size)
    grid = spans(rows)
    widths = [pdf.epw * w for w in column_widths(rows)]
    with pdf.table(col_widths=widths, width=pdf.epw, line_height=size * 0.5,
                   text_align="LEFT", padding=1.2) as table:
        for r, row in enumerate(rows):
            cells = table.row()
            for cell, n in zip(row, grid[r]):
                if n:
                    cells.cell(cell or "", rowspan=n)
    pdf.ln(2)
