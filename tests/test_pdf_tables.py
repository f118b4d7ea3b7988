"""Data tables in PDFs: a schedule of three columns or more is read across its rows.

A plan's schedule ("TT | Nội dung công việc | Thời gian | Đơn vị chủ trì | Đơn vị phối
hợp") must read from its PDF as it reads from its .docx: one line per row, the cells
joined by " | ", a wrapped cell on one line, an empty cell empty, a cell merged down two
rows in its first row and "^^" (``tables.MERGED``) below — so that each deadline in it gets its row's action and
actor. The .docx is the reference: each PDF here is made from the same rows by
LibreOffice (exporting the .docx), Chromium (printing an HTML table) or fpdf2, each
drawing the borders its own way, and its row lines are compared with the .docx's.
Two-column tables (the header, the closing) stay as they were read before.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import replace

import pypdfium2 as pdfium
import pytest

import vbparser
from tests import office_fixtures as office
from tests import pdf_fixtures as fx
from tests.conftest import missing
from vbparser.config import Config
from vbparser.loaders import pdf_pages, pdf_pdfium
from vbparser.loaders.pdf import load_pdf
from vbparser.loaders.pdf_fragments import Fragment, Page, Rule
from vbparser.loaders.pdf_grid import grids
from vbparser.loaders.pdf_layout import layout
from vbparser.loaders.pdf_tables import table_sign
from vbparser.model import Document
from vbparser.tables import MERGED, cells, is_row

pytestmark = pytest.mark.skipif(not fx.fonts_available(), reason=(
    "the DejaVu fonts are missing: apt-get install fonts-dejavu-core (make system-deps)"))

AFTER = "Các công việc cụ thể như sau:"
PLAN = fx.SAMPLE_PLAN.replace("III. TIẾN ĐỘ, THỜI GIAN THỰC HIỆN\n",
                              f"III. TIẾN ĐỘ, THỜI GIAN THỰC HIỆN\n{AFTER}\n")
SCHEDULE: fx.Cells = [
    ("TT", "Nội dung công việc", "Thời gian hoàn thành", "Đơn vị chủ trì", "Đơn vị phối hợp"),
    ("1", "Các chi bộ tổ chức kiểm điểm tập thể chi ủy và đảng viên, đề xuất xếp loại chất lượng",
     "Trước ngày 05/12/2023", "Chi ủy các chi bộ trực thuộc", "Văn phòng Đảng ủy"),
    ("2", "Ban Thường vụ Đảng ủy tổ chức kiểm điểm tập thể và cá nhân",
     "Hoàn thành trước ngày 10/12/2023", "Ban Thường vụ Đảng ủy", "Ủy ban Kiểm tra Đảng ủy"),
    ("3", "Tổng hợp kết quả xếp loại chất lượng tổ chức đảng, đảng viên",
     "Chậm nhất ngày 12/12/2023", "Văn phòng Đảng ủy", None),  # merged with the cell above
    ("4", "Báo cáo kết quả kiểm điểm về Ban Tổ chức Huyện ủy", "Trước ngày 20/12/2023",
     "Văn phòng Đảng ủy", ""),
]
# A time cell merged down three rows and an actor cell merged down two: each row under a
# merged time cell has its own deadline, and a merged actor is the actor of both its rows.
MERGED_SCHEDULE: fx.Cells = [
    SCHEDULE[0],
    ("1", "Các chi bộ tổ chức kiểm điểm tập thể chi ủy và đảng viên", "Trong tháng 12/2023",
     "Chi ủy các chi bộ trực thuộc", "Văn phòng Đảng ủy"),
    ("2", "Ban Thường vụ Đảng ủy kiểm điểm tập thể và cá nhân", None, "Ban Thường vụ Đảng ủy",
     "Ủy ban Kiểm tra Đảng ủy"),
    ("3", "Thẩm định kết quả kiểm điểm của các chi bộ", None, "Ủy ban Kiểm tra Đảng ủy", ""),
    ("4", "Tổng hợp kết quả xếp loại chất lượng", "Trước ngày 05/01/2024", "Văn phòng Đảng ủy",
     ""),
    ("5", "Báo cáo kết quả về Ban Tổ chức Huyện ủy", "Chậm nhất ngày 10/01/2024", None, ""),
]
MERGED_DEADLINES = sorted([  # (due, bound, actor, action) of each row
    ("2023-12-31", "within", "Chi ủy các chi bộ trực thuộc", MERGED_SCHEDULE[1][1]),
    ("2023-12-31", "within", "Ban Thường vụ Đảng ủy", MERGED_SCHEDULE[2][1]),
    ("2023-12-31", "within", "Ủy ban Kiểm tra Đảng ủy", MERGED_SCHEDULE[3][1]),
    ("2024-01-04", "before", "Văn phòng Đảng ủy", MERGED_SCHEDULE[4][1]),
    ("2024-01-10", "by", "Văn phòng Đảng ủy", MERGED_SCHEDULE[5][1])], key=str)
BRANCHES = ["Hoàng Lộc", "Hoàng Phúc", "Hoàng Thọ", "Đông Sơn", "Tây Sơn", "Nam Sơn", "Bắc Sơn",
            "Trung Thành", "Quang Trung", "Trường THCS", "Trường Tiểu học", "Trạm Y tế",
            "Công an xã", "Quân sự xã"]
LONG: fx.Cells = [SCHEDULE[0]] + [
    (str(i), f"Chi bộ {name} tổ chức hội nghị kiểm điểm tập thể chi ủy, đảng viên"
             + (" và đề xuất xếp loại chất lượng đảng viên năm 2023" if i % 3 == 0 else ""),
     f"Trước ngày {i + 1:02d}/12/2023", f"Chi ủy chi bộ {name}",
     "Đảng ủy viên phụ trách" if i % 4 else "")
    for i, name in enumerate(BRANCHES, start=1)]
PRODUCERS = ["libreoffice", "chromium", "fpdf2"]
# Lengths of the long table, without a repeated header, one of which leaves a lone row (or
# the rest of a broken one) on a new page in each producer (Chromium 9, LibreOffice 11).
SPILLS = range(8, 13)
# Lines of prose before a table of six rows, one of which leaves its header row alone at
# the foot of a page in each producer (Chromium 23, LibreOffice 34).
FOOTS = {"chromium": range(22, 25), "libreoffice": range(33, 36)}
# Lines of prose before the table with merged cells, some of which break the page inside
# its time cell merged over rows 1-3 (fpdf2 moves rows that share a cell to the new page
# together).
BREAKS = {"chromium": range(17, 23), "libreoffice": range(29, 34)}


def pushed_down(lines: int) -> str:
    """``PLAN`` with ``lines`` one-line items before the table's paragraph."""
    items = "".join(f"- Chi bộ số {k + 1} rà soát danh sách đảng viên thuộc diện kiểm điểm.\n"
                    for k in range(lines))
    return PLAN.replace(f"{AFTER}\n", f"{items}{AFTER}\n")


