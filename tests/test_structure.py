"""Section tree (issue 3): numbering schemes, titles, traps, roles, references, flat text.

Cases live in tests/cases/structure/*.yaml; the seeds are scored with vbparser's own
evaluator (normal and flattened text).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

import vbparser
from tests.conftest import seed_documents
from vbparser.config import Config
from vbparser.data import load as load_data
from vbparser.evaluate import BULLETS, score_sections
from vbparser.model import Document, SectionRole
from vbparser.normalize import normalize
from vbparser.normalize.unflatten import is_flat, unflatten
from vbparser.numbering import Outline, follows, label_from_match, roman_value
from vbparser.patterns import LINE_LABEL, markers, role_pattern, title_role_pattern
from vbparser.structure import (
    _label_lines,
    build_sections,
    find_references,
    resolve_reference,
    role_of,
    section_at,
)

CASES = Path(__file__).parent / "cases" / "structure"


def _cases(name: str) -> list[dict]:
    cases = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    return [pytest.param(c, id=c["name"]) for c in cases]


def assert_well_formed(doc: Document) -> None:
    """Every section starts at its label, lies in the text and inside its parent."""
    by_id = {s.id: s for s in doc.sections}
    assert len(by_id) == len(doc.sections), "section ids are unique"
    for s in doc.sections:
        start, end = s.span
        assert 0 <= start < end <= len(doc.text), s
        assert doc.text.startswith(s.label, start), (s, doc.text[start:start + 10])
        assert s.label not in BULLETS
        assert s.depth == len(s.path) and s.path[-1] == s.label
        assert isinstance(s.role, SectionRole)
        if s.parent is None:
            assert s.depth == 1
        else:
            parent = by_id[s.parent]
            assert parent.span[0] < start and end <= parent.span[1]
            assert s.path[:-1] == parent.path
    starts = [s.span[0] for s in doc.sections]
    assert starts == sorted(starts), "sections are in document order"


@pytest.mark.parametrize("case", _cases("numbering.yaml"))
def test_numbering(case):
    doc = vbparser.parse(case["text"])
    assert_well_formed(doc)
    assert [[s.id, s.title] for s in doc.sections] == [[str(i), t] for i, t in case["sections"]]
    roles = {s.id: s.role.value for s in doc.sections}
    for section_id, role in case.get("roles", {}).items():
        assert roles[str(section_id)] == role, section_id
    by_id = {s.id: s for s in doc.sections}
    for section_id, tail in case.get("ends_with", {}).items():
        s = by_id[section_id]
        assert doc.text[s.span[0]:s.span[1]].endswith(tail)


@pytest.mark.parametrize("case", _cases("titles.yaml"))
def test_titles(case):
    doc = vbparser.parse(case["text"])
    assert_well_formed(doc)
    assert doc.sections[0].title == case["title"]


@pytest.mark.parametrize("case", _cases("traps.yaml"))
def test_lines_starting_with_numbers_stay_body_text(case):
    doc = vbparser.parse(case["text"])
    assert_well_formed(doc)
    assert [s.id for s in doc.sections] == case["sections"]


@pytest.mark.parametrize("case", _cases("references.yaml"))
def test_cross_references(case):
    doc = vbparser.parse(case["text"])
    found = [(doc.text[r.span[0]:r.span[1]], r.target) for r in find_references(doc)]
    expected = [(", ".join(ref[:-1]), ref[-1]) for ref in case["references"]]
    assert [(text.replace("\n", " "), target) for text, target in found] == expected
    for ref in find_references(doc):
        # the same answer from the text around the reference, from its span, from a match
        sentence_start = doc.text.rfind("\n", 0, ref.span[0]) + 1
        sentence = doc.text[sentence_start:doc.text.find("\n", ref.span[1]) % (len(doc.text) + 1)]
        assert resolve_reference(doc, sentence, at=sentence_start) == ref.target
        assert resolve_reference(doc, (sentence_start, sentence_start + len(sentence))) == \
            ref.target


def test_resolve_reference_without_a_reference():
    doc = vbparser.parse("I. NỘI DUNG\n1. Đối tượng")
    assert resolve_reference(doc, "Các tập thể lãnh đạo, quản lý.") is None


def test_section_at_finds_the_innermost_section():
    doc = vbparser.parse("I. NỘI DUNG\n1. Đối tượng\na) Tập thể\nĐảng bộ xã.\n2. Thời gian")
    assert section_at(doc, doc.text.index("Đảng bộ xã")).id == "I/1/a"
    assert section_at(doc, doc.text.index("Thời gian")).id == "I/2"
    assert section_at(doc, 0).id == "I"


@pytest.mark.parametrize("title, role", [
    ("MỤC ĐÍCH, YÊU CẦU", "purpose"), ("Mục đích", "purpose"), ("Yêu cầu", "purpose"),
    ("NỘI DUNG", "content"), ("Một số nội dung về kiểm điểm", "content"),
    ("Đối tượng kiểm điểm", "subjects"), ("ĐỐI TƯỢNG ĐÁNH GIÁ, XẾP LOẠI", "subjects"),
    ("Khung tiêu chí đánh giá; phương pháp đánh giá", "criteria"),
    ("TIẾN ĐỘ, THỜI GIAN THỰC HIỆN", "schedule"), ("Tiến độ kiểm điểm", "schedule"),
    ("Thời gian", "schedule"), ("TỔ CHỨC THỰC HIỆN", "organisation"),
    ("Tổ chức thực hiện", "organisation"), ("Nơi nhận", "recipients"),
    ("Nội dung, thời gian tổ chức", "content"),  # the earliest role word wins
    ("Tổ chức đảng", None), ("Tập thể", None), (None, None),
])
def test_role_wording_is_tone_and_case_insensitive(title, role):
    assert (role_of(title).value if role_of(title) else None) == role
    if title:
        old_style = title.replace("ủy", "uỷ").replace("hòa", "hoà")
        assert role_of(old_style) == role_of(title.upper()) == role_of(title)


@pytest.mark.parametrize("title, role", [
    ("ĐÔI TƯỢNG", "subjects"), ("MỤC ĐÍCH, YÊU CẤU", "purpose"),  # a scan's misread mark
    ("TIỀN ĐỘ THỰC HIỆN", "schedule"), ("Doi tuong kiem diem", "subjects"),  # no accents
    ("NỘI DUNG", "content"),  # as written: the role words with their marks match first
    ("Tổ chức đảng", None), ("Đôi bạn cùng tiến", None),
])
def test_role_wording_is_found_without_its_marks(title, role):
    """A title whose role words OCR misread a mark in, or typed without accents, still
    names its part: a plan's subjects part read as "ĐÔI TƯỢNG" lost every subject."""
    assert (role_of(title).value if role_of(title) else None) == role


