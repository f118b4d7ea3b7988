"""Metadata (issue 3): header, issuer and level, signature, recipients.

Cases live in tests/cases/metadata/*.yaml; the seeds are scored with vbparser's own
evaluator: every meta field in the gold right, on the text and on the flattened text
(number/symbol and date).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import vbparser
from tests.conftest import seed_documents
from vbparser.data import load as load_data
from vbparser.evaluate import _pred_meta, score_meta
from vbparser.extract.bodies import body_level, find_bodies, level_index
from vbparser.extract.closing import find_recipients
from vbparser.extract.issuer import _SENTENCE_START, _nearest_above, _sentence_start
from vbparser.model import Level, Signer
from vbparser.normalize.fold import folded, key
from vbparser.patterns import OCR_DIGITS

CASES = Path(__file__).parent / "cases" / "metadata"


def _cases(name: str) -> list:
    cases = yaml.safe_load((CASES / name).read_text(encoding="utf-8"))
    return [pytest.param(c, id=c["name"]) for c in cases]


def _same(expected, actual) -> bool:
    if isinstance(expected, str) and isinstance(actual, str):
        return key(expected) == key(actual)
    return expected == (actual.value if hasattr(actual, "value") else actual)


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


_OCR_NUMBER = re.compile(r"^[\dlIO]+")


def _span_errors(doc: vbparser.Document) -> list[str]:
    """Why the spans of ``doc.meta`` do not hold the values they locate (empty: they do).

    Text is compared with white space collapsed and, for names, tone marks and case
    folded; the number-symbol without its spaces ("09 -KH/ĐU"); the type either as its
    line ("KẾ HOẠCH"), as the symbol's code ("KH") or, for a letter, as its "V/v".
    """
    meta, text, spans = doc.meta, doc.text, doc.meta.spans
    errors = []

    def at(span: tuple[int, int]) -> str:
        return " ".join(text[span[0]:span[1]].split())

    values = {"doc_type": meta.doc_type, "number_symbol": meta.number_symbol,
              "place": meta.place, "date": meta.date, "title": meta.title}
    for name, value in values.items():
        span = getattr(spans, name)
        if (value is None) != (span is None):
            errors.append(f"{name}: value {value!r}, span {span}")
        elif span is not None and not {
            "doc_type": lambda v, g: key(g) == key(v) or g.isupper() and len(g) <= 4 or (
                v == "Công văn" and key(g) == "v/v"),  # a letter's "V/v" line
            "number_symbol": lambda v, g: _OCR_NUMBER.sub(  # "2l-KH/ĐU" read as 21
                lambda m: m.group().translate(OCR_DIGITS), g.replace(" ", "")) == v,
            "place": lambda v, g: g == v,
            "date": lambda v, g: v[:4] in g and str(int(v[8:])) in g,
            "title": lambda v, g: g == v,
        }[name](value, at(span)):
            errors.append(f"{name}: {value!r} at {at(span)!r}")
    issuer = meta.issuer  # named there, maybe in another form ("Đảng bộ xã X": Đảng ủy)
    said = key(at(issuer.span)).split() if issuer.span else []
    if (issuer.name is None) != (issuer.span is None) or said and 2 * len(
            set(said) & set(key(issuer.name or "").split())) < len(set(said)):
        errors.append(f"issuer: {issuer.name!r} at {issuer.span and at(issuer.span)!r}")
    signer = meta.signer
    if signer and signer.name and (signer.span is None or key(at(signer.span)) != key(
            signer.name)):
        errors.append(f"signer: {signer.name!r} at {signer.span and at(signer.span)!r}")
    return errors


@pytest.mark.parametrize("case", _cases("headers.yaml"))
def test_header_and_issuer(case):
    doc = vbparser.parse(case["text"])
    assert not _span_errors(doc)
    meta = doc.meta
    for name, expected in case["meta"].items():
        if name == "issuer":
            for field, value in expected.items():
                actual = getattr(meta.issuer, field)
                assert _same(value, actual), (field, value, actual)
        else:
            actual = getattr(meta, name)
            assert _same(expected, actual), (name, expected, actual)
    for field, value in case.get("exact", {}).items():
        assert getattr(meta.issuer, field) == value


@pytest.mark.parametrize("case", _cases("closing.yaml"))
def test_signature_and_recipients(case):
    doc = vbparser.parse(case["text"])
    if "signer" in case:
        signer = doc.meta.signer
        assert signer is not None
        assert [signer.authority, signer.position, signer.name] == case["signer"]
    if "recipients" in case:
        level = Level(case["issuer_level"])
        recipients = find_recipients(doc.text, _lines(doc.text), level)
        got = [[r.name, r.purpose.value if r.purpose else None] for r in recipients]
        assert got == [[n, p] for n, p in case["recipients"]]
        for r in recipients:
            assert doc.text[r.span[0]:r.span[1]] == r.name or key(r.name) == key(
                " ".join(doc.text[r.span[0]:r.span[1]].split()))
    if "parsed_recipients" in case:  # through the whole pipeline (columns split there)
        got = [[r.name, r.purpose.value if r.purpose else None] for r in doc.meta.recipients]
        assert got == [[n, p] for n, p in case["parsed_recipients"]]


def test_meta_spans_locate_each_field():
    text = ("TỈNH ỦY BẮC SƠN\nBAN TỔ CHỨC\n*\nSố 09 -HD/BTCTU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
            "Bắc Sơn, ngày 5 tháng 11 năm 2023\nHƯỚNG DẪN\nkiểm điểm, đánh giá\n"
            "năm 2023\n-----\nI. YÊU CẦU\n1. Đúng.\nNơi nhận:\n- Lưu VP.\n"
            "T/M BAN TỔ CHỨC\nTRƯỞNG BAN\n(đã ký)\nLê Văn Tâm")
    doc = vbparser.parse(text)
    meta, spans = doc.meta, doc.meta.spans

    def at(span):
        return doc.text[span[0]:span[1]]

    assert (meta.number_symbol, at(spans.number_symbol)) == ("09-HD/BTCTU", "09 -HD/BTCTU")
    assert (at(spans.doc_type), at(spans.place)) == ("HƯỚNG DẪN", "Bắc Sơn")
    assert at(spans.date) == "ngày 5 tháng 11 năm 2023"
    assert at(spans.title) == meta.title == "kiểm điểm, đánh giá năm 2023"
    assert meta.issuer.name == "Ban Tổ chức Tỉnh ủy Bắc Sơn"
    assert at(meta.issuer.span) == "TỈNH ỦY BẮC SƠN\nBAN TỔ CHỨC"  # body and organ lines
    assert at(meta.signer.span) == "Lê Văn Tâm"
    assert not _span_errors(doc)


def test_issuer_span_leaves_out_a_motto_between_body_and_organ():
    doc = vbparser.parse("HUYỆN ỦY NAM ĐÀN      ĐẢNG CỘNG SẢN VIỆT NAM\nBAN TỔ CHỨC\n"
                         "Số 3-KH/BTCHU\nKẾ HOẠCH\nkiểm điểm năm 2023\nI. MỤC ĐÍCH")
    start, end = doc.meta.issuer.span
    assert doc.meta.issuer.name == "Ban Tổ chức Huyện ủy Nam Đàn"
    assert doc.text[start:end] == "HUYỆN ỦY NAM ĐÀN"


def test_issuer_read_in_the_header_takes_the_case_the_sentence_writes_it_in():
    doc = vbparser.parse("ĐẢNG BỘ XÃ TÂN BÀN\nCHI BỘ TRƯỜNG TIỂU HỌC\nTÂN BÀN\n*\n"
                         "Số 10-KH/CB\nKẾ HOẠCH\nkiểm điểm năm 2024\n-----\n"
                         "Thực hiện Kế hoạch của Đảng ủy xã, Chi bộ Trường Tiểu học Tân Bàn "
                         "xây dựng Kế hoạch như sau:\nI. MỤC ĐÍCH\n1. Đánh giá đúng.")
    issuer = doc.meta.issuer
    assert issuer.name == "Chi bộ Trường Tiểu học Tân Bàn"  # not "Tiểu Học"
    assert doc.text[slice(*issuer.span)] == "CHI BỘ TRƯỜNG TIỂU HỌC\nTÂN BÀN"  # wrapped cell


def test_meta_spans_of_a_type_named_only_by_the_symbol_or_the_issuing_verb():
    by_code = vbparser.parse("Số 21-KH/ĐU\nI. NỘI DUNG\n1. Các chi bộ thực hiện.")
    assert by_code.meta.doc_type == "Kế hoạch"
    assert by_code.text[slice(*by_code.meta.spans.doc_type)] == "KH"
    by_verb = vbparser.parse("Thực hiện Hướng dẫn số 21-HD/BTCTW, Đảng ủy xã An Phú ban hành "
                             "Kế hoạch như sau:\nI. NỘI DUNG\n1. Các chi bộ thực hiện.")
    assert by_verb.meta.doc_type == "Kế hoạch"
    assert by_verb.text[slice(*by_verb.meta.spans.doc_type)] == "Kế hoạch"


def test_meta_spans_in_the_corpus_documents():
    paths = sorted(Path(__file__).parent.parent.glob("corpora/campaign_*/docs/*.*"))
    assert len(paths) > 40
    errors = {p.name: e for p in paths if (e := _span_errors(vbparser.parse(p)))}
    assert not errors


def _signed(signer: Signer | None) -> tuple[str | None, str | None, str | None] | None:
    """A signer's authority, position and name, to compare at once."""
    return None if signer is None else (signer.authority, signer.position, signer.name)


