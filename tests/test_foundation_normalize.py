"""Normalisation: idempotent, offsets exact, seed lines re-joined without gluing headings."""

from __future__ import annotations

import textwrap
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from vbparser.errors import ConfigError
from vbparser.normalize import normalize, resolve_steps
from vbparser.normalize.fold import ascii_key, key, match_text
from vbparser.normalize.layout import join_lines
from vbparser.normalize.unicode import strip_markup

WORDS = ["kiểm", "điểm", "đánh", "giá", "xếp", "loại", "chất", "lượng", "tổ", "chức", "đảng", "đảng", "viên", "tập", "thể", "cá", "nhân", "cán", "bộ", "lãnh", "đạo", "quản", "lý", "Ban", "Thường", "vụ", "Tỉnh", "uỷ", "Đảng", "ủy", "xã", "hoá", "hòa", "Ủy", "ban", "nhân", "dân", "Mặt", "trận", "Tổ", "quốc", "năm", "2023", "ngày", "15/10/2023", "số", "12-KH/ĐU", "theo", "Quy", "định"]
LABELS = ["I.", "II-", "1.", "2.", "1.1.", "a)", "(1)", "-", "+"]
ALPHABET = st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậ"
                                "ÀĐỦ0123456789 .,;:()/-*#\n\u00a0\u200bÐ"))


@st.composite
def plan_text(draw):
    """Realistic plan text: labelled paragraphs, hard-wrapped, with blank lines."""
    width = draw(st.integers(40, 90))
    blank = draw(st.booleans())
    lines = []
    for _ in range(draw(st.integers(1, 12))):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40))
        label = draw(st.sampled_from(LABELS + [""] * 4))
        paragraph = (label + " " if label else "") + " ".join(words) + draw(
            st.sampled_from([".", ";", ":", ""]))
        current = ""
        for word in paragraph.split(" "):
            if current and len(current) + len(word) + 1 > width:
                lines.append(current + " ")
                current = word
            else:
                current = f"{current} {word}" if current else word
        lines.append(current)
    return ("\n\n" if blank else "\n").join(lines)


# Found by Hypothesis: joining the marked wraps (lines ending in a space) left lines that
# a second reading took for an unmarked wrap of about 60 columns.
_MARKED_THEN_UNMARKED = (
    "I. kiểm kiểm kiểm kiểm kiểm kiểm kiểm \nkiểm kiểm\n15/10/2023 kiểm kiểm kiểm kiểm kiểm "
    "kiểm \nkiểm kiểm kiểm kiểm;\nI. kiểm.\nI. kiểm.\nI. kiểm.\nI. kiểm.\nI. kiểm kiểm "
    "kiểm kiểm kiểm kiểm kiểm \nkiểm kiểm kiểm kiểm.\nI. kiểm kiểm kiểm kiểm kiểm kiểm kiểm "
    "\nkiểm kiểm kiểm kiểm kiểm;")


@settings(max_examples=150, deadline=None)
@given(plan_text())
@example(_MARKED_THEN_UNMARKED)
def test_normalize_is_idempotent(text):
    once = normalize(text)[0]
    assert normalize(once)[0] == once


@settings(max_examples=300, deadline=None)
@given(st.text(ALPHABET, max_size=300))
@example("0)Đb")  # found by Hypothesis: the space put after a label's stop ("0) Đb")
def test_offsets_map_back_to_the_same_characters(text):
    out, mapping, _ = normalize(text)
    positions = [mapping.to_source(i) for i in range(len(out) + 1)]
    assert positions == sorted(positions), "the map must be monotonic"
    assert positions[-1] == len(text)
    for i, ch in enumerate(out):
        src = text[positions[i]]
        if ch.isspace():  # a space put in takes no source character: it maps where the
            inserted = positions[i] == positions[i + 1]  # next one's source does
            assert inserted or src.isspace() or src in "\u200bÐ" or src in "#*", (i, ch, src)
        elif ch == "Đ":
            assert src in "ĐÐ"
        else:
            assert ch == src, (i, ch, src)