def rows(doc: Document | str) -> list[str]:
    """The row lines of the data tables of a document's text."""
    text = doc if isinstance(doc, str) else doc.text
    return [line for line in text.splitlines() if is_row(line)]


def row_cells(line: str) -> list[str]:
    return [line[a:b] for a, b in cells(line, 0, len(line))]


def table_deadlines(doc: Document) -> list[tuple[str | None, str, str | None, str | None]]:
    """Due date, bound, actor and action of each deadline set in a row of a table."""
    out = []
    for d in doc.deadlines:
        start = doc.text.rfind("\n", 0, d.span[0]) + 1
        end = doc.text.find("\n", d.span[0])
        if is_row(doc.text[start:end if end >= 0 else len(doc.text)]):
            out.append((d.due, d.bound.value, d.actor, d.action))
    return sorted(out, key=str)


# --- the documents, made once for the session ----------------------------------------------


@pytest.fixture(scope="session")
def docx_files() -> dict[str, bytes]:
    """The .docx of each plan: the schedule, the long table, and the plain sample plan
    with its header and closing tables drawn with borders."""
    import docx

    bordered = docx.Document(io.BytesIO(office.plan_docx(fx.SAMPLE_PLAN)))
    for table in bordered.tables:
        table.style = bordered.styles["Table Grid"]
    out = io.BytesIO()
    bordered.save(out)
    spills = {f"spill-{n}": office.schedule_docx(PLAN, LONG[:n], AFTER, repeat_header=False)
              for n in SPILLS}
    foots = {f"foot-{n}": office.schedule_docx(pushed_down(n), LONG[:6], AFTER,
                                               repeat_header=False)
             for n in sorted({n for lines in FOOTS.values() for n in lines})}
    breaks = {f"break-{n}": office.schedule_docx(pushed_down(n), MERGED_SCHEDULE, AFTER)
              for n in BREAKS["libreoffice"]}
    return {"schedule": office.schedule_docx(PLAN, SCHEDULE, AFTER),
            "merged": office.schedule_docx(PLAN, MERGED_SCHEDULE, AFTER), **breaks,
            "long": office.schedule_docx(PLAN, LONG, AFTER), "bordered": out.getvalue(),
            **spills, **foots}