def test_signer_name_set_alone_under_the_recipients_is_the_right_column():
    """A text dump of a two-column closing: the name sits under the last recipient, with
    nothing in the left column beside it."""
    text = ("I. TỔ CHỨC THỰC HIỆN\n1. Các chi bộ thực hiện.\n\n"
            "Nơi nhận:                                T/M CHI BỘ\n"
            "- Đảng ủy xã Hiệp An (để báo cáo);      BÍ THƯ\n"
            "- Đảng viên trong chi bộ;\n- Lưu Chi bộ.\n\n"
            "                                         Đào Văn Nhung\n")
    meta = vbparser.parse(text).meta
    assert _signed(meta.signer) == ("T/M CHI BỘ", "BÍ THƯ", "Đào Văn Nhung")
    assert [r.name for r in meta.recipients] == [
        "Đảng ủy xã Hiệp An", "Đảng viên trong chi bộ", "Lưu Chi bộ"]


_FLAT_BODY = (  # a flattened plan (at least 300 characters: unflatten.MIN_FLAT_LENGTH)
    "ĐẢNG BỘ XÃ NGỌC AN CHI BỘ THÔN ĐÔNG * Số 05-KH/CB ĐẢNG CỘNG SẢN VIỆT NAM Ngọc An, ngày "
    "18 tháng 11 năm 2025 KẾ HOẠCH kiểm điểm, đánh giá, xếp loại chất lượng năm 2025 I. MỤC "
    "ĐÍCH 1. Đánh giá đúng kết quả thực hiện nhiệm vụ năm 2025 của chi bộ và của từng đảng "
    "viên. II. TỔ CHỨC THỰC HIỆN 1. Đảng viên viết bản tự kiểm điểm trước ngày 06/12/2025. "
    "2. Hội nghị kiểm điểm của chi bộ vào ngày 11/12/2025./. ")