@settings(max_examples=150, deadline=None)
@given(plan_text())
def test_decomposed_input_maps_to_its_letters(text):
    nfd = unicodedata.normalize("NFD", text)
    out, mapping, _ = normalize(nfd)
    assert unicodedata.is_normalized("NFC", out)
    assert out == normalize(text)[0]
    for i, ch in enumerate(out):
        if not ch.isspace():
            src = nfd[mapping.to_source(i)]
            assert unicodedata.normalize("NFD", ch)[0] == src


def test_seed_001_lines_rejoined_without_gluing_headings(seed_paths):
    source = next(p for p in seed_paths if p.name.startswith("001")).read_text(encoding="utf-8")
    text = normalize(source)[0]
    lines = text.split("\n")
    # wrapped sentences are whole again, including a symbol split over two lines
    assert any(line.startswith("Thực hiện Quy định số 132-QĐ/TW") and line.endswith(
        "viên chức.") for line in lines)
    assert "Kết luận số 01-KL/TW ngày 18/5/2021" in text
    assert "đảng bộ cơ sở; chi bộ cơ sở;" in text
    # headings stay on their own line: not glued to the paragraph before or after
    for heading in ("I- MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "2. Yêu cầu", "II- NỘI DUNG",
                    "1.1.1. Tập thể", "- Cấp Tỉnh", "3.3. Cấp Tỉnh:", "III- TỔ CHỨC THỰC HIỆN",
                    "Nơi nhận:", "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ",
                    ("2.2. Tiêu chí đánh giá, xếp loại chất lượng, trách nhiệm, thẩm quyền "
                     "và cách thức thực hiện")):
        assert heading in lines, heading
    # the traps stay inside their sentences
    for trap in ("48/2023/NĐ-CP ngày", "18/10/2019 của", "6 tháng). Đối với", "2023 bảo đảm"):
        assert not any(line.startswith(trap) for line in lines), trap


def test_seed_000_markup_removed_and_broken_sentence_joined(seed_paths):
    source = next(p for p in seed_paths if p.name.startswith("000")).read_text(encoding="utf-8")
    out, mapping, steps = normalize(source)
    assert "#" not in out and "**" not in out
    assert "đơn vị thuộc quyền quản lý" in out
    assert set(steps) >= {"chars", "nfc", "markup", "lines"}
    start = out.index("Phạm Văn Nho")
    assert source[mapping.to_source(start):mapping.to_source(start) + 12] == "Phạm Văn Nho"


def test_seed_001_nfc_and_offsets(seed_paths):
    source = next(p for p in seed_paths if p.name.startswith("001")).read_text(encoding="utf-8")
    assert not unicodedata.is_normalized("NFC", source)
    out, mapping, _ = normalize(source)
    assert unicodedata.is_normalized("NFC", out)
    i = out.index("Mặt trận Tổ quốc")
    src = mapping.span_to_source((i, i + len("Mặt trận Tổ quốc")))
    assert unicodedata.normalize("NFC", source[src[0]:src[1]]) == "Mặt trận Tổ quốc"


def test_match_text_keeps_length_and_unifies_tone_marks():
    for text in ("Tỉnh Uỷ", "văn hoá", "khoẻ", "thuỷ lợi", "quý IV", "HOÀ BÌNH"):
        assert len(match_text(text)) == len(text)
    assert match_text("Tỉnh Uỷ") == match_text("tỉnh ủy")
    assert match_text("hoá") == "hóa" and match_text("quý") == "quý"
    assert key("Ban  Thường vụ\u00d0") == "ban thường vụđ"
    assert ascii_key("Đảng ủy xã Hoà Bình") == "dang uy xa hoa binh"


def test_unknown_step_names_the_known_ones():
    with pytest.raises(ConfigError, match="known steps: chars, nfc"):
        resolve_steps(["nfc", "spellcheck"])


def test_steps_with_nothing_to_do_return_the_identity_map():
    # The PDF loader's text is often already one paragraph per line: no step changes it.
    text = "KẾ HOẠCH\nI. MỤC ĐÍCH\n1. Kiểm điểm hằng năm.\n*\nSố 12-KH/ĐU"
    for step in (join_lines, strip_markup):
        out, mapping = step(text)
        assert out == text and mapping.is_identity