def test_subjects_are_read_under_a_heading_misread_by_ocr():
    text = ("KẾ HOẠCH\nkiểm điểm năm 2025\nI. ĐÔI TƯỢNG\n1. Tổ chức đảng: các chi bộ trực "
            "thuộc Đảng ủy xã.\n2. Cá nhân: đảng viên trong các chi bộ.\nII. TỔ CHỨC THỰC HIỆN\n"
            "Các chi bộ thực hiện.")
    doc = vbparser.parse(text)
    assert doc.sections[0].role == SectionRole.SUBJECTS
    assert [s.text for s in doc.subjects] == [s.text for s in vbparser.parse(
        text.replace("ĐÔI TƯỢNG", "ĐỐI TƯỢNG")).subjects]
    assert len(doc.subjects) == 2


def test_top_level_without_role_wording_is_other_and_children_inherit():
    doc = vbparser.parse("I. KINH PHÍ\n1. Các đơn vị bố trí.\nII. TỔ CHỨC THỰC HIỆN\n"
                         "1. Các chi bộ\na) Thời gian")
    roles = {s.id: s.role.value for s in doc.sections}
    assert roles == {"I": "other", "I/1": "other", "II": "organisation",
                     "II/1": "organisation", "II/1/a": "schedule"}


# ----------------------------------------------------------------- numbering module


@pytest.mark.parametrize("numeral, value", [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14)])
def test_roman_values(numeral, value):
    assert roman_value(numeral) == value


def _label(text):
    return label_from_match(LINE_LABEL.match(text))


@pytest.mark.parametrize("before, after, expected", [
    ("I. A", "II. B", True), ("III- A", "IV- B", True), ("1. A", "2. B", True),
    ("1.1. A", "1.2. B", True), ("1.1. A", "2.2. B", False), ("a) A", "b) B", True),
    ("d) A", "đ) B", True), ("d) A", "e) B", True), ("e) A", "g) B", True),
    ("(1) A", "(2) B", True), ("1. A", "(2) B", False), ("I. A", "III. B", False),
])
def test_follows(before, after, expected):
    assert follows(_label(before), _label(after)) is expected