def test_flattened_two_column_closing_is_read_column_by_column():
    """Flattened row after row: each right cell follows a wide gap and runs to the next
    recipient bullet."""
    text = (_FLAT_BODY + "Nơi nhận:        T/M CHI BỘ - Đảng ủy xã Ngọc An (để báo cáo);"
            "        BÍ THƯ - Đảng viên trong chi bộ;        (Đã ký) - Lưu Chi bộ."
            "        Phạm Minh Đức")
    meta = vbparser.parse(text).meta
    assert _signed(meta.signer) == ("T/M CHI BỘ", "BÍ THƯ", "Phạm Minh Đức")
    assert [r.name for r in meta.recipients] == [
        "Đảng ủy xã Ngọc An", "Đảng viên trong chi bộ", "Lưu Chi bộ"]


def test_flattened_one_column_signature_keeps_its_lines_together():
    """Wide gaps with no recipient after them are line breaks the flattening lost."""
    text = (_FLAT_BODY + "Nơi nhận: - Đảng ủy xã Ngọc An; - Lưu VP.        T/M ĐẢNG ỦY"
            "        PHÓ BÍ THƯ        Lê Văn An")
    signer = vbparser.parse(text).meta.signer
    assert _signed(signer) == ("T/M ĐẢNG ỦY", "PHÓ BÍ THƯ", "Lê Văn An")


