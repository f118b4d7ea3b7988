"""Data tables: schedules and assignments read across their rows, in .docx, Markdown and
text, and deadlines that take their action and actor from the row.

The plans here are written for the tests (fictional bodies): a commune plan whose
schedule is a five-column table under a two-column header table.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

import vbparser
from vbparser.model import Document
from vbparser.tables import MERGED, TABLE_CELL, cells, is_row, is_rule, table_at

HEAD = [
    "KẾ HOẠCH",
    "kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2024",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "1. Đánh giá đúng kết quả thực hiện nhiệm vụ của tập thể và cá nhân.",
    "II. TIẾN ĐỘ THỰC HIỆN",
]
SCHEDULE = [
    ("TT", "Nội dung công việc", "Thời gian", "Đơn vị chủ trì", "Đơn vị phối hợp"),
    ("1", "Các chi bộ tổ chức kiểm điểm tập thể, cá nhân đảng viên",
     "Trước ngày 15/12/2024", "Chi ủy các chi bộ", "Văn phòng Đảng ủy"),
    ("2", "Tổ chức hội nghị kiểm điểm Ban Chấp hành Đảng bộ xã",
     "Hoàn thành trước ngày 25/12/2024", "Ban Thường vụ Đảng ủy", "Các đoàn thể"),
    ("3", "Tổng hợp, báo cáo kết quả về Huyện ủy", "Chậm nhất ngày 10/01/2025",
     "Văn phòng Đảng ủy", ""),
]
TAIL = ["Nơi nhận:", "- Ban Tổ chức Huyện ủy (b/c),", "- Lưu Văn phòng Đảng ủy.",
        "T/M ĐẢNG ỦY", "BÍ THƯ", "Lê Văn Khoa"]
EXPECTED = [  # (due, bound, actor, action)
    ("2024-12-14", "before", "Chi ủy các chi bộ",
     "Các chi bộ tổ chức kiểm điểm tập thể, cá nhân đảng viên"),
    ("2024-12-24", "before", "Ban Thường vụ Đảng ủy",
     "Tổ chức hội nghị kiểm điểm Ban Chấp hành Đảng bộ xã"),
    ("2025-01-10", "by", "Văn phòng Đảng ủy", "Tổng hợp, báo cáo kết quả về Huyện ủy"),
]


def plan_docx(merge_down: bool = False) -> bytes:
    """The plan as Word writes it: header table, paragraphs, the schedule table."""
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "ĐẢNG BỘ HUYỆN AN PHÚ\nĐẢNG ỦY XÃ BÌNH LONG\n*\nSố 15-KH/ĐU"
    header.cell(0, 1).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    header.cell(1, 1).text = "Bình Long, ngày 20 tháng 11 năm 2024"
    for line in HEAD:
        document.add_paragraph(line)
    table = document.add_table(rows=len(SCHEDULE), cols=len(SCHEDULE[0]))
    for i, row in enumerate(SCHEDULE):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    if merge_down:  # one partner for rows 2 and 3
        table.cell(3, 4).text = ""
        table.cell(2, 4).merge(table.cell(3, 4))
    for line in TAIL:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def plan_text(row: str = "text") -> str:
    """The same plan as text, its schedule one row a line (``row="md"``: a pipe table)."""
    head = ["ĐẢNG BỘ HUYỆN AN PHÚ", "ĐẢNG ỦY XÃ BÌNH LONG", "*", "Số 15-KH/ĐU",
            "ĐẢNG CỘNG SẢN VIỆT NAM", "Bình Long, ngày 20 tháng 11 năm 2024", "", *HEAD]
    if row == "md":
        rows = [f"| {' | '.join(r)} |" for r in SCHEDULE]
        rows.insert(1, "|---|---|:---:|---|---|")
    else:
        rows = [TABLE_CELL.join(r).rstrip() for r in SCHEDULE]
    return "\n".join([*head, *rows, *TAIL]) + "\n"


def deadlines(doc: Document) -> list[tuple[str | None, str, str | None, str | None]]:
    return [(d.due, d.bound.value, d.actor, d.action) for d in doc.deadlines]


# --- the text form ----------------------------------------------------------------------


def test_rows_and_cells_point_into_the_text() -> None:
    text = plan_text()
    pos = text.index("Trước ngày 15/12/2024")
    table = table_at(text, pos)
    assert table is not None and table.current == 1 and len(table.rows) == 4
    header = [text[a:b] for a, b in cells(text, *table.header)]
    assert header == list(SCHEDULE[0])
    last = [text[a:b] for a, b in cells(text, *table.rows[3])]
    assert last == [*SCHEDULE[3][:4], ""]
    assert table_at(text, text.index("Đánh giá đúng")) is None


def test_markdown_rows_and_rule() -> None:
    text = plan_text("md")
    rule = next(line for line in text.splitlines() if line.startswith("|---"))
    assert is_rule(rule) and not is_rule(text.splitlines()[-8])
    table = table_at(text, text.index("Chậm nhất"))
    assert table is not None and len(table.rows) == 4  # the rule is not a row
    assert table_at(text, text.index("|---")) is None


@pytest.mark.parametrize("line", ["HĐND | UBND xã", "Trước ngày 15/12 | Chi bộ",
                                  "Số 15-KH/ĐU", "| a | b |"])
def test_two_cells_or_fewer_are_no_row(line: str) -> None:
    assert not is_row(line)


@pytest.mark.parametrize("form", ["text", "md"])
def test_deadlines_take_action_and_actor_from_the_row(form: str) -> None:
    doc = vbparser.parse(plan_text(form))
    assert deadlines(doc) == EXPECTED
    for deadline in doc.deadlines:
        assert doc.text[deadline.span[0]:deadline.span[1]] == deadline.expr
    assert [d.level.value if d.level else None for d in doc.deadlines] == [
        "branch", "commune", "commune"]


def test_without_headers_the_longest_cell_before_the_date_is_the_action() -> None:
    text = plan_text().replace(TABLE_CELL.join(SCHEDULE[0]),
                               TABLE_CELL.join(["A", "B", "C", "D", "E"]))
    found = deadlines(vbparser.parse(text))
    assert [(due, actor, action) for due, _, actor, action in found] == [
        (due, actor, action) for due, _, actor, action in EXPECTED]


def test_a_date_in_the_action_cell_is_read_as_a_sentence() -> None:
    text = plan_text().replace(
        TABLE_CELL.join(SCHEDULE[1][:3]),
        TABLE_CELL.join(["1", "Các chi bộ hoàn thành kiểm điểm trước ngày 15/12/2024", ""]))
    first = vbparser.parse(text).deadlines[0]
    assert (first.due, first.actor) == ("2024-12-14", "Các chi bộ")
    assert first.action is not None and first.action.startswith("hoàn thành kiểm điểm")


def test_a_time_column_first() -> None:
    rows = [("Thời gian", "Nội dung", "Đơn vị thực hiện"),
            ("Từ ngày 01/12 đến ngày 15/12/2024", "Kiểm điểm tập thể, cá nhân đảng viên",
             "Các chi bộ trực thuộc"),
            ("Trước ngày 31/12/2024", "Báo cáo kết quả", "Văn phòng Đảng ủy")]
    text = "\n".join(["KẾ HOẠCH", "kiểm điểm năm 2024", *(TABLE_CELL.join(r) for r in rows)])
    found = [(d.bound.value, d.start, d.due, d.actor, d.action)
             for d in vbparser.parse(text).deadlines]
    assert found == [
        ("range", "2024-12-01", "2024-12-15", "Các chi bộ trực thuộc",
         "Kiểm điểm tập thể, cá nhân đảng viên"),
        ("before", None, "2024-12-30", "Văn phòng Đảng ủy", "Báo cáo kết quả")]


def test_a_partner_column_is_not_the_actor() -> None:
    header = ("TT", "Nội dung", "Thời gian", "Đơn vị phối hợp", "Đơn vị thực hiện")
    rows = [header, ("1", "Kiểm điểm tập thể chi ủy", "Trước ngày 15/12/2024",
                     "Văn phòng Đảng ủy", "Chi ủy các chi bộ")]
    text = "\n".join(["KẾ HOẠCH", "kiểm điểm năm 2024", *(TABLE_CELL.join(r) for r in rows)])
    (deadline,) = vbparser.parse(text).deadlines
    assert deadline.actor == "Chi ủy các chi bộ"


def test_empty_first_and_last_cells_of_a_loaders_row_keep_the_columns() -> None:
    """A row the loaders wrote may open or end with an empty cell (a number OCR lost, no
    partner): its outer pipes are borders of those cells, not a Markdown row's, so every
    cell stays under its header. A Markdown table (with its rule line) is read as before."""
    rows = [TABLE_CELL.join(("", *r[1:])).strip() for r in SCHEDULE[1:]]
    assert rows[0].startswith("| ") and rows[2].endswith(" |")
    text = plan_text().replace(
        "\n".join(TABLE_CELL.join(r).rstrip() for r in SCHEDULE[1:]), "\n".join(rows))
    table = table_at(text, text.index("Chậm nhất"))
    assert table is not None and not table.markdown
    assert [text[a:b] for a, b in table.cells(text, 3)] == ["", *SCHEDULE[3][1:4], ""]
    assert deadlines(vbparser.parse(text)) == EXPECTED
    markdown = plan_text("md")
    table = table_at(markdown, markdown.index("Chậm nhất"))
    assert table is not None and table.markdown
    assert [markdown[a:b] for a, b in table.cells(markdown, 3)] == list(SCHEDULE[3])


def test_header_words_misread_by_ocr_still_name_the_columns() -> None:
    """A scan's header row loses a mark as readily as any line ("Người thục hiện",
    "Thòi gian"): header cells are matched without marks."""
    header = ("TT", "Nội dung công viêc", "Thòi gian", "Người thục hiện", "Phối hợp")
    text = plan_text().replace(TABLE_CELL.join(SCHEDULE[0]), TABLE_CELL.join(header))
    assert deadlines(vbparser.parse(text)) == EXPECTED


# --- .docx ------------------------------------------------------------------------------


def test_docx_schedule_is_read_across_its_rows() -> None:
    doc = vbparser.parse(plan_docx())
    lines = doc.text.splitlines()
    # the two-column header table is still read column by column
    assert lines[:6] == ["ĐẢNG BỘ HUYỆN AN PHÚ", "ĐẢNG ỦY XÃ BÌNH LONG", "*", "Số 15-KH/ĐU",
                         "ĐẢNG CỘNG SẢN VIỆT NAM", "Bình Long, ngày 20 tháng 11 năm 2024"]
    rows = [TABLE_CELL.join(r).rstrip() for r in SCHEDULE]
    start = lines.index(rows[0])
    assert lines[start:start + 4] == rows
    assert deadlines(doc) == EXPECTED
    assert doc.meta.issuer is not None and doc.meta.issuer.name == "Đảng ủy xã Bình Long"


def test_docx_row_blocks_and_merged_cells(tmp_path: Path) -> None:
    path = tmp_path / "plan.docx"
    path.write_bytes(plan_docx(merge_down=True))
    doc = vbparser.parse(path)
    lines = doc.text.splitlines()
    start = lines.index(TABLE_CELL.join(SCHEDULE[0]))
    # a cell merged down two rows is written in the first of them, "^^" in the second
    assert lines[start + 2].endswith(TABLE_CELL + "Các đoàn thể")
    assert lines[start + 3].endswith("Văn phòng Đảng ủy | ^^")
    loaded = vbparser.load(path)
    rows = [b for b in loaded.blocks if b.style == "table-row"]
    assert len(rows) == 4
    assert [loaded.source_text[b.start:b.end].rstrip() for b in rows] == lines[start:start + 4]
    assert [d.actor for d in doc.deadlines] == [e[2] for e in EXPECTED]


def test_docx_two_column_tables_stay_column_by_column() -> None:
    """A table with text in two columns only (a spacer column between) is layout."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "ĐẢNG ỦY XÃ BÌNH LONG"
    table.cell(0, 2).text = "ĐẢNG CỘNG SẢN VIỆT NAM"
    table.cell(1, 0).text = "Số 15-KH/ĐU"
    table.cell(1, 2).text = "Bình Long, ngày 20 tháng 11 năm 2024"
    out = io.BytesIO()
    document.save(out)
    assert vbparser.load(out.getvalue()).text.splitlines() == [
        "ĐẢNG ỦY XÃ BÌNH LONG", "Số 15-KH/ĐU", "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Bình Long, ngày 20 tháng 11 năm 2024"]