def test_strict_outline_rejects_labels_out_of_sequence():
    outline = Outline(strict=True)
    placed = [outline.place(_label(t)) for t in
              ("I. A", "1. B", "3. C", "2. D", "1.1. E", "2.1. F", "a) G", "II. H")]
    assert placed == [1, 2, None, 2, None, 3, 4, 1]


def test_labels_carry_positions():
    label = label_from_match(LINE_LABEL.match("(12) Nội dung"), 40)
    assert (label.kind, label.text, label.start, label.end) == ("paren", "(12)", 40, 44)
    assert label_from_match(LINE_LABEL.match("- Ban Tổ chức")) is None


@pytest.mark.parametrize("text", [
    "1.\nTập thể", "1.1\nTập thể\n1.1 Tập thể", "a)\nb) Có", "I.\nII- NỘI DUNG",
    "\n\n(1) Việc\n- Đảng viên\n  2. Hai", "2.5\tđồng\n2.5 Đồng", "1 -\n1 - A\r\n3) x",
])
def test_one_scan_finds_the_labels_of_each_line(text):
    """Scanning the whole text finds what ``LINE_LABEL`` finds line by line: no match
    reaches over a line break ("1." alone on its line is no label)."""
    by_line, pos = [], 0
    for line in text.split("\n"):
        match = LINE_LABEL.match(line)
        if match:
            by_line.append((pos + match.start(match.lastgroup), match.group(match.lastgroup)))
        pos += len(line) + 1
    scanned = [(m.start(m.lastgroup), m.group(m.lastgroup))
               for m in _label_lines(text, len(text))]
    assert scanned == by_line


def test_title_role_pattern_matches_as_role_pattern():
    """The faster role pattern finds the same role at the same place, on every role
    phrase alone, inside a word, after a word and after another role's phrase."""
    from vbparser.normalize.fold import match_text

    phrases = [p for words in markers()["roles"].values() for p in words]
    titles = [t for p in phrases for t in (p, f"x{p}", f"các {p} và", f"{phrases[0]}, {p}")]
    for title in map(match_text, titles + ["các tập thể lãnh đạo", ""]):
        old, new = role_pattern().search(title), title_role_pattern().search(title)
        assert (old and (old.span(), old.lastgroup)) == (new and (new.span(), new.lastgroup))


def test_sections_are_built_in_one_pass():
    """Ends, parents, ids and inherited roles, built while the labels are placed: a
    section ends where the next one at its depth or above starts (trailing blanks left
    out), an id repeated in the outline gets a suffix."""
    text = ("I. MỤC ĐÍCH\n1. Một\n1.1. Con\n  \n2. Hai\nII. TỔ CHỨC THỰC HIỆN\n"
            "a) Việc\nI. MỤC ĐÍCH\nNơi nhận:\n- Lưu VP.")
    doc = build_sections(replace(vbparser.parse("x"), text=text, offsets=None), Config())
    rows = [(s.id, s.parent, s.depth, s.role.value, text[s.span[0]:s.span[1]])
            for s in doc.sections]
    assert rows == [
        ("I", None, 1, "purpose", "I. MỤC ĐÍCH\n1. Một\n1.1. Con\n  \n2. Hai"),
        ("I/1", "I", 2, "purpose", "1. Một\n1.1. Con"),
        ("I/1/1.1", "I/1", 3, "purpose", "1.1. Con"),
        ("I/2", "I", 2, "purpose", "2. Hai"),
        ("II", None, 1, "organisation", "II. TỔ CHỨC THỰC HIỆN\na) Việc"),
        ("II/a", "II", 2, "organisation", "a) Việc"),
        ("I~2", None, 1, "purpose", "I. MỤC ĐÍCH"),
    ]


def test_labels_repeat_their_cached_values():
    """A label value read twice gives equal labels at their own positions."""
    first, again = (label_from_match(LINE_LABEL.match(t)) for t in ("(2) x", "  (2) y"))
    assert first == ("paren", "(2)", (2,), 0, 3)
    assert again == ("paren", "(2)", (2,), 2, 5)