@pytest.fixture(scope="session")
def exported(docx_files: dict[str, bytes]) -> dict[str, bytes]:
    """The .docx files exported by LibreOffice, in one ``soffice`` call."""
    if office.libreoffice() is None:
        missing("LibreOffice is not installed: make system-deps (libreoffice-writer-nogui)")
    return office.export_pdfs(docx_files)


@pytest.fixture(scope="session")
def printed() -> dict[str, bytes]:
    """The same plans as HTML printed by Chromium; the header and closing drawn with
    borders for "bordered"."""
    if fx.chromium() is None:
        missing("Debian's chromium is not installed: make system-deps")
    bordered = fx.plan_html(fx.SAMPLE_PLAN).replace(
        "</style>", "td { border: 0.75pt solid #000; }</style>", 1)
    spills = {f"spill-{n}": fx.print_html(fx.schedule_html(PLAN, LONG[:n], AFTER,
                                                          repeat_header=False))
              for n in SPILLS}
    foots = {f"foot-{n}": fx.print_html(fx.schedule_html(pushed_down(n), LONG[:6], AFTER,
                                                         repeat_header=False))
             for n in FOOTS["chromium"]}
    breaks = {f"break-{n}": fx.print_html(fx.schedule_html(pushed_down(n), MERGED_SCHEDULE,
                                                           AFTER))
              for n in BREAKS["chromium"]}
    return {"schedule": fx.print_html(fx.schedule_html(PLAN, SCHEDULE, AFTER)), **breaks,
            "merged": fx.print_html(fx.schedule_html(PLAN, MERGED_SCHEDULE, AFTER)),
            "long": fx.print_html(fx.schedule_html(PLAN, LONG, AFTER)),
            "bordered": fx.print_html(bordered), **spills, **foots}


@pytest.fixture(scope="session")
def pdfs(request: pytest.FixtureRequest) -> Callable[[str, str], bytes]:
    """``pdfs(producer, name)``: the PDF of a plan from one producer."""
    typeset = {"schedule": lambda: fx.render_schedule(PLAN, SCHEDULE, AFTER),
               "merged": lambda: fx.render_schedule(PLAN, MERGED_SCHEDULE, AFTER),
               "long": lambda: fx.render_schedule(PLAN, LONG, AFTER)}

    def get(producer: str, name: str) -> bytes:
        if producer == "fpdf2":
            return typeset[name]()
        fixture = {"libreoffice": "exported", "chromium": "printed"}[producer]
        found: dict[str, bytes] = request.getfixturevalue(fixture)
        return found[name]

    return get


# --- the row lines, as the .docx gives them ------------------------------------------------


def test_the_docx_reference_has_the_cases_the_pdfs_are_checked_on(
        docx_files: dict[str, bytes]) -> None:
    """The .docx rows hold what the PDFs must give back: a header, a wrapped cell read as
    one line, a cell merged down two rows given in its first row and "^^" below, an empty
    cell."""
    lines = rows(vbparser.parse(docx_files["schedule"]))
    table = [row_cells(line) for line in lines]
    assert len(table) == len(SCHEDULE) and all(len(r) == 5 for r in table)
    assert table[0] == list(SCHEDULE[0])
    assert table[1][1] == SCHEDULE[1][1]  # wraps over three lines in every PDF
    assert table[2][4] == SCHEDULE[2][4] and table[3][4] == MERGED  # merged down
    assert table[4][4] == ""  # empty


@pytest.mark.parametrize("producer", PRODUCERS)
def test_a_schedule_reads_row_by_row_as_in_the_docx(
        producer: str, pdfs: Callable[[str, str], bytes], docx_files: dict[str, bytes]) -> None:
    doc = vbparser.parse(pdfs(producer, "schedule"))
    assert rows(doc) == rows(vbparser.parse(docx_files["schedule"]))
    assert not any(part in doc.text.splitlines() for part in ("TT", "Nội dung", "Đơn vị chủ"))