def test_a_bare_date_in_the_time_column_is_the_event_day() -> None:
    rows = [("TT", "Nội dung", "Thời gian", "Đơn vị thực hiện"),
            ("1", "Hội nghị kiểm điểm chi bộ", "Ngày 07/12/2024", "Chi bộ thôn Đông"),
            ("2", "Gửi hồ sơ về Đảng ủy xã", "10/12/2024", "Bí thư chi bộ"),
            ("3", "Tổng kết, rút kinh nghiệm đợt kiểm điểm năm 2023", "", "Chi ủy")]
    text = "\n".join(["KẾ HOẠCH", "kiểm điểm năm 2024", *(TABLE_CELL.join(r) for r in rows)])
    doc = vbparser.parse(text)
    assert [(d.expr, d.bound.value, d.due, d.actor) for d in doc.deadlines] == [
        ("Ngày 07/12/2024", "on", "2024-12-07", "Chi bộ thôn Đông"),
        ("10/12/2024", "on", "2024-12-10", "Bí thư chi bộ")]


# --- cells merged down, and dittos ------------------------------------------------------

MERGED_ROWS = [
    ("TT", "Nội dung công việc", "Thời gian", "Đơn vị chủ trì", "Đơn vị phối hợp"),
    ("1", "Các chi bộ kiểm điểm tập thể, cá nhân", "Trong tháng 12/2024", "Chi ủy các chi bộ",
     "Văn phòng Đảng ủy"),
    ("2", "Ban Thường vụ Đảng ủy kiểm điểm", MERGED, "Ban Thường vụ Đảng ủy", MERGED),
    ("3", "Tổng hợp kết quả xếp loại", "-nt-", "Văn phòng Đảng ủy", "Ủy ban Kiểm tra"),
    ("4", "Báo cáo về Ban Tổ chức Huyện ủy", "Trước ngày 10/01/2025", "Như trên", ""),
    ("5", "Tổng kết đợt kiểm điểm", "", "Ban Thường vụ Đảng ủy", ""),
]