@given(plan_text())
@settings(max_examples=60, deadline=None)
def test_tidy_lines_join_as_the_general_path_does(text):
    # Text whose lines all have content and no space at their ends (the PDF loader's)
    # takes a shortcut in join_lines; the lines it joins must be the same.
    tidy = "\n".join(line.strip(" ") for line in text.split("\n") if line.strip(" "))
    if not tidy:
        return
    out, mapping = join_lines(tidy)
    general, _ = join_lines(tidy + "\n")  # a trailing break leaves the shortcut
    assert out == general
    assert all(tidy[mapping.to_source(i)] == ch for i, ch in enumerate(out) if ch != " ")


@pytest.mark.parametrize(("text", "expected"), [
    ("a __b__ c", "a b c"), ("snake_case __init__", "snake_case init"), ("x__ y", "x y"),
    ("**đậm** và *nghiêng*", "đậm và nghiêng"), ("a*b*c", "a*b*c"), ("2*3 = 6*1", "2*3 = 6*1"),
    ("*a*", "a"), ("**", ""),
])
def test_markup_marks_removed_only_at_word_edges(text, expected):
    out, mapping = strip_markup(text)
    assert out == expected
    assert all(text[mapping.to_source(i)] == ch for i, ch in enumerate(out))


@pytest.mark.parametrize("lines,joined", [
    # a PDF dump pasted into Word: each line a paragraph, no wrap width to go by
    (["Căn cứ Kế hoạch số 04-KH/ĐU ngày", "16/11/2025 của",
      "Ban Thường vụ Đảng ủy xã Kỳ Tuyền về kiểm điểm năm 2025,"],
     [("Căn cứ Kế hoạch số 04-KH/ĐU ngày 16/11/2025 của Ban Thường vụ Đảng ủy xã Kỳ Tuyền "
       "về kiểm điểm năm 2025,")]),
    (["Thực hiện Quy định số", "124-QĐ/TW về kiểm điểm và", "Hướng dẫn số 25-HD/BTCTW."],
     ["Thực hiện Quy định số 124-QĐ/TW về kiểm điểm và Hướng dẫn số 25-HD/BTCTW."]),
    # what the word before cannot join: a label, a heading in capitals
    (["1. Tổng kết công tác năm", "2. Kiểm điểm tập thể"],
     ["1. Tổng kết công tác năm", "2. Kiểm điểm tập thể"]),
    (["Nơi gửi báo cáo của", "ĐẢNG ỦY XÃ KỲ TUYỀN"], ["Nơi gửi báo cáo của", "ĐẢNG ỦY XÃ KỲ TUYỀN"]),
    # a remark in brackets wrapped onto the next line, which closes it or opens in lower case
    (["- Tập thể lãnh đạo các ban của Đảng ủy phường Nam Kha (Ban Tổ chức",
      "Ủy ban Kiểm tra và Văn phòng).", "- Thường trực Hội đồng nhân dân phường",
      "(chủ tịch, phó chủ tịch).", "(1) Chi ủy các chi bộ trực thuộc."],
     [("- Tập thể lãnh đạo các ban của Đảng ủy phường Nam Kha (Ban Tổ chức Ủy ban Kiểm "
       "tra và Văn phòng)."), "- Thường trực Hội đồng nhân dân phường (chủ tịch, phó chủ tịch).",
      "(1) Chi ủy các chi bộ trực thuộc."]),
    (["a) Ban Thường vụ (xem mục 2)", "Ban Chấp hành Đảng bộ (chủ trì)."],
     ["a) Ban Thường vụ (xem mục 2)", "Ban Chấp hành Đảng bộ (chủ trì)."]),
    # a table's rows, one a line, whatever they end or open with
    (["1 | Kiểm điểm | Trước ngày 15/12 | Các chi bộ trực thuộc",
      "2 | báo cáo kết quả | Trước ngày 31/12 | Văn phòng Đảng ủy"],
     ["1 | Kiểm điểm | Trước ngày 15/12 | Các chi bộ trực thuộc",
      "2 | báo cáo kết quả | Trước ngày 31/12 | Văn phòng Đảng ủy"]),
])
def test_a_line_ending_in_a_governing_word_is_wrapped(lines: list[str],
                                                      joined: list[str]) -> None:
    text, _ = join_lines("\n".join(lines))
    assert text.splitlines() == joined