def test_references_resolve_among_many_sections():
    doc = vbparser.parse("I. A\n1. B\n1.1. C\nII. D\n1. E\n1.1. F\n"
                         "a) Xem điểm 1.1, mục 1, phần II của Kế hoạch này.")
    assert resolve_reference(doc, "tại điểm 1.1, mục 1, phần II") == "II/1/1.1"
    assert resolve_reference(doc, "tại mục i") == "I"  # a roman-looking letter: either case
    assert resolve_reference(doc, "tại điểm 1.2, mục 1, phần II") is None


def test_empty_roman_is_not_a_label():
    """LINE_LABEL's roman group once matched an empty numeral before "-" or "."."""
    match = LINE_LABEL.match("- Ban Tổ chức")
    assert match.group("roman") is None and match.group("bullet") == "-"
    assert LINE_LABEL.match(". x") is None


# ------------------------------------------------------------------ flattened text

FLAT_SOURCE = """ĐẢNG ỦY XÃ TÂN LẬP
Số 08-KH/ĐU
Tân Lập, ngày 12 tháng 11 năm 2024
KẾ HOẠCH
kiểm điểm, đánh giá, xếp loại chất lượng năm 2024
-----
Thực hiện Hướng dẫn của Ban Tổ chức Huyện ủy, Đảng ủy xã ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Đánh giá đúng thực chất kết quả thực hiện nhiệm vụ năm 2024 của tập thể, cá nhân.
2. Yêu cầu
- Kiểm điểm nghiêm túc, khách quan, theo điểm 1.1, mục 1 của Quy định.
II. NỘI DUNG
1. Đối tượng kiểm điểm
1.1. Tập thể
- Ban Thường vụ Đảng ủy xã; chi ủy các chi bộ trực thuộc.
1.2. Cá nhân
- Đảng viên trong Đảng bộ (trừ đảng viên mới kết nạp chưa đủ 6 tháng).
2. Thời gian kiểm điểm
Hoàn thành trước ngày 15/12/2024; báo cáo kết quả về Đảng ủy xã trong năm 2024.
III. TỔ CHỨC THỰC HIỆN
1. Các chi bộ xây dựng kế hoạch, tổ chức thực hiện bảo đảm tiến độ.
2. Văn phòng Đảng ủy tổng hợp kết quả, báo cáo Ban Thường vụ.
Nơi nhận:
- Ban Tổ chức Huyện ủy,
- Lưu VP.
T/M ĐẢNG ỦY
BÍ THƯ
Nguyễn Văn Bình
"""


def test_flattened_text_keeps_the_top_two_levels():
    normal = vbparser.parse(FLAT_SOURCE)
    flat = vbparser.parse(" ".join(FLAT_SOURCE.split("\n")))
    assert_well_formed(flat)
    top = [s.id for s in normal.sections if s.depth <= 2]
    assert [s.id for s in flat.sections if s.depth <= 2] == top
    assert [s.id for s in flat.sections] == [s.id for s in normal.sections]
    assert any(w.code == "VB203" for w in flat.warnings)
    assert not any(w.code == "VB203" for w in normal.warnings)
    assert flat.meta.number_symbol == "08-KH/ĐU" and flat.meta.date == "2024-11-12"


def test_flattened_text_collapsed_to_single_spaces():
    flat = " ".join(FLAT_SOURCE.split())
    doc = vbparser.parse(flat)
    assert [s.id for s in doc.sections] == ["I", "I/1", "I/2", "II", "II/1", "II/1/1.1",
                                            "II/1/1.2", "II/2", "III", "III/1", "III/2"]
    assert doc.meta.number_symbol == "08-KH/ĐU" and doc.meta.date == "2024-11-12"


