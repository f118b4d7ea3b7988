"""Builders of test documents (kept out of the package)."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import parse_xml

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

# A plan's usual ladder: I. → 1. → 1.1. → a) and "-" bullets.
LADDER = [("upperRoman", "%1."), ("decimal", "%2."), ("decimal", "%2.%3."),
          ("lowerLetter", "%4)"), ("bullet", "-")]


def numbered_docx(path: Path, paragraphs: list[tuple[int | None, str]],
                  header: tuple[list[str], list[str]] | None = None,
                  bold_levels: tuple[int, ...] = (0,)) -> Path:
    """Write a .docx whose numbered paragraphs use Word automatic numbering.

    Args:
        path: where to write.
        paragraphs: (list level or None for a plain paragraph, text).
        header: optional two-column header table (left lines, right lines).
        bold_levels: list levels written in bold.
    """
    document = docx.Document()
    numbering = document.part.numbering_part.element
    levels = "".join(
        f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/></w:lvl>' for i, (fmt, text) in enumerate(LADDER))
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {W} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    if header is not None:
        table = document.add_table(rows=len(max(header, key=len)), cols=2)
        for column, lines in enumerate(header):
            for row, line in enumerate(lines):
                table.cell(row, column).text = line
    for level, text in paragraphs:
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        if level is not None:
            run.bold = level in bold_levels
            ppr = paragraph._p.get_or_add_pPr()
            ppr.append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="{level}"/>'
                                 f'<w:numId w:val="90"/></w:numPr>'))
    document.save(str(path))
    return path


# A Party-cell plan for batch and store tests; {n} numbers it, {d} varies a deadline and
# {mark} lets a test make otherwise identical documents differ.
CELL_PLAN = """ĐẢNG BỘ XÃ HƯNG LẠC
CHI BỘ THÔN {n}
*
Số {n}-KH/CB
ĐẢNG CỘNG SẢN VIỆT NAM
Hưng Lạc, ngày 27 tháng 11 năm 2025
KẾ HOẠCH
kiểm điểm, đánh giá, xếp loại chất lượng chi bộ, đảng viên năm 2025{mark}
Thực hiện Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị, Chi bộ xây dựng Kế hoạch:
I. MỤC ĐÍCH, YÊU CẦU
1. Đánh giá đúng kết quả thực hiện nhiệm vụ năm 2025 của chi bộ.
II. ĐỐI TƯỢNG
Chi ủy chi bộ; đảng viên trong chi bộ, trừ đảng viên được miễn sinh hoạt đảng.
III. THỜI GIAN
1. Đảng viên hoàn thành bản kiểm điểm đến ngày 0{d}/12/2025.
2. Chi ủy gửi hồ sơ về Đảng ủy xã trước ngày 20/12/2025./.
Nơi nhận:
- Đảng ủy xã Hưng Lạc (để báo cáo);
- Lưu Chi bộ.
T/M CHI BỘ
BÍ THƯ
Nguyễn Văn Hùng
"""