_PARAGRAPHS = [
    "III. TỔ CHỨC THỰC HIỆN",
    ("1. Ban Thường vụ Đảng ủy phường Lam Sơn xem xét, quyết định xếp loại chất lượng "
     "các chi bộ trực thuộc và báo cáo kết quả về Ban Thường vụ Tỉnh ủy (qua Ban Tổ chức "
     "Tỉnh ủy) chậm nhất ngày 31/12/2025."),
    ("2. Tập thể lãnh đạo các sở, ban, ngành tỉnh, Ban Thường trực Ủy ban Mặt trận Tổ quốc "
     "Việt Nam tỉnh và các cơ quan tham mưu, giúp việc Tỉnh ủy hoàn thành kiểm điểm trong "
     "tháng 12/2025; gửi biên bản hội nghị và bản tổng hợp ý kiến góp ý về Văn phòng Tỉnh "
     "ủy để theo dõi."),
    ("3. Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh đánh giá kết quả hoạt động năm 2025 của Ủy "
     "ban Mặt trận Tổ quốc Việt Nam các xã, phường; gửi về Ban Thường vụ Tỉnh ủy (qua Ban "
     "Tổ chức Tỉnh ủy) trong thời gian từ ngày 01/12 đến ngày 12/12/2025."),
]


def test_text_wrapped_without_the_marks_of_a_dump_is_joined_by_its_widths() -> None:
    # A copy from a PDF viewer: lines broken at about 80 characters, with no space left
    # at their ends and no blank lines; breaks before capitals ("Tỉnh ủy)", "Việt Nam")
    # are wrapping, shown by the lengths alone.
    wrapped = "\n".join(textwrap.fill(p, width=80) for p in _PARAGRAPHS)
    assert wrapped.count("\n") > 2 * len(_PARAGRAPHS)
    out, mapping = join_lines(wrapped)
    assert out.splitlines() == _PARAGRAPHS
    assert all(wrapped[mapping.to_source(i)] == ch for i, ch in enumerate(out) if ch != " ")
    # typed paragraphs, one a line, stay as they are
    typed = "\n".join(_PARAGRAPHS)
    assert join_lines(typed)[0] == typed


def test_header_columns_side_by_side_stay_apart_in_wrapped_text() -> None:
    # The two columns of a header copied side by side from a wrapped letter: the rule
    # line and the number line are as wide as the wrap, yet neither joins its neighbour.
    header = [
        "ỦY BAN NHÂN DÂN                       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "HUYỆN LŨNG ĐÔNG                             Độc lập - Tự do - Hạnh phúc",
        "    -------                                   ---------------------------",
        "Số: 2317/UBND-NV                      Lũng Đông, ngày 09 tháng 12 năm 2024",
        "V/v điều chỉnh thời gian đánh giá,",
        "xếp loại chất lượng công chức năm 2024",
    ]
    wrapped = "\n".join(header + [textwrap.fill(p, width=80) for p in _PARAGRAPHS])
    out, mapping = join_lines(wrapped)
    assert out.splitlines()[:6] == [
        "ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "HUYỆN LŨNG ĐÔNG Độc lập - Tự do - Hạnh phúc",
        "------- ---------------------------",
        "Số: 2317/UBND-NV Lũng Đông, ngày 09 tháng 12 năm 2024",
        "V/v điều chỉnh thời gian đánh giá, xếp loại chất lượng công chức năm 2024",
        _PARAGRAPHS[0],
    ]
    assert out.splitlines()[5:] == _PARAGRAPHS
    assert all(wrapped[mapping.to_source(i)] == ch for i, ch in enumerate(out) if ch != " ")


_GRID = """Lịch thực hiện:
+----+--------------------------+--------------------+
| TT | Nội dung                 | Thời gian          |
+====+==========================+====================+
| 1  | Nộp bản tự kiểm điểm,    | Trước thứ Sáu,     |
|    | phiếu tự chấm điểm       | ngày 05/12/2025    |
+----+--------------------------+--------------------+
| 2  | Họp chi bộ               | Ngày 08/12/2025    |
+----+--------------------------+--------------------+
Các chi bộ thực hiện.
"""