def test_recipient_spans_in_a_parsed_document():
    text = ("I. TỔ CHỨC THỰC HIỆN\n1. Các chi bộ thực hiện.\nNơi nhận:\n"
            "- Ban Tổ chức Huyện ủy (b/c);\n- Lưu VP.\nBÍ THƯ\nĐỗ Văn Nam")
    doc = vbparser.parse(text)
    assert [(r.name, r.purpose) for r in doc.meta.recipients] == [
        ("Ban Tổ chức Huyện ủy", "report"), ("Lưu VP", "archive")]
    for r in doc.meta.recipients:
        assert doc.text[r.span[0]:r.span[1]] == r.name


@pytest.mark.parametrize("bullet", ["•", "*", "+", "-"])
def test_recipient_bullets_are_not_part_of_the_name(bullet):
    text = ("I. TỔ CHỨC THỰC HIỆN\n1. Các chi bộ thực hiện.\nNơi nhận:\n"
            f"{bullet} Ban Tổ chức Huyện ủy (b/c);\n{bullet} Lưu VP.\nBÍ THƯ\nĐỗ Văn Nam")
    doc = vbparser.parse(text)
    assert [(r.name, r.purpose) for r in doc.meta.recipients] == [
        ("Ban Tổ chức Huyện ủy", "report"), ("Lưu VP", "archive")]


def test_a_type_line_misread_by_ocr_still_gives_the_type_and_title():
    """A scan's type line with a misread mark ("HƯỚNG DÂN" for "HƯỚNG DẪN"): a line in
    capitals that is a type name but for its marks heads the title, as the type."""
    text = ("BAN TỔ CHỨC TỈNH ỦY\nSố 04-HD/BTCTU\nHà Nam, ngày 14 tháng 11 năm 2025\n"
            "HƯỚNG DÂN\nkiểm điểm, đánh giá, xếp loại chất lượng năm 2025\n"
            "Thực hiện Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị.")
    meta = vbparser.parse(text).meta
    assert (meta.doc_type, meta.title, meta.year) == (
        "Hướng dẫn", "kiểm điểm, đánh giá, xếp loại chất lượng năm 2025", 2025)
    a, b = meta.spans.doc_type
    assert text[a:b] == "HƯỚNG DÂN"
    # a line that is no type name even without its marks is no type line
    other = vbparser.parse(text.replace("HƯỚNG DÂN", "HƯỚNG DƯƠNG")).meta
    assert other.title is None or other.title != meta.title


def test_unknown_fields_are_null():
    meta = vbparser.parse("I. NỘI DUNG\n1. Các đơn vị thực hiện.").meta
    assert (meta.doc_type, meta.number_symbol, meta.date, meta.place, meta.title,
            meta.year, meta.signer, meta.recipients) == (None,) * 7 + ((),)
    assert meta.issuer.name is None and meta.issuer.level is None
    codes = {w.code for w in vbparser.parse("I. NỘI DUNG\n1. Các đơn vị.").warnings}
    assert {"VB301", "VB302", "VB303"} <= codes


def test_level_is_not_inferred_from_an_ambiguous_code():
    meta = vbparser.parse("Số 21-KH/TU\nKẾ HOẠCH\nkiểm điểm năm 2024\nI. NỘI DUNG").meta
    assert meta.issuer.code == "TU" and meta.issuer.level is None
    meta = vbparser.parse("Số 21-KH/HU\nKẾ HOẠCH\nkiểm điểm năm 2024\nI. NỘI DUNG").meta
    assert meta.issuer.level == Level.DISTRICT


