"""Invariants every extractor keeps: spans index Document.text and map back to the source.

Run over the real seeds, the project's corpus and a document written here, so a new
extractor is held to them without writing anything.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

import vbparser
from vbparser.normalize import normalize
from vbparser.normalize.fold import key

REPO = Path(__file__).resolve().parent.parent
WRITTEN = """ĐẢNG BỘ TỈNH HÀ NGUYÊN
ĐẢNG ỦY XÃ AN PHÚ
*
Số 21-KH/ĐU
ĐẢNG CỘNG SẢN VIỆT NAM
An Phú, ngày 18 tháng 11 năm 2025
KẾ HOẠCH
kiểm điểm, đánh giá, xếp loại chất lượng
đối với tổ chức đảng, đảng viên năm 2025
-----
Thực hiện Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị; Hướng dẫn số 43-HD/BTCTW
ngày 31/10/2025 của Ban Tổ chức Trung ương, Đảng ủy xã An Phú ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Đánh giá đúng thực chất.
II. NỘI DUNG
1. Đối tượng kiểm điểm
- Ban Thường vụ Đảng ủy xã; chi ủy các chi bộ trực thuộc.
- Đảng viên trong Đảng bộ xã (trừ đảng viên được miễn công tác và sinh hoạt đảng).
III. TIẾN ĐỘ THỰC HIỆN
1. Các chi bộ hoàn thành kiểm điểm trước ngày 10/12/2025.
2. Đảng ủy xã xem xét, quyết định xếp loại xong trước ngày 20/12/2025.
Nơi nhận:
- Ban Tổ chức Tỉnh ủy,
- Lưu Văn phòng Đảng ủy.
T/M ĐẢNG ỦY
BÍ THƯ
Trần Văn An
"""


def _documents() -> list[vbparser.Document]:
    from tests.conftest import shared_dir

    paths = sorted((shared_dir() / "seeds").glob("*.txt"))
    paths += sorted(REPO.glob("corpora/*/docs/*.txt"))[:30]
    return [vbparser.parse(WRITTEN)] + [vbparser.parse(p) for p in paths]


DOCS = _documents()
IDS = [d.source.path or "written" for d in DOCS]


def _spans(doc: vbparser.Document):
    for s in doc.sections:
        yield "section", s.span, None
    for r in doc.legal_refs:
        for m in r.mentions:
            yield "legal_ref", tuple(m), None
    for d in doc.deadlines:
        yield "deadline", d.span, d.expr
    for s in doc.subjects:
        yield "subject", s.span, s.text
    for w in doc.warnings:
        if w.span is not None:
            yield "warning", w.span, None
    for r in doc.meta.recipients:
        if r.span is not None:
            yield "recipient", r.span, r.name
    meta = doc.meta
    for name in ("doc_type", "number_symbol", "place", "date", "title"):
        span = getattr(meta.spans, name)
        if span is not None:
            yield f"meta.{name}", span, meta.place if name == "place" else None
    if meta.issuer.span is not None:
        yield "issuer", meta.issuer.span, None
    if meta.signer is not None and meta.signer.span is not None:
        yield "signer", meta.signer.span, meta.signer.name


@pytest.mark.parametrize("doc", DOCS, ids=IDS)
def test_spans_index_the_text(doc):
    n = len(doc.text)
    for kind, (start, end), text in _spans(doc):
        assert 0 <= start < end <= n, (kind, start, end)
        if text is not None:
            assert key(text) in key(doc.text[start:end]), (kind, text, doc.text[start:end])


@pytest.mark.parametrize("doc", DOCS, ids=IDS)
def test_spans_map_back_to_the_source(doc):
    for kind, span, _ in _spans(doc):
        start, end = doc.source_span(span)
        assert 0 <= start <= end <= len(doc.source_text), kind
        original = doc.source_text[start:end]
        # Normalising the source slice gives back the span's words. Punctuation is left
        # out: a markdown "*...*" pair may straddle the slice and stay unpaired in it.
        again = normalize(original)[0]
        assert _words(again) == _words(doc.text[span[0]:span[1]]), (kind, original)


def _words(text: str) -> str:
    return re.sub(r"[\W_]+", "", key(text))


@pytest.mark.parametrize("doc", DOCS, ids=IDS)
def test_sections_start_at_their_label_and_nest(doc):
    ids = {s.id: s for s in doc.sections}
    for s in doc.sections:
        assert doc.text[s.span[0]:].startswith(s.label) or s.label in doc.text[
            s.span[0]:s.span[0] + len(s.label) + 8], s
        if s.parent is not None:
            parent = ids[s.parent]
            assert parent.span[0] <= s.span[0] and s.span[1] <= parent.span[1], (s, parent)
            assert tuple(s.path[:-1]) == tuple(parent.path)


@pytest.mark.parametrize("doc", DOCS, ids=IDS)
def test_text_is_nfc(doc):
    assert unicodedata.is_normalized("NFC", doc.text)


def test_each_impossible_date_is_reported_once():
    doc = vbparser.parse(
        "KẾ HOẠCH\nkiểm điểm năm 2023\nThực hiện Quy định số 12-QĐ/TW ngày 31/11/2022 của "
        "Bộ Chính trị, Đảng ủy xã ban hành Kế hoạch như sau:\nI. TIẾN ĐỘ\n"
        "1. Các chi bộ hoàn thành trước ngày 29/02/2023.")
    spans = [w.span for w in doc.warnings if w.code == "VB501"]
    assert len(spans) == 2
    texts = [doc.text[s:e] for s, e in spans]
    assert any("31/11/2022" in t for t in texts) and any("29/02/2023" in t for t in texts)