def test_grid_table_rows_read_one_to_a_line_with_their_characters_mapped():
    out, mapping, _ = normalize(_GRID)
    assert out.split("\n")[1:4] == [
        "| TT | Nội dung | Thời gian |",
        "| 1 | Nộp bản tự kiểm điểm, phiếu tự chấm điểm | Trước thứ Sáu, ngày 05/12/2025 |",
        "| 2 | Họp chi bộ | Ngày 08/12/2025 |"]
    assert out.endswith("Các chi bộ thực hiện.")
    for i, ch in enumerate(out):
        if not ch.isspace():
            assert _GRID[mapping.to_source(i)] == ch, (i, ch)
    cell = out.index("Trước thứ Sáu, ngày 05/12/2025")
    start, end = mapping.span_to_source((cell, cell + len("Trước thứ Sáu, ngày 05/12/2025")))
    assert _GRID[start:end].startswith("Trước thứ Sáu,") and _GRID[start:end].endswith("2025")
    row = out.index("| 1 |")
    start, end = mapping.span_to_source((row, out.index("\n", row)))
    assert start < end and "phiếu tự chấm điểm" in _GRID[start:end]
    assert normalize(out)[0] == out


def test_a_grid_ends_at_a_row_whose_bars_do_not_line_up():
    broken = _GRID.replace("| 2  | Họp chi bộ   ", "| 2 | Họp chi bộ    ")
    lines = normalize(broken)[0].split("\n")
    assert lines[2].startswith("| 1 | Nộp bản tự kiểm điểm, phiếu tự chấm điểm |")
    assert lines[3:5] == ["| 2 | Họp chi bộ | Ngày 08/12/2025 |", "+" + "-" * 4 + "+" + "-" * 26
                          + "+" + "-" * 20 + "+"]  # the row as typed, its rule left


_BARRED = """Lịch trình:
|----|------------------------|---------------|
| TT | Công việc              | Thời hạn      |
|----|------------------------|---------------|
| 1  | Đánh giá, xếp loại công| Xong trước    |
|    | chức, viên chức của Sở | ngày          |
|    |                        | 08/12/2026    |
|----|------------------------|---------------|
| 2  | Họp chi bộ             | Ngày 17/12/2026 |
"""
_MARKDOWN = """| TT | Công việc | Thời hạn |
|----|-----------|----------|
| 1 | Nộp bản tự kiểm điểm | Trước ngày 10/12/2026 |
| 2 | Họp chi bộ | Ngày 17/12/2026 |
"""


def test_a_grid_drawn_with_bars_at_its_corners_reads_one_row_to_a_line():
    out, mapping, _ = normalize(_BARRED)
    assert out.split("\n")[1:] == [
        "| TT | Công việc | Thời hạn |",
        "| 1 | Đánh giá, xếp loại công chức, viên chức của Sở | Xong trước ngày 08/12/2026 |",
        "| 2 | Họp chi bộ | Ngày 17/12/2026 |"]  # after the last rule: a row of its own
    for i, ch in enumerate(out):
        if not ch.isspace():
            assert _BARRED[mapping.to_source(i)] == ch, (i, ch)
    # a Markdown table has one rule, under its header: no grid, each row stays a line
    assert normalize(_MARKDOWN)[0].split("\n")[2:4] == _MARKDOWN.split("\n")[2:4]


_BOXED = """Lịch thực hiện:
┌────┬──────────────────────────┬────────────────────┐
│ TT │ Nội dung                 │ Thời gian          │
╞════╪══════════════════════════╪════════════════════╡
│ 1  │ Nộp bản tự kiểm điểm,    │ Trước thứ Sáu,     │
│    │ phiếu tự chấm điểm       │ ngày 05/12/2025    │
├────┼──────────────────────────┼────────────────────┤
│ 2  │ Họp chi bộ               │ Ngày 08/12/2025    │
└────┴──────────────────────────┴────────────────────┘
Các chi bộ thực hiện.
"""