@pytest.mark.parametrize("name, date, upper, level", [
    ("Tỉnh ủy Bắc Sơn", None, None, "province"),
    ("Huyện ủy Yên Hà", "2025-06-30", None, "district"),
    ("Huyện ủy Yên Hà", "2025-07-01", None, None),
    ("Đảng ủy xã Tân Lập", None, None, "commune"),
    ("Đảng ủy phường Tân An", None, None, "commune"),
    ("Đảng ủy đặc khu Cát Hải", None, None, "commune"),
    ("Chi bộ Thôn Đông", None, "commune", "branch"),
    ("Chi bộ Trường Trung học phổ thông", None, "district", "commune"),
    ("Thành ủy Cần Thơ", None, None, "province"),
    ("Thành ủy Long Giang", None, "province", "district"),
    ("Thành ủy Long Giang", "2025-09-01", None, "province"),
    ("Thành ủy Long Giang", None, None, None),
    ("Đảng ủy Khối các cơ quan tỉnh", None, None, "district"),
    ("Đảng ủy Khối các cơ quan tỉnh", "2025-08-01", None, None),
    # a committee of an agency or enterprise: the rung below the body above it
    ("ĐẢNG ỦY CÔNG TY CỔ PHẦN MAY SÔNG LAM", None, "district", "commune"),
    ("ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TỈNH", "2024-11-18", "province", "district"),
    ("ĐẢNG ỦY CÁC CƠ QUAN ĐẢNG TỈNH", "2025-11-18", "province", "province"),
    ("ĐẢNG ỦY BỆNH VIỆN ĐA KHOA", None, "commune", "branch"),
    ("Đảng ủy", None, None, None),
    ("Ủy ban nhân dân xã Tân Lập", None, None, "commune"),
    ("UBND tỉnh Bắc Sơn", None, None, "province"),
])
def test_body_levels(name, date, upper, level):
    body = find_bodies(name)[0]
    found = body_level(body, date, Level(upper) if upper else None)
    assert (found.value if found else None) == level


def test_admin_levels_data():
    data = load_data("admin_levels")
    levels = data["levels"]
    assert levels == [lv.value for lv in Level]
    for body in data["bodies"]:
        assert body["words"] == body["words"].lower() and body["display"]
        assert body["level"] is None or body["level"] in levels
    words = [b["words"] for b in data["bodies"]]
    assert len(words) == len(set(words))
    assert all(lv in levels for lv in data["codes"].values())
    assert "TU" not in data["codes"] and "ĐU" not in data["codes"]
    text = (Path(vbparser.__file__).parent / "data" / "admin_levels.yaml").read_text(
        encoding="utf-8")
    assert text.startswith("# source:")


_HEADER = ("ĐẢNG BỘ HUYỆN ĐẠI TỪ ĐẢNG CỘNG SẢN VIỆT NAM\nĐẢNG ỦY XÃ LA BẰNG\n"
           "Căn cứ Kế hoạch số 12-KH/HU của Ban Thường vụ Huyện uỷ Đại Từ; Sở Nội vụ.\n"
           "Nơi nhận:\n- Thường trực Huyện ủy Yên Hà (b/c),\n-  Chi bộ Thôn 1,\n- Lưu VP.")


def test_bodies_found_on_the_shared_fold():
    """Slicing the document's fold finds the bodies folding each slice finds."""
    fold = folded(_HEADER)
    spans = [(0, len(_HEADER))] + [m.span() for m in re.finditer(r"[^\n]+", _HEADER)]
    for start, end in spans:
        assert find_bodies(_HEADER, start, end, fold=fold) == find_bodies(_HEADER, start, end)


@pytest.mark.parametrize("text", [_HEADER, "a.\n\n  b. c", "\n x", "  \nA.  B", "x\n", ". \nA"])
def test_sentence_start_scans_back_to_a_line(text):
    for end in range(len(text) + 1):
        starts = [m.end() for m in _SENTENCE_START.finditer(text, 0, end)]
        assert _sentence_start(text, end) == (starts[-1] if starts else 0), end