def merged_plan(rows: list[tuple[str, ...]]) -> str:
    return "\n".join(["ĐẢNG ỦY XÃ BÌNH LONG", "Số 16-KH/ĐU", "KẾ HOẠCH", "kiểm điểm năm 2024",
                      "II. TIẾN ĐỘ THỰC HIỆN", *(TABLE_CELL.join(r) for r in rows), *TAIL])


def test_rows_under_a_merged_or_ditto_time_cell_share_its_deadline() -> None:
    doc = vbparser.parse(merged_plan(MERGED_ROWS))
    assert deadlines(doc) == [
        ("2024-12-31", "within", "Chi ủy các chi bộ", "Các chi bộ kiểm điểm tập thể, cá nhân"),
        ("2024-12-31", "within", "Ban Thường vụ Đảng ủy", "Ban Thường vụ Đảng ủy kiểm điểm"),
        ("2024-12-31", "within", "Văn phòng Đảng ủy", "Tổng hợp kết quả xếp loại"),
        # "Như trên" in the actor column: the actor of the row above
        ("2025-01-09", "before", "Văn phòng Đảng ủy", "Báo cáo về Ban Tổ chức Huyện ủy")]
    shared = doc.deadlines[:3]
    assert {d.span for d in shared} == {shared[0].span}
    assert doc.text[shared[0].span[0]:shared[0].span[1]] == "Trong tháng 12/2024"
    assert [d.level.value if d.level else None for d in shared] == [
        "branch", "commune", "commune"]