def test_a_table_drawn_with_box_characters_reads_as_the_grid_it_draws():
    out, mapping, _ = normalize(_BOXED)
    assert out.split("\n")[1:4] == [
        "| TT | Nội dung | Thời gian |",
        "| 1 | Nộp bản tự kiểm điểm, phiếu tự chấm điểm | Trước thứ Sáu, ngày 05/12/2025 |",
        "| 2 | Họp chi bộ | Ngày 08/12/2025 |"]
    for i, ch in enumerate(out):
        if ch.isalnum():
            assert _BOXED[mapping.to_source(i)] == ch, (i, ch)
    assert normalize("Kế hoạch\n──────\nI. MỤC ĐÍCH")[0] == "Kế hoạch\n------\nI. MỤC ĐÍCH"


_SIMPLE = """ĐẢNG ỦY XÃ HƯNG LĨNH                    ĐẢNG CỘNG SẢN VIỆT NAM
       ----------                       ----------------------
Số 21-KH/ĐU                      Hưng Lĩnh, ngày 05 tháng 11 năm 2026

Các chi bộ họp kiểm điểm theo lịch dưới đây.

 TT  Chi bộ                         Ngày họp            Người dự
 --  -----------------------------  ------------------  -------------
 1   Chi bộ thôn Đông Sơn           Thứ Hai, 07/12/2026 đ/c Hà Văn Lộc
 2   Chi bộ thôn Tây Sơn và         Thứ Ba, 08/12/2026  đ/c Mai Thị Hoa
     Chi bộ thôn Nam Sơn (họp ghép)
 3   Chi bộ Trường Tiểu học         Thứ Tư, 09/12/2026  đ/c Hà Văn Lộc

Văn phòng Đảng ủy tổng hợp kết quả trước ngày 15/12/2026.
"""


def test_a_table_aligned_by_spaces_under_dash_runs_reads_one_row_to_a_line():
    out, mapping, _ = normalize(_SIMPLE)
    lines = out.split("\n")
    start = lines.index("| TT | Chi bộ | Ngày họp | Người dự |")
    assert lines[start + 1:start + 4] == [
        "| 1 | Chi bộ thôn Đông Sơn | Thứ Hai, 07/12/2026 | đ/c Hà Văn Lộc |",
        ("| 2 | Chi bộ thôn Tây Sơn và Chi bộ thôn Nam Sơn (họp ghép) | Thứ Ba, 08/12/2026 "
         "| đ/c Mai Thị Hoa |"),
        "| 3 | Chi bộ Trường Tiểu học | Thứ Tư, 09/12/2026 | đ/c Hà Văn Lộc |"]
    assert lines[start + 4] == "Văn phòng Đảng ủy tổng hợp kết quả trước ngày 15/12/2026."
    # the two underlines of the document's header are no table
    assert lines[1].split() == ["----------", "----------------------"]
    for i, ch in enumerate(out):
        if not ch.isspace() and ch != "|":  # a simple table's bars have no source
            assert _SIMPLE[mapping.to_source(i)] == ch, (i, ch)
    cell = out.index("Chi bộ thôn Tây Sơn và Chi bộ thôn Nam Sơn (họp ghép)")
    a, b = mapping.span_to_source((cell, cell + len("Chi bộ thôn Tây Sơn và Chi bộ thôn "
                                                    "Nam Sơn (họp ghép)")))
    assert _SIMPLE[a:b].startswith("Chi bộ thôn Tây Sơn và") and _SIMPLE[a:b].endswith("ghép)")
    assert normalize(out)[0] == out


def test_a_simple_table_ends_at_a_line_whose_words_cross_its_columns():
    crossing = _SIMPLE.replace(" 3   Chi bộ Trường Tiểu học         Thứ Tư,",
                               " 3   Chi bộ Trường Tiểu học Hưng Lĩnh họp Thứ Tư,")
    lines = normalize(crossing)[0].split("\n")
    assert "| 2 | Chi bộ thôn Tây Sơn và Chi bộ thôn Nam Sơn (họp ghép) | Thứ Ba, 08/12/2026 " \
        "| đ/c Mai Thị Hoa |" in lines
    assert any(line.startswith("3 Chi bộ Trường Tiểu học Hưng Lĩnh họp") for line in lines)
    # a header whose words do not stand over the dash runs makes no table
    shifted = _SIMPLE.replace(" TT  Chi bộ    ", "TT Chi bộ")
    assert "| 1 | Chi bộ thôn Đông Sơn |" not in normalize(shifted)[0]