@pytest.mark.parametrize("patterns", ["bodies", "organs", "issuing"])
def test_phrase_tries_match_as_the_alternations(patterns):
    """The trie patterns find what the longest-first alternations find, wherever a phrase
    or a prefix of it stands: alone, inside a word, before a longer phrase's next word."""
    from vbparser.patterns import (
        body_patterns,
        body_scan_patterns,
        issuing_pattern,
        issuing_scan_pattern,
        organ_pattern,
        organ_scan_pattern,
    )

    old, new = {"bodies": (body_patterns()[0], body_scan_patterns()[0]),
                "organs": (organ_pattern()[0], organ_scan_pattern()[0]),
                "issuing": (issuing_pattern(), issuing_scan_pattern())}[patterns]
    phrases = ["ủy ban nhân dân tỉnh", "đảng ủy xã", "đảng bộ cơ sở", "chi bộ", "huyện ủy",
               "ban thường vụ", "ban tuyên giáo và dân vận", "ban hành kế hoạch"]
    words = [w for p in phrases for w in p.split()]
    texts = [f"{a}{sep}{b}" for a in phrases + words for b in phrases + words + ["x", ""]
             for sep in (" ", "  ", "\n", "x", ", ")]
    for text in texts + [f"x{p}" for p in phrases] + [folded(_HEADER)]:
        assert ([(m.span(), m.groupdict()) for m in old.finditer(text)]
                == [(m.span(), m.groupdict()) for m in new.finditer(text)]), text


def test_start_only_bodies_open_a_line_or_a_clause():
    text = "- Sở Nội vụ; cơ sở Y, Sở Tư pháp\n  + Bộ Công an; các bộ, ngành"
    assert [(b.name, text[b.span[0]:b.span[1]]) for b in find_bodies(text)] == [
        ("Sở Nội vụ", "Sở Nội vụ"), ("Sở Tư pháp", "Sở Tư pháp"),
        ("Bộ Công an", "Bộ Công an")]


def test_nearest_body_above_stops_at_the_closest_with_its_place():
    bodies = [b for name in ("Tỉnh ủy", "Huyện ủy", "Huyện ủy Yên Hà", "Huyện ủy Đại Từ")
              for b in find_bodies(name)]
    level = find_bodies("Đảng ủy xã X")[0]
    mine = level_index(body_level(level, "2024-01-01"))
    found = _nearest_above(iter(bodies), mine, "2024-01-01")
    assert found is not None and found.name == "Huyện ủy Yên Hà"
    assert _nearest_above(bodies[:2], mine, "2024-01-01").name == "Huyện ủy"
    assert _nearest_above(bodies[:1], mine, "2024-01-01").name == "Tỉnh ủy"
    assert _nearest_above([], mine, None) is None


# -------------------------------------------------------------------------- seeds


@pytest.mark.seeds
def test_seed_meta_every_field_right(shared):
    for gold, doc in seed_documents(shared, flat=False):
        assert not _span_errors(doc), gold["source"]
        score = score_meta(gold["meta"], doc)
        wrong = {k: v for k, v in score.extra.items() if v[0] < v[1]}
        assert not wrong, (gold["source"], wrong, _pred_meta(doc))
        assert score.tp == score.expected == score.predicted, gold["source"]


@pytest.mark.seeds
def test_seed_flattened_number_symbol_and_date(shared):
    for gold, doc in seed_documents(shared, flat=True):
        assert not _span_errors(doc), gold["source"]
        assert doc.meta.number_symbol == gold["meta"]["number_symbol"], gold["source"]
        assert doc.meta.date == gold["meta"]["date"], gold["source"]


@pytest.mark.parametrize("blank", ["ngày     tháng 11 năm 2025", "ngày ... tháng 11 năm 2025",
                                   "ngày …… tháng 11 năm 2025"])
def test_a_day_left_blank_keeps_the_place_and_says_so(blank: str) -> None:
    """A copy published before it was numbered and dated leaves the number and the day
    blank; the place is still read (it was lost with the date), and the warning says
    the date's day is blank rather than that there is no date line."""
    text = ("TỈNH ỦY BẮC SƠN\n*\nSố      -KH/TU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
            f"Bắc Sơn, {blank}\nKẾ HOẠCH\nkiểm điểm, đánh giá năm 2025\n"
            "I. YÊU CẦU\n1. Đúng.\nNơi nhận:\n- Lưu VP.\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nLê Văn Tâm")
    doc = vbparser.parse(text)
    meta = doc.meta
    assert (meta.place, meta.date, meta.number_symbol, meta.symbol) == (
        "Bắc Sơn", None, None, "KH/TU")
    assert doc.text[slice(*meta.spans.place)] == "Bắc Sơn" and meta.spans.date is None
    (warning,) = doc.warnings
    assert (warning.code, warning.message) == (
        "VB302", "no issue date was found: the day is left blank (11/2025)")