def test_flattened_titles_in_sentence_case_end_where_the_body_opens():
    """Flattened, a title in sentence case runs into its body; the body opens with a
    capital that starts no name, follows no committee ("Huyện ủy Nghệ An") and no
    honorific ("đồng chí Bí thư")."""
    flat = (FLAT_SOURCE.split("I. ")[0].replace("\n", " ")
            + "I. NỘI DUNG 1. Đối với tập thể Kiểm điểm làm rõ kết quả lãnh đạo năm 2024. "
            "2. Tiêu chí xếp loại Thực hiện theo Hướng dẫn của Ban Tổ chức Huyện ủy Nghệ "
            "An. 3. Đảng viên nộp bản kiểm điểm cho đồng chí Bí thư chi bộ trước ngày "
            "30/11/2024. 4. Đối với Ban Thường vụ Huyện ủy Nghệ An Kiểm điểm thêm về công "
            "tác cán bộ. 5. Đối tượng kiểm điểm Ban Thường vụ Đảng ủy xã; chi ủy các chi bộ. "
            "II. TỔ CHỨC THỰC HIỆN 1. Các chi bộ thực hiện.")
    titles = {s.id: s.title for s in vbparser.parse(flat).sections}
    assert titles["I/1"] == "Đối với tập thể"
    assert titles["I/2"] == "Tiêu chí xếp loại"
    assert titles["I/3"] is None  # a numbered task, its Bí thư no sentence start
    assert titles["I/4"] is None  # after a place name a capital may go on the name: no guess
    assert titles["I/5"] == "Đối tượng kiểm điểm"  # a part's name, then a body's


def test_unflatten_leaves_ordinary_text_alone_and_keeps_offsets():
    out, mapping = unflatten(FLAT_SOURCE)
    assert out == FLAT_SOURCE and not is_flat(FLAT_SOURCE)
    flat = " ".join(FLAT_SOURCE.split("\n"))
    out, mapping = unflatten(flat)
    assert len(out) == len(flat) and "\n" in out
    assert all(a == b or (a == "\n" and b == " ") for a, b in zip(out, flat, strict=True))
    assert [mapping.to_source(i) for i in range(len(out) + 1)] == list(range(len(flat) + 1))
    assert normalize(normalize(flat)[0])[0] == normalize(flat)[0]


def test_unflatten_does_not_split_references_and_amounts():
    flat = ("I. NỘI DUNG 1. Đối tượng quy định tại điểm 1.1, mục 1 phần II và mục a) trên đây, "
            "mức 2.5 triệu đồng, ngày 15/10/2023. 2. Thời gian hoàn thành. ") * 4
    lines = unflatten(flat)[0].split("\n")
    assert all("điểm 1.1, mục 1" in line for line in lines if "điểm" in line)
    assert not any(line.startswith(("1.1", "a)", "2.5", "15/10")) for line in lines)


# ---------------------------------------------------------------------- data files


def test_section_markers_data():
    data = load_data("section_markers")
    assert data["roles"] and set(data["roles"]) <= {r.value for r in SectionRole}
    letters = data["letters"]
    assert len(letters) == len(set(letters)) and set(data["optional_letters"]) <= set(letters)
    for key in ("max_title_chars", "max_inline_title_chars", "max_inline_title_words",
                "max_colon_title_chars", "max_colon_title_words", "min_caps_title_words"):
        assert isinstance(data["heading"][key], int)
    assert data["references"]["words"] and data["closing"]["signature_marks"]
    assert set(data["closing"]["purposes"]) <= {"report", "action"}
    text = (Path(vbparser.__file__).parent / "data" / "section_markers.yaml").read_text(
        encoding="utf-8")
    assert text.startswith("# source:")


# -------------------------------------------------------------------------- seeds


@pytest.mark.seeds
def test_seed_sections_f1(shared):
    for gold, doc in seed_documents(shared, flat=False):
        assert_well_formed(doc)
        score = score_sections(gold["sections"], doc)
        assert score.f1 >= 0.97, (gold["source"], score.to_dict())


@pytest.mark.seeds
def test_seed_flattened_top_two_levels_f1(shared):
    for gold, doc in seed_documents(shared, flat=True):
        assert_well_formed(doc)
        top_gold = [s for s in gold["sections"] if len(s["path"]) <= 2]
        top_doc = replace(doc, sections=tuple(s for s in doc.sections if s.depth <= 2))
        top = score_sections(top_gold, top_doc)
        assert top.f1 >= 0.85, (gold["source"], top.to_dict())
        assert score_sections(gold["sections"], doc).f1 >= 0.85, gold["source"]


@pytest.mark.seeds
def test_seed_cross_references_resolve_to_the_gold_sections(shared):
    for gold, doc in seed_documents(shared, flat=False):
        ids = {tuple(s.path): s.id for s in doc.sections}
        wanted = {ids[tuple(s["refers_to"])] for s in gold.get("subjects", [])
                  if s.get("refers_to")}
        found = {r.target for r in find_references(doc)}
        assert wanted <= found, gold["source"]