def test_footnote_marks_go_and_the_notes_keep_their_labels():
    text = ("trong hệ thống chính trị[^1]; Hướng dẫn[^note].\n\n"
            "[^1]: Quy định số 366-QĐ/TW thay thế Quy định số 124-QĐ/TW.")
    out, mapping = strip_markup(text)
    assert out.startswith("trong hệ thống chính trị; Hướng dẫn.")
    assert "[^1]: Quy định số 366-QĐ/TW" in out
    assert all(text[mapping.to_source(i)] == ch for i, ch in enumerate(out))


_RUNNING_HEAD = "Đảng ủy xã Yên Khê - KH kiểm điểm, đánh giá, xếp loại chất lượng năm 2023"


def test_a_dump_loses_the_running_head_beside_each_page_number():
    text = textwrap.dedent(f"""\
        1.2. Cá nhân
                                              2
        {_RUNNING_HEAD}

        - Toàn thể đảng viên trong Đảng bộ xã, trừ đảng viên được miễn công tác và sinh
        hoạt đảng.
        II. TIẾN ĐỘ
        5. Các chi bộ trực thuộc tổ chức hội nghị kiểm điểm, đề xuất xếp loại;
                                              3
        {_RUNNING_HEAD}

        gửi hồ sơ về Đảng ủy chậm nhất ngày 08/12/2023.
        """)
    out, mapping, _ = normalize(text)
    assert _RUNNING_HEAD not in out
    assert "gửi hồ sơ về Đảng ủy chậm nhất ngày 08/12/2023" in out
    assert all(text[mapping.to_source(i)] == ch for i, ch in enumerate(out) if ch.isalnum())


def test_a_running_head_atop_the_first_page_goes_with_the_others():
    text = textwrap.dedent(f"""\
                  {_RUNNING_HEAD}

              ĐẢNG BỘ HUYỆN YÊN KHÊ             ĐẢNG CỘNG SẢN VIỆT NAM
        1. Các chi bộ tổ chức hội nghị; Ủy ban nhân dân, Mặt
                                            Trang 1/2

                  {_RUNNING_HEAD}

        trận Tổ quốc và các đoàn thể xã hoàn thành trước ngày 08/12/2023.
                                            Trang 2/2
        """)
    out, mapping, _ = normalize(text)
    assert _RUNNING_HEAD not in out
    assert out.startswith("ĐẢNG BỘ HUYỆN YÊN KHÊ")
    assert "Ủy ban nhân dân, Mặt trận Tổ quốc" in " ".join(out.split())
    assert all(text[mapping.to_source(i)] == ch for i, ch in enumerate(out) if ch.isalnum())


def test_a_table_header_repeated_after_a_page_break_stays():
    # the row numbers of a raw table dump outnumber the repeated header: no running head
    header = "TT Nội dung Thời gian Đơn vị thực hiện"
    rows = "\n".join(f"{n}\nKiểm điểm tập thể lần {n}\n0{n}/12/2025\nChi bộ" for n in range(1, 6))
    more = "\n".join(f"{n}\nBáo cáo kết quả lần {n}\n1{n}/12/2025\nĐảng ủy" for n in range(6, 9))
    text = f"IV. THỜI GIAN\n{header}\n{rows}\n{header}\n{more}\n"
    out, _, _ = normalize(text)
    assert out.count(header) == 2


def test_a_centred_page_number_between_a_cue_and_its_date_goes():
    text = ("3. Ủy ban Kiểm tra Huyện ủy cung cấp thông tin, gửi Ban Tổ chức Huyện ủy trước\n\n"
            + " " * 36 + "4\n\nngày 27/12/2024.\n4. Ban Dân vận Huyện ủy tổng hợp.\n"
            + "TT Nội dung\n1\nKiểm điểm\n2\nBáo cáo\n")
    out, mapping, _ = normalize(text)
    assert "Huyện ủy trước ngày 27/12/2024." in out
    assert "\n1\n" in out and "\n2\n" in out  # a raw table's row numbers at the margin stay
    assert all(text[mapping.to_source(i)] == ch for i, ch in enumerate(out) if ch.isalnum())