def test_text_saved_from_word_with_its_typography_and_tabbed_tables():
    """A plan saved from Word as text: CRLF, the header and the closing as tab-separated
    table rows (the signer's name in a row whose left cell is empty), the Icelandic Ð for
    Đ, a non-breaking hyphen and an en dash inside symbols, the type name letter-spaced."""
    lines = [
        "ĐẢNG BỘ TỈNH HẠC NAM\tÐẢNG CỘNG SẢN VIỆT NAM",
        "ĐẢNG ỦY XÃ TÂY LÃM\t",
        "*\tTây Lãm, ngày 12 tháng 11 năm 2026",
        "Số 21–KH/ÐU\t",
        "K Ế H O Ạ C H",
        "kiểm điểm, đánh giá, xếp loại chất lượng năm 2026",
        ("Căn cứ Quy định số 366-QÐ/TW ngày 30/8/2025 của Bộ Chính trị; Nghị định số "
         "90/2020/NĐ\u2011CP ngày 13/8/2020 của Chính phủ; Hướng dẫn số 14–HD/BTCTU ngày "
         "29/10/2026 của Ban Tổ chức Tỉnh ủy,"),
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Các chi bộ hoàn thành kiểm điểm trước ngày 15/12/2026.",
        "Nơi nhận:\tT/M BAN THƯỜNG VỤ",
        "- Ban Thường vụ Tỉnh ủy (b/c),\tPHÓ BÍ THƯ",
        "- Các chi bộ trực thuộc (t/h),\t",
        "- Lưu Văn phòng Đảng ủy.\t",
        "\tVương Thị Khuê Ngân", ""]
    text = "\r\n".join(lines)
    doc = vbparser.parse(text)
    meta = doc.meta
    assert not _span_errors(doc)
    assert (meta.doc_type, meta.number_symbol) == ("Kế hoạch", "21-KH/ĐU")
    assert meta.title == "kiểm điểm, đánh giá, xếp loại chất lượng năm 2026"
    assert [r.full_id for r in doc.legal_refs] == ["366-QĐ/TW", "90/2020/NĐ-CP", "14-HD/BTCTU"]
    signer = meta.signer
    assert signer is not None
    assert _signed(signer) == ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Vương Thị Khuê Ngân")
    assert [r.name for r in meta.recipients][-1] == "Lưu Văn phòng Đảng ủy"


def test_a_wrapped_recipient_leaves_out_the_signer_set_beside_it():
    """A text dump of a two-column closing: the signer's name stands beside a recipient
    that wraps to the next line, and the wrapped part carries the purpose."""
    text = ("I. TỔ CHỨC THỰC HIỆN\n1. Các huyện ủy thực hiện.\n\n"
            "Nơi nhận:                                     T/M BAN THƯỜNG VỤ\n"
            "- Ban Tổ chức Trung ương (b/c),               PHÓ BÍ THƯ\n"
            "- Các huyện ủy, thành ủy trực thuộc          Đinh Quang Thiều\n"
            "  Tỉnh ủy (thực hiện),\n"
            "- Lưu Văn phòng Tỉnh ủy.\n")
    meta = vbparser.parse(text).meta
    assert meta.signer.name == "Đinh Quang Thiều"
    assert [(r.name, r.purpose.value if r.purpose else None) for r in meta.recipients] == [
        ("Ban Tổ chức Trung ương", "report"),
        ("Các huyện ủy, thành ủy trực thuộc Tỉnh ủy", "action"),
        ("Lưu Văn phòng Tỉnh ủy", "archive")]