@pytest.mark.parametrize("producer", PRODUCERS)
def test_deadlines_in_a_schedule_get_their_rows_action_and_actor(
        producer: str, pdfs: Callable[[str, str], bytes], docx_files: dict[str, bytes]) -> None:
    doc = vbparser.parse(pdfs(producer, "schedule"))
    reference = vbparser.parse(docx_files["schedule"])
    found = table_deadlines(doc)
    assert found == table_deadlines(reference)
    assert len(found) == len(SCHEDULE) - 1 and all(actor and action for *_, actor, action in found)
    everything = sorted((d.due, d.bound, d.actor, d.action) for d in doc.deadlines)
    assert everything == sorted((d.due, d.bound, d.actor, d.action) for d in reference.deadlines)


def test_a_scan_with_a_text_layer_reads_its_schedule_from_the_borders_in_the_image(
        docx_files: dict[str, bytes]) -> None:
    """A scanner's OCR layer over page images: the table's borders are only pixels. They
    are found in the image (``pdf_objects.scanned_rules``) and the rows read as from the
    .docx; the layer is used as it is, not recognised again."""
    digital = fx.render_schedule(PLAN, SCHEDULE, AFTER)
    doc = vbparser.parse(fx.text_layer_scan(digital))
    assert rows(doc) == rows(vbparser.parse(docx_files["schedule"]))
    assert table_deadlines(doc) == table_deadlines(vbparser.parse(digital))
    assert not any(w.code == "VB104" for w in doc.warnings)


def test_merged_cells_in_the_docx_give_each_row_its_deadline(
        docx_files: dict[str, bytes]) -> None:
    doc = vbparser.parse(docx_files["merged"])
    table = [row_cells(line) for line in rows(doc)]
    assert [r[2] for r in table[1:4]] == ["Trong tháng 12/2023", MERGED, MERGED]
    assert table[5][3] == MERGED and all(len(r) == 5 for r in table)
    assert table_deadlines(doc) == MERGED_DEADLINES
    for d in doc.deadlines:  # the rows under a merged cell keep the span of its time
        assert doc.text[d.span[0]:d.span[1]] == d.expr


@pytest.mark.parametrize("producer", PRODUCERS)
def test_merged_cells_read_from_a_pdf_as_from_the_docx(
        producer: str, pdfs: Callable[[str, str], bytes], docx_files: dict[str, bytes]) -> None:
    data = pdfs(producer, "merged")
    doc = vbparser.parse(data)
    assert rows(doc) == rows(vbparser.parse(docx_files["merged"]))
    assert table_deadlines(doc) == MERGED_DEADLINES
    plumber = vbparser.parse(data, config=Config(pdf_engine="pdfplumber"))
    assert table_deadlines(plumber) == MERGED_DEADLINES


@pytest.mark.parametrize("producer", list(BREAKS))
def test_a_merged_time_cell_broken_by_a_page_break_still_covers_its_rows(
        producer: str, pdfs: Callable[[str, str], bytes]) -> None:
    """The rest of a cell merged down, on the new page, is drawn as an empty cell (open
    at the top, or itself merged down); it goes on with the cell above the break."""
    split = 0
    for n in BREAKS[producer]:
        doc = vbparser.parse(pdfs(producer, f"break-{n}"))
        assert table_deadlines(doc) == MERGED_DEADLINES, n
        pages = [b.page for b in doc.blocks if b.style == "table-row"]
        split += pages[1] != pages[3]  # rows 1 and 3 share the merged time cell
    assert split >= 2


@pytest.mark.parametrize("producer", PRODUCERS)
def test_both_pdf_engines_read_a_schedule_alike(producer: str,
                                                pdfs: Callable[[str, str], bytes]) -> None:
    data = pdfs(producer, "long")
    pdfium_doc = vbparser.parse(data)
    plumber_doc = vbparser.parse(data, config=Config(pdf_engine="pdfplumber"))
    assert rows(plumber_doc) == rows(pdfium_doc) and len(rows(pdfium_doc)) == len(LONG)