def test_a_page_number_at_the_margin_goes_with_the_running_head_beside_it():
    # a dump copied out of a PDF: "1" at the left margin ends the page, the running head
    # opens the next one; the sentence the break cut reads whole, the number gone
    head = "KH kiểm điểm, đánh giá, xếp loại chất lượng năm 2026 - Đảng ủy Trường"
    text = (f"- Ban Chấp hành Công đoàn Trường và chi ủy các chi\n\n1\n\n{head}\n\n"
            "bộ trực thuộc các đảng ủy bộ phận.\n- Tập thể lãnh đạo các khoa, phòng,\n\n"
            f"2\n\n{head}\n\nviện và trung tâm.\nIII. TỔ CHỨC THỰC HIỆN\n")
    out, mapping, _ = normalize(text)
    assert head not in out
    assert "chi ủy các chi bộ trực thuộc các đảng ủy bộ phận." in out
    assert "các khoa, phòng, viện và trung tâm." in out
    assert all(text[mapping.to_source(i)] == ch for i, ch in enumerate(out) if ch.isalnum())


def test_a_syllable_hyphenated_at_the_line_end_is_joined_without_its_hyphen():
    text = ("- Hội đồng trường; tập thể Ban Giám hi-\nệu (Hiệu trưởng và các Phó Hiệu "
            "trưởng).\n- Xe ô-\ntô của Trường, Khoa học Xã hội -\nNhân văn.\n")
    out, mapping, _ = normalize(text)
    assert "tập thể Ban Giám hiệu (Hiệu trưởng" in out
    assert "Xe ô-" in out and "Xã hội - Nhân văn" in " ".join(out.split())
    assert all(text[mapping.to_source(i)] == ch for i, ch in enumerate(out) if ch.isalnum())


def test_a_dash_inside_a_bracket_left_open_is_wrapped_text_not_a_bullet():
    text = ("- Chi ủy các chi bộ trực thuộc Đảng ủy Trường (chi bộ Khoa Giáo dục Tiểu học\n"
            "- Mầm non, chi bộ Khoa Ngoại ngữ) và chi ủy các chi bộ khác.\n"
            "Nơi nhận:\n- Ban Thường vụ Tỉnh ủy, (để\n- Ban Tổ chức Tỉnh ủy, báo cáo)\n")
    out, _, _ = normalize(text)
    assert "(chi bộ Khoa Giáo dục Tiểu học - Mầm non, chi bộ Khoa Ngoại ngữ)" in out
    assert "\n- Ban Tổ chức Tỉnh ủy, báo cáo)" in out  # a brace's purpose after a comma


_OCR_MARGIN = """II- ĐỐI TƯỢNG KIỂM ĐIỂM, ĐÁNH GIÁ, XẾP LOẠI
1. Đối tượng kiểm điểm
- Ban Thường vụ Đảng ủy đặc khu.
| 2. Đối tượng đánh giá, xếp loại chất lượng
2.1. Tổ chức đảng: Đảng bộ đặc khu; các chi bộ trực thuộc.
| TT | Nội dung | Thời gian |
| 1 | Họp chi bộ | Ngày 05/12/2025 |
"""


def test_a_bar_ocr_read_at_the_margin_leaves_the_label_and_a_table_keeps_its_bars():
    out, mapping, _ = normalize(_OCR_MARGIN)
    lines = out.split("\n")
    assert lines[3] == "2. Đối tượng đánh giá, xếp loại chất lượng"
    assert lines[5:7] == ["| TT | Nội dung | Thời gian |", "| 1 | Họp chi bộ | Ngày 05/12/2025 |"]
    start = out.index("2. Đối tượng đánh giá")
    assert _OCR_MARGIN[mapping.to_source(start):].startswith("2. Đối tượng đánh giá")