def test_the_forms_after_the_closing_lend_it_neither_signature_nor_recipients():
    """A plan followed by the blank forms it sends (a report outline with its own "Nơi
    nhận" and signature captions): the plan's closing ends where the first form starts."""
    text = ("ĐẢNG BỘ TỈNH ĐOAN HÀ\nĐẢNG ỦY XÃ KHÊ AN\n*\nSố 36-KH/ĐU\n"
            "ĐẢNG CỘNG SẢN VIỆT NAM\nKhê An, ngày 18 tháng 11 năm 2025\nKẾ HOẠCH\n"
            "kiểm điểm năm 2025\nI. TỔ CHỨC THỰC HIỆN\n1. Các chi bộ thực hiện.\n"
            "Nơi nhận:\n- Ban Tổ chức Tỉnh ủy (b/c),\n- Các chi bộ trực thuộc,\n"
            "- Lưu Văn phòng Đảng ủy.\nT/M ĐẢNG ỦY\nPHÓ BÍ THƯ\nĐinh Thị Hường\n"
            "Mẫu 01\n(Kèm theo Kế hoạch số 36-KH/ĐU của Đảng ủy xã Khê An)\n"
            "CHI BỘ ……………\nBÁO CÁO KIỂM ĐIỂM TẬP THỂ CHI BỘ NĂM 2025\n"
            "I. ĐẶC ĐIỂM, TÌNH HÌNH\n……………………………\nNơi nhận:\n- Đảng ủy xã,\n- Lưu chi bộ.\n"
            "T/M CHI ỦY (CHI BỘ)\nBÍ THƯ\n(Ký, ghi rõ họ tên)\n")
    meta = vbparser.parse(text).meta
    assert _signed(meta.signer) == ("T/M ĐẢNG ỦY", "PHÓ BÍ THƯ", "Đinh Thị Hường")
    assert meta.issuer.name == "Đảng ủy xã Khê An"
    assert [r.name for r in meta.recipients] == [
        "Ban Tổ chức Tỉnh ủy", "Các chi bộ trực thuộc", "Lưu Văn phòng Đảng ủy"]


def test_a_joint_plan_gives_its_joint_number_and_the_signature_on_the_right():
    """A Kế hoạch liên tịch: the issuers' codes joined in the symbol, two signatures side
    by side above "Nơi nhận", the lead body's on the right."""
    text = ("HUYỆN ỦY LINH AN                         UBND HUYỆN LINH AN\n"
            "  BAN TỔ CHỨC                              PHÒNG NỘI VỤ\n"
            "Số 11-KHLT/BTCHU-PNV\nĐẢNG CỘNG SẢN VIỆT NAM\n"
            "Linh An, ngày 26 tháng 11 năm 2024\nKẾ HOẠCH LIÊN TỊCH\n"
            "phối hợp kiểm điểm, đánh giá, xếp loại chất lượng năm 2024\n"
            "I- TỔ CHỨC THỰC HIỆN\n1. Hai cơ quan phối hợp thực hiện./.\n\n"
            "   PHÒNG NỘI VỤ HUYỆN                     BAN TỔ CHỨC HUYỆN ỦY\n"
            "     TRƯỞNG PHÒNG                             K/T TRƯỞNG BAN\n"
            "                                              PHÓ TRƯỞNG BAN\n\n"
            "    Hoàng Minh Đức                            Vi Thị Lan\n\n"
            "Nơi nhận:\n- Thường trực Huyện ủy (b/c),\n- Lưu BTCHU, PNV.\n")
    meta = vbparser.parse(text).meta
    assert (meta.number, meta.symbol) == ("11", "KHLT/BTCHU-PNV")
    assert _signed(meta.signer) == ("K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "Vi Thị Lan")


def test_a_title_ends_at_a_rule_drawn_with_horizontal_bars():
    """Word's horizontal bar (U+2015) under a Quyết định's title is a rule: the line of
    the issuing body after it is no part of the title."""
    text = ("ỦY BAN NHÂN DÂN\nHUYỆN SƠN AN\n―――――\nSố: 2317/QĐ-UBND\n"
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Sơn An, ngày 18 tháng 11 năm 2024\nQUYẾT ĐỊNH\n"
            "Về việc ban hành Kế hoạch đánh giá, xếp loại chất lượng năm 2024\n―――――\n"
            "ỦY BAN NHÂN DÂN HUYỆN SƠN AN\nCăn cứ Luật Cán bộ, công chức;\n"
            "QUYẾT ĐỊNH:\nĐiều 1. Ban hành kèm theo Quyết định này Kế hoạch.\n")
    assert vbparser.parse(text).meta.title == (
        "Về việc ban hành Kế hoạch đánh giá, xếp loại chất lượng năm 2024")