@pytest.mark.parametrize("producer", PRODUCERS)
def test_a_table_split_over_a_page_break_keeps_its_rows(
        producer: str, pdfs: Callable[[str, str], bytes], docx_files: dict[str, bytes]) -> None:
    """Every producer repeats the header row on the new page; LibreOffice and Chromium
    also break a row of several lines between the pages. The header is read once, and
    the broken row whole."""
    data = pdfs(producer, "long")
    loaded = load_pdf(data, None)
    pages = {b.page for b in loaded.blocks if b.style == "table-row"}
    assert len(pages) == 2, "the fixture should break the table over a page"
    assert rows(vbparser.parse(data)) == rows(vbparser.parse(docx_files["long"]))


@pytest.mark.parametrize("producer", ["libreoffice", "chromium"])
def test_a_table_that_leaves_one_row_on_a_new_page_keeps_it(
        producer: str, pdfs: Callable[[str, str], bytes], docx_files: dict[str, bytes]) -> None:
    """Word repeats no header row by default: the part of a table on a new page may be a
    single row, or the rest of a broken one, which shows no sign of a table of its own.
    Its page's ruled lines are read all the same, as the page before had some."""
    lone = False
    for n in SPILLS:
        data = pdfs(producer, f"spill-{n}")
        assert rows(vbparser.parse(data)) == rows(vbparser.parse(docx_files[f"spill-{n}"])), n
        document = pdfium.PdfDocument(data)
        try:
            pages = pdf_pages.read_pages(document, producer).pages
        finally:
            document.close()
        last = [grid for page in pages for grid in grids(page.rules)][-1]
        lone = lone or len(last.ys) == 2
    assert lone, "the fixture should leave a single row of the table on a new page"


@pytest.mark.parametrize("producer", ["libreoffice", "chromium"])
def test_a_header_row_left_alone_at_a_page_foot_heads_its_table(
        producer: str, pdfs: Callable[[str, str], bytes], docx_files: dict[str, bytes]) -> None:
    """A table that starts low on a page may leave only its header row there, which shows
    no sign of a table by the rows above it: a row of cells in the lowest part of a page
    is sign enough, and the row heads the part on the next page. Before, the header was
    lost and the deadlines of the rows had no actor."""
    alone = False
    for n in FOOTS[producer]:
        data = pdfs(producer, f"foot-{n}")
        doc = vbparser.parse(data)
        reference = vbparser.parse(docx_files[f"foot-{n}"])
        assert rows(doc) == rows(reference), n
        assert table_deadlines(doc) == table_deadlines(reference), n
        document = pdfium.PdfDocument(data)
        try:
            pages = pdf_pages.read_pages(document, producer).pages
        finally:
            document.close()
        first = next(grid for page in pages for grid in grids(page.rules))
        alone = alone or len(first.ys) == 2
    assert alone, "the fixture should leave the header row alone at the foot of a page"


@pytest.mark.parametrize("producer", PRODUCERS)
def test_each_row_block_carries_its_page(producer: str,
                                         pdfs: Callable[[str, str], bytes]) -> None:
    data = pdfs(producer, "long")
    loaded = load_pdf(data, None)
    document = pdfium.PdfDocument(data)
    try:
        pages = {i + 1: " ".join(document[i].get_textpage().get_text_range().split())
                 for i in range(len(document))}
    finally:
        document.close()
    blocks = [b for b in loaded.blocks if b.style == "table-row"]
    assert [loaded.text[b.start:b.end] for b in blocks] == rows(loaded.text)
    for block in blocks[1:]:  # the header is on every page
        opening = " ".join(row_cells(loaded.text[block.start:block.end])[1].split()[:4])
        assert [n for n, page in pages.items() if opening in page] == [block.page], opening


# --- two-column tables are left as they were -----------------------------------------------


