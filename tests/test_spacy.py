"""vbparser.to_spacy: a plan as a spaCy Doc with its extractions (issue 11).

What is asserted about the text of a span, and why: ``to_spacy`` builds every span with
``char_span(..., alignment_mode="expand")``, so a span always *contains* the characters
the extractor reported (an extractor boundary inside a token widens the span to the whole
token). With the default ``rules`` tokenizer every extractor boundary of the project's
corpus falls on a token boundary (``benchmarks/spacy_tokenizers.py``), so on the corpus
the tests demand *equality*: each span's characters are exactly the extractor's, and its
text is the text the extractor reported (a deadline's ``expr``, a subject's ``text``, a
cited document's mention). Containment alone is tested on a tokenizer that splits only at
whitespace.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest
from spacy import displacy

import vbparser
from vbparser.errors import ConfigError
from vbparser.research.spacy_doc import (
    DISPLACY_OPTIONS,
    LABELS,
    blank_vietnamese,
    entity_spans,
    issuer_span,
    to_spacy,
)

REPO = Path(__file__).resolve().parent.parent
PATHS = sorted(p for p in (REPO / "corpora").glob("campaign_*/docs/*") if p.is_file())


@pytest.fixture(scope="module")
def parsed() -> dict[str, vbparser.Document]:
    return {p.name: vbparser.parse(p) for p in PATHS}


def _reported(doc: vbparser.Document, ref: str) -> str:
    """The text the extractor reported for the entity ``ref`` ("deadlines/3")."""
    collection, _, index = ref.partition("/")
    if collection == "deadlines":
        return doc.deadlines[int(index)].expr
    if collection == "subjects":
        return doc.subjects[int(index)].text
    raise AssertionError(ref)


@pytest.mark.parametrize("name", [p.name for p in PATHS])
def test_every_span_is_exactly_what_the_extractor_reported(
        parsed: dict[str, vbparser.Document], name: str) -> None:
    doc = parsed[name]
    sdoc = vbparser.to_spacy(doc)
    assert sdoc.text == doc.text
    wanted = entity_spans(doc)
    group = list(sdoc.spans["vbparser"])
    assert len(group) == len(wanted)
    for span, item in zip(group, wanted, strict=True):
        assert (span.label_, span.id_) == (item.label, item.ref)
        assert (span.start_char, span.end_char) == (item.start, item.end)
        if item.label in ("DEADLINE", "SUBJECT"):
            assert span.text == _reported(doc, item.ref)
        elif item.label == "LEGAL_REF":
            ref = doc.legal_refs[int(item.ref.split("/")[1])]
            assert (item.start, item.end) in ref.mentions
            assert span.kb_id_ == (ref.full_id or "")
        else:  # ISSUER: where the metadata extractor read the issuer's name
            assert (item.start, item.end) == doc.meta.issuer.span


@pytest.mark.parametrize("name", [p.name for p in PATHS])
def test_entities_and_sections(parsed: dict[str, vbparser.Document], name: str) -> None:
    doc = parsed[name]
    sdoc = vbparser.to_spacy(doc)
    ents = list(sdoc.ents)
    assert {e.label_ for e in ents} <= set(LABELS)
    assert all(a.end <= b.start for a, b in pairwise(ents))  # no overlaps
    group = {(s.start, s.end, s.label_) for s in sdoc.spans["vbparser"]}
    assert {(e.start, e.end, e.label_) for e in ents} <= group
    for span in sdoc.spans["vbparser"]:  # a span left out of ents overlaps a longer one
        if (span.start, span.end, span.label_) not in {(e.start, e.end, e.label_) for e in ents}:
            assert any(e.start < span.end and span.start < e.end and len(e) >= len(span)
                       for e in ents)
    sections = list(sdoc.spans["sections"])
    assert [s.kb_id_ for s in sections] == [s.id for s in doc.sections]
    assert [s.label_ for s in sections] == [str(s.role or "other") for s in doc.sections]
    assert [(s.start_char, s.end_char) for s in sections] == [s.span for s in doc.sections]
    assert "ISSUER" in {e.label_ for e in ents} or doc.meta.issuer.name is None


def test_overlaps_prefer_the_longer_then_the_earlier_span(
        parsed: dict[str, vbparser.Document]) -> None:
    doc = parsed["a05_danguy_quangkhe.txt"]
    deadline = doc.deadlines[0]
    start, end = deadline.span
    # A subject that covers the deadline and one word before it, and one that starts
    # inside it: the covering one is longer and wins; both stay in spans["vbparser"].
    wider = replace(doc.subjects[0], span=(start - 5, end), text=doc.text[start - 5:end])
    inner = replace(doc.subjects[0], span=(start + 3, end), text=doc.text[start + 3:end])
    changed = replace(doc, subjects=(wider, inner))
    sdoc = to_spacy(changed)
    ents = {(e.start_char, e.end_char, e.label_) for e in sdoc.ents}
    assert any(lab == "SUBJECT" and s <= start - 5 and e == end for s, e, lab in ents)
    assert (start, end, "DEADLINE") not in ents
    kept = [(s.label_, s.id_) for s in sdoc.spans["vbparser"]]
    assert ("DEADLINE", "deadlines/0") in kept and ("SUBJECT", "subjects/1") in kept
    assert [(e.start, e.end) for e in to_spacy(changed).ents] == [
        (e.start, e.end) for e in sdoc.ents]  # the same choice every time


def test_displacy_renders_the_entities(parsed: dict[str, vbparser.Document]) -> None:
    sdoc = vbparser.to_spacy(parsed["a05_danguy_quangkhe.txt"])
    html = displacy.render(sdoc, style="ent", jupyter=False, options=DISPLACY_OPTIONS)
    for label in LABELS:
        assert label in html
    spans = displacy.render(sdoc, style="span", jupyter=False,
                            options={"spans_key": "sections"})
    assert "purpose" in spans


def test_expand_contains_the_reported_text_when_a_boundary_falls_inside_a_token() -> None:
    doc = vbparser.parse("KẾ HOẠCH\nI. TỔ CHỨC THỰC HIỆN\n"
                         "1. Chi bộ gửi báo cáo về Đảng ủy xã đến ngày 09/12/2025./.")
    [deadline] = doc.deadlines
    sdoc = to_spacy(doc, tokenizer="whitespace")  # "09/12/2025./." is one token there
    span = next(s for s in sdoc.spans["vbparser"] if s.label_ == "DEADLINE")
    assert deadline.expr in span.text and span.text != deadline.expr
    assert span.start_char <= deadline.span[0] and span.end_char >= deadline.span[1]
    rules = to_spacy(doc)  # keep the Doc alive while its spans are read
    exact = next(s for s in rules.spans["vbparser"] if s.label_ == "DEADLINE")
    assert exact.text == deadline.expr  # the default tokenizer splits "./." off


def test_issuer_span_is_the_extracted_span() -> None:
    doc = vbparser.parse("ĐẢNG BỘ XÃ AN BÌNH\nCHI BỘ THÔN ĐÔNG\n*\nSố 05-KH/CB\n"
                         "KẾ HOẠCH\nkiểm điểm năm 2023\nI. MỤC ĐÍCH\n1. Chi bộ thôn Đông.")
    start, end = issuer_span(doc) or (0, 0)
    assert doc.text[start:end] == "CHI BỘ THÔN ĐÔNG"
    assert issuer_span(replace(doc, meta=replace(doc.meta, issuer=vbparser.Issuer()))) is None


def test_blank_pipelines_need_no_download() -> None:
    nlp = blank_vietnamese()
    assert nlp.lang == "vi" and nlp.pipe_names == []
    words = [t.text for t in nlp("Quy định số 124-QĐ/TW, ngày 04/10/2023./.")]
    assert words[-2:] == ["04/10/2023", "./."] and "," in words
    text = "Thực hiện Quy định số 124-QĐ/TW của Bộ Chính trị.\nĐảng ủy xã ban hành"
    assert blank_vietnamese("underthesea")(text).text == text
    assert blank_vietnamese("whitespace")(text).text == text
    with pytest.raises(ConfigError, match="rules"):
        blank_vietnamese("nope")


def test_pyvi_tokenizer_when_installed() -> None:
    pytest.importorskip("pyvi")
    text = "Thực hiện Quy định số 124-QĐ/TW của Bộ Chính trị."
    assert blank_vietnamese("pyvi")(text).text == text


def test_user_data_links_back_to_the_document(parsed: dict[str, vbparser.Document]) -> None:
    doc = parsed["a05_danguy_quangkhe.txt"]
    data = vbparser.to_spacy(doc).user_data["vbparser"]
    assert data["doc_id"] == doc.source.sha256[:16]
    assert data["meta"]["number_symbol"] == doc.meta.number_symbol