def test_an_empty_time_cell_shares_no_deadline() -> None:
    """An empty cell is not a merged one: the row under the date has no deadline."""
    rows = [r if r[0] != "2" else (*r[:2], "", *r[3:]) for r in MERGED_ROWS]
    doc = vbparser.parse(merged_plan(rows))
    assert [d.actor for d in doc.deadlines] == ["Chi ủy các chi bộ", "Văn phòng Đảng ủy"]


def test_a_ditto_in_the_header_row_or_the_first_row_points_nowhere() -> None:
    text = merged_plan([MERGED_ROWS[0], ("1", "Kiểm điểm", "Trước ngày 15/12/2024", MERGED, "")])
    doc = vbparser.parse(text)
    assert deadlines(doc) == [("2024-12-14", "before", None, "Kiểm điểm")]
    table = table_at(doc.text, doc.text.index("Kiểm điểm |"))
    assert table is not None and table.origin(doc.text, 1, 3) is None


def test_a_merged_cell_over_several_columns_is_one_cell_in_each_row() -> None:
    document = docx.Document()
    for line in ["KẾ HOẠCH", "kiểm điểm năm 2024", "II. TIẾN ĐỘ THỰC HIỆN"]:
        document.add_paragraph(line)
    table = document.add_table(rows=3, cols=5)
    for r, row in enumerate([MERGED_ROWS[0], MERGED_ROWS[1], MERGED_ROWS[3]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    merged = table.cell(1, 3).merge(table.cell(2, 4))  # actor and partner, two rows
    merged.text = "Chi ủy các chi bộ"
    out = io.BytesIO()
    document.save(out)
    doc = vbparser.parse(out.getvalue())
    assert [line for line in doc.text.splitlines() if is_row(line)][1:] == [
        "1 | Các chi bộ kiểm điểm tập thể, cá nhân | Trong tháng 12/2024 | Chi ủy các chi bộ",
        "3 | Tổng hợp kết quả xếp loại | -nt- | ^^"]
    assert deadlines(doc) == [
        ("2024-12-31", "within", "Chi ủy các chi bộ", "Các chi bộ kiểm điểm tập thể, cá nhân"),
        ("2024-12-31", "within", "Chi ủy các chi bộ", "Tổng hợp kết quả xếp loại")]