@pytest.mark.parametrize("producer", ["libreoffice", "chromium"])
def test_ruled_header_and_closing_tables_are_read_as_before(
        producer: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The header (issuer | motto) and the closing (recipients | signature) drawn with
    borders: even when their ruled lines are read, the text and blocks are those of the
    same pages without them, and no line is a row."""
    fixture = {"libreoffice": "exported", "chromium": "printed"}[producer]
    data = request.getfixturevalue(fixture)["bordered"]
    monkeypatch.setattr(pdf_pdfium, "table_sign", lambda fragments, height=None: True)
    document = pdfium.PdfDocument(data)
    try:
        pages = pdf_pages.read_pages(document, producer).pages
    finally:
        document.close()
    assert any(page.rules for page in pages), "the fixture should draw the tables' borders"
    text, blocks = layout(pages)
    assert (text, blocks) == layout([replace(page, rules=()) for page in pages])
    assert not rows(text) and "ĐẢNG CỘNG SẢN VIỆT NAM" in text.splitlines()


def test_pages_of_prose_and_two_columns_show_no_sign_of_a_table() -> None:
    """The sign that makes an engine read a page's rules: fragments three abreast, twice."""
    def frag(x0: float, top: float, text: str = "ô") -> Fragment:
        return Fragment(1, x0, x0 + 60, top, top + 12, text)

    header = [frag(x, 60 + 16 * k) for k in range(4) for x in (90, 330)]
    prose = [frag(90, 140 + 16 * k) for k in range(30)]
    schedule = [frag(x, 640 + 40 * k) for k in range(3) for x in (90, 180, 270, 360)]
    assert not table_sign(prose) and not table_sign(header + prose)
    assert table_sign(header + schedule) and not table_sign(schedule[:4] + prose)
    # one row of cells is a sign only in the lowest part of the page (a header row alone)
    assert table_sign(schedule[:4] + prose, height=842)
    assert not table_sign([frag(x, 300) for x in (90, 180, 270, 360)] + prose, height=842)
    assert not table_sign(header + prose, height=842)


# --- the grid, on pages made by hand ---------------------------------------------------------


def ruled_page(number: int, xs: list[float], ys: list[float], texts: list[list[list[str]]],
               open_below: set[tuple[int, int]] = frozenset(),  # type: ignore[assignment]
               extra: tuple[Fragment, ...] = ()) -> Page:
    """A page with a table: borders at ``xs`` and ``ys`` (none under the cells in
    ``open_below``, which are merged with the cell below), and each cell's lines."""
    frags = list(extra)
    for r, row in enumerate(texts):
        for c, lines in enumerate(row):
            for k, line in enumerate(lines):
                top = ys[r] + 3 + 14 * k
                frags.append(Fragment(number, xs[c] + 4, xs[c] + 4 + 6 * len(line), top,
                                      top + 12, line))
    rules = [Rule(x - 0.4, ys[0], x + 0.4, ys[-1]) for x in xs]
    for k, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if (k - 1, c) not in open_below:
                rules.append(Rule(xs[c], y - 0.4, xs[c + 1], y + 0.4))
    return Page(number, 595.0, 842.0, tuple(frags), tuple(rules))


def test_cells_merged_empty_and_wrapped_are_read_as_the_docx_reads_them() -> None:
    xs, ys = [80.0, 110.0, 300.0, 420.0, 520.0], [200.0, 220.0, 285.0, 320.0]
    texts = [[["TT"], ["Nội dung"], ["Thời gian"], ["Phối hợp"]],
             [["1"], ["Rà soát danh sách đảng", "viên, báo cáo theo Quy", "định số 124-",
                      "QĐ/TW"], ["Trước ngày", "15/12/2024"], ["Văn phòng", "Đảng ủy"]],
             [["2"], ["Tổng hợp kết quả"], ["Tháng 01/2025"], []]]
    page = ruled_page(1, xs, ys, texts, open_below={(1, 3)}, extra=(
        Fragment(1, 80, 300, 170, 182, "III. TIẾN ĐỘ THỰC HIỆN"),))
    text, blocks = layout([page])
    assert text.splitlines() == [
        "III. TIẾN ĐỘ THỰC HIỆN", "TT | Nội dung | Thời gian | Phối hợp",
        ("1 | Rà soát danh sách đảng viên, báo cáo theo Quy định số 124-QĐ/TW | Trước ngày "
         "15/12/2024 | Văn phòng Đảng ủy"),
        "2 | Tổng hợp kết quả | Tháng 01/2025 | ^^"]  # the cell above goes on
    assert [b.style for b in blocks] == [None, "table-row", "table-row", "table-row"]


def test_a_two_column_ruled_table_is_no_data_table() -> None:
    xs, ys = [80.0, 300.0, 520.0], [100.0, 160.0]
    texts = [[["ĐẢNG BỘ HUYỆN ĐÔNG SƠN", "ĐẢNG ỦY XÃ HOÀNG SƠN", "*"],
              ["ĐẢNG CỘNG SẢN VIỆT NAM", "Hoàng Sơn, ngày 20 tháng 11 năm 2023"]]]
    page = ruled_page(1, xs, ys, texts)
    assert layout([page]) == layout([replace(page, rules=())])


def test_a_repeated_header_is_dropped_and_a_broken_row_joined_over_a_page_break() -> None:
    xs = [80.0, 110.0, 300.0, 420.0, 520.0]
    head = [["TT"], ["Nội dung"], ["Thời gian"], ["Chủ trì"]]
    first = ruled_page(1, xs, [700.0, 720.0, 750.0, 790.0], [
        head, [["1"], ["Chi bộ Đông Sơn kiểm điểm"], ["Trước ngày 05/12"], ["Chi ủy"]],
        [["2"], ["Chi bộ Tây Sơn tổ chức", "hội nghị kiểm điểm"], ["Trước ngày"], ["Chi ủy chi"]]],
        extra=(Fragment(1, 80, 300, 670, 682, "Lịch kiểm điểm như sau:"),))
    second = ruled_page(2, xs, [60.0, 80.0, 110.0, 140.0], [
        head, [[], ["tập thể chi ủy, đảng viên"], ["06/12/2024"], ["bộ Tây Sơn"]],
        [["3"], ["Chi bộ Nam Sơn kiểm điểm"], ["Trước ngày 07/12"], ["Chi ủy"]]],
        extra=(Fragment(2, 80, 300, 160, 172, "IV. TỔ CHỨC THỰC HIỆN"),))
    text, blocks = layout([first, second])
    assert text.splitlines() == [
        "Lịch kiểm điểm như sau:", "TT | Nội dung | Thời gian | Chủ trì",
        "1 | Chi bộ Đông Sơn kiểm điểm | Trước ngày 05/12 | Chi ủy",
        ("2 | Chi bộ Tây Sơn tổ chức hội nghị kiểm điểm tập thể chi ủy, đảng viên | Trước ngày "
         "06/12/2024 | Chi ủy chi bộ Tây Sơn"),
        "3 | Chi bộ Nam Sơn kiểm điểm | Trước ngày 07/12 | Chi ủy", "IV. TỔ CHỨC THỰC HIỆN"]
    assert [b.page for b in blocks] == [1, 1, 1, 1, 2, 2]


def test_a_header_repeated_with_a_lost_cell_or_a_misread_mark_is_dropped() -> None:
    """As OCR reads a repeated header: "TT" lost, "Thòi gian" for "Thời gian". Before,
    the header row was joined to the last row above the break, as a broken row."""
    xs = [80.0, 110.0, 300.0, 420.0, 520.0]
    first = ruled_page(1, xs, [700.0, 720.0, 750.0], [
        [["TT"], ["Nội dung"], ["Thời gian"], ["Chủ trì"]],
        [["1"], ["Chi bộ Đông Sơn kiểm điểm"], ["Trước ngày 05/12"], ["Chi ủy"]]])
    second = ruled_page(2, xs, [60.0, 80.0, 110.0], [
        [[], ["Nội dung"], ["Thòi gian"], ["Chủ trì"]],
        [["2"], ["Chi bộ Nam Sơn kiểm điểm"], ["Trước ngày 07/12"], ["Chi ủy"]]])
    text, _ = layout([first, second])
    assert text.splitlines() == [
        "TT | Nội dung | Thời gian | Chủ trì",
        "1 | Chi bộ Đông Sơn kiểm điểm | Trước ngày 05/12 | Chi ủy",
        "2 | Chi bộ Nam Sơn kiểm điểm | Trước ngày 07/12 | Chi ủy"]


@pytest.mark.parametrize("producer", PRODUCERS)
def test_a_schedule_on_pages_wrapped_in_forms_keeps_its_rows(
        producer: str, schedules: Callable[[str], bytes]) -> None:
    """A page a merging or stamping tool wrapped whole in a form XObject: its borders
    are read inside the form, placed by its matrix (before, the pdfium engine found no
    rule there and read the schedule's 15 rows as loose lines)."""
    pdf = schedules(producer)
    for engine in ("pdfium", "pdfplumber"):
        config = Config(pdf_engine=engine)
        plain = vbparser.parse(pdf, config=config)
        doc = vbparser.parse(fx.wrapped(pdf), config=config)
        assert len(rows(doc)) == len(LONG), engine
        assert rows(doc) == rows(plain) and doc.text == plain.text, engine
        assert table_deadlines(doc) == table_deadlines(plain), engine

