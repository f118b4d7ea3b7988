"""Encodings: UTF-8/16, BOM, Windows-1258, TCVN3 and VNI detected and converted."""

from __future__ import annotations

import unicodedata

import pytest

import vbparser
from vbparser.loaders.encoding import (
    decode,
    decode_tcvn3,
    decode_vni,
    encode_tcvn3,
    encode_vni,
    is_syllable,
)

# TCVN3 fonts hold no capital toned letters inside mixed-case words: old documents write
# "Uỷ ban" (tone on y), and headings in all capitals.
PLAN_TCVN3 = (
    "ĐẢNG BỘ HUYỆN SƠN NGUYÊN\nĐẢNG ỦY XÃ HÒA LẠC\n*\nSố 07-KH/ĐU\n"
    "KẾ HOẠCH\nkiểm điểm, đánh giá, xếp loại chất lượng năm 2022\n"
    "Đảng ủy xã ban hành kế hoạch như sau: các chi bộ hoàn thành việc kiểm điểm "
    "trước ngày 15/12/2022; Uỷ ban nhân dân xã đánh giá cán bộ, công chức, viên chức."
)
PLAN_VNI = (
    "ĐẢNG ỦY XÃ BÌNH THUẬN\nKẾ HOẠCH\nỦy ban nhân dân xã hướng dẫn đánh giá, xếp loại "
    "chất lượng cán bộ; Ban Thường vụ Đảng ủy quyết định xếp loại trước ngày 20/12/2024. "
    "Người đứng đầu chịu trách nhiệm; Ứng Hòa, Ư, Ơ, ưỡn, ướt, thuở, khuya, quyết."
)


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: precomposed base letters, combining tone marks."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def test_tcvn3_round_trip_to_unicode():
    data = encode_tcvn3(PLAN_TCVN3)
    decoded = decode(data)
    assert decoded.encoding == "TCVN3"
    assert decoded.text == PLAN_TCVN3


def test_tcvn3_known_mojibake():
    # "Uû ban nh©n d©n" is how TCVN3 bytes look when read as Latin-1.
    assert decode_tcvn3("Uû ban nh©n d©n x·".encode("latin-1")) == "Uỷ ban nhân dân xã"


def test_tcvn3_caps_heading_from_lowercase_codes():
    # .VnTimeH headings store capitals with the lowercase codes.
    assert decode_tcvn3("KÕ HO¹CH".encode("latin-1")) == "KẾ HOẠCH"


def test_vni_round_trip_to_unicode():
    data = encode_vni(PLAN_VNI)
    decoded = decode(data)
    assert decoded.encoding == "VNI"
    assert decoded.text == PLAN_VNI


def test_vni_known_bytes():
    assert decode_vni("Vieät Nam, Ñaûng uûy".encode("latin-1")) == "Việt Nam, Đảng ủy"


def test_cp1258_detected():
    decoded = decode(_cp1258(PLAN_VNI))
    assert decoded.encoding == "cp1258"
    assert unicodedata.normalize("NFC", decoded.text) == PLAN_VNI


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings(encoding):
    data = PLAN_VNI.encode(encoding)
    decoded = decode(data)
    assert decoded.text == PLAN_VNI
    assert not decoded.legacy


def test_legacy_inside_utf8_is_converted_with_warning(tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_text(encode_tcvn3(PLAN_TCVN3).decode("cp1252"), encoding="utf-8")
    doc = vbparser.load(path)
    assert "Uỷ ban nhân dân xã" in doc.text
    assert [w.code for w in doc.warnings] == ["VB102"]
    assert "TCVN3" in doc.warnings[0].message


@pytest.mark.parametrize("encoder,name", [(encode_tcvn3, "TCVN3"), (encode_vni, "VNI")])
def test_parse_warns_naming_the_encoding(tmp_path, encoder, name):
    path = tmp_path / "old.txt"
    path.write_bytes(encoder(PLAN_TCVN3 if name == "TCVN3" else PLAN_VNI))
    doc = vbparser.parse(path)
    assert doc.source.encoding == name
    assert any(w.code == "VB101" and name in w.message for w in doc.warnings)


def test_syllable_check_tells_mojibake():
    assert all(is_syllable(w) for w in ["nghiêng", "Đảng", "khuya", "quyết", "Uỷ", "thuở"])
    assert not any(is_syllable(w) for w in ["kieồm", "ủieồm", "nhaõn", "Ơa"])
